-- The Backlinks live endpoints the emulator serves, one description each:
-- path, request fields in documented order with their checks, the item
-- fields filters and order_by may name (with filter types), the default
-- order and the field that breaks ties, and how the answer is built
-- (kind: "list" of grouped items, "backlinks" rows, one "summary").
-- Read by request.lua (validation), query.lua (answers), server.lua
-- (routes, available_filters) and account.lua (prices, statistics).
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

local function endpoint(e)
    e.path = "/v3/backlinks/" .. e.fn .. "/live"
    e.path_json = '["v3","backlinks","' .. e.fn .. '","live"]'
    e.checks = request.checks_for({ order = e.order, item_fields = e.item_fields or {},
        max_offset = e.max_offset, domain_only = e.domain_only })
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

M.ALL = { M.anchors, M.backlinks, M.referring_domains, M.referring_networks, M.domain_pages,
    M.domain_pages_summary, M.summary }

-- Item fields by the name available_filters and /mock/filter use.
M.FIELDS_BY_NAME = {
    anchors = filter.ANCHOR_FIELDS, backlinks = filter.BACKLINK_FIELDS,
    referring_domains = M.REFERRING_DOMAIN_FIELDS, referring_networks = M.NETWORK_FIELDS,
    domain_pages = M.DOMAIN_PAGE_FIELDS, domain_pages_summary = M.PAGE_SUMMARY_FIELDS,
}

return M
