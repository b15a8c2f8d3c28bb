-- `dataforseo spend [--ledger FILE] [--since DATE] [--by day|target]`: the
-- ledger (ledger.lua) summed as a table: calls, items and USD per UTC day
-- or per target, and the total.  Lines a crash tore or that are not
-- ledger lines are skipped and counted on stderr.  Called by dataforseo_cli's
-- main as run(args, sys, cli).
local ledger = require "dataforseo.engine.ledger"
local tablefmt = require "dataforseo_cli.output.table"

local M = {}

M.HELP = [==[
Usage: dataforseo spend [--ledger FILE] [--since DATE] [--by day|target]

Sums the ledger that the client writes (option ledger = "FILE", or
dataforseo anchors --ledger FILE): one line per charged call.

Options:
  --ledger FILE      the ledger (default $DATAFORSEO_LEDGER)
  --since DATE       only calls on or after DATE (YYYY-MM-DD, UTC)
  --by day|target    one row per UTC day (default) or per target

Exit codes: 0 printed, 2 usage error or unreadable ledger.

Examples:
  dataforseo spend --ledger spend.jsonl
  dataforseo spend --ledger spend.jsonl --since 2026-11-01 --by target
]==]

local OPTIONS = {
    ["ledger"] = { value = "FILE" },
    ["since"] = { value = "DATE" },
    ["by"] = { value = "day|target" },
    ["help"] = {},
}
M.OPTIONS = OPTIONS

local format = string.format

-- What a cell shows: no control characters (a ledger is a file anyone may edit).
local function shown(s)
    return require("dataforseo.query.printable").escape(tostring(s))
end

function M.run(args, sys, cli)
    local opts, help_exit = cli.parse_command("spend", args, sys, OPTIONS, M.HELP)
    if not opts then return help_exit end
    local path = opts.ledger or sys.getenv("DATAFORSEO_LEDGER")
    if not path or path == "" then cli.usage("no ledger: use --ledger FILE or set DATAFORSEO_LEDGER") end
    local since = opts.since
    if since then
        local y, m, d = since:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
        if not y or tonumber(m) < 1 or tonumber(m) > 12 or tonumber(d) < 1 or tonumber(d) > 31 then
            cli.usage("--since: '%s' is not a date YYYY-MM-DD", since)
        end
    end
    local by = opts.by or "day"
    if by ~= "day" and by ~= "target" then cli.usage("--by: '%s' is not day or target", by) end
    local entries, skipped = ledger.read(path)
    if not entries then cli.usage("--ledger: %s", skipped) end
    local rows, total = ledger.summary(entries, { by = by, since = since })
    rows[#rows + 1] = total
    local columns = {
        { name = by == "day" and "day (UTC)" or "target", get = function(r) return shown(r.key) end },
        { name = "calls", numeric = true, get = function(r) return tostring(r.calls) end },
        { name = "items", numeric = true, get = function(r) return format("%.0f", r.items) end },
        { name = "USD", numeric = true, get = function(r) return format("%.5f", r.cost) end },
    }
    local t = tablefmt.new(sys.out, columns, { width = sys.width or 100 })
    t:write(rows)
    t:close()
    if skipped > 0 then
        sys.stderr:write(format("dataforseo spend: %d line%s of the ledger skipped (torn by a crash, "
            .. "or not a ledger line)\n", skipped, skipped == 1 and "" or "s"))
    end
    return cli.output_done(sys)
end

return M
