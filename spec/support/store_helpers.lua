-- What the store specs share: a fake clock, a log that keeps its lines,
-- an emulator-like body, and running spec/support/store_worker.lua
-- processes side by side.
--
--   local sh = dofile("spec/support/store_helpers.lua")
--   local clock = sh.clock(t0)            clock.wall(), clock.advance(seconds)
--   local log = sh.log()                  log.fn (the log option), log.lines, log.events
--   sh.workers(jobs, dir) -> { result, ... }   each job as store_worker.lua takes it;
--                                         they start at the same instant; job.wrap is a
--                                         shell prefix (ulimit, setpriv), job.root the tree
--                                         holding lua/, build/ and spec/support (the checkout)
local helpers = dofile("spec/support/helpers.lua")
local json = require "dataforseo.json"
local json_writer = require "dataforseo.json_writer"

local M = {}

function M.clock(t0)
    local now = t0 or 1700000000
    return {
        wall = function() return now end,
        advance = function(seconds) now = now + seconds end,
    }
end

function M.log()
    local log = { lines = {}, events = {} }
    function log.fn(level, message, event)
        log.lines[#log.lines + 1] = level .. ": " .. message
        log.events[#log.events + 1] = event
    end
    return log
end

-- Runs the jobs as child processes at once; their results, in order.
function M.workers(jobs, dir)
    local start_at = require("dataforseo.core").http.wall() + 0.5
    local cmds = {}
    for i, job in ipairs(jobs) do
        local root = job.root or helpers.ROOT
        local lua_path = root .. "/lua/?.lua;" .. root .. "/lua/?/init.lua;;"
        local cpath = root .. "/build/" .. helpers.LUA .. "/?.so;;"
        local wrap = job.wrap or ""
        job.start_at, job.wrap, job.root = start_at, nil, nil
        local job_file, result_file = dir .. "/job" .. i .. ".json", dir .. "/result" .. i .. ".json"
        helpers.write_file(job_file, json_writer.encode(job))
        cmds[#cmds + 1] = table.concat({ wrap, "env", helpers.shell_quote("LUA_PATH=" .. lua_path),
            helpers.shell_quote("LUA_CPATH=" .. cpath), helpers.LUA,
            helpers.shell_quote(root .. "/spec/support/store_worker.lua"),
            helpers.shell_quote(job_file), helpers.shell_quote(result_file),
            ">" .. helpers.shell_quote(dir .. "/out" .. i .. ".txt"), "2>&1 &" }, " ")
    end
    cmds[#cmds + 1] = "wait"
    assert(helpers.sh(table.concat(cmds, "\n")))
    local results = {}
    for i = 1, #jobs do
        local text = helpers.read_file(dir .. "/result" .. i .. ".json")
        assert(text, "worker " .. i .. " wrote no result: "
            .. tostring(helpers.read_file(dir .. "/out" .. i .. ".txt")))
        results[i] = json.decode(text, { null_as_nil = true })
    end
    return results
end

-- A body shaped like the API's answer, n items.
function M.body(n, tag)
    local items = {}
    for i = 1, n do
        items[i] = { type = "backlinks_anchor", anchor = (tag or "anchor") .. " " .. i, backlinks = i * 3,
            referring_domains = i, first_seen = "2024-01-01 00:00:00 +00:00" }
    end
    return json_writer.encode({ version = "0.1", status_code = 20000, status_message = "Ok.", cost = 0.02,
        tasks = { { id = "t-" .. (tag or "x"), status_code = 20000, status_message = "Ok.", cost = 0.02,
            result = { { target = "example.com", total_count = n, items_count = n, items = items } } } } })
end

return M
