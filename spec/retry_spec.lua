-- The retry policy, and the pace of the in-process store (governor/account.lua's
-- steps on a Lua table), with injected time: no sleeping.
local account = require "dataforseo.engine.governor.account"
local retry = require "dataforseo.engine.retry"
local errors = require "dataforseo.errors"

local function api(code, message) return errors.api(code, message or "x", 200) end

describe("dataforseo.retry", function()
    it("names the reason of every transient failure and none for permanent ones", function()
        assert.equal("timeout", retry.reason(errors.transport("t", 28, "timeout")))
        assert.equal("connect", retry.reason(errors.transport("c", 7, "connect")))
        assert.equal("connection", retry.reason(errors.transport("r", 56, "connection")))
        assert.is_nil(retry.reason(errors.transport("tls", 60, "tls")))
        assert.equal("http_503", retry.reason(errors.http(503, "x")))
        assert.equal("too_many_requests", retry.reason(errors.http(429, "x")))
        assert.equal("too_many_requests", retry.reason(api(40209, "Too many simultaneous requests.")))
        for _, code in ipairs{ 40101, 40103, 50000, 50001, 50301, 50303, 50304, 50401 } do
            assert.equal("task_" .. code, retry.reason(api(code)))
        end
        assert.equal("rate_limit", retry.reason(api(40202, "The rate-limit per minute has been exceeded.")))
        -- By code, never by message text: 40202 is the per-minute limit.
        assert.equal("rate_limit", retry.reason(api(40202, "Too many simultaneous requests.")))
        for _, code in ipairs{ 40000, 40100, 40200, 40201, 40203, 40204, 40207, 40400, 40402, 40501,
                               40502, 40503, 40506 } do
            assert.is_nil(retry.reason(api(code)), code)
        end
        assert.is_nil(retry.reason(errors.http(401, "x", { status_code = 40100 })))
        assert.is_nil(retry.reason(errors.http(402, "x")))
        -- A 5xx carrying a permanent code in its body is not retried either.
        assert.is_nil(retry.reason(errors.http(500, "x", { status_code = 40501 })))
    end)

    it("backs off exponentially with full jitter, capped", function()
        local draws = { 1, 1, 1, 1, 1, 0.5, 0 }
        local i = 0
        local p = retry.new{ retries = 7, base_delay = 0.5, max_delay = 4,
            random = function() i = i + 1; return draws[i] end }
        local st = p:start(0)
        local waits = {}
        for n = 1, 7 do waits[n] = p:decide(errors.http(503, "x"), st, 0, 0) end
        assert.same({ 0.5, 1, 2, 4, 4, 2, 0 }, waits)
        assert.is_nil(p:decide(errors.http(503, "x"), st, 0, 0))
    end)

    it("stops after `retries` retries and never retries a permanent error", function()
        local p = retry.new{ retries = 2, random = function() return 0 end }
        local st = p:start(0)
        assert.equal(0, p:decide(api(50000), st, 0, 0))
        assert.equal(0, p:decide(api(50000), st, 0, 0))
        local err = api(50000)
        assert.is_nil(p:decide(err, st, 0, 0))
        assert.equal("retries", err.gave_up)
        assert.is_nil(p:decide(api(40501), p:start(0), 0, 0))
        assert.is_nil(retry.new{ retries = 0 }:decide(api(50000), p:start(0), 0, 0))
    end)

    it("honours Retry-After (seconds or date) instead of the backoff", function()
        local p = retry.new{ random = function() return 0 end }
        local err = errors.http(429, "slow down", nil, { ["retry-after"] = "7" })
        local delay, reason = p:decide(err, p:start(0), 0, 0)
        assert.equal(7, delay)
        assert.equal("too_many_requests", reason)
        err = errors.http(503, "x", nil, { ["retry-after"] = "100000" })
        assert.is_nil(p:decide(err, p:start(0), 0, 0))
        assert.equal("retry_after", err.gave_up)
    end)

    it("backs off after 40209/429 without using up retries, at most BUSY_WAITS times", function()
        local p = retry.new{ retries = 0, random = function() return 1 end, base_delay = 0.5, max_delay = 30 }
        local st = p:start(0)
        for n = 1, retry.BUSY_WAITS do
            local delay, reason = p:decide(api(40209), st, 0, 0)
            assert.equal("too_many_requests", reason)
            assert.equal(math.min(30, 0.5 * 2 ^ (n - 1)), delay)
        end
        local err = api(40209)
        assert.is_nil(p:decide(err, st, 0, 0))
        assert.equal("busy_waits", err.gave_up)
        assert.is_nil(p:decide(api(50000), st, 0, 0))           -- retries = 0 still holds for faults
    end)

    it("waits for the next minute window after 40202, without using up retries", function()
        local p = retry.new{ retries = 0 }
        local st = p:start(0)
        local delay, reason = p:decide(api(40202), st, 0, 1700000020.25)   -- 40.25 s into a minute
        assert.equal("rate_limit", reason)
        assert.near(60 - 40.25 + retry.WINDOW_MARGIN, delay, 1e-9)
        assert.near(0.5 + retry.WINDOW_MARGIN, (p:decide(api(40202), st, 0, 1700000039.5)), 1e-9)
        for _ = 3, retry.RATE_LIMIT_WAITS do assert.is_number(p:decide(api(40202), st, 0, 0)) end
        local err = api(40202)
        assert.is_nil(p:decide(err, st, 0, 0))
        assert.equal("rate_limit_waits", err.gave_up)
    end)

    it("gives up when the wait would pass the deadline", function()
        local p = retry.new{ deadline = 10, random = function() return 1 end, base_delay = 4 }
        local st = p:start(100)
        assert.equal(4, p:decide(api(50000), st, 101, 0))     -- ends at 105
        local err = api(50000)
        assert.is_nil(p:decide(err, st, 105, 0))              -- would end at 113
        assert.equal("deadline", err.gave_up)
    end)
end)

