-- The emulator for specs, from this checkout's emulator/lua (spec/run.sh
-- puts it on --lpath; a single spec run with only lua/ on it works too):
--
--   local emulator = dofile("spec/support/emulator.lua")
--   local srv = assert(emulator.start{ port = 0 })
local dir = "emulator/lua"
if not package.path:find(dir .. "/?.lua", 1, true) then
    package.path = dir .. "/?.lua;" .. dir .. "/?/init.lua;" .. package.path
end
return require("dataforseo_emulator")
