-- The request handler nginx runs for every request (content_by_lua).
--
-- API (HTTP Basic auth):
--   POST /v3/backlinks/<function>/live     the 20 paid Backlinks endpoints
--        (endpoints.lua); tasks as an array, or an object keyed by index
--   GET  /v3/backlinks/index               the index's totals (free)
--   GET  /v3/backlinks/available_filters   filter fields and their types (free)
--   POST /v3/backlinks/errors, /id_list    the login's failed tasks, every task (free)
--   GET  /v3/appendix/user_data            the account: limits, spend, balance
--   every path + ".ai"                     the AI-optimized answer (ai.lua)
-- Control (the emulator's credentials too, unless auth is off; not counted
-- in the stats):
--   GET  /mock/ping                        "ok" (readiness; no credentials)
--   GET  /mock/control, POST /mock/control settings and faults (state.lua)
--   GET  /mock/stats                       counters (stats.lua)
--   GET  /mock/last_request                the last API request, credentials redacted
--   POST /mock/filter                      {fields, filters, items} -> {valid, keep}
local cjson = require("cjson.safe")
local state = require("dataforseo_emulator.state")
local stats = require("dataforseo_emulator.stats")
local deliver = require("dataforseo_emulator.deliver")
local envelope = require("dataforseo_emulator.envelope")
local endpoints = require("dataforseo_emulator.endpoints")
local answers = require("dataforseo_emulator.answers")
local books = require("dataforseo_emulator.books")
local ai = require("dataforseo_emulator.ai")
local request = require("dataforseo_emulator.request")
local filter = require("dataforseo_emulator.filter")
local account = require("dataforseo_emulator.account")
local json = require("dataforseo_emulator.json")
local utf8 = require("dataforseo_emulator.utf8")

local M = {}

local MAX_TASKS = 100

local ROUTES = {
    ["/v3/appendix/user_data"] = { api = "appendix", fn = "user_data", path = '["v3","appendix","user_data"]' },
}
for _, ep in ipairs(endpoints.ALL) do
    ROUTES[ep.path] = { api = "backlinks", fn = ep.fn, paid = ep.paid, path = ep.path_json, endpoint = ep }
end
-- The .ai form of every path: the same route, the answer cropped.
local AI_ROUTES = {}
for path, route in pairs(ROUTES) do
    local copy = { ai = true }
    for k, v in pairs(route) do copy[k] = v end
    AI_ROUTES[path .. ".ai"] = copy
end
for path, route in pairs(AI_ROUTES) do ROUTES[path] = route end

-- The emulator is the client's second opinion: it must never run the
-- client's code, even when that is installed beside it.
local function refuse_client_library()
    local searchers = package.searchers or package.loaders
    table.insert(searchers, 1, function(name)
        if name == "dataforseo" or name:match("^dataforseo%.") then
            error("the emulator does not load the client library (" .. name .. ")", 0)
        end
    end)
end

-- init_by_lua: load the start options written by the emulator's start(),
-- then remove the file: it can hold a password, and nothing reads it again
-- (`reset` restores the settings from shared memory).
function M.init(settings_file)
    refuse_client_library()
    local f = assert(io.open(settings_file, "rb"))
    local text = f:read("*a")
    f:close()
    os.remove(settings_file)
    state.init(assert(cjson.decode(text)))
end

local function elapsed()
    ngx.update_time()
    return ngx.now() - ngx.req.start_time()
end

local function new_task_id()
    local serial = ngx.shared.dataforseo_emulator:incr("task_serial", 1, 0)
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

local JSON_TYPE = { ["Content-Type"] = "application/json" }

local function json_response(http_status, body, headers)
    local h = { ["Content-Type"] = "application/json" }
    for k, v in pairs(headers or {}) do h[k] = v end
    return { status = http_status, headers = h, body = body }
end

-- A response with no tasks (auth, path, body-level errors, payment).
local function top_level(code, message)
    stats.top_status(code)
    return envelope.response({ status_code = code, status_message = message, time = elapsed() })
end

