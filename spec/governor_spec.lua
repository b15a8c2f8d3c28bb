-- The governor on its own: the account record's steps with a fake clock
-- (minute windows, leases that expire, the UTC day, the caps), the local
-- store's daily counter through a client under a fake wall clock, the
-- option's checks, the store key (a hash, never the login), and the
-- account error kinds.
local account = require "dataforseo.engine.governor.account"
local record_text = require "dataforseo.engine.governor.record"
local dataforseo = require "dataforseo"
local emulator = dofile("spec/support/emulator.lua")
local errors = require "dataforseo.errors"
local retry = require "dataforseo.engine.retry"
local sha256 = require "dataforseo.engine.sha256"

local UNIT = account.UNIT
local MIDNIGHT = 1764547200          -- 2025-12-01 00:00:00 UTC

-- A record and a clock: step(op, args...) at the current time.
local function record(now)
    local r = { text = nil, now = now }
    function r.step(op, ...)
        local reply
        r.text, reply = record_text.apply(r.text, r.now, op, { ... })
        return reply
    end
    function r.state()
        local w = {}
        for word in r.step("state"):gmatch("%S+") do w[#w + 1] = word end
        return { spent = tonumber(w[2]) / UNIT, spent_today = tonumber(w[3]) / UNIT,
            reserved = tonumber(w[4]) / UNIT, in_flight = tonumber(w[5]), started = tonumber(w[6]) }
    end
    return r
end

-- reserve id, USD, lease, cpm, concurrent, max USD, max per day USD
local function reserve(r, id, usd, o)
    o = o or {}
    return r.step("reserve", id, math.floor(usd * UNIT + 0.5), o.lease or 60, o.cpm or 2000, o.concurrent or 8,
        o.max and math.floor(o.max * UNIT + 0.5) or -1, o.day and math.floor(o.day * UNIT + 0.5) or -1,
        o.force and "1" or "0")
end

describe("the account record (governor/account.lua)", function()
    it("counts calls per calendar minute of the store's clock and says how long to wait", function()
        local r = record(MIDNIGHT + 50)             -- 50 s into a minute
        for i = 1, 3 do assert.equal("ok", reserve(r, "c" .. i, 0.02, { cpm = 3 })) end
        local reply = reserve(r, "c4", 0.02, { cpm = 3 })
        assert.equal("pacing", reply:match("^%a+"))
        assert.near(10, tonumber(reply:match("[%d.]+$")), 1e-6)     -- until the minute turns
        r.now = MIDNIGHT + 60
        assert.equal("ok", reserve(r, "c4", 0.02, { cpm = 3 }))
        assert.equal(1, r.state().started)
    end)

    it("caps calls at once, unless forced, and frees a slot when a call settles", function()
        local r = record(MIDNIGHT)
        assert.equal("ok", reserve(r, "a", 0.02, { concurrent = 2 }))
        assert.equal("ok", reserve(r, "b", 0.02, { concurrent = 2 }))
        assert.equal("busy", reserve(r, "c", 0.02, { concurrent = 2 }):match("^%a+"))
        assert.equal("ok", reserve(r, "c", 0.02, { concurrent = 2, force = true }))
        r.step("settle", "a", 2000000)
        r.step("settle", "c", 2000000)
        assert.equal("ok", reserve(r, "d", 0.02, { concurrent = 2 }))
        assert.equal(2, r.state().in_flight)
    end)

    it("reserves against max_cost with the calls in flight, and charges what they cost", function()
        local r = record(MIDNIGHT)
        assert.equal("ok", reserve(r, "a", 0.023, { max = 0.052 }))
        assert.equal("ok", reserve(r, "b", 0.023, { max = 0.052 }))
        -- 0.046 reserved: a third would pass 0.052.
        assert.equal("cost client 0 4600000", reserve(r, "c", 0.023, { max = 0.052 }))
        r.step("settle", "a", 500000)              -- it cost 0.005: 0.005 + 0.023 + 0.023 fits
        assert.equal("ok", reserve(r, "c", 0.023, { max = 0.052 }))
        local st = r.state()
        assert.near(0.005, st.spent, 1e-12)
        assert.near(0.046, st.reserved, 1e-12)
    end)

    it("lets a lease expire: a process that died holds its slot and reservation no longer", function()
        local r = record(MIDNIGHT)
        assert.equal("ok", reserve(r, "dead", 0.5, { lease = 5, max = 0.6, concurrent = 1 }))
        assert.equal("busy", reserve(r, "b", 0.05, { max = 0.6, concurrent = 1 }):match("^%a+"))
        r.now = MIDNIGHT + 4.9
        assert.equal(1, r.state().in_flight)
        r.now = MIDNIGHT + 5.01
        local st = r.state()
        assert.equal(0, st.in_flight)
        assert.equal(0, st.reserved)
        assert.equal("ok", reserve(r, "b", 0.05, { max = 0.6, concurrent = 1 }))
        -- A late answer of the expired call is still charged.
        r.step("settle", "dead", 50000000)
        assert.near(0.5, r.state().spent, 1e-12)
    end)

    it("keeps the UTC day's spend for max_cost_per_day and starts afresh at 00:00 UTC", function()
        local r = record(MIDNIGHT - 30)
        for i = 1, 2 do
            assert.equal("ok", reserve(r, "d" .. i, 0.02, { day = 0.05 }))
            r.step("settle", "d" .. i, 2000000)
        end
        assert.equal("cost day 4000000 0", reserve(r, "d3", 0.02, { day = 0.05 }))
        r.now = MIDNIGHT
        assert.equal("ok", reserve(r, "d3", 0.02, { day = 0.05 }))
        local st = r.state()
        assert.near(0.04, st.spent, 1e-12)              -- the total goes on
        assert.equal(0, st.spent_today)                  -- the day starts at zero
    end)

    it("pauses every call after 40202 and squeezes the calls at once after 40209", function()
        local r = record(MIDNIGHT)
        assert.equal("ok", reserve(r, "a", 0.02))
        r.step("pause", 12)
        assert.near(12, tonumber(reserve(r, "b", 0.02):match("[%d.]+$")), 1e-6)
        r.now = MIDNIGHT + 12
        assert.equal("ok", reserve(r, "b", 0.02))
        r.step("settle", "b", 0)
        r.step("squeeze", 8)                            -- one call runs: one at a time
        assert.equal("busy", reserve(r, "c", 0.02):match("^%a+"))
        r.now = MIDNIGHT + 13 + account.CREEP            -- one more at once a CREEP later
        assert.equal("ok", reserve(r, "c", 0.02))
    end)

    it("after 40209 halves the calls at once, wins one back per CREEP seconds, never collapses", function()
        local r = record(MIDNIGHT)
        for i = 1, 8 do assert.equal("ok", reserve(r, "c" .. i, 0.02, { concurrent = 8 })) end
        -- Three of the eight are refused as one too many at once, one after another.
        for i = 1, 3 do
            r.step("settle", "c" .. i, 0)
            r.step("squeeze", 8)
        end
        local function cap()
            local w = {}
            for word in r.step("state", 8):gmatch("%S+") do w[#w + 1] = word end
            return tonumber(w[10])          -- state: ..., now, cap, presumed
        end
        assert.equal(3, cap())              -- half of the 6 that ran with the last refusal, not 8/2/2/2
        assert.equal("busy", reserve(r, "x", 0.02, { concurrent = 8 }):match("^%a+"))
        r.now = MIDNIGHT + 2 * account.CREEP
        assert.equal(5, cap())
        r.now = MIDNIGHT + 60
        assert.equal(8, cap())              -- back to the limit, and stays there
        assert.equal(8, cap())
    end)

    it("applies a reserve and a settle once each, however often they arrive (a late reply sent again)", function()
        local r = record(MIDNIGHT)
        assert.equal("ok", reserve(r, "x", 0.02))
        assert.equal("ok", reserve(r, "x", 0.02))               -- the same reserve again
        assert.equal(1, r.state().in_flight)
        assert.equal(1, r.state().started)
        r.step("settle", "x", 2000000, 2000000, "")
        r.step("settle", "x", 2000000, 2000000, "")              -- the same settle again
        assert.near(0.02, r.state().spent, 1e-12)
        -- A reserve released before it ever arrived (its reply was lost): a stale copy takes nothing.
        r.step("settle", "y", account.NOTHING, 0, "")
        assert.equal("done", reserve(r, "y", 0.02))
        assert.equal(0, r.state().in_flight)
    end)

    it("turns an expired lease into presumed spending, and a late settle into the real cost", function()
        local r = record(MIDNIGHT)
        assert.equal("ok", reserve(r, "dead", 0.5, { lease = 5 }))
        assert.equal("ok", reserve(r, "gone", 0.25, { lease = 5 }))
        r.now = MIDNIGHT + 6
        local w = {}
        for word in r.step("state", 8):gmatch("%S+") do w[#w + 1] = tonumber(word) or word end
        assert.equal(75000000, w[2])                              -- spent: both presumed
        assert.equal(75000000, w[11])                             -- presumed
        r.step("settle", "dead", 30000000, 50000000, "")          -- it answered after all: 0.30
        r.step("settle", "gone", account.PRESUMED, 25000000, "")  -- never answered: stays presumed
        w = {}
        for word in r.step("state", 8):gmatch("%S+") do w[#w + 1] = tonumber(word) or word end
        assert.equal(55000000, w[2])
        assert.equal(25000000, w[11])
        assert.equal(55000000, w[3])                              -- today's too
    end)

    it("counts a settle of a lease a lost record held (its birth differs), not one of its own", function()
        local r = record(MIDNIGHT)
        r.step("settle", "old", 2000000, 2000000, "1764500000.000000")   -- another record's lease
        assert.near(0.02, r.state().spent, 1e-12)
        r.step("settle", "old", 2000000, 2000000, "1764500000.000000")   -- counted once
        local born = select(3, record_text.apply(r.text, r.now, "state", { 8 }))
        r.step("settle", "mine", 2000000, 2000000, born)                 -- unknown, this record: a copy
        assert.near(0.02, r.state().spent, 1e-12)
    end)

    it("reads back what it writes, and starts empty from nothing or garbage", function()
        local r = record(MIDNIGHT)
        reserve(r, "x-1", 0.02)
        r.step("settle", "x-1", 2000000)
        reserve(r, "x-2", 0.03, { lease = 9 })
        local s = record_text.decode(r.text)
        assert.equal(r.text, record_text.encode(s))
        assert.equal(1, #s.leases)
        assert.equal("x-2", s.leases[1].id)
        assert.equal(0, record_text.decode("not a record").spent)
        assert.equal(0, record_text.decode(nil).spent)
    end)
end)

describe("the governor through a client", function()
    local srv

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
    end)
    teardown(function() if srv then srv:stop() end end)

    it("refuses past max_cost_per_day with retry_at the next 00:00 UTC, and starts afresh then", function()
        local wall = MIDNIGHT - 20
        local c = assert(dataforseo.new{ base_url = srv.base_url, login = "demo", password = "demo",
            max_cost_per_day = 0.05, clock = { wall = function() return wall end } })
        assert(c:anchors{ target = "forbes.com", limit = 10 })          -- 0.0203
        assert(c:anchors{ target = "forbes.com", limit = 10 })          -- 0.0406 today
        local requests = assert(srv:stats()).requests
        local page, err = c:anchors{ target = "forbes.com", limit = 10 }
        assert.is_nil(page)
        assert.equal("cost_limit", err.kind)
        assert.equal("day", err.scope)
        assert.equal(MIDNIGHT, err.retry_at)
        assert.truthy(tostring(err):find("max_cost_per_day $0.05000", 1, true))
        assert.equal(requests, assert(srv:stats()).requests)            -- nothing was sent
        local st = assert(c:governor_state())
        assert.equal("local", st.store)
        assert.near(0.0406, st.spent_today, 1e-9)
        wall = MIDNIGHT + 1                                              -- the next UTC day
        assert(c:anchors{ target = "forbes.com", limit = 10 })
        st = assert(c:governor_state())
        assert.near(0.0203, st.spent_today, 1e-9)
        assert.equal("2025-12-01", st.day)
        assert.near(0.0609, c:spent(), 1e-9)
        c:close()
    end)

    it("checks the governor option: a wrong field is named", function()
        local base = { base_url = srv.base_url, login = "demo", password = "demo" }
        local function with(g)
            local o = {}
            for k, v in pairs(base) do o[k] = v end
            o.governor = g
            return select(2, pcall(dataforseo.new, o))
        end
        assert.truthy(tostring(with{ redis = { port = "x" } }):find("field 'redis.port' must be a number", 1, true))
        assert.truthy(tostring(with{ redis = { port = 70000 } })
            :find("'redis.port' must be an integer from 1", 1, true))
        assert.truthy(tostring(with{ redsi = {} }):find("unknown field 'redsi'", 1, true))
        assert.truthy(tostring(with{ fallback = "yes" }):find("'fallback' must be \"local\"", 1, true))
        assert.truthy(tostring(with{ redis = { prefix = "a b" } }):find("'redis.prefix'", 1, true))
        local ok, err = pcall(dataforseo.new, { base_url = srv.base_url, login = "demo", password = "demo",
            calls_per_minute = "accounts" })
        assert.is_false(ok)
        assert.truthy(tostring(err):find('must be a number or "account"', 1, true))
    end)
end)

describe("account errors", function()
    it("maps 40203 to cost_limit with retry_at at the next 00:00 UTC, never retried", function()
        local err = errors.api(40203, "The cost limit has been exceeded.", 200)
        assert.equal("cost_limit", err.kind)
        assert.equal("account", err.scope)
        assert.is_false(err.retryable)
        local policy = retry.new{ retries = 5 }
        local delay = policy:decide(err, policy:start(0), 0, MIDNIGHT - 3600)
        assert.is_nil(delay)
        assert.equal(MIDNIGHT, err.retry_at)
        assert.equal("daily_cost_limit", err.gave_up)
    end)

    it("maps HTTP 402, 40200 and 40210 to kind payment: the balance is exhausted", function()
        for _, e in ipairs{ errors.http(402, "Payment Required.", { status_code = 40200 }),
            errors.api(40200, "Payment Required.", 200), errors.api(40210, "Insufficient funds.", 200),
            errors.http(402, "Payment Required.") } do
            assert.equal("payment", e.kind)
            assert.is_false(e.retryable)
            assert.truthy(e.message:find("balance is exhausted", 1, true))
            assert.truthy(tostring(e):find("^dataforseo: payment required: "))
            assert.is_nil(retry.reason(e))
        end
    end)
end)

describe("sha256 (the store key is a hash of the prefix and the login)", function()
    it("gives the FIPS 180-4 digests", function()
        assert.equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", sha256.hex("abc"))
        assert.equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", sha256.hex(""))
        assert.equal("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            sha256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
    end)
end)
