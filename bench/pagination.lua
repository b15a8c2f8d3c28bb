-- Pagination benchmark: walking 100,000 anchors (100 pages of 1000) of the
-- emulator's huge-example.com with 100 ms latency per call, through the
-- public walk (client:anchors_pages), sequentially and with concurrent pages
-- (the call window over the C multi handle) at concurrency 4, 8 and 16.
--
--   lua5.4 bench/pagination.lua [latency_ms]      (from the repository root;
--   luajit bench/pagination.lua                    make bench-pagination)
--
-- The loop keeps no items, so peak memory (collectgarbage("count") sampled
-- at every page) shows what the walk itself holds: bounded by the pages in
-- flight, not by the total.  Prints wall time, speedup and peak memory; the
-- machines are shared, so only the ratios within one run mean anything.
local interp = rawget(_G, "jit") and "luajit" or ("lua" .. _VERSION:match("%d+%.%d+"))
package.path = "lua/?.lua;lua/?/init.lua;emulator/lua/?.lua;emulator/lua/?/init.lua;" .. package.path
package.cpath = "build/" .. interp .. "/?.so;" .. package.cpath

local dataforseo = require "dataforseo"
local emulator = require "dataforseo_emulator"
local http = require("dataforseo.core").http

local LATENCY = tonumber(arg[1]) or 100
local LIMIT = 1000
local WORKERS = tonumber(os.getenv("MOCK_WORKERS") or "") or 1   -- emulator nginx workers
local TARGET = "huge-example.com"
local PARAMS = { target = TARGET, order_by = { "backlinks,desc" } }

local srv = assert(emulator.start{ port = 0, latency_ms = LATENCY, workers = WORKERS })
local ok, problem = pcall(function()
    local client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url,
        max_concurrent = 16, timeout = 120 })

    local peak = 0
    local function sample()
        local kb = collectgarbage("count")
        if kb > peak then peak = kb end
    end

    local function run(concurrency)
        collectgarbage()
        collectgarbage()
        local base = collectgarbage("count")
        peak = base
        local items, pages = 0, 0
        local t0 = http.now()
        for page in client:anchors_pages(PARAMS, { concurrency = concurrency, limit = LIMIT }) do
            items, pages = items + #page.items, pages + 1
            sample()
        end
        return { time = http.now() - t0, items = items, pages = pages, peak_kb = peak - base }
    end

    -- Warm the emulator's caches (the graph takes seconds to generate).
    assert(srv:control{ latency_ms = 0 })
    run(8)
    assert(srv:control{ latency_ms = LATENCY })

    print(string.format("pagination (%s): %s, pages of %d, emulator latency %d ms",
        interp, TARGET, LIMIT, LATENCY))
    print(string.format("%-14s %8s %7s %9s %9s %13s", "mode", "items", "pages", "wall s", "speedup",
        "peak mem MiB"))
    local seq
    for _, c in ipairs{ 1, 4, 8, 16 } do
        local r = run(c)
        seq = seq or r
        assert(r.items == seq.items, "a walk handed out a different number of items")
        print(string.format("%-14s %8d %7d %9.2f %8.1fx %13.1f", c == 1 and "sequential" or
            ("concurrency " .. c), r.items, r.pages, r.time, seq.time / r.time, r.peak_kb / 1024))
    end
    local st = client:stats()
    print(string.format("client: %d calls, %d retries, %.1f MiB received, $%.4f reported",
        st.calls, st.retries, st.bytes / 1048576, st.cost))
    client:close()
end)
srv:stop()
if not ok then error(problem, 0) end
