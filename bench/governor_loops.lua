-- The loops of bench/governor.lua, in plain Lua and inside nginx alike:
-- n reserve + settle pairs -> seconds per pair, timed with `timer`; `now`
-- is the limiter's clock (what the client's engine would give it).
local cost = require "dataforseo.engine.cost"
local limiter = require "dataforseo.engine.limiter"

local M = {}

-- The engine's steps before the governor: wait_time, problem, reserve,
-- acquire; release, release, charge.
function M.plain(n, timer, now)
    local lim = limiter.new{ calls_per_minute = 1e9, max_concurrent = 8, now = now or timer }
    local budget = cost.budget(1e9, "client")
    local t0 = timer()
    for _ = 1, n do
        assert(lim:wait_time() == 0)
        assert(not budget:problem(0.023))
        budget:reserve(0.023)
        lim:acquire()
        lim:release()
        budget:release(0.023)
        budget:charge(0.023)
    end
    return (timer() - t0) / n
end

function M.governor(gov, n, timer)
    local t0 = timer()
    for _ = 1, n do
        local v = assert(gov:reserve{ estimate = 0.023, lease = 60, now = gov.clock.now() })
        assert(v.ok, v.why)
        gov:settle(v.lease, 0.023)
    end
    return (timer() - t0) / n
end

M.SETTINGS = { calls_per_minute = 1000000, max_concurrent = 8, max_cost = 1e9 }

return M
