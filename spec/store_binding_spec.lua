-- The C core's SQLite and zlib parts (src/sqlite.c, src/deflate.c), on
-- real files: bound values come back byte for byte (NULs included), errors
-- are nil, message, code, objects close once and keep what they need
-- alive.  spec/memcheck.sh runs this file under valgrind.
local core = require "dataforseo.core"
local sqlite, zlib = core.sqlite, core.zlib
local helpers = dofile("spec/support/helpers.lua")

local function mode_of(path)
    return (helpers.capture("stat -c %a " .. helpers.shell_quote(path)):gsub("%s+$", ""))
end

local function rows(db, sql, ...)
    local st = assert(db:prepare(sql))
    for i = 1, select("#", ...) do assert(st:bind(i, (select(i, ...)))) end
    local out = {}
    while true do
        local state, err = st:step()
        assert(state, err)
        if state == "done" then break end
        out[#out + 1] = { st:row() }
    end
    st:finalize()
    return out
end

describe("core.sqlite", function()
    local dir
    before_each(function() dir = helpers.tmpdir("store") end)
    after_each(function() helpers.remove(dir) end)

    it("creates missing directories 0700 and the file 0600, and leaves existing ones alone", function()
        assert(helpers.sh("chmod 0755 " .. helpers.shell_quote(dir)))
        local path = dir .. "/a/b/cache.sqlite"
        local db = assert(sqlite.open(path, { private = true }))
        assert(db:exec("PRAGMA journal_mode = WAL; CREATE TABLE t (x)"))
        assert.equal("700", mode_of(dir .. "/a"))
        assert.equal("700", mode_of(dir .. "/a/b"))
        assert.equal("600", mode_of(path))
        assert.equal("600", mode_of(path .. "-wal"))
        assert.equal("755", mode_of(dir))
        db:close()
    end)

    it("keeps NUL bytes in bound text and blobs, and every value type", function()
        local db = assert(sqlite.open(dir .. "/t.sqlite"))
        assert(db:exec("CREATE TABLE t (a, b, c, d, e, f)"))
        local st = assert(db:prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)"))
        local big = math.tointeger and math.tointeger(2 ^ 53) or 2 ^ 53
        assert(st:bind(1, "b\0c"))
        assert(st:bind(2, "\0x\0\255", "blob"))
        assert(st:bind(3, big))
        assert(st:bind(4, 0.1))
        assert(st:bind(5, true))
        assert(st:bind(6, require("dataforseo.json").null))
        assert.equal("done", st:step())
        st:reset()
        assert(st:bind(1, ""))
        assert(st:bind(2, "", "blob"))
        assert.equal("done", st:step())        -- c..f: bindings were cleared by reset
        st:finalize()
        local r = rows(db, "SELECT a, b, c, d, e, f, typeof(a), typeof(b), typeof(c) FROM t ORDER BY rowid")
        assert.same({ "b\0c", "\0x\0\255", big, 0.1, 1, nil, "text", "blob", "integer" },
            { r[1][1], r[1][2], r[1][3], r[1][4], r[1][5], r[1][6], r[1][7], r[1][8], r[1][9] })
        assert.equal("", r[2][1])
        assert.equal("", r[2][2])
        assert.is_nil(r[2][3])
        -- A parameter is a value, never SQL.
        local evil = "x'); DROP TABLE t; --"
        assert.same({ { 1 } }, rows(db, "SELECT count(*) FROM t WHERE a = ?", "b\0c"))
        assert.same({}, rows(db, "SELECT a FROM t WHERE a = ?", evil))
        assert.same({ { 2 } }, rows(db, "SELECT count(*) FROM t"))
        db:close()
    end)

    it("returns nil, message, code for SQLite's failures", function()
        local db = assert(sqlite.open(dir .. "/e.sqlite"))
        local st, err, code = db:prepare("SELEKT 1")
        assert.is_nil(st)
        assert.matches("syntax error", err)
        assert.equal("error", code)
        st, err, code = db:prepare("SELECT 1; SELECT 2")
        assert.is_nil(st)
        assert.matches("one statement", err)
        assert.equal("misuse", code)
        assert(db:exec("CREATE TABLE u (k PRIMARY KEY)"))
        assert(db:exec("INSERT INTO u VALUES (1)"))
        st = assert(db:prepare("INSERT INTO u VALUES (?)"))
        st:bind(1, 1)
        local state
        state, err, code = st:step()
        assert.is_nil(state)
        assert.matches("UNIQUE", err)
        assert.equal("constraint", code)
        st:reset()
        local ok
        ok, err, code = st:bind(9, 1)
        assert.is_nil(ok)
        assert.matches("range", err)
        assert.equal("range", code)
        db:close()
        -- Not a database: the first read says so.
        helpers.write_file(dir .. "/junk", ("not a database at all\n"):rep(100))
        db = assert(sqlite.open(dir .. "/junk", { mode = "rw" }))
        ok, err, code = db:exec("PRAGMA journal_mode = WAL")
        assert.is_nil(ok)
        assert.matches("not a database", err)
        assert.equal("notadb", code)
        db:close()
        -- A missing file opened without create.
        db, err, code = sqlite.open(dir .. "/missing.sqlite", { mode = "rw" })
        assert.is_nil(db)
        assert.matches("unable to open", err)
        assert.equal("cantopen", code)
        assert.is_nil(io.open(dir .. "/missing.sqlite"))
        db, err, code = sqlite.open(dir .. "/no\0such")
        assert.is_nil(db)
        assert.matches("NUL", err)
        assert.equal("cantopen", code)
    end)

    it("raises for programming errors: wrong types, closed objects", function()
        local db = assert(sqlite.open(dir .. "/p.sqlite"))
        local st = assert(db:prepare("SELECT ?"))
        assert.has_error(function() st:bind(1, {}) end)
        assert.has_error(function() st:bind(1, 1, "blob") end)
        assert.has_error(function() st:bind(1, "x", "text") end)
        assert.has_error(function() sqlite.open(dir .. "/x", { mode = "w" }) end)
        assert.has_error(function() sqlite.open(dir .. "/x", { busy_timeout = -1 }) end)
        st:finalize()
        st:finalize()
        assert.has_error(function() st:step() end)
        db:close()
        db:close()
        assert.has_error(function() db:exec("SELECT 1") end)
        assert.matches("closed", tostring(db))
    end)

    it("closing the database finalizes its statements; a statement keeps its database alive", function()
        local db = assert(sqlite.open(dir .. "/g.sqlite"))
        local a, b = assert(db:prepare("SELECT 1")), assert(db:prepare("SELECT 2"))
        db:close()
        assert.matches("finalized", tostring(a))
        assert.matches("finalized", tostring(b))
        local st = assert(assert(sqlite.open(dir .. "/g.sqlite")):prepare("SELECT 40 + 2"))
        collectgarbage()
        collectgarbage()
        assert.equal("row", st:step())
        assert.equal(42, st:row())
        st:finalize()
        collectgarbage()
    end)

    it("a second writer waits for the busy timeout, then gets code busy", function()
        local path = dir .. "/b.sqlite"
        local one = assert(sqlite.open(path, { busy_timeout = 5 }))
        assert(one:exec("PRAGMA journal_mode = WAL; CREATE TABLE t (x)"))
        local two = assert(sqlite.open(path, { busy_timeout = 0.2 }))
        assert(one:exec("BEGIN IMMEDIATE"))
        local t0 = core.http.now()
        local ok, err, code = two:exec("BEGIN IMMEDIATE")
        local waited = core.http.now() - t0
        assert.is_nil(ok)
        assert.matches("locked", err)
        assert.equal("busy", code)
        assert.is_true(waited >= 0.15, "waited " .. waited)
        -- Readers are not held up by the writer in WAL mode.
        assert.same({ { 0 } }, rows(two, "SELECT count(*) FROM t"))
        assert(one:exec("INSERT INTO t VALUES (1); COMMIT"))
        assert(two:exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (2); COMMIT"))
        local st = assert(two:prepare("DELETE FROM t"))
        assert.equal("done", st:step())
        assert.equal(2, two:changes())
        st:finalize()
        one:close()
        two:close()
    end)

    if _VERSION == "Lua 5.4" then
        it("closes at the end of a <close> scope", function()
            local chunk = assert(load([[
                local sqlite, path = ...
                local kept
                do
                    local db <close> = assert(sqlite.open(path))
                    kept = db
                end
                return tostring(kept)
            ]]))
            assert.matches("closed", chunk(sqlite, dir .. "/c.sqlite"))
        end)
    end
end)

describe("core.zlib", function()
    local text = ("anchor text, backlinks 12345, referring_domains 678\n"):rep(2000) .. "\0end"

    it("gzip and gunzip round-trip, and size the output exactly", function()
        for _, level in ipairs({ 0, 1, 6, 9 }) do
            local packed = assert(zlib.gzip(text, level))
            assert.equal(text, zlib.gunzip(packed, #text))
        end
        assert.is_true(#zlib.gzip(text) < #text / 20)
        assert.equal("", zlib.gunzip(zlib.gzip(""), 0))
    end)

    it("refuses damaged, cut, padded and too large input", function()
        local packed = zlib.gzip(text)
        local cut = packed:sub(1, -9)
        local bad = packed:sub(1, 100) .. string.char((packed:byte(101) + 1) % 256) .. packed:sub(102)
        local v, err, too_large = zlib.gunzip(cut, #text)
        assert.is_nil(v)
        assert.matches("cut short", err)
        assert.is_nil(too_large)
        v, err = zlib.gunzip(bad, #text)
        assert.is_nil(v)
        assert.matches("damaged", err)
        v, err = zlib.gunzip(packed .. "x", #text)
        assert.is_nil(v)
        assert.matches("follow", err)
        v, err, too_large = zlib.gunzip(packed, #text - 1)
        assert.is_nil(v)
        assert.matches("more than max_size", err)
        assert.is_true(too_large)
        v = zlib.gunzip("not gzip at all", 100)
        assert.is_nil(v)
        assert.has_error(function() zlib.gzip(text, 10) end)
        assert.has_error(function() zlib.gunzip(packed) end)
    end)

    it("computes CRC-32 as zlib does", function()
        assert.equal(0xCBF43926, zlib.crc32("123456789"))
        assert.equal(0, zlib.crc32(""))
    end)

    if jit then
        it("reads what hosts/zlib.lua (FFI) writes, and the other way round", function()
            local ffi_zlib = require "dataforseo.hosts.zlib"
            assert.is_true(ffi_zlib.available)
            assert.equal(text, zlib.gunzip(assert(ffi_zlib.gzip(text)), #text))
            assert.equal(text, ffi_zlib.gunzip(assert(zlib.gzip(text)), #text))
        end)
    end
end)
