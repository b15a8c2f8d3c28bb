-- The field rules that need more than a glance, for endpoint.lua's
-- validation (loaded when a request gives such a field): filters and
-- order_by (against the item schema, and the API's own list when the
-- client has it), custom_mode, dates and times (the documented minimums and
-- windows), target lists (bulk), the target map of intersections and lists
-- of strings.  Each rule is written from the documentation and is never
-- stricter than the API: where the API's own clock decides (a year back,
-- six months back), one day of slack is left for time zones.
--
--   rules.value(name, spec, v, ctx) -> value to send | nil, reason, message [, index]
--     index: the 1-based position of the bad element of a list field
--     (targets[3], exclude_targets[2], order_by[1]; an intersection's key)
--     ctx = { e = <description>, api_filters = <available_filters' answer> | nil,
--             notes = {} (filled with what the client let through unchecked) }
--   rules.date_order(task, from, to) -> nil | field, reason, message
--   rules.window(task, name, back, what) -> nil | field, reason, message
local endpoint = require "dataforseo.api.endpoint"
local fields = require "dataforseo.api.fields"
local text = require "dataforseo.query.text"

local type, pairs, ipairs, next, tostring = type, pairs, ipairs, next, tostring
local show, os_time = text.show, os.time

local M = {}

local DAY = 86400
local SLACK = DAY          -- seconds of leeway where the API's own clock decides

-- Deep copy, so that later changes to the caller's tables cannot alter a
-- task that was validated (values checked here have no cycles: filters
-- are bounded in depth, the rest are flat).
local function copy(v)
    if type(v) ~= "table" then return v end
    local out = {}
    for k, x in pairs(v) do out[k] = copy(x) end
    return out
end

local function is_array(v)
    if type(v) ~= "table" then return false end
    local n = 0
    for _ in pairs(v) do n = n + 1 end
    return n == #v
end

------------------------------------------------------------------------------
-- filters, order_by: the item schema, and the API's list for it

-- The API's list for this field (available_filters names endpoints:
-- "anchors", ..., and "backlinks" for every backlinks_filters), as a schema.
local function api_schema(ctx, which)
    local list = ctx.api_filters
    if type(list) ~= "table" then return nil end
    local own = list[which == "item" and ctx.e.name or which]
    return type(own) == "table" and fields.from_api(own) or nil
end

local function schema_of(ctx, spec)
    if spec.schema == "item" or spec.schema == nil then return ctx.e.item end
    return fields.schema(spec.schema)
end

