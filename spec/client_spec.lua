-- The client: options, credentials, and client:anchors against the local
-- emulator (real HTTP on 127.0.0.1): round-trips, error mapping, gzip,
-- keep-alive, timeouts, TLS, retries, and no credentials in any message.
local helpers = dofile("spec/support/helpers.lua")
local dataforseo = require "dataforseo"
local errors = require "dataforseo.errors"
local socket = require "socket"

local LUA = arg and arg[-1] or "lua5.4"

-- Runs a Lua snippet in a fresh interpreter with the given environment
-- prefix; returns its stdout.
local function run_lua(env, code)
    local cmd = ("%s %s -e %q 2>&1"):format(env, LUA,
        ("package.path=%q; package.cpath=%q; "):format(package.path, package.cpath) .. code)
    local p = io.popen(cmd)
    local out = p:read("*a")
    p:close()
    return out
end

-- Every string reachable from v (tables walked, metatables included).
local function strings_in(v, out, seen)
    out, seen = out or {}, seen or {}
    if type(v) == "string" then
        out[#out + 1] = v
    elseif type(v) == "table" and not seen[v] then
        seen[v] = true
        for k, x in pairs(v) do
            strings_in(k, out, seen)
            strings_in(x, out, seen)
        end
        strings_in(getmetatable(v), out, seen)
    end
    return out
end

describe("dataforseo.new", function()
    local creds = { login = "someone@example.com", password = "pa55-w0rd-secret" }

    local function new(extra)
        local o = { login = creds.login, password = creds.password }
        for k, v in pairs(extra or {}) do o[k] = v end
        return dataforseo.new(o)
    end

    it("exposes the version, the null sentinel and the decoder", function()
        assert.equal(require "dataforseo.version", dataforseo._VERSION)
        assert.equal(require("cjson").null, dataforseo.null)
        assert.equal(require "dataforseo.json", dataforseo.json)
    end)

    it("applies the documented defaults, and keeps its options out of reach (no fields to change)", function()
        local c = assert(new())
        assert.equal("dataforseo.client (https://api.dataforseo.com)", tostring(c))
        local st = assert(c:governor_state())
        assert.equal(2000, st.calls_per_minute)
        assert.equal(30, st.max_concurrent)
        -- Nothing that looks writable: options are read at new(), once.
        for _, name in ipairs{ "base_url", "timeout", "retries", "max_concurrent", "validate", "confirm",
            "user_agent", "connect_timeout", "sandbox" } do
            assert.is_nil(rawget(c, name), name)
            assert.is_nil(c[name], name)
        end
        c:close()
    end)

    it("switches to the sandbox with one option", function()
        assert.equal("dataforseo.client (https://sandbox.dataforseo.com)", tostring(assert(new{ sandbox = true })))
        assert.has_error(function() new{ sandbox = true, base_url = "http://127.0.0.1:1" } end)
    end)

    it("keeps a base_url path prefix and drops trailing slashes", function()
        assert.equal("dataforseo.client (http://127.0.0.1:8080/proxy/dfs)",
            tostring(assert(new{ base_url = "http://127.0.0.1:8080/proxy/dfs/" })))
    end)

    it("takes the server from DATAFORSEO_BASE_URL; base_url or sandbox win over it", function()
        local code = [[
            local d = require('dataforseo')
            local function show(o)
                o.login, o.password = 'someone', 'secret-pw'
                local c, err = d.new(o)
                return c and tostring(c) or (err.field .. ': ' .. err.message)
            end
            io.write(show{}, '|', show{ base_url = 'http://127.0.0.1:2' }, '|', show{ sandbox = true })]]
        assert.equal("dataforseo.client (http://127.0.0.1:1/prefix)|dataforseo.client (http://127.0.0.1:2)"
            .. "|dataforseo.client (https://sandbox.dataforseo.com)",
            run_lua("env DATAFORSEO_BASE_URL=http://127.0.0.1:1/prefix/", code))
        assert.equal("dataforseo.client (https://api.dataforseo.com)",
            run_lua("env DATAFORSEO_BASE_URL=", code):match("^[^|]*"))
        assert.truthy(run_lua("env DATAFORSEO_BASE_URL=ftp://x", code):find("^base_url: DATAFORSEO_BASE_URL must "
            .. "start with http://"))
    end)

    it("refuses unknown options with a suggestion (raises: a programming error)", function()
        local ok, err = pcall(new, { timout = 5 })
        assert.is_false(ok)
        assert.truthy(err:find("unknown option 'timout'", 1, true), err)
        assert.truthy(err:find("did you mean 'timeout'?", 1, true), err)
        local _, err2 = pcall(new, { sand_box = true })
        assert.truthy(err2:find("did you mean 'sandbox'?", 1, true), err2)
    end)

    it("refuses option values of the wrong type or range, naming the option", function()
        local cases = {
            { { timeout = "60" }, "option 'timeout' must be a number" },
            { { timeout = 0 }, "option 'timeout' must be > 0" },
            { { retries = -1 }, "option 'retries' must be an integer" },
            { { retries = 1.5 }, "option 'retries' must be an integer" },
            { { sandbox = "yes" }, "option 'sandbox' must be a boolean" },
            { { base_url = "api.dataforseo.com" }, "option 'base_url' must start with http" },
            { { base_url = "https://u:p@api.dataforseo.com" }, "must not carry credentials" },
            { { base_url = "https://api.dataforseo.com/?x=1" }, "without query" },
            -- values the C core cannot use: refused here, not at the first call
            { { timeout = 1e10 }, "option 'timeout' must be > 0 and at most 86400" },
            { { connect_timeout = 1e10 }, "option 'connect_timeout' must be > 0 and at most 86400" },
            { { timeout = 0 / 0 }, "option 'timeout' must be > 0" },
            { { max_response_size = 0 / 0 }, "option 'max_response_size' must be an integer from 1 to 2147483647" },
            { { max_response_size = math.huge }, "option 'max_response_size' must be an integer" },
            { { max_response_size = 1e300 }, "option 'max_response_size' must be an integer" },
            { { retry_delay = math.huge }, "option 'retry_delay' must be a number from 0 to 3600" },
            { { deadline = math.huge }, "option 'deadline' must be > 0" },
            { { max_cost = 0 / 0 }, "option 'max_cost' must be > 0" },
            -- header injection: a value that becomes a header has no control characters
            { { user_agent = "x\r\nX-Injected: 1" }, "option 'user_agent' must not contain control characters" },
            { { user_agent = "x\nX-Injected: 1" }, "must not contain control characters" },
            { { user_agent = "x\0y" }, "must not contain control characters" },
            { { base_url = "http://h.example/a\0b" }, "option 'base_url' contains a NUL byte" },
        }
        for _, case in ipairs(cases) do
            local ok, err = pcall(new, case[1])
            assert.is_false(ok)
            assert.truthy(err:find(case[2], 1, true), err)
        end
        assert.has_error(function() dataforseo.new("login") end)
    end)

    it("never echoes the user information of a URL option, nor keeps it in a field", function()
        for _, opts in ipairs{ { proxy = "http://user:PASS@[bad" }, { base_url = "htps://user:PASS@host/" },
            { base_url = "https://user:PASS@api.dataforseo.com" } } do
            local ok, err = pcall(new, opts)
            assert.is_false(ok)
            assert.is_nil(err:find("PASS", 1, true), err)
        end
        local c = assert(new{ proxy = "http://user:PASS@proxy.example:3128" })
        assert.truthy(tostring(c):find("proxy http://***@proxy.example:3128", 1, true), tostring(c))
        for _, text in ipairs(strings_in(c)) do assert.is_nil(text:find("PASS", 1, true), text) end
        c:close()
    end)

    it("refuses credentials that cannot be sent: a NUL or line break, a ':' in the login", function()
        for _, bad in ipairs{ { login = "ab\0cd" }, { password = "abc\0def" }, { login = "ab:cd" },
            { password = "xyz\nxyz" } } do
            local c, err = dataforseo.new{ login = bad.login or "someone", password = bad.password or "pass" }
            assert.is_nil(c)
            assert.equal("validation", err.kind)
            assert.equal(bad.login and "login" or "password", err.field)
        end
        assert(dataforseo.new{ login = "someone", password = "pass:word" }):close()   -- ':' is fine there
    end)

    it("says how to call a method that was called with a dot, and checks estimate_call's argument", function()
        local c = assert(new())
        local ok, err = pcall(c.anchors, { target = "forbes.com" })
        assert.is_false(ok)
        assert.truthy(err:find("client:anchors(...) with a colon", 1, true), err)
        ok, err = pcall(c.estimate_call, c, "x")
        assert.is_false(ok)
        assert.truthy(err:find("limit must be an integer from 1 to 1000, got x", 1, true), err)
        assert.near(0.02 + 0.00003 * 100, c:estimate_call(), 1e-12)
        c:close()
    end)

    it("returns nil, err when no credentials are given or in the environment", function()
        local out = run_lua("env -u DATAFORSEO_LOGIN -u DATAFORSEO_PASSWORD", [[
            local c, err = require('dataforseo').new{}
            io.write(tostring(c), '|', err.kind, '|', err.field, '|', tostring(err))]])
        assert.truthy(out:find("^nil|validation|login|dataforseo: invalid request: no API login"), out)
        assert.truthy(out:find("DATAFORSEO_LOGIN", 1, true), out)
        out = run_lua("env -u DATAFORSEO_PASSWORD DATAFORSEO_LOGIN=someone", [[
            local c, err = require('dataforseo').new{}
            io.write(tostring(c), '|', err.field)]])
        assert.equal("nil|password", out)
    end)

    it("returns nil, err naming login when only a password is given (it used to raise)", function()
        local out = run_lua("env -u DATAFORSEO_LOGIN -u DATAFORSEO_PASSWORD", [[
            local ok, c, err = pcall(require('dataforseo').new, { password = 'secret-pw' })
            io.write(tostring(ok), '|', tostring(c), '|', err.kind, '|', err.field)]])
        assert.equal("true|nil|validation|login", out)
    end)

    it("says how to build the C core when it is missing (outside nginx)", function()
        local cmd = ("%s -e %q 2>&1"):format(LUA, ("package.path=%q; package.cpath='/nonexistent/?.so'; "
            ):format(package.path) .. "local ok, err = pcall(require, 'dataforseo'); io.write(tostring(err))")
        local p = io.popen(cmd)
        local out = p:read("*a")
        p:close()
        assert.truthy(out:find("the C core (dataforseo/core.so) is not on package.cpath", 1, true), out)
        assert.truthy(out:find("make LUA=luajit", 1, true), out)
    end)

    it("never shows credentials in tostring or in its fields", function()
        local c = assert(new())
        assert.is_nil(tostring(c):find(creds.password, 1, true))
        assert.is_nil(tostring(c):find(creds.login, 1, true))
        for _, s in ipairs(strings_in(c)) do
            assert.is_nil(s:find(creds.password, 1, true), s)
            assert.is_nil(s:find(creds.login, 1, true), s)
        end
        c:close()
    end)
end)

describe("client against the emulator", function()
    local emulator = dofile("spec/support/emulator.lua")
    local LOGIN, PASSWORD = "seo-user@example.test", "Sup3r-s3cret-pw"
    local srv, tls_srv
    local seen_errors = {}          -- every error object: checked for credentials at the end

    setup(function()
        srv = assert(emulator.start{ port = 0, login = LOGIN, password = PASSWORD })
        tls_srv = assert(emulator.start{ port = 0, login = LOGIN, password = PASSWORD, tls = true })
    end)
    teardown(function()
        if srv then srv:stop() end
        if tls_srv then tls_srv:stop() end
    end)
    before_each(function()
        srv:control{ reset = true }
    end)

    local function client(extra)
        local o = { login = LOGIN, password = PASSWORD, base_url = srv.base_url, retries = 0 }
        for k, v in pairs(extra or {}) do o[k] = v end
        return assert(dataforseo.new(o))
    end

    local function fails(c, params, ...)
        local page, err = c:anchors(params, ...)
        assert.is_nil(page)
        assert.is_true(errors.is_error(err), tostring(err))
        seen_errors[#seen_errors + 1] = err
        return err
    end

    local deep_equal = helpers.deep_equal

    it("answers the documented example with a Page", function()
        local c = client()
        local page = assert(c:anchors{ target = "forbes.com", limit = 4,
            order_by = { "backlinks,desc" }, filters = { "anchor", "like", "%news%" } })
        assert.equal(4, #page.items)
        assert.equal(4, page.items_count)
        assert.is_true(page.total_count > 4)
        assert.equal(0, page.offset)
        assert.equal(4, page.limit)
        assert.equal(4, page.next_offset)
        assert.equal("forbes.com", page.target)
        assert.equal(20000, page.status_code)
        assert.is_string(page.task_id)
        assert.equal(page.response.tasks[1].id, page.task_id)
        assert.is_true(math.abs(page.cost - (0.02 + 4 * 0.00003)) < 1e-9)
        assert.is_number(page.time)
        for i, item in ipairs(page.items) do
            assert.equal("backlinks_anchor", item.type)
            assert.truthy(item.anchor:lower():find("news", 1, true))
            if i > 1 then assert.is_true(page.items[i - 1].backlinks >= item.backlinks) end
        end
        if math.type then assert.equal("integer", math.type(page.items[1].backlinks)) end
        c:close()
    end)

    it("sends every request field, which the emulator echoes back unchanged", function()
        local c = client()
        local F = dataforseo.filters
        local params = {
            target = "big-example.com", limit = 7, offset = 3, internal_list_limit = 5,
            backlinks_status_type = "all",
            filters = F.any(F.all(F.anchor:like("%a%"), F.backlinks:gt(1)), F.rank:ge(0)),
            order_by = { "backlinks,desc", "anchor,asc" },
            backlinks_filters = { { "dofollow", "=", true }, "and", { "domain_from_rank", ">=", 0 } },
            include_subdomains = false, include_indirect_links = false,
            exclude_internal_backlinks = false, rank_scale = "one_hundred",
            tag = "round-trip \226\156\147",
        }
        local page = assert(c:anchors(params))
        local echoed = page.response.tasks[1].data
        for k, v in pairs(params) do
            assert.is_true(deep_equal(v, echoed[k]), k)
            if math.type and type(v) == "number" then assert.equal(math.type(v), math.type(echoed[k]), k) end
        end
        assert.equal(3, page.offset)
        assert.equal(7, page.limit)
        -- On the wire: integers as integers ("limit":7, never 7.0).
        local body = srv:last_request().body
        assert.truthy(body:find('"limit":7[,}]'), body)
        assert.truthy(body:find('"offset":3[,}]'), body)
        assert.is_nil(body:find("%d%.0[,}%]]"), body)
        c:close()
    end)

    it("sends the headers the API expects", function()
        local c = client()
        assert(c:anchors{ target = "small-example.com", limit = 1 })
        local h = srv:last_request().headers
        assert.equal("application/json", h["content-type"])
        assert.equal("lua-dataforseo/" .. dataforseo._VERSION, h["user-agent"])
        -- Sent (the emulator redacts it from its record; the answer proves it right).
        assert.equal("[redacted]", h["authorization"])
        assert.truthy(h["accept-encoding"]:find("gzip", 1, true))
        assert.is_nil(h["expect"])
        c:close()
        c = client{ user_agent = "my-seo-tool/2.0" }
        assert(c:anchors{ target = "small-example.com", limit = 1 })
        assert.equal("my-seo-tool/2.0", srv:last_request().headers["user-agent"])
        c:close()
    end)

    it("ends a result set with next_offset = nil", function()
        local c = client()
        local page = assert(c:anchors{ target = "small-example.com", limit = 1000 })
        assert.is_true(page.total_count > 0 and page.total_count < 10)
        assert.equal(page.total_count, #page.items)
        assert.is_nil(page.next_offset)
        page = assert(c:anchors{ target = "small-example.com", limit = 2, offset = 2 })
        assert.equal(2, page.offset)
        assert.equal(4, page.next_offset)
        page = assert(c:anchors{ target = "empty-example.com" })
        assert.equal(0, #page.items)
        assert.equal(0, page.total_count)
        assert.is_nil(page.next_offset)
        c:close()
    end)

    it("refuses invalid params locally, naming the field, and sends nothing", function()
        local c = client()
        local before = srv:stats().requests
        local err = fails(c, { target = "forbes.com", limit = 5000 })
        assert.equal("validation", err.kind)
        assert.equal("limit", err.field)
        assert.equal(5000, err.value)
        assert.equal(40501, err.code)
        assert.is_false(err.retryable)
        assert.truthy(tostring(err):find("limit", 1, true))
        err = fails(c, { target = "forbes.com", limt = 5 })
        assert.equal("limt", err.field)
        assert.equal(40506, err.code)
        assert.truthy(err.message:find("did you mean", 1, true))
        err = fails(c, { limit = 5 })
        assert.equal("target", err.field)
        assert.equal(before, srv:stats().requests)
        c:close()
    end)

    it("with validate = false sends params as given and lets the server judge them", function()
        local c = client{ validate = false }
        local before = srv:stats().requests
        local err = fails(c, { target = "forbes.com", limit = 5000 })
        assert.equal("api", err.kind)          -- the server's answer, not a local refusal
        assert.equal(40501, err.code)
        assert.equal(before + 1, srv:stats().requests)
        assert.equal("validation", fails(c, "forbes.com").kind)   -- not a table: nothing to send
        assert.equal(before + 1, srv:stats().requests)
        c:close()
    end)

    it("maps HTTP 401 (wrong credentials) to code 40100, not retried", function()
        local c = assert(dataforseo.new{ login = LOGIN, password = "Wr0ng-pa55word",
            base_url = srv.base_url, retries = 3 })
        local err = fails(c, { target = "forbes.com" })
        assert.equal("http", err.kind)
        assert.equal(401, err.http_status)
        assert.equal(40100, err.code)
        assert.is_false(err.retryable)
        assert.equal(1, err.attempts)
        assert.equal(1, srv:stats().requests)
        assert.is_nil(tostring(err):find("Wr0ng", 1, true))
        c:close()
    end)

    it("maps HTTP 404 (a wrong path prefix) to code 40400", function()
        local c = client{ base_url = srv.base_url .. "/no/such/prefix" }
        local err = fails(c, { target = "forbes.com" })
        assert.equal("http", err.kind)
        assert.equal(404, err.http_status)
        assert.equal(40400, err.code)
        assert.is_false(err.retryable)
        c:close()
    end)

    it("maps task errors under a top-level 20000 to API errors (40501, 40506)", function()
        local c = client{ validate = false }
        local err = fails(c, { target = "forbes.com", limit = 5000 })
        assert.equal("api", err.kind)
        assert.equal(40501, err.code)
        assert.equal(200, err.http_status)
        assert.is_string(err.task_id)
        assert.truthy(err.message:find("Invalid Field", 1, true))
        assert.truthy(tostring(err):find(err.task_id, 1, true))
        err = fails(c, { target = "forbes.com", colour = "red" })
        assert.equal(40506, err.code)
        local stats = srv:stats()
        assert.equal(2, stats.top_status["20000"])
        assert.equal(1, stats.task_status["40501"])
        assert.equal(1, stats.task_status["40506"])
        c:close()
    end)

    it("reports server faults with their kind and retryability", function()
        local c = client()
        srv:control{ fault = "http_503" }
        local err = fails(c, { target = "forbes.com", limit = 1 })
        assert.equal("http", err.kind)
        assert.equal(503, err.http_status)
        assert.is_true(err.retryable)
        assert.truthy(err.message:find("503", 1, true))
        srv:control{ fault = "task_50301" }
        err = fails(c, { target = "forbes.com", limit = 1 })
        assert.equal("api", err.kind)
        assert.equal(50301, err.code)
        assert.is_true(err.retryable)
        srv:control{ fault = "invalid_json" }
        err = fails(c, { target = "forbes.com", limit = 1 })
        assert.equal("http", err.kind)
        assert.is_true(err.retryable)
        for _, fault in ipairs{ "reset", "truncate", "close" } do
            srv:control{ fault = fault }
            err = fails(c, { target = "forbes.com", limit = 1 })
            assert.equal("transport", err.kind, fault)
            assert.equal("connection", err.category, fault .. ": " .. tostring(err))
            assert.is_true(err.retryable)
        end
        -- And the client carries on.
        assert(c:anchors{ target = "forbes.com", limit = 1 })
        c:close()
    end)

    it("retries transient failures up to `retries` times", function()
        local c = client{ retries = 2, retry_delay = 0.01 }
        srv:control{ faults = { { kind = "http_502", count = 1 }, { kind = "task_50000", count = 1 } } }
        local page = assert(c:anchors{ target = "forbes.com", limit = 1 })
        assert.equal(1, #page.items)
        assert.equal(3, srv:stats().requests)
        srv:control{ reset = true }
        srv:control{ fault = "http_500", count = 5 }
        local err = fails(c, { target = "forbes.com", limit = 1 })
        assert.equal(500, err.http_status)
        assert.equal(3, err.attempts)
        assert.equal(3, srv:stats().requests)
        c:close()
    end)

    it("decodes gzip responses, and can ask for none", function()
        local c = client()
        local page = assert(c:anchors{ target = "big-example.com", limit = 200 })
        assert.equal(200, #page.items)
        assert.equal(1, srv:stats().gzip_responses)
        c:close()
        c = client{ compressed = false }
        assert(c:anchors{ target = "big-example.com", limit = 200 })
        assert.equal(1, srv:stats().gzip_responses)
        c:close()
    end)

    it("reuses one connection for sequential calls", function()
        local c = client()
        for i = 1, 25 do
            assert(c:anchors{ target = "forbes.com", limit = 1, offset = i })
        end
        local stats = srv:stats()
        assert.equal(25, stats.requests)
        assert.equal(1, stats.connections)
        c:close()
    end)

    it("hits the timeout within 20% on a slow server", function()
        local c = client{ timeout = 1 }
        srv:control{ latency_ms = 3000 }
        local t0 = socket.gettime()
        local err = fails(c, { target = "forbes.com", limit = 1 })
        local elapsed = socket.gettime() - t0
        assert.equal("transport", err.kind)
        assert.equal("timeout", err.category)
        assert.equal(28, err.code)
        assert.is_true(elapsed >= 0.8 and elapsed <= 1.2, "elapsed " .. elapsed)
        c:close()
    end)

    it("verifies TLS: the self-signed emulator fails by default, works with ca_file", function()
        local c = client{ base_url = tls_srv.base_url }
        local err = fails(c, { target = "forbes.com", limit = 1 })
        assert.equal("transport", err.kind)
        assert.equal("tls", err.category)
        assert.is_false(err.retryable)
        c:close()
        c = client{ base_url = tls_srv.base_url, ca_file = tls_srv.ca_file }
        for _ = 1, 3 do assert.equal(1, #assert(c:anchors{ target = "forbes.com", limit = 1 }).items) end
        assert.equal(1, tls_srv:stats().connections)
        c:close()
    end)

    it("reports an unreachable server as a transport error", function()
        local s = assert(socket.bind("127.0.0.1", 0))
        local _, port = s:getsockname()
        s:close()
        local c = client{ base_url = "http://127.0.0.1:" .. port }
        local err = fails(c, { target = "forbes.com" })
        assert.equal("transport", err.kind)
        assert.equal("connect", err.category)
        c:close()
    end)

    it("takes credentials from DATAFORSEO_LOGIN / DATAFORSEO_PASSWORD", function()
        local out = run_lua(("env DATAFORSEO_LOGIN=%q DATAFORSEO_PASSWORD=%q"):format(LOGIN, PASSWORD), ([[
            local c = assert(require('dataforseo').new{ base_url = %q })
            local page = assert(c:anchors{ target = 'small-example.com', limit = 1 })
            io.write(#page.items)]]):format(srv.base_url))
        assert.equal("1", out)
    end)

    it("drives the chainable query builder", function()
        local c = client()
        local F = dataforseo.filters
        local page = assert(c:query("forbes.com"):where(F.anchor:like("%news%"))
            :order_by("backlinks", "desc"):limit(3):fetch())
        assert.equal(3, #page.items)
        local echoed = page.response.tasks[1].data
        assert.same({ "backlinks,desc" }, echoed.order_by)
        c:close()
    end)

    it("after close() answers every call with kind closed and never reconnects", function()
        local c = client()
        assert(c:anchors{ target = "forbes.com", limit = 1 })
        c:close()
        c:close()
        local before = srv:stats().requests
        local err = fails(c, { target = "forbes.com", limit = 1 })
        assert.equal("closed", err.kind)
        assert.is_false(err.retryable)
        assert.has_error(function()
            for _ in c:anchors_items{ target = "forbes.com" } do end
        end)
        assert.equal(before, srv:stats().requests)
        assert.equal(1, srv:stats().connections)
    end)

    it("ends a walk with kind closed when the client is closed in the middle", function()
        local c = client()
        local n = 0
        local ok, caught = pcall(function()
            for _ in c:anchors_items({ target = "forbes.com" }, { limit = 10, concurrency = 2 }) do
                n = n + 1
                if n == 15 then c:close() end
            end
        end)
        assert.is_false(ok)
        assert.equal("closed", caught.kind)
        assert.equal(20, n)         -- the two pages handed out, nothing after
    end)

    it("never puts credentials in an error message, tostring or field", function()
        assert.is_true(#seen_errors >= 15)
        for _, err in ipairs(seen_errors) do
            for _, s in ipairs(strings_in(err)) do
                assert.is_nil(s:find(PASSWORD, 1, true), s)
                assert.is_nil(s:find(LOGIN, 1, true), s)
            end
            local text = tostring(err)
            assert.is_nil(text:find(PASSWORD, 1, true), text)
            assert.is_nil(text:find(LOGIN, 1, true), text)
        end
    end)
end)

describe("client against scripted servers", function()
    local scripted = dofile("spec/support/scripted_server.lua")
    local LOGIN, PASSWORD = "seo-user@example.test", "Sup3r-s3cret pw"
    local servers = {}
    after_each(function()
        for _, srv in ipairs(servers) do srv.stop() end
        servers = {}
    end)
    local function serve(responses, extra)
        local srv = scripted.start(responses)
        servers[#servers + 1] = srv
        local o = { login = LOGIN, password = PASSWORD, base_url = srv.base_url, retries = 0 }
        for k, v in pairs(extra or {}) do o[k] = v end
        return assert(dataforseo.new(o)), srv
    end

    it("fails a call whose reported cost is not a number from 0 (1e400, -1): its estimate stands, presumed", function()
        local c = serve{
            { body = scripted.envelope{ cost = "1e400", task_cost = "1e400" } },
            { body = scripted.envelope{ cost = "-1", task_cost = "-1" } },
            { body = scripted.envelope{ cost = "0.5", task_cost = "0.5" } },
        }
        local estimate = c:estimate_call(100)
        for _, shown in ipairs{ "inf", "-1" } do
            local page, err = c:anchors{ target = "x.example" }
            assert.is_nil(page)
            assert.equal("http", err.kind)
            assert.equal("bad_body", err.reason)
            assert.is_false(err.retryable)
            assert.truthy(err.message:find("(" .. shown, 1, true), err.message)
            assert.truthy(err.message:find("presumed", 1, true), err.message)
        end
        assert(c:anchors{ target = "x.example" })
        local spent, presumed = c:spent()
        assert.near(0.5 + 2 * estimate, spent, 1e-12)          -- never $0, never inf
        assert.near(2 * estimate, presumed, 1e-12)
        assert.are.equal(3, c:stats().calls)                   -- not retried: a retry is charged again
        c:close()
    end)

    it("scrubs credentials a server echoes: as is, in the Basic header, URL-encoded", function()
        local basic = "Basic " .. require("mime").b64(LOGIN .. ":" .. PASSWORD)
        local echo = "bad credentials for " .. LOGIN .. " / " .. PASSWORD .. "; got " .. basic
            .. "; from /login?user=seo-user%40example.test&pw=Sup3r-s3cret%20pw"
        local c = serve{
            { status = 401, body = '{"status_code":40100,"status_message":' .. string.format("%q", echo) .. "}" },
            { body = '{"status_code":40100,"status_message":' .. string.format("%q", echo) .. ',"tasks":[]}' },
            { body = scripted.envelope{ task_status = 40501, task_message = echo } },
            { status = 500, headers = { ["Content-Type"] = "text/html" }, body = "<h1>" .. echo .. "</h1>" },
        }
        for _ = 1, 4 do
            local page, err = c:anchors{ target = "x.example" }
            assert.is_nil(page)
            local text = tostring(err)
            assert.truthy(text:find("***", 1, true), text)
            for _, secret in ipairs{ LOGIN, PASSWORD, basic:sub(7), "seo-user%40example.test",
                "Sup3r-s3cret%20pw" } do
                for _, s in ipairs(strings_in(err)) do assert.is_nil(s:find(secret, 1, true), s) end
            end
        end
        c:close()
    end)

    it("refuses credentials too short to hide, and scrubs echoes whatever their case", function()
        for _, bad in ipairs{ { login = "xy" }, { password = "q9z" } } do
            local c, err = dataforseo.new{ login = bad.login or LOGIN, password = bad.password or PASSWORD,
                base_url = "http://127.0.0.1:9" }
            assert.is_nil(c)
            assert.equal("validation", err.kind)
            assert.equal(bad.login and "login" or "password", err.field)
            assert.truthy(err.message:find("shorter than 4 characters", 1, true), err.message)
        end
        local echo = "user " .. LOGIN:upper() .. " pass " .. PASSWORD:upper() .. " / " .. PASSWORD:lower()
        local c = serve{ { status = 401,
            body = '{"status_code":40100,"status_message":' .. string.format("%q", echo) .. "}" } }
        local _, err = c:anchors{ target = "x.example" }
        for _, secret in ipairs{ LOGIN:upper(), PASSWORD:upper(), PASSWORD:lower() } do
            assert.is_nil(err.message:find(secret, 1, true), err.message)
        end
        assert.equal("user *** pass *** / ***", err.message)
        c:close()
    end)

    it("sends integers exactly and refuses invalid UTF-8 anywhere in the body, naming the path", function()
        local c, srv = serve({ { body = scripted.envelope{} } }, { validate = false })
        assert(c:anchors{ target = "x.example", offset = 123456789012345, tag = "t",
            filters = { "backlinks", ">", 9007199254740991 } })
        local body = srv.requests()[1].body
        assert.truthy(body:find('"offset":123456789012345', 1, true), body)
        assert.truthy(body:find("9007199254740991", 1, true), body)
        local page, err = c:anchors{ target = "x.example", filters = { "anchor", "in", { "ok", "bad\255" } } }
        assert.is_nil(page)
        assert.equal("validation", err.kind)
        assert.equal("filters", err.field)
        assert.truthy(err.message:find("filters[3][2]", 1, true), err.message)
        assert.truthy(err.message:find("UTF-8", 1, true), err.message)
        assert.equal(1, #srv.requests())
        c:close()
    end)

    it("checks the shape of what it hands out: items that are not objects are a bad body", function()
        local c = serve{ { body = scripted.envelope{ items = '[1,"x",null,[1]]', items_count = 4 } } }
        local page, err = c:anchors{ target = "x.example" }
        assert.is_nil(page)
        assert.equal("http", err.kind)
        assert.equal("bad_body", err.reason)
        assert.truthy(err.message:find("item 1", 1, true), err.message)
        c:close()
    end)

    it("says what arrived when it is not a DataForSEO response", function()
        local c = serve{
            { body = "" },
            { body = "[1, 2]" },
            { body = '{"version":"0.1","status_code":20000,"status_message":"Ok.","tasks":[]}' },
        }
        local expect = { "empty body", "not a DataForSEO response", "carries no task" }
        for i = 1, 3 do
            local _, err = c:anchors{ target = "x.example" }
            assert.equal("http", err.kind)
            assert.equal("bad_body", err.reason)
            assert.truthy(err.message:find(expect[i], 1, true), err.message)
            assert.is_nil(tostring(err):find("API error 20000", 1, true), tostring(err))
        end
        c:close()
    end)

    it("caps a server's Retry-After at max_retry_delay and says when to try again", function()
        local c, srv = serve({ { status = 503, headers = { ["Retry-After"] = "300" }, body = "{}" } },
            { retries = 3, max_retry_delay = 5 })
        local t0 = os.time()
        local _, err = c:anchors{ target = "x.example" }
        assert.is_true(os.time() - t0 < 3)
        assert.equal(1, #srv.requests())
        assert.is_true(err.retryable)
        assert.equal("retry_after", err.gave_up)
        assert.is_number(err.retry_at)
        assert.truthy(err.message:find("try again after", 1, true), err.message)
        c:close()
    end)
end)

describe("client pacing, stats and cost ledger against the emulator", function()
    local emulator = dofile("spec/support/emulator.lua")
    local srv
    setup(function() srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" }) end)
    teardown(function() if srv then srv:stop() end end)
    before_each(function() assert(srv:control{ reset = true }) end)

    local function client(extra)
        local o = { login = "demo", password = "demo", base_url = srv.base_url, retry_delay = 0.01 }
        for k, v in pairs(extra or {}) do o[k] = v end
        return assert(dataforseo.new(o))
    end

    it("refuses bad pacing options, naming the option and the rule", function()
        local cases = {
            { { calls_per_minute = 0 }, "option 'calls_per_minute' must be an integer from 1 to 1000000" },
            { { max_concurrent = 2.5 }, "option 'max_concurrent' must be an integer from 1 to 256" },
            { { max_cost = 0 }, "option 'max_cost' must be > 0" },
            { { deadline = -1 }, "option 'deadline' must be > 0" },
            { { clock = { now = 1 } }, "option 'clock' field 'now' must be a function, got number" },
            { { clock = { tick = print } }, "option 'clock' has unknown field 'tick'" },
        }
        for _, case in ipairs(cases) do
            local o = { login = "a", password = "b" }
            for k, v in pairs(case[1]) do o[k] = v end
            local ok, err = pcall(dataforseo.new, o)
            assert.is_false(ok)
            assert.truthy(tostring(err):find(case[2], 1, true), tostring(err))
        end
    end)

    it("counts calls, retries by reason, bytes, items, pages and cost; spent() sums the reported cost", function()
        local c = client{ retries = 3 }
        local st = c:stats()
        assert.same({ calls = 0, retries = 0, retries_by_reason = {}, rate_limit_waits = 0, bytes = 0,
            items = 0, pages = 0, cost = 0, presumed = 0, waited = 0, failures = 0 }, st)
        srv:control{ faults = { { kind = "http_503" }, { kind = "task_50301" } } }
        local a = assert(c:anchors{ target = "big-example.com", limit = 7 })
        local b = assert(c:anchors{ target = "big-example.com", limit = 3, offset = 7 })
        st = c:stats()
        assert.equal(4, st.calls)
        assert.equal(2, st.retries)
        assert.same({ http_503 = 1, task_50301 = 1 }, st.retries_by_reason)
        assert.equal(2, st.failures)
        assert.equal(10, st.items)
        assert.equal(2, st.pages)
        assert.equal(3, a.attempts)
        assert.equal(1, b.attempts)
        assert.near(a.cost + b.cost, c:spent(), 1e-12)
        assert.near(0.02 * 2 + 0.00003 * 10, c:spent(), 1e-9)
        assert.is_true(st.bytes > 1000)
        assert.is_true(st.waited > 0)
        -- stats() is a copy: changing it changes nothing.
        st.calls = 99
        assert.equal(4, c:stats().calls)
        c:close()
    end)

    it("refuses a call that could pass the client-wide max_cost, before sending", function()
        local c = client{ max_cost = 0.05 }
        assert.near(0.02 + 0.00003 * 100, c:estimate_call(100), 1e-12)
        assert(c:anchors{ target = "big-example.com", limit = 100 })           -- 0.023
        assert.near(0.023, c:estimate_call(100), 1e-12)                         -- observed
        assert(c:anchors{ target = "big-example.com", limit = 100, offset = 100 })
        local page, err = c:anchors{ target = "big-example.com", limit = 100, offset = 200 }
        assert.is_nil(page)
        assert.equal("cost_limit", err.kind)
        assert.is_false(err.retryable)
        assert.near(0.046, err.spent, 1e-9)
        assert.near(0.023, err.estimate, 1e-9)
        assert.equal(0.05, err.max_cost)
        assert.truthy(tostring(err):find("max_cost", 1, true))
        assert.equal(2, srv:stats().requests)
        -- Even one item costs the call's base price: still refused.
        assert.equal("cost_limit", select(2, c:anchors{ target = "big-example.com", limit = 1 }).kind)
        assert.equal(2, srv:stats().requests)
        assert.is_true(c:spent() <= 0.05)
        c:close()
    end)

    it("paces single calls by calls_per_minute per calendar minute (injected clock), keeps to the deadline", function()
        local t, slept = 0, {}
        local c = client{ calls_per_minute = 2, clock = {
            now = function() return t end,
            wall = function() return 1700000000 + t end,
            sleep = function(s) slept[#slept + 1] = s; t = t + s end,
        } }
        for i = 1, 3 do assert(c:anchors{ target = "big-example.com", limit = 1, offset = i }) end
        -- 1700000000 is 20 s into its minute: the third call waits for the next one.
        assert.same({ 40 }, slept)
        assert.equal(40, c:stats().waited)
        c:close()
        -- deadline: retries stop when the next wait would end past it.
        local d = client{ retries = 10, retry_delay = 0.2, deadline = 0.5 }
        srv:control{ fault = "http_503", count = 100 }
        local t0 = socket.gettime()
        local page, err = d:anchors{ target = "big-example.com", limit = 1 }
        local elapsed = socket.gettime() - t0
        assert.is_nil(page)
        assert.equal(503, err.http_status)
        assert.equal("deadline", err.gave_up)
        assert.is_true(err.attempts < 11)
        assert.is_true(elapsed < 0.8, "elapsed " .. elapsed)
        d:close()
    end)

    it("paces an endpoint's own per-minute limit (id_list: 10) by calendar minute, retries included", function()
        -- The emulator's own id_list limit lifted: what is held here is the client's.
        assert(srv:control{ id_list_per_minute = 1000 })
        local t, slept, sent_at = 0, {}, {}
        local c = client{ clock = {
            now = function() return t end,
            wall = function() return 1700000000 + t end,      -- 20 s into its minute
            sleep = function(s) slept[#slept + 1] = s; t = t + s end,
        } }
        local before = srv:stats().requests
        local params = { datetime_from = os.date("!%Y-%m-%d %H:%M:%S +00:00", os.time() - 3600),
            datetime_to = os.date("!%Y-%m-%d %H:%M:%S +00:00"), limit = 1 }
        for i = 1, 12 do
            assert(c:id_list(params))
            sent_at[i] = t
        end
        assert.equal(12, srv:stats().requests - before)
        -- ten in the first minute, then one wait to the next (40 s), never a second
        assert.same({ 40 }, slept)
        assert.equal(0, sent_at[10])
        assert.equal(40, sent_at[11])
        -- an endpoint without a limit of its own is not held by id_list's
        assert(c:anchors{ target = "big-example.com", limit = 1 })
        assert.same({ 40 }, slept)
        c:close()
        assert(srv:control{ id_list_per_minute = 10 })
    end)

    it("waits for the next minute after 40202 on a single call, then resumes", function()
        local t, wall, slept = 0, 1700000050, {}
        local c = client{ clock = {
            now = function() return t end,
            wall = function() return wall end,
            sleep = function(s)
                slept[#slept + 1] = s
                t, wall = t + s, wall + s
                assert(srv:control{ rate_limit_per_minute = 0 })   -- the server's window turns
            end,
        } }
        assert(srv:control{ rate_limit_per_minute = 1 })
        local page
        for i = 1, 2 do page = assert(c:anchors{ target = "big-example.com", limit = 1, offset = i }) end
        assert.equal(1, #page.items)
        -- 1700000050 is 10 s into its minute (1700000040 is a multiple of 60).
        assert.equal(1, #slept)
        assert.near(50 + 0.5, slept[1], 1e-9)
        assert.equal(1, c:stats().rate_limit_waits)
        assert.equal(1, c:stats().retries_by_reason.rate_limit)
        c:close()
    end)
end)
