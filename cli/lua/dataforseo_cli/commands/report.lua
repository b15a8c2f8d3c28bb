-- `dataforseo report TARGET`: walks TARGET's anchors through the public
-- client API (client:anchors_items, most backlinks first), profiles them
-- (dataforseo.profile), asks for the site's totals (client:summary) and,
-- with --history, its months (client:history), and writes the page
-- (dataforseo_cli.report).  With the response store, the page gains a
-- "since" section: what the anchors gained and lost since the newest
-- earlier snapshot of the same walk kept in the store (--snapshot keeps
-- this one).  The options are declared in parser.lua.
--
--   require("dataforseo_cli.commands.report").run(parsed, sys) -> exit code
--   M.default_out(target) -> the file name used without --out
local anchors = require "dataforseo.api.anchors"
local endpoints = require "dataforseo.api"
local connect = require "dataforseo_cli.connect"
local dataforseo = require "dataforseo"
local exits = require "dataforseo_cli.exits"
local kept = require "dataforseo_cli.kept"
local printable = require "dataforseo.query.printable"
local process = require "dataforseo_cli.process"
local progress = require "dataforseo_cli.progress"
local report = require "dataforseo_cli.report"
local store_answers = require "dataforseo.engine.store_answers"
local usage = require "dataforseo_cli.usage"

local M = {}

