-- The Redis store of the governor: the account's record (governor/account.lua)
-- under one key, changed by one server-side script per step (EVALSHA; the
-- script is loaded again after a Redis restart).  The script reads Redis's
-- own clock (TIME), so every machine sharing the server shares the
-- minute windows, the leases and the UTC day.  Outside nginx one LuaSocket
-- connection per store, kept open; inside nginx a cosocket per step, from
-- nginx's keep-alive pool (a cosocket cannot outlive its request).
--
--   local store = require("dataforseo.engine.governor.redis").new{ host =, port =,
--       password =, db =, timeout =, key = "prefix:hash" }
--   store:op(step, args) -> reply text | nil, message
local account = require "dataforseo.engine.governor.account"
local resp = require "dataforseo.hosts.resp"
local sha256 = require "dataforseo.engine.sha256"

local M = {}

-- account.lua as the body of a function, then one step on KEYS[1].
local WRAPPER = [[
local account = (function()
%s
end)()
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local text = redis.call('GET', KEYS[1])
local args = {}
for i = 2, #ARGV do args[#args + 1] = ARGV[i] end
local new, reply = account.apply(text or nil, now, ARGV[1], args)
if new ~= text then redis.call('SET', KEYS[1], new) end
return reply
]]

local script
local function script_text()
    if script then return script end
    local source = debug.getinfo(account.apply, "S").source
    local path = type(source) == "string" and source:match("^@(.+)$")
    local f = path and io.open(path, "rb")
    if not f then
        error("dataforseo.engine.governor.redis: cannot read the source of dataforseo/governor/account.lua "
            .. "(it is sent to Redis as a script)", 0)
    end
    local text = f:read("*a")
    f:close()
    script = WRAPPER:format(text)
    return script
end

local SALT = tostring({}) .. tostring(os.time()) .. tostring(os.clock())

-- Script digests per server, loaded once per process (per nginx worker).
local loaded = {}

local Store = {}
Store.__index = Store

function M.new(o)
    local self = setmetatable({ kind = "redis", host = o.host or "127.0.0.1", port = o.port or 6379,
        db = o.db, timeout = o.timeout or 1, key = o.key }, Store)
    self.server = self.host .. ":" .. self.port .. "/" .. tostring(self.db or 0)
    -- The password stays in a closure: printing the store does not show it.
    local password = o.password
    -- nginx's pool name tells connections of other passwords apart without
    -- showing the password (a salted hash; the salt is this process's own).
    local tag = password and sha256.hex(SALT .. password):sub(1, 12)
    local pool = "dataforseo-governor:" .. self.server .. (tag and (":" .. tag) or "")
    function self.connect(store)
        return resp.connect{ host = store.host, port = store.port, timeout = store.timeout,
            password = password, db = store.db, pool = pool }
    end
    script_text()
    return self
end

local function run(self, conn, step, args)
    local sha = loaded[self.server]
    if sha then
        local reply, err, kind = conn:call("EVALSHA", sha, 1, self.key, step, (table.unpack or unpack)(args))
        if reply or kind ~= "server" or not tostring(err):find("NOSCRIPT", 1, true) then
            return reply, err, kind
        end
    end
    local digest, err, kind = conn:call("SCRIPT", "LOAD", script_text())
    if not digest then return nil, err, kind end
    loaded[self.server] = digest
    return conn:call("EVALSHA", digest, 1, self.key, step, (table.unpack or unpack)(args))
end

-- One step: on the kept connection (outside nginx), reconnecting once when
-- it broke; inside nginx on a pooled cosocket.
function Store:op(step, args)
    for attempt = 1, 2 do
        local conn = self.conn
        if not conn then
            local err
            conn, err = self:connect()
            if not conn then return nil, err end
        end
        local reply, message, kind = run(self, conn, step, args)
        if conn.nginx then
            conn:close(kind == "connection")
        elseif kind == "connection" then
            conn:close(true)
            self.conn = nil
        else
            self.conn = conn
        end
        if reply then return reply end
        if kind ~= "connection" or attempt == 2 then
            return nil, "Redis (" .. self.host .. ":" .. self.port .. "): " .. tostring(message)
        end
    end
end

function Store:close()
    if self.conn then
        self.conn:close()
        self.conn = nil
    end
end

return M
