-- A store that fails never costs correctness: a damaged record is a miss
-- and is deleted; a file that is not a database, a damaged database, a
-- full disk, a read-only directory and an unreachable Redis each give one
-- clear line through the log, no error and no traceback, and the caller
-- goes live.  Real files, real limits (ulimit -f, a tiny tmpfs where
-- mount works, an unprivileged user for the read-only directory).
local helpers = dofile("spec/support/helpers.lua")
local sh = dofile("spec/support/store_helpers.lua")
local codec = require "dataforseo.engine.store.codec"
local core = require "dataforseo.core"
local store = require "dataforseo.engine.store"

local quote = helpers.shell_quote

-- The one line a failure logged, after checking there is just one.
local function only_line(log)
    assert.equal(1, #log.lines, table.concat(log.lines, "\n"))
    return log.lines[1]
end

describe("store records (codec)", function()
    local value = sh.body(20) .. "\0\255 tail"
    local meta = { at = 1700000000.25, cost = 0.0206, items = 20, snap = "abc123" }

    it("round-trips value and meta, compressed when that pays", function()
        local bytes = codec.encode(value, meta)
        assert.is_true(#bytes < #value)
        local v, m = codec.decode(bytes)
        assert.equal(value, v)
        assert.same(meta, m)
        assert.equal("tiny", (codec.decode(codec.encode("tiny", {}))))
    end)

    it("finds every cut and every changed byte", function()
        local bytes = codec.encode(value, meta)
        for n = 0, #bytes - 1 do
            local v, why, damaged = codec.decode(bytes:sub(1, n))
            assert(v == nil and damaged == true, "a record cut to " .. n .. " bytes was read: " .. tostring(why))
        end
        for i = 1, #bytes do
            local changed = bytes:sub(1, i - 1) .. string.char((bytes:byte(i) + 1) % 256) .. bytes:sub(i + 1)
            local v, _, damaged = codec.decode(changed)
            assert(v == nil and damaged, "a change at byte " .. i .. " was not seen")
        end
    end)

    it("refuses meta it cannot write back exactly", function()
        assert.has_error(function() codec.encode("v", { target = "a b" }) end)
        assert.has_error(function() codec.encode("v", { cost = 1 / 0 }) end)
        assert.has_error(function() codec.encode("v", { ["a b"] = 1 }) end)
    end)
end)

describe("a failing SQLite store", function()
    local dir, path, log, clock
    before_each(function()
        dir = helpers.tmpdir("store")
        path = dir .. "/cache.sqlite"
        log, clock = sh.log(), sh.clock()
    end)
    after_each(function() helpers.remove(dir) end)

    local function open()
        return store.open({ sqlite = path }, { log = log.fn, clock = clock })
    end

    local function sql(text, ...)
        local db = assert(core.sqlite.open(path, { mode = "rw" }))
        local st = assert(db:prepare(text))
        for i = 1, select("#", ...) do st:bind(i, (select(i, ...))) end
        local state = assert(st:step())
        local row = state == "row" and { st:row() } or nil
        st:finalize()
        db:close()
        return row
    end

    it("a file that is not a database: one clear line, then silence; calls go live", function()
        helpers.write_file(path, ("this is my thesis, not a cache\n"):rep(200))
        local s = open()
        assert.is_nil(s:get("k"))
        assert.is_nil(s:put("k", "v", { cost = 0.02 }))
        assert.is_nil(s:get("k"))
        local st = s:stats()
        s:close()
        local line = only_line(log)
        assert.matches("the response store (" .. path .. ") cannot be opened: the file is not a SQLite database",
            line, 1, true)
        assert.matches("calls go live", line, 1, true)
        assert.matches("remove " .. path .. " to start a new store", line, 1, true)
        assert.equal(line:gsub("^warn: ", ""), st.problem)
        assert.equal("store", log.events[1].kind)
        assert.equal("notadb", log.events[1].code)
        -- The file is left as it was.
        assert.equal(("this is my thesis, not a cache\n"):rep(200), helpers.read_file(path))
    end)

    it("a database damaged inside: a miss and one line, never wrong data", function()
        local s = open()
        for i = 1, 30 do s:put("k" .. i, sh.body(50, "v" .. i), { cost = 0.02 }) end
        s:close()
        -- Every page after the first (the schema) becomes garbage.
        local size = #helpers.read_file(path)
        assert(helpers.sh("dd if=/dev/urandom of=" .. quote(path) .. " bs=4096 seek=1 count="
            .. math.floor(size / 4096) .. " conv=notrunc 2>/dev/null"))
        s = open()
        for i = 1, 30 do
            local e = s:get("k" .. i)
            assert(e == nil or e.value == sh.body(50, "v" .. i), "wrong data served for k" .. i)
        end
        s:close()
        assert.is_true(#log.lines >= 1)
        assert.matches("damaged", table.concat(log.lines, "\n"))
    end)

    it("a truncated or altered record is a miss, deleted, and said once", function()
        local s = open()
        s:put("cut", sh.body(100, "a"), { cost = 0.02 })
        s:put("flip", sh.body(100, "b"), { cost = 0.02 })
        s:put("fine", sh.body(100, "c"), { cost = 0.02 })
        sql("UPDATE records SET value = substr(value, 1, length(value) - 40) WHERE id = ?", "default|e:cut")
        local len = sql("SELECT length(value) FROM records WHERE id = ?", "default|e:flip")[1]
        sql("UPDATE records SET value = substr(value, 1, ?) || x'00' || substr(value, ?) WHERE id = ?",
            len - 20, len - 18, "default|e:flip")
        assert.is_nil(s:get("cut"))
        assert.is_nil(s:get("flip"))
        assert.equal(sh.body(100, "c"), s:get("fine").value)
        assert.is_nil(sql("SELECT 1 FROM records WHERE id = ?", "default|e:cut"))
        assert.is_nil(sql("SELECT 1 FROM records WHERE id = ?", "default|e:flip"))
        -- The next put of the key stores it afresh.
        s:put("cut", "again", { cost = 0.02 })
        assert.equal("again", s:get("cut").value)
        s:close()
        local line = only_line(log)
        assert.matches("a record of the response store (" .. path .. ") was damaged", line, 1, true)
        assert.matches("it was deleted and the call goes live", line, 1, true)
    end)

    it("a full disk (a file size limit): puts fail with one clear line, the process goes on", function()
        local r = sh.workers({ { cache = { sqlite = dir .. "/limited/cache.sqlite" }, fill = true, rounds = 20,
            size = 100000, wrap = "bash -c 'trap \"\" XFSZ; ulimit -f 1000; exec \"$@\"' _" } }, dir)[1]
        assert.is_true(r.puts_ok >= 1 and r.puts_ok < 20, "puts that worked: " .. r.puts_ok)
        assert.equal(r.puts_ok, r.gets_ok)
        assert.equal(1, #r.logs, table.concat(r.logs, "\n"))
        -- EFBIG is SQLite's I/O error; a write cut part way would be its "full".
        assert.is_truthy(r.logs[1]:find("cannot be written: a disk I/O error, as from a full disk", 1, true)
            or r.logs[1]:find("cannot be written: the disk (or the store) is full", 1, true), r.logs[1])
    end)

    -- A real full file system, where this machine lets us mount one.
    local mountable = helpers.is_root() and helpers.sh("d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs \"$d\" "
        .. "2>/dev/null && umount \"$d\"; s=$?; rmdir \"$d\"; exit $s")
    if mountable then
        it("a full disk (a 512 KiB tmpfs): puts fail with one clear line", function()
            local mnt = dir .. "/tmpfs"
            assert(helpers.sh("mkdir -p " .. quote(mnt) .. " && mount -t tmpfs -o size=512k tmpfs " .. quote(mnt)))
            local ok, r = pcall(sh.workers, { { cache = { sqlite = mnt .. "/c/cache.sqlite" }, fill = true,
                rounds = 20, size = 100000 } }, dir)
            helpers.sh("umount " .. quote(mnt))
            assert(ok, r)
            r = r[1]
            assert.is_true(r.puts_ok >= 1 and r.puts_ok < 20, "puts that worked: " .. r.puts_ok)
            assert.equal(1, #r.logs, table.concat(r.logs, "\n"))
            assert.matches("cannot be written: the disk (or the store) is full", r.logs[1], 1, true)
        end)
    end

    it("a read-only directory: one clear line, every call goes on", function()
        local job = { cache = { sqlite = dir .. "/ro/cache.sqlite" }, fill = true, rounds = 3, size = 1000 }
        local results = dir
        assert(helpers.sh("mkdir -p " .. quote(dir .. "/ro")))
        if helpers.is_root() then
            -- Root writes anywhere: the worker runs as nobody, from a copy it may read.
            local tree = dir .. "/tree"
            results = dir .. "/results"
            assert(helpers.sh(table.concat({ "chmod 755 " .. quote(dir), "mkdir -p " .. quote(tree .. "/build")
                .. " " .. quote(tree .. "/spec") .. " " .. quote(results),
                "cp -r lua " .. quote(tree), "cp -r spec/support " .. quote(tree .. "/spec"),
                "cp -r build/" .. helpers.LUA .. " " .. quote(tree .. "/build"),
                "chmod -R a+rX " .. quote(tree), "chmod 777 " .. quote(results) }, " && ")))
            job.root, job.wrap = tree, "setpriv --reuid=65534 --regid=65534 --clear-groups"
        else
            assert(helpers.sh("chmod 555 " .. quote(dir .. "/ro")))
        end
        local r = sh.workers({ job }, results)[1]
        assert.equal(0, r.puts_ok)
        assert.equal(1, #r.logs, table.concat(r.logs, "\n"))
        assert.matches("cannot be opened: the file or its directory is read-only (cannot create the file: "
            .. "Permission denied)", r.logs[1], 1, true)
        assert.is_false(helpers.exists(dir .. "/ro/cache.sqlite"))
    end)
end)

describe("a failing Redis store", function()
    it("an unreachable server: one line, then left alone for a while (no wait per call)", function()
        local log, clock = sh.log(), sh.clock()
        local s = store.open({ redis = { port = helpers.free_port(), timeout = 0.5 } }, { log = log.fn, clock = clock })
        local t0 = core.http.now()
        for _ = 1, 20 do
            assert.is_nil(s:get("k"))
            assert.is_nil(s:put("k", "v", { cost = 0.02 }))
        end
        assert.is_true(core.http.now() - t0 < 0.5, "the calls waited for the dead server")
        -- After the pause it is tried again; it is not reported again.
        clock.advance(store.PAUSE + 1)
        assert.is_nil(s:get("k"))
        s:close()
        local line = only_line(log)
        assert.matches("(redis 127.0.0.1:", line, 1, true)
        assert.matches("cannot be read: it cannot be reached (cannot connect to Redis", line, 1, true)
        assert.equal(2, s:stats().session.failures)
    end)

    it("a shared_dict store outside nginx says so, once", function()
        local log = sh.log()
        local s = store.open({ shared_dict = "dataforseo_cache" }, { log = log.fn })
        assert.is_nil(s:get("k"))
        assert.is_nil(s:put("k", "v", { cost = 0 }))
        assert.matches("works inside nginx only", only_line(log), 1, true)
    end)
end)
