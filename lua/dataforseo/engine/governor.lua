-- The governor: what belongs to the DataForSEO account rather than to one
-- client (pacing: calls per calendar minute, calls at once, the 40202
-- pause, the 40209 cap; cost: spent, the leases of calls in flight with
-- their reserved cost, the UTC day's spend), kept in a store that runs
-- governor/account.lua's steps.  This module picks the store and speaks to
-- the shared ones:
--   * in-process (the default): account.store(clock), nothing shared;
--   * governor/shared_dict.lua: all workers of one nginx, used by itself
--     when the app declares `lua_shared_dict dataforseo`;
--   * governor/redis.lua: several machines, opt-in.
-- Every store has the interface account.lua describes (reserve, settle,
-- presume, pause, squeeze, state, close); the call engine asks once per
-- start and once per end.  A shared store that cannot be reached fails the
-- call with kind "governor", or, with fallback = "local", hands over to an
-- in-process store for a while; a settle it missed is sent before the next
-- reserve, and close() waits a while for it.
--
--   local store = governor.new{ governor = <the client's option>, clock =,
--       log = function(level, message) | nil, account_key = function(prefix) }
local account = require "dataforseo.engine.governor.account"
local errors = require "dataforseo.errors"

local M = {}

M.DEFAULT_PREFIX = "dataforseo"
M.DEFAULT_DICT = "dataforseo"
M.LEASE_MARGIN = 5        -- seconds a lease outlives its call's timeout
M.DEGRADED = 5            -- seconds on the fallback store before trying the shared one again
M.FLUSH_POLL = 0.1        -- seconds between tries to send missed settles at close()

local format = string.format

------------------------------------------------------------------------------
-- The option (checked by client.lua's checker): governor = { redis = { host,
-- port, password, db, timeout, prefix }, shared_dict = name | false, prefix,
-- fallback = "local", lease_margin = seconds }

local rules = require("dataforseo.client").rules

local function store_prefix(p)
    if not p:match("^[%w_.:-]+$") or #p > 64 then return "must be 1 to 64 letters, digits or _ . : -" end
end

local REDIS_FIELDS = {
    host = { "string", nil, function(v) if v:find("[%s%c]") then return "must not contain spaces" end end },
    port = { "number", nil, rules.integer_in(1, 65535) },
    -- as short as the scrubber can still hide (scrub.lua)
    password = { "string", nil, function(v)
        local min = require("dataforseo.client").MIN_CREDENTIAL
        if #v < min then return "must be at least " .. min .. " characters" end
    end },
    db = { "number", nil, rules.integer_in(0, 1e9) },
    timeout = { "number", nil, rules.above_zero(60, " (seconds)") },
    prefix = { "string", nil, store_prefix },
}

M.OPTIONS = {
    redis = { "table", nil, rules.nested(REDIS_FIELDS, "redis.") },
    shared_dict = { "string|boolean", nil, function(v)
        if v == true then return "must be a dictionary name or false" end
    end },
    prefix = { "string", nil, store_prefix },
    fallback = { "string", nil, function(v)
        if v ~= "local" then return "must be \"local\" (or absent: fail closed)" end
    end },
    lease_margin = { "number", nil, rules.number_in(0, 3600, " (seconds)") },
}

local units = account.units
local NOTHING, PRESUMED = account.NOTHING, account.PRESUMED

