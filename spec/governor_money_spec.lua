-- Issue 21 item 2: a shared store never forgets money, against a real
-- redis-server (started here) and the emulator.
--   * a process SIGKILLed mid-call: once its lease expires, the shared
--     record counts its call (presumed, at its estimate);
--   * a proxy that holds the first reply to each reserve and settle past
--     the store's timeout: the client sends each again, Redis applies each
--     twice, and each call counts once (one lease, one cost);
--   * Redis stopped (SIGSTOP) while a call is in flight: the process's
--     close() waits, and the settle is delivered when Redis is back; when
--     it stays away, the process says the call will count as presumed;
--   * Redis losing the record (FLUSHALL mid-call, a restart without
--     persistence): told once through `log`, and the call in flight across
--     it still counts.
local dataforseo = require "dataforseo"
local books = dofile("spec/support/books.lua")
local delay_proxy = dofile("spec/support/delay_proxy.lua")
local emulator = dofile("spec/support/emulator.lua")
local helpers = dofile("spec/support/helpers.lua")
local ledger = require "dataforseo.engine.ledger"
local redis = dofile("spec/support/redis.lua")
local socket = require "socket"

local quote = helpers.shell_quote
local ENV = "LUA_PATH=" .. quote(helpers.ROOT .. "/lua/?.lua;" .. helpers.ROOT .. "/lua/?/init.lua;;")
    .. " LUA_CPATH=" .. quote(helpers.build_dir() .. "/?.so;;")
local COST = 0.02 + 10 * 0.00003            -- a page of 10 (its estimate too)

-- A process that makes one call with a Redis governor, then closes.
local CHILD = [[
local dataforseo = require "dataforseo"
local out = assert(io.open(arg[5], "ab"))
out:setvbuf("no")
local c = assert(dataforseo.new{ base_url = arg[1], login = "demo", password = "demo", ledger = arg[3],
    timeout = 1, retries = 0, close_wait = tonumber(arg[4]),
    governor = { redis = { port = tonumber(arg[2]), prefix = arg[6], timeout = 0.2 }, lease_margin = 0.5 },
    log = function(level, message) out:write(level, " ", message, "\n") end })
local page, err = c:anchors{ target = "forbes.com", limit = 10 }
out:write("call ", tostring(page ~= nil), " ", tostring(err), "\n")
c:close()
out:write("closed\n")
]]

