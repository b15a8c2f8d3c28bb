-- GET backlinks/available_filters (free): the API's own list of filter
-- fields, one result object { <endpoint> = { <field> = <type> }, cost }:
-- anchors, backlinks (also what every backlinks_filters takes),
-- referring_domains, competitors, domain_intersection, ...; types "num",
-- "str", "time", "bool", "array.str"; a map's keys spelled out
-- ("referring_links_tld.com") or as "<map>.*".  client:available_filters()
-- keeps the answer for its client: from then on, validation never refuses
-- a field the list names (docs/endpoints.md "The API's filter list").
local endpoint = require "dataforseo.api.endpoint"

return endpoint.define{
    name = "available_filters", path = "/v3/backlinks/available_filters", method = "GET",
    kind = "object", price = { call = 0, item = 0 },
}
