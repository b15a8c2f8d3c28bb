-- backlinks/domain_pages/live: the target's pages, with their crawl data
-- and backlink totals (page_summary.*).  No include_indirect_links.
local endpoint = require "dataforseo.api.endpoint"

local request, order = endpoint.backlinks_request("domain_page_item", {
    target = { type = "string", required = true, domain_only = true,
        rule = "a domain or subdomain without scheme and without www." },
}, { "include_indirect_links" })
return endpoint.define{
    name = "domain_pages", path = "/v3/backlinks/domain_pages/live",
    fields = request, field_order = order, item = "domain_page_item",
    item_fields = { "type", "main_domain", "domain", "tld", "page", "ip", "first_visited",
        "prev_visited", "fetch_time", "status_code", "location", "size", "encoded_size",
        "content_encoding", "media_type", "server", "meta", "page_summary" },
    table_fields = { "page", "status_code", "page_summary.backlinks", "page_summary.referring_domains",
        "first_visited" },
    price = { call = 0.02, item = 0.00003 },     -- not stated: the anchors form
}
