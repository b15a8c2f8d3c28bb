-- The report in a real browser: `dataforseo report forbes.com` against the
-- emulator, opened in headless Chromium (Debian's `chromium`, see
-- .ci/deps.sh).  Checked: the page asks the network for nothing (Chromium's
-- net log, with every host name unresolvable; a control page proves the log
-- shows a page's requests), the rendered DOM holds the charts and the
-- profile's numbers, the screenshots are real pictures (decoded by
-- spec/support/png.lua), and hostile anchors stay text in the DOM.
-- DATAFORSEO_DOCS_SCREENSHOT=1 also copies the 1280 px screenshot to
-- docs/report.png.
local dataforseo = require "dataforseo"
local emulator = dofile("spec/support/emulator.lua")
local json = require "dataforseo.json"
local report = require "dataforseo_cli.report"
local report_html = require "dataforseo_cli.report.html"
local helpers = dofile("spec/support/helpers.lua")
local html = dofile("spec/support/html_tokens.lua")
local png = dofile("spec/support/png.lua")
local cli_runner = dofile("spec/support/cli_runner.lua")

local quote = helpers.shell_quote
local CHROMIUM = os.getenv("DATAFORSEO_CHROMIUM") or "chromium"

-- Opens file `path` in a fresh headless Chromium.  Returns { dom, shot (PNG
-- bytes), requests = the URL requests a page made (from the net log) }.
local function browse(path, width, height, work)
    local dir = helpers.tmpdir("dataforseo-chromium")
    local shot, netlog = dir .. "/shot.png", dir .. "/net.json"
    local cmd = table.concat({
        "timeout -k 5 120", quote(CHROMIUM), "--headless --no-sandbox --disable-gpu",
        "--disable-background-networking --disable-component-update --disable-sync --no-first-run",
        "--hide-scrollbars", "--user-data-dir=" .. quote(dir .. "/profile"),
        quote("--host-resolver-rules=MAP * ~NOTFOUND"), "--log-net-log=" .. quote(netlog),
        "--window-size=" .. width .. "," .. height, "--screenshot=" .. quote(shot), "--dump-dom",
        quote("file://" .. path) }, " ")
    local code, dom, err = helpers.run(cmd)
    local result = { code = code, dom = dom, stderr = err, shot = helpers.read_file(shot) }
    local log = helpers.read_file(netlog)
    helpers.remove(dir)
    assert(code == 0, "chromium exited " .. tostring(code) .. ": " .. tostring(err))
    assert(log, "no net log")
    local net = assert(json.decode(log), "the net log is not JSON")
    local start_job = net.constants.logEventTypes.URL_REQUEST_START_JOB
    result.requests, result.browser_requests = {}, 0
    for _, e in ipairs(net.events) do
        local p = e.params
        if e.type == start_job and type(p) == "table" and type(p.url) == "string" then
            -- Chromium's own background calls (updates, accounts) have no
            -- initiating origin; a page's requests do (a file:// page: "null").
            if p.initiator == "not an origin" and not tostring(p.network_isolation_key):find("file:", 1, true) then
                result.browser_requests = result.browser_requests + 1
            else
                result.requests[#result.requests + 1] = p.url
            end
        end
    end
    if work then
        helpers.write_file(work, result.shot or "")
    end
    return result
end

-- Tile metric -> { value = data-value, text = the number shown }.
local function tiles(tokens)
    local out, current, in_value = {}, nil, false
    for _, t in ipairs(tokens) do
        if t.kind == "start" and t.name == "div" and t.by["data-metric"] then
            current = { value = t.by["data-value"] }
            out[t.by["data-metric"]] = current
        elseif t.kind == "start" and t.name == "span" then
            in_value = current ~= nil and t.by.class == "value"
        elseif t.kind == "text" and in_value then
            current.text, in_value = t.text, false
        end
    end
    return out
end

local function attributes_everywhere(tokens)
    local list = {}
    for _, t in ipairs(tokens) do
        if t.kind == "start" then
            for _, a in ipairs(t.attrs) do list[#list + 1] = { t.name, a[1], a[2] } end
        end
    end
    return list
end

describe("the report in headless Chromium", function()
    local srv, dir, page_path, profile, summary, history, desktop

    setup(function()
        assert(helpers.sh("command -v " .. quote(CHROMIUM) .. " >/dev/null"),
            "no chromium: sh .ci/deps.sh install")
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
        dir = helpers.tmpdir("dataforseo-report-browser")
        page_path = dir .. "/forbes.html"
        local code, out, err = cli_runner.run{ "report", "forbes.com", "--history", "--quiet", "--out", page_path,
            "--base-url", srv.base_url }
        assert(code == 0, "dataforseo report failed: " .. tostring(err))
        assert(out == page_path .. "\n", out)
        -- The profile the page should show, walked here through the client.
        local client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url })
        local w = client:anchors_items({ target = "forbes.com", backlinks_status_type = "all",
            order_by = { "backlinks,desc" }, internal_list_limit = 100 })
        profile = assert(dataforseo.profile(w))
        summary = assert(client:summary{ target = "forbes.com" })
        history = assert(client:history{ target = "forbes.com" })
        client:close()
        helpers.sh("mkdir -p " .. quote(helpers.ROOT .. "/build/report"))
        desktop = browse(page_path, 1280, 2000, helpers.ROOT .. "/build/report/forbes-1280.png")
        if os.getenv("DATAFORSEO_DOCS_SCREENSHOT") == "1" and desktop.shot then
            helpers.write_file(helpers.ROOT .. "/docs/report.png", desktop.shot)
        end
    end)

    teardown(function()
        if srv then srv:stop() end
        helpers.remove(dir)
    end)

    it("loads with no request from the page (the control page's requests are seen)", function()
        assert.same({}, desktop.requests)
        local control = dir .. "/control.html"
        helpers.write_file(control, '<!DOCTYPE html><html><head><link rel="stylesheet" '
            .. 'href="https://cdn.example.test/x.css"></head><body><img src="http://img.example.test/a.png">'
            .. "</body></html>")
        local seen = browse(control, 400, 300).requests
        table.sort(seen)
        assert.same({ "http://img.example.test/a.png", "https://cdn.example.test/x.css" }, seen)
    end)

    it("has the charts and nothing that loads or runs", function()
        local tokens = html.tokens(desktop.dom)
        assert.is_true(#html.elements(tokens, "svg") >= 5)
        assert.equal(22, #html.elements(tokens, "svg"))   -- 11 charts, wide and narrow
        assert.same({}, html.elements(tokens, "script"))
        for _, a in ipairs(attributes_everywhere(tokens)) do
            assert.is_nil(a[2]:find("^on"), a[1] .. " " .. a[2])
            assert.is_not.equal("src", a[2])
            assert.is_not.equal("href", a[2])
            assert.is_nil(a[3]:find("https?://"), a[1] .. " " .. a[2] .. "=" .. a[3])
        end
        for _, id in ipairs({ "history", "classes", "shares", "top", "tld", "countries", "timeline" }) do
            local found = false
            for _, f in ipairs(html.elements(tokens, "figure")) do found = found or f.by.id == id end
            assert.is_true(found, id)
        end
    end)

    it("draws a point per month of history, the last one the summary's", function()
        local points = {}
        for _, c in ipairs(html.elements(html.tokens(desktop.dom), "circle")) do
            if c.by["data-series"] == "referring_domains" then points[#points + 1] = c end
        end
        assert.equal(2 * #history.items, #points)          -- wide and narrow
        for i, m in ipairs(history.items) do
            assert.equal(m.date:sub(1, 7), points[i].by["data-month"])
            assert.equal(m.referring_domains, tonumber(points[i].by["data-value"]))
        end
        assert.equal(summary.referring_domains, tonumber(points[#history.items].by["data-value"]))
        assert.equal(2 * 2, #html.elements(html.tokens(desktop.dom), "polyline"))
    end)

    it("shows the profile's and the summary's numbers in the summary tiles", function()
        local t = tiles(html.tokens(desktop.dom))
        local p = profile.totals
        local function int(metric, want)
            assert.equal(tostring(want), (t[metric].text:gsub(",", "")), metric)
            assert.equal(want, tonumber(t[metric].value), metric)
        end
        local function pct(metric, want)
            local shown = tonumber(t[metric].text:match("^([%d.]+)%%$"))
            assert.is_true(math.abs(shown - want * 100) <= 0.05, metric .. " " .. t[metric].text)
        end
        int("anchors", p.anchors)
        int("backlinks", summary.backlinks)
        int("referring_domains", summary.referring_domains)
        assert.equal(8427, summary.referring_domains)   -- not the 53,799 summed over anchors
        int("lost_anchors", p.lost_anchors)
        assert.equal(10648, p.anchors)   -- the emulator's forbes.com, every anchor
        pct("branded_share", profile.by_class.branded.backlinks_share)
        pct("keyword_share", profile.by_class.other.backlinks_share)
        pct("nofollow_share", summary.referring_domains_nofollow / summary.referring_domains)
        local spend = tonumber(t.spend.text:match("^%$([%d.]+)$"))
        assert.is_true(math.abs(spend - (p.spend + summary.cost + history.cost)) < 0.005, t.spend.text)
    end)

    it("is a real picture at 1280 px: the classes' colours, not a blank page", function()
        local info = assert(png.header(assert(desktop.shot, "no screenshot")))
        assert.same({ 1280, 2000 }, { info.width, info.height })
        local st = png.colours(desktop.shot)
        assert.is_true(st.distinct >= 100, st.distinct .. " colours")
        assert.is_true(st.top_share < 0.9, "one colour covers " .. st.top_share)
        for key, hex in pairs(report_html.CLASS_COLOURS) do
            local n = st.count[tonumber(hex:sub(2), 16)] or 0
            assert.is_true(n >= 100, key .. " " .. hex .. ": " .. n .. " pixels")
        end
        assert.is_true((st.count[tonumber(report_html.NOFOLLOW:sub(2), 16)] or 0) >= 100)
    end)

    it("is a real picture on a phone (390 px), in the narrow layout", function()
        local phone = browse(page_path, 390, 1600, helpers.ROOT .. "/build/report/forbes-390.png")
        local st = png.colours(assert(phone.shot))
        assert.same({ 390, 1600 }, { st.width, st.height })
        assert.is_true(st.distinct >= 100)
        assert.is_true(st.top_share < 0.9)
        for key, hex in pairs(report_html.CLASS_COLOURS) do
            assert.is_true((st.count[tonumber(hex:sub(2), 16)] or 0) >= 50, key)
        end
        assert.same({}, phone.requests)
    end)

    it("keeps hostile anchors as text in the DOM Chromium builds", function()
        local items = {}
        local anchors = { "<script>alert(1)</script>", '"><svg onload=alert(1)>', "'><img src=x onerror=alert(1)>",
            "</style><script>alert(2)</script>", "\226\128\174gpj.exe" }
        for i, a in ipairs(anchors) do
            items[i] = { anchor = a, backlinks = 10 - i, referring_domains = 10 - i, referring_domains_nofollow = 1,
                first_seen = "2021-01-01 00:00:00 +00:00", referring_links_tld = { [a] = 1 } }
        end
        local path = dir .. "/hostile.html"
        helpers.write_file(path, report.html(dataforseo.profile(items, { target = '"><script>x</script>' })))
        local seen = browse(path, 1280, 1000)
        local tokens = html.tokens(seen.dom)
        assert.same({}, html.elements(tokens, "script"))
        assert.same({}, html.elements(tokens, "img"))
        assert.equal(20, #html.elements(tokens, "svg"))
        for _, a in ipairs(attributes_everywhere(tokens)) do assert.is_nil(a[2]:find("^on"), a[2]) end
        local text = html.text(tokens)
        for i = 1, 4 do assert.truthy(text:find(anchors[i], 1, true), anchors[i]) end
        assert.truthy(text:find("[U+202E]gpj.exe", 1, true))
        assert.truthy(seen.dom:find("&lt;script&gt;alert(1)&lt;/script&gt;", 1, true))
        assert.same({}, seen.requests)
    end)
end)
