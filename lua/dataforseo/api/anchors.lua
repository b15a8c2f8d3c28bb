-- backlinks/anchors/live: the anchors pointing at a target, one item per
-- anchor text with its backlink totals.
local endpoint = require "dataforseo.api.endpoint"

local request, order = endpoint.backlinks_request("anchor_item")
return endpoint.define{
    name = "anchors", path = "/v3/backlinks/anchors/live",
    fields = request, field_order = order, item = "anchor_item",
    item_fields = function() return require("dataforseo.json_writer").item_fields() end,
    table_fields = { "anchor", "backlinks", "referring_domains", "rank", "first_seen" },
    price = { call = 0.02, item = 0.00003 },     -- api-facts.md "Cost"
}
