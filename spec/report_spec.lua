-- The report renderers: hostile anchor text, map keys and targets stay
-- text in the HTML page (parsed here: no script, no event handler, no
-- reference to anything outside the page, the text present and escaped)
-- and in the terminal tables (no control character, no bidi override).
-- spec/report_browser_spec.lua renders pages in a real Chromium.
local html = dofile("spec/support/html_tokens.lua")
local dataforseo = require "dataforseo"
local report = require "dataforseo_cli.report"
local view = require "dataforseo_cli.report.view"
local text = require "dataforseo.query.text"

local RLO = "\226\128\174"          -- U+202E RIGHT-TO-LEFT OVERRIDE
local LRI, PDI = "\226\129\166", "\226\129\169"

local HOSTILE = {
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    "</style><script>alert(2)</script>",
    "<a href=\"https://evil.example/\">click</a>",
    "javascript:alert(3)",
    RLO .. "gpj.exe",
    "admin" .. LRI .. "x" .. PDI,
    "\27[31mred\27[0m \27]8;;https://evil.example\7link",
    "csi \194\155" .. "31m c1",
    "nul\0byte",
    "bad \255\254 utf8",
    "<!-- comment --> ]]> &amp; &lt;",
    string.rep("A", 1000000),
}

local function hostile_items()
    local items = {}
    for i, a in ipairs(HOSTILE) do
        items[i] = {
            anchor = a, backlinks = 100 - i, referring_domains = 50 - i, referring_domains_nofollow = i,
            first_seen = "2021-0" .. (1 + i % 9) .. "-01 00:00:00 +00:00<script>",
            lost_date = i % 3 == 0 and "2022-01-01 <img src=x onerror=alert(4)>" or dataforseo.null,
            referring_links_tld = { [a] = 3, com = 2 },
            referring_links_countries = { ['"onmouseover="alert(5)'] = 4, [RLO .. "SU"] = 1 },
            referring_links_attributes = { ["<b>nofollow</b>"] = 2 },
        }
    end
    return items
end

local TARGET = '"><script>alert(6)</script>.example.com'

-- A summary and months as a hostile server could send them.
local HOSTILE_SUMMARY = { backlinks = "<script>alert(8)</script>", referring_domains = 0 / 0,
    referring_domains_nofollow = math.huge }
local function hostile_history()
    return {
        { date = "2024-05-01 00:00:00 +00:00<script>alert(9)</script>", backlinks = 10, referring_domains = 2 },
        { date = RLO .. "2024-06-01 00:00:00 +00:00", backlinks = 11, referring_domains = 3 },
        { date = "2024-07-01 00:00:00 +00:00", backlinks = "<b>12</b>", referring_domains = 4 },
        { date = "2024-08-01 00:00:00 +00:00", backlinks = 0 / 0, referring_domains = 4 },
        "not an object",
        { date = "2024-09-01 00:00:00 +00:00", backlinks = 13, referring_domains = 5 },
    }
end

local function render(fmt)
    local p = dataforseo.profile(hostile_items(), { target = TARGET, brand = "<b>brand</b>" })
    return report.render(p, fmt, { status = "all<script>", generated = "2024-07-01\27[2J",
        note = "stopped: <script>alert(7)</script>", width = 400, summary = HOSTILE_SUMMARY,
        history = hostile_history() }), p
end

-- Elements and attributes a report page may hold; anything else fails.
local ELEMENTS = {}
for name in ([[html head meta title style body main h1 h2 p section div span figure svg g rect
    path circle line polyline text title table thead tbody tr th td bdi footer]]):gmatch("%S+") do
    ELEMENTS[name] = true
end
local ATTRIBUTES = {}
for name in ([[lang charset http-equiv content name class id data-metric data-value data-class
    viewbox role aria-label x y x1 y1 x2 y2 width height fill stroke stroke-width d cx cy r
    text-anchor transform style points data-series data-month]]):gmatch("%S+") do
    ATTRIBUTES[name] = true
end

