-- The request handler nginx runs for every request (content_by_lua).
--
-- API:     POST /v3/backlinks/anchors/live         (HTTP Basic auth)
-- Control: GET  /mock/ping                         "ok" (readiness)
--          GET  /mock/control, POST /mock/control  settings and faults
--          GET  /mock/stats                        counters (see stats.lua)
--          GET  /mock/last_request                 headers and raw body of the
--                                                  last API request
-- Control paths need no credentials and are not counted in the stats.
local cjson = require("cjson.safe")
local state = require("dataforseo.mock.state")
local stats = require("dataforseo.mock.stats")
local deliver = require("dataforseo.mock.deliver")
local envelope = require("dataforseo.mock.envelope")
local query = require("dataforseo.mock.query")

local M = {}

local JSON = { ["Content-Type"] = "application/json" }
local ANCHORS_PATH = "/v3/backlinks/anchors/live"
local MAX_TASKS = 100

-- internal_list_limit caps these maps.  The documentation names five; the
-- documented example also caps referring_links_countries at 10 entries,
-- so the emulator caps all six.
M.LIMITED_MAPS = {
    referring_links_tld = true, referring_links_types = true, referring_links_attributes = true,
    referring_links_platform_types = true, referring_links_semantic_locations = true,
    referring_links_countries = true,
}

-- init_by_lua: load the start options written by mock.start.
function M.init(settings_file)
    local f = assert(io.open(settings_file, "rb"))
    local text = f:read("*a")
    f:close()
    state.init(assert(cjson.decode(text)))
end

local function elapsed()
    ngx.update_time()
    return ngx.now() - ngx.req.start_time()
end

local function new_task_id()
    local serial = ngx.shared.dataforseo_mock:incr("task_serial", 1, 0)
    return envelope.task_id(ngx.now(), (ngx.worker.id() or 0) + 1, serial + ngx.worker.pid() * 65536)
end

local function read_body()
    ngx.req.read_body()
    local body = ngx.req.get_body_data()
    if body == nil then
        local file = ngx.req.get_body_file()
        if file then
            local f = io.open(file, "rb")
            if f then body = f:read("*a"); f:close() end
        end
    end
    return body
end

-- A response with no tasks (auth, path, body-level errors, limits).
local function top_level(code, message)
    stats.top_status(code)
    return envelope.response({ status_code = code, status_message = message, time = elapsed() })
end

local function json_response(http_status, body)
    return { status = http_status, headers = { ["Content-Type"] = "application/json" }, body = body }
end

local function authorized(settings)
    if settings.auth == false then return true end
    local header = ngx.var.http_authorization
    if not header then return false end
    local scheme, encoded = header:match("^%s*(%S+)%s+(%S+)%s*$")
    if not scheme or scheme:lower() ~= "basic" then return false end
    local decoded = ngx.decode_base64(encoded)
    return decoded ~= nil and decoded == (settings.login or "") .. ":" .. (settings.password or "")
end

-- Field problem -> task status code and message.
local function problem_status(problem)
    if problem.reason == "unknown_field" then
        return 40506, envelope.message(40506)
    end
    return 40501, "Invalid Field: '" .. tostring(problem.field) .. "'."
end

local function error_task(code, message, task)
    stats.task_status(code)
    return envelope.task({
        id = new_task_id(), status_code = code, status_message = message, time = elapsed(),
        cost = 0, data_json = envelope.echo(task, "backlinks", "anchors"),
    })
end

-- Encoded items per internal_list_limit, weakly keyed by the cached item
-- tables: paging through a large result encodes each item once.
local texts_by_limit = {}
local function item_texts(limit)
    local t = texts_by_limit[limit]
    if not t then
        t = setmetatable({}, { __mode = "k" })
        texts_by_limit[limit] = t
    end
    return t
end

