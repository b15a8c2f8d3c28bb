-- UTF-8 text helpers shared by validation, the regex engine and the filter
-- evaluator: decoding, strict validity, character counts, simple case folding
-- and word characters.  Pure Lua, 5.1-5.4 common subset.
local byte, char, sub, gsub, lower, find =
        string.byte, string.char, string.sub, string.gsub, string.lower, string.find
local floor = math.floor

local text = {}

text.REPLACEMENT = 0xFFFD

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

-- Simple one-to-one case pairs: ASCII, Latin-1, Latin Extended-A, Greek and
-- Cyrillic.  That covers the anchors seen in practice without Unicode tables.
local to_lower, to_upper = {}, {}
local function pair(up, lo) to_lower[up] = lo; to_upper[lo] = up end
for cp = 0x41, 0x5A do pair(cp, cp + 32) end
for cp = 0xC0, 0xDE do if cp ~= 0xD7 then pair(cp, cp + 32) end end
for cp = 0x100, 0x12F, 2 do pair(cp, cp + 1) end
for cp = 0x132, 0x137, 2 do pair(cp, cp + 1) end
for cp = 0x139, 0x148, 2 do pair(cp, cp + 1) end
for cp = 0x14A, 0x177, 2 do pair(cp, cp + 1) end
pair(0x178, 0xFF)
for cp = 0x179, 0x17E, 2 do pair(cp, cp + 1) end
for cp = 0x391, 0x3A9 do if cp ~= 0x3A2 then pair(cp, cp + 32) end end
for cp = 0x400, 0x40F do pair(cp, cp + 80) end
for cp = 0x410, 0x42F do pair(cp, cp + 32) end

-- All code points equal to cp when case is ignored (cp itself first).
function text.case_variants(cp)
    local v = { cp }
    local lo, up = to_lower[cp], to_upper[cp]
    if lo then v[2] = lo end
    if up then v[#v + 1] = up end
    if cp == 0x3A3 or cp == 0x3C3 or cp == 0x3C2 then  -- sigma has two lower forms
        v = { cp }
        for _, s in ipairs({ 0x3A3, 0x3C3, 0x3C2 }) do if s ~= cp then v[#v + 1] = s end end
    end
    return v
end

function text.lower_cp(cp) return to_lower[cp] or cp end

-- Lower-case every 2-byte sequence we know through one gsub with a table.
local lower_seq = {}
for up, lo in pairs(to_lower) do
    if up >= 0x80 then lower_seq[text.encode(up)] = text.encode(lo) end
end

-- Case-folded copy of s (ASCII via string.lower, the rest via the pairs
-- above).  Only strings with non-ASCII bytes pay for the second pass.
function text.lower(s)
    s = lower(s)
    if find(s, "[\195-\211]") then s = gsub(s, "[\195-\211][\128-\191]", lower_seq) end
    return s
end

-- Word characters for full-text `match`: ASCII letters and digits, and every
-- non-ASCII code point except the common punctuation, symbols and spaces.
function text.is_word_cp(cp)
    if cp < 0x80 then
        return (cp >= 48 and cp <= 57) or (cp >= 65 and cp <= 90) or (cp >= 97 and cp <= 122)
    end
    if cp <= 0xBF then return cp == 0xAA or cp == 0xB5 or cp == 0xBA end
    if cp == 0xD7 or cp == 0xF7 then return false end
    if cp >= 0x2000 and cp <= 0x2BFF then return false end  -- punctuation, symbols, arrows
    if cp >= 0x3000 and cp <= 0x303F then return false end  -- CJK punctuation
    if cp == 0xFEFF or cp == 0xFFFD then return false end
    return true
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
text.SUGGEST_MAX = 64

-- "Did you mean": the candidate closest to name (ignoring case) when it is
-- close enough to be a likely typo -- at most 2 edits, or half the name for
-- longer names, and never a complete rewrite; nil otherwise (and for names
-- or candidates over SUGGEST_MAX bytes).  candidates: an array of names or
-- a table keyed by name.  Ties go to the alphabetically first, so
-- suggestions are stable.
function text.suggest(name, candidates)
    if type(name) ~= "string" or type(candidates) ~= "table" then return nil end
    if #name > text.SUGGEST_MAX then return nil end
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
        if #c <= text.SUGGEST_MAX then
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
