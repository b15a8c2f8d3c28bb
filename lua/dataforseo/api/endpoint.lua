-- An endpoint described as data, and what every described endpoint can do:
-- check a request against its fields (the rules of each field type, in the
-- API's words, never stricter than the API), build the task, say what a
-- call asks for (its price), and turn a response into a Page or one result
-- table.  The descriptions are in api/; the call engine (engine/engine.lua),
-- walks (walk.lua, window.lua) and batches (batch.lua) read them.
--
--   endpoint.define{ name =, path =, method = "POST" | "GET", kind =,
--       fields = { name = spec, ... }, field_order = { ... }, item = <schema name in fields.lua>,
--       price = { call = USD, item = USD }, max_offset = n (token paging past it),
--       check = function(task) -> nil | field, reason, message (across fields),
--       asked = function(task) -> items a call asks for (its price),
--       item_fields = { ... } | function() -> { ... }, table_fields = { ... } (what the CLI shows),
--       target_field =, batch_limit = (bulk), calls_per_minute = (the endpoint's own limit) }
--   kind: "list"    result[1].items, offset pages with total_count (walks apply)
--         "tasks"   result[] itself, offset pages without a total (errors, id_list)
--         "periods" result[1].items, one per period, one Page (history, timeseries)
--         "bulk"    result[1].items, one per target (engine/batch.lua splits targets)
--         "object"  result[1] is the answer (summary, index, available_filters)
--   e.validate(params [, api_filters]) -> task, notes | nil, problem { field, value, reason, message }
--   e.task(params [, validate [, api_filters]]) -> task, notes | nil, err
--   e.asked(task) -> items | nil (a free call)      e.result(res, task) -> Page | table | nil, err
--   e.paged: true for "list" and "tasks" (the walk family applies)
-- A task that e.task validated holds only valid UTF-8 strings and finite
-- numbers (request_json.check ran on it): its body needs no second walk.
-- api_filters is GET backlinks/available_filters' answer (client:available_filters()):
-- a filter field it names is never refused, only noted as unknown to this version.
--
-- Field specs: { type = "integer", min, max } | { type = "string", enum,
-- max_length, rule } | { type = "boolean" } and, checked by api/rules.lua
-- (loaded when such a field is given): filters, order_by, custom_mode, date,
-- datetime, targets, target_map, string_list; required, default.  A string
-- field named target is checked as a target.  Field checks do not look at
-- UTF-8: request_json.check does, once, on the whole task.
local envelope = require "dataforseo.api.envelope"
local errors = require "dataforseo.errors"
local request_json = require "dataforseo.request_json"

local type, pairs, ipairs, next, tostring, require = type, pairs, ipairs, next, tostring, require
local find = string.find
local huge = math.huge
local tointeger = math.tointeger or function(x) return x end

local M = {}

M.TARGET_RULE = "a domain or subdomain without scheme and without www., or an absolute http(s) URL"
M.DOMAIN_RULE = "a domain or subdomain without scheme and without www."
M.MAX_SAFE = 2 ^ 53 - 1   -- larger offsets cannot round-trip through JSON numbers
local MAX_SAFE = M.MAX_SAFE
local BULK_TARGETS = 1000   -- targets per call, as documented for every bulk endpoint
M.RANK_SCALE = { type = "string", enum = { "one_hundred", "one_thousand" }, default = "one_thousand" }

-- Messages only: text.lua (show, length, suggest) loads on the first problem.
local function show(v) return require("dataforseo.query.text").show(v) end
local function suggest(name, candidates) return require("dataforseo.query.text").suggest(name, candidates) end
local function guess_text(guess) return guess and (' (did you mean "' .. guess .. '"?)') or "" end

local null = require("dataforseo.json").null
-- JSON null (the NULL light userdata of every decoder: json.null, cjson.null, ngx.null) or nothing.
local function is_null(v) return v == nil or v == null end

local function problem(field, value, reason, message, index)
    return { field = field, value = value, reason = reason, message = message, index = index }
end

------------------------------------------------------------------------------
-- target

-- One host name: dot-separated labels of letters, digits and hyphens (any
-- non-ASCII byte too, for IDNs), no label starting or ending with "-".
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

-- nil, or what is wrong with s as a target (a domain, a subdomain or an
-- absolute http(s) URL), as the end of a sentence starting with the value:
-- every rule, read in full.  UTF-8 is not looked at here (request_json's
-- check is).
function M.target_rules(s)
    if s == "" then return "is empty" end
    if s:find("[%s%c]") then return "contains spaces or control characters" end
    local scheme, rest = s:match("^(%a[%w+.-]*)://(.*)$")
    if scheme then
        local sl = scheme:lower()
        if sl ~= "http" and sl ~= "https" then
            return "has the scheme " .. show(scheme) .. " (only http and https)"
        end
        return url_problem(rest)
    end
    if s:find("^%a[%w+.-]*:/") or s:find("^//") then return "is not an absolute http(s) URL" end
    if s:find("^[wW][wW][wW]%.") then return "starts with www." end
    if s:find("[/?#]") then return "has a path but no http:// or https:// scheme" end
    if s:find(":", 1, true) then return "has a port or a scheme without //" end
    return host_problem(s)
end
local target_rules = M.target_rules

-- The same verdict as target_rules, sooner for what most targets are: a
-- plain ASCII domain (letters, digits and hyphens in dot-separated labels,
-- none starting or ending with a hyphen, not www., at most 63 bytes in all
-- so that no label is longer) passes after five quick searches.
-- spec/anchors_validation_spec.lua holds the two to the same verdicts.
function M.target_problem(s)
    if #s <= 63 and find(s, "^%w[%w-]*%.[%w.-]*%w$") and not find(s, "..", 1, true)
        and not find(s, ".-", 1, true) and not find(s, "-.", 1, true) and not find(s, "^[wW][wW][wW]%.") then
        return nil
    end
    return target_rules(s)
end

-- The same for a target that must be a domain (domain_only fields).
function M.domain_problem(s)
    local p = M.target_problem(s)
    if not p and s:find("://", 1, true) then
        p = "is a page URL; this endpoint takes a domain or subdomain"
    end
    return p
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
    if type(v) ~= "number" or v ~= v or v == huge or v == -huge or v % 1 ~= 0 then
        return "type", name .. ": " .. show(v) .. " is not an integer (" .. range_rule(spec, v) .. ")"
    end
    if v < spec.min or (spec.max and v > spec.max) then
        return "range", name .. ": " .. show(v) .. " is out of range (" .. range_rule(spec, v) .. ")"
    end
end
M.integer_problem = integer_problem

local function string_problem(name, spec, v)
    if type(v) ~= "string" then
        local rule = spec.rule or (spec.enum and ("one of " .. table.concat(spec.enum, ", ")))
        return "type", name .. ": " .. show(v) .. " is not a string" .. (rule and (" (" .. rule .. ")") or "")
    end
    if spec.enum then
        for _, e in ipairs(spec.enum) do if v == e then return nil end end
        return "enum", name .. ": " .. show(v) .. " is not one of " .. table.concat(spec.enum, ", ")
            .. guess_text(suggest(v, spec.enum))
    end
    if spec.max_length and #v > spec.max_length then
        local length = require("dataforseo.query.text").length(v)
        if length > spec.max_length then
            return "length", name .. ": " .. length .. " characters long, at most "
                .. spec.max_length .. " are allowed"
        end
    end
    if name == "target" then
        local p = (spec.domain_only and M.domain_problem or M.target_problem)(v)
        if p then return "format", name .. ": " .. show(v) .. " " .. p .. "; expected "
            .. (spec.rule or M.TARGET_RULE) end
    end
end
M.string_problem = string_problem

-- -> the value to send (a copy) | nil, reason, message.  ctx: { e, api_filters,
-- notes } for the rules that need them.
local function field_value(name, spec, v, ctx)
    local t = spec.type
    local reason, message
    if t == "integer" then
        reason, message = integer_problem(name, spec, v)
        if not reason then return tointeger(v) or v end
    elseif t == "string" then
        reason, message = string_problem(name, spec, v)
        if not reason then return v end
    elseif t == "boolean" then
        if type(v) == "boolean" then return v end
        reason, message = "type", name .. ": " .. show(v) .. " is not a boolean (true or false)"
    else
        return require("dataforseo.api.rules").value(name, spec, v, ctx)
    end
    return nil, reason, message
end

local function unknown_name(e, params)
    local unknown
    for k in pairs(params) do
        if e.fields[k] == nil and (unknown == nil or tostring(k) < tostring(unknown)) then unknown = k end
    end
    if unknown == nil then return nil end
    local k = unknown
    if type(k) ~= "string" then
        return problem(tostring(k), params[k], "unknown_field",
            "[" .. tostring(k) .. "]: unknown field (params is one task: a table of named fields "
            .. "such as target and limit)")
    end
    -- The name is echoed cut short: it may be anything, a megabyte long.
    return problem(k, params[k], "unknown_field", require("dataforseo.query.printable").excerpt(k)
        .. ": unknown field" .. guess_text(suggest(k, e.fields)))
end

local SIMPLE = { integer = true, string = true, boolean = true }

local function required_problem(name, spec, v)
    return problem(name, v, "required", name .. ": required field is "
        .. (v == nil and "missing" or "null") .. " (" .. (spec.rule or spec.type) .. ")")
end

-- Every string valid UTF-8, every number finite (request_json's rules),
-- once, here: the body of a validated task is not walked again.  Checked
-- fields give finite numbers and booleans; what is left is the strings
-- that are not plain ASCII and the values of the other rules, `unplain`:
-- the problem of the first of them in field order, or nil.
local utf8_len = _VERSION >= "Lua 5.3" and utf8.len   -- the built-in library, not a lookalike
local function plain_ascii(s)
    if utf8_len then return utf8_len(s) == #s end      -- one C pass (nil on bad UTF-8)
    return not find(s, "[\128-\255]")
end

-- List fields: a problem names the bad element's 1-based index (err.index).
local LISTS = { targets = true, string_list = true, order_by = true, target_map = true }

local function json_problem(task, unplain, rank, fields)
    local first, at = nil, huge
    for i = 1, #unplain do
        local name = unplain[i]
        if rank[name] < at then
            local p = request_json.check_field(name, task[name])
            if p then first, at = p, rank[name] end
        end
    end
    if first and LISTS[fields[first.field].type] then first.index = tonumber(first.message:match('%["?(%d+)')) end
    return first
end

-- The problem reported is always the first in field order (after unknown
-- names), whatever order pairs() visits the params in: `at` is the rank of
-- the first problem found so far, and nothing after it is looked at.
local function validate(e, params, api_filters)
    if params == nil and next(e.fields) == nil then params = {} end   -- client:index()
    if type(params) ~= "table" then
        return nil, problem("params", params, "type",
            "params: expected a table of request fields (target, limit, ...), got " .. show(params))
    end
    local fields, rank = e.fields, e.rank
    local task, first, at, other, unplain = {}, nil, huge, false, {}
    -- What was given: unknown names first (the first in name order, so the
    -- report is stable), then nulls and the fields of simple types.
    for name, v in pairs(params) do
        local spec = fields[name]
        if spec == nil then return nil, unknown_name(e, params) end
        local r = rank[name]
        if r < at then
            if is_null(v) then
                -- JSON null is no value: the API applies the default (it is sent as given).
                if spec.required then first, at = required_problem(name, spec, v), r else task[name] = v end
            elseif SIMPLE[spec.type] then
                local value, reason, message = field_value(name, spec, v)
                if reason then
                    first, at = problem(name, v, reason, message), r
                else
                    task[name] = value
                    if spec.type == "string" and not plain_ascii(value) then unplain[#unplain + 1] = name end
                end
            else
                other = true
            end
        end
    end
    -- Then, in field order, the required fields not given and the other
    -- rules (api/rules.lua: their notes come in field order).
    local ctx
    for _, name in ipairs(other and e.field_order or e.required) do
        local r = rank[name]
        if r >= at then break end
        local spec, v = fields[name], params[name]
        if v == nil then
            if spec.required then
                first = required_problem(name, spec, nil)
                break
            end
        elseif not is_null(v) and not SIMPLE[spec.type] then
            ctx = ctx or { e = e, api_filters = api_filters, notes = {} }
            local value, reason, message, index = field_value(name, spec, v, ctx)
            if reason then
                first = problem(name, v, reason, message, index)
                break
            end
            task[name] = value
            unplain[#unplain + 1] = name
        end
    end
    if first then return nil, first end
    if e.check then
        local field, reason, message = e.check(task)
        if field then return nil, problem(field, task[field], reason, message) end
    end
    local p = unplain[1] and json_problem(task, unplain, rank, fields)
    if p then return nil, p end
    return task, ctx and ctx.notes[1] and ctx.notes or nil
end

------------------------------------------------------------------------------
-- Responses

-- "0.1234 sec." -> 0.1234
local function seconds(v)
    local tv = type(v)
    if tv == "string" then return tonumber(v:match("^%s*([%d%.]+)")) end
    if tv == "number" then return v end
end

local function number_or(v, default)
    if v ~= nil and type(v) == "number" and v == v then return v end
    return default
end

-- The cost an answer reports: the task's, else the envelope's, as sent
-- (a string, null or NaN stays what it is: the engine fails the call and
-- keeps its estimate, never counts it as $0); 0 when neither says.
local function cost_of(task, response)
    if task.cost ~= nil then return task.cost end
    if response.cost ~= nil then return response.cost end
    return 0
end

-- An item is a JSON object: a table that is not an array.  (A decoded
-- JSON table is an array, keys 1..n, or an object with string keys.)
local function item_problem(items)
    local n = #items
    for i = 1, n do
        local item = items[i]
        if type(item) ~= "table" or item[1] ~= nil then
            local what = type(item) == "table" and "an array"
                or is_null(item) and "null" or ("a " .. type(item))
            return string.format("item %d of the page is %s, not an object", i, what)
        end
    end
    if n == 0 and next(items) ~= nil then return "the page's items are not an array" end
end

local function items_of(res, list)
    if list == nil or is_null(list) then return {} end
    if type(list) ~= "table" then
        return nil, envelope.bad_body(res, "the page's items are a " .. type(list) .. ", not an array")
    end
    local problem_text = item_problem(list)
    if problem_text then return nil, envelope.bad_body(res, problem_text) end
    return list
end

local NOTHING = {}      -- read only: stands for a missing result or data object
-- What a result may say besides its items, copied onto the Page when there.
local EXTRAS = { "targets", "date_from", "date_to", "group_range", "search_after_token" }

-- A response -> a Page: items, items_count, total_count (nil where the
-- endpoint does not count its set), offset, limit, next_offset (nil on the
-- last page), search_after_token (where the endpoint pages with tokens),
-- cost, task_id, time, target, status_code, response (the whole decoded
-- answer); and what the result says besides: targets (intersections),
-- date_from, date_to, group_range (periods).
local function page_of(e, res, sent)
    local response, task = envelope.open(res)
    if not response then return nil, task end
    local kind, result, list = e.kind, NOTHING, task.result
    if kind ~= "tasks" then                     -- "tasks": the result array is the list
        result = type(list) == "table" and list[1]
        if type(result) ~= "table" then result = NOTHING end
        list = result.items
    end
    local items, err = items_of(res, list)
    if not items then return nil, err end
    local n, data = #items, task.data
    if type(data) ~= "table" then data = NOTHING end
    local offset, limit = number_or(sent.offset), number_or(sent.limit)
    if not offset then offset = number_or(data.offset, 0) end
    if not limit then limit = number_or(data.limit, e.defaults.limit or n) end
    local page = {
        items = items,
        items_count = number_or(result.items_count, n),
        offset = offset,
        limit = limit,
        cost = cost_of(task, response),
        task_id = task.id,
        time = seconds(task.time),
        target = type(result.target) == "string" and result.target or sent.target,
        status_code = task.status_code,
        response = response,
    }
    for i = 1, #EXTRAS do
        local k = EXTRAS[i]
        local v = result[k]
        if v ~= nil and not is_null(v) then page[k] = v end
    end
    if kind == "list" then
        local total = number_or(result.total_count, 0)
        page.total_count = total
        if n > 0 and offset + n < total then page.next_offset = offset + n end
    elseif kind == "tasks" then
        -- No total: a full page may have more after it.
        if n > 0 and n >= page.limit then page.next_offset = offset + n end
    else
        page.total_count = number_or(result.total_count, n)
    end
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
    result.cost = cost_of(task, response)
    return result
end

------------------------------------------------------------------------------
-- define

local PAGED = { list = true, tasks = true }

function M.define(d)
    local e = {
        name = d.name, path = d.path, method = d.method or "POST", kind = d.kind or "list",
        fields = d.fields or {}, field_order = d.field_order or {}, price = d.price,
        max_offset = d.max_offset, check = d.check, defaults = {},
        target_field = d.target_field,       -- bulk: the item field naming its target
        batch_limit = d.batch_limit,         -- bulk: { targets =, root_domains = } a call takes
        calls_per_minute = d.calls_per_minute,   -- the endpoint's own limit, where it has one
        table_fields = d.table_fields,       -- what the CLI shows (and item_fields, below)
    }
    e.paged = PAGED[e.kind] == true
    if e.kind == "bulk" then
        e.batch_limit = e.batch_limit or {}
        e.batch_limit.targets = e.batch_limit.targets or BULK_TARGETS
    end
    -- e.item (the item schema filters and order_by name, fields.lua) and
    -- e.item_fields (given as a function) load on first use: a call without
    -- filters never needs them.
    local lazy = {
        item = d.item and function() return require("dataforseo.api.fields").schema(d.item) end,
        item_fields = type(d.item_fields) == "function" and d.item_fields or nil,
    }
    if type(d.item_fields) ~= "function" then e.item_fields = d.item_fields end
    if lazy.item or lazy.item_fields then
        setmetatable(e, { __index = function(t, k)
            local make = lazy[k]
            if not make then return nil end
            local v = make()
            rawset(t, k, v)
            return v
        end })
    end
    for name, spec in pairs(e.fields) do e.defaults[name] = spec.default end
    -- rank: a field's place in field_order (problems are reported in that
    -- order); required: the required fields, in that order.
    e.rank, e.required = {}, {}
    for i, name in ipairs(e.field_order) do
        local spec = e.fields[name]
        if not spec then error("endpoint " .. tostring(e.name) .. ": field_order names " .. name
            .. ", which is not in fields", 2) end
        e.rank[name] = i
        if spec.required then e.required[#e.required + 1] = name end
    end
    for name in pairs(e.fields) do
        if not e.rank[name] then error("endpoint " .. tostring(e.name) .. ": field " .. name
            .. " is missing from field_order", 2) end
    end
    function e.validate(params, api_filters) return validate(e, params, api_filters) end
    -- params -> the task to send (validated unless validate is false: then a
    -- shallow copy, and the server judges it), or nil, err.
    function e.task(params, check, api_filters)
        if check == false then
            if params == nil and next(e.fields) == nil then params = {} end
            if type(params) ~= "table" then
                return nil, errors.validation{ field = "params", reason = "type",
                    message = "params: expected a table of request fields, got " .. type(params) }
            end
            local task = {}
            for k, v in pairs(params) do task[k] = v end
            return task
        end
        local task, p = validate(e, params, api_filters)
        if not task then return nil, errors.validation(p) end
        return task, p
    end
    -- The items a call asks for (its price depends on them); nil: free.
    local price = e.price
    if d.asked then
        e.asked = d.asked
    elseif not price or (price.call == 0 and price.item == 0) then
        e.asked = function() return nil end
    elseif e.kind == "object" then
        e.asked = function() return 1 end       -- one result object
    else
        e.asked = function(task)
            return type(task.limit) == "number" and task.limit or e.defaults.limit or 100
        end
    end
    local reader = e.kind == "object" and object_of or page_of
    function e.result(res, task) return reader(e, res, task) end
    return e
end

-- The request fields every endpoint of the Backlinks family shares (the
-- anchors grammar); `with` adds or replaces specs, `without` drops names.
-- item_schema: the name in fields.lua of what filters and order_by name.
function M.backlinks_request(item_schema, with, without)
    item_schema = item_schema or "none"
    local specs = {
        target = { type = "string", required = true, rule = M.TARGET_RULE },
        limit = { type = "integer", min = 1, max = 1000, default = 100 },
        offset = { type = "integer", min = 0, max = MAX_SAFE, default = 0 },
        internal_list_limit = { type = "integer", min = 1, max = 1000, default = 10 },
        backlinks_status_type = { type = "string", enum = { "all", "live", "lost" }, default = "live" },
        filters = { type = "filters", schema = item_schema, available = "item" },
        order_by = { type = "order_by", max_rules = 3 },
        backlinks_filters = { type = "filters", schema = "backlink", available = "backlinks" },
        include_subdomains = { type = "boolean", default = true },
        include_indirect_links = { type = "boolean", default = true },
        exclude_internal_backlinks = { type = "boolean", default = true },
        rank_scale = M.RANK_SCALE,
        tag = { type = "string", max_length = 255 },
    }
    local order = { "target", "targets", "limit", "offset", "internal_list_limit", "backlinks_status_type",
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
