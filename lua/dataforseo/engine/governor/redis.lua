-- The Redis store of the governor: the account's record (governor/account.lua)
-- under one key, changed by one server-side script per step (EVALSHA; the
-- script is loaded again after a Redis restart).  The script reads Redis's
-- own clock (TIME), so every machine sharing the server shares the
-- minute windows, the leases and the UTC day.  It speaks through
-- hosts/resp.lua's client: a step whose reply is late is sent again, which
-- the steps allow (account.lua applies a reserve or a settle once).
--
--   local store = require("dataforseo.engine.governor.redis").new{ host =, port =,
--       password =, db =, timeout =, key = "prefix:hash" }
--   store:op(step, args) -> reply text, the record's birth | nil, message, written
--     (written: the step went out, Redis may have applied it)
local account = require "dataforseo.engine.governor.account"
local record = require "dataforseo.engine.governor.record"
local resp = require "dataforseo.hosts.resp"

local M = {}

-- account.lua and record.lua as bodies of functions (record.lua's
-- require finds account.lua's table), then one step on KEYS[1].
local WRAPPER = [[
local account = (function()
%s
end)()
local function require() return account end
local record = (function()
%s
end)()
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local text = redis.call('GET', KEYS[1])
local args = {}
for i = 2, #ARGV do args[#args + 1] = ARGV[i] end
local new, reply, born = record.apply(text or nil, now, ARGV[1], args)
if new ~= text then redis.call('SET', KEYS[1], new) end
return { reply, born }
]]

-- The text of the module that defined fn (it is sent to Redis).
local function source_of(fn, name)
    local source = debug.getinfo(fn, "S").source
    local path = type(source) == "string" and source:match("^@(.+)$")
    local f = path and io.open(path, "rb")
    if not f then
        error("dataforseo.engine.governor.redis: cannot read the source of dataforseo/engine/governor/"
            .. name .. " (it is sent to Redis as a script)", 0)
    end
    local text = f:read("*a")
    f:close()
    return text
end

local script
local function script_text()
    if not script then
        script = WRAPPER:format(source_of(account.store, "account.lua"), source_of(record.apply, "record.lua"))
    end
    return script
end

-- Script digests per server, loaded once per process (per nginx worker).
local loaded = {}

local Store = {}
Store.__index = Store

function M.new(o)
    local self = setmetatable({ kind = "redis", key = o.key, redis = resp.client{ host = o.host, port = o.port,
        db = o.db, timeout = o.timeout, password = o.password, pool = "dataforseo-governor" } }, Store)
    self.server = self.redis.server
    script_text()
    return self
end

local function run(self, step, args)
    local redis, unpack = self.redis, table.unpack or unpack
    local sha = loaded[self.server]
    if sha then
        local reply, err, kind, written = redis:call("EVALSHA", sha, 1, self.key, step, unpack(args))
        if reply or kind ~= "server" or not tostring(err):find("NOSCRIPT", 1, true) then
            return reply, err, kind, written
        end
    end
    local digest, err = redis:call("SCRIPT", "LOAD", script_text())
    if not digest then return nil, err end
    loaded[self.server] = digest
    return redis:call("EVALSHA", digest, 1, self.key, step, unpack(args))
end

function Store:op(step, args)
    local reply, err, _, written = run(self, step, args)
    if type(reply) ~= "table" then
        return nil, reply == nil and err or "unexpected answer from Redis: " .. tostring(reply), written
    end
    return reply[1], reply[2]
end

function Store:close()
    self.redis:close()
end

return M
