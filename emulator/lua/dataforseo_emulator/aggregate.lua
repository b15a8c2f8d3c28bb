-- Aggregations of a target's backlinks, the documented way: narrow the
-- backlinks, then group them (by anchor, referring main domain, IP, subnet,
-- target page, or all in one) and compute every item field from its group.
--
--   aggregate.select(G, target, params[, backlinks_predicate]) -> rows
--   aggregate.group(G, rows, rank_scale) -> anchors items
--   aggregate.group_by(G, rows, key_of, rank_scale, label) -> items
--
-- Scalar fields are computed for every item at once (filters and order_by
-- need them); the six referring_links_* maps are computed on first access,
-- because most requests only ever read them for the page they return.
-- Pure Lua, 5.1-5.4 common subset.
local graph = require("dataforseo_emulator.graph")
local targets = require("dataforseo_emulator.targets")

local M = {}

local floor, log, min = math.floor, math.log, math.min

local function strip_www(host) return (host:gsub("^www%.", "")) end

-- Which url_to ids of G count for the target (18 pool entries: cheap).
local function matching_urls(G, target, include_subdomains)
    local t = targets.parse(target)
    local match = {}
    for id, u in ipairs(G.urls) do
        local ok
        if t.prefix then
            ok = u.url:sub(1, #t.prefix) == t.prefix or (u.redirect ~= nil and u.redirect:sub(1, #t.prefix) == t.prefix)
        elseif t.kind == "page" then
            ok = u.url == t.url or u.redirect == t.url
        else
            local want = strip_www(t.host)
            local host = strip_www(u.host)
            ok = host == want
            if not ok and include_subdomains then
                ok = #host > #want and host:sub(-#want - 1) == "." .. want
            end
        end
        match[id] = ok or false
    end
    return match
end

M.matching_urls = matching_urls

-- The site's own pages (url pool ids) a target names: the pages on its
-- host (and subdomains), or the page itself.
function M.target_pages(G, target, include_subdomains)
    local t = targets.parse(target)
    local match = t.kind == "domain" and matching_urls(G, target, include_subdomains ~= false) or nil
    local pages = {}
    for id, u in ipairs(G.urls) do
        if (match and match[id]) or (not match and u.url == t.url) then pages[#pages + 1] = id end
    end
    return pages
end

-- The backlinks that feed the aggregation, as an array of row numbers.
-- params: include_subdomains, include_indirect_links,
-- exclude_internal_backlinks, backlinks_status_type; keep(i) is the
-- compiled backlinks_filters predicate (or nil).
function M.select(G, target, params, keep)
    local match = matching_urls(G, target, params.include_subdomains ~= false)
    local indirect_ok = params.include_indirect_links ~= false
    local exclude_internal = params.exclude_internal_backlinks ~= false
    local status = params.backlinks_status_type or "live"
    local urls, internal = G.urls, G.domains.internal
    local r_to, r_dom, r_lost = G.r_to, G.r_dom, G.r_lost
    local rows, n = {}, 0
    for i = 1, G.n do
        local u = r_to[i]
        if match[u]
            and (indirect_ok or urls[u].redirect == nil)
            and not (exclude_internal and internal[r_dom[i]])
            and (status == "all" or (status == "live") == (r_lost[i] == 0))
            and (keep == nil or keep(i)) then
            n = n + 1
            rows[n] = i
        end
    end
    return rows
end

-- Rank of a group: PageRank-like mass passed through its dofollow links
-- (the sum of their page ranks squared, an exact integer whatever order
-- it is summed in), squashed onto 0..1000.
local function rank_of(mass)
    if mass <= 0 then return 0 end
    return min(1000, floor(120 * log(1 + mass / 1e6 * 5)))
end
M.rank_of = rank_of

local ATTRIBUTE_NAMES = { "nofollow", "noopener", "noreferrer", "ugc", "sponsored", "external" }
local ATTRIBUTE_INDEX = {}
for i, a in ipairs(ATTRIBUTE_NAMES) do ATTRIBUTE_INDEX[a] = i end

-- Map fields, in the order items carry them.
M.MAP_FIELDS = { "referring_links_tld", "referring_links_types", "referring_links_attributes",
    "referring_links_platform_types", "referring_links_semantic_locations", "referring_links_countries" }
local IS_MAP = {}
for _, f in ipairs(M.MAP_FIELDS) do IS_MAP[f] = true end
M.IS_MAP = IS_MAP

-- The six maps of one group: per key, the number of distinct referring
-- pages (the documented example's maps add up to referring_pages).
local function compute_maps(G, rows)
    local D = G.domains
    local tld, types, attrs, platforms, sem, countries = {}, {}, {}, {}, {}, {}
    local seen_page, seen_pair = {}, {}
    local any_attr = false
    local r_page, r_dom, r_type, r_attr, r_sem = G.r_page, G.r_dom, G.r_type, G.r_attr, G.r_sem
    for k = 1, #rows do
        local i = rows[k]
        local p, d = r_page[i], r_dom[i]
        if not seen_page[p] then
            seen_page[p] = true
            local key = D.tld[d]
            tld[key] = (tld[key] or 0) + 1
            key = D.country[d]
            countries[key] = (countries[key] or 0) + 1
            local pl = D.platforms[d]
            for j = 1, #pl do platforms[pl[j]] = (platforms[pl[j]] or 0) + 1 end
        end
        local base = p * 32
        local t = r_type[i]
        if not seen_pair[base + t] then
            seen_pair[base + t] = true
            local key = graph.ITEM_TYPES[t]
            types[key] = (types[key] or 0) + 1
        end
        local s = r_sem[i]
        if not seen_pair[base + 8 + s] then
            seen_pair[base + 8 + s] = true
            local key = graph.SEMANTIC[s]
            sem[key] = (sem[key] or 0) + 1
        end
        local set = graph.ATTRIBUTE_SETS[r_attr[i]]
        if set then
            for j = 1, #set do
                local slot = base + 20 + ATTRIBUTE_INDEX[set[j]]
                if not seen_pair[slot] then
                    seen_pair[slot] = true
                    attrs[set[j]] = (attrs[set[j]] or 0) + 1
                    any_attr = true
                end
            end
        end
    end
    return tld, types, any_attr and attrs or nil, platforms, sem, countries
end

-- Splits rows by key: key_of is an array indexed by row, or a function of
-- the row.  -> keys in order of first appearance, rows per key.
local function partition(rows, key_of)
    local by_key, order = {}, {}
    local lookup = type(key_of) == "function"
    for k = 1, #rows do
        local i = rows[k]
        local key
        if lookup then key = key_of(i) else key = key_of[i] end
        local list = by_key[key]
        if not list then
            list = {}
            by_key[key] = list
            order[#order + 1] = key
        end
        list[#list + 1] = i
    end
    return order, by_key
end

-- Items read their maps lazily: the first read of any computes all six.
local function lazy_maps(G)
    local rows_of = {}
    local mt = {
        __index = function(item, field)
            if not IS_MAP[field] then return nil end
            local grp = rows_of[item]
            if not grp then return nil end
            local tld, types, attrs, platforms, sem, countries = compute_maps(G, grp)
            rawset(item, "referring_links_tld", tld)
            rawset(item, "referring_links_types", types)
            rawset(item, "referring_links_attributes", attrs)
            rawset(item, "referring_links_platform_types", platforms)
            rawset(item, "referring_links_semantic_locations", sem)
            rawset(item, "referring_links_countries", countries)
            rows_of[item] = nil   -- computed once; the null attributes map stays nil
            return rawget(item, field)
        end,
    }
    return function(item, list)
        rows_of[item] = list
        return setmetatable(item, mt)
    end
end

-- Groups rows by key and computes each group's fields.  label(item, key,
-- rows) adds the fields that name the group (type, anchor, domain, ...).
-- An empty rows list with key_of == false gives one empty group (the
-- summary of a target without backlinks).
function M.group_by(G, rows, key_of, rank_scale, label)
    local D = G.domains
    local order, by_key
    if key_of == false then
        order, by_key = { 0 }, { [0] = rows }
    else
        order, by_key = partition(rows, key_of)
    end
    local attach = lazy_maps(G)

    -- Distinct counts with "stamp" arrays: slot = group number when seen in
    -- this group, so nothing is cleared between groups.
    local s_dom, s_main, s_ip, s_sub, s_page, s_bpage = {}, {}, {}, {}, {}, {}
    local s_dom_nf, s_main_nf, s_page_nf = {}, {}, {}
    local r_dom, r_page, r_to, r_attr = G.r_dom, G.r_page, G.r_to, G.r_attr
    local r_first, r_lost, r_spam, r_prank = G.r_first, G.r_lost, G.r_spam, G.r_prank
    local main_id, ip_id, subnet_id = D.main_id, D.ip_id, D.subnet_id
    local urls, nofollow = G.urls, graph.NOFOLLOW
    local items = {}
    for g = 1, #order do
        local list = by_key[order[g]]
        local n = #list
        local domains, mains, ips, subnets, pages, bpages = 0, 0, 0, 0, 0, 0
        local domains_nf, mains_nf, pages_nf = 0, 0, 0
        local broken, spam, mass = 0, 0, 0
        local first, all_lost, last_lost = nil, true, 0
        for k = 1, n do
            local i = list[k]
            local d, p = r_dom[i], r_page[i]
            local m, ip, sub = main_id[d], ip_id[d], subnet_id[d]
            if s_dom[d] ~= g then s_dom[d] = g; domains = domains + 1 end
            if s_main[m] ~= g then s_main[m] = g; mains = mains + 1 end
            if s_ip[ip] ~= g then s_ip[ip] = g; ips = ips + 1 end
            if s_sub[sub] ~= g then s_sub[sub] = g; subnets = subnets + 1 end
            if s_page[p] ~= g then s_page[p] = g; pages = pages + 1 end
            local nf = nofollow[r_attr[i]]
            if nf then
                if s_dom_nf[d] ~= g then s_dom_nf[d] = g; domains_nf = domains_nf + 1 end
                if s_main_nf[m] ~= g then s_main_nf[m] = g; mains_nf = mains_nf + 1 end
                if s_page_nf[p] ~= g then s_page_nf[p] = g; pages_nf = pages_nf + 1 end
            else
                local pr = r_prank[i]
                mass = mass + pr * pr
            end
            local u = r_to[i]
            if urls[u].broken then
                broken = broken + 1
                if s_bpage[u] ~= g then s_bpage[u] = g; bpages = bpages + 1 end
            end
            spam = spam + r_spam[i]
            local f = r_first[i]
            if first == nil or f < first then first = f end
            local lost = r_lost[i]
            if lost == 0 then all_lost = false elseif lost > last_lost then last_lost = lost end
        end
        local item = {
            rank = graph.scale_rank(rank_of(mass), rank_scale),
            backlinks = n,
            first_seen = first and graph.format_time(first) or nil,
            lost_date = (n > 0 and all_lost) and graph.format_time(last_lost) or nil,
            backlinks_spam_score = n > 0 and floor(spam / n + 0.5) or 0,
            broken_backlinks = broken,
            broken_pages = bpages,
            referring_domains = domains,
            referring_domains_nofollow = domains_nf,
            referring_main_domains = mains,
            referring_main_domains_nofollow = mains_nf,
            referring_ips = ips,
            referring_subnets = subnets,
            referring_pages = pages,
            referring_pages_nofollow = pages_nf,
        }
        label(item, order[g], list)
        items[g] = attach(item, list)
    end
    return items
end

-- Groups rows by anchor (anchors/live).  Returns an array of items; each
-- item is a plain table with the scalar fields, and reads its maps lazily.
function M.group(G, rows, rank_scale)
    local anchors = G.anchors
    return M.group_by(G, rows, G.r_anchor, rank_scale, function(item, key)
        item.type = "backlinks_anchor"
        item.anchor = anchors[key]
    end)
end

return M
