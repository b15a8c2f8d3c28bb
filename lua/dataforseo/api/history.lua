-- backlinks/history/live: the target domain's backlink totals month by
-- month since 2019-01-01, one item per month (a Page's items).
local endpoint = require "dataforseo.api.endpoint"
local families = require "dataforseo.api.families"

return families.define_periods{
    name = "history", earliest = "2019-01-01",
    extra = { rank_scale = endpoint.RANK_SCALE }, extra_order = { "rank_scale" },
    item_fields = { "type", "date", "rank", "backlinks", "new_backlinks", "lost_backlinks",
        "new_referring_domains", "lost_referring_domains", "crawled_pages", "info",
        "internal_links_count", "external_links_count", "broken_backlinks", "broken_pages",
        "referring_domains", "referring_domains_nofollow", "referring_main_domains",
        "referring_main_domains_nofollow", "referring_ips", "referring_subnets", "referring_pages",
        "referring_pages_nofollow", "referring_links_tld", "referring_links_types",
        "referring_links_attributes", "referring_links_platform_types",
        "referring_links_semantic_locations", "referring_links_countries" },
    table_fields = { "date", "backlinks", "referring_domains", "new_backlinks", "lost_backlinks" },
}
