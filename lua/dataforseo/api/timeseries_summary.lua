-- backlinks/timeseries_summary/live: the target domain's backlink totals
-- per day, week, month or year (group_range) between two dates since
-- 2019-01-30, one item per period (a Page's items).
local endpoint = require "dataforseo.api.endpoint"
local families = require "dataforseo.api.families"

local GROUP_RANGE = { type = "string", enum = { "day", "week", "month", "year" }, default = "month" }

return families.define_periods{
    name = "timeseries_summary", earliest = "2019-01-30",
    extra = { group_range = GROUP_RANGE, include_subdomains = { type = "boolean", default = true },
        rank_scale = endpoint.RANK_SCALE },
    extra_order = { "group_range", "include_subdomains", "rank_scale" },
    item_fields = { "type", "date", "rank", "backlinks", "backlinks_nofollow", "referring_pages",
        "referring_pages_nofollow", "referring_domains", "referring_domains_nofollow",
        "referring_main_domains", "referring_main_domains_nofollow", "referring_ips",
        "referring_subnets" },
    table_fields = { "date", "backlinks", "referring_domains", "referring_main_domains", "rank" },
}
