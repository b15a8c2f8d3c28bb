-- The `dataforseo` command: one command line in, an exit code out.
-- bin/dataforseo is a thin entry:
--
--   os.exit(require("dataforseo_cli").main(arg))
--
-- main(args [, sys]) runs one command line and returns the exit code
-- (exits.lua): 0 success, 1 API error (also: a walk stopped by --max-cost),
-- 2 usage or validation error (the message names the option), 3 network
-- error, 4 the output could not be written (the walk stops at the first
-- failed write), 5 internal error (a bug, or out of memory: one line, no
-- traceback), 6 a walk above --confirm-over not confirmed (nothing
-- written), 130 / 143 stopped by SIGINT / SIGTERM (whole records written,
-- then a one-line summary).  The commands and their options are declared
-- in parser.lua; each command runs in commands/.
-- Everything printed to the terminal from outside (server messages, echoed
-- input) passes printable.line; see docs/cli.md.
-- sys: overrides for running it in-process (system.lua); without it, main
-- runs as the process itself: core dumps off, closed standard streams
-- reopened on /dev/null, SIGINT/SIGTERM handled (process.lua).
local exits = require "dataforseo_cli.exits"
local parser = require "dataforseo_cli.parser"
local printable = require "dataforseo.query.printable"
local process = require "dataforseo_cli.process"
local system = require "dataforseo_cli.system"
local usage = require "dataforseo_cli.usage"

local M = {}

-- The process itself (not an in-process call): core dumps off, standard
-- streams that were closed reopened on /dev/null.  Returns an exit code
-- when the command cannot run.
local function prepare_process(sys, args)
    local ok, closed = pcall(process.harden)
    if not ok or args[1] == "mock" then return nil end
    for _, fd in ipairs(closed) do
        if fd == 1 then
            sys:say("dataforseo: standard output is closed: nothing to write to; nothing was sent")
            return exits.OUTPUT
        end
    end
    return nil
end

local function version_text()
    return string.format("dataforseo %s (lua-dataforseo, %s)\n", require("dataforseo.version"),
        jit and jit.version or _VERSION)
end

local function run(args, sys)
    local parsed = parser.parse(args)
    if parsed.help then return sys:print(parsed.help) end
    if parsed.version then return sys:print(version_text()) end
    if not parsed.command then
        sys.stderr:write(parser.help())
        return exits.USAGE
    end
    -- The commands that call the API stop promptly and cleanly on a signal
    -- (the others end the default way).
    if sys.real and parsed.command.signals then process.install_signals() end
    return require(parsed.command.module).run(parsed, sys)
end

-- How a failure ends the run: its line(s) on stderr -> exit code.
local function failed(sys, args, e)
    if usage.is(e) then
        local c = args[1]
        local named = false
        for _, d in ipairs(parser.commands()) do named = named or d.name == c end
        local where = named and ("dataforseo " .. c) or "dataforseo"
        sys:say(where .. ": " .. e.message)
        sys.stderr:write("Try '" .. where .. " --help' for more information.\n")
        return exits.USAGE
    end
    if require("dataforseo.errors").is_error(e) then return exits.failed(sys, e, "nothing more was written") end
    if e.memory then
        sys.stderr:write("dataforseo: out of memory: stopped (nothing more was written)\n")
        return exits.INTERNAL
    end
    -- The interpreter's own SIGINT handler, active until ours is installed,
    -- raises "interrupted!".
    if e.internal:find("interrupted!$") then
        sys:say("dataforseo: interrupted by SIGINT; nothing more was written")
        return exits.SIGINT
    end
    sys:say("dataforseo: internal error: " .. e.internal .. " (a bug: please report it; DATAFORSEO_DEBUG=1 "
        .. "shows where)")
    if e.traceback and (sys.getenv("DATAFORSEO_DEBUG") or "") ~= "" then
        sys.stderr:write(printable.escape(e.traceback, true), "\n")
    end
    return exits.INTERNAL
end

-- main(args [, sys]) -> exit code.  args[1] is the command.
function M.main(args, overrides)
    local sys = system.new(overrides)
    args = args or {}
    if sys.real then
        local refused = prepare_process(sys, args)
        if refused then return refused end
    end
    local ok, code = xpcall(function() return run(args, sys) end, exits.internal)
    if ok then return code end
    -- Out of memory skips the message handler; the handler itself may fail too.
    local done, result = pcall(failed, sys, args, exits.internal(code))
    if done then return result end
    pcall(sys.stderr.write, sys.stderr, "dataforseo: out of memory: stopped\n")
    return exits.INTERNAL
end

return M
