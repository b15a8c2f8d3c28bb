-- What a review of the response store found: each case failed before its
-- fix.  Hostile records (a forged header that claims a huge value), a
-- resumed walk whose live pages contradict its snapshot, and hits that
-- are not served.
local codec = require "dataforseo.engine.store.codec"
local core = require "dataforseo.core"
local helpers = dofile("spec/support/helpers.lua")
local sh = dofile("spec/support/store_helpers.lua")
local store = require "dataforseo.engine.store"

-- A record whose CRC is right (anyone who can write the store can make
-- one) but whose header claims `size` bytes for `body`.
local function forged(size, body, how)
    local rest = string.format("%d %d %s at=1 cost=0\n", size, #body, how) .. body
    return string.format("DFS1 %08x ", core.zlib.crc32(rest)) .. rest
end

describe("a forged record", function()
    it("claiming a huge value for a small gzip body is damaged without allocating its claim", function()
        local body = assert(core.zlib.gzip(("x"):rep(1000), 6))
        local bytes = forged(400 * 1024 * 1024, body, "gz")
        collectgarbage("collect")
        collectgarbage("stop")
        local before = collectgarbage("count")
        local v, why, damaged = codec.decode(bytes)
        local grew = collectgarbage("count") - before
        collectgarbage("restart")
        assert.is_nil(v)
        assert.is_true(damaged, tostring(why))
        assert(grew < 4096, string.format("decoding a 47-byte forged record took %.0f KiB", grew))
    end)

    it("whose gzip body really inflates to its claim is still read", function()
        local value = ("abc"):rep(200000)
        local bytes = codec.encode(value, { at = 1, cost = 0 })
        assert.is_true(#bytes * 100 < #value)
        assert.equal(value, (codec.decode(bytes)))
    end)
end)

describe("a resumed walk whose live pages contradict its snapshot", function()
    local dataforseo = require "dataforseo"
    local emulator = require "dataforseo_emulator"
    local books = dofile("spec/support/books.lua")
    local MEDIUM = "medium-example.com"
    local srv, dir

    setup(function() srv = assert(emulator.start{ port = 0 }) end)
    teardown(function() srv:stop() end)
    before_each(function()
        assert(srv:control{ reset = true })
        dir = helpers.tmpdir("store-review")
    end)
    after_each(function() helpers.remove(dir) end)

    it("a stored body that no longer reads as a page is no hit: stats count no money saved", function()
        local c = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url,
            cache = { sqlite = dir .. "/cache.sqlite" } })
        local params = { target = MEDIUM, limit = 5 }
        local anchors = require("dataforseo.api").get("anchors")
        local s = c:store()
        -- A whole record (its checksum is right) whose body is an answer the API would not have
        -- stored: an error task.
        local key = assert(s:key(anchors, assert(anchors.task(params, true))))
        assert(s:put(key, '{"status_code":20000,"tasks":[{"status_code":40501,"status_message":"Invalid Field"}]}',
            { cost = 0.5 }))
        local page = assert(c:anchors(params))
        assert.is_nil(page.cached)
        local st = c:stats()
        assert.equal(0, st.hits)
        assert.equal(0, st.saved)
        assert.equal(1, st.store.misses)
        assert.near(page.cost, books.charged(srv), 1e-9)
        -- The live answer replaced it: now a hit, saving what the live call cost.
        local again = assert(c:anchors(params))
        assert.is_true(again.cached)
        assert.near(page.cost, c:stats().saved, 1e-12)
        c:close()
    end)

    it("ends total_changed once; run again, it begins a new snapshot instead of repeating the stale one",
        function()
        local c = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url,
            clock = { wall = sh.clock(1700000000).wall }, cache = { sqlite = dir .. "/cache.sqlite" } })
        local params = { target = MEDIUM, limit = 10 }
        local w = c:anchors_pages(params, { concurrency = 1 })
        assert(w())
        w:close()
        assert(srv:control{ graph_dates = { [MEDIUM] = "2024-01-01" } })
        local _, w2 = c:anchors_all(params, { concurrency = 1 })
        assert.equal("total_changed", w2.status)
        -- Run again: the data has not moved since; the walk is whole and of one state.
        local items, w3 = c:anchors_all(params, { concurrency = 1 })
        assert.is_table(items, tostring(w3))
        assert.equal("complete", w3.status)
        assert.equal(w3.total_count, #items)
        for _, item in ipairs(items) do assert.is_string(item.anchor) end
        -- And that snapshot is what the next run takes, all from the store.
        local charged = books.charged(srv)
        local again, w4 = assert(c:anchors_all(params, { concurrency = 1 }))
        assert.equal("complete", w4.status)
        assert.equal(w4.pages, w4.stored)
        assert.same(items, again)
        assert.near(charged, books.charged(srv), 1e-9)
        c:close()
    end)
