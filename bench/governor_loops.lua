-- The loop of bench/governor.lua, in plain Lua and inside nginx alike: n
-- reserve + settle pairs on a store (governor/account.lua's interface) ->
-- seconds per pair, timed with `timer`.
local M = {}

M.LIMITS = { calls_per_minute = 1000000, max_concurrent = 30, max_cost = 1e9 }

function M.store(store, n, timer)
    local limits = M.LIMITS
    local t0 = timer()
    for _ = 1, n do
        local v = assert(store:reserve(0.023, 60, false, limits))
        assert(v.lease, v.why)
        store:settle(v.lease, 0.023)
    end
    return (timer() - t0) / n
end

return M
