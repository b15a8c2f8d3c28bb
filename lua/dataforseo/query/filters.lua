-- DataForSEO filter expressions: validation against a field schema (refuse
-- what the API would refuse, in its words) and a builder for people who
-- would rather not write nested arrays.  Evaluation on rows is
-- query/evaluate.lua's (F.compile loads it): a task that is only validated
-- loads no matcher, no regex engine and no Unicode tables, and the RE2
-- syntax check loads only when a regex condition is given.
--
--   local F = require "dataforseo.query.filters"
--   F.validate(expr, F.schemas.anchor_item, "filters")  -> true | nil, message
--   local keep = assert(F.compile(expr, fields.anchor_item))    -- evaluate.lua
--   F.all(F.anchor:like("%news%"), F.backlinks:gt(10))
--     -> {{"anchor","like","%news%"}, "and", {"backlinks",">",10}}
--   F.target(1).backlinks:gt(10)  -> {"1.backlinks", ">", 10}  (intersections)
--
-- Expression grammar (api-facts.md "Filters"):
--   condition := {field, operator, value}
--   group     := {item, "and"|"or", item, ...}   item := condition | group
-- at most 8 conditions in all.  Paths in messages are 1-based Lua indices:
-- `filters[3][2]` is the operator of the condition at position 3.
-- Time values: "yyyy-mm-dd hh:mm:ss +hh:mm", "yyyy-mm-dd hh:mm:ss" (UTC) or
-- "yyyy-mm-dd"; numeric values may be numbers or numeric strings (the
-- documentation's own example is ["referring_links_types.anchors",">","1"]);
-- array fields (array.str) take has / has_not with a string.
-- A schema may come with the API's own list (GET backlinks/available_filters,
-- see `known` below): a field that list names is never refused here.
local fields = require "dataforseo.api.fields"
local text = require "dataforseo.query.text"

local type, pairs, ipairs, next, tostring, tonumber, select, error, setmetatable, getmetatable =
        type, pairs, ipairs, next, tostring, tonumber, select, error, setmetatable, getmetatable
local find = string.find
local concat = table.concat
local huge = math.huge
local show = text.show

local filters = {}

filters.MAX_CONDITIONS = 8
-- Nesting of a filters value in JSON arrays (an in-list counts): the
-- request body holds it inside its tasks array and a task object, and JSON
-- decoders stop at 1000 levels.
local MAX_DEPTH = 998
filters.MAX_REGEX = 1000        -- characters, as documented
filters.schemas = { anchor_item = fields.anchor_item, backlink = fields.backlink }

local OPS = {
    num = { "<", "<=", ">", ">=", "=", "<>", "in", "not_in" },
    time = { "<", "<=", ">", ">=", "=", "<>", "in", "not_in" },
    str = { "=", "<>", "in", "not_in", "like", "not_like", "ilike", "not_ilike",
                    "regex", "not_regex", "match", "not_match" },
    bool = { "=", "<>" },
    array = { "has", "has_not" },
}

local VALID, KNOWN_OP = {}, {}
for t, list in pairs(OPS) do
    VALID[t] = {}
    for _, op in ipairs(list) do VALID[t][op] = true; KNOWN_OP[op] = true end
end

local TYPE_WORD = { num = "numeric", time = "time", str = "string", bool = "boolean",
                                        array = "array" }

------------------------------------------------------------------------------
-- Small helpers

-- JSON null is the NULL light userdata (dataforseo.null, cjson.null,
-- ngx.null); any userdata or nil counts, so no C module is needed here.
local function is_null(v) return v == nil or type(v) == "userdata" end
filters.is_null = is_null

local function is_array(t)
    local n, count = #t, 0
    for k in pairs(t) do
        count = count + 1
        if type(k) ~= "number" or k < 1 or k > n or k % 1 ~= 0 then return false end
    end
    return count == n
end

local function finite(x) return x == x and x ~= huge and x ~= -huge end

-- A numeric filter value written as a string: decimal digits with an
-- optional sign, point and exponent ("10", "-2.5", "1e3"), nothing else
-- (no spaces, no hex, no inf or nan): what the API reads as a number.
function filters.number(v)
    if type(v) ~= "string" then return nil end
    if not (find(v, "^[+-]?%d+%.?%d*$") or find(v, "^[+-]?%.%d+$") or find(v, "^[+-]?%d+%.?%d*[eE][+-]?%d+$")
            or find(v, "^[+-]?%.%d+[eE][+-]?%d+$")) then
        return nil
    end
    local x = tonumber(v)
    if x and finite(x) then return x end
    return nil
end

