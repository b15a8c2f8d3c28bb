-- A walk at default options against the same walk at concurrency = 30:
-- 100 pages of 1000 anchors of the emulator's huge-example.com, 1 s of
-- latency per call (the real API's order of magnitude), measured one after
-- the other in the same run.  Issue 20 asks the default to take at most
-- 1.2x the time of concurrency = 30.
--
--   lua5.4 bench/walk_default.lua [latency_ms] [rounds]   (from the repository root)
--   luajit bench/walk_default.lua
--
-- Run from another checkout's root (cd old && lua5.4 /path/to/bench/walk_default.lua)
-- it measures that tree's library the same way.  Prints wall time, the
-- emulator's most calls at once and the walk's peak Lua memory (sampled at
-- every page; the loop keeps no items): bounded by the pages held, which
-- are bounded by the concurrency.
local interp = rawget(_G, "jit") and "luajit" or ("lua" .. _VERSION:match("%d+%.%d+"))
package.path = "lua/?.lua;lua/?/init.lua;emulator/lua/?.lua;emulator/lua/?/init.lua;" .. package.path
package.cpath = "build/" .. interp .. "/?.so;" .. package.cpath

local dataforseo = require "dataforseo"
local emulator = require "dataforseo_emulator"
local http = require("dataforseo.core").http

local LATENCY = tonumber(arg[1]) or 1000
local ROUNDS = tonumber(arg[2]) or 2
local PARAMS = { target = "huge-example.com", order_by = { "backlinks,desc" } }
local PAGES, LIMIT = 100, 1000

local srv = assert(emulator.start{ port = 0 })
local ok, problem = pcall(function()
    local client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url,
        timeout = 120 })

    local function walk(opts)
        collectgarbage()
        collectgarbage()
        local base, peak = collectgarbage("count"), 0
        assert(srv:control{ reset_stats = true })
        local pages = 0
        local t0 = http.now()
        for page in client:anchors_pages(PARAMS, opts) do
            pages = pages + 1
            assert(#page.items == LIMIT)
            local kb = collectgarbage("count") - base
            if kb > peak then peak = kb end
        end
        assert(pages == PAGES, "pages: " .. pages)
        return http.now() - t0, assert(srv:stats()).max_in_flight, peak / 1024
    end

    -- Warm the emulator's graph (it takes seconds to build) without latency.
    walk{ limit = LIMIT, max_items = PAGES * LIMIT, concurrency = 8 }
    assert(srv:control{ latency_ms = LATENCY })

    print(string.format("walk at default options vs concurrency = 30 (%s): %d pages of %d, latency %d ms",
        interp, PAGES, LIMIT, LATENCY))
    print(string.format("%-18s %8s %12s %14s", "walk", "wall s", "most at once", "peak mem MiB"))
    local best = {}
    for _ = 1, ROUNDS do
        for _, case in ipairs{ { "default options", { limit = LIMIT, max_items = PAGES * LIMIT } },
            { "concurrency = 30", { limit = LIMIT, max_items = PAGES * LIMIT, concurrency = 30 } } } do
            local t, at_once, mib = walk(case[2])
            print(string.format("%-18s %8.2f %12d %14.1f", case[1], t, at_once, mib))
            if not best[case[1]] or t < best[case[1]] then best[case[1]] = t end
        end
    end
    print(string.format("default / concurrency 30 (best of %d): %.2fx   (target <= 1.2x)", ROUNDS,
        best["default options"] / best["concurrency = 30"]))
    client:close()
end)
srv:stop()
if not ok then error(problem, 0) end
