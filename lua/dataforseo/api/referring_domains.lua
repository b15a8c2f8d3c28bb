-- backlinks/referring_domains/live: one item per domain linking to the
-- target, with its backlink totals.
local endpoint = require "dataforseo.api.endpoint"

local request, order = endpoint.backlinks_request("referring_domain_item")
return endpoint.define{
    name = "referring_domains", path = "/v3/backlinks/referring_domains/live",
    fields = request, field_order = order, item = "referring_domain_item",
    item_fields = function() return require("dataforseo.api.fields").totals_order("domain") end,
    table_fields = { "domain", "backlinks", "referring_pages", "rank", "first_seen" },
    price = { call = 0.02, item = 0.00003 },     -- not stated: the anchors form
}
