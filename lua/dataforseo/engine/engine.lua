-- The call engine: every API call, from submission to its outcome, goes
-- through here.  A call is paced and its cost checked and reserved in one
-- step of the governor (governor.lua: the account's pace and budget, in
-- this process or shared), and against a walk's own budget (cost.lua); it
-- is sent on a channel, and it settles into a result, a retry at time T
-- (retry.lua) or an error; what it cost goes to the governor and the
-- ledger (ledger.lua).  One engine per client.  Its drivers only
-- submit calls and await them: the blocking call (engine:run), the page
-- window (window.lua) and the async hosts (async.lua), so retries, the
-- deadline, pacing, cost and stats live here alone.
-- A channel carries transfers (transport/*.lua): add(id, method, url, body,
-- opts), cancel(id), wait(seconds, max) -> finished, sleep(seconds), close().
local cost = require "dataforseo.engine.cost"
local errors = require "dataforseo.errors"
local governor = require "dataforseo.engine.governor"
local json_writer = require "dataforseo.json_writer"
local retry = require "dataforseo.engine.retry"

local M = {}

M.MIN_CALL_TIME = 0.001   -- seconds: less left before a deadline is no time
M.SQUEEZE = 60            -- seconds of fewer simultaneous calls after 40209/429
M.POLL = 0.25             -- seconds: the longest single wait
M.SHARED_POLL = 0.05      -- seconds between looks at a shared governor that said "wait"

local min, floor, huge = math.min, math.floor, math.huge

local Engine = {}
Engine.__index = Engine

-- o.settings: the client's options (base_url, timeout, retries, retry_delay,
-- max_retry_delay, deadline, calls_per_minute, max_concurrent, max_cost,
-- max_cost_per_day, governor); o.transport: gives channels; o.clock:
-- { now, wall, sleep }; o.scrub(text); o.governor (default: one made from
-- the settings); o.ledger (ledger.lua's writer, optional).
function M.new(o)
    local s = o.settings
    local gov = o.governor or governor.new{ settings = s, clock = o.clock }
    return setmetatable({
        transport = o.transport,
        clock = o.clock,
        scrub = o.scrub or function(text) return text end,
        base_url = s.base_url,
        timeout = s.timeout,
        max_concurrent = s.max_concurrent or 8,
        governor = gov,
        -- The local store's limiter and budget (nil with a shared store).
        limiter = gov.limiter,
        budget = gov.budget,
        wants_account_limit = s.calls_per_minute == "account" or nil,
        policy = retry.new{ retries = s.retries, base_delay = s.retry_delay,
            max_delay = s.max_retry_delay, deadline = s.deadline },
        own = cost.budget(nil, "client"),     -- what this client's calls cost
        ledger = o.ledger,
        last = {},                -- endpoint path -> its last call's { cost, items }
        counters = { calls = 0, retries = 0, retries_by_reason = {}, rate_limit_waits = 0,
            bytes = 0, items = 0, pages = 0, waited = 0, failures = 0 },
        queue = {},               -- calls waiting to start, in submission order
        flight = {},              -- transfer id -> call
        flying = setmetatable({}, { __mode = "k" }),   -- channel -> calls in flight
        in_flight = 0,            -- on every channel
        serial = 0,
        seq = 0,
    }, Engine)
end

-- The channel of the running code: an async host's (inside one of its
-- coroutines), else the engine's own blocking one.
function Engine:channel()
    local ch = self.host and self.host:channel()
    if ch then return ch end
    if not self.blocking then
        self.blocking = self.transport:channel(self.max_concurrent, self.clock.sleep)
    end
    return self.blocking
end

-- host:channel() -> the channel for the running coroutine, or nil.
function Engine:use_host(host) self.host = host end

-- True when calls on this engine's blocking channel can run at once.
function Engine:concurrent()
    return self:channel().concurrent == true
end

-- A new multi handle with the client's settings (for async hosts); by
-- default as many connections as calls may run at once.
function Engine:new_multi(concurrency)
    if not self.transport.multi then return nil, "this transport has no multi handle" end
    return self.transport:multi(concurrency or self.max_concurrent)
end

local function in_flight(self, ch) return self.flying[ch] or 0 end

------------------------------------------------------------------------------
-- Calls

-- calls_per_minute = "account": the account's own limit, read (free) at
-- the first call.  -> true | nil, err (that call fails with it)
function Engine:adopt_account_limit()
    self.adopting = true
    local account, err = self:run(require("dataforseo.api.user_data"), {})
    self.adopting = nil
    if not account then return nil, err end
    self.wants_account_limit = nil
    local n = account.limits and account.limits.minute
    if type(n) == "number" and n >= 1 then self.governor:set_calls_per_minute(floor(n)) end
    return true
end

-- endpoint: { method, path, result(res, task) -> value | nil, err,
-- asked(task) -> items asked for (nil: a free call) }; budgets: budgets
-- besides the governor's (a walk's).  -> call | nil, err
function Engine:new_call(endpoint, task, budgets)
    if self.closed then return nil, errors.closed() end
    if self.wants_account_limit and not self.adopting then
        local ok, err = self:adopt_account_limit()
        if not ok then return nil, err end
    end
    local body
    if endpoint.method ~= "GET" then
        local problem
        body, problem = json_writer.request_body({ task })
        if not body then
            return nil, errors.validation{ field = problem.field, value = problem.value,
                reason = problem.reason, message = problem.message }
        end
    end
    local own = {}
    for _, b in ipairs(budgets or {}) do own[#own + 1] = b end
    return { endpoint = endpoint, task = task, body = body, budgets = own,
        state = "new", attempts = 0 }
end

local function fail(call, err)
    call.state, call.err = "failed", err
end

-- Queues a call to start as soon as pacing and budgets allow.
function Engine:submit(call)
    local now = self.clock.now()
    self.seq = self.seq + 1
    call.seq, call.channel, call.due = self.seq, self:channel(), now
    call.retry_state = self.policy:start(now)
    if self.closed then return fail(call, errors.closed()) end
    call.state = "queued"
    self.queue[#self.queue + 1] = call
end

local function finished(call)
    return call.state ~= "queued" and call.state ~= "flight"
end

-- Puts what may start on the wire now, without waiting for anything: a
-- window's next pages travel while the caller works on the current one.
-- (Not where starting means running the transfer: nginx's channel.)
function Engine:kick()
    if self.closed then return end
    local ch = self:channel()
    if not ch.concurrent then return end
    self:start_due(ch, self.clock.now())
    local done = ch:wait(0, 0)
    for i = 1, #done do self:settle(done[i]) end
end

-- Moves everything on until the call has its outcome -> result | nil, err.
function Engine:await(call)
    while not finished(call) do
        if self.closed then fail(call, errors.closed()) break end
        self:pump(call.channel)
    end
    if call.state == "done" then return call.result end
    return nil, call.err or errors.closed()
end

-- One call from start to outcome: the blocking (and async) driver.  Code
-- that unwinds it (an async task cancelled while it waits) leaves nothing
-- behind: the call is cancelled, its slot and reservation given back.
function Engine:run(endpoint, task)
    local call, err = self:new_call(endpoint, task)
    if not call then return nil, err end
    self:submit(call)
    local ok, result, failure = pcall(self.await, self, call)
    if not ok then
        self:cancel(call)
        error(result, 0)
    end
    return result, failure
end

-- The call is off the wire: its lease goes back to the governor with what
-- it cost (charged: USD, nil when nothing came back), and the walk
-- budgets' reservations are released.
local function release(self, call, charged)
    self.flight[call.id] = nil
    self.flying[call.channel] = in_flight(self, call.channel) - 1
    self.in_flight = self.in_flight - 1
    self.governor:settle(call.lease, charged)
    call.lease = nil
    for _, b in ipairs(call.budgets) do b:release(call.estimate) end
end

-- Takes a queued or flying call out; it ends "cancelled".  Idempotent.
function Engine:cancel(call)
    if call.state == "flight" then
        call.channel:cancel(call.id)
        release(self, call)
    end
    if not finished(call) then call.state = "cancelled" end
end

------------------------------------------------------------------------------
-- Starting

-- "started" | "failed" | "pacing", seconds | "cost" (waits for calls in flight)
function Engine:start(call, ch, now)
    if self.closed then
        fail(call, errors.closed())
        return "failed"
    end
    local left = self.policy:remaining(call.retry_state, now)
    if left and left < M.MIN_CALL_TIME then
        fail(call, call.err or errors.transport("the deadline passed before the call could be made",
            28, "timeout"))
        return "failed"
    end
    if self.ledger_failure then
        fail(call, self.ledger_failure)
        return "failed"
    end
    local asked = call.endpoint.asked and call.endpoint.asked(call.task)
    local endpoint = call.endpoint
    local estimate = asked and cost.call_estimate(asked, self.last[endpoint.path], endpoint.price) or 0
    local mine = in_flight(self, ch)
    for _, b in ipairs(call.budgets) do
        local problem = b:problem(estimate)
        if problem then
            -- Calls in flight may settle for less than reserved: wait for them.
            if b.reserved > 0 and mine > 0 then return "cost" end
            problem.attempts = call.attempts
            fail(call, problem)
            return "failed"
        end
    end
    local timeout = left and min(self.timeout, left) or self.timeout
    -- Slots held by this process's calls that this channel cannot move
    -- (another loop's): go anyway.
    local gov = self.governor
    local v, err = gov:reserve{ estimate = estimate, lease = timeout,
        force = mine == 0 and self.in_flight > 0, now = now }
    if not v then
        err.message = self.scrub(err.message)
        err.attempts = call.attempts
        fail(call, err)
        return "failed"
    end
    if v.why == "pacing" then return "pacing", v.wait end
    if v.why == "busy" then
        -- A shared store's slots free up in other processes: look again soon.
        if gov.shared then return "pacing", M.SHARED_POLL end
        return "pacing", huge
    end
    if v.why == "cost" then
        -- Calls in flight may settle for less than reserved: wait for them
        -- (in a shared store, for other processes' calls, or their leases).
        if v.reserved > 0 and mine > 0 then return "cost" end
        if v.reserved > 0 and gov.shared then return "pacing", M.SHARED_POLL end
        local problem = errors.cost_limit(v.spent, estimate, v.max, v.scope)
        if v.scope == "day" then problem.retry_at = retry.next_utc_midnight(self.clock.wall()) end
        problem.attempts = call.attempts
        fail(call, problem)
        return "failed"
    end
    for _, b in ipairs(call.budgets) do b:reserve(estimate) end
    self.serial = self.serial + 1
    call.id, call.estimate, call.state, call.lease = self.serial, estimate, "flight", v.lease
    self.flight[call.id] = call
    self.flying[ch] = mine + 1
    self.in_flight = self.in_flight + 1
    -- Alone on its channel, a transport may take a cheaper path for it.
    local opts = { timeout = left and min(self.timeout, left) or nil,
        alone = mine == 0 and self.queue[1] == call and self.queue[2] == nil }
    local ok, message = ch:add(call.id, call.endpoint.method, self.base_url .. call.endpoint.path,
        call.body, opts)
    if not ok then
        release(self, call)
        fail(call, errors.transport(self.scrub(tostring(message)), nil, "other"))
        return "failed"
    end
    return "started"
end

-- The first call of this channel that may try to start, in order: not
-- waiting for its retry time, not behind a call of the same owner that
-- waits for budget.  Also: seconds until the soonest retry time.
local function next_startable(self, ch, now, held)
    local soonest
    for i = 1, #self.queue do
        local call = self.queue[i]
        if call.channel == ch and call.state == "queued" and not call.abandoned
            and not held[call.owner or call] then
            if call.due <= now then return call, i end
            local d = call.due - now
            if not soonest or d < soonest then soonest = d end
        end
    end
    return nil, nil, soonest
end

local function compact(queue)
    local j = 0
    for i = 1, #queue do
        local call = queue[i]
        if call.state == "queued" and not call.abandoned then
            j = j + 1
            queue[j] = call
        elseif call.abandoned and call.state == "queued" then
            call.state = "cancelled"
        end
    end
    for i = #queue, j + 1, -1 do queue[i] = nil end
end

-- Starts what may start on ch; -> seconds until something else may (nil:
-- only a finishing transfer can help).  Rescans after every start: a
-- channel's add may yield (nginx) and let other code change the queue.
function Engine:start_due(ch, now)
    local held, soonest = {}, nil
    while true do
        compact(self.queue)
        local call, _, due_in = next_startable(self, ch, now, held)
        if not call then
            if due_in and (not soonest or due_in < soonest) then soonest = due_in end
            return soonest
        end
        local outcome, wait = self:start(call, ch, now)
        if outcome == "pacing" then
            if wait ~= huge and (not soonest or wait < soonest) then soonest = wait end
            return soonest
        elseif outcome == "cost" then
            held[call.owner or call] = true
        end
        now = self.clock.now()
    end
end

------------------------------------------------------------------------------
-- Settling

-- The retry reason's effect on pacing: 40202 holds every call until the
-- window turns; 40209/429 lowers the calls allowed at once for a while.
local function reschedule(self, call, delay, reason, now)
    local c = self.counters
    c.retries = c.retries + 1
    c.retries_by_reason[reason] = (c.retries_by_reason[reason] or 0) + 1
    if reason == "rate_limit" then
        c.rate_limit_waits = c.rate_limit_waits + 1
        self.governor:pause(delay, now)
        call.due = now
    else
        if reason == "too_many_requests" then self.governor:squeeze(M.SQUEEZE) end
        call.due = now + delay
    end
    call.state = "queued"
    -- Back in its place: a retried page goes before pages submitted later.
    local queue, pos = self.queue, #self.queue + 1
    for i = 1, #queue do
        if queue[i].seq > call.seq then pos = i break end
    end
    table.insert(queue, pos, call)
end

-- One line per charged call; a ledger that cannot be written stops the
-- calls after this one (kind "ledger").
local function record(self, call, result, err, charged)
    if not (self.ledger and cost.valid(charged) and charged > 0) then return end
    local task = call.task
    local ok, message = self.ledger:append{ time = self.clock.wall(), endpoint = call.endpoint.path,
        target = task.target, offset = task.offset, limit = task.limit,
        task_id = result and result.task_id or err and err.task_id,
        items = result and type(result.items) == "table" and #result.items or 0, cost = charged }
    if not ok then
        self.ledger_failure = errors.ledger(self.scrub(tostring(message)) .. "; no further calls are "
            .. "made, so that nothing is spent without a line")
    end
end

-- One finished transfer -> its call's outcome.
function Engine:settle(d)
    local call = self.flight[d.id]
    if not call then return end
    call.attempts = call.attempts + 1
    local c = self.counters
    c.calls = c.calls + 1
    local result, err
    if d.response then
        c.bytes = c.bytes + (d.response.bytes or 0)
        result, err = call.endpoint.result(d.response, call.task)
    else
        err = errors.transport(d.message, d.code, d.category)
    end
    local charged
    if result then charged = result.cost else charged = err.cost end
    if not cost.valid(charged) then charged = nil end
    release(self, call, charged)
    self.own:charge(charged)
    for _, b in ipairs(call.budgets) do b:charge(charged) end
    record(self, call, result, err, charged)
    if result then
        call.state, call.result = "done", result
        result.attempts = call.attempts
        -- Pages (not the free account call) count, and teach the estimate.
        if type(result.items) == "table" then
            local items = #result.items
            c.pages, c.items = c.pages + 1, c.items + items
            if charged then self.last[call.endpoint.path] = { cost = charged, items = items } end
        end
        return
    end
    c.failures = c.failures + 1
    err.message = self.scrub(err.message)
    err.attempts = call.attempts
    err.retryable = retry.retryable(err)
    local now = self.clock.now()
    local delay, reason = self.policy:decide(err, call.retry_state, now, self.clock.wall())
    call.err = err
    if not delay then return fail(call, err) end
    err.retry_reason = reason
    reschedule(self, call, delay, reason, now)
end

------------------------------------------------------------------------------
-- Moving on

function Engine:sleep(ch, seconds)
    self.counters.waited = self.counters.waited + seconds
    ch:sleep(seconds)
end

-- Drops the transfers of abandoned calls (marked by a collected walk).
local function drop_abandoned(self, ch)
    for _, call in pairs(self.flight) do
        if call.abandoned and call.channel == ch then self:cancel(call) end
    end
end

-- After a signal the process asked to hear (SIGINT, SIGTERM in the CLI),
-- every call of ch ends at once, never retried: nothing more is sent.
local function stop_on_signal(self, ch)
    local signal = self.transport.interrupted and self.transport.interrupted()
    if not signal then return false end
    local function stopped(call)
        self:cancel(call)
        call.state = "failed"
        call.err = errors.transport("interrupted by " .. signal .. ": the call was abandoned", 42,
            "interrupted")
    end
    for _, call in pairs(self.flight) do
        if call.channel == ch then stopped(call) end
    end
    for _, call in ipairs(self.queue) do
        if call.channel == ch and call.state == "queued" then stopped(call) end
    end
    return true
end

-- Starts what may start on ch, then waits for a transfer (or the next
-- start time) and settles what finished.
function Engine:pump(ch)
    if stop_on_signal(self, ch) then return end
    drop_abandoned(self, ch)
    local wait = self:start_due(ch, self.clock.now())
    if in_flight(self, ch) > 0 then
        local done = ch:wait(min(wait or M.POLL, M.POLL), 1)
        for i = 1, #done do self:settle(done[i]) end
    elseif wait then
        self:sleep(ch, wait)
    end
end

------------------------------------------------------------------------------
-- Ledger and end

function Engine:stats()
    local c, out = self.counters, {}
    for k, v in pairs(c) do out[k] = v end
    out.retries_by_reason = {}
    for k, v in pairs(c.retries_by_reason) do out.retries_by_reason[k] = v end
    out.cost = self.own.spent
    return out
end

-- USD this engine's calls cost (not other clients' sharing the governor).
function Engine:spent() return self.own.spent end

-- The governor's account-wide view (governor.lua's state()).
function Engine:governor_state() return self.governor:state() end

-- USD the next call of the endpoint asking for `limit` items may cost.
function Engine:estimate(endpoint, limit)
    return cost.call_estimate(limit, self.last[endpoint.path], endpoint.price)
end

-- Every call in flight or queued ends with kind "closed"; later calls too.
function Engine:close()
    if self.closed then return end
    self.closed = true
    for _, call in pairs(self.flight) do
        if call.channel and not call.channel.closed then call.channel:cancel(call.id) end
        release(self, call)
        fail(call, errors.closed())
    end
    for _, call in ipairs(self.queue) do
        if call.state == "queued" then fail(call, errors.closed()) end
    end
    self.queue = {}
    if self.blocking then self.blocking:close() end
    if self.ledger then self.ledger:close() end
    self.governor:close()
end

return M
