-- backlinks/competitors/live: the domains that share part of the target's
-- backlink profile, with their rank and the number of intersections.
local endpoint = require "dataforseo.api.endpoint"

local request, order = endpoint.backlinks_request("competitor_item", {
    main_domain = { type = "boolean", default = true },
    exclude_large_domains = { type = "boolean", default = true },
}, { "internal_list_limit", "backlinks_status_type", "backlinks_filters", "include_subdomains",
    "include_indirect_links" })
return endpoint.define{
    name = "competitors", path = "/v3/backlinks/competitors/live",
    fields = request, field_order = order, item = "competitor_item",
    item_fields = { "type", "target", "rank", "intersections" },
    table_fields = { "target", "rank", "intersections" },
    price = { call = 0.02, item = 0.00003 },     -- not stated: the anchors form
}
