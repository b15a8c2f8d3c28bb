-- The account side of the API, per login: money spent (in total and per
-- UTC day), calls per minute and per day, calls in flight, and the
-- GET /v3/appendix/user_data answer built from them.  Shared by all nginx
-- workers (lua_shared_dict dataforseo_emulator_accounts).
--
-- Money is kept in units of 1e-8 USD (integers: sums stay exact).
-- A login's balance is the deposit (setting `balance`) minus what it spent.
local endpoints = require("dataforseo_emulator.endpoints")

local M = {}

local DICT = "dataforseo_emulator_accounts"
local UNIT = 1e8
local floor = math.floor

local function dict() return ngx.shared[DICT] end

-- The UTC day and minute of a time, formatted once per second.
local last_t, last_day, last_minute
local function periods(t)
    if t ~= last_t then
        last_t, last_day, last_minute = t, os.date("!%Y-%m-%d", t), os.date("!%Y-%m-%d %H:%M", t)
    end
    return last_day, last_minute
end
local function day_of(t) return (periods(t)) end
local function minute_of(t) local _, minute = periods(t); return minute end

-- The dictionary keys of a login in the current second, built once: the
-- small requests of a busy test allocate as little as they can.
local keys_of, keys_count = {}, 0
local function keys(login, now)
    local k = keys_of[login]
    if k and k.t == now then return k end
    if not k then
        keys_count = keys_count + 1
        if keys_count > 1000 then keys_of, keys_count = {}, 1 end   -- no-auth runs: many logins
    end
    local day, minute = periods(now)
    k = { t = now, spent = "spent:" .. login, spent_day = "spent_day:" .. login .. ":" .. day,
        spent_min = "spent_min:" .. login .. ":" .. minute, calls = {} }
    k.calls_day, k.calls_min = "calls_day:" .. login .. ":" .. day, "calls_min:" .. login .. ":" .. minute
    keys_of[login] = k
    return k
end

-- The call counter keys of api/fn, day and minute.
local function call_keys(k, api, fn)
    local id = api .. "/" .. fn
    local pair = k.calls[id]
    if not pair then
        pair = { k.calls_day .. ":" .. id, k.calls_min .. ":" .. id }
        k.calls[id] = pair
    end
    return pair[1], pair[2]
end

local function usd(units) return (units or 0) / UNIT end

function M.reset() dict():flush_all() end

-- Calls in flight for a login (the simultaneous-request limit).
function M.enter(login) return dict():incr("flight:" .. login, 1, 0) end
function M.leave(login) return dict():incr("flight:" .. login, -1, 0) end

