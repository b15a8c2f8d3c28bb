-- Concurrent pages of one anchors result set, handed back strictly in
-- offset order: the engine under a walk's following pages (walk.lua).
--
--   local scheduler = require "dataforseo.scheduler"
--   local s = assert(scheduler.new(client, params, {
--       concurrency = 8,     -- pages in flight or held, 1..30 (default 4)
--       limit = 1000,        -- items per page (default params.limit, else 1000)
--       start = 1000,        -- offset of the first page to fetch (default params.offset or 0)
--       stop = 25000,        -- offset to stop before: total_count, or start + max_items;
--                            -- nil: until a short page
--       total_count = 25000, -- what the first page said (optional): a page saying
--                            -- less ends the walk there ("total_changed")
--       max_cost = 1.00,     -- USD for this walk (optional; the client's own max_cost
--       spent = 0.02,        --   applies too); what the walk has spent already
--   }))
--   while true do
--       local page, err = s:next()   -- the page at the next offset (a Page as
--       if err then ... end          -- client:anchors returns), nil at the end,
--       if not page then break end   -- nil, err when a page failed for good
--       ...                          -- (also kind "cost_limit": not sent)
--   end
--   s:close()                        -- cancels what is in flight; idempotent
--
-- After the end: s.end_reason is "complete" (stop reached), "short_page" (a
-- page came back shorter than asked before stop: the set shrank) or
-- "total_changed" (a page reported a smaller total_count: stopped there);
-- s.stop is the offset it ended at, s.last_total_count the last total seen.
--
-- How it works: up to `concurrency` pages are in flight or finished and
-- waiting for their turn; every call of next() first moves the transfers on
-- without blocking (libcurl's multi handle, in the C core), starts the pages
-- the window, the client's limiter and the cost caps allow, and blocks only
-- while the page whose turn it is has not arrived.  A failed page is
-- retried by the client's policy (backoff, Retry-After, 40202 windows,
-- deadline) while the others go on; a failure that survives retries is
-- returned when that page's turn comes (every page before it is handed out
-- first) and nothing after it is started.
local errors = require "dataforseo.errors"
local client_mod = require "dataforseo.client"

local M = {}

M.DEFAULT_CONCURRENCY = 4
M.MAX_CONCURRENCY = 30
M.DEFAULT_LIMIT = 1000
M.POLL = 0.25              -- seconds: longest single wait inside next()

local min, max, floor = math.min, math.max, math.floor
local COST_EPSILON = 1e-9

local Scheduler = {}
Scheduler.__index = Scheduler
M.Scheduler = Scheduler

local function check_integer(opts, name, lo, hi)
    local v = opts[name]
    if v == nil then return nil end
    if type(v) ~= "number" or v ~= floor(v) or v < lo or (hi and v > hi) then
        error(string.format("dataforseo.scheduler: option '%s' must be an integer %s, got %s", name,
            hi and ("from " .. lo .. " to " .. hi) or (">= " .. lo), tostring(v)), 3)
    end
    return v
end

local KNOWN = { concurrency = true, limit = true, start = true, stop = true, max_cost = true,
    spent = true, total_count = true }

-- Runs fn when obj is garbage-collected (tables have no __gc on 5.1).
local function on_collect(obj, fn)
    if newproxy then
        local guard = newproxy(true)
        getmetatable(guard).__gc = fn
        obj._guard = guard
    else
        obj._guard = setmetatable({}, { __gc = fn })
    end
end

-- True when the client's transport can run pages concurrently (the curl
-- transport; host transports without a multi mode walk sequentially).
function M.available(client)
    return type(client) == "table" and type(client._transport) == "table"
        and type(client._transport.multi) == "function"
end