describe("report.html with hostile text", function()
    local page, tokens
    setup(function()
        page = render("html")
        tokens = html.tokens(page)
    end)

    it("is one valid UTF-8 page without control characters but newlines", function()
        assert.is_true(text.valid(page))
        assert.is_nil(page:find("[%z\1-\9\11-\31\127]"))
        assert.is_nil(page:find("\194[\128-\159]"))     -- C1 controls
        assert.is_nil(page:find(RLO, 1, true))
        assert.is_nil(page:find(LRI, 1, true))
    end)

    it("has no script, no event handler, nothing that loads or links", function()
        assert.same({}, html.elements(tokens, "script"))
        assert.equal(1, #html.elements(tokens, "style"))
        for _, t in ipairs(tokens) do
            if t.kind == "start" then
                assert.is_true(ELEMENTS[t.name], "element <" .. t.name .. ">")
                for _, a in ipairs(t.attrs) do
                    assert.is_true(ATTRIBUTES[a[1]], "attribute " .. a[1] .. " on <" .. t.name .. ">")
                    assert.is_nil(a[1]:find("^on"))
                    assert.is_nil(a[2]:lower():find("javascript:", 1, true))
                    assert.is_nil(a[2]:find("url%("))
                    if a[1] == "style" then assert.truthy(a[2]:find("^background:#%x+$")) end
                end
            elseif t.kind == "raw" then
                assert.is_nil(t.text:find("<", 1, true))       -- the CSS holds no markup
                assert.is_nil(t.text:find("url(", 1, true))    -- nor any fetch
                assert.is_nil(t.text:find("@import", 1, true))
            end
            assert.is_not.equal("comment", t.kind)
        end
    end)

    it("forbids every fetch in a Content-Security-Policy", function()
        local csp
        for _, m in ipairs(html.elements(tokens, "meta")) do
            if m.by["http-equiv"] == "Content-Security-Policy" then csp = m.by.content end
        end
        assert.truthy(csp and csp:find("default-src 'none'", 1, true))
    end)

    it("carries the hostile anchors as text, escaped in the source", function()
        local shown = html.text(tokens)
        for _, a in ipairs({ "<script>alert(1)</script>", '"><svg onload=alert(1)>',
            "'><img src=x onerror=alert(1)>", "</style><script>alert(2)</script>" }) do
            assert.truthy(shown:find(a, 1, true), a)
        end
        assert.truthy(page:find("&lt;script&gt;alert(1)&lt;/script&gt;", 1, true))
        assert.truthy(page:find("&quot;&gt;&lt;svg onload=alert(1)&gt;", 1, true))
        assert.truthy(page:find("&#39;&gt;&lt;img src=x onerror=alert(1)&gt;", 1, true))
        -- The target, the brand, the note and the map keys too.
        assert.truthy(shown:find("alert(6)", 1, true))
        assert.truthy(shown:find("<b>brand</b>", 1, true))
        assert.truthy(shown:find("<script>alert(7)</script>", 1, true))
        assert.truthy(shown:find('"onmouseover="alert(5)', 1, true))
    end)

    it("shows bidi overrides and control characters instead of obeying them", function()
        local shown = html.text(tokens)
        assert.truthy(shown:find("[U+202E]gpj.exe", 1, true))
        assert.truthy(shown:find("admin[U+2066]x[U+2069]", 1, true))
        assert.truthy(shown:find("\226\144\155[31mred", 1, true))     -- ESC as U+241B
        assert.truthy(shown:find("csi [U+009B]31m", 1, true))
        assert.truthy(shown:find("nul\226\144\128byte", 1, true))      -- NUL as U+2400
        assert.truthy(shown:find("bad \239\191\189\239\191\189 utf8", 1, true))
        assert.truthy(shown:find("[U+202E]SU", 1, true))
    end)

    it("keeps what a summary or a month is not out of the tiles and the chart, and says so", function()
        local tiles = {}
        for _, d in ipairs(html.elements(tokens, "div")) do
            if d.by["data-metric"] then tiles[d.by["data-metric"]] = d.by["data-value"] end
        end
        -- not numbers: the sums over anchors are shown instead
        local p = dataforseo.profile(hostile_items(), { target = TARGET })
        assert.equal(p.totals.backlinks, tonumber(tiles.backlinks))
        assert.equal(p.totals.nofollow_share, tonumber(tiles.nofollow_share))
        local months = {}
        for _, c in ipairs(html.elements(tokens, "circle")) do
            if c.by["data-series"] == "backlinks" then months[#months + 1] = c.by["data-month"] end
        end
        assert.same({ "2024-05", "2024-09", "2024-05", "2024-09" }, months)     -- wide and narrow
        assert.truthy(html.text(tokens):find("4 history entries without a month were left out.", 1, true))
        assert.is_nil(page:find("alert(8)", 1, true))
        assert.is_nil(page:find("alert(9)", 1, true))
    end)

    it("bounds a huge anchor", function()
        assert.is_true(#page < 300000, "page of " .. #page .. " bytes")
        assert.is_nil(page:find(string.rep("A", 400), 1, true))
        assert.truthy(page:find(string.rep("A", 40) .. view.ELLIPSIS, 1, true))
    end)
end)

describe("report.text with hostile text", function()
    local out
    setup(function() out = render("text") end)

    it("prints no control character but newlines and no bidi override", function()
        assert.is_true(text.valid(out))
        assert.is_nil(out:find("[%z\1-\9\11-\31\127]"))
        assert.is_nil(out:find("\194[\128-\159]"))
        assert.is_nil(out:find(RLO, 1, true))
        assert.truthy(out:find("[U+202E]gpj.exe", 1, true))
        assert.truthy(out:find("<script>alert(1)</script>", 1, true))
        assert.is_true(#out < 100000)
    end)
end)

describe("report.view.visible", function()
    it("keeps ordinary text, non-Latin scripts and emoji", function()
        for _, s in ipairs({ "news", "Caf\195\169 Forbes", "\217\133\217\136\217\130\216\185 Forbes",
            "Forbes\227\129\174\229\133\172\229\188\143", "emoji \240\159\152\128" }) do
            assert.equal(s, view.visible(s))
        end
    end)
    it("cuts at a number of characters, not bytes", function()
        assert.equal("\195\169\195\169" .. view.ELLIPSIS, view.visible(string.rep("\195\169", 10), 3))
        assert.equal("abcd", view.visible("abcd", 4))
        assert.equal("ab" .. view.ELLIPSIS, view.visible("abcd", 3))
    end)
end)

describe("report.html of an ordinary profile", function()
    it("has the tiles with the profile's numbers, both chart layouts and the tables", function()
        local items = {
            { anchor = "Example", backlinks = 1234, referring_domains = 100, referring_domains_nofollow = 25,
                first_seen = "2020-01-02 00:00:00 +00:00", referring_links_tld = { com = 1234 } },
            { anchor = "click here", backlinks = 766, referring_domains = 20, referring_domains_nofollow = 0,
                first_seen = "2020-03-02 00:00:00 +00:00", lost_date = "2021-01-01 00:00:00 +00:00" },
        }
        local p = dataforseo.profile(items, { target = "example.com", spend = 0.0206 })
        local tokens = html.tokens(report.html(p))
        local tiles = {}
        for _, d in ipairs(html.elements(tokens, "div")) do
            if d.by["data-metric"] then tiles[d.by["data-metric"]] = tonumber(d.by["data-value"]) end
        end
        assert.same({ anchors = 2, backlinks = 2000, referring_domains = 120, branded_share = 0.617,
            keyword_share = 0, nofollow_share = 25 / 120, lost_anchors = 1, spend = 0.0206 }, tiles)
        local shown = html.text(tokens)
        assert.truthy(shown:find("2,000", 1, true))
        assert.truthy(shown:find("61.7%", 1, true))
        assert.truthy(shown:find("$0.02", 1, true))
        -- 10 charts, each drawn wide and narrow.
        assert.equal(20, #html.elements(tokens, "svg"))
        assert.equal(2, #html.elements(tokens, "table"))
    end)

    it("takes the site's totals from a summary, and draws its months", function()
        local items = { { anchor = "Example", backlinks = 1234, referring_domains = 100,
            referring_domains_nofollow = 25, first_seen = "2020-01-02 00:00:00 +00:00" } }
        local p = dataforseo.profile(items, { target = "example.com", spend = 0.05 })
        local history = {}
        for m = 1, 14 do
            history[m] = { date = string.format("%04d-%02d-01 00:00:00 +00:00", 2023 + math.floor((m - 1) / 12),
                (m - 1) % 12 + 1),
                backlinks = 1000 + m, referring_domains = 80 + m }
        end
        local page = report.html(p, { summary = { backlinks = 5000, referring_domains = 400,
            referring_domains_nofollow = 100 }, history = history, spend = 0.09 })
        local tokens = html.tokens(page)
        local tiles = {}
        for _, d in ipairs(html.elements(tokens, "div")) do
            if d.by["data-metric"] then tiles[d.by["data-metric"]] = tonumber(d.by["data-value"]) end
        end
        assert.equal(5000, tiles.backlinks)
        assert.equal(400, tiles.referring_domains)
        assert.equal(0.25, tiles.nofollow_share)
        assert.equal(0.09, tiles.spend)
        assert.equal(1, tiles.anchors)
        local points = {}
        for _, c in ipairs(html.elements(tokens, "circle")) do
            if c.by["data-series"] == "referring_domains" then points[#points + 1] = tonumber(c.by["data-value"]) end
        end
        assert.equal(28, #points)                          -- 14 months, wide and narrow
        assert.equal(94, points[14])
        assert.equal(22, #html.elements(tokens, "svg"))    -- 11 charts
        assert.equal(4, #html.elements(tokens, "polyline"))
        local shown = html.text(tokens)
        assert.truthy(shown:find("live, the site's total", 1, true))
        assert.truthy(shown:find("5,000", 1, true))
        local tables = report.text(p, { summary = { backlinks = 5000, referring_domains = 400,
            referring_domains_nofollow = 100 }, history = history })
        assert.truthy(tables:find("\n2024%-02%s+1,014%s+94\n"), tables)
        assert.truthy(tables:find("Referring domains%s+400%s+live, the site's total"), tables)
    end)

    it("draws a profile of nothing without failing", function()
        local p = dataforseo.profile({}, { target = "empty-example.com" })
        local page = report.html(p)
        assert.is_nil(page:find("nan", 1, true))
        assert.is_nil(page:find("inf", 1, true))
        assert.truthy(report.text(p):find("Anchor profile of empty-example.com", 1, true))
    end)

    it("names the formats it knows", function()
        assert.has_error(function() report.render({}, "pdf") end)
    end)
end)
