-- Bulk endpoints without their limit: a call's targets, any number of
-- them, go out in batches the API takes (1,000 targets a call; for
-- bulk_pages_summary also at most 100 root domains), all submitted at once
-- to the engine, which paces them, reserves and settles their cost and
-- retries them as it does any call.  The answer holds one item per target,
-- in input order.  Written on the engine's public methods (new_call,
-- submit, await, cancel) only.
--
--   batch.run(engine, endpoint, params [, opts]) -> result | nil, err
--     opts: validate (default true), api_filters (client:available_filters()),
--           budgets (cost budgets besides the governor's)
--   result: items (one per input target, in input order: a duplicate gets
--     the same item table as its first occurrence), items_count,
--     total_count, cost (USD, all calls), calls, task_ids, pages (each
--     call's Page), duplicates ({ index =, first =, target = } per repeated
--     target: sent once), missing (input indexes the API answered no item
--     for, or none naming that target; their item is { <target_field> =
--     target } alone), notes
-- Before anything is sent, every target is checked (a bad one fails the
-- call with its index: "targets[7]: ..."), and repeated ones are found.  A
-- batch that fails for good fails the call: err is its error, with
-- err.items (the items of the batches that succeeded, in input order),
-- err.failed (the input indexes without an answer), err.unanswered (their
-- targets, each once, in input order: what to send again, and only that),
-- err.missing (as the result's, for the batches that succeeded)
-- and err.cost (what all calls cost).  Batches still queued then are not
-- sent.
local errors = require "dataforseo.errors"

local M = {}

-- The root (registrable) domain of a target, as a batch counts it.  Without
-- a public suffix list this errs on the fine side: a short second-level
-- label ("co" in bbc.co.uk, "b" in a.b.com) keeps three labels, so two
-- targets the API counts as one root may count as two here (one more batch
-- at worst), never the other way round (a batch the API would refuse).
function M.root_domain(target)
    local host = target:match("^%a[%w+.-]*://%[?([^/?#:%]]*)") or target
    host = host:lower():gsub("^www%.", "")
    if host:match("^[%d.]+$") or host:find(":", 1, true) then return host end
    local labels = {}
    for label in host:gmatch("[^.]+") do labels[#labels + 1] = label end
    local n = #labels
    if n <= 2 then return host end
    if #labels[n - 1] <= 3 then return table.concat(labels, ".", n - 2, n) end
    return labels[n - 1] .. "." .. labels[n]
end

-- Unique targets -> batches (arrays of indexes into unique); limit: the
-- description's batch_limit { targets =, root_domains = }.  Public: the
-- command counts the calls a list will take before asking to spend.
function M.split(unique, limit)
    local batches, current, roots, nroots = {}, {}, {}, 0
    local max_targets, max_roots = limit.targets, limit.root_domains
    for i, target in ipairs(unique) do
        local root = max_roots and M.root_domain(target)
        local new_root = root and not roots[root]
        if #current >= max_targets or (new_root and nroots >= max_roots) then
            batches[#batches + 1] = current
            current, roots, nroots = {}, {}, 0
            new_root = root ~= nil
        end
        current[#current + 1] = i
        if new_root then roots[root], nroots = true, nroots + 1 end
    end
    if #current > 0 then batches[#batches + 1] = current end
    return batches
end

-- A target as the API may echo it back: case, scheme, "www." and a
-- trailing slash aside.
local function loose_key(t)
    if type(t) ~= "string" then return nil end
    return (t:lower():gsub("^https?://", ""):gsub("^www%.", ""):gsub("/$", ""))
end

-- The items of one batch's page -> by_unique[index] = item.  An item names
-- its target (target_field); one the API wrote differently is matched
-- loosely (loose_key); an item that matches no target of its batch is
-- dropped rather than guessed, and its target is reported missing.
local function assign(page, batch, unique, field, by_unique)
    local exact, loose = {}, {}
    for _, u in ipairs(batch) do
        exact[unique[u]] = u
        local k = loose_key(unique[u])
        if loose[k] == nil then loose[k] = u else loose[k] = false end   -- ambiguous
    end
    for _, item in ipairs(page.items) do
        local name = item[field]
        local u = exact[name]
        if u == nil or by_unique[u] ~= nil then u = loose[loose_key(name)] end
        if u and by_unique[u] == nil then by_unique[u] = item end
    end
end

local function validated(endpoint, params, opts)
    local task, notes = endpoint.task(params, opts.validate ~= false, opts.api_filters)
    if not task then return nil, notes end
    local targets = task.targets
    if type(targets) ~= "table" or #targets == 0 then
        return nil, errors.validation{ field = "targets", value = targets, reason = "required",
            message = "targets: expected a non-empty array of targets" }
    end
    return task, nil, notes
end

function M.run(engine, endpoint, params, opts)
    opts = opts or {}
    local task, err, notes = validated(endpoint, params, opts)
    if not task then return nil, err end
    -- Repeated targets go out once.
    local unique, unique_at, first_input, duplicates, seen = {}, {}, {}, {}, {}
    for i, target in ipairs(task.targets) do
        local u = seen[target]
        if u then
            duplicates[#duplicates + 1] = { index = i, first = first_input[u], target = target }
        else
            unique[#unique + 1] = target
            u = #unique
            seen[target], first_input[u] = u, i
        end
        unique_at[i] = u
    end
    local batches = M.split(unique, endpoint.batch_limit)
    local calls = {}
    for b, batch in ipairs(batches) do
        local sub = {}
        for k, v in pairs(task) do sub[k] = v end
        sub.targets = {}
        for j, u in ipairs(batch) do sub.targets[j] = unique[u] end
        -- A validated task's batches are checked: their bodies are not walked again.
        local call, problem = engine:new_call(endpoint, sub, opts.budgets, opts.validate ~= false)
        if not call then
            for _, c in ipairs(calls) do engine:cancel(c) end
            return nil, problem
        end
        calls[b] = call
    end
    for _, call in ipairs(calls) do engine:submit(call) end
    -- Every outcome; after a failure, what is still queued is not sent.
    local pages, failure, cost = {}, nil, 0
    local ok, raised = pcall(function()
        for b, call in ipairs(calls) do
            if failure and call.state == "queued" then
                engine:cancel(call)
            else
                local page, e = engine:await(call)
                if page then
                    pages[b] = page
                    cost = cost + (type(page.cost) == "number" and page.cost or 0)
                else
                    failure = failure or e
                    if type(e.cost) == "number" then cost = cost + e.cost end
                end
            end
        end
    end)
    if not ok then
        for _, call in ipairs(calls) do engine:cancel(call) end
        error(raised, 0)
    end
    local field = endpoint.target_field or "target"
    local by_unique = {}
    for b, page in pairs(pages) do assign(page, batches[b], unique, field, by_unique) end
    local batch_of = {}
    for b, batch in ipairs(batches) do
        for _, u in ipairs(batch) do batch_of[u] = b end
    end
    local items, missing, failed, unanswered, task_ids = {}, nil, nil, {}, {}
    for i, target in ipairs(task.targets) do
        local u = unique_at[i]
        local item = by_unique[u]
        if item == nil and pages[batch_of[u]] then
            missing = missing or {}
            missing[#missing + 1] = i
            item = { [field] = target }
        elseif item == nil then
            failed = failed or {}
            failed[#failed + 1] = i
            if first_input[u] == i then unanswered[#unanswered + 1] = target end
        end
        if item ~= nil then items[#items + 1] = item end
    end
    for b = 1, #batches do
        if pages[b] then task_ids[#task_ids + 1] = pages[b].task_id end
    end
    if failure then
        failure.items, failure.failed, failure.unanswered, failure.missing, failure.cost =
            items, failed, unanswered, missing, cost
        failure.duplicates = duplicates[1] and duplicates or nil
        return nil, failure
    end
    local page_list = {}
    for b = 1, #batches do page_list[b] = pages[b] end
    return {
        items = items, items_count = #items, total_count = #items, cost = cost,
        calls = #batches, task_ids = task_ids, pages = page_list,
        duplicates = duplicates[1] and duplicates or nil, missing = missing, notes = notes,
    }
end

return M
