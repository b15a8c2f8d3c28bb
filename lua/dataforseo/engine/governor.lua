-- The governor: what belongs to the DataForSEO account rather than to one
-- client, behind one small store interface: pacing (calls started per
-- minute, calls at once, the 40202 pause, the 40209 squeeze) and cost
-- (spent, the leases of calls in flight with their reserved cost, the UTC
-- day's spend).  Stores: governor/local.lua (in-process, the default),
-- governor/shared_dict.lua (all workers of one nginx, used by itself
-- when the app declares `lua_shared_dict dataforseo`), governor/redis.lua
-- (several machines, opt-in).  The call engine asks it once per start
-- (reserve: pacing and cost in one atomic step) and once per end (settle:
-- release and charge).  A store that cannot be reached fails the call with
-- kind "governor", or, with fallback = "local", hands over to a local store.
local errors = require "dataforseo.errors"

local M = {}

M.DEFAULT_PREFIX = "dataforseo"
M.DEFAULT_DICT = "dataforseo"
M.LEASE_MARGIN = 5        -- seconds a lease outlives its call's timeout
M.DEGRADED = 5            -- seconds on the fallback store before trying the shared one again

local UNIT = 1e8          -- governor/account.lua's money unit (1e-8 USD)
local floor, format = math.floor, string.format

------------------------------------------------------------------------------
-- The option: governor = { redis = { host, port, password, db, timeout,
-- prefix }, shared_dict = name | false, prefix, fallback = "local",
-- lease_margin = seconds }

local FIELDS = { redis = "table", shared_dict = "string|boolean", prefix = "string",
    fallback = "string", lease_margin = "number" }
local REDIS_FIELDS = { host = "string", port = "number", password = "string", db = "number",
    timeout = "number", prefix = "string" }

local function check_fields(t, fields, where)
    for k, v in pairs(t) do
        local want = fields[k]
        if not want then
            local names = {}
            for name in pairs(fields) do names[#names + 1] = name end
            table.sort(names)
            return format("has unknown field '%s%s' (fields: %s)", where, tostring(k), table.concat(names, ", "))
        end
        if not want:find(type(v), 1, true) then
            return format("field '%s%s' must be a %s, got %s", where, k, (want:gsub("|", " or ")), type(v))
        end
    end
end

local function prefix_problem(p, where)
    if p ~= nil and not p:match("^[%w_.:-]+$") or p and #p > 64 then
        return format("field '%sprefix' must be 1 to 64 letters, digits or _ . : -", where)
    end
end

-- nil, or what is wrong with the governor option (client.lua raises it).
function M.check_option(g)
    local problem = check_fields(g, FIELDS, "")
    if problem then return problem end
    if g.redis then
        local r = g.redis
        problem = check_fields(r, REDIS_FIELDS, "redis.") or prefix_problem(r.prefix, "redis.")
        if problem then return problem end
        if r.port and (r.port ~= floor(r.port) or r.port < 1 or r.port > 65535) then
            return "field 'redis.port' must be an integer from 1 to 65535"
        end
        if r.db and (r.db ~= floor(r.db) or r.db < 0) then return "field 'redis.db' must be an integer >= 0" end
        if r.timeout and not (r.timeout > 0 and r.timeout <= 60) then
            return "field 'redis.timeout' must be > 0 and at most 60 (seconds)"
        end
        if r.host and r.host:find("[%s%c]") then return "field 'redis.host' must not contain spaces" end
    end
    if g.shared_dict == true then return "field 'shared_dict' must be a dictionary name or false" end
    problem = prefix_problem(g.prefix, "")
    if problem then return problem end
    if g.fallback ~= nil and g.fallback ~= "local" then
        return "field 'fallback' must be \"local\" (or absent: fail closed)"
    end
    if g.lease_margin ~= nil and not (g.lease_margin >= 0 and g.lease_margin <= 3600) then
        return "field 'lease_margin' must be from 0 to 3600 (seconds)"
    end
end

------------------------------------------------------------------------------
-- A shared store (shared_dict, redis): USD to units, replies to verdicts.

local function units(usd) return floor(usd * UNIT + 0.5) end
local function usd(n) return (tonumber(n) or 0) / UNIT end

local function words(text)
    local w = {}
    for word in tostring(text):gmatch("%S+") do w[#w + 1] = word end
    return w
end

local function verdict(reply)
    local w = words(reply)
    if w[1] == "ok" then return { ok = true } end
    if w[1] == "pacing" then return { why = "pacing", wait = tonumber(w[2]) } end
    if w[1] == "busy" then return { why = "busy", in_flight = tonumber(w[2]), wait = tonumber(w[3]) } end
    if w[1] == "cost" then
        return { why = "cost", scope = w[2], spent = usd(w[3]), reserved = usd(w[4]) }
    end
    return nil, "unexpected answer from the store: " .. tostring(reply):sub(1, 80)
end

-- A process-unique start for lease ids: two processes must never share one.
local function id_prefix()
    local seed = { tostring({}), tostring(print), tostring(os.time()), tostring(os.clock()) }
    local stat = io.open("/proc/self/stat", "rb")
    if stat then
        seed[#seed + 1] = stat:read("*l") or ""
        stat:close()
    end
    local host = rawget(_G, "ngx")
    if type(host) == "table" and type(host.worker) == "table" and host.worker.pid then
        seed[#seed + 1] = tostring(host.worker.pid())
    end
    return require("dataforseo.engine.sha256").hex(table.concat(seed, "\0")):sub(1, 16)
end

------------------------------------------------------------------------------

local Governor = {}
Governor.__index = Governor

local warned = {}

local function in_nginx()
    local host = rawget(_G, "ngx")
    return type(host) == "table" and type(host.shared) == "table" and type(host.get_phase) == "function"
end

-- o.settings: the client's options (calls_per_minute, max_concurrent,
-- max_cost, max_cost_per_day, governor); o.clock: { now, wall };
-- o.account_key(prefix) -> the account's key part (a hash of the login).
function M.new(o)
    local s, g = o.settings, o.settings.governor or {}
    local cpm = s.calls_per_minute
    if type(cpm) ~= "number" then cpm = 2000 end            -- "account": until adopted
    local self = setmetatable({
        clock = o.clock,
        calls_per_minute = cpm,
        max_concurrent = s.max_concurrent or 8,
        max_cost = s.max_cost,
        max_cost_per_day = s.max_cost_per_day,
        lease_margin = g.lease_margin or M.LEASE_MARGIN,
        fallback = g.fallback == "local",
        serial = 0,
        pending = {},            -- settles a shared store missed: { id, units }
        leases = {},             -- id -> the store that holds it, when not the main one
    }, Governor)
    local function key(prefix)
        local part = o.account_key and o.account_key(prefix) or "anonymous"
        return prefix .. ":" .. part
    end
    local dict_name = g.shared_dict == nil and M.DEFAULT_DICT or g.shared_dict
    if g.redis then
        local r = g.redis
        local prefix = r.prefix or g.prefix or M.DEFAULT_PREFIX
        self.store = require("dataforseo.engine.governor.redis").new{ host = r.host, port = r.port,
            password = r.password, db = r.db, timeout = r.timeout, key = key(prefix) }
    elseif dict_name and in_nginx() and ngx.shared[dict_name] then
        self.store = require("dataforseo.engine.governor.shared_dict").new{ dict = ngx.shared[dict_name],
            name = dict_name, key = key(g.prefix or M.DEFAULT_PREFIX) }
    else
        self.store = self:local_store()
        -- A dictionary named but not declared: said once per worker.
        if g.shared_dict and in_nginx() and not warned[dict_name] then
            warned[dict_name] = true
            ngx.log(ngx.WARN, "dataforseo: no lua_shared_dict '", dict_name, "': every worker ",
                "keeps its own budget and pace (declare lua_shared_dict ", dict_name, " 1m;)")
        end
    end
    self.kind = self.store.kind
    self.shared = self.kind ~= "local"
    if self.shared then self.id_start = id_prefix() end
    -- The local store's parts, for specs and stats that look at them.
    self.limiter, self.budget = self.store.limiter, self.store.budget
    return self
end

function Governor:local_store()
    if not self.fallback_store then
        self.fallback_store = require("dataforseo.engine.governor.local").new{
            calls_per_minute = self.calls_per_minute, max_concurrent = self.max_concurrent,
            clock = self.clock }
    end
    return self.fallback_store
end

local function failure(self, message)
    return errors.governor(format("the %s store of the governor cannot be used: %s%s", self.kind,
        tostring(message), self.fallback and "" or " (no call is made while it cannot count: "
        .. "set governor.fallback = \"local\" to go on with a per-process budget)"))
end

-- The shared store, unless it failed a moment ago and the fallback holds.
function Governor:usable()
    return not (self.degraded_until and self.clock.now() < self.degraded_until)
end

function Governor:degrade()
    self.degraded_until = self.clock.now() + M.DEGRADED
end

-- Settles that reached no store before: they go first, so that what was
-- spent is counted before anything more is reserved.
local function flush(self)
    while self.pending[1] do
        local p = self.pending[1]
        local reply, err = self.store:op("settle", { p.id, p.units })
        if not reply then return nil, err end
        table.remove(self.pending, 1)
    end
    return true
end

local function shared_reserve(self, r, id)
    local ok, err = flush(self)
    if not ok then return nil, err end
    local max_day = self.max_cost_per_day
    local reply
    reply, err = self.store:op("reserve", { id, units(r.estimate), r.lease + self.lease_margin,
        self.calls_per_minute, self.max_concurrent, self.max_cost and units(self.max_cost) or -1,
        max_day and units(max_day) or -1, r.force and "1" or "0" })
    if not reply then return nil, err end
    return verdict(reply)
end

-- r: estimate (USD), lease (seconds the call may take), force (start even
-- when all the calls at once are taken: they belong to this process's
-- other loops), now.  -> verdict ({ ok, lease } | { why = "pacing", wait }
-- | { why = "busy", wait } | { why = "cost", scope, spent, reserved, max })
-- | nil, err (kind "governor")
function Governor:reserve(r)
    self.serial = self.serial + 1
    local id = self.shared and (self.id_start .. format("%x", self.serial)) or self.serial
    local v
    if self.shared and self:usable() then
        local err
        v, err = shared_reserve(self, r, id)
        if not v then
            if not self.fallback then return nil, failure(self, err) end
            self:degrade()
        end
    end
    if not v then
        local store = self.shared and self:local_store() or self.store
        v = store:reserve{ id = id, estimate = r.estimate, force = r.force, max_cost = self.max_cost,
            max_cost_per_day = self.max_cost_per_day }
        if v.ok and store ~= self.store then self.leases[id] = store end
    end
    if v.why == "cost" then
        v.max = v.scope == "day" and self.max_cost_per_day or self.max_cost
    end
    if v.ok then v.lease = id end
    return v
end

-- The call ended: slot and reservation back, `charged` USD (nil: nothing)
-- counted.  A shared store that cannot be reached gets it later (the next
-- reserve sends it first, and fails closed while it cannot).
function Governor:settle(id, charged)
    if id == nil then return true end
    local store = self.leases[id] or self.store
    self.leases[id] = nil
    if store.kind == "local" then return store:settle(id, charged) end
    local n = (type(charged) == "number" and charged >= 0 and charged < math.huge) and units(charged) or -1
    local reply = self:usable() and self.store:op("settle", { id, n })
    if not reply then
        self.pending[#self.pending + 1] = { id = id, units = n }
        if self.fallback then self:degrade() end
    end
    return true
end

function Governor:release(id) return self:settle(id, nil) end

local function shared_op(self, step, args)
    if self.shared and self:usable() then
        if self.store:op(step, args) then return true end
        if self.fallback then self:degrade() end
    end
    return false
end

-- 40202: nothing starts for `seconds` (from `now` of the client's clock).
function Governor:pause(seconds, now)
    if self.shared then
        shared_op(self, "pause", { format("%.6f", seconds) })
        if self.fallback_store then self.fallback_store:pause(seconds, now) end
        return true
    end
    return self.store:pause(seconds, now)
end

-- 40209/429: fewer calls at once for `seconds`.
function Governor:squeeze(seconds)
    if self.shared then
        shared_op(self, "squeeze", { format("%.6f", seconds) })
        if self.fallback_store then self.fallback_store:squeeze(seconds) end
        return true
    end
    return self.store:squeeze(seconds)
end

function Governor:set_calls_per_minute(n)
    self.calls_per_minute = n
    if self.fallback_store then self.fallback_store:set_calls_per_minute(n) end
    if self.store.kind == "local" and self.store ~= self.fallback_store then self.store:set_calls_per_minute(n) end
end

-- What the store holds now: spent (USD, every client sharing the store),
-- spent_today, day (YYYY-MM-DD, UTC), reserved, in_flight,
-- started_this_minute, paused_for (seconds), store (its kind), limits.
-- -> table | nil, err
function Governor:state()
    local st
    if self.shared then
        local reply, err = self.store:op("state", {})
        if not reply then return nil, failure(self, err) end
        local w = words(reply)
        st = { spent = usd(w[2]), spent_today = usd(w[3]), reserved = usd(w[4]), in_flight = tonumber(w[5]),
            started_this_minute = tonumber(w[6]), paused_for = tonumber(w[7]),
            day = os.date("!%Y-%m-%d", (tonumber(w[8]) or 0) * 86400) }
    else
        st = self.store:state()
    end
    st.store = self.kind
    st.calls_per_minute, st.max_concurrent = self.calls_per_minute, self.max_concurrent
    st.max_cost, st.max_cost_per_day = self.max_cost, self.max_cost_per_day
    return st
end

-- Forgets what the store counted for the account (a budget afresh).
function Governor:reset()
    local ok, err = self.store:reset()
    if not ok then return nil, failure(self, err) end
    return true
end

function Governor:close()
    self.store:close()
end

return M
