-- What several targets share, each read from its own graph:
--
--   intersect.domains(task) -> list of views            domain_intersection
--   intersect.pages(task) -> list of views              page_intersection
--   intersect.competitors(task) -> list of items        competitors
-- Every list is filtered, ordered and cached whole; the caller slices it.
--
-- domain_intersection: one item per referring main domain (as
-- referring_domains counts them) that links to every target ("all") or to
-- at least one ("partial"), and to none of exclude_targets; a key's entry
-- is that domain's referring_domains item for the key's target, named
-- `target`.  page_intersection: the same per referring page (url_from),
-- a key's entry the page's backlinks to that target, strongest first
-- (prefixed filters and order_by read the first).  competitors: the sites
-- of a fixed pool per target (20 plus five large ones) that share
-- referring main domains with it; `intersections` is how many, which is
-- domain_intersection's total_count for the two of them.
-- A view: { name =, count = keys present, [key] = entry }.
local query = require("dataforseo_emulator.query")
local endpoints = require("dataforseo_emulator.endpoints")
local request = require("dataforseo_emulator.request")
local targets = require("dataforseo_emulator.targets")
local graph = require("dataforseo_emulator.graph")
local envelope = require("dataforseo_emulator.envelope")

local M = {}

local arranged = query.new_cache(32)

-- The fields a task narrows every target's backlinks with.
local NARROWING = { "internal_list_limit", "backlinks_status_type", "backlinks_filters", "include_subdomains",
    "include_indirect_links", "exclude_internal_backlinks", "rank_scale" }

local function for_target(task, target)
    local t = { target = target }
    for _, k in ipairs(NARROWING) do t[k] = task[k] end
    return t
end

-- The keys of task.targets in number order.
function M.keys(task_targets)
    local keys = {}
    for k in pairs(task_targets) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b) return tonumber(a) < tonumber(b) end)
    return keys
end

