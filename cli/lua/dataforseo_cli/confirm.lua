-- --yes and --confirm-over for the walking commands (anchors, report):
-- when a walk's estimate (confirm.lua) passes --confirm-over USD (default
-- 1), the estimate is shown and the user asked on the terminal; without a
-- terminal (stdin and stderr) nothing is asked and the walk is declined
-- unless --yes.  A declined walk exits with 1 and says why.
--   local confirm = require "dataforseo_cli.confirm"
--   confirm.read(cli, opts, run)           run.yes, run.confirm_over (checked)
--   local o = confirm.walk_opts(run, sys)  -> { confirm =, confirm_over = } for the walk
local M = {}

M.DEFAULT_OVER = 1

local format = string.format

function M.read(cli, opts, run)
    run.yes = opts.yes
    run.confirm_over = cli.number_option(opts, "confirm-over") or M.DEFAULT_OVER
    if run.confirm_over < 0 then
        cli.usage("--confirm-over: %s must be 0 or more (USD)", opts["confirm-over"])
    end
    return run
end

local function describe(e)
    local what = {}
    what[#what + 1] = e.calls and format("%d call%s", e.calls, e.calls == 1 and "" or "s") or "calls unknown"
    what[#what + 1] = e.items and format("%d items", e.items) or "items unknown (no --max-items; the "
        .. "first page tells)"
    local usd = e.usd and format("about $%.2f", e.usd) or "an unknown amount"
    return format("this walk may cost %s (%s)", usd, table.concat(what, ", "))
end
M.describe = describe

function M.walk_opts(run, sys)
    if run.yes then return {} end
    local over = run.confirm_over
    if sys.stdin_tty and sys.stderr_tty then
        return { confirm_over = over, confirm = function(e)
            sys.stderr:write(format("dataforseo: %s, more than --confirm-over $%.2f. Continue? [y/N] ",
                describe(e), over))
            sys.stderr:flush()
            local answer = sys.stdin:read("*l") or ""
            return answer:match("^%s*[yY]") ~= nil
        end }
    end
    return { confirm_over = over, confirm = function(e)
        sys.stderr:write(format("dataforseo: %s, more than --confirm-over $%.2f; not run: there is no "
            .. "terminal to ask on (add --yes, or raise --confirm-over)\n", describe(e), over))
        return false
    end }
end

return M
