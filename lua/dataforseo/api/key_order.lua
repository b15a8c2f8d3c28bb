-- The order in which DataForSEO writes the keys of its answers (envelope,
-- task, request echo, result, an anchors item) and the maps it writes
-- largest count first: json_writer.encode's defaults, for output that reads
-- like the API's own (the command's json and jsonl).  Request bodies do not
-- need it and do not load it.
local M = {}

-- The fields of an anchors item, in the documented order.
M.ITEM_FIELDS = {
    "type", "anchor", "rank", "backlinks", "first_seen", "lost_date", "backlinks_spam_score",
    "broken_backlinks", "broken_pages", "referring_domains", "referring_domains_nofollow",
    "referring_main_domains", "referring_main_domains_nofollow", "referring_ips",
    "referring_subnets", "referring_pages", "referring_links_tld", "referring_links_types",
    "referring_links_attributes", "referring_links_platform_types",
    "referring_links_semantic_locations", "referring_links_countries", "referring_pages_nofollow",
}

-- Key -> rank: ranked keys first, by rank; the others follow, sorted.
local list = {
    -- envelope (version) and task (id) first
    "version", "id", "status_code", "status_message", "time", "cost", "tasks_count", "tasks_error",
    "tasks",
    -- task
    "result_count", "path", "data", "result",
    -- request echo
    "api", "function", "target", "targets", "limit", "offset", "internal_list_limit",
    "backlinks_status_type", "filters", "order_by", "backlinks_filters", "include_subdomains",
    "include_indirect_links", "exclude_internal_backlinks", "rank_scale", "tag",
    -- result
    "total_count", "items_count", "items",
}
for _, k in ipairs(M.ITEM_FIELDS) do list[#list + 1] = k end
M.ORDER = {}
for i, k in ipairs(list) do
    if M.ORDER[k] == nil then M.ORDER[k] = i end
end

-- Maps of counts in an aggregated item: written largest count first, as the API does.
M.COUNT_MAPS = { referring_links_tld = true, referring_links_types = true,
    referring_links_attributes = true, referring_links_platform_types = true,
    referring_links_semantic_locations = true, referring_links_countries = true }

return M