-- The login of valid HTTP Basic credentials, or nil.  With auth off any
-- credentials (or none: "anonymous") are accepted.
local function authorized_login(settings)
    local header = ngx.var.http_authorization
    local login, password
    if header then
        local scheme, encoded = header:match("^%s*(%S+)%s+(%S+)%s*$")
        if scheme and scheme:lower() == "basic" then
            local decoded = ngx.decode_base64(encoded)
            if decoded then login, password = decoded:match("^([^:]*):(.*)$") end
        end
    end
    if settings.auth == false then return login ~= nil and login ~= "" and login or "anonymous" end
    if login == nil then return nil end
    if login == settings.login and password == settings.password then return login end
    local extra = settings.accounts
    if type(extra) == "table" and extra[login] ~= nil and extra[login] == password then return login end
    return nil
end

-- A failed task: its text, and what the books keep of it.
local function error_task(route, code, message, task)
    stats.task_status(code)
    local id = new_task_id()
    return envelope.task({
        id = id, status_code = code, status_message = message, time = elapsed(),
        cost = 0, path_json = route.path, data_json = envelope.echo(task, route.api, route.fn),
    }), { id = id, code = code, message = message, cost = 0, task = task }
end

-- Every task of a paid endpoint goes into the login's books (id_list,
-- errors), with the answer it was part of.
local function keep_books(route, login, records, response)
    if not (route.paid and login) then return end
    local posted, done = math.floor(ngx.req.start_time()), math.floor(ngx.now())
    local url = ngx.var.scheme .. "://" .. (ngx.var.http_host or ngx.var.host) .. ngx.var.request_uri
    for _, r in ipairs(records) do
        books.record(login, { id = r.id, fn = route.fn, url = url, method = ngx.req.get_method(), posted = posted,
            done = done, status_code = r.code, status_message = r.message, cost = r.cost,
            data_json = envelope.echo(r.task, route.api, route.fn), http_code = response.status,
            response = response.body })
    end
end

-- An answer where the envelope and its one task carry the same error, as
-- the API reports limits (clients must check both).
local function limit_response(route, login, code, message, task, headers)
    stats.top_status(code)
    local text, record = error_task(route, code, message, task)
    local response = json_response(200, envelope.response({
        status_code = code, status_message = message, time = elapsed(), tasks = { text }, tasks_error = 1,
    }), headers)
    keep_books(route, login, { record }, response)
    return response
end

-- .ai answers read 10 items unless the task asks for more.
local AI_LIMIT = 10

-- The first task of a request: validate, run, encode.  Returns task JSON
-- and what the books keep of it (cost included).
local function run_task(route, task, fault, login)
    local ep = route.endpoint
    local problem = request.check(task, ep)
    if problem then return error_task(route, problem.code, problem.message, task) end
    if fault == "task_50000" or fault == "task_50301" or fault == "task_50401" then
        local code = tonumber(fault:match("%d+$"))
        return error_task(route, code, envelope.message(code), task)
    end
    local valid = request.without_nulls(task)
    if route.ai and ep.limits.limit and valid.limit == nil then
        local copy = { limit = AI_LIMIT }
        for k, v in pairs(valid) do copy[k] = v end
        valid = copy
    end
    local result_json, count, result_count = answers.run(ep, valid, { login = login })
    if not result_json then return error_task(route, count.code, count.message, task) end
    local cost = ep.paid and envelope.cost(count) or 0
    stats.task_status(20000)
    local id = new_task_id()
    return envelope.task({
        id = id, status_code = 20000, time = elapsed(), cost = cost, result_count = result_count,
        path_json = route.path, data_json = envelope.echo(task, route.api, route.fn),
        result_json = result_json,
    }), { id = id, code = 20000, message = envelope.message(20000), cost = cost, task = task }
end