local function words(text)
    local w = {}
    for word in tostring(text):gmatch("%S+") do w[#w + 1] = word end
    return w
end

local function verdict(reply, limits)
    local w = words(reply)
    local v = account.verdict(limits, w[1], w[1] == "cost" and w[2] or tonumber(w[2]), tonumber(w[3]),
        tonumber(w[4]))
    if v then return v end
    return nil, "unexpected answer from the store: " .. tostring(reply):sub(1, 80)
end

-- A process-unique start for call ids (leases, ledger lines): two
-- processes must never share one.
function M.id_prefix()
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
-- A shared store: the account's record in a dictionary or in Redis.

local Shared = {}
Shared.__index = Shared

local function failure(self, message)
    return errors.governor(format("the %s store of the governor cannot be used: %s%s", self.kind,
        tostring(message), self.fallback and "" or " (no call is made while it cannot count: "
        .. "set governor.fallback = \"local\" to go on with a per-process budget)"))
end

local function fallback_store(self)
    if not self.local_store then self.local_store = account.store(self.clock) end
    return self.local_store
end

-- The shared store, unless it failed a moment ago and the fallback holds.
local function usable(self)
    return not (self.degraded_until and self.clock.now() < self.degraded_until)
end

local function degrade(self)
    self.degraded_until = self.clock.now() + M.DEGRADED
end

-- One step -> reply | nil, err, written (it went out: it may have been
-- applied).  A record born anew while this store knew another (Redis
-- restarted without persistence, the key deleted, the dictionary's entry
-- evicted) is told once through `log`, never passed over.
local function op(self, step, args)
    local reply, born, written = self.store:op(step, args)
    if not reply then return nil, born, written end
    if born ~= self.born then
        if self.born and self.log then
            self.log("error", format("dataforseo: the governor's record in the %s store was lost (a restart "
                .. "without persistence, or the key was deleted or evicted) and starts again from nothing: "
                .. "what the account spent before is no longer counted against max_cost or "
                .. "max_cost_per_day", self.kind), { kind = "governor_record_lost", store = self.kind })
        end
        self.born = born
    end
    return reply
end

-- Settles that reached no store before: they go first, so that what was
-- spent is counted before anything more is reserved.
local function flush(self)
    while self.pending[1] do
        local p = self.pending[1]
        local reply, err = op(self, "settle", { p.id, p.units, p.reserved, p.born })
        if not reply then return nil, err end
        table.remove(self.pending, 1)
    end
    return true
end

-- -> verdict | nil, err, whether the step went out (it may have been
-- applied although its answer never came)
local function shared_reserve(self, id, estimate, lease, force, limits)
    local ok, err = flush(self)
    if not ok then return nil, err, false end
    local max, max_day = limits.max_cost, limits.max_cost_per_day
    local reply, written
    reply, err, written = op(self, "reserve", { id, units(estimate), lease + self.lease_margin,
        limits.calls_per_minute, limits.max_concurrent, max and units(max) or -1,
        max_day and units(max_day) or -1, force and "1" or "0" })
    if not reply then return nil, err, written end
    return verdict(reply, limits)
end

-- A settle for the shared record: now, or when it can be reached (the
-- next reserve sends it first; close() waits a while for it).
local function send_settle(self, id, charged_units, estimate)
    local p = { id = id, units = charged_units, reserved = units(estimate or 0), born = self.epochs[id] or "" }
    self.epochs[id] = nil
    if not (usable(self) and op(self, "settle", { p.id, p.units, p.reserved, p.born })) then
        self.pending[#self.pending + 1] = p
        if self.fallback then degrade(self) end
    end
    return true
end

-- -> verdict (account.lua's store interface) | nil, err (kind "governor")
function Shared:reserve(estimate, lease, force, limits, id)
    if id == nil then
        self.serial = self.serial + 1
        id = self.id_start .. format("%x", self.serial)
    end
    if usable(self) then
        local v, err, sent = shared_reserve(self, id, estimate, lease, force, limits)
        if v then
            if v.ok then
                v.lease = id
                self.epochs[id] = self.born
            end
            return v
        end
        -- Applied perhaps, its answer lost: released when the store answers again.
        if sent then self.pending[#self.pending + 1] = { id = id, units = NOTHING, reserved = 0, born = "" } end
        if not self.fallback then return nil, failure(self, err) end
        degrade(self)
    end
    local v = fallback_store(self):reserve(estimate, lease, force, limits, id)
    if v.lease then self.on_fallback[id] = true end
    return v
end

-- The call ended: slot and reservation back, `charged` USD (nil: it never
-- reached the API) counted.
function Shared:settle(id, charged, estimate)
    if self.on_fallback[id] then
        self.on_fallback[id] = nil
        return self.local_store:settle(id, charged)
    end
    return send_settle(self, id, charged and units(charged) or NOTHING, estimate)
end

-- No answer will come: the reservation is presumed spent.
function Shared:presume(id, estimate)
    if self.on_fallback[id] then
        self.on_fallback[id] = nil
        return self.local_store:presume(id)
    end
    return send_settle(self, id, PRESUMED, estimate)
end

local function shared_op(self, step, args)
    if usable(self) and not op(self, step, args) and self.fallback then degrade(self) end
end

-- 40202: nothing starts for `seconds`.
function Shared:pause(seconds)
    shared_op(self, "pause", { format("%.6f", seconds) })
    if self.local_store then self.local_store:pause(seconds) end
end

-- 40209/429: fewer calls at once (account.lua's squeeze).
function Shared:squeeze(limits)
    shared_op(self, "squeeze", { limits.max_concurrent })
    if self.local_store then self.local_store:squeeze(limits) end
end

-- What the store holds now (account.state_table) | nil, err
function Shared:state(limits)
    local reply, err = op(self, "state", { limits.max_concurrent })
    if not reply then return nil, failure(self, err) end
    local w = words(reply)
    local n = {}
    for i = 2, #w do n[i - 1] = tonumber(w[i]) or 0 end
    return account.state_table(n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[9], n[10])
end

-- Sends the settles the store missed, trying again until `deadline` (the
-- clock's now() seconds; nil: once); what still cannot go is told through
-- `log`: the store counts those calls at their estimate when their leases end.
function Shared:close(deadline)
    while self.pending[1] and not flush(self) do
        local left = deadline and deadline - self.clock.now() or 0
        if left <= 0 then break end
        pcall(self.clock.sleep, math.min(M.FLUSH_POLL, left))
    end
    local n = #self.pending
    if n > 0 and self.log then
        self.log("warn", format("dataforseo: %d settle%s could not reach the %s store of the governor: it "
            .. "counts %s at %s estimate (presumed) once %s lease%s end%s", n, n == 1 and "" or "s", self.kind,
            n == 1 and "that call" or "those calls", n == 1 and "its" or "their", n == 1 and "its" or "their",
            n == 1 and "" or "s", n == 1 and "s" or ""), { kind = "governor_unsettled", count = n })
    end
    self.store:close()
end

------------------------------------------------------------------------------

local warned = {}

-- o.governor: the client's option (above); o.clock: { now, wall }; o.log(level,
-- message); o.account_key(prefix) -> the account's key part (a hash of the
-- login); o.nginx: true inside nginx.  -> a store
function M.new(o)
    local g = o.governor or {}
    local function key(prefix)
        return prefix .. ":" .. (o.account_key and o.account_key(prefix) or "anonymous")
    end
    local dict_name = g.shared_dict == nil and M.DEFAULT_DICT or g.shared_dict
    local store
    if g.redis then
        local r = g.redis
        store = require("dataforseo.engine.governor.redis").new{ host = r.host, port = r.port,
            password = r.password, db = r.db, timeout = r.timeout, key = key(r.prefix or g.prefix or M.DEFAULT_PREFIX) }
    elseif dict_name and o.nginx and ngx.shared[dict_name] then
        store = require("dataforseo.engine.governor.shared_dict").new{ dict = ngx.shared[dict_name],
            name = dict_name, key = key(g.prefix or M.DEFAULT_PREFIX) }
    else
        -- A dictionary named but not declared: said once per worker.
        if g.shared_dict and o.nginx and not warned[dict_name] and o.log then
            warned[dict_name] = true
            o.log("warn", "dataforseo: no lua_shared_dict '" .. dict_name .. "': every worker keeps its "
                .. "own budget and pace (declare lua_shared_dict " .. dict_name .. " 1m;)")
        end
        return account.store(o.clock)
    end
    return setmetatable({
        kind = store.kind, shared = true, store = store, clock = o.clock, log = o.log,
        lease_margin = g.lease_margin or M.LEASE_MARGIN, fallback = g.fallback == "local",
        id_start = M.id_prefix(), serial = 0,
        pending = {},            -- settles the store missed: { id, units, reserved, born }
        on_fallback = {},        -- lease ids held by the fallback store
        epochs = {},             -- lease id -> the record's birth when it was taken
        born = nil,              -- the record's birth as last seen
    }, Shared)
end

return M