-- A scheduler, or nil, err when params are invalid.  Bad opts raise.
function M.new(client, params, opts)
    if type(client) ~= "table" or type(client._send) ~= "function" then
        error("dataforseo.scheduler: expected a client (dataforseo.new{...}), got " .. tostring(client), 2)
    end
    opts = opts or {}
    if type(opts) ~= "table" then error("dataforseo.scheduler: opts must be a table", 2) end
    for k in pairs(opts) do
        if not KNOWN[k] then
            error("dataforseo.scheduler: unknown option '" .. tostring(k)
                .. "' (options: concurrency, limit, max_cost, spent, start, stop, total_count)", 2)
        end
    end
    local concurrency = check_integer(opts, "concurrency", 1, M.MAX_CONCURRENCY) or M.DEFAULT_CONCURRENCY
    local limit = check_integer(opts, "limit", 1, 1000)
    local start = check_integer(opts, "start", 0)
    local stop = check_integer(opts, "stop", 0)
    local total_count = check_integer(opts, "total_count", 0)
    for _, name in ipairs{ "max_cost", "spent" } do
        local v = opts[name]
        if v ~= nil and (type(v) ~= "number" or v ~= v or v < 0 or v == math.huge) then
            error("dataforseo.scheduler: option '" .. name .. "' must be a number of USD >= 0, got "
                .. tostring(v), 2)
        end
    end

    local task, err = client:_anchors_task(params)
    if not task then return nil, err end
    if not M.available(client) then
        error("dataforseo.scheduler: the client's transport has no concurrent mode", 2)
    end
    local self = setmetatable({
        client = client,
        task = task,
        concurrency = concurrency,
        limit = limit or task.limit or M.DEFAULT_LIMIT,
        start = start or task.offset or 0,
        stop = stop,
        total_count = total_count,
        max_cost = opts.max_cost,
        spent = opts.spent or 0,          -- this walk's cost, as reported
        reserved = 0,                     -- estimated cost of its pages in flight
        next_k = 1,                       -- the page whose turn it is
        records = {},                     -- k -> page record
        by_id = {},                       -- transfer id -> record
        serial = 0,
        in_flight = 0,
        calls = 0,
        retries = 0,
        failed_k = nil,                   -- no page after this one starts
    }, Scheduler)
    client._schedulers[self] = true
    on_collect(self, function() self:_release_all() end)
    return self
end

function Scheduler:_offset(k) return self.start + (k - 1) * self.limit end

-- Items the page k asks for (0: beyond the end).
function Scheduler:_limit_of(k)
    local offset = self:_offset(k)
    if self.stop == nil then return self.limit end
    return max(0, min(self.limit, self.stop - offset))
end

-- The request of page k: the validated task with its offset and limit.
function Scheduler:_request(k)
    local req = {}
    for key, v in pairs(self.task) do req[key] = v end
    req.offset = self:_offset(k)
    req.limit = self:_limit_of(k)
    return req
end

-- nil, or the cost_limit error when page k cannot start now.
function Scheduler:_cost_problem(estimate)
    local client_err = self.client:_check_cost(estimate)
    if client_err then return client_err end
    if self.max_cost and self.spent + self.reserved + estimate > self.max_cost + COST_EPSILON then
        return errors.cost_limit(self.spent, estimate, self.max_cost, "walk")
    end
    return nil
end

function Scheduler:_multi()
    if not self.multi then self.multi = self.client._transport:multi(self.concurrency) end
    return self.multi
end

