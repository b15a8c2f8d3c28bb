-- What the call engine (engine.lua) does with a call that failed, loaded
-- at the first failure: the retry policy (retry.lua) says whether and when
-- it goes again, and the retry's reason paces the other calls (40202 holds
-- every call until the window turns; 40209/429 lowers the calls allowed
-- at once, AIMD in the store).  A wait of a second or more is told once.
--
--   failures.retry(engine, call, err) -> true: the call is queued again;
--       false: it goes no further (the engine fails it with err)
local retry = require "dataforseo.engine.retry"

local format = string.format

local M = {}

local AFTER = { timeout = "a timeout", connect = "a refused or failed connection",
    connection = "a broken connection", bad_body = "a damaged answer" }

local function reschedule(engine, call, err, delay, reason, now)
    local c = engine.counters
    c.retries = c.retries + 1
    c.retries_by_reason[reason] = (c.retries_by_reason[reason] or 0) + 1
    if reason == "rate_limit" then
        c.rate_limit_waits = c.rate_limit_waits + 1
        engine.store:pause(delay)
        call.due = now
        engine:announce(delay, "rate_limit")
    else
        if reason == "too_many_requests" then engine.store:squeeze(engine.limits) end
        call.due = now + delay
        if err.retry_after then
            engine:announce(delay, "retry_after")
        elseif reason == "too_many_requests" then
            engine:announce(delay, "busy", "too many calls at once (40209/429): fewer at once for a while")
        else
            local after = AFTER[reason] or (reason:gsub("^http_", "HTTP "):gsub("^task_", "task status "))
            engine:announce(delay, "retry", format("retry %d of %d after %s", call.retry_state.retries,
                engine.policy.retries, after))
        end
    end
    if call.state ~= "flight" then return end      -- cancelled while the store was told
    call.state = "queued"
    -- Back in its place: a retried page goes before pages submitted later.
    local queue, pos = engine.queue, #engine.queue + 1
    for i = 1, #queue do
        if queue[i].seq > call.seq then pos = i break end
    end
    table.insert(queue, pos, call)
end

function M.retry(engine, call, err)
    engine.counters.failures = engine.counters.failures + 1
    local policy = engine.policy
    if not policy then
        local s = engine.settings
        policy = retry.new{ retries = s.retries, base_delay = s.retry_delay,
            max_delay = s.max_retry_delay, deadline = s.deadline }
        engine.policy = policy
    end
    err.message = engine.scrub(err.message)
    err.attempts = call.attempts
    err.retryable = retry.retryable(err)
    call.retry_state = call.retry_state or policy:start(call.started)
    if engine.closed then return false end      -- an answer awaited by close(): no retry
    local now = engine.clock.now()
    local delay, reason = policy:decide(err, call.retry_state, now, engine.clock.wall())
    call.err = err
    if not delay then return false end
    err.retry_reason = reason
    reschedule(engine, call, err, delay, reason, now)
    return true
end

return M
