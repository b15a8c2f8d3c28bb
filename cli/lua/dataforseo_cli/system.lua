-- The system around one run of the command: its streams, environment and
-- terminal, and the few ways a command speaks (one checked output, one
-- sanitised line on stderr).
--
--   local system = require "dataforseo_cli.system"
--   local sys = system.new(overrides)   -- overrides nil: the process itself
--   sys.out              stdout, every write checked (process.checked)
--   sys:say(text)        one line on stderr, through the one sanitiser, in one write
--   sys:print(text)      our own text on the output -> exit code (0, or 4 said on stderr)
--   sys:output_done()    flushes the output -> exit code (0, or 4 said on stderr)
--   sys:read_answer()    a line from stdin, or nil (end of input, or a signal)
--   sys:width()          terminal columns (given, $COLUMNS, stty, 80)
--   sys.given_width      the width given in-process (nil for the process itself)
--   sys.pending_signal() -> "SIGINT" | "SIGTERM" | nil
-- overrides (for running main in-process; every field optional): stdout,
-- stderr, stdin (file handles), getenv, stdout_tty, stderr_tty, stdin_tty,
-- width, pending_signal.
local printable = require "dataforseo.query.printable"
local process = require "dataforseo_cli.process"

local M = {}

local System = {}
System.__index = System

function M.new(overrides)
    local real = overrides == nil
    local o = overrides or {}
    local s = setmetatable({
        real = real,
        stdout = o.stdout or io.stdout,
        stderr = o.stderr or io.stderr,
        stdin = o.stdin or io.stdin,
        getenv = o.getenv or os.getenv,
        stdout_tty = o.stdout_tty,
        stderr_tty = o.stderr_tty,
        stdin_tty = o.stdin_tty,
        given_width = o.width,
        pending_signal = o.pending_signal or (real and process.pending_signal) or function() return nil end,
    }, System)
    -- A stream given in-process is not a terminal unless it says so.
    for fd, name in pairs({ [0] = "stdin", [1] = "stdout", [2] = "stderr" }) do
        if s[name .. "_tty"] == nil then s[name .. "_tty"] = o[name] == nil and process.isatty(fd) end
    end
    s.out = process.checked(s.stdout)
    return s
end

function System:say(text)
    self.stderr:write(printable.line(text) .. "\n")
end

function System:output_done()
    if self.out:flush() then return 0 end
    self:say("dataforseo: cannot write the output (" .. self.out.error .. ")")
    return 4
end

function System:print(text)
    self.out:write(text)
    return self:output_done()
end

-- The real stdin is read in poll(): a signal at the question is an answer
-- (no), not something a restarted read() would swallow.
function System:read_answer()
    if self.real then return (process.read_line(0)) end
    return self.stdin:read("*l")
end

function System:width()
    if self.given_width then return self.given_width end
    if self.columns then return self.columns end
    local cols = tonumber(self.getenv("COLUMNS") or "")
    if cols and cols >= 20 then
        self.columns = math.floor(cols)
        return self.columns
    end
    self.columns = 80
    local p = io.popen("(stty size </dev/tty) 2>/dev/null")
    if p then
        local out = p:read("*a") or ""
        p:close()
        local c = tonumber(out:match("^%s*%d+%s+(%d+)"))
        if c and c >= 20 then self.columns = c end
    end
    return self.columns
end

return M
