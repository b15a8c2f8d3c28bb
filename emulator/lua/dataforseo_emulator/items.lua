-- JSON text of the Backlinks family's items and results, keys in the order
-- DataForSEO's answers carry them (anchors items: envelope.item).
--
--   items.backlink(G, row, rank_scale)            backlinks/live item
--   items.group(item, fields, limit)              referring domain, network, page summary
--   items.domain_page(item, limit)                domain_pages item
--   items.summary(target, item, limit)            summary/live result object
--   items.backlinks_result(target, task, total_count, texts, token)
-- `limit` is internal_list_limit: it caps all six referring_links_* maps.
local json = require("dataforseo_emulator.json")
local envelope = require("dataforseo_emulator.envelope")
local graph = require("dataforseo_emulator.graph")

local M = {}

local quote, number, concat = json.quote, json.number, table.concat

local function is_null(v) return v == nil or type(v) == "userdata" end

-- A value of an item: strings, numbers, booleans, arrays and objects (keys
-- sorted); nil as null.
local function value(v)
    if is_null(v) then return "null" end
    local t = type(v)
    if t == "string" then return quote(v) end
    if t == "number" then return number(v) end
    if t == "boolean" then return v and "true" or "false" end
    return json.encode(v)
end

-- Fields in order: { name, ... } -> '"name":value,...' read from get(name).
local function fields_text(names, get)
    local out = {}
    for i, name in ipairs(names) do
        out[i] = quote(name) .. ":" .. value(get(name))
    end
    return concat(out, ",")
end

M.MAPS = { "referring_links_tld", "referring_links_types", "referring_links_attributes",
    "referring_links_platform_types", "referring_links_semantic_locations", "referring_links_countries" }

local function maps_text(item, limit)
    local out = {}
    for i, name in ipairs(M.MAPS) do
        out[i] = quote(name) .. ":" .. envelope.count_map(item[name], limit)
    end
    return concat(out, ",")
end

local COUNTS = { "broken_backlinks", "broken_pages", "referring_domains", "referring_domains_nofollow",
    "referring_main_domains", "referring_main_domains_nofollow", "referring_ips", "referring_subnets",
    "referring_pages", "referring_pages_nofollow" }

