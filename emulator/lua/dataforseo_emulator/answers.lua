-- The result of a validated task of each endpoint kind (endpoints.lua),
-- as the JSON text of the task's `result` array:
--
--   answers.run(ep, valid, ctx) -> result_json, items_charged, result_count
--                                | nil, problem
--   answers.get(ep) -> the one result object of a free GET endpoint
-- ctx: { login = } (errors and id_list read the login's own tasks).
-- Every answer reads the graph of its target (query.lua): the bulk items
-- are each target's summary, the time series end at the summary, the
-- intersections and competitors share the referring domains lists.
local query = require("dataforseo_emulator.query")
local request = require("dataforseo_emulator.request")
local envelope = require("dataforseo_emulator.envelope")
local items = require("dataforseo_emulator.items")
local json = require("dataforseo_emulator.json")
local targets = require("dataforseo_emulator.targets")
local calendar = require("dataforseo_emulator.calendar")
local timeline = require("dataforseo_emulator.timeline")
local aggregate = require("dataforseo_emulator.aggregate")
local intersect = require("dataforseo_emulator.intersect")
local endpoints = require("dataforseo_emulator.endpoints")
local books = require("dataforseo_emulator.books")
local graph = require("dataforseo_emulator.graph")

local M = {}

local concat, format = table.concat, string.format

-- internal_list_limit caps these maps.  The documentation names five; the
-- documented example also caps referring_links_countries at 10 entries,
-- so the emulator caps all six.
M.LIMITED_MAPS = {
    referring_links_tld = true, referring_links_types = true, referring_links_attributes = true,
    referring_links_platform_types = true, referring_links_semantic_locations = true,
    referring_links_countries = true,
}

local DEFAULT_LIST_LIMIT = request.DEFAULTS.internal_list_limit

local function list_limit(valid) return valid.internal_list_limit or DEFAULT_LIST_LIMIT end

local function integer(n) return format("%d", n) end

-- '[{"k":v,...,"items_count":n,"items":[...]}]' with the fields before.
local function result_of(head, texts)
    local parts = { "[{" }
    for _, field in ipairs(head) do parts[#parts + 1] = json.quote(field[1]) .. ":" .. field[2] .. "," end
    parts[#parts + 1] = '"items_count":' .. integer(#texts) .. ',"items":[' .. concat(texts, ",") .. "]}]"
    return concat(parts)
end

local RUN = {}

------------------------------------------------------------------------------
-- The grouping endpoints, backlinks/live, the summary

-- Encoded items per endpoint and internal_list_limit, weakly keyed by the
-- cached item tables: paging through a large result encodes each item once.
local texts_by_limit = {}
local function item_texts(fn, limit)
    local key = fn .. ":" .. limit
    local t = texts_by_limit[key]
    if not t then
        t = setmetatable({}, { __mode = "k" })
        texts_by_limit[key] = t
    end
    return t
end

local ENCODE = {
    anchors = function(item, limit) return envelope.item(item, limit, M.LIMITED_MAPS) end,
    referring_domains = function(item, limit) return items.group(item, "domain", limit) end,
    referring_networks = function(item, limit) return items.group(item, "network_address", limit) end,
    domain_pages_summary = function(item, limit) return items.group(item, "url", limit) end,
    domain_pages = items.domain_page,
}

function RUN.list(ep, valid)
    local result = query.run(valid, ep)
    local texts = {}
    local limit = list_limit(valid)
    local cache = item_texts(ep.fn, limit)
    local encode = ENCODE[ep.fn]
    for i, item in ipairs(result.items) do
        local text = cache[item]
        if not text then
            text = encode(item, limit)
            cache[item] = text
        end
        texts[i] = text
    end
    return envelope.result(valid.target, result.total_count, texts), #texts
end

function RUN.backlinks(_, valid)
    local result, problem = query.backlinks(valid)
    if not result then return nil, problem end
    local texts = {}
    for k, i in ipairs(result.rows) do texts[k] = items.backlink(result.G, i, result.scale) end
    return items.backlinks_result(valid.target, valid, result.total_count, texts, result.token), #texts
end

-- The summary is charged as one result.
function RUN.summary(_, valid)
    local item = query.summary(valid)
    return "[" .. items.summary(valid.target, item, list_limit(valid)) .. "]", 1
end

------------------------------------------------------------------------------
-- Bulk: one item per target, each from the target's summary (default
-- narrowing) or its changes since date_from.  Item texts are kept: a
-- thousand targets asked again cost nothing.

local bulk_texts = query.new_cache(8192)

local function changes_since(target, since)
    local G, rows = query.selection({ target = target, backlinks_status_type = "all" }, true)
    return timeline.series(G, rows, { since + calendar.DAY - 1, math.huge }, "one_thousand")[1]
end

local REFERRING = { "target", "referring_domains", "referring_domains_nofollow", "referring_main_domains",
    "referring_main_domains_nofollow" }
local NEW_LOST = { "target", "new_backlinks", "lost_backlinks" }
local NEW_LOST_DOMAINS = { "target", "new_referring_domains", "lost_referring_domains", "new_referring_main_domains",
    "lost_referring_main_domains" }

local function summary_of(target, valid)
    return query.summary({ target = target, rank_scale = valid.rank_scale,
        include_subdomains = valid.include_subdomains }, true)
end

local function with_target(t, target)
    return setmetatable({ target = target }, { __index = t })
end

local BULK = {
    bulk_ranks = function(target, valid)
        return items.object({ "target", "rank" }, with_target(summary_of(target, valid), target))
    end,
    bulk_backlinks = function(target, valid)
        return items.object({ "target", "backlinks" }, with_target(summary_of(target, valid), target))
    end,
    bulk_spam_score = function(target, valid)
        local s = summary_of(target, valid)
        return items.object({ "type", "target", "spam_score" },
            { type = "backlinks_bulk_spam_score", target = target, spam_score = s.info.target_spam_score })
    end,
    bulk_referring_domains = function(target, valid)
        return items.object(REFERRING, with_target(summary_of(target, valid), target))
    end,
    bulk_new_lost_backlinks = function(target, _, since)
        return items.object(NEW_LOST, with_target(changes_since(target, since), target))
    end,
    bulk_new_lost_referring_domains = function(target, _, since)
        return items.object(NEW_LOST_DOMAINS, with_target(changes_since(target, since), target))
    end,
    bulk_pages_summary = function(target, valid)
        local s = summary_of(target, valid)
        local site = query.summary({ target = targets.parse(target).site, rank_scale = valid.rank_scale }, true)
        local head = items.object({ "type", "url", "rank", "main_domain_rank", "backlinks", "first_seen", "lost_date",
            "backlinks_spam_score" }, setmetatable({ type = "backlinks_bulk_pages_summary", url = target,
            main_domain_rank = site.rank }, { __index = s }))
        return head:sub(1, -2) .. "," .. items.counts(s, DEFAULT_LIST_LIMIT) .. "}"
    end,
}

-- bulk_new_lost: since date_from (default: a month before today).
local function since_of(valid)
    if valid.date_from then return calendar.date_of(valid.date_from) end
    return calendar.add_months(calendar.today(), -1)
end

function RUN.bulk(ep, valid)
    local since = since_of(valid)
    local encode = BULK[ep.fn]
    local texts = {}
    local params = format("%s\0%s\0%s\0%s", ep.fn, tostring(valid.rank_scale), tostring(valid.include_subdomains),
        tostring(since))
    for i, target in ipairs(valid.targets) do
        local key = params .. "\0" .. target .. "\0" .. query.date_of(targets.parse(target).site)
        texts[i] = bulk_texts.get(key) or bulk_texts.put(key, encode(target, valid, since))
    end
    local head = {}
    if ep.fn == "bulk_pages_summary" then head[1] = { "total_count", integer(#texts) } end
    return result_of(head, texts), #texts
end

------------------------------------------------------------------------------
-- Competitors and intersections

local function page_of(list, valid)
    return query.slice(list, valid.offset or 0, valid.limit or 100), #list
end

function RUN.competitors(_, valid)
    local page, total = page_of(intersect.competitors(valid), valid)
    local texts = {}
    for i, item in ipairs(page) do texts[i] = items.object({ "type", "target", "rank", "intersections" }, item) end
    return result_of({ { "target", json.quote(valid.target) }, { "total_count", integer(total) } }, texts), #texts
end

local KEY_ORDER = {}
for k = 1, request.MAX_INTERSECTION_TARGETS do KEY_ORDER[tostring(k)] = k end

local function targets_json(valid) return json.encode(valid.targets, { first = KEY_ORDER }) end

local function intersection_item(name, view, keys, entry_text)
    local parts = {}
    for _, k in ipairs(keys) do
        if view[k] then parts[#parts + 1] = json.quote(k) .. ":" .. entry_text(view[k]) end
    end
    return '{"' .. name .. '":{' .. concat(parts, ",") .. '},"summary":{"intersections_count":' ..
        integer(view.count) .. "}}"
end

function RUN.domain_intersection(_, valid)
    local keys = intersect.keys(valid.targets)
    local page, total = page_of(intersect.domains(valid), valid)
    local limit = list_limit(valid)
    local texts = {}
    for i, view in ipairs(page) do
        texts[i] = intersection_item("domain_intersection", view, keys,
            function(entry) return items.group(entry, "target", limit) end)
    end
    return result_of({ { "targets", targets_json(valid) }, { "total_count", integer(total) } }, texts), #texts
end

function RUN.page_intersection(_, valid)
    local keys = intersect.keys(valid.targets)
    local page, total = page_of(intersect.pages(valid), valid)
    local texts = {}
    for i, view in ipairs(page) do
        texts[i] = intersection_item("page_intersection", view, keys, function(entry)
            local list, out = entry.list, {}
            for k, row in ipairs(list.rows) do out[k] = items.backlink(list.G, row, list.scale) end
            return "[" .. concat(out, ",") .. "]"
        end)
    end
    return result_of({ { "targets", targets_json(valid) }, { "total_count", integer(total) } }, texts), #texts
end

------------------------------------------------------------------------------
-- Over time

local SERIES = { "type", "date", "rank", "backlinks", "backlinks_nofollow", "referring_pages",
    "referring_pages_nofollow", "referring_domains", "referring_domains_nofollow", "referring_main_domains",
    "referring_main_domains_nofollow", "referring_ips", "referring_subnets" }
local NEW_LOST_SERIES = { "type", "date", "new_backlinks", "lost_backlinks", "new_referring_domains",
    "lost_referring_domains", "new_referring_main_domains", "lost_referring_main_domains" }
local HISTORY = { "type", "date", "rank", "backlinks", "new_backlinks", "lost_backlinks", "new_referring_domains",
    "lost_referring_domains", "crawled_pages", "info", "internal_links_count", "external_links_count" }

-- The dates a task asks for: date_from (default: min, or a year before
-- date_to), date_to (default today).
local function range(valid, min, default_back)
    local to = valid.date_to and calendar.date_of(valid.date_to) or calendar.today()
    local from = valid.date_from and calendar.date_of(valid.date_from)
    if not from then
        from = default_back and calendar.add_months(to, -12) or calendar.date_of(min)
        if from < calendar.date_of(min) then from = calendar.date_of(min) end
    end
    return from, to
end

local function series_of(valid, from, to, group_range)
    local task = { target = valid.target, backlinks_status_type = "all", include_subdomains = valid.include_subdomains }
    local G, rows = query.selection(task)
    local periods = timeline.periods(from, to, group_range)
    local bounds = timeline.bounds(periods)
    return timeline.series(G, rows, bounds, valid.rank_scale or "one_thousand"), periods, bounds, G, rows
end

local function dated_head(valid, from, to, group_range)
    local head = { { "target", json.quote(valid.target) }, { "date_from", json.quote(calendar.format_date(from)) },
        { "date_to", json.quote(calendar.format_date(to)) } }
    if group_range then head[4] = { "group_range", json.quote(group_range) } end
    return head
end

local function timeseries(ep, valid, names, type_name)
    local from, to = range(valid, ep.fn == "history" and "2019-01-01" or "2019-01-30", true)
    local group_range = valid.group_range or "month"
    local points, periods = series_of(valid, from, to, group_range)
    local texts = {}
    for i, point in ipairs(points) do
        point.type, point.date = type_name, calendar.format_time(periods[i].stop)
        texts[i] = items.object(names, point)
    end
    return result_of(dated_head(valid, from, to, group_range), texts), #texts
end

function RUN.timeseries(ep, valid)
    return timeseries(ep, valid, SERIES, "backlinks_timeseries_summary")
end

function RUN.timeseries_new_lost(ep, valid)
    return timeseries(ep, valid, NEW_LOST_SERIES, "backlinks_timeseries_new_lost_summary")
end

-- Month by month: the state at each month's end (its date: the month's
-- first day) with what came and went in it; from the graph's date on, the
-- summary itself.
function RUN.history(_, valid)
    local from, to = range(valid, "2019-01-01", false)
    local scale = valid.rank_scale or "one_thousand"
    local points, periods, bounds, G, rows = series_of(valid, from, to, "month")
    local summary = query.summary({ target = valid.target, rank_scale = valid.rank_scale })
    local texts = {}
    for i, point in ipairs(points) do
        local stop = bounds[i + 1]
        local state = summary
        if stop < G.now then
            state = aggregate.group_by(G, timeline.live_at(G, rows, stop), false, scale, function() end)[1]
        end
        local own = { type = "backlinks_history", date = calendar.format_time(periods[i].start),
            crawled_pages = summary.crawled_pages, info = summary.info,
            internal_links_count = summary.internal_links_count, external_links_count = summary.external_links_count }
        local fields = setmetatable(own, { __index = function(_, k)
            local v = point[k]
            if v == nil then v = state[k] end
            return v
        end })
        local head = items.object(HISTORY, fields)
        texts[i] = head:sub(1, -2) .. "," .. items.counts(state, DEFAULT_LIST_LIMIT) .. "}"
    end
    return result_of(dated_head(valid, from, to), texts), #texts
end

------------------------------------------------------------------------------
-- The account's own tasks (free): their result is the list itself.

local function as_array(_, depth, in_array) return depth == 0 or in_array end

function RUN.errors(_, valid, ctx)
    local list = books.errors(ctx.login, valid)
    return json.encode(list, { first = books.ERROR_ORDER, empty_array = as_array }), 0, #list
end

function RUN.id_list(_, valid, ctx)
    local list = books.id_list(ctx.login, valid)
    return json.encode(list, { first = books.ID_ORDER, empty_array = as_array }), 0, #list
end

function M.run(ep, valid, ctx)
    local result, count, result_count = RUN[ep.kind](ep, valid, ctx)
    if not result then return nil, count end
    return result, count, result_count or 1
end

------------------------------------------------------------------------------
-- Free GET endpoints

-- The index's totals: fixed figures that grow month by month to the
-- default graph date.
local function index()
    local history = {}
    local date = calendar.add_months(calendar.month_start(graph.NOW), -11)
    for k = 0, 11 do
        history[#history + 1] = { date = calendar.format_time(calendar.add_months(date, k)),
            total_backlinks = 2900000000000 + k * 21000000000, total_pages = 490000000000 + k * 3000000000 }
    end
    local last = history[#history]
    return { total_backlinks = last.total_backlinks, total_pages = last.total_pages, index_history = history }
end

-- The item fields of each endpoint that takes filters (backlinks: also
-- what backlinks_filters take; the intersections' without their key
-- prefix); a map is "<map>.*" (any key may follow the dot).
local function available_filters()
    local out = {}
    for name, fields in pairs(endpoints.FIELDS_BY_NAME) do
        local listing = {}
        for field, t in pairs(fields) do
            if t == "map" then listing[field .. ".*"] = "num"
            elseif t == "smap" then listing[field .. ".*"] = "str"
            elseif t == "array" then listing[field] = "array.str"
            else listing[field] = t end
        end
        out[name] = listing
    end
    return out
end

local GET = { index = index, available_filters = available_filters }

function M.get(ep) return GET[ep.kind]() end

return M
