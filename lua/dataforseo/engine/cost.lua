-- What walks cost: the documented prices, a whole walk's estimate, and
-- budgets (a cap, what was spent, what calls in flight have reserved).
-- A walk with max_cost has one (the call engine reserves before sending
-- and charges what the API reported when the call settles); the account's
-- own budget is the governor's store.  Costs are USD.
local errors = require "dataforseo.errors"

local M = {}

M.CALL_COST = 0.02          -- per call of anchors/live (api-facts.md "Cost"); each
M.ITEM_COST = 0.00003       -- endpoint description carries its own price
M.EPSILON = 1e-9            -- sums of float costs must not refuse a call one early
M.DEFAULT_PRICE = { call = M.CALL_COST, item = M.ITEM_COST }   -- for a description without one

local floor, ceil, max, huge = math.floor, math.ceil, math.max, math.huge

-- A reported cost worth adding: a finite number >= 0 (JSON allows 1e400,
-- which would poison every later check).
function M.valid(cost)
    return type(cost) == "number" and cost >= 0 and cost < huge
end

-- USD of walking total_items in pages of limit: one call at least (the
-- first call is what reveals total_count); price = { call =, item = }
-- (default: anchors').
function M.walk_estimate(total_items, limit, price)
    if type(total_items) ~= "number" or total_items < 0 or total_items ~= floor(total_items) then
        error("dataforseo.estimate_cost: total_items must be an integer >= 0, got " .. tostring(total_items), 2)
    end
    if limit == nil then limit = 1000 end
    if type(limit) ~= "number" or limit < 1 or limit ~= floor(limit) then
        error("dataforseo.estimate_cost: limit must be an integer >= 1, got " .. tostring(limit), 2)
    end
    local per_call, per_item = M.CALL_COST, M.ITEM_COST
    if price then per_call, per_item = price.call, price.item end
    return max(1, ceil(total_items / limit)) * per_call + per_item * total_items
end

local Budget = {}
Budget.__index = Budget

-- max_cost: USD or nil (no cap); scope names it in messages ("client", "walk").
function M.budget(max_cost, scope)
    return setmetatable({ max_cost = max_cost, scope = scope, spent = 0, reserved = 0 }, Budget)
end

-- nil, or the cost_limit error when a call estimated at `estimate` could
-- take spending (with the reservations of calls in flight) past the cap.
function Budget:problem(estimate)
    if self.max_cost and self.spent + self.reserved + estimate > self.max_cost + M.EPSILON then
        return errors.cost_limit(self.spent, estimate, self.max_cost, self.scope)
    end
    return nil
end

function Budget:reserve(estimate) self.reserved = self.reserved + estimate end

function Budget:release(estimate)
    self.reserved = self.reserved - estimate
    if self.reserved < M.EPSILON then self.reserved = 0 end    -- no float dust left
end

function Budget:charge(cost)
    if M.valid(cost) then self.spent = self.spent + cost end
end

return M
