-- A scripted HTTP server for hostile-server specs: a child process (see
-- script_server_child.lua) answering each request as a Lua script says.
--
--   local script_server = dofile("spec/support/script_server.lua")
--   local srv = script_server.start([[
--       return function(req, n) return { status = 429, headers = { ["Retry-After"] = "x" } } end
--   ]])
--   srv.base_url        "http://127.0.0.1:PORT"
--   srv:requests()      -> the requests so far: { n, method, path, headers, body }
--   srv:wait_requests(k [, seconds])  -> true once k requests arrived
--   srv:stop()          ends the child (it also ends when this process does)
local socket = require "socket"
local cjson = require "cjson"
local helpers = dofile("spec/support/helpers.lua")

local M = {}

local Server = {}
Server.__index = Server

function M.start(script)
    local dir = helpers.tmpdir("dataforseo-script-server")
    local script_file, port_file, log_file = dir .. "/script.lua", dir .. "/port", dir .. "/log"
    helpers.write_file(script_file, script)
    helpers.write_file(log_file, "")
    local q = helpers.shell_quote
    -- exec: the pid written is the server's own; stdin is our pipe.
    local cmd = ("echo $$ > %s; exec %s %s %s %s %s"):format(q(dir .. "/pid"), helpers.LUA,
        q(helpers.ROOT .. "/spec/support/script_server_child.lua"), q(script_file), q(port_file),
        q(log_file))
    local pipe = assert(io.popen(cmd, "w"))
    local port
    for _ = 1, 200 do
        local text = helpers.read_file(port_file)
        port = text and tonumber(text:match("%d+"))
        if port then break end
        socket.sleep(0.02)
    end
    assert(port, "the script server did not start")
    return setmetatable({ dir = dir, pipe = pipe, port = port, log_file = log_file,
        pid = tonumber(helpers.read_file(dir .. "/pid"):match("%d+")),
        base_url = "http://127.0.0.1:" .. port }, Server)
end

function Server:requests()
    local list = {}
    for line in (helpers.read_file(self.log_file) or ""):gmatch("[^\n]+") do
        list[#list + 1] = cjson.decode(line)
    end
    return list
end

function Server:wait_requests(k, seconds)
    local deadline = socket.gettime() + (seconds or 10)
    while socket.gettime() < deadline do
        if #self:requests() >= k then return true end
        socket.sleep(0.005)
    end
    return false
end

function Server:stop()
    if not self.pipe then return end
    os.execute("kill " .. self.pid .. " 2>/dev/null")
    self.pipe:close()
    self.pipe = nil
    helpers.remove(self.dir)
end

return M
