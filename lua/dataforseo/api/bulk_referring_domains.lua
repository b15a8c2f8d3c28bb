-- backlinks/bulk_referring_domains/live: the referring domains and main
-- domains of each target (and their nofollow counts).  Targets may be any
-- number: engine/batch.lua sends them 1000 a call, several calls at once,
-- and answers one item per target in input order.
local endpoint = require "dataforseo.api.endpoint"

local request, order = endpoint.bulk_request()
return endpoint.define{
    name = "bulk_referring_domains", path = "/v3/backlinks/bulk_referring_domains/live", kind = "bulk",
    fields = request, field_order = order, target_field = "target",
    asked = endpoint.per_target,
    item_fields = { "type", "target", "referring_domains", "referring_domains_nofollow",
        "referring_main_domains", "referring_main_domains_nofollow" },
    table_fields = { "target", "referring_domains", "referring_main_domains" },
    price = { call = 0.02, item = 0.00003 },    -- a target is a row (api-facts.md)
}
