-- `dataforseo-emulator` (and `dataforseo mock`, which runs it): options,
-- credentials from a file or the environment (never argv), and its nginx
-- never outliving it: stopped, with its files, on Ctrl-C, on SIGTERM, when
-- the process that started it exits, and when a Lua script that started
-- an emulator exits with os.exit(0).
dofile("spec/support/emulator.lua")
local cli = require("dataforseo_emulator.cli")
local remote = require("dataforseo_emulator.remote")
local socket = require("socket")
local mime = require("mime")
local helpers = dofile("spec/support/helpers.lua")

local quote, alive = helpers.shell_quote, helpers.alive
local COMMAND = helpers.ROOT .. "/emulator/bin/dataforseo-emulator"

local function wait_for(check, seconds)
    local deadline = socket.gettime() + (seconds or 5)
    repeat
        local v = check()
        if v then return v end
        socket.sleep(0.05)
    until socket.gettime() > deadline
    return nil
end

-- Directories the emulator made under tmp (one per running instance).
local function prefixes(tmp)
    local list = {}
    for line in helpers.capture("ls -d " .. quote(tmp) .. "/dataforseo-emulator.* 2>/dev/null"):gmatch("[^\n]+") do
        list[#list + 1] = line
    end
    return list
end

local function nginx_pid(prefix)
    return tonumber(helpers.read_file(prefix .. "/logs/nginx.pid") or "")
end

-- Starts a shell command in the background with TMPDIR=tmp; -> pid.
local function background(cmd, tmp, out, env)
    local p = io.popen("cd " .. quote(helpers.ROOT) .. " && env TMPDIR=" .. quote(tmp) .. " " .. (env or "") ..
        " " .. cmd .. " >" .. quote(out) .. " 2>&1 & echo $!")
    local pid = tonumber(p:read("*a"))
    p:close()
    return pid
end

local function port_open(port)
    local c = socket.tcp()
    c:settimeout(1)
    local ok = c:connect("127.0.0.1", port)
    c:close()
    return ok ~= nil
end

describe("dataforseo-emulator command", function()
    local tmp
    before_each(function() tmp = helpers.tmpdir("dataforseo-emulator-cli") end)
    after_each(function() helpers.remove(tmp) end)

    it("parses its options and refuses bad ones, and a password in argv, with a clear message", function()
        local o = assert(cli.parse({ "--port", "8080", "--login", "me", "--password-file=pw.txt", "--latency-ms", "20",
            "--tls", "--rate-limit", "5", "--max-concurrent", "2", "--balance", "0.5", "--daily-cost-limit", "1" }))
        assert.are.same({ port = 8080, login = "me", password_file = "pw.txt", latency_ms = 20, tls = true,
            rate_limit_per_minute = 5, max_concurrent = 2, balance = 0.5, daily_cost_limit = 1 }, o)
        assert.are.same({ port = 0, auth = false }, assert(cli.parse({ "--no-auth" })))
        assert.are.same({ port = 0, graph_date = "2020-02-29" }, assert(cli.parse({ "--graph-date", "2020-02-29" })))
        local cases = {
            { { "--port", "x" }, "--port must be a non%-negative integer, got 'x'" },
            { { "--port", "70000" }, "at most 65535" },
            { { "--port" }, "--port needs a value" },
            { { "--balance", "-1" }, "--balance must be a non%-negative number" },
            { { "--password", "s3cret" },
                "%-%-password is not accepted.*%-%-password%-file FILE.*DATAFORSEO_EMULATOR_PASSWORD" },
            { { "--bogus" }, "unknown option '%-%-bogus'" },
            { { "--graph-date", "2014-12-31" },
                "%-%-graph%-date must be a date yyyy%-mm%-dd from 2015%-01%-01 to today" },
            { { "--graph-date=2020-02-30" }, "got '2020%-02%-30'" },
        }
        for _, case in ipairs(cases) do
            local ok, err = cli.parse(case[1])
            assert.is_nil(ok)
            assert.matches(case[2], err)
        end
    end)

    it("takes the password from a file (trailing line ends stripped) or the environment", function()
        local file = tmp .. "/pw"
        helpers.write_file(file, "s3cret\r\n\n")
        local env = {}
        local getenv = function(k) return env[k] end
        assert.are.same({ "me", "s3cret" }, { cli.credentials({ login = "me", password_file = file }, getenv) })
        env.DATAFORSEO_EMULATOR_LOGIN, env.DATAFORSEO_EMULATOR_PASSWORD = "envuser", "envpw"
        assert.are.same({ "envuser", "envpw" }, { cli.credentials({}, getenv) })
        env = {}
        assert.are.same({}, { cli.credentials({}, getenv) })   -- the default demo account
        local _, err = cli.credentials({ login = "me" }, getenv)
        assert.matches("needs a password", err)
        _, err = cli.credentials({ password_file = tmp }, getenv)
        assert.matches("is a directory", err)
        helpers.write_file(file, "\n")
        _, err = cli.credentials({ password_file = file }, getenv)
        assert.matches("is empty", err)
    end)

    it("serves with credentials from a file that never appear in its argv, stops on Ctrl-C", function()
        local out = tmp .. "/out"
        helpers.write_file(tmp .. "/pw", "file-s3cret\n")
        local pid = background(quote(COMMAND) .. " --port 0 --login u --password-file " .. quote(tmp .. "/pw"),
            tmp, out)
        local url = wait_for(function()
            return (helpers.read_file(out) or ""):match("listening on (http://127%.0%.0%.1:%d+)")
        end)
        local ok, err = pcall(function()
            assert.is_not_nil(url, helpers.read_file(out))
            local cmdline = helpers.read_file("/proc/" .. pid .. "/cmdline") or ""
            assert.is_nil(cmdline:find("file-s3cret", 1, true))
            local res = assert(remote.request({ url = url .. "/v3/backlinks/anchors/live", method = "POST",
                body = '[{"target":"small-example.com"}]',
                headers = { Authorization = "Basic " .. mime.b64("u:file-s3cret") } }))
            assert.are.equal(200, res.status)
            assert.is_nil((helpers.read_file(out) or ""):find("file-s3cret", 1, true))
            assert.are.equal(1, #prefixes(tmp))
        end)
        os.execute("kill -INT " .. pid)
        wait_for(function() return (helpers.read_file(out) or ""):find("stopped", 1, true) end)
        assert(ok, err)
        assert.matches("stopped", helpers.read_file(out))
        assert.is_false(port_open(tonumber(url:match(":(%d+)$"))))
        assert.are.same({}, prefixes(tmp))
    end)

    it("stops its nginx and removes its files (settings.json) on SIGTERM", function()
        local out = tmp .. "/out"
        local pid = background(quote(COMMAND) .. " --port 0", tmp, out,
            "DATAFORSEO_EMULATOR_LOGIN=u DATAFORSEO_EMULATOR_PASSWORD=env-s3cret")
        local prefix = wait_for(function()
            return (helpers.read_file(out) or ""):find("listening on", 1, true) and prefixes(tmp)[1]
        end)
        assert.is_not_nil(prefix, helpers.read_file(out))
        local master = assert(nginx_pid(prefix))
        local running = alive(master)
        -- nginx has read its settings: the password is not left on disk
        local conf, settings = helpers.exists(prefix .. "/conf/nginx.conf"),
            helpers.exists(prefix .. "/conf/settings.json")
        os.execute("kill -TERM " .. pid)
        assert.is_true(running)
        assert.is_true(conf)
        assert.is_false(settings)
        assert.is_true(wait_for(function() return not alive(master) and #prefixes(tmp) == 0 end, 5) or false,
            "nginx " .. master .. " or " .. prefix .. " outlived the command")
    end)

    it("stops its nginx and removes its files on SIGKILL to its process group", function()
        local out = tmp .. "/out"
        -- setsid: the command leads a process group of its own (pid = pgid),
        -- as under `timeout -s KILL` or a CI runner.
        local pid = background("setsid " .. quote(COMMAND) .. " --port 0", tmp, out,
            "DATAFORSEO_EMULATOR_LOGIN=u DATAFORSEO_EMULATOR_PASSWORD=env-s3cret")
        local prefix = wait_for(function()
            return (helpers.read_file(out) or ""):find("listening on", 1, true) and prefixes(tmp)[1]
        end)
        assert.is_not_nil(prefix, helpers.read_file(out))
        local port = tonumber((helpers.read_file(out) or ""):match("listening on http://127%.0%.0%.1:(%d+)"))
        local master = assert(nginx_pid(prefix))
        local served = port_open(port)
        os.execute("kill -KILL -" .. pid)
        assert.is_true(served)
        assert.is_true(wait_for(function()
            return not alive(master) and #prefixes(tmp) == 0 and not port_open(port)
        end, 5) or false, "nginx " .. master .. " (port " .. port .. ") or " .. prefix .. " outlived its group")
    end)

    it("stops when the process that started it exits (dataforseo mock, then SIGTERM)", function()
        local out = tmp .. "/out"
        local pid = background("cli/bin/dataforseo mock --port 0", tmp, out)
        local prefix = wait_for(function()
            return (helpers.read_file(out) or ""):find("listening on", 1, true) and prefixes(tmp)[1]
        end)
        assert.is_not_nil(prefix, helpers.read_file(out))
        local master = assert(nginx_pid(prefix))
        os.execute("kill -TERM " .. pid)   -- the `dataforseo` process, not the emulator it runs
        assert.is_true(wait_for(function() return not alive(master) and #prefixes(tmp) == 0 end, 5) or false,
            "nginx " .. master .. " outlived `dataforseo mock`")
    end)

    it("dataforseo mock runs the emulator's command with the same arguments", function()
        local code, stdout = helpers.run("cli/bin/dataforseo mock --help")
        assert.are.equal(0, code)
        assert.matches("usage: dataforseo%-emulator", stdout)
        code = helpers.run("cli/bin/dataforseo mock --bogus")
        assert.are.equal(2, code)
    end)
end)

describe("an emulator started by a Lua script", function()
    it("does not outlive the script when it ends with os.exit(0)", function()
        local tmp = helpers.tmpdir("dataforseo-emulator-exit")
        local script = [[
            package.path = "emulator/lua/?.lua;emulator/lua/?/init.lua;" .. package.path
            local srv = assert(require("dataforseo_emulator").start{ port = 0 })
            io.write(srv.pid, " ", srv.prefix, "\n")
            io.stdout:flush()
            os.exit(0)
        ]]
        local code, out, err = helpers.run("cd " .. quote(helpers.ROOT) .. " && env TMPDIR=" .. quote(tmp) .. " " ..
            helpers.LUA .. " -e " .. quote(script))
        local pid, prefix = out:match("^(%d+) (%S+)")
        local gone = pid and wait_for(function()
            return not alive(tonumber(pid)) and not helpers.exists(prefix)
        end, 5)
        helpers.remove(tmp)
        assert.are.equal(0, code, err)
        assert.is_not_nil(pid, out .. err)
        assert.is_true(gone or false, "nginx " .. tostring(pid) .. " or " .. tostring(prefix) .. " outlived the script")
    end)
end)
