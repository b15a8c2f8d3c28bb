-- The anchor-text profile of a site, from anchors items (docs/report.md).
--
--   local profile = require "dataforseo.profile"    -- or dataforseo.profile
--   local p = profile(items_or_iterator, { target = "forbes.com" })
--   local p, err = profile(client:anchors_items(params, walk_opts), opts)   -- or anchors_pages
--   local b = profile.new(opts); b:add(item) ...; local p = b:result()
--   profile.brand_of("https://www.shop.example.co.uk/x")   -> "example"
--   profile.classify(anchor, profile.rules(opts))         -> class key
--
-- Items are hostile: a null anchor, a null or odd map, a count that is not a
-- number are tolerated (counted in p.ignored_values), never raised on.
local errors = require "dataforseo.errors"
local fold = require("dataforseo.query.unicode").fold_text

local M = {}

local floor, huge = math.floor, math.huge
local format, concat, sort = string.format, table.concat, table.sort

-- The classes, in the order they are tried and shown.
M.CLASSES = {
    { key = "empty", label = "Empty / image" },
    { key = "naked", label = "Naked URL / domain" },
    { key = "branded", label = "Branded" },
    { key = "generic", label = "Generic" },
    { key = "other", label = "Keyword text" },
}

-- Anchors that say nothing about the page they point to (compared after
-- lower-casing, collapsing spaces and trimming punctuation at both ends).
M.GENERIC = {
    "click here", "click", "here", "this", "read more", "more", "learn more", "see more",
    "find out more", "more info", "more information", "details", "continue reading",
    "read the article", "read article", "full article", "this article", "article", "source",
    "via", "link", "this link", "website", "web site", "this website", "site", "this site",
    "visit site", "visit website", "visit", "official website", "official site", "homepage",
    "home page", "home", "go", "go to site", "check it out", "view", "view more", "url",
    "page", "this page", "download", "click here to read more",
}

-- The item maps summed by the profile.
M.MAPS = { "referring_links_tld", "referring_links_countries", "referring_links_platform_types",
    "referring_links_semantic_locations", "referring_links_types", "referring_links_attributes" }

M.DEFAULT_TOP = 20

------------------------------------------------------------------------------
-- The brand of a target

-- Second-level labels under a two-letter country code that registrations
-- happen under (example.co.uk, example.com.br), and hosting suffixes whose
-- sites are their own brands (name.blogspot.com).  A heuristic, not the
-- Public Suffix List: --brand / opts.brand covers the rest.
local SECOND_LEVEL = { co = true, com = true, org = true, net = true, ac = true, gov = true,
    edu = true, ne = true, ["or"] = true, ltd = true, plc = true, gob = true, gouv = true,
    nic = true, sch = true, mil = true, nom = true, go = true, gv = true, biz = true }
local HOSTING = { ["blogspot.com"] = true, ["github.io"] = true, ["wordpress.com"] = true,
    ["herokuapp.com"] = true, ["netlify.app"] = true, ["vercel.app"] = true,
    ["pages.dev"] = true, ["appspot.com"] = true, ["tumblr.com"] = true,
    ["substack.com"] = true, ["wixsite.com"] = true }