-- Puts page record rec on the wire.  Returns true, or false when the
-- limiter or the cost caps say not now (rec.blocked tells which).
function Scheduler:_start(rec)
    local client = self.client
    local clock = client._clock
    local wait = client._limiter:wait_time()
    -- Slots held by transfers no scheduler here can move (an event loop's
    -- async calls, which cannot progress while this blocks): go, as
    -- client:_wait_turn does, instead of waiting forever.
    if wait == math.huge and self.in_flight == 0 and not client:_pump_schedulers(0) then wait = 0 end
    if wait > 0 then
        rec.blocked = "limiter"
        return false
    end
    local estimate = client:estimate_call(rec.request.limit)
    local problem = self:_cost_problem(estimate)
    if problem then
        rec.blocked, rec.cost_err = "cost", problem
        return false
    end
    local now = clock.now()
    rec.retry_state = rec.retry_state or client._retry:start(now)
    local opts
    local left = client._retry:remaining(rec.retry_state, now)
    if left then
        if left <= 0 then
            rec.state = "failed"
            rec.err = rec.err or errors.transport("deadline passed before the call", 28, "timeout")
            return false
        end
        opts = { timeout = min(client.timeout, left) }
    end
    if not rec.body then
        local body, err = client:_encode({ rec.request })
        if not body then
            rec.state, rec.err = "failed", err
            return false
        end
        rec.body = body
    end
    self.serial = self.serial + 1
    local id = self.serial
    local ok, msg = self:_multi():add(id, "POST", client.base_url .. client_mod.ANCHORS_PATH, rec.body, opts)
    if not ok then
        rec.state, rec.err = "failed", errors.transport(msg, nil, "other")
        return false
    end
    client._limiter:acquire()
    client:_reserve(estimate)
    self.reserved = self.reserved + estimate
    rec.id, rec.estimate, rec.state, rec.blocked, rec.cost_err = id, estimate, "flight", nil, nil
    self.by_id[id] = rec
    self.in_flight = self.in_flight + 1
    self.calls = self.calls + 1
    return true
end

-- Ends the transfer bookkeeping of an in-flight record.
function Scheduler:_landed(rec)
    self.by_id[rec.id] = nil
    self.in_flight = self.in_flight - 1
    self.client._limiter:release()
    self.client:_unreserve(rec.estimate)
    self.reserved = max(0, self.reserved - rec.estimate)
    rec.id = nil
end

-- The end moved to `offset` (a short page or a smaller total_count):
-- pages from there on are dropped, in flight or not.
function Scheduler:_shrink(offset, reason)
    if self.stop ~= nil and offset >= self.stop then return end
    self.stop = offset
    self.end_reason = reason
    for k, rec in pairs(self.records) do
        if self:_offset(k) >= offset then
            if rec.state == "flight" then
                self.multi:cancel(rec.id)
                self:_landed(rec)
            end
            self.records[k] = nil
        end
    end
end

-- Turns one finished transfer into a page, a retry or a failure.
function Scheduler:_settle(d)
    local rec = self.by_id[d.id]
    if not rec then return end
    self:_landed(rec)
    local client = self.client
    local data, task_or_err = client:_finish(d.response, d.message, d.code, d.category)
    local cost = data and data.cost or (not data and task_or_err.cost)
    if type(cost) == "number" then self.spent = self.spent + cost end
    rec.attempts = (rec.attempts or 0) + 1
    local page, err
    if data then page, err = client:_anchors_page(data, task_or_err, rec.request, rec.attempts)
    else err = task_or_err end
    if page then
        rec.state, rec.page = "done", page
        self.last_total_count = page.total_count
        local offset, got = page.offset, #page.items
        if self.stop ~= nil and page.total_count < self.stop
            and page.total_count ~= self.total_count then
            self:_shrink(page.total_count, "total_changed")
        end
        if got < rec.request.limit and (self.stop == nil or offset + got < self.stop) then
            self:_shrink(offset + got, "short_page")
        end
        return
    end
    err.attempts = rec.attempts
    local clock = client._clock
    local delay, reason = client._retry:decide(err, rec.retry_state, clock.now(), clock.wall())
    if delay then
        err.retry_reason = reason
        client:_note_retry(reason, delay)
        self.retries = self.retries + 1
        rec.state, rec.err = "waiting", err
        -- A 40202 pause lives in the limiter; other waits are this page's own.
        rec.due = clock.now() + (reason == "rate_limit" and 0 or delay)
    else
        rec.state, rec.err = "failed", err
    end
end

-- Moves transfers on, waiting up to `wait` seconds for one to finish, and
-- settles at most one finished page (the lowest id): decoding a burst of
-- finished pages at once would hold back the requests that replace them.
-- Returns true when this scheduler has transfers in flight.
function Scheduler:_pump(wait)
    if not self.multi or self.closed then return false end
    local had = self.in_flight > 0
    local done = self.multi:perform(wait or 0, 1)
    for i = 1, #done do self:_settle(done[i]) end
    return had
