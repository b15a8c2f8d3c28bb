-- The module inside OpenResty (nginx + its Lua module, one worker process):
-- an app location queries the emulator (a second nginx) through the module
-- over cosockets.  Proves that 20 requests at once finish together instead
-- of one after another, that the answers and the error objects equal the
-- blocking client's, that phases without cosockets get a clear error, and
-- that TLS is verified against lua_ssl_trusted_certificate.
--
-- Starts three to four nginx processes (emulators and apps) and stops each
-- by its own pid in teardown.  Needs build/luajit/dataforseo/core.so
-- (`make LUA=luajit`): nginx's Lua module is LuaJIT.
local emulators = dofile("spec/support/emulator.lua")
local redis = dofile("spec/support/redis.lua")
local dataforseo = require "dataforseo"
local json = require "dataforseo.json"
local socket = require "socket"
local http = require "socket.http"

local helpers = dofile("spec/support/helpers.lua")

local shell = helpers.capture
local ROOT = helpers.ROOT
local HERE = ROOT .. "/spec/hosts"
local CORE = helpers.build_dir("luajit") .. "/dataforseo/core.so"
local nginx_host = dofile(HERE .. "/nginx_host.lua")

local LOGIN, PASSWORD = "demo", "demo"
local LATENCY_MS = 500

-- A Lua literal for the app's configuration (strings, numbers, booleans, tables).
local literal = dofile("spec/support/lua_literal.lua")

