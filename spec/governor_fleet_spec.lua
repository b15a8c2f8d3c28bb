-- One governor for the whole account, across processes: 4 nginx workers
-- and 2 plain-Lua processes share one Redis governor (a real redis-server
-- started here), all walking at once against the emulator; then one nginx
-- of 4 workers shares a lua_shared_dict without Redis.
--   * the budget (max_cost 0.50) holds for all of them together: the
--     emulator's spend stays within 0.50 and one call per process;
--   * a process killed with SIGKILL mid-walk holds no slot once its
--     leases expire, its calls in flight are counted (presumed), and the
--     others finish;
--   * the pace (120 calls a minute) holds for all of them: the emulator,
--     told to refuse a 127th call in a minute, never answers 40202.
-- Every process (emulator, redis-server, nginx, walkers) stops with this
-- spec.  Needs build/luajit/dataforseo/core.so for nginx's Lua.
local emulators = dofile("spec/support/emulator.lua")
local helpers = dofile("spec/support/helpers.lua")
local redis = dofile("spec/support/redis.lua")
local nginx_host = dofile("spec/hosts/nginx_host.lua")
local json = require "dataforseo.json"
local ledger = require "dataforseo.engine.ledger"
local writer = require "dataforseo.json_writer"
local socket = require "socket"

local ROOT = helpers.ROOT
local quote = helpers.shell_quote
local PER_CALL = 0.02 + 10 * 0.00003        -- a page of 10 items
local EPS = 1e-9

-- SPEC_GOVERNOR_LOCAL=1: every process on its own local store, to see the
-- assertions fail without a shared governor.
local WITHOUT = os.getenv("SPEC_GOVERNOR_LOCAL") == "1"

local wait_for = helpers.wait_for

local function read_json(path)
    local text = helpers.read_file(path)
    return text and json.decode(text, { null_as_nil = true })
end

local function write_json(path, t)
    helpers.write_file(path .. ".tmp", writer.encode(t))
    assert(os.rename(path .. ".tmp", path))
end

local function emulator_spent(srv)
    local money = assert(srv:user_data()).tasks[1].result[1].money
    return money.total - money.balance
end

-- The app: 4 workers, each runs every new job once (spec/hosts/governor_app.lua).
local function start_app(with_dict)
    local app
    app = assert(nginx_host.start{
        workers = 4,
        lua_path = { ROOT .. "/lua/?.lua", ROOT .. "/lua/?/init.lua", ROOT .. "/spec/hosts/?.lua",
            ROOT .. "/spec/support/?.lua" },
        lua_cpath = { helpers.build_dir("luajit") .. "/?.so" },
        main = function(_, prefix)
            return (with_dict and "    lua_shared_dict dataforseo 1m;\n" or "")
                .. "    init_worker_by_lua_block { require('governor_app').init_worker(" .. string.format("%q", prefix)
                .. ") }"
        end,
        http = function(port)
            return "    server { listen 127.0.0.1:" .. port .. "; location / { return 204; } }"
        end,
    })
    assert(helpers.sh("mkdir -p " .. quote(app.prefix .. "/results")))
    return app
end

-- A plain-Lua process under a watchdog: killed when the spec lets go of it.
local WATCHDOG = [[
exec 3<&0 </dev/null >/dev/null 2>&1
D=$1; shift
"$@" >"$D/out" 2>&1 &
pid=$!
echo "$pid" >"$D/pid"
( read -r _ <&3; kill -KILL "$pid" 2>/dev/null ) &
wait "$pid"
echo "$?" >"$D/exit"
read -r _ <&3
]]

local function start_walker(dir, job)
    assert(helpers.sh("mkdir -p " .. quote(dir)))
    job.progress, job.ledger = dir .. "/progress", dir .. "/ledger.jsonl"
    write_json(dir .. "/job.json", job)
    local lua_path = ROOT .. "/lua/?.lua;" .. ROOT .. "/lua/?/init.lua;" .. ROOT .. "/spec/support/?.lua;;"
    local cmd = { "env", "LUA_PATH=" .. lua_path, "LUA_CPATH=" .. helpers.build_dir() .. "/?.so;;",
        helpers.LUA, ROOT .. "/spec/support/governor_walker.lua", dir .. "/job.json", dir .. "/result.json" }
    for i, w in ipairs(cmd) do cmd[i] = quote(w) end
    local w = { dir = dir, pipe = io.popen("sh -c " .. quote(WATCHDOG) .. " walker " .. quote(dir) .. " "
        .. table.concat(cmd, " "), "w") }
    w.pid = wait_for("the walker's pid", 5, function() return tonumber(helpers.read_file(dir .. "/pid") or "") end)
    function w.stop() if w.pipe then pcall(w.pipe.close, w.pipe); w.pipe = nil end end
    function w.pages()
        local text = helpers.read_file(dir .. "/progress") or ""
        local n = 0
        for _ in text:gmatch("page ") do n = n + 1 end
        return n
    end
    return w
