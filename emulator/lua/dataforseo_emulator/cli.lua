-- `dataforseo-emulator`: runs the emulator in the foreground until
-- Ctrl-C, SIGTERM, or the end of the process that started it.
local calendar = require("dataforseo_emulator.calendar")

local M = {}

local USAGE = [[
usage: dataforseo-emulator [options]

Runs a local emulator of DataForSEO's Backlinks API (its 24 endpoints:
POST /v3/backlinks/<function>/live for the lists, summary, bulk,
competitors, intersections, history and time series; GET index and
available_filters; POST errors and id_list; each also as ".ai"; and GET
/v3/appendix/user_data) on 127.0.0.1 until interrupted.

options:
  --port N                port to listen on (default 0: any free port)
  --login L               API login the emulator accepts (default demo,
                          or $DATAFORSEO_EMULATOR_LOGIN)
  --password-file FILE    read the password it accepts from FILE (default
                          $DATAFORSEO_EMULATOR_PASSWORD, or demo with the
                          default login); there is no password option
  --no-auth               accept any credentials
  --latency-ms N          answer every API request N ms late
  --rate-limit N          calls per login and minute (over it: 40202)
  --max-concurrent N      calls in flight per login (over it: 40209)
  --balance USD           money each login starts with (spent: HTTP 402)
  --daily-cost-limit USD  spend per login and UTC day (reached: 40203)
  --graph-date DATE       every site's graph as on DATE (yyyy-mm-dd, from
                          2015-01-01 to today; default: 2024-07-01)
  --tls                   serve https with a throw-away certificate
  --workers N             nginx worker processes (default 1)
  -h, --help              this text

It stops with its nginx and removes its files on Ctrl-C (exit 130),
SIGTERM, and when the process that started it exits.

Fixed targets: big-example.com (120,000 backlinks), huge-example.com,
medium-example.com, small-example.com, empty-example.com,
blog.big-example.com, https://big-example.com/page, cyrillic-example.com,
forbes.com; any other domain gets deterministic synthetic data.
See docs/emulator.md.
]]

local VALUED = { ["--port"] = "port", ["--login"] = "login", ["--password-file"] = "password_file",
    ["--latency-ms"] = "latency_ms", ["--workers"] = "workers", ["--rate-limit"] = "rate_limit_per_minute",
    ["--max-concurrent"] = "max_concurrent", ["--balance"] = "balance",
    ["--daily-cost-limit"] = "daily_cost_limit", ["--graph-date"] = "graph_date" }
local INTEGER = { port = true, latency_ms = true, workers = true, rate_limit_per_minute = true,
    max_concurrent = true }
local AMOUNT = { balance = true, daily_cost_limit = true }

local function number_option(name, key, value)
    local n = tonumber(value)
    if not n or n ~= n or n < 0 or n == math.huge or (INTEGER[key] and n ~= math.floor(n)) then
        return nil, name .. " must be a non-negative " .. (INTEGER[key] and "integer" or "number") ..
            ", got '" .. value .. "'"
    end
    if key == "port" and n > 65535 then return nil, "--port must be at most 65535" end
    return n
end

-- args -> options | nil, message
function M.parse(args)
    local opts = { port = 0 }
    local i = 1
    while i <= #args do
        local a = args[i]
        local name, inline = a:match("^(%-%-[%w-]+)=(.*)$")
        name = name or a
        if name == "-h" or name == "--help" then
            opts.help = true
        elseif name == "--tls" then
            opts.tls = true
        elseif name == "--no-auth" then
            opts.auth = false
        elseif name == "--password" then
            return nil, "--password is not accepted: a password on the command line can be seen by " ..
                "other users; use --password-file FILE or set DATAFORSEO_EMULATOR_PASSWORD"
        elseif VALUED[name] then
            local value = inline
            if value == nil then
                i = i + 1
                value = args[i]
            end
            if value == nil then return nil, name .. " needs a value" end
            local key = VALUED[name]
            if INTEGER[key] or AMOUNT[key] then
                local n, err = number_option(name, key, value)
                if not n then return nil, err end
                value = n
            elseif key == "graph_date" then
                local t = calendar.date_of(value)
                if not t or t < calendar.date_of("2015-01-01") or t > calendar.today() then
                    return nil, "--graph-date must be a date yyyy-mm-dd from 2015-01-01 to today, got '" .. value .. "'"
                end
            end
            opts[key] = value
        else
            return nil, "unknown option '" .. a .. "'"
        end
        i = i + 1
    end
    return opts
