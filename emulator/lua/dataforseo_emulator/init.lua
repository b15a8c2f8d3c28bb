-- require "dataforseo_emulator": a local stand-in for api.dataforseo.com
-- (the 24 Backlinks endpoints of endpoints.lua, each also as ".ai", and
-- GET /v3/appendix/user_data), served by nginx and its Lua module
-- from a private prefix directory (no root needed).  nginx stops, and its
-- files go, when this process lets go of the handle or exits in any way
-- (SIGKILL to its process group included: owner.lua).
--
--   local emulator = require("dataforseo_emulator")
--   local srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
--   -- srv.base_url  "http://127.0.0.1:40123"  (https:// with tls = true)
--   -- srv.ca_file   CA certificate that verifies the server (tls only)
--   srv:control{ fault = "http_503", count = 2 }   -- see state.lua
--   srv:post_live("referring_domains", { { target = "forbes.com" } })
--   srv:stats(), srv:last_request(), srv:user_data(), srv:stop()
--
-- start options: port (0 = any free port), login, password (default
-- "demo"/"demo"), accounts ({ [login] = password }, more accepted
-- credentials), auth (false = accept any credentials), tls, workers,
-- nginx (binary), startup_timeout (seconds), and the settings of state.lua
-- (latency_ms, jitter_ms, rate_limit_per_minute, max_concurrent, balance,
-- daily_cost_limit, backlinks_subscription, gzip, drip_bytes, drip_interval_ms,
-- id_list_per_minute, graph_date, graph_dates).
-- A failed start returns nil and nginx's own error text.
local nginx = require("dataforseo_emulator.nginx")
local nginx_conf = require("dataforseo_emulator.nginx_conf")
local remote = require("dataforseo_emulator.remote")

local M = {}

M.DEFAULT_LOGIN, M.DEFAULT_PASSWORD = "demo", "demo"

-- Options passed through to the server's settings (state.lua).
local SETTINGS = { "latency_ms", "jitter_ms", "rate_limit_per_minute", "max_concurrent", "gzip",
    "drip_bytes", "drip_interval_ms", "balance", "daily_cost_limit", "backlinks_subscription", "accounts",
    "id_list_per_minute", "graph_date", "graph_dates" }

local function file_exists(path)
    local f = io.open(path, "rb")
    if f then f:close() end
    return f ~= nil
end

-- The absolute path of the lua/ directory holding this module, for
-- nginx's lua_package_path.
local function lua_dir()
    local source = debug.getinfo(1, "S").source:gsub("^@", "")
    if source:sub(1, 1) ~= "/" then
        local relative = source:gsub("^%./", "")
        local cwd = os.getenv("PWD")
        -- $PWD can be stale after a chdir that did not update it: check it.
        if not cwd or not file_exists(cwd .. "/" .. relative) then
            local _, out = nginx.run("pwd")
            cwd = out:gsub("%s+$", "")
        end
        source = cwd .. "/" .. relative
    end
    return (source:gsub("/dataforseo_emulator/init%.lua$", ""))
end

local function encode(t) return require("cjson").encode(t) end

local Server = {}
Server.__index = Server

function M.start(opts)
    opts = opts or {}
    local self = setmetatable({ tls = opts.tls and true or false }, Server)
    local settings = {
        login = opts.login or M.DEFAULT_LOGIN,
        password = opts.password or M.DEFAULT_PASSWORD,
        auth = opts.auth ~= false,
    }
    for _, k in ipairs(SETTINGS) do
        if opts[k] ~= nil then settings[k] = opts[k] end
    end
    self.login, self.password = settings.login, settings.password
    local dir = lua_dir()
    local settings_file, tls_files
    local run_as_root = nginx.is_root()
    local proc, err = nginx.start({
        name = "dataforseo-emulator", label = "the emulator",
        port = opts.port,
        binary = opts.nginx,
        timeout = opts.startup_timeout,
        -- The settings file can hold a password: the prefix is its owner's only.
        prepare = function(prefix)
            settings_file = prefix .. "/conf/settings.json"
            local ok, e = nginx.write_file(settings_file, encode(settings))
            if not ok then return nil, e end
            if self.tls then
                tls_files, e = require("dataforseo_emulator.tls").generate(prefix .. "/conf")
                if not tls_files then return nil, e end
                self.ca_file = tls_files.ca
            end
            return true
        end,
        conf = function(port, prefix, owner)
            return nginx_conf.render({
                port = port, workers = opts.workers or 1, lua_dir = dir,
                settings_file = settings_file, tls = tls_files, run_as_root = run_as_root,
                owner = owner, prefix = prefix,
            })
        end,
        ready = function(p)
            local url = (self.tls and "https" or "http") .. "://127.0.0.1:" .. p.port .. "/mock/ping"
            local res = remote.request({ url = url, timeout = 2, ca_file = self.ca_file })
            return res and res.status == 200
        end,
    })
    if not proc then return nil, err end
    self.process, self.pid, self.port, self.prefix = proc, proc.pid, proc.port, proc.prefix
    self.base_url = (self.tls and "https" or "http") .. "://127.0.0.1:" .. self.port
    -- A handle that is garbage-collected stops its server (an exiting
    -- process closes the watchdog's pipe, which does the same).
    if newproxy then
        local guard = newproxy(true)
        getmetatable(guard).__gc = function() self:stop() end
        self._guard = guard
    else
        setmetatable(self, { __index = Server, __gc = function(s) s:stop() end })
    end
    return self
end

-- Stops nginx (this instance only) and removes its prefix; waits for both.
function Server:stop()
    if self.stopped then return true end
    self.stopped = true
    return self.process:stop()
end

function Server:running()
    return not self.stopped and self.process:running()
end

function Server:url(path) return self.base_url .. path end

-- The Authorization header value for this server's credentials.
function Server:authorization()
    local mime = require("mime")
    return "Basic " .. mime.b64(self.login .. ":" .. self.password)
end

-- A request to this server; r as remote.request, with path instead of url.
function Server:request(r)
    r.url = r.url or self:url(r.path or "/")
    r.ca_file = r.ca_file or self.ca_file
    return remote.request(r)
end

local function control_request(self, path, body)
    local headers = { Authorization = self:authorization() }
    if body then headers["Content-Type"] = "application/json" end
    return remote.json({ url = self:url(path), method = body and "POST" or "GET", body = body,
        headers = headers, ca_file = self.ca_file })
end

-- Changes settings or queues faults: srv:control{ latency_ms = 200 },
-- srv:control{ fault = "reset", count = 1 }, srv:control{ reset = true }.
function Server:control(change)
    return control_request(self, "/mock/control", encode(change or {}))
end

function Server:stats() return control_request(self, "/mock/stats") end

-- The last API request: method, uri, headers (credentials redacted), body.
function Server:last_request() return control_request(self, "/mock/last_request") end

-- The emulator's own filter evaluation: fields "anchors" | "backlinks".
-- -> { valid = bool, keep = { bool per item } }
function Server:filter(fields, filters, items)
    return control_request(self, "/mock/filter", encode({ fields = fields, filters = filters, items = items }))
end

-- POST /v3/backlinks/<fn>/live ("anchors", "backlinks", "summary", ...)
-- with this server's credentials.  body: JSON text, or a Lua array of
-- tasks (encoded with lua-cjson).
function Server:post_live(fn, body, headers)
    if type(body) == "table" then body = encode(body) end
    local h = { ["Content-Type"] = "application/json", Authorization = self:authorization() }
    for k, v in pairs(headers or {}) do h[k] = v end
    return self:request({ path = "/v3/backlinks/" .. fn .. "/live", method = "POST", body = body, headers = h })
end

function Server:post_anchors(body, headers) return self:post_live("anchors", body, headers) end

-- GET /v3/appendix/user_data with this server's credentials, decoded.
function Server:user_data()
    return remote.json({ url = self:url("/v3/appendix/user_data"), ca_file = self.ca_file,
        headers = { Authorization = self:authorization() } })
end

return M
