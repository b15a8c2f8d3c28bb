-- The response store's place in the call engine: the answer and keep hooks
-- of engine:use_answers (engine.lua), made from an open store (store.lua).
-- A charged call is first asked of the store; a hit is served as the Page a
-- live call gives (endpoint.result of the stored body), with cached = true,
-- fetched_at, cost = 0 and saved; a live, charged, successful answer is put
-- back with the body as the API sent it.  Free calls (user_data,
-- available_filters) are never stored: nothing to save.
--
--   local answers = require("dataforseo.engine.store_answers").new(store, { wall =, refresh = })
--   engine:use_answers(answers.answer, answers.keep)
--   answers.walk(opts) -> state      one walk's cache state (window.lua puts it on its calls)
--   answers.keep_walk(state, page_keys) -> record | nil, message     (keep = true)
--   answers.snapshot(state) -> { id, started_at, walk_key, total_count, target } | nil   the walk's snapshot
--   answers.session() -> { hits, misses, saved, failures }
--   M.snapshot_items(store, record) -> items | nil, message   a kept snapshot's items, in
--     order, as its walk's Pages gave them (dataforseo changes, the report's "since")
--
-- Per call, call.cache = { fresh =, max_age =, walk = state } (engine:run's
-- cache argument, or the window's): fresh bypasses the store (and refreshes
-- it: the live answer is put), max_age narrows the TTL.  A walk's pages
-- belong to one snapshot (store.lua): its first call resumes the walk's
-- latest fresh snapshot or, going live, begins a new one with that page's
-- total_count; every later page is asked of that snapshot only.
local json = require "dataforseo.json"

local M = {}

local NONE = {}

function M.new(store, o)
    local wall = o.wall
    local refresh = o.refresh            -- cache.refresh: every call is fresh
    local A = {}

    -- The stored page as a live call's Page, or nil (a body that no longer
    -- reads as a success is a miss).
    local function page_of(call, value)
        local data = json.decode(value)
        if type(data) ~= "table" then return nil end
        local ok, page = pcall(call.endpoint.result, { status = 200, data = data }, call.task)
        if not ok or type(page) ~= "table" then return nil end
        return page
    end

    function A.answer(call)
        local endpoint = call.endpoint
        if not endpoint.asked or endpoint.method == "GET" then return nil end
        local key = call.store_key
        if not key then
            key = store:key(endpoint, call.task)
            if not key then return nil end
            call.store_key = key
        end
        call.keep_body = true
        local c = call.cache or NONE
        local fresh = c.fresh or refresh
        local w = c.walk
        local first = w and not w.resolved
        if first then
            w.resolved = true
            w.walk_key = store:walk_key(endpoint, call.task)
            if not fresh then w.snapshot = store:resume(w.walk_key, { max_age = c.max_age }) end
        end
        if fresh then return nil end
        local page
        local ask = { max_age = c.max_age, accept = function(value)
            page = page_of(call, value)
            return page ~= nil
        end }
        if w then
            if not w.snapshot then return nil end
            ask.snapshot = w.snapshot.id
        end
        local entry = store:get(key, ask)
        if entry then
            page.cached, page.fetched_at, page.saved, page.cost = true, entry.fetched_at, entry.cost, 0
        else
            page = nil
        end
        -- The snapshot lost its first page: the walk starts a new one.
        if not page and first then w.snapshot = nil end
        return page
    end

    function A.keep(call, result, response)
        local key = call.store_key
        if not key or not response or type(response.body) ~= "string" then return end
        local c = call.cache or NONE
        local w = c.walk
        local snap
        if w then
            if not w.snapshot and w.walk_key and type(result.total_count) == "number" then
                w.snapshot = store:begin(w.walk_key, { endpoint = call.endpoint.name, target = call.task.target,
                    total_count = result.total_count, started_at = wall() })
            end
            snap = w.snapshot and w.snapshot.id
            -- A live page that contradicts the snapshot's total_count is of
            -- another state: not filed under it, and the snapshot is no
            -- longer one to resume (the next run begins a new one).
            if snap and type(result.total_count) == "number" and result.total_count ~= w.snapshot.total_count then
                if not w.contradicted then
                    w.contradicted = true
                    store:abandon(w.snapshot)
                end
                snap = nil
            end
        end
        local cost = type(result.cost) == "number" and result.cost or 0
        store:put(key, response.body, { cost = cost, items = type(result.items) == "table" and #result.items or 0,
            snapshot = snap })
    end

    -- One walk's state: its options, then its walk key and snapshot.
    function A.walk(opts)
        return { fresh = opts.fresh, max_age = opts.max_age, walk = {} }
    end

    function A.keep_walk(state, page_keys)
        local snap = state.walk.snapshot
        if not snap then return nil, "the walk has no snapshot in the store (its pages were not stored)" end
        if #page_keys == 0 then return nil, "the walk has no pages to keep" end
        return store:keep(snap, page_keys)
    end

    function A.snapshot(state)
        local snap = state.walk.snapshot
        if not snap then return nil end
        return { id = snap.id, started_at = snap.started_at, walk_key = snap.walk_key, total_count = snap.total_count,
            target = snap.target }
    end

    function A.session()
        return store:session_stats()
    end

    return A
end

function M.snapshot_items(store, record)
    local endpoint = require("dataforseo.api").get(record.endpoint or "")
    if not endpoint then return nil, "the snapshot names no known endpoint" end
    local items = {}
    for i = 1, record.pages or 0 do
        local value, err = store:page(record, i)
        if not value then return nil, err end
        local data = json.decode(value)
        local ok, page = pcall(endpoint.result, { status = 200, data = data }, {})
        if not ok or type(page) ~= "table" or type(page.items) ~= "table" then
            return nil, string.format("page %d of the snapshot cannot be read", i)
        end
        for _, item in ipairs(page.items) do items[#items + 1] = item end
    end
    return items
end

return M
