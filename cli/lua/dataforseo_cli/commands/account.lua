-- `dataforseo account`: the account's balance and limits, from
-- GET /v3/appendix/user_data (free), through client:account().  Called by
-- dataforseo_cli's main as run(args, sys, cli).
local M = {}

M.HELP = [==[
Usage: dataforseo account [options]

Prints the account's login, balance, what it spent today and its limits
(GET /v3/appendix/user_data, free of charge).

Connection (as for dataforseo anchors):
  --login LOGIN, --password-file FILE, --sandbox, --base-url URL,
  --timeout SECONDS

Exit codes: 0 printed, 1 API error, 2 usage error, 3 network error.
]==]

local OPTIONS = {}
for _, name in ipairs({ "login", "password-file", "sandbox", "base-url", "timeout", "help" }) do
    OPTIONS[name] = true
end

local format = string.format

-- Text from the network, shown on a terminal: no control characters.
local function shown(v)
    if v == nil then return "none" end
    return require("dataforseo.query.printable").escape(tostring(v))
end

local function usd(v) return v and format("$%.2f", v) or "none" end

function M.run(args, sys, cli)
    local options = {}
    for name in pairs(OPTIONS) do options[name] = { value = cli.OPTIONS[name].value } end
    local opts, help_exit = cli.parse_command("account", args, sys, options, M.HELP)
    if not opts then return help_exit end
    if opts.sandbox and opts["base-url"] then cli.usage("--sandbox and --base-url exclude each other") end
    local run = { timeout = cli.number_option(opts, "timeout") }
    if run.timeout and run.timeout <= 0 then cli.usage("--timeout: %s must be more than 0 (seconds)", opts.timeout) end
    local client = cli.make_client(opts, run, sys)
    local a, err = client:account()
    client:close()
    if not a then
        sys.stderr:write(tostring(err), "\n")
        return cli.exit_code(err)
    end
    local l = a.limits
    local lines = {
        { "login", shown(a.login) },
        { "balance", usd(a.balance) .. (a.total and format(" (deposited in all: $%.2f)", a.total) or "") },
        { "spent today", usd(a.spent_today) .. " (UTC day)" },
        { "calls a minute", shown(l.minute) },
        { "calls a day", shown(l.day) },
        { "cost a day", usd(l.cost_per_day) },
        { "backlinks until", shown(a.backlinks_subscription_expiry) },
    }
    for i, line in ipairs(lines) do lines[i] = format("%-16s %s\n", line[1], line[2]) end
    return cli.print_text(sys, table.concat(lines))
end

return M
