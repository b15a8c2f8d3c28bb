-- What the Backlinks live endpoints accept, as the emulator reads the
-- documentation (each endpoint's page, "backlinks/filters", RE2's syntax):
-- its own rules, not the client's.  Where the documentation is silent the
-- emulator accepts (a client must never refuse what the API would take).
--
--   request.check(task[, endpoint]) -> nil | problem   (default: anchors/live)
--     problem = { code = 40501 | 40506, field = name, message = text }
--   request.checks_for(opts) -> { field = check(value, task) }   an endpoint's checks
--   request.FIELDS, request.ORDER, request.DEFAULTS    anchors/live's
-- Checked in the documented order after unknown names, so the first
-- problem reported is always the same one.
local filter = require("dataforseo_emulator.filter")
local utf8 = require("dataforseo_emulator.utf8")
local calendar = require("dataforseo_emulator.calendar")
local targets = require("dataforseo_emulator.targets")

local M = {}

local type, pairs, floor = type, pairs, math.floor

M.ORDER = { "target", "limit", "offset", "internal_list_limit", "backlinks_status_type", "filters",
    "order_by", "backlinks_filters", "include_subdomains", "include_indirect_links",
    "exclude_internal_backlinks", "rank_scale", "tag" }

M.DEFAULTS = {
    limit = 100, offset = 0, internal_list_limit = 10, backlinks_status_type = "live",
    include_subdomains = true, include_indirect_links = true, exclude_internal_backlinks = true,
    rank_scale = "one_thousand",
}

local MAX_ORDER_RULES = 3
local MAX_TAG = 255
-- The largest integer a JSON number carries exactly: beyond it two
-- different offsets would read as the same number.
local MAX_EXACT = 2 ^ 53 - 1

local function is_null(v) return type(v) == "userdata" end

local function integer_in(v, lo, hi)
    return type(v) == "number" and v == floor(v) and v >= lo and v <= hi
end

local function one_of(list)
    local set = {}
    for _, v in ipairs(list) do set[v] = true end
    return function(v) return type(v) == "string" and set[v] == true end
end

-- A host name: dot-separated labels of letters, digits and hyphens (any
-- non-ASCII byte too: internationalised names), none empty, none starting
-- or ending with a hyphen, at least two labels.
local function host_ok(host)
    if host == "" or #host > 253 then return false end
    local labels = 0
    for label in (host .. "."):gmatch("([^.]*)%.") do
        labels = labels + 1
        if label == "" or #label > 63 or label:find("[^%w%-\128-\255]")
            or label:sub(1, 1) == "-" or label:sub(-1) == "-" then
            return false
        end
    end
    return labels >= 2
end

local function text_ok(v)
    return type(v) == "string" and v ~= "" and utf8.valid(v) and not v:find("[%s%c]")
end

-- "a domain or a subdomain should be specified without https:// and www."
local function domain_target_ok(v)
    if not text_ok(v) or v:find("[/?#:]") or v:lower():sub(1, 4) == "www." then return false end
    return host_ok(v)
end

-- The above, or: "a page should be specified with absolute URL (including
-- http:// or https://)".
local function target_ok(v)
    if not text_ok(v) then return false end
    local scheme, rest = v:match("^(%a[%w+.%-]*)://(.*)$")
    if scheme then
        scheme = scheme:lower()
        if scheme ~= "http" and scheme ~= "https" then return false end
        local authority = rest:match("^([^/?#]*)")
        if authority:find("@", 1, true) then return false end
        local host, port = authority:match("^(%[[%x:.]+%])(.*)$")
        if not host then host, port = authority:match("^([^:]*)(.*)$") end
        if port ~= "" then
            local p = tonumber(port:match("^:(%d+)$") or "")
            if not p or p < 1 or p > 65535 then return false end
        end
        return host:sub(1, 1) == "[" or host_ok(host)
    end
    return domain_target_ok(v)
end

-- "field,asc" or "field,desc"; the field is one filters may name, but not
-- a whole map or an array.
local UNORDERED = { map = true, smap = true, array = true }
local function order_by_check(fields)
    return function(v)
        if not filter.is_list(v) then return false end
        local n = #v
        if n > MAX_ORDER_RULES then return false end
        for i = 1, n do
            local rule = v[i]
            if type(rule) ~= "string" then return false end
            local field, direction = rule:match("^([^,]*),([^,]*)$")
            if not field or (direction ~= "asc" and direction ~= "desc") then return false end
            local ftype = filter.field_type(fields, field)
            if ftype == nil or UNORDERED[ftype] then return false end
        end
        return true
    end
end

-- backlinks/live: "custom_mode": {"field": one of nine, "value": 1..1000},
-- both required, nothing else.
M.CUSTOM_MODE_FIELDS = { "anchor", "domain_from", "domain_from_country", "tld_from", "page_from_encoding",
    "page_from_language", "item_type", "page_from_status_code", "semantic_location" }
