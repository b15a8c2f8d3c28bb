-- Response store benchmark: a stored 1000-item anchors page against the
-- same page live from the emulator, in one run; what a hit costs in each
-- store; how many bytes a page takes, and what gzip's levels buy.
--
--   lua5.4 bench/store.lua [pages] [hits]     (from the repository root;
--   luajit bench/store.lua                     make bench-store)
--
-- A stored page is timed as the engine will serve it: get from the store
-- (read, checksum, gunzip), decode the JSON, build the Page
-- (endpoint.result).  Needs redis-server, and build/luajit for nginx.
-- The machines are shared: only the ratios within one run mean anything.
local interp = rawget(_G, "jit") and "luajit" or ("lua" .. _VERSION:match("%d+%.%d+"))
package.path = "lua/?.lua;lua/?/init.lua;emulator/lua/?.lua;emulator/lua/?/init.lua;" .. package.path
package.cpath = "build/" .. interp .. "/?.so;" .. package.cpath

local dataforseo = require "dataforseo"
local emulator = require "dataforseo_emulator"
local core = require "dataforseo.core"
local json = require "dataforseo.json"
local json_writer = require "dataforseo.json_writer"
local anchors = require("dataforseo.api").get("anchors")
local codec = require "dataforseo.engine.store.codec"
local store = require "dataforseo.engine.store"
local helpers = dofile("spec/support/helpers.lua")
local nginx_host = dofile("spec/hosts/nginx_host.lua")
local redis = dofile("spec/support/redis.lua")

local PAGES = tonumber(arg[1]) or 8
local HITS = tonumber(arg[2]) or 40
local TARGET = "forbes.com"            -- 10,105 anchors in the emulator's graph
local now, zlib = core.http.now, core.zlib

local function median(xs)
    table.sort(xs)
    local n = #xs
    return n % 2 == 1 and xs[(n + 1) / 2] or (xs[n / 2] + xs[n / 2 + 1]) / 2
end

local function task(k) return { target = TARGET, limit = 1000, offset = (k - 1) * 1000 } end

