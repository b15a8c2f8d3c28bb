-- The anchors/live endpoint's request: field schema, defaults and validation.
--
--   local anchors = require "dataforseo.anchors"
--   local task, problem = anchors.validate{ target = "forbes.com", limit = 4,
--     order_by = {"backlinks,desc"}, filters = {"anchor", "like", "%news%"} }
--
-- task is a new table holding exactly the given fields (ready to encode as
-- the one task of the POST body; defaults are NOT added: the API applies
-- them).  problem = { field, value, reason, message } where field is the
-- top-level request field, reason one of "required", "unknown_field",
-- "type", "range", "enum", "format", "length", "filter", "order_by", and
-- message names the field, the value and the rule.  The emulator answers
-- reason "unknown_field" with 40506 and every other reason with 40501.
local envelope = require "dataforseo.envelope"
local errors = require "dataforseo.errors"
local fields = require "dataforseo.fields"
local filters = require "dataforseo.filters"
local json_null = require("dataforseo.json").null
local printable = require "dataforseo.printable"
local text = require "dataforseo.text"

local type, pairs, ipairs, next, tostring = type, pairs, ipairs, next, tostring
local floor = math.floor
local tointeger = math.tointeger or function(x) return x end
local show = filters.show

local anchors = {}

local TARGET_RULE = "a domain or subdomain without scheme and without www., " ..
                                        "or an absolute http(s) URL"
local MAX_SAFE = 2 ^ 53 - 1   -- larger offsets cannot round-trip through JSON numbers

anchors.fields = {
    target = { type = "string", required = true, rule = TARGET_RULE },
    limit = { type = "integer", min = 1, max = 1000, default = 100 },
    offset = { type = "integer", min = 0, max = MAX_SAFE, default = 0 },
    internal_list_limit = { type = "integer", min = 1, max = 1000, default = 10 },
    backlinks_status_type = { type = "string", enum = { "all", "live", "lost" }, default = "live" },
    filters = { type = "filters", schema = fields.anchor_item,
                            max_conditions = filters.MAX_CONDITIONS },
    order_by = { type = "order_by", max_rules = 3 },
    backlinks_filters = { type = "filters", schema = fields.backlink,
                                                max_conditions = filters.MAX_CONDITIONS },
    include_subdomains = { type = "boolean", default = true },
    include_indirect_links = { type = "boolean", default = true },
    exclude_internal_backlinks = { type = "boolean", default = true },
    rank_scale = { type = "string", enum = { "one_hundred", "one_thousand" },
                                  default = "one_thousand" },
    tag = { type = "string", max_length = 255 },
}

-- Checked in this order, so the first problem reported is deterministic.
anchors.field_order = {
    "target", "limit", "offset", "internal_list_limit", "backlinks_status_type", "filters",
    "order_by", "backlinks_filters", "include_subdomains", "include_indirect_links",
    "exclude_internal_backlinks", "rank_scale", "tag",
}

anchors.defaults = {
    limit = 100, offset = 0, internal_list_limit = 10, backlinks_status_type = "live",
    include_subdomains = true, include_indirect_links = true, exclude_internal_backlinks = true,
    rank_scale = "one_thousand",
}

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
            return "has a character that cannot appear in a host name (" ..
                          show(label:match("[^%w%-\128-\255]")) .. ")"
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

local function target_problem(s)
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
    if s:find("[/?#]") then
        return "has a path but no http:// or https:// scheme"
    end
    if s:find(":", 1, true) then return "has a port or a scheme without //" end
    return host_problem(s)
end

anchors.target_problem = target_problem

------------------------------------------------------------------------------
-- order_by

local function order_by_problem(v, max_rules)
    if type(v) ~= "table" or (next(v) ~= nil and v[1] == nil) then
        return "type", 'order_by: expected an array of "field,asc" or "field,desc" strings, got ' ..
                show(v)
    end
    local n = 0
    for _ in pairs(v) do n = n + 1 end
    if n ~= #v then
        return "type", "order_by: expected an array without holes or named keys"
    end
    if n > max_rules then
        return "order_by", "order_by: " .. n .. " sorting rules, at most " .. max_rules ..
                " are allowed"
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
        local ftype = fields.lookup(fields.anchor_item, field)
        if ftype == nil then
            local guess = fields.suggest(field, fields.anchor_item)
            return "order_by", at .. show(rule) .. ": unknown field " .. show(field) ..
                    (guess and (' (did you mean "' .. guess .. '"?)') or "")
        end
        if ftype == "map" then
            return "order_by", at .. show(rule) .. ": " .. show(field) ..
                    ' is a map; sort on one of its keys as "' .. field .. '.<key>"'
        end
        if dir ~= "asc" and dir ~= "desc" then
            return "order_by", at .. show(rule) .. ": direction " .. show(dir) ..
                    " must be asc or desc"
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

