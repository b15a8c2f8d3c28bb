-- The retry policy and the limiter with injected time: no sleeping.
local retry = require "dataforseo.engine.retry"
local limiter = require "dataforseo.engine.limiter"
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
        assert.equal(2, p:remaining(st, 108))
    end)
end)

describe("dataforseo.limiter", function()
    local t
    local function now() return t end
    before_each(function() t = 5000 end)

    it("lets calls_per_minute calls start in any 60 seconds, then says how long to wait", function()
        local lim = limiter.new{ calls_per_minute = 3, max_concurrent = 10, now = now }
        for _ = 1, 3 do
            assert.equal(0, lim:wait_time())
            lim:acquire()
            lim:release()
            t = t + 10
        end
        -- Calls at 5000, 5010, 5020; now 5030: the next is allowed at 5060.
        assert.equal(30, lim:wait_time())
        t = 5060
        assert.equal(0, lim:wait_time())
        lim:acquire()
        assert.equal(10, lim:wait_time())                    -- the 5010 call leaves at 5070
        assert.equal(3, lim:started_in_window())
    end)

    it("caps simultaneous calls: a slot frees when a call finishes", function()
        local lim = limiter.new{ calls_per_minute = 2000, max_concurrent = 2, now = now }
        lim:acquire()
        lim:acquire()
        assert.equal(math.huge, lim:wait_time())
        lim:release()
        assert.equal(0, lim:wait_time())
        assert.equal(1, lim.in_flight)
    end)

    it("holds every call back during a pause", function()
        local lim = limiter.new{ now = now }
        lim:pause_until(5020.5)
        assert.equal(20.5, lim:wait_time())
        lim:pause_until(5001)                                 -- a shorter pause does not shorten it
        assert.equal(20.5, lim:wait_time())
        t = 5021
        assert.equal(0, lim:wait_time())
    end)

    it("keeps its defaults: 2000 calls per minute, 8 at once", function()
        local lim = limiter.new{ now = now }
        assert.equal(2000, lim.calls_per_minute)
        assert.equal(8, lim.max_concurrent)
        for _ = 1, 2000 do lim:acquire(); lim:release() end
        assert.equal(60, lim:wait_time())
    end)
end)
