-- `dataforseo cache stats|prune|clear [--snapshots] [--format table|json]`:
-- the command's response store (${XDG_CACHE_HOME:-~/.cache}/dataforseo/
-- cache.sqlite; docs/store.md).  stats: where it is, its bytes, records,
-- kept snapshots, hits and the money they saved; prune: what expired goes;
-- clear: every answer goes (kept snapshots too with --snapshots).  Nothing
-- is sent to the API.
--
--   require("dataforseo_cli.commands.cache").run(parsed, sys) -> exit code
local connect = require "dataforseo_cli.connect"
local exits = require "dataforseo_cli.exits"
local json_writer = require "dataforseo.json_writer"
local printable = require "dataforseo.query.printable"

local M = {}

local format = string.format

local function stats(s, path, sys, as_json)
    local st = s:stats()
    if st.problem then return exits.API end       -- said on stderr by the store
    if as_json then
        sys.out:write(printable.json(json_writer.encode({ path = path, bytes = st.bytes, entries = st.entries,
            kept = st.kept, hits = st.hits, misses = st.misses, saved_usd = st.saved })) .. "\n")
    else
        sys.out:write(format("store     %s\nsize      %.1f MB (%d bytes)\nrecords   %d\nkept      %d "
            .. "(records of kept snapshots)\nhits      %d (misses %d)\nsaved     $%.5f\n", printable.line(path),
            st.bytes / 1e6, st.bytes, st.entries, st.kept, st.hits, st.misses, st.saved))
    end
    return sys:output_done()
end

-- No store file yet: said as it is, and not made just to be looked at.
local function absent(parsed, sys, path)
    local opts = parsed.opts
    if parsed.action == "stats" then
        if opts.format == "json" then
            sys.out:write(printable.json(json_writer.encode({ path = path, exists = false, bytes = 0, entries = 0,
                kept = 0, hits = 0, misses = 0, saved_usd = 0 })) .. "\n")
        else
            sys.out:write(format("store     %s (none yet: the first paid call makes it)\n", printable.line(path)))
        end
    elseif opts.format == "json" then
        sys.out:write(json_writer.encode({ removed = 0 }) .. "\n")
    else
        sys.out:write("0 records removed (there is no store yet)\n")
    end
    return sys:output_done()
end

function M.run(parsed, sys)
    local where = connect.cache_path(sys)
    local f = where and io.open(where, "rb")
    if where and not f then return absent(parsed, sys, where) end
    if f then f:close() end
    local s, path = connect.open_store(sys)
    local opts = parsed.opts
    local code
    if parsed.action == "stats" then
        code = stats(s, path, sys, opts.format == "json")
    else
        local removed = parsed.action == "prune" and s:prune() or s:clear({ snapshots = opts.snapshots })
        if not removed then
            code = exits.API
        else
            local what = parsed.action == "prune" and "expired records removed"
                or opts.snapshots and "records removed, kept snapshots included" or "records removed (kept "
                .. "snapshots stay: --snapshots removes them too)"
            if opts.format == "json" then
                sys.out:write(json_writer.encode({ removed = removed }) .. "\n")
            else
                sys.out:write(format("%d %s\n", removed, what))
            end
            code = sys:output_done()
        end
    end
    s:close()
    return code
end

return M
