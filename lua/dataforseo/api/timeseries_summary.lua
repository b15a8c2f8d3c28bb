-- backlinks/timeseries_summary/live: the target domain's backlink totals
-- per day, week, month or year (group_range) between two dates since
-- 2019-01-30, one item per period (a Page's items).
local endpoint = require "dataforseo.api.endpoint"

local EARLIEST = "2019-01-30"

return endpoint.define{
    name = "timeseries_summary", path = "/v3/backlinks/timeseries_summary/live", kind = "periods",
    fields = {
        target = { type = "string", required = true, domain_only = true, rule = endpoint.DOMAIN_RULE },
        date_from = { type = "date", min = EARLIEST },
        date_to = { type = "date" },
        group_range = { type = "string", enum = { "day", "week", "month", "year" }, default = "month" },
        include_subdomains = { type = "boolean", default = true },
        rank_scale = endpoint.RANK_SCALE,
        tag = { type = "string", max_length = 255 },
    },
    field_order = { "target", "date_from", "date_to", "group_range", "include_subdomains", "rank_scale", "tag" },
    check = function(task) return require("dataforseo.api.rules").date_order(task, "date_from", "date_to") end,
    asked = function(task) return endpoint.periods(task, EARLIEST, "month") end,
    item_fields = { "type", "date", "rank", "backlinks", "backlinks_nofollow", "referring_pages",
        "referring_pages_nofollow", "referring_domains", "referring_domains_nofollow",
        "referring_main_domains", "referring_main_domains_nofollow", "referring_ips",
        "referring_subnets" },
    table_fields = { "date", "backlinks", "referring_domains", "referring_main_domains", "rank" },
    price = { call = 0.02, item = 0.00003 },     -- not stated: the anchors form, a period an item
}
