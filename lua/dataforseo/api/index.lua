-- GET backlinks/index (free): the size of DataForSEO's backlink database,
-- one result object { total_backlinks, total_pages, index_history, cost }.
local endpoint = require "dataforseo.api.endpoint"

return endpoint.define{
    name = "index", path = "/v3/backlinks/index", method = "GET", kind = "object",
    price = { call = 0, item = 0 },
}
