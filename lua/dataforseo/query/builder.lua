-- A chainable query: sugar over the anchors/live params table.
--
--   local F = require "dataforseo.query.filters"
--   local q = query.new("forbes.com", fetch)          -- fetch(params, ...) -> page | nil, err
--     :where(F.anchor:like("%news%"), F.backlinks:gt(10))
--     :order_by("backlinks", "desc")
--     :limit(100)
--   q:params()   --> { target = "forbes.com", limit = 100, order_by = {"backlinks,desc"},
--                --     filters = {{"anchor","like","%news%"}, "and", {"backlinks",">",10}} }
--   q:fetch()    --> fetch(q:params())
--
-- Queries are immutable: every method returns a new query and leaves the
-- receiver as it was, so a base query can be shared and refined freely
-- (`local news = base:where(...)` does not change `base`).
-- Validation of the whole request happens once, in anchors.validate (the
-- client calls it before sending); the methods here only refuse arguments
-- that are wrong whatever the rest of the request, by raising an error.
local fields = require "dataforseo.api.fields"
local anchors = require "dataforseo.api.anchors"

local type, select, error, setmetatable, pairs = type, select, error, setmetatable, pairs

local query = {}

local Query = {}
Query.__index = Query

local MAX_ORDER = anchors.fields.order_by.max_rules

local function list_copy(t)
    local out = {}
    for i = 1, #t do out[i] = t[i] end
    return out
end

-- A new query: copies of this one's parts, changed by change(parts).
function Query:derive(change)
    local parts = { fields = {}, where = list_copy(self._where),
        backlinks_where = list_copy(self._backlinks_where), order = list_copy(self._order) }
    for k, v in pairs(self._fields) do parts.fields[k] = v end
    change(parts)
    return setmetatable({ _fetch = self._fetch, _fields = parts.fields, _where = parts.where,
        _backlinks_where = parts.backlinks_where, _order = parts.order }, Query)
end

local function is_callable(f)
    if type(f) == "function" then return true end
    local mt = getmetatable(f)
    return type(mt) == "table" and mt.__call ~= nil
end

-- query.new(target, fetch) -> query.  fetch(params, ...) is called by :fetch.
function query.new(target, fetch)
    if fetch ~= nil and not is_callable(fetch) then
        error("dataforseo.query: fetch must be a function, got " .. type(fetch), 2)
    end
    return setmetatable({
        _fetch = fetch, _fields = { target = target },
        _where = {}, _backlinks_where = {}, _order = {},
    }, Query)
end

local function add_conditions(q, list_name, method, ...)
    local n = select("#", ...)
    if n == 0 then error("dataforseo.query: " .. method .. "() needs at least one condition", 3) end
    local conditions = { ... }
    for i = 1, n do
        local c = conditions[i]
        if type(c) ~= "table" then
            error("dataforseo.query: " .. method .. "() argument #" .. i .. " is a " .. type(c) ..
                        ", expected a condition {field, operator, value} or a group", 3)
        end
    end
    return q:derive(function(parts)
        local list = parts[list_name]
        for i = 1, n do list[#list + 1] = conditions[i] end
    end)
end

-- :where(cond, ...) adds conditions on anchors items, joined with "and"
-- to those already there.  A condition is a builder result or a raw array.
function Query:where(...) return add_conditions(self, "where", "where", ...) end

-- :backlinks_where(cond, ...) the same for backlinks_filters (fields of a
-- backlink, e.g. F.backlink.dofollow:eq(true)).
function Query:backlinks_where(...)
    return add_conditions(self, "backlinks_where", "backlinks_where", ...)
end

-- :order_by(field, "asc"|"desc") or :order_by("field,desc"); at most 3 rules.
function Query:order_by(field, dir)
    if type(field) == "string" and dir == nil and field:find(",", 1, true) then
        field, dir = field:match("^([^,]*),(.*)$")
    end
    dir = dir or "asc"
    if type(field) ~= "string" then
        error("dataforseo.query: order_by() field must be a string, got " .. type(field), 2)
    end
    local ftype = fields.lookup(fields.anchor_item, field)
    if ftype == nil or ftype == "map" then
        local guess = fields.suggest_field(fields.anchor_item, field)
        error("dataforseo.query: order_by(): " ..
                    (ftype == "map" and ('"' .. field .. '" is a map; sort on "' .. field .. '.<key>"')
                      or ('unknown field "' .. field .. '"' ..
                              (guess and (' (did you mean "' .. guess .. '"?)') or ""))), 2)
    end
    if dir ~= "asc" and dir ~= "desc" then
        error('dataforseo.query: order_by(): direction must be "asc" or "desc", got ' ..
                    tostring(dir), 2)
    end
    if #self._order >= MAX_ORDER then
        error("dataforseo.query: order_by(): at most " .. MAX_ORDER .. " sorting rules", 2)
    end
    return self:derive(function(parts) parts.order[#parts.order + 1] = field .. "," .. dir end)
end

local function number_setter(name)
    return function(self, n)
        if type(n) ~= "number" then
            error("dataforseo.query: " .. name .. "() needs a number, got " .. type(n), 2)
        end
        return self:derive(function(parts) parts.fields[name] = n end)
    end
end

Query.limit = number_setter("limit")
Query.offset = number_setter("offset")

-- :set(name, value) any request field (tag, rank_scale, ...).  Setting
-- filters, backlinks_filters or order_by replaces what where/order_by built;
-- a nil value removes the field.
function Query:set(name, value)
    if type(name) ~= "string" then
        error("dataforseo.query: set() field name must be a string, got " .. type(name), 2)
    end
    if name == "order_by" and value ~= nil and type(value) ~= "table" then
        error("dataforseo.query: set(\"order_by\") needs an array of strings", 2)
    end
    return self:derive(function(parts)
        if name == "filters" then
            parts.where = value ~= nil and { value } or {}
        elseif name == "backlinks_filters" then
            parts.backlinks_where = value ~= nil and { value } or {}
        elseif name == "order_by" then
            parts.order = value ~= nil and list_copy(value) or {}
        else
            parts.fields[name] = value
        end
    end)
end

local function joined(list)
    if #list == 0 then return nil end
    if #list == 1 then return list[1] end
    local out = {}
    for i = 1, #list do
        if i > 1 then out[#out + 1] = "and" end
        out[#out + 1] = list[i]
    end
    return out
end

-- :params() -> a new params table for client:anchors / anchors.validate.
function Query:params()
    local p = {}
    for k, v in pairs(self._fields) do p[k] = v end
    p.filters = joined(self._where)
    p.backlinks_filters = joined(self._backlinks_where)
    if #self._order > 0 then p.order_by = list_copy(self._order) end
    return p
end

-- :validate() -> task | nil, problem (see anchors.validate).
function Query:validate() return anchors.validate(self:params()) end

-- :fetch(...) -> whatever fetch(params, ...) returns.
function Query:fetch(...)
    if not self._fetch then
        error("dataforseo.query: this query has no fetch function (query.new(target, fetch))", 2)
    end
    return self._fetch(self:params(), ...)
end

function Query:__tostring()
    return "dataforseo.query(" .. tostring(self._fields.target) .. ")"
end

return query
