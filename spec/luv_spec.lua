-- The async API (dataforseo.hosts.async over hosts/luv.lua and the C core's
-- host-driven multi mode) on a loop of the standalone luv module, against
-- the emulator: concurrency while a timer keeps ticking, equality with the
-- blocking client, the walk's rules, retries, cancel, callback errors.
local helpers = dofile("spec/support/helpers.lua")
local uv = require "luv"
local dataforseo = require "dataforseo"
local async = require "dataforseo.hosts.async"
local luv_transport = require "dataforseo.hosts.luv"
local emulator = dofile("spec/support/emulator.lua")
local http = require("dataforseo.core").http

local TARGET = "big-example.com"

local deep_equal = helpers.deep_equal

-- Runs the loop until nothing is left to do, or `limit` seconds (then the
-- loop is stopped and the spec fails).
local function run(limit)
    uv.update_time()         -- the loop's clock may be stale: other specs ran it long ago
    local guard = uv.new_timer()
    local timed_out = false
    guard:start(math.floor((limit or 20) * 1000), 0, function()
        timed_out = true
        uv.stop()
    end)
    guard:unref()
    uv.run()
    guard:close()
    uv.run("nowait")        -- lets closed handles finish closing
    assert.is_false(timed_out, "the loop did not finish in time")
end

-- A repeating timer counting its ticks; stop() closes it.
local function ticker(period_ms)
    local t = { count = 0, timer = uv.new_timer() }
    t.timer:start(period_ms, period_ms, function() t.count = t.count + 1 end)
    function t.stop()
        if not t.timer:is_closing() then t.timer:close() end
    end
    return t
end

