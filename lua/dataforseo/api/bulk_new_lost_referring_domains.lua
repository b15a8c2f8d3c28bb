-- backlinks/bulk_new_lost_referring_domains/live: the new and lost referring
-- domains (and main domains) of each target since date_from (at most a year
-- back; default a month back).  Targets may be any number: engine/batch.lua
-- sends them 1000 a call, several calls at once, and answers one item per
-- target in input order.
local endpoint = require "dataforseo.api.endpoint"

-- date_from: a threshold at most a year back (the API's own clock decides;
-- rules.lua leaves a day of slack).
local NEW_LOST_FROM = { type = "date", back = { years = 1, text = "a year" } }

local request, order = endpoint.bulk_request({ date_from = NEW_LOST_FROM })
return endpoint.define{
    name = "bulk_new_lost_referring_domains", kind = "bulk",
    path = "/v3/backlinks/bulk_new_lost_referring_domains/live",
    fields = request, field_order = order, target_field = "target",
    asked = endpoint.per_target,
    item_fields = { "type", "target", "new_referring_domains", "lost_referring_domains",
        "new_referring_main_domains", "lost_referring_main_domains" },
    table_fields = { "target", "new_referring_domains", "lost_referring_domains" },
    price = { call = 0.02, item = 0.00003 },    -- a target is a row (api-facts.md)
}
