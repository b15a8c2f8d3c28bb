-- The child process of spec/support/script_server.lua: an HTTP/1.1 server
-- on 127.0.0.1 (LuaSocket, one connection per request) that answers every
-- request with what a script says; a delayed answer waits without holding
-- up the others.  Not a spec (busted runs *_spec.lua).
--
--   LUA script_server_child.lua SCRIPT PORT_FILE LOG_FILE
--
-- SCRIPT is a Lua file returning function(req, n) -> response, where req =
-- { method =, path =, headers = { lower-case names }, body = }, n counts
-- requests from 1, and response = { status = 200, headers = { name = value
-- | { values } }, body = "", delay = seconds before answering, raw = bytes
-- sent as the whole answer instead }.  The script sees the helper
-- `anchors_response(task, opts)` (a valid anchors/live envelope).
-- Every request is logged (one JSON line) before it is answered.  The
-- server exits when its stdin (a pipe from the spec) closes, so it never
-- outlives the spec that started it.
local socket = require "socket"
local cjson = require "cjson"

local script, port_file, log_file = arg[1], arg[2], arg[3]

-- task: the decoded request task; opts: total (items in the set), item =
-- function(i) -> item table (default: a plain one), cost (USD).
function anchors_response(task, opts)   -- luacheck: ignore (a global for scripts)
    opts = opts or {}
    local total = opts.total or 10
    local offset, limit = task.offset or 0, task.limit or 100
    local items = {}
    for i = offset + 1, math.min(total, offset + limit) do
        items[#items + 1] = opts.item and opts.item(i) or {
            type = "backlinks_anchor", anchor = "anchor " .. i, rank = i % 1000,
            backlinks = 100000 - i, first_seen = "2020-01-01 00:00:00 +00:00",
            lost_date = cjson.null, referring_domains = i, referring_links_tld = { com = i },
        }
    end
    local t = {
        id = opts.task_id or "11111111-2222-3333-4444-555555555555",
        status_code = 20000, status_message = "Ok.", time = "0.0100 sec.",
        cost = opts.cost or 0.02, result_count = 1, path = { "v3", "backlinks", "anchors", "live" },
        data = task,
        result = { { target = task.target, total_count = total, items_count = #items,
            items = setmetatable(items, cjson.array_mt) } },
    }
    return cjson.encode{ version = "0.1.test", status_code = 20000, status_message = "Ok.",
        time = "0.0100 sec.", cost = t.cost, tasks_count = 1, tasks_error = 0, tasks = { t } }
end

local handler = dofile(script)

local server = assert(socket.bind("127.0.0.1", 0))
local _, port = server:getsockname()
local tmp = port_file .. ".tmp"
local f = assert(io.open(tmp, "w"))
f:write(port, "\n")
f:close()
assert(os.rename(tmp, port_file))

local log = assert(io.open(log_file, "a"))
local stdin = { getfd = function() return 0 end, dirty = function() return false end }

local REASONS = { [200] = "OK", [429] = "Too Many Requests", [500] = "Internal Server Error",
    [502] = "Bad Gateway", [503] = "Service Unavailable" }

local function read_request(c)
    local line = c:receive("*l")
    if not line then return nil end
    local method, path = line:match("^(%S+)%s+(%S+)")
    local headers = {}
    while true do
        local h = c:receive("*l")
        if not h or h == "" then break end
        local name, value = h:match("^([^:]+):%s*(.-)%s*$")
        if name then headers[name:lower()] = value end
    end
    local len = tonumber(headers["content-length"] or "0") or 0
    local body = len > 0 and c:receive(len) or ""
    return { method = method, path = path, headers = headers, body = body or "" }
end

local function answer(c, res)
    if res.delay and res.delay > 0 then socket.sleep(res.delay) end
    if res.raw then
        c:send(res.raw)
        return
    end
    local status, body = res.status or 200, res.body or ""
    local out = { ("HTTP/1.1 %d %s\r\n"):format(status, REASONS[status] or "Status") }
    local headers = res.headers or {}
    if headers["Content-Type"] == nil then headers["Content-Type"] = "application/json" end
    for name, v in pairs(headers) do
        for _, value in ipairs(type(v) == "table" and v or { v }) do
            out[#out + 1] = name .. ": " .. value .. "\r\n"
        end
    end
    out[#out + 1] = "Content-Length: " .. #body .. "\r\nConnection: close\r\n\r\n"
    out[#out + 1] = body
    c:send(table.concat(out))
end

-- Answers wait in `due` (delayed ones until their time), so a slow answer
-- does not hold up the requests behind it.
local n, due = 0, {}

local function serve(c)
    c:settimeout(10)
    local req = read_request(c)
    if not req then
        c:close()
        return
    end
    n = n + 1
    log:write(cjson.encode{ n = n, method = req.method, path = req.path,
        headers = req.headers, body = req.body }, "\n")
    log:flush()
    local ok, res = pcall(handler, req, n)
    if not ok then res = { status = 500, body = tostring(res) } end
    due[#due + 1] = { at = socket.gettime() + (res.delay or 0), c = c, res = res }
end

while true do
    local now, wait = socket.gettime(), 1
    for _, d in ipairs(due) do wait = math.min(wait, math.max(0, d.at - now)) end
    local ready = socket.select({ server, stdin }, nil, wait)
    if ready[stdin] then
        if io.read(1) == nil then break end   -- the spec went away
    end
    if ready[server] then
        local c = server:accept()
        if c then serve(c) end
    end
    now = socket.gettime()
    for i = #due, 1, -1 do
        local d = due[i]
        if d.at <= now then
            table.remove(due, i)
            d.res.delay = nil
            pcall(answer, d.c, d.res)
            d.c:close()
        end
    end
end
