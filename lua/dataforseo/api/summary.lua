-- backlinks/summary/live: the target's totals, one result object (no
-- items, no limit, offset, filters or order_by).
local endpoint = require "dataforseo.api.endpoint"

local request, order = endpoint.backlinks_request(nil, nil,
    { "limit", "offset", "filters", "order_by" })
return endpoint.define{
    name = "summary", path = "/v3/backlinks/summary/live", kind = "object",
    fields = request, field_order = order,
    price = { call = 0.02, item = 0.00003 },     -- not stated: charged as one item
}
