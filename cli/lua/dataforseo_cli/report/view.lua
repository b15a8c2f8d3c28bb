-- What a profile shows, for both renderers (html.lua, text.lua): hostile
-- text made visible and bounded, numbers in words, the summary tiles.
local printable = require "dataforseo.query.printable"
local text = require "dataforseo.query.text"

local V = {}

local format, concat, floor = string.format, table.concat, math.floor
local decode, encode = text.decode, text.encode

V.ELLIPSIS = "\226\128\166"

V.MAP_TITLES = {
    referring_links_tld = "Top-level domains",
    referring_links_countries = "Countries",
    referring_links_platform_types = "Platform types",
    referring_links_semantic_locations = "Semantic locations",
    referring_links_types = "Link types",
    referring_links_attributes = "Link attributes",
}

V.STATUS_WORDS = { live = "live backlinks", lost = "lost backlinks", all = "live and lost backlinks" }

-- Code points that reorder or hide text (the one sanitiser's set): shown
-- as [U+XXXX] instead.
local hidden = printable.hidden

-- s as plain visible text of at most max code points (default 200): C0
-- controls as their control pictures (tab as U+2409), DEL as U+2421, bidi
-- overrides, C1 controls and invisible separators as "[U+202E]", invalid
-- UTF-8 as U+FFFD; "…" when cut.  Safe for a terminal; html.lua escapes it.
function V.visible(s, max)
    s = tostring(s)
    max = max or 200
    if not s:find("[%z\1-\31\127-\255]") then
        if #s <= max then return s end
        return s:sub(1, max - 1) .. V.ELLIPSIS
    end
    local out, n, i, len = {}, 0, 1, #s
    while i <= len do
        if n >= max then
            out[#out] = V.ELLIPSIS
            break
        end
        local cp, j = decode(s, i)
        local piece
        if cp < 0x20 then
            piece = encode(0x2400 + cp)
        elseif cp == 0x7F then
            piece = encode(0x2421)
        elseif cp == 0xFFFD then
            piece = "\239\191\189"
        elseif hidden(cp) then
            piece = format("[U+%04X]", cp)
        else
            piece = s:sub(i, j - 1)
        end
        n = n + 1
        out[n] = piece
        i = j
    end
    return concat(out)
end

-- An anchor as shown: "(empty)" and "(null)" made visible.
function V.anchor(a, max)
    if a == nil then return "(null)" end
    if a == "" then return "(empty)" end
    return V.visible(a, max)
end

-- A map key as shown ("" is the API's "unknown").
function V.key(k, max)
    if k == "" then return "(unknown)" end
    return V.visible(k, max)
end

local function finite(n) return type(n) == "number" and n == n and n > -math.huge and n < math.huge end

-- 12345 -> "12,345"
function V.int(n)
    if not finite(n) then return "?" end
    local s = format("%.0f", n)
    local sign, digits = s:match("^(%-?)(%d+)$")
    if not digits then return s end
    digits = digits:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
    return sign .. digits
end

-- 0.1234 -> "12.3%"
function V.percent(x, digits)
    if not finite(x) then return "?" end
    return format("%." .. (digits or 1) .. "f%%", x * 100)
end

-- USD with cents, or more digits when below a cent.
local function usd(x)
    if x == nil then return "n/a" end
    if not finite(x) then return "?" end
    if x > 0 and x < 0.01 then return format("$%.5f", x) end
    return format("$%.2f", x)
end

-- A figure of the site's summary, when it is a finite number.
local function figure(site, name)
    local v = type(site) == "table" and site[name] or nil
    if finite(v) then return v end
    return nil
end

-- The summary tiles: { key, label, value (the number), text, note }.
-- site: the summary endpoint's answer for the target; backlinks, referring
-- domains and the nofollow share are then the site's own totals (live
-- backlinks), else sums over the anchors walked.  spend: USD of every
-- call the report made (default the walk's).
function V.tiles(p, site, spend)
    local t = p.totals
    local tiles = {}
    local function add(key, label, value, shown, note)
        tiles[#tiles + 1] = { key = key, label = label, value = value, text = shown, note = note }
    end
    local of = ""
    if t.total_count and t.total_count ~= t.anchors then of = "of " .. V.int(t.total_count) .. " in the set" end
    add("anchors", "Anchors", t.anchors, V.int(t.anchors), of)
    local backlinks, domains = figure(site, "backlinks"), figure(site, "referring_domains")
    local nofollow = figure(site, "referring_domains_nofollow")
    if backlinks and domains then
        add("backlinks", "Backlinks", backlinks, V.int(backlinks), "live, the site's total")
        add("referring_domains", "Referring domains", domains, V.int(domains), "live, the site's total")
    else
        add("backlinks", "Backlinks", t.backlinks, V.int(t.backlinks), "summed over anchors")
        add("referring_domains", "Referring domains", t.referring_domains, V.int(t.referring_domains),
            "summed over anchors")
    end
    add("branded_share", "Branded", p.by_class.branded.backlinks_share,
        V.percent(p.by_class.branded.backlinks_share), "of backlinks")
    add("keyword_share", "Keyword text", p.by_class.other.backlinks_share,
        V.percent(p.by_class.other.backlinks_share), "of backlinks")
    if domains and nofollow then
        local share = domains > 0 and nofollow / domains or 0
        add("nofollow_share", "Nofollow", share, V.percent(share), "of the site's referring domains")
    else
        add("nofollow_share", "Nofollow", t.nofollow_share, V.percent(t.nofollow_share),
            "of referring domains")
    end
    add("lost_anchors", "Lost anchors", t.lost_anchors, V.int(t.lost_anchors), "every backlink lost")
    spend = spend or t.spend
    add("spend", "Spend", spend, usd(spend), spend and "USD, as reported" or "not known")
    return tiles
end

-- A history's months as points: { month = "2024-07", backlinks =,
-- referring_domains = }, oldest first; an entry whose date or numbers are
-- not what a month's are is left out (counted in `skipped`).
function V.history(items)
    local points, skipped = {}, 0
    for _, item in ipairs(type(items) == "table" and items or {}) do
        local month = type(item) == "table" and type(item.date) == "string"
            and item.date:match("^(%d%d%d%d%-%d%d)%-%d%d") or nil
        if month and finite(item.backlinks) and finite(item.referring_domains) then
            points[#points + 1] = { month = month, backlinks = item.backlinks,
                referring_domains = item.referring_domains }
        else
            skipped = skipped + 1
        end
    end
    table.sort(points, function(a, b) return a.month < b.month end)
    return points, skipped
end

-- The first `n` entries of a map, the rest summed as one "other" entry.
function V.head(map, n)
    local out, rest, rest_keys = {}, 0, 0
    for i, e in ipairs(map.entries) do
        if i <= n then out[#out + 1] = e else rest, rest_keys = rest + e.count, rest_keys + 1 end
    end
    if rest_keys > 0 then
        out[#out + 1] = { key = nil, label = format("%s more", V.int(rest_keys)), count = rest,
            share = map.total > 0 and rest / map.total or 0, rest = true }
    end
    return out
end

-- "2021-03" -> months since year 0, and back.
local function month_index(m)
    local y, mo = m:match("^(%d+)%-(%d+)$")
    return tonumber(y) * 12 + tonumber(mo) - 1
end
local function month_name(index)
    return format("%04d-%02d", floor(index / 12), index % 12 + 1)
end

-- The months of a profile, every month between the first and the last
-- (zeros filled in) when they span at most `max_span` months, else only
-- the months that have anchors.
function V.timeline(months, max_span)
    max_span = max_span or 600
    if #months == 0 then return {}, false end
    local first, last = month_index(months[1].month), month_index(months[#months].month)
    if last - first + 1 > max_span then return months, false end
    local by = {}
    for _, m in ipairs(months) do by[m.month] = m end
    local out = {}
    for k = first, last do
        local name = month_name(k)
        out[#out + 1] = by[name] or { month = name, new = 0, lost = 0 }
    end
    return out, true
end

-- The "since" section's lists: since = { started_at = Unix s (the earlier
-- kept snapshot's), new = items, lost = items, changed = n, unchanged = n }
-- (dataforseo.changes of that snapshot and this walk).  -> { date = text,
-- gained = rows, lost = rows, more_gained = n, more_lost = n, changed,
-- unchanged }; rows { anchor, referring_domains, backlinks }, most
-- referring domains first, at most `max` a list (the rest counted).
V.SINCE_MAX = 100

local function number_of(v) return finite(v) and v or -1 end

local function since_rows(items, max)
    local rows = {}
    for _, item in ipairs(items) do
        if type(item) == "table" then
            rows[#rows + 1] = { anchor = item.anchor, referring_domains = item.referring_domains,
                backlinks = item.backlinks }
        end
    end
    table.sort(rows, function(a, b)
        local ra, rb = number_of(a.referring_domains), number_of(b.referring_domains)
        if ra ~= rb then return ra > rb end
        local ba, bb = number_of(a.backlinks), number_of(b.backlinks)
        if ba ~= bb then return ba > bb end
        return tostring(a.anchor) < tostring(b.anchor)
    end)
    local more = 0
    while #rows > max do rows[#rows], more = nil, more + 1 end
    return rows, more
end

function V.since(since, max)
    max = max or V.SINCE_MAX
    local out = { date = os.date("!%Y-%m-%d %H:%M UTC", floor(number_of(since.started_at))),
        changed = since.changed, unchanged = since.unchanged }
    out.gained, out.more_gained = since_rows(since.new, max)
    out.lost, out.more_lost = since_rows(since.lost, max)
    return out
end

-- A status line: target, brands, backlinks status, how the walk ended.
function V.brands(p)
    if #p.brands == 0 then return "none" end
    local out = {}
    for i, b in ipairs(p.brands) do out[i] = V.visible(b, 60) end
    return concat(out, ", ")
end

return V