end

-- The password in a file: its text without trailing line ends.
local function read_password(path)
    local f, err = io.open(path, "rb")
    if not f then return nil, "--password-file: cannot read '" .. path .. "' (" .. tostring(err) .. ")" end
    local text, read_err = f:read("*a")
    f:close()
    if text == nil then
        return nil, "--password-file: '" .. path .. "' is a directory or cannot be read (" ..
            tostring(read_err) .. ")"
    end
    text = text:gsub("[\r\n]+$", "")
    if text == "" then return nil, "--password-file: '" .. path .. "' is empty" end
    return text
end

-- Credentials from the options and the environment; never from argv.
function M.credentials(opts, getenv)
    getenv = getenv or os.getenv
    local login = opts.login or getenv("DATAFORSEO_EMULATOR_LOGIN")
    if login == "" then login = nil end
    local password
    if opts.password_file then
        local err
        password, err = read_password(opts.password_file)
        if not password then return nil, err end
    else
        password = getenv("DATAFORSEO_EMULATOR_PASSWORD")
        if password == "" then password = nil end
    end
    if login and not password then
        return nil, "a login needs a password: use --password-file FILE or set DATAFORSEO_EMULATOR_PASSWORD"
    end
    if password and not login then login = "demo" end
    return login, password
end

-- The parent's process id (from /proc; nil where there is none).
local function parent_pid()
    local f = io.open("/proc/self/stat", "rb")
    if not f then return nil end
    local stat = f:read("*l") or ""
    f:close()
    return tonumber(stat:match("^%d+ %b() %S+ (%d+)"))
end

function M.main(args)
    local opts, err = M.parse(args or {})
    if not opts then
        io.stderr:write("dataforseo-emulator: ", err, "\n\n", USAGE)
        return 2
    end
    if opts.help then
        io.stdout:write(USAGE)
        return 0
    end
    local login, password = M.credentials(opts)
    if login == nil and password ~= nil then
        io.stderr:write("dataforseo-emulator: ", password, "\n")
        return 2
    end
    opts.login, opts.password, opts.password_file = login, password, nil
    local emulator = require("dataforseo_emulator")
    local socket = require("socket")
    local started_by = parent_pid()
    local srv
    srv, err = emulator.start(opts)
    if not srv then
        io.stderr:write("dataforseo-emulator: could not start: ", tostring(err), "\n")
        return 1
    end
    local out = io.stdout
    out:write("DataForSEO emulator listening on ", srv.base_url, "\n")
    out:write("  endpoints: POST ", srv.base_url, "/v3/backlinks/<function>/live (24 Backlinks endpoints,",
        " each also as .ai), GET /v3/appendix/user_data\n")
    if opts.auth == false then
        out:write("  credentials: any\n")
    elseif login then
        out:write("  login: ", srv.login, " (password as given)\n")
    else
        out:write("  login: ", srv.login, "  password: ", srv.password, "\n")
    end
    if srv.ca_file then out:write("  CA certificate: ", srv.ca_file, "\n") end
    out:write("  control: POST ", srv.base_url, "/mock/control   stats: GET ", srv.base_url, "/mock/stats\n")
    out:write("Press Ctrl-C to stop.\n")
    out:flush()
    -- Ctrl-C raises "interrupted!" in the interpreter; catch it and clean
    -- up.  SIGTERM ends the interpreter, which closes the watchdog's pipe.
    local orphaned = false
    local ok, why = pcall(function()
        while srv:running() do
            socket.sleep(0.2)
            if started_by and parent_pid() ~= started_by then orphaned = true; break end
        end
    end)
    srv:stop()
    if ok and orphaned then
        io.stderr:write("dataforseo-emulator: the process that started it has exited; stopped\n")
        return 0
    end
    if ok then
        io.stderr:write("dataforseo-emulator: nginx exited\n")
        return 1
    end
    if not tostring(why):find("interrupted") then
        io.stderr:write("dataforseo-emulator: ", tostring(why), "\n")
        return 1
    end
    out:write("\nstopped\n")
    return 130
end

return M
