-- Runs the real `dataforseo` command (cli/bin/dataforseo, with this checkout's
-- modules and the build of the interpreter running the specs) as a child
-- process.
--
--   local cli_runner = dofile("spec/support/cli_runner.lua")
--   local code, out, err = cli_runner.run({ "anchors", "x.com" }, { DATAFORSEO_LOGIN = "l" })
--   cli_runner.command(args, env)   -> the shell command line (for pipes, redirections)
-- env: extra variables (false unsets one); DATAFORSEO_LOGIN and
-- DATAFORSEO_PASSWORD default to "demo".  Each command gets a response store
-- of its own (XDG_CACHE_HOME, a new directory under one temporary directory
-- of this process), so that no run is answered by another's store and
-- nothing is written to the home directory; pass XDG_CACHE_HOME to share one.
local helpers = dofile("spec/support/helpers.lua")

local M = {}

local q = helpers.shell_quote

local cache_base, cache_runs = nil, 0
local function fresh_cache_dir()
    if not cache_base then
        cache_base = helpers.tmpdir("dataforseo-cli-cache")
        -- Removed when the spec process ends (its state closes).
        M.cleanup = setmetatable({}, { __gc = function() helpers.remove(cache_base) end })
        if newproxy then
            local guard = newproxy(true)
            getmetatable(guard).__gc = function() helpers.remove(cache_base) end
            M.cleanup = guard
        end
    end
    cache_runs = cache_runs + 1
    return cache_base .. "/" .. cache_runs
end

function M.command(args, env)
    local vars = { DATAFORSEO_LOGIN = "demo", DATAFORSEO_PASSWORD = "demo", COLUMNS = false,
        DATAFORSEO_LUA = helpers.LUA, LUA_PATH = false, LUA_CPATH = false }
    if not (env and env.XDG_CACHE_HOME ~= nil) then vars.XDG_CACHE_HOME = fresh_cache_dir() end
    for k, v in pairs(env or {}) do vars[k] = v end
    local parts = { "env" }
    for k, v in pairs(vars) do
        if v == false then parts[#parts + 1] = "-u " .. k end   -- env wants -u first
    end
    for k, v in pairs(vars) do
        if v ~= false then parts[#parts + 1] = k .. "=" .. q(v) end
    end
    parts[#parts + 1] = q(helpers.ROOT .. "/cli/bin/dataforseo")
    for _, a in ipairs(args) do parts[#parts + 1] = q(a) end
    return table.concat(parts, " ")
end

function M.run(args, env)
    return helpers.run(M.command(args, env))
end

return M
