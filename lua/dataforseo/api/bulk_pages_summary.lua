-- backlinks/bulk_pages_summary/live: the backlink summary of each target
-- page, domain or subdomain, under `url`; a call takes at most 1,000
-- targets of at most 100 root domains (engine/batch.lua keeps to both).
-- Any number of targets, one item per target in input order.
local endpoint = require "dataforseo.api.endpoint"
local families = require "dataforseo.api.families"

return families.define_bulk{
    name = "bulk_pages_summary", target_field = "url", batch_limit = { root_domains = 100 },
    extra = { include_subdomains = { type = "boolean", default = true }, rank_scale = endpoint.RANK_SCALE },
    item_fields = function() return require("dataforseo.api.fields").totals_order("url") end,
    table_fields = { "url", "backlinks", "referring_domains", "rank", "first_seen" },
}
