-- The call engine (engine/engine.lua) on its own: a scripted channel that answers
-- each transfer after a scripted latency, and a fake clock that only
-- moves when the engine waits or sleeps.  Retry at T, the deadline, cost
-- reservations under concurrency, 40202 windows, 40209/429, waits told
-- through `log`.
local anchors = require "dataforseo.api.anchors"

local OK_BODY = [[{"version":"0.1","status_code":20000,"status_message":"Ok.","time":"0 sec.",
"cost":%s,"tasks_count":1,"tasks_error":0,"tasks":[{"id":"t","status_code":20000,
"status_message":"Ok.","time":"0 sec.","cost":%s,"result_count":1,"path":["v3"],"data":{},
"result":[{"target":"x.example","total_count":1,"items_count":1,"items":[{"anchor":"a"}]}]}]}]]

local json = require "dataforseo.json"

-- A response table as a transport gives it.
local function ok(cost)
    cost = cost or 0.02
    return { status = 200, headers = {}, data = assert(json.decode(OK_BODY:format(cost, cost))),
        bytes = 100 }
end
local function api_error(code)
    return { status = 200, headers = {}, bytes = 50, data = { status_code = 20000,
        status_message = "Ok.", tasks = { { id = "t", status_code = code, status_message = "no" } } } }
end
local function http_error(status, retry_after)
    return { status = status, headers = { ["retry-after"] = retry_after }, body = "busy", bytes = 4 }
end

local scripted = dofile("spec/support/scripted_channel.lua")
local world, engine = scripted.world, scripted.engine

local function task(limit) return { target = "x.example", limit = limit or 100 } end

