-- The 24 Backlinks endpoints the emulator serves, one description each:
-- path and method, request fields in documented order with their checks
-- (and which are required), the item fields filters and order_by may name
-- (with filter types), the default order and the field that breaks ties,
-- whether it is paid, and how the answer is built (kind: "list" of grouped
-- items, "backlinks" rows, one "summary", "bulk" (one item per target),
-- "competitors", "domain_intersection", "page_intersection", "history",
-- "timeseries", "timeseries_new_lost", and the free "index",
-- "available_filters", "errors", "id_list").  Read by request.lua
-- (validation), answers.lua (answers), server.lua (routes) and
-- account.lua (prices, statistics).
local filter = require("dataforseo_emulator.filter")
local request = require("dataforseo_emulator.request")
local envelope = require("dataforseo_emulator.envelope")

local M = {}

-- The fields every aggregated item carries (anchors' without `anchor`).
local STATS = {}
for name, t in pairs(filter.ANCHOR_FIELDS) do
    if name ~= "anchor" then STATS[name] = t end
end

local function with(base, extra, drop)
    local t = {}
    for k, v in pairs(base) do if not (drop and drop[k]) then t[k] = v end end
    for k, v in pairs(extra) do t[k] = v end
    return t
end

M.REFERRING_DOMAIN_FIELDS = with(STATS, { domain = "str" })
-- The documentation lists no backlinks_spam_score for networks.
M.NETWORK_FIELDS = with(STATS, { network_address = "str" }, { backlinks_spam_score = true })
M.PAGE_SUMMARY_FIELDS = with(STATS, { url = "str" })

local PAGE_FIELDS = {
    main_domain = "str", domain = "str", tld = "str", page = "str", ip = "str", first_visited = "time",
    prev_visited = "time", fetch_time = "time", status_code = "num", location = "str", size = "num",
    encoded_size = "num", content_encoding = "str", media_type = "str", server = "str",
    ["meta.title"] = "str", ["meta.canonical"] = "str", ["meta.internal_links_count"] = "num",
    ["meta.external_links_count"] = "num", ["meta.images_count"] = "num", ["meta.words_count"] = "num",
    ["meta.page_spam_score"] = "num", ["meta.social_media_tags"] = "smap", ["meta.h1"] = "array",
    ["meta.h2"] = "array", ["meta.h3"] = "array", ["meta.images_alt"] = "array", ["meta.powered_by"] = "array",
    ["meta.language"] = "str", ["meta.charset"] = "str", ["meta.platform_type"] = "array",
    ["meta.technologies"] = "smap",
}
M.DOMAIN_PAGE_FIELDS = with(PAGE_FIELDS, {})
for name, t in pairs(STATS) do M.DOMAIN_PAGE_FIELDS["page_summary." .. name] = t end

local LIST_ORDER = { "target", "limit", "offset", "internal_list_limit", "backlinks_status_type", "filters",
    "order_by", "backlinks_filters", "include_subdomains", "include_indirect_links",
    "exclude_internal_backlinks", "rank_scale", "tag" }

local function without(list, name)
    local out = {}
    for _, v in ipairs(list) do if v ~= name then out[#out + 1] = v end end
    return out
end

local function after(list, name, new)
    local out = {}
    for _, v in ipairs(list) do
        out[#out + 1] = v
        if v == name then out[#out + 1] = new end
    end
    return out
end

-- Price: per request plus per returned item (the anchors page's example;
-- the other pages state no figure), the summary's one result counting as
-- an item.
M.PRICE = { per_request = envelope.BASE_COST, per_result = envelope.ITEM_COST }

-- e: fn, kind, order, and as needed item_fields, default_order, tie,
-- prefixed, max_offset, domain_only, max_domains, date_min, recent,
-- required (default: target), utility = "GET" | "POST" (free, not a live
-- path), defaults (of fields the answer reads).
local function endpoint(e)
    local segments = { "v3", "backlinks", e.fn }
    if not e.utility then segments[#segments + 1] = "live" end
    e.path = "/" .. table.concat(segments, "/")
    e.path_json = '["' .. table.concat(segments, '","') .. '"]'
    e.method = e.utility or "POST"
    e.paid = e.utility == nil
    e.required = e.required or { target = true }
    e.checks = request.checks_for({ order = e.order, item_fields = e.item_fields or {}, prefixed = e.prefixed,
        max_offset = e.max_offset, domain_only = e.domain_only, max_domains = e.max_domains,
        date_min = e.date_min, up_to_today = e.up_to_today, recent = e.recent })
    e.limits = {}
    for _, name in ipairs(e.order) do e.limits[name] = true end
    return e
end

M.anchors = endpoint({
    fn = "anchors", kind = "list", grouping = "anchor", order = request.ORDER,
    item_fields = filter.ANCHOR_FIELDS, default_order = { "backlinks,desc" }, tie = "anchor",
})

M.referring_domains = endpoint({
    fn = "referring_domains", kind = "list", grouping = "main_domain", order = LIST_ORDER,
    item_fields = M.REFERRING_DOMAIN_FIELDS, default_order = { "rank,desc" }, tie = "domain",
})

M.referring_networks = endpoint({
    fn = "referring_networks", kind = "list", grouping = "network",
    order = after(LIST_ORDER, "target", "network_address_type"),
    item_fields = M.NETWORK_FIELDS, default_order = { "rank,desc" }, tie = "network_address",
})

M.domain_pages_summary = endpoint({
    fn = "domain_pages_summary", kind = "list", grouping = "page", order = LIST_ORDER,
    item_fields = M.PAGE_SUMMARY_FIELDS, default_order = { "rank,desc" }, tie = "url",
})

-- A domain or subdomain only; no include_indirect_links.
M.domain_pages = endpoint({
    fn = "domain_pages", kind = "list", grouping = "target_page", domain_only = true,
    order = without(LIST_ORDER, "include_indirect_links"),
    item_fields = M.DOMAIN_PAGE_FIELDS, default_order = { "page_summary.rank,desc" }, tie = "page",
})

-- Offsets stop at 20,000; search_after_token goes on from there.  No
-- internal_list_limit, no backlinks_filters, no include_indirect_links.
M.MAX_BACKLINKS_OFFSET = 20000
M.backlinks = endpoint({
    fn = "backlinks", kind = "backlinks", max_offset = M.MAX_BACKLINKS_OFFSET,
    order = { "target", "mode", "custom_mode", "filters", "order_by", "offset", "search_after_token", "limit",
        "backlinks_status_type", "include_subdomains", "exclude_internal_backlinks", "rank_scale", "tag" },
    item_fields = filter.BACKLINK_FIELDS, default_order = { "rank,desc" },
})

-- One result, no items: no limit, offset, filters or order_by.
M.summary = endpoint({
    fn = "summary", kind = "summary",
    order = { "target", "include_subdomains", "include_indirect_links", "exclude_internal_backlinks",
        "internal_list_limit", "backlinks_status_type", "backlinks_filters", "rank_scale", "tag" },
})

-- Bulk: one item per target, in the order given; a domain target counts
-- the domain with its subdomains, as the summary does.
local BULK = { required = { targets = true } }
local function bulk(fn, order, extra)
    local e = { fn = fn, kind = "bulk", order = order, required = BULK.required }
    for k, v in pairs(extra or {}) do e[k] = v end
    return endpoint(e)
end
M.bulk_ranks = bulk("bulk_ranks", { "targets", "rank_scale", "tag" })
M.bulk_backlinks = bulk("bulk_backlinks", { "targets", "tag" })
M.bulk_spam_score = bulk("bulk_spam_score", { "targets", "tag" })
M.bulk_referring_domains = bulk("bulk_referring_domains", { "targets", "tag" })
M.bulk_new_lost_backlinks = bulk("bulk_new_lost_backlinks", { "targets", "date_from", "tag" })
M.bulk_new_lost_referring_domains = bulk("bulk_new_lost_referring_domains", { "targets", "date_from", "tag" })
-- "the URLs you set in a single request cannot belong to more than 100
-- different domains"
M.bulk_pages_summary = bulk("bulk_pages_summary", { "targets", "include_subdomains", "rank_scale", "tag" },
    { max_domains = 100 })

-- Filter fields are the item's values (no `type`, as for every other item).
M.COMPETITOR_FIELDS = { target = "str", rank = "num", intersections = "num" }
M.competitors = endpoint({
    fn = "competitors", kind = "competitors",
    order = { "target", "limit", "offset", "filters", "order_by", "main_domain", "exclude_large_domains",
        "exclude_internal_backlinks", "rank_scale", "tag" },
    item_fields = M.COMPETITOR_FIELDS, default_order = { "intersections,desc" }, tie = "target",
})

-- Intersections: targets keyed "1".."20"; filters and order_by name a
-- key's field ("1.backlinks").  A domain_intersection entry is the
-- referring (main) domain's statistics for that target, named `target`.
M.DOMAIN_INTERSECTION_FIELDS = with(STATS, { target = "str" })
M.domain_intersection = endpoint({
    fn = "domain_intersection", kind = "domain_intersection", prefixed = true, required = { targets = true },
    order = { "targets", "exclude_targets", "filters", "order_by", "offset", "limit", "internal_list_limit",
        "backlinks_status_type", "backlinks_filters", "include_subdomains", "include_indirect_links",
        "exclude_internal_backlinks", "intersection_mode", "rank_scale", "tag" },
    item_fields = M.DOMAIN_INTERSECTION_FIELDS, default_field = "rank",
})

M.page_intersection = endpoint({
    fn = "page_intersection", kind = "page_intersection", prefixed = true, required = { targets = true },
    order = { "targets", "exclude_targets", "backlinks_status_type", "filters", "order_by", "offset", "limit",
        "internal_list_limit", "include_subdomains", "include_indirect_links", "exclude_internal_backlinks",
        "intersection_mode", "rank_scale", "tag" },
    item_fields = filter.BACKLINK_FIELDS, default_field = "rank",
})

-- Over time: a domain (or subdomain) target; dates "yyyy-mm-dd" (the time
-- series' up to today, as documented; history's documentation sets no
-- maximum).
M.history = endpoint({
    fn = "history", kind = "history", domain_only = true, date_min = "2019-01-01",
    order = { "target", "date_from", "date_to", "rank_scale", "tag" },
})
M.timeseries_summary = endpoint({
    fn = "timeseries_summary", kind = "timeseries", domain_only = true, date_min = "2019-01-30", up_to_today = true,
    order = { "target", "date_from", "date_to", "group_range", "include_subdomains", "rank_scale", "tag" },
})
M.timeseries_new_lost_summary = endpoint({
    fn = "timeseries_new_lost_summary", kind = "timeseries_new_lost", domain_only = true, date_min = "2019-01-30",
    up_to_today = true,
    order = { "target", "date_from", "date_to", "group_range", "include_subdomains", "tag" },
})

-- Free: the index's totals, the filter list, the account's failed tasks
-- (the last 7 days) and every task (six months back, ten calls a minute).
M.index = endpoint({ fn = "index", kind = "index", utility = "GET", order = {}, required = {} })
M.available_filters = endpoint({ fn = "available_filters", kind = "available_filters", utility = "GET",
    order = {}, required = {} })
M.errors = endpoint({ fn = "errors", kind = "errors", utility = "POST", recent = true, required = {},
    order = { "limit", "offset", "filtered_function", "datetime_from", "datetime_to" } })
M.id_list = endpoint({ fn = "id_list", kind = "id_list", utility = "POST",
    required = { datetime_from = true, datetime_to = true },
    order = { "datetime_from", "datetime_to", "limit", "offset", "sort", "include_metadata" } })

-- Every endpoint; LIVE: the paid ones (POST .../live).
M.ALL = { M.anchors, M.backlinks, M.referring_domains, M.referring_networks, M.domain_pages,
    M.domain_pages_summary, M.summary, M.bulk_ranks, M.bulk_backlinks, M.bulk_spam_score,
    M.bulk_referring_domains, M.bulk_new_lost_backlinks, M.bulk_new_lost_referring_domains,
    M.bulk_pages_summary, M.competitors, M.domain_intersection, M.page_intersection, M.history,
    M.timeseries_summary, M.timeseries_new_lost_summary, M.index, M.available_filters, M.errors, M.id_list }
M.LIVE = {}
for _, e in ipairs(M.ALL) do
    if e.paid then M.LIVE[#M.LIVE + 1] = e end
end

-- Item fields by the name available_filters and /mock/filter use (the
-- intersections' without their key prefix).
M.FIELDS_BY_NAME = {
    anchors = filter.ANCHOR_FIELDS, backlinks = filter.BACKLINK_FIELDS,
    referring_domains = M.REFERRING_DOMAIN_FIELDS, referring_networks = M.NETWORK_FIELDS,
    domain_pages = M.DOMAIN_PAGE_FIELDS, domain_pages_summary = M.PAGE_SUMMARY_FIELDS,
    competitors = M.COMPETITOR_FIELDS, domain_intersection = M.DOMAIN_INTERSECTION_FIELDS,
    page_intersection = filter.BACKLINK_FIELDS,
}

return M
