-- Stable JSON text, written by hand for what a generic encoder (cjson)
-- gets wrong here: numbers (counts print as integers on every Lua, never
-- "1.0" or "1e+15"; integers are exact), empty tables that must print as
-- `[]` (a decoded `[]` is an empty Lua table), and a stable key order;
-- "/" is not escaped.  Two users: request bodies (request_body: checked,
-- keys sorted; this is what a call loads) and output that reads like the
-- API's own (encode's defaults: the API's key order and maps of counts
-- largest first, from api/key_order.lua, loaded on first use).  Lua 5.1-5.4
-- common subset; request bodies go through the C core's write_body when
-- the core is loaded (the same text), and run without it inside nginx.
--
--   w.encode(value [, opts])  -> text          opts below, at M.encode
--   w.check(value)            -> nil | problem   (what a body may hold, below)
--   w.check_field(name, value) -> nil | problem     (one field of a task)
--   w.request_body(tasks [, { checked = true }]) -> text | nil, problem
--   w.quote(s)                -> "text"
--   w.number(n)               integers as integers, others in the fewest digits
--   w.count_keys(map)         keys of a map of counts, largest count first
--   w.item_fields()           the fields of an anchors item, in the documented order
local M = {}

local format, concat, sort, find = string.format, table.concat, table.sort, string.find
local floor, huge = math.floor, math.huge
local mtype = math.type
local json = require "dataforseo.json"
-- The JSON null sentinel: the NULL light userdata (json.null, cjson.null, ngx.null).
local null = json.null
-- The C core's request-body writer (src/json.c), where the core is loaded:
-- the same text as body_text below, in a fifth of the instructions.
local write_body = json.write_body

-- A copy of the anchors item's field names in order (callers may change theirs).
function M.item_fields()
    local copy = {}
    for i, k in ipairs(require("dataforseo.api.key_order").ITEM_FIELDS) do copy[i] = k end
    return copy
end

-- Keys whose empty value is an empty array, not an empty object.
local ARRAY_KEYS = { tasks = true, result = true, items = true, path = true, filters = true,
    order_by = true, backlinks_filters = true, targets = true, exclude_targets = true }

local ESCAPES = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
    ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
local function escape_char(c)
    return ESCAPES[c] or format("\\u%04x", c:byte())
end

function M.quote(s)
    if not find(s, '[%z\1-\31"\\]') then return '"' .. s .. '"' end
    return '"' .. s:gsub('[%z\1-\31"\\]', escape_char) .. '"'
end
local quote = M.quote

-- Integers as integers (also a LuaJIT double holding one); other numbers in
-- the fewest digits that read back the same; NaN and infinities as null.
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

local function is_array(t)
    local n = #t
    if n == 0 then return false end
    local count = 0
    for _ in pairs(t) do count = count + 1 end
    return count == n
end

local function key_text(k)
    if type(k) == "number" then return number(k) end
    return tostring(k)
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

-- What a body may hold: strings valid UTF-8, numbers finite, tables
-- arrays or string-keyed objects (no cycles, at most MAX_BODY_DEPTH deep),
-- no functions.  check(value) -> nil, or problem { field, value, reason,
-- message } naming the path of the first bad value from the task's field
-- (value is a task, or the array of tasks of a body).
-- The path of the value at stack[1..n] (keys from the top): "[1].filters[3][2]".
local function path_of(stack, n)
    local parts = {}
    for i = 1, n do
        local k = stack[i]
        parts[i] = type(k) == "number" and ("[" .. k .. "]") or ((i > 1 and "." or "") .. k)
    end
    return concat(parts)
end

local function problem_at(stack, n, value, reason, rule)
    local path = path_of(stack, n)
    local field = path:match("^%[%d+%]%.([^%.%[]+)") or path:match("^([^%.%[]+)") or path
    local shown = path:gsub("^%[%d+%]%.", "")
    return { field = field, value = value, reason = reason, message = shown .. ": " .. rule }
end

-- As deep as a decoder accepts (the API's and lua-cjson's limit is 1000).
local MAX_BODY_DEPTH = 999

-- UTF-8 is checked by text.valid, loaded only for a string that is not
-- plain ASCII (most strings sent are).
local function utf8_problem(s)
    if not find(s, "[\128-\255]") then return nil end
    local text = require "dataforseo.query.text"
    local ok, at = text.valid(s)
    if not ok then return text.show(s) .. " is not valid UTF-8 (bad byte at " .. at .. ")" end
end

