-- backlinks/history/live: the target domain's backlink totals month by
-- month since 2019-01-01, one item per month (a Page's items).
local endpoint = require "dataforseo.api.endpoint"

local EARLIEST = "2019-01-01"

return endpoint.define{
    name = "history", path = "/v3/backlinks/history/live", kind = "periods",
    fields = {
        target = { type = "string", required = true, domain_only = true, rule = endpoint.DOMAIN_RULE },
        date_from = { type = "date", min = EARLIEST },
        date_to = { type = "date" },
        rank_scale = endpoint.RANK_SCALE,
        tag = { type = "string", max_length = 255 },
    },
    field_order = { "target", "date_from", "date_to", "rank_scale", "tag" },
    check = function(task) return require("dataforseo.api.rules").date_order(task, "date_from", "date_to") end,
    asked = function(task) return endpoint.periods(task, EARLIEST, "month") end,
    item_fields = { "type", "date", "rank", "backlinks", "new_backlinks", "lost_backlinks",
        "new_referring_domains", "lost_referring_domains", "crawled_pages", "info",
        "internal_links_count", "external_links_count", "broken_backlinks", "broken_pages",
        "referring_domains", "referring_domains_nofollow", "referring_main_domains",
        "referring_main_domains_nofollow", "referring_ips", "referring_subnets", "referring_pages",
        "referring_pages_nofollow", "referring_links_tld", "referring_links_types",
        "referring_links_attributes", "referring_links_platform_types",
        "referring_links_semantic_locations", "referring_links_countries" },
    table_fields = { "date", "backlinks", "referring_domains", "new_backlinks", "lost_backlinks" },
    price = { call = 0.02, item = 0.00003 },     -- not stated: the anchors form, a month an item
}
