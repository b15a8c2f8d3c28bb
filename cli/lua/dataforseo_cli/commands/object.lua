-- `dataforseo NAME TARGET` for an endpoint that answers with one result
-- (summary; the library's "periods" and "bulk" kinds too): the result as a
-- key/value table (csv too), or, when it carries an array of items (one
-- per target, one per period), those items as rows; pretty JSON with
-- --format json and one JSON line with jsonl.
--
--   require("dataforseo_cli.commands.object").run(parsed, sys) -> exit code
local connect = require "dataforseo_cli.connect"
local endpoints = require "dataforseo.api"
local exits = require "dataforseo_cli.exits"
local json_writer = require "dataforseo.json_writer"
local output = require "dataforseo_cli.output"
local printable = require "dataforseo.query.printable"
local request = require "dataforseo_cli.request"

local M = {}

local format = string.format

local KEY_VALUE = { schema = { key = "str", value = "str" }, item_fields = { "key", "value" } }

-- The view of items as rows: the endpoint's own, else their keys in order.
local function items_view(e, items)
    if e.item_fields then return output.view(e) end
    local names, seen = {}, {}
    for _, item in ipairs(items) do
        for k, v in pairs(item) do
            if type(k) == "string" and not seen[k] and type(v) ~= "table" then
                seen[k] = true
                names[#names + 1] = k
            end
        end
    end
    table.sort(names)
    return { schema = e.item or {}, item_fields = names, table_fields = names }
end

local function write_result(result, fmt, sys, e)
    local out = sys.out
    if fmt == "json" then
        out:write(printable.json(json_writer.encode(result, { indent = "  " })) .. "\n")
        return
    end
    local items = result.items
    if type(items) == "table" and (items[1] ~= nil or next(items) == nil) then
        local writer = output.new(fmt, out, { width = sys:width(), view = items_view(e, items) })
        writer:items(items)
        writer:close()
        return
    end
    if fmt == "jsonl" then
        out:write(printable.json(json_writer.encode(result)) .. "\n")
        return
    end
    local keys = {}
    for k in pairs(result) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
    local rows = {}
    for _, k in ipairs(keys) do rows[#rows + 1] = { key = tostring(k), value = result[k] } end
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
    local log = require("dataforseo_cli.log").new(sys, opts.quiet)
    local client = connect.client(opts, sys, log.write)
    local result, err = client[e.name](client, params)
    pcall(client.close, client)
    if not result then return exits.failed(sys, err, "nothing written") end
    local cost = result.cost
    result.cost = nil
    write_result(result, fmt, sys, e)
    local done = sys:output_done()
    if done ~= exits.OK then return done end
    local signal = exits.signal(sys)
    if signal then return exits.interrupted(sys, signal, "the result was written") end
    if not opts.quiet then sys:say(format("dataforseo: 1 call, $%.5f", cost or 0)) end
    return exits.OK
end

return M