describe("the in-process store's pace", function()
    local t
    local clock = { wall = function() return t end }
    local limits = { calls_per_minute = 3, max_concurrent = 10 }
    before_each(function() t = 1700000010 end)            -- 30 s into a calendar minute

    it("lets calls_per_minute calls start in one calendar minute, then waits for the next", function()
        local store = account.store(clock)
        for _ = 1, 3 do
            local v = store:reserve(0.02, 60, false, limits)
            assert.is_not_nil(v.lease)
            store:settle(v.lease, 0.02)
            t = t + 10
        end
        -- Calls at :30, :40, :50; now :00 of the next minute: its own 3 calls.
        local v = store:reserve(0.02, 60, false, limits)
        assert.is_not_nil(v.lease)
        t = t + 1
        store:reserve(0.02, 60, false, limits)
        store:reserve(0.02, 60, false, limits)
        v = store:reserve(0.02, 60, false, limits)
        assert.equal("pacing", v.why)
        assert.equal(59, v.wait)                            -- until the minute turns
        assert.equal(3, store:state(limits).started_this_minute)
    end)

    it("caps simultaneous calls: a slot frees when a call settles", function()
        local store = account.store(clock)
        local two = { calls_per_minute = 2000, max_concurrent = 2 }
        local a = store:reserve(0.02, 60, false, two)
        assert.is_not_nil(store:reserve(0.02, 60, false, two).lease)
        assert.equal("busy", store:reserve(0.02, 60, false, two).why)
        store:settle(a.lease, nil)
        assert.is_not_nil(store:reserve(0.02, 60, false, two).lease)
        assert.equal(2, store:state(two).in_flight)
    end)

    it("holds every call back during a pause; a shorter pause does not shorten it", function()
        local store = account.store(clock)
        store:pause(20.5)
        assert.equal(20.5, store:reserve(0, 60, false, limits).wait)
        store:pause(1)
        assert.equal(20.5, store:reserve(0, 60, false, limits).wait)
        t = t + 21
        assert.is_not_nil(store:reserve(0, 60, false, limits).lease)
    end)

    it("keeps the client's defaults: 2000 calls per minute, 30 at once", function()
        local c = assert(require("dataforseo").new{ login = "someone", password = "secret-pw",
            base_url = "http://127.0.0.1:9" })
        local st = assert(c:governor_state())
        assert.equal(2000, st.calls_per_minute)
        assert.equal(30, st.max_concurrent)
        assert.equal(30, st.calls_at_once)
        assert.equal("local", st.store)
        c:close()
    end)
end)