end

local function results_of(app, id)
    local out = {}
    local list = helpers.capture("ls " .. quote(app.prefix .. "/results") .. " 2>/dev/null")
    for name in list:gmatch("[^\n]+") do
        if name:sub(1, #id + 1) == id .. "-" and name:match("%.json$") then
            out[#out + 1] = read_json(app.prefix .. "/results/" .. name)
        end
    end
    return out
end

describe("the governor shared by processes", function()
    local srv, rds, app, dict_app, dir
    local walkers = {}

    setup(function()
        srv = assert(emulators.start{ port = 0, login = "demo", password = "demo" })
        rds = assert(redis.start())
        dir = helpers.tmpdir("dataforseo-fleet")
    end)

    teardown(function()
        for _, w in ipairs(walkers) do w.stop() end
        for _, s in ipairs({ dict_app, app, rds, srv }) do if s then s:stop() end end
        helpers.remove(dir)
    end)

    local function job(id, o)
        local j = { id = id, base_url = srv.base_url, login = "demo", password = "demo",
            target = "big-example.com", limit = 10, concurrency = 2, max_concurrent = 8,
            timeout = 3, retries = 0, calls_per_minute = 120, ledger = true }
        for k, v in pairs(o) do j[k] = v end
        if WITHOUT then j.governor = { shared_dict = false } end
        return j
    end

    local function redis_governor(prefix)
        return { redis = { port = rds.port, prefix = prefix }, lease_margin = 1 }
    end

    -- The governor's own view (a client on the same store, not walking).
    local function governor_state(governor)
        local c = assert(require("dataforseo").new{ base_url = srv.base_url, login = "demo",
            password = "demo", governor = governor })
        local st = assert(c:governor_state())
        c:close()
        return st
    end

    it("holds max_cost for 4 nginx workers and 2 processes on one Redis; a SIGKILLed one's lease expires", function()
        assert(srv:control{ reset_accounts = true, reset_stats = true, latency_ms = 300 })
        app = start_app(false)
        local governor = redis_governor("spec-budget")
        local j = job("budget", { max_cost = 0.50, governor = governor })
        write_json(app.prefix .. "/job.json", j)
        walkers[1] = start_walker(dir .. "/w1", job("budget", { max_cost = 0.50, governor = governor }))
        walkers[2] = start_walker(dir .. "/w2", job("budget", { max_cost = 0.50, governor = governor }))

        -- SIGKILL the first walker once it has a page: its next call is in flight.
        wait_for("the first walker's first page", 20, function() return walkers[1].pages() >= 1 end)
        assert(helpers.sh("kill -KILL " .. walkers[1].pid))
        local held = not WITHOUT and governor_state(governor)

        wait_for("the other walker", 30, function() return read_json(dir .. "/w2/result.json") end)
        local workers = wait_for("4 nginx workers", 30, function()
            local r = results_of(app, "budget")
            return #r == 4 and r
        end)
        local survivors = { read_json(dir .. "/w2/result.json") }
        for _, r in ipairs(workers) do survivors[#survivors + 1] = r end

        local spent_by_survivors = 0
        for _, r in ipairs(survivors) do
            assert.equal(WITHOUT and "local" or "redis", r.store)
            -- Each walk ended at the budget, not on a failure of its own.
            assert.equal("cost_limit", r.status, r.error)
            assert.equal("cost_limit", r.error_kind)
            -- Its ledger holds what it spent.
            assert.near(r.spent, r.ledger_sum, 1e-9)
            assert.equal(0, r.ledger_skipped)
            spent_by_survivors = spent_by_survivors + r.spent
        end
        -- The killed walker's ledger reads without error (a torn line skipped);
        -- the calls it had in flight count at their estimate (presumed).
        local _, killed = assert(ledger.summary(dir .. "/w1/ledger.jsonl"))
        assert.is_true(killed.calls >= 1)
        local spent_by_killed = killed.cost

        local emulator = emulator_spent(srv)
        -- The issue's bound: 0.50 and one call per process.
        assert.is_true(emulator <= 0.50 + 6 * PER_CALL + EPS,
            string.format("the emulator charged $%.5f for a budget of $0.50", emulator))
        if not WITHOUT then
            -- The dead process held leases when killed; they expired, and
            -- the record counts their calls (presumed, at their estimate).
            assert.is_true(held.in_flight >= 1)
            local st = wait_for("the leases to expire", 10, function()
                local s = governor_state(governor)
                return s.in_flight == 0 and s
            end)
            assert.equal(0, st.reserved)
            -- Everything the governor let through: within the budget itself.
            assert.is_true(st.spent <= 0.50 + EPS, "governor spent " .. st.spent)
            assert.near(spent_by_survivors + spent_by_killed, st.spent, 1e-6)
            assert.is_true(st.presumed >= killed.presumed - EPS)
            -- The emulator charged what the governor counted, and no more.
            assert.is_true(emulator <= st.spent + EPS)
        end
    end)

    it("holds 120 calls a minute for 4 nginx workers and 2 processes on one Redis", function()
        for _, w in ipairs(walkers) do w.stop() end
        -- The emulator refuses a 127th call within a minute (120 + 5%) with 40202.
        assert(srv:control{ reset_accounts = true, reset_stats = true, latency_ms = 10,
            rate_limit_per_minute = 126 })
        local governor = redis_governor("spec-pace")
        local j = job("pace", { limit = 1, max_items = 500, governor = governor })
        write_json(app.prefix .. "/job.json", j)
        walkers[3] = start_walker(dir .. "/w3", job("pace", { limit = 1, max_items = 500, governor = governor }))
        walkers[4] = start_walker(dir .. "/w4", job("pace", { limit = 1, max_items = 500, governor = governor }))
        -- They all wait for the next minute once 120 calls went out.
        local last, still_since = -1, socket.gettime()
        wait_for("the calls to stop at the minute's limit", 75, function()
            local n = assert(srv:stats()).requests
            if n ~= last then last, still_since = n, socket.gettime() end
            return n >= 120 and socket.gettime() - still_since > 2
        end)
        local stats = assert(srv:stats())
        assert.equal(0, stats.rate_limited or 0)
        assert.is_true(stats.requests >= 120 and stats.requests <= 240, "requests " .. stats.requests)
        if not WITHOUT then
            assert.is_true(governor_state(governor).started_this_minute <= 120)
        end
        assert(srv:control{ rate_limit_per_minute = 0 })
        for _, w in ipairs(walkers) do w.stop() end
        app:stop()
        app = nil
    end)

    it("holds max_cost and 120 calls a minute for 4 workers of one nginx on a lua_shared_dict", function()
        assert(srv:control{ reset_accounts = true, reset_stats = true, latency_ms = 100 })
        dict_app = start_app(true)
        write_json(dict_app.prefix .. "/job.json", job("dict-budget", { max_cost = 0.50,
            governor = { prefix = "spec-dict-budget" } }))
        local workers = wait_for("4 nginx workers", 30, function()
            local r = results_of(dict_app, "dict-budget")
            return #r == 4 and r
        end)
        local pids, spent = {}, 0
        for _, r in ipairs(workers) do
            assert.equal(WITHOUT and "local" or "shared_dict", r.store)
            assert.equal("cost_limit", r.status, r.error)
            assert.near(r.spent, r.ledger_sum, 1e-9)
            pids[r.pid] = true
            spent = spent + r.spent
        end
        local n = 0
        for _ in pairs(pids) do n = n + 1 end
        assert.equal(4, n)                                    -- four workers walked
        assert.is_true(spent <= 0.50 + EPS, string.format("the workers spent $%.5f together", spent))
        assert.near(spent, emulator_spent(srv), 1e-6)

        -- The pace, shared the same way.
        assert(srv:control{ reset_accounts = true, reset_stats = true, latency_ms = 10,
            rate_limit_per_minute = 126 })
        -- A budget of its own: the calls above count in the dictionary's minute.
        write_json(dict_app.prefix .. "/job.json", job("dict-pace", { limit = 1, max_items = 500,
            governor = { prefix = "spec-dict-pace" } }))
        local last, still_since = -1, socket.gettime()
        wait_for("the calls to stop at the minute's limit", 75, function()
            local r = assert(srv:stats()).requests
            if r ~= last then last, still_since = r, socket.gettime() end
            return r >= 120 and socket.gettime() - still_since > 2
        end)
        local stats = assert(srv:stats())
        assert.equal(0, stats.rate_limited or 0)
        assert.is_true(stats.requests >= 120 and stats.requests <= 240, "requests " .. stats.requests)
        assert(srv:control{ rate_limit_per_minute = 0 })
    end)
end)
