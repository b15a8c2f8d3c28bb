-- Emulator state shared by all nginx workers (lua_shared_dict):
-- settings (latency, limits, gzip, credentials), the queue of scripted
-- faults, and the last request seen.  Runs inside nginx only.
local cjson = require("cjson.safe")
local calendar = require("dataforseo_emulator.calendar")

local M = {}

local DICT = "dataforseo_emulator"

M.FAULT_KINDS = {
    http_500 = true, http_502 = true, http_503 = true,   -- HTML error page
    task_50000 = true, task_50301 = true, task_50401 = true, -- task status code
    reset = true,          -- TCP reset after half of the body
    truncate = true,       -- connection closed after half of the body
    close = true,          -- connection closed before any response byte
    drip = true,           -- body sent in small pieces with pauses
    invalid_json = true,   -- HTTP 200, complete length, body is not JSON
}

-- Settings a test may change, with their defaults and types.
M.DEFAULTS = {
    latency_ms = 0,              -- fixed delay before answering
    jitter_ms = 0,               -- plus a random 0..jitter_ms
    rate_limit_per_minute = 0,   -- calls per login and minute; 0 = unlimited; over it: 40202
    max_concurrent = 0,          -- calls in flight per login; 0 = unlimited; over it: 40209
    balance = 100000,            -- USD deposited per login; spent to zero or below: HTTP 402 / 40200
    daily_cost_limit = 0,        -- USD per login and UTC day; 0 = none; reached: 40203
    backlinks_subscription = true,  -- false: anchors answers 40204, user_data a null expiry
    gzip = true,                 -- compress when the client accepts gzip
    drip_bytes = 64,             -- slow drip: bytes per piece
    drip_interval_ms = 50,       -- slow drip: pause between pieces
    id_list_per_minute = 10,     -- id_list calls per login and minute (documented: 10); over it: 40202
    graph_date = "",             -- "yyyy-mm-dd": every site's graph as on that date ("" = 2024-07-01)
    graph_dates = {},            -- { site = "yyyy-mm-dd" | "" }: one site's graph on its own date
}
local SETTING_TYPES = {}
for k, v in pairs(M.DEFAULTS) do SETTING_TYPES[k] = type(v) end

local function dict() return ngx.shared[DICT] end

-- Per-worker copy of the settings, refreshed when the version changes.
local cached, cached_version = nil, -1

function M.settings()
    local d = dict()
    local version = d:get("settings_version") or 0
    if version ~= cached_version or not cached then
        cached = cjson.decode(d:get("settings") or "{}") or {}
        for k, v in pairs(M.DEFAULTS) do
            if cached[k] == nil then cached[k] = v end
        end
        cached_version = version
    end
    return cached
end

local function store(settings)
    local d = dict()
    d:set("settings", cjson.encode(settings))
    d:incr("settings_version", 1, 0)
end

-- Called once in init_by_lua with the start options (login, password,
-- auth, and any of DEFAULTS).
function M.init(options)
    local d = dict()
    d:flush_all()
    local settings = {}
    for k, v in pairs(M.DEFAULTS) do settings[k] = v end
    for k, v in pairs(options or {}) do settings[k] = v end
    store(settings)
    d:set("initial_settings", cjson.encode(settings))
end

-- The earliest date a graph can be moved to (the data begins in 2015);
-- the latest is today (UTC).
local FIRST_DATE = "2015-01-01"

local function date_problem(name, v)
    if v == "" then return nil end
    local t = calendar.date_of(v)
    if not t or t < calendar.date_of(FIRST_DATE) or t > calendar.today() then
        return "setting '" .. name .. "' must be \"\" or a date \"yyyy-mm-dd\" from " .. FIRST_DATE .. " to today"
    end
    return nil
end

-- graph_date: a date; graph_dates: an object of site -> date.
local function dates_problem(k, v)
    if k == "graph_date" then return date_problem(k, v) end
    if k ~= "graph_dates" then return nil end
    for site, date in pairs(v) do
        if type(site) ~= "string" or type(date) ~= "string" then
            return "setting 'graph_dates' must be an object of site -> \"yyyy-mm-dd\""
        end
        local problem = date_problem("graph_dates." .. site, date)
        if problem then return problem end
    end
    return nil
end

-- Applies a control request.  Returns true or nil, message.
function M.apply(change)
    if type(change) ~= "table" then return nil, "control body must be a JSON object" end
    local settings = cjson.decode(dict():get("settings")) or {}
    local faults = {}
    for k, v in pairs(change) do
        if SETTING_TYPES[k] then
            if type(v) ~= SETTING_TYPES[k] or (type(v) == "number" and v < 0) then
                return nil, "setting '" .. k .. "' must be a non-negative " .. SETTING_TYPES[k]
            end
            local problem = dates_problem(k, v)
            if problem then return nil, problem end
            settings[k] = v
        elseif k == "fault" then
            local count = change.count or 1
            if not M.FAULT_KINDS[v] then return nil, "unknown fault kind '" .. tostring(v) .. "'" end
            if type(count) ~= "number" or count < 1 or count > 100000 then
                return nil, "'count' must be a number in 1..100000"
            end
            faults[#faults + 1] = { kind = v, count = count }
        elseif k == "faults" then
            if type(v) ~= "table" then return nil, "'faults' must be an array" end
            for _, f in ipairs(v) do
                if type(f) ~= "table" or not M.FAULT_KINDS[f.kind] then
                    return nil, "unknown fault kind '" .. tostring(type(f) == "table" and f.kind or f) .. "'"
                end
                faults[#faults + 1] = { kind = f.kind, count = f.count or 1 }
            end
        elseif k ~= "count" and k ~= "clear_faults" and k ~= "reset" and k ~= "reset_stats"
            and k ~= "reset_accounts" then
            return nil, "unknown control field '" .. tostring(k) .. "'"
        end
    end
    local d = dict()
    if change.reset then
        settings = cjson.decode(d:get("initial_settings")) or {}
        d:delete("last_request")
    end
    if change.reset or change.clear_faults then
        while d:lpop("faults") do end
    end
    if change.reset or change.reset_stats then
        require("dataforseo_emulator.stats").reset()
    end
    if change.reset or change.reset_accounts then
        require("dataforseo_emulator.account").reset()
        require("dataforseo_emulator.books").reset()
    end
    store(settings)
    for _, f in ipairs(faults) do
        for _ = 1, f.count do d:rpush("faults", f.kind) end
    end
    return true
end

-- The next scripted fault, if any (atomic across workers).
function M.next_fault()
    return dict():lpop("faults")
end

function M.queued_faults()
    return dict():llen("faults") or 0
end

-- The public view of the settings (never a password).
function M.describe()
    local s = M.settings()
    local view = {}
    for k in pairs(M.DEFAULTS) do view[k] = s[k] end
    view.login = s.login
    view.auth = s.auth
    view.queued_faults = M.queued_faults()
    return view
end

-- Headers that carry credentials are kept out of the record.
local SECRET_HEADERS = { authorization = true, ["proxy-authorization"] = true, cookie = true }

-- record.headers: ngx.req.get_headers() (lower-case names; a fresh table).
function M.record_request(record)
    local headers = record.headers
    for name in pairs(SECRET_HEADERS) do
        if headers[name] ~= nil then headers[name] = "[redacted]" end
    end
    dict():set("last_request", cjson.encode(record))
end

function M.last_request()
    return dict():get("last_request")
end

-- Requests in progress (all workers).
function M.enter() return dict():incr("in_flight", 1, 0) end
function M.leave() return dict():incr("in_flight", -1, 0) end

return M