-- The statistics of a group, from rank to the maps.  spam: with
-- backlinks_spam_score (networks have none).
local function stats_text(item, limit, spam)
    local names = { "rank", "backlinks", "first_seen", "lost_date" }
    if spam then names[#names + 1] = "backlinks_spam_score" end
    for _, n in ipairs(COUNTS) do names[#names + 1] = n end
    return fields_text(names, function(name) return item[name] end) .. "," .. maps_text(item, limit)
end

-- An object of `names` in that order, read from t (nil: null).
function M.object(names, t)
    return "{" .. fields_text(names, function(name) return t[name] end) .. "}"
end

-- The counts and maps of a group, from broken_backlinks on (history and
-- bulk_pages_summary write their own first fields).
function M.counts(item, limit)
    return fields_text(COUNTS, function(n) return item[n] end) .. "," .. maps_text(item, limit)
end

-- label: the field naming the group ("domain", "network_address", "url",
-- "target" in a domain_intersection entry).
function M.group(item, label, limit)
    return "{" .. '"type":' .. quote(item.type) .. "," .. quote(label) .. ":" .. value(item[label]) .. "," ..
        stats_text(item, limit, label ~= "network_address") .. "}"
end

local PAGE = { "main_domain", "domain", "tld", "page", "ip", "first_visited", "prev_visited", "fetch_time",
    "status_code", "location", "size", "encoded_size", "content_encoding", "media_type", "server" }
local META = { "title", "canonical", "internal_links_count", "external_links_count", "images_count",
    "words_count", "page_spam_score", "social_media_tags", "h1", "h2", "h3", "images_alt", "powered_by",
    "language", "charset", "platform_type", "technologies" }
local PAGE_SUMMARY_FIRST = { "first_seen", "lost_date", "rank", "backlinks", "backlinks_spam_score" }

function M.domain_page(item, limit)
    local summary = item.page_summary
    return concat({
        '{"type":"backlinks_domain_page",', fields_text(PAGE, function(n) return item[n] end),
        ',"meta":{', fields_text(META, function(n) return item.meta[n] end), "}",
        ',"page_summary":{', fields_text(PAGE_SUMMARY_FIRST, function(n) return summary[n] end), ",",
        fields_text(COUNTS, function(n) return summary[n] end), ",", maps_text(summary, limit), "}}",
    })
end

local INFO = { "server", "cms", "platform_type", "ip_address", "country", "is_ip", "target_spam_score" }

function M.summary(target, item, limit)
    local head = { "first_seen", "lost_date", "rank", "backlinks", "backlinks_spam_score", "crawled_pages" }
    return concat({
        '{"target":', quote(target), ",", fields_text(head, function(n) return item[n] end),
        ',"info":{', fields_text(INFO, function(n) return item.info[n] end), "},",
        fields_text({ "internal_links_count", "external_links_count" }, function(n) return item[n] end), ",",
        fields_text(COUNTS, function(n) return item[n] end), ",", maps_text(item, limit), "}",
    })
end

M.BACKLINK = { "type", "domain_from", "url_from", "url_from_https", "domain_to", "url_to", "url_to_https",
    "tld_from", "is_new", "is_lost", "backlink_spam_score", "rank", "page_from_rank", "domain_from_rank",
    "domain_from_platform_type", "domain_from_is_ip", "domain_from_ip", "domain_from_country",
    "page_from_external_links", "page_from_internal_links", "page_from_size", "page_from_encoding",
    "page_from_language", "page_from_title", "page_from_status_code", "first_seen", "prev_seen", "last_seen",
    "item_type", "attributes", "dofollow", "original", "alt", "image_url", "anchor", "text_pre", "text_post",
    "semantic_location", "links_count", "group_count", "is_broken", "url_to_status_code", "url_to_spam_score",
    "url_to_redirect_target", "ranked_keywords_info", "is_indirect_link", "indirect_link_path" }

local RANKED = { first = { page_from_keywords_count_top_3 = 1, page_from_keywords_count_top_10 = 2,
    page_from_keywords_count_top_100 = 3 } }
local HOP = { first = { type = 1, status_code = 2, url = 3 } }

-- Per field: its getter, the text before its value, and its encoder (a
-- page of 1000 backlinks is 47,000 values: nothing is looked up twice).
local function strings(v)
    local out = {}
    for k = 1, #v do out[k] = quote(v[k]) end
    return "[" .. concat(out, ",") .. "]"
end
local ENCODERS = {
    ranked_keywords_info = function(v) return json.encode(v, RANKED) end,
    indirect_link_path = function(v) return json.encode(v, HOP) end,
    domain_from_platform_type = strings, attributes = strings,
}
local BACKLINK_PLAN = {}
for k, name in ipairs(M.BACKLINK) do
    BACKLINK_PLAN[k] = { graph.row_getters[name], (k == 1 and "{" or ",") .. quote(name) .. ":",
        ENCODERS[name] or value }
end

function M.backlink(G, i, scale)
    local out = {}
    for k = 1, #BACKLINK_PLAN do
        local plan = BACKLINK_PLAN[k]
        local v = plan[1](G, i, scale)
        out[k] = plan[2] .. (v == nil and "null" or plan[3](v))
    end
    out[#out + 1] = "}"
    return concat(out)
end

local CUSTOM = { first = { field = 1, value = 2 } }

-- The result array of backlinks/live.
function M.backlinks_result(target, task, total_count, texts, token)
    return concat({
        '[{"target":', quote(target),
        ',"mode":', quote(task.mode or "as_is"),
        ',"custom_mode":', task.custom_mode and json.encode(task.custom_mode, CUSTOM) or "null",
        ',"total_count":', string.format("%d", total_count),
        ',"items_count":', string.format("%d", #texts),
        ',"search_after_token":', token and quote(token) or "null",
        ',"items":[', concat(texts, ","), "]}]",
    })
end

return M
