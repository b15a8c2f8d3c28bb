-- The endpoints the client describes, by name: one description per file of
-- api/, loaded on first use.  The client makes its methods from `list` (the
-- order the docs and the CLI show) and the kinds here, without loading a
-- description: client:NAME for every endpoint, and the walk family
-- (NAME_pages, NAME_items, NAME_all, NAME_async, NAME_pages_async) for those
-- that page.  Kinds are endpoint.lua's ("list", "tasks", "periods", "bulk",
-- "object").
local M = {}

M.list = {
    "anchors", "backlinks", "referring_domains", "referring_networks", "domain_pages",
    "domain_pages_summary", "summary",
    "history", "timeseries_summary", "timeseries_new_lost_summary",
    "competitors", "domain_intersection", "page_intersection",
    "bulk_ranks", "bulk_backlinks", "bulk_spam_score", "bulk_referring_domains",
    "bulk_new_lost_backlinks", "bulk_new_lost_referring_domains", "bulk_pages_summary",
    "index", "available_filters", "errors", "id_list",
}

local KIND = {
    anchors = "list", backlinks = "list", referring_domains = "list", referring_networks = "list",
    domain_pages = "list", domain_pages_summary = "list", summary = "object",
    history = "periods", timeseries_summary = "periods", timeseries_new_lost_summary = "periods",
    competitors = "list", domain_intersection = "list", page_intersection = "list",
    bulk_ranks = "bulk", bulk_backlinks = "bulk", bulk_spam_score = "bulk",
    bulk_referring_domains = "bulk", bulk_new_lost_backlinks = "bulk",
    bulk_new_lost_referring_domains = "bulk", bulk_pages_summary = "bulk",
    index = "object", available_filters = "object", errors = "tasks", id_list = "tasks",
}

function M.get(name)
    if not KIND[name] then return nil end
    return require("dataforseo.api." .. name)
end

-- The kind of an endpoint (without loading its description), or nil.
function M.kind(name) return KIND[name] end

-- True for the endpoints that answer with pages of items (walks apply).
function M.lists(name) return KIND[name] == "list" or KIND[name] == "tasks" end

return M
