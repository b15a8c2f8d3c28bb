-- backlinks/domain_pages_summary/live: one item per page of the target
-- with its backlink totals.
local endpoint = require "dataforseo.api.endpoint"
local fields = require "dataforseo.api.fields"

local request, order = endpoint.backlinks_request(fields.domain_pages_summary_item)
return endpoint.define{
    name = "domain_pages_summary", path = "/v3/backlinks/domain_pages_summary/live",
    fields = request, field_order = order, item = fields.domain_pages_summary_item,
    item_fields = fields.totals_order("url"),
    table_fields = { "url", "backlinks", "referring_domains", "rank", "first_seen" },
    price = { call = 0.02, item = 0.00003 },     -- not stated: the anchors form
}
