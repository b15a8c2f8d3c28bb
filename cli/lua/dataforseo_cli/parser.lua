-- Every command and option of `dataforseo`, declared once, as an argparse
-- parser (lua-argparse): parsing, --help and the shell completions come
-- from these declarations.  The endpoint commands are made from the
-- library's endpoint descriptions (request.lua), one per endpoint of
-- require("dataforseo.api").list, in kebab case.
--
--   local parser = require "dataforseo_cli.parser"
--   parser.commands()           -> the command declarations, in the order of --help
--   local r = parser.parse(args)
--     r.command   the declaration of the command run (nil: none given)
--     r.opts      argparse's result (option "--max-items" -> r.opts.max_items)
--     r.target    TARGET (a list for a command taking several), r.rest (mock's words),
--     r.action    the first word of a command that takes one (cache stats|prune|clear)
--     r.help      the help text asked for (--help), r.version (--version)
--   parser.completion(shell)    -> the completion script (bash, zsh, fish)
-- Usage errors are raised (usage.lua) in the command's own wording.
--
-- A command declaration: name, summary, usage, description, epilog, target
-- ("one" | "many" | nil), groups ({ { "Title", { options } }, ... }), module
-- (its run), signals (it stops cleanly on SIGINT/SIGTERM), passthrough
-- (its words go on unparsed: mock), shell (completion's argument), action
-- (the choices of a first word: cache stats|prune|clear).
-- An option declaration: { "--name", arg = "PLACEHOLDER" (nil: a flag),
-- help = "...", many = true (repeatable: a list), choices = { ... },
-- convert = function(text) -> value | nil, message (usage.lua) }.
local argparse = require "argparse"
local endpoints = require "dataforseo.api"
local printable = require "dataforseo.query.printable"
local request = require "dataforseo_cli.request"
local usage = require "dataforseo_cli.usage"

local M = {}

local concat, format = table.concat, string.format

------------------------------------------------------------------------------
-- Options shared by several commands

local function positive(unit)
    return function(n) if n <= 0 then return "must be more than 0 (" .. unit .. ")" end end
end

local CONNECTION = {
    { "--login", arg = "LOGIN", help = "API login (default $DATAFORSEO_LOGIN)" },
    { "--password-file", arg = "FILE", help = "read the API password from FILE (by default the "
        .. "password is the value of $DATAFORSEO_PASSWORD); there is no password option" },
    { "--sandbox", help = "use sandbox.dataforseo.com (free, dummy data)" },
    { "--base-url", arg = "URL", help = "another server, such as the local emulator (default "
        .. "$DATAFORSEO_BASE_URL, else https://api.dataforseo.com)" },
    { "--timeout", arg = "SECONDS", convert = usage.number("--timeout", positive("seconds")),
        help = "per-call timeout (default 60)" },
}

local function confirm_over_rule(n) if n < 0 then return "must be 0 or more (USD)" end end

local WALKING = {
    { "--all", help = "fetch every item (pages of --limit, default 1000)" },
    { "--max-items", arg = "N", convert = usage.integer("--max-items", 1),
        help = "stop after N items (implies --all)" },
    { "--concurrency", arg = "N", convert = usage.integer("--concurrency", 1),
        help = "pages in flight at once after the first (default: as many calls as the account may run "
            .. "at once, the client's max_concurrent; 1: one at a time)" },
    { "--max-cost", arg = "USD", convert = usage.number("--max-cost", positive("USD")),
        help = "never start a call that could pass this spend" },
    { "--confirm-over", arg = "USD", convert = usage.number("--confirm-over", confirm_over_rule),
        help = "ask before a walk estimated above USD (default 1); without a terminal, do not "
            .. "run it (exit 6)" },
    { "--yes", help = "walk without asking, whatever the estimate" },
    { "--ledger", arg = "FILE", help = "append a line per charged call to FILE (default "
        .. "$DATAFORSEO_LEDGER); see dataforseo spend" },
}

local QUIET = { "--quiet", help = "no progress bar, no wait notes and no summary on stderr" }

-- The response store (docs/store.md; issue 22): answers already paid for,
-- at ${XDG_CACHE_HOME:-~/.cache}/dataforseo/cache.sqlite.
local STORE = {
    { "--no-cache", help = "neither read nor write the response store: every call goes to the API" },
    { "--refresh", help = "call the API even for answers in the store, and store them again" },
    { "--snapshot", help = "keep the complete walk in the store as a dated snapshot (for "
        .. "dataforseo changes and the report's \"since\" section), beyond the 24 h the store keeps answers" },
}
local STORE_ONE = { STORE[1], STORE[2] }

local function pick(list, names)
    local out, wanted = {}, {}
    for _, n in ipairs(names) do wanted[n] = true end
    for _, d in ipairs(list) do if wanted[d[1]] then out[#out + 1] = d end end
    return out
end

local EXIT_CODES = "Exit codes: 0 success, 1 API error (or --max-cost reached), 2 usage or validation "
    .. "error, 3 network error, 4 the output could not be written, 5 internal error, 6 a walk not "
    .. "confirmed (--confirm-over: nothing written), 130 / 143 stopped by SIGINT (Ctrl-C) / SIGTERM: "
    .. "the output holds whole records only (a second Ctrl-C quits at once)."
local EXIT_CODES_BULK = "Exit codes: 0 success, 1 API error (or the estimate passes --max-cost: nothing "
    .. "sent), 2 usage or validation error (a bad target named by its line: nothing sent), 3 network "
    .. "error, 4 the output could not be written, 5 internal error, 6 not confirmed (--confirm-over: "
    .. "nothing sent), 130 / 143 stopped by SIGINT (Ctrl-C) / SIGTERM."
local EXIT_CODES_ONE = "Exit codes: 0 success, 1 API error, 2 usage or validation error, 3 network "
    .. "error, 4 the output could not be written, 5 internal error, 130 / 143 stopped by SIGINT (Ctrl-C) "
    .. "/ SIGTERM."

-- A bulk command's calls are known before they are sent; a single call
-- (summary, history, ...) needs no guard but the ledger.
local SPENDING_BULK = {
    pick(WALKING, { "--max-cost" })[1],
    { "--confirm-over", arg = "USD", convert = usage.number("--confirm-over", confirm_over_rule),
        help = "ask before calls estimated above USD (default 1); without a terminal, do not send "
            .. "them (exit 6)" },
    { "--yes", help = "send without asking, whatever the estimate" },
    pick(WALKING, { "--ledger" })[1],
}
local SPENDING_ONE = pick(WALKING, { "--ledger" })

------------------------------------------------------------------------------
-- The endpoint commands

local SUMMARIES = {
    anchors = "anchors pointing at TARGET",
    backlinks = "the backlinks themselves",
    referring_domains = "domains linking to TARGET",
    referring_networks = "IPs or subnets linking to TARGET",
    domain_pages = "TARGET's pages, with their backlinks",
    domain_pages_summary = "TARGET's pages' backlink totals",
    summary = "TARGET's totals (a key/value table)",
    history = "TARGET's backlink totals month by month",
    timeseries_summary = "TARGET's backlink totals per day, week, month or year",
    timeseries_new_lost_summary = "backlinks and domains TARGET gained and lost per period",
    competitors = "domains that share backlinks with TARGET",
    domain_intersection = "domains linking to all of TARGETS (link gap)",
    page_intersection = "pages linking to all of TARGETS (link gap)",
    bulk_ranks = "the rank of each of TARGETS",
    bulk_backlinks = "the backlink count of each of TARGETS",
    bulk_spam_score = "the spam score of each of TARGETS",
    bulk_referring_domains = "the referring domains of each of TARGETS",
    bulk_new_lost_backlinks = "backlinks each of TARGETS gained and lost since a date",
    bulk_new_lost_referring_domains = "referring domains each of TARGETS gained and lost since a date",
    bulk_pages_summary = "the backlink totals of each of TARGETS (pages or domains)",
    index = "the totals of DataForSEO's backlink index (free)",
    available_filters = "the filter fields of every endpoint (free)",
    errors = "the account's failed tasks (free)",
    id_list = "the account's tasks with their cost (free)",
}

local EXAMPLES = {
    anchors = [[
  dataforseo anchors forbes.com --limit 4 --order-by backlinks,desc \
      --filter 'anchor like %news%'
  dataforseo anchors forbes.com --all --filter 'referring_domains >= 10' \
      --format csv > forbes-anchors.csv
  dataforseo anchors example.com --backlinks-filter 'dofollow = true' \
      --fields anchor,backlinks]],
    backlinks = [[
  dataforseo backlinks forbes.com --all --format jsonl > backlinks.jsonl
  dataforseo backlinks forbes.com --mode one_per_domain --filter 'dofollow = true']],
    referring_domains = [[
  dataforseo referring-domains forbes.com --format table --order-by backlinks,desc]],
    summary = [[
  dataforseo summary forbes.com]],
    history = [[
  dataforseo history forbes.com --date-from 2024-01-01 --format csv > history.csv]],
    timeseries_summary = [[
  dataforseo timeseries-summary forbes.com --group-range week --date-from 2024-01-01 \
      --date-to 2024-03-31]],
    timeseries_new_lost_summary = [[
  dataforseo timeseries-new-lost-summary forbes.com --group-range month \
      --date-from 2024-01-01 --format csv]],
    competitors = [[
  dataforseo competitors forbes.com --filter 'intersections > 100' --limit 20]],
    domain_intersection = [[
  dataforseo domain-intersection forbes.com cnn.com bbc.com --filter '1.backlinks > 10' \
      --exclude-target nytimes.com --format csv > gap.csv
  dataforseo domain-intersection forbes.com cnn.com --intersection-mode partial \
      --order-by 2.rank,desc --fields domain,intersections_count,1.rank,2.rank]],
    page_intersection = [[
  dataforseo page-intersection forbes.com cnn.com --filter '1.dofollow = true' --format csv]],
    bulk_ranks = [[
  dataforseo bulk-ranks forbes.com cnn.com bbc.com
  dataforseo bulk-ranks --targets-file sites.txt --format csv > ranks.csv
  sort -u sites.txt | dataforseo bulk-ranks --targets-file - --yes]],
    bulk_backlinks = [[
  dataforseo bulk-backlinks --targets-file sites.txt --format csv > backlinks.csv]],
    bulk_spam_score = [[
  dataforseo bulk-spam-score forbes.com https://example.com/page --format jsonl]],
    bulk_referring_domains = [[
  dataforseo bulk-referring-domains --targets-file sites.txt --format csv]],
    bulk_new_lost_backlinks = [[
  dataforseo bulk-new-lost-backlinks forbes.com cnn.com --date-from 2024-06-01]],
    bulk_new_lost_referring_domains = [[
  dataforseo bulk-new-lost-referring-domains --targets-file sites.txt --date-from 2024-06-01]],
    bulk_pages_summary = [[
  dataforseo bulk-pages-summary https://forbes.com/ https://cnn.com/ --format csv]],
    index = [[
  dataforseo index --format json]],
    available_filters = [[
  dataforseo available-filters --format json > filters.json]],
    errors = [[
  dataforseo errors --limit 20]],
    id_list = [[
  dataforseo id-list --datetime-from '2024-06-01 00:00:00 +00:00' \
      --datetime-to '2024-06-30 23:59:59 +00:00' --all --format csv]],
}

local TARGET_HELP = "a domain or subdomain without scheme and www. (forbes.com), or an absolute "
    .. "page URL (https://example.com/page)"

-- By the endpoint's kind (dataforseo.api): the module that runs its
-- command, and what it writes.
local KINDS = {
    list = { module = "dataforseo_cli.commands.list", answer = "pages of items", rows = true,
        spending = WALKING, walking = true, exits = EXIT_CODES },
    tasks = { module = "dataforseo_cli.commands.list", answer = "pages of items", rows = true,
        spending = WALKING, walking = true, exits = EXIT_CODES },
    bulk = { module = "dataforseo_cli.commands.bulk", answer = "one row per target, in input order",
        rows = true, no_json = true, spending = SPENDING_BULK, exits = EXIT_CODES_BULK },
    periods = { module = "dataforseo_cli.commands.object", answer = "one row per period", rows = true,
        spending = SPENDING_ONE, exits = EXIT_CODES_ONE },
    object = { module = "dataforseo_cli.commands.object", answer = "one result", spending = SPENDING_ONE,
        exits = EXIT_CODES_ONE },
}

local TARGETS_FILE = { "--targets-file", arg = "FILE", help = "more targets, one a line, after the TARGET "
    .. "arguments (blank lines and lines starting with # are skipped); - reads standard input. A "
    .. "regular file or a pipe" }

local function endpoint_command(name)
    local e = endpoints.get(name)
    local kind = KINDS[e.kind] or KINDS.object
    local r = request.options(e)
    local formats = kind.no_json and { "table", "csv", "jsonl" } or { "table", "csv", "jsonl", "json" }
    local output = {
        { "--format", arg = "FMT", choices = formats,
            help = "table (default on a terminal), csv, jsonl (default otherwise)" .. (kind.no_json and ""
                or ", json (the raw response of one call)") },
    }
    if kind.rows then
        output[#output + 1] = { "--fields", arg = "A,B,...", help = "columns/keys to print (map keys as "
            .. "map.key, e.g. referring_links_tld.com)" }
        output[#output + 1] = { "--csv-raw", help = "CSV cells exactly as received (by default a text "
            .. "cell starting with = + - @ TAB or CR gets a leading ' and control characters are escaped)" }
    end
    output[#output + 1] = QUIET
    local options = r.options
    local target = r.target
    if kind.module == KINDS.bulk.module then
        options = { TARGETS_FILE }
        for _, d in ipairs(r.options) do options[#options + 1] = d end
        target = "any"
    end
    local groups = { { "Request", options } }
    groups[#groups + 1] = { kind.walking and "Walking" or "Spending", kind.spending }
    groups[#groups + 1] = { "Output", output }
    groups[#groups + 1] = { "Store", kind.walking and STORE or STORE_ONE }
    groups[#groups + 1] = { "Connection", CONNECTION }
    local command = (name:gsub("_", "-"))
    local words = target == "any" and " [TARGET...] [--targets-file FILE]" or target == "many" and " TARGET..."
        or target and " TARGET" or ""
    return {
        name = command, endpoint = name, target = target, signals = true,
        max_targets = r.max_targets,
        summary = SUMMARIES[name] or e.summary or (e.method .. " " .. e.path),
        usage = "dataforseo " .. command .. words .. " [options]",
        description = format("%s %s (%s).", e.method, e.path, kind.answer),
        groups = groups,
        epilog = kind.exits .. (EXAMPLES[name] and ("\n\nExamples:\n" .. EXAMPLES[name]) or ""),
        module = kind.module,
    }
end

------------------------------------------------------------------------------
-- The other commands

local REPORT = {
    name = "report", target = "one", signals = true, summary = "TARGET's anchor-text profile as an HTML page",
    usage = "dataforseo report TARGET [options]",
    description = "Walks the anchors pointing at TARGET (anchors/live, most backlinks first) and writes "
        .. "their anchor-text profile: classes (branded, naked URL, generic, empty or image, keyword "
        .. "text), the top anchors, TLDs, countries and new and lost anchors by month, as one HTML page "
        .. "that opens offline (no script, nothing fetched) or, with --format text, as tables. The "
        .. "site's totals in the summary tiles come from one more call (summary/live). See "
        .. "docs/report.md.",
    groups = {
        { "Report", {
            { "--out", arg = "FILE", help = "the file to write (default: a name made from TARGET, "
                .. "TARGET-anchors.html, never an existing file; with --format text, standard output)" },
            { "--format", arg = "html|text", choices = { "html", "text" }, help = "default html" },
            { "--brand", arg = "WORD", many = true, help = "the brand (default: from TARGET, forbes.com "
                .. "-> forbes); repeatable" },
            { "--generic", arg = "PHRASE", many = true, help = "one more generic anchor besides the "
                .. "built-in list (\"click here\", \"read more\", ...); repeatable" },
            { "--top", arg = "N", convert = usage.integer("--top", 0, 1000),
                help = "anchors in the top list, 0..1000 (default 20)" },
            { "--status", arg = "live|lost|all", choices = { "live", "lost", "all" },
                help = "backlinks walked (default all: lost anchors need it)" },
            { "--history", help = "add the site's backlinks and referring domains month by month since "
                .. "2019 (one more call: history; TARGET must be a domain)" },
        } },
        { "Walking", pick(WALKING, { "--max-items", "--max-cost", "--confirm-over", "--yes", "--ledger",
            "--concurrency" }) },
        { "Output", { QUIET } },
        { "Store", STORE },
        { "Connection", CONNECTION },
    },
    epilog = "The path of the file written is printed on standard output.\n\nExit codes: 0 report "
        .. "written, 1 API error or --max-cost reached, 2 usage error, 3 network error, 4 the report "
        .. "could not be written, 6 the walk was not confirmed (--confirm-over), 130 / 143 stopped by "
        .. "SIGINT / SIGTERM (no report written). After 1 or 3 the report of the anchors fetched before "
        .. "the failure is still written (it says so) when there were any.\n\nExamples:\n"
        .. "  dataforseo report forbes.com --max-cost 1.00 --history\n"
        .. "  dataforseo report example.co.uk --brand example --brand \"example shop\" --out example.html\n"
        .. "  dataforseo report forbes.com --max-items 2000 --format text",
    module = "dataforseo_cli.commands.report",
}

-- The ledger spend and reconcile read (never append to).
local LEDGER_TO_READ = { "--ledger", arg = "FILE", help = "the ledger (default $DATAFORSEO_LEDGER); a regular file" }
local FORMAT_JSON = { "--format", arg = "table|json", choices = { "table", "json" },
    help = "table (default) or json (one JSON object)" }

local SPEND = {
    name = "spend", summary = "what the ledger's calls cost, per day or target",
    usage = "dataforseo spend [--ledger FILE] [--since DATE] [--by day|target] [--format table|json]",
    description = "Sums the ledger that the client writes (option ledger = \"FILE\", or dataforseo "
        .. "anchors --ledger FILE): one line per charged call.",
    groups = { { "Options", {
        LEDGER_TO_READ,
        { "--since", arg = "DATE", convert = usage.date("--since"),
            help = "only calls on or after DATE (YYYY-MM-DD, UTC)" },
        { "--by", arg = "day|target", choices = { "day", "target" },
            help = "one row per UTC day (default) or per target" },
        FORMAT_JSON,
    } } },
    epilog = "Exit codes: 0 printed, 2 usage error or unreadable ledger, 4 the output could not be "
        .. "written, 5 internal error (out of memory included).\n\nExamples:\n"
        .. "  dataforseo spend --ledger spend.jsonl\n"
        .. "  dataforseo spend --ledger spend.jsonl --since 2026-11-01 --by target --format json",
    module = "dataforseo_cli.commands.spend",
}

-- The reconcile command (issue 23 item 5).
local RECONCILE = {
    name = "reconcile", signals = true, summary = "the ledger against the account's own books (id_list)",
    usage = "dataforseo reconcile [--ledger FILE] [--since DATE] [--format table|json] [options]",
    description = "Pairs each line of the ledger with the account's own record of the task "
        .. "(POST /v3/backlinks/id_list, free, 10 calls a minute) by task id, and lists the lines with "
        .. "no task on the account, the tasks with no line (other processes, other tools) and the costs "
        .. "that differ; presumed lines whose task now shows its cost are said resolved. From --since "
        .. "(else the ledger's first line) to now, at most six months back. The ledger is only read.",
    groups = {
        { "Options", {
            LEDGER_TO_READ,
            { "--since", arg = "DATE", convert = usage.date("--since"),
                help = "only calls and tasks on or after DATE (YYYY-MM-DD, UTC; default: the ledger's "
                    .. "first line)" },
            FORMAT_JSON,
            QUIET,
        } },
        { "Connection", CONNECTION },
    },
    epilog = "Exit codes: 0 the ledger and the books agree, 1 they differ (each difference listed) or an "
        .. "API error, 2 usage error or unreadable ledger, 3 network error, 4 the output could not be "
        .. "written, 5 internal error, 130 / 143 stopped by SIGINT / SIGTERM.\n\nExamples:\n"
        .. "  dataforseo reconcile --ledger spend.jsonl\n"
        .. "  dataforseo reconcile --ledger spend.jsonl --since 2026-11-01 --format json",
    module = "dataforseo_cli.commands.reconcile",
}

local ACCOUNT = {
    name = "account", signals = true, summary = "the account's balance and limits",
    usage = "dataforseo account [options]",
    description = "Prints the account's login, balance, what it spent today and its limits "
        .. "(GET /v3/appendix/user_data, free of charge).",
    groups = { { "Output", { FORMAT_JSON } }, { "Connection", CONNECTION } },
    epilog = "Exit codes: 0 printed, 1 API error, 2 usage error, 3 network error, 4 the output could "
        .. "not be written, 130 / 143 stopped by SIGINT / SIGTERM.",
    module = "dataforseo_cli.commands.account",
}

local MOCK = {
    name = "mock", summary = "run the local DataForSEO emulator (dataforseo mock --help)",
    usage = "dataforseo mock [options]", passthrough = true,
    description = "Runs the emulator's own command, dataforseo-emulator, with the same arguments, in "
        .. "place of this one (same process: Ctrl-C and SIGTERM reach it). See docs/emulator.md.",
    module = "dataforseo_cli.commands.mock",
}

local COMPLETION = {
    name = "completion", summary = "a completion script for bash, zsh or fish",
    usage = "dataforseo completion bash|zsh|fish",
    description = "Prints the completion script of the shell, made from the same declarations as "
        .. "this help. make install and the dataforseo-cli rock install them; by hand: "
        .. "`dataforseo completion bash > ~/.local/share/bash-completion/completions/dataforseo`.",
    shell = true,
    module = "dataforseo_cli.commands.completion",
}

-- The response store's commands (issue 22).
local CACHE = {
    name = "cache", summary = "the response store: stats, prune or clear",
    usage = "dataforseo cache stats|prune|clear [--snapshots] [--format table|json]",
    description = "The response store keeps the answers already paid for at "
        .. "${XDG_CACHE_HOME:-~/.cache}/dataforseo/cache.sqlite (see docs/store.md). stats: its size, "
        .. "records, kept snapshots, hits and the money they saved; prune: removes what expired; clear: "
        .. "removes every answer (kept snapshots too with --snapshots).",
    action = { "stats", "prune", "clear" },
    groups = { { "Options", {
        { "--snapshots", help = "clear: the kept snapshots too" },
        FORMAT_JSON,
    } } },
    epilog = "Exit codes: 0 done, 2 usage error, 4 the output could not be written, 5 internal error; "
        .. "a store that cannot be read is said on stderr (exit 1).\n\nExamples:\n"
        .. "  dataforseo cache stats\n  dataforseo cache prune\n  dataforseo cache clear --snapshots",
    module = "dataforseo_cli.commands.cache",
}

local CHANGES = {
    name = "changes", target = "one", summary = "what TARGET gained and lost between two kept snapshots",
    usage = "dataforseo changes TARGET [--endpoint anchors] [--since DATE] [--format table|json]",
    description = "Compares the two latest snapshots of TARGET kept in the response store (a walk run "
        .. "with --snapshot, e.g. dataforseo anchors TARGET --all --snapshot) and prints the items "
        .. "gained, lost and changed (dataforseo.changes). Nothing is sent to the API.",
    groups = { { "Options", {
        { "--endpoint", arg = "NAME", choices = { "anchors", "referring-domains", "referring-networks",
            "backlinks", "domain-pages", "domain-pages-summary" }, help = "the walk compared (default anchors)" },
        { "--since", arg = "DATE", convert = usage.date("--since"),
            help = "compare the latest snapshot with the latest one kept before "
            .. "DATE (YYYY-MM-DD, UTC) instead of the one before it" },
        FORMAT_JSON,
    } } },
    epilog = "Exit codes: 0 printed, 1 fewer than two snapshots (or the store cannot be read), 2 usage "
        .. "error, 4 the output could not be written.\n\nExamples:\n"
        .. "  dataforseo anchors forbes.com --all --snapshot > /dev/null    # today, and again later\n"
        .. "  dataforseo changes forbes.com\n"
        .. "  dataforseo changes forbes.com --endpoint referring-domains --since 2026-01-01",
    module = "dataforseo_cli.commands.changes",
}

function M.commands()
    local list = {}
    for _, name in ipairs(endpoints.list) do list[#list + 1] = endpoint_command(name) end
    for _, c in ipairs({ REPORT, SPEND, RECONCILE, ACCOUNT, MOCK, COMPLETION }) do list[#list + 1] = c end
    list[#list + 1] = CACHE
    list[#list + 1] = CHANGES
    return list
end

------------------------------------------------------------------------------
-- The argparse parser

local HELP_WIDTH = 79
local MAIN_DESCRIPTION = "DataForSEO's Backlinks API from the command line."
local MAIN_EPILOG = "Credentials come from DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD, or from --login "
    .. "with --password-file; DATAFORSEO_BASE_URL names another server (dataforseo mock).\n"
    .. "`dataforseo COMMAND --help` lists the options of a command. See docs/cli.md."

-- Stops the parse at --help or --version (argparse's own actions would
-- print and exit the process).
local STOP = "dataforseo_cli.parser: stop"

local function declare_option(cmd, d)
    local o = d.arg and cmd:option(d[1]) or cmd:flag(d[1])
    o:overwrite(false)
    if d.help then o:description(d.help) end
    if d.arg then o:argname(d.arg) end
    if d.many then o:count("*") end
    if d.choices then o:choices(d.choices) end
    if d.convert then o:convert(d.convert) end
    return o
end

local function declare(parent, c, state)
    local cmd = parent:command(c.name):summary(c.summary)
    if c.description then cmd:description(c.description) end
    if c.epilog then cmd:epilog(c.epilog) end
    if c.usage then cmd:usage("Usage: " .. c.usage) end
    cmd:help_max_width(HELP_WIDTH):help_description_margin(30)
    cmd:add_help({ action = function()
        state.help = cmd
        error(STOP, 0)
    end })
    if c.passthrough then
        cmd:handle_options(false)
        cmd:add_help(false)
        cmd:argument("words"):args("*"):hidden(true)
        return cmd
    end
    if c.shell then
        cmd:argument("shell"):choices({ "bash", "zsh", "fish" }):description("the shell")
    elseif c.action then       -- cache stats|prune|clear
        cmd:argument("action"):choices(c.action):description(concat(c.action, ", "))
    elseif c.target == "one" then
        cmd:argument("TARGET"):description(TARGET_HELP)
    elseif c.target == "many" then
        cmd:argument("TARGET"):args("+"):description(TARGET_HELP .. "; several"
            .. (c.max_targets and (", up to " .. c.max_targets) or ""))
    elseif c.target == "any" then
        cmd:argument("TARGET"):args("*"):description(TARGET_HELP .. "; any number (and --targets-file)")
    end
    -- Arguments beyond those: named in our own message (argparse says
    -- "too many arguments").
    cmd:argument("unexpected"):args("*"):hidden(true)
    local seen = {}
    for _, g in ipairs(c.groups or {}) do
        local declared = {}
        for _, d in ipairs(g[2]) do
            assert(not seen[d[1]], "dataforseo_cli.parser: " .. c.name .. " declares " .. d[1] .. " twice")
            seen[d[1]] = d
            declared[#declared + 1] = declare_option(cmd, d)
        end
        cmd:group(g[1], (table.unpack or unpack)(declared))
    end
    return cmd
end

local function build(state, list)
    local p = argparse("dataforseo", MAIN_DESCRIPTION, MAIN_EPILOG)
    p:command_target("command"):help_max_width(HELP_WIDTH)
    p:add_help({ action = function()
        state.help = p
        error(STOP, 0)
    end })
    p:flag("--version"):description("the version of the command and of the library")
        :action(function()
            state.version = true
            error(STOP, 0)
        end)
    for _, c in ipairs(list) do declare(p, c, state) end
    return p
end

function M.completion(shell)
    local p = build({}, M.commands())
    return p["get_" .. shell .. "_complete"](p)
end

------------------------------------------------------------------------------
-- Parsing: the words argparse reads, and its messages in our wording

local NAME_MAX = 64   -- longer option or command names are not looked at for suggestions

local PASSWORD = "--password is not accepted: a password on the command line can be seen by other "
    .. "users; set DATAFORSEO_PASSWORD or use --password-file FILE"

-- The declarations of a command's options, by name ("--limit" -> decl).
local function declared(c)
    local by = {}
    for _, g in ipairs(c and c.groups or {}) do
        for _, d in ipairs(g[2]) do by[d[1]] = d end
    end
    return by
end

-- The words for argparse: an option that takes a value gets the next word
-- whatever it starts with ("--offset -1" is "--offset=-1", as it reads);
-- --password is refused, and a huge option name answered at once.
local function prepare(args, c)
    local by, out = declared(c), {}
    local i, n = 1, #args
    while i <= n do
        local a = args[i]
        if a == "--" then
            for j = i, n do out[#out + 1] = args[j] end
            break
        end
        local name = a:match("^(%-%-[^=]*)")
        if name == "--password" then usage.fail(PASSWORD) end
        if name and #name > NAME_MAX then usage.raise("unknown option %s", name) end
        local d = name and by[name]
        if d and d.arg and not a:find("=", 1, true) and args[i + 1] ~= nil then
            out[#out + 1] = a .. "=" .. args[i + 1]
            i = i + 1
        else
            out[#out + 1] = a
        end
        i = i + 1
    end
    return out
end

-- The value given to an option in the words (its last use).
local function given(words, name)
    local v
    for _, w in ipairs(words) do
        if w == "--" then break end
        local n, rest = w:match("^(%-%-[^=]+)=(.*)$")
        if n == name then v = rest end
    end
    return v
end

local function names_of(list)
    local names = {}
    for _, c in ipairs(list) do names[#names + 1] = c.name end
    table.sort(names)
    return names
end

-- argparse's message -> ours (the wording the command has always had).
local function message(raw, words, c, list)
    local by = declared(c)
    local first, tips = raw:match("^(.-)\nDid you mean (.-)%?$")
    if first then
        raw = first
        tips = tips:gsub("^one of these: ", ""):gsub("'(%-%-[^']*)'", "%1"):gsub("' '", "', '")
    end
    local function tip() return tips and (" (did you mean " .. tips .. "?)") or "" end
    local opt = raw:match("^unknown option '(.*)'$")
    if opt then return "unknown option " .. printable.excerpt(opt) .. tip() end
    local cmd = raw:match("^unknown command '(.*)'$")
    if cmd then
        return format("unknown command '%s'%s (commands: %s; see dataforseo --help)", printable.excerpt(cmd),
            tip(), concat(names_of(list), ", "))
    end
    opt = raw:match("^option '(.-)' requires an argument$")
    if opt then return format("%s needs a value (%s)", opt, by[opt] and by[opt].arg or "a value") end
    opt = raw:match("^option '(.-)' does not take arguments$")
    if opt then return format("%s takes no value (got '%s')", opt, printable.excerpt(given(words, opt) or "")) end
    opt = raw:match("^option '(.-)' must be used at most 1 time$")
    if opt then return opt .. " is given twice" end
    opt = raw:match("^argument for option '(.-)' must be one of")
    if opt then
        local choices = by[opt] and by[opt].choices or {}
        return format("%s: '%s' is not %s", opt, printable.excerpt(given(words, opt) or ""),
            #choices == 2 and (choices[1] .. " or " .. choices[2]) or ("one of " .. concat(choices, ", ")))
    end
    if raw:match("^argument 'shell' must be one of") then
        return "the shell is one of bash, zsh, fish (e.g. dataforseo completion bash)"
    end
    if raw:match("^missing argument 'TARGET'$") then
        return format("missing TARGET (e.g. dataforseo %s forbes.com)", c.name)
    end
    if raw:match("^missing argument 'shell'$") then return "missing the shell: bash, zsh or fish" end
    if raw:match("^argument 'action' must be one of") or raw:match("^missing argument 'action'$") then
        return format("say what to do: %s (e.g. dataforseo %s %s)", concat(c.action, ", "), c.name, c.action[1])
    end
    return raw
end

-- args -> { command, opts, target, rest, help, version }
function M.parse(args)
    local list = M.commands()
    local c
    for _, d in ipairs(list) do if d.name == args[1] then c = d end end
    if args[1] == nil then return {} end
    if not c and #args[1] > NAME_MAX and args[1]:sub(1, 1) ~= "-" then
        usage.raise("unknown command '%s' (commands: %s; see dataforseo --help)", args[1],
            concat(names_of(list), ", "))
    end
    local words = (c and c.passthrough) and args or prepare(args, c)
    local state = {}
    local p = build(state, list)
    local called, ok, result = pcall(p.pparse, p, words)
    if state.help then return { command = c, help = state.help:get_help() .. "\n" } end
    if state.version then return { version = true } end
    if not called then error(ok, 0) end
    if not ok then usage.fail(message(result, words, c, list)) end
    if result.unexpected and #result.unexpected > 0 then
        local extra = result.unexpected[1]
        if c.target then
            usage.raise("unexpected argument '%s' (one TARGET only; options start with --)", extra)
        end
        usage.raise("unexpected argument '%s'", extra)
    end
    return { command = c, opts = result, target = result.TARGET, shell = result.shell, rest = result.words,
        action = result.action }
end

-- The main help, for `dataforseo` without a command.
function M.help()
    return build({}, M.commands()):get_help() .. "\n"
end

return M
