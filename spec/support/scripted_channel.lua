-- A scripted channel and a fake clock for the call engine (engine/engine.lua) on
-- its own: every transfer ends `latency` seconds after it starts with
-- what `answer(n, body)` says (n: the nth transfer); the clock moves only
-- when the engine waits or sleeps.  Loaded with dofile from the repository
-- root.
--
--   local scripted = dofile("spec/support/scripted_channel.lua")
--   local w = scripted.world(function(n, body) return response end, latency)
--   local e = scripted.engine(w, { settings, log = fn })   -- an engine/engine.lua engine on it
--   w.adds (each transfer: id, at, body), w.sleeps, w.peak (most at once)
local call = require "dataforseo.engine.engine"

local M = {}

-- The world: a clock, and a channel whose transfers end `latency` seconds
-- after they start with what `answer(n, task)` says (n: the nth transfer).
function M.world(answer, latency)
    local w = { now = 1000, wall = 1700000000, adds = {}, sleeps = {}, flying = {}, peak = 0 }
    local clock = {
        now = function() return w.now end,
        wall = function() return w.wall end,
        sleep = function(s) w.now, w.wall = w.now + s, w.wall + s end,
    }
    w.clock = clock
    local ch = { concurrent = true }
    function ch.add(_, id, _, _, body)
        w.adds[#w.adds + 1] = { id = id, at = w.now, body = body }
        w.flying[id] = { ends = w.now + (latency or 1), response = answer(#w.adds, body) }
        local n = 0
        for _ in pairs(w.flying) do n = n + 1 end
        if n > w.peak then w.peak = n end
        return true
    end
    function ch.cancel(_, id) w.flying[id] = nil end
    function ch.wait(_, seconds, max)
        local soonest
        for _, f in pairs(w.flying) do
            if not soonest or f.ends < soonest then soonest = f.ends end
        end
        local target = math.min(w.now + seconds, soonest or math.huge)
        if target > w.now then clock.sleep(target - w.now) end
        local done = {}
        for id, f in pairs(w.flying) do
            if f.ends <= w.now and (not max or max == 0 or #done < max) and max ~= 0 then
                done[#done + 1] = { id = id, response = f.response }
            end
        end
        table.sort(done, function(a, b) return a.id < b.id end)
        for _, d in ipairs(done) do w.flying[d.id] = nil end
        return done
    end
    function ch.sleep(_, s)
        w.sleeps[#w.sleeps + 1] = s
        clock.sleep(s)
    end
    function ch.close() end
    w.transport = { channel = function() return ch end }
    return w
end

function M.engine(w, settings)
    local s = { base_url = "http://scripted", timeout = 60, retries = 3, retry_delay = 0.5,
        max_retry_delay = 30, calls_per_minute = 2000, max_concurrent = 8 }
    for k, v in pairs(settings or {}) do s[k] = v end
    return call.new{ settings = s, transport = w.transport, clock = w.clock, log = s.log }
end


return M
