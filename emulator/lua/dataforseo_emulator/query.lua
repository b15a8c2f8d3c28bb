-- One Backlinks task, end to end, with the per-process caches that make
-- repeated and paginated requests cheap:
--   site graph        keyed by site
--   selected rows     keyed by target + every parameter used before grouping
--   grouped items     keyed by the above + the grouping
--   filtered+ordered  keyed by the above + filters + order_by (+ mode)
-- Offset/limit (or a search_after_token) then only slice the cached,
-- totally ordered list, so pages never overlap or skip.  Each endpoint's
-- aggregation is built on its first request for a target.  Runs in nginx
-- (filters use ngx.re; tokens live in a shared dictionary).
local graph = require("dataforseo_emulator.graph")
local aggregate = require("dataforseo_emulator.aggregate")
local targets = require("dataforseo_emulator.targets")
local envelope = require("dataforseo_emulator.envelope")
local filter = require("dataforseo_emulator.filter")
local endpoints = require("dataforseo_emulator.endpoints")
local request = require("dataforseo_emulator.request")
local tokens = require("dataforseo_emulator.token")
local state = require("dataforseo_emulator.state")
local calendar = require("dataforseo_emulator.calendar")

local M = {}

local concat, path_value = table.concat, filter.path_value

M.DEFAULT_ORDER = endpoints.anchors.default_order

-- A small cache that forgets its oldest entries beyond `size`.
function M.new_cache(size)
    local values, order = {}, {}
    local cache = {}
    function cache.get(key) return values[key] end
    function cache.put(key, value)
        if values[key] == nil then
            order[#order + 1] = key
            if #order > size then
                values[table.remove(order, 1)] = nil
            end
        end
        values[key] = value
        return value
    end
    function cache.clear() values, order = {}, {} end
    return cache
end

local new_cache = M.new_cache
local graphs = new_cache(4)
local selections = new_cache(16)
local groups = new_cache(24)
local ordered = new_cache(64)

function M.clear_caches()
    graphs.clear(); selections.clear(); groups.clear(); ordered.clear()
end

-- The moment a site's graph stands at: the end of the day the setting
-- graph_dates[site] names, else graph_date's, else graph.NOW (where the
-- data has always been), so a day's point of a time series and the graph
-- moved to that day agree.
function M.date_of(site)
    local settings = state.settings()
    local dates = settings.graph_dates
    local date = type(dates) == "table" and dates[site] or nil
    if date == nil or date == "" then date = settings.graph_date end
    if not date or date == "" then return graph.NOW end
    return calendar.date_of(date) + calendar.DAY - 1
end

-- transient: a site that is not one of the fixed ones is built but not
-- kept (bulk and competitors read many small sites once; the cache keeps
-- the few large ones other requests page through).
function M.graph(site, transient)
    local date = M.date_of(site)
    local key = site .. "@" .. date
    local G = graphs.get(key)
    if G then return G end
    G = graph.build(site, date)
    if transient and not targets.fixed[site] then return G end
    return graphs.put(key, G)
end

local function flag(v, default)
    if v == nil then return default end
    return v and "1" or "0"
end

local function compile(expr, fields)
    if expr == nil or (type(expr) == "table" and next(expr) == nil) then return nil end
    return filter.compile(expr, fields)
end

-- A predicate over row numbers from one over backlinks/live items.
local function row_predicate(G, pred, scale)
    local view = G:row_view(scale)
    local row, set = view.row, view.set
    return function(i) set(i); return pred(row) end
end

-- The target's backlinks after the narrowing every endpoint shares.
-- -> G, rows, key  (transient: see M.graph)
function M.selection(task, transient)
    local scale = task.rank_scale or "one_thousand"
    local G = M.graph(targets.parse(task.target).site, transient)
    local key = concat({
        task.target, G.now, flag(task.include_subdomains, "1"), flag(task.include_indirect_links, "1"),
        flag(task.exclude_internal_backlinks, "1"), task.backlinks_status_type or "live", scale,
        envelope.request_value(task.backlinks_filters or {}),
    }, "\0")
    local rows = selections.get(key)
    if not rows then
        local pred = compile(task.backlinks_filters, filter.BACKLINK_FIELDS)
        local keep = pred and row_predicate(G, pred, scale) or nil
        rows = selections.put(key, aggregate.select(G, task.target, task, keep))
    end
    return G, rows, key
end

-- Builders of each grouping's items: (G, task, rows, scale) -> items.
local BUILD = {}

BUILD.anchor = function(G, _, rows, scale) return aggregate.group(G, rows, scale) end

BUILD.main_domain = function(G, _, rows, scale)
    local D, r_dom = G.domains, G.r_dom
    return aggregate.group_by(G, rows, function(i) return D.main_id[r_dom[i]] end, scale, function(item, _, list)
        item.type = "backlinks_referring_domain"
        item.domain = D.main[r_dom[list[1]]]
    end)
end

