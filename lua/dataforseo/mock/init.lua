-- require "dataforseo.mock": a local stand-in for api.dataforseo.com's
-- POST /v3/backlinks/anchors/live, served by nginx + its Lua module from a
-- private prefix directory (no root needed).
--
--   local mock = require("dataforseo.mock")
--   local srv = assert(mock.start{ port = 0, login = "demo", password = "demo" })
--   -- srv.base_url  "http://127.0.0.1:40123"  (https:// with tls = true)
--   -- srv.ca_file   CA certificate that verifies the server (tls only)
--   srv:control{ fault = "http_503", count = 2 }   -- see state.lua
--   srv:stats()           -- counters, see stats.lua
--   srv:last_request()    -- headers and raw body of the last API request
--   srv:stop()            -- kills its own nginx, removes its files
--
-- start options: port (0 = any free port), login, password (default
-- "demo"/"demo"), auth (false = accept any credentials), tls, workers,
-- latency_ms, jitter_ms, rate_limit_per_minute, max_concurrent, gzip,
-- drip_bytes, drip_interval_ms, nginx (binary), startup_timeout (seconds).
-- A failed start returns nil and nginx's own error text.
--
-- Fixed test targets: see targets.lua (big-example.com, medium-example.com,
-- small-example.com, empty-example.com, blog.big-example.com,
-- https://big-example.com/page, forbes.com).
local socket = require("socket")
local nginx_conf = require("dataforseo.mock.nginx_conf")
local remote = require("dataforseo.mock.remote")

local M = {}

M.DEFAULT_LOGIN, M.DEFAULT_PASSWORD = "demo", "demo"

-- Options passed through to the server's settings (state.lua).
local SETTINGS = { "latency_ms", "jitter_ms", "rate_limit_per_minute", "max_concurrent", "gzip",
  "drip_bytes", "drip_interval_ms" }

local function sh_quote(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

-- Runs a shell command; returns ok, combined output.
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
  local f, err = io.open(path, "wb")
  if not f then return nil, err end
  f:write(text)
  f:close()
  return true
end

-- The absolute path of the lua/ directory holding this module, for
-- nginx's lua_package_path.
local function lua_dir()
  local source = debug.getinfo(1, "S").source:gsub("^@", "")
  if source:sub(1, 1) ~= "/" then
    local relative = source:gsub("^%./", "")
    local cwd = os.getenv("PWD")
    -- $PWD can be stale after a chdir that did not update it: check it.
    if not cwd or not read_file(cwd .. "/" .. relative) then
      local _, out = run("pwd")
      cwd = out:gsub("%s+$", "")
    end
    source = cwd .. "/" .. relative
  end
  return (source:gsub("/dataforseo/mock/init%.lua$", ""))
end

local function find_nginx(explicit)
  if explicit then return explicit end
  local env = os.getenv("DATAFORSEO_NGINX")
  if env and env ~= "" then return env end
  local ok, out = run("command -v nginx")
  if ok and out:match("%S") then return (out:gsub("%s+$", "")) end
  return "/usr/sbin/nginx"
end

local function is_root()
  local ok, out = run("id -u")
  return ok and out:match("^%s*0%s*$") ~= nil
end

-- A port that was free a moment ago (nginx may still lose the race; the
-- caller retries).
local function free_port()
  local s = assert(socket.tcp())
  assert(s:bind("127.0.0.1", 0))
  local _, port = s:getsockname()
  s:close()
  return tonumber(port)
end

-- Without forking where /proc exists: a shell started with os.execute
-- would make the interpreter ignore Ctrl-C while it runs.
local function alive(pid)
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

-- Minimal JSON for the settings file (strings, numbers, booleans).
local function settings_json(t)
  local parts = {}
  for k, v in pairs(t) do
    local text
    if type(v) == "string" then
      text = '"' .. v:gsub('[%z\1-\31"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
    elseif type(v) == "number" then
      text = string.format("%.17g", v)
    else
      text = tostring(v)
    end
    parts[#parts + 1] = '"' .. k .. '":' .. text
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

local Server = {}
Server.__index = Server

local function wait_ready(self, timeout)
  local deadline = socket.gettime() + timeout
  while socket.gettime() < deadline do
    if not alive(self.pid) then return nil, "nginx exited during start-up" end
    local c = socket.tcp()
    c:settimeout(0.5)
    if c:connect("127.0.0.1", self.port) then
      c:close()
      if not self.tls then
        local res = remote.request({ url = self.base_url .. "/mock/ping", timeout = 2 })
        if res and res.status == 200 then return true end
      else
        local res = remote.request({ url = self.base_url .. "/mock/ping", timeout = 2, ca_file = self.ca_file })
        if res and res.status == 200 then return true end
      end
    else
      c:close()
    end
    socket.sleep(0.01)
  end
  return nil, "timed out waiting for the emulator to answer"
end

local function launch(self, nginx)
  local ok, out = run(sh_quote(nginx) .. " -p " .. sh_quote(self.prefix .. "/") ..
    " -c conf/nginx.conf -e " .. sh_quote(self.prefix .. "/logs/error.log"))
  if not ok then
    local log = read_file(self.prefix .. "/logs/error.log") or ""
    return nil, (out .. log):gsub("%s+$", "")
  end
  local pid = tonumber(read_file(self.prefix .. "/logs/nginx.pid") or "")
  if not pid then return nil, "nginx started but wrote no pid file: " .. out end
  self.pid = pid
  return true
end

function M.start(opts)
  opts = opts or {}
  local ok, prefix = run('mktemp -d "${TMPDIR:-/tmp}/dataforseo-mock.XXXXXX"')
  if not ok then return nil, "mktemp failed: " .. prefix end
  prefix = prefix:gsub("%s+$", "")
  local self = setmetatable({ prefix = prefix, tls = opts.tls and true or false }, Server)
  for _, sub in ipairs({ "conf", "logs", "tmp" }) do
    run("mkdir -p " .. sh_quote(prefix .. "/" .. sub))
  end
  -- The settings file can hold a password: readable by its owner only.
  run("chmod 700 " .. sh_quote(prefix))

  local settings = {
    login = opts.login or M.DEFAULT_LOGIN,
    password = opts.password or M.DEFAULT_PASSWORD,
    auth = opts.auth ~= false,
  }
  for _, k in ipairs(SETTINGS) do
    if opts[k] ~= nil then settings[k] = opts[k] end
  end
  self.login, self.password = settings.login, settings.password
  local settings_file = prefix .. "/conf/settings.json"
  write_file(settings_file, settings_json(settings))

  local tls_files
  if self.tls then
    local err
    tls_files, err = require("dataforseo.mock.tls").generate(prefix .. "/conf")
    if not tls_files then self:stop(); return nil, err end
    self.ca_file = tls_files.ca
  end

  local dir = lua_dir()
  local root = dir:gsub("/lua$", "")
  local cpath = {}
  if read_file(root .. "/build/luajit/dataforseo/core.so") then
    cpath[#cpath + 1] = root .. "/build/luajit/?.so"
  end
  local nginx = find_nginx(opts.nginx)
  local fixed_port = opts.port and opts.port ~= 0
  local err
  for _ = 1, fixed_port and 1 or 5 do
    self.port = fixed_port and opts.port or free_port()
    local scheme = self.tls and "https" or "http"
    self.base_url = scheme .. "://127.0.0.1:" .. self.port
    write_file(prefix .. "/conf/nginx.conf", nginx_conf.render({
      port = self.port, workers = opts.workers or 1, daemon = true, lua_dir = dir,
      cpath = table.concat(cpath, ";"), settings_file = settings_file, tls = tls_files,
      run_as_root = is_root(),
    }))
    ok, err = launch(self, nginx)
    if ok or fixed_port or not tostring(err):find("Address already in use", 1, true) then break end
  end
  if not ok then self:stop(); return nil, err end
  ok, err = wait_ready(self, opts.startup_timeout or 5)
  if not ok then
    local log = read_file(prefix .. "/logs/error.log") or ""
    self:stop()
    return nil, err .. (log ~= "" and (": " .. log:gsub("%s+$", "")) or "")
  end
  -- Safety net: a handle that is garbage-collected (or still open when
  -- the interpreter exits) stops its server.
  if newproxy then
    local guard = newproxy(true)
    getmetatable(guard).__gc = function() self:stop() end
    self._guard = guard
  else
    setmetatable(self, { __index = Server, __gc = function(s) s:stop() end })
  end
  return self
end

-- Stops nginx (this instance only, by pid) and removes the prefix.
function Server:stop()
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
  if self.prefix and self.prefix:match("/dataforseo%-mock%.[%w]+$") then
    run("rm -rf " .. sh_quote(self.prefix))
  end
  return true
end

function Server:running()
  return not self.stopped and alive(self.pid)
end

-- The request options shared by the helpers below.
function Server:url(path) return self.base_url .. path end

function Server:request(r)
  r.url = r.url or self:url(r.path or "/")
  r.ca_file = r.ca_file or self.ca_file
  return remote.request(r)
end

local cjson_encode
local function encode(t)
  cjson_encode = cjson_encode or require("cjson").encode
  return cjson_encode(t)
end

-- Changes settings or queues faults: srv:control{ latency_ms = 200 },
-- srv:control{ fault = "reset", count = 1 }, srv:control{ reset = true }.
function Server:control(change)
  return remote.json({ url = self:url("/mock/control"), method = "POST", body = encode(change or {}),
    headers = { ["Content-Type"] = "application/json" }, ca_file = self.ca_file })
end

function Server:stats()
  return remote.json({ url = self:url("/mock/stats"), ca_file = self.ca_file })
end

function Server:last_request()
  return remote.json({ url = self:url("/mock/last_request"), ca_file = self.ca_file })
end

-- POST /v3/backlinks/anchors/live with this server's credentials.  body:
-- JSON text, or a Lua array of tasks (encoded with lua-cjson).
function Server:post_anchors(body, headers)
  if type(body) == "table" then body = encode(body) end
  local h = { ["Content-Type"] = "application/json", Authorization = self:authorization() }
  for k, v in pairs(headers or {}) do h[k] = v end
  return self:request({ path = "/v3/backlinks/anchors/live", method = "POST", body = body, headers = h })
end

-- The Authorization header value for this server's credentials.
function Server:authorization()
  local mime = require("mime")
  return "Basic " .. mime.b64(self.login .. ":" .. self.password)
end

return M
