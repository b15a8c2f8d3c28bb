-- `dataforseo spend [--ledger FILE] [--since DATE] [--by day|target]
-- [--format table|json]`: the ledger (engine/ledger.lua) summed as it is
-- read (memory flat whatever its length): calls, items and USD per UTC
-- day or per target, and the total; USD counts each intent that has no
-- settle at its estimate, and the presumed column says how much of it is
-- such estimates.  Lines that cannot be read (torn by a crash) or cannot
-- be believed (a cost that is not a number from 0, items not a
-- non-negative integer) are never summed: they are counted on stderr with
-- the first few line numbers.  The ledger must be a regular file (a FIFO
-- would block, /dev/zero never ends).  The options are declared in parser.lua
-- (--since checked there: a real day).
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

local function money(r)
    return { key = r.key, calls = r.calls, items = r.items, usd = r.cost, presumed_usd = r.presumed,
        presumed_calls = r.presumed_calls }
end

local function write_json(sys, rows, total, by, report)
    local list = {}
    for i, r in ipairs(rows) do list[i] = money(r) end
    local t = money(total)
    t.key = nil
    sys.out:write(printable.json(json_writer.encode({ by = by, rows = list, total = t,
        lines_skipped = report.unreadable + report.invalid })) .. "\n")
end

local function plural(n, word) return format("%d %s%s", n, word, n == 1 and "" or "s") end

-- What was not summed, and what was presumed, on stderr.
local function tell(sys, total, report)
    if total.presumed_calls > 0 then
        sys:say(format("dataforseo spend: $%.5f of it presumed: %s without a known cost (cancelled, cut short "
            .. "or never settled) counted at %s estimate", total.presumed, plural(total.presumed_calls, "call"),
            total.presumed_calls == 1 and "its" or "their"))
    end
    local skipped = report.unreadable + report.invalid
    if skipped == 0 then return end
    local where = {}
    for _, p in ipairs(report.problems) do where[#where + 1] = format("line %d: %s", p.line, p.reason) end
    sys:say(format("dataforseo spend: %s of the ledger skipped, never summed (%d unreadable: torn by a crash "
        .. "or not JSON; %d invalid); %s%s", plural(skipped, "line"), report.unreadable, report.invalid,
        table.concat(where, "; "), skipped > #where and "; ..." or ""))
end

function M.run(parsed, sys)
    local opts = parsed.opts
    local path = connect.ledger(opts, sys)
    local by = opts.by or "day"
    local rows, total, report = ledger.summary(path, { by = by, since = opts.since })
    if not rows then usage.raise("--ledger: %s", total) end
    if opts.format == "json" then
        write_json(sys, rows, total, by, report)
    else
        rows[#rows + 1] = total
        local columns = {
            { name = by == "day" and "day (UTC)" or "target", get = function(r) return shown(r.key) end },
            { name = "calls", numeric = true, get = function(r) return tostring(r.calls) end },
            { name = "items", numeric = true, get = function(r) return format("%.0f", r.items) end },
            { name = "USD", numeric = true, get = function(r) return format("%.5f", r.cost) end },
            { name = "presumed", numeric = true, get = function(r) return format("%.5f", r.presumed) end },
        }
        local t = tablefmt.new(sys.out, columns, { width = sys.given_width or 100 })
        t:write(rows)
        t:close()
    end
    tell(sys, total, report)
    return sys:output_done()
end

return M
