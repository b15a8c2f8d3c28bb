-- backlinks/page_intersection/live: the pages linking to the targets (up to
-- 20, keyed "1".."20"; a Lua array becomes those keys), and not to
-- exclude_targets.  Each item keeps the API's map: page_intersection =
-- { ["1"] = { <backlinks to target 1> }, ... } and summary =
-- { intersections_count }.  Filters and order_by name a target's backlink
-- field with its key ("1.page_from_rank", F.target(1).page_from_rank).
local endpoint = require "dataforseo.api.endpoint"

local request, order = endpoint.backlinks_request("page_intersection_item", {
    targets = { type = "target_map", max = 20, required = true,
        rule = "domains, subdomains or pages keyed \"1\"..\"20\" (or an array of them)" },
    exclude_targets = { type = "string_list", max = 10 },
    intersection_mode = { type = "string", enum = { "all", "partial" }, default = "all" },
}, { "target", "backlinks_filters" })
return endpoint.define{
    name = "page_intersection", path = "/v3/backlinks/page_intersection/live",
    fields = request, field_order = order, item = "page_intersection_item",
    item_fields = { "page_intersection", "summary" },
    table_fields = { "summary.intersections_count" },
    price = { call = 0.02, item = 0.00003 },     -- not stated: the anchors form
}
