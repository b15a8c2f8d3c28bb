-- backlinks/bulk_ranks/live: the rank of each target (0..1000, or 0..100
-- with rank_scale one_hundred).  Any number of targets: engine/batch.lua
-- sends them 1,000 a call, several calls at once, and answers one item per
-- target in input order.
local endpoint = require "dataforseo.api.endpoint"
local families = require "dataforseo.api.families"

return families.define_bulk{
    name = "bulk_ranks", extra = { rank_scale = endpoint.RANK_SCALE },
    item_fields = { "type", "target", "rank" }, table_fields = { "target", "rank" },
}
