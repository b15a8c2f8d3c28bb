-- `dataforseo bulk-NAME [TARGET...] [--targets-file FILE]` (bulk-ranks,
-- bulk-backlinks, ...): any number of targets, from the arguments and a
-- file (targets.lua), checked before anything is sent (a bad one is named
-- by its line), sent by the library in batches the API takes, and written
-- one row per target in input order (jsonl, csv or a table).  Repeated
-- targets (sent once, written on each of their rows) and targets the API
-- answered nothing for are said on stderr.  What the calls will cost is
-- known before they are sent: past --max-cost nothing is sent (exit 1),
-- past --confirm-over (default $1) the user is asked (exit 6 for a no).
--
--   require("dataforseo_cli.commands.bulk").run(parsed, sys) -> exit code
local batch = require "dataforseo.engine.batch"
local confirm = require "dataforseo_cli.confirm"
local connect = require "dataforseo_cli.connect"
local endpoints = require "dataforseo.api"
local exits = require "dataforseo_cli.exits"
local output = require "dataforseo_cli.output"
local request = require "dataforseo_cli.request"
local targets = require "dataforseo_cli.targets"
local usage = require "dataforseo_cli.usage"

local M = {}

local format, concat = string.format, table.concat

M.LISTED = 10     -- repeated or unanswered targets named on stderr; the rest counted

-- "line 3 (x.com), line 9 (y.com) and 4 more"
local function listed(entries, describe)
    local parts = {}
    for i = 1, math.min(#entries, M.LISTED) do parts[i] = describe(entries[i]) end
    local text = concat(parts, ", ")
    if #entries > M.LISTED then text = text .. format(" and %d more", #entries - M.LISTED) end
    return text
end

local function plural(n, one, many) return format("%d %s", n, n == 1 and one or many) end

-- Targets named on stderr: "line 3 (x.com), TARGET 2 (y.com); lines of sites.txt"
local function named(list, indexes, describe)
    local function where(i) return list.where(i, true) end
    describe = describe or function(i) return format("%s (%s)", where(i), list.list[i]) end
    local text = listed(indexes, function(x) return describe(x, where) end)
    if list.file then text = text .. "; lines of " .. list.file end
    return text
end

-- The notes of a bulk answer (or of a failure's partial one), on stderr.
local function notes(sys, result, list, quiet)
    if result.duplicates and not quiet then
        sys:say(format("dataforseo: note: %s repeated (sent once, written on each of its rows): %s",
            plural(#result.duplicates, "target", "targets"), named(list, result.duplicates, function(d, where)
                return format("%s repeats %s (%s)", where(d.index), where(d.first), d.target)
            end)))
    end
    if result.missing then
        sys:say(format("dataforseo: warning: the API answered nothing for %s (their rows hold the target "
            .. "alone): %s", plural(#result.missing, "target", "targets"), named(list, result.missing)))
    end
end

-- What the calls will cost: { usd, calls, targets } (repeats are sent
-- once; each batch is a call of the description's price).  params are
-- validated already (request.params), and validation keeps targets as given.
local function estimate(e, params)
    local unique, seen = {}, {}
    for _, t in ipairs(params.targets) do
        if not seen[t] then
            seen[t] = true
            unique[#unique + 1] = t
        end
    end
    local calls = #batch.split(unique, e.batch_limit)
    return { usd = calls * e.price.call + #unique * e.price.item, calls = calls, targets = #unique }
end

-- A walk's figures for the one summary line (exits.summary).
local function figures(items, result, started, now)
    return { items = items, calls = result.calls or 0, cost = result.cost or 0,
        elapsed = function() return now() - started end }
end

local function format_of(opts, sys)
    return opts.format or (sys.stdout_tty and "table" or "jsonl")
end

function M.run(parsed, sys)
    local opts = parsed.opts
    local e = endpoints.get(parsed.command.endpoint)
    local list = targets.collect(parsed.target, opts.targets_file, sys)
    if list.signal then return exits.interrupted(sys, list.signal, "nothing sent") end
    if #list.list == 0 then
        usage.raise("no targets: give TARGET arguments or --targets-file FILE (e.g. dataforseo %s forbes.com)",
            parsed.command.name)
    end
    local params = request.params(e, opts, list.list, list.where)
    local fmt = format_of(opts, sys)
    local view = output.view(e)
    local fields
    if opts.fields then
        local msg
        fields, msg = output.fields_option(opts.fields, view)
        if not fields then usage.fail("--fields " .. msg) end
    end
    local log = require("dataforseo_cli.log").new(sys, opts.quiet)
    local client = connect.client(opts, sys, log.write)
    -- Cost guards, before anything is sent.
    local cost = estimate(e, params)
    local what = format("%s for %s", plural(cost.calls, "call", "calls"),
        plural(cost.targets, "target", "different targets"))
    if opts.max_cost and cost.usd > opts.max_cost + 1e-9 then
        client:close()
        sys:say(format("dataforseo: these %s would cost about $%.5f, more than --max-cost $%.5f: nothing was "
            .. "sent", what, cost.usd, opts.max_cost))
        return exits.API
    end
    if not confirm.approve(opts, sys, cost.usd, what) then
        client:close()
        local signal = sys.pending_signal()
        if signal then return exits.interrupted(sys, signal, "nothing sent") end
        return exits.DECLINED
    end
    local now = require("dataforseo.core").http.now
    local started = now()
    local result, err = client[e.name](client, params)
    pcall(client.close, client)

    local answered = result or err
    local items = answered.items or {}
    if err and err.kind == "validation" then
        sys:say(tostring(err))
        return exits.USAGE
    end
    -- What was answered (and paid for) is written, also after a signal or
    -- a failed batch: each row names its target.
    local writer = output.new(fmt, sys.out, { fields = fields, csv_raw = opts.csv_raw, view = view,
        width = fmt == "table" and sys:width() or nil })
    writer:items(items)
    writer:close()
    local done = sys:output_done()
    if done ~= exits.OK then return done end
    local signal = exits.signal(sys, err)
    if signal then
        return exits.interrupted(sys, signal, format("%d of %d targets written (the batches answered, $%.5f); "
            .. "the output ends with a whole record", #items, #list.list, answered.cost or 0))
    end
    notes(sys, answered, list, opts.quiet)
    if err then
        if err.failed then
            sys:say(format("dataforseo: %s of %d without an answer (a batch failed; the rows written are "
                .. "the others'): %s", plural(#err.failed, "target", "targets"), #list.list,
                named(list, err.failed)))
        end
        sys:say(tostring(err))
        return exits.code(err)
    end
    if not opts.quiet then sys:say(exits.summary(figures(#items, result, started, now), client)) end
    return exits.OK
end

return M
