-- The client-wide limiter: at most `calls_per_minute` calls started in any
-- 60 seconds, at most `max_concurrent` in flight at once, and a pause that
-- holds every call back (after a 40202 until the next window).  Single
-- calls and concurrent pages take their turn from the same limiter.
--
--   local lim = limiter.new{ calls_per_minute = 2000, max_concurrent = 8,
--                            now = function() ... end }   -- monotonic seconds
--   lim:wait_time()      -> 0 when a call may start now, else seconds until
--                           the window or the pause allows one (math.huge
--                           when only a finishing call can free a slot)
--   lim:acquire()        a call starts (call only when wait_time() == 0)
--   lim:release()        it finished
--   lim:pause_until(t)   no call starts before monotonic time t
--   lim:squeeze(seconds) fewer calls at once for a while (see below)
--   lim:set_calls_per_minute(n)
--   lim.in_flight, lim:started_in_window()
local M = {}

M.WINDOW = 60

local Limiter = {}
Limiter.__index = Limiter
M.Limiter = Limiter

function M.new(opts)
    opts = opts or {}
    local self = setmetatable({
        calls_per_minute = opts.calls_per_minute or 2000,
        max_concurrent = opts.max_concurrent or 8,
        now = opts.now or os.time,
        in_flight = 0,
        paused_until = nil,
        -- Start times of the last calls_per_minute calls, a ring.
        ring = {}, head = 1, count = 0,
    }, Limiter)
    return self
end

-- Calls started in the last WINDOW seconds.
function Limiter:started_in_window()
    local now, n = self.now(), 0
    for i = 1, self.count do
        if self.ring[i] > now - M.WINDOW then n = n + 1 end
    end
    return n
end

-- Seconds until the per-minute window and the pause let a call start.
function Limiter:window_wait()
    local now = self.now()
    local wait = 0
    if self.paused_until and self.paused_until > now then
        wait = self.paused_until - now
    end
    if self.count >= self.calls_per_minute then
        -- The ring is full: the oldest entry sits at head.
        local free_at = self.ring[self.head] + M.WINDOW
        if free_at - now > wait then wait = free_at - now end
    end
    return wait
end

-- Calls allowed at once now: max_concurrent, or less for a while after
-- the API said "too many simultaneous requests" (squeeze).
function Limiter:cap()
    if self.squeezed_until and self.now() < self.squeezed_until then
        return math.min(self.max_concurrent, self.squeezed_cap)
    end
    return self.max_concurrent
end

function Limiter:wait_time()
    local wait = self:window_wait()
    if wait > 0 then return wait end
    if self.in_flight >= self:cap() then return math.huge end
    return 0
end

-- For `seconds`, no more calls at once than run now (at least one): the
-- next call waits for a running one to finish instead of hammering.
function Limiter:squeeze(seconds)
    self.squeezed_cap = math.max(1, self.in_flight)
    self.squeezed_until = self.now() + seconds
end

function Limiter:acquire()
    local now = self.now()
    if self.count < self.calls_per_minute then
        self.count = self.count + 1
        self.ring[self.count] = now      -- head stays 1: the oldest
    else
        self.ring[self.head] = now
        self.head = self.head % self.calls_per_minute + 1
    end
    self.in_flight = self.in_flight + 1
end

function Limiter:release()
    if self.in_flight > 0 then self.in_flight = self.in_flight - 1 end
end

-- A new per-minute limit (the account's own, read at the first call): the
-- newest start times are kept, oldest first.
function Limiter:set_calls_per_minute(n)
    local times = {}
    for i = 0, self.count - 1 do
        times[#times + 1] = self.ring[(self.head - 1 + i) % self.count + 1]
    end
    local keep = math.min(#times, n)
    self.ring, self.head, self.count, self.calls_per_minute = {}, 1, keep, n
    for i = 1, keep do self.ring[i] = times[#times - keep + i] end
end

function Limiter:pause_until(t)
    if not self.paused_until or t > self.paused_until then self.paused_until = t end
end

return M
