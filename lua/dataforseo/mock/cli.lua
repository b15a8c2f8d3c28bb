-- `dataforseo mock`: runs the emulator in the foreground until Ctrl-C.
--   dataforseo mock [--port N] [--login L --password P] [--latency-ms N]
--                   [--tls] [--workers N] [--no-auth]
local M = {}

local USAGE = [[
usage: dataforseo mock [options]

Runs a local emulator of POST /v3/backlinks/anchors/live on 127.0.0.1
until interrupted (Ctrl-C).

options:
  --port N          port to listen on (default 0: any free port)
  --login L         API login the emulator accepts (default demo)
  --password P      API password the emulator accepts (default demo)
  --no-auth         accept any credentials
  --latency-ms N    answer every API request N ms late
  --tls             serve https with a throw-away certificate
  --workers N       nginx worker processes (default 1)
  -h, --help        this text

Fixed targets: big-example.com (120,000 backlinks), medium-example.com,
small-example.com, empty-example.com, blog.big-example.com,
https://big-example.com/page, forbes.com; any other domain gets
deterministic synthetic data.
]]

local VALUED = { ["--port"] = "port", ["--login"] = "login", ["--password"] = "password",
    ["--latency-ms"] = "latency_ms", ["--workers"] = "workers" }
local NUMERIC = { port = true, latency_ms = true, workers = true }

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
        elseif VALUED[name] then
            local value = inline
            if value == nil then
                i = i + 1
                value = args[i]
            end
            if value == nil then return nil, name .. " needs a value" end
            local key = VALUED[name]
            if NUMERIC[key] then
                local n = tonumber(value)
                if not n or n < 0 or n ~= math.floor(n) then
                    return nil, name .. " must be a non-negative integer, got '" .. value .. "'"
                end
                if key == "port" and n > 65535 then return nil, "--port must be at most 65535" end
                value = n
            end
            opts[key] = value
        else
            return nil, "unknown option '" .. a .. "'"
        end
        i = i + 1
    end
    if (opts.login == nil) ~= (opts.password == nil) then
        return nil, "--login and --password go together"
    end
    return opts
end

function M.main(args)
    local opts, err = M.parse(args or {})
    if not opts then
        io.stderr:write("dataforseo mock: ", err, "\n\n", USAGE)
        return 2
    end
    if opts.help then
        io.stdout:write(USAGE)
        return 0
    end
    local mock = require("dataforseo.mock")
    local socket = require("socket")
    local srv
    srv, err = mock.start(opts)
    if not srv then
        io.stderr:write("dataforseo mock: could not start: ", tostring(err), "\n")
        return 1
    end
    local out = io.stdout
    out:write("DataForSEO emulator listening on ", srv.base_url, "\n")
    out:write("  endpoint: POST ", srv.base_url, "/v3/backlinks/anchors/live\n")
    if opts.auth == false then
        out:write("  credentials: any\n")
    elseif opts.login then
        out:write("  login: ", srv.login, " (password as given)\n")
    else
        out:write("  login: ", srv.login, "  password: ", srv.password, "\n")
    end
    if srv.ca_file then out:write("  CA certificate: ", srv.ca_file, "\n") end
    out:write("  control: POST ", srv.base_url, "/mock/control   stats: GET ", srv.base_url, "/mock/stats\n")
    out:write("Press Ctrl-C to stop.\n")
    out:flush()
    -- Ctrl-C raises "interrupted!" in the interpreter; catch it and clean up.
    local ok, why = pcall(function()
        while srv:running() do socket.sleep(0.2) end
    end)
    local died = ok
    srv:stop()
    if died then
        io.stderr:write("dataforseo mock: nginx exited\n")
        return 1
    end
    if not tostring(why):find("interrupted") then
        io.stderr:write("dataforseo mock: ", tostring(why), "\n")
        return 1
    end
    out:write("\nstopped\n")
    return 0
end

return M