local custom_field_ok = one_of(M.CUSTOM_MODE_FIELDS)
local function custom_mode_ok(v)
    if type(v) ~= "table" or next(v) == nil or filter.is_list(v) then return false end
    for k in pairs(v) do
        if k ~= "field" and k ~= "value" then return false end
    end
    return custom_field_ok(v.field) and integer_in(v.value, 1, 1000)
end

local function boolean(v) return type(v) == "boolean" end

-- Bulk targets: as a target, and also a domain written with www. (the
-- documented bulk example lists "www.trustpilot.com").
local function bulk_target_ok(v)
    return target_ok(v) or (text_ok(v) and v:lower():sub(1, 4) == "www." and domain_target_ok(v:sub(5)))
end

-- "targets": an array of 1..max targets, from at most max_domains root
-- domains (bulk_pages_summary: 100).
local function targets_list(max, max_domains)
    return function(v)
        if not filter.is_list(v) or #v == 0 or #v > max then return false end
        local domains, count = {}, 0
        for i = 1, #v do
            if not bulk_target_ok(v[i]) then return false end
            if max_domains then
                local site = targets.parse(v[i]).site
                if not domains[site] then
                    domains[site], count = true, count + 1
                    if count > max_domains then return false end
                end
            end
        end
        return true
    end
end

-- The intersections' "targets": an object keyed "1".."20", a target each.
M.MAX_INTERSECTION_TARGETS = 20
local function key_number(k)
    local n = type(k) == "string" and k:match("^[1-9]%d?$") and tonumber(k)
    return n and n <= M.MAX_INTERSECTION_TARGETS and n or nil
end
M.intersection_key = key_number

local function targets_map(v)
    if type(v) ~= "table" or next(v) == nil then return false end
    for k, t in pairs(v) do
        if not key_number(k) or not target_ok(t) then return false end
    end
    return true
end

-- exclude_targets: up to 10 targets; a page may end with * (every page
-- under it: "https://www.apple.com/iphone/*").
local function exclude_targets(v)
    if not filter.is_list(v) or #v > 10 then return false end
    for i = 1, #v do
        local t = v[i]
        if type(t) ~= "string" then return false end
        if t:sub(-1) == "*" and t:find("://", 1, true) then t = t:sub(1, -2) end
        if not target_ok(t) then return false end
    end
    return true
end

-- Filter and order_by fields of the intersections: "1.backlinks", the
-- item's field after a key of the task's targets, and intersections_count.
local prefixed_cache = setmetatable({}, { __mode = "k" })
local function prefixed(fields, task_targets)
    local keys = {}
    for k in pairs(type(task_targets) == "table" and task_targets or {}) do
        if key_number(k) then keys[#keys + 1] = k end
    end
    table.sort(keys)
    local id = table.concat(keys, ",")
    local by_fields = prefixed_cache[fields] or {}
    prefixed_cache[fields] = by_fields
    if not by_fields[id] then
        local out = {}
        for _, k in ipairs(keys) do
            for name, t in pairs(fields) do out[k .. "." .. name] = t end
        end
        -- The number of targets an item links to (DataForSEO's update of
        -- 2023-03-23: "filters": ["intersections_count", "<=", 2]).
        out.intersections_count = "num"
        by_fields[id] = out
    end
    return by_fields[id]
end
M.prefixed = prefixed

-- Dates "yyyy-mm-dd": date_from from `min` (a date, or a function of
-- today), not after date_to; date_to not before date_from.  With
-- up_to_today (the time series: "maximum value: today's date") date_to
-- is not after today, and a date_from without date_to not after today.
local function date_from_check(min, up_to_today)
    return function(v, task)
        local t = calendar.date_of(v)
        if not t then return false end
        local lowest = type(min) == "function" and min(calendar.today()) or calendar.date_of(min)
        if t < lowest then return false end
        local to = task.date_to ~= nil and calendar.date_of(task.date_to) or nil
        if up_to_today and (to == nil or to > calendar.today()) then to = calendar.today() end
        return to == nil or t <= to
    end
end

local function date_to_check(up_to_today)
    return function(v, task)
        local t = calendar.date_of(v)
        if not t or (up_to_today and t > calendar.today()) then return false end
        local from = task.date_from ~= nil and calendar.date_of(task.date_from) or nil
        return from == nil or t >= from
    end
end

-- id_list's datetime_from: six months back at most (one with
-- include_metadata); errors': the last 7 days; not after datetime_to.
-- "Maximum value: current datetime", give or take CLOCK_SLACK seconds: a
-- client's clock runs a little ahead or behind the server's.
local CLOCK_SLACK = 300
local function datetime_check(back, field_after)
    return function(v, task)
        local t = calendar.datetime_of(v)
        if not t then return false end
        local now = os.time()
        if t > now + CLOCK_SLACK or t < back(now, task) then return false end
        local after = field_after and task[field_after] ~= nil and calendar.datetime_of(task[field_after]) or nil
        return after == nil or t <= after
    end