M.EXIT_WRITE = exits.OUTPUT    -- the report could not be written
-- Enough keys per anchor for the map sums (the API's default is 10).
local INTERNAL_LIST_LIMIT = 100

-- The default file: a plain domain keeps its name (forbes.com-anchors.html);
-- any other target (a URL, capitals, a name in another script) is shown as
-- far as it goes in [a-z0-9.-], then "_" and 12 hex digits of its SHA-256,
-- so two targets never share a name ("_" is in no plain domain).
--   "https://Big-Example.com/page?x" -> "big-example.com_page_x_<12 hex>-anchors.html"
local PLAIN_MAX = 100
function M.default_out(target)
    if #target <= PLAIN_MAX and target:find("^[a-z0-9][a-z0-9.-]*$") then
        return target .. "-anchors.html"
    end
    local slug = target:lower():gsub("^%a[%w+.-]*://", ""):gsub("[^a-z0-9.-]+", "_"):gsub("^[._]+", "")
        :gsub("_+$", ""):sub(1, PLAIN_MAX)
    if slug == "" then slug = "report" end
    return slug .. "_" .. require("dataforseo.engine.sha256").hex(target):sub(1, 12) .. "-anchors.html"
end

local function check_words(list, option)
    if not list or #list == 0 then return nil end
    for _, w in ipairs(list) do
        if not w:find("%S") then usage.raise("--%s: the value is empty", option) end
    end
    return list
end

-- USD a call is estimated to cost (what the engine reserves for it).
local function estimate(method, params)
    local e = endpoints.get(method)
    local task = assert(e.task(params, true))
    local n = e.asked(task) or 0
    return dataforseo.estimate_cost(n, math.max(n, 1), e.price)
end

-- The options checked, or a usage error naming the option.
local function build_run(opts, target)
    local run = { target = target, quiet = opts.quiet }
    run.format = opts.format or "html"
    run.out = opts.out
    if run.out == "" then usage.raise("--out: the file name is empty") end
    if not run.out and run.format == "html" then
        run.out = M.default_out(target)
        -- A file the command did not create now is never replaced unasked.
        if process.file_type(run.out) then
            usage.raise("'%s' exists already: name it with --out to replace it, or choose another "
                .. "--out FILE", run.out)
        end
    end
    run.brands = check_words(opts.brand, "brand")
    run.generic = check_words(opts.generic, "generic")
    run.top = opts.top                  -- nil: the profile's default (20)
    run.status = opts.status or "all"
    run.params = { target = target, backlinks_status_type = run.status, order_by = { "backlinks,desc" },
        internal_list_limit = INTERNAL_LIST_LIMIT }
    -- The one validation of the project, before anything is sent.
    local task, problem = anchors.validate(run.params)
    if not task then
        local field = tostring(problem.field or "")
        usage.fail((field == "target" and "TARGET" or field) .. ": " .. tostring(problem.message))
    end
    -- The site's calls: its totals, and its months with --history.
    run.site = { { method = "summary", params = { target = target } } }
    if opts.history then
        local params = { target = target }
        local ok, why = endpoints.get("history").validate(params)
        if not ok then usage.fail("--history: " .. tostring(why.message)) end
        run.site[2] = { method = "history", params = params }
    end
    run.max_cost = opts.max_cost
    if run.max_cost then
        -- The walk gets what the site's calls leave of --max-cost.
        local site = 0
        for _, call in ipairs(run.site) do site = site + estimate(call.method, call.params) end
        if run.max_cost <= site then
            usage.raise("--max-cost: $%s does not cover the report's %s ($%.5f) and a page of anchors",
                tostring(run.max_cost), #run.site == 1 and "summary call" or "summary and history calls", site)
        end
        run.max_cost = run.max_cost - site
    end
    return run
end

-- Whether `path` can be written, checked before anything is paid for;
-- opening for appending creates a missing file and truncates nothing.
-- Returns true and whether the file was created, or nil and the reason.
local function can_write(path)
    local existing = io.open(path, "rb")
    if existing then existing:close() end
    local f, err = io.open(path, "ab")
    if not f then return nil, err end
    f:close()
    return true, existing == nil
end

local function write_file(path, text)
    local f, err = io.open(path, "wb")
    if not f then return nil, err end
    local ok, werr = f:write(text)
    local closed, cerr = f:close()
    if not ok then return nil, werr end
    if not closed then return nil, cerr end
    return true
end

-- Why the data of the page is partial, in a sentence; nil when complete.
local function partial_note(w, err, opts)
    if err then
        return "Partial: the walk stopped after " .. w.items .. " anchors: " .. tostring(err)
    end
    if w.status == "max_items" then
        return string.format("Partial: --max-items %d, the %d anchors with most backlinks.", opts.max_items,
            w.items)
    end
    if w.note then return "Partial: " .. w.note end
    return nil
end

-- The site's calls (summary, history), one after the other: { summary,
-- history, calls, cost }, and the error of the first that failed.
local function site_calls(client, run)
    local got = { calls = 0, cost = 0 }
    for _, call in ipairs(run.site) do
        local answer, err = client[call.method](client, call.params)
        local cost = answer and answer.cost or (err and type(err.cost) == "number" and err.cost) or 0
        got.calls, got.cost = got.calls + 1, got.cost + cost
        if not answer then return got, err end
        got[call.method] = call.method == "history" and answer.items or answer
    end
    return got, nil
end

-- The walk's figures with the site's calls added, for the one summary line.
local function with_site(w, site)
    return { items = w.items, calls = w.calls + site.calls, cost = w.cost + site.cost, retries = w.retries,
        total_count = w.total_count, last_total_count = w.last_total_count,
        elapsed = function() return w:elapsed() end }
end

local function notes_of(list)
    if #list == 0 then return nil end
    return table.concat(list, " ")
end

-- The "since" section's data (report/view.lua's V.since): this complete
-- walk against the newest snapshot of the same walk kept before it; nil
-- when there is none.  A store that cannot be read costs the section
-- only, said in one line.
local function since_section(sys, w, items)
    local current = w.snapshot
    if w.status ~= "complete" or not current then return nil end
    local problem
    local s = connect.open_store(sys, function(_, message) problem = problem or message end)
    local snaps, err = s:snapshots("anchors", current.target)
    local older = snaps and kept.earlier(snaps, { exclude = current.id, before = current.started_at,
        walk_key = current.walk_key })
    local old_items
    if older then old_items, err = store_answers.snapshot_items(s, older) end
    s:close()
    if not snaps or (older and not old_items) then
        sys:say("dataforseo report: no \"since\" section: " .. printable.line(tostring(problem or err)))
        return nil
    end
    if not older then return nil end
    local d = kept.compare(old_items, items, "anchors")
    return { started_at = older.started_at, new = d.new, lost = d.lost, changed = #d.changed,
        unchanged = d.unchanged }
