-- The deterministic synthetic backlink graph of one site.
--
-- graph.build(site) -> G.  Rows are stored column by column (plain arrays of
-- numbers) because the large site has 120,000 of them: a table per row
-- would cost hundreds of megabytes.  Strings (domains, URLs, anchors) live
-- in small pools and are looked up by id; G:row_view() gives filters a
-- backlinks/backlinks/live-shaped view of one row at a time.
--
-- Pure Lua (5.1-5.4 common subset) so the generator can be tested outside
-- nginx; the same input always gives the same graph.
local targets = require("dataforseo_emulator.targets")

local M = {}

local floor, max, min = math.floor, math.max, math.min
local MODULUS = 2147483647

M.NOW = 1719792000          -- 2024-07-01 00:00:00 UTC: data never depends on the clock
local START = 1420070400    -- 2015-01-01 00:00:00 UTC
local DAY = 86400

-- Park-Miller generator: products stay below 2^46, exact in doubles and
-- in 5.4 integers alike, so both interpreters draw the same numbers.
local function new_random(seed)
    local state = seed % MODULUS
    if state == 0 then state = 1 end
    return function()
        state = (state * 16807) % MODULUS
        return state / MODULUS
    end
end
M.new_random = new_random

-- Picks from a list of { value, weight } with precomputed cumulative weights.
local function weighted(list)
    local total, cum = 0, {}
    for i = 1, #list do total = total + list[i][2]; cum[i] = total end
    return function(u)
        local x = u * total
        for i = 1, #cum do
            if x < cum[i] then return i end
        end
        return #cum
    end
end

M.ITEM_TYPES = { "anchor", "image", "link", "redirect", "canonical", "alternate", "meta" }
local pick_type = weighted({ { 1, 880 }, { 2, 60 }, { 3, 20 }, { 4, 15 }, { 5, 10 }, { 6, 8 }, { 7, 7 } })

-- Attribute sets; dofollow means "no nofollow in the set".
M.ATTRIBUTE_SETS = {
    false, { "nofollow" }, { "noopener" }, { "nofollow", "noopener" }, { "noopener", "noreferrer" },
    { "nofollow", "ugc" }, { "nofollow", "sponsored" }, { "external" },
}
local pick_attr = weighted({ { 1, 620 }, { 2, 120 }, { 3, 60 }, { 4, 60 }, { 5, 40 }, { 6, 40 }, { 7, 30 }, { 8, 30 } })
M.NOFOLLOW = {}
for i, set in ipairs(M.ATTRIBUTE_SETS) do
    local nf = false
    if set then for _, a in ipairs(set) do if a == "nofollow" then nf = true end end end
    M.NOFOLLOW[i] = nf
end

M.SEMANTIC = { "", "article", "section", "main", "footer", "aside", "header", "nav", "details", "summary" }
local pick_sem = weighted({ { 1, 35 }, { 2, 30 }, { 3, 8 }, { 4, 8 }, { 5, 6 }, { 6, 4 }, { 7, 3 }, { 8, 3 },
    { 9, 2 }, { 10, 1 } })

local TLDS = { { "com", 45 }, { "org", 10 }, { "net", 6 }, { "de", 6 }, { "ru", 4 }, { "co.uk", 3 },
    { "in", 3 }, { "com.br", 3 }, { "pt", 2 }, { "nl", 2 }, { "edu", 2 }, { "info", 2 }, { "fr", 2 },
    { "it", 2 }, { "pl", 2 }, { "es", 2 }, { "jp", 2 }, { "io", 2 }, { "com.au", 1 }, { "com.co", 1 } }
local pick_tld = weighted(TLDS)

local COUNTRIES = { { "", 30 }, { "US", 22 }, { "DE", 7 }, { "GB", 5 }, { "WW", 4 }, { "IN", 4 },
    { "FR", 3 }, { "RU", 3 }, { "BR", 3 }, { "CA", 2 }, { "JP", 2 }, { "NL", 2 }, { "PT", 1 },
    { "TR", 1 }, { "IR", 1 }, { "ID", 2 }, { "MX", 1 }, { "AU", 2 }, { "CO", 1 }, { "KE", 1 },
    { "UA", 1 }, { "PL", 1 }, { "ES", 1 }, { "IT", 1 } }
