-- Governor benchmark: what a call pays for its governor, per store.
--
--   lua5.4 bench/governor.lua [calls]     (from the repository root;
--   luajit bench/governor.lua              make bench-governor)
--
-- (a) One reserve + settle per call, nothing sent: the plain local path
--     (limiter.lua and cost.lua as the engine used them before the
--     governor), the local store, the Redis store (a redis-server started
--     here, one round trip per step) and, inside nginx (LuaJIT, 4 workers
--     would share it), the shared-dict store next to the plain path
--     measured in the same worker.
-- (b) A whole call (limit=1, keep-alive, HTTP) to the emulator, with the
--     local and the Redis store: the overhead as a share of a real call.
-- The machines are shared: only the ratios within one run mean anything.
local interp = rawget(_G, "jit") and "luajit" or ("lua" .. _VERSION:match("%d+%.%d+"))
package.path = "lua/?.lua;lua/?/init.lua;emulator/lua/?.lua;emulator/lua/?/init.lua;spec/support/?.lua;"
    .. package.path
package.cpath = "build/" .. interp .. "/?.so;" .. package.cpath

local cost = require "dataforseo.cost"
local dataforseo = require "dataforseo"
local emulator = require "dataforseo_emulator"
local governor = require "dataforseo.governor"
local http = require("dataforseo.core").http
local limiter = require "dataforseo.limiter"
local nginx = require "dataforseo_emulator.nginx"
local redis = dofile("spec/support/redis.lua")

local N = tonumber(arg[1]) or 20000
local now = http.now
local clock = { now = http.now, wall = http.wall }

-- The engine's steps before the governor: wait_time, problem, reserve,
-- acquire; release, release, charge.
local function plain(n)
    local lim = limiter.new{ calls_per_minute = 1e9, max_concurrent = 8, now = now }
    local budget = cost.budget(1e9, "client")
    local t0 = now()
    for _ = 1, n do
        assert(lim:wait_time() == 0)
        assert(not budget:problem(0.023))
        budget:reserve(0.023)
        lim:acquire()
        lim:release()
        budget:release(0.023)
        budget:charge(0.023)
    end
    return (now() - t0) / n
end

local function through(gov, n)
    local t0 = now()
    for _ = 1, n do
        local v = assert(gov:reserve{ estimate = 0.023, lease = 60, now = now() })
        assert(v.ok, v.why)
        gov:settle(v.lease, 0.023)
    end
    return (now() - t0) / n
end

local function settings(extra)
    local s = { calls_per_minute = 1000000, max_concurrent = 8, max_cost = 1e9 }
    for k, v in pairs(extra or {}) do s[k] = v end
    return s
end

-- Inside nginx: the plain path and the shared-dict store, in one worker.
local NGINX_CONF = [[
load_module /usr/lib/nginx/modules/ndk_http_module.so;
load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;
%s
worker_processes 1;
pid logs/nginx.pid;
error_log logs/error.log warn;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path tmp/body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
    lua_package_path "%s/lua/?.lua;%s/lua/?/init.lua;;";
    lua_package_cpath "%s/build/luajit/?.so;;";
    lua_shared_dict dataforseo 1m;
    server {
        listen 127.0.0.1:%d;
        location /bench {
            content_by_lua_block {
                local n = tonumber(ngx.var.arg_n)
                local cost = require "dataforseo.cost"
                local limiter = require "dataforseo.limiter"
                local governor = require "dataforseo.governor"
                local now = function() ngx.update_time() return ngx.now() end
                local clock_ns = os.clock        -- CPU seconds: the loops only compute
                local lim = limiter.new{ calls_per_minute = 1e9, max_concurrent = 8, now = ngx.now }
                local budget = cost.budget(1e9, "client")
                local t0 = clock_ns()
                for _ = 1, n do
                    assert(lim:wait_time() == 0)
                    assert(not budget:problem(0.023))
                    budget:reserve(0.023)
                    lim:acquire()
                    lim:release()
                    budget:release(0.023)
                    budget:charge(0.023)
                end
                local plain = (clock_ns() - t0) / n
                local gov = governor.new{ settings = { calls_per_minute = 1000000, max_concurrent = 8,
                    max_cost = 1e9 }, clock = { now = now, wall = now },
                    account_key = function() return "bench" end }
                assert(gov.kind == "shared_dict")
                t0 = clock_ns()
                for _ = 1, n do
                    local v = assert(gov:reserve{ estimate = 0.023, lease = 60, now = now() })
                    assert(v.ok, v.why)
                    gov:settle(v.lease, 0.023)
                end
                local dict = (clock_ns() - t0) / n
                ngx.say(string.format("%%.9f %%.9f", plain, dict))
            }
        }
    }
}
]]

local function inside_nginx(n)
    local root = select(2, nginx.run("pwd")):gsub("%s+$", "")
    local user = nginx.is_root() and "user root root;" or ""
    local proc = assert(nginx.start{ name = "dataforseo-bench-governor", conf = function(port)
        return NGINX_CONF:format(user, root, root, root, port)
    end })
    local ok, out = nginx.run("curl -sS 'http://127.0.0.1:" .. proc.port .. "/bench?n=" .. n .. "'")
    proc:stop()
    assert(ok and out:match("^[%d.]+ [%d.]+"), "nginx bench failed: " .. tostring(out))
    local p, d = out:match("^([%d.]+) ([%d.]+)")
    return tonumber(p), tonumber(d)
end

local rds = assert(redis.start())
local srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
local ok, problem = pcall(function()
    local redis_settings = settings{ governor = { redis = { port = rds.port, prefix = "bench" } } }
    -- Warm up.
    plain(1000)
    through(governor.new{ settings = settings(), clock = clock }, 1000)

    local base = plain(N)
    local loc = through(governor.new{ settings = settings(), clock = clock }, N)
    local red = through(governor.new{ settings = redis_settings, clock = clock }, math.floor(N / 10))
    local ngx_plain, ngx_dict = inside_nginx(N)

    print(string.format("governor (%s): reserve + settle per call, %d calls (Redis: %d)", interp, N,
        math.floor(N / 10)))
    print(string.format("%-34s %12s %10s", "path", "us/call", "vs plain"))
    print(string.format("%-34s %12.3f %9.2fx", "plain local (limiter + budget)", base * 1e6, 1))
    print(string.format("%-34s %12.3f %9.2fx", "governor, local store", loc * 1e6, loc / base))
    print(string.format("%-34s %12.3f %9.2fx", "governor, Redis store", red * 1e6, red / base))
    print(string.format("%-34s %12.3f %9.2fx", "nginx: plain local (LuaJIT)", ngx_plain * 1e6, 1))
    print(string.format("%-34s %12.3f %9.2fx", "nginx: governor, shared dict", ngx_dict * 1e6,
        ngx_dict / ngx_plain))

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
