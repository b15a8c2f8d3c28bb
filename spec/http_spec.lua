-- The C core's libcurl session, against a real nginx on 127.0.0.1 that this
-- spec starts (plain and TLS) and stops: headers sent, auth, keep-alive,
-- gzip, size limit, timeouts, TLS verification, proxy, failures.
local http = require("dataforseo.core").http
local json = require "dataforseo.json"
local socket = require "socket"
local mime = require "mime"

local helpers = dofile("spec/support/helpers.lua")
local nginx = helpers.nginx

local is_root = helpers.is_root()
local sh, write_file, free_port = helpers.sh, helpers.write_file, helpers.free_port

local LOCATIONS = [[
    location = /hello { default_type application/json; return 200 '{"a":1,"n":null,"s":"x"}'; }
    location = /echo {
        content_by_lua_block {
            ngx.req.read_body()
            local cjson = require "cjson"
            ngx.header["Content-Type"] = "application/json"
            ngx.print(cjson.encode{
                method = ngx.req.get_method(), uri = ngx.var.request_uri,
                host = ngx.var.host, headers = ngx.req.get_headers(),
                body_length = #(ngx.req.get_body_data() or ""),
                body = ngx.req.get_body_data() or "",
                connection = tonumber(ngx.var.connection),
            })
        }
    }
    location = /slow {
        content_by_lua_block { ngx.sleep(tonumber(ngx.var.arg_s) or 1); ngx.say("{}") }
    }
    location = /stall {
        content_by_lua_block { ngx.print("[1"); ngx.flush(true); ngx.sleep(8); ngx.say("]") }
    }
    location = /limited {
        add_header Retry-After 7 always;
        add_header X-RateLimit-Limit 2000 always;
        add_header X-RateLimit-Remaining 1999 always;
        default_type application/json;
        return 429 '{"status_code":40202,"status_message":"rate limit"}';
    }
    location = /html500 { default_type text/html; return 500 '<html><b>oops</b></html>'; }
    location = /notjson { default_type application/json; return 200 '{"a":'; }
    location = /big.json { default_type application/json; gzip on; gzip_types application/json; gzip_min_length 0; }
    location = /pregz.json { default_type application/json; add_header Content-Encoding gzip; }
]]

-- Starts nginx (optionally TLS) under its own prefix; returns a handle.
local function start_nginx(tls)
    -- A 2 MiB JSON document, also pre-compressed.
    local parts = {}
    for i = 1, 40000 do parts[i] = ('{"anchor":"item %d","backlinks":%d}'):format(i, i) end
    local big = "[" .. table.concat(parts, ",") .. "]"
    local proc = assert(nginx.start{
        name = "dataforseo-http",
        prepare = function(prefix)
            assert(sh("mkdir -p " .. prefix .. "/html"))
            if tls then
                assert(sh(("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
                    .. "-addext subjectAltName=IP:127.0.0.1 -keyout %s/conf/key.pem -out %s/conf/cert.pem "
                    .. ">/dev/null 2>&1"):format(prefix, prefix)))
            end
            write_file(prefix .. "/html/big.json", big)
            write_file(prefix .. "/html/pregz.json", big)
            assert(sh("gzip -n -9 -c " .. prefix .. "/html/pregz.json > " .. prefix .. "/html/pregz.tmp && mv "
                .. prefix .. "/html/pregz.tmp " .. prefix .. "/html/pregz.json"))
            return true
        end,
        conf = function(port, prefix)
            local listen = "127.0.0.1:" .. port
            local ssl = ""
            if tls then
                listen = listen .. " ssl"
                ssl = ("ssl_certificate %s/conf/cert.pem; ssl_certificate_key %s/conf/key.pem;")
                    :format(prefix, prefix)
            end
            return table.concat({
                "load_module /usr/lib/nginx/modules/ndk_http_module.so;",
                "load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;",
                is_root and "user root;" or "",
                "worker_processes 1; pid logs/nginx.pid; error_log logs/error.log warn;",
                "events { worker_connections 256; }",
                "http { access_log off; client_body_buffer_size 4m; client_max_body_size 8m;",
                "  keepalive_requests 100000; lua_package_path '/usr/share/lua/5.1/?.lua;;';",
                "  server { listen " .. listen .. "; " .. ssl,
                "  root " .. prefix .. "/html;",
                LOCATIONS,
                "  } }",
            }, "\n")
        end,
    })
    return {
        port = proc.port, prefix = proc.prefix, big = big,
        base_url = (tls and "https" or "http") .. "://127.0.0.1:" .. proc.port,
        ca_file = tls and (proc.prefix .. "/conf/cert.pem") or nil,
        stop = function() proc:stop() end,
    }
