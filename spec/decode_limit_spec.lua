-- Issue 15 item 5: a response is bounded in decoded work as well as in
-- bytes.  61 KB of gzip inflates to 60 MiB of `[[],[],...]`, under the
-- 64 MiB byte cap; it would decode to about 1.9 GB of tables.  The C
-- decoder counts an estimate of the Lua memory it builds (json option
-- max_memory) and the session sets it to 4 x max_size: the call fails
-- cleanly (category too_large), quickly, without the memory.
local json = require "dataforseo.json"
local http = require("dataforseo.core").http
local dataforseo = require "dataforseo"
local helpers = dofile("spec/support/helpers.lua")
local script_server = dofile("spec/support/script_server.lua")

local function read(path)
    local f = assert(io.open(path, "rb"))
    local s = f:read("*a")
    f:close()
    return s
end

describe("json.decode max_memory", function()
    local bomb = "[" .. string.rep("[],", 100000) .. "[]]"

    it("stops a document that builds more than max_memory of Lua values", function()
        local v, msg, pos = json.decode(bomb, { max_memory = 1000000 })
        assert.is_nil(v)
        assert.truthy(msg:find("decoded value larger than max_memory (1000000 bytes, estimated)", 1, true), msg)
        assert.is_true(pos > 1 and pos < #bomb)
        -- about 80 estimated bytes a `[],`: stopped near 1000000 / 80 tables
        assert.is_true(pos < 3 * 1000000 / 80 + 10, tostring(pos))
        -- without the option (the default of json.decode) it decodes
        assert.equal(100001, #assert(json.decode(bomb)))
    end)

    it("lets real responses through at 4 times their size", function()
        local text = read("spec/fixtures/anchors-live-example-response.json")
        local v = assert(json.decode(text, { max_memory = 4 * #text }))
        assert.equal(20000, v.status_code)
        assert.is_nil(json.decode(text, { max_memory = math.floor(#text / 2) }))
    end)

    it("counts strings, members and slots, not only tables", function()
        local strings = "[" .. string.rep('"abcdefghijklmnopqrstuvwxyz",', 10000) .. '""]'
        assert.is_nil(json.decode(strings, { max_memory = 100000 }))
        local members = "{" .. string.rep('"k":1,', 10000) .. '"k":2}'
        assert.is_nil(json.decode(members, { max_memory = 100000 }))
        local numbers = "[" .. string.rep("1,", 10000) .. "1]"
        assert.is_nil(json.decode(numbers, { max_memory = 100000 }))
        assert.truthy(json.decode(numbers, { max_memory = 1000000 }))
    end)

    it("checks the option", function()
        assert.has_error(function() json.decode("[]", { max_memory = "big" }) end)
        assert.has_error(function() json.decode("[]", { max_memory = 0 }) end)
        assert.has_error(function() json.decode("[]", { max_memory = 0 / 0 }) end)
        assert.has_error(function() json.decode("[]", { max_memory = math.huge }) end)
        assert.same({}, json.decode("[]", { max_memory = 64 }))
    end)
end)

describe("a response that inflates to 60 MiB of [[],[],...]", function()
    local srv, dir, gz

    setup(function()
        dir = helpers.tmpdir("dataforseo-decode-limit")
        gz = dir .. "/bomb.json.gz"
        -- 15 Mi lines of "[],\n": 60 MiB of JSON
        assert(helpers.sh(("(printf '['; yes '[],' 2>/dev/null | head -n 15728640; printf '[]]') | gzip -9 > %s")
            :format(helpers.shell_quote(gz))))
        srv = script_server.start(([[
            local f = assert(io.open(%q, "rb"))
            local body = f:read("*a")
            f:close()
            return function()
                return { status = 200, body = body, headers = { ["Content-Encoding"] = "gzip" } }
            end
        ]]):format(gz))
    end)

    teardown(function()
        if srv then srv:stop() end
        helpers.remove(dir)
    end)

    it("is small on the wire and under the byte cap", function()
        local size = #read(gz)
        assert.is_true(size < 100 * 1024, tostring(size))
    end)

    -- #heavy: hundreds of MB of tables; spec/memcheck.sh leaves these out.
    it("fails the session's call cleanly in bounded memory (a child process) #heavy", function()
        -- The child reports its peak resident memory; the address space is
        -- capped so that an unbounded decoder fails there, not the machine.
        local probe = dir .. "/probe.lua"
        helpers.write_file(probe, ([[
            package.cpath = %q .. package.cpath
            local http = require("dataforseo.core").http
            local s = http.session{}
            local t0 = http.now()
            local ok, res, msg, code, category = pcall(s.request, s, "GET", %q)
            local took = http.now() - t0
            s:close()
            local status = io.open("/proc/self/status"):read("*a")
            io.write(string.format("ok=%%s res=%%s code=%%s category=%%s took=%%.2f hwm_kb=%%s\nmsg=%%s\n",
                tostring(ok), tostring(res), tostring(code), tostring(category), took,
                status:match("VmHWM:%%s*(%%d+)"), tostring(msg)))
        ]]):format(helpers.build_dir() .. "/?.so;", srv.base_url .. "/bomb"))
        local code, out, err = helpers.run("ulimit -v 1500000; " .. helpers.LUA .. " " .. probe)
        assert.equal(0, code, out .. err)
        assert.truthy(out:find("ok=true res=nil code=63 category=too_large", 1, true), out .. err)
        assert.truthy(out:find("decodes to more than 268435456 bytes of Lua values", 1, true), out)
        local hwm = tonumber(out:match("hwm_kb=(%d+)"))
        assert.is_true(hwm < 700 * 1024, "peak resident memory " .. tostring(hwm) .. " kB")
        local took = tonumber(out:match("took=([%d%.]+)"))
        assert.is_true(took < 20, "took " .. took .. " s")
    end)

    it("ends the client's call with a non-retried too_large error #heavy", function()
        local before = #srv:requests()
        local client = assert(dataforseo.new{ login = "demo", password = "demo",
            base_url = srv.base_url, max_response_size = 16 * 1024 * 1024 })
        local page, err = client:anchors{ target = "example.com" }
        client:close()
        assert.is_nil(page)
        -- 16 MiB of bytes would be passed first: the byte cap says so
        assert.equal("transport", err.kind)
        assert.equal("too_large", err.category)
        assert.is_false(err.retryable)
        assert.equal(before + 1, #srv:requests())
        -- under the byte cap, the decoded cap stops it
        client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url })
        page, err = client:anchors{ target = "example.com" }
        client:close()
        assert.is_nil(page)
        assert.equal("too_large", err.category)
        assert.equal(63, err.code)
        assert.truthy(err.message:find("decodes to more than", 1, true), err.message)
        assert.is_false(err.retryable)
        assert.equal(before + 2, #srv:requests())
    end)

    it("takes a per-call json.max_memory instead of the session's", function()
        local s = http.session{}
        local res, msg, code, category = s:request("GET", srv.base_url .. "/x", nil,
            { json = { max_memory = 100000 } })
        s:close()
        assert.is_nil(res)
        assert.equal("too_large", category, msg)
        assert.equal(63, code)
        assert.truthy(msg:find("more than 100000 bytes", 1, true), msg)
    end)
end)
