-- The log the command gives the library (client option `log`, interface 1
-- of the brief): what the library has to say reaches stderr as one
-- sanitised line, or the progress bar's note when a bar is shown (a wait:
-- "waiting 42 s: the per-minute call limit (40202)").  --quiet silences
-- the "info" level (the waits); warnings and errors are always said.
--
--   local log = require("dataforseo_cli.log").new(sys, quiet)
--   connect.client(opts, sys, log.write)
--   log.bar = bar        -- from then on waits go into the bar
local M = {}

function M.new(sys, quiet)
    local self = {}
    function self.write(level, message, event)
        if quiet and level == "info" then return end
        local text = tostring(message)
        if self.bar and type(event) == "table" and event.kind == "wait" then
            self.bar:note(text)
        else
            if self.bar then self.bar:clear() end
            sys:say("dataforseo: " .. text)
        end
    end
    return self
end

return M