describe("the call engine", function()
    it("retries at the time the server asked for, then settles into a Page", function()
        local w = world(function(n) return n == 1 and http_error(503, "2") or ok() end)
        local e = engine(w)
        local page = assert(e:run(anchors, task()))
        assert.equal(1, #page.items)
        assert.equal(2, page.attempts)
        assert.equal(2, #w.adds)
        assert.equal(w.adds[1].at + 1 + 2, w.adds[2].at)     -- latency 1, then Retry-After 2
        local st = e:stats()
        assert.equal(1, st.retries)
        assert.equal(1, st.retries_by_reason.http_503)
        assert.equal(2, st.waited)
    end)

    it("gives up before a retry that would end past the deadline", function()
        local w = world(function() return http_error(503, "3") end)
        local e = engine(w, { deadline = 6 })
        local page, err = e:run(anchors, task())
        assert.is_nil(page)
        assert.equal("deadline", err.gave_up)
        assert.equal(2, #w.adds)          -- t=0 (ends 1), t=4 (ends 5); t=8 would pass 6
        assert.equal(2, err.attempts)
    end)

    it("passes the time left before the deadline to the transfer as its timeout", function()
        local timeouts = {}
        local w = world(function() return ok() end)
        local add = w.transport.channel().add
        w.transport.channel().add = function(ch, id, m, u, b, opts)
            timeouts[#timeouts + 1] = opts and opts.timeout
            return add(ch, id, m, u, b, opts)
        end
        local e = engine(w, { deadline = 5, timeout = 60 })
        assert(e:run(anchors, task()))
        assert.equal(5, timeouts[1])
    end)

    it("reserves the estimate of every call in flight: concurrent calls never pass max_cost", function()
        -- Estimate 0.02 + 100 * 0.00003 = 0.023 each; each really costs 0.023.
        local w = world(function() return ok(0.023) end)
        local e = engine(w, { max_cost = 0.07 })
        local calls = {}
        for i = 1, 5 do
            calls[i] = assert(e:new_call(anchors, task()))
            e:submit(calls[i])
        end
        local results, failures = 0, 0
        for i = 1, 5 do
            local page, err = e:await(calls[i])
            if page then results = results + 1 else
                failures = failures + 1
                assert.equal("cost_limit", err.kind)
            end
        end
        assert.equal(3, results)          -- 3 * 0.023 = 0.069 <= 0.07
        assert.equal(2, failures)
        assert.equal(3, #w.adds)
        assert.equal(3, w.peak)           -- the three went out at once
        assert.is_true(e:spent() <= 0.07 + 1e-9)
        assert.equal(0, e:governor_state().reserved)
    end)

    it("waits for calls in flight to settle when they may cost less than reserved", function()
        -- The first is estimated at 0.023 and costs 0.005: the third fits
        -- only once the first has settled.
        local w = world(function() return ok(0.005) end)
        local e = engine(w, { max_cost = 0.05 })
        local calls = {}
        for i = 1, 4 do
            calls[i] = assert(e:new_call(anchors, task()))
            e:submit(calls[i])
        end
        for i = 1, 4 do assert(e:await(calls[i])) end
        assert.equal(4, #w.adds)
        assert.equal(w.adds[1].at, w.adds[2].at)     -- 2 * 0.023 reserved at once
        assert.is_true(w.adds[3].at >= w.adds[1].at + 1, "the third went out before the first settled")
        assert.near(0.02, e:spent(), 1e-9)
    end)

    it("after 40202 holds every call until the next minute window, without using up retries", function()
        local w = world(function(n) return n == 1 and api_error(40202) or ok() end)
        w.wall = 1700000080.25                       -- 40.25 s into a minute
        local e = engine(w, { retries = 0 })
        local page = assert(e:run(anchors, task()))
        assert.equal(2, page.attempts)
        -- first transfer ends at +1 (41.25 s into the minute): 18.75 + 0.5 to wait
        assert.near(19.25, w.adds[2].at - w.adds[1].at - 1, 1e-9)
        local st = e:stats()
        assert.equal(1, st.rate_limit_waits)
        assert.equal(1, st.retries_by_reason.rate_limit)
    end)

    it("after 40209 or 429 runs fewer calls at once: the retry waits for a running one", function()
        for _, failure in ipairs{ api_error(40209), http_error(429) } do
            local w = world(function(n) return n == 2 and failure or ok() end)
            local e = engine(w, { retry_delay = 0 })
            local calls = {}
            for i = 1, 4 do
                calls[i] = assert(e:new_call(anchors, task()))
                e:submit(calls[i])
            end
            for i = 1, 4 do assert(e:await(calls[i])) end
            assert.equal(5, #w.adds)
            -- The retry went out only after another call had ended, not at once.
            local retry_at = w.adds[5].at
            assert.is_true(retry_at >= w.adds[1].at + 1, "retried at " .. retry_at)
            assert.equal(1, e:stats().retries_by_reason.too_many_requests)
            assert.is_true(e:governor_state().calls_at_once < 8)
        end
    end)

    it("never retries an error the server calls permanent", function()
        local w = world(function() return api_error(40501) end)
        local e = engine(w)
        local _, err = e:run(anchors, task())
        assert.equal(40501, err.code)
        assert.is_false(err.retryable)
        assert.equal(1, #w.adds)
    end)

    it("ends everything with kind closed on close()", function()
        local w = world(function() return ok() end, 5)
        local e = engine(w)
        local c1 = assert(e:new_call(anchors, task()))
        e:submit(c1)
        e:kick()
        e:close()
        local _, err = e:await(c1)
        assert.equal("closed", err.kind)
        local _, err2 = e:run(anchors, task())
        assert.equal("closed", err2.kind)
        assert.equal(1, #w.adds)
        assert.equal(0, e:governor_state().in_flight)
    end)

    it("after 40209 halves the calls at once, then wins one back per second (AIMD)", function()
        local refused = false
        local w = world(function(n) if n == 7 then refused = true return api_error(40209) end return ok() end, 3)
        local e = engine(w, { retry_delay = 0, max_concurrent = 8 })
        local calls = {}
        for i = 1, 8 do
            calls[i] = assert(e:new_call(anchors, task()))
            e:submit(calls[i])
        end
        e:kick()
        assert.equal(8, w.peak)
        for i = 1, 8 do assert(e:await(calls[i])) end
        assert.is_true(refused)
        local st = e:governor_state()
        -- 8 ran when one was refused: the cap went to 4, and creeps back.
        assert.is_true(st.calls_at_once >= 4 and st.calls_at_once < 8, tostring(st.calls_at_once))
        w.now, w.wall = w.now + 10, w.wall + 10
        assert.equal(8, e:governor_state().calls_at_once)
    end)

    it("tells a wait of a second or more once through log, with its reason", function()
        local told = {}
        local w = world(function(n) return n <= 2 and api_error(40202) or ok() end)
        w.wall = 1700000080.25
        local log = function(level, message, event) told[#told + 1] = { level, message, event } end
        local e = engine(w, { retries = 0, log = log })
        local calls = {}
        for i = 1, 3 do
            calls[i] = assert(e:new_call(anchors, task()))
            e:submit(calls[i])
        end
        for i = 1, 3 do assert(e:await(calls[i])) end
        -- Two calls refused in the same minute: one wait, told once.
        assert.equal(1, #told)
        assert.equal("info", told[1][1])
        assert.truthy(told[1][2]:find("^waiting 19 s: the per%-minute call limit %(40202%)"), told[1][2])
        assert.equal("wait", told[1][3].kind)
        assert.equal("rate_limit", told[1][3].reason)
        assert.near(19.25, told[1][3].seconds, 1e-6)
        -- A retry after HTTP 503 with a 2 s Retry-After, and one under a second: one line.
        told = {}
        local w2 = world(function(n) return (n == 1 and http_error(503, "2")) or (n == 2 and http_error(503, "0.5"))
            or ok() end)
        e = engine(w2, { log = log })
        assert(e:run(anchors, task()))
        assert.equal(1, #told)
        assert.equal("retry_after", told[1][3].reason)
        assert.equal("waiting 2 s: the server asked to wait (Retry-After)", told[1][2])
    end)
end)
