-- A redis-server of a spec's own (Debian's redis-server): 127.0.0.1, a
-- free port, no persistence (no RDB, no AOF, a private directory), run in
-- the foreground under a shell watchdog whose stdin is a pipe held by this
-- process, so it never outlives it: stop(), garbage collection, os.exit,
-- a signal or a crash close the pipe and the watchdog stops Redis.
--
--   local redis = dofile("spec/support/redis.lua")
--   local srv = assert(redis.start{ password = "...", maxclients = ..., port = ... })   -- all optional
--   (port: a restart on the port of one stopped before: its data is gone)
--   srv.port, srv.pid, srv:call("GET", "k"), srv:keys(), srv:stop()
dofile("spec/support/emulator.lua")          -- emulator/lua on package.path (its nginx helpers)
local nginx = require "dataforseo_emulator.nginx"
local resp = require "dataforseo.hosts.resp"
local socket = require "socket"

local M = {}

local quote = nginx.shell_quote

local WATCHDOG = [[
exec 3<&0 </dev/null >/dev/null 2>&1
D=$1; shift
redis-server "$@" >"$D/redis.out" 2>&1 &
pid=$!
echo "$pid" >"$D/pid"
( read -r _ <&3; kill -TERM "$pid" 2>/dev/null; sleep 2; kill -KILL "$pid" 2>/dev/null ) &
wait "$pid"
read -r _ <&3
case "$D" in */*.*) rm -rf "$D" ;; esac
]]

local Server = {}
Server.__index = Server

function Server:call(...)
    local conn, err = resp.connect{ host = "127.0.0.1", port = self.port, timeout = 2, password = self.password }
    if not conn then return nil, err end
    local reply, message = conn:call(...)
    conn:close()
    if reply == nil then return nil, message end
    return reply
end

function Server:keys()
    return self:call("KEYS", "*")
end

function Server:running()
    return not self.stopped and nginx.alive(self.pid)
end

function Server:stop()
    if self.stopped then return end
    self.stopped = true
    pcall(self.pipe.close, self.pipe)
end

function M.start(o)
    o = o or {}
    local ok, dir = nginx.run('mktemp -d "${TMPDIR:-/tmp}"/dataforseo-redis.XXXXXX')
    if not ok then return nil, dir end
    dir = dir:gsub("%s+$", "")
    local port = o.port or nginx.free_port()
    -- A password goes in a file of the private directory, not on the command line.
    local conf = dir .. "/redis.conf"
    assert(nginx.write_file(conf, o.password and ("requirepass " .. o.password .. "\n") or ""))
    local args = { conf, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", dir, "--daemonize", "no", "--protected-mode", "no", "--logfile", "" }
    local words = {}
    for i, a in ipairs(args) do words[i] = quote(a) end
    local pipe = io.popen("sh -c " .. quote(WATCHDOG) .. " watchdog " .. quote(dir) .. " "
        .. table.concat(words, " "), "w")
    local self = setmetatable({ port = port, dir = dir, pipe = pipe, password = o.password }, Server)
    local deadline = socket.gettime() + 5
    while socket.gettime() < deadline do
        self.pid = self.pid or tonumber(nginx.read_file(dir .. "/pid") or "")
        if self.pid and self:call("PING") == "PONG" then return self end
        socket.sleep(0.02)
    end
    local out = nginx.read_file(dir .. "/redis.out") or ""
    self:stop()
    return nil, "redis-server did not answer: " .. out
end

return M
