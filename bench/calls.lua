-- The client's own work per small call, for instruction counters: only the
-- client runs in this process (the server is another one), so
--
--   valgrind --tool=callgrind --callgrind-out-file=/dev/null lua5.4 bench/calls.lua URL 0
--   valgrind --tool=callgrind --callgrind-out-file=/dev/null lua5.4 bench/calls.lua URL 300
--
-- differ by 300 calls' worth of the client's instructions, whatever the
-- machine's load.  Both runs make `warm` calls first (module loading, the
-- first connection).  URL: an emulator's base URL (dataforseo-emulator).
--
--   lua5.4 bench/calls.lua URL calls [warm] [ours|luasocket|vm] [rate]
--     ours       client:anchors{ target = "forbes.com", limit = 1 }, no compression
--     luasocket  the same request with LuaSocket + lua-cjson (the peer)
--     vm         ours, and prints the Lua VM instructions per call (a count hook)
--     rate       prints "<calls/s> <CPU µs per call>" of the timed calls
--                (bench/small_calls.lua runs trees and peers this way)
-- Run from the root of the tree to measure: lua/ and build/ are relative.
local interp = rawget(_G, "jit") and "luajit" or ("lua" .. _VERSION:match("%d+%.%d+"))
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/" .. interp .. "/?.so;" .. package.cpath

local base_url = assert(arg[1], "usage: bench/calls.lua URL calls [warm] [ours|luasocket|vm]")
local calls = tonumber(arg[2]) or 300
local warm = tonumber(arg[3]) or 5
local mode = arg[4] or "ours"
local PARAMS = { target = "forbes.com", limit = 1 }

local call
if mode == "luasocket" then
    local cjson, http, ltn12, mime = require "cjson", require "socket.http", require "ltn12", require "mime"
    local auth = "Basic " .. mime.b64("demo:demo")
    call = function()
        local body, chunks = cjson.encode{ PARAMS }, {}
        local ok, code = http.request{ url = base_url .. "/v3/backlinks/anchors/live", method = "POST",
            source = ltn12.source.string(body), sink = ltn12.sink.table(chunks),
            headers = { ["content-type"] = "application/json", ["content-length"] = tostring(#body),
                authorization = auth } }
        assert(ok and code == 200, "LuaSocket call failed: " .. tostring(code))
        local task = cjson.decode(table.concat(chunks)).tasks[1]
        assert(task.status_code == 20000 and #task.result[1].items == 1)
    end
else
    local client = assert(require("dataforseo").new{ login = "demo", password = "demo",
        base_url = base_url, retries = 0, compressed = false, calls_per_minute = 1000000 })
    call = function()
        local page = assert(client:anchors(PARAMS))
        assert(#page.items == 1)
    end
end

for _ = 1, warm do call() end
local rate = arg[5] == "rate"
local now = rate and require("socket").gettime
local t0, c0 = rate and now(), os.clock()
if mode == "vm" then
    local count = 0
    debug.sethook(function() count = count + 1 end, "", 1)
    for _ = 1, calls do call() end
    debug.sethook()
    io.write(("%.0f Lua VM instructions per call\n"):format(count / calls))
else
    for _ = 1, calls do call() end
end
if rate then
    io.write(("%.1f %.2f\n"):format(calls / (now() - t0), (os.clock() - c0) / calls * 1e6))
end
