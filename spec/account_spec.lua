-- The account side against the emulator: client:account() (free),
-- calls_per_minute = "account", and how the account's refusals come back:
-- 40203 (daily cost limit) as cost_limit until 00:00 UTC, 402/40200 (no
-- funds) as payment, 40209 (too many at once) as fewer calls at once.
local dataforseo = require "dataforseo"
local emulator = dofile("spec/support/emulator.lua")

describe("the account", function()
    local srv

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
    end)
    teardown(function() if srv then srv:stop() end end)

    before_each(function()
        assert(srv:control{ reset = true })
    end)

    local function client(o)
        local opts = { base_url = srv.base_url, login = "demo", password = "demo" }
        for k, v in pairs(o or {}) do opts[k] = v end
        return assert(dataforseo.new(opts))
    end

    it("comes from appendix/user_data, free: balance, limits, spent today, subscription", function()
        assert(srv:control{ balance = 50, daily_cost_limit = 10, rate_limit_per_minute = 600 })
        local c = client()
        assert(c:anchors{ target = "forbes.com", limit = 10 })
        local a = assert(c:account())
        assert.equal("demo", a.login)
        assert.near(50 - 0.0203, a.balance, 1e-9)
        assert.equal(50, a.total)
        assert.equal(600, a.limits.minute)
        assert.equal(600 * 1440, a.limits.day)
        assert.equal(10, a.limits.cost_per_day)
        assert.near(0.0203, a.spent_today, 1e-9)
        assert.truthy(a.backlinks_subscription_expiry:match("^%d%d%d%d%-%d%d%-%d%d"))
        assert.equal("UTC", a.timezone)
        assert.is_table(a.raw.money)
        -- Free, and not a page.
        assert.near(0.0203, c:spent(), 1e-12)
        assert.equal(1, c:stats().pages)
        assert(srv:control{ backlinks_subscription = false })
        assert.is_nil(assert(c:account()).backlinks_subscription_expiry)
        c:close()
    end)

    it("adopts the account's own calls per minute at the first call (calls_per_minute = \"account\")", function()
        assert(srv:control{ rate_limit_per_minute = 30 })
        local c = client{ calls_per_minute = "account" }
        assert.equal(2000, assert(c:governor_state()).calls_per_minute)   -- nothing asked yet
        assert(c:anchors{ target = "forbes.com", limit = 1 })
        assert.equal(30, assert(c:governor_state()).calls_per_minute)
        assert(c:anchors{ target = "forbes.com", limit = 1 })
        -- One user_data call, once: two pages and the account.
        assert.equal(3, assert(srv:stats()).requests)
        c:close()
    end)

    it("turns 40203 (the daily cost limit) into kind cost_limit until 00:00 UTC, never retried", function()
        assert(srv:control{ daily_cost_limit = 0.03 })
        local c = client{ retries = 3 }
        local w = c:anchors_pages({ target = "forbes.com" }, { limit = 10 })
        local pages = 0
        local ok = pcall(function() for _ in w do pages = pages + 1 end end)
        assert.is_false(ok)
        local err = w.err
        assert.equal(2, pages)                 -- the call that crosses the limit is served
        assert.equal("cost_limit", err.kind)
        assert.equal("account", err.scope)
        assert.equal(40203, err.code)
        assert.equal(1, err.attempts)
        assert.equal((math.floor(os.time() / 86400) + 1) * 86400, err.retry_at)
        assert.truthy(tostring(err):find("00:00 UTC", 1, true))
        assert.equal("cost_limit", w.status)
        assert.equal(0, c:stats().retries)
        c:close()
    end)

    it("turns HTTP 402 / 40200 (no funds) into kind payment, never retried", function()
        assert(srv:control{ balance = 0.03 })
        local c = client{ retries = 3 }
        assert(c:anchors{ target = "forbes.com", limit = 10 })
        assert(c:anchors{ target = "forbes.com", limit = 10 })            -- crosses zero: served
        local page, err = c:anchors{ target = "forbes.com", limit = 10 }
        assert.is_nil(page)
        assert.equal("payment", err.kind)
        assert.equal(402, err.http_status)
        assert.equal(40200, err.code)
        assert.equal(1, err.attempts)
        assert.is_false(err.retryable)
        assert.truthy(tostring(err):find("balance is exhausted", 1, true))
        c:close()
    end)

    it("answers 40209 (too many at once) with fewer calls at once instead of hammering", function()
        assert(srv:control{ max_concurrent = 1, latency_ms = 150 })
        local c = client{ retry_delay = 0.05 }
        local t0 = require("socket").gettime()
        local items = assert(c:anchors_all({ target = "forbes.com" }, { limit = 10, max_items = 80,
            concurrency = 4 }))
        local elapsed = require("socket").gettime() - t0
        assert.equal(80, #items)
        local st = c:stats()
        assert.is_true((st.retries_by_reason.too_many_requests or 0) >= 1)
        -- The first burst was refused (at most 3 of 4), then one call at a time: a second
        -- call at once is tried again only as the cap creeps back up (one per CREEP
        -- seconds), each such try refused once.  Hammering would be 3 a page (24 here).
        local creeps = math.ceil(elapsed / require("dataforseo.engine.governor.account").CREEP)
        local rejected = assert(srv:stats()).concurrency_rejected
        assert.is_true(rejected >= 1 and rejected <= 3 + creeps,
            "rejected " .. rejected .. " in " .. elapsed .. " s")
        c:close()
    end)
end)
