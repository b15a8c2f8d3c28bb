-- What changed between two lists of items of one endpoint (two walks, two
-- kept snapshots): the items that are new, the ones lost, and for the
-- ones in both, which fields changed and how.  Data in, a table out; it
-- loads nothing else and touches no store.
--
--   local changes = require "dataforseo.changes"      (also dataforseo.changes)
--   local d = changes(old_items, new_items, endpoint [, { identity =, ignore = }])
--     endpoint: a name ("anchors") or a description (api.get("anchors"))
--     identity: the fields that say which item is which (default: IDENTITY[name])
--     ignore:   fields (or dotted paths) whose change does not count (e.g. backlinks' last_seen)
--   d.new      items of new_items not in old_items, in new_items' order
--   d.lost     items of old_items not in new_items, in old_items' order
--   d.changed  { { key =, old = item, new = item, fields = { [path] = { old =, new = } } }, ... }
--              in new_items' order; a path names a nested field with dots
--              ("page_summary.backlinks", "referring_links_tld.com")
--   d.unchanged  how many items are the same in both
--   d.endpoint, d.identity
--   changes.fields(old, new [, ignore]) -> { [path] = { old =, new = } }   two objects
--     (the summary endpoint's results, say) field by field; nil when equal
local M = {}

-- Which item is which, per endpoint (docs/store.md lists them).
M.IDENTITY = {
    anchors = { "anchor" },
    referring_domains = { "domain" },
    referring_networks = { "network_address" },
    domain_pages = { "page" },
    domain_pages_summary = { "url" },
    backlinks = { "url_from", "url_to" },
}

local type, pairs, ipairs, tostring, format = type, pairs, ipairs, tostring, string.format

-- An identity value as text that no other value shares: strings keep
-- their length, nulls (JSON null, nil) and numbers their own mark.
local function part(v)
    local t = type(v)
    if t == "string" then return "s" .. #v .. ":" .. v end
    if t == "number" then return "d" .. format("%.17g", v) end
    if t == "boolean" then return v and "T" or "F" end
    if v == nil or t == "userdata" then return "n" end
    error("changes: an identity field holds a " .. t .. ", not a string, number or null", 4)
end

local function identity_of(item, fields)
    if #fields == 1 then return part(item[fields[1]]) end
    local parts = {}
    for i, f in ipairs(fields) do parts[i] = part(item[f]) end
    return table.concat(parts, "|")
end

-- A readable key for a changed item: its identity values.
local function key_text(item, fields)
    local out = {}
    for i, f in ipairs(fields) do
        local v = item[f]
        out[i] = type(v) == "string" and v or (v == nil or type(v) == "userdata") and "null" or tostring(v)
    end
    return table.concat(out, " -> ")
end

local function is_map(v)
    return type(v) == "table" and next(v) ~= nil and v[1] == nil
end

local function equal(a, b)
    if a == b then return true end
    if type(a) ~= "table" or type(b) ~= "table" then return false end
    for k, v in pairs(a) do
        if not equal(v, b[k]) then return false end
    end
    for k in pairs(b) do
        if a[k] == nil then return false end
    end
    return true
end

-- The differences of two values under path, into out; maps are walked
-- key by key, anything else is compared whole.
local function diff(a, b, path, out, ignore)
    if ignore[path] or equal(a, b) then return end
    if is_map(a) and is_map(b) then
        local seen = {}
        for k, v in pairs(a) do
            seen[k] = true
            diff(v, b[k], path .. "." .. tostring(k), out, ignore)
        end
        for k, v in pairs(b) do
            if not seen[k] then diff(nil, v, path .. "." .. tostring(k), out, ignore) end
        end
        return
    end
    out[path] = { old = a, new = b }
end

local function as_set(list)
    local set = {}
    for _, name in ipairs(list or {}) do set[name] = true end
    return set
end

function M.fields(old, new, ignore)
    if type(old) ~= "table" or type(new) ~= "table" then
        error("changes.fields: expected two tables", 2)
    end
    local skip, out = as_set(ignore), {}
    local seen = {}
    for k, v in pairs(old) do
        seen[k] = true
        if not skip[k] then diff(v, new[k], tostring(k), out, skip) end
    end
    for k, v in pairs(new) do
        if not seen[k] and not skip[k] then diff(nil, v, tostring(k), out, skip) end
    end
    if next(out) == nil then return nil end
    return out
end

local function endpoint_name(endpoint)
    if type(endpoint) == "table" then return endpoint.name end
    return endpoint
end

-- Items keyed by identity; the n-th item sharing an identity with others
-- (two links from one page to one URL) is told apart by n.
local function index(items, fields, what)
    if type(items) ~= "table" then error("changes: " .. what .. " must be a list of items", 3) end
    local by_key, order, seen = {}, {}, {}
    for i, item in ipairs(items) do
        if type(item) ~= "table" then
            error(format("changes: %s[%d] is a %s, not an item table", what, i, type(item)), 3)
        end
        local id = identity_of(item, fields)
        local n = (seen[id] or 0) + 1
        seen[id] = n
        if n > 1 then id = id .. "#" .. n end
        by_key[id] = item
        order[#order + 1] = id
    end
    return by_key, order
end

local function compare(_, old_items, new_items, endpoint, opts)
    opts = opts or {}
    local name = endpoint_name(endpoint)
    local fields = opts.identity or M.IDENTITY[name]
    if type(fields) ~= "table" or #fields == 0 then
        local known = {}
        for k in pairs(M.IDENTITY) do known[#known + 1] = k end
        table.sort(known)
        error("changes: no identity for endpoint " .. tostring(name) .. " (known: " .. table.concat(known, ", ")
            .. "; pass opts.identity = { field, ... })", 2)
    end
    local old_by, old_order = index(old_items, fields, "old_items")
    local new_by, new_order = index(new_items, fields, "new_items")
    local d = { endpoint = name, identity = fields, new = {}, lost = {}, changed = {}, unchanged = 0 }
    for _, id in ipairs(new_order) do
        local before, now = old_by[id], new_by[id]
        if before == nil then
            d.new[#d.new + 1] = now
        else
            local f = M.fields(before, now, opts.ignore)
            if f then
                d.changed[#d.changed + 1] = { key = key_text(now, fields), old = before, new = now, fields = f }
            else
                d.unchanged = d.unchanged + 1
            end
        end
    end
    for _, id in ipairs(old_order) do
        if new_by[id] == nil then d.lost[#d.lost + 1] = old_by[id] end
    end
    return d
end

return setmetatable(M, { __call = compare })
