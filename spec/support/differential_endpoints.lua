-- Generated requests for every Backlinks endpoint but anchors (whose own
-- generator is differential.lua's D.requests): each a valid request with
-- one field changed to a value from the documentation's edges, labelled
-- with the verdict the documentation gives (`expect`: nil when accepted,
-- or { code = 40501 | 40506, field = name }), plus generated filter
-- expressions, which are not labelled (the client's validation and the
-- emulator's are compared on them).  Deterministic for a seed and a
-- clock: dates are written relative to `now`, away from the edges of the
-- API's own clock (a year back, six months back, seven days back) by two
-- days, where the two sides may read "today" a moment apart.
--
--   local E = dofile("spec/support/differential_endpoints.lua")
--   E.ENDPOINTS                          the endpoint names covered
--   E.requests(rng, name, n, null, now) -> list of
--       { params =, note =, expect = nil | false (no label) | { code =, field = },
--         differs = nil | reason }   differs: a case where the client is known
--       to read the documentation otherwise (it batches more than 1,000
--       targets; it sends lists it cannot judge for the server to judge;
--       see docs/emulator.md "Validation"): only the emulator is held to it
local D = dofile("spec/support/differential.lua")

local E = {}

local DAY = 86400

local function pick(rng, list) return list[rng(#list)] end

local function date(t) return os.date("!%Y-%m-%d", t) end
local function datetime(t) return os.date("!%Y-%m-%d %H:%M:%S +00:00", t) end

local function copy(t)
    local out = {}
    for k, v in pairs(t) do out[k] = v end
    return out
end

-- A list of n distinct small targets (cheap for the emulator to answer).
local function many(n, root_domains)
    local out = {}
    for i = 1, n do
        if root_domains then
            out[i] = "site" .. (i % root_domains) .. ".example"
        else
            out[i] = "small-example.com"
        end
    end
    return out
end

local BOOL = { valid = { true, false }, invalid = { "true", 1, 0, "false", {} } }
local LIMIT = { valid = { 1, 10, 1000 }, invalid = { 0, 1001, -1, 1.5, "10", true, 1e10 } }
local OFFSET = { valid = { 0, 5, 20000 }, invalid = { -1, 0.5, "0", false } }
local LIST_LIMIT = { valid = { 1, 1000 }, invalid = { 0, 1001, "5" } }
local STATUS = { valid = { "all", "live", "lost" }, invalid = { "dead", "", "LIVE", 1 } }
local SCALE = { valid = { "one_hundred", "one_thousand" }, invalid = { "one_million", "", 100 } }
local TAG = { valid = { "x", string.rep("t", 255), "" }, invalid = { string.rep("t", 256), 5, {} } }
local MODE = { valid = { "all", "partial" }, invalid = { "both", "ALL", 1 } }
local GROUP = { valid = { "day", "week", "month", "year" }, invalid = { "days", "", "quarter", 1 } }
local SORT = { valid = { "asc", "desc" }, invalid = { "up", "ASC", 1 } }

local TARGET = { valid = { "small-example.com", "https://small-example.com/page", "blog.small-example.com",
    "http://small-example.com/" }, invalid = { "", "www.small-example.com", "x", "ftp://x.com", "x.com/path", 5, {},
    "https://", "small example.com" } }
local DOMAIN = { valid = { "small-example.com", "blog.small-example.com", "medium-example.com" },
    invalid = { "https://small-example.com/page", "", "www.small-example.com", "x", 5 } }

-- What the client lets through for the server to judge (it is never
-- stricter than the API; the emulator reads the documentation stricter).
local ARRAY_ORDER = "order_by on an array field (the emulator sorts on values, not arrays)"
local ABSENT_KEY_FILTER = { values = { { "3.backlinks", ">", 1 } }, reason = "a filter on a key targets lacks" }
local ABSENT_KEY_ORDER = { values = { { "3.rank,desc" } }, reason = "order_by on a key targets lacks" }

-- Per endpoint: its valid base request and its fields' values.
local function catalog(now)
    local today = now - now % DAY
    local bulk_targets = {
        valid = { { "small-example.com" }, { "small-example.com", "https://small-example.com/page" },
            many(1000), { "blog.small-example.com", "xn--caf-dma.example" } },
        invalid = { {}, "small-example.com", { "small-example.com", "x" }, { "small-example.com", 5 },
            { 1 }, { a = "small-example.com" } },
        differs = { { values = { many(1001) }, reason = "the client sends more than 1,000 targets in batches" },
            { values = { { "www.small-example.com" } }, accepted = true,
                reason = "a bulk target with www.: the documented example lists www.trustpilot.com" } },
    }
    local map_targets = {
        valid = { { ["1"] = "small-example.com" }, { ["1"] = "small-example.com", ["2"] = "medium-example.com" },
            { ["2"] = "small-example.com", ["5"] = "https://small-example.com/page" } },
        invalid = { {}, "small-example.com", { ["0"] = "small-example.com" }, { ["01"] = "small-example.com" },
            { ["21"] = "small-example.com" }, { a = "small-example.com" }, { ["1"] = "x" }, { ["1"] = 5 } },
        differs = { { values = { { "small-example.com", "medium-example.com" } },
            reason = "the client takes a Lua array and sends it as keys 1..n" } },
    }
    local twenty = {}
    for i = 1, 20 do twenty[tostring(i)] = "small-example.com" end
    local twenty_one = copy(twenty)
    twenty_one["21"] = "small-example.com"
    map_targets.valid[#map_targets.valid + 1] = twenty
    map_targets.invalid[#map_targets.invalid + 1] = twenty_one
    local excludes = { valid = { {}, { "bbc.com" }, { "https://www.apple.com/iphone/*" },
        { "a.com", "b.com", "c.com", "d.com", "e.com", "f.com", "g.com", "h.com", "i.com", "j.com" } },
        invalid = { { "a.com", "b.com", "c.com", "d.com", "e.com", "f.com", "g.com", "h.com", "i.com", "j.com",
            "k.com" }, { "has space.com" }, { 5 }, "bbc.com" },
        differs = { { values = { { "notadomain" }, { "www.bbc.com" } },
            reason = "the client lets the server judge an exclude target" } } }
    local year_back = { valid = { date(today - 10 * DAY), date(today - 300 * DAY), date(today + 5 * DAY) },
        invalid = { date(today - 400 * DAY), "2019-02-30", "2024/01/01", 20240101, "", "yesterday" } }
    local history_from = { valid = { "2019-01-01", "2020-05-05", date(today - 30 * DAY) },
        invalid = { "2018-12-31", "2019-1-1", "x", 2020 } }
    local history_to = { valid = { date(today), "2021-01-01", date(today + 30 * DAY), "2018-12-31" },
        invalid = { "2021-02-29", "bad", 5 } }
    local series_from = { valid = { "2019-01-30", date(today - 100 * DAY) },
        invalid = { "2019-01-29", "x", "2019-13-01" },
        differs = { { values = { date(today + 5 * DAY) },
            reason = "date_from after today, no date_to: it exceeds date_to's default (today)" } } }
    local series_to = { valid = { date(today - 2 * DAY), "2020-01-01" }, invalid = { "2019-02-29", "bad", 2020 },
        differs = { { values = { date(today + 5 * DAY) }, reason = "date_to after today (documented maximum)" } } }
    local id_from = { valid = { datetime(now - 3600), datetime(now - 150 * DAY) },
        invalid = { datetime(now - 200 * DAY), "x", "2024-01-01 25:00:00 +00:00", 5 } }
    local id_to = { valid = { datetime(now - 60) }, invalid = { "x", 5 },
        differs = { { values = { datetime(now + 2 * DAY) }, reason = "datetime_to after now (documented maximum)" } } }
    local recent = { valid = { datetime(now - DAY), datetime(now - 5 * DAY) }, invalid = { "x", 7 },
        differs = { { values = { datetime(now - 10 * DAY) }, reason = "more than the last 7 days" } } }

    local list = { target = TARGET, limit = LIMIT, offset = OFFSET, internal_list_limit = LIST_LIMIT,
        backlinks_status_type = STATUS, include_subdomains = BOOL, include_indirect_links = BOOL,
        exclude_internal_backlinks = BOOL, rank_scale = SCALE, tag = TAG }
    local function with(base, extra, drop)
        local out = copy(base)
        for k, v in pairs(extra) do out[k] = v end
        if drop then out[drop] = nil end
        return out
    end
    local intersection_base = { targets = { ["1"] = "small-example.com", ["2"] = "medium-example.com" }, limit = 3 }
    local intersection_fields = { targets = map_targets, exclude_targets = excludes, limit = LIMIT, offset = OFFSET,
        internal_list_limit = LIST_LIMIT, backlinks_status_type = STATUS, include_subdomains = BOOL,
        include_indirect_links = BOOL, exclude_internal_backlinks = BOOL, intersection_mode = MODE,
        rank_scale = SCALE, tag = TAG }
    return {
        referring_domains = { base = { target = "small-example.com", limit = 3 }, fields = list },
        referring_networks = { base = { target = "small-example.com", limit = 3 },
            fields = with(list, { network_address_type = { valid = { "ip", "subnet" }, invalid = { "ipv4", 1 } } }) },
        domain_pages = { base = { target = "small-example.com", limit = 3 },
            fields = with(list, { target = DOMAIN }, "include_indirect_links") },
        domain_pages_summary = { base = { target = "small-example.com", limit = 3 }, fields = list },
        backlinks = { base = { target = "small-example.com", limit = 3 },
            fields = { target = TARGET,
                order_by = { valid = { { "rank,asc" }, { "first_seen,desc", "rank,asc" } },
                invalid = { { "nope,asc" }, { "rank" } },
                differs = { { values = { { "attributes,asc" } }, reason = ARRAY_ORDER } } },
                mode = { valid = { "as_is", "one_per_domain", "one_per_anchor" },
                invalid = { "all", "", 1 } }, offset = { valid = { 0, 20000 }, invalid = { 20001, -1 } },
                limit = LIMIT, backlinks_status_type = STATUS, include_subdomains = BOOL,
                exclude_internal_backlinks = BOOL, rank_scale = SCALE, tag = TAG,
                custom_mode = { valid = { { field = "anchor", value = 2 }, { field = "domain_from", value = 1000 } },
                    invalid = { { field = "anchor" }, { field = "url", value = 1 }, { field = "anchor", value = 0 },
                        "anchor" } } } },
        summary = { base = { target = "small-example.com" }, fields = { target = TARGET,
            include_subdomains = BOOL, include_indirect_links = BOOL, exclude_internal_backlinks = BOOL,
            internal_list_limit = LIST_LIMIT, backlinks_status_type = STATUS, rank_scale = SCALE, tag = TAG } },
        bulk_ranks = { base = { targets = { "small-example.com" } },
            fields = { targets = bulk_targets, rank_scale = SCALE, tag = TAG } },
        bulk_backlinks = { base = { targets = { "small-example.com" } },
            fields = { targets = bulk_targets, tag = TAG } },
        bulk_spam_score = { base = { targets = { "small-example.com" } },
            fields = { targets = bulk_targets, tag = TAG } },
        bulk_referring_domains = { base = { targets = { "small-example.com" } },
            fields = { targets = bulk_targets, tag = TAG } },
        bulk_new_lost_backlinks = { base = { targets = { "small-example.com" } },
            fields = { targets = bulk_targets, date_from = year_back, tag = TAG } },
        bulk_new_lost_referring_domains = { base = { targets = { "small-example.com" } },
            fields = { targets = bulk_targets, date_from = year_back, tag = TAG } },
        bulk_pages_summary = { base = { targets = { "small-example.com" } },
            fields = { targets = with(bulk_targets, { differs = { { values = { many(101, 101) },
                reason = "the client sends more than 100 root domains in batches" } } }),
                include_subdomains = BOOL, rank_scale = SCALE, tag = TAG } },
        competitors = { base = { target = "small-example.com", limit = 3 },
            fields = { target = TARGET, limit = LIMIT, offset = OFFSET, main_domain = BOOL,
                exclude_large_domains = BOOL, exclude_internal_backlinks = BOOL, rank_scale = SCALE, tag = TAG,
                filters = { valid = { { "rank", ">", 10 }, { "target", "like", "%a%" },
                    { { "intersections", "<", 5 }, "or", { "target", "=", "alphanova.com" } } },
                    invalid = { { "nope", ">", 1 }, { "rank", "like", "x" }, { "1.rank", ">", 1 },
                        { "type", "=", "backlinks_competitor" } } },
                order_by = { valid = { { "intersections,asc" }, { "rank,desc", "target,asc" } },
                    invalid = { { "rank,up" }, { "nope,asc" }, { "a,asc", "b,asc", "c,asc", "d,asc" } } } } },
        domain_intersection = { base = intersection_base,
            fields = with(intersection_fields, {
                filters = { valid = { { "1.backlinks", ">", 1 }, { "2.target", "like", "%e%" },
                    { { "1.rank", ">", 1 }, "and", { "2.referring_links_tld.com", ">", 0 } } },
                    invalid = { { "backlinks", ">", 1 }, { "1.nope", ">", 1 }, { "1.backlinks", "like", "x" } },
                    differs = { ABSENT_KEY_FILTER } },
                order_by = { valid = { { "1.rank,desc" }, { "2.backlinks,asc", "1.target,asc" } },
                    invalid = { { "rank,desc" }, { "1.referring_links_tld,asc" } },
                    differs = { ABSENT_KEY_ORDER } },
                backlinks_filters = { valid = { { "dofollow", "=", true } }, invalid = { { "nope", "=", 1 } } } }) },
        page_intersection = { base = intersection_base,
            fields = with(intersection_fields, {
                filters = { valid = { { "1.dofollow", "=", true }, { "2.page_from_rank", ">", 5 } },
                    invalid = { { "rank", ">", 1 }, { "1.dofollow", "=", 1 } },
                    differs = { ABSENT_KEY_FILTER } },
                order_by = { valid = { { "1.rank,desc" }, { "2.domain_from_rank,asc" } },
                    invalid = { { "1.nope,asc" } }, differs = { ABSENT_KEY_ORDER,
                        { values = { { "1.attributes,asc" } }, reason = ARRAY_ORDER } } } }) },
        history = { base = { target = "small-example.com", date_from = "2024-01-01", date_to = "2024-06-01" },
            fields = { target = DOMAIN, date_from = history_from, date_to = history_to, rank_scale = SCALE,
                tag = TAG } },
        timeseries_summary = { base = { target = "small-example.com", date_from = "2024-01-01",
            date_to = "2024-03-01" },
            fields = { target = DOMAIN, date_from = series_from, date_to = series_to, group_range = GROUP,
                include_subdomains = BOOL, rank_scale = SCALE, tag = TAG } },
        timeseries_new_lost_summary = { base = { target = "small-example.com", date_from = "2024-01-01",
            date_to = "2024-03-01" },
            fields = { target = DOMAIN, date_from = series_from, date_to = series_to, group_range = GROUP,
                include_subdomains = BOOL, tag = TAG } },
        id_list = { base = { datetime_from = datetime(now - 7200), datetime_to = datetime(now - 60), limit = 5 },
            fields = { datetime_from = id_from, datetime_to = id_to, limit = LIMIT, offset = OFFSET, sort = SORT,
                include_metadata = BOOL } },
        errors = { base = { limit = 5 },
            fields = { limit = LIMIT, offset = OFFSET, filtered_function = { valid = { "anchors/live", "" },
                invalid = { 5, {} } }, datetime_from = recent, datetime_to = recent } },
    }
end

E.ENDPOINTS = { "referring_domains", "referring_networks", "domain_pages", "domain_pages_summary", "backlinks",
    "summary", "bulk_ranks", "bulk_backlinks", "bulk_spam_score", "bulk_referring_domains",
    "bulk_new_lost_backlinks", "bulk_new_lost_referring_domains", "bulk_pages_summary", "competitors",
    "domain_intersection", "page_intersection", "history", "timeseries_summary",
    "timeseries_new_lost_summary", "id_list", "errors" }

-- Field names in a fixed order (pairs() order differs between interpreters).
local function names_of(fields)
    local names = {}
    for name in pairs(fields) do names[#names + 1] = name end
    table.sort(names)
    return names
end

-- The dates of a range: a case about one of them leaves the other out of
-- the base (its relation to the other is a case of its own, RELATIONS).
local PAIRED = { date_from = "date_to", date_to = "date_from" }
local RELATIONS = {
    history = { { date_from = "2024-02-01", date_to = "2024-01-01", field = "date_from" },
        { date_from = "2024-01-01", date_to = "2024-01-01" } },
    timeseries_summary = { { date_from = "2024-02-01", date_to = "2024-01-01", field = "date_from" } },
    timeseries_new_lost_summary = { { date_from = "2024-02-01", date_to = "2024-01-01", field = "date_from" } },
}

-- Filter expressions generated over an endpoint's item fields (unlabelled).
local STATS = { num = {}, time = { "first_seen", "lost_date" }, map = D.ANCHOR_FIELDS.map }
for _, f in ipairs(D.ANCHOR_FIELDS.num) do STATS.num[#STATS.num + 1] = f end
local function grouped(label, extra_unknown)
    local fields = { str = { label }, num = STATS.num, time = STATS.time, map = STATS.map,
        unknown = { "anchor", "nope", label .. "s", extra_unknown } }
    return { field = "filters", fields = fields }
end
local function prefixed(fields, keys)
    local out = {}
    for t, names in pairs(fields) do
        out[t] = {}
        for _, name in ipairs(names) do
            for _, k in ipairs(keys) do out[t][#out[t] + 1] = k .. "." .. name end
        end
    end
    out.unknown = { "3.rank", "rank", "1.nope", "1", "1." }
    return out
end
local BACKLINK = { str = D.BACKLINK_FIELDS.str, num = D.BACKLINK_FIELDS.num, time = D.BACKLINK_FIELDS.time,
    bool = D.BACKLINK_FIELDS.bool, array = D.BACKLINK_FIELDS.array }
local ITEM_FIELDS = {
    referring_domains = grouped("domain", "network_address"),
    referring_networks = grouped("network_address", "domain"),
    domain_pages_summary = grouped("url", "domain"),
    backlinks = { field = "filters", fields = D.BACKLINK_FIELDS },
    competitors = { field = "filters", fields = { str = { "target" }, num = { "rank", "intersections" },
        unknown = { "intersection", "Rank", "1.rank", "", "type" } } },
    domain_intersection = { field = "filters", fields = prefixed({ str = { "target" }, num = STATS.num,
        time = STATS.time, map = STATS.map }, { "1", "2" }) },
    page_intersection = { field = "filters", fields = prefixed(BACKLINK, { "1", "2" }) },
}
for _, name in ipairs({ "referring_domains", "referring_networks", "domain_pages_summary", "summary", "domain_pages",
    "domain_intersection" }) do
    ITEM_FIELDS[name .. ":backlinks"] = { field = "backlinks_filters", fields = D.BACKLINK_FIELDS }
end

-- Combined at random, these fields stay valid together.
local COMBINABLE = { limit = true, offset = true, internal_list_limit = true, backlinks_status_type = true,
    include_subdomains = true, include_indirect_links = true, exclude_internal_backlinks = true, rank_scale = true,
    tag = true, intersection_mode = true, exclude_targets = true, main_domain = true, exclude_large_domains = true,
    group_range = true, sort = true, include_metadata = true, mode = true, network_address_type = true }

function E.requests(rng, name, n, null, now)
    local entry = assert(catalog(now)[name], name)
    local out = {}
    local function add(params, note, expect, differs)
        out[#out + 1] = { params = params, note = name .. ": " .. note, expect = expect, differs = differs }
    end
    local function case(field, v)
        local p = copy(entry.base)
        p[field] = v
        if PAIRED[field] then p[PAIRED[field]] = nil end
        return p
    end
    add(copy(entry.base), "the base request")
    local names = names_of(entry.fields)
    local id_list = name == "id_list"
    local required = { target = true, targets = true, datetime_from = id_list, datetime_to = id_list }
    for _, field in ipairs(names) do
        local values = entry.fields[field]
        for _, v in ipairs(values.valid or {}) do add(case(field, v), field .. " valid", nil) end
        for _, v in ipairs(values.invalid or {}) do
            add(case(field, v), field .. " invalid", { code = 40501, field = field })
        end
        for _, c in ipairs(values.differs or {}) do
            for _, v in ipairs(c.values) do
                local expect = not c.accepted and { code = 40501, field = field } or nil
                add(case(field, v), field .. ": " .. c.reason, expect, c.reason)
            end
        end
        -- null: not given (a required field: missing)
        add(case(field, null), field .. " null", required[field] and { code = 40501, field = field } or nil)
    end
    for _, r in ipairs(RELATIONS[name] or {}) do
        local p = copy(entry.base)
        p.date_from, p.date_to = r.date_from, r.date_to
        add(p, "dates " .. r.date_from .. ".." .. r.date_to, r.field and { code = 40501, field = r.field } or nil)
    end
    if name == "id_list" or name == "errors" then
        local p = copy(entry.base)
        p.datetime_from, p.datetime_to = datetime(now - 3600), datetime(now - 7200)
        add(p, "datetime_from after datetime_to", { code = 40501, field = "datetime_from" })
        if name == "id_list" then
            p = copy(entry.base)
            p.include_metadata, p.datetime_from = true, datetime(now - 40 * DAY)
            add(p, "40 days back with include_metadata", { code = 40501, field = "datetime_from" })
            p = copy(entry.base)
            p.include_metadata, p.datetime_from = false, datetime(now - 40 * DAY)
            add(p, "40 days back without metadata", nil)
        end
    end
    -- unknown fields
    for _, unknown in ipairs({ "nope", "Target", "targets2", "api" }) do
        local p = copy(entry.base)
        p[unknown] = 1
        add(p, "unknown field " .. unknown, { code = 40506, field = unknown })
    end
    -- a required field left out
    for field in pairs(entry.base) do
        if required[field] then
            local p = copy(entry.base)
            p[field] = nil
            add(p, "no " .. field, { code = 40501, field = field })
        end
    end
    -- the rest: valid values together, and generated filters (unlabelled)
    local combinable = {}
    for _, field in ipairs(names) do
        if COMBINABLE[field] and entry.fields[field].valid then combinable[#combinable + 1] = field end
    end
    local generated = { ITEM_FIELDS[name], ITEM_FIELDS[name .. ":backlinks"] }
    while #out < n do
        local p = copy(entry.base)
        for _ = 1, 2 do
            if #combinable > 0 then
                local field = pick(rng, combinable)
                p[field] = pick(rng, entry.fields[field].valid)
            end
        end
        local g = #generated > 0 and rng() < 0.6 and pick(rng, generated) or nil
        if g then
            p[g.field] = D.expression(rng, g.fields, rng(4), null)
            add(p, "generated " .. g.field .. " (unlabelled)", false)
        else
            add(p, "valid values together", nil)
        end
    end
    return out
end

return E
