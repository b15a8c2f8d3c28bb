-- The response store on a real redis-server (spec/support/redis.lua):
-- hits, the server's own TTL and the store's clock, snapshots kept without
-- a TTL, a damaged record deleted, prefixes and namespaces apart, AUTH and
-- SELECT, and two processes sharing one store.
local helpers = dofile("spec/support/helpers.lua")
local redis = dofile("spec/support/redis.lua")
local sh = dofile("spec/support/store_helpers.lua")
local store = require "dataforseo.engine.store"

describe("the Redis store", function()
    local srv, clock, log, s
    setup(function() srv = assert(redis.start{ password = "store-pass" }) end)
    teardown(function() srv:stop() end)
    local function open(extra)
        local c = { redis = { port = srv.port, password = "store-pass", db = 3 }, ttl = 600 }
        for k, v in pairs(extra or {}) do c[k] = v end
        return store.open(c, { clock = clock, log = log.fn, origin = "http://emulator" })
    end
    before_each(function()
        clock, log = sh.clock(helpers.capture("date +%s") + 0), sh.log()
        assert(srv:call("SELECT", 3))
        s = open()
    end)
    after_each(function()
        s:clear({ snapshots = true })
        s:close()
        assert.same({}, log.lines)
    end)

    local function server(...)
        local conn = assert(require("dataforseo.hosts.resp").connect{ host = "127.0.0.1", port = srv.port,
            password = "store-pass", db = 3, timeout = 2 })
        local reply, err = conn:call(...)
        conn:close()
        assert(reply ~= nil, err)
        return reply
    end

    it("serves what was put, with the TTL set on the server too", function()
        local body = sh.body(1000) .. "\0tail"
        assert.is_nil(s:get("k"))
        assert.is_true(s:put("k", body, { cost = 0.05, items = 1000 }) and true)
        local e = assert(s:get("k"))
        assert.same({ body, 0.05, 1000 }, { e.value, e.cost, e.items })
        local ttl = server("TTL", "dataforseo:cache:default|e:k")
        assert.is_true(ttl > 590 and ttl <= 600, "TTL " .. ttl)
        -- Compressed on the server as in a file.
        assert.is_true(server("STRLEN", "dataforseo:cache:default|e:k") < #body / 4)
    end)

    it("expires under the store's clock even before Redis drops the key", function()
        s:put("k", "v", { cost = 0.02 })
        clock.advance(300)
        assert.is_nil(s:get("k", { max_age = 299 }))
        assert.equal("v", s:get("k").value)
        clock.advance(301)
        assert.is_nil(s:get("k"))
        assert.equal(1, server("EXISTS", "dataforseo:cache:default|e:k"))
    end)

    it("a damaged record is a miss, deleted, and said once", function()
        s:put("k", sh.body(100), { cost = 0.02 })
        local bytes = server("GET", "dataforseo:cache:default|e:k")
        server("SET", "dataforseo:cache:default|e:k", bytes:sub(1, -30))
        assert.is_nil(s:get("k"))
        assert.equal(0, server("EXISTS", "dataforseo:cache:default|e:k"))
        assert.equal(1, #log.lines)
        assert.matches("was damaged", log.lines[1], 1, true)
        log.lines = {}
    end)

    it("keeps a walk without a TTL, lists and forgets it", function()
        local snap = s:begin("walk", { endpoint = "anchors", target = "example.com", total_count = 2,
            started_at = clock.wall() })
        s:put("p1", sh.body(1, "a"), { cost = 0.02, items = 1, snapshot = snap.id })
        s:put("p2", sh.body(1, "b"), { cost = 0.02, items = 1, snapshot = snap.id })
        assert.equal(snap.id, s:resume("walk").id)
        local kept = assert(s:keep(snap, { "p1", "p2" }))
        assert.equal(-1, server("TTL", "dataforseo:cache:default|k:" .. snap.id .. ":1"))
        assert.equal(-1, server("TTL", "dataforseo:cache:default|s:" .. snap.id))
        s:clear()          -- pages and walks go; the kept snapshot stays
        assert.is_nil(s:get("p1"))
        local list = s:snapshots("anchors", "example.com")
        assert.equal(1, #list)
        assert.same({ kept.id, 2, 2 }, { list[1].id, list[1].pages, list[1].items })
        assert.equal(sh.body(1, "b"), s:page(list[1], 2))
        assert.is_true(s:forget(list[1]))
        assert.same({}, s:snapshots("anchors", "example.com"))
        assert.equal(0, server("EXISTS", "dataforseo:cache:default|k:" .. snap.id .. ":1"))
    end)

    it("counts, measures and clears only its own prefix and namespace", function()
        local other = open({ namespace = "b" })
        local elsewhere = store.open({ redis = { port = srv.port, password = "store-pass", db = 3, prefix = "app" } },
            { clock = clock, log = log.fn })
        s:put("k", "mine", { cost = 0.5 })
        other:put("k", "theirs", { cost = 0.5 })
        elsewhere:put("k", "far", { cost = 0.5 })
        s:get("k")
        s:get("nope")
        local st = s:stats()
        assert.same({ "redis", 1, 1, 0.5, 1, 0 }, { st.backend, st.hits, st.misses, st.saved, st.entries, st.kept })
        assert.matches("redis 127.0.0.1:" .. srv.port .. "/3", st.where, 1, true)
        assert.equal(1, s:clear())
        assert.equal("theirs", other:get("k").value)
        assert.equal("far", elsewhere:get("k").value)
        assert.truthy(server("EXISTS", "app:cache:default|e:k") == 1)
        other:clear({ snapshots = true })
        elsewhere:clear({ snapshots = true })
        other:close()
        elsewhere:close()
    end)

    it("a wrong password: one clear line, no password in it", function()
        local bad = store.open({ redis = { port = srv.port, password = "wrong-secret" } }, { log = log.fn })
        assert.is_nil(bad:get("k"))
        bad:close()
        assert.equal(1, #log.lines)
        assert.matches("Redis refused AUTH", log.lines[1], 1, true)
        assert.not_matches("wrong-secret", log.lines[1], 1, true)
        log.lines = {}
    end)

    it("two processes share one store: each sees what the other wrote", function()
        local dir = helpers.tmpdir("store")
        local cache = { redis = { port = srv.port, password = "store-pass", db = 3 }, namespace = "two" }
        local results = sh.workers({
            { cache = cache, name = "a", rounds = 150, size = 20000 },
            { cache = cache, name = "b", rounds = 150, size = 20000 },
        }, dir)
        helpers.remove(dir)
        for _, r in ipairs(results) do
            assert.same({}, r.logs)
            assert.equal(150, r.own_ok)
            assert.equal(0, r.mismatches)
            assert.is_true(r.shared_seen > 100)
        end
        local both = store.open(cache, { log = log.fn })
        for i = 1, 150 do
            assert.truthy(both:get("a-" .. i))
            assert.truthy(both:get("b-" .. i))
        end
        local st = both:stats()
        assert.is_true(st.hits >= 2 * 150 + 300, "hits " .. st.hits)
        both:clear({ snapshots = true })
        both:close()
    end)
end)