describe("async calls on a standalone luv loop", function()
    local srv, client

    setup(function()
        srv = assert(emulator.start{ port = 0 })
        -- The target's graph is built once, outside the timed specs.
        assert(srv:post_anchors({ { target = TARGET, limit = 1 } }))
    end)

    teardown(function()
        if srv then srv:stop() end
    end)

    before_each(function()
        assert(srv:control{ reset = true, reset_stats = true, latency_ms = 0 })
        client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url,
            retry_delay = 0.05 })
        client:use_loop(uv)
    end)

    after_each(function()
        client:close_async()
        assert.are.equal(0, async.host(client) and async.host(client):handles() or 0)
        uv.run("nowait")
    end)

    it("runs 8 calls at once while a 50 ms timer keeps ticking; each equals the blocking call", function()
        -- The emulator builds a target's graph on its first call: not timed here.
        assert(client:anchors{ target = TARGET, limit = 1 })
        assert(srv:control{ latency_ms = 500, reset_stats = true })
        local tick = ticker(50)
        local results, ticks_at, started = {}, {}, http.now()
        local returned = false
        for i = 1, 8 do
            client:anchors_async({ target = TARGET, limit = 3, offset = (i - 1) * 3 }, function(err, page)
                assert.is_true(returned, "a callback ran inside anchors_async")
                results[i] = { page = page, err = err }
                ticks_at[i] = tick.count
                local n = 0
                for _ in pairs(results) do n = n + 1 end
                if n == 8 then tick.stop() end
            end)
        end
        returned = true
        run(10)
        local elapsed = http.now() - started
        -- Eight calls of 500 ms one after another would take 4 s.
        assert.is_true(elapsed < 2, "8 calls took " .. elapsed .. " s")
        for i = 1, 8 do
            assert.is_nil(results[i].err)
            -- The timer kept running while the answers were on their way.
            assert.is_true(ticks_at[i] >= 7, "only " .. ticks_at[i] .. " ticks before result " .. i)
        end
        local st = srv:stats()
        assert.are.equal(8, st.requests)
        assert.are.equal(8, st.max_in_flight)     -- all eight at the server at once
        assert(srv:control{ latency_ms = 0 })
        for i = 1, 8 do
            local page = assert(client:anchors{ target = TARGET, limit = 3, offset = (i - 1) * 3 })
            assert.is_true(deep_equal(page.items, results[i].page.items))
            assert.are.equal(page.total_count, results[i].page.total_count)
            assert.are.equal(page.offset, results[i].page.offset)
        end
        assert.are.equal(0, client:governor_state().in_flight)
    end)

    it("reports a validation error through the callback, on a later turn of the loop", function()
        local got, returned = nil, false
        client:anchors_async({ target = TARGET, limit = 5000 }, function(err, page)
            assert.is_true(returned)
            got = { page = page, err = err }
        end)
        returned = true
        assert.is_nil(got)
        run(5)
        assert.is_nil(got.page)
        assert.are.equal("validation", got.err.kind)
        assert.are.equal("limit", got.err.field)
        assert.are.equal(0, client:stats().calls)
    end)

    it("retries a transient fault with the client's policy, the backoff on a uv timer", function()
        assert(srv:control{ fault = "http_503", count = 1 })
        local got
        client:anchors_async({ target = TARGET, limit = 4 }, function(err, page) got = { page, err } end)
        run(10)
        local page = assert(got[1], tostring(got[2]))
        assert.are.equal(2, page.attempts)
        assert.are.equal(4, #page.items)
        local st = client:stats()
        assert.are.equal(1, st.retries)
        assert.are.equal(1, st.retries_by_reason.http_503)
        assert.are.equal(2, st.calls)
    end)

    it("hands a permanent error to the callback without retrying it", function()
        local wrong = assert(dataforseo.new{ login = "demo", password = "not-the-password",
            base_url = srv.base_url })
        wrong:use_loop(uv)
        local got
        wrong:anchors_async({ target = TARGET, limit = 2 }, function(err, page) got = { page, err } end)
        run(10)
        wrong:close_async()
        assert.is_nil(got[1])
        assert.is_true(dataforseo.is_error(got[2]))
        assert.are.equal(40100, got[2].code)
        assert.is_false(got[2].retryable)
        assert.are.equal(1, wrong:stats().calls)
        assert.is_falsy(tostring(got[2]):find("not-the-password", 1, true))
    end)

    it("walks like the blocking walk: same items, order, status; pages concurrently", function()
        assert(srv:control{ fault = "http_503", count = 1 })
        local items, offsets, progress = {}, {}, {}
        local done
        client:anchors_pages_async({ target = "medium-example.com" }, { limit = 50, concurrency = 4 },
            function(page, w)
                offsets[#offsets + 1] = page.offset
                progress[#progress + 1] = w.items
                for _, item in ipairs(page.items) do items[#items + 1] = item end
            end,
            function(err, w) done = { w = w, err = err } end)
        run(20)
        assert.is_nil(done.err)
        assert.are.equal("complete", done.w.status)
        local blocking, bw = assert(client:anchors_all({ target = "medium-example.com" }, { limit = 50 }))
        assert.are.equal(#blocking, #items)
        assert.is_true(deep_equal(blocking, items))
        assert.are.equal(bw.pages, done.w.pages)
        assert.are.equal(bw.total_count, done.w.total_count)
        for i = 2, #offsets do assert.are.equal(offsets[i - 1] + 50, offsets[i]) end
        for i = 2, #progress do assert.is_true(progress[i] > progress[i - 1]) end
        assert.are.equal(1, client:stats().retries_by_reason.http_503)
        assert.are.equal(0, client:governor_state().in_flight)
        assert.equal(0, client:governor_state().reserved)
    end)

    it("goes faster than one page after another when pages take time", function()
        assert(srv:control{ latency_ms = 300 })
        local started, done = http.now(), nil
        client:anchors_pages_async({ target = "medium-example.com" }, { limit = 50, concurrency = 8 }, nil,
            function(err, w) done = { w = w, err = err, t = http.now() - started } end)
        run(20)
        assert.is_nil(done.err)
        assert.are.equal(8, done.w.pages)
        -- first page alone, then 7 at once: about 2 x 300 ms, not 8 x 300 ms
        assert.is_true(done.t < 1.5, "the walk took " .. done.t .. " s")
    end)

    it("stops at max_items, and at max_cost with an error of kind cost_limit", function()
        local got_items, done = 0, nil
        client:anchors_pages_async({ target = "medium-example.com" }, { limit = 40, max_items = 90 },
            function(page) got_items = got_items + #page.items end,
            function(err, w) done = { w = w, err = err } end)
        run(20)
        assert.are.equal(90, got_items)
        assert.are.equal("max_items", done.w.status)
        assert.is_nil(done.err)

        local cost_done, pages = nil, 0
        client:anchors_pages_async({ target = "medium-example.com" }, { limit = 50, max_cost = 0.05 },
            function() pages = pages + 1 end,
            function(err, w) cost_done = { w = w, err = err } end)
        run(20)
        assert.are.equal("cost_limit", cost_done.w.status)
        assert.are.equal("cost_limit", cost_done.err.kind)
        assert.is_true(pages >= 1)
        assert.is_true(cost_done.w.cost <= 0.05 + 1e-9)
    end)

    it("keeps the client's max_cost across calls running at once", function()
        assert(srv:control{ latency_ms = 300 })
        local capped = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url,
            max_cost = 0.05 })
        capped:use_loop(uv)
        local ok, refused = 0, 0
        for _ = 1, 8 do
            capped:anchors_async({ target = TARGET, limit = 1 }, function(err, page)
                if page then ok = ok + 1
                else
                    assert.are.equal("cost_limit", err.kind)
                    refused = refused + 1
                end
            end)
        end
        run(20)
        capped:close_async()
        assert.are.equal(8, ok + refused)
        -- 0.02003 a call: two fit under 0.05, the third could pass it
        assert.are.equal(2, ok)
        assert.is_true(capped:spent() <= 0.05 + 1e-9, capped:spent())
    end)

    it("ends a walk that fails on its first page with the error (and the walk)", function()
        local done
        client:anchors_pages_async({ target = TARGET, limit = 0 }, {}, function()
            error("no page expected")
        end, function(err, w) done = { w = w, err = err } end)
        run(5)
        assert.are.equal("error", done.w.status)
        assert.are.equal("validation", done.err.kind)
    end)

    it("cancels a call in flight: no callback, transfer and governor slot given back", function()
        assert(srv:control{ latency_ms = 400 })
        local called = false
        local h = client:anchors_async({ target = TARGET, limit = 2 }, function() called = true end)
        local t = uv.new_timer()
        local cancelled
        t:start(150, 0, function()
            t:close()
            assert.are.equal(1, client:governor_state().in_flight)
            cancelled = h:cancel()
        end)
        run(5)
        assert.is_true(cancelled)
        assert.is_false(called)
        assert.is_false(h:cancel())
        assert.are.equal(0, client:governor_state().in_flight)
        local host = async.host(client)
        assert.are.equal(0, host:in_flight())
        assert.are.equal(0, host:waiting())
        assert.are.equal(0, client:stats().calls)
    end)

    it("cancels before the start and from inside on_page: nothing runs after", function()
        local called = false
        local h = client:anchors_async({ target = TARGET, limit = 2 }, function() called = true end)
        assert.is_true(h:cancel())
        local pages, finished = 0, false
        local h2
        h2 = client:anchors_pages_async({ target = "medium-example.com" }, { limit = 20, concurrency = 4 },
            function()
                pages = pages + 1
                if pages == 3 then h2:cancel() end
            end, function() finished = true end)
        run(10)
        assert.is_false(called)
        assert.are.equal(3, pages)
        assert.is_false(finished)
        assert.are.equal("closed", h2.walk.status)
        assert.are.equal(0, client:governor_state().in_flight)
        assert.equal(0, client:governor_state().reserved)
        assert.are.equal(0, async.host(client):in_flight())
    end)

    it("cancels a walk waiting for its concurrent pages", function()
        assert(srv:control{ latency_ms = 300 })
        local pages, finished = 0, false
        local h = client:anchors_pages_async({ target = "medium-example.com" }, { limit = 50, concurrency = 4 },
            function() pages = pages + 1 end, function() finished = true end)
        local t = uv.new_timer()
        t:start(450, 0, function()   -- first page in, the next four in flight
            t:close()
            assert.is_true(async.host(client):in_flight() > 0)
            h:cancel()
        end)
        run(10)
        assert.are.equal(1, pages)
        assert.is_false(finished)
        assert.are.equal(0, client:governor_state().in_flight)
        assert.are.equal(0, async.host(client):in_flight())
    end)

    it("keeps going when a callback raises, and hands the error to on_error", function()
        local errors_seen = {}
        client:use_loop(uv, function(message) errors_seen[#errors_seen + 1] = message end)
        local second
        client:anchors_async({ target = TARGET, limit = 1 }, function() error("callback bug") end)
        client:anchors_async({ target = TARGET, limit = 2 }, function(_, page) second = page end)
        run(10)
        assert.are.equal(1, #errors_seen)
        assert.is_truthy(errors_seen[1]:find("callback bug", 1, true))
        assert.is_truthy(errors_seen[1]:find("traceback", 1, true))
        assert.are.equal(2, #second.items)
        assert.are.equal(0, client:governor_state().in_flight)
    end)

    it("queues calls beyond max_concurrent instead of passing the governor", function()
        local c = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url,
            max_concurrent = 2 })
        c:use_loop(uv)
        -- Requests abandoned by the cancel specs may still sit in the server.
        local quiet_by = http.now() + 3
        while srv:stats().in_flight > 0 and http.now() < quiet_by do http.sleep(0.05) end
        assert(srv:control{ latency_ms = 200, reset_stats = true })
        local peak, n = 0, 0
        local probe = uv.new_timer()
        probe:start(10, 10, function()
            if c:governor_state().in_flight > peak then peak = c:governor_state().in_flight end
        end)
        for i = 1, 6 do
            c:anchors_async({ target = TARGET, limit = 1, offset = i }, function(err, page)
                assert.is_nil(err)
                assert.is_not_nil(page)
                n = n + 1
                if n == 6 then probe:close() end
            end)
        end
        run(10)
        c:close_async()
        assert.are.equal(6, n)
        assert.are.equal(2, peak)
        assert.are.equal(2, srv:stats().max_in_flight)
    end)

    it("leaves blocking calls of the same client untouched", function()
        local page = assert(client:anchors{ target = TARGET, limit = 2 })
        assert.are.equal(2, #page.items)
        local items = assert(client:anchors_all({ target = "small-example.com" }, { limit = 10 }))
        assert.is_true(#items > 0)
    end)

    it("refuses bad arguments where they are written", function()
        assert.has_error(function() client:anchors_async({ target = TARGET }) end,
            "dataforseo: anchors_async: callback must be a function, got nil")
        assert.has_error(function() client:anchors_pages_async({ target = TARGET }, { on_page = print }) end,
            "dataforseo: anchors_pages_async: pass on_page as the third argument, not in opts")
        assert.has_error(function() client:use_loop({}) end)
        local other = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url })
        assert.has_error(function() other:use_loop({ new_timer = print, new_poll = print })
            other:use_loop(uv) end, "dataforseo: this client already runs on another loop")
    end)
end)

describe("the C core's host-driven multi mode", function()
    local srv
    setup(function() srv = assert(emulator.start{ port = 0 }) end)
    teardown(function() if srv then srv:stop() end end)

    it("queues libcurl's socket interest and timeouts for the host, stepped by socket_action", function()
        local m = http.multi({ username = "demo", password = "demo" }, 2)
        assert.has_error(function() m:step(nil, 0) end, "step: call use_host_loop() first")
        assert.are.equal(m, m:use_host_loop())
        assert.has_error(function() m:perform(0) end, "this multi is driven by a host loop: use step()")
        assert(m:add(1, "POST", srv.base_url .. "/v3/backlinks/anchors/live",
            '[{"target":"big-example.com","limit":1}]'))
        local changes, timeout = m:interest()
        assert.are.equal(0, #changes)
        assert.are.equal(0, timeout)          -- "call me now"
        local changes2, timeout2 = m:interest()
        assert.are.equal(0, #changes2)
        assert.is_nil(timeout2)               -- unchanged since the last pull
        -- Drive it by hand: the timer step connects, then the fd steps.
        local seen, done = {}, nil
        local deadline = http.now() + 5
        local interest = {}
        local d, active = m:step(nil, 0)
        assert.is_table(d)
        while active > 0 and http.now() < deadline do
            local ch = m:interest()
            for i = 1, #ch, 2 do
                seen[ch[i + 1]] = true
                interest[ch[i]] = ch[i + 1] ~= "remove" and ch[i + 1] or nil
            end
            local fd = next(interest)
            http.sleep(0.01)
            if fd then d, active = m:step(fd, 3) else d, active = m:step(nil, 0) end
            if #d > 0 then done = d end
        end
        assert.are.equal(1, #done)
        assert.are.equal(1, done[1].id)
        assert.are.equal(200, done[1].response.status)
        assert.are.equal(1, #done[1].response.data.tasks[1].result[1].items)
        local ch = m:interest()
        for i = 2, #ch, 2 do seen[ch[i]] = true end
        assert.is_true(seen["out"] or seen["inout"] or seen["in"])
        m:close()
        m:close()
    end)

    it("the loop driver closes its uv handles", function()
        local m = http.multi({}, 1)
        local d = luv_transport.driver(m, uv)
        assert.are.equal(1, d:handles())
        d:close()
        assert.are.equal(0, d:handles())
        d:close()
        uv.run("nowait")
    end)
end)

describe("the library on a libuv loop writes nothing of its own", function()
    -- A refused connection: libuv reports a socket with a pending error as
    -- UV_EBADF and luv prints that to stderr from its poll callback; the
    -- host-driven multi keeps libcurl's sockets out of libuv's sight.
    it("a call to a refused port leaves stdout and stderr empty, and the error reaches the callback", function()
        local port = helpers.free_port()
        local dir = helpers.tmpdir("dataforseo-luv")
        finally(function() helpers.remove(dir) end)
        local script = dir .. "/refused.lua"
        helpers.write_file(script, [[
            local uv = require "luv"
            local client = assert(require("dataforseo").new{ login = "demo", password = "demo",
                base_url = "http://127.0.0.1:]] .. port .. [[", retry_delay = 0.01 })
            client:use_loop(uv)
            local got
            client:anchors_async({ target = "forbes.com", limit = 1 }, function(err) got = err end)
            uv.run()
            local f = assert(io.open(os.getenv("DFS_OUT"), "w"))
            f:write(tostring(got and got.kind), " ", tostring(got and got.category), " ",
                tostring(got and got.attempts))
            f:close()
        ]])
        local report = dir .. "/report.txt"
        local code, out, err = helpers.run(table.concat({ "DFS_OUT=" .. helpers.shell_quote(report),
            "LUA_PATH=" .. helpers.shell_quote(helpers.ROOT .. "/lua/?.lua;" .. helpers.ROOT .. "/lua/?/init.lua;;"),
            "LUA_CPATH=" .. helpers.shell_quote(helpers.build_dir() .. "/?.so;;"),
            helpers.LUA, helpers.shell_quote(script) }, " "))
        assert.are.equal(0, code, err)
        assert.are.equal("", out)
        assert.are.equal("", err)
        -- Every attempt was made (the first and its retries), each refused.
        local kind, category, attempts = assert(helpers.read_file(report)):match("^(%S+) (%S+) (%S+)$")
        assert.are.equal("transport", kind)
        assert.are.equal("connect", category)
        assert.is_true(tonumber(attempts) >= 2, "attempts: " .. tostring(attempts))
    end)
end)

describe("Neovim 0.10+ (a vim table with only vim.uv)", function()
    local srv
    setup(function() srv = assert(emulator.start{ port = 0 }) end)
    teardown(function() if srv then srv:stop() end end)

    it("runs an async call on vim.uv without being given a loop, and :checkhealth names vim.uv", function()
        local saved = rawget(_G, "vim")
        -- luv under another name, so that the loop chosen can be told apart
        -- from require "luv".
        local vim_uv = setmetatable({}, { __index = uv })
        _G.vim = { uv = vim_uv }
        local client
        finally(function()
            if client then client:close_async() end
            _G.vim = saved
            uv.run("nowait")
        end)
        client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url })
        local got
        client:anchors_async({ target = "small-example.com", limit = 2 }, function(err, page)
            got = { err = err, page = page }
        end)
        run(10)
        assert.is_nil(got.err)
        assert.are.equal(2, #got.page.items)
        assert.are.equal(vim_uv, async.host(client).loop)
        local line
        for _, r in ipairs(require("dataforseo.health").results()) do
            if r[2]:find("^luv") then line = r end
        end
        assert.are.same("ok", line[1])
        assert.matches("^luv %(vim%.uv, libuv ", line[2])
    end)
end)
