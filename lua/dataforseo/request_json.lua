-- The JSON a request sends: what a body may hold (check, check_field: the
-- task's strings valid UTF-8, numbers finite, no cycles) and its text
-- (request_body: keys sorted, integers exact, [] for the keys the API
-- holds arrays under), through the C core's write_body when the core is
-- loaded (the same text, spec/json_writer_spec.lua), in Lua inside nginx
-- without it.  This is what a call loads; json_writer.lua writes output
-- and builds on quote and number here.  Lua 5.1-5.4 common subset.
--
--   b.check(value)            -> nil | problem   (what a body may hold, below)
--   b.check_field(name, value) -> nil | problem     (one field of a task)
--   b.request_body(tasks [, { checked = true }]) -> text | nil, problem
--   b.quote(s)                -> "text"
--   b.number(n)               integers as integers, others in the fewest digits
--   b.key_text(k)             a table key as JSON object key text
--   b.ARRAY_KEYS              keys whose empty value is [] (not {})
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

-- Keys whose empty value is an empty array, not an empty object.
local ARRAY_KEYS = { tasks = true, result = true, items = true, path = true, filters = true,
    order_by = true, backlinks_filters = true, targets = true, exclude_targets = true }
M.ARRAY_KEYS = ARRAY_KEYS

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

function M.key_text(k)
    if type(k) == "number" then return number(k) end
    return tostring(k)
end
local key_text = M.key_text

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
