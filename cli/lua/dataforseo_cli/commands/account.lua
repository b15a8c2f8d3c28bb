-- `dataforseo account [--format table|json]`: the account's balance and
-- limits, from GET /v3/appendix/user_data (free), through client:account().
-- The options are declared in parser.lua.
--
--   require("dataforseo_cli.commands.account").run(parsed, sys) -> exit code
local connect = require "dataforseo_cli.connect"
local exits = require "dataforseo_cli.exits"
local json_writer = require "dataforseo.json_writer"
local printable = require "dataforseo.query.printable"

local M = {}

local format = string.format

-- Text from the network, shown on a terminal: no control characters.
local function shown(v)
    if v == nil then return "none" end
    return printable.escape(tostring(v))
end

local function usd(v) return v and format("$%.2f", v) or "none" end

local function as_table(a)
    local l = a.limits or {}
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
    return table.concat(lines)
end

function M.run(parsed, sys)
    local opts = parsed.opts
    local client = connect.client(opts, sys, require("dataforseo_cli.log").new(sys, false).write)
    local a, err = client:account()
    client:close()
    if not a then return exits.failed(sys, err, "nothing written") end
    if opts.format == "json" then
        return sys:print(printable.json(json_writer.encode(a)) .. "\n")
    end
    return sys:print(as_table(a))
end

return M
