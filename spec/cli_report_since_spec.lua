-- The report's "since" section (issue 22 item 4), through the real command
-- against the emulator: a report kept with --snapshot, the emulator's graph
-- moved, a second report lists exactly the anchors gained and lost between
-- the two (as dataforseo.changes computes them from two walks of the
-- library); no section without an earlier snapshot, and a store that
-- cannot be read costs the section only.
local dataforseo = require "dataforseo"
local emulator = require "dataforseo_emulator"
local helpers = dofile("spec/support/helpers.lua")
local books = dofile("spec/support/books.lua")
local cli_runner = dofile("spec/support/cli_runner.lua")
local html = dofile("spec/support/html_tokens.lua")
local view = require "dataforseo_cli.report.view"

local MEDIUM = "medium-example.com"

-- The anchors of a "since" list in the page (kind "gained" or "lost"), sorted.
local function listed(page, kind)
    local out, inside, col, cell = {}, false, 0, nil
    for _, t in ipairs(html.tokens(page)) do
        if t.kind == "start" and t.name == "table" then
            inside = t.by["data-since"] == kind
        elseif inside and t.kind == "end" and t.name == "table" then
            inside = false
        elseif inside and t.kind == "start" and t.name == "tr" then
            col = 0
        elseif inside and t.kind == "start" and t.name == "td" then
            col = col + 1
            if col == 1 then cell = {} end
        elseif inside and t.kind == "end" and t.name == "td" and col == 1 then
            out[#out + 1] = table.concat(cell)
            cell = nil
        elseif cell and t.kind == "text" then
            cell[#cell + 1] = t.text
        end
    end
    table.sort(out)
    return out
end

-- The anchors of `b` that `a` does not hold, as the report shows them, sorted.
local function missing(a, b)
    local seen, out = {}, {}
    for _, item in ipairs(a) do seen[tostring(item.anchor)] = true end
    for _, item in ipairs(b) do
        if not seen[tostring(item.anchor)] then out[#out + 1] = view.anchor(item.anchor, 300) end
    end
    table.sort(out)
    return out
end

describe("the report's since section", function()
    local srv, dir, cache

    setup(function()
        srv = assert(emulator.start{ port = 0 })
        dir = helpers.tmpdir("report-since")
    end)
    teardown(function()
        srv:stop()
        helpers.remove(dir)
    end)
    before_each(function()
        assert(srv:control{ reset = true })
        cache = dir .. "/" .. tostring(math.random(1e9))
    end)

    local function report(args)
        local all = { "report", MEDIUM, "--status", "live", "--base-url", srv.base_url, "--yes" }
        for _, a in ipairs(args) do all[#all + 1] = a end
        return cli_runner.run(all, { XDG_CACHE_HOME = cache })
    end

    -- The report's walk, made by the library (live, no store).
    local function anchors_now()
        local client = assert(dataforseo.new{ base_url = srv.base_url, login = "demo", password = "demo" })
        local items = assert(client:anchors_all{ target = MEDIUM, backlinks_status_type = "live" })
        client:close()
        return items
    end

    it("lists exactly the anchors gained and lost since the earlier snapshot", function()
        -- Two dates of the graph between which live anchors were both gained and lost.
        assert(srv:control{ graph_dates = { [MEDIUM] = "2023-01-01" } })
        local code, out, err = report{ "--snapshot", "--format", "text" }
        assert.equal(0, code, err)
        assert.is_nil(out:find("\nSince ", 1, true))           -- no earlier snapshot: no section
        assert.matches("\nAnchor classes\n", out)
        local before = anchors_now()

        assert(srv:control{ graph_dates = { [MEDIUM] = "2025-01-01" } })
        local after = anchors_now()
        local gained, lost = missing(before, after), missing(after, before)
        assert.is_true(#gained > 0 and #lost > 0, "the graph did not move")
        assert.is_true(#gained <= view.SINCE_MAX and #lost <= view.SINCE_MAX)

        local page = dir .. "/since.html"
        code, out, err = report{ "--snapshot", "--refresh", "--out", page }
        assert.equal(0, code, err)
        assert.equal(page .. "\n", out)
        assert.is_nil(err:find("since", 1, true), err)
        local text = assert(helpers.read_file(page))
        local date = text:match('<section class="card wide" id="since"><h2>Since '
            .. '(%d%d%d%d%-%d%d%-%d%d %d%d:%d%d UTC)</h2>')
        assert.truthy(date, "no since section")
        assert.equal(os.date("!%Y-%m-%d", os.time()), date:sub(1, 10))
        assert.same(gained, listed(text, "gained"))
        assert.same(lost, listed(text, "lost"))
        assert.truthy(text:find(("<p>%d anchors gained, %d lost, "):format(#gained, #lost), 1, true))

        -- Drawn again from the store (the second snapshot resumed at $0): the
        -- same section, as text.
        local charged = books.charged(srv)
        code, out, err = report{ "--format", "text" }
        assert.equal(0, code, err)
        assert.truthy(out:find(("\nSince %s\n%d anchors gained, %d lost, "):format(date, #gained, #lost), 1, true), out)
        assert.matches("^%d+ changed, %d+ unchanged\n", out:match("\nSince [^\n]*\n[^\n]* lost, (.*)$"))
        assert.truthy(out:find("\nAnchors gained\n", 1, true))
        assert.truthy(out:find("\nAnchors lost\n", 1, true))
        assert.matches("%$0%.00000", err)
        assert.equal(charged, books.charged(srv))

        -- Without the store, nothing to compare with.
        code, out, err = report{ "--no-cache", "--format", "text" }
        assert.equal(0, code, err)
        assert.is_nil(out:find("\nSince ", 1, true))
    end)

    it("never fails on a store that cannot be read: one line, the report without the section", function()
        local code, _, err = report{ "--snapshot", "--format", "text" }
        assert.equal(0, code, err)
        local out
        helpers.write_file(cache .. "/dataforseo/cache.sqlite", ("not a database\n"):rep(400))
        code, out, err = report{ "--format", "text" }
        assert.equal(0, code, err)
        assert.is_nil(out:find("\nSince ", 1, true))
        assert.matches("\nAnchor classes\n", out)
        local _, n = err:gsub('no "since" section', "")
        assert.equal(1, n, err)
    end)
end)
