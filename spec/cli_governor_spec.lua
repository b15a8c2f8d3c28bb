-- The governor's commands and options of the `dataforseo` command:
-- --confirm-over / --yes (refused without a terminal, asked on one),
-- --ledger, `dataforseo spend` and `dataforseo account`, as real processes
-- against the emulator (and in-process for the terminal's question).
local cli = require "dataforseo_cli"
local emulator = dofile("spec/support/emulator.lua")
local helpers = dofile("spec/support/helpers.lua")
local cli_runner = dofile("spec/support/cli_runner.lua")

describe("dataforseo (governor commands)", function()
    local srv, dir

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo-pw" })
        dir = helpers.tmpdir("dataforseo-cli-governor")
    end)
    teardown(function()
        if srv then srv:stop() end
        helpers.remove(dir)
    end)
    before_each(function() assert(srv:control{ reset_stats = true }) end)

    -- -> exit code, stdout, stderr (stdin is not a terminal).  `redirect`:
    -- shell words after the command (e.g. "> /dev/full").
    local function run(args, env, redirect)
        local vars = { DATAFORSEO_LEDGER = false, DATAFORSEO_PASSWORD = "demo-pw" }
        for k, v in pairs(env or {}) do vars[k] = v end
        return helpers.run(cli_runner.command(args, vars) .. (redirect and (" " .. redirect) or ""))
    end

    local function requests() return assert(srv:stats()).requests end

    -- -> exit code, stderr
    local function run_err(args, env)
        local code, _, err = run(args, env)
        return code, err
    end

    it("refuses a walk above --confirm-over without a terminal, unless --yes: nothing written, exit 6", function()
        local code, out, err = run{ "anchors", "forbes.com", "--all", "--confirm-over", "0.10",
            "--format", "jsonl", "--base-url", srv.base_url }
        assert.equal(6, code, err)
        -- what the walk would cost, what its first call spent, what the rest would
        assert.truthy(err:find("this walk would cost about $0.52 in all (11 calls, 10105 items), more than "
            .. "--confirm-over $0.10: $0.05000 already spent on its first call, about $0.47 more for the "
            .. "rest. Not run: there is no terminal to ask on", 1, true), err)
        assert.truthy(err:find("--yes", 1, true))
        assert.truthy(err:find("nothing was written", 1, true))
        assert.equal(1, requests())                             -- the first page only
        assert.equal("", out)                                   -- and none of its rows
        code, out, err = run{ "anchors", "forbes.com", "--all", "--confirm-over", "0.10", "--yes",
            "--format", "jsonl", "--base-url", srv.base_url }
        assert.equal(0, code, err)
        assert.equal(10105, #helpers.lines_of(out))
        -- The default threshold is $1: this walk ($0.52) is not asked about.
        code = run{ "anchors", "forbes.com", "--all", "--format", "csv", "--base-url", srv.base_url }
        assert.equal(0, code)
    end)

    it("asks on a terminal, and walks on yes or stops on no (nothing written, exit 6)", function()
        local function ask(answer)
            local input = io.tmpfile()
            input:write(answer)
            input:seek("set", 0)
            local out, err = helpers.sink(), helpers.sink()
            local code = cli.main({ "anchors", "forbes.com", "--all", "--confirm-over", "0.10", "--quiet",
                "--format", "jsonl", "--base-url", srv.base_url },
                { stdout = out, stderr = err, stdin = input, stdin_tty = true, stderr_tty = true,
                  stdout_tty = false, width = 80,
                  getenv = function(k)
                      return ({ DATAFORSEO_LOGIN = "demo", DATAFORSEO_PASSWORD = "demo-pw" })[k]
                  end })
            input:close()
            return code, out.text(), err.text()
        end
        local code, out, err = ask("y\n")
        assert.equal(0, code, err)
        assert.truthy(err:find("this walk would cost about $0.52 in all (11 calls, 10105 items), more than "
            .. "--confirm-over $0.10: $0.05000 already spent on its first call, about $0.47 more for the "
            .. "rest. Continue? [y/N] ", 1, true), err)
        assert.equal(10105, #helpers.lines_of(out))
        code, out, err = ask("\n")
        assert.equal(6, code)
        assert.truthy(err:find("Continue? [y/N]", 1, true))
        assert.truthy(err:find("not run: nothing was written", 1, true), err)
        assert.equal("", out)
    end)

    it("sums the ledger that --ledger wrote: per day, per target, since a date; torn lines skipped", function()
        local path = dir .. "/spend.jsonl"
        assert.equal(0, (run{ "anchors", "forbes.com", "--limit", "10", "--ledger", path, "--format", "csv",
            "--base-url", srv.base_url }))
        assert.equal(0, (run({ "anchors", "example.com", "--all", "--limit", "10", "--format", "csv",
            "--base-url", srv.base_url }, { DATAFORSEO_LEDGER = path })))
        local today = os.date("!%Y-%m-%d")
        local code, out, err = run{ "spend", "--ledger", path }
        assert.equal(0, code, err)
        local lines = helpers.lines_of(out)
        assert.truthy(lines[1]:match("^day %(UTC%)%s+calls%s+items%s+USD%s+presumed$"), lines[1])
        assert.truthy(lines[3]:match("^" .. today:gsub("%-", "%%-") .. "%s+5%s+47%s+0%.10141%s+0%.00000$"), lines[3])
        assert.truthy(lines[4]:match("^total%s+5%s+47%s+0%.10141%s+0%.00000$"), lines[4])
        code, out = run({ "spend", "--by", "target" }, { DATAFORSEO_LEDGER = path })
        assert.equal(0, code)
        assert.truthy(out:find("\nexample%.com%s+4%s+37%s+0%.08111%s+0%.00000\n"), out)
        assert.truthy(out:find("\nforbes%.com%s+1%s+10%s+0%.02030%s+0%.00000\n"), out)
        code, out = run{ "spend", "--ledger", path, "--since", "2999-01-01" }
        assert.equal(0, code)
        assert.truthy(out:find("\ntotal%s+0%s+0%s+0%.00000%s+0%.00000\n"), out)
        -- A crash tore the last line.
        local f = assert(io.open(path, "ab"))
        f:write('{"time":"' .. today .. 'T12:00:00.000Z","endpo')
        f:close()
        code, out, err = run{ "spend", "--ledger", path }
        assert.equal(0, code)
        assert.truthy(out:find("\ntotal%s+5%s+47%s+0%.10141%s+0%.00000\n"), out)
        assert.truthy(err:find("1 line of the ledger skipped, never summed", 1, true), err)
        -- Usage errors.
        code, err = run_err{ "spend" }
        assert.equal(2, code)
        assert.truthy(err:find("no ledger", 1, true))
        code, err = run_err{ "spend", "--ledger", dir .. "/missing.jsonl" }
        assert.equal(2, code)
        assert.truthy(err:find("cannot read the ledger", 1, true))
        code, err = run_err{ "spend", "--ledger", path, "--by", "week" }
        assert.equal(2, code)
        assert.truthy(err:find("--by: 'week' is not day or target", 1, true), err)
        code, err = run_err{ "spend", "--ledger", path, "--since", "30/11/2026" }
        assert.equal(2, code)
        assert.truthy(err:find("--since", 1, true))
    end)

    it("prints the account's balance and limits (dataforseo account), never the password", function()
        assert(srv:control{ rate_limit_per_minute = 500, daily_cost_limit = 25 })
        local code, out, err = run{ "account", "--base-url", srv.base_url }
        assert.equal(0, code, err)
        assert.truthy(out:find("^login%s+demo\n"), out)
        assert.truthy(out:find("\nbalance%s+%$%d+%.%d%d"), out)
        assert.truthy(out:find("\ncalls a minute%s+500\n"), out)
        assert.truthy(out:find("\ncost a day%s+%$25%.00\n"), out)
        assert.is_nil((out .. err):find("demo-pw", 1, true))
        assert(srv:control{ rate_limit_per_minute = 0, daily_cost_limit = 0 })
        code, out, err = run({ "account", "--base-url", srv.base_url }, { DATAFORSEO_PASSWORD = "wrong" })
        assert.equal(1, code)
        assert.equal("", out)
        assert.is_nil(err:find("wrong", 1, true))
        code, err = run_err{ "account", "--bogus" }
        assert.equal(2, code)
        assert.truthy(err:find("unknown option --bogus", 1, true))
    end)

    -- Issue 25 item 8.
    it("prints account and spend as JSON with --format json", function()
        local json = require "dataforseo.json"
        local code, out, err = run{ "account", "--format", "json", "--base-url", srv.base_url }
        assert.equal(0, code, err)
        local a = assert(json.decode(out))
        assert.equal("demo", a.login)
        assert.equal("number", type(a.balance))
        assert.equal(1, #helpers.lines_of(out))
        assert.is_nil((out .. err):find("demo-pw", 1, true))
        local path = dir .. "/json-spend.jsonl"
        assert.equal(0, (run{ "anchors", "forbes.com", "--limit", "10", "--ledger", path, "--format", "csv",
            "--base-url", srv.base_url }))
        code, out, err = run{ "spend", "--ledger", path, "--format", "json", "--by", "target" }
        assert.equal(0, code, err)
        local s = assert(json.decode(out))
        assert.equal("target", s.by)
        assert.same({ key = "forbes.com", calls = 1, items = 10, usd = 0.0203, presumed_usd = 0,
            presumed_calls = 0 }, s.rows[1])
        assert.same({ calls = 1, items = 10, usd = 0.0203, presumed_usd = 0, presumed_calls = 0 }, s.total)
        code, out, err = run{ "spend", "--ledger", path, "--format", "csv" }
        assert.equal(2, code)
        assert.equal("", out)
        assert.truthy(err:find("--format: 'csv' is not table or json", 1, true), err)
    end)

    it("checks its writes: spend, account and their --help to a full disk are exit 4, said once", function()
        if not helpers.exists("/dev/full") then return pending("no /dev/full") end
        local path = dir .. "/empty.jsonl"
        helpers.write_file(path, "")
        for _, args in ipairs{ { "spend", "--ledger", path }, { "account", "--base-url", srv.base_url },
                { "spend", "--help" }, { "account", "--help" } } do
            local code, out, err = run(args, nil, "> /dev/full")
            local what = table.concat(args, " ")
            assert.equal(4, code, what .. ": " .. err)
            assert.equal("", out)
            assert.truthy(err:find("cannot write the output (No space left on device)", 1, true), what .. ": " .. err)
        end
    end)
end)
