-- backlinks/bulk_ranks/live: the rank of each target (0..1000, or 0..100
-- with rank_scale one_hundred).  Targets may be any number: engine/batch.lua
-- sends them 1000 a call, several calls at once, and answers one item per
-- target in input order.
local endpoint = require "dataforseo.api.endpoint"

local request, order = endpoint.bulk_request({ rank_scale = endpoint.RANK_SCALE })
return endpoint.define{
    name = "bulk_ranks", path = "/v3/backlinks/bulk_ranks/live", kind = "bulk",
    fields = request, field_order = order, target_field = "target",
    asked = endpoint.per_target,
    item_fields = { "type", "target", "rank" },
    table_fields = { "target", "rank" },
    price = { call = 0.02, item = 0.00003 },    -- a target is a row (api-facts.md)
}
