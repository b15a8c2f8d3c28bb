-- The client-wide retry policy: which failures are worth another call and
-- how long to wait before it.  Shared by single calls (client.lua) and
-- concurrent pages (scheduler.lua).
--
--   local policy = retry.new{ retries = 3, base_delay = 0.5, max_delay = 30,
--                             deadline = nil, random = math.random }
--   local state = policy:start(now)          -- one per logical call
--   local delay, reason = policy:decide(err, state, now, wall)
--     -> seconds to wait before the next attempt, and why (for stats),
--     -> nil when the error is permanent, retries are used up or the wait
--        would pass the deadline (err.gave_up says which)
--
-- Rules:
--   * transient: connection failures and timeouts, HTTP 5xx and 429, task
--     codes 40101, 40103, 50000, 50001, 50301, 50303, 50304, 50401, and a
--     cut or garbled body; permanent codes (errors.is_permanent_code) never.
--   * exponential backoff with full jitter: random(0, min(max_delay,
--     base_delay * 2^(n-1))) before retry n, unless the server sent
--     Retry-After, which is honoured (up to max_retry_after).
--   * 40202 (calls per minute exceeded) waits for the next minute window of
--     the wall clock (plus a small margin) and does not use up `retries`:
--     at most RATE_LIMIT_WAITS windows per call.
--   * deadline: seconds from the first attempt; a wait that would end past
--     it is not made.
-- `now` is a monotonic clock, `wall` Unix time; both come from the caller
-- so that specs can inject time.
local errors = require "dataforseo.errors"

local M = {}

M.RATE_LIMIT_WAITS = 5
M.WINDOW = 60                 -- seconds: the API counts calls per minute
M.WINDOW_MARGIN = 0.5         -- seconds after the window turns
M.MAX_RETRY_AFTER = 300       -- a larger Retry-After is not waited for

local Policy = {}
Policy.__index = Policy
M.Policy = Policy

function M.new(opts)
    opts = opts or {}
    return setmetatable({
        retries = opts.retries or 3,
        base_delay = opts.base_delay or 0.5,
        max_delay = opts.max_delay or 30,
        deadline = opts.deadline,
        random = opts.random or math.random,
    }, Policy)
end

-- Why an error is worth retrying (a short word for stats), or nil.
function M.reason(err)
    if type(err) ~= "table" or not err.retryable then return nil end
    if err.kind == "transport" then return err.category or "transport" end
    if err.code == 40202 then
        -- The emulator (and a proxy) may say 40202 for too many simultaneous
        -- requests: that clears as soon as calls finish, not at the minute.
        if type(err.message) == "string" and err.message:lower():find("simultaneous", 1, true) then
            return "too_many_requests"
        end
        return "rate_limit"
    end
    if errors.is_permanent_code(err.code) then return nil end
    if err.kind == "api" then return "task_" .. tostring(err.code) end
    if err.kind == "http" then
        if err.http_status == 200 then return "bad_body" end
        return "http_" .. tostring(err.http_status)
    end
    return "other"
end

function Policy:start(now)
    return { started = now, retries = 0, rate_waits = 0 }
end

-- Seconds until the next minute window of the wall clock, plus a margin.
function M.window_wait(wall)
    local into = wall % M.WINDOW
    return M.WINDOW - into + M.WINDOW_MARGIN
end

function Policy:backoff(n)
    local cap = math.min(self.max_delay, self.base_delay * 2 ^ (n - 1))
    return self.random() * cap
end

function Policy:decide(err, state, now, wall)
    local reason = M.reason(err)
    if not reason then return nil end
    local delay
    if reason == "rate_limit" then
        if state.rate_waits >= M.RATE_LIMIT_WAITS then
            err.gave_up = "rate_limit_waits"
            return nil
        end
        delay = err.retry_after or M.window_wait(wall)
    else
        if state.retries >= self.retries then
            err.gave_up = "retries"
            return nil
        end
        delay = err.retry_after or self:backoff(state.retries + 1)
    end
    if delay > M.MAX_RETRY_AFTER then
        err.gave_up = "retry_after"
        return nil
    end
    if self.deadline and now + delay - state.started > self.deadline then
        err.gave_up = "deadline"
        return nil
    end
    if reason == "rate_limit" then
        state.rate_waits = state.rate_waits + 1
    else
        state.retries = state.retries + 1
    end
    return delay, reason
end

-- Seconds left before the deadline (nil without one).
function Policy:remaining(state, now)
    if not self.deadline then return nil end
    return self.deadline - (now - state.started)
end

return M