local function networks(subnet)
    return function(G, _, rows, scale)
        local D, r_dom = G.domains, G.r_dom
        local ids = subnet and D.subnet_id or D.ip_id
        return aggregate.group_by(G, rows, function(i) return ids[r_dom[i]] end, scale, function(item, _, list)
            item.type = "backlinks_referring_network"
            item.network_address = G:network_address(r_dom[list[1]], subnet)
        end)
    end
end
BUILD.ip, BUILD.subnet = networks(false), networks(true)

-- Pages of the target: each linked URL of a domain target; a page target
-- is one page (its indirect links included).
BUILD.page = function(G, task, rows, scale)
    local t = targets.parse(task.target)
    local key_of = G.r_to
    if t.kind == "page" then key_of = function() return 0 end end
    return aggregate.group_by(G, rows, key_of, scale, function(item, key)
        item.type = "backlinks_page_summary"
        item.url = key == 0 and t.url or G.urls[key].url
    end)
end

local function page_summary_label(item) item.type = nil end

-- Every page of a domain target, with the summary of its backlinks.
BUILD.target_page = function(G, task, rows, scale)
    local by_page = {}
    for _, item in ipairs(aggregate.group_by(G, rows, G.r_to, scale, function(item, key)
        item.url_id = key
    end)) do by_page[item.url_id] = item end
    local items = {}
    for _, u in ipairs(aggregate.target_pages(G, task.target, task.include_subdomains)) do
        local item = G:page(u)
        item.type = "backlinks_domain_page"
        item.page_summary = by_page[u] or aggregate.group_by(G, {}, false, scale, page_summary_label)[1]
        items[#items + 1] = item
    end
    return items
end

function M.grouped(task, ep, transient)
    local G, rows, skey = M.selection(task, transient)
    local how = ep.grouping
    if how == "network" then how = task.network_address_type or "ip" end
    local key = skey .. "\0" .. how
    local hit = groups.get(key)
    if hit then return hit, key end
    return groups.put(key, BUILD[how](G, task, rows, task.rank_scale or "one_thousand")), key
end

-- Reads a field of an item for ordering; "map.key" reads inside a map.
local function getter(fields, name)
    local _, map, key = filter.field_type(fields, name)
    if map then
        return function(item)
            local m = path_value(item, map)
            return m and m[key] or nil
        end
    end
    return function(item)
        local v = path_value(item, name)
        if type(v) == "boolean" then return v and 1 or 0 end
        return v
    end
end

local function rules_of(order_by, fields)
    local rules = {}
    for _, rule in ipairs(order_by) do
        local name, dir = rule:match("^%s*(.-)%s*,%s*(%a+)%s*$")
        rules[#rules + 1] = { name = name, get = getter(fields, name), desc = dir:lower() == "desc" }
    end
    return rules
end

-- a before b by one rule, or nil when they tie.  Missing values (null
-- lost_date, absent map key) sort lowest.
local function before(va, vb, desc)
    if va == vb then return nil end
    if va == nil then return not desc end
    if vb == nil then return desc end
    if desc then return va > vb end
    return va < vb
end

-- A total order: the order_by rules, then the tie field (unique within a
-- grouping), so equal sort keys never make pages overlap.
local function comparator(order_by, fields, tie)
    local rules = rules_of(order_by, fields)
    return function(a, b)
        for r = 1, #rules do
            local rule = rules[r]
            local result = before(rule.get(a), rule.get(b), rule.desc)
            if result ~= nil then return result end
        end
        return (a[tie] or "") < (b[tie] or "")
    end
end

local function order_by_of(task, ep)
    local order_by = task.order_by
    if order_by == nil or next(order_by) == nil then order_by = ep.default_order end
    return order_by
end

local function slice(list, from, limit)
    local page = {}
    for i = from + 1, math.min(#list, from + limit) do page[#page + 1] = list[i] end
    return page
end

-- items filtered by `filters` and sorted by `order_by` (fields: what
-- they may name), ties broken by the field `tie`: a new list.
function M.arrange(items, filters, order_by, fields, tie)
    local pred = compile(filters, fields)
    local list = {}
    for i = 1, #items do
        if not pred or pred(items[i]) then list[#list + 1] = items[i] end
    end
    table.sort(list, comparator(order_by, fields, tie))
    return list
end

M.slice = slice

-- A validated task of a grouping endpoint (endpoint: endpoints.lua;
-- anchors/live when nil).  Returns { total_count =, items = page }.
function M.run(task, ep)
    ep = ep or endpoints.anchors
    local items, gkey = M.grouped(task, ep)
    local order_by = order_by_of(task, ep)
    local key = gkey .. "\0" .. envelope.request_value(task.filters or {}) .. "\0" ..
        envelope.request_value(order_by)
    local list = ordered.get(key) or ordered.put(key, M.arrange(items, task.filters, order_by, ep.item_fields, ep.tie))
    return { total_count = #list, items = slice(list, task.offset or 0, task.limit or 100) }
end

------------------------------------------------------------------------------
-- backlinks/live: the rows themselves.

local getters = graph.row_getters

-- Rows sorted by order_by (values read once per row), ties by row number.
local function sort_rows(G, rows, order_by, scale)
    local rules = rules_of(order_by, filter.BACKLINK_FIELDS)
    for _, rule in ipairs(rules) do
        local get, values = getters[rule.name], {}
        for k = 1, #rows do
            local i = rows[k]
            local v = get(G, i, scale)
            if type(v) == "boolean" then v = v and 1 or 0 end
            values[i] = v
        end
        rule.values = values
    end
    table.sort(rows, function(a, b)
        for r = 1, #rules do
            local rule = rules[r]
            local result = before(rule.values[a], rule.values[b], rule.desc)
            if result ~= nil then return result end
        end
        return a < b
    end)
    return rows
end

-- mode / custom_mode: at most `value` backlinks per value of `field`, the
-- ones with the highest rank (ties: the earlier row).
local function per_field(G, rows, field, value, scale)
    local strongest = sort_rows(G, rows, { "rank,desc" }, scale)
    local get, count, kept = getters[field], {}, {}
    for k = 1, #strongest do
        local i = strongest[k]
        local v = get(G, i, scale)
        if v == nil then v = "\0null" end
        local n = (count[v] or 0) + 1
        count[v] = n
        if n <= value then kept[#kept + 1] = i end
    end
    return kept
end

local MODE_FIELD = { one_per_domain = "domain_from", one_per_anchor = "anchor" }

-- The request as a token remembers it: defaults filled in, without
-- search_after_token and tag (an echo only).
local function canonical(task, date)
    local t = { graph_date = date }
    for k, v in pairs(task) do
        if k ~= "search_after_token" and k ~= "tag" then t[k] = v end
    end
    t.mode = t.mode or "as_is"
    t.offset, t.limit = t.offset or 0, t.limit or 100
    t.backlinks_status_type = t.backlinks_status_type or "live"
    t.include_subdomains = flag(t.include_subdomains, "1") == "1"
    t.exclude_internal_backlinks = flag(t.exclude_internal_backlinks, "1") == "1"
    t.rank_scale = t.rank_scale or "one_thousand"
    return envelope.request_value(t)
end

-- A validated backlinks/live task.  Returns { total_count =, rows = page,
-- G =, scale =, token = next search_after_token or nil }, or nil and a
-- problem (a search_after_token that is not good for this request).
function M.backlinks(task)
    local G, rows, skey = M.selection(task)
    local scale = task.rank_scale or "one_thousand"
    local order_by = order_by_of(task, endpoints.backlinks)
    local field, value = MODE_FIELD[task.mode or "as_is"], 1
    if task.custom_mode then field, value = task.custom_mode.field, task.custom_mode.value end
    local key = skey .. "\0backlinks\0" .. envelope.request_value(task.filters or {}) .. "\0" ..
        envelope.request_value(order_by) .. "\0" .. tostring(field) .. "\0" .. value
    local list = ordered.get(key)
    if not list then
        local pred = compile(task.filters, filter.BACKLINK_FIELDS)
        list = {}
        local keep = pred and row_predicate(G, pred, scale)
        for k = 1, #rows do
            if not keep or keep(rows[k]) then list[#list + 1] = rows[k] end
        end
        if field then list = per_field(G, list, field, value, scale) end
        ordered.put(key, sort_rows(G, list, order_by, scale))
    end
    local raw = canonical(task, G.now)
    local position, serial = task.offset or 0, nil
    if task.search_after_token then
        local parent
        position, serial, parent = tokens.redeem(task.search_after_token, raw)
        if not position then return nil, request.invalid("search_after_token") end
        if parent then tokens.spend(parent) end
    end
    local page = slice(list, position, task.limit or 100)
    local next_token
    if #page > 0 then next_token = tokens.issue(raw, position, position + #page, serial) end
    return { total_count = #list, rows = page, G = G, scale = scale, token = next_token }
end

------------------------------------------------------------------------------
-- backlinks/summary/live: every selected backlink in one group.

-- A validated summary task -> the summary item (with crawled_pages, info,
-- internal/external_links_count) and the graph.
function M.summary(task, transient)
    local G, rows, skey = M.selection(task, transient)
    local key = skey .. "\0summary"
    local item = groups.get(key)
    if not item then
        local scale = task.rank_scale or "one_thousand"
        item = aggregate.group_by(G, rows, false, scale, function() end)[1]
        local pages = aggregate.target_pages(G, task.target, task.include_subdomains)
        local internal, external = 0, 0
        for _, u in ipairs(pages) do
            local meta = G:page(u).meta
            internal, external = internal + meta.internal_links_count, external + meta.external_links_count
        end
        item.crawled_pages, item.internal_links_count, item.external_links_count = #pages, internal, external
        item.info = G:info()
        groups.put(key, item)
    end
    return item, G
end

return M
