-- Issue 15 item 13 (the C layer) and the 200 kB header of item 24, against
-- a scripted server that logs what arrives: a header value with CR, LF or
-- NUL, a credential or path with a NUL, a URL with a NUL or a control
-- character, a method that is not a token -- refused with a clear error
-- and nothing sent; a response header over libcurl's limit is named.
local http = require("dataforseo.core").http
local script_server = dofile("spec/support/script_server.lua")

describe("the C core sends only what was meant", function()
    local srv
    setup(function()
        srv = script_server.start([[
            return function(req)
                if req.path == "/big-header" then
                    return { headers = { ["X-Big"] = string.rep("a", 200 * 1024) }, body = "{}" }
                end
                return { body = '{"ok":true}' }
            end
        ]])
    end)
    teardown(function() if srv then srv:stop() end end)

    local function count() return #srv:requests() end

    it("refuses header values with CR, LF, NUL or other controls (user_agent)", function()
        for _, ua in ipairs({ "x\r\nX-Injected: 1", "x\nX-Injected: 1", "x\rX-Injected: 1",
            "lua\0-dataforseo", "bell\7", "del\127" }) do
            local before = count()
            local ok, err = pcall(http.session, { user_agent = ua })
            assert.is_false(ok, ("%q was accepted"):format(ua))
            assert.truthy(tostring(err):find("'user_agent'", 1, true), err)
            local why = tostring(err)
            assert.truthy(why:find("NUL byte", 1, true) or why:find("control character", 1, true), why)
            ok = pcall(http.multi, { user_agent = ua }, 2)
            assert.is_false(ok)
            assert.equal(before, count())
        end
        for _, h in ipairs(srv:requests()) do assert.is_nil(h.headers["x-injected"]) end
        -- a tab and UTF-8 are fine in a header value
        local s = http.session{ user_agent = "lua-dataforseo\t\195\169" }
        assert.truthy(s:request("GET", srv.base_url .. "/ok"))
        s:close()
        local last = srv:requests()[count()]
        assert.equal("lua-dataforseo\t\195\169", last.headers["user-agent"])
    end)

    it("refuses credentials and paths with a NUL, and a login with ':'", function()
        local cases = {
            { password = "abc\0def" }, { username = "user\0x", password = "p" },
            { username = "us:er", password = "p" }, { username = "u", password = "p", proxy = "http://127.0.0.1:1\0x" },
            { ca_file = "/etc/ssl/certs/ca-certificates.crt\0x" }, { ca_path = "/etc/ssl\0x" },
        }
        for _, opts in ipairs(cases) do
            local ok, err = pcall(http.session, opts)
            assert.is_false(ok)
            local name = tostring(err):match("option '([%w_]+)'")
            assert.truthy(name, err)
            assert.is_not_nil(opts[name], err)
        end
        -- the password is never in the message
        local _, err = pcall(http.session, { username = "u", password = "S3cret\0tail" })
        assert.is_nil(tostring(err):find("S3cret", 1, true))
    end)

    it("refuses a URL with a NUL, a space or a control character: nothing is sent", function()
        local s = http.session()
        local before = count()
        for _, path in ipairs({ "/a\0b", "/a b", "/a\r\nX-Injected: 1", "/a\tb", "/a\127" }) do
            local res, msg, code, category = s:request("GET", srv.base_url .. path)
            assert.is_nil(res)
            assert.equal("url", category)
            assert.equal(3, code)
            assert.truthy(msg:find("not sent", 1, true), msg)
        end
        assert.equal(before, count())
        local m = http.multi({}, 2)
        local ok, msg = m:add(1, "GET", srv.base_url .. "/a\0b")
        assert.is_nil(ok)
        assert.truthy(msg:find("NUL", 1, true), msg)
        m:close()
        s:close()
    end)

    it("refuses a method that is not an HTTP token", function()
        local s = http.session()
        local before = count()
        for _, method in ipairs({ "GET\r\nX-Injected: 1", "GE T", "", "P\0OST" }) do
            local ok, err = pcall(s.request, s, method, srv.base_url .. "/ok")
            assert.is_false(ok, ("%q"):format(method))
            assert.truthy(tostring(err):find("method", 1, true), err)
        end
        assert.equal(before, count())
        assert.truthy(s:request("PATCH", srv.base_url .. "/ok", "{}"))
        s:close()
    end)

    it("names a response header over libcurl's 100 kB limit (was 'curl 27: Out of memory')", function()
        local s = http.session()
        local res, msg, code, category = s:request("GET", srv.base_url .. "/big-header")
        s:close()
        assert.is_nil(res)
        assert.equal(27, code)
        assert.equal("too_large", category)
        assert.truthy(msg:find("header line over libcurl's 100 kB limit", 1, true), msg)
        assert.truthy(msg:find("check base_url", 1, true), msg)
        -- and a real out-of-memory is not mistaken for it: a normal header works
        s = http.session()
        assert.truthy(s:request("GET", srv.base_url .. "/ok"))
        s:close()
    end)
end)
