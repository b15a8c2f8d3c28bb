-- Issue 24 item 2: `dataforseo mock` runs the emulator in its own place
-- (exec, the same pid): a Ctrl-C or SIGTERM sent to the pid its starter
-- knows stops the emulator and its nginx, and nothing is left waiting.
-- (It used to wait in os.execute, which ignores SIGINT, and a SIGTERM left
-- the emulator running as an orphan.)
local socket = require "socket"
local helpers = dofile("spec/support/helpers.lua")

local q = helpers.shell_quote

local function wait_for(check, seconds)
    local deadline = socket.gettime() + (seconds or 10)
    repeat
        local v = check()
        if v then return v end
        socket.sleep(0.05)
    until socket.gettime() > deadline
    return nil
end

local function port_open(port)
    local c = socket.tcp()
    c:settimeout(1)
    local ok = c:connect("127.0.0.1", port)
    c:close()
    return ok ~= nil
end

local function alive(pid)
    local stat = helpers.read_file("/proc/" .. pid .. "/stat")
    local state = stat and stat:match("^%d+ %b() (%a)")
    return state ~= nil and state ~= "Z"
end

describe("dataforseo mock", function()
    local tmp
    before_each(function() tmp = helpers.tmpdir("dataforseo-cli-mock") end)
    after_each(function() helpers.remove(tmp) end)

    for _, sig in ipairs({ "INT", "TERM" }) do
        it("is the emulator itself (same pid), and SIG" .. sig .. " to that pid stops it and its server", function()
            local out = tmp .. "/out"
            local p = io.popen(("cd %s && env TMPDIR=%s DATAFORSEO_LUA=%s cli/bin/dataforseo mock --port 0 >%s 2>&1 "
                .. "& echo $!"):format(q(helpers.ROOT), q(tmp), helpers.LUA, q(out)))
            local pid = tonumber(p:read("*a"))
            p:close()
            local url = wait_for(function()
                return (helpers.read_file(out) or ""):match("listening on (http://127%.0%.0%.1:%d+)")
            end)
            local ok, err = pcall(function()
                assert.is_not_nil(url, helpers.read_file(out))
                local cmdline = (helpers.read_file("/proc/" .. pid .. "/cmdline") or ""):gsub("%z", " ")
                assert.truthy(cmdline:find("dataforseo-emulator", 1, true), cmdline)
                assert.is_nil(cmdline:find("cli/bin/dataforseo ", 1, true), cmdline)
            end)
            os.execute("kill -" .. sig .. " " .. pid)
            local stopped = wait_for(function() return not alive(pid) end, 10)
            if not stopped then os.execute("kill -KILL " .. pid .. " 2>/dev/null") end
            assert(ok, err)
            assert.truthy(stopped, "dataforseo mock (pid " .. pid .. ") outlived SIG" .. sig)
            -- its server goes with it (the emulator's watchdog may take a moment)
            local port = tonumber(url:match(":(%d+)$"))
            assert.truthy(wait_for(function() return not port_open(port) end, 5), "port " .. port .. " still open")
        end)
    end

    it("says so when the emulator cannot be found (exit 127)", function()
        -- The command's modules away from a checkout, and an empty PATH.
        local mods, bin = tmp .. "/share", tmp .. "/bin"
        assert(helpers.sh("mkdir -p " .. q(mods) .. " " .. q(bin) .. " && cp -r " .. q(helpers.ROOT
            .. "/cli/lua/dataforseo_cli") .. " " .. q(mods) .. " && cp " .. q(helpers.ROOT .. "/cli/bin/dataforseo")
            .. " " .. q(bin)))
        local lua = helpers.capture("command -v " .. helpers.LUA):gsub("%s+$", "")
        local code, out, err = helpers.run(("env PATH=/nonexistent LUA_PATH=%s LUA_CPATH=%s %s %s mock --port 0")
            :format(
            q(mods .. "/?.lua;" .. mods .. "/?/init.lua;" .. helpers.ROOT .. "/lua/?.lua;" .. helpers.ROOT
                .. "/lua/?/init.lua;;"),
            q(helpers.build_dir(helpers.LUA) .. "/?.so;;"), q(lua), q(bin .. "/dataforseo")))
        assert.equal(127, code, err)
        assert.equal("", out)
        assert.truthy(err:find("cannot run dataforseo-emulator", 1, true), err)
    end)
end)
