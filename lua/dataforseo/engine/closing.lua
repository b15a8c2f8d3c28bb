-- The call engine's end (engine.lua's close(), loaded when a client
-- closes): every queued call ends with kind "closed", and so do later
-- calls (the engine refuses them).  Calls in flight get close_wait seconds
-- to answer (their real cost replaces the estimate); then they end
-- "closed" too, presumed spent.  Settles a shared store missed are sent
-- within the same wait.
--
--   closing.close(engine, poll)     poll: seconds, the longest single wait
local errors = require "dataforseo.errors"

local min, max = math.min, math.max

local M = {}

local function closed(call) call.state, call.err = "failed", errors.closed() end

-- Answers of calls in flight, awaited until `deadline` where this code
-- can wait for them (the engine's own channel); on other channels (a
-- loop's, nginx's) only those that arrived already are taken.
local function drain(engine, deadline, poll)
    for ch, n in pairs(engine.flying) do
        local blocking = ch == engine.blocking
        while n > 0 do
            local left = deadline - engine.clock.now()
            local done = ch:wait(blocking and max(0, min(left, poll)) or 0)
            for i = 1, #done do engine:settle(done[i]) end
            n = engine.flying[ch] or 0
            if not blocking or left <= 0 then break end
        end
    end
end

function M.close(engine, poll)
    local queued = engine.queue
    engine.queue = {}
    for _, call in ipairs(queued) do
        if call.state == "queued" or call.state == "starting" then
            engine:cancel(call)        -- a call being started elsewhere: what its start took, given back
            closed(call)
        end
    end
    local deadline = engine.clock.now() + engine.close_wait
    local flying = {}
    for _, call in pairs(engine.flight) do flying[#flying + 1] = call end
    if engine.close_wait > 0 and flying[1] then drain(engine, deadline, poll) end
    for _, call in ipairs(flying) do
        engine:cancel(call)
        closed(call)                   -- its answer, if it came, only settled its cost
    end
    if engine.blocking then engine.blocking:close() end
    engine.store:close(deadline)
    if engine.ledger then engine.ledger:close() end
end

return M