local pick_country = weighted(COUNTRIES)

local PLATFORMS = { "cms", "blogs", "organization", "news", "ecommerce", "message-boards", "wikis" }
local LANGUAGES = { "en", "en", "en", "de", "fr", "ru", "pt", "es", "ja", "it" }

local SYLLABLES = { "ka", "lo", "mi", "ra", "no", "ve", "ti", "sa", "pu", "de", "bel", "cor",
    "dan", "fi", "gro", "han", "is", "jo", "ker", "lu", "mon", "nex", "or", "pra", "qui", "ros",
    "sol", "tur", "ul", "vin", "wex", "xa", "yor", "zen", "ath", "bri", "cle", "dro", "em", "fal" }

-- The head of the anchor vocabulary every site shares ({site}, {brand} are
-- substituted).  It holds the awkward cases on purpose: empty, non-ASCII,
-- quotes, backslash, control characters.
local GENERIC_HEAD = {
    "", "{site}", "www.{site}", "https://{site}/", "{brand}", "click here", "here", "read more",
    "website", "this article", "source", "learn more", "visit site", "official website", "link",
    "more info", "home", "{brand} homepage", "Caf\195\169 {brand}", "\195\156ber {brand}",
    "{brand}\227\129\174\229\133\172\229\188\143\227\130\181\227\130\164\227\131\136",
    "\208\161\208\176\208\185\209\130 {brand}", "\217\133\217\136\217\130\216\185 {brand}",
    "\206\149\206\187\206\187\206\183\206\189\206\185\206\186\206\172 {brand}",
    "\228\184\173\230\150\135 {brand}", "\226\152\133 {brand} \226\152\133", "\"{brand}\" review",
    "back\\slash {brand}", "tab\there", "line one\nline two", "emoji \240\159\152\128 {brand}",
}

local ADJ = { "best", "cheap", "free", "top", "new", "easy", "quick", "smart", "local", "online",
    "modern", "simple", "great", "useful", "popular", "daily", "latest", "complete", "essential",
    "practical", "caf\195\169", "na\195\175ve", "\195\188ber", "stra\195\159e", "ma\195\177ana", "ultimate",
    "secure", "fast", "advanced", "basic", "green", "global", "digital", "mobile", "open", "private",
    "public", "social", "classic", "creative", "honest", "rapid", "solid", "tiny", "vast", "young",
    "wise", "bold" }
local NOUN = { "guide", "tools", "tips", "review", "blog", "shop", "service", "software", "course",
    "recipes", "tutorial", "platform", "community", "resources", "solutions", "ideas", "products",
    "reviews", "deals", "forum", "library", "articles", "podcast", "videos", "app", "apps", "stories",
    "events", "jobs", "studio", "market", "network", "portal", "report", "insights", "lessons",
    "answers", "examples", "templates", "plugins", "themes", "hosting", "photos", "maps", "books",
    "games", "music", "r\195\169sum\195\169" }
local TOPIC = { "for seo", "news", "online", "2021", "2022", "2023", "2024", "for beginners",
    "in berlin", "in london", "for business", "for developers", "at home", "for students", "uk",
    "usa", "reviews", "and more", "today", "list", "\226\128\147 official", "pdf", "near me", "kit" }

local function title_case(s)
    return (s:gsub("(%a)([%w]*)", function(a, b) return a:upper() .. b end))
end

local function expand(template, site, brand)
    return (template:gsub("{site}", function() return site end):gsub("{brand}", function() return brand end))
end