local function is_object(t)
    return type(t) == "table" and (next(t) == nil or #t == 0)
end

-- The tasks of a POST body: a JSON array, or an object keyed by index
-- ({"0": {...}}, as DataForSEO's Python client sends).  -> tasks | nil, code
local function tasks_of(body)
    if body == nil or body:match("^%s*$") then return nil, 40502 end
    if not utf8.valid(body) then return nil, 40503 end
    local first = body:match("^%s*(.)")
    local decoded = cjson.decode(body)
    if type(decoded) ~= "table" or (first ~= "[" and first ~= "{") then return nil, 40503 end
    local tasks = decoded
    if first == "{" then
        tasks = {}
        local keys = {}
        for k in pairs(decoded) do keys[#keys + 1] = k end
        table.sort(keys, function(a, b)
            local na, nb = tonumber(a), tonumber(b)
            if na and nb and na ~= nb then return na < nb end
            if (na ~= nil) ~= (nb ~= nil) then return na ~= nil end
            return a < b
        end)
        for i, k in ipairs(keys) do tasks[i] = decoded[k] end
    end
    if #tasks == 0 then return nil, 40502 end
    if #tasks > MAX_TASKS then return nil, 40006 end
    for i = 1, #tasks do
        if not is_object(tasks[i]) then return nil, 40503 end
    end
    return tasks
end

local function first_task(body)
    local tasks = body and tasks_of(body)
    return tasks and tasks[1] or nil
end

-- POST /v3/backlinks/<function>/live, /errors, /id_list
local function post(route, login, body, fault, headers)
    local tasks, code = tasks_of(body)
    if not tasks then return json_response(200, top_level(code), headers) end
    local texts, records, errors = {}, {}, 0
    texts[1], records[1] = run_task(route, tasks[1], fault, login)
    for i = 2, #tasks do
        texts[i], records[i] = error_task(route, 40000, envelope.message(40000), tasks[i])
    end
    for _, r in ipairs(records) do
        if r.code ~= 20000 then errors = errors + 1 end
    end
    local cost = records[1].cost
    account.charge(login, cost, ngx.time(), route.fn)
    stats.top_status(20000)
    local response = json_response(200, envelope.response({
        status_code = 20000, time = elapsed(), cost = cost, tasks = texts, tasks_error = errors,
    }), headers)
    keep_books(route, login, records, response)
    return response
end

-- A free GET endpoint's answer: one task with one result.
local function one_result(route, result, headers)
    stats.top_status(20000)
    stats.task_status(20000)
    local text = envelope.task({
        id = new_task_id(), status_code = 20000, time = elapsed(), cost = 0, result_count = 1,
        path_json = route.path, data_json = envelope.echo(nil, route.api, route.fn),
        result_json = "[" .. json.encode(result) .. "]",
    })
    return json_response(200, envelope.response({ status_code = 20000, time = elapsed(), tasks = { text } }),
        headers)
end

local function handle_api(settings, login, in_flight)
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
            body = deliver.html_error(status) }, fault
    end
    local route = ROUTES[ngx.var.uri]
    if not login then return json_response(401, top_level(40100)), fault, route end
    if not route then return json_response(404, top_level(40400)), fault end
    local ep = route.endpoint

    local now = ngx.time()
    account.count_call(login, now, route.api, route.fn)
    local headers, calls
    local rate = settings.rate_limit_per_minute or 0
    if rate > 0 then
        calls = account.calls_this_minute(login, now)
        headers = { ["X-RateLimit-Limit"] = tostring(rate),
            ["X-RateLimit-Remaining"] = tostring(math.max(0, rate - calls)) }
    end
    local refusal = route.paid and account.refusal(login, settings, now)
    if refusal == "balance" then
        stats.incr("payment_required")
        return json_response(402, top_level(40200), headers), fault, route
    end
    local limited = rate > 0 and calls > rate
    -- id_list: "10 calls per minute" of its own
    if not limited and ep and ep.fn == "id_list" then
        limited = account.calls_of_this_minute(login, now, route.api, route.fn) > settings.id_list_per_minute
    end
    if limited then
        stats.incr("rate_limited")
        return limit_response(route, login, 40202, envelope.message(40202), first_task(body), headers), fault, route
    end
    if refusal == "daily" then
        stats.incr("cost_limited")
        return limit_response(route, login, 40203, envelope.message(40203), first_task(body), headers), fault, route
    end
    local cap = settings.max_concurrent or 0
    if cap > 0 and in_flight > cap then
        stats.incr("concurrency_rejected")
        return limit_response(route, login, 40209, "Too many simultaneous requests: at most " .. cap ..
            " at a time.", first_task(body), headers), fault, route
    end
    if route.fn == "user_data" then
        return one_result(route, account.user_data(login, settings, now), headers), fault, route
    end
    if route.paid and settings.backlinks_subscription == false then
        return limit_response(route, login, 40204, envelope.message(40204), first_task(body), headers), fault, route
    end
    if ep.method == "GET" then return one_result(route, answers.get(ep), headers), fault, route end
    return post(route, login, body, fault, headers), fault, route
end

-- POST /mock/filter: the emulator's filter evaluation over given items,
-- for tests that compare it with another implementation.
local function evaluate_filter(change)
    if type(change) ~= "table" or type(change.items) ~= "table" then
        return nil, "expected {fields = \"anchors\"|\"backlinks\"|..., filters = [...], items = [...]}"
    end
    local fields = endpoints.FIELDS_BY_NAME[change.fields] or filter.ANCHOR_FIELDS
    local expr = change.filters
    if expr == nil or expr == ngx.null then expr = {} end
    if not filter.check(expr, fields) then return { valid = false } end
    local keep = filter.compile(expr, fields)
    local out = {}
    for i, item in ipairs(change.items) do out[i] = keep(item) and true or false end
    return { valid = true, keep = out }
end

local function control_response(status, value)
    return { status = status, headers = JSON_TYPE, body = cjson.encode(value) }
end

local function handle_control(settings)
    local uri, method = ngx.var.uri, ngx.req.get_method()
    if uri == "/mock/ping" then
        return { status = 200, headers = { ["Content-Type"] = "text/plain" }, body = "ok\n" }
    end
    if not authorized_login(settings) then
        return control_response(401, { error = "control endpoints need the emulator's credentials" })
    end
    if uri == "/mock/stats" then
        local in_flight = ngx.shared.dataforseo_emulator:get("in_flight") or 0
        return control_response(200, stats.snapshot(in_flight))
    elseif uri == "/mock/last_request" then
        return { status = 200, headers = JSON_TYPE, body = state.last_request() or "null" }
    elseif uri == "/mock/filter" and method == "POST" then
        local result, err = evaluate_filter(cjson.decode(read_body() or ""))
        if not result then return control_response(400, { error = err }) end
        return { status = 200, headers = JSON_TYPE, body = json.encode(result) }
    elseif uri == "/mock/control" then
        if method == "POST" then
            local ok, err = state.apply(cjson.decode(read_body() or ""))
            if not ok then return control_response(400, { error = err }) end
        end
        return control_response(200, state.describe())
    end
    return control_response(404, { error = "unknown control path " .. uri })
end

-- content_by_lua entry point.
function M.handle()
    local settings = state.settings()
    if ngx.var.uri:sub(1, 6) == "/mock/" then
        local r = handle_control(settings)
        ngx.status = r.status
        for k, v in pairs(r.headers) do ngx.header[k] = v end
        ngx.header["Content-Length"] = #r.body
        return ngx.print(r.body)
    end

    local login = authorized_login(settings)
    local in_flight = state.enter()
    stats.in_flight(in_flight)
    -- Calls in flight per login are counted only while a cap is set.
    local counted = login and (settings.max_concurrent or 0) > 0
    local mine = counted and account.enter(login) or 0
    local ok, response, fault, route = pcall(handle_api, settings, login, mine)
    if counted then account.leave(login) end
    state.leave()
    if not ok then
        ngx.log(ngx.ERR, "emulator error: ", tostring(response))
        stats.top_status(50000)
        response = json_response(500, envelope.response({ status_code = 50000, time = elapsed() }))
        fault = nil
    elseif route and route.ai and response.headers["Content-Type"] == "application/json" then
        response.body = ai.convert(response.body)
    end
    return deliver.send(response.status, response.headers, response.body, fault, settings)
end

return M
