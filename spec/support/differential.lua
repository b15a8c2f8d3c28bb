-- Generated inputs for the differential specs (the client's validation and
-- filter evaluation against the emulator's): anchors requests, filter
-- expressions, RE2 patterns and items.  Deterministic: a seeded generator,
-- the same on Lua 5.4 and LuaJIT.
--
--   local D = dofile("spec/support/differential.lua")
--   local rng = D.rng(seed)          rng(n) -> 1..n, rng() -> [0, 1)
--   D.requests(rng, n, null)         -> list of { params, note }
--   D.expressions(rng, n, null)      -> list of { fields, filters, note }
--   D.expression(rng, fields, depth, null) -> one expression over `fields`
--                                    ({ str = {names}, num = {...}, unknown = {...}, ... })
--   D.items(rng, fields, n, null)    -> list of items (anchors or backlinks shape)
--   D.VALID_PATTERNS, D.INVALID_PATTERNS
local D = {}

local floor = math.floor

function D.rng(seed)
    local state = seed % 2147483647
    if state == 0 then state = 1 end
    return function(n)
        state = (state * 16807) % 2147483647
        local u = state / 2147483647
        if n then return 1 + floor(u * n) end
        return u
    end
end

local function pick(rng, list) return list[rng(#list)] end

------------------------------------------------------------------------------
-- RE2 patterns: every construct of RE2's doc/syntax.txt, valid and not.

D.VALID_PATTERNS = {
    "abc", "^abc$", "a.c", "(?s)a.c", "a|b|c", "(a|b)*c", "a+?", "a??", "a*?b", "a{2}", "a{2,}", "a{2,5}",
    "a{0}", "a{1000}", "a{0,1000}", "(a{10}){100}", "((a{2}){2}){250}", "(a*){1000}", "[abc]", "[^abc]",
    "[a-z0-9_]", "[]a]", "[^]a]", "[a-]", "[-a]", "[\\d-z]", "[[:alpha:]]", "[[:^space:]]", "[[:word:]]+",
    "[[:alpha]", "\\d+", "\\D", "\\s\\S", "\\w+\\W", "\\b\\w+\\b", "\\Bx", "\\Aabc\\z", "\\pL+", "\\PL",
    "\\pN", "\\p{Greek}", "\\p{^Greek}", "\\P{Cyrillic}", "\\P{^Cyrillic}", "\\p{Cyrillic}+", "\\p{Lu}\\p{Ll}",
    "[\\p{Han}\\p{Hiragana}]", "[^\\p{Latin}\\d]", "\\p{Any}", "\\P{Any}", "\\p{L}", "\\p{Nd}+", "\\p{Zs}",
    "\\p{Common}", "\\p{Inherited}", "\\p{Osage}", "\\p{Kawi}", "\\p{Adlam}", "(?i)abc", "(?i)кошка",
    "(?i)STRASSE", "(?i:ab)c", "(?-i)a", "(?im)^a$", "(?m)^$", "(?U)a+", "(?s:.)", "(?i)\\p{Lu}",
    "(?i)[a-z]", "(?i)\\w+", "(?i)[[:upper:]]", "(?i)\\W", "(?P<n>a)", "(?<n>a)", "(?P<имя>a)", "(?:a)",
    "()", "(|a)", "a||b", "|", "\\x41", "\\x{1F600}", "\\x{10FFFF}", "\\101", "\\0", "\\012", "\\177",
    "\\.", "\\*", "\\ ", "\\_", "\\-", "\\Q.*\\E", "\\Qab", "\\Q\\E", "a\\Cb", "a{,3}", "a{01}", "a{1,02}",
    "x{1234567890}", "{", "}", "]", "a{", "{2", "(?)", "a(?i)*", "a*(?i)*", "^*", "$+", "\\b?", "\\n\\t\\r\\f\\v\\a",
    "[\\x00-\\x{10FFFF}]", "(?i)σ", "news", "seo|marketing", "^(best|top) ", "[0-9]{4}", "\\.com$",
    "^https?://", "(?i)^click here$", "é", "é+", "[é-ü]", "\\x{E9}", "^\\p{Cyrillic}+$", "\\p{Han}",
    "^$", "", "a$", "(?m)a$", "\\ba\\b", "[[:punct:]]", "[[:^alnum:]]+", "[\\s\\S]", "[^\\n]", ".*",
    "(?i)k", "(?i)ſ", "[\\w-]+", "\\d{1,3}(\\.\\d{1,3}){3}",
}

D.INVALID_PATTERNS = {
    "(", ")", "[", "[z-a]", "*", "+a", "?", "a**", "a*+", "a++", "a?*", "a{2}{3}", "a{2}*", "a{1001}",
    "a{3,2}", "(a{100}){11}", "((a{10}){10}){11}", "x{1001,}", "x{2,1001}", "x{123456789}", "\\", "\\1",
    "(a)\\1", "\\8", "\\9", "\\18", "\\y", "\\e", "\\cK", "\\xZZ", "\\x4", "\\x{}", "\\x{110000}", "\\x{12",
    "\\Z", "\\G", "\\h", "\\H", "\\R", "\\X", "\\N{X}", "\\K", "\\E", "\\é", "(?=a)", "(?!a)", "(?<=a)b",
    "(?<!a)b", "(?#c)", "(?x)a", "(?P=n)", "(?P>n)", "(?'n'a)", "(?|a)", "(?>a)", "(?R)", "(?1)", "(?(1)a)",
    "(*FAIL)", "(*ANY)a", "[[:foo:]]", "[[:alpha]:]]", "[a-\\d]", "[\\b]", "[\\A]", "[\\z]", "[\\Q]]",
    "\\p{Foo}", "\\pX", "\\p{IsGreek}", "\\p{L&}", "\\p{LC}", "\\p{Cn}", "\\p{greek}", "\\p{Greek",
    "\\p", "(?i-)", "(?-)", "(?-:a)", "(?P<>a)", "(?P<a-b>x)", "(?<a b>x)", "(?", "(?i", "(?P", "(?<",
    "a|*", "(*)", "(?i)*", "a)", "(()", "[]", "[^]", "a\\", "x{2}{", "(?ii-i-m)", "\\QA\\E*+",
}

-- A random pattern from RE2 pieces: mostly valid, sometimes not.
local ATOMS = { "a", "b", "é", "ж", "\\d", "\\w", "\\s", "\\D", ".", "[a-z]", "[^0-9]", "\\pL", "\\p{Greek}",
    "\\P{Latin}", "[[:alpha:]]", "\\b", "^", "$", "\\.", "x", "(?i)", "(?i:k)", "[\\p{Cyrillic}\\d]",
    "\\x{3A3}", "\\101", "\\Q+\\E", "(?m)", "s", "K", "ſ" }
local QUANTS = { "", "", "", "*", "+", "?", "{2}", "{1,3}", "*?", "{0,}", "{2,1}", "**" }

function D.random_pattern(rng)
    local parts = {}
    local depth = 0
    for _ = 1, rng(6) do
        local r = rng()
        if r < 0.1 then
            parts[#parts + 1] = "("
            depth = depth + 1
        elseif r < 0.2 and depth > 0 then
            parts[#parts + 1] = ")" .. pick(rng, QUANTS)
            depth = depth - 1
        elseif r < 0.27 then
            parts[#parts + 1] = "|"
        else
            parts[#parts + 1] = pick(rng, ATOMS) .. pick(rng, QUANTS)
        end
    end
    if rng() < 0.9 then parts[#parts + 1] = string.rep(")", depth) end
    return table.concat(parts)
end

------------------------------------------------------------------------------
-- Fields and values

local ANCHOR_FIELDS = {
    str = { "anchor" },
    num = { "rank", "backlinks", "backlinks_spam_score", "broken_backlinks", "broken_pages", "referring_domains",
        "referring_domains_nofollow", "referring_main_domains", "referring_main_domains_nofollow",
        "referring_ips", "referring_subnets", "referring_pages", "referring_pages_nofollow",
        "referring_links_tld.com", "referring_links_tld.co.uk", "referring_links_tld.",
        "referring_links_types.anchor", "referring_links_attributes.nofollow",
        "referring_links_platform_types.cms", "referring_links_semantic_locations.article",
        "referring_links_countries.US", "referring_links_countries.zz" },
    time = { "first_seen", "lost_date" },
    map = { "referring_links_tld", "referring_links_types", "referring_links_countries" },
    unknown = { "anchors", "Anchor", "rank.x", "backlinks.com", "nope", "", "referring_links", "dofollow" },
}
local BACKLINK_FIELDS = {
    str = { "type", "domain_from", "url_from", "domain_to", "url_to", "tld_from", "domain_from_ip",
        "domain_from_country", "page_from_encoding", "page_from_language", "page_from_title", "item_type",
        "alt", "image_url", "anchor", "text_pre", "text_post", "semantic_location", "url_to_redirect_target" },
    num = { "backlink_spam_score", "rank", "page_from_rank", "domain_from_rank", "page_from_external_links",
        "page_from_internal_links", "page_from_size", "page_from_status_code", "links_count", "group_count",
        "url_to_status_code", "url_to_spam_score" },
    time = { "first_seen", "prev_seen", "last_seen" },
    bool = { "url_from_https", "url_to_https", "is_new", "is_lost", "domain_from_is_ip", "dofollow", "original",
        "is_broken", "is_indirect_link" },
    array = { "domain_from_platform_type", "attributes" },
    unknown = { "referring_domains", "lost_date", "Dofollow", "attributes.nofollow", "x" },
}
D.ANCHOR_FIELDS, D.BACKLINK_FIELDS = ANCHOR_FIELDS, BACKLINK_FIELDS

local OPERATORS = {
    num = { "<", "<=", ">", ">=", "=", "<>", "in", "not_in" },
    time = { "<", "<=", ">", ">=", "=", "<>", "in", "not_in" },
    str = { "=", "<>", "in", "not_in", "like", "not_like", "ilike", "not_ilike", "regex", "not_regex", "match",
        "not_match" },
    bool = { "=", "<>" },
    array = { "has", "has_not" },
}
local OTHER_OPERATORS = { "LIKE", "==", "!=", "contains", "", "has", "like", "<", "in", "regex", "=", "match",
    "has_not", "not", "is" }

local NUM_VALUES = { 0, 1, 2, 3, 5, 10, 100, 250, -1, 1.5, 0.25, 1e13, "10", "0", "-2", "2.5", "1e3", ".5",
    "+5", " 5", "5 ", "0x10", "inf", "nan", "", "ten", "1e999", true, false }
local TIME_VALUES = { "2019-01-01 00:00:00 +00:00", "2017-10-23 11:31:45 +00:00", "2020-02-29 12:00:00 +02:00",
    "2021-06-01 08:30:00 -05:30", "2018-03-04 05:06:07", "2019-06-01", "2100-01-01 00:00:00 +00:00",
    "2019-02-29 00:00:00 +00:00", "2019-13-01", "2019-1-1", "2019-01-01T00:00:00Z", "2019-01-01 24:00:00 +00:00",
    "2019-01-01 00:00:00 +24:00", "yesterday", "", 20190101, true }
local STR_VALUES = { "news", "click here", "%news%", "news%", "%", "%%", "", "Café", "café", "КОШКА", "кошка",
    "ΣΑΣ", "ς", "straße", "STRASSE", "%seo%", "seo", "SEO", "a_b", "%e%", "here", "Blog", "blog", "the",
    "ſ", "k", "中文", "😀", "!!!", "best guide", "guide best", "x%y%z", 5, true }
local BOOL_VALUES = { true, false, "true", 1, 0 }
local ARRAY_VALUES = { "nofollow", "cms", "blogs", "noopener", "unknown", "", 1, true }

local function scalar_value(rng, ftype, op)
    if ftype == "num" then return pick(rng, NUM_VALUES) end
    if ftype == "time" then return pick(rng, TIME_VALUES) end
    if ftype == "bool" then return pick(rng, BOOL_VALUES) end
    if ftype == "array" then return pick(rng, ARRAY_VALUES) end
    if op == "regex" or op == "not_regex" then
        local r = rng()
        if r < 0.45 then return pick(rng, D.VALID_PATTERNS) end
        if r < 0.75 then return pick(rng, D.INVALID_PATTERNS) end
        if r < 0.97 then return D.random_pattern(rng) end
        return string.rep("a", rng() < 0.5 and 1000 or 1001)
    end
    return pick(rng, STR_VALUES)
end

local function value_for(rng, ftype, op, null)
    if rng() < 0.04 then return null end
    if op == "in" or op == "not_in" then
        local r = rng()
        if r < 0.08 then return {} end
        if r < 0.12 then return scalar_value(rng, ftype, op) end
        local list = {}
        for i = 1, rng(4) do list[i] = scalar_value(rng, ftype, op) end
        return list
    end
    if rng() < 0.03 then return { scalar_value(rng, ftype, op) } end
    return scalar_value(rng, ftype, op)
end

local function condition(rng, fields, null)
    local types = {}
    for t in pairs(fields) do types[#types + 1] = t end
    table.sort(types)
    local ftype = pick(rng, types)
    local field = pick(rng, fields[ftype])
    local op
    local known = OPERATORS[ftype] or OPERATORS.num
    if rng() < 0.85 then op = pick(rng, known) else op = pick(rng, OTHER_OPERATORS) end
    local vtype = (ftype == "map" or ftype == "unknown") and "num" or ftype
    local cond = { field, op, value_for(rng, vtype, op, null) }
    local r = rng()
    if r < 0.015 then cond = { field, op }
    elseif r < 0.03 then cond[4] = "extra"
    elseif r < 0.04 then cond[1] = 42
    elseif r < 0.05 then cond[2] = 7
    elseif r < 0.055 then cond = { field = field, op = op, value = 1 } end
    return cond
end

-- A filter expression of up to `budget` conditions nested up to `depth`.
local function expression(rng, fields, depth, null)
    if depth <= 1 or rng() < 0.35 then return condition(rng, fields, null) end
    local group = { expression(rng, fields, depth - 1, null) }
    for _ = 2, rng(4) do
        local r = rng()
        local joiner = r < 0.45 and "and" or r < 0.9 and "or" or pick(rng, { "AND", "xor", "", 1 })
        group[#group + 1] = joiner
        group[#group + 1] = expression(rng, fields, depth - 1, null)
    end
    local r = rng()
    if r < 0.02 then group[#group + 1] = "and"                      -- dangling joiner
    elseif r < 0.035 then table.remove(group, 2)                    -- missing joiner
    elseif r < 0.045 then group[#group + 1] = "and"; group[#group + 1] = {}   -- empty group
    elseif r < 0.05 then group[#group + 1] = "or"; group[#group + 1] = "anchor" end
    return group
end

D.expression = expression

-- Nested single-item groups: [[[...[cond]...]]] `depth` deep.
local function deep(cond, depth)
    local e = cond
    for _ = 2, depth do e = { e } end
    return e
end

function D.expressions(rng, n, null)
    local out = {}
    for i = 1, n do
        local backlinks = rng() < 0.35
        local fields = backlinks and BACKLINK_FIELDS or ANCHOR_FIELDS
        local e
        local r = rng()
        if r < 0.05 then
            e = deep(condition(rng, fields, null), rng(40))
        elseif r < 0.07 then
            e = {}
        elseif r < 0.09 then
            e = pick(rng, { "anchor", 5, true })
        else
            e = expression(rng, fields, rng(5), null)
        end
        out[i] = { fields = backlinks and "backlinks" or "anchors", filters = e, note = "expression " .. i }
    end
    return out
end

-- Exactly k conditions joined by one joiner, or nested: the count limit.
function D.counted(rng, k, null)
    local group = { condition(rng, { num = ANCHOR_FIELDS.num }, null) }
    for _ = 2, k do
        group[#group + 1] = rng() < 0.5 and "and" or "or"
        group[#group + 1] = rng() < 0.5 and condition(rng, { num = ANCHOR_FIELDS.num }, null)
            or { condition(rng, { num = ANCHOR_FIELDS.num }, null) }
    end
    return group
end

------------------------------------------------------------------------------
-- Requests

local TARGETS = {
    valid = { "small-example.com", "medium-example.com", "empty-example.com", "cyrillic-example.com",
        "blog.small-example.com", "https://small-example.com/page", "http://small-example.com/",
        "https://small-example.com:8443/a?b=c#d", "https://[::1]/x", "HTTPS://small-example.com/",
        "xn--caf-dma.example", "café.example", "1.2.3.4", "a-b.c-d.example", "sub.sub.small-example.com",
        string.rep("a", 63) .. ".com" },
    invalid = { "", " small-example.com", "small-example.com ", "www.small-example.com", "WWW.small-example.com",
        "http//x.com", "ftp://x.com", "x", "x..com", ".x.com", "x.com.", "-x.com", "x-.com", "x.com/path",
        "x.com:80", "https://", "https://user@x.com/", "https://x.com:0/", "https://x.com:65536/",
        "https://x..com/", "//x.com", "x.com?q", "x_y.com", "x\n.com", "tab\t.com", string.rep("a", 64) .. ".com",
        string.rep("abcdefghi.", 26) .. "com", "mailto:x@y.com", "https:x.com", 5, true, {} },
}

-- Targets of the small fixed sites: a query costs the emulator little.
local CHEAP = { "small-example.com", "medium-example.com", "empty-example.com", "cyrillic-example.com",
    "blog.small-example.com", "https://small-example.com/page", "HTTPS://small-example.com/" }

local function base(rng)
    return { target = pick(rng, CHEAP), limit = rng(20) }
end

local function with(rng, field, value)
    local p = base(rng)
    p[field] = value
    return p
end

function D.requests(rng, n, null)
    local out = {}
    local function add(params, note) out[#out + 1] = { params = params, note = note } end
    -- target
    for _, t in ipairs(TARGETS.valid) do add({ target = t, limit = 1 }, "valid target") end
    for _, t in ipairs(TARGETS.invalid) do add({ target = t, limit = 1 }, "invalid target") end
    add({ limit = 1 }, "no target")
    add({ target = null, limit = 1 }, "null target")
    -- numbers at and around their limits
    local numbers = { 0, 1, 2, 10, 100, 999, 1000, 1001, -1, 1.5, 0.5, 1e10, 2 ^ 31, 1e13, 99999999999999,
        "10", true, {}, -0.5, 1e300, -1e300 }
    for _, field in ipairs({ "limit", "offset", "internal_list_limit" }) do
        for _, v in ipairs(numbers) do add(with(rng, field, v), field .. " " .. tostring(v)) end
        add(with(rng, field, null), field .. " null")
    end
    -- enums and booleans
    for _, v in ipairs({ "all", "live", "lost", "LIVE", "", "dead", 1, true, null }) do
        add(with(rng, "backlinks_status_type", v), "backlinks_status_type")
    end
    for _, v in ipairs({ "one_hundred", "one_thousand", "ten", "ONE_HUNDRED", 100, false, null }) do
        add(with(rng, "rank_scale", v), "rank_scale")
    end
    for _, f in ipairs({ "include_subdomains", "include_indirect_links", "exclude_internal_backlinks" }) do
        for _, v in ipairs({ true, false, "true", 1, 0, null, {} }) do add(with(rng, f, v), f) end
    end
    -- tag
    for _, v in ipairs({ "", "my tag", string.rep("x", 255), string.rep("x", 256), string.rep("é", 255),
        string.rep("é", 256), string.rep("中", 255), 5, true, {}, null }) do
        add(with(rng, "tag", v), "tag")
    end
    -- unknown fields (and with other problems: unknown first)
    for _, k in ipairs({ "limits", "Target", "api", "function", "", "filters2", "data", "1" }) do
        add(with(rng, k, 1), "unknown " .. k)
        local p = with(rng, k, 1)
        p.limit = 0
        add(p, "unknown " .. k .. " and a bad limit")
    end
    -- two problems at once: the first in documented order is named
    for _ = 1, 40 do
        local p = base(rng)
        local fields = { "limit", "offset", "internal_list_limit", "backlinks_status_type", "order_by", "tag",
            "rank_scale", "include_subdomains" }
        local bad = { limit = 0, offset = -1, internal_list_limit = 1001, backlinks_status_type = "x",
            order_by = { "x,asc" }, tag = string.rep("t", 300), rank_scale = "x", include_subdomains = "x" }
        local a, b = pick(rng, fields), pick(rng, fields)
        p[a], p[b] = bad[a], bad[b]
        if rng() < 0.3 then p.target = "www.x.com" end
        add(p, "two problems " .. a .. " " .. b)
    end
    -- order_by
    local rules = { "backlinks,desc", "backlinks,asc", "rank,desc", "anchor,asc", "first_seen,desc",
        "lost_date,asc", "referring_links_tld.com,desc", "referring_links_types.anchor,asc",
        "referring_links_tld,desc", "backlinks,DESC", "backlinks, desc", " backlinks,desc", "backlinks",
        ",asc", "backlinks,", "backlinks,desc,asc", "nope,asc", "Backlinks,asc", "backlinks,up", "", 5, true }
    for _ = 1, 300 do
        local list = {}
        for i = 1, rng(5) - 1 do list[i] = pick(rng, rules) end
        add(with(rng, "order_by", list), "order_by")
    end
    for _, v in ipairs({ "backlinks,desc", {}, { a = 1 }, 5, null }) do add(with(rng, "order_by", v), "order_by") end
    -- filters: the count limit, generated expressions, every RE2 pattern
    for k = 1, 10 do
        for _ = 1, 6 do add(with(rng, "filters", D.counted(rng, k, null)), "filters count " .. k) end
    end
    for _, pattern in ipairs(D.VALID_PATTERNS) do
        add(with(rng, "filters", { "anchor", "regex", pattern }), "regex " .. pattern)
    end
    for _, pattern in ipairs(D.INVALID_PATTERNS) do
        add(with(rng, "filters", { "anchor", "not_regex", pattern }), "regex " .. pattern)
    end
    for _, depth in ipairs({ 1, 2, 3, 8, 16, 17, 30, 100, 400 }) do
        add(with(rng, "filters", deep({ "backlinks", ">", 1 }, depth)), "depth " .. depth)
        add(with(rng, "backlinks_filters", deep({ "dofollow", "=", true }, depth)), "backlinks depth " .. depth)
    end
    local remaining = n - #out
    for _, e in ipairs(D.expressions(rng, remaining, null)) do
        local field = e.fields == "backlinks" and "backlinks_filters" or "filters"
        -- a quarter of the backlink expressions go, wrongly, into `filters`
        if e.fields == "backlinks" and rng() < 0.25 then field = "filters" end
        add(with(rng, field, e.filters), e.note .. " in " .. field)
    end
    return out
end

------------------------------------------------------------------------------
-- Items for the filter-evaluation differential

local TEXTS = { "news", "latest news", "News Today", "click here", "Click Here!", "Café Ünïcödé", "café",
    "CAFÉ", "straße", "STRASSE", "КОШКА и кот", "кошка", "Блог про SEO", "ΣΑΣ", "σας", "ς", "中文 内容", "日本語",
    "emoji 😀 seo", "seo-tools", "SEO_tools", "a_b", "a%b", "", " ", "line one\nline two", "tab\there",
    "back\\slash", "\"quoted\"", "best guide 2024", "guide, best!", "k", "K", "\226\132\170", "ſ", "s", "S",
    "Ա", "ա", "Ωmega", "x.com", "https://x.com/", "100% free", "the the", "theory", "a1b2", "١٢٣",
    "—dash—", "¿qué?", "naïve café", "ǅ", "ǆ", "Ǆ", "ß", "ẞ", "news%", "%news", "ＡＢＣ", "ａｂｃ" }

local TIMES = { "2019-01-16 05:58:32 +00:00", "2017-10-23 11:31:45 +00:00", "2020-02-29 12:00:00 +00:00",
    "2015-01-01 00:00:00 +00:00", "2019-06-01 00:00:00 +00:00", "2021-06-01 03:00:00 +00:00" }

local function count_map(rng, keys, null)
    if rng() < 0.08 then return null end
    local m = {}
    for _ = 1, rng(4) - 1 do m[pick(rng, keys)] = rng(50) - 1 end
    return m
end

function D.items(rng, fields, n, null)
    local out = {}
    for i = 1, n do
        local item = {}
        if fields == "backlinks" then
            for _, f in ipairs(BACKLINK_FIELDS.str) do item[f] = rng() < 0.06 and null or pick(rng, TEXTS) end
            for _, f in ipairs(BACKLINK_FIELDS.num) do item[f] = rng() < 0.05 and null or (rng(12) - 2) end
            for _, f in ipairs(BACKLINK_FIELDS.time) do item[f] = rng() < 0.1 and null or pick(rng, TIMES) end
            for _, f in ipairs(BACKLINK_FIELDS.bool) do item[f] = rng() < 0.05 and null or rng() < 0.5 end
            for _, f in ipairs(BACKLINK_FIELDS.array) do
                local r = rng()
                if r < 0.15 then item[f] = null
                else
                    local list = {}
                    for j = 1, rng(3) - 1 do list[j] = pick(rng, { "nofollow", "cms", "blogs", "noopener", "" }) end
                    item[f] = list
                end
            end
        else
            item.anchor = rng() < 0.06 and null or pick(rng, TEXTS)
            for _, f in ipairs(ANCHOR_FIELDS.num) do
                if not f:find(".", 1, true) then item[f] = rng(12) - 2 end
            end
            item.first_seen = pick(rng, TIMES)
            item.lost_date = rng() < 0.5 and null or pick(rng, TIMES)
            item.referring_links_tld = count_map(rng, { "com", "co.uk", "", "de" }, null)
            item.referring_links_types = count_map(rng, { "anchor", "image" }, null)
            item.referring_links_attributes = count_map(rng, { "nofollow", "ugc" }, null)
            item.referring_links_platform_types = count_map(rng, { "cms", "blogs" }, null)
            item.referring_links_semantic_locations = count_map(rng, { "article", "" }, null)
            item.referring_links_countries = count_map(rng, { "US", "DE", "zz" }, null)
        end
        item.id = i
        out[i] = item
    end
    return out
end

return D
