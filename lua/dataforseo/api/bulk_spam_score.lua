-- backlinks/bulk_spam_score/live: the spam score of each target.  Targets
-- may be any number: engine/batch.lua sends them 1000 a call, several calls
-- at once, and answers one item per target in input order.
local endpoint = require "dataforseo.api.endpoint"

local request, order = endpoint.bulk_request()
return endpoint.define{
    name = "bulk_spam_score", path = "/v3/backlinks/bulk_spam_score/live", kind = "bulk",
    fields = request, field_order = order, target_field = "target",
    asked = endpoint.per_target,
    item_fields = { "type", "target", "spam_score" },
    table_fields = { "target", "spam_score" },
    price = { call = 0.02, item = 0.00003 },    -- a target is a row (api-facts.md)
}
