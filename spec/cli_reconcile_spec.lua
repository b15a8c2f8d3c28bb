-- Issue 23 item 5, the account's own books: `dataforseo reconcile` (a real
-- process) pairs the ledger with the emulator's id_list by task id.  After
-- a clean run the two agree (exit 0); each injected difference is found
-- and named (exit 1): a ledger line deleted, a cost altered (by 1e-8 USD),
-- a call made by a second client without a ledger, a line whose task the
-- account never had.  A presumed line whose task shows its cost is said
-- resolved and is no difference.
local books = dofile("spec/support/books.lua")
local cli_runner = dofile("spec/support/cli_runner.lua")
local emulator = dofile("spec/support/emulator.lua")
local helpers = dofile("spec/support/helpers.lua")
local json = require "dataforseo.json"

local PASSWORD = "reconcile-Pw-5c1e"

describe("dataforseo reconcile", function()
    local srv, dir, env
    local runs = 0

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = PASSWORD })
        dir = helpers.tmpdir("dataforseo-reconcile")
        -- each run a store of its own (cli_runner): every call is paid, and has its line
        env = { DATAFORSEO_PASSWORD = PASSWORD, DATAFORSEO_BASE_URL = srv.base_url, DATAFORSEO_LEDGER = false }
    end)
    teardown(function()
        if srv then srv:stop() end
        helpers.remove(dir)
    end)
    before_each(function()
        assert(srv:control{ reset_accounts = true })
    end)

    local function run(args)
        local code, out, err = cli_runner.run(args, env)
        assert.is_nil(out:find(PASSWORD, 1, true))
        assert.is_nil(err:find(PASSWORD, 1, true))
        assert.is_nil(err:find("traceback", 1, true), err)
        return code, out, err
    end

    -- A few paid calls, each with its ledger lines -> the ledger's path and
    -- its calls { id =, task_id =, cost = } in order.
    local function clean_run()
        runs = runs + 1
        local path = dir .. "/ledger" .. runs .. ".jsonl"
        for _, target in ipairs({ "forbes.com", "cnn.com", "bbc.com" }) do
            local code, _, err = run({ "anchors", target, "--limit", "3", "--format", "csv", "--ledger", path })
            assert.equal(0, code, err)
        end
        local calls = {}
        for line in helpers.read_file(path):gmatch("[^\n]+") do
            local e = assert(json.decode(line))
            if e.task_id then calls[#calls + 1] = { id = e.id, task_id = e.task_id, cost = e.cost } end
        end
        assert.equal(3, #calls)
        return path, calls
    end

    -- The ledger at `path` rewritten: edit(line, e) -> the line to keep (nil drops it).
    local function rewrite(path, edit, extra)
        local out = {}
        for line in helpers.read_file(path):gmatch("[^\n]+") do
            local kept = edit(line, assert(json.decode(line)))
            if kept then out[#out + 1] = kept end
        end
        runs = runs + 1
        local copy = dir .. "/edited" .. runs .. ".jsonl"
        helpers.write_file(copy, table.concat(out, "\n") .. "\n" .. (extra or ""))
        return copy
    end

    local function reconcile(path, ...)
        local code, out, err = run({ "reconcile", "--ledger", path, "--format", "json", ... })
        return code, assert(json.decode(out), out .. err), err
    end

    local function differences(report)
        local list = {}
        for _, f in ipairs(report.findings) do
            if f.difference then list[#list + 1] = f end
        end
        return list
    end

    it("agrees after a clean run (exit 0), in the ledger's units and the emulator's charge", function()
        local path = clean_run()
        local code, out, err = run({ "reconcile", "--ledger", path })
        assert.equal(0, code, out .. err)
        assert.truthy(out:find("3 ledger lines, 3 tasks, 3 paired", 1, true), out)
        assert.truthy(out:find("they agree", 1, true), out)
        local jcode, report = reconcile(path, "--since", os.date("!%Y-%m-%d"))
        assert.equal(0, jcode)
        assert.is_true(report.agree)
        assert.same({}, report.findings)
        assert.equal(3, report.paired)
        assert.equal(report.ledger_usd, report.books_usd)
        assert.near(books.charged(srv), report.books_usd, 1e-9)
        -- DATAFORSEO_LEDGER is the default ledger, as for spend
        local with = { DATAFORSEO_LEDGER = path }
        for k, v in pairs(env) do if with[k] == nil then with[k] = v end end
        local ecode = cli_runner.run({ "reconcile" }, with)
        assert.equal(0, ecode)
    end)

    it("names a deleted ledger line, an altered cost and a line whose task the account never had", function()
        local path, calls = clean_run()
        -- a call's lines deleted (its intent and its settle): its task has no line
        local code, report = reconcile(rewrite(path, function(line, e)
            if e.id ~= calls[2].id then return line end
        end))
        assert.equal(1, code)
        assert.is_false(report.agree)
        local d = differences(report)
        assert.equal(1, #d)
        assert.same({ "no_line", calls[2].task_id, calls[2].cost }, { d[1].kind, d[1].task_id, d[1].books_usd })
        -- the first call's: the window starts at the ledger's first line, so
        -- it takes --since to see it
        code, report = reconcile(rewrite(path, function(line, e)
            if e.id ~= calls[1].id then return line end
        end), "--since", os.date("!%Y-%m-%d", os.time() - 60))
        assert.equal(1, code)
        d = differences(report)
        assert.equal(1, #d)
        assert.same({ "no_line", calls[1].task_id }, { d[1].kind, d[1].task_id })
        -- a cost altered by one unit of the ledger (1e-8 USD)
        local altered = calls[3].cost + 1e-8
        code, report = reconcile(rewrite(path, function(line, e)
            if e.id == calls[3].id and e.cost then
                return (line:gsub('"cost":[^,}]+', '"cost":' .. string.format("%.8f", altered)))
            end
            return line
        end))
        assert.equal(1, code)
        d = differences(report)
        assert.equal(1, #d)
        assert.same({ "cost_differs", calls[3].task_id }, { d[1].kind, d[1].task_id })
        assert.near(altered, d[1].ledger_usd, 1e-12)
        assert.near(calls[3].cost, d[1].books_usd, 1e-12)
        -- a line whose task id the account does not have
        local ghost = '{"id":"feedfeedfeedfeed-1","time":"' .. os.date("!%Y-%m-%dT%H:%M:%S.000Z") .. '","endpoint":'
            .. '"/v3/backlinks/anchors/live","target":"x.com","task_id":"01010101-0000-0000-0000-000000000000",'
            .. '"items":0,"cost":0.02}\n'
        code, report = reconcile(rewrite(path, function(line) return line end, ghost))
        assert.equal(1, code)
        d = differences(report)
        assert.equal(1, #d)
        assert.same({ "no_task", "01010101-0000-0000-0000-000000000000", 0.02 },
            { d[1].kind, d[1].task_id, d[1].ledger_usd })
        -- the table names it too
        local tcode, out = run({ "reconcile", "--ledger", rewrite(path, function(line) return line end, ghost) })
        assert.equal(1, tcode)
        assert.truthy(out:find("no task on the account", 1, true), out)
        assert.truthy(out:find("01010101-0000-0000-0000-000000000000", 1, true), out)
        assert.truthy(out:find("1 difference", 1, true), out)
    end)

    it("names a call made by a second client without a ledger", function()
        local path = clean_run()
        local code, out, err = run({ "anchors", "apple.com", "--limit", "2", "--format", "json" })
        assert.equal(0, code, err)
        local other = assert(json.decode(out)).tasks[1]
        local report
        code, report = reconcile(path)
        assert.equal(1, code)
        local d = differences(report)
        assert.equal(1, #d)
        assert.same({ "no_line", other.id, other.cost, "/v3/backlinks/anchors/live" },
            { d[1].kind, d[1].task_id, d[1].books_usd, d[1].endpoint })
        local tcode, text = run({ "reconcile", "--ledger", path })
        assert.equal(1, tcode)
        assert.truthy(text:find("task without a line", 1, true), text)
        assert.truthy(text:find(other.id, 1, true), text)
    end)

    it("says a presumed line is resolved when its task shows its cost, and still agrees", function()
        local path, calls = clean_run()
        local code, report = reconcile(rewrite(path, function(line, e)
            if e.id == calls[3].id and e.cost then
                return string.format('{"id":"%s","time":"%s","endpoint":"%s","task_id":"%s","estimate":0.5,'
                    .. '"presumed":true}', e.id, e.time, e.endpoint, e.task_id)
            end
            return line
        end))
        assert.equal(0, code)
        assert.is_true(report.agree)
        assert.equal(1, #report.findings)
        local f = report.findings[1]
        assert.same({ "presumed_resolved", false, calls[3].task_id, 0.5, calls[3].cost },
            { f.kind, f.difference, f.task_id, f.ledger_usd, f.books_usd })
    end)

    it("refuses what it cannot read with a usage error (exit 2), nothing sent", function()
        local before = assert(srv:stats()).requests
        local code, _, err = run({ "reconcile" })
        assert.equal(2, code)
        assert.truthy(err:find("no ledger", 1, true), err)
        code, _, err = run({ "reconcile", "--ledger", dir .. "/none.jsonl", "--since", "2026-02-30" })
        assert.equal(2, code)
        assert.truthy(err:find("--since: '2026-02-30' is not a date YYYY-MM-DD", 1, true), err)
        code, _, err = run({ "reconcile", "--ledger", "/dev/null" })
        assert.equal(2, code)
        assert.truthy(err:find("not a regular file", 1, true), err)
        assert.equal(before, assert(srv:stats()).requests)
    end)
end)
