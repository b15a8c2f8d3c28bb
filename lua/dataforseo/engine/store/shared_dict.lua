-- The nginx backend of the response store: a lua_shared_dict that every
-- worker of the server shares.  Each operation is atomic on its own and
-- none needs more.  Records with a time to live get it as their exptime;
-- when the dictionary is full, nginx drops the least recently used of
-- them to make room (set).  Kept records are written with safe_set, which
-- fails rather than push another record out; they live as long as the
-- dictionary has room, so keep snapshots that matter in SQLite or Redis.
-- A set is one key per member (set .. "|" .. member), listed with get_keys.
--
--   local b = require("dataforseo.engine.store.shared_dict").open{ name = "dataforseo_cache" }
--     -> backend | nil, message, code
--   the backend interface of store/sqlite.lua
local M = {}

local Backend = {}
Backend.__index = Backend

function M.open(o)
    local host = rawget(_G, "ngx")
    if type(host) ~= "table" or type(host.shared) ~= "table" then
        return nil, "a shared_dict store works inside nginx only", "cantopen"
    end
    local dict = host.shared[o.name]
    if not dict then
        return nil, "nginx has no lua_shared_dict " .. o.name .. " (declare lua_shared_dict "
            .. o.name .. " 10m; in the http block)", "cantopen"
    end
    return setmetatable({ dict = dict, name = o.name }, Backend)
end

local function failed(self, err)
    return nil, "lua_shared_dict " .. self.name .. ": " .. tostring(err), err == "no memory" and "full" or "error"
end

function Backend:get(id)
    local v = self.dict:get(id)
    if v == nil then return false end
    return v
end

function Backend:set(id, bytes, ttl)
    local ok, err
    if ttl then
        ok, err = self.dict:set(id, bytes, ttl)
    else
        ok, err = self.dict:safe_set(id, bytes)
    end
    if not ok then return failed(self, err) end
    return true
end

function Backend:delete(id)
    self.dict:delete(id)
    return true
end

function Backend:add_member(set_id, member)
    local ok, err = self.dict:safe_set(set_id .. "|" .. member, true)
    if not ok then return failed(self, err) end
    return true
end

function Backend:remove_member(set_id, member)
    self.dict:delete(set_id .. "|" .. member)
    return true
end

-- The keys under a prefix (get_keys(0) walks the whole dictionary: used
-- by listings and stats, never by a call).
local function keys(self, prefix)
    local out = {}
    for _, key in ipairs(self.dict:get_keys(0)) do
        if key:sub(1, #prefix) == prefix then out[#out + 1] = key end
    end
    return out
end

function Backend:members(set_id)
    local head = set_id .. "|"
    local out = {}
    for i, key in ipairs(keys(self, head)) do out[i] = key:sub(#head + 1) end
    return out
end

function Backend:count(id, deltas)
    for field, n in pairs(deltas) do
        local v, err = self.dict:incr(id .. ":" .. field, n, 0)
        if not v then return failed(self, err) end
    end
    return true
end

function Backend:counters(id, fields)
    local out = {}
    for _, field in ipairs(fields) do out[field] = tonumber(self.dict:get(id .. ":" .. field)) or 0 end
    return out
end

function Backend:usage(prefix)
    local u = { entries = 0, bytes = 0, kept = 0 }
    for _, key in ipairs(keys(self, prefix)) do
        local v = self.dict:get(key)
        if type(v) == "string" then
            u.entries, u.bytes = u.entries + 1, u.bytes + #v
            if self.dict:ttl(key) == 0 then u.kept = u.kept + 1 end
        end
    end
    return u
end

function Backend:prune()
    return self.dict:flush_expired()
end

function Backend:clear(prefix, also_kept)
    local removed = 0
    for _, key in ipairs(keys(self, prefix)) do
        if also_kept or (self.dict:ttl(key) or 0) > 0 then
            self.dict:delete(key)
            removed = removed + 1
        end
    end
    return removed
end

function Backend.close() end

function Backend:where() return "lua_shared_dict " .. self.name end

return M
