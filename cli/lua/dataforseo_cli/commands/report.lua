-- `dataforseo report TARGET`: walks TARGET's anchors through the public
-- client API (client:anchors_items, most backlinks first), profiles them
-- (dataforseo.profile) and writes the page (dataforseo_cli.report).  Called by
-- dataforseo_cli's main as run(args, sys, cli) with cli's parsing and client helpers.
local dataforseo = require "dataforseo"
local anchors = require "dataforseo.api.anchors"
local progress = require "dataforseo_cli.progress"
local report = require "dataforseo_cli.report"
local walk = require "dataforseo.engine.walk"

local M = {}

M.EXIT_WRITE = 4    -- the report could not be written
M.DEFAULT_TOP = 20
M.MAX_TOP = 1000
-- Enough keys per anchor for the map sums (the API's default is 10).
M.INTERNAL_LIST_LIMIT = 100

M.HELP = [==[
Usage: dataforseo report TARGET [options]

Walks the anchors pointing at TARGET (anchors/live, most backlinks first) and
writes their anchor-text profile: classes (branded, naked URL, generic, empty
or image, keyword text), the top anchors, TLDs, countries and new and lost
anchors by month, as one HTML page that opens offline (no script, nothing
fetched) or, with --format text, as tables.  See docs/report.md.

Report:
  --out FILE              the file to write (default: TARGET-anchors.html here;
                          with --format text, standard output)
  --format html|text      default html
  --brand WORD            the brand (default: from TARGET, forbes.com -> forbes);
                          repeatable
  --generic PHRASE        one more generic anchor besides the built-in list
                          ("click here", "read more", ...); repeatable
  --top N                 anchors in the top list, 0..1000 (default 20)
  --status live|lost|all  backlinks walked (default all: lost anchors need it)

Walking:
  --max-items N           stop after N anchors (those with most backlinks)
  --max-cost USD          never start a call that could pass this spend
  --confirm-over USD      ask before a walk estimated above USD (default 1);
                          without a terminal, refuse it (exit 1)
  --yes                   walk without asking
  --ledger FILE           append a line per charged call (dataforseo spend)
  --concurrency N         pages in flight, 1..30 (default 4)
  --quiet                 no progress bar and no summary on stderr

Connection (as for dataforseo anchors):
  --login LOGIN, --password-file FILE, --sandbox, --base-url URL,
  --timeout SECONDS

The path of the file written is printed on standard output.

Exit codes: 0 report written, 1 API error or --max-cost reached, 2 usage
error, 3 network error, 4 the report could not be written.  After 1 or 3 the
report of the anchors fetched before the failure is still written (it says
so) when there were any.

Examples:
  dataforseo report forbes.com --max-cost 1.00
  dataforseo report example.co.uk --brand example --brand "example shop" --out example.html
  dataforseo report forbes.com --max-items 2000 --format text
]==]

local OPTIONS = {
    ["out"] = { value = "FILE" },
    ["format"] = { value = "html|text" },
    ["brand"] = { value = "WORD", ["repeat"] = true },
    ["generic"] = { value = "PHRASE", ["repeat"] = true },
    ["top"] = { value = "N" },
    ["status"] = { value = "live|lost|all" },
}
-- The walking and connection options are those of `anchors`.
local ANCHORS_OPTIONS = require("dataforseo_cli").OPTIONS
for _, name in ipairs({ "max-items", "max-cost", "confirm-over", "yes", "ledger", "concurrency", "quiet",
    "login", "password-file", "sandbox",
    "base-url", "timeout", "help" }) do
    OPTIONS[name] = { value = ANCHORS_OPTIONS[name].value }
end
M.OPTIONS = OPTIONS

local STATUSES = { live = true, lost = true, all = true }

-- "https://Big-Example.com/page?x" -> "big-example.com_page_x-anchors.html"
function M.default_out(target)
    local name = target:lower():gsub("^%a[%w+.-]*://", ""):gsub("[^%w.-]+", "_"):gsub("^[._]+", "")
        :gsub("_+$", "")
    if name == "" then name = "report" end
    return name:sub(1, 100) .. "-anchors.html"
end

local function check_words(cli, list, option)
    for _, w in ipairs(list or {}) do
        if not w:find("%S") then cli.usage("--%s: the value is empty", option) end
    end
    return list
end

-- The options checked, or a usage error naming the option.
local function build_run(cli, opts, target)
    local run = { target = target }
    run.format = opts.format or "html"
    if not report.FORMATS[run.format] then
        cli.usage("--format: '%s' is not one of html, text", run.format)
    end
    run.out = opts.out
    if run.out == "" then cli.usage("--out: the file name is empty") end
    if not run.out and run.format == "html" then run.out = M.default_out(target) end
    run.brands = check_words(cli, opts.brand, "brand")
    run.generic = check_words(cli, opts.generic, "generic")
    run.top = cli.integer_option(opts, "top") or M.DEFAULT_TOP
    if run.top < 0 or run.top > M.MAX_TOP then
        cli.usage("--top: %d is out of range (an integer from 0 to %d)", run.top, M.MAX_TOP)
    end
    run.status = opts.status or "all"
    if not STATUSES[run.status] then cli.usage("--status: '%s' is not one of live, lost, all", run.status) end
    run.max_items = cli.integer_option(opts, "max-items")
    if run.max_items and run.max_items < 1 then
        cli.usage("--max-items: %d is out of range (an integer >= 1)", run.max_items)
    end
    run.max_cost = cli.number_option(opts, "max-cost")
    if run.max_cost and run.max_cost <= 0 then
        cli.usage("--max-cost: %s must be more than 0 (USD)", opts["max-cost"])
    end
    run.concurrency = cli.integer_option(opts, "concurrency")
    if run.concurrency and (run.concurrency < 1 or run.concurrency > walk.MAX_CONCURRENCY) then
        cli.usage("--concurrency: %d is out of range (an integer from 1 to %d)", run.concurrency,
            walk.MAX_CONCURRENCY)
    end
    run.timeout = cli.number_option(opts, "timeout")
    if run.timeout and run.timeout <= 0 then
        cli.usage("--timeout: %s must be more than 0 (seconds)", opts.timeout)
    end
    if opts.sandbox and opts["base-url"] then cli.usage("--sandbox and --base-url exclude each other") end
    run.quiet = opts.quiet
    require("dataforseo_cli.confirm").read(cli, opts, run)
    run.params = { target = target, backlinks_status_type = run.status, order_by = { "backlinks,desc" },
        internal_list_limit = M.INTERNAL_LIST_LIMIT }
    -- The one validation of the project, before anything is sent.
    local task, problem = anchors.validate(run.params)
    if not task then
        local field = tostring(problem.field or "")
        cli.usage("%s: %s", field == "target" and "TARGET" or field, tostring(problem.message))
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
local function partial_note(w, err, run)
    if err then
        return "Partial: the walk stopped after " .. w.items .. " anchors: " .. tostring(err)
    end
    if w.status == "max_items" then
        return string.format("Partial: --max-items %d, the %d anchors with most backlinks.", run.max_items,
            w.items)
    end
    if w.note then return "Partial: " .. w.note end
    return nil
end

function M.run(args, sys, cli)
    local opts, target = cli.parse_command("report", args, sys, OPTIONS, M.HELP, true)
    if not opts then return target end
    local run = build_run(cli, opts, target)
    local client = cli.make_client(opts, run, sys)

    local created = false
    if run.out then
        local ok, why = can_write(run.out)
        if not ok then
            client:close()
            sys.stderr:write("dataforseo report: cannot write '", run.out, "': ", tostring(why), "\n")
            return M.EXIT_WRITE
        end
        created = why
    end

    local bar
    if sys.stderr_tty and not run.quiet then
        bar = progress.new(sys.stderr, { width = sys.width or cli.terminal_width(sys.getenv) })
    end
    local walk_opts = require("dataforseo_cli.confirm").walk_opts(run, sys)
    walk_opts.max_items, walk_opts.max_cost, walk_opts.concurrency = run.max_items, run.max_cost, run.concurrency
    walk_opts.on_page = bar and function(_, walked) bar:update(walked) end or nil
    local w = client:anchors_items(run.params, walk_opts)
    local profile, err = dataforseo.profile(w, { target = run.target, brand = run.brands,
        generic = run.generic, top = run.top })
    if bar then bar:clear() end
    if not profile then profile = err.profile end
    client:close()

    if w.status == "declined" and w.items == 0 then     -- asked before the first call: no
        if created then os.remove(run.out) end
        return cli.EXIT_API
    end
    if err and w.items == 0 then
        if not run.quiet and w.pages > 0 then sys.stderr:write(cli.summary(w, client), "\n") end
        sys.stderr:write(tostring(err), "\n")
        if created then os.remove(run.out) end
        return cli.exit_code(err)
    end

    -- Tables fit a terminal; in a file or a pipe nothing is cut short.
    local width = sys.width or (sys.stdout_tty and not run.out and cli.terminal_width(sys.getenv)) or 160
    local text = report.render(profile, run.format, {
        status = run.status, note = partial_note(w, err, run),
        generated = os.date("!%Y-%m-%d %H:%M UTC"), width = width,
    })
    if run.out then
        local ok, why = write_file(run.out, text)
        if not ok then
            sys.stderr:write("dataforseo report: cannot write '", run.out, "': ", tostring(why), "\n")
            return M.EXIT_WRITE
        end
        text = run.out .. "\n"
    end
    -- The report (or the file's name) on the output, every write checked.
    if cli.print_text(sys, text) ~= cli.EXIT_OK then return M.EXIT_WRITE end
    if not run.quiet then
        sys.stderr:write(cli.summary(w, client), "\n")
        if w.note then sys.stderr:write("dataforseo: note: ", w.note, "\n") end
    end
    if err then
        sys.stderr:write(tostring(err), "\n")
        return cli.exit_code(err)
    end
    if w.status == "declined" then return cli.EXIT_API end
    return cli.EXIT_OK
end

return M
