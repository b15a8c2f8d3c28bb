-- Pagination benchmark: walking a large anchors result set from the
-- emulator (100 ms latency per call) sequentially and with concurrent pages
-- (scheduler.lua over the C multi handle) at concurrency 4, 8 and 16.
--
--   lua5.4 bench/pagination.lua [latency_ms] [sweeps]     (from the repository root)
--   luajit bench/pagination.lua
--
-- The emulator's largest fixed target (big-example.com) has about 24,000
-- distinct anchors, so one run walks it `sweeps` times (default 4) under
-- different orderings: about 96,000 anchors in 96 pages of up to 1000.
-- Each walk is what a walk of the module does: the first page alone (it
-- reveals total_count), then the rest.  The loop keeps no items, so peak
-- memory (collectgarbage("count") sampled at every page) shows what the
-- walk itself holds: bounded by the pages in flight, not by the total.
-- Prints wall time, speedup and peak memory; the machines are shared, so
-- only the ratios within one run mean anything.
local interp = rawget(_G, "jit") and "luajit" or ("lua" .. _VERSION:match("%d+%.%d+"))
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/" .. interp .. "/?.so;" .. package.cpath

local dataforseo = require "dataforseo"
local scheduler = require "dataforseo.scheduler"
local mock = require "dataforseo.mock"
local http = require("dataforseo.core").http

local LATENCY = tonumber(arg[1]) or 100
local SWEEPS = tonumber(arg[2]) or 4
local LIMIT = 1000
local WORKERS = tonumber(os.getenv("MOCK_WORKERS") or "") or 1   -- emulator nginx workers
local TARGET = "big-example.com"
local ORDERS = {
    { "backlinks,desc", "anchor,asc" }, { "anchor,asc" }, { "referring_domains,desc", "anchor,asc" },
    { "rank,desc", "anchor,asc" }, { "first_seen,asc", "anchor,asc" }, { "anchor,desc" },
}

local srv = assert(mock.start{ port = 0, latency_ms = LATENCY, workers = WORKERS })
local ok, problem = pcall(function()
    local client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url,
        max_concurrent = 16 })

    local peak = 0
    local function sample()
        local kb = collectgarbage("count")
        if kb > peak then peak = kb end
    end

    -- One walk of params: returns items and pages seen.
    local function walk(params, concurrency)
        local first = assert(client:anchors{ target = TARGET, order_by = params.order_by, limit = LIMIT })
        local items, pages = #first.items, 1
        local total = first.total_count
        first = nil                                                   -- luacheck: ignore
        sample()
        if concurrency == 1 then
            for offset = LIMIT, total - 1, LIMIT do
                local page = assert(client:anchors{ target = TARGET, order_by = params.order_by,
                    limit = LIMIT, offset = offset })
                items, pages = items + #page.items, pages + 1
                sample()
            end
        else
            local s = assert(scheduler.new(client, params, { concurrency = concurrency, limit = LIMIT,
                start = LIMIT, stop = total, total_count = total }))
            while true do
                local page, err = s:next()
                if err then error(tostring(err)) end
                if not page then break end
                items, pages = items + #page.items, pages + 1
                sample()
            end
        end
        return items, pages
    end

    local function run(concurrency)
        collectgarbage()
        collectgarbage()
        local base = collectgarbage("count")
        peak = base
        local items, pages = 0, 0
        local t0 = http.now()
        for i = 1, SWEEPS do
            local n, p = walk({ target = TARGET, order_by = ORDERS[(i - 1) % #ORDERS + 1] }, concurrency)
            items, pages = items + n, pages + p
        end
        return { time = http.now() - t0, items = items, pages = pages, peak_kb = peak - base }
    end

    -- Warm the emulator's caches (graph, item texts) once for every ordering.
    for i = 1, SWEEPS do
        assert(srv:control{ latency_ms = 0 })
        walk({ target = TARGET, order_by = ORDERS[(i - 1) % #ORDERS + 1] }, 8)
    end
    assert(srv:control{ latency_ms = LATENCY })

    print(string.format("pagination (%s): %d sweeps of %s, pages of %d, emulator latency %d ms",
        interp, SWEEPS, TARGET, LIMIT, LATENCY))
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
