-- GET /v3/appendix/user_data (free): the account, as client:account()
-- returns it.  An endpoint description for the call engine (engine/engine.lua):
-- no request fields, no body, no cost estimate; the one result becomes
--   { login, balance, total, limits = { minute, day, cost_per_day },
--     spent_today, backlinks_subscription_expiry, timezone, raw }
-- limits.minute and limits.day are calls (the account's totals over every
-- API), cost_per_day is USD; each is nil when the account reports none (0).
-- raw is the whole result as the API sent it.
local envelope = require "dataforseo.api.envelope"
local errors = require "dataforseo.errors"

local M = {}

M.method = "GET"
M.path = "/v3/appendix/user_data"

function M.task(params)
    if params ~= nil and (type(params) ~= "table" or next(params) ~= nil) then
        return nil, errors.validation{ field = "params", reason = "unknown_field",
            message = "appendix/user_data takes no request fields" }
    end
    return {}
end

-- Free: nothing to estimate or reserve.
function M.asked() return nil end

local function field(t, ...)
    for i = 1, select("#", ...) do
        if type(t) ~= "table" then return nil end
        t = t[select(i, ...)]
    end
    return t
end

-- A per-API map's total ({ total = N, ... }) or a plain number; nil for 0.
local function total(v)
    if type(v) == "table" then v = v.total end
    if type(v) == "number" and v > 0 then return v end
    return nil
end

function M.result(res)
    local _, task = envelope.open(res)
    if not _ then return nil, task end
    local r = field(task, "result", 1)
    if type(r) ~= "table" then
        return nil, envelope.bad_body(res, "appendix/user_data answered without an account result")
    end
    local expiry = r.backlinks_subscription_expiry_date
    local spent_today = field(r, "money", "statistics", "day")
    if type(spent_today) == "table" then spent_today = spent_today.total end
    return {
        login = type(r.login) == "string" and r.login or nil,
        balance = type(field(r, "money", "balance")) == "number" and r.money.balance or nil,
        total = type(field(r, "money", "total")) == "number" and r.money.total or nil,
        limits = {
            minute = total(field(r, "rates", "limits", "minute")),
            day = total(field(r, "rates", "limits", "day")),
            cost_per_day = total(field(r, "money", "limits", "day")),
        },
        spent_today = type(spent_today) == "number" and spent_today or nil,
        backlinks_subscription_expiry = type(expiry) == "string" and expiry or nil,
        timezone = type(r.timezone) == "string" and r.timezone or nil,
        cost = 0,
        raw = r,
    }
end

return M
