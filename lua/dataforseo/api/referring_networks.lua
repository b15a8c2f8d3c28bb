-- backlinks/referring_networks/live: one item per IP address or subnet
-- (network_address_type) linking to the target.
local endpoint = require "dataforseo.api.endpoint"
local fields = require "dataforseo.api.fields"

local request, order = endpoint.backlinks_request(fields.referring_network_item, {
    network_address_type = { type = "string", enum = { "ip", "subnet" }, default = "ip" },
})
return endpoint.define{
    name = "referring_networks", path = "/v3/backlinks/referring_networks/live",
    fields = request, field_order = order, item = fields.referring_network_item,
    item_fields = fields.totals_order("network_address", { "backlinks_spam_score" }),
    table_fields = { "network_address", "backlinks", "referring_domains", "rank", "first_seen" },
    price = { call = 0.02, item = 0.00003 },     -- not stated: the anchors form
}
