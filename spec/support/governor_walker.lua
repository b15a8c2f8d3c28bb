-- A plain-Lua process of the governor specs: runs one job
-- (spec/support/governor_job.lua) read from a JSON file.
--   lua governor_walker.lua JOB.json RESULT.json
-- Started by governor_fleet_spec.lua under a watchdog (it never outlives
-- the spec), with package paths from LUA_PATH / LUA_CPATH.
local job_path, result_path = arg[1], arg[2]
local json = require "dataforseo.json"
local f = assert(io.open(job_path, "rb"))
local job = assert(json.decode(f:read("*a"), { null_as_nil = true }))
f:close()
require("governor_job").run(job, result_path)
