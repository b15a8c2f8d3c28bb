-- `dataforseo report TARGET`: walks TARGET's anchors through the public
-- client API (client:anchors_items, most backlinks first), profiles them
-- (dataforseo.profile) and writes the page (dataforseo_cli.report).  The
-- options are declared in parser.lua.
--
--   require("dataforseo_cli.commands.report").run(parsed, sys) -> exit code
--   M.default_out(target) -> the file name used without --out
local anchors = require "dataforseo.api.anchors"
local connect = require "dataforseo_cli.connect"
local dataforseo = require "dataforseo"
local exits = require "dataforseo_cli.exits"
local process = require "dataforseo_cli.process"
local progress = require "dataforseo_cli.progress"
local report = require "dataforseo_cli.report"
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
    walk_opts.max_items, walk_opts.max_cost, walk_opts.concurrency = opts.max_items, opts.max_cost,
        opts.concurrency
    walk_opts.on_page = bar and function(_, walked) bar:update(walked) end or nil
    local w = connect.walk(client, "anchors_items", run.params, walk_opts)
    local profile, err = dataforseo.profile(w, { target = run.target, brand = run.brands,
        generic = run.generic, top = run.top })
    if bar then bar:clear() end
    if not profile then profile = err.profile end
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
    local text = report.render(profile, run.format, {
        status = run.status, note = partial_note(w, err, opts),
        generated = os.date("!%Y-%m-%d %H:%M UTC"), width = width,
    })
    if run.out then
        local ok, why = write_file(run.out, text)
        if not ok then return cannot_write(sys, run.out, why) end
        text = run.out .. "\n"
    end
    -- The report (or the file's name) on the output, every write checked.
    if sys:print(text) ~= exits.OK then return M.EXIT_WRITE end
    if not run.quiet then
        sys:say(exits.summary(w, client))
        if w.note then sys:say("dataforseo: note: " .. w.note) end
    end
    if err then
        sys:say(tostring(err))
        return exits.code(err)
    end
    return exits.OK
end

return M
