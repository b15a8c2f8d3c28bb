-- The client: options, credentials, and client:anchors against the local
-- emulator (real HTTP on 127.0.0.1): round-trips, error mapping, gzip,
-- keep-alive, timeouts, TLS, retries, and no credentials in any message.
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

    it("applies the documented defaults", function()
        local c = assert(new())
        assert.equal("https://api.dataforseo.com", c.base_url)
        assert.equal(60, c.timeout)
        assert.equal(10, c.connect_timeout)
        assert.equal(3, c.retries)
        assert.equal("lua-dataforseo/" .. dataforseo._VERSION, c.user_agent)
        c:close()
    end)

    it("switches to the sandbox with one option", function()
        assert.equal("https://sandbox.dataforseo.com", assert(new{ sandbox = true }).base_url)
        assert.has_error(function() new{ sandbox = true, base_url = "http://127.0.0.1:1" } end)
    end)

    it("keeps a base_url path prefix and drops trailing slashes", function()
        assert.equal("http://127.0.0.1:8080/proxy/dfs",
            assert(new{ base_url = "http://127.0.0.1:8080/proxy/dfs/" }).base_url)
    end)

    it("refuses unknown options with a suggestion (raises: a programming error)", function()
        local ok, err = pcall(new, { timout = 5 })
        assert.is_false(ok)
        assert.truthy(err:find("unknown option 'timout'", 1, true), err)
        assert.truthy(err:find("did you mean 'timeout'?", 1, true), err)
        ok, err = pcall(new, { sand_box = true })
        assert.truthy(err:find("did you mean 'sandbox'?", 1, true), err)
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
        }
        for _, case in ipairs(cases) do
            local ok, err = pcall(new, case[1])
            assert.is_false(ok)
            assert.truthy(err:find(case[2], 1, true), err)
        end
        assert.has_error(function() dataforseo.new("login") end)
    end)

    it("returns nil, err when no credentials are given or in the environment", function()
        local out = run_lua("env -u DATAFORSEO_LOGIN -u DATAFORSEO_PASSWORD", [[
            local c, err = require('dataforseo').new{}
            io.write(tostring(c), '|', err.kind, '|', err.field, '|', tostring(err))]])
        assert.truthy(out:find("^nil|validation|login|dataforseo: invalid request: no API login"), out)
        assert.truthy(out:find("DATAFORSEO_LOGIN", 1, true), out)
        out = run_lua("env -u DATAFORSEO_PASSWORD DATAFORSEO_LOGIN=x", [[
            local c, err = require('dataforseo').new{}
            io.write(tostring(c), '|', err.field)]])
        assert.equal("nil|password", out)
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
