-- `dataforseo NAME [TARGET]` for an endpoint that answers with one result:
-- summary, index, available-filters (the result as a key/value table, csv
-- too; one JSON line with jsonl, pretty JSON with json), and the periods
-- endpoints, history and timeseries-* (one row per period, oldest first;
-- --fields and --csv-raw as for lists; json: the raw response).
--
--   require("dataforseo_cli.commands.object").run(parsed, sys) -> exit code
local connect = require "dataforseo_cli.connect"
local endpoints = require "dataforseo.api"
local exits = require "dataforseo_cli.exits"
local json_writer = require "dataforseo.json_writer"
local output = require "dataforseo_cli.output"
local printable = require "dataforseo.query.printable"
local request = require "dataforseo_cli.request"
local usage = require "dataforseo_cli.usage"

local M = {}

local format = string.format

local KEY_VALUE = { schema = { key = "str", value = "str" }, item_fields = { "key", "value" } }
-- What the client adds to a result besides the API's fields.
local NOT_THE_APIS = { cost = true, attempts = true }

local function write_json(out, value)
    out:write(printable.json(json_writer.encode(value, { indent = "  " })) .. "\n")
end

-- The periods of a Page as rows.
local function write_periods(page, fmt, sys, opts, view, fields)
    if fmt == "json" then return write_json(sys.out, page.response) end
    local writer = output.new(fmt, sys.out, { width = sys:width(), view = view, fields = fields,
        csv_raw = opts.csv_raw })
    writer:items(page.items)
    writer:close()
end

-- A result object as keys and values (or one JSON value).
local function write_object(result, fmt, sys)
    local out = sys.out
    local api = {}
    for k, v in pairs(result) do
        if not NOT_THE_APIS[k] then api[k] = v end
    end
    if fmt == "json" then return write_json(out, api) end
    if fmt == "jsonl" then
        out:write(printable.json(json_writer.encode(api)) .. "\n")
        return
    end
    local keys = {}
    for k in pairs(api) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
    local rows = {}
    for _, k in ipairs(keys) do rows[#rows + 1] = { key = tostring(k), value = api[k] } end
    local writer = output.new(fmt == "csv" and "csv" or "table", out, { width = sys:width(),
        fields = { "key", "value" }, view = KEY_VALUE })
    writer:items(rows)
    writer:close()
end

function M.run(parsed, sys)
    local opts = parsed.opts
    local e = endpoints.get(parsed.command.endpoint)
    local params = request.params(e, opts, parsed.target)
    local fmt = opts.format or (sys.stdout_tty and "table" or "jsonl")
    local periods = e.kind == "periods"
    local view, fields = periods and output.view(e), nil
    if opts.fields then
        if fmt == "json" then usage.raise("--fields does not apply to --format json (the raw response)") end
        local msg
        fields, msg = output.fields_option(opts.fields, view)
        if not fields then usage.fail("--fields " .. msg) end
    end
    local log = require("dataforseo_cli.log").new(sys, opts.quiet)
    local client = connect.client(opts, sys, log.write)
    local result, err = client[e.name](client, params)
    pcall(client.close, client)
    if not result then return exits.failed(sys, err, "nothing written") end
    local cost = result.cost
    if periods then write_periods(result, fmt, sys, opts, view, fields) else write_object(result, fmt, sys) end
    local done = sys:output_done()
    if done ~= exits.OK then return done end
    local signal = exits.signal(sys)
    if signal then return exits.interrupted(sys, signal, "the result was written") end
    if not opts.quiet then sys:say(format("dataforseo: 1 call, $%.5f", cost or 0)) end
    return exits.OK
end

return M
