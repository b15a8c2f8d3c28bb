-- Issue 15 item 2: any Retry-After a server sends parses to a sane number
-- of seconds or is ignored; nothing raises (the unit), not the client, and
-- the command ends with a clean line (against a scripted server).
local retry = require "dataforseo.engine.retry"
local dataforseo = require "dataforseo"
local script_server = dofile("spec/support/script_server.lua")
local cli_runner = dofile("spec/support/cli_runner.lua")
local literal = dofile("spec/support/lua_literal.lua")

local CEILING = retry.RETRY_AFTER_CEILING

-- What hostile and broken servers send.
local HOSTILE = {
    "Sun, 06 Nov 99999999999 08:49:37 GMT",       -- the year that raised on 5.4
    "Sun, 06 Nov 9999999 08:49:37 GMT",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "Sun, 06 Nov -1994 08:49:37 GMT",
    "Sun, 99 Nov 1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 99:99:99 GMT",
    "Sun, 06 Foo 1994 08:49:37 GMT",
    "Sunday, 06-Nov-99999 08:49:37 GMT",
    "Sun Nov  6 08:49:37 99999999999",
    "99999999999999999999999999",
    string.rep("9", 400),
    "1e400", "-5", "0x10", "inf", "nan", "1.5.5", "", "   ", "soon",
    string.rep("a", 100000),
}

describe("Retry-After", function()
    it("reads delay-seconds and the three HTTP-date forms", function()
        local now = 784111777 - 90          -- 90 s before Sun, 06 Nov 1994 08:49:37 GMT
        assert.equal(12, retry.parse_retry_after("12", now))
        assert.equal(1.5, retry.parse_retry_after(" 1.5 ", now))
        assert.equal(0, retry.parse_retry_after("0", now))
        assert.equal(90, retry.parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now))
        assert.equal(90, retry.parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now))
        assert.equal(90, retry.parse_retry_after("Sun Nov  6 08:49:37 1994", now))
        -- a date in the past means now
        assert.equal(0, retry.parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now))
        -- a leap day, by the calendar and not by os.time
        assert.equal(951782400, retry.parse_retry_after("Tue, 29 Feb 2000 00:00:00 GMT", 0))
        -- with the clock of the machine
        local soon = os.date("!%a, %d %b %Y %H:%M:%S GMT", os.time() + 90)
        local wait = retry.parse_retry_after(soon)
        assert.is_true(wait >= 88 and wait <= 90, tostring(wait))
    end)

    it("never raises: hostile values parse to 0..ceiling seconds or are ignored", function()
        for _, v in ipairs(HOSTILE) do
            local ok, wait = pcall(retry.parse_retry_after, v)
            assert.is_true(ok, "raised for '" .. v:sub(1, 60) .. "': " .. tostring(wait))
            if wait ~= nil then
                assert.is_number(wait)
                assert.is_true(wait >= 0 and wait <= CEILING, v:sub(1, 60) .. " -> " .. tostring(wait))
                -- whole seconds here, which string.format("%d") takes on every Lua
                assert.equal(math.floor(wait), wait)
                assert.is_string(string.format("%d", wait))
            end
        end
        -- huge demands are kept as demands (at the ceiling), garbage is ignored
        assert.equal(CEILING, retry.parse_retry_after("99999999999999999999999999"))
        assert.equal(CEILING, retry.parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT"))
        assert.is_nil(retry.parse_retry_after("Sun, 06 Nov 99999999999 08:49:37 GMT"))
        assert.is_nil(retry.parse_retry_after("soon"))
        assert.is_nil(retry.parse_retry_after(nil))
        assert.is_nil(retry.parse_retry_after(12))
    end)

    describe("from a scripted server", function()
        local srv
        setup(function()
            srv = script_server.start("local values = " .. literal(HOSTILE) .. [[

                return function(_, n)
                    -- 503 with retries = 0: one call each (a 429 would wait for
                    -- the next minute window when the value is ignored)
                    return { status = 503, headers = { ["Retry-After"] = values[(n - 1) % #values + 1] },
                        body = '{"status_code":50301,"status_message":"Busy"}' }
                end
            ]])
        end)
        teardown(function() if srv then srv:stop() end end)

        it("the client returns nil, err for every hostile value", function()
            local client = assert(dataforseo.new{ login = "demo", password = "demo",
                base_url = srv.base_url, retries = 0 })
            local seen = 0
            for _ in ipairs(HOSTILE) do
                local ok, page, err = pcall(client.anchors, client, { target = "example.com", limit = 1 })
                assert.is_true(ok, "raised: " .. tostring(page))
                assert.is_nil(page)
                assert.equal("http", err.kind)
                assert.equal(503, err.http_status)
                if err.retry_after ~= nil then
                    assert.is_true(err.retry_after >= 0 and err.retry_after <= CEILING)
                end
                seen = seen + 1
            end
            client:close()
            assert.equal(#HOSTILE, seen)
        end)
    end)
end)

describe("the command with a hostile Retry-After", function()
    local srv
    setup(function()
        srv = script_server.start([[
            return function()
                return { status = 503, headers = { ["Retry-After"] = "Sun, 06 Nov 99999999999 08:49:37 GMT" },
                    body = "<html>busy</html>", }
            end
        ]])
    end)
    teardown(function() if srv then srv:stop() end end)

    it("ends with one clean line, no traceback", function()
        local code, out, err = cli_runner.run({ "anchors", "example.com", "--base-url", srv.base_url,
            "--timeout", "5" })
        assert.equal("", out)
        assert.is_nil(err:find("traceback", 1, true), err)
        assert.is_nil(err:find("errors.lua", 1, true), err)
        assert.equal(1, code, err)
        assert.truthy(err:find("HTTP 503", 1, true), err)
    end)
end)
