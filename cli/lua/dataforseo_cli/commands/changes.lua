-- `dataforseo changes TARGET [--endpoint anchors] [--since DATE] [--format
-- table|json]`: what TARGET gained, lost and changed between two snapshots
-- kept in the response store (walks run with --snapshot): the latest one
-- and the one before it (or, with --since, the latest one begun before
-- DATE).  dataforseo.changes compares them; nothing is sent to the API.
--
--   require("dataforseo_cli.commands.changes").run(parsed, sys) -> exit code
local connect = require "dataforseo_cli.connect"
local exits = require "dataforseo_cli.exits"
local json_writer = require "dataforseo.json_writer"
local kept = require "dataforseo_cli.kept"
local printable = require "dataforseo.query.printable"
local store_answers = require "dataforseo.engine.store_answers"

local M = {}

local format, concat = string.format, table.concat

local function day(t) return os.date("!%Y-%m-%d %H:%M UTC", math.floor(t or 0)) end

-- --since YYYY-MM-DD (checked by the parser) -> Unix time of that day's start (UTC).
local function since_time(text)
    local y, m, d = text:match("^(%d+)%-(%d+)%-(%d+)$")
    return require("dataforseo.query.calendar").days_from_civil(tonumber(y), tonumber(m), tonumber(d)) * 86400
end

-- The two snapshots compared: { older, newer } | nil, why.  Only
-- snapshots of the newest one's walk (one server, one task: the same
-- filters and limit) are compared: another walk's items differ by design.
function M.pick(snaps, since)
    local newer = snaps[1]
    if not newer then return nil, "no snapshot is kept" end
    local older = kept.earlier(snaps, { exclude = newer.id, before = since, walk_key = newer.walk_key })
    if older then return { older, newer } end
    return nil, since and "no snapshot kept before that date" or "only one snapshot is kept"
end

local function identity_text(item, fields)
    local parts = {}
    for i, f in ipairs(fields) do
        local v = item[f]
        parts[i] = type(v) == "string" and v or v == nil and "(none)" or tostring(v)
        if type(v) ~= "string" and type(v) ~= "number" then parts[i] = "(none)" end
    end
    return printable.line(concat(parts, " -> "))
end

local function write_text(sys, d, target, old, new)
    local out = sys.out
    out:write(format("%s of %s: %s (%d items) -> %s (%d items)\n", d.endpoint, printable.line(target),
        day(old.started_at), old.items or 0, day(new.started_at), new.items or 0))
    out:write(format("%d new, %d lost, %d changed, %d unchanged\n", #d.new, #d.lost, #d.changed, d.unchanged))
    for _, item in ipairs(d.new) do out:write("+ ", identity_text(item, d.identity), "\n") end
    for _, item in ipairs(d.lost) do out:write("- ", identity_text(item, d.identity), "\n") end
    for _, c in ipairs(d.changed) do
        local paths = {}
        for path in pairs(c.fields) do paths[#paths + 1] = path end
        table.sort(paths)
        local shown = {}
        for i, path in ipairs(paths) do
            local v = c.fields[path]
            shown[i] = format("%s %s -> %s", path, tostring(v.old), tostring(v.new))
            if i == 4 and #paths > 4 then shown[i] = format("and %d more", #paths - 3) break end
        end
        out:write("~ ", identity_text(c.new, d.identity), ": ", printable.line(concat(shown, ", ")), "\n")
    end
end

local function ids(list, fields)
    local out = {}
    for i, item in ipairs(list) do
        local id = {}
        for _, f in ipairs(fields) do id[f] = item[f] end
        out[i] = id
    end
    return out
end

local function write_json(sys, d, target, old, new)
    local changed = {}
    for i, c in ipairs(d.changed) do changed[i] = { key = c.key, fields = c.fields } end
    sys.out:write(printable.json(json_writer.encode({ target = target, endpoint = d.endpoint,
        old = { started_at = old.started_at, items = old.items }, new = { started_at = new.started_at,
        items = new.items }, gained = ids(d.new, d.identity), lost = ids(d.lost, d.identity), changed = changed,
        unchanged = d.unchanged })) .. "\n")
end

function M.run(parsed, sys)
    local opts = parsed.opts
    local endpoint = (opts.endpoint or "anchors"):gsub("%-", "_")
    local since = opts.since and since_time(opts.since)
    local target = parsed.target
    local s = connect.open_store(sys)
    local snaps = s:snapshots(endpoint, target)
    local pair, why
    if snaps then pair, why = M.pick(snaps, since) end
    if not pair then
        s:close()
        if snaps then
            sys:say(format("dataforseo changes: %s for %s of %s: keep walks with --snapshot (e.g. dataforseo %s %s "
                .. "--all --snapshot), then compare", why, endpoint, printable.line(target), endpoint:gsub("_", "-"),
                printable.line(target)))
        end
        return exits.API
    end
    local old_items, err = store_answers.snapshot_items(s, pair[1])
    local new_items
    if old_items then new_items, err = store_answers.snapshot_items(s, pair[2]) end
    s:close()
    if not new_items then
        sys:say("dataforseo changes: " .. printable.line(tostring(err)))
        return exits.API
    end
    local d = kept.compare(old_items, new_items, endpoint)
    if opts.format == "json" then
        write_json(sys, d, target, pair[1], pair[2])
    else
        write_text(sys, d, target, pair[1], pair[2])
    end
    return sys:output_done()
end

return M