------------------------------------------------------------------------------
-- Times

-- "yyyy-mm-dd[ hh:mm:ss[ +hh:mm]]" -> "yyyy-mm-dd hh:mm:ss +00:00" in UTC,
-- or nil when it is not a real calendar time in one of those shapes.
local function canonical_time(s)
    local calendar = require "dataforseo.query.calendar"
    local t = calendar.parse(s)
    return t and calendar.format(t)
end
filters.canonical_time = canonical_time

------------------------------------------------------------------------------
-- Validation of one condition.  Returns true, or nil, the index of the
-- offending element (1 field, 2 operator, 3 value) and the message.

local function scalar_problem(ftype, field, op, v)
    local tw = TYPE_WORD[ftype]
    if ftype == "num" then
        local x = type(v) == "number" and v or filters.number(v)
        if not x or not finite(x) then
            return "value " .. show(v) .. " for numeric field " .. show(field) .. " must be a finite number"
        end
    elseif ftype == "time" then
        if not canonical_time(v) then
            return "value " .. show(v) .. " for time field " .. show(field) ..
                          ' must be a time "yyyy-mm-dd hh:mm:ss +00:00" or a date "yyyy-mm-dd"'
        end
    elseif ftype == "bool" then
        if type(v) ~= "boolean" then
            return "value " .. show(v) .. " for boolean field " .. show(field) .. " must be true or false"
        end
    elseif type(v) ~= "string" then
        return "value " .. show(v) .. " for " .. tw .. " field " .. show(field) .. " must be a string"
    elseif op == "regex" or op == "not_regex" then
        local len = text.length(v)
        if len > filters.MAX_REGEX then
            return "regex is " .. len .. " characters long, at most " .. filters.MAX_REGEX .. " are allowed"
        end
        local ok, err = require("dataforseo.query.regex").check(v)
        if not ok then return "invalid regex " .. show(v) .. ": " .. err end
    end
    return nil
end

-- api: the API's own list for this field (a schema, fields.from_api), or
-- nil.  A field only that list names is let through: -> true, "api".
local function check_condition(cond, schema, api)
    local n = #cond
    if n ~= 3 or not is_array(cond) then
        return nil, nil, "a condition has 3 elements {field, operator, value}, got " ..
                (is_array(cond) and n or "a table with holes or named keys") ..
                " (write JSON null as dataforseo.null)"
    end
    local field, op, value = cond[1], cond[2], cond[3]
    if type(field) ~= "string" then
        return nil, 1, "field name must be a string, got " .. show(field)
    end
    local ftype = fields.lookup(schema, field)
    if ftype == nil then
        if api and fields.listed(api, field) then return true, "api" end
        local prefix = field:match("^([^.]*)%.")
        if prefix and schema[prefix] and TYPE_WORD[schema[prefix]] then
            return nil, 1, "unknown field " .. show(field) .. ": " .. show(prefix) .. " is a " ..
                    TYPE_WORD[schema[prefix]] .. " field, only map fields take a \".key\""
        end
        local guess = fields.suggest_field(schema, field)
        return nil, 1, "unknown field " .. show(field) ..
                (guess and (' (did you mean "' .. guess .. '"?)') or "")
    end
    if ftype == "map" then
        return nil, 1, show(field) .. ' is a map; filter on one of its keys as "' .. field ..
                '.<key>" (e.g. "' .. field .. '.com")'
    end
    local where = " field " .. show(field)
    local tw = TYPE_WORD[ftype]
    local allowed = concat(OPS[ftype], " ")
    if type(op) ~= "string" then
        return nil, 2, "operator must be a string, got " .. show(op) .. " (use one of " .. allowed .. ")"
    end
    if not KNOWN_OP[op] then
        return nil, 2, "unknown operator " .. show(op) .. " for " .. tw .. where ..
                " (use one of " .. allowed .. ")"
    end
    if not VALID[ftype][op] then
        return nil, 2, "operator " .. show(op) .. " is not valid for " .. tw .. where ..
                " (use one of " .. allowed .. ")"
    end
    if is_null(value) and value ~= nil then
        if op == "=" or op == "<>" then return true end
        return nil, 3, "null is only valid with = and <> (operator " .. show(op) .. ")"
    end
    if op == "in" or op == "not_in" then
        if type(value) ~= "table" or next(value) == nil or not is_array(value) then
            return nil, 3, "operator " .. show(op) .. " needs a non-empty array of values for " ..
                    tw .. where .. ", got " .. show(value)
        end
        for i = 1, #value do
            local p = scalar_problem(ftype, field, op, value[i])
            if p then return nil, "3][" .. i, p end
        end
        return true
    end
    local p = scalar_problem(ftype, field, op, value)
    if p then return nil, 3, p end
    return true
