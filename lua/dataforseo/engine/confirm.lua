-- Asking before a walk spends: the walk's estimate (calls, items, USD) and
-- the confirm(estimate) hook with its confirm_over threshold (walk.lua).
-- No free endpoint says how large a result set is, so the estimate comes
-- from what is known when it is needed:
--   * before the first call, from max_items and max_cost: when they bound
--     the walk below the threshold nothing is asked; when the first call
--     alone could pass it, the hook is asked now (items unknown: nil);
--   * otherwise the first page is fetched (it costs less than the
--     threshold) and the hook is asked with the walk's estimate from its
--     total_count, before any other page is sent.  With a response store,
--     pages it answers cost nothing: the hook is asked at the first page
--     paid for, with what is left from there (a rerun all from the store
--     asks nothing).
-- Without a hook, a walk above confirm_over is declined.  An estimate:
--   { calls, items, usd, total_count, known (true: from total_count),
--     spent (USD already spent by the walk), stored (pages the store gave
--     before the first paid one: not in calls, items or usd), confirm_over }
local cost = require "dataforseo.engine.cost"

local M = {}

local ceil, min, max = math.ceil, math.min, math.max

-- o: confirm, confirm_over, limit, max_items, max_cost, first_call (USD
-- estimate of the first call).  The threshold, or nil: nothing to ask.
function M.threshold(o)
    if o.confirm_over then return o.confirm_over end
    if o.confirm then return 0 end
    return nil
end

local function ask(o, estimate)
    estimate.confirm_over = M.threshold(o)
    if o.confirm and o.confirm(estimate) then return "go", estimate end
    return "declined", estimate
end

-- Before any call -> "go" | "later" (ask after the first page) |
-- "declined", estimate
function M.before(o)
    local threshold = M.threshold(o)
    if not threshold then return "go" end
    local bound
    if o.max_items then bound = cost.walk_estimate(o.max_items, o.limit, o.price) end
    if o.max_cost then bound = min(bound or math.huge, o.max_cost) end
    if bound and bound <= threshold + cost.EPSILON then return "go" end
    if o.first_call <= threshold + cost.EPSILON then return "later" end
    return ask(o, { calls = o.max_items and ceil(o.max_items / o.limit) or nil, items = o.max_items,
        usd = bound, known = false, spent = 0 })
end

-- After the first page: items = what the walk will fetch in all (from
-- total_count and max_items).  -> "go" | "declined", estimate
function M.after_first(o, page, items)
    local threshold = M.threshold(o)
    if not threshold then return "go" end
    local calls = max(1, ceil(items / o.limit))
    local spent = cost.valid(page.cost) and page.cost or 0
    local price = o.price or { call = cost.CALL_COST, item = cost.ITEM_COST }
    local usd = spent + (calls - 1) * price.call + price.item * max(0, items - #page.items)
    if o.max_cost then usd = min(usd, o.max_cost) end
    if usd <= threshold + cost.EPSILON then return "go" end
    return ask(o, { calls = calls, items = items, usd = usd, total_count = page.total_count,
        known = true, spent = spent, stored = o.stored })
end

return M
