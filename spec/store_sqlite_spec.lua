-- The response store on real SQLite files: hits and misses, TTL under a
-- fake clock, max_age, snapshots of walks and keeping them, least
-- recently used eviction past max_bytes, counters that outlive the
-- process, namespaces, and two processes on one file at once.
local helpers = dofile("spec/support/helpers.lua")
local sh = dofile("spec/support/store_helpers.lua")
local api = require "dataforseo.api"
local core = require "dataforseo.core"
local store = require "dataforseo.engine.store"

local anchors = api.get("anchors")

-- Bytes that do not compress (CRC-32s of a counter): max_bytes counts what is stored.
local function noise(n, seed)
    local out, crc32 = {}, core.zlib.crc32
    for i = 1, math.ceil(n / 4) do
        local x = crc32((seed or 1) .. ":" .. i)
        out[i] = string.char(x % 256, math.floor(x / 256) % 256, math.floor(x / 65536) % 256,
            math.floor(x / 16777216) % 256)
    end
    return table.concat(out):sub(1, n)
end

describe("the SQLite store", function()
    local dir, path, clock, log, s
    local function open(extra)
        local c = { sqlite = path }
        for k, v in pairs(extra or {}) do c[k] = v end
        return store.open(c, { clock = clock, log = log.fn, origin = "http://emulator" })
    end
    before_each(function()
        dir = helpers.tmpdir("store")
        path = dir .. "/cache/dataforseo/cache.sqlite"
        clock, log = sh.clock(), sh.log()
        s = open({ ttl = 3600 })
    end)
    after_each(function()
        s:close()
        helpers.remove(dir)
    end)

    it("opens nothing before the first use, then a 0600 file in 0700 directories, WAL mode", function()
        assert.is_false(helpers.exists(dir .. "/cache"))
        assert.is_nil(s:get("k"))
        assert.equal("600", (helpers.capture("stat -c %a " .. helpers.shell_quote(path)):gsub("%s", "")))
        assert.equal("700", (helpers.capture("stat -c %a " .. helpers.shell_quote(dir .. "/cache")):gsub("%s", "")))
        local db = assert(core.sqlite.open(path, { mode = "ro" }))
        local st = assert(db:prepare("PRAGMA journal_mode"))
        assert.equal("row", st:step())
        assert.equal("wal", st:row())
        st:finalize()
        db:close()
        assert.same({}, log.lines)
    end)

    it("serves what was put, byte for byte, with its date and cost; a miss before", function()
        local key = s:key(anchors, { target = "example.com", limit = 1000 })
        local body = sh.body(1000) .. "\0tail"
        assert.is_nil(s:get(key))
        assert.is_true(s:put(key, body, { cost = 0.05, items = 1000 }))
        clock.advance(10)
        local e = assert(s:get(key))
        assert.equal(body, e.value)
        assert.equal(0.05, e.cost)
        assert.equal(1000, e.items)
        assert.equal(clock.wall() - 10, e.fetched_at)
        assert.equal(10, e.age)
        assert.is_nil(e.snapshot)
        -- The default limit and { limit = 100 } are one entry.
        assert.is_true(s:put(s:key(anchors, { target = "example.com" }), "small", { cost = 0.02 }))
        assert.equal("small", s:get(s:key(anchors, { target = "example.com", limit = 100 })).value)
        assert.same({}, log.lines)
    end)

    it("stores a 1000-item page in a fraction of its size", function()
        local body = sh.body(1000)
        s:put("k", body, { cost = 0.05 })
        local st = s:stats()
        assert.is_true(st.bytes < #body / 4, st.bytes .. " stored for " .. #body)
    end)

    it("expires entries after the TTL, under the store's clock; max_age narrows it", function()
        s:put("k", "v", { cost = 0.02 })
        clock.advance(1800)
        assert.is_nil(s:get("k", { max_age = 1799 }))
        assert.equal("v", s:get("k", { max_age = 1800 }).value)
        clock.advance(1800)
        assert.equal("v", s:get("k").value)             -- exactly the TTL: still fresh
        clock.advance(1)
        assert.is_nil(s:get("k"))
        -- max_age never widens the TTL.
        assert.is_nil(s:get("k", { max_age = 1e9 }))
        -- prune removes what expired and gives the bytes back.
        assert.equal(1, s:prune())
        assert.equal(0, s:stats().entries)
    end)

    it("refuses a put without a cost or with a value that is not a string", function()
        assert.has_error(function() s:put("k", "v", {}) end)
        assert.has_error(function() s:put("k", "v", { cost = -1 }) end)
        assert.has_error(function() s:put("k", "v", { cost = 0 / 0 }) end)
        assert.has_error(function() s:put("k", { "v" }, { cost = 0 }) end)
        assert.has_error(function() s:get(nil) end)
    end)

    it("keeps a walk's pages in one snapshot and finds its latest snapshot again", function()
        local task = { target = "example.com", limit = 1000 }
        local walk = s:walk_key(anchors, task)
        assert.is_nil(s:resume(walk))
        local snap = s:begin(walk, { endpoint = "anchors", target = "example.com", total_count = 2500,
            started_at = clock.wall() })
        local keys = {}
        for k = 1, 3 do
            task.offset = (k - 1) * 1000
            keys[k] = s:key(anchors, task)
            s:put(keys[k], sh.body(k == 3 and 500 or 1000, "p" .. k), { cost = 0.05, items = 1000, snapshot = snap.id })
        end
        clock.advance(60)
        local again = assert(s:resume(walk))
        assert.same({ snap.id, 2500, snap.started_at, "anchors", "example.com" },
            { again.id, again.total_count, again.started_at, again.endpoint, again.target })
        assert.equal(sh.body(1000, "p2"), s:get(keys[2], { snapshot = again.id }).value)
        -- A page of another snapshot is not served to this walk.
        assert.is_nil(s:get(keys[2], { snapshot = "another" }))
        -- A newer snapshot replaces the old as the one to resume.
        clock.advance(60)
        local newer = s:begin(walk, { endpoint = "anchors", target = "example.com", total_count = 2600,
            started_at = clock.wall() })
        assert.not_equal(snap.id, newer.id)
        assert.equal(newer.id, s:resume(walk).id)
        -- The snapshot is as old as its first page: past the TTL (or max_age) it is not resumed.
        clock.advance(31)
        assert.is_nil(s:resume(walk, { max_age = 30 }))
        clock.advance(3600)
        assert.is_nil(s:resume(walk))
    end)

    it("keep copies a complete walk out of TTL eviction, with its date; changes lists it", function()
        local task = { target = "example.com", limit = 1000 }
        local walk = s:walk_key(anchors, task)
        local function run_walk(total, tag)
            local snap = s:begin(walk, { endpoint = "anchors", target = "example.com", total_count = total,
                started_at = clock.wall() })
            local keys = {}
            for k = 1, 2 do
                task.offset = (k - 1) * 1000
                keys[k] = s:key(anchors, task)
                s:put(keys[k], sh.body(10, tag .. k), { cost = 0.05, items = 10, snapshot = snap.id })
            end
            return snap, keys
        end
        local snap1, keys1 = run_walk(2000, "old")
        local kept1 = assert(s:keep(snap1, keys1))
        assert.same({ 2, 20, clock.wall(), "anchors", "example.com" },
            { kept1.pages, kept1.items, kept1.kept_at, kept1.endpoint, kept1.target })
        clock.advance(86400 * 3)
        local snap2, keys2 = run_walk(2100, "new")
        -- A page that belongs to another snapshot cannot be kept under this one.
        local bad, err = s:keep(snap1, keys2)
        assert.is_nil(bad)
        assert.matches("page 1 of the walk is no longer in the store", err)
        assert(s:keep(snap2, keys2))
        -- Past every TTL, pruned and cleared: the kept snapshots stay, newest first.
        clock.advance(86400 * 30)
        s:prune()
        s:clear()
        assert.is_nil(s:get(keys2[1]))
        local list = assert(s:snapshots("anchors", "example.com"))
        assert.equal(2, #list)
        assert.same({ snap2.id, snap1.id }, { list[1].id, list[2].id })
        assert.equal(2100, list[1].total_count)
        assert.equal(sh.body(10, "old2"), assert(s:page(list[2], 2)))
        assert.equal(sh.body(10, "new1"), assert(s:page(list[1], 1)))
        assert.is_nil(s:page(list[1], 3))
        assert.same({}, s:snapshots("anchors", "other.com"))
        -- forget drops one; clear{ snapshots = true } drops the rest.
        assert.is_true(s:forget(list[2]))
        assert.equal(1, #s:snapshots("anchors", "example.com"))
        s:clear({ snapshots = true })
        assert.same({}, s:snapshots("anchors", "example.com"))
        assert.equal(0, s:stats().entries)
    end)

    it("evicts the least recently used past max_bytes, never a kept record", function()
        s:close()
        s = open({ max_bytes = 200 * 1024 })
        local snap = s:begin("walk", { endpoint = "anchors", target = "example.com", total_count = 1,
            started_at = clock.wall() })
        s:put("kept", noise(25 * 1024, 99), { cost = 0.02, snapshot = snap.id })
        assert(s:keep(snap, { "kept" }))
        for i = 1, 5 do
            s:put("k" .. i, noise(25 * 1024, i), { cost = 0.02 })
            clock.advance(100)
        end
        -- k1 and k2 are read again (their use time moves on); then more come in.
        assert.truthy(s:get("k1"))
        assert.truthy(s:get("k2"))
        for i = 6, 8 do         -- (one more than the kept copy's room: it is not counted)
            s:put("k" .. i, noise(25 * 1024, i), { cost = 0.02 })
            clock.advance(100)
        end
        local st = s:stats()
        assert.is_true(st.bytes <= 200 * 1024 + 26 * 1024, st.bytes)     -- the kept copy is outside max_bytes
        assert.truthy(s:get("k1"))
        assert.truthy(s:get("k2"))
        assert.truthy(s:get("k7"))
        assert.is_nil(s:get("k3") and "k3 is still there")
        assert.is_not_nil(s:page(s:snapshots("anchors", "example.com")[1], 1))
        -- A value larger than max_bytes is not kept at all (and evicts nothing).
        assert.is_true(s:put("huge", noise(300 * 1024), { cost = 0.02 }))
        assert.is_nil(s:get("huge") and "huge was stored")
        assert.truthy(s:get("k7"))
        assert.same({}, log.lines)
    end)

    it("counts hits, misses and money saved, across processes and reopenings", function()
        s:put("a", "x", { cost = 0.25 })
        s:get("a")
        s:get("a")
        s:get("b")
        local st = s:stats()
        assert.same({ 2, 1, 0.5 }, { st.hits, st.misses, st.saved })
        assert.same({ hits = 2, misses = 1, saved = 0.5, failures = 0 }, st.session)
        s:close()
        s = open()
        s:get("a")
        st = s:stats()
        assert.same({ 3, 1, 0.75, 1 }, { st.hits, st.misses, st.saved, st.entries })
        assert.equal("sqlite", st.backend)
        assert.equal(path, st.where)
    end)

    it("keeps namespaces apart in one file", function()
        local other = open({ namespace = "team-b" })
        s:put("k", "mine", { cost = 0.02 })
        assert.is_nil(other:get("k"))
        other:put("k", "theirs", { cost = 0.02 })
        assert.equal("mine", s:get("k").value)
        other:clear({ snapshots = true })
        assert.equal("mine", s:get("k").value)
        assert.is_nil(other:get("k"))
        other:close()
    end)

    it("two processes on one new file at once: no lock failure, nothing mixed up", function()
        -- Making the file is the racy moment: three new files, two processes each.
        for run = 1, 3 do
            local file = dir .. "/race" .. run .. "/cache.sqlite"
            local results = sh.workers({
                { cache = { sqlite = file }, name = "a", rounds = run == 3 and 150 or 40, size = 20000 },
                { cache = { sqlite = file }, name = "b", rounds = run == 3 and 150 or 40, size = 20000 },
            }, dir)
            for _, r in ipairs(results) do
                assert.same({}, r.logs)
                assert.equal(run == 3 and 150 or 40, r.own_ok)
                assert.equal(0, r.mismatches)
                assert.is_true(r.shared_seen > (run == 3 and 100 or 20))
            end
            path = file
        end
        -- Everything either wrote is here for a third reader.
        s:close()
        s = store.open({ sqlite = path }, { log = log.fn })
        for i = 1, 150 do
            assert.truthy(s:get("a-" .. i))
            assert.truthy(s:get("b-" .. i))
        end
        assert.same({}, log.lines)
    end)
end)