-- The functions user_data counts calls of, as api, function[, method];
-- the paid ones (every Backlinks live endpoint) also their spend.
local FUNCTIONS, PAID = {}, {}
for _, ep in ipairs(endpoints.ALL) do
    if ep.paid then
        FUNCTIONS[#FUNCTIONS + 1] = { "backlinks", ep.fn, "live" }
        PAID[#PAID + 1] = ep.fn
    else
        FUNCTIONS[#FUNCTIONS + 1] = { "backlinks", ep.fn }
    end
end
FUNCTIONS[#FUNCTIONS + 1] = { "appendix", "user_data" }

-- Counts one API call of api/fn ("backlinks", "anchors").
function M.count_call(login, now, api, fn)
    local d = dict()
    local day_key, minute_key = call_keys(keys(login, now), api, fn)
    d:incr(day_key, 1, 0, 3 * 86400)
    d:incr(minute_key, 1, 0, 180)
end

-- The login's calls of api/fn in this minute (id_list's own limit).
function M.calls_of_this_minute(login, now, api, fn)
    local _, minute_key = call_keys(keys(login, now), api, fn)
    return dict():get(minute_key) or 0
end

-- The login's calls in this minute, all functions.
function M.calls_this_minute(login, now)
    local d, k, n = dict(), keys(login, now), 0
    for _, f in ipairs(FUNCTIONS) do
        local _, minute_key = call_keys(k, f[1], f[2])
        n = n + (d:get(minute_key) or 0)
    end
    return n
end

-- Charges a paid call of backlinks/<fn>/live.
function M.charge(login, cost, now, fn)
    local units = floor(cost * UNIT + 0.5)
    if units <= 0 then return end
    local d, k = dict(), keys(login, now)
    d:incr(k.spent, units, 0)
    d:incr(k.spent_day, units, 0, 3 * 86400)
    d:incr(k.spent_min, units, 0, 180)
    d:incr(k.spent_day .. ":" .. fn, units, 0, 3 * 86400)
    d:incr(k.spent_min .. ":" .. fn, units, 0, 180)
end

function M.spent(login) return usd(dict():get("spent:" .. login)) end
function M.spent_today(login, now) return usd(dict():get(keys(login, now).spent_day)) end

function M.balance(login, settings, now)
    local key = now and keys(login, now).spent or ("spent:" .. login)
    return (floor((settings.balance or 0) * UNIT + 0.5) - (dict():get(key) or 0)) / UNIT
end

-- The refusal for a paid call, if any: "balance" (HTTP 402 / 40200) or
-- "daily" (40203, until the UTC day ends).
function M.refusal(login, settings, now)
    if M.balance(login, settings, now) <= 0 then return "balance" end
    local limit = settings.daily_cost_limit or 0
    if limit > 0 and M.spent_today(login, now) >= limit then return "daily" end
    return nil
end

-- Per-API maps as user_data writes them: the total, and the backlinks API
-- with each live function; value_of(fn) (default: the total).
local function per_api(value, value_of)
    local backlinks = {}
    for _, fn in ipairs(PAID) do backlinks[fn] = { live = value_of and value_of(fn) or value } end
    return { total = value, total_backlinks = value, backlinks = backlinks }
end

-- Spend per function under a period key ("spent_day:<login>:<day>").
local function spend_of(period)
    local d = dict()
    return function(fn) return usd(d:get(period .. ":" .. fn)) end
end

-- Calls counted under `period` ("calls_day:<login>:<day>"), per API and
-- function, as user_data's rates.statistics writes them.
local function call_statistics(period, value)
    local d = dict()
    local out = { value = value, total = 0 }
    for _, f in ipairs(FUNCTIONS) do
        local api, fn, method = f[1], f[2], f[3]
        local n = d:get(period .. ":" .. api .. "/" .. fn) or 0
        out[api] = out[api] or {}
        out[api][fn] = method and { [method] = n } or n
        out["total_" .. api] = (out["total_" .. api] or 0) + n
        out.total = out.total + n
    end
    return out
end

-- Every paid function's price: per request and per result.
local function prices()
    local out = {}
    for _, fn in ipairs(PAID) do
        out[fn] = { live = { priority_normal = {
            { cost_type = "per_request", cost = endpoints.PRICE.per_request },
            { cost_type = "per_result", cost = endpoints.PRICE.per_result },
        } } }
    end
    return out
end

-- The one result of GET /v3/appendix/user_data.
function M.user_data(login, settings, now)
    local d = dict()
    local day, minute = day_of(now), minute_of(now)
    local rate = settings.rate_limit_per_minute or 0
    local day_statistics = call_statistics("calls_day:" .. login .. ":" .. day, day)
    local minute_statistics = call_statistics("calls_min:" .. login .. ":" .. minute, minute)
    local day_key, minute_key = "spent_day:" .. login .. ":" .. day, "spent_min:" .. login .. ":" .. minute
    local spent_day = per_api(M.spent_today(login, now), spend_of(day_key))
    spent_day.value = day
    local spent_min = per_api(usd(d:get(minute_key)), spend_of(minute_key))
    spent_min.value = minute
    return {
        login = login,
        timezone = "UTC",
        rates = {
            limits = {
                day = per_api(rate > 0 and rate * 1440 or 0),
                minute = per_api(rate),
            },
            statistics = { day = day_statistics, minute = minute_statistics },
        },
        money = {
            total = settings.balance or 0,
            balance = M.balance(login, settings),
            limits = { day = per_api(settings.daily_cost_limit or 0), minute = per_api(0) },
            statistics = { day = spent_day, minute = spent_min },
        },
        price = { backlinks = prices() },
        backlinks_subscription_expiry_date = settings.backlinks_subscription ~= false
            and os.date("!%Y-%m-%d %H:%M:%S +00:00", now + 30 * 86400) or ngx.null,
        llm_mentions_subscription_expiry_date = ngx.null,
    }
end

return M
