-- Starts an nginx with the Lua module as an ordinary process from a private
-- prefix (the same way the emulator does, see dataforseo/mock/init.lua),
-- for specs that need the module running inside nginx.
--
--   local nginx_host = dofile("spec/hosts/nginx_host.lua")
--   local h = assert(nginx_host.start{
--       http = function(port) return "server { listen 127.0.0.1:" .. port .. "; ... }" end,
--       lua_path = { "/abs/lua/?.lua", ... }, lua_cpath = { "/abs/build/luajit/?.so" },
--       main = "...",    -- extra lines at the http{} top (or a function(port, prefix)), optional
--       top = "...",     -- extra lines in the main context (env, ...), optional
--   })
--   h.port, h.prefix, h:error_log(), h:stop()
-- Stops only its own nginx (by the pid nginx wrote) and removes its prefix.
local socket = require "socket"

local M = {}

local function sh_quote(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

local function run(cmd)
    local p = io.popen(cmd .. " 2>&1; echo \"exit=$?\"")
    local out = p:read("*a")
    p:close()
    local code = tonumber(out:match("exit=(%d+)%s*$"))
    return code == 0, (out:gsub("exit=%d+%s*$", ""))
end

local function read_file(path)
    local f = io.open(path, "rb")
    if not f then return nil end
    local s = f:read("*a")
    f:close()
    return s
end

local function write_file(path, text)
    local f = assert(io.open(path, "wb"))
    f:write(text)
    f:close()
end

local function alive(pid)
    local proc = pid and io.open("/proc/" .. pid .. "/stat", "rb")
    if not proc then return false end
    local stat = proc:read("*l") or ""
    proc:close()
    return not stat:match("^%d+ %b() [ZX]")
end

local function free_port()
    local s = assert(socket.tcp())
    assert(s:bind("127.0.0.1", 0))
    local _, port = s:getsockname()
    s:close()
    return tonumber(port)
end

local TEMPLATE = [[
load_module /usr/lib/nginx/modules/ndk_http_module.so;
load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;
${user}
${top}
worker_processes 1;
daemon on;
pid logs/nginx.pid;
error_log logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path tmp/body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
    lua_package_path "${lua_path}";
    lua_package_cpath "${lua_cpath}";
${main}
${servers}
}
]]

local Host = {}
Host.__index = Host

function Host:error_log()
    return read_file(self.prefix .. "/logs/error.log") or ""
end

function Host:stop()
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
    if self.prefix and self.prefix:match("/dataforseo%-host%.[%w]+$") then
        run("rm -rf " .. sh_quote(self.prefix))
    end
    return true
end

local function wait_ready(self, timeout)
    local deadline = socket.gettime() + timeout
    while socket.gettime() < deadline do
        if not alive(self.pid) then return nil, "nginx exited during start-up" end
        local c = socket.tcp()
        c:settimeout(0.5)
        local ok = c:connect("127.0.0.1", self.port)
        c:close()
        if ok then return true end
        socket.sleep(0.01)
    end
    return nil, "timed out waiting for nginx to listen"
end

function M.start(o)
    local ok, prefix = run('mktemp -d "${TMPDIR:-/tmp}/dataforseo-host.XXXXXX"')
    if not ok then return nil, "mktemp failed: " .. prefix end
    prefix = prefix:gsub("%s+$", "")
    local self = setmetatable({ prefix = prefix }, Host)
    run("mkdir -p " .. sh_quote(prefix .. "/conf") .. " " .. sh_quote(prefix .. "/logs")
        .. " " .. sh_quote(prefix .. "/tmp"))
    local _, uid = run("id -u")
    local nginx = os.getenv("DATAFORSEO_NGINX") or "nginx"
    local err
    for _ = 1, 5 do
        self.port = free_port()
        local values = {
            user = uid:match("^%s*0%s*$") and "user root root;" or "",
            lua_path = table.concat(o.lua_path or {}, ";") .. ";;",
            lua_cpath = table.concat(o.lua_cpath or {}, ";") .. ";;",
            top = o.top or "",
            main = type(o.main) == "function" and o.main(self.port, prefix) or o.main or "",
            servers = o.http(self.port, prefix),
        }
        write_file(prefix .. "/conf/nginx.conf",
            (TEMPLATE:gsub("%${([%w_]+)}", function(k) return values[k] end)))
        local out
        ok, out = run(sh_quote(nginx) .. " -p " .. sh_quote(prefix .. "/") .. " -c conf/nginx.conf -e "
            .. sh_quote(prefix .. "/logs/error.log"))
        if ok then
            self.pid = tonumber(read_file(prefix .. "/logs/nginx.pid") or "")
            if not self.pid then err = "nginx wrote no pid file: " .. out; ok = false end
            break
        end
        err = (out .. self:error_log()):gsub("%s+$", "")
        if not err:find("Address already in use", 1, true) then break end
    end
    if ok then ok, err = wait_ready(self, 5) end
    if not ok then
        local log = self:error_log()
        self:stop()
        return nil, tostring(err) .. (log ~= "" and (": " .. log) or "")
    end
    return self
end

return M
