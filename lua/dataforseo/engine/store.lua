-- The response store: answers already paid for, kept so that a repeat, a
-- resumed walk or a report drawn again costs nothing.  One interface over
-- three backends (store/sqlite.lua, store/redis.lua, store/shared_dict.lua),
-- one record format (store/codec.lua: checked, gzip'd).  The store never
-- costs correctness: when it cannot be read or written the caller goes
-- live, and the problem is told once through the log function; a damaged
-- record is a miss, and it is deleted.  docs/store.md is the user's guide.
--
-- THE INTERFACE THE ENGINE CALLS
--
--   local store = require "dataforseo.engine.store"
--   store.check_option(cache) -> nil | problem   (client.lua raises "option 'cache' " .. problem)
--   local s = store.open(cache, { log =, clock =, origin = })     raises on a bad option
--     cache: { sqlite = path } | { redis = { host, port, password, db, timeout, prefix } }
--            | { shared_dict = name }, and ttl (seconds, default 24 h), max_bytes
--            (sqlite only: least recently used records go first; default 1 GiB), namespace,
--            refresh (every call bypasses the store and refreshes it: the CLI's --refresh)
--     log(level, message, event): the client's `log` option (event.kind = "store")
--     clock: { wall = function() -> Unix seconds } (the client's; a fake one in specs)
--     origin: the client's base_url, so sandbox, live and emulator pages never mix
--   Nothing is opened, created or connected before the first use.
--
-- One call
--   s:key(endpoint, task) -> key | nil      the endpoint's path and the task with every
--     default made explicit, keys sorted ({ limit = 100 } and a task relying on the
--     default are one key); nil when the task cannot be written as JSON (not stored)
--   s:get(key [, { max_age =, snapshot =, accept = }]) -> entry | nil
--     entry = { value = bytes, fetched_at = Unix s, cost = USD the live call cost,
--     items =, snapshot = id | nil, age = s }; nil is a miss (absent, older than the
--     TTL or max_age, of another snapshot, damaged, refused by accept(value), or the
--     store failed).
--     A hit is money not spent: the engine serves it without pacing, reserve,
--     ledger intent or settle (issue 21: nothing but a sent call is charged),
--     as the Page endpoint.result({ status = 200, data = json.decode(entry.value) }, task)
--     gives, with cached = true, fetched_at, cost = 0, saved = entry.cost
--   s:put(key, value, { cost =, items =, snapshot =, fetched_at = }) -> true | nil
--     value: the response body (JSON text) of a successful task, never an error
--
-- A walk (its pages belong to one snapshot: total_count and the first page's time)
--   s:walk_key(endpoint, task)              the walk's key: its first page's, no token
--   s:resume(walk_key [, { max_age }]) -> snapshot | nil
--     the walk's latest snapshot still fresh: { id, total_count, started_at, endpoint, target }
--   s:begin(walk_key, { endpoint = name, target =, total_count =, started_at = }) -> snapshot
--     a new snapshot, made from the walk's first live page
--   s:abandon(snapshot)    a live page contradicted it: no walk resumes it again
--   Pages are put with meta.snapshot = snapshot.id and asked for with
--   get(key, { snapshot = id }); a token page's key holds its token, which
--   the page before it carries: the token chain is in the pages.
--   s:keep(snapshot, page_keys) -> record | nil, message
--     copies a complete walk's pages (in order) out of TTL eviction, with its date
--   s:snapshots(endpoint_name, target) -> { record, ... } | nil, message   kept, newest first
--     record = { id, endpoint, target, walk_key, started_at, kept_at, total_count, pages, items }
--   s:page(record, i) -> value | nil, message      the i-th page of a kept snapshot
--   s:forget(record) -> true | nil, message
--
-- Upkeep (the CLI's `cache stats|prune|clear`)
--   s:stats() -> { backend, where, hits, misses, saved, bytes, entries, kept,
--                  session = { hits, misses, saved, failures }, problem = text | nil }
--   s:session_stats() -> { hits, misses, saved, failures }   this process's, no backend call
--   s:prune() -> removed | nil, message      s:clear([{ snapshots = true }]) -> removed | nil, message
--   s:close()  counters flushed, connections closed; idempotent
local codec = require "dataforseo.engine.store.codec"

local M = {}

M.DEFAULT_TTL = 24 * 3600
M.DEFAULT_MAX_BYTES = 1024 * 1024 * 1024
M.DEFAULT_NAMESPACE = "default"
M.DEFAULT_REDIS_PREFIX = "dataforseo"
M.PAUSE = 30              -- seconds a failed store is left alone before it is tried again
M.FLUSH_EVERY = 64        -- hits and misses counted in memory before they are written
M.MAX_KEY_ID = 200        -- longer keys are stored under their SHA-256

local format, floor, huge = string.format, math.floor, math.huge

------------------------------------------------------------------------------
-- The option: cache = { sqlite = path | redis = {...} | shared_dict = name,
-- ttl =, max_bytes =, namespace = }

local FIELDS = { sqlite = "string", redis = "table", shared_dict = "string", ttl = "number",
    max_bytes = "number", namespace = "string", refresh = "boolean" }
local REDIS_FIELDS = { host = "string", port = "number", password = "string", db = "number",
    timeout = "number", prefix = "string" }
local NAME = "^[%w_.:-]+$"

local function names_of(fields)
    local names = {}
    for name in pairs(fields) do names[#names + 1] = name end
    table.sort(names)
    return table.concat(names, ", ")
end

local function field_types(t, fields, where)
    for k, v in pairs(t) do
        local want = fields[k]
        if not want then
            return format("has unknown field '%s%s' (fields: %s)", where, tostring(k):sub(1, 64), names_of(fields))
        end
        if type(v) ~= want then return format("field '%s%s' must be a %s, got %s", where, k, want, type(v)) end
    end
end

local function integer_in(v, lo, hi)
    return v == floor(v) and v >= lo and v <= hi
end

local function redis_problem(r)
    local problem = field_types(r, REDIS_FIELDS, "redis.")
    if problem then return problem end
    if r.host and (r.host == "" or r.host:find("[%s%c]")) then
        return "field 'redis.host' must be a host name or address without spaces"
    end
    if r.port and not integer_in(r.port, 1, 65535) then
        return "field 'redis.port' must be an integer from 1 to 65535"
    end
    if r.db and not integer_in(r.db, 0, 2 ^ 31) then return "field 'redis.db' must be an integer >= 0" end
    if r.timeout and not (r.timeout > 0 and r.timeout <= 60) then
        return "field 'redis.timeout' must be > 0 and at most 60 (seconds)"
    end
    if r.prefix and not (r.prefix:match(NAME) and #r.prefix <= 64) then
        return "field 'redis.prefix' must be 1 to 64 letters, digits or _ . : -"
    end
end

-- nil, or what is wrong with the cache option (naming the field and the rule).
function M.check_option(c)
    if type(c) ~= "table" then
        return "must be a table ({ sqlite = path }, { redis = {...} } or { shared_dict = name })"
    end
    local problem = field_types(c, FIELDS, "")
    if problem then return problem end
    local where = (c.sqlite and 1 or 0) + (c.redis and 1 or 0) + (c.shared_dict and 1 or 0)
    if where ~= 1 then
        return (where == 0 and "needs" or "takes only") .. " one of sqlite = path, redis = { host =, port = } "
            .. "or shared_dict = name"
    end
    if c.sqlite and (c.sqlite == "" or c.sqlite:find("%z") or c.sqlite:sub(1, 1) == ":") then
        return "field 'sqlite' must be the path of a file (not empty, no NUL byte, not :memory:)"
    end
    if c.redis then
        problem = redis_problem(c.redis)
        if problem then return problem end
    end
    if c.shared_dict and not c.shared_dict:match("^[%w_]+$") then
        return "field 'shared_dict' must be the name of a lua_shared_dict (letters, digits and _)"
    end
    if c.ttl and not (c.ttl > 0 and c.ttl <= 10 * 365 * 86400) then
        return "field 'ttl' must be > 0 and at most 10 years (seconds)"
    end
    if c.max_bytes then
        if not c.sqlite then
            return "field 'max_bytes' applies to sqlite only (Redis: the server's maxmemory; "
                .. "shared_dict: the dictionary's size)"
        end
        if not integer_in(c.max_bytes, 65536, 2 ^ 53) then
            return "field 'max_bytes' must be an integer >= 65536 (bytes)"
        end
    end
    if c.namespace and not (c.namespace:match(NAME) and #c.namespace <= 64) then
        return "field 'namespace' must be 1 to 64 letters, digits or _ . : -"
    end
end

------------------------------------------------------------------------------
-- Keys

local json_null = require("dataforseo.json").null
local json_writer = require "dataforseo.json_writer"

-- The task as the API reads it: every field the description knows, its
-- default where the task has none (a JSON null means the default too),
-- and whatever else an unchecked task carries.
local function canonical(endpoint, task)
    local out = {}
    for name, spec in pairs(endpoint.fields or {}) do
        local v = task[name]
        if v == nil or v == json_null then v = spec.default end
        if v ~= nil then out[name] = v end
    end
    for name, v in pairs(task) do
        if (endpoint.fields or {})[name] == nil and v ~= json_null then out[name] = v end
    end
    return out
end

function M.key(endpoint, task, origin)
    local ok, text = pcall(json_writer.encode, canonical(endpoint, task))
    if not ok then return nil end
    return (origin or "") .. endpoint.path .. " " .. text
end

-- The name a key is stored under: itself when short, else its hash.
local function key_id(key)
    if #key <= M.MAX_KEY_ID then return key end
    return "#" .. require("dataforseo.engine.sha256").hex(key)
end

------------------------------------------------------------------------------
-- Failures: told once, then the store is left alone for a while (or for
-- good when the file is not a database it can use).

local WHAT = {
    full = "the disk (or the store) is full",
    ioerr = "a disk I/O error, as from a full disk or a file size limit",
    readonly = "the file or its directory is read-only",
    cantopen = "it cannot be opened or created",
    perm = "permission denied",
    corrupt = "the file is damaged",
    notadb = "the file is not a SQLite database",
    schema = "the file was made by a newer version",
    foreign = "the file is another application's database",
    busy = "another process held it locked too long",
    locked = "another process held it locked too long",
    connection = "it cannot be reached",
    nomem = "out of memory",
}
local FATAL = { corrupt = true, notadb = true, schema = true, foreign = true }
local READS = { get = true, members = true, counters = true, usage = true }

local function default_log()
    local host = rawget(_G, "ngx")
    if type(host) == "table" and type(host.log) == "function" then
        local levels = { info = host.INFO, warn = host.WARN, error = host.ERR }
        return function(level, message) host.log(levels[level] or host.WARN, message) end
    end
    return function() end
end

local Store = {}
Store.__index = Store

function Store:report(op, message, code)
    local what = WHAT[code]
    local text = format("dataforseo: the response store (%s) cannot %s: %s%s; calls go live and cost "
        .. "as usual", self.where, READS[op] and "be read" or op == "open" and "be opened"
        or "be written", what and (what .. " (" .. tostring(message) .. ")") or tostring(message),
        FATAL[code] and code ~= "foreign" and self.kind == "sqlite" and ("; remove " .. self.where
            .. " to start a new store") or code == "foreign" and "; give the store a file of its own" or "")
    self.session.failures = self.session.failures + 1
    if FATAL[code] then self.disabled = text else self.paused_until = self.wall() + M.PAUSE end
    local once = (READS[op] and "read:" or "write:") .. tostring(code)
    if not self.reported[once] then
        self.reported[once] = true
        pcall(self.log, "warn", text, { kind = "store", op = op, code = code, backend = self.kind })
    end
    self.problem = text
    return nil, text
end

function Store:backend()
    if self.closed then return nil, "the response store is closed" end
    if self.disabled then return nil, self.disabled end
    if not codec.available then
        self.disabled = "the response store needs the C core (dataforseo.core) or nginx"
        pcall(self.log, "warn", "dataforseo: " .. self.disabled .. "; calls go live", { kind = "store",
            op = "open", code = "unavailable", backend = self.kind })
        return nil, self.disabled
    end
    if self.paused_until then
        if self.wall() < self.paused_until then return nil, self.problem end
        self.paused_until = nil
    end
    if self.b then return self.b end
    local ok, b, err, code = pcall(self.open_backend)
    if not ok then b, err, code = nil, b, "error" end
    if not b then return self:report("open", err, code) end
    self.b = b
    return b
end

-- One backend operation, protected: a result, or nil and the message
-- (reported once).
function Store:call(op, ...)
    local b, problem = self:backend()
    if not b then return nil, problem end
    local ok, r, err, code = pcall(b[op], b, ...)
    if not ok then r, err, code = nil, r, "error" end
    if r == nil then return self:report(op, err, code) end
    return r
end

------------------------------------------------------------------------------
-- Opening

local function backend_opener(c, o)
    if c.sqlite then
        return "sqlite", c.sqlite, function()
            return require("dataforseo.engine.store.sqlite").open{ path = c.sqlite, now = o.wall,
                max_bytes = c.max_bytes or M.DEFAULT_MAX_BYTES }
        end
    elseif c.redis then
        local r = c.redis
        local where = format("redis %s:%d/%d", r.host or "127.0.0.1", r.port or 6379, r.db or 0)
        return "redis", where, function()
            return require("dataforseo.engine.store.redis").open{ host = r.host, port = r.port,
                password = r.password, db = r.db, timeout = r.timeout }
        end
    end
    return "shared_dict", "lua_shared_dict " .. c.shared_dict, function()
        return require("dataforseo.engine.store.shared_dict").open{ name = c.shared_dict }
    end
end

local function default_wall()
    local ok, core = pcall(require, "dataforseo.core")
    if ok then return core.http.wall end
    local host = rawget(_G, "ngx")
    if type(host) == "table" and host.now then return host.now end
    return os.time
end

function M.open(c, o)
    local problem = M.check_option(c)
    if problem then error("dataforseo: option 'cache' " .. problem, 2) end
    o = o or {}
    local wall = o.clock and o.clock.wall or default_wall()
    local namespace = c.namespace or M.DEFAULT_NAMESPACE
    local prefix = namespace .. "|"
    -- "|" ends the namespace: no name holds one, so no namespace's keys
    -- start with another's prefix ("eu" and "eu:b"), which clear and stats match.
    if c.redis then prefix = (c.redis.prefix or M.DEFAULT_REDIS_PREFIX) .. ":cache:" .. namespace .. "|" end
    local kind, where, opener = backend_opener(c, { wall = wall })
    return setmetatable({
        kind = kind, where = where, open_backend = opener, wall = wall,
        ttl = c.ttl or M.DEFAULT_TTL, origin = o.origin or "", prefix = prefix,
        log = o.log or default_log(),
        reported = {},
        pending = { hits = 0, misses = 0, saved = 0 },
        session = { hits = 0, misses = 0, saved = 0, failures = 0 },
    }, Store)
end

------------------------------------------------------------------------------
-- Counters: hits, misses and money saved, kept in the store for `cache stats`.

local COUNTERS = { "hits", "misses", "saved" }

function Store:flush()
    local p = self.pending
    if p.hits == 0 and p.misses == 0 then return true end
    self.pending = { hits = 0, misses = 0, saved = 0 }
    return self:call("count", self.prefix .. "n", p)
end

local function counted(self, field, saved)
    self.pending[field] = self.pending[field] + 1
    self.session[field] = self.session[field] + 1
    if saved then
        self.pending.saved = self.pending.saved + saved
        self.session.saved = self.session.saved + saved
    end
    -- A shared dict counts in memory anyway: no reason to wait there.
    if self.pending.hits + self.pending.misses >= (self.kind == "shared_dict" and 1 or M.FLUSH_EVERY) then
        self:flush()
    end
end

------------------------------------------------------------------------------
-- One call

function Store:key(endpoint, task)
    return M.key(endpoint, task, self.origin)
end

-- The freshest a record may be: the TTL, narrowed by max_age.
local function fresh(self, at, o)
    local limit = self.ttl
    if o and o.max_age and o.max_age < limit then limit = o.max_age end
    local age = self.wall() - at
    return age <= limit, age
end

-- A record read and checked: value, meta; damaged ones are deleted.
function Store:read(id)
    local bytes = self:call("get", id)
    if not bytes then return nil end
    local value, meta, damaged = codec.decode(bytes)
    if value then return value, meta end
    if damaged then
        self:call("delete", id)
        local once = "damaged"
        if not self.reported[once] then
            self.reported[once] = true
            pcall(self.log, "warn", format("dataforseo: a record of the response store (%s) was damaged "
                .. "(%s); it was deleted and the call goes live", self.where, meta), { kind = "store",
                op = "get", code = "damaged", backend = self.kind })
        end
    end
    return nil
end

function Store:get(key, o)
    if type(key) ~= "string" then error("store:get: key must be a string", 2) end
    local value, meta = self:read(self.prefix .. "e:" .. key_id(key))
    local ok, age
    if value and type(meta.at) == "number" and type(meta.cost) == "number" then
        ok, age = fresh(self, meta.at, o)
        if ok and o and o.snapshot and meta.snap ~= o.snapshot then ok = false end
        -- Counted a hit only when it is served (money saved is money not spent).
        if ok and o and o.accept and not o.accept(value) then ok = false end
    end
    if not ok then
        counted(self, "misses")
        return nil
    end
    counted(self, "hits", meta.cost)
    return { value = value, fetched_at = meta.at, cost = meta.cost, items = meta.items,
        snapshot = meta.snap, age = age }
end

local function check_cost(cost)
    if type(cost) ~= "number" or cost ~= cost or cost < 0 or cost == huge then
        error("store:put: meta.cost must be a finite number >= 0 (USD)", 3)
    end
end

function Store:put(key, value, meta)
    if type(key) ~= "string" then error("store:put: key must be a string", 2) end
    if type(value) ~= "string" then error("store:put: value must be a string (the response body)", 2) end
    meta = meta or {}
    check_cost(meta.cost)
    -- A store that is down costs no gzip.
    if not self:backend() then return nil, self.problem end
    local bytes = codec.encode(value, { at = meta.fetched_at or self.wall(), cost = meta.cost,
        items = meta.items, snap = meta.snapshot })
    local ok, err = self:call("set", self.prefix .. "e:" .. key_id(key), bytes, self.ttl)
    if not ok then return nil, err end
    return true
end

------------------------------------------------------------------------------
-- Walks and snapshots

function Store:walk_key(endpoint, task)
    local first = {}
    for k, v in pairs(task) do first[k] = v end
    first.search_after_token = nil
    return self:key(endpoint, first)
end

local function snapshot_id(walk_key, total_count, started_at)
    local sha256 = require "dataforseo.engine.sha256"
    return sha256.hex(walk_key .. "\0" .. format("%.17g", total_count) .. "\0"
        .. format("%.17g", started_at)):sub(1, 24)
end

local function about(endpoint, target, walk_key)
    return json_writer.encode({ endpoint = endpoint, target = target, walk_key = walk_key })
end

local function about_of(value)
    local t = require("dataforseo.json").decode(value)
    if type(t) ~= "table" then return {} end
    return t
end

function Store:resume(walk_key, o)
    if type(walk_key) ~= "string" then return nil end
    local value, meta = self:read(self.prefix .. "w:" .. key_id(walk_key))
    if not value or type(meta.at) ~= "number" or not fresh(self, meta.at, o) then return nil end
    local t = about_of(value)
    return { id = meta.snap, total_count = meta.total, started_at = meta.at, walk_key = walk_key,
        endpoint = t.endpoint, target = t.target }
end

function Store:begin(walk_key, info)
    if type(walk_key) ~= "string" then error("store:begin: walk_key must be a string", 2) end
    if type(info) ~= "table" or type(info.total_count) ~= "number" or type(info.started_at) ~= "number" then
        error("store:begin: info needs total_count and started_at (numbers)", 2)
    end
    local snap = { id = snapshot_id(walk_key, info.total_count, info.started_at), walk_key = walk_key,
        total_count = info.total_count, started_at = info.started_at, endpoint = info.endpoint,
        target = info.target }
    local record = codec.encode(about(info.endpoint, info.target, walk_key), { snap = snap.id,
        total = info.total_count, at = info.started_at })
    self:call("set", self.prefix .. "w:" .. key_id(walk_key), record, self.ttl)
    return snap
end

-- The live data no longer matches the snapshot: a resumed walk must not
-- take it again.  Another process may have begun a newer one: left alone.
function Store:abandon(snap)
    local id = self.prefix .. "w:" .. key_id(snap.walk_key)
    local value, meta = self:read(id)
    if value and meta.snap == snap.id then self:call("delete", id) end
end

local function index_id(self, endpoint, target)
    return self.prefix .. "i:" .. tostring(endpoint) .. ":" .. key_id(tostring(target))
end

local function kept_page_id(self, id, i)
    return self.prefix .. "k:" .. id .. ":" .. i
end

-- Undoes a keep that stopped part way.
local function drop_pages(self, id, n)
    for i = 1, n do self:call("delete", kept_page_id(self, id, i)) end
end

function Store:keep(snap, page_keys)
    if type(snap) ~= "table" or type(snap.id) ~= "string" then
        error("store:keep: expected a snapshot from begin or resume", 2)
    end
    if type(page_keys) ~= "table" or #page_keys == 0 then
        error("store:keep: page_keys must list the walk's pages", 2)
    end
    local items = 0
    for i, key in ipairs(page_keys) do
        local id = self.prefix .. "e:" .. key_id(key)
        local bytes, err = self:call("get", id)
        local value, meta = codec.decode(bytes or "")
        if not value or meta.snap ~= snap.id then
            drop_pages(self, snap.id, i - 1)
            return nil, err or format("page %d of the walk is no longer in the store (or belongs to "
                .. "another snapshot); the walk cannot be kept", i)
        end
        items = items + (tonumber(meta.items) or 0)
        local ok
        ok, err = self:call("set", kept_page_id(self, snap.id, i), bytes, nil)
        if not ok then
            drop_pages(self, snap.id, i)
            return nil, err
        end
    end
    local now = self.wall()
    local record = { id = snap.id, endpoint = snap.endpoint, target = snap.target, walk_key = snap.walk_key,
        started_at = snap.started_at, kept_at = now, total_count = snap.total_count, pages = #page_keys,
        items = items }
    local ok, err = self:call("set", self.prefix .. "s:" .. snap.id, codec.encode(about(snap.endpoint,
        snap.target, snap.walk_key), { snap = snap.id, total = snap.total_count, at = snap.started_at,
        kept_at = now, pages = #page_keys, items = items }), nil)
    if ok then ok, err = self:call("add_member", index_id(self, snap.endpoint, snap.target), snap.id) end
    if not ok then
        drop_pages(self, snap.id, #page_keys)
        return nil, err
    end
    return record
end

local function kept_record(self, id)
    local value, meta = self:read(self.prefix .. "s:" .. id)
    if not value then return nil end
    local t = about_of(value)
    return { id = id, endpoint = t.endpoint, target = t.target, walk_key = t.walk_key, started_at = meta.at,
        kept_at = meta.kept_at, total_count = meta.total, pages = meta.pages, items = meta.items }
end

function Store:snapshots(endpoint, target)
    local ids, err = self:call("members", index_id(self, endpoint, target))
    if not ids then return nil, err end
    local out = {}
    for _, id in ipairs(ids) do
        local r = kept_record(self, id)
        if r then out[#out + 1] = r end
    end
    table.sort(out, function(a, b)
        if a.started_at ~= b.started_at then return a.started_at > b.started_at end
        return a.id < b.id
    end)
    return out
end

function Store:page(record, i)
    local value = self:read(kept_page_id(self, record.id, i))
    if not value then
        return nil, format("page %d of the snapshot of %s is missing or damaged", i, os.date("!%Y-%m-%d %H:%M:%S",
            floor(record.started_at or 0)))
    end
    return value
end

function Store:forget(record)
    drop_pages(self, record.id, record.pages or 0)
    local ok, err = self:call("delete", self.prefix .. "s:" .. record.id)
    if ok then ok, err = self:call("remove_member", index_id(self, record.endpoint, record.target), record.id) end
    if not ok then return nil, err end
    return true
end

------------------------------------------------------------------------------
-- Upkeep

function Store:stats()
    self:flush()
    local out = { backend = self.kind, where = self.where, hits = 0, misses = 0, saved = 0, bytes = 0,
        entries = 0, kept = 0, session = {} }
    for k, v in pairs(self.session) do out.session[k] = v end
    local c = self:call("counters", self.prefix .. "n", COUNTERS)
    local u = c and self:call("usage", self.prefix)
    if c and u then
        out.hits, out.misses, out.saved = floor(c.hits), floor(c.misses), c.saved
        out.bytes, out.entries, out.kept = floor(u.bytes), floor(u.entries), floor(u.kept)
    else
        out.problem = self.problem
    end
    return out
end

-- This process's counts (no backend call): { hits, misses, saved, failures }.
function Store:session_stats()
    local out = {}
    for k, v in pairs(self.session) do out[k] = v end
    return out
end

function Store:prune()
    self:flush()
    return self:call("prune")
end

function Store:clear(o)
    self:flush()
    return self:call("clear", self.prefix, o and o.snapshots or false)
end

function Store:close()
    if self.closed then return end
    if self.b then
        self:flush()
        pcall(self.b.close, self.b)
        self.b = nil
    end
    self.closed = true
end

return M
