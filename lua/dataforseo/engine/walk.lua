-- Whole result sets: the pages of window.lua as a for-loop iterator of
-- pages or of items, or all items at once, with progress and a status.
-- The client's methods (anchors_pages, anchors_items, anchors_all) are
-- the way in and check opts (client.lua's WALK_OPTIONS: bad ones raise);
-- params are checked on the first call (a bad one is raised from the
-- iterator as a validation error).
--
-- opts: limit (page size, 1..1000; default params.limit, else 1000),
-- max_items, max_cost (USD for this walk), concurrency (pages at once;
-- default the calls at once the account allows: the client's
-- max_concurrent, 30 by default, held lower for a while after 40209/429),
-- on_page(page, walk) after each page arrives, before its items go out,
-- confirm(estimate) -> boolean and confirm_over (USD): asked before the walk
-- spends more than confirm_over (confirm.lua; defaults: the client's);
-- with the client's cache: fresh, max_age, keep (docs/store.md).
--
-- A walk object is the iterator and the progress:
--   status   "running", then complete | max_items | short_page |
--            total_changed | cost_limit | declined | error | closed
--   note     why it ended early, in a sentence (nil when complete)
--   pages, calls, retries, items (handed out), cost (USD counted as spent:
--            what the API reported, and the estimates of pages in flight or
--            abandoned before their cost was known), presumed (that part),
--   total_count (first seen), last_total_count, expected_items,
--   expected_pages, offset (of the next page), started, elapsed(), eta(),
--   params (as given), mode ("pages" or "items"),
--   stored (pages served from the store), saved (USD those cost when live),
--   kept (the snapshot record once keep = true kept it), keep_problem (why not),
--   snapshot ({ id, started_at, walk_key, total_count, target } of the store snapshot its
--            pages belong to, once it ended; nil without a store)
-- A failed call raises its error object from the iterator (a loop never
-- ends silently short), with err.pages and err.offset; walk.all returns
-- nil, err instead, with err.items (the items it had).  The page that
-- ends a walk carries page.walk_status.
local confirm = require "dataforseo.engine.confirm"
local errors = require "dataforseo.errors"
local window = require "dataforseo.engine.window"

local walk = {}

walk.DEFAULT_LIMIT = 1000

-- The options (client.lua's checker checks them before a walk is made).
local rules = require("dataforseo.client").rules
walk.OPTIONS = {
    limit = { "number", nil, rules.integer_in(1, 1000) },           -- page size
    max_items = { "number", nil, rules.integer_in(1) },
    max_cost = { "number", nil, rules.above_zero(1e9, " (USD)") },
    concurrency = { "number", nil, rules.integer_in(1, 256) },      -- default: the client's max_concurrent
    on_page = { "function" },
    confirm = { "function" },
    confirm_over = { "number", nil, rules.number_in(0, 1e9, " (USD)") },
    -- With the client's `cache` (docs/store.md): bypass and refresh it, narrow its TTL,
    -- keep the complete walk as a dated snapshot.
    fresh = { "boolean" },
    max_age = { "number", nil, rules.above_zero(10 * 365 * 86400, " (seconds)") },
    keep = { "boolean" },
}

local ceil, max = math.ceil, math.max
local tointeger = math.tointeger or function(x) return x end

------------------------------------------------------------------------------
-- The walk object

local Walk = {}
-- cost and presumed are read from the walk's budget (cost.lua) when asked:
-- a page abandoned in flight settles after the walk moved on.
function Walk.__index(w, k)
    if k == "cost" then return w.budget:counted() end
    if k == "presumed" then return w.budget.presumed + w.budget.reserved end
    return Walk[k]
end

-- source = { engine =, endpoint =, params =, validate =, confirm =,
-- confirm_over =, answers = (store_answers.lua, with a cache) } (from the
-- client); opts checked by the client.
local function new_walk(source, opts, mode)
    opts = opts or {}
    local o = { max_cost = opts.max_cost, on_page = opts.on_page, confirm = opts.confirm,
        confirm_over = opts.confirm_over, limit = opts.limit and tointeger(opts.limit), keep = opts.keep,
        max_items = opts.max_items and tointeger(opts.max_items),
        concurrency = tointeger(opts.concurrency or source.engine:max_concurrent()) }
    local params = source.params
    local start = type(params) == "table" and type(params.offset) == "number" and params.offset or 0
    return setmetatable({
        source = source,
        params = params,
        opts = o,
        mode = mode,
        budget = require("dataforseo.engine.cost").budget(o.max_cost, "walk"),
        start_offset = start,
        offset = start,
        status = "running",
        pages = 0, calls = 0, retries = 0, items = 0, stored = 0, saved = 0,
        cache = source.answers and source.answers.walk(opts),
        started = source.engine:now(),
        page_items = nil, index = 0,          -- items mode: the page being handed out
    }, Walk)
end

function Walk:elapsed()
    return self.source.engine:now() - self.started
end

-- Seconds left at the pace so far, or nil before anything is known.
function Walk:eta()
    if not self.expected_items or self.items == 0 then return nil end
    local left = self.expected_items - self.items
    if left <= 0 then return 0 end
    return self:elapsed() / self.items * left
end

local NOTES = {
    short_page = function(w)
        return string.format("a page came back shorter than asked before total_count %s: the set "
            .. "shrank; stopped at item %d", tostring(w.last_total_count), w.offset)
    end,
    total_changed = function(w)
        return string.format("total_count moved from %s to %s during the walk; stopped at item %d",
            tostring(w.total_count), tostring(w.last_total_count), w.offset)
    end,
    declined = function(w)
        local e = w.estimate or {}
        return string.format("the walk's estimate (%s calls, %s items, %s) passed confirm_over $%.2f "
            .. "and was not confirmed; stopped at item %d", tostring(e.calls or "?"), tostring(e.items or "?"),
            e.usd and string.format("$%.5f", e.usd) or "USD unknown", e.confirm_over or 0, w.offset)
    end,
}

-- keep = true: a complete walk is kept as a dated snapshot (store.lua).
local function keep_snapshot(self)
    local kept, problem = self.source.answers.keep_walk(self.cache, self.window.page_keys)
    self.kept, self.keep_problem = kept, problem
end

local function finish(self, status)
    if self.status == "running" then
        self.status = status
        self.note = NOTES[status] and NOTES[status](self) or nil
        if self.cache then self.snapshot = self.source.answers.snapshot(self.cache) end
        if status == "complete" and self.opts.keep and self.cache then keep_snapshot(self) end
    end
    if self.window then self.window:close() end
end

local function raise(self, err)
    finish(self, err.kind == "cost_limit" and "cost_limit" or "error")
    self.err = err
    err.pages = self.pages
    err.offset = err.offset or self.offset
    error(err, 0)
end

-- What confirm.lua needs to know about this walk.
local function confirm_terms(self, limit)
    local s, o = self.source, self.opts
    local max_cost = o.max_cost
    local client_cap = s.engine:max_cost()
    if client_cap and (not max_cost or client_cap < max_cost) then max_cost = client_cap end
    local first = o.max_items and math.min(limit, o.max_items) or limit
    return { confirm = o.confirm or s.confirm, confirm_over = o.confirm_over or s.confirm_over,
        limit = limit, max_items = o.max_items, max_cost = max_cost,
        first_call = s.engine:estimate(s.endpoint, first), price = s.endpoint.price }
end

-- The window, made on the first call: that is when params are checked.
-- -> the window, or nil when the walk was declined before it spent anything.
function Walk:open()
    if self.window then return self.window end
    local s = self.source
    local task, err = s.endpoint.task(s.params, s.validate, s.api_filters)
    if not task then raise(self, err) end
    local limit = self.opts.limit or (type(task.limit) == "number" and task.limit) or walk.DEFAULT_LIMIT
    local terms = confirm_terms(self, limit)
    local verdict, estimate = confirm.before(terms)
    if verdict == "declined" then
        self.estimate = estimate
        finish(self, "declined")
        return nil
    end
    -- Asked after the first page paid for (the store's cost nothing), before any other is sent.
    local gate = verdict == "later" and function(page, win)
        terms.stored = self.stored          -- the pages before this one came from the store, free
        local v, e = confirm.after_first(terms, page, win.stop - page.offset)   -- what is left to pay for
        self.estimate = e
        return v == "go"
    end or nil
    self.window = window.new(s.engine, s.endpoint, task, { concurrency = self.opts.concurrency,
        limit = limit, max_items = self.opts.max_items, budget = self.budget, gate = gate,
        checked = s.validate ~= false, cache = self.cache })
    self.page_size = self.window.limit
    return self.window
end

-- The next page, or nil when the walk is over; raises a failed call's error.
function Walk:next_page()
    if self.status ~= "running" then return nil end
    local w = self:open()
    if not w then return nil end
    local page, err = w:next()
    self.calls, self.retries = w.calls, w.retries
    if err then raise(self, err) end
    if not page then
        finish(self, w.end_reason or "complete")
        return nil
    end
    self.pages = self.pages + 1
    if page.cached then self.stored, self.saved = self.stored + 1, self.saved + (page.saved or 0) end
    self.offset = page.offset + #page.items
    self.items = self.items + #page.items
    self.total_count, self.last_total_count = w.total_count, w.last_total_count
    self.expected_items = max(w.stop - self.start_offset, self.items)
    self.expected_pages = self.pages + ceil((self.expected_items - self.items) / self.page_size)
    if w.end_reason then
        finish(self, w.end_reason)
        page.walk_status = self.status
    end
    if self.opts.on_page then self.opts.on_page(page, self) end
    return page
end

function Walk:next_item()
    while self.status ~= "closed" do
        local page = self.page_items
        if page then
            local i = self.index + 1
            if i <= #page.items then
                self.index = i
                self.handed = (self.handed or 0) + 1
                return page.items[i], self.handed
            end
            self.page_items = nil
        end
        page = self:next_page()
        if not page then return nil end
        self.page_items, self.index = page, 0
    end
    return nil
end

-- The iterator call: `for page in w` / `for item in w`.
function Walk:__call()
    if self.mode == "items" then return self:next_item() end
    return self:next_page()
end

-- Ends the walk early; nothing is fetched afterwards.  (Lua 5.4 calls it
-- when a generic for is left with break.)
function Walk:close()
    finish(self, "closed")
end
Walk.__close = Walk.close

------------------------------------------------------------------------------
-- Entry points (the fourth value is the to-be-closed value of 5.4's for)

function walk.pages(source, opts)
    local w = new_walk(source, opts, "pages")
    return w, nil, nil, w
end

function walk.items(source, opts)
    local w = new_walk(source, opts, "items")
    return w, nil, nil, w
end

-- -> items, walk | nil, err (err.items: the items it had)
function walk.all(source, opts)
    local w = new_walk(source, opts, "pages")
    local items = {}
    local ok, err = pcall(function()
        for page in w do
            for i = 1, #page.items do items[#items + 1] = page.items[i] end
        end
    end)
    if not ok then
        if not errors.is_error(err) then error(err, 0) end  -- a bug, not a failed call
        err.items = items
        return nil, err
    end
    return items, w
end

walk.Walk = Walk
return walk
