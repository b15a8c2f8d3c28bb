-- backlinks/bulk_referring_domains/live: the referring domains and main
-- domains of each target, and their nofollow counts.  Any number of
-- targets (engine/batch.lua), one item per target in input order.
local families = require "dataforseo.api.families"

return families.define_bulk{
    name = "bulk_referring_domains",
    item_fields = { "type", "target", "referring_domains", "referring_domains_nofollow",
        "referring_main_domains", "referring_main_domains_nofollow" },
    table_fields = { "target", "referring_domains", "referring_main_domains" },
}
