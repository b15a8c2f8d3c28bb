-- backlinks/bulk_backlinks/live: the number of live backlinks of each
-- target.  Targets may be any number: engine/batch.lua sends them 1000 a
-- call, several calls at once, and answers one item per target in input
-- order.
local endpoint = require "dataforseo.api.endpoint"

local request, order = endpoint.bulk_request()
return endpoint.define{
    name = "bulk_backlinks", path = "/v3/backlinks/bulk_backlinks/live", kind = "bulk",
    fields = request, field_order = order, target_field = "target",
    asked = endpoint.per_target,
    item_fields = { "type", "target", "backlinks" },
    table_fields = { "target", "backlinks" },
    price = { call = 0.02, item = 0.00003 },    -- a target is a row (api-facts.md)
}