end

local function months_back(now, task)
    local today = calendar.day(now)
    return now - (today - calendar.add_months(today, task.include_metadata == true and -1 or -6))
end
local function week_back(now) return now - 7 * calendar.DAY end
local function year_back(today) return calendar.add_months(today, -12) end

-- The checks of an endpoint's fields.  opts: order (its field names),
-- item_fields (what filters and order_by may name), prefixed (those
-- fields after a key of targets: the intersections), max_offset,
-- domain_only (target: a domain or subdomain, no page URL), max_domains
-- (bulk targets' root domains), date_min (history, time series),
-- up_to_today (the time series' dates), recent (errors: the last 7 days).
function M.checks_for(opts)
    local fields_of = function() return opts.item_fields end
    if opts.prefixed then fields_of = function(task) return prefixed(opts.item_fields, task.targets) end end
    local all = {
        target = opts.domain_only and domain_target_ok or target_ok,
        targets = opts.prefixed and targets_map or targets_list(1000, opts.max_domains),
        exclude_targets = exclude_targets,
        limit = function(v) return integer_in(v, 1, 1000) end,
        offset = function(v) return integer_in(v, 0, opts.max_offset or MAX_EXACT) end,
        internal_list_limit = function(v) return integer_in(v, 1, 1000) end,
        backlinks_status_type = one_of({ "all", "live", "lost" }),
        filters = function(v, task) return filter.check(v, fields_of(task)) end,
        order_by = function(v, task) return order_by_check(fields_of(task))(v) end,
        backlinks_filters = function(v) return filter.check(v, filter.BACKLINK_FIELDS) end,
        include_subdomains = boolean,
        include_indirect_links = boolean,
        exclude_internal_backlinks = boolean,
        rank_scale = one_of({ "one_hundred", "one_thousand" }),
        tag = function(v) return type(v) == "string" and utf8.valid(v) and utf8.length(v) <= MAX_TAG end,
        mode = one_of({ "as_is", "one_per_domain", "one_per_anchor" }),
        custom_mode = custom_mode_ok,
        search_after_token = function(v) return type(v) == "string" and v ~= "" end,
        network_address_type = one_of({ "ip", "subnet" }),
        main_domain = boolean,
        exclude_large_domains = boolean,
        intersection_mode = one_of({ "all", "partial" }),
        date_from = date_from_check(opts.date_min or year_back, opts.up_to_today),
        date_to = date_to_check(opts.up_to_today),
        group_range = one_of({ "day", "week", "month", "year" }),
        datetime_from = datetime_check(opts.recent and week_back or months_back, "datetime_to"),
        datetime_to = datetime_check(opts.recent and week_back or function() return -math.huge end),
        sort = one_of({ "asc", "desc" }),
        include_metadata = boolean,
        filtered_function = function(v) return type(v) == "string" and utf8.valid(v) end,
    }
    local checks = {}
    for _, name in ipairs(opts.order) do checks[name] = assert(all[name], name) end
    return checks
end

local CHECKS = M.checks_for({ order = M.ORDER, item_fields = filter.ANCHOR_FIELDS })
local REQUIRED = { target = true }
M.FIELDS = CHECKS

local function invalid(field)
    return { code = 40501, field = field, message = "Invalid Field: '" .. field .. "'." }
end

M.invalid = invalid

-- task: a decoded JSON object.  JSON null counts as not given.  endpoint:
-- { order =, checks =, required = } (endpoints.lua); anchors/live's when nil.
function M.check(task, endpoint)
    local order, checks = M.ORDER, CHECKS
    if endpoint then order, checks = endpoint.order, endpoint.checks end
    local unknown
    for k in pairs(task) do
        if checks[k] == nil and (unknown == nil or tostring(k) < unknown) then unknown = tostring(k) end
    end
    if unknown then
        return { code = 40506, field = unknown, message = "Unknown Fields in POST Data: '" .. unknown .. "'." }
    end
    local required = endpoint and endpoint.required or REQUIRED
    for _, name in ipairs(order) do
        local v = task[name]
        if v == nil or is_null(v) then
            if required[name] then return invalid(name) end
        elseif not checks[name](v, task) then
            return invalid(name)
        end
    end
    return nil
end

-- A validated task without its JSON nulls (not given: the defaults
-- apply); the task itself when it has none.
function M.without_nulls(task)
    local t
    for _, v in pairs(task) do
        if is_null(v) then t = {} end
    end
    if not t then return task end
    for k, v in pairs(task) do
        if not is_null(v) then t[k] = v end
    end
    return t
end

return M
