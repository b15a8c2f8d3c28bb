-- The in-process store of the governor (the default): the client's own
-- limiter (limiter.lua: a sliding 60 s window, calls at once, the 40202
-- pause, the 40209 squeeze) and its cost budget (cost.lua: max_cost with
-- the reservations of calls in flight), plus the UTC day's spend for
-- max_cost_per_day.  Nothing is shared: every client has its own, as
-- before the governor.  Money is USD (floats, cost.EPSILON); times are the
-- client's clock (now: monotonic, wall: Unix time for the day).
local cost = require "dataforseo.engine.cost"
local limiter = require "dataforseo.engine.limiter"

local M = {}

local DAY = 86400
local floor, huge = math.floor, math.huge

local Store = {}
Store.__index = Store

-- o: calls_per_minute, max_concurrent, clock = { now, wall }
function M.new(o)
    return setmetatable({
        kind = "local",
        clock = o.clock,
        limiter = limiter.new{ calls_per_minute = o.calls_per_minute, max_concurrent = o.max_concurrent,
            now = o.clock.now },
        budget = cost.budget(nil, "client"),
        day = nil, day_spent = 0,
        leases = {},              -- id -> USD reserved
    }, Store)
end

local function roll_day(self)
    local day = floor(self.clock.wall() / DAY)
    if day ~= self.day then self.day, self.day_spent = day, 0 end
end

-- r: id, estimate (USD), max_cost, max_cost_per_day, force (start even when
-- the calls at once are all taken).  -> { ok = true } | { why = "pacing",
-- wait = s } | { why = "busy" } | { why = "cost", scope, spent, reserved, max }
function Store:reserve(r)
    local wait = self.limiter:wait_time()
    if wait == huge and r.force then wait = 0 end
    if wait == huge then return { why = "busy" } end
    if wait > 0 then return { why = "pacing", wait = wait } end
    local b = self.budget
    b.max_cost = r.max_cost
    if b:problem(r.estimate) then
        return { why = "cost", scope = "client", spent = b.spent, reserved = b.reserved, max = r.max_cost }
    end
    roll_day(self)
    if r.max_cost_per_day and self.day_spent + b.reserved + r.estimate > r.max_cost_per_day + cost.EPSILON then
        return { why = "cost", scope = "day", spent = self.day_spent, reserved = b.reserved,
            max = r.max_cost_per_day }
    end
    b:reserve(r.estimate)
    self.limiter:acquire()
    self.leases[r.id] = r.estimate
    return { ok = true }
end

-- The call ended: its slot and reservation are given back, and what it
-- cost (nil: no response, nothing charged) is added.
function Store:settle(id, charged)
    local estimate = self.leases[id]
    if estimate then
        self.leases[id] = nil
        self.limiter:release()
        self.budget:release(estimate)
    end
    if cost.valid(charged) then
        self.budget:charge(charged)
        roll_day(self)
        self.day_spent = self.day_spent + charged
    end
    return true
end

function Store:pause(seconds, now)
    self.limiter:pause_until((now or self.clock.now()) + seconds)
    return true
end

function Store:squeeze(seconds)
    self.limiter:squeeze(seconds)
    return true
end

function Store:set_calls_per_minute(n)
    self.limiter:set_calls_per_minute(n)
    return true
end

-- A budget afresh: nothing spent (calls in flight keep their reservations).
function Store:reset()
    self.budget.spent, self.day_spent = 0, 0
    return true
end

function Store:state()
    roll_day(self)
    local lim = self.limiter
    local paused = lim.paused_until and lim.paused_until - self.clock.now() or 0
    return { spent = self.budget.spent, spent_today = self.day_spent, reserved = self.budget.reserved,
        in_flight = lim.in_flight, started_this_minute = lim:started_in_window(),
        paused_for = paused > 0 and paused or 0, day = os.date("!%Y-%m-%d", self.day * DAY) }
end

function Store.close() end

return M
