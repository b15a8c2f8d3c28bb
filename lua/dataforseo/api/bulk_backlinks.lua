-- backlinks/bulk_backlinks/live: the number of live backlinks of each
-- target (a domain counts with its subdomains).  Any number of targets
-- (engine/batch.lua), one item per target in input order.
local families = require "dataforseo.api.families"

return families.define_bulk{
    name = "bulk_backlinks",
    item_fields = { "type", "target", "backlinks" }, table_fields = { "target", "backlinks" },
}
