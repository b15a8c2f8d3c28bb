-- backlinks/bulk_new_lost_backlinks/live: the new and lost backlinks of
-- each target since date_from (at most a year back; default a month back:
-- the API's own clock decides, rules.lua leaves a day of slack).  Any
-- number of targets (engine/batch.lua), one item per target in input order.
local families = require "dataforseo.api.families"

return families.define_bulk{
    name = "bulk_new_lost_backlinks",
    extra = { date_from = { type = "date", back = { years = 1, text = "a year" } } },
    item_fields = { "type", "target", "new_backlinks", "lost_backlinks" },
    table_fields = { "target", "new_backlinks", "lost_backlinks" },
}
