-- backlinks/bulk_pages_summary/live: the backlink summary of each target
-- page, domain or subdomain; a call takes at most 100 root domains
-- (batch.lua keeps to it).  Targets may be any number: engine/batch.lua
-- sends them 1000 a call, several calls at once, and answers one item per
-- target in input order.
local endpoint = require "dataforseo.api.endpoint"

local request, order = endpoint.bulk_request({ include_subdomains = { type = "boolean", default = true },
    rank_scale = endpoint.RANK_SCALE })
return endpoint.define{
    name = "bulk_pages_summary", path = "/v3/backlinks/bulk_pages_summary/live", kind = "bulk",
    fields = request, field_order = order, target_field = "url",
    batch_limit = { root_domains = 100 },
    asked = endpoint.per_target,
    item_fields = function() return require("dataforseo.api.fields").totals_order("url") end,
    table_fields = { "url", "backlinks", "referring_domains", "rank", "first_seen" },
    price = { call = 0.02, item = 0.00003 },    -- a target is a row (api-facts.md)
}
