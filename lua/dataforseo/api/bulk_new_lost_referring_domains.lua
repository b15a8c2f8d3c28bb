-- backlinks/bulk_new_lost_referring_domains/live: the new and lost
-- referring domains (and main domains) of each target since date_from, at
-- most a year back as for bulk_new_lost_backlinks.  Any number of targets
-- (engine/batch.lua), one item per target in input order.
local families = require "dataforseo.api.families"

return families.define_bulk{
    name = "bulk_new_lost_referring_domains",
    extra = { date_from = require("dataforseo.api.bulk_new_lost_backlinks").fields.date_from },
    item_fields = { "type", "target", "new_referring_domains", "lost_referring_domains",
        "new_referring_main_domains", "lost_referring_main_domains" },
    table_fields = { "target", "new_referring_domains", "lost_referring_domains" },
}
