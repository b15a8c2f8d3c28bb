-- The response store inside real nginx: two workers share one
-- lua_shared_dict (what one stored, the other serves), TTL under the
-- stores' clock, a kept snapshot listed by another worker, the Redis store
-- over cosockets read and written by a plain-Lua process too (with the C
-- core in nginx, and without it: the FFI gzip and nginx's CRC-32 write the
-- same records), and a missing dictionary said once in the error log.
-- Needs build/luajit/dataforseo/core.so (nginx's Lua is LuaJIT).
local helpers = dofile("spec/support/helpers.lua")
local redis = dofile("spec/support/redis.lua")
local nginx_host = dofile("spec/hosts/nginx_host.lua")
local json = require "dataforseo.json"
local http = require "socket.http"
local store = require "dataforseo.engine.store"

local ROOT = helpers.ROOT

local function start_app(with_core)
    return assert(nginx_host.start{
        workers = 2,
        lua_path = { ROOT .. "/lua/?.lua", ROOT .. "/lua/?/init.lua", ROOT .. "/spec/support/?.lua" },
        lua_cpath = with_core and { helpers.build_dir("luajit") .. "/?.so" } or {},
        main = "    lua_shared_dict store_cache 4m;\n    lua_shared_dict store_clock 16k;\n"
            .. "    init_worker_by_lua_block { require('store_app').init_worker() }",
        http = function(port)
            return "    server {\n        listen 127.0.0.1:" .. port .. " reuseport;\n"
                .. "        location = /dict { content_by_lua_block { require('store_app').dict() } }\n"
                .. "        location = /redis { content_by_lua_block { require('store_app').redis() } }\n"
                .. "        location = /clock { content_by_lua_block { require('store_app').clock() } }\n"
                .. "        location = /undeclared { content_by_lua_block { require('store_app').undeclared() } }\n"
                .. "    }"
        end,
    })
end

-- One request on a new connection (reuseport spreads them over the workers).
local function get(app, path)
    local body, status = http.request("http://127.0.0.1:" .. app.port .. path)
    assert(status == 200, "HTTP " .. tostring(status) .. ": " .. tostring(body) .. "\n" .. app:error_log())
    return json.decode(body, { null_as_nil = true })
end

local function value_of(key, size)
    return (key .. "\0"):rep(math.ceil(size / (#key + 1))):sub(1, size)
end

-- An app (with or without the core) and a redis-server for one describe block.
local function servers(with_core)
    local self = {}
    setup(function()
        self.app = start_app(with_core)
        self.srv = assert(redis.start())
    end)
    teardown(function()
        if self.app then self.app:stop() end
        if self.srv then self.srv:stop() end
    end)
    return self
end

describe("the store inside nginx", function()
    local s = servers(true)
    local app, srv
    before_each(function() app, srv = s.app, s.srv end)

    it("two workers share one dictionary: what one stored, the other serves", function()
        -- Each worker stored a record of its own at start; ask until both have answered.
        local pids, crossed = {}, false
        for _ = 1, 60 do
            local r = get(app, "/dict?op=stats")
            pids[r.pid] = true
            if next(pids, next(pids)) then break end
        end
        local list = {}
        for pid in pairs(pids) do list[#list + 1] = pid end
        assert.equal(2, #list, "only one worker answered")
        for _ = 1, 40 do
            local r = get(app, "/dict?op=get&key=from-" .. list[1] .. "&size=5000")
            assert.is_true(r.found and r.value_ok)
            assert.equal(5000, r.size)
            if r.pid == list[2] then crossed = true end
        end
        assert.is_true(crossed, "no request to the other worker")
        -- A put through one connection is a hit on every other.
        assert.is_true(get(app, "/dict?op=put&key=page1&size=200000").ok)
        local seen = {}
        for _ = 1, 20 do
            local r = get(app, "/dict?op=get&key=page1")
            assert.is_true(r.found and r.value_ok)
            assert.equal(0.05, r.cost)
            seen[r.pid] = true
        end
        assert.truthy(seen[list[1]] and seen[list[2]])
        local st = get(app, "/dict?op=stats").stats
        assert.equal("shared_dict", st.backend)
        assert.is_true(st.hits >= 60, "hits " .. st.hits)
        assert.same({}, get(app, "/dict?op=stats").logs)
    end)

    it("expires records under the stores' clock; keeps a snapshot another worker lists", function()
        assert.is_true(get(app, "/dict?op=put&key=short&size=100").ok)
        assert.is_true(get(app, "/dict?op=get&key=short").found)
        get(app, "/clock?advance=61")
        for _ = 1, 6 do assert.is_false(get(app, "/dict?op=get&key=short").found) end
        assert.is_true(get(app, "/dict?op=keep&key=kept.example&size=3000").ok)
        for _ = 1, 6 do
            local r = get(app, "/dict?op=list&key=kept.example&size=3000")
            assert.equal(1, r.count)
            assert.is_true(r.value_ok)
        end
    end)

    it("the Redis store over cosockets shares records with a plain-Lua process", function()
        local plain = store.open({ redis = { port = srv.port }, ttl = 60 })
        local put = get(app, "/redis?op=put&key=from-nginx&size=100000&port=" .. srv.port)
        assert.is_true(put.core)
        assert.is_true(put.ok)
        local e = assert(plain:get("from-nginx"))
        assert.equal(value_of("from-nginx", 100000), e.value)
        plain:put("from-plain", value_of("from-plain", 100000), { cost = 0.05 })
        local r = get(app, "/redis?op=get&key=from-plain&port=" .. srv.port)
        assert.is_true(r.found and r.value_ok)
        assert.same({}, r.logs)
        plain:clear({ snapshots = true })
        plain:close()
    end)

    it("a dictionary nginx lacks: one line in the error log, the request goes on", function()
        for _ = 1, 4 do
            local r = get(app, "/undeclared")
            assert.is_false(r.found)
            assert.is_false(r.put)
        end
        local text = app:error_log()
        local _, count = text:gsub("nginx has no lua_shared_dict not_declared", "")
        -- Each request here makes its own store: each says it once (its get and put: one line).
        assert.equal(4, count, text)
        assert.matches("calls go live", text, 1, true)
    end)
end)

describe("the store inside nginx without the C core", function()
    local s = servers(false)
    local app, srv
    before_each(function() app, srv = s.app, s.srv end)

    it("writes records (FFI gzip, nginx's CRC-32) that the core reads, and reads the core's", function()
        local plain = store.open({ redis = { port = srv.port }, ttl = 60 })
        local put = get(app, "/redis?op=put&key=pure&size=100000&port=" .. srv.port)
        assert.is_false(put.core)
        assert.is_true(put.ok)
        local e = assert(plain:get("pure"))
        assert.equal(value_of("pure", 100000), e.value)
        -- It was compressed: the FFI path found zlib.
        local resp = require "dataforseo.hosts.resp"
        local conn = assert(resp.connect{ host = "127.0.0.1", port = srv.port })
        assert.is_true(#conn:call("GET", "dataforseo:cache:default|e:pure") < 20000)
        conn:close()
        plain:put("core", value_of("core", 100000), { cost = 0.05 })
        local r = get(app, "/redis?op=get&key=core&port=" .. srv.port)
        assert.is_true(r.found and r.value_ok)
        assert.is_true(get(app, "/dict?op=put&key=d&size=50000").ok)
        assert.is_true(get(app, "/dict?op=get&key=d").value_ok)
        plain:clear({ snapshots = true })
        plain:close()
    end)
end)