end

-- "dataforseo report: cannot write 'x': reason" -> exit 4
local function cannot_write(sys, path, why)
    sys:say("dataforseo report: cannot write '" .. path .. "': " .. tostring(why))
    return M.EXIT_WRITE
end

function M.run(parsed, sys)
    local opts = parsed.opts
    local run = build_run(opts, parsed.target)
    local log = require("dataforseo_cli.log").new(sys, run.quiet)
    local client = connect.client(opts, sys, log.write)

    local created = false
    if run.out then
        local ok, why = can_write(run.out)
        if not ok then
            client:close()
            return cannot_write(sys, run.out, why)
        end
        created = why
    end
    local function discard()
        if created then os.remove(run.out) end
    end

    local bar
    if sys.stderr_tty and not run.quiet then
        bar = progress.new(sys.stderr, { width = sys:width() })
        log.bar = bar
    end
    local walk_opts = require("dataforseo_cli.confirm").walk_opts(opts, sys)
    walk_opts.max_items, walk_opts.max_cost, walk_opts.concurrency = opts.max_items, run.max_cost,
        opts.concurrency
    walk_opts.keep = opts.snapshot or nil             -- the response store (docs/store.md)
    -- This walk's items, for the "since" section (none without the store).
    local items = not opts.no_cache and {} or nil
    walk_opts.on_page = (bar or items) and function(page, walked)
        if items then
            for _, item in ipairs(page.items) do items[#items + 1] = item end
        end
        if bar then bar:update(walked) end
    end or nil
    local w = connect.walk(client, "anchors_items", run.params, walk_opts)
    local profile, err = dataforseo.profile(w, { target = run.target, brand = run.brands,
        generic = run.generic, top = run.top })
    if not profile then profile = err.profile end
    -- The site's totals (and months), once the walk is done and confirmed.
    local site, site_err = { calls = 0, cost = 0 }, nil
    if not exits.signal(sys, err) and w.status ~= "declined" and w.items > 0 then
        site, site_err = site_calls(client, run)
        if exits.signal(sys, site_err) then err = site_err end    -- stopped by a signal: as the walk's
    end
    if bar then bar:clear() end
    client:close()

    local signal = exits.signal(sys, err)
    if signal then
        discard()
        return exits.interrupted(sys, signal, "no report written; " .. exits.written(w.items, w, client):gsub(
            " written", " fetched", 1))
    end
    if w.status == "declined" then      -- not confirmed: nothing is written
        discard()
        return exits.DECLINED
    end
    if err and w.items == 0 then
        if not run.quiet and w.pages > 0 then sys:say(exits.summary(w, client)) end
        sys:say(tostring(err))
        discard()
        return exits.code(err)
    end

    -- Tables fit a terminal; in a file or a pipe nothing is cut short.
    local width = (sys.stdout_tty and not run.out) and sys:width() or sys.given_width or 160
    local notes = { partial_note(w, err, opts) }
    if site_err then
        notes[#notes + 1] = "The site's " .. (site.summary and "history" or "totals") .. " could not be fetched: "
            .. tostring(site_err)
    end
    local spend = profile.totals.spend and (profile.totals.spend + site.cost)
    local since = items and not err and since_section(sys, w, items) or nil
    local text = report.render(profile, run.format, {
        status = run.status, note = notes_of(notes), summary = site.summary,
        history = run.site[2] and (site.history or {}) or nil, spend = spend,
        generated = os.date("!%Y-%m-%d %H:%M UTC"), width = width, since = since,
    })
    if run.out then
        local ok, why = write_file(run.out, text)
        if not ok then return cannot_write(sys, run.out, why) end
        text = run.out .. "\n"
    end
    -- The report (or the file's name) on the output, every write checked.
    if sys:print(text) ~= exits.OK then return M.EXIT_WRITE end
    if not run.quiet then
        sys:say(exits.summary(with_site(w, site), client))
        if w.note then sys:say("dataforseo: note: " .. w.note) end
    end
    if err or site_err then
        sys:say(tostring(err or site_err))
        return exits.code(err or site_err)
    end
    return exits.OK
end

return M