-- stack[1..depth] holds the keys down to v (the path is built only for a
-- problem); open: the tables being walked (a cycle comes back to one).
local function walk(v, stack, depth, open)
    local tv = type(v)
    if tv == "string" then
        local bad = utf8_problem(v)
        if bad then return problem_at(stack, depth, v, "format", bad) end
    elseif tv == "number" then
        if v ~= v or v == huge or v == -huge then
            return problem_at(stack, depth, v, "type", tostring(v) .. " is not a finite number")
        end
    elseif tv == "table" then
        if open[v] then return problem_at(stack, depth, v, "type", "contains itself (a cycle)") end
        if depth > MAX_BODY_DEPTH then
            return problem_at(stack, depth, v, "type", "nested more than " .. MAX_BODY_DEPTH .. " levels")
        end
        local n, count = #v, 0
        for k in pairs(v) do
            count = count + 1
            if type(k) == "string" then
                if utf8_problem(k) then
                    return problem_at(stack, depth, k, "format", "has a key that is not valid UTF-8")
                end
            elseif not (type(k) == "number" and k >= 1 and k <= n and k == floor(k)) then
                return problem_at(stack, depth, v, "type", "mixes array items and named keys (or has holes)")
            end
        end
        if n > 0 and count ~= n then
            return problem_at(stack, depth, v, "type", "mixes array items and named keys (or has holes)")
        end
        open[v] = true
        for k, x in pairs(v) do
            stack[depth + 1] = k
            local p = walk(x, stack, depth + 1, open)
            if p then return p end
        end
        open[v] = nil
    elseif tv ~= "boolean" and not (tv == "userdata" and v == null) then
        return problem_at(stack, depth, v, "type", "a " .. tv .. " cannot be sent as JSON")
    end
    return nil
end

function M.check(value)
    return walk(value, {}, 0, {})
end

-- The value at the path `name` (a task's field): nil, or the problem, as
-- check(task) would name it.  Validation checks field by field with it.
function M.check_field(name, value)
    return walk(value, { name }, 1, {})
end

-- Request bodies are written by a compact writer of their own: no indent,
-- no key order but sorted names, no count maps (what encode's options
-- would otherwise be asked about at every value), each table's text built
-- in one concat.  The same text as encode(tasks, BODY options) would give,
-- and as the C core's write_body (spec/json_writer_spec.lua holds the
-- two to it), which writes what it can: this one is for the rest, and
-- for nginx without the core.
local body_text

local function body_object(t, depth)
    local keys, n, strings = {}, 0, true
    for k in pairs(t) do
        n = n + 1
        keys[n] = k
        if type(k) ~= "string" then strings = false end
    end
    if n > 1 then
        if strings then sort(keys) else sort(keys, function(a, b) return key_text(a) < key_text(b) end) end
    end
    local parts = {}
    for i = 1, n do
        local k = keys[i]
        local v = t[k]
        local tv = type(v)
        -- strings and numbers inline: a task's fields mostly are
        parts[i] = quote(strings and k or key_text(k)) .. ":" .. (tv == "string" and quote(v)
            or (tv == "number" and number(v)) or body_text(v, k, depth))
    end
    return "{" .. concat(parts, ",") .. "}"
end

function body_text(v, parent, depth)
    local tv = type(v)
    if tv == "string" then return quote(v) end
    if tv == "number" then return number(v) end
    if tv == "boolean" then return v and "true" or "false" end
    if tv ~= "table" then return "null" end       -- the JSON null sentinel
    if depth > MAX_BODY_DEPTH then
        error("json_writer: nested more than " .. MAX_BODY_DEPTH .. " levels (a cycle?)", 0)
    end
    if next(v) == nil then return ARRAY_KEYS[parent] and "[]" or "{}" end
    local n = #v
    if n > 0 then
        local count = 0
        for _ in pairs(v) do count = count + 1 end
        if count == n then
            local parts = {}
            for i = 1, n do parts[i] = body_text(v[i], parent, depth + 1) end
            return "[" .. concat(parts, ",") .. "]"
        end
    end
    return body_object(v, depth + 1)
end

-- A request body (an array of tasks) -> text | nil, problem.  opts.checked:
-- the tasks come from a validating endpoint.task, which ran check already;
-- the body is only written.  Integers are exact; keys are sorted.
function M.request_body(tasks, opts)
    if not (opts and opts.checked) then
        local p = M.check(tasks)
        if p then return nil, p end
    end
    return write_body and write_body(tasks, ARRAY_KEYS) or body_text(tasks, nil, 0)
end

return M
