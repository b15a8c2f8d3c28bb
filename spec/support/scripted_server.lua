-- A scripted HTTP/1.1 server in a child process on 127.0.0.1, for specs
-- that need answers no real server gives (hostile, broken, odd): it serves
-- the given responses in order, one connection at a time, keep-alive, and
-- repeats the last one.  Loaded with dofile from the repository root.
--
--   local scripted = dofile("spec/support/scripted_server.lua")
--   local srv = scripted.start{
--     { status = 200, headers = { ["Retry-After"] = "5" }, body = "..." },
--     { status = 503, body = "<html>...", close = true },   -- then closes
--   }
--   srv.base_url, srv.requests() -> { { line =, headers = {lower =}, body = } }
--   srv.stop()
local helpers = dofile("spec/support/helpers.lua")
local literal = dofile("spec/support/lua_literal.lua")
local socket = require "socket"

local M = {}

local SERVER = [=[
local socket = require "socket"
local dir = arg[1]
local responses = dofile(dir .. "/responses.lua")
local server = assert(socket.bind("127.0.0.1", 0))
server:settimeout(30)     -- an orphan gives up after 30 s without a client
local _, port = server:getsockname()
local f = assert(io.open(dir .. "/port.tmp", "w")); f:write(port); f:close()
os.rename(dir .. "/port.tmp", dir .. "/port")
local log = assert(io.open(dir .. "/requests.lua", "w"))
log:write("return {\n"); log:flush()
local n = 0
while true do
  local c = server:accept()
  if not c then break end
  c:settimeout(30)
  while true do
    local line = c:receive("*l")
    if not line then break end
    local headers, length = {}, 0
    while true do
      local h = c:receive("*l")
      if not h or h == "" then break end
      local name, value = h:match("^([^:]+):%s*(.*)$")
      if name then headers[name:lower()] = value end
      local len = h:lower():match("^content%-length:%s*(%d+)")
      if len then length = tonumber(len) end
    end
    local body = length > 0 and c:receive(length) or ""
    log:write(string.format("{ line = %q, body = %q, headers = {", line, body or ""))
    for k, v in pairs(headers) do log:write(string.format("[%q] = %q, ", k, v)) end
    log:write("} },\n"); log:flush()
    n = n + 1
    local r = responses[math.min(n, #responses)]
    local text = r.body or ""
    local out = { "HTTP/1.1 " .. (r.status or 200) .. " " .. (r.reason or "OK") }
    local hs = r.headers or {}
    if not hs["Content-Type"] then out[#out + 1] = "Content-Type: application/json" end
    for k, v in pairs(hs) do out[#out + 1] = k .. ": " .. v end
    if not hs["Content-Length"] then out[#out + 1] = "Content-Length: " .. #text end
    c:send(table.concat(out, "\r\n") .. "\r\n\r\n" .. text)
    if r.close then break end
  end
  c:close()
end
]=]

function M.start(responses)
    local dir = helpers.tmpdir("dataforseo-scripted")
    helpers.write_file(dir .. "/server.lua", SERVER)
    helpers.write_file(dir .. "/responses.lua", "return " .. literal(responses))
    local p = io.popen(string.format("%s %s %s >%s/log 2>&1 & echo $!", helpers.LUA,
        helpers.shell_quote(dir .. "/server.lua"), helpers.shell_quote(dir), helpers.shell_quote(dir)))
    local pid = tonumber(p:read("*l"))
    p:close()
    local port
    for _ = 1, 500 do
        port = helpers.read_file(dir .. "/port")
        if port then break end
        socket.sleep(0.01)
    end
    assert(port, "the scripted server did not start: " .. tostring(helpers.read_file(dir .. "/log")))
    return {
        base_url = "http://127.0.0.1:" .. port,
        requests = function()
            local text = (helpers.read_file(dir .. "/requests.lua") or "return {") .. "}"
            return assert((loadstring or load)(text))()
        end,
        stop = function()
            os.execute("kill " .. pid .. " 2>/dev/null")
            helpers.remove(dir)
        end,
    }
end

-- A DataForSEO envelope with one task, as JSON text; fields override.
function M.envelope(o)
    o = o or {}
    return string.format('{"version":"0.1","status_code":%s,"status_message":%q,"time":"0 sec.",'
        .. '"cost":%s,"tasks_count":1,"tasks_error":0,"tasks":[{"id":"t-1","status_code":%s,'
        .. '"status_message":%q,"time":"0 sec.","cost":%s,"result_count":1,"path":["v3"],'
        .. '"data":{},"result":[{"target":"x.example","total_count":%s,"items_count":%s,'
        .. '"items":%s}]}]}',
        o.status_code or 20000, o.status_message or "Ok.", o.cost or "0.02",
        o.task_status or 20000, o.task_message or "Ok.", o.task_cost or o.cost or "0.02",
        o.total_count or 1, o.items_count or 1, o.items or '[{"anchor":"a"}]')
end

return M
