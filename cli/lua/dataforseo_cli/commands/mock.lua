-- `dataforseo mock [options]`: the emulator's own command with the same
-- arguments, run in place of this process (exec: the same pid, so Ctrl-C
-- and SIGTERM sent to it reach the emulator, and nothing is left waiting
-- between it and whoever started it).  The checkout's
-- emulator/bin/dataforseo-emulator when the command runs from a checkout,
-- else dataforseo-emulator on PATH.
--
--   require("dataforseo_cli.commands.mock").run(parsed, sys) -> exit code (only on failure)
local process = require "dataforseo_cli.process"

local M = {}

local EXIT_NOT_FOUND = 127    -- as a shell says it

local function emulator_command()
    local here = debug.getinfo(1, "S").source:match("^@(.*)/cli/lua/dataforseo_cli/commands/mock%.lua$")
    local bin = here and (here .. "/emulator/bin/dataforseo-emulator")
    if bin and process.file_type(bin) == "file" then return bin end
    return "dataforseo-emulator"
end

function M.run(parsed, sys)
    local argv = { emulator_command() }
    for _, word in ipairs(parsed.rest or {}) do argv[#argv + 1] = word end
    sys.out:flush()
    local _, why = process.exec(argv)
    sys:say("dataforseo mock: cannot run " .. argv[1] .. " (" .. tostring(why) .. "): install the "
        .. "dataforseo-emulator rock, or run the command from a checkout")
    return EXIT_NOT_FOUND
end

return M
