-- Governor benchmark: what a call pays for its governor, per store.
--
--   lua5.4 bench/governor.lua [calls]     (from the repository root;
--   luajit bench/governor.lua              make bench-governor)
--
-- (a) One reserve + settle per call, nothing sent: the in-process store
--     (governor/account.lua's steps on a Lua table), the Redis store (a
--     redis-server started here, one round trip per step) and, inside
--     nginx (LuaJIT, 4 workers would share it), the shared-dict store next
--     to the in-process store measured in the same worker.
-- (b) A whole call (limit=1, keep-alive, HTTP) to the emulator, with the
--     local and the Redis store: the overhead as a share of a real call.
-- The machines are shared: only the ratios within one run mean anything.
local interp = rawget(_G, "jit") and "luajit" or ("lua" .. _VERSION:match("%d+%.%d+"))
package.path = "lua/?.lua;lua/?/init.lua;emulator/lua/?.lua;emulator/lua/?/init.lua;" .. package.path
package.cpath = "build/" .. interp .. "/?.so;" .. package.cpath

local dataforseo = require "dataforseo"
local emulator = require "dataforseo_emulator"
local account = require "dataforseo.engine.governor.account"
local governor = require "dataforseo.engine.governor"
local http = require("dataforseo.core").http
local loops = dofile("bench/governor_loops.lua")
local helpers = dofile("spec/support/helpers.lua")
local nginx_host = dofile("spec/hosts/nginx_host.lua")
local redis = dofile("spec/support/redis.lua")

local N = tonumber(arg[1]) or 20000
local now = http.now
local clock = { now = http.now, wall = http.wall }

local function store(g, nginx)
    return governor.new{ governor = g, clock = clock, nginx = nginx, account_key = function() return "bench" end }
end

-- Inside nginx: the in-process and the shared-dict store, in one worker
-- (CPU time: the loops only compute).
local function inside_nginx(n)
    local root = helpers.ROOT
    local app = assert(nginx_host.start{
        lua_path = { root .. "/lua/?.lua", root .. "/lua/?/init.lua", root .. "/bench/?.lua" },
        lua_cpath = { root .. "/build/luajit/?.so" },
        main = "    lua_shared_dict dataforseo 1m;",
        http = function(port)
            return "    server { listen 127.0.0.1:" .. port .. [[;
        location /bench { content_by_lua_block {
            local loops = require "governor_loops"
            local n = tonumber(ngx.var.arg_n)
            local now = function() ngx.update_time() return ngx.now() end
            local clock = { now = now, wall = now }
            local plain = loops.store(require("dataforseo.engine.governor.account").store(clock), n, os.clock)
            local dict = require("dataforseo.engine.governor").new{ clock = clock, nginx = true,
                account_key = function() return "bench" end }
            assert(dict.kind == "shared_dict")
            ngx.say(string.format("%.9f %.9f", plain, loops.store(dict, n, os.clock)))
        } }
    }]]
        end,
    })
    local out = helpers.capture("curl -sS 'http://127.0.0.1:" .. app.port .. "/bench?n=" .. n .. "'")
    app:stop()
    local p, d = out:match("^([%d.]+) ([%d.]+)")
    assert(p, "the nginx bench failed: " .. out)
    return tonumber(p), tonumber(d)
end

local rds = assert(redis.start())
local srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
local ok, problem = pcall(function()
    local redis_option = { redis = { port = rds.port, prefix = "bench" } }
    -- Warm up.
    loops.store(account.store(clock), 1000, now)
    loops.store(store(redis_option), 100, now)

    local loc = loops.store(account.store(clock), N, now)
    local red = loops.store(store(redis_option), math.floor(N / 10), now)
    local ngx_local, ngx_dict = inside_nginx(N)

    print(string.format("governor (%s): reserve + settle per call, %d calls (Redis: %d)", interp, N,
        math.floor(N / 10)))
    print(string.format("%-34s %12s %10s", "store", "us/call", "vs local"))
    print(string.format("%-34s %12.3f %9.2fx", "in-process (account.lua steps)", loc * 1e6, 1))
    print(string.format("%-34s %12.3f %9.2fx", "Redis (2 round trips)", red * 1e6, red / loc))
    print(string.format("%-34s %12.3f %9.2fx", "nginx: in-process (LuaJIT)", ngx_local * 1e6, 1))
    print(string.format("%-34s %12.3f %9.2fx", "nginx: shared dict", ngx_dict * 1e6, ngx_dict / ngx_local))

    -- (b) whole calls.
    local CALLS = 300
    local function calls(extra)
        local o = { base_url = srv.base_url, login = "demo", password = "demo" }
        for k, v in pairs(extra or {}) do o[k] = v end
        local c = assert(dataforseo.new(o))
        for _ = 1, 20 do assert(c:anchors{ target = "forbes.com", limit = 1 }) end
        local t0 = now()
        for _ = 1, CALLS do assert(c:anchors{ target = "forbes.com", limit = 1 }) end
        local t = (now() - t0) / CALLS
        c:close()
        return t
    end
    local call_local = calls()
    local call_redis = calls{ governor = { redis = { port = rds.port, prefix = "bench-calls" } } }
    print(string.format("whole call, limit=1, HTTP keep-alive, %d calls:", CALLS))
    print(string.format("%-34s %12.1f %9.2fx", "local store", call_local * 1e6, 1))
    print(string.format("%-34s %12.1f %9.2fx", "Redis store", call_redis * 1e6, call_redis / call_local))
end)
srv:stop()
rds:stop()
if not ok then error(problem, 0) end
