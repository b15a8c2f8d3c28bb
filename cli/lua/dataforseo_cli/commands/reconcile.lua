-- `dataforseo reconcile [--ledger FILE] [--since DATE] [--format table|json]`:
-- the ledger (engine/ledger.lua) against the account's own books, POST
-- /v3/backlinks/id_list (free; every task of the account with its cost),
-- paired by task id.  Findings:
--   no_task        a ledger line whose task the account does not have
--   no_line        a task with a cost and no ledger line (another process,
--                  another tool, a line lost)
--   cost_differs   both, with costs that differ (exact, in units of 1e-8 USD)
--   no_task_id     a ledger line that cannot be paired: no task id (a call
--                  cut short before its answer; it counts at its estimate)
--   twice          a task id on two ledger lines
-- and three that are no disagreement: presumed_resolved (a presumed line
-- whose task shows its real cost now: the presumption resolved),
-- free_no_line (a task of cost 0 without a line: a failed attempt that was
-- retried; it changes no figure) and free_no_task_id (a settled line of $0
-- without a task id: an answer that carried no task, an HTTP 5xx say; a
-- charge for it would show as a task without a line).  Exit 0 when the two agree, 1 otherwise.
--
-- The window: from --since (00:00 UTC), else the ledger's first line, to
-- now.  id_list reaches six months back, so one window always suffices;
-- lines older than that are counted as beyond reach, never checked.  Tasks
-- are asked for from MARGIN before the window (a call's task is posted
-- before its line is written) but only those in the window count.
-- id_list allows 10 calls a minute (its description's calls_per_minute):
-- the engine paces every client's id_list calls at that.  It never writes the ledger.
--
--   require("dataforseo_cli.commands.reconcile").run(parsed, sys) -> exit code
--   .compare(calls, tasks, window) -> result (the pairing, without I/O)
local account = require "dataforseo.engine.governor.account"
local calendar = require "dataforseo.query.calendar"
local connect = require "dataforseo_cli.connect"
local exits = require "dataforseo_cli.exits"
local json_writer = require "dataforseo.json_writer"
local ledger = require "dataforseo.engine.ledger"
local printable = require "dataforseo.query.printable"
local tablefmt = require "dataforseo_cli.output.table"
local usage = require "dataforseo_cli.usage"

local M = {}

M.MARGIN = 3600          -- seconds: a call's task is posted at most this long before its line
M.REACH_SLACK = 3600     -- seconds kept off id_list's six months (the server's clock decides)

local format, floor = string.format, math.floor
local UNIT = account.UNIT

local FAILING = { no_task = true, no_line = true, cost_differs = true, no_task_id = true, twice = true }
local WORDS = {
    no_task = "no task on the account", no_line = "task without a line", cost_differs = "costs differ",
    no_task_id = "line without a task id", twice = "task on two lines",
    presumed_resolved = "presumed, now known", free_no_line = "free task without a line",
    free_no_task_id = "free line without a task id",
}

local units = ledger.units
-- A task's cost in units; nil when it is not a number from 0 to account.MAX_COST.
local function task_units(t)
    return account.valid_cost(t.cost) and units(t.cost) or nil
end

-- "2026-11-30T09:15:02.125Z" (the ledger) -> Unix seconds | nil
local function ledger_time(s)
    local day, clock = tostring(s):match("^(%d%d%d%d%-%d%d%-%d%d)T(%d%d:%d%d:%d%d)")
    return day and calendar.parse(day .. " " .. clock)
end

-- The earliest datetime_from id_list takes at `now`: six calendar months back.
local function reach(now)
    local y, m, d = calendar.civil_from_days(floor(now / 86400))
    m = m - 6
    if m < 1 then m, y = m + 12, y - 1 end
    d = math.min(d, calendar.days_in_month(y, m))
    return calendar.days_from_civil(y, m, d) * 86400 + now % 86400 + M.REACH_SLACK
end

-- The path of a task's url ("https://api.dataforseo.com/v3/backlinks/anchors/live" -> "/v3/...").
local function path_of(url)
    if type(url) ~= "string" then return nil end
    return url:match("^%a[%w+.-]*://[^/]*(/[^?#]*)") or url
