-- The nginx store of the governor: the account's record (governor/account.lua)
-- in an ngx.shared.DICT, so every worker of the server shares one budget
-- and one pace.  A dictionary operation is atomic on its own, a step is a
-- read and a write: each step runs under a lock made with add() (which
-- only one worker can win), held for the few microseconds of the step and
-- never across a yield; a lock left by a worker that died expires.  The
-- clock is ngx.now() (Unix time, the same in every worker).
--
--   local store = require("dataforseo.engine.governor.shared_dict").new{ dict = ngx.shared.X,
--       name = "X", key = "prefix:hash" }
--   store:op(step, args) -> reply text, the record's birth | nil, message
local record = require "dataforseo.engine.governor.record"

local M = {}

M.LOCK_TTL = 1          -- seconds a lock lives when its holder died holding it
M.LOCK_WAIT = 2         -- seconds a step waits for the lock before failing
M.SPIN = 0.001          -- seconds between tries

local Store = {}
Store.__index = Store

local serial = 0

function M.new(o)
    return setmetatable({ kind = "shared_dict", dict = o.dict, name = o.name, key = o.key,
        lock_key = o.key .. ":lock" }, Store)
end

local function now()
    ngx.update_time()
    return ngx.now()
end

local function lock(self)
    serial = serial + 1
    local token = tostring(ngx.worker.pid()) .. ":" .. serial
    local deadline = now() + M.LOCK_WAIT
    while true do
        local ok, err = self.dict:safe_add(self.lock_key, token, M.LOCK_TTL)
        if ok then return token end
        if err ~= "exists" then return nil, "lua_shared_dict " .. self.name .. ": " .. tostring(err) end
        if now() > deadline then
            return nil, "lua_shared_dict " .. self.name .. ": the governor's lock stayed taken for "
                .. M.LOCK_WAIT .. " s"
        end
        ngx.sleep(M.SPIN)
    end
end

local function unlock(self, token)
    -- Only our own lock: after a stall past LOCK_TTL another worker may hold it.
    if self.dict:get(self.lock_key) == token then self.dict:delete(self.lock_key) end
end

function Store:op(step, args)
    local token, err = lock(self)
    if not token then return nil, err end
    local ok, new, reply, born = pcall(record.apply, self.dict:get(self.key), now(), step, args)
    if ok then
        local stored, serr = self.dict:safe_set(self.key, new)
        if not stored then ok, reply = false, "lua_shared_dict " .. self.name .. ": " .. tostring(serr) end
    else
        reply = new
    end
    unlock(self, token)
    if not ok then return nil, reply end
    return reply, born
end

function Store.close() end

return M
