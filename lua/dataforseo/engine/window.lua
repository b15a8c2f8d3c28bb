-- The pages of one result set, up to `concurrency` at once through the
-- call engine, handed out strictly in offset order: every walk takes all
-- its pages, the first included, from here (concurrency 1 is the
-- sequential walk).  The first page goes alone and tells where the set
-- ends (total_count, or start + max_items); a page that comes back short
-- or with a smaller total_count moves the end there and cancels what lay
-- beyond; nothing after a failed page starts.  Past an endpoint's
-- max_offset (backlinks/live: 20,000) a page is asked for with the
-- search_after_token of the page before, every other field of that page's
-- request unchanged (offset and limit too): from there pages go one after
-- another.  A page whose successor goes by token keeps items beyond what
-- it asked for (the token comes after the last one: dropping them would
-- lose them), and the offsets after it move; a page whose successor goes by
-- offset is cut to what it asked for (the successor repeats the rest).
-- Only max_items cuts a page short of what arrived past that.
--
--   local w = window.new(engine, endpoint, task, { concurrency =, limit =,
--       max_items =, budget = <cost.budget of the walk>, checked = <the task
--       came from validation: its pages need no look again>,
--       gate = function(page, window) -> false ends the walk there: asked at
--           the first page paid for (pages from the store cost nothing;
--           until one is paid for, pages go one at a time),
--       cache = <the walk's store state (store_answers.lua), put on each call> })
--   w:next() -> page | nil (the end) | nil, err (err.offset: its page)
--   w.end_reason: complete | max_items | short_page | total_changed |
--       declined (the gate) | cost_limit | error; set once the end is known
--   w.total_count (first seen), w.last_total_count, w.stop, w.calls, w.retries
--   w.page_keys: the store keys of the pages handed out, in order (with a store)
--   w:close()   cancels what is queued or in flight; idempotent
local errors = require "dataforseo.errors"

local M = {}

local min, max = math.min, math.max

local Window = {}
Window.__index = Window

-- Runs fn when obj is collected: a userdata proxy where tables have no
-- __gc (LuaJIT, 5.1).  fn must not reach obj, or obj is never collected.
local function on_collect(obj, fn)
    if newproxy then
        local guard = newproxy(true)
        getmetatable(guard).__gc = fn
        obj.guard = guard
    else
        obj.guard = setmetatable({}, { __gc = fn })
    end
end

function M.new(engine, endpoint, task, opts)
    local concurrency = opts.concurrency or engine:max_concurrent()
    if not engine:concurrent() then concurrency = 1 end
    local start = type(task.offset) == "number" and task.offset or 0
    local self = setmetatable({
        engine = engine, endpoint = endpoint, task = task,
        concurrency = concurrency,
        limit = opts.limit or endpoint.asked(task),
        start = start,
        max_stop = opts.max_items and (start + opts.max_items) or nil,
        budgets = opts.budget and { opts.budget } or nil,
        checked = opts.checked,
        gate = opts.gate,         -- asked once, after the first paid page, before any other is sent
        cache = opts.cache,       -- the walk's store state: one snapshot for all its pages
        page_keys = {},
        stop = nil,               -- where the set ends, once the first page told
        next_k = 1,               -- the page whose turn it is
        calls = 0, retries = 0,
        pending = {},             -- k -> call (submitted, not handed out)
        tokens = {},              -- k -> the search_after_token page k brought
        requests = {},            -- k -> the request page k was asked for with
        learned = {},             -- k -> true once page k told what it knows
        placed = {},              -- k -> the offset page k was asked for at
        base_k = 1, base_offset = start,   -- pages from base_k on follow it, limit apart
        token = {},               -- the owner of its calls in the engine
    }, Window)
    -- A walk left without close() (a `break` on LuaJIT, a dropped iterator):
    -- its calls are marked so the engine drops them; nothing else is touched
    -- from a finalizer.
    local pending = self.pending
    on_collect(self, function()
        for _, call in pairs(pending) do call.abandoned = true end
    end)
    return self
end

function Window:offset(k)
    return self.placed[k] or (self.base_offset + (k - self.base_k) * self.limit)
end

-- The items page k asks for: the page size, less near the end.
function Window:asked(k)
    local offset = self:offset(k)
    local stop = self.stop or self.max_stop
    if stop == nil then return self.limit end
    return max(0, min(self.limit, stop - offset))
end

-- Past max_offset a page needs the token of the page before it: false
-- until that page has arrived.
function Window:submit(k)
    local req = {}
    for key, v in pairs(self.task) do req[key] = v end
    req.offset, req.limit = self:offset(k), self:asked(k)
    local max_offset = self.endpoint.max_offset
    if max_offset and req.offset > max_offset then
        local before = self.pending[k - 1]
        local token = self.tokens[k - 1]
        if not token and before and before.state == "done" then
            self:learn(k - 1, before.result)
            token = self.tokens[k - 1]
        end
        if not token then
            if before and before.state ~= "done" or not self.learned[k - 1] then return false end
            self.pending[k] = { state = "failed", attempts = 0, err = errors.new{ kind = "http",
                reason = "bad_body", retryable = false, message = string.format("the page at "
                    .. "offset %d came without a search_after_token: the set cannot be walked past "
                    .. "offset %d", self:offset(k - 1), max_offset) } }
            return true
        end
        req = {}
        for key, v in pairs(self.requests[k - 1]) do req[key] = v end
        req.search_after_token = token
    end
    self.requests[k], self.requests[k - 2] = req, nil
    self.placed[k] = self:offset(k)
    local call, err = self.engine:new_call(self.endpoint, req, self.budgets, self.checked)
    if not call then
        call = { state = "failed", err = err, attempts = 0 }
    else
        call.owner = self.token       -- not the window: the engine must not keep it alive
        call.cache = self.cache
        self.engine:submit(call)
    end
    self.pending[k] = call
end

-- Submits the pages the window allows: only the next one until the end is
-- known and the gate (if any) has been asked.
function Window:fill()
    local last = (self.stop and not self.gate) and (self.next_k + self.concurrency - 1) or self.next_k
    for k = self.next_k, last do
        if self.stop and self:offset(k) >= self.stop then break end
        local call = self.pending[k]
        if not call then
            if self:submit(k) == false then break end      -- waits for a token
            call = self.pending[k]
        end
        if call.state == "failed" then break end     -- nothing after it starts
    end
    self.engine:kick()
end

-- The end moved to `offset`: pages from there on are dropped.
function Window:shrink(offset, reason)
    if self.stop and offset >= self.stop then return end
    self.stop, self.shrunk = offset, reason
    for k, call in pairs(self.pending) do
        if self:offset(k) >= offset then
            self.engine:cancel(call)
            self.pending[k] = nil
        end
    end
end

-- More items than page k asked for: cut to what it asked for when its
-- successor goes by offset (the successor repeats them; a token page asks
-- with its predecessor's limit, more near the end); kept when the successor
-- goes by the token after the last item, the later pages moved by as many
-- (only max_items cuts them).
function Window:fit(k, page)
    local asked, got = self:asked(k), #page.items
    if got <= asked then return end
    local keep = asked
    local max_offset = self.endpoint.max_offset
    if max_offset and self:offset(k + 1) > max_offset then
        keep = got
        if self.max_stop then keep = max(asked, min(got, self.max_stop - self:offset(k))) end
        if keep > asked then self.base_k, self.base_offset = k + 1, self:offset(k) + keep end
    end
    if keep < got then
        local kept = {}
        for i = 1, keep do kept[i] = page.items[i] end
        page.items = kept
    end
end

-- What a finished page says about the end of the set.
function Window:learn(k, page)
    if self.learned[k] then return end
    self.learned[k] = true
    self.tokens[k] = page.search_after_token
    local offset = self:offset(k)
    self:fit(k, page)
    local got = #page.items
    if page.total_count == nil then
        -- A set without a count (errors, id_list): it ends at its first
        -- short page; until then the next page is due, one at a time.
        local stop = got < page.limit and offset + got or offset + got + self.limit
        if self.max_stop and self.max_stop < stop then stop, self.capped = self.max_stop, true end
        self.stop = stop
        return
    end
    if self.total_count == nil then
        self.total_count = page.total_count
        self.stop = page.total_count
        if self.max_stop and self.max_stop < self.stop then
            self.stop, self.capped = self.max_stop, true
        end
    elseif page.total_count ~= self.total_count then
        self.total_moved = true
        if page.total_count < self.stop then self:shrink(page.total_count, "total_changed") end
    end
    self.last_total_count = page.total_count
    if got < page.limit and offset + got < self.stop then
        self:shrink(offset + got, "short_page")
    end
end

-- Pages after k that arrived already may move the end: cancel early what
-- lies beyond it.
function Window:peek(k)
    for j = k + 1, k + self.concurrency do
        local call = self.pending[j]
        if call and call.state == "done" then self:learn(j, call.result) end
    end
end

function Window:end_reason_now()
    if self.shrunk then return self.shrunk end
    if self.capped then return "max_items" end
    if self.total_moved then return "total_changed" end
    return "complete"
end

-- The next page in offset order; nil at the end; nil, err on failure.
function Window:next()
    if self.closed then return nil end
    local k = self.next_k
    if self.stop and self:offset(k) >= self.stop then
        self.end_reason = self.end_reason or self:end_reason_now()
        self:close()
        return nil
    end
    self:fill()
    local call = self.pending[k]
    local page, err = self.engine:await(call)
    self.pending[k] = nil
    self.calls = self.calls + call.attempts
    self.retries = self.retries + max(0, call.attempts - 1)
    if not page then
        if call.state == "cancelled" then return self:next() end   -- the end moved below it
        err.offset = self:offset(k)
        self.err = err
        self.end_reason = err.kind == "cost_limit" and "cost_limit" or "error"
        self:close()
        return nil, err
    end
    -- Where the page sits in the set (a token page's request repeats an offset).
    page.offset = self:offset(k)
    self.page_keys[#self.page_keys + 1] = call.store_key
    self:learn(k, page)
    if page.total_count then
        page.next_offset = #page.items > 0 and page.offset + #page.items < page.total_count
            and page.offset + #page.items or nil
    end
    self:peek(k)
    self.next_k = k + 1
    self.placed[k - 1] = nil
    -- An empty page after the first that ended the set is no page: the end
    -- is all it says.  (The first is always handed out: it tells the total.)
    if k > 1 and #page.items == 0 and self.stop <= self:offset(k) then
        self.end_reason = self:end_reason_now()
        self:close()
        return nil
    end
    -- The gate waits for a page that was paid for: a walk the store
    -- answers (a rerun, a resumed one) is asked about what it will pay.
    local gate = self.gate
    if gate and not page.cached then
        self.gate = nil
        if self:offset(self.next_k) < self.stop and not gate(page, self) then
            self.stop, self.shrunk = self:offset(self.next_k), "declined"
        end
    end
    if self:offset(self.next_k) >= self.stop then
        self.end_reason = self:end_reason_now()
    elseif self.concurrency > 1 then
        self:fill()             -- its place in the window is free now
    end
    return page
end

function Window:close()
    if self.closed then return end
    self.closed = true
    for k, call in pairs(self.pending) do
        self.engine:cancel(call)
        self.pending[k] = nil
    end
end

return M
