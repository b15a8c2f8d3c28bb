-- The retry policy: which failures are worth another call, why (a short
-- reason for stats), and how long to wait.  Decided from kinds, status
-- codes and transport categories, never from message text.
--
--   local policy = retry.new{ retries = 3, base_delay = 0.5, max_delay = 30,
--                             deadline = nil, random = math.random }
--   local state = policy:start(now)                    -- one per logical call
--   local delay, reason = policy:decide(err, state, now, wall)
--     -> seconds to wait and why, or nil (err.gave_up says why not, and
--        err.retry_at says when the server would take it again, if known)
-- Backoff: full jitter, random(0, min(max_delay, base_delay * 2^(n-1))).
-- A server's Retry-After replaces it; one longer than max_delay is not
-- waited for.  40202 (calls per minute) waits for the next minute window
-- without using up `retries` (at most RATE_LIMIT_WAITS windows); 40209
-- and 429 (too many calls at once) back off without using them up either
-- (at most BUSY_WAITS).  40203
-- (the account's daily cost limit) is never retried: err.retry_at says
-- when the day ends (00:00 UTC).  Loaded when a call first fails (or a
-- server sends Retry-After).
local calendar = require "dataforseo.query.calendar"

local M = {}

local floor = math.floor

-- Retry-After (RFC 9110 10.2.3): delay-seconds, or an HTTP-date in any of
-- its three forms (IMF-fixdate, RFC 850, asctime).  Whatever a server
-- sends, parse_retry_after(value [, now]) gives seconds from `now` (Unix
-- time, default os.time()) in 0..RETRY_AFTER_CEILING, or nil when the
-- value is not one of those forms; it never raises.  Dates are computed
-- here, not by os.time, which raises or wraps for years it cannot hold.
M.RETRY_AFTER_CEILING = 2147483647   -- seconds (68 years); larger demands read as this

local MONTHS = { Jan = 1, Feb = 2, Mar = 3, Apr = 4, May = 5, Jun = 6, Jul = 7, Aug = 8,
    Sep = 9, Oct = 10, Nov = 11, Dec = 12 }
local RETRY_AFTER_MAX_TEXT = 64      -- bytes; no valid value is longer

local function clamp_seconds(n)
    if n == nil or n ~= n then return nil end
    if n < 0 then return 0 end
    if n > M.RETRY_AFTER_CEILING then return M.RETRY_AFTER_CEILING end
    return n
end

-- The HTTP-date forms -> Unix time, or nil.
local function http_date(v, now)
    local d, mon, y, h, mi, s = v:match(
        "^%a%a%a,%s*(%d%d?)%s+(%a%a%a)%s+(%d%d%d%d)%s+(%d%d):(%d%d):(%d%d)%s+GMT$")
    if not d then
        local yy
        d, mon, yy, h, mi, s = v:match("^%a+,%s*(%d%d)%-(%a%a%a)%-(%d%d)%s+(%d%d):(%d%d):(%d%d)%s+GMT$")
        if d then
            -- Two-digit years: more than 50 years ahead means the last century.
            local this_year = 1970 + floor(now / 31556952)
            y = 2000 + tonumber(yy)
            if y > this_year + 50 then y = y - 100 end
        end
    end
    if not d then
        mon, d, h, mi, s, y = v:match("^%a%a%a%s+(%a%a%a)%s+(%d%d?)%s+(%d%d):(%d%d):(%d%d)%s+(%d%d%d%d)$")
    end
    local m = MONTHS[mon or ""]
    if not d or not m then return nil end
    d, h, mi, s, y = tonumber(d), tonumber(h), tonumber(mi), tonumber(s), tonumber(y)
    if d < 1 or d > calendar.days_in_month(y, m) or h > 23 or mi > 59 or s > 60 then return nil end
    return calendar.days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60 + s
end

function M.parse_retry_after(v, now)
    if type(v) ~= "string" or #v > RETRY_AFTER_MAX_TEXT then return nil end
    v = v:match("^%s*(.-)%s*$")
    if v:find("^%d+%.?%d*$") then return clamp_seconds(tonumber(v)) end
    now = type(now) == "number" and now or os.time()
    local at = http_date(v, now)
    return at and clamp_seconds(at - now)
end



M.RATE_LIMIT_WAITS = 5
M.BUSY_WAITS = 10             -- 40209/429 waits of one call (they do not use up `retries`)
M.WINDOW = 60                 -- seconds: the API counts calls per minute
M.WINDOW_MARGIN = 0.5         -- seconds after the window turns

local Policy = {}
Policy.__index = Policy

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

-- Codes that no retry can fix: credentials, payment, account limits,
-- caller errors (the request itself is wrong).
function M.is_permanent_code(code)
    if type(code) ~= "number" then return false end
    if code == 401 or code == 402 or code == 40000 or code == 40100 or code == 40210 then return true end
    if code >= 40200 and code <= 40207 then return code ~= 40202 end
    return code >= 40400 and code <= 40506
end
local is_permanent_code = M.is_permanent_code

-- Task codes that clear with time (api-facts.md); 40202 and 40209 have
-- reasons of their own.
local TRANSIENT_CODES = {
    [40101] = true, [40103] = true, [50000] = true, [50001] = true, [50301] = true,
    [50303] = true, [50304] = true, [50401] = true,
}
local TRANSIENT_CATEGORIES = { timeout = true, connect = true, connection = true }

-- Why an error is worth retrying (a word for stats), or nil.
function M.reason(err)
    if type(err) ~= "table" then return nil end
    local kind, code, status = err.kind, err.code, err.http_status
    if kind == "transport" then
        return TRANSIENT_CATEGORIES[err.category] and err.category or nil
    end
    if kind ~= "http" and kind ~= "api" then return nil end
    if code == 40202 then return "rate_limit" end
    -- Too many simultaneous requests: clears when a running call ends.
    if code == 40209 or status == 429 or code == 429 then return "too_many_requests" end
    if is_permanent_code(code) or is_permanent_code(status) then return nil end
    -- A cost that cannot be believed (retryable = false): a retry is charged again.
    if err.reason == "bad_body" then return err.retryable ~= false and "bad_body" or nil end
    if TRANSIENT_CODES[code] then return "task_" .. tostring(code) end
    if type(status) == "number" and status >= 500 then return "http_" .. status end
    return nil
end

-- True when M.reason names one: what the engine sets as err.retryable.
function M.retryable(err) return M.reason(err) ~= nil end

function Policy.start(_, now)
    return { started = now, retries = 0, rate_waits = 0, busy_waits = 0 }
end

-- Unix time of the next 00:00 UTC after `wall`.
function M.next_utc_midnight(wall)
    return (math.floor(wall / 86400) + 1) * 86400
end

-- Seconds until the next minute window of the wall clock, plus a margin.
function M.window_wait(wall)
    return M.WINDOW - wall % M.WINDOW + M.WINDOW_MARGIN
end

function Policy:backoff(n)
    return self.random() * math.min(self.max_delay, self.base_delay * 2 ^ (n - 1))
end

-- A server demand longer than we wait ends the call; the error keeps
-- retryable = true and says when to try again.
local function give_up(err, why, wall, delay)
    err.gave_up = why
    if delay and wall then
        err.retry_at = wall + delay
        if why == "retry_after" then
            local ok, at = pcall(os.date, "!%Y-%m-%d %H:%M:%S UTC", math.floor(err.retry_at))
            err.message = string.format("%s (the server asks to wait %.0f s, longer than "
                .. "max_retry_delay; try again after %s)", tostring(err.message), delay,
                ok and at or "that")
        end
    end
    return nil
end

function Policy:decide(err, state, now, wall)
    if type(err) == "table" and err.code == 40203 and wall then
        err.gave_up, err.retry_at = "daily_cost_limit", M.next_utc_midnight(wall)
        return nil
    end
    local reason = M.reason(err)
    if not reason then return nil end
    local delay
    if reason == "rate_limit" then
        if state.rate_waits >= M.RATE_LIMIT_WAITS then
            return give_up(err, "rate_limit_waits", wall, M.window_wait(wall))
        end
        delay = err.retry_after or M.window_wait(wall)
        -- The minute window is the API's own rhythm: waited even when it
        -- is longer than max_delay; a longer demand is not.
        if delay > math.max(self.max_delay, M.WINDOW + M.WINDOW_MARGIN) then
            return give_up(err, "retry_after", wall, delay)
        end
    elseif reason == "too_many_requests" then
        -- The account's calls at once: a pace, not a fault (the store lowers
        -- the cap, AIMD); at most BUSY_WAITS of them, apart from `retries`.
        if state.busy_waits >= M.BUSY_WAITS then return give_up(err, "busy_waits") end
        delay = err.retry_after or self:backoff(state.busy_waits + 1)
        if delay > self.max_delay then return give_up(err, "retry_after", wall, delay) end
    else
        if state.retries >= self.retries then return give_up(err, "retries") end
        delay = err.retry_after or self:backoff(state.retries + 1)
        if delay > self.max_delay then return give_up(err, "retry_after", wall, delay) end
    end
    if self.deadline and now + delay - state.started > self.deadline then
        return give_up(err, "deadline", wall, delay)
    end
    if reason == "rate_limit" then
        state.rate_waits = state.rate_waits + 1
    elseif reason == "too_many_requests" then
        state.busy_waits = state.busy_waits + 1
    else
        state.retries = state.retries + 1
    end
    return delay, reason
end

return M
