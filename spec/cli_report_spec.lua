-- `dataforseo report`, run as a real process against the emulator (exit
-- codes and the printed path are its contract), and once in-process with a
-- terminal on stderr for the progress bar.
local dataforseo = require "dataforseo"
local emulator = dofile("spec/support/emulator.lua")
local cli = require "dataforseo_cli"
local exits = require "dataforseo_cli.exits"
local command = require "dataforseo_cli.commands.report"
local html = dofile("spec/support/html_tokens.lua")
local view = require "dataforseo_cli.report.view"
local helpers = dofile("spec/support/helpers.lua")
local cli_runner = dofile("spec/support/cli_runner.lua")

local shell_quote, read_file = helpers.shell_quote, helpers.read_file

describe("dataforseo report", function()
    local srv, dir

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
        dir = helpers.tmpdir("dataforseo-report-spec")
    end)

    teardown(function()
        if srv then srv:stop() end
        helpers.remove(dir)
    end)

    -- Runs `dataforseo report ARGS --base-url <emulator>` in `cwd` (default
    -- the spec's directory); returns exit code, stdout, stderr.
    local function run(args, opts)
        opts = opts or {}
        local all = { "report" }
        for _, a in ipairs(args) do all[#all + 1] = a end
        if opts.base_url ~= false then
            all[#all + 1] = "--base-url"
            all[#all + 1] = opts.base_url or srv.base_url
        end
        return helpers.run("cd " .. shell_quote(opts.cwd or dir) .. " && " .. cli_runner.command(all)
            .. (opts.redirect and (" " .. opts.redirect) or ""))   -- e.g. "> /dev/full"
    end

    local function requests() return assert(srv:stats()).requests end

    -- The tiles of a page: metric -> the number it carries.
    local function tiles(page)
        local t = {}
        for _, d in ipairs(html.elements(html.tokens(page), "div")) do
            if d.by["data-metric"] then t[d.by["data-metric"]] = tonumber(d.by["data-value"]) end
        end
        return t
    end

    it("writes TARGET-anchors.html, prints its path; its numbers are the walk's and the summary's", function()
        local code, out, err = run({ "medium-example.com" })
        assert.equal(0, code, err)
        assert.equal("medium-example.com-anchors.html\n", out)
        local page = assert(read_file(dir .. "/medium-example.com-anchors.html"))
        assert.truthy(page:find("^<!DOCTYPE html>"))
        -- The same walk through the client API, profiled by the spec.
        local client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url })
        local items, w = assert(client:anchors_all({ target = "medium-example.com", backlinks_status_type = "all",
            order_by = { "backlinks,desc" }, internal_list_limit = 100 }))
        local summary = assert(client:summary{ target = "medium-example.com" })
        client:close()
        local p = dataforseo.profile(items, { target = "medium-example.com" })
        local t = tiles(page)
        assert.equal(#items, t.anchors)
        -- the site's totals are the summary's, not sums over anchors
        assert.equal(summary.backlinks, t.backlinks)
        assert.equal(summary.referring_domains, t.referring_domains)
        assert.not_equal(p.totals.referring_domains, t.referring_domains)
        assert.equal(summary.referring_domains_nofollow / summary.referring_domains, t.nofollow_share)
        assert.equal(p.totals.lost_anchors, t.lost_anchors)
        assert.is_true(math.abs(p.by_class.branded.backlinks_share - t.branded_share) < 1e-12)
        -- the summary call is one more call in the spend and the cost line
        assert.is_true(math.abs(t.spend - (w.cost + summary.cost)) < 1e-9, t.spend)
        assert.truthy(err:find(string.format("dataforseo: %d items, %d calls, 0 retries, $%.5f", #items, w.calls + 1,
            w.cost + summary.cost), 1, true), err)
    end)

    -- The points of the history chart's wide layout: { month, value } per series.
    local function history_points(page)
        local points = { backlinks = {}, referring_domains = {} }
        for _, c in ipairs(html.elements(html.tokens(page), "circle")) do
            local list = points[c.by["data-series"]]
            if list then list[#list + 1] = { month = c.by["data-month"], value = tonumber(c.by["data-value"]) } end
        end
        -- drawn twice (wide, then narrow): the same points
        for _, list in pairs(points) do
            local half = #list / 2
            for i = 1, half do assert.same(list[i], list[half + i]) end
            for i = #list, half + 1, -1 do list[i] = nil end
        end
        return points
    end

    it("adds the site's months with --history: a point per month, the last one the summary's", function()
        local path = dir .. "/history.html"
        local client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url })
        local before = assert(client:account()).spent_today or 0
        local code, out, err = run({ "forbes.com", "--history", "--max-items", "1000", "--out", path })
        local after = assert(client:account()).spent_today or 0
        assert.equal(0, code, err)
        assert.equal(path .. "\n", out)
        local summary = assert(client:summary{ target = "forbes.com" })
        local months = assert(client:history{ target = "forbes.com" })
        client:close()
        local page = assert(read_file(path))
        -- the cards: the site's totals (not 53,799 "summed over anchors")
        local t = tiles(page)
        assert.equal(8427, t.referring_domains)
        assert.equal(summary.referring_domains, t.referring_domains)
        assert.equal(summary.backlinks, t.backlinks)
        -- the chart: one point per month of history, in order
        local points = history_points(page)
        assert.is_true(#months.items >= 66, #months.items)            -- 2019-01 to the graph's date and on
        for _, series in ipairs({ "backlinks", "referring_domains" }) do
            assert.equal(#months.items, #points[series])
            for i, m in ipairs(months.items) do
                assert.same({ month = m.date:sub(1, 7), value = m[series] }, points[series][i])
            end
            assert.equal(summary[series], points[series][#points[series]].value)
        end
        assert.equal("2019-01", points.backlinks[1].month)
        assert.truthy(page:find('<figure class="card wide" id="history">', 1, true))
        -- three calls of the site, one walk page: what the account was charged, in the spend and the cost line
        local spend = (after - before)
        assert.is_true(math.abs(t.spend - spend) < 1e-9, t.spend .. " vs " .. spend)
        assert.truthy(err:find(string.format("dataforseo: 1000 items, 3 calls, 0 retries, $%.5f", spend), 1, true),
            err)
        -- as text: the months by year, the last one the summary's
        code, out, err = run({ "forbes.com", "--history", "--max-items", "5", "--format", "text" })
        assert.equal(0, code, err)
        assert.truthy(out:find("\nBacklinks and referring domains by year (its last month)\n", 1, true), out)
        local last = months.items[#months.items]
        assert.truthy(out:find("\n" .. last.date:sub(1, 4) .. "%s+" .. view.int(summary.backlinks) .. "%s+"
            .. view.int(summary.referring_domains) .. "\n"), out)
    end)

    it("prints tables with --format text, and takes --brand, --generic and --top", function()
        local code, out, err = run({ "small-example.com", "--format", "text", "--brand", "caf\195\169",
            "--generic", "small example", "--top", "6", "--status", "live" })
        assert.equal(0, code, err)
        assert.truthy(out:find("Anchor profile of small-example.com", 1, true))
        assert.truthy(out:find("brand: caf\195\169; live backlinks", 1, true))
        assert.truthy(out:find("Top 6 anchors by referring domains", 1, true))
        -- "small example" is generic now, the accented anchor branded.
        assert.truthy(out:find("small example%s+Generic"))
        assert.truthy(out:find("Caf\195\169 \195\156n\195\175c\195\182d\195\169%s+Branded"))
        assert.is_nil(out:find("\27", 1, true))
    end)

    it("stops at --max-cost with exit 1 and writes the partial report, saying so", function()
        local path = dir .. "/partial.html"
        -- 0.13: the summary call's $0.02003, then two pages of $0.05 (a third would pass it)
        local code, out, err = run({ "forbes.com", "--max-cost", "0.13", "--out", path })
        assert.equal(1, code, err)
        assert.equal(path .. "\n", out)
        assert.truthy(err:find("cost limit", 1, true))
        local page = assert(read_file(path))
        assert.truthy(page:find("Partial: the walk stopped after 2000 anchors", 1, true))
        assert.equal(2000, tiles(page).anchors)
    end)

    it("says a --max-items report is partial", function()
        local path = dir .. "/head.html"
        local code, _, err = run({ "forbes.com", "--max-items", "150", "--out", path })
        assert.equal(0, code, err)
        local page = assert(read_file(path))
        assert.truthy(page:find("--max-items 150, the 150 anchors with most backlinks", 1, true))
        assert.equal(150, tiles(page).anchors)
    end)

    it("refuses an --out it cannot write before sending anything (exit 4)", function()
        local before = requests()
        local code, out, err = run({ "forbes.com", "--out", dir .. "/no/such/dir/x.html" })
        assert.equal(command.EXIT_WRITE, code)
        assert.equal("", out)
        assert.truthy(err:find("cannot write '" .. dir .. "/no/such/dir/x.html'", 1, true))
        assert.equal(before, requests())
    end)

    it("checks the write itself: a full disk is exit 4, no path printed", function()
        if not helpers.exists("/dev/full") then return pending("no /dev/full") end
        local code, out, err = run({ "small-example.com", "--out", "/dev/full" })
        assert.equal(command.EXIT_WRITE, code)
        assert.equal("", out)
        assert.truthy(err:find("cannot write '/dev/full'", 1, true))
    end)

    it("checks its writes to the output: --format text and --help to a full disk are exit 4", function()
        if not helpers.exists("/dev/full") then return pending("no /dev/full") end
        for _, args in ipairs{ { "small-example.com", "--format", "text" }, { "--help" } } do
            local code, out, err = run(args, { redirect = "> /dev/full" })
            assert.equal(command.EXIT_WRITE, code, err)
            assert.equal("", out)
            assert.truthy(err:find("cannot write the output (No space left on device)", 1, true), err)
        end
    end)

    it("is exit 3 on a network error, leaving no empty file behind", function()
        local path = dir .. "/unreachable.html"
        local code, out, err = run({ "forbes.com", "--out", path, "--timeout", "5" },
            { base_url = "http://127.0.0.1:" .. helpers.free_port() })
        assert.equal(exits.NETWORK, code, err)
        assert.equal("", out)
        assert.is_false(helpers.exists(path))
    end)

    it("is exit 2 for usage errors, naming the option, and sends nothing", function()
        local before = requests()
        local cases = {
            { { "forbes.com", "--format", "pdf" }, "--format: 'pdf' is not html or text" },
            { { "forbes.com", "--fromat", "text" }, "unknown option --fromat (did you mean --format?)" },
            { { "forbes.com", "--top", "-1" }, "--top: -1 is out of range" },
            { { "forbes.com", "--status", "dead" }, "--status: 'dead' is not one of live, lost, all" },
            { { "forbes.com", "--brand", " " }, "--brand: the value is empty" },
            { { "forbes.com", "--max-cost", "0" }, "--max-cost: 0 must be more than 0" },
            { { "forbes.com", "--max-cost", "0.02", "--history" }, "--max-cost: $0.02 does not cover the "
                .. "report's summary and history calls" },
            { { "https://forbes.com/page", "--history" }, "--history: " },
            { { "forbes.com", "--limit", "5" }, "unknown option --limit" },
            { { "not a domain!" }, "TARGET: " },
            { {}, "missing TARGET" },
            { { "a.com", "b.com" }, "unexpected argument 'b.com'" },
        }
        for _, c in ipairs(cases) do
            local code, out, err = run(c[1])
            assert.equal(exits.USAGE, code, table.concat(c[1], " "))
            assert.equal("", out)
            assert.truthy(err:find("dataforseo report: " .. c[2], 1, true), err)
            assert.truthy(err:find("Try 'dataforseo report --help'", 1, true))
        end
        assert.equal(before, requests())
    end)

    it("has --help, and a line in the main help", function()
        local code, out = run({ "--help" }, { base_url = false })
        assert.equal(0, code)
        assert.truthy(out:find("Usage: dataforseo report TARGET [options]", 1, true))
        assert.truthy(out:find("Exit codes: 0 report written", 1, true))
        local _, main = cli_runner.run({ "--help" })
        assert.truthy(main:find("\n   report +TARGET's anchor%-text profile as an HTML page\n"), main)
    end)

    it("names the default file after the target: a plain domain as it is, others with a hash", function()
        assert.equal("forbes.com-anchors.html", command.default_out("forbes.com"))
        assert.matches("^big%-example%.com_page_x_1_%x+%-anchors%.html$",
            command.default_out("https://Big-Example.com/page?x=1"))
        assert.matches("^report_%x+%-anchors%.html$", command.default_out("../"))
        -- names that differ only where the readable part cannot show it
        assert.not_equal(command.default_out("https://a.com/x?y"), command.default_out("https://a.com/x/y"))
        assert.not_equal(command.default_out("Forbes.com"), command.default_out("forbes.com"))
    end)

    -- Issue 24 item 13.
    it("gives two internationalised targets two files, and never replaces a file it did not create", function()
        local here = dir .. "/idn"
        assert(helpers.sh("mkdir -p " .. shell_quote(here)))
        local names = {}
        for _, target in ipairs({ "\230\151\165\230\156\172.jp", "\228\184\173\229\155\189.jp" }) do
            local code, out, err = run({ target, "--max-items", "5" }, { cwd = here })
            assert.equal(0, code, err)
            local name = out:match("^(.-)\n$")
            assert.truthy(name and helpers.exists(here .. "/" .. name), out)
            names[#names + 1] = name
        end
        assert.not_equal(names[1], names[2])
        -- A file the command did not create is not replaced: exit 2, nothing sent.
        helpers.write_file(here .. "/forbes.com-anchors.html", "mine")
        local before = requests()
        local code, out, err = run({ "forbes.com", "--max-items", "5" }, { cwd = here })
        assert.equal(2, code, err)
        assert.equal("", out)
        assert.truthy(err:find("'forbes.com-anchors.html' exists already: name it with --out", 1, true), err)
        assert.equal("mine", read_file(here .. "/forbes.com-anchors.html"))
        assert.equal(before, requests())
        -- Named with --out, it is replaced: the user asked for it.
        code, out, err = run({ "forbes.com", "--max-items", "5", "--out", "forbes.com-anchors.html" }, { cwd = here })
        assert.equal(0, code, err)
        assert.equal("forbes.com-anchors.html\n", out)
        assert.truthy(read_file(here .. "/forbes.com-anchors.html"):find("^<!DOCTYPE html>"))
    end)

    it("shows a progress bar on a terminal", function()
        local out, err = helpers.sink(), helpers.sink()
        local code = cli.main({ "report", "forbes.com", "--max-items", "2500", "--out", dir .. "/tty.html",
            "--base-url", srv.base_url, "--concurrency", "1" }, {
            stdout = out, stderr = err, stderr_tty = true, stdout_tty = false, width = 100,
            getenv = function(k) return ({ DATAFORSEO_LOGIN = "demo", DATAFORSEO_PASSWORD = "demo" })[k] end,
        })
        assert.equal(0, code, err.text())
        local e = err.text()
        assert.truthy(e:find("\r[", 1, true))
        assert.truthy(e:find("3/3 pages  2500/2500 items", 1, true))
        assert.truthy(e:find("\r\27[K", 1, true))   -- cleared before the summary
        assert.equal(dir .. "/tty.html\n", out.text())
    end)
end)
