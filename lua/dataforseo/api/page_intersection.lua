-- backlinks/page_intersection/live: the pages linking to the targets (up to
-- 20, keyed "1".."20"; a Lua array becomes those keys), and not to
-- exclude_targets.  Each item keeps the API's map: page_intersection =
-- { ["1"] = { <backlinks to target 1> }, ... } and summary =
-- { intersections_count }.  Filters and order_by name a target's backlink
-- field with its key ("1.page_from_rank", F.target(1).page_from_rank).
local endpoint = require "dataforseo.api.endpoint"
local families = require "dataforseo.api.families"

local request, order = families.intersection_request("page_intersection_item", { "backlinks_filters" })
return endpoint.define{
    name = "page_intersection", path = "/v3/backlinks/page_intersection/live",
    fields = request, field_order = order, item = "page_intersection_item",
    item_fields = { "page_intersection", "summary" },
    table_fields = { "summary.intersections_count" },
    price = { call = 0.02, item = 0.00003 },     -- not stated: the anchors form
}
