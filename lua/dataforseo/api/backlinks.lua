-- backlinks/backlinks/live: the backlinks themselves, grouped by `mode` or
-- `custom_mode`.  Offsets top out at 20,000; past it a page is asked for
-- with the search_after_token of the page before (window.lua).
local endpoint = require "dataforseo.api.endpoint"

local request, order = endpoint.backlinks_request("backlink", {
    mode = { type = "string", enum = { "as_is", "one_per_domain", "one_per_anchor" }, default = "as_is" },
    custom_mode = { type = "custom_mode", fields = { "anchor", "domain_from", "domain_from_country",
        "tld_from", "page_from_encoding", "page_from_language", "item_type", "page_from_status_code",
        "semantic_location" } },
    search_after_token = { type = "string" },
    offset = { type = "integer", min = 0, max = 20000, default = 0 },
}, { "internal_list_limit", "backlinks_filters", "include_indirect_links" })
return endpoint.define{
    name = "backlinks", path = "/v3/backlinks/backlinks/live",
    fields = request, field_order = order, item = "backlink",
    item_fields = { "type", "domain_from", "url_from", "url_from_https", "domain_to", "url_to",
        "url_to_https", "tld_from", "is_new", "is_lost", "backlink_spam_score", "rank",
        "page_from_rank", "domain_from_rank", "domain_from_platform_type", "domain_from_is_ip",
        "domain_from_ip", "domain_from_country", "page_from_external_links",
        "page_from_internal_links", "page_from_size", "page_from_encoding", "page_from_language",
        "page_from_title", "page_from_status_code", "first_seen", "prev_seen", "last_seen",
        "item_type", "attributes", "dofollow", "original", "alt", "image_url", "anchor", "text_pre",
        "text_post", "semantic_location", "links_count", "group_count", "is_broken",
        "url_to_status_code", "url_to_spam_score", "url_to_redirect_target", "ranked_keywords_info",
        "is_indirect_link", "indirect_link_path" },
    table_fields = { "url_from", "anchor", "dofollow", "rank", "first_seen" },
    price = { call = 0.02, item = 0.00003 },     -- not stated: the anchors form
    max_offset = 20000,
}
