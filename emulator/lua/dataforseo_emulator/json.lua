-- JSON text as the emulator writes it, for what lua-cjson does not do:
-- keys in a chosen order, an empty table written as [] where an array is
-- meant, numbers in the fewest digits that read back (0.1, not
-- 0.10000000000000001; counts never as 1.0 or 1e+15), "/" unescaped.
-- Values that come from a request are echoed as they were decoded.
--
--   json.quote(s)          -> "text"
--   json.number(n)         -> text (NaN and infinities as null)
--   json.encode(v, opts)   -> text
--     opts.first           key -> rank: ranked keys first, then the rest sorted
--     opts.empty_array     function(key, depth, in_array) -> true: an empty
--                          table there is [] (default: only inside arrays)
local M = {}

local format, concat, floor, huge = string.format, table.concat, math.floor, math.huge
local mtype = math.type

local ESCAPES = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
    ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
local function escape_char(c)
    return ESCAPES[c] or format("\\u%04x", c:byte())
end

local NEEDS_ESCAPE = '[%z\1-\31"\\\127]'
function M.quote(s)
    if not s:find(NEEDS_ESCAPE) then return '"' .. s .. '"' end   -- most text: no copy through gsub
    return '"' .. s:gsub(NEEDS_ESCAPE, escape_char) .. '"'
end
local quote = M.quote

function M.number(n)
    if n ~= n or n == huge or n == -huge then return "null" end
    if mtype and mtype(n) == "integer" then return format("%d", n) end
    if n == floor(n) and n > -2 ^ 53 and n < 2 ^ 53 then return format("%d", n) end
    for digits = 15, 17 do
        local s = format("%." .. digits .. "g", n)
        if tonumber(s) == n then return s end
    end
    return format("%.17g", n)
end
local number = M.number

local function key_text(k)
    if type(k) == "number" then return number(k) end
    return tostring(k)
end

local function is_array(t)
    local n = #t
    if n == 0 then return false end
    local count = 0
    for _ in pairs(t) do count = count + 1 end
    return count == n
end

local function in_array_only(_, _, in_array) return in_array end

local encode

local function encode_table(t, out, key, in_array, o, depth)
    if next(t) == nil then
        out[#out + 1] = o.empty_array(key, depth, in_array) and "[]" or "{}"
    elseif is_array(t) then
        out[#out + 1] = "["
        for i = 1, #t do
            if i > 1 then out[#out + 1] = "," end
            encode(t[i], out, key, true, o, depth + 1)
        end
        out[#out + 1] = "]"
    else
        local keys = {}
        for k in pairs(t) do keys[#keys + 1] = k end
        local first = o.first
        table.sort(keys, function(a, b)
            local ra, rb = first[a], first[b]
            if ra and rb then return ra < rb end
            if ra or rb then return ra ~= nil end
            return key_text(a) < key_text(b)
        end)
        out[#out + 1] = "{"
        for i, k in ipairs(keys) do
            if i > 1 then out[#out + 1] = "," end
            out[#out + 1] = quote(key_text(k))
            out[#out + 1] = ":"
            encode(t[k], out, k, false, o, depth + 1)
        end
        out[#out + 1] = "}"
    end
end

function encode(v, out, key, in_array, o, depth)
    local tv = type(v)
    if tv == "string" then
        out[#out + 1] = quote(v)
    elseif tv == "number" then
        out[#out + 1] = number(v)
    elseif tv == "boolean" then
        out[#out + 1] = v and "true" or "false"
    elseif tv == "table" then
        encode_table(v, out, key, in_array, o, depth)
    else
        out[#out + 1] = "null"   -- the JSON null sentinel (light userdata)
    end
end

function M.encode(v, opts)
    opts = opts or {}
    local o = { first = opts.first or {}, empty_array = opts.empty_array or in_array_only }
    local out = {}
    encode(v, out, nil, false, o, 0)
    return concat(out)
end

return M