-- Text of tail anchor k (0-based): adjective noun topic, unique up to 55,296.
local function tail_anchor(k)
    local a = ADJ[k % #ADJ + 1]
    local n = NOUN[floor(k / #ADJ) % #NOUN + 1]
    local t = TOPIC[floor(k / (#ADJ * #NOUN)) % #TOPIC + 1]
    local text = a .. " " .. n .. " " .. t
    local round = floor(k / (#ADJ * #NOUN * #TOPIC))
    if round > 0 then text = text .. " " .. round end
    return text
end

local function build_anchor_vocabulary(site, profile)
    local brand = title_case((site:match("^([^%.]+)") or site):gsub("%-", " "))
    local head = {}
    for _, a in ipairs(profile.head or {}) do head[#head + 1] = a end
    for _, a in ipairs(GENERIC_HEAD) do head[#head + 1] = expand(a, site, brand) end
    -- De-duplicate while keeping order: ids must name distinct texts.
    local seen, texts = {}, {}
    for _, a in ipairs(head) do
        if not seen[a] then seen[a] = true; texts[#texts + 1] = a end
    end
    local n = profile.anchors
    if #texts > n then
        for i = #texts, n + 1, -1 do texts[i] = nil end
    else
        local k = 0
        while #texts < n do
            local a = tail_anchor(k)
            k = k + 1
            if not seen[a] then seen[a] = true; texts[#texts + 1] = a end
        end
    end
    local empty_id
    for i, a in ipairs(texts) do if a == "" then empty_id = i end end
    return texts, empty_id
end

-- The pages of the site that links point to.  redirect = the page it sends
-- to (links to it are indirect links); status >= 400 = broken.
local function build_url_pool(site)
    local spec = {
        { "https://{s}/", 30 }, { "https://{s}/page", 8 }, { "https://www.{s}/", 10 },
        { "https://{s}/about", 5 }, { "https://{s}/blog/", 5 }, { "https://blog.{s}/", 8 },
        { "https://blog.{s}/post-1", 4 }, { "https://blog.{s}/post-2", 3 }, { "https://shop.{s}/", 4 },
        { "https://docs.{s}/guide", 3 }, { "http://{s}/old-page", 3, redirect = "https://{s}/page", status = 301 },
        { "https://{s}/moved", 2, redirect = "https://{s}/", status = 301 },
        { "https://{s}/missing", 2, status = 404 }, { "https://blog.{s}/deleted", 1, status = 410 },
        { "https://{s}/page?ref=1", 1, redirect = "https://{s}/page", status = 200 },
        { "https://{s}/contact", 2 }, { "https://m.{s}/", 2 }, { "https://{s}/news", 3 },
    }
    local pool, weights = {}, {}
    for i, e in ipairs(spec) do
        local url = e[1]:gsub("{s}", function() return site end)
        local host = url:match("^https?://([^/?]+)")
        pool[i] = {
            url = url, host = host, https = url:sub(1, 5) == "https",
            redirect = e.redirect and e.redirect:gsub("{s}", function() return site end) or nil,
            status = e.status or 200,
        }
        pool[i].broken = pool[i].status >= 400
        weights[i] = { i, e[2] }
    end
    return pool, weighted(weights)
end

-- Referring domains.  Ids 1..3 are the site's own subdomains (internal
-- links); the rest are outside sites, a few of them bare IPs or blogspot.
-- Adds referring domain d (the next one) to D, drawing from random.
local function add_domain(D, site, d, random)
    local name, main, tld
    local is_ip = false
    local kind = random()
    local ip_id = d
    if d % 4 == 1 and d > 1 then ip_id = d - 1 end        -- shared hosting
    local subnet = floor(ip_id / 3)
    local ip = (31 + (subnet * 131) % 190) .. "." .. (floor(subnet / 256) % 256) .. "." ..
        (subnet % 256) .. "." .. (1 + (ip_id * 89) % 254)
    if d <= 3 then
        name = ({ "blog.", "shop.", "forum." })[d] .. site
        main, tld = site, site:match("^[^%.]+%.(.*)$") or site
    else
        local s1 = SYLLABLES[d % #SYLLABLES + 1]
        local s2 = SYLLABLES[floor(d / #SYLLABLES) % #SYLLABLES + 1]
        local s3 = SYLLABLES[floor(d / (#SYLLABLES * #SYLLABLES)) % #SYLLABLES + 1]
        local label = s1 .. s2 .. s3
        if kind < 0.03 then
            name, main, tld, is_ip = ip, ip, "", true
        elseif kind < 0.08 then
            name, main, tld = label .. ".blogspot.com", "blogspot.com", "blogspot.com"
        else
            tld = TLDS[pick_tld(random())][1]
            main = label .. "." .. tld
            name = main
            if kind < 0.16 then name = "www." .. main end
        end
    end
    D.name[d], D.main[d], D.tld[d], D.is_ip[d], D.internal[d] = name, main, tld, is_ip, d <= 3
    if not D.main_ids[main] then D.main_count = D.main_count + 1; D.main_ids[main] = D.main_count end
    D.main_id[d] = D.main_ids[main]
    D.ip[d], D.ip_id[d], D.subnet_id[d] = ip, ip_id, subnet
    D.country[d] = COUNTRIES[pick_country(random())][1]
    local p = random()
    local platforms
    if p < 0.25 then
        platforms = { "unknown" }
    else
        platforms = {}
        local first = 1 + floor(random() * #PLATFORMS)
        platforms[1] = PLATFORMS[first]
        if p > 0.6 then platforms[2] = PLATFORMS[first % #PLATFORMS + 1] end
        if p > 0.85 then platforms[3] = PLATFORMS[(first + 1) % #PLATFORMS + 1] end
    end
    D.platforms[d] = platforms
    local r = random()
    D.rank[d] = floor(1000 * r * r)
    D.https[d] = random() < 0.8
    D.lang[d] = LANGUAGES[1 + floor(random() * #LANGUAGES)]
    local pages = 1 + floor(random() ^ 2 * 60)
    D.pages[d], D.page_base[d] = pages, D.total_pages
    D.total_pages = D.total_pages + pages
    D.count = d
end

local function build_domains(site, count, random)
    local D = { name = {}, main = {}, main_id = {}, tld = {}, ip = {}, ip_id = {}, subnet_id = {},
        country = {}, platforms = {}, rank = {}, https = {}, is_ip = {}, internal = {}, lang = {},
        pages = {}, page_base = {}, count = 0, main_ids = {}, main_count = 0, total_pages = 0 }
    for d = 1, count do add_domain(D, site, d, random) end
    return D
end


-- The draws that make one backlink, in the order the graph has always
-- drawn them: who links and from which page, with what anchor, to which
-- page, how (link), and its spam score and page rank (scores).
local function drawers(G)
    local D, A = G.domains, #G.anchors
    local dcount = D.count
    local head, external = min(A, 150), dcount - 3
    local r_dom, r_page, r_anchor, r_to, r_type, r_attr, r_sem = G.r_dom, G.r_page, G.r_anchor, G.r_to,
        G.r_type, G.r_attr, G.r_sem
    local r_spam, r_prank = G.r_spam, G.r_prank
    local function link(random, i)
        local d
        if random() < 0.03 or external < 1 then
            d = 1 + floor(random() * min(3, dcount))
        else
            d = 4 + floor(external * random() ^ 1.8)
        end
        r_dom[i] = d
        r_page[i] = D.page_base[d] + floor(random() ^ 1.5 * D.pages[d]) + 1
        local a
        if random() < 0.5 then
            a = 1 + floor(head * random() ^ 3)
        else
            a = 1 + floor(A * random())
        end
        local t = pick_type(random())
        -- Images and non-text links mostly carry no anchor text.
        if t ~= 1 and G.empty_anchor and (t ~= 2 or random() < 0.7) then a = G.empty_anchor end
        r_anchor[i], r_type[i] = a, t
        r_to[i] = G.pick_url(random())
        r_attr[i] = pick_attr(random())
        r_sem[i] = pick_sem(random())
    end
    local function scores(random, i)
        local s = random()
        r_spam[i] = floor(80 * s * s)
        r_prank[i] = floor(D.rank[r_dom[i]] * (0.2 + 0.8 * random()))
    end
    return link, scores
end

-- After M.NOW the index keeps changing: backlinks live at M.NOW are lost
-- at DECAY a year, and new ones arrive at GROWTH a year (a share of the
-- site's backlinks), a NEW_DOMAIN share of them from referring domains
-- never seen before, each new one lost at DECAY in its turn.  Drawn from a
-- stream of its own, in time order, so the graph at a later date only adds
-- to the graph at an earlier one.  -> the rows in all; lost_after[i]: when
-- row i (live at M.NOW, or new) is lost.
local YEAR = 365 * DAY
local GROWTH, DECAY, NEW_DOMAIN = 0.12, 0.08, 0.3

local function lifetime(random) return 1 + floor(-math.log(1 - random()) / (DECAY / YEAR)) end

local function extend(G, date, lost_after)
    local random = new_random(targets.hash(G.site .. "#after"))
    local n = G.n
    for i = 1, n do
        local life = lifetime(random)
        if G.r_lost[i] == 0 then lost_after[i] = M.NOW + life end
    end
    if n == 0 or G.domains.count == 0 then return n end
    local link, scores = drawers(G)
    local rate = GROWTH * n / YEAR
    local t, i = M.NOW, n
    while true do
        t = t + 1 + floor(-math.log(1 - random()) / rate)
        if t > date then return i end
        i = i + 1
        local fresh = random() < NEW_DOMAIN
        local d = G.domains.count + 1
        if fresh then add_domain(G.domains, G.site, d, random) end
        link(random, i)
        if fresh then
            G.r_dom[i] = d
            G.r_page[i] = G.domains.page_base[d] + 1 + floor(random() * G.domains.pages[d])
        end
        G.r_first[i], G.r_lost[i], G.r_last[i] = t, 0, t
        lost_after[i] = t + lifetime(random)
        scores(random, i)
    end
end

local COLUMNS = { "r_dom", "r_page", "r_anchor", "r_to", "r_type", "r_attr", "r_sem", "r_spam", "r_prank" }

-- The graph as the index saw it on `date`: the backlinks first seen by
-- then, lost if lost by then (live otherwise), with last_seen moved to
-- match; rows keep their identity (r_id: the row number at M.NOW, or
-- after it for rows that came later), so a backlink reads the same on
-- every date it exists.
local function at_date(G, date)
    local lost_after = {}
    local total = G.n
    if date > M.NOW then total = extend(G, date, lost_after) end
    local first, lost, last = G.r_first, G.r_lost, G.r_last
    local out = {}
    for _, c in ipairs(COLUMNS) do out[c] = {} end
    local o_first, o_lost, o_last, o_id = {}, {}, {}, {}
    local k = 0
    for i = 1, total do
        local f = first[i]
        if f <= date then
            k = k + 1
            for _, c in ipairs(COLUMNS) do out[c][k] = G[c][i] end
            local base_lost = lost[i]
            local when = base_lost > 0 and base_lost or (lost_after[i] or 0)
            if when > 0 and when <= date then
                o_lost[k] = when
                o_last[k] = base_lost > 0 and last[i] or max(f, when - (i * 7919) % (20 * DAY))
            elseif base_lost == 0 and i <= G.n then
                o_lost[k], o_last[k] = 0, max(f, last[i] + date - M.NOW)
            else
                o_lost[k], o_last[k] = 0, max(f, date - (i * 7919) % (7 * DAY))
            end
            o_first[k], o_id[k] = f, i
        end
    end
    for _, c in ipairs(COLUMNS) do G[c] = out[c] end
    G.r_first, G.r_lost, G.r_last, G.r_id = o_first, o_lost, o_last, o_id
    G.n, G.now = k, date
    return G
end

-- Builds the graph of `site` (a registrable domain name) as it stands on
-- `date` (seconds, UTC; default M.NOW, where the data has always been).
function M.build(site, date)
    local profile = targets.profile(site)
    local random = new_random(targets.hash(site))
    local n = profile.rows
    local G = setmetatable({ site = site, n = n, profile = profile, now = M.NOW }, { __index = M })
    G.anchors, G.empty_anchor = build_anchor_vocabulary(site, profile)
    G.urls, G.pick_url = build_url_pool(site)
    local dcount = profile.domains or max(4, floor(n / 7))
    if n == 0 then dcount = 0 end
    G.domains = build_domains(site, dcount, random)
    G.r_dom, G.r_page, G.r_anchor, G.r_to, G.r_type, G.r_attr, G.r_sem = {}, {}, {}, {}, {}, {}, {}
    G.r_first, G.r_last, G.r_lost, G.r_spam, G.r_prank = {}, {}, {}, {}, {}
    local link, scores = drawers(G)
    local r_first, r_last, r_lost = G.r_first, G.r_last, G.r_lost
    local span = M.NOW - 30 * DAY - START
    for i = 1, n do
        link(random, i)
        local first = START + floor(span * random())
        r_first[i] = first
        if random() < 0.15 then
            local lost = first + floor((M.NOW - first) * random())
            r_lost[i], r_last[i] = lost, lost - floor(random() * 20 * DAY)
            if r_last[i] < first then r_last[i] = first end
        else
            r_lost[i], r_last[i] = 0, M.NOW - floor(random() * 7 * DAY)
        end
        scores(random, i)
    end
    if date and date ~= M.NOW then return at_date(G, date) end
    return G
end

-- Time as the API writes it: "2019-11-15 12:57:46 +00:00".
function M.format_time(t)
    return os.date("!%Y-%m-%d %H:%M:%S +00:00", t)
end

-- Rank on the requested scale (values are generated on 0..1000).
function M.scale_rank(value, scale)
    if scale == "one_hundred" then return floor(value / 10 + 0.5) end
    return value
end

function M:url_from(i)
    local d = self.r_dom[i]
    local D = self.domains
    local page = self.r_page[i] - D.page_base[d]
    local path = page == 1 and "/" or ("/" .. (D.lang[d] == "en" and "post" or "artikel") .. "-" .. page)
    return (D.https[d] and "https://" or "http://") .. D.name[d] .. path
end

-- Is row i lost?  (lost_date > 0)
function M:is_lost(i) return self.r_lost[i] > 0 end

-- Getters for every field of a backlinks/backlinks/live item, by name.
-- Each takes (G, row, rank_scale).
local getters = {}
M.row_getters = getters

local function url_of(G, i) return G.urls[G.r_to[i]] end
-- A row's identity: its number at M.NOW (rows after it: their number then).
local function id_of(G, i) local ids = G.r_id; return ids and ids[i] or i end

getters.type = function() return "backlink" end
getters.domain_from = function(G, i) return G.domains.name[G.r_dom[i]] end
getters.url_from = function(G, i) return G:url_from(i) end
getters.url_from_https = function(G, i) return G.domains.https[G.r_dom[i]] end
getters.domain_to = function(G, i) return url_of(G, i).host end
getters.url_to = function(G, i) return url_of(G, i).url end
getters.url_to_https = function(G, i) return url_of(G, i).https end
getters.tld_from = function(G, i) return G.domains.tld[G.r_dom[i]] end
getters.is_new = function(G, i) return G.r_first[i] >= G.now - 60 * DAY end
getters.is_lost = function(G, i) return G.r_lost[i] > 0 end
getters.backlink_spam_score = function(G, i) return G.r_spam[i] end
getters.rank = function(G, i, scale) return M.scale_rank(floor(G.r_prank[i] / 3), scale) end
getters.page_from_rank = function(G, i, scale) return M.scale_rank(G.r_prank[i], scale) end
getters.domain_from_rank = function(G, i, scale) return M.scale_rank(G.domains.rank[G.r_dom[i]], scale) end
getters.domain_from_platform_type = function(G, i) return G.domains.platforms[G.r_dom[i]] end
getters.domain_from_is_ip = function(G, i) return G.domains.is_ip[G.r_dom[i]] end
getters.domain_from_ip = function(G, i) return G.domains.ip[G.r_dom[i]] end
getters.domain_from_country = function(G, i) return G.domains.country[G.r_dom[i]] end
getters.page_from_external_links = function(G, i) return 3 + (G.r_page[i] * 7) % 90 end
getters.page_from_internal_links = function(G, i) return 10 + (G.r_page[i] * 13) % 200 end
getters.page_from_size = function(G, i) return 20000 + (G.r_page[i] * 977) % 180000 end
getters.page_from_encoding = function() return "utf-8" end
getters.page_from_language = function(G, i) return G.domains.lang[G.r_dom[i]] end
getters.page_from_title = function(G, i)
    local d = G.r_dom[i]
    return "Page " .. (G.r_page[i] - G.domains.page_base[d]) .. " \226\128\147 " .. G.domains.name[d]
end
getters.page_from_status_code = function() return 200 end
getters.first_seen = function(G, i) return M.format_time(G.r_first[i]) end
getters.prev_seen = function(G, i) return M.format_time(max(G.r_first[i], G.r_last[i] - 14 * DAY)) end
getters.last_seen = function(G, i) return M.format_time(G.r_last[i]) end
getters.lost_date = function(G, i)
    if G.r_lost[i] > 0 then return M.format_time(G.r_lost[i]) end
    return nil
end
getters.item_type = function(G, i) return M.ITEM_TYPES[G.r_type[i]] end
getters.attributes = function(G, i) return M.ATTRIBUTE_SETS[G.r_attr[i]] or nil end
getters.dofollow = function(G, i) return not M.NOFOLLOW[G.r_attr[i]] end
getters.original = function(G, i) return id_of(G, i) % 5 ~= 0 end
getters.alt = function(G, i)
    if G.r_type[i] == 2 then return G.anchors[G.r_anchor[i]] end
    return nil
end
getters.image_url = function(G, i)
    if G.r_type[i] == 2 then
        local d = G.r_dom[i]
        return "https://" .. G.domains.name[d] .. "/img/" .. id_of(G, i) .. ".png"
    end
    return nil
end
getters.anchor = function(G, i) return G.anchors[G.r_anchor[i]] end
getters.text_pre = function(G, i) return ({ "Read", "See also", "Found on", "", "Via" })[id_of(G, i) % 5 + 1] end
getters.text_post = function(G, i) return ({ "for details.", "", "and more.", "(source)", "" })[id_of(G, i) % 5 + 1] end
getters.semantic_location = function(G, i) return M.SEMANTIC[G.r_sem[i]] end
getters.links_count = function(G, i) return 1 + id_of(G, i) % 3 end
getters.group_count = function(G, i) return 1 + id_of(G, i) % 2 end
getters.is_broken = function(G, i) return url_of(G, i).broken end
getters.url_to_status_code = function(G, i) return url_of(G, i).status end
getters.url_to_spam_score = function(G, i) return (G.r_to[i] * 7) % 30 end
getters.url_to_redirect_target = function(G, i) return url_of(G, i).redirect end
getters.is_indirect_link = function(G, i) return url_of(G, i).redirect ~= nil end
getters.ranked_keywords_info = function(G, i)
    local p = G.r_page[i]
    local top3 = (p * 7) % 5
    local top10 = top3 + (p * 11) % 13
    return { page_from_keywords_count_top_3 = top3, page_from_keywords_count_top_10 = top10,
        page_from_keywords_count_top_100 = top10 + (p * 13) % 97 }
end
-- The hop from the linked URL to the page it stands for (a redirect, or a
-- canonical when the URL answers 200).
getters.indirect_link_path = function(G, i)
    local u = url_of(G, i)
    if u.redirect == nil then return nil end
    return { { type = u.status == 200 and "canonical" or "redirect", status_code = u.status, url = u.url } }
end

-- The network address of referring domain d: its IP, or its /24 subnet
-- written as the network's first address ("a.b.c.0").
function M:network_address(d, subnet)
    local ip = self.domains.ip[d]
    if subnet then return (ip:gsub("%.%d+$", ".0")) end
    return ip
end

local function site_ip(site)
    local h = targets.hash(site)
    return (11 + h % 200) .. "." .. floor(h / 256) % 256 .. "." .. floor(h / 65536) % 256 .. "." .. (1 + h % 254)
end

-- Page u of the url pool (the site's own pages) as a crawler saw it: the
-- fields of a backlinks/domain_pages item other than page_summary.
function M:page(u)
    local url = self.urls[u]
    local random = new_random(targets.hash(url.url))
    local site = self.site
    local fetch = self.now - floor(random() * 20 * DAY)
    local prev = fetch - floor((10 + 50 * random()) * DAY)
    local first = START + floor((prev - 30 * DAY - START) * random())
    local status = url.status
    local ok = status == 200
    local size = ok and 20000 + floor(random() * 180000) or floor(random() * 2000)
    local path = url.url:match("^https?://[^/]+(.*)$")
    local title = ok and (path == "/" and "Home" or path:gsub("^/", ""):gsub("[/?=]", " ")) .. " \226\128\147 " .. site
        or nil
    local meta = {
        title = title,
        canonical = ok and url.redirect or nil,
        internal_links_count = ok and 20 + floor(random() * 180) or 0,
        external_links_count = ok and floor(random() * 40) or 0,
        images_count = ok and floor(random() * 60) or 0,
        words_count = ok and 200 + floor(random() * 3000) or 0,
        page_spam_score = ok and floor(random() * 10) or 0,
        social_media_tags = ok and { ["og:title"] = title, ["og:url"] = url.url, ["og:type"] = "website" } or nil,
        h1 = ok and { title } or nil,
        h2 = ok and { "About " .. site, "Latest news" } or nil,
        h3 = nil,
        images_alt = nil,
        powered_by = ok and { "WordPress" } or nil,
        language = ok and "en" or nil,
        charset = ok and "utf-8" or nil,
        platform_type = ok and { "cms", "blogs" } or nil,
        technologies = ok and { cms = "wordpress", cdn = "cloudflare" } or nil,
    }
    return {
        main_domain = site,
        domain = url.host,
        tld = site:match("^[^.]+%.(.*)$") or site,
        page = url.url,
        ip = site_ip(site),
        first_visited = M.format_time(first),
        prev_visited = M.format_time(prev),
        fetch_time = M.format_time(fetch),
        status_code = status,
        location = status >= 300 and status < 400 and url.redirect or nil,
        size = size,
        encoded_size = floor(size / 4),
        content_encoding = "gzip",
        media_type = "text/html",
        server = "nginx",
        meta = meta,
    }
end

-- What backlinks/summary/live says of the site itself.
function M:info()
    local h = targets.hash(self.site)
    return { server = "nginx", cms = "wordpress", platform_type = { "cms", "blogs" }, ip_address = site_ip(self.site),
        country = "US", is_ip = false, target_spam_score = h % 20 }
end

-- A reusable view of one row shaped like a backlinks/live item: set the row
-- with view.set(i), then read fields as view.row.anchor etc.  One view is
-- reused across rows so filtering 120,000 rows allocates nothing per row.
function M:row_view(rank_scale)
    local G, current = self, 1
    local row = setmetatable({}, {
        __index = function(_, field)
            local get = getters[field]
            if get then return get(G, current, rank_scale) end
            return nil
        end,
    })
    return {
        row = row,
        set = function(i) current = i end,
    }
end

-- A standalone table with every field of row i (for inspection and tests).
function M:row_table(i, rank_scale)
    local t = {}
    for field, get in pairs(getters) do t[field] = get(self, i, rank_scale) end
    return t
end

return M
