-- Counters for tests that must prove keep-alive reuse, retry counts and
-- fault delivery.  Shared by all nginx workers (lua_shared_dict); only
-- requests to the API (not /mock/...) are counted.
--
-- GET /mock/stats ->
--   { requests, connections, in_flight, max_in_flight, rate_limited,
--     concurrency_rejected, payment_required, cost_limited, gzip_responses,
--     status = { ["200"] = n, ... },       HTTP status sent
--     top_status = { ["20000"] = n, ... }, envelope status_code
--     task_status = { ["40501"] = n, ... },
--     faults = { http_503 = n, ... } }
local M = {}

local DICT = "dataforseo_emulator_stats"
local function dict() return ngx.shared[DICT] end

function M.incr(key, by)
    return dict():incr(key, by or 1, 0)
end

-- Counts a request and, the first time a connection is seen, the
-- connection ($connection is a serial number unique across workers).
function M.request(connection_serial)
    local d = dict()
    d:incr("requests", 1, 0)
    if d:add("conn:" .. connection_serial, true, 3600) then
        d:incr("connections", 1, 0)
    end
end

function M.in_flight(n)
    local d = dict()
    local max = d:get("max_in_flight") or 0
    if n > max then d:set("max_in_flight", n) end
end

function M.status(http_status) M.incr("status:" .. http_status) end
function M.top_status(code) M.incr("top_status:" .. code) end
function M.task_status(code) M.incr("task_status:" .. code) end
function M.fault(kind) M.incr("fault:" .. kind) end

function M.reset()
    dict():flush_all()
end

local GROUPS = { status = "status", top_status = "top_status", task_status = "task_status", faults = "fault" }

function M.snapshot(in_flight)
    local d = dict()
    local snap = {
        requests = d:get("requests") or 0,
        connections = d:get("connections") or 0,
        in_flight = in_flight or 0,
        max_in_flight = d:get("max_in_flight") or 0,
        rate_limited = d:get("rate_limited") or 0,
        concurrency_rejected = d:get("concurrency_rejected") or 0,
        payment_required = d:get("payment_required") or 0,
        cost_limited = d:get("cost_limited") or 0,
        gzip_responses = d:get("gzip_responses") or 0,
    }
    for name in pairs(GROUPS) do snap[name] = {} end
    for _, key in ipairs(d:get_keys(0)) do
        for name, prefix in pairs(GROUPS) do
            local sub = key:match("^" .. prefix .. ":(.+)$")
            if sub then snap[name][sub] = d:get(key) end
        end
    end
    return snap
end

return M
