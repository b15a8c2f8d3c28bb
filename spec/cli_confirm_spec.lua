-- Issue 25 item 6 and issue 24 item 3, on a real terminal (tmux): a walk
-- above --confirm-over asks on the terminal before anything reaches the
-- output.  "n" leaves the output empty and exits 6; Ctrl-C at the question
-- is a no too, said by the usual "interrupted" line, exit 130, within
-- about 100 ms (the question waits in poll(), which a signal ends; a read()
-- resumed by SA_RESTART used to swallow it).
local socket = require "socket"
local emulator = dofile("spec/support/emulator.lua")
local helpers = dofile("spec/support/helpers.lua")
local cli_runner = dofile("spec/support/cli_runner.lua")

local q = helpers.shell_quote

describe("the confirm question on a terminal", function()
    local srv, dir
    local socket_base = "dfs-confirm-spec-" .. tostring(os.time()) .. "-" .. tostring(math.random(1e6))
    local sockets = {}

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
        dir = helpers.tmpdir("dataforseo-cli-confirm")
    end)
    teardown(function()
        if srv then srv:stop() end
        helpers.remove(dir)
    end)
    after_each(function()
        for _, sock in ipairs(sockets) do helpers.capture("tmux -L " .. sock .. " kill-server 2>&1") end
        sockets = {}
    end)

    local function tmux(sock, args) return helpers.capture("tmux -L " .. sock .. " " .. args .. " 2>&1") end

    -- The walk in a fresh terminal, stdout to a file; -> screen(), keys(k), stdout path.
    local function start(name)
        local out = dir .. "/" .. name .. ".jsonl"
        local cmd = cli_runner.command({ "anchors", "forbes.com", "--all", "--confirm-over", "0.10", "--format",
            "jsonl", "--base-url", srv.base_url }) .. " >" .. q(out) .. "; echo EXIT=$?; sleep 60"
        local sock = socket_base .. "-" .. name
        sockets[#sockets + 1] = sock
        tmux(sock, "-f /dev/null new-session -d -s " .. name .. " -x 200 -y 30 " .. q(cmd))
        return function() return tmux(sock, "capture-pane -p -J -t " .. name) end,
            function(keys) tmux(sock, "send-keys -t " .. name .. " " .. keys) end, out
    end

    local function wait_screen(screen, text, seconds)
        local deadline = socket.gettime() + (seconds or 20)
        repeat
            local s = screen()
            if s:find(text, 1, true) then return s end
            socket.sleep(0.01)
        until socket.gettime() > deadline
        return nil, screen()
    end

    it("writes nothing and exits 6 when the answer is n", function()
        local screen, keys, out = start("no")
        local asked, seen = wait_screen(screen, "Continue? [y/N]")
        assert.truthy(asked, seen)
        assert.truthy(asked:find("this walk would cost about $0.52 in all (11 calls, 10105 items), more than "
            .. "--confirm-over $0.10: $0.05000 already spent on its first call, about $0.47 more for the rest.",
            1, true), asked)
        assert.equal("", helpers.read_file(out))     -- the first page is not on the output while it asks
        keys("n Enter")
        local final, last = wait_screen(screen, "EXIT=")
        assert.truthy(final, last)
        assert.truthy(final:find("EXIT=6", 1, true), final)
        assert.truthy(final:find("dataforseo: not run: nothing was written", 1, true), final)
        assert.equal("", helpers.read_file(out))
    end)

    it("takes Ctrl-C at the question as a no: interrupted, exit 130, within about 100 ms", function()
        local screen, keys, out = start("ctrlc")
        local asked, seen = wait_screen(screen, "Continue? [y/N]")
        assert.truthy(asked, seen)
        socket.sleep(0.2)                             -- the command now waits for the answer
        local t0 = socket.gettime()
        keys("C-c")
        local final, last = wait_screen(screen, "EXIT=", 5)
        local took = socket.gettime() - t0
        assert.truthy(final, "Ctrl-C at the question did not end the command:\n" .. tostring(last))
        -- About 100 ms; the screen is read every 10 ms through tmux, on a shared machine.
        assert.is_true(took < 0.5, "ended " .. took .. " s after Ctrl-C")
        assert.truthy(final:find("EXIT=130", 1, true), final)
        assert.truthy(final:find("dataforseo: interrupted by SIGINT: 0 items written (1 call", 1, true), final)
        assert.equal("", helpers.read_file(out))
    end)
end)
