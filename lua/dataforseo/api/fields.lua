-- Field schemas: the names usable in `filters`/`order_by` (fields of an
-- endpoint's item) and in `backlinks_filters` (fields of a backlink), with
-- the filter type DataForSEO gives each one.  Types:
--   "str"   string             "num"  number
--   "time"  "yyyy-mm-dd hh:mm:ss +00:00" string
--   "bool"  boolean            "array" array of strings
--   "map"   object of numbers per key, addressed as "name.key"
--           (e.g. "referring_links_tld.com"; the key may be any string,
--           including "" as in "referring_links_tld.")
--   intersections: a schema made by prefixed(inner, plain) takes
--           "<key>.<field of inner>" for the target keys "1".."20"
--           ("1.backlinks") besides its plain fields (intersections_count).
-- Sources: each endpoint's documentation page, GET /v3/backlinks/available_filters
-- (shared/reference/api-facts.md) and the item models of DataForSEO's own clients.
--
--   fields.<schema>                 the schemas below (anchor_item, backlink, ...)
--   fields.schema(name)             a schema by name (descriptions name theirs)
--   fields.lookup(schema, name)     -> type [, map, key] | nil
--   fields.suggest_field(schema, name) -> the likely meant name | nil
--   fields.from_api(list)           available_filters' list for one endpoint -> a schema
local fields = {}

-- Intersection schemas -> their per-target schema (weak: schemas made by
-- from_api come and go).
local prefixed_inner = setmetatable({}, { __mode = "k" })
fields.MAX_TARGET_KEY = 20

-- The backlink totals an aggregated item carries (an anchor, a referring
-- domain, a page, a network), with `prefix` before each name ("page_summary."
-- for domain pages); `without` drops names.
local function totals(schema, prefix, without)
    local names = {
        rank = "num", backlinks = "num", first_seen = "time", lost_date = "time",
        backlinks_spam_score = "num", broken_backlinks = "num", broken_pages = "num",
        referring_domains = "num", referring_domains_nofollow = "num",
        referring_main_domains = "num", referring_main_domains_nofollow = "num",
        referring_ips = "num", referring_subnets = "num", referring_pages = "num",
        referring_pages_nofollow = "num", referring_links_tld = "map", referring_links_types = "map",
        referring_links_attributes = "map", referring_links_platform_types = "map",
        referring_links_semantic_locations = "map", referring_links_countries = "map",
    }
    for _, name in ipairs(without or {}) do names[name] = nil end
    for name, t in pairs(names) do schema[(prefix or "") .. name] = t end
    return schema
end

-- The documented order of an aggregated item's fields: "type", its key
-- field, then the totals.
function fields.totals_order(key, without)
    local skip = {}
    for _, name in ipairs(without or {}) do skip[name] = true end
    local out = { "type", key }
    for _, name in ipairs{ "rank", "backlinks", "first_seen", "lost_date", "backlinks_spam_score",
        "broken_backlinks", "broken_pages", "referring_domains", "referring_domains_nofollow",
        "referring_main_domains", "referring_main_domains_nofollow", "referring_ips",
        "referring_subnets", "referring_pages", "referring_pages_nofollow", "referring_links_tld",
        "referring_links_types", "referring_links_attributes", "referring_links_platform_types",
        "referring_links_semantic_locations", "referring_links_countries" } do
        if not skip[name] then out[#out + 1] = name end
    end
    return out
end

fields.anchor_item = totals({ anchor = "str" })
fields.referring_domain_item = totals({ domain = "str" })
fields.domain_pages_summary_item = totals({ url = "str" })
fields.referring_network_item = totals({ network_address = "str" },
    nil, { "backlinks_spam_score" })
-- A page of the target: its crawl data, meta.* and its totals as page_summary.*.
fields.domain_page_item = totals({
    main_domain = "str", domain = "str", tld = "str", page = "str", ip = "str",
    first_visited = "time", prev_visited = "time", fetch_time = "time", status_code = "num",
    location = "str", size = "num", encoded_size = "num", content_encoding = "str",
    media_type = "str", server = "str",
    ["meta.title"] = "str", ["meta.canonical"] = "str", ["meta.internal_links_count"] = "num",
    ["meta.external_links_count"] = "num", ["meta.images_count"] = "num",
    ["meta.words_count"] = "num", ["meta.page_spam_score"] = "num", ["meta.language"] = "str",
    ["meta.charset"] = "str", ["meta.images_alt"] = "array", ["meta.powered_by"] = "array",
    ["meta.platform_type"] = "array", ["meta.h1"] = "array", ["meta.h2"] = "array",
    ["meta.h3"] = "array", ["meta.social_media_tags"] = "strmap", ["meta.technologies"] = "strmap",
}, "page_summary.")

-- Competitors: one item per competing domain.
fields.competitor_item = { target = "str", rank = "num", intersections = "num" }

fields.backlink = {
    type = "str",
    domain_from = "str",
    url_from = "str",
    domain_to = "str",
    url_to = "str",
    tld_from = "str",
    domain_from_ip = "str",
    domain_from_country = "str",
    page_from_encoding = "str",
    page_from_language = "str",
    page_from_title = "str",
    first_seen = "time",
    prev_seen = "time",
    last_seen = "time",
    item_type = "str",
    alt = "str",
    image_url = "str",
    anchor = "str",
    text_pre = "str",
    text_post = "str",
    semantic_location = "str",
    url_to_redirect_target = "str",
    url_from_https = "bool",
    url_to_https = "bool",
    is_new = "bool",
    is_lost = "bool",
    domain_from_is_ip = "bool",
    dofollow = "bool",
    original = "bool",
    is_broken = "bool",
    is_indirect_link = "bool",
    backlink_spam_score = "num",
    rank = "num",
    page_from_rank = "num",
    domain_from_rank = "num",
    page_from_external_links = "num",
    page_from_internal_links = "num",
    page_from_size = "num",
    page_from_status_code = "num",
    links_count = "num",
    group_count = "num",
    url_to_status_code = "num",
    url_to_spam_score = "num",
    domain_from_platform_type = "array",
    attributes = "array",
}

-- Type of a field name in a schema, or nil if unknown.  "map.key" is the
-- map's element type "num" (split at the first dot, so "referring_links_tld.
-- co.uk" addresses the key "co.uk"); a bare map name gives "map", which
-- cannot be filtered or sorted on by itself.  Also returns the map name and
-- key for dotted names.
function fields.lookup(schema, name)
    if type(name) ~= "string" then return nil end
    local t = schema[name]
    if t == "strmap" then return "map" end       -- filtered on by key, as maps are
    if t then return t end
    local map, key = name:match("^([^.]+)%.(.*)$")
    if map and schema[map] == "map" then return "num", map, key end
    local inner = prefixed_inner[schema]
    if inner and map and map:match("^[1-9]%d?$") and tonumber(map) <= fields.MAX_TARGET_KEY then
        return fields.lookup(inner, key)
    end
    -- A map of strings under a dotted name (meta.social_media_tags.og:type).
    for prefix, kind in pairs(schema) do
        if kind == "strmap" and name:sub(1, #prefix + 1) == prefix .. "." and #name > #prefix + 1 then
            return "str", prefix, name:sub(#prefix + 2)
        end
    end
    return nil
end

-- A schema of intersections: "<key>.<name>" for every name of inner and
-- the target keys 1..MAX_TARGET_KEY, and plain's names as they are.
local function prefixed(inner, plain)
    local schema = {}
    for name, t in pairs(plain or {}) do schema[name] = t end
    prefixed_inner[schema] = inner
    return schema
end

-- Domain intersection: a domain's totals per target (the docs' own example
-- also filters on internal_links_count).
fields.domain_intersection_item = prefixed(totals({ target = "str", type = "str",
    internal_links_count = "num", external_links_count = "num" }), { intersections_count = "num" })
-- Page intersection: the backlinks per target.
fields.page_intersection_item = prefixed(fields.backlink, { intersections_count = "num" })

-- Either intersection, for the filter builder (F.target(k)): a domain's
-- totals and a backlink's fields under every target key.
do
    local union = {}
    for name, t in pairs(fields.backlink) do union[name] = t end
    for name, t in pairs(prefixed_inner[fields.domain_intersection_item]) do union[name] = t end
    fields.intersection_item = prefixed(union, { intersections_count = "num" })
end

-- A schema by the name a description gives.
function fields.schema(name)
    local schema = fields[name]
    if type(schema) ~= "table" then error("dataforseo.api.fields: no schema named " .. tostring(name), 2) end
    return schema
end

-- "Did you mean" (text.suggest) for a field name of a schema: a map's key
-- and an intersection's target key are kept, the rest is matched.
function fields.suggest_field(schema, name)
    if type(name) ~= "string" then return nil end
    local suggest = require("dataforseo.query.text").suggest
    local head, rest = name:match("^([^.]*)%.(.*)$")
    local inner = prefixed_inner[schema]
    if inner and head and head:match("^%d+$") then
        local g = suggest(rest, inner)
        return g and (head .. "." .. g)
    elseif head and not schema[head] then
        local maps = {}
        for k, t in pairs(schema) do if t == "map" then maps[#maps + 1] = k end end
        local g = suggest(head, maps)
        return g and (g .. "." .. rest)
    end
    return suggest(name, schema)
end

-- "Did you mean" over names (text.suggest), for callers that have fields at hand.
function fields.suggest(name, candidates)
    return require("dataforseo.query.text").suggest(name, candidates)
end

-- True when the API's list (a schema from from_api) names the field; a
-- target-prefixed name ("1.backlinks") counts when the list names it with
-- or without its prefix (the list's own spelling for intersections is not
-- documented).
function fields.listed(api, name)
    if type(api) ~= "table" or type(name) ~= "string" then return false end
    if fields.lookup(api, name) then return true end
    local rest = name:match("^[1-9]%d?%.(.+)$")
    return rest ~= nil and fields.lookup(api, rest) ~= nil
end

-- GET backlinks/available_filters gives, per endpoint, { field = type } with
-- the types "num", "str", "time", "bool", "array.str" and map keys spelled
-- out ("referring_links_tld.com") or as "name.*".  -> a schema of this
-- module's types; a type this version does not know becomes "any" (the
-- server judges its operators and values).
local API_TYPES = { num = "num", str = "str", time = "time", bool = "bool" }

function fields.from_api(list)
    local schema = {}
    for name, t in pairs(list) do
        if type(name) == "string" and type(t) == "string" then
            local map = name:match("^(.+)%.%*$")
            local mine = API_TYPES[t] or (t:match("^array") and "array") or "any"
            if map then
                schema[map] = mine == "str" and "strmap" or "map"
            else
                schema[name] = mine
            end
        end
    end
    return schema
end

return fields
