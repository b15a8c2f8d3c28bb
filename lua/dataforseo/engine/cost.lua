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

local floor, ceil, max = math.floor, math.ceil, math.max

-- A reported cost worth adding: a finite number from 0 to account.MAX_COST
-- (JSON allows 1e400, which would poison every later check).
M.valid = require("dataforseo.engine.governor.account").valid_cost

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
-- spent: USD the API reported; presumed: the estimates of calls whose cost
-- will not be known (abandoned after they may have reached the API);
-- reserved: the estimates of calls in flight (presumed until they settle).
function M.budget(max_cost, scope)
    return setmetatable({ max_cost = max_cost, scope = scope, spent = 0, presumed = 0, reserved = 0 }, Budget)
end

-- USD counted as spent: reported, presumed and in flight.
function Budget:counted() return self.spent + self.presumed + self.reserved end

-- nil, or the cost_limit error when a call estimated at `estimate` could
-- take spending (with the reservations of calls in flight) past the cap.
function Budget:problem(estimate)
    local counted = self:counted()
    if self.max_cost and counted + estimate > self.max_cost + M.EPSILON then
        return errors.cost_limit(counted, estimate, self.max_cost, self.scope)
    end
    return nil
end

function Budget:reserve(estimate) self.reserved = self.reserved + estimate end

-- A call in flight ended: `charged` USD reported, or (charged = "presumed")
-- no cost will be known and its estimate stays spent, or (nil) it never
-- reached the API.
function Budget:settle(estimate, charged)
    self.reserved = self.reserved - estimate
    if self.reserved < M.EPSILON then self.reserved = 0 end    -- no float dust left
    if charged == "presumed" then
        self.presumed = self.presumed + estimate
    elseif M.valid(charged) then
        self.spent = self.spent + charged
    end
end

return M