end

-- Puts the transfers just added on the wire; decodes nothing.
function Scheduler:_send()
    if self.multi and not self.closed then self.multi:perform(0, 0) end
end

-- Creates and starts the pages the window allows, in offset order.
function Scheduler:_fill()
    local now = self.client._clock.now()
    local last = self.next_k + self.concurrency - 1
    if self.failed_k and self.failed_k < last then last = self.failed_k end
    for k = self.next_k, last do
        local rec = self.records[k]
        if not rec then
            if self.stop ~= nil and self:_offset(k) >= self.stop then break end
            rec = { k = k, state = "waiting", due = now }
            rec.request = self:_request(k)
            self.records[k] = rec
        end
        if rec.state == "failed" then
            if not self.failed_k or k < self.failed_k then self.failed_k = k end
            break
        end
        if rec.state == "waiting" and rec.due <= now then
            if not self:_start(rec) then
                if rec.state == "failed" then self.failed_k = k end
                break        -- later pages wait for this one's turn
            end
        end
    end
end

-- Seconds until a waiting page may start: its backoff, else the limiter's
-- window.  nil when only a transfer finishing can help (the limiter's
-- slots are full, or the cost caps wait for the real cost of pages in
-- flight).
function Scheduler:_next_due()
    local now = self.client._clock.now()
    local soonest
    for _, rec in pairs(self.records) do
        if rec.state == "waiting" then
            local d
            if rec.due > now then
                d = rec.due - now
            elseif rec.blocked ~= "cost" then
                d = self.client._limiter:wait_time()
                if d == math.huge then d = nil end
            end
            if d and (not soonest or d < soonest) then soonest = d end
        end
    end
    return soonest
end

function Scheduler:_finish_walk(reason)
    if not self.end_reason then self.end_reason = reason end
    self:close()
    return nil
end

-- The next page in offset order; nil at the end; nil, err on failure.
function Scheduler:next()
    if self.closed then return nil end
    local client = self.client
    while true do
        local k = self.next_k
        if self.stop ~= nil and self:_offset(k) >= self.stop then
            return self:_finish_walk("complete")
        end
        self:_fill()
        self:_send()
        local rec = self.records[k]
        if rec == nil then
            -- The end moved below this page while pumping.
            return self:_finish_walk("complete")
        elseif rec.state == "done" then
            self.records[k] = nil
            self.next_k = k + 1
            self:_fill()        -- its slot in the window is free now
            self:_send()
            return rec.page
        elseif rec.state == "failed" then
            local err = rec.err
            err.offset = self:_offset(k)
            self.err = err
            self:close()
            return nil, err
        elseif rec.state == "waiting" and rec.blocked == "cost" and self.in_flight == 0 then
            -- Nothing in flight can free budget: the walk ends here.
            local err = rec.cost_err
            err.offset = self:_offset(k)
            self.err = err
            self.end_reason = "cost_limit"
            self:close()
            return nil, err
        elseif self.in_flight > 0 then
            self:_pump(min(M.POLL, self:_next_due() or M.POLL))
        else
            local wait = self:_next_due()
            if wait == nil then
                -- The limiter's slots are held by other walks of this client.
                if not client:_pump_schedulers(0.05) then client._clock.sleep(0.01) end
            elseif wait > 0 then
                client:_sleep(wait)
            end
        end
    end
end

-- Gives back the limiter slots and reservations of transfers in flight.
function Scheduler:_release_all()
    for _, rec in pairs(self.by_id) do
        self.client._limiter:release()
        self.client:_unreserve(rec.estimate)
    end
    self.by_id, self.in_flight, self.reserved = {}, 0, 0
end

function Scheduler:close()
    if self.closed then return end
    self.closed = true
    self:_release_all()
    self.records = {}
    if self.multi then
        self.multi:close()
        self.multi = nil
    end
    self.client._schedulers[self] = nil
end
Scheduler.__close = Scheduler.close

return M