end)

describe("Redis stores of two namespaces, one the other's prefix", function()
    local redis = dofile("spec/support/redis.lua")
    local srv
    setup(function() srv = assert(redis.start{}) end)
    teardown(function() srv:stop() end)

    it("keep apart: clear and stats of 'eu' leave 'eu:b' alone", function()
        local function open(namespace)
            return store.open({ redis = { port = srv.port }, namespace = namespace }, { log = function() end })
        end
        local eu, sub = open("eu"), open("eu:b")
        assert(eu:put("k", "one", { cost = 0.02 }))
        assert(sub:put("k", "two", { cost = 0.02 }))
        assert.equal(1, eu:stats().entries)
        assert.equal(1, eu:clear({ snapshots = true }))
        assert.equal("two", assert(sub:get("k")).value)
        eu:close()
        sub:close()
    end)
end)

describe("a SQLite file the store cannot use", function()
    local dir, path
    before_each(function()
        dir = helpers.tmpdir("store-review")
        path = dir .. "/cache.sqlite"
    end)
    after_each(function() helpers.remove(dir) end)

    local function sql(text)
        local db = assert(core.sqlite.open(path, { mode = "rwc" }))
        local st = assert(db:prepare(text))
        local rows = {}
        while st:step() == "row" do rows[#rows + 1] = { st:row() } end
        st:finalize()
        db:close()
        return rows
    end

    local function use(log)
        local s = store.open({ sqlite = path }, { log = log.fn })
        assert.is_nil(s:get("k"))
        assert.is_nil(s:put("k", "v", { cost = 0.02 }))
        s:close()
    end

    it("made by a newer version is left as it was (its journal mode too)", function()
        sql("PRAGMA user_version = 99")
        assert.equal("delete", sql("PRAGMA journal_mode")[1][1])
        local log = sh.log()
        use(log)
        assert.matches("newer version", log.lines[1], 1, true)
        assert.equal("delete", sql("PRAGMA journal_mode")[1][1])
        assert.equal(99, sql("PRAGMA user_version")[1][1])
    end)

    it("of another application is refused, never changed (its user_version is the application's)", function()
        sql("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        local log = sh.log()
        use(log)
        assert.equal(1, #log.lines, table.concat(log.lines, "\n"))
        assert.matches("another application", log.lines[1], 1, true)
        assert.not_matches("remove", log.lines[1], 1, true)      -- never advise deleting the application's data
        assert.equal(0, sql("PRAGMA user_version")[1][1])
        assert.equal("delete", sql("PRAGMA journal_mode")[1][1])
        assert.same({ { "customers" } }, sql("SELECT name FROM sqlite_master WHERE type = 'table'"))
    end)
end)

describe("a SQLite store whose kept snapshots fill max_bytes", function()
    local floor = math.floor
    local dir
    before_each(function() dir = helpers.tmpdir("store-review") end)
    after_each(function() helpers.remove(dir) end)

    -- Bytes that do not compress (CRC-32s of a counter).
    local function noise(n, seed)
        local out = {}
        for i = 1, math.ceil(n / 4) do
            local x = core.zlib.crc32(seed .. ":" .. i)
            out[i] = string.char(x % 256, floor(x / 256) % 256, floor(x / 65536) % 256, floor(x / 16777216) % 256)
        end
        return table.concat(out):sub(1, n)
    end

    it("still stores and serves answers: max_bytes bounds the answers, kept snapshots are outside it", function()
        local log, clock = sh.log(), sh.clock()
        local s = store.open({ sqlite = dir .. "/cache.sqlite", max_bytes = 128 * 1024 },
            { log = log.fn, clock = clock })
        -- Snapshots kept over time: 120 KiB that nothing may evict.
        for i = 1, 3 do
            local snap = s:begin("walk" .. i, { endpoint = "anchors", target = "example.com", total_count = 1,
                started_at = clock.wall() })
            assert(s:put("page" .. i, noise(40 * 1024, i), { cost = 0.02, snapshot = snap.id }))
            assert(s:keep(snap, { "page" .. i }))
            clock.advance(10)
        end
        for i = 1, 4 do
            assert(s:put("answer" .. i, noise(8 * 1024, "a" .. i), { cost = 0.02 }))
            assert.is_table(s:get("answer" .. i), "answer " .. i .. " was evicted as soon as it was put")
            clock.advance(100)
        end
        assert.equal(3, #assert(s:snapshots("anchors", "example.com")))
        assert.same({}, log.lines)
        s:close()
    end)
end)
