-- An endpoint described as data, and what every described endpoint can do:
-- check a request against its fields (the rules of each field type, in the
-- API's words), build the task, say what a call asks for (its price), and
-- turn a response into a Page (list endpoints) or one result table.  The
-- descriptions are in api/; the call engine (engine/engine.lua) and walks
-- (walk.lua, window.lua) read them.
--
--   endpoint.define{ name =, path =, method = "POST", kind = "list" | "object",
--       fields = { name = spec, ... }, field_order = { ... }, item = <schema>,
--       price = { call = USD, item = USD }, max_offset = n (token paging past it) }
--   e.validate(params) -> task | nil, problem { field, value, reason, message }
--   e.task(params [, validate]) -> task | nil, err    e.asked(task) -> items | nil
--   e.result(res, task) -> Page | table | nil, err
-- Field specs: { type = "integer", min, max } | { type = "string", enum,
-- max_length, rule } | { type = "boolean" } | { type = "filters", schema } |
-- { type = "order_by", max_rules } | { type = "custom_mode", fields };
-- required, default.  The target field is checked as a target.
local envelope = require "dataforseo.api.envelope"
local errors = require "dataforseo.errors"
local fields = require "dataforseo.api.fields"
local filters = require "dataforseo.query.filters"
local json_null = require("dataforseo.json").null
local printable = require "dataforseo.query.printable"
local text = require "dataforseo.query.text"

local type, pairs, ipairs, next, tostring = type, pairs, ipairs, next, tostring
local floor = math.floor
local tointeger = math.tointeger or function(x) return x end
local show = filters.show

local M = {}

M.TARGET_RULE = "a domain or subdomain without scheme and without www., or an absolute http(s) URL"
M.MAX_SAFE = 2 ^ 53 - 1   -- larger offsets cannot round-trip through JSON numbers
local MAX_SAFE = M.MAX_SAFE

local function problem(field, value, reason, message)
    return { field = field, value = value, reason = reason, message = message }
end

------------------------------------------------------------------------------
-- target

-- One host name: dot-separated labels of letters, digits and hyphens (any
-- non-ASCII letter too, for IDNs), no label starting or ending with "-".
local function host_problem(host)
    if host == "" then return "has no host" end
    if #host > 253 then return "has a host name longer than 253 characters" end
    if host:sub(-1) == "." or host:sub(1, 1) == "." or host:find("..", 1, true) then
        return "has an empty label in the host name (a leading, trailing or double dot)"
    end
    local labels = 0
    for label in host:gmatch("[^.]+") do
        labels = labels + 1
        if #label > 63 then return "has a host label longer than 63 characters" end
        if label:find("[^%w%-\128-\255]") then
            return "has a character that cannot appear in a host name ("
                .. show(label:match("[^%w%-\128-\255]")) .. ")"
        end
        if label:sub(1, 1) == "-" or label:sub(-1) == "-" then
            return "has a host label starting or ending with a hyphen"
        end
    end
    if labels < 2 then return "is not a full domain name (no dot)" end
    return nil
end

local function url_problem(rest)
    local authority = rest:match("^([^/?#]*)")
    if authority:find("@", 1, true) then return "must not carry user information (user@)" end
    local host, port
    if authority:sub(1, 1) == "[" then
        host, port = authority:match("^(%[[%x:.]+%])(.*)$")
        if not host then return "has an invalid IPv6 address" end
    else
        host, port = authority:match("^([^:]*)(.*)$")
    end
    if port ~= "" then
        local p = port:match("^:(%d+)$")
        if not p or tonumber(p) < 1 or tonumber(p) > 65535 then return "has an invalid port" end
    end
    if host:sub(1, 1) == "[" then return nil end
    return host_problem(host)
end

function M.target_problem(s)
    if s == "" then return "is empty" end
    if s:find("[%s%c]") then return "contains spaces or control characters" end
    if not text.valid(s) then return "is not valid UTF-8" end
    local scheme, rest = s:match("^(%a[%w+.-]*)://(.*)$")
    if scheme then
        local sl = scheme:lower()
        if sl ~= "http" and sl ~= "https" then
            return "has the scheme " .. show(scheme) .. " (only http and https)"
        end
        return url_problem(rest)
    end
    if s:find("^%a[%w+.-]*:/") or s:find("^//") then return "is not an absolute http(s) URL" end
    if s:lower():find("^www%.") then return "starts with www." end
    if s:find("[/?#]") then return "has a path but no http:// or https:// scheme" end
    if s:find(":", 1, true) then return "has a port or a scheme without //" end
    return host_problem(s)
end

------------------------------------------------------------------------------
-- order_by: fields of the endpoint's item

local function order_by_problem(v, max_rules, schema)
    if type(v) ~= "table" or (next(v) ~= nil and v[1] == nil) then
        return "type", 'order_by: expected an array of "field,asc" or "field,desc" strings, got '
            .. show(v)
    end
    local n = 0
    for _ in pairs(v) do n = n + 1 end
    if n ~= #v then return "type", "order_by: expected an array without holes or named keys" end
    if n > max_rules then
        return "order_by", "order_by: " .. n .. " sorting rules, at most " .. max_rules .. " are allowed"
    end
    for i = 1, n do
        local rule = v[i]
        local at = "order_by[" .. i .. "]: "
        if type(rule) ~= "string" then
            return "order_by", at .. show(rule) .. ' is not a string "field,asc" or "field,desc"'
        end
        local field, dir = rule:match("^([^,]*),([^,]*)$")
        if not field then
            return "order_by", at .. show(rule) .. ' is not of the form "field,asc" or "field,desc"'
        end
        local ftype = fields.lookup(schema, field)
        if ftype == nil then
            local guess = fields.suggest(field, schema)
            return "order_by", at .. show(rule) .. ": unknown field " .. show(field)
                .. (guess and (' (did you mean "' .. guess .. '"?)') or "")
        end
        if ftype == "map" then
            return "order_by", at .. show(rule) .. ": " .. show(field)
                .. ' is a map; sort on one of its keys as "' .. field .. '.<key>"'
        end
        if dir ~= "asc" and dir ~= "desc" then
            return "order_by", at .. show(rule) .. ": direction " .. show(dir) .. " must be asc or desc"
        end
    end
    return nil
end

------------------------------------------------------------------------------
-- One field against its spec: nil, or reason and message.

local function range_rule(spec, v)
    if spec.max == MAX_SAFE and not (type(v) == "number" and v > MAX_SAFE) then
        return "an integer >= " .. show(spec.min)
    end
    return "an integer from " .. show(spec.min) .. " to " .. show(spec.max)
end

local function integer_problem(name, spec, v)
    if type(v) ~= "number" or v ~= v or v == math.huge or v == -math.huge or floor(v) ~= v then
        return "type", name .. ": " .. show(v) .. " is not an integer (" .. range_rule(spec, v) .. ")"
    end
    if v < spec.min or (spec.max and v > spec.max) then
        return "range", name .. ": " .. show(v) .. " is out of range (" .. range_rule(spec, v) .. ")"
    end
end

local function string_problem(name, spec, v)
    if type(v) ~= "string" then
        local rule = spec.rule or (spec.enum and ("one of " .. table.concat(spec.enum, ", ")))
        return "type", name .. ": " .. show(v) .. " is not a string" .. (rule and (" (" .. rule .. ")") or "")
    end
    if spec.enum then
        for _, e in ipairs(spec.enum) do if v == e then return nil end end
        local guess = fields.suggest(v, spec.enum)
        return "enum", name .. ": " .. show(v) .. " is not one of " .. table.concat(spec.enum, ", ")
            .. (guess and (' (did you mean "' .. guess .. '"?)') or "")
    end
    if not text.valid(v) then return "format", name .. ": " .. show(v) .. " is not valid UTF-8" end
    if spec.max_length and text.length(v) > spec.max_length then
        return "length", name .. ": " .. text.length(v) .. " characters long, at most "
            .. spec.max_length .. " are allowed"
    end
    if name == "target" then
        local p = M.target_problem(v)
        if not p and spec.domain_only and v:find("://", 1, true) then
            p = "is a page URL; this endpoint takes a domain or subdomain"
        end
        if p then return "format", name .. ": " .. show(v) .. " " .. p .. "; expected "
            .. (spec.rule or M.TARGET_RULE) end
    end
end

-- custom_mode = { field = <one of spec.fields>, value = 1..1000 }
local function custom_mode_problem(name, spec, v)
    if type(v) ~= "table" or v[1] ~= nil then
        return "type", name .. ": " .. show(v) .. ' is not an object { field = "...", value = n }'
    end
    for k in pairs(v) do
        if k ~= "field" and k ~= "value" then
            return "type", name .. ": unknown key " .. show(k) .. " (field, value)"
        end
    end
    local reason, msg = string_problem(name .. ".field", { enum = spec.fields }, v.field)
    if reason then return reason, msg end
    return integer_problem(name .. ".value", { min = 1, max = 1000 }, v.value)
end

local function field_problem(e, name, spec, v)
    local t = spec.type
    if t == "integer" then return integer_problem(name, spec, v)
    elseif t == "string" then return string_problem(name, spec, v)
    elseif t == "boolean" then
        if type(v) ~= "boolean" then return "type", name .. ": " .. show(v) .. " is not a boolean (true or false)" end
    elseif t == "filters" then
        local ok, msg = filters.validate(v, spec.schema, name)
        if not ok then return type(v) == "table" and "filter" or "type", msg end
    elseif t == "order_by" then
        return order_by_problem(v, spec.max_rules, e.item)
    elseif t == "custom_mode" then
        return custom_mode_problem(name, spec, v)
    end
    return nil
end

-- Deep copy, so that later changes to the caller's tables cannot alter a
-- task that was validated.
local function copy(v)
    if type(v) ~= "table" then return v end
    local out = {}
    for k, x in pairs(v) do out[k] = copy(x) end
    return out
end

local function validate(e, params)
    if type(params) ~= "table" then
        return nil, problem("params", params, "type",
            "params: expected a table of request fields (target, limit, ...), got " .. show(params))
    end
    -- Unknown names first (sorted, so the report is stable).
    local unknown = {}
    for k in pairs(params) do
        if e.fields[k] == nil then unknown[#unknown + 1] = k end
    end
    if #unknown > 0 then
        table.sort(unknown, function(a, b) return tostring(a) < tostring(b) end)
        local k = unknown[1]
        if type(k) ~= "string" then
            return nil, problem(tostring(k), params[k], "unknown_field",
                "[" .. tostring(k) .. "]: unknown field (params is one task: a table of named fields "
                .. "such as target and limit)")
        end
        local guess = fields.suggest(k, e.fields)
        -- The name is echoed cut short: it may be anything, a megabyte long.
        return nil, problem(k, params[k], "unknown_field", printable.excerpt(k) .. ": unknown field"
            .. (guess and (' (did you mean "' .. guess .. '"?)') or ""))
    end
    local task = {}
    for _, name in ipairs(e.field_order) do
        local spec, v = e.fields[name], params[name]
        -- JSON null is no value: the API applies the default (it is sent as given).
        if v ~= nil and filters.is_null(v) then
            if spec.required then
                return nil, problem(name, v, "required",
                    name .. ": required field is null (" .. (spec.rule or spec.type) .. ")")
            end
            task[name] = v
        elseif v == nil then
            if spec.required then
                return nil, problem(name, nil, "required",
                    name .. ": required field is missing (" .. (spec.rule or spec.type) .. ")")
            end
        else
            local reason, msg = field_problem(e, name, spec, v)
            if reason then return nil, problem(name, v, reason, msg) end
            if spec.type == "integer" then v = tointeger(v) or v end
            task[name] = copy(v)
        end
    end
    return task
end

------------------------------------------------------------------------------
-- Responses

-- "0.1234 sec." -> 0.1234
local function seconds(v)
    if type(v) == "number" then return v end
    return type(v) == "string" and tonumber(v:match("^%s*([%d%.]+)")) or nil
end

local function number_or(v, default)
    if type(v) == "number" and v == v then return v end
    return default
end

-- An item is a JSON object: a table that is not an array.
local function item_problem(items)
    for i = 1, #items do
        local item = items[i]
        if type(item) ~= "table" or item[1] ~= nil then
            local what = type(item) == "table" and "an array"
                or (item == nil or type(item) == "userdata") and "null" or ("a " .. type(item))
            return string.format("item %d of the page is %s, not an object", i, what)
        end
    end
    local n = 0
    for _ in pairs(items) do n = n + 1 end
    if n ~= #items then return "the page's items are not an array" end
end

-- A list endpoint's response -> a Page: items, items_count, total_count,
-- offset, limit, next_offset (nil on the last page), search_after_token
-- (where the endpoint pages with tokens), cost, task_id, time, target,
-- status_code, response (the whole decoded answer).
local function page_of(e, res, sent)
    local response, task = envelope.open(res)
    if not response then return nil, task end
    local result = type(task.result) == "table" and task.result[1] or nil
    if type(result) ~= "table" then result = {} end
    local items = result.items
    if items == nil or items == json_null then items = {} end
    if type(items) ~= "table" then
        return nil, envelope.bad_body(res, "the page's items are a " .. type(items) .. ", not an array")
    end
    local problem_text = item_problem(items)
    if problem_text then return nil, envelope.bad_body(res, problem_text) end
    local data = type(task.data) == "table" and task.data or {}
    local offset = number_or(sent.offset, number_or(data.offset, 0))
    local page = {
        items = items,
        items_count = number_or(result.items_count, #items),
        total_count = number_or(result.total_count, 0),
        offset = offset,
        limit = number_or(sent.limit, number_or(data.limit, e.defaults.limit or 100)),
        cost = number_or(task.cost, number_or(response.cost, 0)),
        task_id = task.id,
        time = seconds(task.time),
        target = type(result.target) == "string" and result.target or sent.target,
        status_code = task.status_code,
        response = response,
    }
    if type(result.search_after_token) == "string" then page.search_after_token = result.search_after_token end
    if #items > 0 and offset + #items < page.total_count then page.next_offset = offset + #items end
    return page
end

-- A one-object endpoint's response -> its result table, with `cost` (USD).
local function object_of(_, res)
    local response, task = envelope.open(res)
    if not response then return nil, task end
    local result = type(task.result) == "table" and task.result[1] or nil
    if type(result) ~= "table" or result[1] ~= nil then
        return nil, envelope.bad_body(res, "the response carries no result object")
    end
    result.cost = number_or(task.cost, number_or(response.cost, 0))
    return result
end

------------------------------------------------------------------------------
-- define

function M.define(d)
    local e = {
        name = d.name, path = d.path, method = d.method or "POST", kind = d.kind or "list",
        fields = d.fields, field_order = d.field_order, item = d.item, price = d.price,
        max_offset = d.max_offset, defaults = {},
        item_fields = d.item_fields, table_fields = d.table_fields,   -- what the CLI shows
    }
    for name, spec in pairs(d.fields) do e.defaults[name] = spec.default end
    function e.validate(params) return validate(e, params) end
    -- params -> the task to send (validated unless validate is false: then a
    -- shallow copy, and the server judges it), or nil, err.
    function e.task(params, check)
        if check == false then
            if type(params) ~= "table" then
                return nil, errors.validation{ field = "params", reason = "type",
                    message = "params: expected a table of request fields, got " .. type(params) }
            end
            local task = {}
            for k, v in pairs(params) do task[k] = v end
            return task
        end
        local task, p = validate(e, params)
        if not task then return nil, errors.validation(p) end
        return task
    end
    -- The items a call asks for (its price depends on them).
    function e.asked(task)
        if e.kind ~= "list" then return 1 end       -- one result object
        return type(task.limit) == "number" and task.limit or e.defaults.limit or 100
    end
    local reader = e.kind == "list" and page_of or object_of
    function e.result(res, task) return reader(e, res, task) end
    return e
end

-- The request fields every endpoint of the Backlinks family shares (the
-- anchors grammar); `with` adds or replaces specs, `without` drops names.
function M.backlinks_request(item_schema, with, without)
    local specs = {
        target = { type = "string", required = true, rule = M.TARGET_RULE },
        limit = { type = "integer", min = 1, max = 1000, default = 100 },
        offset = { type = "integer", min = 0, max = MAX_SAFE, default = 0 },
        internal_list_limit = { type = "integer", min = 1, max = 1000, default = 10 },
        backlinks_status_type = { type = "string", enum = { "all", "live", "lost" }, default = "live" },
        filters = { type = "filters", schema = item_schema },
        order_by = { type = "order_by", max_rules = 3 },
        backlinks_filters = { type = "filters", schema = fields.backlink },
        include_subdomains = { type = "boolean", default = true },
        include_indirect_links = { type = "boolean", default = true },
        exclude_internal_backlinks = { type = "boolean", default = true },
        rank_scale = { type = "string", enum = { "one_hundred", "one_thousand" }, default = "one_thousand" },
        tag = { type = "string", max_length = 255 },
    }
    local order = { "target", "limit", "offset", "internal_list_limit", "backlinks_status_type",
        "filters", "order_by", "backlinks_filters", "include_subdomains", "include_indirect_links",
        "exclude_internal_backlinks", "rank_scale", "tag" }
    for _, name in ipairs(without or {}) do specs[name] = nil end
    local added = {}
    for name, spec in pairs(with or {}) do
        if not specs[name] then added[#added + 1] = name end
        specs[name] = spec
    end
    table.sort(added)
    for _, name in ipairs(added) do
        local listed = false
        for _, n in ipairs(order) do if n == name then listed = true end end
        if not listed then order[#order + 1] = name end
    end
    local kept = {}
    for _, name in ipairs(order) do
        if specs[name] then kept[#kept + 1] = name end
    end
    return specs, kept
end

return M
