-- The response store wired into the client (option `cache`): against the
-- emulator, whose own books (user_data's spend) say what was charged.  A
-- hit is the live Page plus cached, fetched_at, cost = 0 and saved; it is
-- not charged, not paced and has no ledger line; walks resume from their
-- snapshot and never mix two; fresh, max_age and the TTL under a fake clock;
-- a damaged file or record costs nothing but the live call.
local dataforseo = require "dataforseo"
local emulator = require "dataforseo_emulator"
local helpers = dofile("spec/support/helpers.lua")
local books = dofile("spec/support/books.lua")
local sh = dofile("spec/support/store_helpers.lua")

local HUGE = "huge-example.com"
local MEDIUM = "medium-example.com"
local quote = helpers.shell_quote

describe("the client's response store", function()
    local srv, dir, path, log, clock

    setup(function()
        srv = assert(emulator.start{ port = 0 })
        -- The huge graph takes seconds to build once: built here, not inside a timed walk.
        local c = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url })
        assert(c:anchors{ target = HUGE, limit = 1 })
        c:close()
    end)
    teardown(function() srv:stop() end)

    before_each(function()
        assert(srv:control{ reset = true })
        dir = helpers.tmpdir("store-client")
        path = dir .. "/cache/dataforseo.sqlite"
        log, clock = sh.log(), sh.clock(1700000000)
    end)
    after_each(function() helpers.remove(dir) end)

    local function client(extra)
        local o = { login = "demo", password = "demo", base_url = srv.base_url, log = log.fn,
            clock = { wall = clock.wall }, cache = { sqlite = path } }
        for k, v in pairs(extra or {}) do
            if v == false then o[k] = nil else o[k] = v end
        end
        return assert(dataforseo.new(o))
    end

    local function walk100(c, opts)
        local o = { max_items = 1000 }
        for k, v in pairs(opts or {}) do o[k] = v end
        return c:anchors_all({ target = HUGE, limit = 10 }, o)
    end

    it("a walk of 100 pages run twice is charged once, and gives the same items", function()
        local c = client()
        local first, w1 = assert(walk100(c))
        local charged = books.charged(srv)
        assert.equal(100, w1.pages)
        assert.equal(0, w1.stored)
        assert.near(w1.cost, charged, 1e-9)
        assert.near(2.03, charged, 1e-9)                 -- 100 calls of 10 anchors
        c:close()

        c = client()
        local second, w2 = assert(walk100(c))
        assert.equal(charged, books.charged(srv))        -- the emulator's spend did not move
        assert.same(first, second)
        assert.equal(100, w2.stored)
        assert.near(charged, w2.saved, 1e-9)
        assert.equal(0, w2.cost)
        assert.equal(0, w2.calls)
        assert.equal(0, c:spent())
        local st = c:stats()
        assert.equal(100, st.hits)
        assert.near(charged, st.saved, 1e-9)
        assert.equal(0, st.calls)
        c:close()
        assert.same({}, log.lines)
    end)

    it("a hit is the live Page with cached, fetched_at, cost 0 and saved; unpaced, no ledger line", function()
        local ledger = dir .. "/ledger.jsonl"
        local c = client{ calls_per_minute = 1, ledger = ledger }
        local live = assert(c:anchors{ target = MEDIUM, limit = 5 })
        assert.is_nil(live.cached)
        local lines = helpers.read_file(ledger)
        clock.advance(60)
        -- calls_per_minute is 1: only the store can answer these at once.
        local t0 = require("dataforseo.core").http.now()
        for _ = 1, 3 do
            local hit = assert(c:anchors{ target = MEDIUM, limit = 5, offset = 0 })   -- the default made explicit
            assert.is_true(hit.cached)
            assert.equal(1700000000, hit.fetched_at)
            assert.equal(0, hit.cost)
            assert.near(live.cost, hit.saved, 1e-12)
            assert.same(live.items, hit.items)
            assert.equal(live.total_count, hit.total_count)
        end
        assert.is_true(require("dataforseo.core").http.now() - t0 < 5)
        assert.equal(lines, helpers.read_file(ledger))
        assert.near(live.cost, books.charged(srv), 1e-9)
        assert.near(live.cost, c:spent(), 1e-12)
        c:close()
    end)

    it("fresh = true goes live and refreshes; max_age narrows the TTL; the TTL ends a record", function()
        local c = client{ cache = { sqlite = path, ttl = 3600 } }
        local params = { target = MEDIUM, limit = 5 }
        assert(c:anchors(params))
        local paid = books.charged(srv)
        clock.advance(100)
        local fresh = assert(c:anchors(params, { fresh = true }))
        assert.is_nil(fresh.cached)
        assert.near(2 * paid, books.charged(srv), 1e-9)
        assert.equal(1700000100, assert(c:anchors(params)).fetched_at)       -- refreshed
        clock.advance(50)
        assert.is_true(assert(c:anchors(params, { max_age = 60 })).cached)  -- 50 s old
        assert.is_nil(assert(c:anchors(params, { max_age = 10 })).cached)   -- older than 10 s: live
        assert.near(3 * paid, books.charged(srv), 1e-9)
        clock.advance(3601)
        assert.is_nil(assert(c:anchors(params)).cached)                      -- past the TTL
        assert.is_true(assert(c:anchors(params)).cached)
        assert.near(4 * paid, books.charged(srv), 1e-9)
        assert.has_error(function() c:anchors(params, { max_age = -1 }) end,
            "dataforseo.anchors: option 'max_age' must be > 0 and at most 315360000 (seconds), got -1")
        c:close()
    end)

    -- The walk of walk100 stopped by a break after its 40th page (the 40 pages paid and stored).
    local function first_40_pages(c)
        local w = c:anchors_pages({ target = HUGE, limit = 10 }, { max_items = 1000, concurrency = 1 })
        for page in w do
            if page.offset >= 390 then break end
        end
        w:close()
        return w
    end

    it("a walk stopped at page 40 pays only for the rest when run again, items once and in order", function()
        local plain = client{ cache = false }
        local c = client()
        local w = first_40_pages(c)
        assert.equal(40, w.pages)
        assert.near(0.0203 * 40, books.charged(srv), 1e-9)
        local items, w2 = assert(walk100(c, { concurrency = 1 }))
        assert.near(0.0203 * 100, books.charged(srv), 1e-9)
        assert.equal(40, w2.stored)
        assert.equal(60, w2.pages - w2.stored)
        assert.equal(1000, #items)
        c:close()
        -- The same items as a walk without the store (it pays again: that is the point of it).
        local expected = assert(walk100(plain))
        plain:close()
        assert.same(expected, items)
    end)

    it("confirm is asked at the first page paid for, about what is left; a rerun all from the store asks nothing",
        function()
        local c = client()
        first_40_pages(c)
        assert.near(0.0203 * 40, books.charged(srv), 1e-9)
        -- Resumed with confirm_over 1.0, below the whole walk (2.03) and below what is left
        -- (1.22): the hook is asked once, at page 41, about the 60 pages left.
        local asked = {}
        local items, w2 = assert(walk100(c, { concurrency = 4, confirm_over = 1.0, confirm = function(e)
            asked[#asked + 1] = e
            return true
        end }))
        assert.equal(1, #asked)
        assert.equal(600, asked[1].items)
        assert.equal(60, asked[1].calls)
        assert.equal(40, asked[1].stored)
        assert.is_true(asked[1].usd < 1.25 and asked[1].usd > 1.2, tostring(asked[1].usd))
        assert.equal(1000, #items)
        assert.equal(40, w2.stored)
        assert.near(0.0203 * 100, books.charged(srv), 1e-9)
        -- All from the store now: nothing to pay, nothing asked, even with confirm_over = 0.05
        -- (one page fits under it, the whole walk is forty times over).
        asked = {}
        items, w2 = assert(walk100(c, { confirm_over = 0.05, confirm = function(e)
            asked[#asked + 1] = e
            return false
        end }))
        assert.equal(0, #asked)
        assert.equal(1000, #items)
        assert.equal(100, w2.stored)
        assert.near(0.0203 * 100, books.charged(srv), 1e-9)
        -- A fresh walk asks at its first page, about all of it, as before.
        local _, w3 = c:anchors_all({ target = HUGE, limit = 10 }, { max_items = 1000, fresh = true,
            confirm_over = 0.5, confirm = function(e)
                asked[#asked + 1] = e
                return false
            end })
        assert.equal(1, #asked)
        assert.equal(1000, asked[1].items)
        assert.equal("declined", w3.status)
        c:close()
    end)

    it("never mixes two snapshots: a walk resumed after the data moved ends total_changed", function()
        local c = client()
        local w = c:anchors_pages({ target = MEDIUM, limit = 10 }, { concurrency = 1 })
        local first = w()
        w:close()
        -- The graph moves: the total changes; the stored first page belongs to the old one.
        assert(srv:control{ graph_dates = { [MEDIUM] = "2024-01-01" } })
        local _, w2 = c:anchors_all({ target = MEDIUM, limit = 10 }, { concurrency = 1 })
        assert.is_truthy(w2)
        assert.equal(1, w2.stored)
        assert.equal(first.total_count, w2.total_count)
        assert.equal("total_changed", w2.status)
        assert.are_not.equal(w2.total_count, w2.last_total_count)
        -- fresh = true begins a new snapshot: whole and consistent.
        local items, w3 = assert(c:anchors_all({ target = MEDIUM, limit = 10 }, { fresh = true }))
        assert.equal("complete", w3.status)
        assert.equal(0, w3.stored)
        assert.equal(w3.total_count, #items)
        local again, w4 = assert(c:anchors_all({ target = MEDIUM, limit = 10 }))
        assert.equal(w4.pages, w4.stored)
        assert.same(items, again)
        c:close()
    end)

    it("keep = true keeps a complete walk as a dated snapshot beyond the TTL", function()
        local c = client{ cache = { sqlite = path, ttl = 60 } }
        local items, w = assert(c:anchors_all({ target = MEDIUM, limit = 100 }, { keep = true }))
        assert.is_table(w.kept, w.keep_problem)
        assert.equal(#items, w.kept.items)
        assert.equal(w.pages, w.kept.pages)
        assert.equal(1700000000, w.kept.started_at)
        clock.advance(86400 * 30)
        local s = c:store()
        assert.equal(1, s:prune() >= 0 and 1)
        local snaps = assert(s:snapshots("anchors", MEDIUM))
        assert.equal(1, #snaps)
        local back = {}
        for i = 1, snaps[1].pages do
            local page = assert(require("dataforseo.json").decode(assert(s:page(snaps[1], i))))
            for _, item in ipairs(page.tasks[1].result[1].items) do back[#back + 1] = item.anchor end
        end
        for i, item in ipairs(items) do assert.equal(item.anchor, back[i]) end
        c:close()
    end)

    it("a file that is not a database and a damaged record cost only the live call", function()
        assert(helpers.sh("mkdir -p " .. quote(dir .. "/cache")))
        helpers.write_file(path, ("not a database\n"):rep(200))
        local c = client()
        assert(c:anchors{ target = MEDIUM, limit = 5 })
        assert(c:anchors{ target = MEDIUM, limit = 5 })
        c:close()
        assert.equal(1, #log.lines, table.concat(log.lines, "\n"))
        assert.matches("the file is not a SQLite database", log.lines[1], 1, true)
        assert.matches("remove " .. path, log.lines[1], 1, true)
        assert.near(2 * 0.02015, books.charged(srv), 1e-9)
        assert.equal(("not a database\n"):rep(200), helpers.read_file(path))   -- left as it was

        os.remove(path)
        log = sh.log()
        c = client()
        local live = assert(c:anchors{ target = MEDIUM, limit = 5 })
        c:close()
        -- The record cut short behind the store's back.
        assert(helpers.sh("sqlite3 " .. quote(path) .. " " .. quote("UPDATE records SET value = substr(value, 1, "
            .. "length(value) - 7) WHERE id LIKE '%e:%'")))
        c = client()
        local again = assert(c:anchors{ target = MEDIUM, limit = 5 })
        assert.is_nil(again.cached)
        assert.same(live.items, again.items)
        assert.is_true(assert(c:anchors{ target = MEDIUM, limit = 5 }).cached)   -- stored again
        c:close()
        assert.equal(1, #log.lines, table.concat(log.lines, "\n"))
        assert.matches("was damaged", log.lines[1], 1, true)
    end)

    it("two processes walk at once on one SQLite file: no lock failure, each pays at most once per page",
        function()
        local script = dir .. "/walker.lua"
        helpers.write_file(script, ([[
local dataforseo = require "dataforseo"
local lines = {}
local c = assert(dataforseo.new{ login = "demo", password = "demo", base_url = %q,
    cache = { sqlite = %q }, log = function(_, m) lines[#lines + 1] = m end })
local items, w = assert(c:anchors_all({ target = %q, limit = 10 }, { max_items = 1000, concurrency = 4 }))
c:close()
io.write(#items, " ", w.stored, " ", #lines, "\n", table.concat(lines, "\n"))
]]):format(srv.base_url, path, HUGE))
        local env = "LUA_PATH=" .. quote(helpers.ROOT .. "/lua/?.lua;" .. helpers.ROOT .. "/lua/?/init.lua;;")
            .. " LUA_CPATH=" .. quote(helpers.build_dir() .. "/?.so;;")
        local run = "env " .. env .. " " .. helpers.LUA .. " " .. quote(script)
        assert(helpers.sh(("%s >%s 2>&1 & %s >%s 2>&1; wait"):format(run, quote(dir .. "/a"), run,
            quote(dir .. "/b"))))
        local stored = 0
        for _, name in ipairs{ "a", "b" } do
            local out = helpers.read_file(dir .. "/" .. name)
            local n, hits, logs = out:match("^(%d+) (%d+) (%d+)")
            assert(n, out)
            assert.equal("1000", n)
            assert.equal("0", logs, out)
            stored = stored + tonumber(hits)
        end
        -- Whatever each took from the other, the two paid for 200 pages at most, the store's pages less.
        assert.near(0.0203 * (200 - stored), books.charged(srv), 1e-9)
    end)
end)

-- Two processes, one Redis store (a real redis-server): what one paid for,
-- the other gets at no cost.
describe("the client's response store on Redis, shared by two processes", function()
    local srv, rds, dir
    setup(function()
        srv = assert(emulator.start{ port = 0 })
        rds = assert(dofile("spec/support/redis.lua").start{ password = "store-pass" })
        dir = helpers.tmpdir("store-client-redis")
    end)
    teardown(function()
        if rds then rds:stop() end
        srv:stop()
        helpers.remove(dir)
    end)

    it("a walk paid by one process is served to the next from the store, charged once", function()
        local script = dir .. "/walker.lua"
        helpers.write_file(script, ([[
local dataforseo = require "dataforseo"
local lines = {}
local c = assert(dataforseo.new{ login = "demo", password = "demo", base_url = %q,
    cache = { redis = { port = %d, password = "store-pass", db = 2 } },
    log = function(_, m) lines[#lines + 1] = m end })
local items, w = assert(c:anchors_all({ target = %q, limit = 100 }, { max_items = 2000 }))
c:close()
local anchors = {}
for i, item in ipairs(items) do anchors[i] = item.anchor end
io.write(#items, " ", w.stored, " ", #lines, "\n", table.concat(anchors, "\n"))
]]):format(srv.base_url, rds.port, MEDIUM))
        local env = "LUA_PATH=" .. quote(helpers.ROOT .. "/lua/?.lua;" .. helpers.ROOT .. "/lua/?/init.lua;;")
            .. " LUA_CPATH=" .. quote(helpers.build_dir() .. "/?.so;;")
        local run = "env " .. env .. " " .. helpers.LUA .. " " .. quote(script)
        assert(srv:control{ reset = true })
        local first = helpers.capture(run .. " 2>&1")
        local n, stored, logs = first:match("^(%d+) (%d+) (%d+)")
        assert(n, first)
        assert.equal("0", stored)
        assert.equal("0", logs, first)
        local paid = books.charged(srv)
        assert.is_true(paid > 0)
        local second = helpers.capture(run .. " 2>&1")
        local n2, stored2, logs2 = second:match("^(%d+) (%d+) (%d+)")
        assert.equal(n, n2)
        assert.equal("0", logs2, second)
        assert.is_true(tonumber(stored2) >= 1)
        assert.equal(math.ceil(tonumber(n) / 100), tonumber(stored2))   -- every page from the store
        assert.equal(paid, books.charged(srv))                           -- the emulator's books did not move
        assert.equal(first:gsub("^[^\n]*\n", ""), (second:gsub("^[^\n]*\n", "")))
    end)
end)
