-- backlinks/domain_intersection/live: the domains linking to the targets
-- (up to 20, keyed "1".."20"; a Lua array becomes those keys), and not to
-- exclude_targets.  Each item keeps the API's map: domain_intersection =
-- { ["1"] = <that domain's totals for target 1>, ... } and summary =
-- { intersections_count }.  Filters and order_by name a target's field
-- with its key ("1.backlinks", F.target(1).backlinks) or intersections_count.
local endpoint = require "dataforseo.api.endpoint"
local families = require "dataforseo.api.families"

local request, order = families.intersection_request("domain_intersection_item")
return endpoint.define{
    name = "domain_intersection", path = "/v3/backlinks/domain_intersection/live",
    fields = request, field_order = order, item = "domain_intersection_item",
    item_fields = { "domain_intersection", "summary" },
    table_fields = { "summary.intersections_count" },
    price = { call = 0.02, item = 0.00003 },     -- not stated: the anchors form
}
