-- The account's record and the steps that change it: calls started in the
-- current minute, the 40202 pause, the calls-at-once cap after 40209/429,
-- the leases of calls in flight (each with its reserved cost and an
-- expiry), what was spent in all and on the current UTC day, and the part
-- of it that is presumed.  One record per account, one step at a time, and
-- the same steps for every store:
--   * the in-process store (the default): M.store(clock), the record a Lua
--     table in the client;
--   * governor/shared_dict.lua runs record.lua's apply under a lock on a
--     dictionary's text; governor/redis.lua sends this file and record.lua
--     inside its script (Redis runs Lua 5.1 without require: plain Lua,
--     string/math/table only).
-- Times are seconds of the store's clock (Unix time); money is integer units
-- of 1e-8 USD so that sums stay exact; minute windows and days are that
-- clock's calendar minutes and UTC days, as the API counts them (docs/governor.md).
--
-- Money is never forgotten.  A lease that ends without its settle (a
-- process killed mid-call) becomes presumed spending in `refresh`, and is
-- remembered for ENDED_KEEP seconds so that a late settle puts the real
-- cost in place of the estimate.  A reserve or a settle that arrives twice
-- (a slow reply retried) counts once: a reserve finds its lease, a settle
-- finds nothing left to settle (its id is remembered as done).  A settle
-- of a lease that a lost record held (the record's `born` changed) still
-- counts what the call cost.
local M = {}

M.UNIT = 1e8
M.WINDOW = 60
M.DAY = 86400
M.CREEP = 1          -- seconds per call at once won back after a 40209/429 (AIMD)
M.ENDED_KEEP = 86400 -- seconds an ended lease (or a done id) is remembered
M.MEMORY = 256       -- ended leases and done ids remembered at most, each
M.MAX_COST = 1e6     -- USD: no answer's cost above this is believed (a call costs cents)
M.NOTHING = -1       -- settle: the call never reached the API, nothing was charged
M.PRESUMED = -2      -- settle: no answer will come, the reservation is presumed spent

local floor, format = math.floor, string.format

local function fresh(now)
    return { born = now and format("%.6f", now) or "0", spent = 0, presumed = 0, day = 0, day_spent = 0,
        win = 0, win_count = 0, pause = 0, cut = 0, cut_at = 0, leases = {}, ended = {}, done = {} }
end

local function find(list, id)
    for i = 1, #list do
        if list[i].id == id then return i end
    end
end

-- Drops what is older than ENDED_KEEP, and the oldest past MEMORY.
local function forget(list, now)
    local n = #list
    if n == 0 then return end
    local first = n > M.MEMORY and n - M.MEMORY + 1 or 1
    if first == 1 and list[1].at + M.ENDED_KEEP > now then return end
    local kept = {}
    for i = first, n do
        if list[i].at + M.ENDED_KEEP > now then kept[#kept + 1] = list[i] end
    end
    for i = 1, n do list[i] = kept[i] end
end

local function remember(list, id, now)
    list[#list + 1] = { id = id, at = now }
end

-- `units` more spent (today too), `presumed` of them presumed.
local function add(s, units, presumed)
    s.spent = s.spent + units
    s.presumed = s.presumed + presumed
    s.day_spent = s.day_spent + units
    if s.day_spent < 0 then s.day_spent = 0 end
end

-- The day and the minute window turn; leases past their expiry end: a
-- process that died mid-call holds its slot no longer, and what it had
-- reserved is presumed spent (the call may have reached the API).  This is
-- the one place a lease ends without its call.
local function refresh(s, now)
    local win = floor(now / M.WINDOW)
    if s.win ~= win then
        s.win, s.win_count = win, 0
        local day = floor(now / M.DAY)        -- a day turns only with a minute
        if s.day ~= day then s.day, s.day_spent = day, 0 end
    end
    local leases, n = s.leases, #s.leases
    for i = 1, n do
        if leases[i].exp <= now then
            local kept = {}
            for j = 1, n do
                local l = leases[j]
                if l.exp > now then
                    kept[#kept + 1] = l
                else
                    add(s, l.units, l.units)
                    s.ended[#s.ended + 1] = { id = l.id, at = now, units = l.units }
                end
            end
            s.leases = kept
            break
        end
    end
    forget(s.ended, now)
    forget(s.done, now)
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
-- | "done" (the id was settled already: a stale copy, nothing reserved)
local function reserve(s, now, id, units, lease, cpm, concurrent, max_units, max_day_units, force)
    if find(s.leases, id) then return "ok" end            -- the same reserve again: one lease
    if find(s.done, id) or find(s.ended, id) then return "done" end
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

-- settle id charged units born: the call's lease ends.  charged: units the
-- API charged (>= 0), NOTHING (never sent) or PRESUMED (no answer will
-- come: the lease's units are presumed spent).  units: what it reserved;
-- born: the record its lease was taken in (nil: this one) -> "ok"
local function settle(s, now, id, charged, units, born)
    local i = find(s.leases, id)
    if i then
        local l = table.remove(s.leases, i)
        if charged == M.PRESUMED then add(s, l.units, l.units) elseif charged > 0 then add(s, charged, 0) end
        return "ok"
    end
    i = find(s.ended, id)
    if i then
        -- It was presumed when its lease ended; the answer came after all.
        local e = table.remove(s.ended, i)
        if charged ~= M.PRESUMED then add(s, (charged > 0 and charged or 0) - e.units, -e.units) end
        remember(s.done, id, now)
        return "ok"
    end
    if find(s.done, id) then return "ok" end              -- applied before: a settle retried
    remember(s.done, id, now)
    -- A lease of a record that is gone (Redis restarted without its data):
    -- what the call cost still counts.
    if born ~= nil and born ~= "" and born ~= s.born then
        if charged == M.PRESUMED then add(s, units, units) elseif charged > 0 then add(s, charged, 0) end
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
-- win_count, pause_left, day, now, cap, presumed (spent and presumed
-- without the reservations of calls in flight)
local function state(s, now, concurrent)
    local left = s.pause > now and s.pause - now or 0
    return "state", s.spent, s.day_spent, reserved(s), #s.leases, s.win_count, left, s.day, now,
        cap(s, now, concurrent), s.presumed
end

-- The steps by name (record.lua applies them to a shared store's text).
M.steps = { reserve = reserve, settle = settle, pause = pause, squeeze = squeeze, state = state }
M.fresh, M.refresh = fresh, refresh

------------------------------------------------------------------------------
-- The in-process store: the same steps on a Lua table, read by the clock's
-- wall time (so that its minutes and days are the calendar's).  Its methods
-- are the store interface the engine uses (governor.lua gives the shared
-- stores the same):
--   store:reserve(estimate_usd, lease_seconds, force, limits [, id]) -> verdict:
--       { lease = id } | { why = "pacing", wait } | { why = "busy", wait }
--       | { why = "cost", scope, spent, reserved, max }
--     limits: calls_per_minute, max_concurrent, max_cost, max_cost_per_day (USD);
--     id: the call's (the engine's); without it the store makes one
--   store:settle(id, charged_usd | nil, estimate_usd)   nil: never sent, nothing charged
--   store:presume(id, estimate_usd)   no answer will come: presumed spent
--   store:pause(seconds)   store:squeeze(limits)
--   store:state(limits) -> table (see governor.lua)   store:close([deadline])

local Store = {}
Store.__index = Store

local UNIT = M.UNIT
local function units(usd) return floor(usd * UNIT + 0.5) end
M.units = units

-- A cost worth counting: a finite number from 0 to MAX_COST (JSON allows
-- 1e400, and a server or a hand-edited file may say anything).
function M.valid_cost(usd)
    return type(usd) == "number" and usd >= 0 and usd <= M.MAX_COST
end

function M.store(clock)
    return setmetatable({ kind = "local", clock = clock, record = fresh(), serial = 0 }, Store)
end

-- The record, brought to the clock's present.
local function present(self)
    local s, now = self.record, self.clock.wall()
    refresh(s, now)
    return s, now
end

-- A verdict from reserve's reply words.
function M.verdict(limits, word, a, b, c)
    if word == "ok" then return { ok = true } end
    if word == "pacing" then return { why = "pacing", wait = a } end
    if word == "busy" then return { why = "busy", in_flight = a, wait = b } end
    if word == "cost" then
        return { why = "cost", scope = a, spent = (b or 0) / UNIT, reserved = (c or 0) / UNIT,
            max = a == "day" and limits.max_cost_per_day or limits.max_cost }
    end
end

function Store:reserve(estimate, lease, force, limits, id)
    local s, now = present(self)
    if id == nil then
        self.serial = self.serial + 1
        id = self.serial
    end
    local max, max_day = limits.max_cost, limits.max_cost_per_day
    local v = M.verdict(limits, reserve(s, now, id, units(estimate), lease, limits.calls_per_minute,
        limits.max_concurrent, max and units(max) or -1, max_day and units(max_day) or -1, force and 1 or 0))
    if v.ok then return { lease = id } end
    return v
end

-- charged: USD (the engine passes only finite numbers >= 0) or nil
function Store:settle(id, charged)
    local s, now = present(self)
    settle(s, now, id, charged and units(charged) or M.NOTHING)
    return true
end

function Store:presume(id)
    local s, now = present(self)
    settle(s, now, id, M.PRESUMED)
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

-- The record as governor.lua's state() gives it: spent and presumed count
-- the reservations of calls in flight (presumed until their cost is known).
function M.state_table(spent, day_spent, held, in_flight, win_count, pause_left, day, calls_at_once, presumed)
    return { spent = (spent + held) / UNIT, spent_today = (day_spent + held) / UNIT, reserved = held / UNIT,
        presumed = ((presumed or 0) + held) / UNIT, in_flight = in_flight, started_this_minute = win_count,
        paused_for = pause_left, calls_at_once = calls_at_once, day = day }
end

function Store:state(limits)
    local s, now = present(self)
    local _, spent, day_spent, held, in_flight, win_count, left, day, _, calls_at_once, presumed =
        state(s, now, limits.max_concurrent)
    return M.state_table(spent, day_spent, held, in_flight, win_count, left, day, calls_at_once, presumed)
end

function Store.close() end

return M
