-- `dataforseo spend [--ledger FILE] [--since DATE] [--by day|target]
-- [--format table|json]`: the ledger (engine/ledger.lua) summed: calls,
-- items and USD per UTC day or per target, and the total.  Lines a crash
-- tore or that are not ledger lines are skipped and counted on stderr.
-- The ledger must be a regular file (a FIFO would block, /dev/zero never
-- ends).  The options are declared in parser.lua.
--
--   require("dataforseo_cli.commands.spend").run(parsed, sys) -> exit code
local connect = require "dataforseo_cli.connect"
local json_writer = require "dataforseo.json_writer"
local ledger = require "dataforseo.engine.ledger"
local printable = require "dataforseo.query.printable"
local tablefmt = require "dataforseo_cli.output.table"
local usage = require "dataforseo_cli.usage"

local M = {}

local format = string.format

-- What a cell shows: no control characters (a ledger is a file anyone may edit).
local function shown(s)
    return printable.escape(tostring(s))
end

local function check_since(since)
    local y, m, d = since:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
    if not y or tonumber(m) < 1 or tonumber(m) > 12 or tonumber(d) < 1 or tonumber(d) > 31 then
        usage.raise("--since: '%s' is not a date YYYY-MM-DD", since)
    end
end

local function write_json(sys, rows, total, by)
    local list = {}
    for i, r in ipairs(rows) do list[i] = { key = r.key, calls = r.calls, items = r.items, usd = r.cost } end
    sys.out:write(printable.json(json_writer.encode({ by = by, rows = list, total = { calls = total.calls,
        items = total.items, usd = total.cost } })) .. "\n")
end

function M.run(parsed, sys)
    local opts = parsed.opts
    local path = opts.ledger or sys.getenv("DATAFORSEO_LEDGER")
    if not path or path == "" then usage.raise("no ledger: use --ledger FILE or set DATAFORSEO_LEDGER") end
    connect.regular_file(path, opts.ledger and "--ledger" or "DATAFORSEO_LEDGER")
    if opts.since then check_since(opts.since) end
    local by = opts.by or "day"
    local entries, skipped = ledger.read(path)
    if not entries then usage.raise("--ledger: %s", skipped) end
    local rows, total = ledger.summary(entries, { by = by, since = opts.since })
    if opts.format == "json" then
        write_json(sys, rows, total, by)
    else
        rows[#rows + 1] = total
        local columns = {
            { name = by == "day" and "day (UTC)" or "target", get = function(r) return shown(r.key) end },
            { name = "calls", numeric = true, get = function(r) return tostring(r.calls) end },
            { name = "items", numeric = true, get = function(r) return format("%.0f", r.items) end },
            { name = "USD", numeric = true, get = function(r) return format("%.5f", r.cost) end },
        }
        local t = tablefmt.new(sys.out, columns, { width = sys.given_width or 100 })
        t:write(rows)
        t:close()
    end
    if skipped > 0 then
        sys:say(format("dataforseo spend: %d line%s of the ledger skipped (torn by a crash, or not a "
            .. "ledger line)", skipped, skipped == 1 and "" or "s"))
    end
    return sys:output_done()
end

return M
