-- The SQLite backend of the response store: one file that several
-- processes share (WAL mode, a busy timeout; every write in a BEGIN
-- IMMEDIATE transaction, so no reader has to upgrade its lock and fail),
-- created mode 0600 in a directory made 0700.  Records that expire are
-- evicted least recently used first once they hold more than max_bytes;
-- kept records (no expiry) never are, and are not counted (else kept
-- snapshots past max_bytes would evict every answer as it is put).  Every value goes through
-- a bound parameter (src/sqlite.c).
--
--   local b, message, code = require("dataforseo.engine.store.sqlite").open{ path =,
--       busy_timeout = seconds, max_bytes = n | nil, now = function() -> Unix time }
--   b:get(id) -> bytes | false | nil, message, code
--   b:set(id, bytes, ttl | nil (kept)) -> true | nil, message, code
--   b:delete(id), b:add_member(set, member), b:members(set) -> { member, ... },
--   b:remove_member(set, member), b:count(id, { field = n }), b:counters(id, { fields }) -> { field = n },
--   b:usage(prefix) -> { bytes =, entries =, kept = }, b:prune() -> removed,
--   b:clear(prefix, also_kept) -> removed, b:close()
local core = require "dataforseo.core"
local http, sqlite = core.http, core.sqlite

local M = {}

M.SCHEMA_VERSION = 1
M.BUSY_TIMEOUT = 5          -- seconds a statement waits for another process's lock
M.TOUCH_EVERY = 60          -- seconds: a hit refreshes its use time at most this often
M.EVICT_TO = 0.9            -- past max_bytes, evict down to this share of it

