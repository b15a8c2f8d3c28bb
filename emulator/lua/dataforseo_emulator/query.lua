-- One anchors/live task, end to end, with the per-process caches that make
-- repeated and paginated requests cheap:
--   site graph        keyed by site
--   grouped items     keyed by target + every parameter used before grouping
--   filtered+ordered  keyed by the above + filters + order_by
-- Offset/limit then only slice the cached, totally ordered list, so pages
-- never overlap or skip.  Runs in nginx (filters use ngx.re).
local graph = require("dataforseo_emulator.graph")
local aggregate = require("dataforseo_emulator.aggregate")
local targets = require("dataforseo_emulator.targets")
local envelope = require("dataforseo_emulator.envelope")
local filter = require("dataforseo_emulator.filter")

local M = {}

M.DEFAULT_ORDER = { "backlinks,desc" }

-- A small cache that forgets its oldest entries beyond `size`.
local function new_cache(size)
    local values, order = {}, {}
    local cache = {}
    function cache.get(key) return values[key] end
    function cache.put(key, value)
        if values[key] == nil then
            order[#order + 1] = key
            if #order > size then
                values[table.remove(order, 1)] = nil
            end
        end
        values[key] = value
        return value
    end
    function cache.clear() values, order = {}, {} end
    return cache
end

local graphs = new_cache(4)
local groups = new_cache(12)
local ordered = new_cache(64)

function M.clear_caches()
    graphs.clear(); groups.clear(); ordered.clear()
end

function M.graph(site)
    return graphs.get(site) or graphs.put(site, graph.build(site))
end

local function flag(v, default)
    if v == nil then return default end
    return v and "1" or "0"
end

local function compile(expr, fields)
    if expr == nil or (type(expr) == "table" and next(expr) == nil) then return nil end
    return filter.compile(expr, fields)
end

-- Items of the target after the pre-grouping narrowing, grouped by anchor.
local function grouped(task)
    local scale = task.rank_scale or "one_thousand"
    local key = table.concat({
        task.target, flag(task.include_subdomains, "1"), flag(task.include_indirect_links, "1"),
        flag(task.exclude_internal_backlinks, "1"), task.backlinks_status_type or "live", scale,
        envelope.request_value(task.backlinks_filters or {}),
    }, "\0")
    local hit = groups.get(key)
    if hit then return hit, key end
    local G = M.graph(targets.parse(task.target).site)
    local keep
    local pred = compile(task.backlinks_filters, filter.BACKLINK_FIELDS)
    if pred then
        local view = G:row_view(scale)
        local row, set = view.row, view.set
        keep = function(i) set(i); return pred(row) end
    end
    local rows = aggregate.select(G, task.target, task, keep)
    return groups.put(key, aggregate.group(G, rows, scale)), key
end

-- Reads a field of an item for ordering; "map.key" reads inside a map.
local function getter(name)
    local _, map, key = filter.field_type(filter.ANCHOR_FIELDS, name)
    if map then
        return function(item)
            local m = item[map]
            return m and m[key] or nil
        end
    end
    return function(item) return item[name] end
end

-- A total order: the order_by rules, then the anchor text (unique within
-- a grouping), so equal sort keys never make pages overlap.
local function comparator(order_by)
    local rules = {}
    for _, rule in ipairs(order_by) do
        local name, dir = rule:match("^%s*(.-)%s*,%s*(%a+)%s*$")
        rules[#rules + 1] = { get = getter(name), desc = dir:lower() == "desc" }
    end
    return function(a, b)
        for r = 1, #rules do
            local rule = rules[r]
            local va, vb = rule.get(a), rule.get(b)
            if va ~= vb then
                -- Missing values (null lost_date, absent map key) sort lowest.
                if va == nil then return not rule.desc end
                if vb == nil then return rule.desc end
                if rule.desc then return va > vb end
                return va < vb
            end
        end
        return (a.anchor or "") < (b.anchor or "")
    end
end

-- Runs a validated task.  Returns { total_count =, items = page }.
function M.run(task)
    local items, gkey = grouped(task)
    local order_by = task.order_by
    if order_by == nil or next(order_by) == nil then order_by = M.DEFAULT_ORDER end
    local key = gkey .. "\0" .. envelope.request_value(task.filters or {}) .. "\0" ..
        envelope.request_value(order_by)
    local list = ordered.get(key)
    if not list then
        local pred = compile(task.filters, filter.ANCHOR_FIELDS)
        if pred then
            list = {}
            for i = 1, #items do
                if pred(items[i]) then list[#list + 1] = items[i] end
            end
        else
            list = {}
            for i = 1, #items do list[i] = items[i] end
        end
        table.sort(list, comparator(order_by))
        ordered.put(key, list)
    end
    local offset = task.offset or 0
    local limit = task.limit or 100
    local page = {}
    for i = offset + 1, math.min(#list, offset + limit) do page[#page + 1] = list[i] end
    return { total_count = #list, items = page }
end

return M
