-- Stable JSON text, written by hand for what a generic encoder (cjson)
-- gets wrong here: numbers (counts print as integers on every Lua, never
-- "1.0" or "1e+15"; integers are exact), empty tables that must print as
-- `[]` (a decoded `[]` is an empty Lua table), and a stable key order;
-- "/" is not escaped.  Output that reads like the API's own (encode's
-- defaults: the API's key order and maps of counts largest first, from
-- api/key_order.lua, loaded on first use): the command's formats, the
-- ledger, the store.  Request bodies are request_json.lua's (what a call
-- loads); quote and number are its, the same text.  Lua 5.1-5.4 common subset.
--
--   w.encode(value [, opts])  -> text          opts below, at M.encode
--   w.quote(s)                -> "text"
--   w.number(n)               integers as integers, others in the fewest digits
--   w.count_keys(map)         keys of a map of counts, largest count first
--   w.item_fields()           the fields of an anchors item, in the documented order
local M = {}

local concat = table.concat
local body = require "dataforseo.request_json"
local quote, number, key_text, ARRAY_KEYS = body.quote, body.number, body.key_text, body.ARRAY_KEYS
M.quote, M.number = quote, number

-- A copy of the anchors item's field names in order (callers may change theirs).
function M.item_fields()
    local copy = {}
    for i, k in ipairs(require("dataforseo.api.key_order").ITEM_FIELDS) do copy[i] = k end
    return copy
end

local function is_array(t)
    local n = #t
    if n == 0 then return false end
    local count = 0
    for _ in pairs(t) do count = count + 1 end
    return count == n
end

-- The keys of a map of counts, largest count first, ties by key.
function M.count_keys(map)
    local keys = {}
    for k in pairs(map) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b)
        local ca, cb = map[a], map[b]
        if type(ca) == "number" and type(cb) == "number" and ca ~= cb then return ca > cb end
        return key_text(a) < key_text(b)
    end)
    return keys
end

local function sorted_keys(t, parent, o)
    if o.count_maps[parent] then return M.count_keys(t) end
    local keys, strings = {}, true
    for k in pairs(t) do
        keys[#keys + 1] = k
        if type(k) ~= "string" then strings = false end
    end
    local order = o.order
    if strings and next(order) == nil then      -- request bodies: plain sorted names
        table.sort(keys)
        return keys
    end
    table.sort(keys, function(a, b)
        local ra, rb = order[a], order[b]
        if ra and rb then return ra < rb end
        if ra or rb then return ra ~= nil end
        return key_text(a) < key_text(b)
    end)
    return keys
end

local encode

local function encode_table(t, out, parent, in_array, o, depth)
    local nl, pad, inner, indent = "", "", "", o.indent
    if indent then
        nl = "\n"
        pad = indent:rep(depth)
        inner = indent:rep(depth + 1)
    end
    if next(t) == nil then
        out[#out + 1] = o.empty_array(parent, depth, in_array) and "[]" or "{}"
    elseif is_array(t) then
        out[#out + 1] = "["
        for i = 1, #t do
            out[#out + 1] = (i > 1 and "," or "") .. nl .. inner
            encode(t[i], out, parent, true, o, depth + 1)
        end
        out[#out + 1] = nl .. pad .. "]"
    else
        out[#out + 1] = "{"
        for i, k in ipairs(sorted_keys(t, parent, o)) do
            out[#out + 1] = (i > 1 and "," or "") .. nl .. inner
            out[#out + 1] = quote(key_text(k))
            out[#out + 1] = indent and ": " or ":"
            encode(t[k], out, k, false, o, depth + 1)
        end
        out[#out + 1] = nl .. pad .. "}"
    end
end

function encode(v, out, parent, in_array, o, depth)
    local tv = type(v)
    if tv == "string" then
        out[#out + 1] = quote(v)
    elseif tv == "number" then
        out[#out + 1] = o.number(v)
    elseif tv == "boolean" then
        out[#out + 1] = v and "true" or "false"
    elseif tv == "table" then
        if depth > o.max_depth then
            error("json_writer: nested more than " .. o.max_depth .. " levels (a cycle?)", 0)
        end
        encode_table(v, out, parent, in_array, o, depth)
    else
        -- nil, and the JSON null sentinel (light userdata)
        out[#out + 1] = "null"
    end
end

local function array_key(key) return ARRAY_KEYS[key] end

-- opts (all optional):
--   key          the key the value sits under (an element of an array sits
--                under its array's key); decides [] vs {} and map order
--   indent       a string to pretty-print with
--   order        key -> rank: ranked keys first, by rank; others sorted
--                (default: the API's order, api/key_order.lua; {}: all sorted)
--   empty_array  function(key, depth, in_array) -> true when an empty table
--                there is [] (default: the keys the API holds arrays under)
--   count_maps   keys whose maps are written largest count first
--                (default: api/key_order.lua's; {}: none)
--   number       the number formatter (M.number)
--   max_depth    deeper tables raise an error (100)
local function options(opts)
    local api = (opts.order == nil or opts.count_maps == nil) and require("dataforseo.api.key_order")
    return {
        indent = opts.indent,
        order = opts.order or api.ORDER,
        empty_array = opts.empty_array or array_key,
        count_maps = opts.count_maps or api.COUNT_MAPS,
        number = opts.number or number,
        max_depth = opts.max_depth or 100,
    }
end

function M.encode(v, opts)
    opts = opts or {}
    local out = {}
    encode(v, out, opts.key, false, options(opts), 0)
    return concat(out)
end

return M