describe("the Redis governor never forgets money", function()
    local srv, rds, dir, runs = nil, nil, nil, 0

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
        assert(srv:post_anchors({ { target = "forbes.com", limit = 1 } }))
        rds = assert(redis.start{})
        dir = helpers.tmpdir("dataforseo-governor-money")
        helpers.write_file(dir .. "/child.lua", CHILD)
    end)
    teardown(function()
        if rds then rds:stop() end
        if srv then srv:stop() end
        helpers.remove(dir)
    end)
    before_each(function()
        assert(srv:control{ reset = true, reset_accounts = true, reset_stats = true })
        assert(rds:call("FLUSHALL"))
    end)

    local function governor(prefix, port, extra)
        local g = { redis = { port = port or rds.port, prefix = prefix, timeout = 0.3 }, lease_margin = 0.5 }
        for k, v in pairs(extra or {}) do g[k] = v end
        return g
    end

    -- The shared record as a client of the same prefix sees it.
    local function state(prefix)
        local c = assert(dataforseo.new{ base_url = srv.base_url, login = "demo", password = "demo",
            governor = governor(prefix) })
        local st = assert(c:governor_state())
        c:close()
        return st
    end

    -- Starts the child: -> pid, wait() (-> what it wrote), its ledger
    local function child(prefix, close_wait)
        runs = runs + 1
        local base = dir .. "/child" .. runs
        local pid = tonumber(helpers.capture(("env %s %s %s %s %d %s %s %s %s >%s 2>&1 & echo $!"):format(ENV,
            helpers.LUA, quote(dir .. "/child.lua"), quote(srv.base_url), rds.port, quote(base .. ".jsonl"),
            tostring(close_wait), quote(base .. ".out"), quote(prefix), quote(base .. ".err"))))
        return pid, function(seconds)
            local deadline = socket.gettime() + (seconds or 10)
            while socket.gettime() < deadline do
                local out = helpers.read_file(base .. ".out") or ""
                if out:find("closed\n", 1, true) then return out end
                socket.sleep(0.05)
            end
            return (helpers.read_file(base .. ".out") or "") .. (helpers.read_file(base .. ".err") or "")
        end, base .. ".jsonl"
    end

    local function on_the_wire()
        local deadline = socket.gettime() + 5
        while assert(srv:stats()).requests < 1 and socket.gettime() < deadline do socket.sleep(0.01) end
        assert.equal(1, assert(srv:stats()).requests)
    end

    local wait_for = helpers.wait_for

    it("counts a SIGKILLed process's call in flight once its lease expires", function()
        assert(srv:control{ latency_ms = 600 })
        local pid, _, path = child("spec-kill", 0)
        on_the_wire()
        assert(helpers.sh("kill -KILL " .. pid))
        assert.equal(1, state("spec-kill").in_flight)                 -- its lease, held
        local st = wait_for("the lease to expire", 5, function()     -- timeout 1 s + lease_margin 0.5 s
            local s = state("spec-kill")
            return s.in_flight == 0 and s
        end)
        assert.near(COST, st.spent, 1e-12)                            -- the call counts ...
        assert.near(COST, st.presumed, 1e-12)                         -- ... at its estimate
        assert.near(COST, st.spent_today, 1e-12)
        socket.sleep(0.3)                                             -- the emulator answered it
        local _, total = assert(ledger.summary(path))                 -- its intent, never settled
        assert.equal(1, total.presumed_calls)
        books.agree{ what = "SIGKILL", charged = books.charged(srv), spent = st.spent, presumed = st.presumed,
            ledger = path }
    end)

    it("counts each call once when the reply to a reserve or a settle comes after the timeout", function()
        local second = os.time() % 60
        if second >= 50 then socket.sleep(61 - second) end            -- one calendar minute for the count
        local proxy = assert(delay_proxy.start{ port = rds.port, delay = 0.6, words = { "reserve", "settle" } })
        finally(proxy.stop)
        local c = assert(dataforseo.new{ base_url = srv.base_url, login = "demo", password = "demo",
            governor = governor("spec-slow", proxy.port), retries = 0 })
        for _ = 1, 3 do assert(c:anchors{ target = "forbes.com", limit = 10 }) end
        c:close()
        assert.is_true(proxy.held() >= 6, "replies held: " .. proxy.held())   -- each sent twice
        local st = state("spec-slow")
        assert.equal(math.floor(3 * COST * 1e8 + 0.5), math.floor(st.spent * 1e8 + 0.5))   -- not 6 * COST
        assert.equal(0, st.presumed)
        assert.equal(0, st.in_flight)                                 -- no second lease left hanging
        assert.equal(3, st.started_this_minute)
        assert.near(c:spent(), st.spent, 1e-12)
        books.agree{ what = "slow replies", charged = books.charged(srv), spent = st.spent, presumed = 0 }
    end)

    it("delivers the settle at close() once a stopped Redis is back", function()
        assert(srv:control{ latency_ms = 500 })
        local _, wait = child("spec-stop", 4)
        on_the_wire()
        assert(helpers.sh("kill -STOP " .. rds.pid))
        socket.sleep(1.5)                                             -- the call ended: its settle waits
        assert(helpers.sh("kill -CONT " .. rds.pid))
        local out = wait()
        assert.truthy(out:find("call true", 1, true), out)
        assert.is_nil(out:find("could not reach", 1, true), out)
        local st = state("spec-stop")
        assert.near(COST, st.spent, 1e-12)                            -- its real cost, counted once
        assert.equal(0, st.presumed)
        assert.equal(0, st.in_flight)
    end)

    it("says the call will count as presumed when Redis stays away past close_wait", function()
        assert(srv:control{ latency_ms = 300 })
        local _, wait, path = child("spec-away", 0.5)
        on_the_wire()
        assert(helpers.sh("kill -STOP " .. rds.pid))
        local out = wait()
        assert(helpers.sh("kill -CONT " .. rds.pid))
        assert.truthy(out:find("warn dataforseo: 1 settle could not reach the redis store of the governor: it "
            .. "counts that call at its estimate (presumed) once its lease ends", 1, true), out)
        local st = wait_for("the lease to expire", 5, function()
            local s = state("spec-away")
            return s.in_flight == 0 and s
        end)
        assert.near(COST, st.spent, 1e-12)
        books.agree{ what = "Redis away", charged = books.charged(srv), spent = st.spent, presumed = st.presumed,
            ledger = path }
    end)

    it("tells once that Redis lost the record, and still counts the call in flight across it", function()
        local logged = {}
        local c = assert(dataforseo.new{ base_url = srv.base_url, login = "demo", password = "demo",
            governor = governor("spec-lost"), retries = 0,
            log = function(level, message) logged[#logged + 1] = level .. " " .. message end })
        assert(c:anchors{ target = "forbes.com", limit = 10 })
        -- The record goes while the next call is on the wire.
        assert(srv:control{ latency_ms = 500 })
        os.execute(("(sleep 0.2; redis-cli -p %d FLUSHALL) >/dev/null 2>&1 &"):format(rds.port))
        assert(c:anchors{ target = "forbes.com", limit = 10 })
        assert(srv:control{ latency_ms = 0 })
        assert.equal(1, #logged)
        assert.truthy(logged[1]:find("^error dataforseo: the governor's record in the redis store was lost"),
            logged[1])
        local st = assert(c:governor_state())
        assert.near(COST, st.spent, 1e-12)                            -- the call in flight across the loss
        assert(c:anchors{ target = "forbes.com", limit = 10 })
        assert.equal(1, #logged)                                      -- told once
        -- A restart without persistence: the same, told once more.
        rds:stop()
        wait_for("Redis to stop", 5, function() return not rds:running() end)
        rds = assert(redis.start{ port = rds.port })
        assert(c:anchors{ target = "forbes.com", limit = 10 })
        assert(c:anchors{ target = "forbes.com", limit = 10 })
        assert.equal(2, #logged)
        assert.near(2 * COST, assert(c:governor_state()).spent, 1e-12)
        c:close()
    end)
end)
