-- The Redis backend of the response store, on the governor's RESP client
-- (hosts/resp.lua): outside nginx one LuaSocket connection, kept open and
-- made again once when it broke; inside nginx a cosocket per step from
-- nginx's keep-alive pool (a cosocket cannot outlive its request).  Records
-- with a time to live are SET with EX (Redis drops them itself); kept ones
-- have none.  Sets are Redis sets, counters the fields of a hash.
--
--   local b = require("dataforseo.engine.store.redis").open{ host =, port =, password =,
--       db =, timeout = }
--   the backend interface of store/sqlite.lua (get, set, delete, add_member,
--   members, remove_member, count, counters, usage, prune, clear, close, where)
local resp = require "dataforseo.hosts.resp"

local M = {}

local ceil = math.ceil

local Backend = {}
Backend.__index = Backend

-- Counts (or deletes) the keys under a prefix, server-side: one round
-- trip however many keys.  ARGV[1] = prefix, ARGV[2] = "count" | "clear"
-- | "clear_all" (kept keys, those without a TTL, too).
local SCAN_SCRIPT = [[
local cursor, entries, bytes, kept, removed = "0", 0, 0, 0, 0
repeat
    local r = redis.call("SCAN", cursor, "MATCH", ARGV[1] .. "*", "COUNT", 1000)
    cursor = r[1]
    for _, key in ipairs(r[2]) do
        local ttl = redis.call("TTL", key)
        if ARGV[2] == "count" then
            if redis.call("TYPE", key).ok == "string" then
                entries = entries + 1
                bytes = bytes + redis.call("STRLEN", key)
                if ttl == -1 then kept = kept + 1 end
            end
        elseif ttl ~= -1 or ARGV[2] == "clear_all" then
            removed = removed + redis.call("DEL", key)
        end
    end
until cursor == "0"
return { entries, bytes, kept, removed }
]]

function M.open(o)
    local self = setmetatable({ redis = resp.client{ host = o.host, port = o.port, db = o.db, timeout = o.timeout,
        password = o.password, pool = "dataforseo-store" } }, Backend)
    self.server = self.redis.server
    return self
end

-- One command (hosts/resp.lua's client: made again once when it broke).
function Backend:call(...)
    return self.redis:call(...)
end

function Backend:get(id)
    return self:call("GET", id)
end

function Backend:set(id, bytes, ttl)
    if ttl then return self:call("SET", id, bytes, "EX", math.max(1, ceil(ttl))) end
    return self:call("SET", id, bytes)
end

function Backend:delete(id)
    return self:call("DEL", id)
end

function Backend:add_member(set_id, member) return self:call("SADD", set_id, member) end
function Backend:remove_member(set_id, member) return self:call("SREM", set_id, member) end

function Backend:members(set_id)
    local list, err, kind = self:call("SMEMBERS", set_id)
    if not list then return nil, err, kind end
    return list
end

function Backend:count(id, deltas)
    for field, n in pairs(deltas) do
        local ok, err, kind = self:call("HINCRBYFLOAT", id, field, n)
        if not ok then return nil, err, kind end
    end
    return true
end

function Backend:counters(id, fields)
    local out = {}
    for _, field in ipairs(fields) do
        local v, err, kind = self:call("HGET", id, field)
        if v == nil then return nil, err, kind end
        out[field] = tonumber(v) or 0
    end
    return out
end

local function scan(self, prefix, what)
    local r, err, kind = self:call("EVAL", SCAN_SCRIPT, 0, prefix, what)
    if not r then return nil, err, kind end
    if type(r) ~= "table" then return nil, "Redis (" .. self.server .. "): unexpected reply to the scan" end
    return r
end

function Backend:usage(prefix)
    local r, err, kind = scan(self, prefix, "count")
    if not r then return nil, err, kind end
    return { entries = r[1], bytes = r[2], kept = r[3] }
end

-- Redis removes what expired on its own.
function Backend.prune() return 0 end

function Backend:clear(prefix, also_kept)
    local r, err, kind = scan(self, prefix, also_kept and "clear_all" or "clear")
    if not r then return nil, err, kind end
    return r[4]
end

function Backend:close()
    self.redis:close()
end

function Backend:where() return "redis " .. self.server end

return M