-- The first task of a request: validate, run, encode.  Returns task JSON,
-- cost, is_error.
local function run_task(task, fault)
    local anchors = require("dataforseo.anchors")
    local valid, problem = anchors.validate(task)
    if not valid then
        local code, message = problem_status(problem or {})
        return error_task(code, message, task), 0, true
    end
    for k, v in pairs(anchors.defaults or {}) do
        if valid[k] == nil then valid[k] = v end
    end
    if fault == "task_50000" or fault == "task_50301" or fault == "task_50401" then
        local code = tonumber(fault:match("%d+$"))
        return error_task(code, envelope.message(code), task), 0, true
    end
    local result = query.run(valid)
    local texts = {}
    local cache = item_texts(valid.internal_list_limit or 10)
    for i, item in ipairs(result.items) do
        local text = cache[item]
        if not text then
            text = envelope.item(item, valid.internal_list_limit or 10, M.LIMITED_MAPS)
            cache[item] = text
        end
        texts[i] = text
    end
    local cost = envelope.cost(#texts)
    stats.task_status(20000)
    return envelope.task({
        id = new_task_id(), status_code = 20000, time = elapsed(), cost = cost, result_count = 1,
        data_json = envelope.echo(task, "backlinks", "anchors"),
        result_json = envelope.result(valid.target, result.total_count, texts),
    }), cost, false
end

local function is_object(t)
    return type(t) == "table" and (next(t) == nil or #t == 0)
end

-- POST /v3/backlinks/anchors/live
local function anchors_live(body, fault)
    if body == nil or body:match("^%s*$") then
        return json_response(200, top_level(40502))
    end
    local tasks = cjson.decode(body)
    local first_char = body:match("^%s*(.)")
    if type(tasks) ~= "table" or first_char ~= "[" then
        return json_response(200, top_level(40503))
    end
    if #tasks == 0 then return json_response(200, top_level(40502)) end
    if #tasks > MAX_TASKS then return json_response(200, top_level(40006)) end
    for i = 1, #tasks do
        if not is_object(tasks[i]) then return json_response(200, top_level(40503)) end
    end
    local texts, cost, errors = {}, 0, 0
    local text, task_cost, failed = run_task(tasks[1], fault)
    texts[1], cost = text, task_cost
    if failed then errors = errors + 1 end
    for i = 2, #tasks do
        texts[i] = error_task(40000, envelope.message(40000), tasks[i])
        errors = errors + 1
    end
    stats.top_status(20000)
    return json_response(200, envelope.response({
        status_code = 20000, time = elapsed(), cost = cost, tasks = texts, tasks_error = errors,
    }))
end

local function rate_limited(settings)
    local limit = settings.rate_limit_per_minute or 0
    if limit <= 0 then return false end
    return state.count_rate(ngx.now()) > limit
end

-- A 40202 answer: the status on the envelope and on a task, as clients
-- must check both.
local function limit_response(http_status, message, body)
    local task
    local decoded = body and cjson.decode(body)
    if type(decoded) == "table" and type(decoded[1]) == "table" then task = decoded[1] end
    stats.top_status(40202)
    stats.task_status(40202)
    local text = envelope.task({ id = new_task_id(), status_code = 40202, status_message = message,
        time = elapsed(), data_json = envelope.echo(task, "backlinks", "anchors") })
    return json_response(http_status, envelope.response({
        status_code = 40202, status_message = message, time = elapsed(), tasks = { text }, tasks_error = 1,
    }))
end

local function handle_api(settings)
    local body = read_body()
    stats.request(ngx.var.connection)
    state.record_request({
        method = ngx.req.get_method(),
        uri = ngx.var.request_uri,
        http_version = ngx.req.http_version(),
        headers = ngx.req.get_headers(200),
        body = body or "",
    })
    local fault = state.next_fault()
    if fault then stats.fault(fault) end

    local latency = (settings.latency_ms or 0) + math.random() * (settings.jitter_ms or 0)
    if latency > 0 then ngx.sleep(latency / 1000) end

    if fault == "http_500" or fault == "http_502" or fault == "http_503" then
        local status = tonumber(fault:match("%d+$"))
        return { status = status, headers = { ["Content-Type"] = "text/html" },
            body = deliver.html_error(status) }, nil
    end
    if rate_limited(settings) then
        stats.incr("rate_limited")
        return limit_response(200, envelope.message(40202), body), fault
    end
    if not authorized(settings) then
        return json_response(401, top_level(40100)), fault
    end
    if ngx.var.uri ~= ANCHORS_PATH then
        return json_response(404, top_level(40400)), fault
    end
    return anchors_live(body, fault), fault
end

local function handle_control()
    local uri, method = ngx.var.uri, ngx.req.get_method()
    local response
    if uri == "/mock/ping" then
        response = { status = 200, headers = { ["Content-Type"] = "text/plain" }, body = "ok\n" }
    elseif uri == "/mock/stats" then
        local in_flight = ngx.shared.dataforseo_mock:get("in_flight") or 0
        response = json_response(200, cjson.encode(stats.snapshot(in_flight)))
    elseif uri == "/mock/last_request" then
        response = json_response(200, state.last_request() or "null")
    elseif uri == "/mock/control" then
        if method == "POST" then
            local change = cjson.decode(read_body() or "")
            local ok, err = state.apply(change)
            if not ok then
                return { status = 400, headers = JSON, body = cjson.encode({ error = err }) }
            end
        end
        response = json_response(200, cjson.encode(state.describe()))
    else
        response = json_response(404, cjson.encode({ error = "unknown control path " .. uri }))
    end
    return response
end

-- content_by_lua entry point.
function M.handle()
    local settings = state.settings()
    if ngx.var.uri:sub(1, 6) == "/mock/" then
        local r = handle_control()
        ngx.status = r.status
        for k, v in pairs(r.headers) do ngx.header[k] = v end
        ngx.header["Content-Length"] = #r.body
        return ngx.print(r.body)
    end

    local in_flight = state.enter()
    stats.in_flight(in_flight)
    local ok, response, fault = true, nil, nil
    if settings.max_concurrent > 0 and in_flight > settings.max_concurrent then
        stats.incr("concurrency_rejected")
        stats.request(ngx.var.connection)
        response = limit_response(429, "Too many simultaneous requests.", read_body())
    else
        ok, response, fault = pcall(handle_api, settings)
    end
    state.leave()
    if not ok then
        ngx.log(ngx.ERR, "emulator error: ", tostring(response))
        stats.top_status(50000)
        response = json_response(500, envelope.response({ status_code = 50000, time = elapsed() }))
        fault = nil
    end
    return deliver.send(response.status, response.headers, response.body, fault, settings)
end

return M
