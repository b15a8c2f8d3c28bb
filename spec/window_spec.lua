-- Concurrent pages (window.lua over the call engine and the C multi
-- handle), through the client's walks, against the emulator: order and
-- completeness under scripted faults, permanent errors, 40202 windows,
-- cost caps, short pages, the shared governor, abandoned walks, speed.
local helpers = dofile("spec/support/helpers.lua")
local dataforseo = require "dataforseo"
local emulator = dofile("spec/support/emulator.lua")
local http = require("dataforseo.core").http
local socket = require "socket"

local is_root = helpers.is_root()
local TARGET = "big-example.com"

local sh, read_file = helpers.sh, helpers.read_file

local deep_equal = helpers.deep_equal

-- Drives a walk of pages to its end: the items in the order handed out,
-- the pages' offsets, and the error that ended it (if any).
local function drain(w, each_page)
    local items, offsets = {}, {}
    local ok, err = pcall(function()
        for page in w do
            offsets[#offsets + 1] = page.offset
            for _, item in ipairs(page.items) do items[#items + 1] = item end
            if each_page then each_page(page, #offsets) end
        end
    end)
    return items, offsets, (not ok) and err or nil
end

-- One sequential, fault-free walk with plain client:anchors calls.
local function sequential(c, params, start, stop, limit)
    local items = {}
    for offset = start, stop - 1, limit do
        local p = {}
        for k, v in pairs(params) do p[k] = v end
        p.offset, p.limit = offset, math.min(limit, stop - offset)
        local page = assert(c:anchors(p))
        for _, item in ipairs(page.items) do items[#items + 1] = item end
    end
    return items
end

-- An nginx in front of the emulator that proxies every call except: the
-- page at rules.fail_offset gets a permanent task error (40200 Payment
-- Required); pages from rules.empty_from on come back empty while still
-- saying total_count = rules.total (the set shrank, the total did not).
local function start_gate(upstream_port, rules)
    local prefix = os.tmpname()
    os.remove(prefix)
    assert(sh("mkdir -p " .. prefix .. "/conf " .. prefix .. "/logs"))
    local s = assert(socket.bind("127.0.0.1", 0))
    local _, port = s:getsockname()
    s:close()
    local conf = table.concat({
        "load_module /usr/lib/nginx/modules/ndk_http_module.so;",
        "load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;",
        is_root and "user root;" or "",
        "worker_processes 1; pid logs/nginx.pid; error_log logs/error.log warn;",
        "events { worker_connections 256; }",
        "http { access_log off; client_body_buffer_size 1m; client_max_body_size 1m;",
        "  upstream emulator { server 127.0.0.1:" .. upstream_port .. "; keepalive 32; }",
        "  server { listen 127.0.0.1:" .. port .. ";",
        "    location / {",
        "      access_by_lua_block {",
        "        ngx.req.read_body()",
        "        local body = ngx.req.get_body_data() or ''",
        "        local offset = tonumber(body:match('\"offset\":(%d+)')) or 0",
        "        local fail, empty_from, total = " .. (rules.fail_offset or -1) .. ", "
            .. (rules.empty_from or -1) .. ", " .. (rules.total or 0),
        "        if empty_from >= 0 and offset >= empty_from then",
        "          ngx.header['Content-Type'] = 'application/json'",
        "          ngx.print('{\"version\":\"0.1.20240801\",\"status_code\":20000,\"status_message\":\"Ok.\",'",
        "            .. '\"time\":\"0.01 sec.\",\"cost\":0.02,\"tasks_count\":1,\"tasks_error\":0,\"tasks\":[{'",
        "            .. '\"id\":\"08011200-1111-0216-0000-000000000002\",\"status_code\":20000,'",
        "            .. '\"status_message\":\"Ok.\",\"time\":\"0 sec.\",\"cost\":0.02,\"result_count\":1,'",
        "            .. '\"path\":[\"v3\",\"backlinks\",\"anchors\",\"live\"],\"data\":{},\"result\":[{'",
        "            .. '\"target\":\"big-example.com\",\"total_count\":' .. total .. ',\"items_count\":0,'",
        "            .. '\"items\":[]}]}]}')",
        "          return ngx.exit(200)",
        "        end",
        "        if offset == fail then",
        "          ngx.header['Content-Type'] = 'application/json'",
        "          ngx.print('{\"version\":\"0.1.20240801\",\"status_code\":20000,\"status_message\":\"Ok.\",'",
        "            .. '\"time\":\"0.01 sec.\",\"cost\":0,\"tasks_count\":1,\"tasks_error\":1,\"tasks\":[{'",
        "            .. '\"id\":\"08011200-1111-0216-0000-000000000001\",\"status_code\":40200,'",
        "            .. '\"status_message\":\"Payment Required.\",\"time\":\"0 sec.\",\"cost\":0,'",
        "            .. '\"result_count\":0,\"path\":[\"v3\",\"backlinks\",\"anchors\",\"live\"],'",
        "            .. '\"data\":{},\"result\":null}]}')",
        "          return ngx.exit(200)",
        "        end",
        "      }",
        "      proxy_pass http://emulator; proxy_http_version 1.1;",
        "      proxy_set_header Connection '';",
        "    } } }",
    }, "\n")
    local f = assert(io.open(prefix .. "/conf/nginx.conf", "w"))
    f:write(conf)
    f:close()
    assert(sh("nginx -p " .. prefix .. " -c conf/nginx.conf -e logs/error.log"),
        read_file(prefix .. "/logs/error.log"))
    for _ = 1, 100 do
        local c = socket.connect("127.0.0.1", port)
        if c then c:close() break end
        socket.sleep(0.02)
    end
    return {
        base_url = "http://127.0.0.1:" .. port,
        stop = function()
            local pid = read_file(prefix .. "/logs/nginx.pid")
            if pid then sh("kill -TERM " .. assert(tonumber(pid))) end
            for _ = 1, 100 do
                if not read_file(prefix .. "/logs/nginx.pid") then break end
                socket.sleep(0.02)
            end
            sh("rm -rf " .. prefix)
        end,
    }
end

describe("concurrent pages against the emulator", function()
    local srv
    local clients = {}

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
    end)
    teardown(function()
        for _, c in ipairs(clients) do c:close() end
        if srv then srv:stop() end
    end)
    before_each(function()
        assert(srv:control{ reset = true })
    end)

    local function client(extra, base_url)
        local o = { login = "demo", password = "demo", base_url = base_url or srv.base_url,
            retry_delay = 0.02 }
        for k, v in pairs(extra or {}) do o[k] = v end
        local c = assert(dataforseo.new(o))
        clients[#clients + 1] = c
        return c
    end

    local params = { target = TARGET, order_by = { "backlinks,desc", "anchor,asc" } }

    it("hands out 34 pages at concurrency 8 under ~20% transient faults: every item once, in order", function()
        local limit, start, stop = 50, 0, 1700            -- 34 pages
        local reference = sequential(client(), params, start, stop, limit)
        assert.equal(stop - start, #reference)
        assert(srv:control{ reset = true })
        assert(srv:control{ latency_ms = 20 })                -- so that calls overlap

        -- The emulator gives each queued fault to the next request that
        -- arrives; on a loaded machine several can be queued before the
        -- pages in flight arrive and land on one page's retries, so the
        -- budget is 5 (10 faults, 44 calls: no page may fail for good).
        local c = client{ retries = 5 }
        local s = c:anchors_pages(params, { concurrency = 8, limit = limit, max_items = stop })
        -- Faults are queued while the walk runs, so they hit pages all
        -- through it (the emulator applies each to the next request).  The
        -- last is queued after page 19: at most pages up to 27 have been
        -- asked for then (the window is 8), so a later request takes it.
        local kinds = { "http_503", "task_50301", "reset", "http_500", "task_50000", "close",
            "http_502", "truncate", "task_50401", "invalid_json" }
        local queued = 0
        local items, offsets, err = drain(s, function(_, n)
            if n % 2 == 1 and queued < #kinds then
                queued = queued + 1
                assert(srv:control{ fault = kinds[queued] })
            end
        end)
        assert.is_nil(err, tostring(err))
        assert.equal(#kinds, queued)
        assert.equal(34, #offsets)
        for i, offset in ipairs(offsets) do assert.equal((i - 1) * limit, offset) end
        assert.equal(#reference, #items)
        local seen = {}
        for i, item in ipairs(items) do
            assert.is_nil(seen[item.anchor], "repeated: " .. tostring(item.anchor))
            seen[item.anchor] = true
            assert.is_true(deep_equal(reference[i], item), "item " .. i .. " differs")
        end
        local emu = assert(srv:stats())
        local faults = 0
        for _, n in pairs(emu.faults) do faults = faults + n end
        assert.equal(#kinds, faults)
        assert.equal(34 + faults, emu.requests)               -- each fault cost one retry
        assert.is_true(faults / emu.requests >= 0.2, faults .. "/" .. emu.requests)
        assert.is_true(emu.max_in_flight > 1 and emu.max_in_flight <= 8, "max_in_flight " .. emu.max_in_flight)
        local st = c:stats()
        -- libcurl itself sends a request again, once, when a reused
        -- connection closes before any byte of the answer (the "close"
        -- fault): the emulator sees that call twice, the client once.
        local resent = emu.requests - st.calls
        assert.is_true(resent == 0 or resent == 1, "resent " .. resent)
        assert.equal(faults - resent, st.retries)
        assert.equal(34, st.pages)
        assert.equal(#reference, st.items)
        assert.equal(1, st.retries_by_reason.http_503)
        assert.equal(1, st.retries_by_reason.task_50301)
        assert.equal(3 - resent, st.retries_by_reason.connection)   -- reset, truncate, close
        assert.equal(1, st.retries_by_reason.bad_body)        -- invalid_json
        assert.is_true(st.bytes > 0)
        assert.near(c:spent(), st.cost, 1e-12)
        assert.equal("max_items", s.status)
    end)

    it("returns a permanent error mid-walk at its page, after every page before it, never retried", function()
        local limit, fail_at = 100, 1200
        local gate = start_gate(srv.port, { fail_offset = fail_at })
        local ok, problem = pcall(function()
            local c = client({ retries = 3 }, gate.base_url)
            local s = c:anchors_pages(params, { concurrency = 8, limit = limit, max_items = 3000 })
            local items, offsets, err = drain(s)
            assert.is_table(err)
            assert.equal("payment", err.kind)     -- no funds: kind payment (issue 13)
            assert.equal(40200, err.code)
            assert.is_false(err.retryable)
            assert.equal(1, err.attempts)
            assert.equal(fail_at, err.offset)
            assert.equal(fail_at, #items)                       -- every item before it, once
            assert.equal(fail_at / limit, #offsets)
            assert.equal(0, c:stats().retries)
            -- Nothing after the failed page was started once it failed, and
            -- nothing is left holding a slot.
            assert.is_true(srv:stats().requests < fail_at / limit + 8)
            assert.equal(0, c:governor_state().in_flight)
            assert.equal("error", s.status)
            assert.is_nil((s()))
        end)
        gate.stop()
        assert(ok, problem)
    end)

    it("waits for the next minute window after 40202 and resumes (injected clock)", function()
        -- The emulator counts calls per real minute.  The client's clock is
        -- injected: its sleep records the wait it was asked for, checks that
        -- nobody called meanwhile, then lets the window pass on the server
        -- (lifts the limit) and moves the fake clocks on.
        local mono, wall = 1000, 1700000020.25           -- 40.25 s into a minute
        local sleeps, calls_at_sleep, ok_at_sleep = {}, nil, nil
        local clock = {
            now = function() return mono end,
            wall = function() return wall end,
            sleep = function(seconds)
                sleeps[#sleeps + 1] = seconds
                if seconds > 1 then
                    local emu = assert(srv:stats())
                    calls_at_sleep, ok_at_sleep = emu.requests, emu.task_status["20000"] or 0
                    assert(srv:control{ rate_limit_per_minute = 0 })
                end
                mono, wall = mono + seconds, wall + seconds
            end,
        }
        local reference = sequential(client(), params, 0, 1000, 100)
        -- The emulator's count for this minute already holds the reference
        -- walk's calls: every call is over the limit until the window turns.
        assert(srv:control{ reset = true })
        assert(srv:control{ rate_limit_per_minute = 4 })
        local c = client{ clock = clock }
        local s = c:anchors_pages(params, { concurrency = 4, limit = 100, max_items = 1000 })
        local items, _, err = drain(s)
        assert.is_nil(err, tostring(err))
        assert.is_true(deep_equal(reference, items))
        -- One wait, to the turn of the minute plus the margin: 60 - 40.25 + 0.5.
        local long = {}
        for _, w in ipairs(sleeps) do if w > 1 then long[#long + 1] = w end end
        assert.equal(1, #long)
        assert.near(20.25, long[1], 1e-6)
        local emu = assert(srv:stats())
        assert.is_true(emu.rate_limited >= 1)
        -- After the wait exactly the missing pages were asked for, once each.
        assert.equal(10 - ok_at_sleep, emu.requests - calls_at_sleep)
        assert.equal(10, emu.task_status["20000"])
        local st = c:stats()
        assert.equal(emu.rate_limited, st.retries_by_reason.rate_limit)
        assert.equal(st.retries, st.rate_limit_waits)          -- no other kind of retry
    end)

    it("never spends past max_cost: stops with kind cost_limit before the call that could pass it", function()
        local c = client()
        local probe = assert(c:anchors{ target = TARGET, limit = 100 })
        local per_call = probe.cost                              -- 0.02 + 100 * 0.00003
        local max_cost = per_call * 5.5
        assert(srv:control{ reset_stats = true })
        local s = c:anchors_pages(params, { concurrency = 8, limit = 100, max_items = 3000,
            max_cost = max_cost })
        local items, offsets, err = drain(s)
        assert.is_table(err)
        assert.equal("cost_limit", err.kind)
        assert.equal(5, #offsets)
        assert.equal(500, #items)
        assert.equal(500, err.offset)
        assert.equal("cost_limit", s.status)
        assert.is_true(s.cost <= max_cost + 1e-9)
        assert.is_true(s.cost + per_call > max_cost)
        assert.equal(5, srv:stats().requests)                   -- nothing sent beyond
        -- The client-wide cap works the same way, for single calls too.
        local capped = client{ max_cost = per_call * 2.5 }
        s = capped:anchors_pages(params, { concurrency = 4, limit = 100, max_items = 1000 })
        local _, offsets2, err2 = drain(s)
        assert.equal("cost_limit", err2.kind)
        assert.equal(2, #offsets2)
        local page, single_err = capped:anchors{ target = TARGET, limit = 100 }
        assert.is_nil(page)
        assert.equal("cost_limit", single_err.kind)
        assert.is_true(capped:spent() <= per_call * 2.5 + 1e-9)
    end)

    it("ends at a short page (the set shrank, total_count did not), and at a smaller total_count", function()
        local c = client()
        local total = assert(c:anchors{ target = TARGET, limit = 1 }).total_count
        local gate = start_gate(srv.port, { empty_from = 1100, total = total })
        local ok, problem = pcall(function()
            local g = client({}, gate.base_url)
            local s = g:anchors_pages(params, { concurrency = 8, limit = 100 })
            local items, offsets, err = drain(s)
            assert.is_nil(err)
            assert.equal(1100, #items)                          -- 11 full pages, then an empty one
            assert.equal(11, #offsets)
            assert.equal("short_page", s.status)
            assert.equal(1100, s.offset)
            assert.equal(0, g:governor_state().in_flight)
            -- Pages beyond the empty one were cancelled or never asked for.
            assert.is_true(srv:stats().requests <= 1 + 12 + 8)
        end)
        gate.stop()
        assert(ok, problem)
    end)

    it("shares the client's governor: simultaneous requests stay under max_concurrent", function()
        assert(srv:control{ latency_ms = 50 })
        local c = client{ max_concurrent = 3 }
        local s = c:anchors_pages(params, { concurrency = 8, limit = 20, max_items = 400 })
        local items, _, err = drain(s)
        assert.is_nil(err)
        assert.equal(400, #items)
        local emu = assert(srv:stats())
        assert.equal(3, emu.max_in_flight)
        assert.equal(20, emu.requests)
    end)

    it("cancels what is in flight on close, and gives back the slots when abandoned", function()
        assert(srv:control{ latency_ms = 300 })
        local c = client{ max_concurrent = 8 }
        local s = c:anchors_pages(params, { concurrency = 8, limit = 10, max_items = 1000 })
        assert.equal(0, s().offset)
        assert.is_true(c:governor_state().in_flight > 0)
        s:close()
        s:close()
        assert.equal(0, c:governor_state().in_flight)
        assert.is_nil((s()))
        -- A walk left behind by an error in the caller's loop (never closed:
        -- no to-be-closed variable on LuaJIT): once collected, its calls go
        -- at the client's next call, and the client goes on.
        local ok = pcall(function()
            local s2 = c:anchors_pages(params, { concurrency = 8, limit = 10, max_items = 1000 })
            s2()
            error("the caller's loop failed")
        end)
        assert.is_false(ok)
        collectgarbage()
        collectgarbage()
        assert(srv:control{ latency_ms = 0 })
        local before = srv:stats().requests
        assert(c:anchors{ target = TARGET, limit = 1 })
        assert.equal(0, c:governor_state().in_flight)
        socket.sleep(0.4)
        assert.is_true(srv:stats().requests - before <= 1 + 8)   -- no page of it started again
    end)

    it("refuses bad options, naming them; invalid params raise from the iterator", function()
        local c = client()
        assert.has_error(function() c:anchors_pages(params, { concurrency = 257 }) end,
            "dataforseo.walk: option 'concurrency' must be an integer from 1 to 256, got 257")
        assert.has_error(function() c:anchors_pages(params, { limit = 0 }) end,
            "dataforseo.walk: option 'limit' must be an integer from 1 to 1000, got 0")
        assert.has_error(function() c:anchors_pages(params, { max_cost = -1 }) end)
        assert.has_error(function() c:anchors_pages(params, { concurency = 2 }) end)
        local _, _, err = drain(c:anchors_pages({ target = "" }, {}))
        assert.equal("validation", err.kind)
        assert.equal("target", err.field)
    end)

    it("with 200 ms latency, 40 pages at concurrency 8 take under a third of the sequential time", function()
        assert(srv:control{ latency_ms = 200 })
        local c = client()
        local t0 = http.now()
        local reference = sequential(c, params, 0, 400, 10)
        local sequential_time = http.now() - t0
        t0 = http.now()
        local s = c:anchors_pages(params, { concurrency = 8, limit = 10, max_items = 400 })
        local items, offsets, err = drain(s)
        local concurrent_time = http.now() - t0
        assert.is_nil(err)
        assert.equal(40, #offsets)
        assert.is_true(deep_equal(reference, items))
        assert.is_true(concurrent_time < sequential_time / 3,
            string.format("concurrent %.2f s vs sequential %.2f s", concurrent_time, sequential_time))
    end)

    -- Issue 20 item 7: by default a walk runs as many pages at once as the
    -- account allows.  Loose: the figure itself is in docs/BENCHMARKS.md.
    it("runs as many pages at once as the account allows by default: about as fast as concurrency 30", function()
        assert(srv:control{ latency_ms = 300 })
        local c = client()
        local function timed(opts)
            assert(srv:control{ reset_stats = true })
            local t0 = http.now()
            local items, offsets, err = drain(c:anchors_pages(params, opts))
            assert.is_nil(err)
            assert.equal(610, #items)
            assert.equal(61, #offsets)
            return http.now() - t0, assert(srv:stats()).max_in_flight
        end
        local default, default_peak = timed{ limit = 10, max_items = 610 }
        local c30 = timed{ limit = 10, max_items = 610, concurrency = 30 }
        assert.is_true(default_peak >= 20, "pages at once by default: " .. default_peak)
        assert.is_true(default < 1.5 * c30, string.format("default %.2f s, concurrency 30 %.2f s", default, c30))
    end)

    it("backs off when the account allows fewer at once (40209) and finishes the walk", function()
        assert(srv:control{ latency_ms = 200, max_concurrent = 6 })
        local c = client()
        local items, _, err = drain(c:anchors_pages(params, { limit = 10, max_items = 400 }))
        assert.is_nil(err)
        assert.equal(400, #items)
        local st = c:stats()
        assert.is_true(st.retries_by_reason.too_many_requests >= 1)
        assert.is_true(assert(srv:stats()).concurrency_rejected >= 1)
        assert.is_true(assert(c:governor_state()).calls_at_once < 30)
        -- The pages still ran several at once, not one by one.
        assert.is_true(assert(srv:stats()).max_in_flight >= 4)
    end)
end)
