-- `dataforseo NAME TARGET` for an endpoint that answers with pages of items
-- (anchors, backlinks, referring-domains, ...): one page, or a walk of
-- every page (--all, --max-items) with its progress bar, cost guards and
-- confirmation.  Pages are written as they arrive, each write checked;
-- a signal or a failed write stops the walk at a whole record.
--
--   require("dataforseo_cli.commands.list").run(parsed, sys) -> exit code
local connect = require "dataforseo_cli.connect"
local endpoints = require "dataforseo.api"
local exits = require "dataforseo_cli.exits"
local output = require "dataforseo_cli.output"
local progress = require "dataforseo_cli.progress"
local request = require "dataforseo_cli.request"
local usage = require "dataforseo_cli.usage"

local M = {}

local format = string.format

-- The options that are not the request: output and walk.
local function run_options(opts, sys, view)
    local run = { quiet = opts.quiet, csv_raw = opts.csv_raw }
    run.format = opts.format or (sys.stdout_tty and "table" or "jsonl")
    if opts.fields then
        if run.format == "json" then usage.raise("--fields does not apply to --format json (the raw response)") end
        local list, msg = output.fields_option(opts.fields, view)
        if not list then usage.fail("--fields " .. msg) end
        run.fields = list
    end
    run.max_items = opts.max_items
    run.all = opts.all or run.max_items ~= nil
    if run.all and run.format == "json" then
        usage.raise("--format json prints the raw response of a single call; use jsonl or csv with %s",
            opts.all and "--all" or "--max-items")
    end
    return run
end

function M.run(parsed, sys)
    local opts = parsed.opts
    local e = endpoints.get(parsed.command.endpoint)
    local params = request.params(e, opts, parsed.target)
    local view = output.view(e, params)
    local run = run_options(opts, sys, view)
    local log = require("dataforseo_cli.log").new(sys, run.quiet)
    local client = connect.client(opts, sys, log.write)
    local out = sys.out

    local writer = output.new(run.format, out, { fields = run.fields, csv_raw = run.csv_raw,
        view = view, width = run.format == "table" and sys:width() or nil })
    local bar
    if run.all and sys.stderr_tty and not run.quiet then
        bar = progress.new(sys.stderr, { width = sys:width() })
        log.bar = bar
    end
    local walk_opts = require("dataforseo_cli.confirm").walk_opts(opts, sys)
    walk_opts.max_cost, walk_opts.concurrency = opts.max_cost, opts.concurrency
    walk_opts.keep = opts.snapshot or nil          -- the response store (docs/store.md)
    walk_opts.on_page = bar and function(_, w) bar:update(w) end or nil
    if run.all then
        walk_opts.max_items = run.max_items
    else
        -- One call is the walk of one page of --limit (API default 100).
        walk_opts.max_items = params.limit or e.defaults.limit
    end

    local items = 0
    local w = connect.walk(client, e.name .. "_pages", params, walk_opts)
    -- Errors of the walk come back as values; anything else (a bug, out of
    -- memory) goes on up to main.
    local ok, err = xpcall(function()
        for page in w do
            -- A walk not confirmed ends on the page its estimate needed:
            -- that page is not written (nothing before the answer is).
            if page.walk_status == "declined" then break end
            if run.format == "json" then writer:response(page.response) else writer:items(page.items) end
            if out:flush() then items = items + #page.items end
            -- Stop at the first failed write or a signal: not one more call.
            if out.error or sys.pending_signal() then break end
        end
    end, exits.internal)
    if not ok then err = exits.internal(err) end   -- out of memory skips the handler
    -- The walk first: its pages in flight are cancelled at once (one not yet
    -- sent is never sent); what may have reached the API counts as presumed.
    if not ok and err.internal then
        pcall(w.close, w)
        pcall(client.close, client)
        error(err, 0)
    end
    pcall(w.close, w)   -- after a break on LuaJIT
    if bar then bar:clear() end
    local signal = exits.signal(sys, not ok and err or nil)
    if not signal and w.status ~= "declined" then
        writer:close()         -- a CSV or table with no rows still gets its header
        out:flush()
    end
    pcall(client.close, client)

    if signal then
        return exits.interrupted(sys, signal, exits.written(items, w, client)
            .. "; the output ends with a whole record")
    end
    if out.error then
        sys:say(format("dataforseo: cannot write the output (%s): stopped; %s", out.error,
            exits.written(items, w, client)))
        return exits.OUTPUT
    end
    if not ok then
        if not run.quiet and w.pages > 0 then sys:say(exits.summary(w, client)) end
        sys:say(tostring(err))
        return exits.code(err)
    end
    if w.status == "declined" then return exits.DECLINED end
    if not run.quiet then
        sys:say(exits.summary(w, client))
        if w.note then sys:say("dataforseo: note: " .. w.note) end
    end
    return exits.OK
end

return M