-- The brand token of a target (domain, subdomain or URL): the label before
-- its public suffix, without www.  nil for an IP address or nothing usable.
function M.brand_of(target)
    if type(target) ~= "string" then return nil end
    local s = fold((target:gsub("^%s+", ""):gsub("%s+$", "")))
    s = s:gsub("^%a[%w+.-]*://", "")
    local host = s:match("^([^/?#]*)") or ""
    host = host:gsub("^.*@", ""):gsub(":%d*$", ""):gsub("%.+$", "")
    if host == "" or host:find("^%[") or host:find("^[%d.]+$") then return nil end
    local labels = {}
    for label in host:gmatch("[^.]+") do labels[#labels + 1] = label end
    while #labels > 1 and labels[1]:find("^www%d*$") do table.remove(labels, 1) end
    local n = #labels
    if n == 1 then return labels[1] end
    local suffix = 1
    if n >= 3 and HOSTING[labels[n - 1] .. "." .. labels[n]] then
        suffix = 2
    elseif #labels[n] == 2 and SECOND_LEVEL[labels[n - 1]] then
        suffix = 2
    end
    return labels[n - suffix]   -- nil for a bare suffix such as co.uk
end

------------------------------------------------------------------------------
-- Classifying one anchor

-- Without ASCII spaces and controls, and U+00A0 no-break spaces, at both ends.
local function trim(s)
    while true do
        local t = s:gsub("^[%s%c]+", ""):gsub("^\194\160", ""):gsub("[%s%c]+$", "")
            :gsub("\194\160$", "")
        if t == s then return s end
        s = t
    end
end

-- Quote marks, arrows, bullets and the like that decorate an anchor
-- ("Read more »", "[link]", "“here”").
local DECORATION = {
    "\194\171", "\194\187", "\226\128\185", "\226\128\186", "\226\134\146", "\226\134\144",
    "\226\128\166", "\226\128\162", "\194\183", "\226\128\156", "\226\128\157", "\226\128\152",
    "\226\128\153", "\226\128\147", "\226\128\148", "\226\150\182", "\226\150\186",
    "\226\152\133", "\194\160",
}

local function strip_decoration(s)
    local changed = true
    while changed and s ~= "" do
        changed = false
        local t = s:gsub("^[%p%s%c]+", ""):gsub("[%p%s%c]+$", "")
        if t:find("^[\128-\255]") or t:find("[\128-\255]$") then
            for _, d in ipairs(DECORATION) do
                if t:sub(1, #d) == d then t = t:sub(#d + 1) end
                if #t >= #d and t:sub(-#d) == d then t = t:sub(1, -#d - 1) end
            end
        end
        if t ~= s then s, changed = t, true end
    end
    return s
end

-- The form generic anchors are compared in.
function M.normalise(s)
    s = fold(s):gsub("\194\160", " "):gsub("[%s%c]+", " ")
    return strip_decoration(s)
end
local normalise = M.normalise

-- Variants of a brand: "big-example" also as "big example" and "bigexample".
local function brand_variants(brand, out, seen)
    local b = normalise(brand)
    local words = {}
    for w in b:gmatch("[^%s%-_.]+") do words[#words + 1] = w end
    for _, v in ipairs({ b, concat(words, " "), concat(words, ""), concat(words, "-") }) do
        if v ~= "" and not seen[v] then seen[v] = true; out[#out + 1] = v end
    end
end

local ALNUM = "[%w]"

-- true when `word` occurs in s with no ASCII letter or digit on either side.
local function has_word(s, word)
    local start = 1
    while true do
        local i, j = s:find(word, start, true)
        if not i then return false end
        local before, after = s:sub(i - 1, i - 1), s:sub(j + 1, j + 1)
        if (i == 1 or not before:find(ALNUM)) and (after == "" or not after:find(ALNUM)) then
            return true
        end
        start = i + 1
    end
end

-- Common generic top-level domains and the country codes ("Node.js" is
-- not a host name: js is neither).
local TLDS = {}
for t in ([[com net org edu gov mil int info biz app dev name pro mobi online site store
    shop blog news xyz top club tech cloud page web live media agency asia cat jobs travel
    museum aero coop
    ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo
    br bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm
    do dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs
    gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km
    kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp
    mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk
    pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss
    st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va
    vc ve vg vi vn vu wf ws ye yt za zm zw]]):gmatch("%a+") do TLDS[t] = true end

-- A URL or a bare host name ("https://forbes.com/", "www.forbes.com",
-- "forbes.com/sites/x").  No spaces inside.
local function is_naked(s)
    if s:find("[%s]") then return false end
    local l = s:lower()
    if l:find("^%a[%w+.-]*://") or l:find("^www%d*%.") then return true end
    local host = l:match("^([^/?#:]+)")
    if not host then return false end
    host = host:gsub("%.$", "")
    local last = host:match("%.([^.]+)$")
    if not last or not host:find("^[%w\128-\255-]+%.") then return false end
    if not host:find("^[%w\128-\255.-]+$") then return false end
    return TLDS[last] == true or last:find("^xn%-%-") ~= nil
end

-- The classification rules of a profile: brand variants and the generic set.
-- opts: brand (string or list; default brand_of(target)), target, generic
-- (extra generic anchors).
function M.rules(opts)
    opts = opts or {}
    local brands = opts.brand
    if brands == nil then brands = { M.brand_of(opts.target) } end
    if type(brands) == "string" then brands = { brands } end
    local r = { brands = {}, variants = {}, generic = {} }
    local seen = {}
    for _, b in ipairs(brands) do
        r.brands[#r.brands + 1] = b
        brand_variants(b, r.variants, seen)
    end
    for _, g in ipairs(M.GENERIC) do r.generic[normalise(g)] = true end
    for _, g in ipairs(opts.generic or {}) do r.generic[normalise(g)] = true end
    return r
end

-- The class key of an anchor: "empty", "naked", "branded", "generic" or
-- "other".  anchor: a string, or null/nil (an anchor-less link: "empty").
function M.classify(anchor, rules)
    if type(anchor) == "number" then anchor = tostring(anchor) end
    if type(anchor) ~= "string" then return "empty" end
    local s = trim(anchor)
    if s == "" then return "empty" end
    if is_naked(s) then return "naked" end
    local n = normalise(s)
    local lowered = fold(s)
    for _, v in ipairs(rules.variants) do
        if has_word(lowered, v) or has_word(n, v) then return "branded" end
    end
    -- Nothing left but punctuation ("»", "..."): it says nothing either.
    if n == "" or rules.generic[n] then return "generic" end
    return "other"
end

------------------------------------------------------------------------------
-- Options

local KNOWN = { brand = true, target = true, generic = true, top = true, spend = true,
    total_count = true }

local function check_opts(opts)
    if opts == nil then return {} end
    if type(opts) ~= "table" then error("dataforseo.profile: opts must be a table, got " .. type(opts), 3) end
    for k in pairs(opts) do
        if not KNOWN[k] then
            error("dataforseo.profile: unknown option '" .. tostring(k) ..
                "' (options: brand, generic, spend, target, top, total_count)", 3)
        end
    end
    local function fail(msg) error("dataforseo.profile: option " .. msg, 4) end
    local function strings(name, v)
        if type(v) == "string" then v = { v } end
        if type(v) ~= "table" then fail(format("'%s' must be a string or a list of strings", name)) end
        for i, s in ipairs(v) do
            if type(s) ~= "string" or trim(s) == "" then
                fail(format("'%s'[%d] must be a non-empty string", name, i))
            end
        end
        return v
    end
    if opts.brand ~= nil then strings("brand", opts.brand) end
    if opts.generic ~= nil then strings("generic", opts.generic) end
    if opts.target ~= nil and type(opts.target) ~= "string" then fail("'target' must be a string") end
    if opts.top ~= nil and (type(opts.top) ~= "number" or opts.top < 0 or opts.top ~= floor(opts.top)) then
        fail("'top' must be an integer >= 0")
    end
    for _, name in ipairs({ "spend", "total_count" }) do
        local v = opts[name]
        if v ~= nil and (type(v) ~= "number" or v ~= v or v < 0 or v == huge) then
            fail(format("'%s' must be a number >= 0", name))
        end
    end
    return opts
end

------------------------------------------------------------------------------
-- The builder

local Builder = {}
Builder.__index = Builder

local function new_class_totals()
    local t = {}
    for _, c in ipairs(M.CLASSES) do
        t[c.key] = { key = c.key, label = c.label, anchors = 0, backlinks = 0, referring_domains = 0 }
    end
    return t
end

function M.new(opts)
    opts = check_opts(opts)
    local maps = {}
    for _, name in ipairs(M.MAPS) do maps[name] = {} end
    return setmetatable({
        opts = opts,
        rules = M.rules(opts),
        top_n = opts.top or M.DEFAULT_TOP,
        classes = new_class_totals(),
        maps = maps,
        new_by_month = {}, lost_by_month = {},
        candidates = {},
        totals = { anchors = 0, backlinks = 0, referring_domains = 0,
            referring_domains_nofollow = 0, referring_pages = 0, lost_anchors = 0 },
        undated = 0, skipped_items = 0, ignored_values = 0, seq = 0,
    }, Builder)
end

-- A count: a finite number >= 0; anything else present counts as ignored.
function Builder:_count(v)
    if type(v) == "number" and v == v and v >= 0 and v < huge then return v end
    if v ~= nil then self.ignored_values = self.ignored_values + 1 end
    return 0
end

-- "2019-01-16 05:58:32 +00:00" -> "2019-01"; nil for anything else.
local function month_of(v)
    if type(v) ~= "string" then return nil end
    local y, m = v:match("^(%d%d%d%d)%-(%d%d)%-%d%d")
    if not y or tonumber(m) < 1 or tonumber(m) > 12 then return nil end
    return y .. "-" .. m
end

-- Better first: more referring domains, more backlinks, then text, then
-- the order the items came in.
local function better(a, b)
    if a.referring_domains ~= b.referring_domains then return a.referring_domains > b.referring_domains end
    if a.backlinks ~= b.backlinks then return a.backlinks > b.backlinks end
    local ta, tb = a.anchor or "", b.anchor or ""
    if ta ~= tb then return ta < tb end
    return a.seq < b.seq
end

function Builder:_trim_top()
    sort(self.candidates, better)
    for i = #self.candidates, self.top_n + 1, -1 do self.candidates[i] = nil end
end

function Builder:_add_map(name, map)
    if type(map) ~= "table" then
        if map ~= nil and type(map) ~= "userdata" then self.ignored_values = self.ignored_values + 1 end
        return
    end
    local sums = self.maps[name]
    for k, v in pairs(map) do
        if type(k) == "string" then
            local c = self:_count(v)
            if c > 0 or v == 0 then sums[k] = (sums[k] or 0) + c end
        else
            self.ignored_values = self.ignored_values + 1
        end
    end
end

function Builder:add(item)
    if type(item) ~= "table" then
        self.skipped_items = self.skipped_items + 1
        return self
    end
    local t = self.totals
    local anchor = item.anchor
    if type(anchor) == "number" then anchor = tostring(anchor) end
    if type(anchor) ~= "string" then anchor = nil end
    local class = M.classify(anchor, self.rules)
    local backlinks = self:_count(item.backlinks)
    local domains = self:_count(item.referring_domains)
    local nofollow = self:_count(item.referring_domains_nofollow)
    if nofollow > domains then nofollow = domains end
    t.anchors = t.anchors + 1
    t.backlinks = t.backlinks + backlinks
    t.referring_domains = t.referring_domains + domains
    t.referring_domains_nofollow = t.referring_domains_nofollow + nofollow
    t.referring_pages = t.referring_pages + self:_count(item.referring_pages)
    local c = self.classes[class]
    c.anchors = c.anchors + 1
    c.backlinks = c.backlinks + backlinks
    c.referring_domains = c.referring_domains + domains

    for _, name in ipairs(M.MAPS) do self:_add_map(name, item[name]) end

    local first, lost = month_of(item.first_seen), month_of(item.lost_date)
    if first then
        self.new_by_month[first] = (self.new_by_month[first] or 0) + 1
    else
        self.undated = self.undated + 1
    end
    if lost then
        self.lost_by_month[lost] = (self.lost_by_month[lost] or 0) + 1
        t.lost_anchors = t.lost_anchors + 1
    end

    if self.top_n > 0 then
        self.seq = self.seq + 1
        self.candidates[#self.candidates + 1] = {
            anchor = anchor, class = class, backlinks = backlinks, referring_domains = domains,
            referring_domains_nofollow = nofollow, referring_domains_dofollow = domains - nofollow,
            nofollow_share = domains > 0 and nofollow / domains or 0,
            rank = type(item.rank) == "number" and item.rank or nil,
            first_seen = type(item.first_seen) == "string" and item.first_seen or nil,
            lost_date = type(item.lost_date) == "string" and item.lost_date or nil,
            seq = self.seq,
        }
        if #self.candidates > 4 * self.top_n + 64 then self:_trim_top() end
    end
    return self
end

local function share(part, whole)
    if whole > 0 then return part / whole end
    return 0
end

-- A map's sums as entries sorted by count (then key), with shares.
local function map_entries(sums)
    local entries, total = {}, 0
    for k, v in pairs(sums) do
        entries[#entries + 1] = { key = k, count = v }
        total = total + v
    end
    sort(entries, function(a, b)
        if a.count ~= b.count then return a.count > b.count end
        return a.key < b.key
    end)
    for _, e in ipairs(entries) do e.share = share(e.count, total) end
    return { total = total, entries = entries }
end

-- The profile table (see docs/report.md for its shape).  The builder may
-- take more items afterwards.
function Builder:result()
    local t = self.totals
    local p = {
        target = self.opts.target,
        brands = {},
        totals = {
            anchors = t.anchors, backlinks = t.backlinks, referring_domains = t.referring_domains,
            referring_domains_nofollow = t.referring_domains_nofollow,
            referring_pages = t.referring_pages, lost_anchors = t.lost_anchors,
            spend = self.opts.spend, total_count = self.opts.total_count,
        },
        classes = {}, by_class = {}, top = {}, maps = {}, months = {},
        undated = self.undated, skipped_items = self.skipped_items,
        ignored_values = self.ignored_values,
    }
    for i, b in ipairs(self.rules.brands) do p.brands[i] = b end
    p.totals.nofollow_share = share(t.referring_domains_nofollow, t.referring_domains)
    for _, def in ipairs(M.CLASSES) do
        local c = self.classes[def.key]
        local entry = {
            key = c.key, label = c.label, anchors = c.anchors, backlinks = c.backlinks,
            referring_domains = c.referring_domains,
            anchors_share = share(c.anchors, t.anchors),
            backlinks_share = share(c.backlinks, t.backlinks),
            referring_domains_share = share(c.referring_domains, t.referring_domains),
        }
        p.classes[#p.classes + 1] = entry
        p.by_class[c.key] = entry
    end
    self:_trim_top()
    for i, c in ipairs(self.candidates) do
        local e = {}
        for k, v in pairs(c) do if k ~= "seq" then e[k] = v end end
        p.top[i] = e
    end
    for _, name in ipairs(M.MAPS) do p.maps[name] = map_entries(self.maps[name]) end
    local months = {}
    for m in pairs(self.new_by_month) do months[m] = true end
    for m in pairs(self.lost_by_month) do months[m] = true end
    for m in pairs(months) do
        p.months[#p.months + 1] = { month = m, new = self.new_by_month[m] or 0,
            lost = self.lost_by_month[m] or 0 }
    end
    sort(p.months, function(a, b) return a.month < b.month end)
    return p
end

------------------------------------------------------------------------------
-- profile(items_or_iterator, opts)

-- The walk behind `client:anchors_items(...)`, when src is one: its public
-- fields tell the target, the spend and how the walk ended.
local function as_walk(src)
    local walk = package.loaded["dataforseo.engine.walk"]
    if type(walk) == "table" and walk.Walk and getmetatable(src) == walk.Walk then return src end
    return nil
end

local function callable(v)
    if type(v) == "function" then return true end
    local mt = getmetatable(v)
    return type(mt) == "table" and mt.__call ~= nil
end

local function run(src, opts)
    if type(src) ~= "table" and type(src) ~= "function" then
        error("dataforseo.profile: expected an array of items or an iterator, got " .. type(src), 3)
    end
    local w = as_walk(src)
    if w and opts.target == nil and type(w.params) == "table" and type(w.params.target) == "string" then
        local copy = {}
        for k, v in pairs(opts) do copy[k] = v end
        copy.target = w.params.target
        opts = copy
    end
    local b = M.new(opts)
    local ok, err = true, nil
    if w and w.mode == "pages" then
        -- client:anchors_pages: the items of every page.
        ok, err = pcall(function()
            for page in src do
                for i = 1, #page.items do b:add(page.items[i]) end
            end
        end)
    elseif callable(src) then
        ok, err = pcall(function()
            for item in src do b:add(item) end
        end)
    else
        for i = 1, #src do b:add(src[i]) end
    end
    if not ok and not errors.is_error(err) then error(err, 0) end
    local p = b:result()
    if w then
        p.totals.spend = p.totals.spend or w.cost
        p.totals.total_count = p.totals.total_count or w.last_total_count or w.total_count
        p.walk = { status = w.status, note = w.note, pages = w.pages, calls = w.calls, items = w.items }
    end
    if not ok then
        err.profile = p
        return nil, err
    end
    return p
end

-- profile(src, opts) -> profile | nil, err (a failed call of the walk; err.profile
-- holds the profile of the items before it).
function M.build(src, opts)
    return run(src, check_opts(opts) or {})
end

return setmetatable(M, { __call = function(_, src, opts) return run(src, check_opts(opts) or {}) end })
