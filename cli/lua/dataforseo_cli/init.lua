-- The `dataforseo` command: argument parsing, the `anchors` command,
-- --help, --version and the exit codes (`report` is commands/report.lua; `mock`
-- runs the emulator's own command).  bin/dataforseo is a thin entry:
--
--   os.exit(require("dataforseo_cli").main(arg))
--
-- main(args [, sys]) runs one command line and returns the exit code:
--   0 success, 1 API error (also: a walk stopped by --max-cost),
--   2 usage or validation error (the message names the option),
--   3 network error, 4 the output could not be written (the walk stops at
--   the first failed write), 5 internal error (a bug: one line, no
--   traceback), 130 / 143 stopped by SIGINT / SIGTERM (whole records
--   written, then a one-line summary).
-- Everything printed to the terminal from outside (server messages, echoed
-- input) passes printable.line; see docs/cli.md.
-- sys (for running it in-process; every field optional).  Without sys,
-- main runs as the process itself: core dumps off, closed standard streams
-- reopened on /dev/null, SIGINT/SIGTERM handled (dataforseo_cli.process).
--   stdout, stderr   file handles (default io.stdout, io.stderr)
--   getenv           function(name) (default os.getenv)
--   stdin            file handle for --confirm-over's question (default io.stdin)
--   stdout_tty, stderr_tty, stdin_tty   booleans (default: `test -t 1` / `-t 2` / `-t 0`)
--   width            terminal columns (default: $COLUMNS, stty, 80)
--   pending_signal   function() -> "SIGINT" | "SIGTERM" | nil
local dataforseo = require "dataforseo"
local endpoints = require "dataforseo.api"
local errors = require "dataforseo.errors"
local fields = require "dataforseo.api.fields"
local filters = require "dataforseo.query.filters"
local json = require "dataforseo.json"
local json_writer = require "dataforseo.json_writer"
local output = require "dataforseo_cli.output"
local printable = require "dataforseo.query.printable"
local process = require "dataforseo_cli.process"
local progress = require "dataforseo_cli.progress"
local walk = require "dataforseo.engine.walk"
local version = require "dataforseo.version"

local M = {}

M.EXIT_OK, M.EXIT_API, M.EXIT_USAGE, M.EXIT_NETWORK = 0, 1, 2, 3
M.EXIT_OUTPUT, M.EXIT_INTERNAL = 4, 5
M.EXIT_SIGINT, M.EXIT_SIGTERM = process.EXIT_CODES.SIGINT, process.EXIT_CODES.SIGTERM

local format, concat = string.format, table.concat
local unpack = table.unpack or unpack
local tointeger = math.tointeger or function(x) return x end

------------------------------------------------------------------------------
-- Help

local MAIN_HELP = [[
dataforseo - DataForSEO's Backlinks API from the command line

Usage:
  dataforseo anchors TARGET [options]                anchors pointing at TARGET
  dataforseo backlinks TARGET [options]              the backlinks themselves
  dataforseo referring-domains TARGET [options]      domains linking to TARGET
  dataforseo referring-networks TARGET [options]     IPs or subnets linking to TARGET
  dataforseo domain-pages TARGET [options]           TARGET's pages, with their backlinks
  dataforseo domain-pages-summary TARGET [options]   TARGET's pages' backlink totals
  dataforseo summary TARGET [options]                TARGET's totals (a key/value table)
  dataforseo report TARGET [options]                 TARGET's anchor-text profile as an HTML page
  dataforseo spend [--ledger FILE]                   what the ledger's calls cost, per day or target
  dataforseo account                                 the account's balance and limits
  dataforseo mock [options]                          run the local DataForSEO emulator
  dataforseo COMMAND --help                          the options of a command
  dataforseo --version

Credentials come from DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD, or from
--login with --password-file.
]]

-- The commands that call an endpoint: command name -> endpoint name.
local COMMANDS = {}
for _, name in ipairs(endpoints.list) do COMMANDS[(name:gsub("_", "-"))] = name end

-- Help lines of each option (the order of the help); an option appears in
-- a command's help when the endpoint has its request field.
local OPTION_HELP = {
    { "Request:" },
    { "limit", "--limit N                 items per call, 1..1000 (API default 100; with",
               "                          --all the page size, default 1000)" },
    { "offset", "--offset N                skip the first N items" },
    { "filter", "--filter 'FIELD OP VALUE' filter on an item field; repeatable, joined",
                "                          with \"and\". OP: = <> < <= > >= in not_in like",
                "                          not_like ilike not_ilike regex not_regex match",
                "                          not_match has has_not. \"in\" takes a,b,c or a JSON",
                "                          array; a value in double quotes is a JSON string;",
                "                          null is null" },
    { "filters", "--filters JSON            the raw filter array (or/nesting), e.g.",
                 "                          '[[\"rank\",\">\",500],\"or\",[\"backlinks\",\">\",10]]'" },
    { "backlinks-filter", "--backlinks-filter 'FIELD OP VALUE'   filter on the backlinks before grouping;",
                          "                          repeatable (fields of a backlink: dofollow, tld_from...)" },
    { "backlinks-filters", "--backlinks-filters JSON  the raw backlinks_filters array" },
    { "order-by", "--order-by FIELD,DIR      sort rule, DIR asc or desc (default asc);",
                  "                          repeatable, at most 3" },
    { "mode", "--mode MODE               as_is, one_per_domain or one_per_anchor" },
    { "custom-mode", "--custom-mode FIELD,N     at most N backlinks per FIELD (anchor, domain_from, ...)" },
    { "network-address-type", "--network-address-type T  group by ip or by subnet (default ip)" },
    { "internal-list-limit", "--internal-list-limit N   entries in the referring_links_* maps, 1..1000" },
    { "status", "--status live|lost|all    backlinks_status_type (default live)" },
    { "no-subdomains", "--no-subdomains           include_subdomains = false" },
    { "no-indirect-links", "--no-indirect-links       include_indirect_links = false" },
    { "include-internal", "--include-internal        exclude_internal_backlinks = false" },
    { "rank-scale", "--rank-scale 100|1000     rank_scale (default 1000)" },
    { "tag", "--tag TEXT                echoed back in the response's data" },
    { "Walking:" },
    { "all", "--all                     fetch every item (pages of --limit, default 1000)" },
    { "max-items", "--max-items N             stop after N items (implies --all)" },
    { "concurrency", "--concurrency N           pages in flight at once after the first,",
                     "                          1..{MAX} (default {DEFAULT}; 1: one at a time)" },
    { "max-cost", "--max-cost USD            never start a call that could pass this spend" },
    { "confirm-over", "--confirm-over USD        ask before a walk estimated above USD (default 1);",
                      "                          without a terminal, refuse it (exit 1)" },
    { "yes", "--yes                     walk without asking, whatever the estimate" },
    { "ledger", "--ledger FILE             append a line per charged call to FILE (default",
                "                          $DATAFORSEO_LEDGER); see dataforseo spend" },
    { "Output:" },
    { "format", "--format FMT              table (default on a terminal), csv, jsonl (default",
                "                          otherwise), json (the raw response of one call)" },
    { "fields", "--fields A,B,...          columns/keys to print (map keys as map.key, e.g.",
                "                          referring_links_tld.com)" },
    { "csv-raw", "--csv-raw                 CSV cells exactly as received (by default a text",
                 "                          cell starting with = + - @ TAB or CR gets a leading '",
                 "                          and control characters are escaped)" },
    { "quiet", "--quiet                   no progress bar and no summary on stderr" },
    { "Connection:" },
    { "login", "--login LOGIN             API login (default $DATAFORSEO_LOGIN)" },
    { "password-file", "--password-file FILE      read the API password from FILE (default",
                       "                          $DATAFORSEO_PASSWORD); there is no password option" },
    { "sandbox", "--sandbox                 use sandbox.dataforseo.com (free, dummy data)" },
    { "base-url", "--base-url URL            another server (the local emulator)" },
    { "timeout", "--timeout SECONDS         per-call timeout (default 60)" },
}

local HELP_TAIL = [[

Exit codes: 0 success, 1 API error (or --max-cost reached), 2 usage or
validation error, 3 network error, 4 the output could not be written,
5 internal error, 130 / 143 stopped by SIGINT (Ctrl-C) / SIGTERM: the
output holds whole records only (a second Ctrl-C quits at once).
]]

local EXAMPLES = {
    anchors = [[
  dataforseo anchors forbes.com --limit 4 --order-by backlinks,desc \
      --filter 'anchor like %news%'
  dataforseo anchors forbes.com --all --filter 'referring_domains >= 10' \
      --format csv > forbes-anchors.csv
  dataforseo anchors example.com --backlinks-filter 'dofollow = true' --fields anchor,backlinks]],
    backlinks = [[
  dataforseo backlinks forbes.com --all --format jsonl > backlinks.jsonl
  dataforseo backlinks forbes.com --mode one_per_domain --filter 'dofollow = true']],
    referring_domains = [[
  dataforseo referring-domains forbes.com --format table --order-by backlinks,desc]],
    summary = [[
  dataforseo summary forbes.com]],
}

-- The help of a command: its usage line, then the options it has.
local function command_help(command, options)
    local e = endpoints.get(COMMANDS[command])
    local out = { format("Usage: dataforseo %s TARGET [options]\n\n%s %s.\nTARGET is a domain or "
        .. "subdomain without scheme and www. (forbes.com), or an\nabsolute page URL "
        .. "(https://example.com/page).\n", command, e.path, e.kind == "list" and "(pages of items)"
        or "(one result object)") }
    local section
    for _, entry in ipairs(OPTION_HELP) do
        if #entry == 1 then
            section = entry[1]
        elseif options[entry[1]] then
            if section then
                out[#out + 1] = "\n" .. section
                section = nil
            end
            for i = 2, #entry do out[#out + 1] = "  " .. entry[i] end
        end
    end
    local text = concat(out, "\n") .. "\n" .. HELP_TAIL
    if EXAMPLES[e.name] then text = text .. "\nExamples:\n" .. EXAMPLES[e.name] .. "\n" end
    return (text:gsub("{(%u+)}", { MAX = tostring(walk.MAX_CONCURRENCY),
        DEFAULT = tostring(walk.DEFAULT_CONCURRENCY) }))
end

------------------------------------------------------------------------------
-- The system around a run

local function shell_true(cmd)
    local r = os.execute(cmd)
    return r == true or r == 0
end

local function terminal_width(getenv)
    local cols = tonumber(getenv("COLUMNS") or "")
    if cols and cols >= 20 then return math.floor(cols) end
    local p = io.popen("(stty size </dev/tty) 2>/dev/null")
    if p then
        local out = p:read("*a") or ""
        p:close()
        local c = tonumber(out:match("^%s*%d+%s+(%d+)"))
        if c and c >= 20 then return c end
    end
    return 80
end

local function system(sys)
    local real = sys == nil
    sys = sys or {}
    local s = {
        real = real,
        stdout = sys.stdout or io.stdout,
        stderr = sys.stderr or io.stderr,
        getenv = sys.getenv or os.getenv,
        stdin = sys.stdin or io.stdin,
        stdout_tty = sys.stdout_tty,
        stderr_tty = sys.stderr_tty,
        stdin_tty = sys.stdin_tty,
        width = sys.width,
        pending_signal = sys.pending_signal or (real and process.pending_signal)
            or function() return nil end,
    }
    -- Every write of the output is checked (exit 4 on the first failure).
    s.out = process.checked(s.stdout)
    if s.stdout_tty == nil then
        s.stdout_tty = sys.stdout == nil and shell_true("test -t 1")
    end
    if s.stderr_tty == nil then
        s.stderr_tty = sys.stderr == nil and shell_true("test -t 2")
    end
    if s.stdin_tty == nil then
        s.stdin_tty = sys.stdin == nil and shell_true("test -t 0")
    end
    return s
end

-- One line on stderr, made safe for the terminal (printable.line): text
-- from servers and echoed input cannot drive it, however long it is.
local function say(sys, text)
    sys.stderr:write(printable.line(text), "\n")
end

------------------------------------------------------------------------------
-- Options of `anchors`

-- name -> { value = placeholder (nil for a flag), repeat = true when it may
-- be given more than once, field = the request field it fills }
local OPTIONS = {
    ["limit"] = { value = "N", field = "limit" },
    ["offset"] = { value = "N", field = "offset" },
    ["filter"] = { value = "'FIELD OP VALUE'", ["repeat"] = true, field = "filters" },
    ["filters"] = { value = "JSON", field = "filters" },
    ["backlinks-filter"] = { value = "'FIELD OP VALUE'", ["repeat"] = true,
        field = "backlinks_filters" },
    ["backlinks-filters"] = { value = "JSON", field = "backlinks_filters" },
    ["order-by"] = { value = "FIELD,DIR", ["repeat"] = true, field = "order_by" },
    ["mode"] = { value = "MODE", field = "mode" },
    ["custom-mode"] = { value = "FIELD,N", field = "custom_mode" },
    ["network-address-type"] = { value = "ip|subnet", field = "network_address_type" },
    ["internal-list-limit"] = { value = "N", field = "internal_list_limit" },
    ["status"] = { value = "live|lost|all", field = "backlinks_status_type" },
    ["no-subdomains"] = { field = "include_subdomains" },
    ["no-indirect-links"] = { field = "include_indirect_links" },
    ["include-internal"] = { field = "exclude_internal_backlinks" },
    ["rank-scale"] = { value = "100|1000", field = "rank_scale" },
    ["tag"] = { value = "TEXT", field = "tag" },
    ["all"] = {},
    ["max-items"] = { value = "N" },
    ["concurrency"] = { value = "N" },
    ["max-cost"] = { value = "USD" },
    ["confirm-over"] = { value = "USD" },
    ["yes"] = {},
    ["ledger"] = { value = "FILE" },
    ["format"] = { value = "table|csv|jsonl|json" },
    ["fields"] = { value = "A,B,..." },
    ["csv-raw"] = {},
    ["quiet"] = {},
    ["login"] = { value = "LOGIN" },
    ["password-file"] = { value = "FILE" },
    ["sandbox"] = {},
    ["base-url"] = { value = "URL" },
    ["timeout"] = { value = "SECONDS" },
    ["help"] = {},
}
M.OPTIONS = OPTIONS

-- The options of an endpoint's command: a request option only where the
-- endpoint has its field; walking options only for list endpoints.
local WALKING = { all = true, ["max-items"] = true, concurrency = true, ["max-cost"] = true,
    fields = true, ["csv-raw"] = true, ["confirm-over"] = true, yes = true }
local function options_for(e)
    local out = {}
    for name, spec in pairs(OPTIONS) do
        local field = spec.field
        if (field == nil or e.fields[field]) and (e.kind == "list" or not WALKING[name]) then
            out[name] = spec
        end
    end
    return out
end

-- Which option to blame for a problem in a request field (filters and
-- backlinks_filters have two options each; build_params picks one).
local FIELD_OPTION = { target = "TARGET" }
for name, spec in pairs(OPTIONS) do
    if spec.field then FIELD_OPTION[spec.field] = "--" .. name end
end

-- A usage error: raised inside parsing, caught by main.  Text arguments
-- are echoed input: they are cut to an excerpt (a 100 kB option name
-- makes a short message).
local Usage = {}
local function usage(fmt, ...)
    local args = { ... }
    for i = 1, select("#", ...) do
        if type(args[i]) == "string" then args[i] = printable.excerpt(args[i]) end
    end
    error(setmetatable({ message = format(fmt, unpack(args, 1, select("#", ...))) }, Usage), 0)
end

-- Splits the command line: option name -> value (a list for repeatable
-- options, true for flags) and the positional arguments.  `options`: the
-- command's table shaped like OPTIONS (default: those of `anchors`).
local function split_args(args, first, options)
    options = options or OPTIONS
    local opts, positional = {}, {}
    local i, n = first, #args
    while i <= n do
        local a = args[i]
        if a == "--" then
            for j = i + 1, n do positional[#positional + 1] = args[j] end
            break
        elseif a == "-h" then
            opts.help = true
        elseif a:sub(1, 2) == "--" then
            local name, inline = a:match("^%-%-([^=]+)=(.*)$")
            name = name or a:sub(3)
            if name == "password" then
                usage("--password is not accepted: a password on the command line can be seen "
                    .. "by other users; set DATAFORSEO_PASSWORD or use --password-file FILE")
            end
            local spec = options[name]
            if not spec then
                local guess = errors.suggest(name, options)
                usage("unknown option --%s%s", name, guess and (" (did you mean --" .. guess .. "?)") or "")
            end
            local v
            if spec.value then
                if inline then
                    v = inline
                else
                    i = i + 1
                    v = args[i]
                    if v == nil then usage("--%s needs a value (%s)", name, spec.value) end
                end
            else
                if inline then usage("--%s takes no value (got '%s')", name, inline) end
                v = true
            end
            if spec["repeat"] then
                opts[name] = opts[name] or {}
                local list = opts[name]
                list[#list + 1] = v
            elseif opts[name] ~= nil then
                usage("--%s is given twice", name)
            else
                opts[name] = v
            end
        elseif a:sub(1, 1) == "-" and a ~= "-" then
            usage("unknown option %s (options start with --; see dataforseo anchors --help)", a)
        else
            positional[#positional + 1] = a
        end
        i = i + 1
    end
    return opts, positional
end

local function integer_option(opts, name)
    local s = opts[name]
    if s == nil then return nil end
    local n = tonumber(s)
    if not n or n ~= math.floor(n) or s:find("[^%d%-%+]") then
        usage("--%s: '%s' is not an integer", name, s)
    end
    return tointeger(n)
end

local function number_option(opts, name)
    local s = opts[name]
    if s == nil then return nil end
    local n = tonumber(s)
    if not n or n ~= n or n == math.huge or n == -math.huge then
        usage("--%s: '%s' is not a number", name, s)
    end
    return n
end

------------------------------------------------------------------------------
-- Filters from the command line

local function trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end

-- One scalar of a --filter value, typed by the field it is compared with.
local function scalar(text, ftype, option, whole)
    if text == "null" then return json.null end
    if text:sub(1, 1) == '"' then
        local v, err = json.decode(text)
        if type(v) ~= "string" then
            usage("%s '%s': %s is not a JSON string%s", option, whole, text,
                err and (" (" .. err .. ")") or "")
        end
        return v
    end
    if ftype == "num" then return tonumber(text) or text end
    if ftype == "bool" then
        if text == "true" then return true end
        if text == "false" then return false end
    end
    return text
end

-- "a, b,\"c, d\"" -> { "a", "b", "\"c, d\"" }: commas inside a double-quoted
-- (JSON) string do not split.
local function split_values(s)
    local out, start, i, n, quoted = {}, 1, 1, #s, false
    while i <= n do
        local c = s:sub(i, i)
        if quoted then
            if c == "\\" then i = i + 1 elseif c == '"' then quoted = false end
        elseif c == '"' then
            quoted = true
        elseif c == "," then
            out[#out + 1] = trim(s:sub(start, i - 1))
            start = i + 1
        end
        i = i + 1
    end
    out[#out + 1] = trim(s:sub(start))
    return out
end

-- 'FIELD OP VALUE' -> { field, op, value }, checked by the filter validator.
local function parse_condition(text, schema, option)
    local field, op, rest = text:match("^%s*(%S+)%s+(%S+)%s*(.-)%s*$")
    if not field then
        usage("%s '%s': expected 'FIELD OPERATOR VALUE', e.g. 'anchor like %%news%%'", option, text)
    end
    if rest == "" then
        usage('%s \'%s\': no value after the operator (write "" for the empty string)', option, text)
    end
    local ftype = fields.lookup(schema, field)
    local value
    if op == "in" or op == "not_in" then
        if rest:sub(1, 1) == "[" then
            local v, err = json.decode(rest)
            if type(v) ~= "table" then
                usage("%s '%s': the list is not a JSON array (%s)", option, text, tostring(err))
            end
            value = v
        else
            value = {}
            for _, part in ipairs(split_values(rest)) do
                value[#value + 1] = scalar(part, ftype, option, text)
            end
        end
    else
        value = scalar(rest, ftype, option, text)
    end
    local cond = { field, op, value }
    local ok, msg = filters.validate(cond, schema, "filter")
    if not ok then
        usage("%s '%s': %s", option, text, (msg:gsub("^filter[%[%]%d]*: ", "")))
    end
    return cond
end

local function parse_json_filters(text, option)
    local v, err = json.decode(text)
    if v == nil then
        usage("%s: not valid JSON: %s", option, tostring(err))
    end
    return v
end

-- --filter list and --filters JSON joined with "and".
local function build_filters(opts, one, raw, schema)
    local parts = {}
    if opts[raw] then parts[#parts + 1] = parse_json_filters(opts[raw], "--" .. raw) end
    for _, text in ipairs(opts[one] or {}) do
        parts[#parts + 1] = parse_condition(text, schema, "--" .. one)
    end
    if #parts == 0 then return nil end
    if #parts == 1 then return parts[1] end
    local expr = {}
    for i, p in ipairs(parts) do
        if i > 1 then expr[#expr + 1] = "and" end
        expr[#expr + 1] = p
    end
    return expr
end

local function order_rule(text)
    local s = trim(text)
    local field, dir = s:match("^([^,%s]+)%s*[,%s]%s*(%a+)$")
    if not field then
        if s:find("^[^,%s]+$") then return s .. ",asc" end
        usage("--order-by '%s': expected FIELD,asc or FIELD,desc (e.g. backlinks,desc)", text)
    end
    return field .. "," .. dir:lower()
end

local RANK_SCALES = { ["100"] = "one_hundred", ["1000"] = "one_thousand",
    one_hundred = "one_hundred", one_thousand = "one_thousand" }

------------------------------------------------------------------------------
-- From options to a request

local function build_params(opts, target, e)
    local p = { target = target }
    p.limit = integer_option(opts, "limit")
    p.offset = integer_option(opts, "offset")
    p.internal_list_limit = integer_option(opts, "internal-list-limit")
    p.backlinks_status_type = opts.status
    p.network_address_type = opts["network-address-type"]
    p.mode = opts.mode
    if opts["custom-mode"] then
        local field, n = opts["custom-mode"]:match("^%s*([%w_]+)%s*,%s*(%d+)%s*$")
        if not field then usage("--custom-mode '%s': expected FIELD,N (e.g. domain_from,10)",
            opts["custom-mode"]) end
        p.custom_mode = { field = field, value = tointeger(tonumber(n)) }
    end
    if e.item then p.filters = build_filters(opts, "filter", "filters", e.item) end
    p.backlinks_filters = build_filters(opts, "backlinks-filter", "backlinks-filters",
        fields.backlink)
    if opts["order-by"] then
        p.order_by = {}
        for i, rule in ipairs(opts["order-by"]) do p.order_by[i] = order_rule(rule) end
    end
    if opts["no-subdomains"] then p.include_subdomains = false end
    if opts["no-indirect-links"] then p.include_indirect_links = false end
    if opts["include-internal"] then p.exclude_internal_backlinks = false end
    if opts["rank-scale"] then
        p.rank_scale = RANK_SCALES[opts["rank-scale"]]
        if not p.rank_scale then
            usage("--rank-scale: '%s' is not 100 or 1000", opts["rank-scale"])
        end
    end
    p.tag = opts.tag
    -- The one validation of the project, before anything leaves the machine.
    local task, problem = e.validate(p)
    if not task then
        local field = tostring(problem.field or ""):match("^[%w_]+") or ""
        local option = FIELD_OPTION[field]
        if field == "filters" then
            option = opts.filters and "--filters" or "--filter"
        elseif field == "backlinks_filters" then
            option = opts["backlinks-filters"] and "--backlinks-filters" or "--backlinks-filter"
        end
        local message = tostring(problem.message)
        if option and message:sub(1, #field + 2) == field .. ": " then
            message = message:sub(#field + 3)   -- the option already says which field
        end
        usage("%s: %s", option or field, message)
    end
    return p
end

local function split_list(s)
    local list = {}
    for part in (s .. ","):gmatch("(.-),") do list[#list + 1] = trim(part) end
    return list
end

local FORMATS = { table = true, csv = true, jsonl = true, json = true }

-- Everything that is not the request: output, walk, connection.
local function build_run(opts, sys, e)
    local run = {}
    run.format = opts.format or (sys.stdout_tty and "table" or "jsonl")
    if not FORMATS[run.format] then
        usage("--format: '%s' is not one of table, csv, jsonl, json", run.format)
    end
    if opts.fields then
        if run.format == "json" then
            usage("--fields does not apply to --format json (the raw response)")
        end
        local list, msg = output.check_fields(split_list(opts.fields), output.view(e))
        if not list then usage("--fields %s", msg) end
        run.fields = list
    end
    run.max_items = integer_option(opts, "max-items")
    if run.max_items and run.max_items < 1 then
        usage("--max-items: %d is out of range (an integer >= 1)", run.max_items)
    end
    run.all = opts.all or run.max_items ~= nil
    if run.all and run.format == "json" then
        usage("--format json prints the raw response of a single call; use jsonl or csv with %s",
            opts.all and "--all" or "--max-items")
    end
    run.concurrency = integer_option(opts, "concurrency")
    if run.concurrency and (run.concurrency < 1 or run.concurrency > walk.MAX_CONCURRENCY) then
        usage("--concurrency: %d is out of range (an integer from 1 to %d)", run.concurrency,
            walk.MAX_CONCURRENCY)
    end
    run.max_cost = number_option(opts, "max-cost")
    if run.max_cost and run.max_cost <= 0 then
        usage("--max-cost: %s must be more than 0 (USD)", opts["max-cost"])
    end
    run.timeout = number_option(opts, "timeout")
    if run.timeout and run.timeout <= 0 then
        usage("--timeout: %s must be more than 0 (seconds)", opts.timeout)
    end
    if opts.sandbox and opts["base-url"] then
        usage("--sandbox and --base-url exclude each other")
    end
    run.quiet = opts.quiet
    require("dataforseo_cli.confirm").read(M, opts, run)
    return run
end

local PASSWORD_FILE_MAX = 4096   -- bytes; a password file is one short line

-- The password: the file's first and only line, without any trailing CR/LF.
local function read_password(path)
    local f, err = io.open(path, "rb")
    if not f then usage("--password-file: cannot read '%s' (%s)", path, tostring(err)) end
    local text, rerr, code = f:read(PASSWORD_FILE_MAX + 1)
    local more = text and #text > PASSWORD_FILE_MAX
    f:close()
    if text == nil and rerr ~= nil then
        if code == 21 or tostring(rerr):find("directory", 1, true) then
            usage("--password-file: '%s' is a directory, not a file", path)
        end
        usage("--password-file: cannot read '%s' (%s)", path, tostring(rerr))
    end
    if more then usage("--password-file: '%s' is larger than %d bytes: not a password file", path,
        PASSWORD_FILE_MAX) end
    text = (text or ""):gsub("[\r\n]+$", "")
    if text == "" then usage("--password-file: '%s' is empty", path) end
    if text:find("[\r\n]") then
        usage("--password-file: '%s' holds more than one line (the password is the only line)", path)
    end
    return text
end

-- The command-line flag that sets a client option (to name it in a message).
local CLIENT_OPTION_FLAG = { base_url = "--base-url", timeout = "--timeout", login = "--login",
    password = "--password-file (or DATAFORSEO_PASSWORD)", sandbox = "--sandbox" }

local function make_client(opts, run, sys)
    local login = opts.login or sys.getenv("DATAFORSEO_LOGIN")
    local password
    if opts["password-file"] then
        password = read_password(opts["password-file"])
    else
        password = sys.getenv("DATAFORSEO_PASSWORD")
    end
    if login == nil or login == "" then
        usage("no API login: set DATAFORSEO_LOGIN or use --login")
    end
    if password == nil or password == "" then
        usage("no API password: set DATAFORSEO_PASSWORD or use --password-file FILE")
    end
    local settings = { login = login, password = password, sandbox = opts.sandbox or nil,
        base_url = opts["base-url"], timeout = run.timeout }
    local ledger = opts.ledger or sys.getenv("DATAFORSEO_LEDGER")
    if ledger and ledger ~= "" then settings.ledger = ledger end
    local ok, client, err = pcall(dataforseo.new, settings)
    if not ok then
        -- dataforseo.new raises on a bad option value: name the flag behind it.
        -- A URL's userinfo (user:password@) is never echoed.
        local msg = tostring(client):gsub("(//)[^/@%s']*@", "%1***@")
        local name = msg:match("option '([%w_]+)'")
        local flag = CLIENT_OPTION_FLAG[name]
        if not flag then error(client, 0) end
        usage("%s: %s", flag, (msg:gsub("^.-option '" .. name .. "' ", "")))
    end
    if not client then
        if err.kind == "ledger" then usage("--ledger: %s", err.message) end
        usage("%s", err.message)
    end
    return client
end

------------------------------------------------------------------------------
-- Running

local function exit_code(err)
    if err.kind == "validation" then return M.EXIT_USAGE end
    if err.kind == "transport" then return M.EXIT_NETWORK end
    return M.EXIT_API
end

local function plural(n, word)
    return format("%d %s%s", n, word, n == 1 and "" or "s")
end

local function summary(w, client)
    local retries = w.retries
    if type(client.stats) == "function" then
        local ok, st = pcall(client.stats, client)
        if ok and type(st) == "table" and type(st.retries) == "number" then retries = st.retries end
    end
    local parts = {
        plural(w.items, "item"), plural(w.calls, "call"),
        retries and format("%d %s", retries, retries == 1 and "retry" or "retries")
            or "retries n/a",
        format("$%.5f", w.cost), format("%.2f s", w:elapsed()),
    }
    if w.total_count then parts[#parts + 1] = format("total_count %d", w.last_total_count) end
    return "dataforseo: " .. concat(parts, ", ")
end

-- A raised value that is not one of ours: a bug, kept with where it came
-- from (shown with DATAFORSEO_DEBUG=1).
local function internal_error(e)
    if getmetatable(e) == Usage or errors.is_error(e) or (type(e) == "table" and e.internal) then
        return e
    end
    return { internal = tostring(e), traceback = debug.traceback(tostring(e), 2) }
end

-- The signal behind an interruption: the pending one, or the one named by
-- an error of category "interrupted" (the C core's "interrupted by SIGTERM").
local function interruption(sys, err)
    local name = sys.pending_signal()
    if name then return name end
    if errors.is_error(err) and err.category == "interrupted" then
        return tostring(err.message):match("SIG%u+") or "SIGINT"
    end
    return nil
end

-- What was written, in one line: after an interruption or a write error.
local function written(counts, w)
    local elapsed = type(w.elapsed) == "function" and w:elapsed() or 0
    return format("%s written (%s, $%.5f, %.2f s)", plural(counts.items, "item"),
        plural(w.calls or 0, "call"), w.cost or 0, elapsed)
end

-- Output one page; the write and its flush are checked, so a page counts
-- as written only once it reached the output.
local function write_page(run, writer, out, page, counts)
    if run.format == "json" then
        writer:response(page.response)
    else
        writer:items(page.items)
    end
    if out:flush() then counts.items = counts.items + #page.items end
end

-- Flushes the output; exit 0, or 4 (said on stderr) when any write to it
-- failed.
local function output_done(sys)
    if sys.out:flush() then return M.EXIT_OK end
    say(sys, "dataforseo: cannot write the output (" .. sys.out.error .. ")")
    return M.EXIT_OUTPUT
end

-- Writes our own text (help, version) to the output: exit 4 when it fails.
local function print_text(sys, text)
    sys.out:write(text)
    return output_done(sys)
end

-- Any command's arguments -> its options and its TARGET (when it takes
-- one); or nil and the exit code of --help, which prints `help`.
local function parse_command(command, args, sys, options, help, takes_target)
    local opts, positional = split_args(args, 2, options)
    if opts.help then return nil, print_text(sys, help) end
    if takes_target then
        if #positional == 0 then usage("missing TARGET (e.g. dataforseo %s forbes.com)", command) end
        if #positional > 1 then
            usage("unexpected argument '%s' (one TARGET only; options start with --)", positional[2])
        end
    elseif #positional > 0 then
        usage("unexpected argument '%s'", positional[1])
    end
    return opts, positional[1]
end

-- The start of an endpoint's command: its options parsed and checked, the
-- request built and validated -> the endpoint, options, params and run;
-- or nil and the exit code of --help.
local function start_command(command, args, sys)
    local e = endpoints.get(COMMANDS[command])
    local options = options_for(e)
    local opts, target = parse_command(command, args, sys, options, command_help(command, options), true)
    if not opts then return nil, target end
    return e, opts, build_params(opts, target, e), build_run(opts, sys, e)
end

-- `dataforseo NAME TARGET`: a list endpoint's items, one page or a walk.
local function run_list(command, args, sys)
    local e, opts, params, run = start_command(command, args, sys)
    if not e then return opts end
    local out = sys.out
    local client = make_client(opts, run, sys)

    local width = sys.width
    if not width and (run.format == "table" or (run.all and sys.stderr_tty)) then
        width = terminal_width(sys.getenv)
    end
    local writer = output.new(run.format, out, { fields = run.fields, width = width,
        csv_raw = opts["csv-raw"], view = output.view(e) })
    local bar
    if run.all and sys.stderr_tty and not run.quiet then
        bar = progress.new(sys.stderr, { width = width })
    end
    local walk_opts = require("dataforseo_cli.confirm").walk_opts(run, sys)
    walk_opts.max_cost, walk_opts.concurrency = run.max_cost, run.concurrency
    walk_opts.on_page = bar and function(_, w) bar:update(w) end or nil
    if run.all then
        walk_opts.max_items = run.max_items
    else
        -- One call: the walk of one page of --limit (API default 100).
        walk_opts.max_items = params.limit or e.defaults.limit
    end

    local counts = { items = 0 }
    local w = client[e.name .. "_pages"](client, params, walk_opts)
    local ok, err = xpcall(function()
        for page in w do
            write_page(run, writer, out, page, counts)
            -- Stop at the first failed write or a signal: not one more call.
            if out.error or sys.pending_signal() then break end
        end
    end, internal_error)
    if type(w.close) == "function" then pcall(w.close, w) end   -- after a break on LuaJIT
    if bar then bar:clear() end
    local signal = interruption(sys, not ok and err or nil)
    if not signal then
        writer:close()         -- a CSV or table with no rows still gets its header
        out:flush()
    end
    pcall(client.close, client)

    if signal then
        say(sys, format("dataforseo: interrupted by %s: %s; the output ends with a whole record",
            signal, written(counts, w)))
        return process.EXIT_CODES[signal] or M.EXIT_SIGINT
    end
    if out.error then
        say(sys, format("dataforseo: cannot write the output (%s): stopped; %s", out.error,
            written(counts, w)))
        return M.EXIT_OUTPUT
    end
    if not ok then
        if not errors.is_error(err) then error(err, 0) end
        if not run.quiet and w.pages > 0 then say(sys, summary(w, client)) end
        say(sys, tostring(err))
        return exit_code(err)
    end
    if not run.quiet then
        say(sys, summary(w, client))
        if w.note then say(sys, "dataforseo: note: " .. w.note) end
    end
    if w.status == "declined" then return M.EXIT_API end
    return M.EXIT_OK
end

-- `dataforseo summary TARGET`: one result object as a key/value table (or
-- the raw response with --format json, the object as one line with jsonl).
local function run_summary(command, args, sys)
    local e, opts, params, run = start_command(command, args, sys)
    if not e then return opts end
    local out = sys.out
    local client = make_client(opts, run, sys)
    local result, err = client[e.name](client, params)
    pcall(client.close, client)
    if not result then
        say(sys, tostring(err))
        return exit_code(err)
    end
    local cost = result.cost
    result.cost = nil
    if run.format == "json" or run.format == "jsonl" then
        out:write(printable.json(json_writer.encode(result, run.format == "json" and { indent = "  " }
            or nil)), "\n")
    else
        local keys = {}
        for k in pairs(result) do keys[#keys + 1] = k end
        table.sort(keys)
        local rows = {}
        for _, k in ipairs(keys) do rows[#rows + 1] = { key = k, value = result[k] } end
        local writer = output.new(run.format == "csv" and "csv" or "table", out, { width = sys.width
            or terminal_width(sys.getenv), fields = { "key", "value" },
            view = { schema = { key = "str", value = "str" }, item_fields = { "key", "value" } } })
        writer:items(rows)
        writer:close()
    end
    local flushed = output_done(sys)
    if flushed ~= M.EXIT_OK then return flushed end
    if not run.quiet then say(sys, format("dataforseo: 1 call, $%.5f", cost or 0)) end
    return M.EXIT_OK
end

-- The process itself (not an in-process call): core dumps off, standard
-- streams that were closed reopened on /dev/null.  Returns an exit code
-- when the command cannot run.
local function prepare_process(sys, cmd)
    local ok, closed = pcall(process.harden)
    if not ok or cmd == "mock" then return nil end
    for _, fd in ipairs(closed) do
        if fd == 1 then
            say(sys, "dataforseo: standard output is closed: nothing to write to; nothing was sent")
            return M.EXIT_OUTPUT
        end
    end
    if COMMANDS[cmd] or cmd == "report" then process.install_signals() end
    return nil
end

-- main(args [, sys]) -> exit code.  args[1] is the command.
function M.main(args, sys)
    sys = system(sys)
    args = args or {}
    local cmd = args[1]
    if sys.real then
        local refused = prepare_process(sys, cmd)
        if refused then return refused end
    end
    local ok, code = xpcall(function()
        if cmd == nil then
            sys.stderr:write(MAIN_HELP)
            return M.EXIT_USAGE
        elseif cmd == "--help" or cmd == "-h" or cmd == "help" then
            return print_text(sys, MAIN_HELP)
        elseif cmd == "--version" or cmd == "version" then
            local host = jit and jit.version or _VERSION
            return print_text(sys, format("dataforseo %s (lua-dataforseo, %s)\n", version, host))
        elseif COMMANDS[cmd] then
            local run = endpoints.lists(COMMANDS[cmd]) and run_list or run_summary
            return run(cmd, args, sys)
        elseif cmd == "report" then
            return require("dataforseo_cli.commands.report").run(args, sys, M)
        elseif cmd == "spend" or cmd == "account" then
            return require("dataforseo_cli.commands." .. cmd).run(args, sys, M)
        elseif cmd == "mock" then
            -- The emulator's own command with the same arguments: the checkout's
            -- emulator/bin/dataforseo-emulator, else dataforseo-emulator on PATH.
            local function word(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end
            local words = {}
            for i = 2, #args do words[#words + 1] = word(args[i]) end
            local here = debug.getinfo(1, "S").source:match("^@(.*)/cli/lua/dataforseo_cli/init%.lua$")
            local bin = here and (here .. "/emulator/bin/dataforseo-emulator")
            local found = bin and io.open(bin, "rb")
            if found then found:close() else bin = "dataforseo-emulator" end
            local status, how, code = os.execute("exec " .. word(bin) .. " " .. table.concat(words, " "))
            if type(status) == "number" then return status % 256 == 0 and status / 256 or 128 + status % 128 end
            return how == "exit" and code or 128 + code
        end
        local names = { "mock", "report", "spend", "account" }
        for command in pairs(COMMANDS) do names[#names + 1] = command end
        table.sort(names)
        local guess = errors.suggest(cmd, names)
        usage("unknown command '%s'%s (commands: %s; see dataforseo --help)", cmd,
            guess and (" (did you mean '" .. guess .. "'?)") or "", concat(names, ", "))
    end, internal_error)
    if ok then return code end
    if getmetatable(code) == Usage then
        local named = COMMANDS[cmd] or cmd == "report" or cmd == "spend" or cmd == "account"
        local where = named and ("dataforseo " .. cmd) or "dataforseo"
        say(sys, where .. ": " .. code.message)
        sys.stderr:write("Try '", where, " --help' for more information.\n")
        return M.EXIT_USAGE
    end
    if errors.is_error(code) then
        say(sys, tostring(code))
        return exit_code(code)
    end
    -- Never a traceback: one line and exit 5 (the interpreter's own SIGINT
    -- handler, active until ours is installed, raises "interrupted!").
    local message = code.internal
    if message:find("interrupted!$") then
        say(sys, "dataforseo: interrupted by SIGINT; nothing more was written")
        return M.EXIT_SIGINT
    end
    say(sys, "dataforseo: internal error: " .. message
        .. " (a bug: please report it; DATAFORSEO_DEBUG=1 shows where)")
    if code.traceback and (sys.getenv("DATAFORSEO_DEBUG") or "") ~= "" then
        sys.stderr:write(printable.escape(code.traceback, true), "\n")
    end
    return M.EXIT_INTERNAL
end

-- For the commands in dataforseo/cli/ (report): the same parsing, client,
-- exit codes and summary as `anchors`.
M.split_args, M.usage, M.integer_option, M.number_option = split_args, usage, integer_option, number_option
M.make_client, M.exit_code, M.summary, M.terminal_width = make_client, exit_code, summary, terminal_width
M.parse_command, M.print_text, M.output_done = parse_command, print_text, output_done

return M
