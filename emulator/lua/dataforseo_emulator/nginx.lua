-- An nginx run as an ordinary process (no root, no system files) from a
-- private prefix directory, that never outlives the Lua process which
-- started it: nginx runs in the foreground (`daemon off`) under a small
-- shell watchdog whose stdin is a pipe held by this process.  When the
-- pipe closes (stop(), garbage collection, os.exit, a signal, a crash)
-- the watchdog stops nginx and removes the prefix.  A conf that uses the
-- owner it is given (owner.lua) also ends nginx when the watchdog died
-- with its owner (SIGKILL to the owner's process group).
--
--   local nginx = require "dataforseo_emulator.nginx"
--   local proc, err = nginx.start{
--     name = "dataforseo-emulator",        -- prefix: $TMPDIR/<name>.XXXXXX, mode 700,
--                                          -- with conf/ logs/ tmp/
--     prepare = function(prefix) ... end,  -- files the conf needs; -> true | nil, message
--     conf = function(port, prefix, owner) return text end,   -- nginx.conf for that port; it
--                                          -- must say `pid logs/nginx.pid;` and no `daemon`;
--                                          -- owner: { pid, start } of this process (owner.lua),
--                                          -- for a worker timer that watches it (nil: no /proc)
--     port = 8080,                         -- nil or 0: a free port (retried if nginx loses it)
--     ready = function(proc) return ok end,  -- answers yet? (default: the port accepts)
--     timeout = 5,                         -- seconds to wait for readiness
--     binary = "/usr/sbin/nginx",          -- default: $DATAFORSEO_NGINX, nginx on PATH
--     label = "the emulator",              -- what error messages call it ("nginx")
--   }
--   proc.pid, proc.port, proc.prefix, proc:error_log(), proc:running(), proc:stop()
-- A failed start returns nil and nginx's own error text (and removes the prefix).
-- Helpers for callers: run(cmd) -> ok, output; shell_quote, free_port,
-- is_root, alive(pid), read_file, write_file.
local socket = require("socket")
local owner = require("dataforseo_emulator.owner")

local M = {}

function M.shell_quote(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end
local sh_quote = M.shell_quote

-- Runs a shell command; returns ok, combined output.
function M.run(cmd)
    local p = io.popen(cmd .. " 2>&1; echo \"exit=$?\"")
    local out = p:read("*a")
    p:close()
    local code = tonumber(out:match("exit=(%d+)%s*$"))
    return code == 0, (out:gsub("exit=%d+%s*$", ""))
end
local run = M.run

-- -> contents | nil
function M.read_file(path)
    local f = io.open(path, "rb")
    if not f then return nil end
    local s = f:read("*a")
    f:close()
    return s
end
local read_file = M.read_file

-- -> true | nil, message
function M.write_file(path, text)
    local f, err = io.open(path, "wb")
    if not f then return nil, err end
    f:write(text)
    f:close()
    return true
end
local write_file = M.write_file

function M.is_root()
    local ok, out = run("id -u")
    return ok and out:match("^%s*0%s*$") ~= nil
end

-- A port that was free a moment ago (nginx may still lose the race; start
-- retries).
function M.free_port()
    local s = assert(socket.tcp())
    assert(s:bind("127.0.0.1", 0))
    local _, port = s:getsockname()
    s:close()
    return tonumber(port)
end

-- Without forking where /proc exists: a shell started with os.execute
-- would make the interpreter ignore Ctrl-C while it runs.
function M.alive(pid)
    if not pid then return false end
    local proc = io.open("/proc/" .. pid .. "/stat", "rb")
    if proc then
        local stat = proc:read("*l") or ""
        proc:close()
        return not stat:match("^%d+ %b() [ZX]")
    end
    if io.open("/proc/self/stat", "rb") then return false end
    local r = os.execute("kill -0 " .. pid .. " 2>/dev/null")
    return r == true or r == 0
end
local alive = M.alive

local function find_binary(explicit)
    if explicit then return explicit end
    local env = os.getenv("DATAFORSEO_NGINX")
    if env and env ~= "" then return env end
    local ok, out = run("command -v nginx")
    if ok and out:match("%S") then return (out:gsub("%s+$", "")) end
    return "/usr/sbin/nginx"
end

-- The watchdog.  $1 nginx binary, $2 prefix.  nginx gets a session of its
-- own (Ctrl-C on a terminal reaches only the owner, which then closes the
-- pipe) so that one signal to its process group ends master and workers.
-- The pipe on stdin ends with EOF once no process holds its write end.
-- LUA_PATH and LUA_CPATH stay out of nginx: the conf says what it loads.
local WATCHDOG = [[
exec 3<&0 </dev/null >/dev/null 2>&1
trap '' INT HUP
unset LUA_PATH LUA_CPATH LUA_INIT
P=$2
setsid "$1" -p "$P/" -c conf/nginx.conf -e "$P/logs/error.log" -g "daemon off;" >"$P/logs/nginx.out" 2>&1 &
pid=$!
(
    read -r _ <&3
    kill -TERM "$pid" 2>/dev/null
    i=0
    while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    kill -KILL -- "-$pid" 2>/dev/null
) &
wait "$pid"
echo "$?" >"$P/logs/exited"
read -r _ <&3
kill -KILL -- "-$pid" 2>/dev/null
case "$P" in */*.*) rm -rf "$P" ;; esac
]]

local Process = {}
Process.__index = Process

function Process:error_log()
    return (read_file(self.prefix .. "/logs/nginx.out") or "") .. (read_file(self.prefix .. "/logs/error.log") or "")
end

function Process:exited()
    return read_file(self.prefix .. "/logs/exited") ~= nil
end

function Process:running()
    return not self.stopped and not self:exited() and alive(self.pid)
end

-- Closes the pipe: the watchdog stops nginx, removes the prefix and exits;
-- close() waits for it.
function Process:stop()
    if self.stopped then return true end
    self.stopped = true
    if self.pipe then
        local pipe = self.pipe
        self.pipe = nil
        pcall(pipe.close, pipe)
    elseif self.prefix then
        run("rm -rf " .. sh_quote(self.prefix))
    end
    return true
end

-- Starts nginx for `port`; waits until it accepts (and `ready` says yes)
-- or exits.  -> true | nil, message
local function launch(self, o, binary)
    local cmd = "sh -c " .. sh_quote(WATCHDOG) .. " watchdog " .. sh_quote(binary) .. " " .. sh_quote(self.prefix)
    self.pipe = io.popen(cmd, "w")
    if not self.pipe then return nil, "could not start the nginx watchdog" end
    local deadline = socket.gettime() + (o.timeout or 5)
    local label = o.label or "nginx"
    while socket.gettime() < deadline do
        if self:exited() then
            return nil, "nginx exited during start-up: " .. self:error_log():gsub("%s+$", "")
        end
        self.pid = self.pid or tonumber(read_file(self.prefix .. "/logs/nginx.pid") or "")
        if self.pid then
            local c = socket.tcp()
            c:settimeout(0.5)
            local accepts = c:connect("127.0.0.1", self.port)
            c:close()
            if accepts and (not o.ready or o.ready(self)) then return true end
        end
        socket.sleep(0.01)
    end
    return nil, "timed out waiting for " .. label .. " to " .. (o.ready and "answer" or "listen") ..
        ": " .. self:error_log():gsub("%s+$", "")
end

local function new_prefix(name)
    local ok, prefix = run('mktemp -d "${TMPDIR:-/tmp}"/' .. sh_quote(name .. ".XXXXXX"))
    if not ok then return nil, "mktemp failed: " .. prefix end
    prefix = prefix:gsub("%s+$", "")
    -- The prefix may hold a password or keys: readable by its owner only.
    run("chmod 700 " .. sh_quote(prefix) .. " && mkdir -p " .. sh_quote(prefix .. "/conf") .. " "
        .. sh_quote(prefix .. "/logs") .. " " .. sh_quote(prefix .. "/tmp"))
    return prefix
end

local function start_once(o, port, binary)
    local prefix, err = new_prefix(o.name)
    if not prefix then return nil, err end
    local self = setmetatable({ prefix = prefix, port = port }, Process)
    local ok = true
    if o.prepare then ok, err = o.prepare(prefix) end
    if ok then ok, err = write_file(prefix .. "/conf/nginx.conf", o.conf(port, prefix, owner.identity())) end
    if ok then ok, err = launch(self, o, binary) end
    if not ok then
        self:stop()
        return nil, err
    end
    return self
end

function M.start(o)
    local binary = find_binary(o.binary)
    local fixed_port = o.port and o.port ~= 0
    local proc, err
    for _ = 1, fixed_port and 1 or 5 do
        proc, err = start_once(o, fixed_port and o.port or M.free_port(), binary)
        if proc or fixed_port or not tostring(err):find("Address already in use", 1, true) then break end
    end
    return proc, err
end

return M
