-- The `dataforseo anchors` command, run as a real process against the
-- emulator (exit codes are part of its contract), plus a terminal test in
-- tmux for the progress bar and the default table format.
local dataforseo = require "dataforseo"
local emulator = dofile("spec/support/emulator.lua")
local json = require "dataforseo.json"
local cli = require "dataforseo_cli"
local socket = require "socket"

local helpers = dofile("spec/support/helpers.lua")
local cli_runner = dofile("spec/support/cli_runner.lua")

local shell_quote, read_file, write_file = helpers.shell_quote, helpers.read_file, helpers.write_file
local capture, parse_csv, lines_of = helpers.capture, helpers.parse_csv, helpers.lines_of

describe("dataforseo anchors", function()
    local srv, dir

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
        dir = helpers.tmpdir("dataforseo-cli-spec")
    end)

    teardown(function()
        if srv then srv:stop() end
        helpers.remove(dir)
    end)

    -- Runs the command; returns exit code, stdout, stderr.  env: extra
    -- variables (false unsets one); credentials default to the emulator's.
    local run = cli_runner.run

    local function api(args)
        local all = { "anchors" }
        for _, a in ipairs(args) do all[#all + 1] = a end
        all[#all + 1] = "--base-url"
        all[#all + 1] = srv.base_url
        return all
    end

    it("sends every request option (the emulator echoes the request in data)", function()
        local code, out, err = run(api{ "forbes.com", "--format", "json", "--limit", "3",
            "--offset", "2", "--internal-list-limit", "5", "--status", "all",
            "--filter", "anchor like %news%", "--filter", "backlinks >= 1",
            "--backlinks-filter", "dofollow = true", "--order-by", "backlinks,desc",
            "--order-by", "anchor asc", "--no-subdomains", "--no-indirect-links",
            "--include-internal", "--rank-scale", "100", "--tag", "spec run #1" })
        assert.equal(0, code, err)
        local response = assert(json.decode(out))
        local task = response.tasks[1]
        local data = task.data
        assert.equal("forbes.com", data.target)
        assert.equal(3, data.limit)
        assert.equal(2, data.offset)
        assert.equal(5, data.internal_list_limit)
        assert.equal("all", data.backlinks_status_type)
        assert.same({ { "anchor", "like", "%news%" }, "and", { "backlinks", ">=", 1 } }, data.filters)
        assert.same({ "dofollow", "=", true }, data.backlinks_filters)
        assert.same({ "backlinks,desc", "anchor,asc" }, data.order_by)
        assert.equal(false, data.include_subdomains)
        assert.equal(false, data.include_indirect_links)
        assert.equal(false, data.exclude_internal_backlinks)
        assert.equal("one_hundred", data.rank_scale)
        assert.equal("spec run #1", data.tag)
        local items = task.result[1].items
        assert.equal(3, #items)
        for _, item in ipairs(items) do
            assert.truthy(item.anchor:find("news", 1, true))
            local keys = 0
            for _ in pairs(item.referring_links_tld) do keys = keys + 1 end
            assert.is_true(keys <= 5)
            assert.is_true(item.rank <= 100)
        end
        assert.truthy(err:find("dataforseo: 3 items, 1 call", 1, true))
    end)

    it("sends raw --filters (or, nesting) joined with --filter, and typed values", function()
        local raw = '[["anchor","like","%news%"],"or",[["rank",">",500],"and",["backlinks","<",100]]]'
        local code, out, err = run(api{ "forbes.com", "--format", "json", "--limit", "1",
            "--filters", raw, "--filter", "anchor in news,Forbes, \"a, b\"",
            "--filter", "lost_date = null", "--filter", "referring_links_tld.com > 2",
            "--backlinks-filters", '[["dofollow","=",true],"and",["tld_from","=","com"]]',
            "--status", "lost" })
        assert.equal(0, code, err)
        local data = assert(json.decode(out)).tasks[1].data
        assert.same({
            assert(json.decode(raw)), "and",
            { "anchor", "in", { "news", "Forbes", "a, b" } }, "and",
            { "lost_date", "=", json.null }, "and",
            { "referring_links_tld.com", ">", 2 },
        }, data.filters)
        assert.same({ { "dofollow", "=", true }, "and", { "tld_from", "=", "com" } },
            data.backlinks_filters)
        assert.equal("lost", data.backlinks_status_type)
    end)

    it("writes CSV that parses back to the same items as JSON lines", function()
        local code, csv, err = run(api{ "medium-example.com", "--all", "--format", "csv" })
        assert.equal(0, code, err)
        local code2, jsonl, err2 = run(api{ "medium-example.com", "--all", "--format", "jsonl" })
        assert.equal(0, code2, err2)
        local items = {}
        for _, line in ipairs(lines_of(jsonl)) do items[#items + 1] = assert(json.decode(line)) end
        local records = parse_csv(csv)
        local header = table.remove(records, 1)
        assert.equal("type", header[1])
        assert.is_true(#items > 100)
        assert.equal(#items, #records)
        local tricky = { quote = false, newline = false, tab = false, empty = false }
        for r, rec in ipairs(records) do
            local item = items[r]
            assert.equal(#header, #rec)
            for c, name in ipairs(header) do
                local v, cell = item[name], rec[c]
                if v == nil or v == json.null then
                    assert.equal("", cell)
                elseif type(v) == "table" then
                    assert.same(v, assert(json.decode(cell)))
                elseif type(v) == "number" then
                    assert.equal(v, tonumber(cell))
                elseif type(v) == "boolean" then
                    assert.equal(tostring(v), cell)
                else
                    assert.equal(v, cell)
                end
            end
            local a = item.anchor
            if type(a) == "string" then
                tricky.quote = tricky.quote or a:find('"', 1, true) ~= nil
                tricky.newline = tricky.newline or a:find("\n", 1, true) ~= nil
                tricky.tab = tricky.tab or a:find("\t", 1, true) ~= nil
                tricky.empty = tricky.empty or a == ""
            end
        end
        -- the set holds the cases that need quoting
        assert.same({ quote = true, newline = true, tab = true, empty = true }, tricky)
        -- and the maps, JSON text with commas inside, are quoted fields
        assert.truthy(csv:find(',"{""', 1, true))
    end)

    it("walks the complete set with --all", function()
        local code, out = run(api{ "forbes.com", "--format", "json", "--limit", "1" })
        assert.equal(0, code)
        local total = assert(json.decode(out)).tasks[1].result[1].total_count
        assert.is_true(total > 10000)
        local before = assert(srv:stats()).requests
        local code2, jsonl, err = run(api{ "forbes.com", "--all", "--fields", "anchor,backlinks",
            "--order-by", "backlinks,desc" })
        assert.equal(0, code2, err)
        local lines = lines_of(jsonl)
        assert.equal(total, #lines)
        local seen, prev = {}, math.huge
        for _, line in ipairs(lines) do
            local item = assert(json.decode(line))
            local key = item.anchor == json.null and "\0null" or item.anchor
            assert.is_nil(seen[key])
            seen[key] = true
            assert.is_true(item.backlinks <= prev)
            prev = item.backlinks
        end
        local calls = math.ceil(total / 1000)
        assert.equal(calls, assert(srv:stats()).requests - before)
        assert.truthy(err:find(string.format("dataforseo: %d items, %d calls, ", total, calls), 1, true), err)
        -- not a terminal: no progress bar
        assert.is_nil(err:find("\r", 1, true))
        assert.is_nil(err:find("pages", 1, true))
    end)

    it("stops at --max-items and at --max-cost (exit 1, the items so far printed)", function()
        local code, out, err = run(api{ "forbes.com", "--max-items", "1500", "--format", "jsonl" })
        assert.equal(0, code, err)
        assert.equal(1500, #lines_of(out))
        code, out, err = run(api{ "forbes.com", "--all", "--limit", "100", "--max-cost", "0.1",
            "--format", "jsonl" })
        assert.equal(1, code)
        assert.equal(400, #lines_of(out))
        assert.truthy(err:find("max_cost", 1, true))
        assert.truthy(err:find("400 items, 4 calls", 1, true))
    end)

    it("exits 2 with a message naming the option for usage and validation errors", function()
        local cases = {
            { { "forbes.com", "--limt", "4" }, "--limt (did you mean --limit?)" },
            { { "forbes.com", "--limit", "abc" }, "--limit: 'abc' is not an integer" },
            { { "forbes.com", "--limit", "5000" }, "--limit: 5000 is out of range" },
            { { "forbes.com", "--limit" }, "--limit needs a value" },
            { { "forbes.com", "--offset", "-1" }, "--offset:" },
            { { "forbes.com", "--internal-list-limit", "0" }, "--internal-list-limit:" },
            { { "forbes.com", "--filter", "anchor lik %news%" }, "--filter 'anchor lik %news%': unknown operator" },
            { { "forbes.com", "--filter", "ancor like x" }, 'did you mean "anchor"' },
            { { "forbes.com", "--filter", "anchor like" }, "--filter 'anchor like'" },
            { { "forbes.com", "--filters", "[1," }, "--filters: not valid JSON" },
            { { "forbes.com", "--filters", '[["anchor","like","x"],"xor",["rank",">",1]]' }, "--filters:" },
            { { "forbes.com", "--backlinks-filter", "dofollow = maybe" }, "--backlinks-filter 'dofollow = maybe'" },
            { { "forbes.com", "--order-by", "backlinks,up" }, "--order-by:" },
            { { "forbes.com", "--order-by", "rank,desc", "--order-by", "backlinks,desc",
                "--order-by", "anchor,asc", "--order-by", "first_seen,asc" },
                "--order-by: 4 sorting rules, at most 3" },
            { { "forbes.com", "--status", "dead" }, "--status:" },
            { { "forbes.com", "--rank-scale", "10" }, "--rank-scale: '10' is not 100 or 1000" },
            { { "forbes.com", "--tag", string.rep("x", 256) }, "--tag:" },
            { { "www.forbes.com" }, "TARGET: " },
            { {}, "missing TARGET" },
            { { "a.com", "b.com" }, "unexpected argument 'b.com'" },
            { { "forbes.com", "--format", "xml" }, "--format: 'xml'" },
            { { "forbes.com", "--fields", "anchr" }, "--fields unknown field 'anchr'" },
            { { "forbes.com", "--all", "--format", "json" }, "--format json" },
            { { "forbes.com", "--max-items", "0" }, "--max-items:" },
            { { "forbes.com", "--concurrency", "0" }, "--concurrency: 0 is out of range" },
            -- the library's own rule (1..30 before the engine of issue 20 item 7, 1..256 after)
            { { "forbes.com", "--concurrency", "100000" }, "--concurrency: must be an integer from 1 to " },
            { { "forbes.com", "--max-cost", "0" }, "--max-cost:" },
            { { "forbes.com", "--max-cost", "cheap" }, "--max-cost: 'cheap' is not a number" },
            { { "forbes.com", "--timeout", "0" }, "--timeout:" },
            { { "forbes.com", "--all=yes" }, "--all takes no value" },
            { { "forbes.com", "--tag", "a", "--tag", "b" }, "--tag is given twice" },
            { { "forbes.com", "--sandbox", "--base-url", "http://127.0.0.1:1" }, "--sandbox and --base-url" },
            { { "forbes.com", "--base-url", "ftp://example.com" }, "--base-url:" },
            { { "forbes.com", "--password-file", "/nonexistent/pw" }, "--password-file: cannot read" },
            { { "forbes.com", "-x" }, "unknown option -x" },
        }
        for _, case in ipairs(cases) do
            local args = { "anchors" }
            for _, a in ipairs(case[1]) do args[#args + 1] = a end
            local code, out, err = run(args)
            assert.equal(2, code, table.concat(args, " ") .. "\n" .. err)
            assert.equal("", out)
            assert.truthy(err:find(case[2], 1, true), "expected '" .. case[2] .. "' in: " .. err)
        end
        local code, _, err = run({ "anchorz" })
        assert.equal(2, code)
        assert.truthy(err:find("did you mean 'anchors'", 1, true))
        code, _, err = run({})
        assert.equal(2, code)
        assert.truthy(err:find("Usage:", 1, true))
    end)

    it("never takes a password on the command line and never prints one", function()
        local secret = "S3cret-Pa55-xyz"
        local code, out, err = run(api{ "forbes.com", "--password", secret })
        assert.equal(2, code)
        assert.truthy(err:find("--password is not accepted", 1, true))
        assert.is_nil((out .. err):find(secret, 1, true))
        code, out, err = run(api{ "forbes.com", "--password=" .. secret })
        assert.equal(2, code)
        assert.is_nil((out .. err):find(secret, 1, true))

        local code2, _, err2 = run(api{ "forbes.com" }, { DATAFORSEO_LOGIN = false })
        assert.equal(2, code2)
        assert.truthy(err2:find("no API login", 1, true))
        code, out, err = run(api{ "forbes.com" }, { DATAFORSEO_PASSWORD = false })
        assert.equal("", out)
        assert.equal(2, code)
        assert.truthy(err:find("no API password", 1, true))
    end)

    it("exits 1 on an authentication failure without printing the password", function()
        local secret = "S3cret-Pa55-xyz"
        local code, out, err = run(api{ "forbes.com" }, { DATAFORSEO_PASSWORD = secret })
        assert.equal(1, code)
        assert.truthy(err:find("40100", 1, true), err)
        assert.is_nil((out .. err):find(secret, 1, true))

        local pwfile = dir .. "/password"
        write_file(pwfile, secret .. "\n")
        code, out, err = run(api{ "forbes.com", "--login", "someone", "--password-file", pwfile },
            { DATAFORSEO_LOGIN = false, DATAFORSEO_PASSWORD = false })
        assert.equal(1, code)
        assert.truthy(err:find("not authorized", 1, true), err)
        assert.is_nil((out .. err):find(secret, 1, true))

        -- the right password from a file works (the trailing newline is not part of it)
        write_file(pwfile, "demo\n")
        code, out, err = run(api{ "small-example.com", "--login", "demo", "--password-file", pwfile,
            "--format", "jsonl" }, { DATAFORSEO_LOGIN = false, DATAFORSEO_PASSWORD = false })
        assert.equal(0, code, err)
        assert.is_true(#lines_of(out) > 0)
    end)

    it("exits 1 on an API error and 3 on a network error", function()
        assert(srv:control{ fault = "task_50000", count = 4 })   -- outlasts the client's 3 retries
        local code, _, err = run(api{ "forbes.com", "--limit", "1" })
        assert(srv:control{ clear_faults = true })
        assert.equal(1, code)
        assert.truthy(err:find("50000", 1, true), err)

        local s = assert(socket.bind("127.0.0.1", 0))
        local _, port = s:getsockname()
        s:close()   -- nothing listens there now
        code, _, err = run({ "anchors", "forbes.com", "--base-url", "http://127.0.0.1:" .. port,
            "--timeout", "5" })
        assert.equal(3, code)
        assert.truthy(err:find("transport error", 1, true), err)
    end)

    it("prints --help with examples and --version", function()
        local code, out = run({ "anchors", "--help" })
        assert.equal(0, code)
        assert.truthy(out:find("Usage: dataforseo anchors TARGET", 1, true))
        assert.truthy(out:find("Examples:", 1, true))
        assert.truthy(out:find("--filter 'anchor like %news%'", 1, true))
        for _, name in pairs({ "limit", "offset", "all", "max-items", "filter", "filters",
            "order-by", "internal-list-limit", "status", "no-subdomains", "no-indirect-links",
            "include-internal", "rank-scale", "tag", "format", "fields", "concurrency", "max-cost",
            "login", "password-file", "sandbox", "base-url" }) do
            assert.truthy(out:find("--" .. name, 1, true), name)
        end
        code, out = run({ "--help" })
        assert.equal(0, code)
        -- the parser's list of commands, each with its line
        assert.truthy(out:find("\n   anchors +anchors pointing at TARGET\n"), out)
        code, out = run({ "--version" })
        assert.equal(0, code)
        assert.equal("dataforseo " .. dataforseo._VERSION, out:match("^(%S+ %S+)"))
    end)

    it("runs in-process too: table on a terminal, JSON lines otherwise", function()
        local sink = helpers.sink
        local env = { DATAFORSEO_LOGIN = "demo", DATAFORSEO_PASSWORD = "demo" }
        local out, err = sink(), sink()
        local code = cli.main({ "anchors", "small-example.com", "--base-url", srv.base_url },
            { stdout = out, stderr = err, stdout_tty = true, stderr_tty = false, width = 70,
              getenv = function(k) return env[k] end })
        assert.equal(0, code, err.text())
        local lines = lines_of(out.text())
        assert.truthy(lines[1]:find("^anchor%s+backlinks%s+referring_domains%s+rank%s+first_seen$"))
        for _, line in ipairs(lines) do
            assert.is_true(require("dataforseo_cli.output.table").width(line) <= 70)
        end
        out = sink()
        code = cli.main({ "anchors", "small-example.com", "--base-url", srv.base_url },
            { stdout = out, stderr = sink(), stdout_tty = false, stderr_tty = false,
              getenv = function(k) return env[k] end })
        assert.equal(0, code)
        for _, line in ipairs(lines_of(out.text())) do
            assert.equal("backlinks_anchor", assert(json.decode(line)).type)
        end
    end)

    -- Issue 25 item 2, the command's side.
    it("reaches the server of DATAFORSEO_BASE_URL from every command, without --base-url", function()
        local env = { DATAFORSEO_BASE_URL = srv.base_url }
        for _, args in ipairs({ { "anchors", "small-example.com", "--limit", "3" },
            { "referring-domains", "small-example.com", "--limit", "3" }, { "summary", "small-example.com" },
            { "report", "small-example.com", "--format", "text", "--max-items", "10" }, { "account" } }) do
            local before = assert(srv:stats()).requests
            local code, out, err = run(args, env)
            assert.equal(0, code, args[1] .. ": " .. err)
            assert.truthy(#out > 0, args[1])
            assert.is_true(assert(srv:stats()).requests > before, args[1] .. " did not reach the emulator")
        end
        -- --base-url wins over the variable; a bad variable is named
        local code, _, err = run({ "anchors", "small-example.com", "--limit", "1", "--base-url", srv.base_url },
            { DATAFORSEO_BASE_URL = "http://127.0.0.1:" .. helpers.free_port() })
        assert.equal(0, code, err)
        code, _, err = run({ "account" }, { DATAFORSEO_BASE_URL = "ftp://example.com" })
        assert.equal(2, code)
        assert.truthy(err:find("DATAFORSEO_BASE_URL: must start with http:// or https://", 1, true), err)
    end)

    -- Issue 25 item 8.
    it("writes each line on stderr in one piece (the summary does not mix with other output)", function()
        local writes, out = {}, helpers.sink()
        local stderr = { write = function(self, ...)
            writes[#writes + 1] = { n = select("#", ...), ... }
            return self
        end, flush = function(self) return self end }
        local env = { DATAFORSEO_LOGIN = "demo", DATAFORSEO_PASSWORD = "demo" }
        local code = cli.main({ "anchors", "small-example.com", "--limit", "3", "--base-url", srv.base_url,
            "--format", "jsonl" }, { stdout = out, stderr = stderr, stdout_tty = false, stderr_tty = false,
            getenv = function(k) return env[k] end })
        assert.equal(0, code)
        assert.is_true(#writes >= 1)
        local summary
        for _, w in ipairs(writes) do
            assert.equal(1, w.n, "a line written in " .. w.n .. " pieces")
            assert.equal("\n", w[1]:sub(-1))
            if w[1]:find("^dataforseo: 3 items, 1 call") then summary = w[1] end
        end
        assert.truthy(summary)
    end)

    describe("in a terminal (tmux)", function()
        -- A tmux server (socket) of its own for every terminal: a server
        -- still shutting down after one test cannot swallow the next one.
        local socket_base = "dfs-cli-spec-" .. tostring(os.time()) .. "-" .. tostring(math.random(1e6))
        local sockets = {}
        local function tmux(sock, args)
            return capture("tmux -L " .. sock .. " " .. args .. " 2>&1")
        end

        after_each(function()
            for _, sock in ipairs(sockets) do tmux(sock, "kill-server") end
            sockets = {}
            srv:control{ latency_ms = 0 }
        end)

        -- Starts a command in a fresh 100x30 terminal (stdout to a file when
        -- `stdout` is given, stderr on the terminal); returns a function that
        -- reads the screen.
        local function start(args, name, stdout)
            local cmd = cli_runner.command(args) .. (stdout and (" >" .. shell_quote(stdout)) or "")
                .. "; echo EXIT=$?; sleep 60"
            local sock = socket_base .. "-" .. name
            sockets[#sockets + 1] = sock
            tmux(sock, "-f /dev/null new-session -d -s " .. name .. " -x 100 -y 30 " .. shell_quote(cmd))
            return function() return tmux(sock, "capture-pane -p -t " .. name) end
        end

        it("shows the progress bar on stderr while walking, then the summary", function()
            assert(srv:control{ latency_ms = 150 })
            local csv = dir .. "/walk.csv"
            local screen = start({ "anchors", "forbes.com", "--all", "--limit", "500",
                "--base-url", srv.base_url, "--format", "csv" }, "walk", csv)
            local bars, final = {}, nil
            for _ = 1, 400 do
                local text = screen()
                local bar = text:match("(%[[#%.]+%]%s+%d+/%d+ pages%s+%d+/%d+ items%s+%$[%d%.]+%s+ETA [%d:?]+)")
                if bar then bars[#bars + 1] = bar end
                if text:find("EXIT=", 1, true) then final = text; break end
                socket.sleep(0.05)
            end
            assert.truthy(final, "the walk did not finish")
            assert.truthy(final:find("EXIT=0", 1, true), final)
            assert.is_true(#bars >= 2, "progress bar seen " .. #bars .. " times")
            assert.truthy(bars[#bars]:find("/21 pages", 1, true), bars[#bars])
            assert.is_true(#bars[#bars] <= 99)
            -- the bar line is cleared before the summary
            assert.is_nil(final:find("pages", 1, true), final)
            assert.truthy(final:find("dataforseo: 10105 items, 21 calls", 1, true), final)
            local records = parse_csv(assert(read_file(csv)))
            assert.equal(10106, #records)
        end)

        it("prints a table fitted to the terminal by default", function()
            local screen = start({ "anchors", "forbes.com", "--limit", "4", "--order-by",
                "backlinks,desc", "--filter", "anchor like %news%", "--base-url", srv.base_url },
                "table")
            local text
            for _ = 1, 200 do
                text = screen()
                if text:find("EXIT=", 1, true) then break end
                socket.sleep(0.05)
            end
            assert.truthy(text:find("EXIT=0", 1, true), text)
            local lines = lines_of(text)
            assert.truthy(lines[1]:find("^anchor%s+backlinks%s+referring_domains%s+rank%s+first_seen$"), text)
            assert.truthy(lines[2]:find("^%-+  %-+", 1), text)
            assert.truthy(lines[3]:find("^news%s+%d+%s+%d+%s+%d+%s+%d%d%d%d%-%d%d%-%d%d$"), text)
            assert.truthy(text:find("dataforseo: 4 items, 1 call", 1, true), text)
        end)
    end)
end)
