-- backlinks/referring_networks/live: one item per IP address or subnet
-- (network_address_type) linking to the target.
local endpoint = require "dataforseo.api.endpoint"

local request, order = endpoint.backlinks_request("referring_network_item", {
    network_address_type = { type = "string", enum = { "ip", "subnet" }, default = "ip" },
})
return endpoint.define{
    name = "referring_networks", path = "/v3/backlinks/referring_networks/live",
    fields = request, field_order = order, item = "referring_network_item",
    item_fields = function()
        return require("dataforseo.api.fields").totals_order("network_address", { "backlinks_spam_score" })
    end,
    table_fields = { "network_address", "backlinks", "referring_domains", "rank", "first_seen" },
    price = { call = 0.02, item = 0.00003 },     -- not stated: the anchors form
}
