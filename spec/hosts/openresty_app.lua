-- The application the OpenResty spec runs inside nginx: handlers that query
-- the emulator through the module and answer with JSON.
--
--   init_by_lua:         require("openresty_app").configure{ profiles }
--   init_worker_by_lua:  .init_worker()   (a call there must raise; a timer works)
--   content_by_lua:      .anchors()  ?profile=&target=&offset=&limit=
--                        .spawn()    ?n=  n queries in ngx.thread.spawn threads
--                        .fetch_all() ?target=&limit=  a whole result set (anchors_all)
--                        .blocking() one libcurl call that blocks the worker (contrast)
--                        .phases()   what init_worker, log and the timer saw
--                        .relay(how, path)  the emulator's answer re-sent with a
--                                    chunked ("chunked") or close-delimited ("close") body
--   log_by_lua:          .log_probe()
local dataforseo = require "dataforseo"
local out_json = require "dataforseo.json_writer"

local M = {}

local profiles = {}
local clients = {}                 -- one client per profile and worker, shared by requests
local seen = {}                    -- what the non-request phases observed

function M.configure(p)
    profiles = p
end

-- The client for a profile: { base_url =, login =, password =, options = {
-- more dataforseo.new options } }.  Inside nginx the client picks the ngx
-- transport itself; answers say which it has.
local function client_for(name)
    if clients[name] then return clients[name] end
    local p = assert(profiles[name], "unknown profile " .. tostring(name))
    local options = { base_url = p.base_url, login = p.login, password = p.password,
        retries = 0, timeout = 10 }
    for k, v in pairs(p.options or {}) do options[k] = v end
    local client = assert(dataforseo.new(options))
    clients[name] = client
    return client
end

local ERROR_FIELDS = { "kind", "code", "message", "http_status", "retryable", "task_id",
    "category", "attempts", "field", "reason" }

local function error_fields(err)
    local t = {}
    for _, k in ipairs(ERROR_FIELDS) do t[k] = err[k] end
    return t
end

local function query(name, args)
    local client = client_for(name)
    local page, err = client:anchors{ target = args.target or "medium-example.com",
        offset = tonumber(args.offset), limit = tonumber(args.limit) or 10 }
    local answer = { transport = tostring(client.engine.transport),
        core = package.loaded["dataforseo.core"] ~= nil }
    if page then
        answer.ok = true
        answer.items, answer.total_count, answer.items_count = page.items, page.total_count, page.items_count
        answer.offset, answer.next_offset = page.offset, page.next_offset
    else
        answer.ok = false
        answer.error = error_fields(err)
        answer.error_text = tostring(err)
    end
    return answer
end

local function reply(t)
    ngx.header["Content-Type"] = "application/json"
    ngx.say(out_json.encode(t))
end

function M.anchors()
    local args = ngx.req.get_uri_args()
    reply(query(args.profile or "plain", args))
end

function M.fetch_all()
    local args = ngx.req.get_uri_args()
    local items, w = client_for("plain"):anchors_all(
        { target = args.target or "medium-example.com" }, { limit = tonumber(args.limit) or 100 })
    if not items then
        reply({ ok = false, error_text = tostring(w) })
        return
    end
    reply({ ok = true, items = items, pages = w.pages, status = w.status })
end

-- For contrast: one blocking libcurl call (the C core's session) inside
-- nginx holds the whole worker while it waits.
function M.blocking()
    local p = profiles.plain
    local session = require("dataforseo.core").http.session{ username = p.login,
        password = p.password, timeout = 10 }
    local res = session:request("POST", p.base_url .. "/v3/backlinks/anchors/live",
        '[{"target":"medium-example.com","limit":1}]')
    session:close()
    reply({ ok = res ~= nil and res.status == 200 })
end

-- n queries at once inside one request: light threads, one worker.
function M.spawn()
    local args = ngx.req.get_uri_args()
    local n = tonumber(args.n) or 5
    ngx.update_time()
    local started = ngx.now()
    local threads = {}
    for i = 1, n do
        threads[i] = ngx.thread.spawn(query, "plain", { offset = (i - 1) * 10, limit = 10 })
    end
    local results = {}
    for i = 1, n do
        local ok, answer = ngx.thread.wait(threads[i])
        results[i] = ok and answer or { ok = false, error_text = tostring(answer) }
    end
    ngx.update_time()
    reply({ elapsed = ngx.now() - started, results = results })
end

local function try_in_phase(label)
    local client = client_for("plain")
    local before = client:spent()
    local ok, err = pcall(function() return client:anchors{ target = "small-example.com" } end)
    seen[label] = { raised = not ok, message = not ok and tostring(err) or nil, phase = ngx.get_phase(),
        selected = tostring(client.engine.transport), counted = client:spent() - before }
end

function M.init_worker()
    try_in_phase("init_worker")
    -- What the message suggests: the same call from a timer works.
    local ok, err = ngx.timer.at(0, function(premature)
        if premature then return end
        local page, qerr = client_for("plain"):anchors{ target = "small-example.com", limit = 5 }
        seen.timer = page and { ok = true, items_count = page.items_count, phase = ngx.get_phase() }
            or { ok = false, error_text = tostring(qerr) }
    end)
    if not ok then seen.timer = { ok = false, error_text = "timer: " .. tostring(err) } end
end

function M.log_probe()
    try_in_phase("log")
end

function M.phases()
    seen.selected = tostring(client_for("plain").engine.transport)
    reply(seen)
end

-- Re-sends the emulator's answer (fetched by a subrequest to the internal
-- /upstream/ proxy location) in the framings the emulator never uses.
function M.relay(how, path)
    ngx.req.read_body()
    local res = ngx.location.capture("/upstream" .. path,
        { method = ngx.HTTP_POST, body = ngx.req.get_body_data() })
    if how == "chunked" then
        ngx.status = res.status
        ngx.header["Content-Type"] = "application/json"
        for i = 1, #res.body, 1000 do       -- no Content-Length: nginx sends chunks
            ngx.print(res.body:sub(i, i + 999))
            ngx.flush(true)
        end
        return
    end
    local sock = assert(ngx.req.socket(true))
    sock:send("HTTP/1.1 " .. res.status .. " Relayed\r\nContent-Type: application/json\r\n"
        .. "Connection: close\r\n\r\n" .. res.body)
    return ngx.exit(444)                     -- the close ends the body
end

return M
