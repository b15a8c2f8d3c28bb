-- The account's record and the steps that change it: calls started in the
-- current minute, the 40202 pause, the calls-at-once cap after 40209/429,
-- the leases of calls in flight (each with its reserved cost and an
-- expiry), what was spent in all and on the current UTC day.  One record
-- per account, one step at a time, and the same steps for every store:
--   * the in-process store (the default): M.store(clock), the record a Lua
--     table in the client;
--   * governor/shared_dict.lua runs M.apply under a lock on a dictionary's
--     text; governor/redis.lua sends this file inside its script (Redis runs
--     Lua 5.1 without require: plain Lua, string/math/table only).
-- Times are seconds of the store's clock (Unix time); money is integer units
-- of 1e-8 USD so that sums stay exact; minute windows and days are that
-- clock's calendar minutes and UTC days, as the API counts them (docs/governor.md).
local M = {}

M.UNIT = 1e8
M.WINDOW = 60
M.DAY = 86400
M.CREEP = 1          -- seconds per call at once won back after a 40209/429 (AIMD)

local floor, format, tonumber, concat = math.floor, string.format, tonumber, table.concat
local unpack = unpack or table.unpack    -- luacheck: ignore 143 (Redis's Lua 5.1 has the global)

local function num(v, default)
    local n = tonumber(v)
    if n == nil then return default end
    return n
end

local function fresh()
    return { spent = 0, day = 0, day_spent = 0, win = 0, win_count = 0, pause = 0, cut = 0, cut_at = 0,
        leases = {} }
end

-- "v2 spent day day_spent win win_count pause cut cut_at|id,exp,units|..."
-- (a "v1" record, from before the cap was AIMD, keeps all but its squeeze)
function M.decode(text)
    local s = fresh()
    if type(text) ~= "string" then return s end
    local version, head, rest = text:match("^(v[12]) ([^|]*)(.*)$")
    if not version then return s end
    local f = {}
    for word in head:gmatch("%S+") do f[#f + 1] = word end
    s.spent, s.day, s.day_spent = num(f[1], 0), num(f[2], 0), num(f[3], 0)
    s.win, s.win_count, s.pause = num(f[4], 0), num(f[5], 0), num(f[6], 0)
    if version == "v2" then s.cut, s.cut_at = num(f[7], 0), num(f[8], 0) end
    for id, exp, units in rest:gmatch("|([^,|]+),([^,|]+),([^,|]+)") do
        s.leases[#s.leases + 1] = { id = id, exp = num(exp, 0), units = num(units, 0) }
    end
    return s
end

function M.encode(s)
    local out = { format("v2 %.0f %.0f %.0f %.0f %.0f %.17g %.0f %.17g", s.spent, s.day, s.day_spent,
        s.win, s.win_count, s.pause, s.cut, s.cut_at) }
    for i = 1, #s.leases do
        local l = s.leases[i]
        out[#out + 1] = format("%s,%.17g,%.0f", tostring(l.id), l.exp, l.units)
    end
    return concat(out, "|")
end

-- Leases past their expiry are gone: a process that died mid-call holds
-- nothing for longer than its lease.  (This is the one place a lease ends
-- without its call: where an expiry can become presumed spending.)  The
-- day and the minute window turn.
local function refresh(s, now)
    local leases, n = s.leases, #s.leases
    for i = 1, n do
        if leases[i].exp <= now then
            local kept = {}
            for j = 1, n do
                if leases[j].exp > now then kept[#kept + 1] = leases[j] end
            end
            s.leases = kept
            break
        end
    end
    local win = floor(now / M.WINDOW)
    if s.win ~= win then
        s.win, s.win_count = win, 0
        local day = floor(now / M.DAY)        -- a day turns only with a minute
        if s.day ~= day then s.day, s.day_spent = day, 0 end
    end
end

local function reserved(s)
    local r = 0
    for i = 1, #s.leases do r = r + s.leases[i].units end
    return r
end

-- Calls allowed at once now: `concurrent`, or after a 40209/429 the cut,
-- growing by one every CREEP seconds until it is `concurrent` again.
local function cap(s, now, concurrent)
    if s.cut <= 0 then return concurrent end
    local c = s.cut + floor((now - s.cut_at) / M.CREEP)
    if c >= concurrent then
        s.cut = 0
        return concurrent
    end
    return c
end

-- The steps take numbers (apply converts a store's text arguments).
-- reserve id units lease cpm concurrent max_units max_day_units force
-- (a max below 0: no cap; force 1: start even when the calls at once are
-- all taken) -> "ok" | "pacing", seconds | "busy", in_flight, seconds
-- (until the soonest lease ends) | "cost", "client"|"day", spent, reserved
local function reserve(s, now, id, units, lease, cpm, concurrent, max_units, max_day_units, force)
    local wait = 0
    if s.pause > now then wait = s.pause - now end
    if s.win_count >= cpm then
        local turn = (s.win + 1) * M.WINDOW - now
        if turn > wait then wait = turn end
    end
    if wait > 0 then return "pacing", wait end
    local leases = s.leases
    if #leases >= cap(s, now, concurrent) and force ~= 1 then
        local soonest = now
        for i = 1, #leases do
            if i == 1 or leases[i].exp < soonest then soonest = leases[i].exp end
        end
        return "busy", #leases, soonest - now
    end
    local held = reserved(s)
    if max_units >= 0 and s.spent + held + units > max_units then
        return "cost", "client", s.spent, held
    end
    if max_day_units >= 0 and s.day_spent + held + units > max_day_units then
        return "cost", "day", s.day_spent, held
    end
    leases[#leases + 1] = { id = id, exp = now + lease, units = units }
    s.win_count = s.win_count + 1
    return "ok"
end

-- settle id charged_units (below 0: nothing came back, nothing charged) -> "ok"
local function settle(s, _, id, charged)
    local leases = s.leases
    for i = #leases, 1, -1 do
        if leases[i].id == id then table.remove(leases, i) end
    end
    if charged > 0 then
        s.spent = s.spent + charged
        s.day_spent = s.day_spent + charged
    end
    return "ok"
end

-- pause seconds: no call starts before now + seconds (40202).
local function pause(s, now, seconds)
    local t = now + seconds
    if t > s.pause then s.pause = t end
    return "ok"
end

-- squeeze concurrent: a call was refused as one too many at once (40209,
-- 429).  Multiplicative decrease: the cap drops to half the calls that ran
-- with it (at least one), never below where it is; cap() adds one back
-- every CREEP seconds (additive increase).
local function squeeze(s, now, concurrent)
    local half = floor((#s.leases + 1) / 2)
    if half < 1 then half = 1 end
    local current = cap(s, now, concurrent)
    s.cut = half < current and half or current
    s.cut_at = now
    return "ok"
end

-- state concurrent -> "state", spent, day_spent, reserved, in_flight,
-- win_count, pause_left, day, now, cap
local function state(s, now, concurrent)
    local left = s.pause > now and s.pause - now or 0
    return "state", s.spent, s.day_spent, reserved(s), #s.leases, s.win_count, left, s.day, now,
        cap(s, now, concurrent)
end

local STEPS = { reserve = reserve, settle = settle, pause = pause, squeeze = squeeze, state = state }

local function word_text(v)
    if type(v) == "number" then
        if v == floor(v) and v > -1e15 and v < 1e15 then return format("%d", v) end
        return format("%.6f", v)
    end
    return tostring(v)
end

local function reply_text(...)
    local out = { ... }
    for i = 1, #out do out[i] = word_text(out[i]) end
    return concat(out, " ")
end

-- A step's arguments from a store's text: numbers, but the lease id
-- (reserve's and settle's first) stays the text it was.
local function numbers(op, args)
    local out = {}
    for i = 1, #args do
        local v = args[i]
        if not (i == 1 and (op == "reserve" or op == "settle")) then v = num(v, -1) end
        out[i] = v
    end
    return out
end

-- One step on the stored text at time `now` -> the text to store, the reply
-- (its words joined by spaces).  args: the step's arguments (strings or numbers).
function M.apply(text, now, op, args)
    local step = STEPS[op]
    if not step then return text, "error unknown step " .. tostring(op) end
    local s = M.decode(text)
    refresh(s, now)
    local reply = reply_text(step(s, now, unpack(numbers(op, args))))
    return M.encode(s), reply
end

------------------------------------------------------------------------------
-- The in-process store: the same steps on a Lua table, read by the clock's
-- wall time (so that its minutes and days are the calendar's).  Its methods
-- are the store interface the engine uses (governor.lua gives the shared
-- stores the same):
--   store:reserve(estimate_usd, lease_seconds, force, limits) -> verdict:
--       { lease = id } | { why = "pacing", wait } | { why = "busy", wait }
--       | { why = "cost", scope, spent, reserved, max }
--     limits: calls_per_minute, max_concurrent, max_cost, max_cost_per_day (USD)
--   store:settle(id, charged_usd | nil)   store:pause(seconds)   store:squeeze(limits)
--   store:state(limits) -> table (see governor.lua)   store:close()

local Store = {}
Store.__index = Store

local UNIT = M.UNIT
local function units(usd) return floor(usd * UNIT + 0.5) end

function M.store(clock)
    return setmetatable({ kind = "local", clock = clock, record = fresh(), serial = 0 }, Store)
end

-- The record, brought to the clock's present.
local function present(self)
    local s, now = self.record, self.clock.wall()
    refresh(s, now)
    return s, now
end

function Store:reserve(estimate, lease, force, limits)
    local s, now = self.record, self.clock.wall()
    refresh(s, now)
    local id = self.serial + 1
    self.serial = id
    local max, max_day = limits.max_cost, limits.max_cost_per_day
    local word, a, b, c = reserve(s, now, id, floor(estimate * UNIT + 0.5), lease, limits.calls_per_minute,
        limits.max_concurrent, max and units(max) or -1, max_day and units(max_day) or -1, force and 1 or 0)
    if word == "ok" then return { lease = id } end
    if word == "pacing" then return { why = "pacing", wait = a } end
    if word == "busy" then return { why = "busy", in_flight = a, wait = b } end
    return { why = "cost", scope = a, spent = b / M.UNIT, reserved = c / M.UNIT,
        max = a == "day" and max_day or max }
end

-- charged: USD (the engine passes only finite numbers >= 0) or nil
function Store:settle(id, charged)
    local s, now = self.record, self.clock.wall()
    refresh(s, now)
    settle(s, now, id, charged and floor(charged * UNIT + 0.5) or -1)
    return true
end

function Store:pause(seconds)
    local s, now = present(self)
    pause(s, now, seconds)
end

function Store:squeeze(limits)
    local s, now = present(self)
    squeeze(s, now, limits.max_concurrent)
end

-- The record as governor.lua's state() gives it.
function M.state_table(spent, day_spent, held, in_flight, win_count, pause_left, day, calls_at_once)
    return { spent = spent / M.UNIT, spent_today = day_spent / M.UNIT, reserved = held / M.UNIT,
        in_flight = in_flight, started_this_minute = win_count, paused_for = pause_left,
        calls_at_once = calls_at_once, day = day }
end

function Store:state(limits)
    local s, now = present(self)
    local _, spent, day_spent, held, in_flight, win_count, left, day, _, calls_at_once =
        state(s, now, limits.max_concurrent)
    return M.state_table(spent, day_spent, held, in_flight, win_count, left, day, calls_at_once)
end

function Store.close() end

return M