-- The cache key of a whole list: the request without paging, with the
-- dates of the graphs it reads.
local function list_key(kind, task, sites)
    local t = {}
    for k, v in pairs(task) do
        if k ~= "offset" and k ~= "limit" and k ~= "tag" then t[k] = v end
    end
    local dates = {}
    for _, site in ipairs(sites) do dates[#dates + 1] = site .. "@" .. query.date_of(site) end
    table.sort(dates)
    return kind .. "\0" .. envelope.request_value(t) .. "\0" .. table.concat(dates, ",")
end

local function sites_of(list)
    local out = {}
    for _, t in ipairs(list) do out[#out + 1] = targets.parse(t).site end
    return out
end

local function all_targets(task)
    local list = {}
    for _, k in ipairs(M.keys(task.targets)) do list[#list + 1] = task.targets[k] end
    for _, e in ipairs(task.exclude_targets or {}) do list[#list + 1] = e end
    return list
end

local function wanted(task, count, total)
    if task.intersection_mode == "partial" then return count >= 1 end
    return count == total
end

-- Views in order of first appearance, for names some key has.
local function views_of(task, keys, per_key, order, excluded)
    local views = {}
    for _, name in ipairs(order) do
        if not excluded[name] then
            local view, count = { name = name }, 0
            for _, k in ipairs(keys) do
                local entry = per_key[k][name]
                if entry then view[k], count = entry, count + 1 end
            end
            if wanted(task, count, #keys) then
                view.count, view.intersections_count = count, count
                views[#views + 1] = view
            end
        end
    end
    return views
end

local function arrange(task, ep, views, keys)
    local order_by = task.order_by
    if order_by == nil or next(order_by) == nil then order_by = { keys[1] .. "." .. ep.default_field .. ",desc" } end
    return query.arrange(views, task.filters, order_by, request.prefixed(ep.item_fields, task.targets), "name")
end

------------------------------------------------------------------------------
-- domain_intersection

-- Referring main domain name -> its referring_domains item, and the names
-- in the grouping's order.
local function referring(task, transient)
    local items = query.grouped(task, endpoints.referring_domains, transient)
    local by_name, order = {}, {}
    for i, item in ipairs(items) do by_name[item.domain], order[i] = item, item.domain end
    return by_name, order
end
M.referring = referring

local ENTRY = { __index = function(entry, field) return entry.item[field] end }

-- The views of an intersection: for each key, referring(narrowed task)
-- -> (name -> value, names in order), each value made an entry by
-- entry(name, value); names of exclude_targets left out.
local function intersection(kind, task, ep, referring_of, entry)
    local key = list_key(kind, task, sites_of(all_targets(task)))
    local hit = arranged.get(key)
    if hit then return hit end
    local keys = M.keys(task.targets)
    local per_key, order, seen = {}, {}, {}
    for _, k in ipairs(keys) do
        local by_name, names = referring_of(for_target(task, task.targets[k]))
        local entries = {}
        for name, value in pairs(by_name) do entries[name] = entry(name, value) end
        per_key[k] = entries
        for _, name in ipairs(names) do
            if not seen[name] then seen[name] = true; order[#order + 1] = name end
        end
    end
    local excluded = {}
    for _, e in ipairs(task.exclude_targets or {}) do
        for name in pairs((referring_of(for_target(task, e)))) do excluded[name] = true end
    end
    local views = views_of(task, keys, per_key, order, excluded)
    return arranged.put(key, arrange(task, ep, views, keys))
end

function M.domains(task)
    return intersection("domains", task, endpoints.domain_intersection, referring, function(name, item)
        return setmetatable({ type = "backlinks_domain_intersection", target = name, item = item }, ENTRY)
    end)
end

------------------------------------------------------------------------------
-- page_intersection

local rank_of = graph.row_getters.rank

-- url_from -> { G =, rows = strongest first }, and the pages in order.
local function referring_pages(task)
    local G, rows = query.selection(task)
    local scale = task.rank_scale or "one_thousand"
    local by_page, order = {}, {}
    for k = 1, #rows do
        local i = rows[k]
        local url = G:url_from(i)
        local list = by_page[url]
        if not list then
            list = { G = G, rows = {}, scale = scale }
            by_page[url] = list
            order[#order + 1] = url
        end
        list.rows[#list.rows + 1] = i
    end
    for _, list in pairs(by_page) do
        table.sort(list.rows, function(a, b)
            local ra, rb = rank_of(G, a, scale), rank_of(G, b, scale)
            if ra ~= rb then return ra > rb end
            return a < b
        end)
    end
    return by_page, order
end

-- A backlink of a graph, read field by field as filters ask.
local function row_entry(list)
    local G, i, scale = list.G, list.rows[1], list.scale
    return setmetatable({ list = list }, { __index = function(_, field)
        local get = graph.row_getters[field]
        if get then return get(G, i, scale) end
        return nil
    end })
end

function M.pages(task)
    return intersection("pages", task, endpoints.page_intersection, referring_pages,
        function(_, list) return row_entry(list) end)
end

------------------------------------------------------------------------------
-- competitors

local WORDS = { "alpha", "nova", "vista", "orbit", "prime", "peak", "pulse", "stack", "spark", "ridge", "harbor",
    "maple", "cedar", "delta", "echo", "fable", "glide", "haven", "ivory", "jolt" }
local TLDS = { "com", "net", "org", "io", "co.uk", "de" }
M.LARGE = { "wikipedia.org", "youtube.com", "facebook.com", "amazon.com", "google.com" }

-- The sites that may share backlinks with `site`: twenty named from it,
-- and the large ones (exclude_large_domains leaves them out).
function M.pool(site)
    local out, seen = {}, { [site] = true }
    for k = 1, 20 do
        local h1 = targets.hash(site .. "#rival" .. k)
        local h2 = targets.hash(h1 .. "#second")
        local a, b = h1 % #WORDS + 1, h2 % #WORDS + 1
        if a == b then b = b % #WORDS + 1 end
        local name = WORDS[a] .. WORDS[b] .. "." .. TLDS[targets.hash(h2 .. "#tld") % #TLDS + 1]
        if not seen[name] then seen[name], out[#out + 1] = true, { name = name } end
    end
    for _, name in ipairs(M.LARGE) do
        if not seen[name] then seen[name], out[#out + 1] = true, { name = name, large = true } end
    end
    return out
end

-- The pool's sites sharing referring main domains with the subject,
-- before filters and order (kept: a filter or page asked next is cheap).
local shared_lists = query.new_cache(16)

local function sharing(task, subject)
    local pool = M.pool(targets.parse(subject).site)
    local sites = { targets.parse(subject).site }
    for _, c in ipairs(pool) do sites[#sites + 1] = c.name end
    local key = list_key("competitors", { subject = subject,
        exclude_internal_backlinks = task.exclude_internal_backlinks,
        exclude_large_domains = task.exclude_large_domains, rank_scale = task.rank_scale }, sites)
    local hit = shared_lists.get(key)
    if hit then return hit, key end
    local narrowing = { target = subject, exclude_internal_backlinks = task.exclude_internal_backlinks }
    local mine = referring(narrowing)
    local items = {}
    for _, c in ipairs(pool) do
        if not (c.large and task.exclude_large_domains ~= false) then
            narrowing.target = c.name
            local shared = 0
            for name in pairs((referring(narrowing, true))) do
                if mine[name] then shared = shared + 1 end
            end
            if shared > 0 then
                local summary = query.summary({ target = c.name, rank_scale = task.rank_scale }, true)
                items[#items + 1] = { type = "backlinks_competitor", target = c.name, rank = summary.rank,
                    intersections = shared }
            end
        end
    end
    return shared_lists.put(key, items), key
end

function M.competitors(task)
    local subject = task.target
    if task.main_domain ~= false then subject = targets.parse(task.target).site end
    local items, base = sharing(task, subject)
    local ep = endpoints.competitors
    local order_by = task.order_by
    if order_by == nil or next(order_by) == nil then order_by = ep.default_order end
    local key = base .. "\0" .. envelope.request_value(task.filters or {}) .. "\0" .. envelope.request_value(order_by)
    return arranged.get(key) or arranged.put(key, query.arrange(items, task.filters, order_by, ep.item_fields, ep.tie))
end

return M