local function filters_value(name, spec, v, ctx)
    local schema = schema_of(ctx, spec)
    local ok, msg = require("dataforseo.query.filters").validate(v, schema, name,
        api_schema(ctx, spec.available or "item"))
    if not ok then return nil, type(v) == "table" and "filter" or "type", msg end
    for _, note in ipairs(msg or {}) do ctx.notes[#ctx.notes + 1] = note end
    return copy(v)
end

local function order_by_value(name, spec, v, ctx)
    if type(v) ~= "table" or (next(v) ~= nil and v[1] == nil) then
        return nil, "type", name .. ': expected an array of "field,asc" or "field,desc" strings, got '
            .. show(v)
    end
    if not is_array(v) then return nil, "type", name .. ": expected an array without holes or named keys" end
    local n = #v
    if n > spec.max_rules then
        return nil, name, name .. ": " .. n .. " sorting rules, at most " .. spec.max_rules .. " are allowed"
    end
    local schema, api = ctx.e.item or {}, nil
    for i = 1, n do
        local rule = v[i]
        local at = name .. "[" .. i .. "]: "
        if type(rule) ~= "string" then
            return nil, name, at .. show(rule) .. ' is not a string "field,asc" or "field,desc"', i
        end
        local field, dir = rule:match("^([^,]*),([^,]*)$")
        if not field then
            return nil, name, at .. show(rule) .. ' is not of the form "field,asc" or "field,desc"', i
        end
        local ftype = fields.lookup(schema, field)
        if ftype == nil then
            api = api or api_schema(ctx, "item") or false
            if api and fields.listed(api, field) then
                ftype = "api"
                ctx.notes[#ctx.notes + 1] = at .. show(field) .. " is unknown to this version of the "
                    .. "client; the API lists it, so it is sent and the server judges it"
            else
                local guess = fields.suggest_field(schema, field)
                return nil, name, at .. show(rule) .. ": unknown field " .. show(field)
                    .. (guess and (' (did you mean "' .. guess .. '"?)') or ""), i
            end
        end
        if ftype == "map" then
            return nil, name, at .. show(rule) .. ": " .. show(field)
                .. ' is a map; sort on one of its keys as "' .. field .. '.<key>"', i
        end
        if dir ~= "asc" and dir ~= "desc" then
            return nil, name, at .. show(rule) .. ": direction " .. show(dir) .. " must be asc or desc", i
        end
    end
    return copy(v)
end

-- custom_mode = { field = <one of spec.fields>, value = 1..1000 }
local function custom_mode_value(name, spec, v)
    if type(v) ~= "table" or v[1] ~= nil then
        return nil, "type", name .. ": " .. show(v) .. ' is not an object { field = "...", value = n }'
    end
    for k in pairs(v) do
        if k ~= "field" and k ~= "value" then
            return nil, "type", name .. ": unknown key " .. show(k) .. " (field, value)"
        end
    end
    local reason, msg = endpoint.string_problem(name .. ".field", { enum = spec.fields }, v.field)
    if not reason then reason, msg = endpoint.integer_problem(name .. ".value", { min = 1, max = 1000 }, v.value) end
    if reason then return nil, reason, msg end
    return copy(v)
end

------------------------------------------------------------------------------
-- Dates and times

local function calendar() return require "dataforseo.query.calendar" end

-- Seconds of today's midnight (UTC) less `years` and `months` (the day of
-- the month kept, or the month's last day).
local function back_from_today(years, months)
    local c = calendar()
    local y, m, d = c.civil_from_days(math.floor(os_time() / DAY))
    m = m - (months or 0)
    y = y - (years or 0)
    while m < 1 do m, y = m + 12, y - 1 end
    local last = c.days_in_month(y, m)
    if d > last then d = last end
    return c.days_from_civil(y, m, d) * DAY
end

-- { type = "date", min = "yyyy-mm-dd" | nil, back = { years =, months = } | nil }
local function date_value(name, spec, v)
    local rule = 'a date "yyyy-mm-dd"'
    if type(v) ~= "string" then return nil, "type", name .. ": " .. show(v) .. " is not a string (" .. rule .. ")" end
    local t = v:match("^%d%d%d%d%-%d%d%-%d%d$") and calendar().parse(v)
    if not t then return nil, "format", name .. ": " .. show(v) .. " is not " .. rule end
    if spec.min and t < calendar().parse(spec.min) then
        return nil, "range", name .. ": " .. show(v) .. " is before " .. spec.min
            .. " (the earliest date the API has data for)"
    end
    if spec.back then
        local earliest = back_from_today(spec.back.years, spec.back.months)
        if t < earliest - SLACK then
            return nil, "range", name .. ": " .. show(v) .. " is more than " .. spec.back.text
                .. " back (the earliest the API takes is " .. calendar().date(earliest) .. ")"
        end
    end
    return v
end

-- { type = "datetime" }: "yyyy-mm-dd hh:mm:ss +00:00" (other offsets and
-- a bare date are taken too: the server judges them).
local function datetime_value(name, _, v)
    local rule = 'a time "yyyy-mm-dd hh:mm:ss +00:00"'
    if type(v) ~= "string" then return nil, "type", name .. ": " .. show(v) .. " is not a string (" .. rule .. ")" end
    if not calendar().parse(v) then return nil, "format", name .. ": " .. show(v) .. " is not " .. rule end
    return v
end

-- Across fields: `from` not after `to` (dates or times), when both are given.
function M.date_order(task, from, to)
    local a, b = task[from], task[to]
    if type(a) ~= "string" or type(b) ~= "string" then return nil end
    local ta, tb = calendar().parse(a), calendar().parse(b)
    if ta and tb and ta > tb then
        return from, "range", from .. ": " .. show(a) .. " is after " .. to .. " " .. show(b)
    end
end

-- Across fields: task[name] not further back than `back` ({ years, months,
-- text }) from today.
function M.window(task, name, back)
    local t = type(task[name]) == "string" and calendar().parse(task[name])
    if not t then return nil end
    local earliest = back_from_today(back.years, back.months)
    if t < earliest - SLACK then
        return name, "range", name .. ": " .. show(task[name]) .. " is more than " .. back.text
            .. " back (the earliest the API takes is " .. calendar().format(earliest) .. ")"
    end
end

------------------------------------------------------------------------------
-- Targets

local function target_problem_at(spec, at, t)
    if type(t) ~= "string" then
        return "type", at .. ": " .. show(t) .. " is not a string (" .. (spec.rule or endpoint.TARGET_RULE) .. ")"
    end
    local p = (spec.domain_only and endpoint.domain_problem or endpoint.target_problem)(t)
    if p then
        return "format", at .. ": " .. show(t) .. " " .. p .. "; expected " .. (spec.rule or endpoint.TARGET_RULE)
    end
end

-- { type = "targets", max = n | nil (any length: batched) }: an array of
-- targets, each checked and reported by its index.
local function targets_value(name, spec, v)
    if type(v) ~= "table" or not is_array(v) then
        return nil, "type", name .. ": expected an array of targets, got " .. show(v)
    end
    if #v == 0 then return nil, "required", name .. ": an empty array (at least one target is required)" end
    if spec.max and #v > spec.max then
        return nil, "range", name .. ": " .. #v .. " targets, at most " .. spec.max .. " are allowed"
    end
    for i = 1, #v do
        local reason, msg = target_problem_at(spec, name .. "[" .. i .. "]", v[i])
        if reason then return nil, reason, msg, i end
    end
    return copy(v)
end

-- { type = "target_map", max = 20 }: intersections' targets, as the API's
-- map { ["1"] = t, ["2"] = t, ... } (keys "1".."max") or a Lua array (it
-- becomes keys "1".."n").  -> the map, string keys.
local function target_map_value(name, spec, v)
    local rule = "an array of targets or a map of keys \"1\"..\"" .. spec.max .. "\" to targets"
    if type(v) ~= "table" or next(v) == nil then
        return nil, type(v) == "table" and "required" or "type",
            name .. ": expected " .. rule .. ", got " .. show(v)
    end
    local out, keys = {}, {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
    if #keys > spec.max then
        return nil, "range", name .. ": " .. #keys .. " targets, at most " .. spec.max .. " are allowed"
    end
    for _, k in ipairs(keys) do
        local n = tonumber(k)
        if not n or n ~= math.floor(n) or n < 1 or n > spec.max
            or (type(k) == "string" and not k:match("^[1-9]%d*$")) then
            return nil, "format", name .. ": key " .. show(k) .. " is not one of \"1\"..\"" .. spec.max
                .. "\" (" .. rule .. ")"
        end
        local key = string.format("%d", n)
        if out[key] ~= nil then
            return nil, "format", name .. ": key " .. key .. " is given twice (as a number and a string)"
        end
        local reason, msg = target_problem_at(spec, name .. "[\"" .. key .. "\"]", v[k])
        if reason then return nil, reason, msg, n end
        out[key] = v[k]
    end
    return out
end

-- { type = "string_list", max = n }: an array of strings (exclude_targets,
-- which may end in "*": the server reads the patterns).
local function string_list_value(name, spec, v)
    if type(v) ~= "table" or not is_array(v) then
        return nil, "type", name .. ": expected an array of strings, got " .. show(v)
    end
    if spec.max and #v > spec.max then
        return nil, "range", name .. ": " .. #v .. " entries, at most " .. spec.max .. " are allowed"
    end
    for i = 1, #v do
        if type(v[i]) ~= "string" or v[i] == "" or v[i]:find("[%s%c]") then
            return nil, "format", name .. "[" .. i .. "]: " .. show(v[i])
                .. " is not a domain, subdomain or page (a string without spaces)", i
        end
    end
    return copy(v)
end

local RULES = {
    filters = filters_value, order_by = order_by_value, custom_mode = custom_mode_value,
    date = date_value, datetime = datetime_value, targets = targets_value,
    target_map = target_map_value, string_list = string_list_value,
}

function M.value(name, spec, v, ctx)
    local rule = RULES[spec.type]
    if not rule then
        error("dataforseo.api.rules: field " .. name .. " has the unknown type " .. tostring(spec.type), 2)
    end
    return rule(name, spec, v, ctx)
end

return M
