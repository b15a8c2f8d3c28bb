-- One walk of the governor specs, the same code in a plain-Lua process
-- (spec/support/governor_walker.lua) and in an nginx worker
-- (spec/hosts/governor_app.lua): a client with the job's governor walks a
-- target and the outcome is written as JSON.
--
--   job: { base_url, login, password, target, limit, concurrency, max_items,
--          max_cost, calls_per_minute, max_concurrent, timeout, retries,
--          governor, ledger (path), progress (path: a line per page) }
--   require("governor_job").run(job, result_path)
--   result: { pid, pages, calls, items, spent (presumed included), status, error_kind,
--             error, store, ledger_sum (the ledger's total, presumed included), ledger_skipped }
local dataforseo = require "dataforseo"
local ledger = require "dataforseo.engine.ledger"
local writer = require "dataforseo.json_writer"

local M = {}

local function pid()
    local stat = io.open("/proc/self/stat", "rb")
    local line = stat and stat:read("*l") or ""
    if stat then stat:close() end
    return tonumber(line:match("^(%d+)"))
end
M.pid = pid

local function write(path, text)
    local f = assert(io.open(path .. ".tmp", "wb"))
    f:write(text)
    f:close()
    assert(os.rename(path .. ".tmp", path))
end

function M.run(job, result_path)
    local result = { pid = pid(), pages = 0, items = 0 }
    local ok, problem = pcall(function()
        local client = assert(dataforseo.new{ base_url = job.base_url, login = job.login,
            password = job.password, max_cost = job.max_cost, calls_per_minute = job.calls_per_minute,
            max_concurrent = job.max_concurrent, timeout = job.timeout or 5, retries = job.retries,
            governor = job.governor, ledger = job.ledger })
        local state = client:governor_state()
        result.store = state and state.store
        local progress = job.progress and assert(io.open(job.progress, "ab"))
        if progress then progress:setvbuf("no") end
        local w = client:anchors_pages({ target = job.target, limit = job.limit },
            { concurrency = job.concurrency or 1, max_items = job.max_items })
        local walked, err = pcall(function()
            for page in w do
                result.pages, result.items = result.pages + 1, result.items + #page.items
                if progress then progress:write(string.format("page %d %.5f\n", result.pages, client:spent())) end
            end
        end)
        result.calls, result.status, result.spent = w.calls, w.status, client:spent()
        if not walked then
            result.error_kind = type(err) == "table" and err.kind or "raised"
            result.error = tostring(err)
        end
        client:close()
        if job.ledger then
            local _, total, report = assert(ledger.summary(job.ledger))
            result.ledger_sum, result.ledger_lines = total.cost, total.calls
            result.ledger_skipped = report.unreadable + report.invalid
        end
    end)
    if not ok then result.error_kind, result.error = "raised", tostring(problem) end
    write(result_path, writer.encode(result))
    return result
end

return M
