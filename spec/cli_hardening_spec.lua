-- Issue 15, the command line against a hostile scripted server: terminal
-- escapes in everything printed (14), CSV formula injection (15), write
-- errors (17), --password-file (21), the --concurrency help (22), a 200 kB
-- header (24), huge names (8), and never a traceback.  Issue 24: a 401's
-- text through the one sanitiser in report and account too (10), integer
-- options too large for any integer (5), a ledger that is not a regular
-- file (3), out of memory (9).
local socket = require "socket"
local json = require "dataforseo.json"
local mime = require "mime"
local helpers = dofile("spec/support/helpers.lua")
local script_server = dofile("spec/support/script_server.lua")
local cli_runner = dofile("spec/support/cli_runner.lua")

local q = helpers.shell_quote
local ESC, BEL, CSI8, RLO = "\27", "\7", "\194\155", "\226\128\174"
local HOSTILE = "x" .. ESC .. "]0;pwned" .. BEL .. ESC .. "[2J" .. CSI8 .. "31m" .. RLO .. "cba"

-- Nothing a terminal would act on.
local function terminal_safe(s)
    return not s:find("[%z\1-\8\11-\31\127]") and not s:find("\194[\128-\159]")
        and not s:find("\226\128[\168-\174]") and not s:find("\226\129[\166-\169]")
end