-- The live pages, timed through the client; their bodies as sent, through
-- a session of the core (decode = false), for the stores.
local srv = assert(emulator.start{ port = 0 })
local client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url })
assert(client:anchors{ target = TARGET, limit = 1 })            -- connection and graph warm
local live, bodies = {}, {}
local session = core.http.session{ username = "demo", password = "demo" }
for k = 1, PAGES do
    local t0 = now()
    local page = assert(client:anchors(task(k)))
    live[k] = now() - t0
    assert(#page.items == 1000, "a page of " .. #page.items .. " items")
    local res = assert(session:request("POST", srv.base_url .. anchors.path,
        assert(require("dataforseo.request_json").request_body({ anchors.task(task(k)) })), { decode = false }))
    bodies[k] = res.body
end
session:close()
client:close()
srv:stop()
local live_ms = median(live) * 1000

-- A hit as the engine serves it: the value, decoded, turned into a Page.
local function serve(s, key, t)
    local e = assert(s:get(key))
    local page = assert(anchors.result({ status = 200, data = assert(json.decode(e.value)) }, t))
    assert(#page.items == 1000)
end

local function time_hits(s, fn)
    local keys = {}
    for k = 1, PAGES do
        keys[k] = s:key(anchors, task(k))
        assert(s:put(keys[k], bodies[k], { cost = 0.05, items = 1000 }))
    end
    local served, got = {}, {}
    collectgarbage()
    for i = 1, HITS do
        local k = (i - 1) % PAGES + 1
        local t0 = now()
        assert(s:get(keys[k]))
        got[i] = now() - t0
    end
    collectgarbage()
    for i = 1, HITS do
        local k = (i - 1) % PAGES + 1
        local t0 = now()
        fn(s, keys[k], task(k))
        served[i] = now() - t0
    end
    return median(served) * 1000, median(got) * 1000
end

local results = {}
local dir = helpers.tmpdir("bench-store")
local sqlite_store = store.open({ sqlite = dir .. "/cache.sqlite" })
results.sqlite = { time_hits(sqlite_store, serve) }
local per_page = sqlite_store:stats().bytes / sqlite_store:stats().entries
sqlite_store:close()

local rsrv = assert(redis.start())
local redis_store = store.open({ redis = { port = rsrv.port } })
results.redis = { time_hits(redis_store, serve) }
redis_store:clear()
redis_store:close()
rsrv:stop()

-- The shared dict, inside nginx (LuaJIT): the page handed over in a file.
local function inside_nginx()
    local root = helpers.ROOT
    helpers.write_file(dir .. "/body.json", bodies[1])
    local app = assert(nginx_host.start{
        lua_path = { root .. "/lua/?.lua", root .. "/lua/?/init.lua" },
        lua_cpath = { root .. "/build/luajit/?.so" },
        main = "    lua_shared_dict bench_cache 64m;",
        http = function(port)
            return "    server { listen 127.0.0.1:" .. port .. [[;
        location /bench { content_by_lua_block {
            local json = require "dataforseo.json"
            local anchors = require("dataforseo.api").get("anchors")
            local s = require("dataforseo.engine.store").open({ shared_dict = "bench_cache" })
            local f = assert(io.open(ngx.var.arg_body, "rb"))
            local body = f:read("*a")
            f:close()
            local t = { target = "forbes.com", limit = 1000, offset = 0 }
            local key = s:key(anchors, t)
            assert(s:put(key, body, { cost = 0.05, items = 1000 }))
            local n = tonumber(ngx.var.arg_n)
            local function clock() ngx.update_time() return ngx.now() end
            collectgarbage()
            local t0 = clock()
            for _ = 1, n do assert(s:get(key)) end
            local t1 = clock()
            collectgarbage()
            local t2 = clock()
            for _ = 1, n do
                local e = assert(s:get(key))
                assert(anchors.result({ status = 200, data = json.decode(e.value) }, t))
            end
            ngx.say(string.format("%.9f %.9f", (clock() - t2) / n, (t1 - t0) / n))
        } }
    }]]
        end,
    })
    local p = io.popen("curl -s 'http://127.0.0.1:" .. app.port .. "/bench?n=" .. HITS .. "&body="
        .. dir .. "/body.json'")
    local out = p:read("*a")
    p:close()
    app:stop()
    local served, got = out:match("^(%S+) (%S+)")
    assert(served, "the nginx bench failed: " .. out)
    return tonumber(served) * 1000, tonumber(got) * 1000
end
results.dict = { inside_nginx() }

-- Bytes per page, and gzip's levels on one page.
local raw = 0
for k = 1, PAGES do raw = raw + #bodies[k] end
raw = raw / PAGES
local levels = {}
for _, level in ipairs({ 1, 3, 6, 9 }) do
    local t0 = now()
    local packed
    for _ = 1, 5 do packed = zlib.gzip(bodies[1], level) end
    local t1 = now()
    for _ = 1, 5 do zlib.gunzip(packed, #bodies[1]) end
    levels[#levels + 1] = { level, #packed, (t1 - t0) / 5 * 1000, (now() - t1) / 5 * 1000 }
end
-- What the engine pays if it must write the page from Lua values instead
-- of keeping the body it received.
local decoded = json.decode(bodies[1])
local t0 = now()
for _ = 1, 3 do json_writer.encode(decoded) end
local encode_ms = (now() - t0) / 3 * 1000
t0 = now()
for _ = 1, 5 do codec.encode(bodies[1], { at = 1, cost = 0.05 }) end
local put_ms = (now() - t0) / 5 * 1000
helpers.remove(dir)

print(string.format("response store, %s, %d pages of 1000 anchors (%s), %d hits each", interp, PAGES, TARGET,
    HITS))
print(string.format("%-46s %10s %10s", "", "ms/page", "vs live"))
print(string.format("%-46s %10.2f %10s", "live call (emulator, keep-alive)", live_ms, "1.00x"))
local names = { { "sqlite", "SQLite" }, { "redis", "Redis (LuaSocket)" }, { "dict", "shared dict (nginx, LuaJIT)" } }
for _, n in ipairs(names) do
    local r = results[n[1]]
    print(string.format("%-46s %10.2f %9.3fx", "stored page served: " .. n[2], r[1], r[1] / live_ms))
end
for _, n in ipairs(names) do
    local r = results[n[1]]
    print(string.format("%-46s %10.2f %9.3fx", "  of which the store's get: " .. n[2], r[2], r[2] / live_ms))
end
print()
print(string.format("bytes per page: %.0f as JSON, %.0f stored (SQLite, gzip %d): %.1fx smaller",
    raw, per_page, codec.LEVEL, raw / per_page))
print(string.format("%-10s %10s %10s %10s", "gzip level", "bytes", "gzip ms", "gunzip ms"))
for _, l in ipairs(levels) do print(string.format("%-10d %10d %10.2f %10.2f", l[1], l[2], l[3], l[4])) end
print(string.format("a put's record (checksum + gzip %d): %.2f ms; writing the page again from Lua values "
    .. "(json_writer): %.2f ms", codec.LEVEL, put_ms, encode_ms))
