-- Issue 21 item 1, the command's ways out: `dataforseo anchors --all` (a
-- real process) stopped by SIGINT, by SIGTERM, and by a closed pipe (with
-- SIGPIPE ignored: exit 4, the pages in flight cancelled at once; at its
-- default: killed at the first write).  Each time the emulator's charge,
-- the ledger's sum (`dataforseo spend`) and the figures of the command's
-- last line agree: never less than the API charged, more only by what is
-- presumed, and the line says how much is presumed.
local books = dofile("spec/support/books.lua")
local cli_runner = dofile("spec/support/cli_runner.lua")
local emulator = dofile("spec/support/emulator.lua")
local helpers = dofile("spec/support/helpers.lua")
local json = require "dataforseo.json"
local socket = require "socket"

local q = helpers.shell_quote
local LATENCY = 0.3

describe("the command's ways out keep every cent", function()
    local srv, dir, runs = nil, nil, 0

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
        assert(srv:post_anchors({ { target = "forbes.com", limit = 1 } }))
        dir = helpers.tmpdir("dataforseo-cli-money")
    end)
    teardown(function()
        if srv then srv:stop() end
        helpers.remove(dir)
    end)
    before_each(function()
        assert(srv:control{ reset = true, reset_accounts = true, reset_stats = true,
            latency_ms = math.floor(LATENCY * 1000) })
    end)

    -- Starts the walk; `pipe` is what its output goes into.  -> pid, wait()
    -- (-> exit code, stderr), the ledger's path
    local function start(pipe)
        runs = runs + 1
        local base = dir .. "/run" .. runs
        local ledger = base .. ".jsonl"
        local command = cli_runner.command({ "anchors", "forbes.com", "--all", "--limit", "100", "--concurrency",
            "8", "--yes", "--format", "jsonl", "--ledger", ledger, "--base-url", srv.base_url })
        helpers.write_file(base .. ".sh", ("set -o pipefail\necho $$ > %s\n%s\n%s %s 2>%s %s\n"):format(
            q(base .. ".pid"), pipe.before or "", pipe.after and "" or "exec", command, q(base .. ".err"),
            pipe.after or ">/dev/null"))
        local p = assert(io.popen("bash " .. q(base .. ".sh") .. " ; echo \"exit=$?\""))
        local pid = helpers.wait_for("the command's pid", 5, function()
            return tonumber((helpers.read_file(base .. ".pid") or ""):match("%d+"))
        end)
        return pid, function()
            local status = p:read("*a")
            p:close()
            return tonumber(status:match("exit=(%d+)")), helpers.read_file(base .. ".err") or ""
        end, ledger
    end

    local function requests() return assert(srv:stats()).requests end

    -- The emulator answers (and charges) what was on the wire when the
    -- command stopped; then: its books, the ledger and the last line agree.
    local function agree(ledger, err, what)
        socket.sleep(LATENCY + 0.2)
        local code, out, spend_err = helpers.run(cli_runner.command{ "spend", "--ledger", ledger,
            "--format", "json" })
        assert.equal(0, code, spend_err)
        local total = assert(json.decode(out)).total
        books.agree{ what = what, charged = books.charged(srv), spent = total.usd, presumed = total.presumed_usd }
        if err then
            local usd, presumed = err:match("%$(%d+%.%d+) %(of which %$(%d+%.%d+) presumed%)")
            usd = usd or err:match("%d+ calls?, %$(%d+%.%d+)")
            assert(usd, err)
            assert.near(total.usd, tonumber(usd), 1e-5)
            assert.near(total.presumed_usd, tonumber(presumed or 0), 1e-5)
        end
        return total
    end

    local function after_pages(n)
        local deadline = socket.gettime() + 20
        while requests() < n and socket.gettime() < deadline do socket.sleep(0.02) end
        socket.sleep(LATENCY / 2)           -- the next pages are on the wire
    end

    for _, sig in ipairs{ "INT", "TERM" } do
        it("SIG" .. sig .. " mid-walk: exit " .. (sig == "INT" and 130 or 143) .. ", the line says what is presumed",
            function()
                local pid, wait, ledger = start{}
                after_pages(3)
                assert(helpers.sh("kill -" .. sig .. " " .. pid))
                local code, err = wait()
                assert.equal(sig == "INT" and 130 or 143, code, err)
                assert.truthy(err:find("interrupted by SIG" .. sig, 1, true), err)
                local total = agree(ledger, err, "SIG" .. sig)
                assert.is_true(total.presumed_usd > 0, err)    -- the pages it abandoned
            end)
    end

    it("a closed pipe (SIGPIPE ignored): exit 4, the pages it cut off counted as presumed", function()
        local before = requests()
        local pid, wait, ledger = start{ before = "trap '' PIPE", after = "| head -c 1 >/dev/null" }
        assert(pid)
        local code, err = wait()
        assert.equal(4, code, err)
        assert.truthy(err:find("cannot write the output", 1, true), err)
        agree(ledger, err, "closed pipe")
        assert.is_true(requests() - before <= 9, err)        -- the first page and the 8 it had asked for
    end)

    it("a closed pipe with SIGPIPE at its default: killed at the write, the ledger still agrees", function()
        local _, wait, ledger = start{ after = "| head -c 1 >/dev/null" }
        wait()
        agree(ledger, nil, "killed by SIGPIPE")
    end)
end)
