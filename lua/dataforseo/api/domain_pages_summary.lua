-- backlinks/domain_pages_summary/live: one item per page of the target
-- with its backlink totals.
local endpoint = require "dataforseo.api.endpoint"

local request, order = endpoint.backlinks_request("domain_pages_summary_item")
return endpoint.define{
    name = "domain_pages_summary", path = "/v3/backlinks/domain_pages_summary/live",
    fields = request, field_order = order, item = "domain_pages_summary_item",
    item_fields = function() return require("dataforseo.api.fields").totals_order("url") end,
    table_fields = { "url", "backlinks", "referring_domains", "rank", "first_seen" },
    price = { call = 0.02, item = 0.00003 },     -- not stated: the anchors form
}
