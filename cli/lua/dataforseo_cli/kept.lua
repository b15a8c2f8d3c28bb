-- Kept snapshots compared, for `dataforseo changes` and the report's
-- "since" section: which earlier snapshot a comparison takes, and the
-- comparison itself (dataforseo.changes, with the fields whose change does
-- not count left out).
--
--   local kept = require "dataforseo_cli.kept"
--   kept.earlier(snaps, { exclude = id, before = t, walk_key = k }) -> record | nil
--     snaps: store:snapshots(...), newest first; the newest one that is not
--     `exclude`, begun before `before` (Unix s) and, with walk_key, kept from
--     the same walk (the same task: filters, status and fields alike)
--   kept.compare(old_items, new_items, endpoint) -> dataforseo.changes' result
local changes = require "dataforseo.changes"

local M = {}

-- A backlink's crawl dates move at every crawl: not a change of the link.
M.IGNORE = { backlinks = { "last_seen", "prev_seen" } }

function M.earlier(snaps, o)
    o = o or {}
    for _, r in ipairs(snaps) do
        if r.id ~= o.exclude and (not o.before or (r.started_at or 0) < o.before)
            and (not o.walk_key or r.walk_key == o.walk_key) then
            return r
        end
    end
    return nil
end

function M.compare(old_items, new_items, endpoint)
    return changes(old_items, new_items, endpoint, { ignore = M.IGNORE[endpoint] })
end

return M
