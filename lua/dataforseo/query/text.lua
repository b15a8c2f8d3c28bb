-- UTF-8 text helpers shared by validation, the regex engine and the filter
-- evaluator: decoding, strict validity, character counts, values as a
-- message shows them, and "did you mean".  Case folding is unicode.lua's.
-- Pure Lua, 5.1-5.4 common subset.
local byte, char, sub, gsub, lower, find, format =
        string.byte, string.char, string.sub, string.gsub, string.lower, string.find, string.format
local floor, huge = math.floor, math.huge

local text = {}

-- Code point at byte i of s and the index after it.  Invalid or truncated
-- sequences decode as U+FFFD and advance one byte, so scanning never stalls.
function text.decode(s, i)
    local c = byte(s, i)
    if c == nil then return nil, i end
    if c < 0x80 then return c, i + 1 end
    local n, cp, min
    if c >= 0xC2 and c <= 0xDF then n, cp, min = 1, c - 0xC0, 0x80
    elseif c >= 0xE0 and c <= 0xEF then n, cp, min = 2, c - 0xE0, 0x800
    elseif c >= 0xF0 and c <= 0xF4 then n, cp, min = 3, c - 0xF0, 0x10000
    else return 0xFFFD, i + 1 end
    for k = 1, n do
        local cc = byte(s, i + k)
        if cc == nil or cc < 0x80 or cc > 0xBF then return 0xFFFD, i + 1 end
        cp = cp * 64 + (cc - 0x80)
    end
    if cp < min or cp > 0x10FFFF or (cp >= 0xD800 and cp <= 0xDFFF) then
        return 0xFFFD, i + 1
    end
    return cp, i + n + 1
end

-- Strict RFC 3629 check: true, or false and the byte position of the first
-- bad sequence (overlongs, surrogates and values above U+10FFFF are bad).
function text.valid(s)
    -- Jump from one non-ASCII byte to the next with a C-level scan: most
    -- strings sent are ASCII, and a byte-by-byte Lua loop showed up first
    -- in the per-call profile.
    local i = find(s, "[\128-\255]")
    while i do
        local cp, j = text.decode(s, i)
        if cp == 0xFFFD and sub(s, i, i + 2) ~= "\239\191\189" then return false, i end
        i = find(s, "[\128-\255]", j)
    end
    return true
end

-- Number of code points (continuation bytes are not counted).
function text.length(s)
    local _, cont = gsub(s, "[\128-\191]", "")
    return #s - cont
end

function text.encode(cp)
    if cp < 0x80 then return char(cp) end
    if cp < 0x800 then
        return char(0xC0 + floor(cp / 64), 0x80 + cp % 64)
    end
    if cp < 0x10000 then
        return char(0xE0 + floor(cp / 4096), 0x80 + floor(cp / 64) % 64, 0x80 + cp % 64)
    end
    return char(0xF0 + floor(cp / 262144), 0x80 + floor(cp / 4096) % 64,
                            0x80 + floor(cp / 64) % 64, 0x80 + cp % 64)
end

-- A value as a message shows it: a string quoted and cut to about 80
-- bytes (never inside a character, and always valid UTF-8: messages end up
-- in JSON), a number exactly as given, a table by its shape, JSON null as
-- null.
function text.show(v)
    local t = type(v)
    if t == "string" then
        if #v > 80 then
            local cut = 77
            while cut > 1 and (byte(v, cut + 1) or 0) >= 0x80 and byte(v, cut + 1) < 0xC0 do
                cut = cut - 1  -- never split a UTF-8 character
            end
            v = sub(v, 1, cut) .. "..."
        end
        v = gsub(format("%q", v), "\\\n", "\\n")
        if not text.valid(v) then
            v = gsub(v, "[\128-\255]", function(c) return "\\" .. byte(c) end)
        end
        return v
    elseif t == "number" then
        -- An integer in full, a float beyond 2^53 in exponent form (never
        -- 300 digits, never maxinteger rounded up).
        if math.type and math.type(v) == "integer" then return format("%d", v) end
        if v % 1 == 0 and v > -2^53 and v < 2^53 then return format("%d", v) end
        if v == v and v ~= huge and v ~= -huge then return format("%.17g", v) end
        return tostring(v)
    elseif t == "table" then
        if next(v) == nil then return "an empty table" end
        local n, count = #v, 0
        for k in pairs(v) do
            count = count + 1
            if type(k) ~= "number" or k < 1 or k > n or k % 1 ~= 0 then return "a table with named keys" end
        end
        if count == n then return "an array of " .. n end
        return "a table with named keys"
    elseif v == nil or t == "userdata" then
        return "null"
    end
    return tostring(v)
end

-- Levenshtein distance of two byte strings, two rows at a time.
function text.distance(a, b)
    local la, lb = #a, #b
    if la == 0 then return lb end
    if lb == 0 then return la end
    local prev, cur = {}, {}
    for j = 0, lb do prev[j] = j end
    for i = 1, la do
        cur[0] = i
        local ca = byte(a, i)
        for j = 1, lb do
            local cost = (ca == byte(b, j)) and 0 or 1
            local v = prev[j] + 1
            if cur[j - 1] + 1 < v then v = cur[j - 1] + 1 end
            if prev[j - 1] + cost < v then v = prev[j - 1] + cost end
            cur[j] = v
        end
        prev, cur = cur, prev
    end
    return prev[lb]
end

-- Names longer than this are not typos of a field or option name: the
-- suggester does not look at them (distance is quadratic in the length).
local SUGGEST_MAX = 64

-- "Did you mean": the candidate closest to name (ignoring case) when it is
-- close enough to be a likely typo -- at most 2 edits, or half the name for
-- longer names, and never a complete rewrite; nil otherwise (and for names
-- or candidates over SUGGEST_MAX bytes).  candidates: an array of names or
-- a table keyed by name.  Ties go to the alphabetically first, so
-- suggestions are stable.
function text.suggest(name, candidates)
    if type(name) ~= "string" or type(candidates) ~= "table" then return nil end
    if #name > SUGGEST_MAX then return nil end
    local list = {}
    if candidates[1] ~= nil then
        for _, c in ipairs(candidates) do
            if type(c) == "string" then list[#list + 1] = c end
        end
    else
        for c in pairs(candidates) do
            if type(c) == "string" then list[#list + 1] = c end
        end
    end
    table.sort(list)
    local lname = lower(name)
    local best, best_d
    for _, c in ipairs(list) do
        if #c <= SUGGEST_MAX then
            local d = text.distance(lname, lower(c))
            if best_d == nil or d < best_d then best, best_d = c, d end
        end
    end
    if best == nil then return nil end
    local limit = math.max(2, floor((#name + 1) / 2))
    if best_d <= limit and best_d < #name then return best end
    return nil
end

return text
