-- Small uncompressed calls on loopback: this tree's client against other
-- trees' (older commits, checked out elsewhere) and LuaSocket + lua-cjson,
-- in one run.  Each round runs every contender once, in turn, as its own
-- process (bench/calls.lua: `calls` timed calls after `warm` untimed ones)
-- against one emulator; the medians of the rounds and their ratios are
-- printed, wall time (calls/s) and the client's processor time per call.
--
--   lua5.4 bench/small_calls.lua [rounds] [calls] [other_tree ...]
--   luajit bench/small_calls.lua 9 1000 /tmp/main /tmp/pre-engine
local interp = rawget(_G, "jit") and "luajit" or ("lua" .. _VERSION:match("%d+%.%d+"))
package.path = "lua/?.lua;lua/?/init.lua;emulator/lua/?.lua;emulator/lua/?/init.lua;" .. package.path
local emulator = require "dataforseo_emulator"

local rounds, calls = tonumber(arg[1]) or 9, tonumber(arg[2]) or 1000
local here = io.popen("pwd"):read("*l")
local srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })

local contenders = { { name = "ours (this tree)", dir = here, mode = "ours" } }
for i = 3, #arg do contenders[#contenders + 1] = { name = "ours (" .. arg[i] .. ")", dir = arg[i], mode = "ours" } end
contenders[#contenders + 1] = { name = "LuaSocket + lua-cjson", dir = here, mode = "luasocket" }

local function run(c)
    -- The emulator books every call (id_list, errors) and slows down as the
    -- books grow: every run starts from empty books.
    assert(srv:control{ reset_accounts = true, reset_stats = true })
    local cmd = ("cd '%s' && %s '%s/bench/calls.lua' '%s' %d 200 %s rate"):format(c.dir, interp, here,
        srv.base_url, calls, c.mode)
    local p = assert(io.popen(cmd))
    local out = p:read("*a")
    p:close()
    local r, cpu = out:match("^(%S+) (%S+)")
    return assert(tonumber(r), "no rate from: " .. cmd .. "\n" .. out), tonumber(cpu)
end

local function median(list)
    local t = {}
    for i, v in ipairs(list) do t[i] = v end
    table.sort(t)
    return t[math.floor((#t + 1) / 2)]
end

io.write(("small calls (%s, %d rounds of %d calls, target forbes.com, limit 1, no compression)\n")
    :format(interp, rounds, calls))
for _ = 1, rounds do
    for _, c in ipairs(contenders) do
        local r, cpu = run(c)
        c.rates = c.rates or {}
        c.cpus = c.cpus or {}
        c.rates[#c.rates + 1], c.cpus[#c.cpus + 1] = r, cpu
    end
end
srv:stop()
local peer = contenders[#contenders]
local peer_rate = median(peer.rates)
for _, c in ipairs(contenders) do
    local rmin, rmax = math.huge, 0
    for _, v in ipairs(c.rates) do rmin, rmax = math.min(rmin, v), math.max(rmax, v) end
    io.write(("  %-34s %8.1f calls/s (%.0f-%.0f)  %6.1f us CPU/call  %5.2fx\n"):format(c.name,
        median(c.rates), rmin, rmax, median(c.cpus), median(c.rates) / peer_rate))
end
-- The per-round ratio (each round's contenders ran back to back): its median.
for i = 1, #contenders - 1 do
    local c, ratios = contenders[i], {}
    for k = 1, rounds do ratios[k] = c.rates[k] / peer.rates[k] end
    io.write(("  %-34s median of per-round ratios %.2fx\n"):format(c.name, median(ratios)))
end
