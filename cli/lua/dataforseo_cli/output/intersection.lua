-- The intersections' items as rows, for CSV, the table and JSON lines with
-- --fields (JSON lines without it keep the API's map).  The target keys are
-- "1".."n", the TARGETs' positions.
--
--   local intersection = require "dataforseo_cli.output.intersection"
--   local view = intersection.view(endpoint, keys)   -- keys: { "1", "2", ... }
--   view.rows(items) -> rows                          -- output.lua's view, with rows
--
-- domain_intersection: one row per domain (one intersection): `domain`,
--   `intersections_count`, then each key's totals prefixed by the key
--   (`1.rank`, `1.backlinks`, ..., `2.rank`, ...), the names filters and
--   order_by use; a key the domain does not link to (intersection_mode
--   partial) leaves its cells empty.
-- page_intersection: a page links to a target with one or more backlinks,
--   so one row per backlink: `intersections_count`, `key` (the target's
--   key), `target`, then the backlink's own fields (url_from first among
--   them is the page).  A page's rows follow each other, keys in order.
local fields = require "dataforseo.api.fields"

local M = {}

local function copy(t)
    local out = {}
    for k, v in pairs(t) do out[k] = v end
    return out
end

local function count_of(item)
    local summary = item.summary
    return type(summary) == "table" and summary.intersections_count or nil
end

-- A domain's totals, without the names that are the row's own.
local function domain_fields()
    local out = {}
    for _, name in ipairs(fields.totals_order("target")) do
        if name ~= "type" and name ~= "target" then out[#out + 1] = name end
    end
    return out
end

local function domain_view(e, keys)
    local inner = domain_fields()
    local schema = { domain = "str", intersections_count = "num" }
    local item_fields, table_fields = { "domain", "intersections_count" }, { "domain", "intersections_count" }
    for _, k in ipairs(keys) do
        for _, name in ipairs(inner) do
            local flat = k .. "." .. name
            schema[flat] = fields.lookup(e.item, flat)
            item_fields[#item_fields + 1] = flat
        end
        table_fields[#table_fields + 1] = k .. ".backlinks"
    end
    local function rows(items)
        local out = {}
        for i, item in ipairs(items) do
            local map = type(item.domain_intersection) == "table" and item.domain_intersection or {}
            local row = { intersections_count = count_of(item) }
            for _, k in ipairs(keys) do
                local entry = map[k]
                if type(entry) == "table" then
                    row.domain = row.domain or entry.target
                    for _, name in ipairs(inner) do row[k .. "." .. name] = entry[name] end
                end
            end
            out[i] = row
        end
        return out
    end
    return { schema = schema, item_fields = item_fields, table_fields = table_fields, rows = rows }
end

local function page_view(keys, targets)
    local backlink = require("dataforseo.api").get("backlinks")
    local schema = copy(fields.backlink)
    schema.intersections_count, schema.key, schema.target = "num", "num", "str"
    local item_fields = { "intersections_count", "key", "target" }
    for _, name in ipairs(backlink.item_fields) do item_fields[#item_fields + 1] = name end
    local function rows(items)
        local out = {}
        for _, item in ipairs(items) do
            local map = type(item.page_intersection) == "table" and item.page_intersection or {}
            local count, before = count_of(item), #out
            for _, k in ipairs(keys) do
                local list = map[k]
                for _, b in ipairs(type(list) == "table" and list or {}) do
                    local row = type(b) == "table" and copy(b) or {}
                    row.intersections_count, row.key, row.target = count, tonumber(k), targets[k]
                    out[#out + 1] = row
                end
            end
            -- An item without backlinks still gets its row: nothing goes unsaid.
            if #out == before then out[#out + 1] = { intersections_count = count } end
        end
        return out
    end
    return { schema = schema, item_fields = item_fields,
        table_fields = { "key", "url_from", "url_to", "anchor", "dofollow", "rank" }, rows = rows }
end

-- keys: the target keys in order; targets: key -> target (for page rows).
function M.view(e, keys, targets)
    if e.name == "page_intersection" then return page_view(keys, targets or {}) end
    return domain_view(e, keys)
end

-- The keys and targets of a request's `targets` (an array, as the command
-- gives it, or the API's map).
function M.keys(targets)
    local keys, by = {}, {}
    if type(targets) ~= "table" then return keys, by end
    if targets[1] ~= nil then
        for i, t in ipairs(targets) do
            keys[i] = tostring(i)
            by[keys[i]] = t
        end
        return keys, by
    end
    for k, t in pairs(targets) do
        keys[#keys + 1] = k
        by[k] = t
    end
    table.sort(keys, function(a, b) return (tonumber(a) or 0) < (tonumber(b) or 0) end)
    return keys, by
end

return M