end

describe("dataforseo.core http", function()
    local srv, tls_srv
    setup(function()
        srv = start_nginx(false)
        tls_srv = start_nginx(true)
    end)
    teardown(function()
        if srv then srv.stop() end
        if tls_srv then tls_srv.stop() end
    end)

    local function echo(session, method, body, opts)
        local res, msg = session:request(method, srv.base_url .. "/echo", body, opts)
        assert.is_table(res, msg)
        assert.equal(200, res.status)
        return res.data, res
    end

    it("reports what the libcurl build can do", function()
        local info = http.info()
        assert.is_string(info.version)
        assert.is_true(info.gzip)
    end)

    it("sends the request headers the API expects and no Expect: 100-continue", function()
        local s = http.session{ user_agent = "lua-dataforseo/test", username = "user", password = "s3cret" }
        local body = '[{"target":"' .. string.rep("a", 70000) .. '"}]'
        local data = echo(s, "POST", body)
        local h = data.headers
        assert.equal("POST", data.method)
        assert.equal("application/json", h["content-type"])
        assert.equal("lua-dataforseo/test", h["user-agent"])
        assert.equal("Basic " .. mime.b64("user:s3cret"), h["authorization"])
        assert.is_nil(h["expect"])
        assert.truthy(h["accept-encoding"]:find("gzip", 1, true))
        assert.equal(#body, data.body_length)
        s:close()
    end)

    it("sends Basic authentication built once per session, for any password", function()
        for _, c in ipairs{ { "u", "" }, { "u", "p" }, { "us", "p:w" }, { "user", "pässwörd:\t€" },
            { "seo-user@example.test", string.rep("x", 1000) } } do
            local s = http.session{ username = c[1], password = c[2] }
            for _ = 1, 2 do
                assert.equal("Basic " .. mime.b64(c[1] .. ":" .. c[2]), echo(s, "GET").headers["authorization"])
            end
            s:close()
        end
        local s = http.session{ username = "u" }
        assert.equal("Basic " .. mime.b64("u:"), echo(s, "GET").headers["authorization"])
        s:close()
        s = http.session{ password = "p" }
        assert.is_nil(echo(s, "GET").headers["authorization"])
        s:close()
    end)

    it("sends GET without a body, and other methods as asked", function()
        local s = http.session()
        local data = echo(s, "POST", "[]")
        assert.equal("POST", data.method)
        data = echo(s, "GET")
        assert.equal("GET", data.method)
        assert.equal(0, data.body_length)
        data = echo(s, "PUT", "{}")
        assert.equal("PUT", data.method)
        assert.equal(2, data.body_length)
        data = echo(s, "GET")
        assert.equal("GET", data.method)
        s:close()
    end)

    it("decodes the body in C into Lua values with the null sentinel", function()
        local s = http.session()
        local res = assert(s:request("GET", srv.base_url .. "/hello"))
        assert.equal(200, res.status)
        assert.equal("application/json", res.headers["content-type"])
        assert.equal(1, res.data.a)
        assert.equal(json.null, res.data.n)
        assert.is_nil(res.body)
        res = assert(s:request("GET", srv.base_url .. "/hello", nil, { decode = false }))
        assert.equal('{"a":1,"n":null,"s":"x"}', res.body)
        res = assert(s:request("GET", srv.base_url .. "/hello", nil, { json = { null_as_nil = true } }))
        assert.is_nil(res.data.n)
        s:close()
    end)

    it("hands back the raw body and the decoder's message when the body is not JSON", function()
        local s = http.session()
        local res = assert(s:request("GET", srv.base_url .. "/notjson"))
        assert.equal(200, res.status)
        assert.equal('{"a":', res.body)
        assert.is_string(res.decode_error)
        assert.is_number(res.decode_position)
        res = assert(s:request("GET", srv.base_url .. "/html500"))
        assert.equal(500, res.status)
        assert.equal("<html><b>oops</b></html>", res.body)
        s:close()
    end)

    it("returns Retry-After and the rate-limit headers", function()
        local s = http.session()
        local res = assert(s:request("GET", srv.base_url .. "/limited"))
        assert.equal(429, res.status)
        assert.equal("7", res.headers["retry-after"])
        assert.equal("2000", res.headers["x-ratelimit-limit"])
        assert.equal("1999", res.headers["x-ratelimit-remaining"])
        assert.equal(40202, res.data.status_code)
        -- The next response does not inherit them.
        res = assert(s:request("GET", srv.base_url .. "/hello"))
        assert.is_nil(res.headers["retry-after"])
        s:close()
    end)

    it("reuses one connection for sequential calls", function()
        local s = http.session()
        local first, connections = nil, 0
        for i = 1, 20 do
            local data, res = echo(s, i % 2 == 0 and "GET" or "POST", i % 2 == 0 and nil or "[]")
            first = first or data.connection
            assert.equal(first, data.connection)
            connections = connections + res.new_connections
        end
        assert.equal(1, connections)
        s:close()
    end)

    it("decodes gzip responses (decoded size counted)", function()
        local s = http.session()
        local res = assert(s:request("GET", srv.base_url .. "/pregz.json"))
        assert.equal(200, res.status)
        assert.equal(40000, #res.data)
        assert.equal("item 40000", res.data[40000].anchor)
        assert.equal(#srv.big, res.bytes)
        res = assert(s:request("GET", srv.base_url .. "/big.json"))
        assert.equal(40000, #res.data)
        s:close()
    end)

    it("can switch compression off", function()
        local s = http.session{ compressed = false }
        local data = echo(s, "GET")
        assert.is_nil(data.headers["accept-encoding"])
        s:close()
    end)

    it("aborts a response larger than max_size, measured on decoded bytes", function()
        local s = http.session{ max_size = 1024 * 1024 }
        for _, path in ipairs{ "/big.json", "/pregz.json" } do
            local res, msg, code, category = s:request("GET", srv.base_url .. path)
            assert.is_nil(res)
            assert.equal("too_large", category)
            assert.equal(23, code)                     -- CURLE_WRITE_ERROR
            assert.truthy(msg:find("max_size", 1, true))
        end
        -- The session stays usable.
        assert.equal(200, assert(s:request("GET", srv.base_url .. "/hello")).status)
        s:close()
    end)

    it("hits the total timeout within 20%", function()
        local s = http.session{ timeout = 1 }
        local t0 = socket.gettime()
        local res, msg, code, category = s:request("GET", srv.base_url .. "/slow?s=3")
        local elapsed = socket.gettime() - t0
        assert.is_nil(res)
        assert.equal("timeout", category)
        assert.equal(28, code)
        assert.is_string(msg)
        assert.is_true(elapsed >= 0.8 and elapsed <= 1.2, "elapsed " .. elapsed)
        -- A per-request timeout overrides the session's.
        t0 = socket.gettime()
        local _, _, _, category2 = s:request("GET", srv.base_url .. "/slow?s=3", nil, { timeout = 0.5 })
        category = category2
        elapsed = socket.gettime() - t0
        assert.equal("timeout", category)
        assert.is_true(elapsed >= 0.4 and elapsed <= 0.6, "elapsed " .. elapsed)
        assert.equal(200, assert(s:request("GET", srv.base_url .. "/slow?s=0.1")).status)
        -- Under a millisecond is still a limit (libcurl reads 0 ms as none).
        t0 = socket.gettime()
        res, _, _, category = s:request("GET", srv.base_url .. "/slow?s=3", nil, { timeout = 0.0004 })
        assert.is_nil(res)
        assert.equal("timeout", category)
        assert.is_true(socket.gettime() - t0 < 0.5)
        s:close()
    end)

    it("aborts a stalled transfer through the low-speed limit", function()
        local s = http.session{ timeout = 30, low_speed_time = 1 }
        local t0 = socket.gettime()
        local res, _, _, category = s:request("GET", srv.base_url .. "/stall")
        local elapsed = socket.gettime() - t0
        assert.is_nil(res)
        assert.equal("timeout", category)
        assert.is_true(elapsed < 5, "elapsed " .. elapsed)   -- the server stalls 8 s
        s:close()
    end)

    it("reports connection failures with a category", function()
        local s = http.session{ connect_timeout = 2 }
        local res, msg, code, category = s:request("GET", "http://127.0.0.1:" .. free_port() .. "/")
        assert.is_nil(res)
        assert.equal("connect", category)
        assert.equal(7, code)
        assert.is_string(msg)
        res, msg, code, category = s:request("GET", "ftp://127.0.0.1/x")
        assert.is_string(msg)
        assert.equal(1, code)            -- CURLE_UNSUPPORTED_PROTOCOL
        assert.is_nil(res)
        assert.equal("url", category)
        s:close()
    end)

    it("verifies TLS by default and trusts the given ca_file", function()
        local s = http.session()
        local res, msg, _, category = s:request("GET", tls_srv.base_url .. "/hello")
        assert.is_nil(res)
        assert.equal("tls", category)
        assert.is_string(msg)
        s:close()
        s = http.session{ ca_file = tls_srv.ca_file }
        for _ = 1, 3 do
            res = assert(s:request("GET", tls_srv.base_url .. "/hello"))
            assert.equal(200, res.status)
            assert.equal(1, res.data.a)
        end
        s:close()
        s = http.session{ verify = false }
        assert.equal(200, assert(s:request("GET", tls_srv.base_url .. "/hello")).status)
        s:close()
    end)

    it("goes through the proxy option, and honours http_proxy from the environment", function()
        local s = http.session{ proxy = srv.base_url }
        local res = assert(s:request("GET", "http://proxied.invalid/echo"))
        assert.equal(200, res.status)
        assert.equal("proxied.invalid", res.data.host)
        s:close()
        local lua = arg and arg[-1] or "lua5.4"
        local cmd = ("http_proxy=%s %s -e \"package.path='%s'; package.cpath='%s'; "
            .. "local r = assert(require('dataforseo.core').http.session():request('GET', "
            .. "'http://viaenv.invalid/echo')); io.write(r.data.host)\""):format(
            srv.base_url, lua, package.path, package.cpath)
        local p = io.popen(cmd)
        local out = p:read("*a")
        p:close()
        assert.equal("viaenv.invalid", out)
    end)

    it("closes idempotently, refuses use after close, and prints no secrets", function()
        local s = http.session{ username = "user", password = "s3cret" }
        assert.is_nil(tostring(s):find("s3cret", 1, true))
        assert.is_nil(tostring(s):find("user", 1, true))
        s:close()
        s:close()
        assert.truthy(tostring(s):find("closed", 1, true))
        local ok, err = pcall(s.request, s, "GET", srv.base_url .. "/hello")
        assert.is_false(ok)
        assert.truthy(err:find("closed", 1, true))
    end)

    it("closes through __close on Lua 5.4", function()
        if not _VERSION:find("5.4", 1, true) then return end
        local chunk = assert(load([[
            local http = ...
            local kept
            do
                local s <close> = http.session()
                kept = s
            end
            return kept
        ]]))
        local s = chunk(http)
        assert.truthy(tostring(s):find("closed", 1, true))
    end)

    it("rejects wrong option types with the option's name", function()
        local ok, err = pcall(http.session, { timeout = "10" })
        assert.is_false(ok)
        assert.truthy(err:find("timeout", 1, true))
        ok, err = pcall(http.session, { max_size = 0 })
        assert.is_false(ok)
        assert.truthy(err:find("max_size", 1, true))
        ok, err = pcall(http.session, { connect_timeout = -1 })
        assert.is_false(ok)
        assert.truthy(err:find("connect_timeout", 1, true))
    end)

    it("lets unclosed sessions be collected", function()
        for _ = 1, 50 do
            local s = http.session()
            assert(s:request("GET", srv.base_url .. "/hello"))
        end
        collectgarbage()
        collectgarbage()
    end)

    it("sleeps", function()
        local t0 = socket.gettime()
        http.sleep(0.2)
        local elapsed = socket.gettime() - t0
        assert.is_true(elapsed >= 0.19 and elapsed < 0.5, "elapsed " .. elapsed)
    end)

    it("tells monotonic and wall time", function()
        local a = http.now()
        http.sleep(0.05)
        local b = http.now()
        assert.is_true(b - a >= 0.045 and b - a < 0.5)
        assert.is_true(math.abs(http.wall() - socket.gettime()) < 0.1)
    end)

    describe("multi", function()
        -- Runs m until every id in `want` has finished; returns id -> entry.
        local function run(m, want, limit)
            local got, n = {}, 0
            local deadline = http.now() + (limit or 10)
            while n < want and http.now() < deadline do
                local done = m:perform(0.5)
                for _, d in ipairs(done) do
                    assert.is_nil(got[d.id], "delivered twice: " .. tostring(d.id))
                    got[d.id], n = d, n + 1
                end
            end
            return got, n
        end

        it("runs transfers concurrently and hands each result back once, by id", function()
            local m = http.multi({ username = "user", password = "s3cret" }, 8)
            local t0 = http.now()
            for i = 1, 8 do
                assert.is_true(m:add(i, "GET", srv.base_url .. "/slow?s=0.3"))
            end
            assert.equal(8, (m:pending()))
            local got, n = run(m, 8)
            local elapsed = http.now() - t0
            assert.equal(8, n)
            for i = 1, 8 do
                assert.equal(200, got[i].response.status)
                assert.same({}, got[i].response.data)
            end
            assert.is_true(elapsed < 0.3 * 8 / 3, "elapsed " .. elapsed)
            assert.equal(0, (m:pending()))
            m:close()
        end)

        it("sends method, body, headers and credentials like a session, and reuses connections", function()
            local m = http.multi({ username = "user", password = "s3cret", user_agent = "ua/1" }, 4)
            local connections = {}
            for round = 1, 3 do
                for i = 1, 4 do
                    local id = round * 10 + i
                    assert(m:add(id, "POST", srv.base_url .. "/echo", '{"n":' .. id .. '}'))
                end
                local got = run(m, 4)
                for i = 1, 4 do
                    local id = round * 10 + i
                    local data = got[id].response.data
                    assert.equal("POST", data.method)
                    assert.equal('{"n":' .. id .. '}', data.body)
                    assert.equal("ua/1", data.headers["user-agent"])
                    assert.equal("application/json", data.headers["content-type"])
                    assert.equal("Basic " .. mime.b64("user:s3cret"), data.headers["authorization"])
                    connections[data.connection] = true
                end
            end
            local distinct = 0
            for _ in pairs(connections) do distinct = distinct + 1 end
            assert.is_true(distinct <= 4, distinct .. " connections for 12 calls")
            local active, slots = m:pending()
            assert.equal(0, active)
            assert.equal(4, slots)                            -- easy handles are reused
            m:close()
        end)

        it("hands back at most max_done results a call, lowest id first; 0 only moves transfers on", function()
            local m = http.multi({}, 4)
            for _, id in ipairs{ 7, 3, 9, 5 } do
                assert(m:add(id, "GET", srv.base_url .. "/hello"))
            end
            -- Let all four finish without handing any back.
            local deadline = http.now() + 5
            while http.now() < deadline do
                local done, active = m:perform(0.05, 0)
                assert.same({}, done)
                if active == 0 then break end
            end
            assert.equal(0, (m:pending()))
            local order = {}
            for _ = 1, 4 do
                local done = m:perform(0, 1)
                assert.equal(1, #done)
                order[#order + 1] = done[1].id
                assert.equal(200, done[1].response.status)
            end
            assert.same({ 3, 5, 7, 9 }, order)
            assert.same({}, (m:perform(0, 1)))
            assert.has_error(function() m:perform(0, -1) end)
            m:close()
        end)

        it("reports failures per transfer with the session's categories", function()
            local m = http.multi({ timeout = 0.3 }, 4)
            local dead = "http://127.0.0.1:" .. free_port() .. "/"
            assert(m:add(1, "GET", dead))
            assert(m:add(2, "GET", srv.base_url .. "/slow?s=2"))
            assert(m:add(3, "GET", srv.base_url .. "/hello", nil, { decode = false }))
            assert(m:add(4, "GET", srv.base_url .. "/notjson"))
            local got = run(m, 4)
            assert.equal("connect", got[1].category)
            assert.is_string(got[1].message)
            assert.equal(7, got[1].code)
            assert.is_nil(got[1].response)
            assert.equal("timeout", got[2].category)
            assert.equal('{"a":1,"n":null,"s":"x"}', got[3].response.body)
            assert.is_string(got[4].response.decode_error)
            m:close()
        end)

        it("cancels, refuses a pending id twice, and raises once closed", function()
            local m = http.multi({}, 2)
            assert(m:add(1, "GET", srv.base_url .. "/slow?s=1"))
            assert.has_error(function() m:add(1, "GET", srv.base_url .. "/hello") end)
            assert.is_true(m:cancel(1))
            assert.is_false(m:cancel(1))
            assert.equal(0, (m:pending()))
            assert(m:add(1, "GET", srv.base_url .. "/hello"))
            local got = run(m, 1)
            assert.equal(200, got[1].response.status)
            local done, active = m:perform(0)
            assert.same({}, done)
            assert.equal(0, active)
            assert.has_error(function() m:add(1.5, "GET", srv.base_url .. "/hello") end)
            assert.has_error(function() http.multi({}, 0) end)
            assert.has_error(function() http.multi({ timeout = "x" }, 2) end)
            m:close()
            m:close()
            assert.has_error(function() m:perform(0) end, "dataforseo http multi is closed")
            assert.truthy(tostring(m):find("closed", 1, true))
        end)

        it("frees everything when Lua errors out mid-batch or the handle is dropped", function()
            for _ = 1, 20 do
                local ok = pcall(function()
                    local m = http.multi({}, 4)
                    for i = 1, 4 do assert(m:add(i, "GET", srv.base_url .. "/slow?s=0.2")) end
                    m:perform(0.05)
                    error("caller failed mid-batch")
                end)
                assert.is_false(ok)
            end
            collectgarbage()
            collectgarbage()
        end)
    end)
end)
