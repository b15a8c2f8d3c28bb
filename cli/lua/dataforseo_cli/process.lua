-- The process around a command-line run (the C core's signals and process
-- parts): SIGINT and SIGTERM end a run promptly with exit 130 / 143, core
-- dumps are off (they would hold the password), a closed stdin, stdout or
-- stderr is reopened on /dev/null (so no socket takes its number), and
-- every write to the output is checked.
--
--   local process = require "dataforseo_cli.process"
--   local closed = process.harden()      -- { fds that were closed }
--   process.install_signals()
--   process.pending_signal()             -> "SIGINT" | "SIGTERM" | nil
--   process.EXIT_CODES[name]             -> 130 | 143
--   local out = process.checked(io.stdout)   -- out:write(...), out:flush()
--   out.error                            -- the first failure, then nothing more is written
--   process.isatty(fd)                   -> boolean
--   process.read_line(fd)                -> line | nil (end of input, or a signal pending)
--   process.file_type(path)              -> "file" | "fifo" | ... | nil, message, "missing"
--   process.exec(argv)                   runs argv in place of this process (same pid);
--                                        returns only on failure: nil, message
local core = require "dataforseo.core"

local M = {}

M.EXIT_CODES = { SIGINT = 130, SIGTERM = 143 }

function M.harden()
    core.process.disable_core_dumps()
    return core.process.reopen_closed_std()
end

function M.install_signals()
    return core.signals.install()
end

function M.pending_signal()
    return (core.signals.pending())
end

M.isatty = core.process.isatty
M.read_line = core.signals.read_line
M.file_type = core.process.file_type
M.exec = core.process.exec

-- A handle whose writes and flushes are checked: the first failure is kept
-- in .error (a message) and every later write is refused, so a run stops at
-- the first byte that could not be written.
local Checked = {}
Checked.__index = Checked

function M.checked(handle)
    return setmetatable({ handle = handle, error = nil }, Checked)
end

-- A failure is what a Lua file gives (nil, message), or a raise (a closed
-- file raises); a stand-in handle that returns nothing has not failed.
local function attempt(self, method, ...)
    if self.error then return nil, self.error end
    local called, ok, err = pcall(self.handle[method], self.handle, ...)
    if called and (ok or err == nil) then return self end
    self.error = tostring((called and err) or ok or "write failed")
    return nil, self.error
end

function Checked:write(...) return attempt(self, "write", ...) end
function Checked:flush() return attempt(self, "flush") end

return M
