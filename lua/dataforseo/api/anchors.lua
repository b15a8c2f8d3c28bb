-- backlinks/anchors/live: the anchors pointing at a target, one item per
-- anchor text with its backlink totals.
local endpoint = require "dataforseo.api.endpoint"
local fields = require "dataforseo.api.fields"

local request, order = endpoint.backlinks_request(fields.anchor_item)
return endpoint.define{
    name = "anchors", path = "/v3/backlinks/anchors/live",
    fields = request, field_order = order, item = fields.anchor_item,
    item_fields = require("dataforseo.json_writer").item_fields(),
    table_fields = { "anchor", "backlinks", "referring_domains", "rank", "first_seen" },
    price = { call = 0.02, item = 0.00003 },     -- api-facts.md "Cost"
}
