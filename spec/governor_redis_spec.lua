-- The Redis store from a plain-Lua client, against a real redis-server
-- (started here, with a password) and the emulator: what it stores and
-- under which key, failing closed when Redis cannot be reached (or going
-- on with a local store when asked to), settles that missed Redis sent
-- before the next reservation, and the script loaded again after a flush.
local dataforseo = require "dataforseo"
local emulator = dofile("spec/support/emulator.lua")
local helpers = dofile("spec/support/helpers.lua")
local redis = dofile("spec/support/redis.lua")
local socket = require "socket"

local LOGIN, PASSWORD = "ops@example.com", "api-pass-1"
local REDIS_PASSWORD = "redis-s3cret-pw"

describe("the Redis governor", function()
    local srv, rds

    setup(function()
        srv = assert(emulator.start{ port = 0, login = LOGIN, password = PASSWORD })
        rds = assert(redis.start{ password = REDIS_PASSWORD })
    end)
    teardown(function()
        if rds then rds:stop() end
        if srv then srv:stop() end
    end)

    local function client(governor, o)
        local opts = { base_url = srv.base_url, login = LOGIN, password = PASSWORD, retries = 0,
            governor = governor }
        for k, v in pairs(o or {}) do opts[k] = v end
        return assert(dataforseo.new(opts))
    end

    local function redis_governor(extra)
        local g = { redis = { port = rds.port, password = REDIS_PASSWORD, prefix = "spec", timeout = 0.3 } }
        for k, v in pairs(extra or {}) do g[k] = v end
        return g
    end

    it("keeps the account under prefix:hash of the login, never the login, and counts what was spent", function()
        assert(rds:call("FLUSHALL"))
        -- Both calls in one calendar minute (the window the store counts):
        -- the emulator's graph warmed first, and clear of a minute's end.
        assert(client(nil):anchors{ target = "forbes.com", limit = 1 })
        local second = os.time() % 60
        if second >= 55 then socket.sleep(61 - second) end
        local c = client(redis_governor(), { max_cost = 1 })
        assert(c:anchors{ target = "forbes.com", limit = 10 })
        assert(c:anchors{ target = "forbes.com", limit = 20 })
        local keys = assert(rds:keys())
        assert.equal(1, #keys)
        assert.truthy(keys[1]:match("^spec:%x+$"), keys[1])
        local expected = "spec:" .. require("dataforseo.engine.sha256").hex("spec\0" .. LOGIN):sub(1, 32)
        assert.equal(expected, keys[1])
        local stored = assert(rds:call("GET", keys[1]))
        for _, secret in ipairs{ LOGIN, "ops", PASSWORD, REDIS_PASSWORD } do
            assert.is_nil(keys[1]:find(secret, 1, true))
            assert.is_nil(stored:find(secret, 1, true))
        end
        local st = assert(c:governor_state())
        assert.equal("redis", st.store)
        assert.near(c:spent(), st.spent, 1e-8)
        assert.near(c:spent(), st.spent_today, 1e-8)
        assert.equal(0, st.in_flight)
        assert.equal(0, st.reserved)
        assert.equal(2, st.started_this_minute)
        c:close()
    end)

    it("fails closed when Redis cannot be reached: kind governor, nothing sent, no secret shown", function()
        local port = helpers.free_port()
        local c = client({ redis = { port = port, password = REDIS_PASSWORD, timeout = 0.3 } })
        local before = assert(srv:stats()).requests
        local page, err = c:anchors{ target = "forbes.com", limit = 10 }
        assert.is_nil(page)
        assert.equal("governor", err.kind)
        assert.truthy(err.message:find("cannot connect to Redis at 127.0.0.1:" .. port, 1, true), err.message)
        assert.truthy(err.message:find("fallback", 1, true))
        for _, secret in ipairs{ REDIS_PASSWORD, PASSWORD } do
            assert.is_nil(tostring(err):find(secret, 1, true))
        end
        assert.equal(before, assert(srv:stats()).requests)
        local st, serr = c:governor_state()
        assert.is_nil(st)
        assert.equal("governor", serr.kind)
        c:close()
    end)

    it("goes on with a local store when asked to (fallback = \"local\")", function()
        local c = client({ redis = { port = helpers.free_port(), timeout = 0.3 }, fallback = "local" },
            { max_cost = 0.03 })
        assert(c:anchors{ target = "forbes.com", limit = 10 })          -- 0.0203
        local page, err = c:anchors{ target = "forbes.com", limit = 10 } -- would pass 0.03 locally too
        assert.is_nil(page)
        assert.equal("cost_limit", err.kind)
        c:close()
    end)

    it("sends a settle that missed Redis before the next reservation, and fails closed meanwhile", function()
        assert(rds:call("FLUSHALL"))
        assert(srv:control{ latency_ms = 600 })
        local c = client(redis_governor())
        -- Redis stops answering while the call is on the wire, for 1.5 s.
        os.execute(string.format("(sleep 0.25; REDISCLI_AUTH=%s redis-cli -p %d CLIENT PAUSE 1500 ALL) "
            .. ">/dev/null 2>&1 &", REDIS_PASSWORD, rds.port))
        local started = socket.gettime()
        assert(c:anchors{ target = "forbes.com", limit = 10 })          -- its settle misses Redis
        assert(srv:control{ latency_ms = 0 })
        assert.is_true(socket.gettime() - started < 1.5)
        local page, err = c:anchors{ target = "forbes.com", limit = 10 }
        assert.is_nil(page)
        assert.equal("governor", err.kind)                               -- still paused
        socket.sleep(math.max(0, started + 2.2 - socket.gettime()))
        assert(c:anchors{ target = "forbes.com", limit = 10 })
        local st = assert(c:governor_state())
        assert.near(2 * 0.0203, c:spent(), 1e-9)
        assert.near(c:spent(), st.spent, 1e-8)                          -- both calls counted
        assert.equal(0, st.in_flight)
        c:close()
    end)

    it("loads its script again when Redis lost it", function()
        local c = client(redis_governor())
        assert(c:anchors{ target = "forbes.com", limit = 10 })
        assert(rds:call("SCRIPT", "FLUSH"))
        assert(c:anchors{ target = "forbes.com", limit = 10 })
        assert.equal(0, assert(c:governor_state()).in_flight)
        c:close()
    end)
end)