local SCHEMA = [[
PRAGMA auto_vacuum = INCREMENTAL;
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY NOT NULL,
    bytes INTEGER NOT NULL,
    expires_at REAL,
    used_at REAL NOT NULL,
    value BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS records_lru ON records (used_at) WHERE expires_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS records_expiry ON records (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS members (set_id TEXT NOT NULL, member TEXT NOT NULL,
    PRIMARY KEY (set_id, member)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY NOT NULL, value REAL NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO counters VALUES ('bytes', 0);
COMMIT;
]]

local Backend = {}
Backend.__index = Backend

local function statement(self, sql)
    local st = self.stmts[sql]
    if st then return st end
    local err, code
    st, err, code = self.db:prepare(sql)
    if not st then return nil, err, code end
    self.stmts[sql] = st
    return st
end

-- Runs one statement with its parameters; the rows it yields (arrays of
-- values), or nil, message, code.  A string parameter wrapped as
-- { blob = s } is bound as a blob.
local function run(self, sql, ...)
    local st, err, code = statement(self, sql)
    if not st then return nil, err, code end
    st:reset()
    for i = 1, select("#", ...) do
        local v = select(i, ...)
        if type(v) == "table" then st:bind(i, v.blob, "blob") else st:bind(i, v) end
    end
    local rows = {}
    while true do
        local state
        state, err, code = st:step()
        if state == "done" then break end
        if not state then
            st:reset()
            return nil, err, code
        end
        rows[#rows + 1] = { st:row() }
    end
    st:reset()
    return rows
end

-- fn inside BEGIN IMMEDIATE ... COMMIT; a failure rolls back.
local function transaction(self, fn, ...)
    local ok, err, code = self.db:exec("BEGIN IMMEDIATE")
    if not ok then return nil, err, code end
    local done, result
    done, result, err, code = pcall(fn, self, ...)
    if done and result then
        ok, err, code = self.db:exec("COMMIT")
        if ok then return result end
    elseif not done then
        err, code = result, "error"
    end
    self.db:exec("ROLLBACK")
    return nil, err, code
end

-- The tables of a store (any other makes the file another application's).
local OURS = "'records', 'members', 'counters', 'records_lru', 'records_expiry'"

-- The file's set-up, each step idempotent: WAL mode, the schema.  A file
-- the store will not use is checked first and left as it was.
local function prepare(self)
    local rows, err, code = run(self, "PRAGMA user_version")
    if not rows then return nil, err, code end
    if rows[1][1] > M.SCHEMA_VERSION then
        return nil, "the file was made by a newer version of dataforseo (schema " .. tostring(rows[1][1])
            .. ")", "schema"
    end
    if rows[1][1] == 0 then
        rows, err, code = run(self, "SELECT name FROM sqlite_master WHERE name NOT IN (" .. OURS .. ") "
            .. "AND name NOT LIKE 'sqlite_%' LIMIT 1")
        if not rows then return nil, err, code end
        if rows[1] then
            return nil, "it holds tables of its own (" .. tostring(rows[1][1]):sub(1, 64) .. ")", "foreign"
        end
    end
    rows, err, code = run(self, "PRAGMA journal_mode")
    if rows and rows[1] and rows[1][1] ~= "wal" then
        rows, err, code = run(self, "PRAGMA journal_mode = WAL")
    end
    if not rows then return nil, err, code end
    self.journal = rows[1] and rows[1][1]
    local ok
    ok, err, code = self.db:exec("PRAGMA synchronous = NORMAL")
    if ok then
        ok, err, code = self.db:exec(SCHEMA)
        if not ok then self.db:exec("ROLLBACK") end
    end
    if ok then ok, err, code = self.db:exec("PRAGMA user_version = " .. M.SCHEMA_VERSION) end
    if not ok then return nil, err, code end
    return true
end

function M.open(o)
    local timeout = o.busy_timeout or M.BUSY_TIMEOUT
    local db, err, code = sqlite.open(o.path, { mode = "rwc", private = true, busy_timeout = timeout })
    if not db then return nil, err, code end
    local self = setmetatable({ db = db, stmts = {}, path = o.path, max_bytes = o.max_bytes,
        now = o.now }, Backend)
    -- Two processes making one new file: the switch to WAL needs the only
    -- lock, and SQLite answers "locked" at once rather than wait where
    -- waiting could deadlock; so the set-up is tried again, a little later.
    local ok
    local started = http.now()
    repeat
        ok, err, code = prepare(self)
        if ok or (code ~= "busy" and code ~= "locked") then break end
        http.sleep(0.005 + math.random() * 0.02)
    until http.now() - started > timeout
    if not ok then
        self:close()
        return nil, err, code
    end
    return self
end

function Backend:get(id)
    local rows, err, code = run(self, "SELECT value, used_at FROM records WHERE id = ?", id)
    if not rows then return nil, err, code end
    local row = rows[1]
    if not row then return false end
    local now = self.now()
    if now - row[2] >= M.TOUCH_EVERY then
        -- Least recently used: a failure here costs nothing but the order.
        run(self, "UPDATE records SET used_at = ? WHERE id = ?", now, id)
    end
    return row[1]
end

local function add_bytes(self, delta)
    return run(self, "UPDATE counters SET value = value + ? WHERE name = 'bytes'", delta)
end

local function total_bytes(self)
    local rows, err, code = run(self, "SELECT value FROM counters WHERE name = 'bytes'")
    if not rows then return nil, err, code end
    return rows[1] and rows[1][1] or 0
end

-- Removes one record, keeping the byte count right.
local function remove(self, id)
    local rows, err, code = run(self, "SELECT bytes, expires_at FROM records WHERE id = ?", id)
    if not rows then return nil, err, code end
    if not rows[1] then return true end
    local ok
    ok, err, code = run(self, "DELETE FROM records WHERE id = ?", id)
    if not ok then return nil, err, code end
    if rows[1][2] == nil then return true end       -- kept: not counted
    return add_bytes(self, -rows[1][1])
end

-- Deletes the records that expired before now; how many.
local function delete_expired(self)
    local ok, err, code = run(self, "DELETE FROM records WHERE expires_at < ?", self.now())
    if not ok then return nil, err, code end
    return self.db:changes()
end

local function recount(self)
    return run(self, "UPDATE counters SET value = (SELECT total(bytes) FROM records WHERE expires_at IS NOT NULL) "
        .. "WHERE name = 'bytes'")
end

-- Past max_bytes: the expired first, then the least recently used.
local function evict(self)
    local total, err, code = total_bytes(self)
    if not total then return nil, err, code end
    if total <= self.max_bytes then return true end
    local goal = self.max_bytes * M.EVICT_TO
    local ok, rows
    ok, err, code = delete_expired(self)
    if ok then ok, err, code = recount(self) end
    if ok then total, err, code = total_bytes(self) end
    if not (ok and total) then return nil, err, code end
    while total > goal do
        rows, err, code = run(self, "SELECT id, bytes FROM records WHERE expires_at IS NOT NULL "
            .. "ORDER BY used_at LIMIT 32")
        if not rows then return nil, err, code end
        if not rows[1] then break end
        for _, r in ipairs(rows) do
            ok, err, code = run(self, "DELETE FROM records WHERE id = ?", r[1])
            if not ok then return nil, err, code end
            total = total - r[2]
            if total <= goal then break end
        end
    end
    return run(self, "UPDATE counters SET value = ? WHERE name = 'bytes'", math.max(total, 0))
end

local function set(self, id, bytes, ttl)
    local ok, err, code = remove(self, id)
    if not ok then return nil, err, code end
    local now = self.now()
    ok, err, code = run(self, "INSERT INTO records (id, bytes, expires_at, used_at, value) "
        .. "VALUES (?, ?, ?, ?, ?)", id, #bytes, ttl and (now + ttl) or nil, now, { blob = bytes })
    if not ok then return nil, err, code end
    if not ttl then return true end         -- kept: outside max_bytes, and evicts nothing
    ok, err, code = add_bytes(self, #bytes)
    if ok and self.max_bytes then ok, err, code = evict(self) end
    if not ok then return nil, err, code end
    return true
end

function Backend:set(id, bytes, ttl)
    if self.max_bytes and #bytes > self.max_bytes then return true end   -- never fits: not kept
    return transaction(self, set, id, bytes, ttl)
end

function Backend:delete(id)
    return transaction(self, remove, id)
end

function Backend:add_member(set_id, member)
    return run(self, "INSERT OR IGNORE INTO members VALUES (?, ?)", set_id, member)
end

function Backend:remove_member(set_id, member)
    return run(self, "DELETE FROM members WHERE set_id = ? AND member = ?", set_id, member)
end

function Backend:members(set_id)
    local rows, err, code = run(self, "SELECT member FROM members WHERE set_id = ?", set_id)
    if not rows then return nil, err, code end
    local out = {}
    for i, r in ipairs(rows) do out[i] = r[1] end
    return out
end

local function count(self, id, deltas)
    for field, n in pairs(deltas) do
        local ok, err, code = run(self, "INSERT INTO counters VALUES (?, ?) "
            .. "ON CONFLICT (name) DO UPDATE SET value = value + excluded.value", id .. ":" .. field, n)
        if not ok then return nil, err, code end
    end
    return true
end

function Backend:count(id, deltas)
    return transaction(self, count, id, deltas)
end

function Backend:counters(id, fields)
    local out = {}
    for _, field in ipairs(fields) do
        local rows, err, code = run(self, "SELECT value FROM counters WHERE name = ?", id .. ":" .. field)
        if not rows then return nil, err, code end
        out[field] = rows[1] and rows[1][1] or 0
    end
    return out
end

function Backend:usage(prefix)
    local rows, err, code = run(self, "SELECT count(*), total(bytes), count(*) - count(expires_at) "
        .. "FROM records WHERE substr(id, 1, ?) = ?", #prefix, prefix)
    if not rows then return nil, err, code end
    local r = rows[1]
    return { entries = r[1], bytes = r[2], kept = r[3] }
end

local function prune(self)
    local removed, err, code = delete_expired(self)
    if not removed then return nil, err, code end
    local ok
    ok, err, code = recount(self)
    if not ok then return nil, err, code end
    return removed
end

-- Expired records go, and the file gives back the pages they held.
function Backend:prune()
    local removed, err, code = transaction(self, prune)
    if not removed then return nil, err, code end
    self.db:exec("PRAGMA incremental_vacuum")
    self.db:exec("PRAGMA wal_checkpoint(TRUNCATE)")
    return removed
end

local function clear(self, prefix, also_kept)
    local ok, err, code = run(self, "DELETE FROM records WHERE substr(id, 1, ?) = ?"
        .. (also_kept and "" or " AND expires_at IS NOT NULL"), #prefix, prefix)
    if not ok then return nil, err, code end
    local removed = self.db:changes()
    if also_kept then
        ok, err, code = run(self, "DELETE FROM members WHERE substr(set_id, 1, ?) = ?", #prefix, prefix)
        if ok then
            ok, err, code = run(self, "DELETE FROM counters WHERE substr(name, 1, ?) = ?", #prefix, prefix)
        end
        if not ok then return nil, err, code end
    end
    ok, err, code = recount(self)
    if not ok then return nil, err, code end
    return removed
end

function Backend:clear(prefix, also_kept)
    local removed, err, code = transaction(self, clear, prefix, also_kept)
    if not removed then return nil, err, code end
    self.db:exec("PRAGMA incremental_vacuum")
    return removed
end

function Backend:close()
    if not self.db then return end
    for _, st in pairs(self.stmts) do st:finalize() end
    self.stmts = {}
    self.db:close()
    self.db = nil
end

function Backend:where() return self.path end

return M