local function field_problem(name, spec, v)
    local t = spec.type
    if t == "integer" then
        if type(v) ~= "number" or v ~= v or v == math.huge or v == -math.huge or floor(v) ~= v then
            return "type", name .. ": " .. show(v) .. " is not an integer (" .. range_rule(spec, v) .. ")"
        end
        if v < spec.min or (spec.max and v > spec.max) then
            return "range", name .. ": " .. show(v) .. " is out of range (" .. range_rule(spec, v) .. ")"
        end
    elseif t == "boolean" then
        if type(v) ~= "boolean" then
            return "type", name .. ": " .. show(v) .. " is not a boolean (true or false)"
        end
    elseif t == "string" then
        if type(v) ~= "string" then
            local rule = spec.rule or (spec.enum and ("one of " .. table.concat(spec.enum, ", ")))
            return "type", name .. ": " .. show(v) .. " is not a string" ..
                    (rule and (" (" .. rule .. ")") or "")
        end
        if spec.enum then
            for _, e in ipairs(spec.enum) do if v == e then return nil end end
            local guess = fields.suggest(v, spec.enum)
            return "enum", name .. ": " .. show(v) .. " is not one of " .. table.concat(spec.enum, ", ") ..
                    (guess and (' (did you mean "' .. guess .. '"?)') or "")
        end
        if not text.valid(v) then
            return "format", name .. ": " .. show(v) .. " is not valid UTF-8"
        end
        if spec.max_length then
            local len = text.length(v)
            if len > spec.max_length then
                return "length", name .. ": " .. len .. " characters long, at most " .. spec.max_length ..
                        " are allowed"
            end
        end
        if name == "target" then
            local p = target_problem(v)
            if p then return "format", name .. ": " .. show(v) .. " " .. p .. "; expected " .. TARGET_RULE end
        end
    elseif t == "filters" then
        local ok, msg = filters.validate(v, spec.schema, name)
        if not ok then
            return type(v) == "table" and "filter" or "type", msg
        end
    elseif t == "order_by" then
        return order_by_problem(v, spec.max_rules)
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

-- validate(params) -> task | nil, problem
function anchors.validate(params)
    if type(params) ~= "table" then
        return nil, problem("params", params, "type",
            "params: expected a table of request fields (target, limit, ...), got " .. show(params))
    end
    -- Unknown names first (sorted, so the report is stable).
    local unknown = {}
    for k in pairs(params) do
        if anchors.fields[k] == nil then unknown[#unknown + 1] = k end
    end
    if #unknown > 0 then
        table.sort(unknown, function(a, b) return tostring(a) < tostring(b) end)
        local k = unknown[1]
        if type(k) ~= "string" then
            return nil, problem(tostring(k), params[k], "unknown_field",
                "[" .. tostring(k) .. "]: unknown field (params is one task: a table of named fields " ..
                "such as target and limit)")
        end
        local guess = fields.suggest(k, anchors.fields)
        -- The name is echoed cut short: it may be anything, a megabyte long.
        return nil, problem(k, params[k], "unknown_field", printable.excerpt(k) .. ": unknown field" ..
            (guess and (' (did you mean "' .. guess .. '"?)') or ""))
    end
    local task = {}
    for _, name in ipairs(anchors.field_order) do
        local spec, v = anchors.fields[name], params[name]
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
            local reason, msg = field_problem(name, spec, v)
            if reason then return nil, problem(name, v, reason, msg) end
            if spec.type == "integer" then v = tointeger(v) or v end
            task[name] = copy(v)
        end
    end
    return task
end

------------------------------------------------------------------------------
-- The endpoint for the call engine (call.lua): where it lives, the task of
-- a request, and the step from a response to a Page.

anchors.method = "POST"
anchors.path = "/v3/backlinks/anchors/live"

-- params -> the task to send (validated unless validate is false: then a
-- shallow copy, and the server judges it), or nil, err.
function anchors.task(params, validate)
    if validate == false then
        if type(params) ~= "table" then
            return nil, errors.validation{ field = "params", reason = "type",
                message = "params: expected a table of request fields, got " .. type(params) }
        end
        local task = {}
        for k, v in pairs(params) do task[k] = v end
        return task
    end
    local task, p = anchors.validate(params)
    if not task then return nil, errors.validation(p) end
    return task
end

-- The items a page asks for, for the cost estimate.
function anchors.asked(task)
    return type(task.limit) == "number" and task.limit or anchors.defaults.limit
end

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
            local what = type(item) == "table" and "an array" or
                (item == nil or type(item) == "userdata") and "null" or ("a " .. type(item))
            return string.format("item %d of the page is %s, not an object", i, what)
        end
    end
    local n = 0
    for _ in pairs(items) do n = n + 1 end
    if n ~= #items then return "the page's items are not an array" end
end

-- A response of anchors/live (from a transport) and the task that was
-- sent -> a Page, or nil, err.  A Page: items, items_count, total_count,
-- offset, limit, next_offset (nil on the last page), cost, task_id, time,
-- target, status_code, response (the whole decoded answer).
function anchors.result(res, sent)
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
        limit = number_or(sent.limit, number_or(data.limit, anchors.defaults.limit)),
        cost = number_or(task.cost, number_or(response.cost, 0)),
        task_id = task.id,
        time = seconds(task.time),
        target = type(result.target) == "string" and result.target or sent.target,
        status_code = task.status_code,
        response = response,
    }
    if #items > 0 and offset + #items < page.total_count then page.next_offset = offset + #items end
    return page
end

return anchors