end

-- calls: iterator of ledger calls (ledger.each_call); tasks: id_list items;
-- window: { from, to, fetched_from } (Unix seconds: lines and tasks from
-- `from` to `to` count; tasks back to fetched_from pair).  -> { findings,
-- paired, lines, tasks, ledger_units, books_units, not_checked = { beyond_reach,
-- unsent, later, no_time }, agree }
function M.compare(calls, tasks, window)
    -- A task the API lists twice (paging over a moving list) counts once.
    local by_id, seen, unique = {}, {}, {}
    for _, t in ipairs(tasks) do
        if type(t) == "table" and type(t.id) == "string" and not by_id[t.id] then
            by_id[t.id] = t
            unique[#unique + 1] = t
        end
    end
    tasks = unique
    local r = { findings = {}, paired = 0, lines = 0, tasks = 0, ledger_units = 0, books_units = 0,
        not_checked = { beyond_reach = 0, unsent = 0, later = 0, no_time = 0 } }
    local function add(kind, f)
        f.kind = kind
        r.findings[#r.findings + 1] = f
    end
    local checked_from = math.max(window.from, window.fetched_from + M.MARGIN)
    -- Why a line is not checked (nil: it is).
    local function left_out(c, t)
        if window.since and c.time:sub(1, 10) < window.since then return "before" end
        if not t then return "no_time" end
        if t > window.to then return "later" end
        if t < checked_from then return "beyond_reach" end
        if c.sent == false then return "unsent" end
    end
    for c in calls do
        local t = ledger_time(c.time)
        local why = left_out(c, t)
        if why then
            if why ~= "before" then r.not_checked[why] = r.not_checked[why] + 1 end
        else
            r.lines = r.lines + 1
            local spent = units(c.presumed and c.estimate or c.cost or 0)
            r.ledger_units = r.ledger_units + spent
            local f = { id = c.id, at = t, endpoint = c.endpoint, task_id = c.task_id,
                ledger = spent, presumed = c.presumed or nil }
            local task = c.task_id and by_id[c.task_id]
            if not c.task_id then
                add(not c.presumed and spent == 0 and "free_no_task_id" or "no_task_id", f)
            elseif seen[c.task_id] then
                add("twice", f)
            elseif not task then
                add("no_task", f)
            else
                seen[c.task_id] = true
                r.paired = r.paired + 1
                local cost = task_units(task)
                f.books = cost
                if c.presumed then
                    if cost then add("presumed_resolved", f) end
                elseif cost ~= spent then
                    add("cost_differs", f)
                end
            end
        end
    end
    for _, t in ipairs(tasks) do
        local posted = type(t) == "table" and calendar.parse(tostring(t.datetime_posted))
        if posted and posted >= checked_from and posted <= window.to then
            r.tasks = r.tasks + 1
            local cost = task_units(t) or 0
            r.books_units = r.books_units + cost
            if not seen[t.id] then
                add(cost > 0 and "no_line" or "free_no_line", { task_id = t.id, at = posted,
                    endpoint = path_of(t.url), books = cost })
            end
        elseif posted and seen[t.id] then
            -- a line's task posted just before the window (or its first line): it counts
            r.tasks = r.tasks + 1
            r.books_units = r.books_units + (task_units(t) or 0)
        end
    end
    r.agree = true
    for _, f in ipairs(r.findings) do
        if FAILING[f.kind] then r.agree = false end
    end
    table.sort(r.findings, function(a, b) return a.at < b.at end)
    return r
end

local function stamp(t) return os.date("!%Y-%m-%d %H:%M:%S +00:00", t) end
local function usd(u) return u and format("%.8f", u / UNIT) or "-" end
local function shown(v) return v == nil and "-" or printable.escape(tostring(v)) end

-- The ledger's first call's time (the window's start without --since).
local function first_time(path)
    local calls, report = ledger.each_call(path)
    if not calls then usage.raise("--ledger: %s", report) end
    local first
    for c in calls do
        local t = ledger_time(c.time)
        if t and (not first or t < first) then first = t end
    end
    return first
end

local function write_table(sys, r, window)
    if r.findings[1] then
        local columns = {
            { name = "finding", get = function(f) return WORDS[f.kind] end },
            { name = "time (UTC)", get = function(f) return os.date("!%Y-%m-%d %H:%M:%S", f.at) end },
            { name = "endpoint", get = function(f) return shown(f.endpoint) end },
            { name = "task id", get = function(f) return shown(f.task_id) end },
            { name = "ledger USD", numeric = true, get = function(f) return usd(f.ledger) end },
            { name = "books USD", numeric = true, get = function(f) return usd(f.books) end },
        }
        -- Whole task ids when the output is not a terminal.
        local width = sys.given_width or (sys.stdout_tty and sys:width()) or 200
        local t = tablefmt.new(sys.out, columns, { width = width })
        t:write(r.findings)
        t:close()
        sys.out:write("\n")
    end
    local failing = 0
    for _, f in ipairs(r.findings) do if FAILING[f.kind] then failing = failing + 1 end end
    sys.out:write(format("%s to %s: %d ledger lines, %d tasks, %d paired; ledger $%s, books $%s: %s\n",
        stamp(window.from), stamp(window.to), r.lines, r.tasks, r.paired, usd(r.ledger_units), usd(r.books_units),
        r.agree and "they agree" or format("%d difference%s", failing, failing == 1 and "" or "s")))
end

local function write_json(sys, r, window)
    local list = {}
    for i, f in ipairs(r.findings) do
        list[i] = { kind = f.kind, difference = FAILING[f.kind] or false, time = stamp(f.at), endpoint = f.endpoint,
            task_id = f.task_id, ledger_id = f.id, ledger_usd = f.ledger and f.ledger / UNIT,
            books_usd = f.books and f.books / UNIT, presumed = f.presumed }
    end
    sys.out:write(printable.json(json_writer.encode({
        agree = r.agree, from = stamp(window.from), to = stamp(window.to), lines = r.lines, tasks = r.tasks,
        paired = r.paired, ledger_usd = r.ledger_units / UNIT, books_usd = r.books_units / UNIT,
        not_checked = r.not_checked, findings = list,
    })) .. "\n")
end

-- What was not compared, on stderr.
local function tell(sys, r, report)
    local nc = r.not_checked
    if nc.beyond_reach > 0 then
        sys:say(format("dataforseo reconcile: %d ledger line%s older than id_list reaches (six months): not "
            .. "checked", nc.beyond_reach, nc.beyond_reach == 1 and "" or "s"))
    end
    local skipped = report.unreadable + report.invalid + nc.no_time
    if skipped > 0 then
        sys:say(format("dataforseo reconcile: %d line%s of the ledger cannot be read (torn, not JSON or not a "
            .. "ledger line): not checked", skipped, skipped == 1 and "" or "s"))
    end
end

function M.run(parsed, sys)
    local opts = parsed.opts
    local path = connect.ledger(opts, sys)
    local now = os.time()
    local from = opts.since and calendar.parse(opts.since) or first_time(path) or now
    if from > now then from = now end
    local earliest = reach(now)
    local window = { from = from, to = now, since = opts.since,
        fetched_from = math.max(from - M.MARGIN, earliest) }
    local client = connect.client(opts, sys, require("dataforseo_cli.log").new(sys, opts.quiet).write,
        { ledger = false, cache = false })
    local tasks, err = client:id_list_all{ datetime_from = stamp(window.fetched_from), datetime_to = stamp(now) }
    client:close()
    if not tasks then return exits.failed(sys, err, "nothing written") end
    local calls, report = ledger.each_call(path)
    if not calls then usage.raise("--ledger: %s", report) end
    local r = M.compare(calls, tasks, window)
    if opts.format == "json" then write_json(sys, r, window) else write_table(sys, r, window) end
    tell(sys, r, report)
    local code = sys:output_done()
    if code ~= 0 then return code end
    return r.agree and exits.OK or exits.API
end

return M