describe("the command against a hostile server", function()
    local srv, dir
    setup(function()
        dir = helpers.tmpdir("dataforseo-cli-hardening")
        srv = script_server.start(([[
            local cjson = require "cjson"
            local HOSTILE = %q
            local ANCHORS = { "=HYPERLINK(\"http://evil.example\",\"click\")", "-5", "+1", "@SUM(A1)",
                "\tx", "\rx", "a\27[2Jb", "\194\155x", "plain" }
            return function(req)
                if req.path:find("/appendix/user_data", 1, true) or req.path:find("/summary/", 1, true) then
                    return { status = 401, body = cjson.encode{ status_code = 40100, status_message = HOSTILE } }
                end
                local task = cjson.decode(req.body)[1]
                local t = task.target
                if t == "auth.example" then
                    return { status = 401, body = cjson.encode{ status_code = 40100, status_message = HOSTILE } }
                elseif t == "status.example" then
                    return { status = 500, body = cjson.encode{ status_code = 50000, status_message = HOSTILE } }
                elseif t == "html.example" then
                    return { status = 502, headers = { ["Content-Type"] = "text/html" },
                        body = "<html><h1>" .. HOSTILE .. "</h1></html>" }
                elseif t == "task.example" then
                    local body = cjson.decode(anchors_response(task, { task_id = HOSTILE }))
                    body.tasks[1].status_code = 40501
                    body.tasks[1].status_message = "Invalid Field: " .. HOSTILE
                    return { body = cjson.encode(body) }
                elseif t == "cells.example" then
                    return { body = anchors_response(task, { total = #ANCHORS, item = function(i)
                        return { type = "backlinks_anchor", anchor = ANCHORS[i], backlinks = -5,
                            rank = i, referring_links_tld = { [HOSTILE] = 1 } }
                    end }) }
                elseif t == "header.example" then
                    return { headers = { ["X-Big"] = string.rep("a", 200 * 1024) },
                        body = anchors_response(task, { total = 1 }) }
                elseif t == "notitems.example" then
                    local body = cjson.decode(anchors_response(task, { total = 2 }))
                    body.tasks[1].result[1].items = { 1, "x" }
                    return { body = cjson.encode(body) }
                end
                return { body = anchors_response(task, { total = 100000 }) }
            end
        ]]):format(HOSTILE))
    end)
    teardown(function()
        if srv then srv:stop() end
        helpers.remove(dir)
    end)

    local function run(args, env)
        local all = { "anchors" }
        for _, a in ipairs(args) do all[#all + 1] = a end
        all[#all + 1] = "--base-url"
        all[#all + 1] = srv.base_url
        return cli_runner.run(all, env)
    end

    -- 14 --------------------------------------------------------------------

    it("prints status messages, HTML bodies and task ids made safe for the terminal", function()
        for _, target in ipairs({ "status.example", "html.example", "task.example" }) do
            local code, out, err = run({ target, "--timeout", "5" }, { DATAFORSEO_LOGIN = "anyone" })
            assert.is_true(code == 1, target .. ": exit " .. tostring(code) .. "\n" .. err)
            assert.equal("", out)
            assert.is_true(terminal_safe(err), target .. ": " .. ("%q"):format(err))
            assert.truthy(err:find("\\x1B]0;pwned\\x07\\x1B[2J\\u{9B}31m\\u{202E}cba", 1, true), err)
        end
    end)

    it("prints table cells made safe for the terminal", function()
        local code, out, err = run({ "cells.example", "--format", "table", "--fields",
            "anchor,referring_links_tld" })
        assert.equal(0, code, err)
        assert.is_true(terminal_safe(out), ("%q"):format(out))
        assert.truthy(out:find("a\\x1B[2Jb", 1, true), out)
        assert.truthy(out:find("\\u{9B}x", 1, true), out)
    end)

    it("writes JSON lines whose C1 and bidi controls are \\u escapes (the same values)", function()
        local code, out, err = run({ "cells.example", "--format", "jsonl" })
        assert.equal(0, code, err)
        assert.is_true(terminal_safe(out), ("%q"):format(out))
        local lines = helpers.lines_of(out)
        assert.equal("\194\155x", json.decode(lines[8]).anchor)
        assert.truthy(json.decode(lines[1]).referring_links_tld[HOSTILE])
    end)

    -- 15 --------------------------------------------------------------------

    it("writes CSV cells that no spreadsheet runs as formulas; --csv-raw writes them as received", function()
        local code, out, err = run({ "cells.example", "--format", "csv", "--fields", "anchor,backlinks" })
        assert.equal(0, code, err)
        local records = helpers.parse_csv(out)
        assert.same({ "anchor", "backlinks" }, records[1])
        local cells = {}
        for r = 2, #records do cells[#cells + 1] = records[r][1] end
        assert.same({ "'=HYPERLINK(\"http://evil.example\",\"click\")", "'-5", "'+1", "'@SUM(A1)",
            "'\tx", "'\rx", "a\\x1B[2Jb", "\\u{9B}x", "plain" }, cells)
        for r = 2, #records do assert.equal("-5", records[r][2]) end   -- a number stays a number
        assert.is_true(terminal_safe(out:gsub("[\t\r\n]", "")))
        code, out, err = run({ "cells.example", "--format", "csv", "--fields", "anchor", "--csv-raw" })
        assert.equal(0, code, err)
        records = helpers.parse_csv(out)
        assert.equal("=HYPERLINK(\"http://evil.example\",\"click\")", records[2][1])
        assert.equal("a\27[2Jb", records[8][1])
    end)

    it("prints a server's error text through the sanitiser in report, account and summary too (24.10)", function()
        for _, args in ipairs({ { "report", "auth.example", "--format", "text" }, { "account" },
            { "summary", "auth.example" } }) do
            args[#args + 1] = "--base-url"
            args[#args + 1] = srv.base_url
            local code, out, err = cli_runner.run(args)
            local what = table.concat(args, " ", 1, 2)
            assert.equal(1, code, what .. ": " .. err)
            assert.equal("", out)
            assert.is_true(terminal_safe(err), what .. ": " .. ("%q"):format(err))
            assert.truthy(err:find("\\x1B]0;pwned\\x07\\x1B[2J", 1, true), what .. ": " .. err)
        end
    end)

    -- 24.5 -------------------------------------------------------------------

    it("refuses integer options too large for any integer: exit 2, nothing sent (24.5)", function()
        local before = #srv:requests()
        for _, case in ipairs({ { "--offset", "99999999999999999999" }, { "--offset", "9223372036854775808" },
            { "--limit", "9223372036854775808" }, { "--internal-list-limit", "99999999999999999999" },
            { "--max-items", "9223372036854775808" }, { "--max-items", "99999999999999999999" },
            { "--offset", "-9223372036854775809" }, { "--concurrency", "18446744073709551617" } }) do
            local code, out, err = run({ "small.example", case[1], case[2], "--format", "jsonl" })
            local what = case[1] .. " " .. case[2]
            assert.equal(2, code, what .. ": " .. err)
            assert.equal("", out)
            assert.truthy(err:find(case[1] .. ": " .. case[2] .. " is out of range", 1, true), what .. ": " .. err)
        end
        socket.sleep(0.1)
        assert.equal(before, #srv:requests())
    end)

    -- 24.3, 24.9 -------------------------------------------------------------

    it("refuses a ledger that is not a regular file before opening it (24.3)", function()
        local fifo = dir .. "/fifo"
        assert(helpers.sh("mkfifo " .. q(fifo)))
        local before = #srv:requests()
        for _, c in ipairs({
            { { "anchors", "small.example", "--ledger", fifo, "--base-url", srv.base_url }, nil, "--ledger" },
            { { "anchors", "small.example", "--base-url", srv.base_url }, { DATAFORSEO_LEDGER = fifo },
                "DATAFORSEO_LEDGER" },
            { { "spend", "--ledger", fifo }, nil, "--ledger" },
            { { "spend" }, { DATAFORSEO_LEDGER = "/dev/zero" }, "DATAFORSEO_LEDGER" },
        }) do
            -- `timeout`: open() on a FIFO without a writer would block for good.
            local code, out, err = helpers.run("timeout -s KILL 10 " .. cli_runner.command(c[1], c[2]))
            local what = table.concat(c[1], " ", 1, math.min(3, #c[1]))
            assert.equal(2, code, what .. ": " .. err)
            assert.equal("", out)
            assert.truthy(err:find(c[3] .. ": '", 1, true), what .. ": " .. err)
            assert.truthy(err:find("not a regular file", 1, true), what .. ": " .. err)
        end
        assert.equal(before, #srv:requests())
    end)

    it("runs out of memory with one line and exit 5, never a traceback (24.9)", function()
        -- spend streams the ledger: a 2 GB line is read in flat memory (and not summed) ...
        local big = dir .. "/big.jsonl"
        assert(helpers.sh("truncate -s 2G " .. q(big)))     -- sparse: takes no disk
        local code, out, err = helpers.run("ulimit -v 300000; " .. cli_runner.command{ "spend", "--ledger", big,
            "--format", "json" })
        assert.equal(0, code, err)
        assert.truthy(out:find('"lines_skipped":1', 1, true), out)
        os.remove(big)
        -- ... but a row per target of 1.5 million targets does not fit in 300 MB.
        local many = dir .. "/many.jsonl"
        local f = assert(io.open(many, "wb"))
        for i = 1, 1500000 do
            f:write('{"time":"2026-01-01T00:00:00.000Z","target":"t', i, '.example","cost":0.01}\n')
        end
        f:close()
        code, out, err = helpers.run("ulimit -v 300000; " .. cli_runner.command{ "spend", "--ledger", many,
            "--by", "target" })
        assert.equal(5, code, err)
        assert.equal("", out)
        assert.truthy(err:find("^dataforseo: out of memory"), err)
        assert.equal(1, #helpers.lines_of(err), err)
        assert.is_nil(err:find("traceback", 1, true), err)
        os.remove(many)
    end)

    -- 17 --------------------------------------------------------------------

    local function calls_during(fn)
        local before = #srv:requests()
        local results = { fn() }
        socket.sleep(0.2)
        return #srv:requests() - before, (table.unpack or unpack)(results, 1, 3)
    end

    it("stops at the first failed write to /dev/full: exit 4, says so, no success summary", function()
        local calls, code, out, err = calls_during(function()
            return helpers.run(cli_runner.command({ "anchors", "big.example", "--all", "--yes", "--base-url",
                srv.base_url }) .. " > /dev/full")
        end)
        assert.equal(4, code, err)
        assert.equal("", out)
        assert.truthy(err:find("cannot write the output (No space left on device): stopped", 1, true), err)
        assert.is_nil(err:find("items, ", 1, true), err)            -- no success summary
        assert.is_true(calls <= 6, calls .. " calls for a walk of 100")
    end)

    it("refuses to run with stdout closed: exit 4, nothing sent", function()
        local calls, code, _, err = calls_during(function()
            return helpers.run(cli_runner.command({ "anchors", "big.example", "--all", "--base-url",
                srv.base_url }) .. " >&-")
        end)
        assert.equal(4, code, err)
        assert.truthy(err:find("standard output is closed", 1, true), err)
        assert.equal(0, calls)
        code, _, err = helpers.run(cli_runner.command({ "--version" }) .. " >&-")
        assert.equal(4, code, err)
    end)

    it("| head -1 with SIGPIPE ignored: stops walking and spending, exit 4", function()
        local code_file = dir .. "/code"
        local calls, _, out = calls_during(function()
            return helpers.run(("(trap '' PIPE; %s 2>%s; echo $? > %s) | head -1"):format(
                cli_runner.command({ "anchors", "big.example", "--all", "--limit", "100",
                    "--concurrency", "1", "--yes", "--base-url", srv.base_url }),
                q(dir .. "/err"), q(code_file)))
        end)
        assert.equal(1, #helpers.lines_of(out))
        assert.equal("4", (helpers.read_file(code_file) or ""):match("%d+"))
        local err = helpers.read_file(dir .. "/err")
        assert.truthy(err:find("cannot write the output (Broken pipe)", 1, true), err)
        assert.is_true(calls <= 5, calls .. " calls for a walk of 1000")
    end)

    -- 21, 22 ----------------------------------------------------------------

    it("reads --password-file without any trailing CR/LF and names a directory", function()
        local pw = dir .. "/pw"
        helpers.write_file(pw, "s3cret-pw\r\n\r\n\n")
        local before = #srv:requests()
        local code, _, err = run({ "small.example", "--password-file", pw, "--login", "mine" },
            { DATAFORSEO_PASSWORD = false, DATAFORSEO_LOGIN = false })
        assert.equal(0, code, err)
        local sent = srv:requests()[before + 1].headers.authorization
        assert.equal("Basic " .. mime.b64("mine:s3cret-pw"), sent)
        code, _, err = run({ "small.example", "--password-file", dir, "--login", "mine" },
            { DATAFORSEO_PASSWORD = false })
        assert.equal(2, code)
        assert.truthy(err:find("--password-file: '" .. dir .. "' is a directory", 1, true), err)
        helpers.write_file(pw, "one\ntwo\n")
        code, _, err = run({ "small.example", "--password-file", pw, "--login", "mine" })
        assert.equal(2, code)
        assert.truthy(err:find("more than one line", 1, true), err)
        assert.is_nil(err:find("one", 1, true) and err:find("two", 1, true), err)
    end)

    it("documents --concurrency as it works", function()
        local code, out = cli_runner.run({ "anchors", "--help" })
        assert.equal(0, code)
        -- the parser lays the help out: read it with its line breaks as spaces
        local flat = out:gsub("%s+", " ")
        assert.truthy(flat:find("--concurrency N pages in flight at once after the first (default: as many "
            .. "calls as the account may run at once, the client's max_concurrent; 1: one at a time)", 1, true), out)
        assert.is_nil(out:find("one at a time in this version", 1, true))
        assert.truthy(flat:find("130 / 143", 1, true))
        assert.truthy(out:find("--csv-raw", 1, true))
    end)

    -- 24, 8, no traceback ---------------------------------------------------

    it("says what a 200 kB response header means and what to do", function()
        local code, _, err = run({ "header.example" })
        assert.equal(3, code, err)
        assert.truthy(err:find("header line over libcurl's 100 kB limit", 1, true), err)
        assert.truthy(err:find("check base_url", 1, true), err)
        assert.is_nil(err:find("Out of memory\n", 1, true), err)
    end)

    it("answers a 100 kB unknown name at once with a short message", function()
        local huge = string.rep("z", 100 * 1024)
        for _, args in ipairs({ { "x.example", "--" .. huge }, { "x.example", "--fields", huge },
            { "x.example", "--filter", huge .. " = 1" }, { "x.example", "--order-by", huge .. ",asc" },
            { "x.example", "--status", huge } }) do
            local t0 = socket.gettime()
            local code, _, err = cli_runner.run((function()
                local a = { "anchors" }
                for _, v in ipairs(args) do a[#a + 1] = v end
                return a
            end)())
            local took = socket.gettime() - t0
            assert.equal(2, code, err:sub(1, 300))
            assert.is_true(took < 3, args[2]:sub(1, 20) .. " took " .. took .. " s")
            assert.is_true(#err < 3000, #err .. " bytes of message")
        end
    end)

    it("never ends with a traceback: one line and a documented exit code", function()
        -- items that are not objects (the library's shape check may make it exit 1); --quiet:
        -- the library's retries of the damaged answer may say they wait
        local code, _, err = run({ "notitems.example", "--format", "csv", "--quiet" })
        assert.is_true(code == 1 or code == 5, tostring(code) .. ": " .. err)
        assert.is_nil(err:find("traceback", 1, true), err)
        assert.equal(1, #helpers.lines_of(err), err)
        -- a module that cannot load: exit 127, the paths searched and the fix, no traceback
        -- (docs/cli.md; the install helper's message of issue 25 item 1)
        local bin = dir .. "/bin"
        assert(helpers.sh("mkdir -p " .. q(bin) .. " && cp " .. q(helpers.ROOT .. "/cli/bin/dataforseo") .. " "
            .. q(bin)))
        local rc
        rc, _, err = helpers.run(("env -u LUA_PATH -u LUA_CPATH DATAFORSEO_LUA=%s %s --version"):format(
            helpers.LUA, q(bin .. "/dataforseo")))
        assert.equal(127, rc, err)
        assert.truthy(err:find("^dataforseo: cannot load module 'dataforseo_cli'"), err)
        assert.truthy(err:find("\n  fix: ", 1, true), err)
        assert.is_nil(err:find("traceback", 1, true), err)
    end)
end)
