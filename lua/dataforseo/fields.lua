-- Field schemas: the names usable in `filters`/`order_by` (fields of an
-- anchors item) and in `backlinks_filters` (fields of a backlink), with the
-- filter type DataForSEO gives each one.  Types:
--   "str"   string             "num"  number
--   "time"  "yyyy-mm-dd hh:mm:ss +00:00" string
--   "bool"  boolean            "array" array of strings
--   "map"   object of numbers per key, addressed as "name.key"
--           (e.g. "referring_links_tld.com"; the key may be any string,
--           including "" as in "referring_links_tld.")
-- Source: the anchors/live documentation and GET /v3/backlinks/available_filters
-- (see shared/reference/api-facts.md).
local fields = {}

fields.anchor_item = {
  anchor = "str",
  rank = "num",
  backlinks = "num",
  first_seen = "time",
  lost_date = "time",
  backlinks_spam_score = "num",
  broken_backlinks = "num",
  broken_pages = "num",
  referring_domains = "num",
  referring_domains_nofollow = "num",
  referring_main_domains = "num",
  referring_main_domains_nofollow = "num",
  referring_ips = "num",
  referring_subnets = "num",
  referring_pages = "num",
  referring_pages_nofollow = "num",
  referring_links_tld = "map",
  referring_links_types = "map",
  referring_links_attributes = "map",
  referring_links_platform_types = "map",
  referring_links_semantic_locations = "map",
  referring_links_countries = "map",
}

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
  if t then return t end
  local map, key = name:match("^([^.]+)%.(.*)$")
  if map and schema[map] == "map" then return "num", map, key end
  return nil
end

-- Levenshtein distance, two rows at a time.
local function distance(a, b)
  local la, lb = #a, #b
  if la == 0 then return lb end
  if lb == 0 then return la end
  local prev, cur = {}, {}
  for j = 0, lb do prev[j] = j end
  for i = 1, la do
    cur[0] = i
    local ca = a:byte(i)
    for j = 1, lb do
      local cost = (ca == b:byte(j)) and 0 or 1
      local v = prev[j] + 1
      if cur[j - 1] + 1 < v then v = cur[j - 1] + 1 end
      if prev[j - 1] + cost < v then v = prev[j - 1] + cost end
      cur[j] = v
    end
    prev, cur = cur, prev
  end
  return prev[lb]
end
fields.distance = distance

-- The candidate closest to name, when close enough to be a likely typo
-- (at most 2 edits, or a third of the name for long names); nil otherwise.
-- candidates: an array of names or a table keyed by name.  Ties go to the
-- alphabetically first, so suggestions are stable.
function fields.suggest(name, candidates)
  if type(name) ~= "string" or type(candidates) ~= "table" then return nil end
  local list = {}
  if candidates[1] ~= nil then
    for _, c in ipairs(candidates) do list[#list + 1] = c end
  else
    for c in pairs(candidates) do
      if type(c) == "string" then list[#list + 1] = c end
    end
  end
  table.sort(list)
  local lname = name:lower()
  local best, best_d
  for _, c in ipairs(list) do
    local d = distance(lname, c:lower())
    if best_d == nil or d < best_d then best, best_d = c, d end
  end
  if best == nil then return nil end
  local limit = math.max(2, math.floor(#name / 3))
  if best_d <= limit and best_d < #name then return best end
  return nil
end

-- Sorted names of a schema (for messages listing what is allowed).
function fields.names(schema)
  local list = {}
  for k in pairs(schema) do list[#list + 1] = k end
  table.sort(list)
  return list
end

return fields
