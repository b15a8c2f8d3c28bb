-- An nginx started as an ordinary process (no root, no system files) from a
-- private prefix directory, for the emulator (mock/init.lua) and for specs
-- that need a server of their own (spec/hosts/nginx_host.lua, http_spec).
--
--   local nginx = require "dataforseo.mock.nginx"
--   local proc, err = nginx.start{
--     name = "dataforseo-mock",            -- prefix: $TMPDIR/<name>.XXXXXX, mode 700,
--                                          -- with conf/ logs/ tmp/; removed by stop
--     prepare = function(prefix) ... end,  -- files the conf needs; -> true | nil, message
--     conf = function(port, prefix) return text end,   -- nginx.conf for that port; it must
--                                          -- say `pid logs/nginx.pid;` and run as a daemon
--     port = 8080,                         -- nil or 0: a free port (retried if nginx loses it)
--     ready = function(proc) return ok end,  -- answers yet? (default: the port accepts)
--     timeout = 5,                         -- seconds to wait for readiness
--     binary = "/usr/sbin/nginx",          -- default: $DATAFORSEO_NGINX, nginx on PATH
--     label = "the emulator",              -- what error messages call it ("nginx")
--   }
--   proc.pid, proc.port, proc.prefix, proc:error_log(), proc:running(), proc:stop()
-- A failed start returns nil and nginx's own error text (and removes the prefix).
-- stop() ends only this nginx (by the pid it wrote) and its workers.
-- The process and file helpers it runs on are exported for its callers:
-- run(cmd) -> ok, output; shell_quote, free_port, is_root, alive(pid),
-- read_file, write_file.
local socket = require("socket")

local M = {}

function M.shell_quote(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end
local sh_quote = M.shell_quote

-- Runs a shell command; returns ok, combined output.
local function run(cmd)
    local p = io.popen(cmd .. " 2>&1; echo \"exit=$?\"")
    local out = p:read("*a")
    p:close()
    local code = tonumber(out:match("exit=(%d+)%s*$"))
    return code == 0, (out:gsub("exit=%d+%s*$", ""))
end
M.run = run

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

local Process = {}
Process.__index = Process

function Process:error_log()
    return read_file(self.prefix .. "/logs/error.log") or ""
end

function Process:running()
    return not self.stopped and alive(self.pid)
end

-- Stops nginx (this instance only, by pid; its workers too if it will not
-- go) and removes the prefix it was started in.
function Process:stop()
    if self.stopped then return true end
    self.stopped = true
    local pid = self.pid
    if pid and alive(pid) then
        local _, children = run("pgrep -P " .. pid)
        os.execute("kill -TERM " .. pid .. " 2>/dev/null")
        local deadline = socket.gettime() + 5
        while alive(pid) and socket.gettime() < deadline do socket.sleep(0.01) end
        if alive(pid) then
            os.execute("kill -KILL " .. pid .. " 2>/dev/null")
            for child in children:gmatch("%d+") do os.execute("kill -KILL " .. child .. " 2>/dev/null") end
        end
    end
    -- Only a directory this module made (its name has mktemp's suffix).
    if self.prefix and self.prefix:match("/[%w_%-]+%.[%w]+$") and self.prefix_made then
        run("rm -rf " .. sh_quote(self.prefix))
    end
    return true
end

local function launch(self, binary)
    local ok, out = run(sh_quote(binary) .. " -p " .. sh_quote(self.prefix .. "/") ..
        " -c conf/nginx.conf -e " .. sh_quote(self.prefix .. "/logs/error.log"))
    if not ok then
        return nil, (out .. self:error_log()):gsub("%s+$", "")
    end
    local pid = tonumber(read_file(self.prefix .. "/logs/nginx.pid") or "")
    if not pid then return nil, "nginx started but wrote no pid file: " .. out end
    self.pid = pid
    return true
end

local function wait_ready(self, ready, timeout, label)
    local deadline = socket.gettime() + timeout
    while socket.gettime() < deadline do
        if not alive(self.pid) then return nil, "nginx exited during start-up" end
        local c = socket.tcp()
        c:settimeout(0.5)
        local accepts = c:connect("127.0.0.1", self.port)
        c:close()
        if accepts and (not ready or ready(self)) then return true end
        socket.sleep(0.01)
    end
    return nil, "timed out waiting for " .. label .. " to " .. (ready and "answer" or "listen")
end

function M.start(o)
    local ok, prefix = run('mktemp -d "${TMPDIR:-/tmp}"/' .. sh_quote(o.name .. ".XXXXXX"))
    if not ok then return nil, "mktemp failed: " .. prefix end
    prefix = prefix:gsub("%s+$", "")
    local self = setmetatable({ prefix = prefix, prefix_made = true }, Process)
    -- The prefix may hold a password or keys: readable by its owner only.
    run("chmod 700 " .. sh_quote(prefix) .. " && mkdir -p " .. sh_quote(prefix .. "/conf") .. " "
        .. sh_quote(prefix .. "/logs") .. " " .. sh_quote(prefix .. "/tmp"))
    local err
    if o.prepare then
        ok, err = o.prepare(prefix)
        if not ok then self:stop(); return nil, err end
    end
    local binary = find_binary(o.binary)
    local fixed_port = o.port and o.port ~= 0
    for _ = 1, fixed_port and 1 or 5 do
        self.port = fixed_port and o.port or M.free_port()
        ok, err = write_file(prefix .. "/conf/nginx.conf", o.conf(self.port, prefix))
        if ok then ok, err = launch(self, binary) end
        if ok or fixed_port or not tostring(err):find("Address already in use", 1, true) then break end
    end
    if not ok then self:stop(); return nil, err end   -- err holds nginx's output and log
    ok, err = wait_ready(self, o.ready, o.timeout or 5, o.label or "nginx")
    if not ok then
        local log = self:error_log()
        self:stop()
        return nil, tostring(err) .. (log ~= "" and (": " .. log:gsub("%s+$", "")) or "")
    end
    return self
end

return M
