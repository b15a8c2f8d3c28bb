-- The money path tried as an attacker and as an unlucky user (a review of
-- issues 21 and 23 item 5): each case here failed before its fix.
local helpers = dofile("spec/support/helpers.lua")
local ledger = require "dataforseo.engine.ledger"
local reconcile = require "dataforseo_cli.commands.reconcile"

describe("money, reviewed", function()
    local dir

    setup(function() dir = helpers.tmpdir("dataforseo-money-review") end)
    teardown(function() helpers.remove(dir) end)

    -- 93,000 lines of $1,000,000 each (the most a line may say) are
    -- 9.3e18 units of 1e-8 USD: past 5.4's largest integer.  The sums
    -- stay positive and right to the cent instead of wrapping round to a
    -- negative total.
    it("a hostile ledger's sum never wraps round (spend and reconcile)", function()
        local n = 93000
        local path = dir .. "/huge.jsonl"
        local lines = {}
        for i = 1, n do
            lines[i] = string.format('{"id":"h-%x","time":"2026-01-01T00:00:00.000Z","endpoint":"/v3/x",'
                .. '"task_id":"t%d","items":9007199254740992,"cost":1000000}\n', i, i)
        end
        helpers.write_file(path, table.concat(lines))
        local _, total = assert(ledger.summary(path))
        assert.equal(n, total.calls)
        assert.is_true(total.cost > 0)
        assert.is_true(math.abs(total.cost - n * 1e6) < 1)
        assert.is_true(total.items > 0)
        local calls = assert(ledger.each_call(path))
        local tasks = {}
        for i = 1, n do
            tasks[i] = { id = "t" .. i, cost = 1e6, datetime_posted = "2026-01-01 00:00:00 +00:00" }
        end
        local t0 = require("dataforseo.query.calendar").parse("2026-01-01")
        local r = reconcile.compare(calls, tasks, { from = t0 - 86400, to = t0 + 86400, fetched_from = t0 - 90000 })
        assert.is_true(r.agree)
        assert.is_true(r.ledger_units > 0 and r.books_units > 0)
        assert.equal(r.ledger_units, r.books_units)
    end)
end)

describe("money, reviewed, against a scripted server", function()
    local dataforseo = require "dataforseo"
    local scripted = dofile("spec/support/scripted_server.lua")
    local servers = {}
    after_each(function()
        for _, srv in ipairs(servers) do srv.stop() end
        servers = {}
    end)

    -- A paid answer whose cost is text, null or absent from the task but
    -- text in the envelope: none of them is $0.  The call fails (bad_body,
    -- not retried) and its estimate stands, presumed, in spent() and in
    -- the ledger; the server's text never reaches the message.
    it("a cost that is text or null is no $0: the estimate stands, presumed", function()
        local dir = helpers.tmpdir("dataforseo-money-review-cost")
        local path = dir .. "/ledger.jsonl"
        local bodies = {
            scripted.envelope{ cost = '"0.02"', task_cost = '"0.02\\u001b[2J"' },
            scripted.envelope{ cost = "null", task_cost = "null" },
            scripted.envelope{ cost = "0.01", task_cost = '"0.01"' },
        }
        local responses = {}
        for i, b in ipairs(bodies) do responses[i] = { body = b } end
        local srv = scripted.start(responses)
        servers[#servers + 1] = srv
        local c = assert(dataforseo.new{ login = "review-user", password = "review-Pw-91f3", base_url = srv.base_url,
            retries = 2, ledger = path })
        local estimate = c:estimate_call(100)
        for _ = 1, #bodies do
            local page, err = c:anchors{ target = "x.example" }
            assert.is_nil(page)
            assert.equal("bad_body", err.reason)
            assert.is_nil(err.message:find("\27", 1, true), err.message)
        end
        local spent, presumed = c:spent()
        assert.near(3 * estimate, spent, 1e-12)
        assert.near(3 * estimate, presumed, 1e-12)
        assert.equal(3, c:stats().calls)               -- never retried: a retry is charged again
        c:close()
        local _, total = assert(ledger.summary(path))
        assert.near(3 * estimate, total.cost, 1e-12)
        assert.equal(3, total.presumed_calls)
        helpers.remove(dir)
    end)
end)

describe("reconcile, reviewed", function()
    local dataforseo = require "dataforseo"
    local scripted = dofile("spec/support/scripted_server.lua")
    local calendar = require "dataforseo.query.calendar"

    -- An HTTP 500 without an envelope, then the retry's answer: the ledger
    -- has a settled line of $0 without a task id (the answer carried none)
    -- and a line for the task.  The books agree with it to the cent: no
    -- difference, exit 0, and the $0 line is said, not hidden.
    it("a $0 line of an answer without a task (HTTP 500, retried) is no difference", function()
        local dir = helpers.tmpdir("dataforseo-money-review-500")
        local path = dir .. "/ledger.jsonl"
        local srv = scripted.start{
            { status = 500, headers = { ["Content-Type"] = "text/html" }, body = "<h1>oops</h1>" },
            { body = scripted.envelope{ cost = "0.02", task_cost = "0.02" } },
        }
        local c = assert(dataforseo.new{ login = "review-user", password = "review-Pw-91f3", base_url = srv.base_url,
            retries = 1, retry_delay = 0.01, ledger = path })
        assert(c:anchors{ target = "x.example" })
        c:close()
        srv.stop()
        local now = os.time()
        local tasks = { { id = "t-1", cost = 0.02, datetime_posted = calendar.format(now) } }
        local calls = assert(ledger.each_call(path))
        local r = reconcile.compare(calls, tasks, { from = now - 60, to = now + 60, fetched_from = now - 3660 })
        assert.equal(2, r.lines)
        assert.equal(1, r.paired)
        assert.equal(r.ledger_units, r.books_units)
        assert.is_true(r.agree, r.findings[1] and r.findings[1].kind)
        assert.equal(1, #r.findings)
        assert.equal("free_no_task_id", r.findings[1].kind)
        helpers.remove(dir)
    end)
end)

describe("reconcile's pairing, reviewed", function()
    local calendar = require "dataforseo.query.calendar"

    it("a task id_list lists twice counts once in the books (no phantom difference)", function()
        local at = calendar.parse("2026-12-01 10:00:00")
        local call = { id = "a-1", time = "2026-12-01T10:00:01.000Z", endpoint = "/v3/backlinks/anchors/live",
            task_id = "12011000-0000-0000-0000-000000000001", cost = 0.02003, items = 1 }
        local task = { id = call.task_id, cost = 0.02003, datetime_posted = "2026-12-01 10:00:00 +00:00",
            url = "https://api.dataforseo.com/v3/backlinks/anchors/live" }
        local done = false
        local calls = function()
            if done then return nil end
            done = true
            return call
        end
        local r = reconcile.compare(calls, { task, task }, { from = at - 60, to = at + 60,
            fetched_from = at - 60 - reconcile.MARGIN })
        assert.equal(1, r.tasks)
        assert.equal(r.ledger_units, r.books_units)
        assert.same({}, r.findings)
        assert.is_true(r.agree)
    end)
end)