end

------------------------------------------------------------------------------
-- Validation of a whole expression

local function walk(expr, schema, path, depth, state)
    if depth > MAX_DEPTH then
        return nil, path .. ": nested more than " .. MAX_DEPTH .. " levels deep"
    end
    if type(expr) ~= "table" then
        return nil, path .. ": expected a condition {field, operator, value} or a nested array, got " ..
                show(expr)
    end
    local first = expr[1]
    if type(first) == "string" then
        state.count = state.count + 1
        if state.count > filters.MAX_CONDITIONS then
            return nil, path .. ": more than " .. filters.MAX_CONDITIONS ..
                    " conditions (at most " .. filters.MAX_CONDITIONS .. " are allowed in all)"
        end
        local ok, idx, msg = check_condition(expr, schema, state.api)
        if ok and type(expr[3]) == "table" and depth + 1 > MAX_DEPTH then
            return nil, path .. "[3]: nested more than " .. MAX_DEPTH .. " levels deep"
        end
        if ok and idx == "api" then
            state.notes[#state.notes + 1] = path .. "[1]: " .. show(expr[1]) .. " is unknown to this "
                .. "version of the client; the API lists it, so it is sent and the server judges it"
        end
        if ok then return true end
        return nil, path .. (idx and ("[" .. idx .. "]") or "") .. ": " .. msg
    end
    if first == nil then
        return nil, path .. ": empty array (a condition or a group needs at least one condition)"
    end
    if type(first) ~= "table" then
        return nil, path .. "[1]: expected a field name or a nested array, got " .. show(first)
    end
    if not is_array(expr) then
        return nil, path .. ": expected an array, got a table with holes or named keys"
    end
    local n = #expr
    for i = 1, n do
        local item = expr[i]
        local ipath = path .. "[" .. i .. "]"
        if i % 2 == 1 then
            local ok, msg = walk(item, schema, ipath, depth + 1, state)
            if not ok then return nil, msg end
        elseif item ~= "and" and item ~= "or" then
            return nil, ipath .. ': expected "and" or "or" between conditions, got ' .. show(item)
        end
    end
    if n % 2 == 0 then
        return nil, path .. "[" .. n .. "]: " .. show(expr[n]) .. " must be followed by a condition"
    end
    return true
end

-- validate(expr, schema [, name [, api]]) -> true [, notes] | nil, message
-- name: the request field ("filters" or "backlinks_filters"), used in
-- messages.  api: the API's own list for this field (fields.from_api): a
-- field only it names is not refused; notes (an array of messages) say so.
-- nil and an empty array mean "no filter" and are valid.
function filters.validate(expr, schema, name, api)
    name = name or "filters"
    if type(schema) ~= "table" then error("filters.validate: schema must be a table", 2) end
    if expr == nil then return true end
    if type(expr) ~= "table" then
        return nil, name .. ": expected an array (a condition {field, operator, value} or conditions" ..
                ' joined by "and"/"or"), got ' .. show(expr)
    end
    if next(expr) == nil then return true end
    local state = { count = 0, api = api, notes = {} }
    local ok, msg = walk(expr, schema, name, 1, state)
    if not ok then return nil, msg end
    return true, state.notes[1] and state.notes or nil
end

-- Number of conditions in a (valid) expression.
function filters.count(expr)
    if type(expr) ~= "table" or next(expr) == nil then return 0 end
    if type(expr[1]) == "string" then return 1 end
    local c = 0
    for i = 1, #expr, 2 do c = c + filters.count(expr[i]) end
    return c
end

------------------------------------------------------------------------------
-- Evaluation (query/evaluate.lua, loaded here on first use)

-- compile(expr, schema [, name]) -> predicate(row) -> boolean | nil, message
function filters.compile(expr, schema, name)
    return require("dataforseo.query.evaluate").compile(expr, schema, name)
end

------------------------------------------------------------------------------
-- Builder:  F.anchor:like("%news%"), F.field("referring_links_tld.com"):gt(5),
-- F.backlink.dofollow:eq(true), F.all(a, b, ...), F.any(a, b, ...).

local Field = {}
Field.__index = Field

local function new_field(schema, label, name, level)
    local ftype = fields.lookup(schema, name)
    if ftype == nil then
        local guess = type(name) == "string" and fields.suggest(name, schema)
        error("dataforseo.filters: unknown " .. label .. " field " .. show(name) ..
                    (guess and (' (did you mean "' .. guess .. '"?)') or ""), level + 1)
    end
    return setmetatable({ name = name, type = ftype, schema = schema, label = label }, Field)
end

-- Field of a map: F.referring_links_tld:key("com") == F.field("referring_links_tld.com").
function Field:key(k)
    if getmetatable(self) ~= Field then error("dataforseo.filters: call key with a colon", 2) end
    if self.type ~= "map" then
        error("dataforseo.filters: " .. self.name .. " is not a map field; key() is for maps", 2)
    end
    if type(k) ~= "string" then
        error("dataforseo.filters: " .. self.name .. ":key() needs a string, got " .. show(k), 2)
    end
    return new_field(self.schema, self.label, self.name .. "." .. k, 2)
end

local METHODS = {
    eq = "=", ne = "<>", lt = "<", le = "<=", gt = ">", ge = ">=", in_ = "in", not_in = "not_in",
    like = "like", not_like = "not_like", ilike = "ilike", not_ilike = "not_ilike",
    regex = "regex", not_regex = "not_regex", match = "match", not_match = "not_match",
    has = "has", has_not = "has_not",
}

for method, op in pairs(METHODS) do
    Field[method] = function(self, ...)
        if getmetatable(self) ~= Field then
            error("dataforseo.filters: call " .. method .. " with a colon (F.anchor:" .. method ..
                        "(value))", 2)
        end
        local nargs = select("#", ...)
        local value = ...
        if nargs ~= 1 or value == nil then
            error("dataforseo.filters: " .. self.name .. ":" .. method .. "() takes one value, got " ..
                        (nargs == 1 and "nil (write JSON null as dataforseo.null)" or nargs), 2)
        end
        local cond = { self.name, op, value }
        local ok, _, msg = check_condition(cond, self.schema)
        if not ok then
            error("dataforseo.filters: " .. self.name .. ":" .. method .. "(" .. show(value) .. "): " ..
                        msg, 2)
        end
        return cond
    end
end
Field["in"] = Field.in_

local function joiner(word, fname)
    return function(...)
        local n = select("#", ...)
        if n == 0 then error("dataforseo.filters: " .. fname .. "() needs at least one condition", 2) end
        local args = { ... }
        for i = 1, n do
            if type(args[i]) ~= "table" then
                error("dataforseo.filters: " .. fname .. "() argument #" .. i ..
                            " is " .. show(args[i]) .. ", expected a condition or a group", 2)
            end
        end
        if n == 1 then return args[1] end
        local out = {}
        for i = 1, n do
            if i > 1 then out[#out + 1] = word end
            out[#out + 1] = args[i]
        end
        return out
    end
end

filters.all = joiner("and", "all")
filters.any = joiner("or", "any")

-- Namespace of field builders for one schema: ns.<field>, ns.field(name);
-- prefix (an intersection's target key and a dot) goes before every name.
local function namespace(target, schema, label, prefix)
    local cache = {}
    prefix = prefix or ""
    target.field = function(name) return new_field(schema, label, prefix .. tostring(name), 2) end
    return setmetatable(target, {
        __index = function(_, name)
            local f = cache[name]
            if f then return f end
            f = new_field(schema, label, prefix .. tostring(name), 2)
            cache[name] = f
            return f
        end,
    })
end

-- Backlink fields (for backlinks_filters): F.backlink.dofollow:eq(true).
filters.backlink = namespace({ all = filters.all, any = filters.any }, fields.backlink, "backlink")

-- Intersections (domain_intersection, page_intersection): their plain fields,
-- F.intersection.intersections_count:le(2), and one target's fields by its
-- key, F.target(1).backlinks:gt(10) -> {"1.backlinks", ">", 10} (a domain's
-- totals or a backlink's fields; the endpoint checks which it takes).
filters.intersection = namespace({}, fields.intersection_item, "intersection")
local targets = {}
function filters.target(key)
    local n = tonumber(key)
    if not n or n ~= math.floor(n) or n < 1 or n > fields.MAX_TARGET_KEY
        or (type(key) == "string" and not key:match("^[1-9]%d*$")) then
        error("dataforseo.filters: target(key): key must be an integer from 1 to "
            .. fields.MAX_TARGET_KEY .. " (a key of the request's targets), got " .. show(key), 2)
    end
    local k = string.format("%d", n)
    if not targets[k] then
        targets[k] = namespace({}, fields.intersection_item, "target " .. k, k .. ".")
    end
    return targets[k]
end

-- Anchor item fields are properties of the module itself: F.anchor, F.rank...
return namespace(filters, fields.anchor_item, "anchors item")
