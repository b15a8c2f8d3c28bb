-- The `dataforseo` command: argument parsing, the `anchors` command,
-- --help, --version and the exit codes (`mock` is handed to the
-- emulator's dataforseo.mock.cli).  bin/dataforseo is a thin entry:
--
--   os.exit(require("dataforseo.cli").main(arg))
--
-- main(args [, sys]) runs one command line and returns the exit code:
--   0 success, 1 API error (also: a walk stopped by --max-cost),
--   2 usage or validation error (the message names the option),
--   3 network error.
-- sys (for running it in-process; every field optional):
--   stdout, stderr   file handles (default io.stdout, io.stderr)
--   getenv           function(name) (default os.getenv)
--   stdin            file handle for --confirm-over's question (default io.stdin)
--   stdout_tty, stderr_tty, stdin_tty   booleans (default: `test -t 1` / `-t 2` / `-t 0`)
--   width            terminal columns (default: $COLUMNS, stty, 80)
local dataforseo = require "dataforseo"
local anchors = require "dataforseo.anchors"
local errors = require "dataforseo.errors"
local fields = require "dataforseo.fields"
local filters = require "dataforseo.filters"
local json = require "dataforseo.json"
local output = require "dataforseo.output"
local progress = require "dataforseo.progress"
local walk = require "dataforseo.walk"
local version = require "dataforseo.version"

local M = {}

M.EXIT_OK, M.EXIT_API, M.EXIT_USAGE, M.EXIT_NETWORK = 0, 1, 2, 3

local format, concat = string.format, table.concat
local tointeger = math.tointeger or function(x) return x end

------------------------------------------------------------------------------
-- Help

local MAIN_HELP = [[
dataforseo - DataForSEO Backlinks anchors from the command line

Usage:
  dataforseo anchors TARGET [options]   anchors pointing at TARGET (anchors/live)
  dataforseo mock [options]             run the local DataForSEO emulator
  dataforseo report TARGET [options]    TARGET's anchor-text profile as an HTML page
  dataforseo spend [--ledger FILE]      what the ledger's calls cost, per day or target
  dataforseo account                    the account's balance and limits
  dataforseo --help                     this text (dataforseo anchors --help for options)
  dataforseo --version

Credentials come from DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD, or from
--login with --password-file.
]]

local ANCHORS_HELP = [==[
Usage: dataforseo anchors TARGET [options]

TARGET is a domain or subdomain without scheme and www. (forbes.com), or an
absolute page URL (https://example.com/page).

Request:
  --limit N                 items per call, 1..1000 (API default 100; with
                            --all the page size, default 1000)
  --offset N                skip the first N items
  --filter 'FIELD OP VALUE' filter on an anchors item field; repeatable, joined
                            with "and". OP: = <> < <= > >= in not_in like
                            not_like ilike not_ilike regex not_regex match
                            not_match. "in" takes a,b,c or a JSON array; a
                            value in double quotes is a JSON string; null is null
  --filters JSON            the raw filter array (or/nesting), e.g.
                            '[["anchor","like","%news%"],"or",["rank",">",500]]'
  --backlinks-filter 'FIELD OP VALUE'   filter on the backlinks before grouping;
                            repeatable (fields of a backlink: dofollow, tld_from...)
  --backlinks-filters JSON  the raw backlinks_filters array
  --order-by FIELD,DIR      sort rule, DIR asc or desc (default asc);
                            repeatable, at most 3
  --internal-list-limit N   entries in the referring_links_* maps, 1..1000
  --status live|lost|all    backlinks_status_type (default live)
  --no-subdomains           include_subdomains = false
  --no-indirect-links       include_indirect_links = false
  --include-internal        exclude_internal_backlinks = false
  --rank-scale 100|1000     rank_scale (default 1000)
  --tag TEXT                echoed back in the response's data

Walking:
  --all                     fetch every item (pages of --limit, default 1000)
  --max-items N             stop after N items (implies --all)
  --concurrency N           pages in flight, 1..30 (accepted; pages are fetched
                            one at a time in this version)
  --max-cost USD            never start a call that could pass this spend
  --confirm-over USD        ask before a walk estimated above USD (default 1);
                            without a terminal, refuse it (exit 1)
  --yes                     walk without asking, whatever the estimate
  --ledger FILE             append a line per charged call to FILE (default
                            $DATAFORSEO_LEDGER); see dataforseo spend

Output:
  --format FMT              table (default on a terminal), csv, jsonl (default
                            otherwise), json (the raw response of one call)
  --fields A,B,...          columns/keys to print (map keys as map.key, e.g.
                            referring_links_tld.com)
  --quiet                   no progress bar and no summary on stderr

Connection:
  --login LOGIN             API login (default $DATAFORSEO_LOGIN)
  --password-file FILE      read the API password from FILE (default
                            $DATAFORSEO_PASSWORD); there is no password option
  --sandbox                 use sandbox.dataforseo.com (free, dummy data)
  --base-url URL            another server (the local emulator)
  --timeout SECONDS         per-call timeout (default 60)

Exit codes: 0 success, 1 API error (or --max-cost reached), 2 usage or
validation error, 3 network error.

Examples:
  dataforseo anchors forbes.com --limit 4 --order-by backlinks,desc \
      --filter 'anchor like %news%'
  dataforseo anchors forbes.com --all --filter 'referring_domains >= 10' \
      --format csv > forbes-anchors.csv
  dataforseo anchors example.com --all --max-cost 0.50 --format jsonl | jq .anchor
  dataforseo anchors example.com --filters '[["anchor","ilike","%shop%"],"or",["rank",">",300]]'
  dataforseo anchors example.com --backlinks-filter 'dofollow = true' --fields anchor,backlinks
  dataforseo anchors example.com --limit 1 --format json --tag my-run
  DATAFORSEO_LOGIN=demo DATAFORSEO_PASSWORD=demo \
      dataforseo anchors forbes.com --base-url http://127.0.0.1:8080
]==]

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
    sys = sys or {}
    local s = {
        stdout = sys.stdout or io.stdout,
        stderr = sys.stderr or io.stderr,
        getenv = sys.getenv or os.getenv,
        stdin = sys.stdin or io.stdin,
        stdout_tty = sys.stdout_tty,
        stderr_tty = sys.stderr_tty,
        stdin_tty = sys.stdin_tty,
        width = sys.width,
    }
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
    ["quiet"] = {},
    ["login"] = { value = "LOGIN" },
    ["password-file"] = { value = "FILE" },
    ["sandbox"] = {},
    ["base-url"] = { value = "URL" },
    ["timeout"] = { value = "SECONDS" },
    ["help"] = {},
}
M.OPTIONS = OPTIONS

-- Which option to blame for a problem in a request field (filters and
-- backlinks_filters have two options each; build_params picks one).
local FIELD_OPTION = { target = "TARGET" }
for name, spec in pairs(OPTIONS) do
    if spec.field then FIELD_OPTION[spec.field] = "--" .. name end
end

-- A usage error: raised inside parsing, caught by main.
local Usage = {}
local function usage(fmt, ...)
    error(setmetatable({ message = format(fmt, ...) }, Usage), 0)
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

local function build_params(opts, target)
    local p = { target = target }
    p.limit = integer_option(opts, "limit")
    p.offset = integer_option(opts, "offset")
    p.internal_list_limit = integer_option(opts, "internal-list-limit")
    p.backlinks_status_type = opts.status
    p.filters = build_filters(opts, "filter", "filters", fields.anchor_item)
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
    local task, problem = anchors.validate(p)
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
local function build_run(opts, sys)
    local run = {}
    run.format = opts.format or (sys.stdout_tty and "table" or "jsonl")
    if not FORMATS[run.format] then
        usage("--format: '%s' is not one of table, csv, jsonl, json", run.format)
    end
    if opts.fields then
        if run.format == "json" then
            usage("--fields does not apply to --format json (the raw response)")
        end
        local list, msg = output.check_fields(split_list(opts.fields))
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
    require("dataforseo.cli.confirm").read(M, opts, run)
    return run
end

local function read_password(path)
    local f, err = io.open(path, "rb")
    if not f then usage("--password-file: cannot read '%s' (%s)", path, tostring(err)) end
    local text = f:read("*a") or ""
    f:close()
    text = text:gsub("\r?\n$", "")
    if text == "" then usage("--password-file: '%s' is empty", path) end
    return text
end

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
        -- dataforseo.new raises on a bad option value; only base_url can be one here.
        usage("--base-url: %s", (tostring(client):gsub("^.-option 'base_url' ", "")))
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

local function run_anchors(args, sys)
    local opts, positional = split_args(args, 2)
    if opts.help then
        sys.stdout:write(ANCHORS_HELP)
        return M.EXIT_OK
    end
    if #positional == 0 then usage("missing TARGET (e.g. dataforseo anchors forbes.com)") end
    if #positional > 1 then
        usage("unexpected argument '%s' (one TARGET only; options start with --)", positional[2])
    end
    local params = build_params(opts, positional[1])
    local run = build_run(opts, sys)
    local client = make_client(opts, run, sys)

    local width = sys.width
    if not width and (run.format == "table" or (run.all and sys.stderr_tty)) then
        width = terminal_width(sys.getenv)
    end
    local writer = output.new(run.format, sys.stdout, { fields = run.fields, width = width })
    local bar
    if run.all and sys.stderr_tty and not run.quiet then
        bar = progress.new(sys.stderr, { width = width })
    end
    local walk_opts = require("dataforseo.cli.confirm").walk_opts(run, sys)
    walk_opts.max_cost, walk_opts.concurrency = run.max_cost, run.concurrency
    walk_opts.on_page = bar and function(_, w) bar:update(w) end or nil
    if run.all then
        walk_opts.max_items = run.max_items
    else
        -- One call: the walk of one page of --limit (API default 100).
        walk_opts.max_items = params.limit or anchors.defaults.limit
    end

    local w = client:anchors_pages(params, walk_opts)
    local ok, err = pcall(function()
        for page in w do
            if run.format == "json" then
                writer:response(page.response)
            else
                writer:items(page.items)
            end
        end
    end)
    if bar then bar:clear() end
    writer:close()
    sys.stdout:flush()
    client:close()
    if not ok then
        if not errors.is_error(err) then error(err, 0) end
        if not run.quiet and w.pages > 0 then sys.stderr:write(summary(w, client), "\n") end
        sys.stderr:write(tostring(err), "\n")
        return exit_code(err)
    end
    if not run.quiet then
        sys.stderr:write(summary(w, client), "\n")
        if w.note then sys.stderr:write("dataforseo: note: ", w.note, "\n") end
    end
    if w.status == "declined" then return M.EXIT_API end
    return M.EXIT_OK
end

-- main(args [, sys]) -> exit code.  args[1] is the command.
function M.main(args, sys)
    sys = system(sys)
    args = args or {}
    local cmd = args[1]
    local ok, code = pcall(function()
        if cmd == nil then
            sys.stderr:write(MAIN_HELP)
            return M.EXIT_USAGE
        elseif cmd == "--help" or cmd == "-h" or cmd == "help" then
            sys.stdout:write(MAIN_HELP)
            return M.EXIT_OK
        elseif cmd == "--version" or cmd == "version" then
            local host = jit and jit.version or _VERSION
            sys.stdout:write(format("dataforseo %s (lua-dataforseo, %s)\n", version, host))
            return M.EXIT_OK
        elseif cmd == "anchors" then
            return run_anchors(args, sys)
        elseif cmd == "report" then
            return require("dataforseo.cli.report").run(args, sys, M)
        elseif cmd == "spend" or cmd == "account" then
            return require("dataforseo.cli." .. cmd).run(args, sys, M)
        elseif cmd == "mock" then
            -- The emulator's own command with the same arguments: the checkout's
            -- emulator/bin/dataforseo-emulator, else dataforseo-emulator on PATH.
            local function word(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end
            local words = {}
            for i = 2, #args do words[#words + 1] = word(args[i]) end
            local here = debug.getinfo(1, "S").source:match("^@(.*)/lua/dataforseo/cli%.lua$")
            local bin = here and (here .. "/emulator/bin/dataforseo-emulator")
            local found = bin and io.open(bin, "rb")
            if found then found:close() else bin = "dataforseo-emulator" end
            local status, how, code = os.execute("exec " .. word(bin) .. " " .. table.concat(words, " "))
            if type(status) == "number" then return status % 256 == 0 and status / 256 or 128 + status % 128 end
            return how == "exit" and code or 128 + code
        end
        local guess = errors.suggest(cmd, { "anchors", "mock", "report", "spend", "account" })
        usage("unknown command '%s'%s (commands: anchors, mock, report, spend, account; see dataforseo --help)", cmd,
            guess and (" (did you mean '" .. guess .. "'?)") or "")
    end)
    if ok then return code end
    if getmetatable(code) == Usage then
        local where = (cmd == "anchors" or cmd == "report" or cmd == "spend" or cmd == "account")
            and ("dataforseo " .. cmd) or "dataforseo"
        sys.stderr:write(where, ": ", code.message, "\n")
        sys.stderr:write("Try '", where, " --help' for more information.\n")
        return M.EXIT_USAGE
    end
    error(code, 0)
end

-- For the commands in dataforseo/cli/ (report): the same parsing, client,
-- exit codes and summary as `anchors`.
M.split_args, M.usage, M.integer_option, M.number_option = split_args, usage, integer_option, number_option
M.make_client, M.exit_code, M.summary, M.terminal_width = make_client, exit_code, summary, terminal_width

return M
