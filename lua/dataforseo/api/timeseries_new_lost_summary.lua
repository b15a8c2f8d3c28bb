-- backlinks/timeseries_new_lost_summary/live: the target domain's new and
-- lost backlinks and referring domains per day, week, month or year
-- (group_range) between two dates since 2019-01-30, one item per period.
local families = require "dataforseo.api.families"
local summary = require "dataforseo.api.timeseries_summary"

return families.define_periods{
    name = "timeseries_new_lost_summary", earliest = "2019-01-30",
    extra = { group_range = summary.fields.group_range, include_subdomains = summary.fields.include_subdomains },
    extra_order = { "group_range", "include_subdomains" },
    item_fields = { "type", "date", "new_backlinks", "lost_backlinks", "new_referring_domains",
        "lost_referring_domains", "new_referring_main_domains", "lost_referring_main_domains" },
    table_fields = { "date", "new_backlinks", "lost_backlinks", "new_referring_domains",
        "lost_referring_domains" },
}
