-- backlinks/bulk_spam_score/live: the spam score of each target.  Any
-- number of targets (engine/batch.lua), one item per target in input order.
local families = require "dataforseo.api.families"

return families.define_bulk{
    name = "bulk_spam_score",
    item_fields = { "type", "target", "spam_score" }, table_fields = { "target", "spam_score" },
}
