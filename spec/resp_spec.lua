-- The small Redis client (hosts/resp.lua) against a hostile server: a
-- reply nested 200,000 arrays deep (or a huge array, or a huge bulk
-- string) is refused as a protocol error, never a "stack overflow" or a
-- giant allocation, and a call governed by such a "Redis" fails with kind
-- governor (issue 24 item 7).  The server is a child process (LuaSocket).
local helpers = dofile("spec/support/helpers.lua")
local resp = require "dataforseo.hosts.resp"
local dataforseo = require "dataforseo"
local socket = require "socket"

-- A child that answers every command on every connection with `reply`.
local CHILD = [[
local socket = require "socket"
local server = assert(socket.bind("127.0.0.1", 0))
local _, port = server:getsockname()
io.stdout:write(port, "\n")
io.stdout:flush()
local reply = assert(io.open(arg[1], "rb")):read("*a")
server:settimeout(30)
while true do
    local c = server:accept()
    if not c then break end
    c:settimeout(5)
    while true do
        local line = c:receive("*l")
        if not line then break end
        if line:sub(1, 1) == "*" then
            -- a command: *N then N bulk strings; answer once it is read
            for _ = 1, tonumber(line:sub(2)) do c:receive("*l"); c:receive("*l") end
            c:send(reply)
        end
    end
    c:close()
end
]]

local function hostile(reply)
    local dir = helpers.tmpdir("dataforseo-resp")
    helpers.write_file(dir .. "/child.lua", CHILD)
    helpers.write_file(dir .. "/reply", reply)
    local q = helpers.shell_quote
    local p = assert(io.popen(("echo $$ > %s; exec %s %s %s"):format(q(dir .. "/pid"), helpers.LUA,
        q(dir .. "/child.lua"), q(dir .. "/reply")), "r"))
    local port = tonumber(p:read("*l"))
    assert(port, "the hostile server did not start")
    return port, function()
        os.execute("kill " .. helpers.read_file(dir .. "/pid"):match("%d+") .. " 2>/dev/null")
        p:close()
        helpers.remove(dir)
    end
end

describe("the RESP reader against a hostile server", function()
    local cases = {
        { "nested 200,000 arrays deep", ("*1\r\n"):rep(200000) .. ":1\r\n", "nested deeper than" },
        { "an array of a billion elements", "*1000000000\r\n", "an array of 1000000000 elements" },
        { "a bulk string of 2 GB", "$2000000000\r\n", "a bulk string of 2000000000 bytes" },
    }
    for _, case in ipairs(cases) do
        it("refuses " .. case[1] .. " as a protocol error", function()
            local port, stop = hostile(case[2])
            local ok, problem = pcall(function()
                local conn = assert(resp.connect{ host = "127.0.0.1", port = port, timeout = 5 })
                local reply, message, kind = conn:call("PING")
                assert.is_nil(reply)
                assert.equal("connection", kind)
                assert.truthy(message:find(case[3], 1, true), message)
                conn:close(true)
            end)
            stop()
            assert(ok, problem)
        end)
    end

    it("fails a governed call with kind governor, never a stack overflow", function()
        local port, stop = hostile(("*1\r\n"):rep(200000) .. ":1\r\n")
        local ok, problem = pcall(function()
            local c = assert(dataforseo.new{ login = "someone", password = "secret-pw",
                base_url = "http://127.0.0.1:9", governor = { redis = { port = port, timeout = 5 } } })
            local t0 = socket.gettime()
            local page, err = c:anchors{ target = "forbes.com" }
            assert.is_nil(page)
            assert.equal("governor", err.kind)
            assert.truthy(err.message:find("nested deeper than", 1, true), err.message)
            assert.is_true(socket.gettime() - t0 < 5)
            c:close()
        end)
        stop()
        assert(ok, problem)
    end)
end)
