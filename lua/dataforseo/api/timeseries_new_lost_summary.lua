-- backlinks/timeseries_new_lost_summary/live: the target domain's new and
-- lost backlinks and referring domains per day, week, month or year
-- (group_range) between two dates since 2019-01-30, one item per period.
local endpoint = require "dataforseo.api.endpoint"

local EARLIEST = "2019-01-30"

return endpoint.define{
    name = "timeseries_new_lost_summary", path = "/v3/backlinks/timeseries_new_lost_summary/live",
    kind = "periods",
    fields = {
        target = { type = "string", required = true, domain_only = true, rule = endpoint.DOMAIN_RULE },
        date_from = { type = "date", min = EARLIEST },
        date_to = { type = "date" },
        group_range = { type = "string", enum = { "day", "week", "month", "year" }, default = "month" },
        include_subdomains = { type = "boolean", default = true },
        tag = { type = "string", max_length = 255 },
    },
    field_order = { "target", "date_from", "date_to", "group_range", "include_subdomains", "tag" },
    check = function(task) return require("dataforseo.api.rules").date_order(task, "date_from", "date_to") end,
    asked = function(task) return endpoint.periods(task, EARLIEST, "month") end,
    item_fields = { "type", "date", "new_backlinks", "lost_backlinks", "new_referring_domains",
        "lost_referring_domains", "new_referring_main_domains", "lost_referring_main_domains" },
    table_fields = { "date", "new_backlinks", "lost_backlinks", "new_referring_domains",
        "lost_referring_domains" },
    price = { call = 0.02, item = 0.00003 },     -- not stated: the anchors form, a period an item
}
