-- The app of governor_fleet_spec.lua inside nginx: every worker polls for
-- a job (PREFIX/job.json, written by the spec) and runs each new one once
-- through spec/support/governor_job.lua, writing
-- PREFIX/results/<job id>-<worker pid>.json (and its ledger beside it).
--   init_worker_by_lua_block { require("governor_app").init_worker(PREFIX) }
local json = require "dataforseo.json"
local job_runner = require "governor_job"

local M = {}

local function read_job(prefix)
    local f = io.open(prefix .. "/job.json", "rb")
    if not f then return nil end
    local text = f:read("*a")
    f:close()
    return json.decode(text, { null_as_nil = true })
end

function M.init_worker(prefix)
    ngx.timer.at(0, function(premature)
        local seen = {}
        while not premature and not ngx.worker.exiting() do
            local job = read_job(prefix)
            if job and job.id and not seen[job.id] then
                seen[job.id] = true
                local name = prefix .. "/results/" .. job.id .. "-" .. job_runner.pid()
                if job.ledger then job.ledger = name .. ".jsonl" end
                job_runner.run(job, name .. ".json")
            end
            ngx.sleep(0.05)
        end
    end)
end

return M