-- The app nginx: `profiles(app_port)` -> the app's client profiles;
-- `trusted` = CA file for lua_ssl_trusted_certificate or nil; `upstream` =
-- the emulator's port, for the relay locations.
local function start_app(profiles, trusted, upstream, without_core)
    return nginx_host.start{
        lua_path = { ROOT .. "/lua/?.lua", ROOT .. "/lua/?/init.lua", HERE .. "/?.lua" },
        lua_cpath = without_core and {} or { helpers.build_dir("luajit") .. "/?.so" },
        main = function(port)
            local main = {}
            if trusted then
                main[#main + 1] = "    lua_ssl_trusted_certificate " .. trusted .. ";"
                main[#main + 1] = "    lua_ssl_verify_depth 2;"
            end
            main[#main + 1] = "    init_by_lua_block { require('openresty_app').configure("
                .. literal(profiles(port)) .. ") }"
            main[#main + 1] = "    init_worker_by_lua_block { require('openresty_app').init_worker() }"
            return table.concat(main, "\n")
        end,
        http = function(port)
            return ([[
    server {
        listen 127.0.0.1:PORT;
        default_type application/json;
        location /upstream/ {
            internal;
            proxy_pass http://127.0.0.1:UPSTREAM/;
            proxy_set_header Accept-Encoding "";
        }
        location ~ ^/relay/(chunked|close)(/.*)$ {
            content_by_lua_block { require('openresty_app').relay(ngx.var[1], ngx.var[2]) }
        }
        location /anchors { content_by_lua_block { require('openresty_app').anchors() } }
        location /fetch_all { content_by_lua_block { require('openresty_app').fetch_all() } }
        location /blocking { content_by_lua_block { require('openresty_app').blocking() } }
        location /spawn { content_by_lua_block { require('openresty_app').spawn() } }
        location /phases { content_by_lua_block { require('openresty_app').phases() } }
        location /log-probe {
            content_by_lua_block { ngx.say('ok') }
            log_by_lua_block { require('openresty_app').log_probe() }
        }
    }]]):gsub("PORT", tostring(port)):gsub("UPSTREAM", tostring(upstream))
        end,
    }
end

local function get(app, path)
    local body, status = http.request("http://127.0.0.1:" .. app.port .. path)
    assert(body, "GET " .. path .. ": " .. tostring(status))
    if status ~= 200 then          -- the app's error log says why
        error(("GET %s: HTTP %s\n%s"):format(path, tostring(status), app:error_log():sub(-3000)), 2)
    end
    return assert(json.decode(body))
end

local ERROR_FIELDS = { "kind", "code", "message", "http_status", "retryable", "task_id",
    "category", "attempts", "field", "reason" }

-- The fields of an error object, less `skip` (a message that names a byte
-- count or a library's wording); task ids are unique per call, so only
-- their presence is compared.
local function error_fields(err, skip)
    local t = {}
    for _, k in ipairs(ERROR_FIELDS) do
        if k ~= skip then t[k] = err[k] end
    end
    if t.task_id then t.task_id = "(a task id)" end
    return t
end

describe("OpenResty host (nginx + Lua module, cosocket transport)", function()
    local emulator, tls_emulator, app, bare_app, coreless_app, rds
    local blocking = {}

    -- The blocking client (libcurl, this process) with a profile's options.
    local function blocking_client(options)
        local o = { base_url = emulator.base_url, login = LOGIN, password = PASSWORD,
            retries = 0, timeout = 10 }
        for k, v in pairs(options or {}) do o[k] = v end
        local c = assert(dataforseo.new(o))
        blocking[#blocking + 1] = c
        return c
    end

    setup(function()
        assert(io.open(CORE, "rb"), "missing " .. CORE .. ": run `make LUA=luajit` first "
            .. "(nginx's Lua module loads the LuaJIT build of the C core)"):close()
        emulator = assert(emulators.start{ port = 0, latency_ms = LATENCY_MS, workers = 1,
            login = LOGIN, password = PASSWORD })
        tls_emulator = assert(emulators.start{ port = 0, tls = true, workers = 1,
            login = LOGIN, password = PASSWORD })
        rds = assert(redis.start())
        local tls_url = "https://localhost:" .. tls_emulator.port
        local function profiles(app_port)
            local relay = "http://127.0.0.1:" .. app_port .. "/relay/"
            return {
            chunked = { base_url = relay .. "chunked", login = LOGIN, password = PASSWORD },
            close = { base_url = relay .. "close", login = LOGIN, password = PASSWORD },
            -- max_concurrent 8 (not the default): the 20-request spec shows the cap.
            plain = { base_url = emulator.base_url, login = LOGIN, password = PASSWORD,
                options = { max_concurrent = 8 } },
            badauth = { base_url = emulator.base_url, login = LOGIN, password = "wrong-password" },
            short = { base_url = emulator.base_url, login = LOGIN, password = PASSWORD,
                options = { timeout = 1 } },
            small = { base_url = emulator.base_url, login = LOGIN, password = PASSWORD,
                options = { max_response_size = 2000 } },
            tls = { base_url = tls_url, login = LOGIN, password = PASSWORD },
            unresolved = { base_url = "http://api.dataforseo.invalid", login = LOGIN, password = PASSWORD },
            tls_ip = { base_url = tls_emulator.base_url, login = LOGIN, password = PASSWORD },
            -- Every governor step and every store lookup yields (a Redis round trip).
            redis_governed = { base_url = emulator.base_url, login = LOGIN, password = PASSWORD,
                options = { governor = { redis = { port = rds.port, prefix = "spec-ngx-gov" } } } },
            redis_cached = { base_url = emulator.base_url, login = LOGIN, password = PASSWORD,
                options = { cache = { redis = { port = rds.port }, namespace = "spec-ngx-store" } } },
            }
        end
        app = assert(start_app(profiles, tls_emulator.ca_file, emulator.port))
        bare_app = assert(start_app(profiles, nil, emulator.port))
        -- lua/dataforseo and nothing else: no core.so on lua_package_cpath.
        coreless_app = assert(start_app(profiles, tls_emulator.ca_file, emulator.port, true))
    end)

    teardown(function()
        for _, c in ipairs(blocking) do c:close() end
        for _, server in ipairs({ coreless_app, bare_app, app, tls_emulator, emulator, rds }) do
            if server then server:stop() end
        end
    end)

    before_each(function()
        assert(emulator:control{ latency_ms = LATENCY_MS, clear_faults = true })
    end)

    it("answers through the module with the blocking client's result", function()
        local answer = get(app, "/anchors?target=medium-example.com&offset=20&limit=10")
        assert.is_true(answer.ok, answer.error_text)
        assert.equal("dataforseo.hosts.ngx", answer.transport)    -- chosen inside nginx
        assert.is_true(answer.core)                                   -- its decoder is used
        local page = assert(blocking_client():anchors{ target = "medium-example.com", offset = 20, limit = 10 })
        assert.equal(10, #answer.items)
        assert.same(page.items, answer.items)
        assert.equal(page.total_count, answer.total_count)
        assert.equal(page.next_offset, answer.next_offset)

        -- What the emulator saw from the cosocket transport.
        get(app, "/anchors?target=small-example.com&limit=1")
        local seen = assert(emulator:last_request())
        local headers = {}
        for k, v in pairs(seen.headers) do headers[k:lower()] = v end
        assert.equal("lua-dataforseo/" .. dataforseo._VERSION, headers["user-agent"])
        assert.equal("application/json", headers["content-type"])
        assert.equal("gzip", headers["accept-encoding"])
        -- Sent (the emulator redacts it from its record; the answer proves it right).
        assert.equal("[redacted]", headers["authorization"])
    end)

    it("keeps the upstream connection alive between requests", function()
        get(app, "/anchors?target=small-example.com&limit=1")
        local before = assert(emulator:stats())
        for _ = 1, 3 do assert.is_true(get(app, "/anchors?target=small-example.com&limit=1").ok) end
        local after = assert(emulator:stats())
        assert.equal(before.requests + 3, after.requests)
        assert.equal(before.connections, after.connections)
        assert.is_true(after.gzip_responses >= 3)      -- inflated by dataforseo/zlib.lua
    end)

    it("reads chunked and close-delimited bodies", function()
        assert(emulator:control{ latency_ms = 0 })
        local page = assert(blocking_client():anchors{ target = "medium-example.com", limit = 100 })
        for _, framing in ipairs({ "chunked", "close" }) do
            local answer = get(app, "/anchors?profile=" .. framing .. "&limit=100")
            assert.is_true(answer.ok, answer.error_text)
            assert.same(page.items, answer.items)
        end
    end)

    it("sends the request again on a fresh connection when a pooled one was closed", function()
        assert(emulator:control{ latency_ms = 0 })
        assert.is_true(get(app, "/anchors?limit=1").ok)           -- a pooled connection now
        local before = assert(emulator:stats())
        assert(emulator:control{ fault = "close", count = 1 })
        local answer = get(app, "/anchors?limit=1")
        assert.is_true(answer.ok, answer.error_text)
        local after = assert(emulator:stats())
        assert.equal((before.faults.close or 0) + 1, after.faults.close)
        assert.equal(before.requests + 2, after.requests)        -- the closed one, the one sent again
    end)

    -- 20 requests at once to the app, pages 1..20 of medium-example.com
    -- (10 items each) through `profile`: every one answered 200 within 2 s
    -- (a 500 ms call each).  -> the directory of the answers i.json.
    local function twenty_at_once(profile)
        local dir = helpers.tmpdir("dataforseo-ngx")
        finally(function() helpers.remove(dir) end)
        local args = {}
        for i = 1, 20 do
            args[#args + 1] = string.format("-o %s/%d.json "
                .. "'http://127.0.0.1:%d/anchors?profile=%s&target=medium-example.com&offset=%d&limit=10'",
                dir, i, app.port, profile, (i - 1) * 10)
        end
        assert(emulator:control{ reset_stats = true })
        local started = socket.gettime()
        local report = shell("curl -sS --no-progress-meter --parallel --parallel-immediate --parallel-max 20 -m 20 "
            .. "-w '%{http_code} %{time_total}\\n' " .. table.concat(args, " ") .. " 2>&1")
        local elapsed = socket.gettime() - started
        local codes = 0
        for code, t in report:gmatch("(%d+) ([%d%.]+)") do
            assert.equal("200", code, report)
            assert.is_true(tonumber(t) < 2, "one request took " .. t .. " s")
            codes = codes + 1
        end
        assert.equal(20, codes, report)
        assert.is_true(elapsed < 2, string.format("20 requests took %.2f s", elapsed))
        return dir
    end

    it("serves 20 concurrent requests within 2 s on one worker, all at once (blocking: 10 s)", function()
        assert.is_true(get(app, "/anchors?limit=1").ok)      -- warm: code loaded, pool filled
        local dir = twenty_at_once("plain")
        -- One client serves the worker's requests: its max_concurrent (8 in
        -- this profile) holds across them, and the rest wait without
        -- blocking the worker.
        assert.equal(8, assert(emulator:stats()).max_in_flight)

        -- Each answer equals the blocking client's for the same page.
        assert(emulator:control{ latency_ms = 0 })
        local client = blocking_client()
        for i = 1, 20 do
            local f = assert(io.open(dir .. "/" .. i .. ".json", "rb"))
            local answer = assert(json.decode(f:read("*a")))
            f:close()
            assert.is_true(answer.ok, answer.error_text)
            local page = assert(client:anchors{ target = "medium-example.com", offset = (i - 1) * 10, limit = 10 })
            assert.equal(page.offset, answer.offset)
            assert.same(page.items, answer.items)
        end
    end)

    -- The requests of a worker share its client, and one request's code may
    -- start another's call.  Where starting yields (a Redis governor's
    -- reserve, a Redis store's lookup), two requests once started the same
    -- call: 20 requests sent 68 calls, and a count read before the yield
    -- left the worker spinning with calls in flight (requests hung).
    for _, profile in ipairs{ "redis_governed", "redis_cached" } do
        it("sends each call once when starting it yields (" .. profile .. "), 20 requests at once", function()
            assert.is_true(get(app, "/anchors?profile=" .. profile .. "&limit=1").ok)     -- warm
            local dir = twenty_at_once(profile)
            local stats = assert(emulator:stats())
            assert.equal(20, stats.requests)
            assert.equal(20, stats.max_in_flight)
            for i = 1, 20 do
                local answer = assert(json.decode(assert(helpers.read_file(dir .. "/" .. i .. ".json"))))
                assert.is_true(answer.ok, answer.error_text)
                assert.equal((i - 1) * 10, answer.offset)
                assert.equal(10, #answer.items)
            end
        end)
    end

    it("works without core.so (pure Lua: cjson decodes) and answers as with it", function()
        assert(emulator:control{ latency_ms = 0 })
        for _, path in ipairs{ "/anchors?target=medium-example.com&offset=20&limit=10",
            "/anchors?profile=badauth", "/fetch_all?target=medium-example.com&limit=100",
            "/anchors?profile=tls&target=medium-example.com&limit=10" } do
            local with, without = get(app, path), get(coreless_app, path)
            if without.core ~= nil then
                assert.is_false(without.core)
                assert.is_true(with.core)
                with.core, without.core = nil, nil
            end
            if with.error then with.error.task_id, without.error.task_id = nil, nil end
            assert.same(with, without)
        end
    end)

    it("walks a whole result set (anchors_all) like the blocking client", function()
        assert(emulator:control{ latency_ms = 0 })
        local answer = get(app, "/fetch_all?target=medium-example.com&limit=100")
        assert.is_true(answer.ok, answer.error_text)
        local items, w = blocking_client():anchors_all({ target = "medium-example.com" }, { limit = 100 })
        assert(items, w)
        assert.equal(w.pages, answer.pages)
        assert.equal(w.status, answer.status)
        assert.is_true(#items > 300)
        assert.same(items, answer.items)
    end)

    it("runs queries side by side with ngx.thread.spawn inside one request", function()
        local answer = get(app, "/spawn?n=5")
        assert.equal(5, #answer.results)
        for i, r in ipairs(answer.results) do
            assert.is_true(r.ok, r.error_text)
            assert.equal((i - 1) * 10, r.offset)
        end
        assert.is_true(answer.elapsed < 1.5, ("5 spawned queries took %.2f s"):format(answer.elapsed))
    end)

    it("blocks the worker with the curl transport, for contrast", function()
        local dir = helpers.tmpdir("dataforseo-ngx")
        finally(function() helpers.remove(dir) end)
        local url = string.format("'http://127.0.0.1:%d/blocking'", app.port)
        local args = {}
        for i = 1, 4 do args[#args + 1] = "-o " .. dir .. "/" .. i .. ".json " .. url end
        local started = socket.gettime()
        shell("curl -sS --no-progress-meter --parallel --parallel-immediate --parallel-max 4 -m 20 "
            .. table.concat(args, " "))
        local elapsed = socket.gettime() - started
        assert.is_true(elapsed >= 4 * LATENCY_MS / 1000 * 0.9,
            string.format("4 blocking requests took %.2f s: they ran side by side?", elapsed))
    end)

    it("returns the same error object as the blocking client for wrong credentials (40100)", function()
        assert(emulator:control{ latency_ms = 0 })
        local answer = get(app, "/anchors?profile=badauth")
        assert.is_false(answer.ok)
        local _, err = blocking_client{ password = "wrong-password" }:anchors{ target = "medium-example.com",
            limit = 10 }
        assert.equal(40100, answer.error.code)
        assert.equal(401, answer.error.http_status)
        assert.same(error_fields(err), error_fields(answer.error))
        assert.equal(tostring(err), answer.error_text)
    end)

    describe("maps failures like the curl transport", function()
        local function both(profile, options, fault)
            assert(emulator:control{ latency_ms = 0 })
            if fault then assert(emulator:control{ fault = fault, count = 1 }) end
            local answer = get(app, "/anchors?profile=" .. profile .. "&limit=100")
            if fault then assert(emulator:control{ fault = fault, count = 1 }) end
            local _, err = blocking_client(options):anchors{ target = "medium-example.com", limit = 100 }
            assert.is_false(answer.ok)
            assert.is_table(err)
            return answer.error, err
        end

        for _, fault in ipairs({ "http_503", "task_50000", "invalid_json" }) do
            it("fault " .. fault, function()
                local got, want = both("plain", nil, fault)
                assert.same(error_fields(want), error_fields(got))
            end)
        end

        it("fault truncate (body cut short)", function()
            local got, want = both("plain", nil, "truncate")
            assert.equal("connection", want.category)
            assert.same(error_fields(want, "message"), error_fields(got, "message"))
        end)

        it("timeout", function()
            assert(emulator:control{ latency_ms = 2500 })
            local started = socket.gettime()
            local answer = get(app, "/anchors?profile=short")
            assert.is_true(socket.gettime() - started < 2)
            local _, want = blocking_client{ timeout = 1 }:anchors{ target = "medium-example.com", limit = 10 }
            assert.equal("timeout", answer.error.category)
            assert.same(error_fields(want, "message"), error_fields(answer.error, "message"))
        end)

        it("a host name without nginx's resolver directive", function()
            local answer = get(app, "/anchors?profile=unresolved")
            assert.is_false(answer.ok)
            assert.equal("resolve", answer.error.category)
            assert.equal(6, answer.error.code)                    -- CURLE_COULDNT_RESOLVE_HOST
            assert.is_false(answer.error.retryable)
            assert.matches("set its resolver directive", answer.error.message, 1, true)
        end)

        it("response larger than max_response_size", function()
            local got, want = both("small", { max_response_size = 2000 })
            assert.equal("too_large", got.category)
            assert.same(error_fields(want, "message"), error_fields(got, "message"))
        end)
    end)

    it("picks the ngx transport inside nginx in every phase, curl outside", function()
        assert.equal("dataforseo.hosts.curl", tostring(blocking_client().engine.transport))
        local phases = get(app, "/phases")
        assert.equal("dataforseo.hosts.ngx", phases.selected)             -- content phase
        assert.equal("dataforseo.hosts.ngx", phases.init_worker.selected)
    end)

    it("refuses calls from init_worker and log phases, pointing to ngx.timer.at", function()
        assert(emulator:control{ latency_ms = 0 })
        local probe, status = http.request("http://127.0.0.1:" .. app.port .. "/log-probe")
        assert.equal(200, status, probe)
        local phases
        local deadline = socket.gettime() + 5
        repeat
            phases = get(app, "/phases")
            if phases.log and phases.timer then break end
            socket.sleep(0.05)
        until socket.gettime() > deadline
        for _, name in ipairs({ "init_worker", "log" }) do
            local seen = assert(phases[name], "nothing recorded for " .. name)
            assert.is_true(seen.raised)
            assert.equal(name, seen.phase)
            assert.matches("cannot query the API in nginx's " .. name .. " phase", seen.message, 1, true)
            assert.matches("cosockets", seen.message, 1, true)
            assert.matches("ngx.timer.at", seen.message, 1, true)
            assert.equal(0, seen.counted)          -- nothing was sent: nothing counted as spent
        end
        -- ...and the suggested timer, started from init_worker, did work.
        local page = assert(blocking_client():anchors{ target = "small-example.com", limit = 5 })
        assert.same({ ok = true, phase = "timer", items_count = page.items_count }, phases.timer)
    end)

    describe("TLS", function()
        it("verifies the emulator's certificate with lua_ssl_trusted_certificate", function()
            assert(emulator:control{ latency_ms = 0 })
            local answer = get(app, "/anchors?profile=tls&target=medium-example.com&limit=10")
            assert.is_true(answer.ok, answer.error_text)
            local page = assert(blocking_client():anchors{ target = "medium-example.com", limit = 10 })
            assert.same(page.items, answer.items)
        end)

        it("checks the name: an IP address in base_url does not match (nginx checks DNS names)", function()
            local answer = get(app, "/anchors?profile=tls_ip&limit=10")
            assert.matches("^https://127%.0%.0%.1:", tls_emulator.base_url)
            assert.is_false(answer.ok)
            assert.equal("tls", answer.error.category)
            assert.equal(60, answer.error.code)
            -- The reason is in the message, or (when lua-resty-core loses it, see
            -- hosts/ngx.lua) in nginx's error log.
            if not answer.error.message:find("host mismatch", 1, true) then
                assert.matches("not verified (nginx's error log names the reason", answer.error.message, 1, true)
                assert.matches('does not match host "127.0.0.1"', app:error_log(), 1, true)
            end
        end)

        it("fails verification without lua_ssl_trusted_certificate", function()
            local answer = get(bare_app, "/anchors?profile=tls&limit=10")
            assert.is_false(answer.ok)
            assert.equal("transport", answer.error.kind)
            assert.equal("tls", answer.error.category)
            assert.equal(60, answer.error.code)
            assert.is_false(answer.error.retryable)
            assert.matches("not verified", answer.error.message, 1, true)
            assert.matches("lua_ssl_trusted_certificate", answer.error.message, 1, true)
        end)
    end)
end)
