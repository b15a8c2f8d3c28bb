-- The call engine: every call, from submission to its outcome.  A call is
-- paced and its cost reserved in one step of the governor's store
-- (governor/account.lua), and against a walk's budget (cost.lua); its
-- intent goes to the ledger; it goes out on a channel and settles into a
-- result, a retry at time T (retry.lua, loaded at the first failure) or an
-- error.  One engine per client; its drivers (engine:run, the page window,
-- the async hosts) only submit and await calls.  A channel
-- (hosts/curl.lua) carries transfers: add, cancel, wait, sleep, close.
--
-- Money: from the moment a call may reach the API its estimate is presumed
-- spent, and stays so until the API's answer says what it cost.  A call
-- that ends without a cost to read (cancelled, closed, a signal, a timeout,
-- a broken answer, a cost that is not a number) keeps its estimate as
-- presumed spending; only a call that never reached the API (no
-- connection) gives it back.  Every such ending is one `finish`, which
-- tells the store, the budgets and the ledger.
local account = require "dataforseo.engine.governor.account"
local errors = require "dataforseo.errors"
local request_json = require "dataforseo.request_json"

local M = {}

M.MIN_CALL_TIME = 0.001   -- seconds: less left before a deadline is no time
M.POLL = 0.25             -- seconds: the longest single wait
M.SHARED_POLL = 0.05      -- seconds between looks at a shared governor that said "wait"
M.ANNOUNCE = 1            -- seconds: waits this long or longer are told through `log`
M.CLOSE_WAIT = 3          -- seconds close() waits for answers in flight (option close_wait)
M.CLAIM_TIMEOUT = 10      -- seconds a start may yield (store steps time out sooner) before
                          -- its code is presumed gone (a killed nginx thread)
M.FLIGHT_MARGIN = 5       -- seconds past its timeout a call in flight may go unreported before
                          -- the code running its transfer is presumed gone (nginx)

local min, max, floor, huge, format = math.min, math.max, math.floor, math.huge, string.format

local Engine = {}
Engine.__index = Engine

-- The retry policy: loaded when a call first fails.
local function retry() return require "dataforseo.engine.retry" end

-- o.settings: the client's options (base_url, timeout, retries, retry_delay,
-- max_retry_delay, deadline, calls_per_minute, max_concurrent, max_cost,
-- max_cost_per_day, close_wait); o.transport: gives channels; o.clock: { now, wall,
-- sleep }; o.store: where pace and budget live (governor.lua; default the
-- in-process store); o.scrub(text); o.ledger (ledger.lua's writer,
-- optional); o.log(level, message, event) (optional); o.id_prefix: makes
-- call ids unique across processes (a shared store, a ledger).
function M.new(o)
    local s = o.settings
    return setmetatable({
        transport = o.transport,
        clock = o.clock,
        scrub = o.scrub or function(text) return text end,
        log = o.log,
        settings = s,
        base_url = s.base_url,
        timeout = s.timeout or 60,
        deadline = s.deadline,
        store = o.store or account.store(o.clock),
        close_wait = s.close_wait or M.CLOSE_WAIT,
        id_prefix = o.id_prefix,
        -- What the store enforces (the account's: read by every reserve).
        limits = { calls_per_minute = type(s.calls_per_minute) == "number" and s.calls_per_minute or 2000,
            max_concurrent = s.max_concurrent or 30, max_cost = s.max_cost,
            max_cost_per_day = s.max_cost_per_day },
        wants_account_limit = s.calls_per_minute == "account" or nil,
        ledger = o.ledger,
        last = {},                -- endpoint path -> its last call's { cost, items }
        urls = {},                -- endpoint -> base_url .. path
        endpoint_minutes = {},    -- endpoint with a limit of its own -> { minute, count } (its calls started)
        counters = { calls = 0, retries = 0, retries_by_reason = {}, rate_limit_waits = 0,
            bytes = 0, items = 0, pages = 0, waited = 0, failures = 0 },
        reported = 0,             -- units (account.UNIT) the API reported for settled calls
        presumed = 0,             -- units presumed: calls in flight, and calls whose cost is unknown
        queue = {},               -- calls waiting to start, in submission order
        flight = {},              -- transfer id -> call
        flying = setmetatable({}, { __mode = "k" }),   -- channel -> calls in flight
        in_flight = 0,            -- on every channel
        announced = -huge,        -- wall time the last wait told through `log` ends
        serial = 0,
        seq = 0,
        claims = 0,               -- starts begun (start_due's claims on calls)
    }, Engine)
end

-- The channel of the running code: an async host's (inside one of its
-- coroutines), else the engine's own blocking one.
function Engine:channel()
    local ch = self.host and self.host:channel()
    if ch then return ch end
    if not self.blocking then
        self.blocking = self.transport:channel(self.limits.max_concurrent, self.clock.sleep)
    end
    return self.blocking
end

-- host:channel() -> the channel for the running coroutine, or nil.
function Engine:use_host(host) self.host = host end

-- The response store's hooks (engine/store.lua, wired by the client):
-- answer(call) -> result | nil is asked before a call is paced or reserved,
-- each time it may start; a result is the call's outcome and costs nothing:
-- nothing sent, no reservation, no ledger line, not counted in spent().
-- keep(call, result, response) after each live answer that is a result (what
-- the API reported it cost: result.cost); a call the answer hook marked
-- keep_body has response.body, the body as the API sent it.  call.endpoint
-- and call.task say what it asks.
function Engine:use_answers(answer, keep) self.answer, self.keep = answer, keep end

-- True when calls on this engine's blocking channel can run at once.
function Engine:concurrent()
    return self:channel().concurrent == true
end

-- A new multi handle with the client's settings (for async hosts); by
-- default as many connections as calls may run at once.
function Engine:new_multi(concurrency)
    if not self.transport.multi then return nil, "this transport has no multi handle" end
    return self.transport:multi(concurrency or self.limits.max_concurrent)
end

-- Seconds of the engine's monotonic clock.
function Engine:now() return self.clock.now() end

-- The client-wide cap on spending (USD, nil: none) and on calls at once.
function Engine:max_cost() return self.limits.max_cost end
function Engine:max_concurrent() return self.limits.max_concurrent end

-- A wait of ANNOUNCE seconds or more, told once through `log`: calls that
-- wait for the same moment (a 40202 holds them all) are one wait.
local WHY = {
    rate_limit = "the per-minute call limit (40202)",
    retry_after = "the server asked to wait (Retry-After)",
    pacing = "calls_per_minute reached for this minute",
    busy = "every call at once of the account is taken",
}
function Engine:announce(seconds, reason, detail)
    if not self.log or seconds < M.ANNOUNCE then return end
    local ends = self.clock.wall() + seconds
    if ends <= self.announced + M.ANNOUNCE then return end
    self.announced = ends
    self.log("info", format("waiting %.0f s: %s", seconds, detail or WHY[reason] or reason),
        { kind = "wait", seconds = seconds, reason = reason })
end

------------------------------------------------------------------------------
-- Calls

-- calls_per_minute = "account": the account's own limit, read (free) at
-- the first call.  -> true | nil, err (that call fails with it)
function Engine:adopt_account_limit()
    self.adopting = true
    local user, err = self:run(require("dataforseo.api.user_data"), {})
    self.adopting = nil
    if not user then return nil, err end
    self.wants_account_limit = nil
    local n = user.limits and user.limits.minute
    if type(n) == "number" and n >= 1 then self.limits.calls_per_minute = floor(n) end
    return true
end

local CHECKED = { checked = true }     -- the body writer's option for validated tasks

-- endpoint: { method, path, price, result(res, task) -> value | nil, err,
-- asked(task) -> items asked for (nil: a free call) }; budgets: budgets
-- besides the governor's (a walk's); checked: the task came from the
-- endpoint's validation (every string valid UTF-8, every number finite),
-- so the body writer need not look again.  -> call | nil, err.  A call is
-- the drivers' handle: they read its state ("new", "queued", "starting",
-- "flight", "done", "failed", "cancelled"), result, err and attempts, and set owner
-- (calls of one owner wait together for budget) and abandoned; the rest is
-- the engine's.
function Engine:new_call(endpoint, task, budgets, checked)
    if self.closed then return nil, errors.closed() end
    if self.wants_account_limit and not self.adopting then
        local ok, err = self:adopt_account_limit()
        if not ok then return nil, err end
    end
    local body
    if endpoint.method ~= "GET" then
        local problem
        body, problem = request_json.request_body({ task }, checked and CHECKED or nil)
        if not body then
            return nil, errors.validation{ field = problem.field, value = problem.value,
                reason = problem.reason, message = problem.message }
        end
    end
    return { endpoint = endpoint, task = task, body = body, budgets = budgets, state = "new", attempts = 0 }
end

local function fail(call, err)
    call.state, call.err = "failed", err
end

-- Queues a call to start as soon as pacing and budgets allow.
function Engine:submit(call)
    local now = self.clock.now()
    local ch = self:channel()
    -- A channel that cannot send from here (nginx's init_worker, log
    -- phases) raises now, before anything is reserved or counted.
    if ch.check then ch.check() end
    self.seq = self.seq + 1
    call.seq, call.channel, call.due, call.started = self.seq, ch, now, now
    if self.closed then return fail(call, errors.closed()) end
    call.state = "queued"
    self.queue[#self.queue + 1] = call
end

-- "starting": one code path is starting it (its store lookup or reservation
-- may yield: nginx, Redis); every other path leaves it alone.
local WAITING = { queued = true, starting = true, flight = true }

local function finished(call)
    return not WAITING[call.state]
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
    while WAITING[call.state] do
        if self.closed then fail(call, errors.closed()) break end
        self:pump(call)
    end
    if call.state == "done" then return call.result end
    return nil, call.err or errors.closed()
end

-- One call from start to outcome: the blocking (and async) driver.  Code
-- that unwinds it (an async task cancelled while it waits) leaves nothing
-- behind: the call is cancelled, its slot given back (its estimate stays
-- spent, presumed, when it was in flight).
function Engine:run(endpoint, task, checked, cache)
    local call, err = self:new_call(endpoint, task, nil, checked)
    if not call then return nil, err end
    call.cache = cache            -- the store's per-call options (store_answers.lua)
    self:submit(call)
    local ok, result, failure = pcall(self.await, self, call)
    if not ok then
        self:cancel(call)
        error(result, 0)
    end
    return result, failure
end

local units = account.units

-- The ledger's line for a call that ended (ledger.lua): its settle (what
-- the API reported; cost 0 and sent = false when it never reached the
-- API) or, when no cost will be known, a presumed line with its estimate.
-- A line that cannot be written leaves the intent alone: read as presumed.
local function record(self, call, how, charged, result, err)
    if not call.intent and not (how == "charged" and charged > 0) then return end
    local task = call.task
    local e = { id = call.mid, time = self.clock.wall(), endpoint = call.endpoint.path, target = task.target,
        offset = task.offset, limit = task.limit, task_id = result and result.task_id or err and err.task_id }
    local ok, message
    if how == "presumed" then
        e.estimate = call.estimate
        ok, message = self.ledger:presumed(e)
    else
        e.cost, e.sent = charged or 0, how ~= "unsent"
        e.items = result and type(result.items) == "table" and #result.items or 0
        ok, message = self.ledger:settle(e)
    end
    if not ok and self.log then
        self.log("error", "dataforseo: " .. self.scrub(tostring(message)) .. ": the ledger counts that call "
            .. "at its estimate (presumed)", { kind = "ledger" })
    end
end

-- The call is off the wire, and its money settles one way (see the top):
--   "charged"  the API reported `charged` USD: it replaces the estimate;
--   "presumed" no cost will be known: the estimate stays spent;
--   "unsent"   it never reached the API: the estimate is given back.
-- The store's lease and the walk budgets' reservations end with it.
local function finish(self, call, how, charged, result, err)
    self.flight[call.id] = nil
    local ch = call.channel
    self.flying[ch] = self.flying[ch] - 1
    self.in_flight = self.in_flight - 1
    local estimate = call.estimate
    if how == "charged" then
        self.presumed = self.presumed - call.units
        self.reported = self.reported + units(charged)
        self.store:settle(call.mid, charged, estimate)
    elseif how == "unsent" then
        self.presumed = self.presumed - call.units
        self.store:settle(call.mid, nil, estimate)
    else
        self.store:presume(call.mid, estimate)
    end
    local budgets = call.budgets
    if budgets then
        local outcome = how == "charged" and charged or how == "presumed" and "presumed" or nil
        for i = 1, #budgets do budgets[i]:settle(estimate, outcome) end
    end
    if self.ledger then record(self, call, how, charged, result, err) end
end

-- Takes a queued or flying call out; it ends "cancelled".  A call in
-- flight may have reached the API: its estimate stays spent (presumed).
-- Idempotent.
local detach_claim, give_taken_back       -- with the start code below

function Engine:cancel(call)
    -- flight[id]: finish() takes it out first, before it can yield.
    if call.state == "flight" and self.flight[call.id] == call then
        if not call.channel.closed then call.channel:cancel(call.id) end
        finish(self, call, "presumed")
    end
    local taken = call.state == "starting" and detach_claim(call)
    if not finished(call) then call.state = "cancelled" end
    if taken then give_taken_back(self, call, taken) end
end

------------------------------------------------------------------------------
-- Starting

-- USD the next call of the endpoint asking for `items` may cost: the last
-- observed call of the endpoint adjusted by its per-item price, or its
-- price before any.
function Engine:estimate(endpoint, items)
    local price = endpoint.price or require("dataforseo.engine.cost").DEFAULT_PRICE
    local last = self.last[endpoint.path]
    if last then return max(0, last.cost + price.item * (items - last.items)) end
    return price.call + price.item * items
end

-- The store's "cost" verdict as the call's error.
local function cost_failure(self, call, v, estimate)
    local problem = errors.cost_limit(v.spent + v.reserved, estimate, v.max, v.scope)
    if v.scope == "day" then problem.retry_at = retry().next_utc_midnight(self.clock.wall()) end
    problem.attempts = call.attempts
    fail(call, problem)
    return "failed"
end

-- An endpoint's own limit of calls a minute (id_list: 10), besides the
-- account's: counted by this process in the calendar minutes of the wall
-- clock, as the API counts.  -> seconds to wait, or nil.
local function endpoint_wait(self, endpoint, per_minute)
    local seen = self.endpoint_minutes[endpoint]
    if not seen then return nil end
    local wall = self.clock.wall()
    local minute = floor(wall / 60)
    if seen.minute == minute and seen.count >= per_minute then return (minute + 1) * 60 - wall end
end

-- Counts a call of the endpoint in this minute -> the count (give_back).
local function count_endpoint_call(self, endpoint)
    local minute = floor(self.clock.wall() / 60)
    local seen = self.endpoint_minutes[endpoint]
    if not seen or seen.minute ~= minute then
        seen = { minute = minute, count = 0 }
        self.endpoint_minutes[endpoint] = seen
    end
    seen.count = seen.count + 1
    return seen
end

-- What start() took before it could yield, given back when the call does
-- not go after all: its endpoint's count, its budgets' reservations.
local function give_back(call, seen, estimate)
    if seen then seen.count = seen.count - 1 end
    local budgets = call.budgets
    if budgets then
        for i = 1, #budgets do budgets[i]:settle(estimate, nil) end
    end
end

-- "started" | "answered" (by the store) | "failed" | "pacing", seconds | "cost"
-- (waits for calls in flight).  The call is "starting" (start_due claimed
-- it); where this yields, code elsewhere may end it: "ended" then, and
-- nothing it took is kept.
function Engine:start(call, ch, now, claim)
    if self.closed then
        fail(call, errors.closed())
        return "failed"
    end
    local left = self.deadline and self.deadline - (now - call.started)
    if left and left < M.MIN_CALL_TIME then
        fail(call, call.err or errors.transport("the deadline passed before the call could be made",
            28, "timeout"))
        return "failed"
    end
    local stored = self.answer and self.answer(call)
    if call.claim ~= claim or call.state ~= "starting" then return "ended" end
    if stored then
        call.state, call.result = "done", stored
        return "answered"
    end
    local endpoint = call.endpoint
    local per_minute = endpoint.calls_per_minute
    if per_minute then
        local wait = endpoint_wait(self, endpoint, per_minute)
        if wait then
            self:announce(wait, "pacing", format("%s allows %d calls a minute", endpoint.path, per_minute))
            return "pacing", wait
        end
    end
    local asked = endpoint.asked and endpoint.asked(call.task)
    local estimate = asked and self:estimate(endpoint, asked) or 0
    local mine = self.flying[ch] or 0
    local budgets = call.budgets
    if budgets then
        for i = 1, #budgets do
            local problem = budgets[i]:problem(estimate)
            if problem then
                -- Calls in flight may settle for less than reserved: wait for them.
                if budgets[i].reserved > 0 and mine > 0 then return "cost" end
                problem.attempts = call.attempts
                fail(call, problem)
                return "failed"
            end
        end
        -- Taken now, before the store's reserve may yield to other code
        -- that checks the same budgets and minute.
        for i = 1, #budgets do budgets[i]:reserve(estimate) end
    end
    local seen = per_minute and count_endpoint_call(self, endpoint)
    local timeout = left and min(self.timeout, left) or self.timeout
    -- Slots held by this process's calls that this channel cannot move
    -- (another loop's): go anyway.
    local store = self.store
    local serial = self.serial + 1
    self.serial = serial
    local mid = self.id_prefix and (self.id_prefix .. format("-%x", serial)) or serial
    -- What the reserve may take, for whoever releases the claim meanwhile.
    call.mid, call.estimate, call.taken = mid, estimate, seen or true
    local v, err = store:reserve(estimate, timeout, mine == 0 and self.in_flight > 0, self.limits, mid)
    local still_ours = call.claim == claim      -- else released meanwhile: given back there
    if not still_ours or call.state ~= "starting" then
        if still_ours then give_back(call, seen, estimate) end
        if v and not v.why then store:settle(mid, nil, estimate) end
        return "ended"
    end
    call.taken = nil
    if not v or v.why then give_back(call, seen, estimate) end
    if not v then
        err.message = self.scrub(err.message)
        err.attempts = call.attempts
        fail(call, err)
        return "failed"
    end
    local why = v.why
    if why then
        if why == "pacing" then
            self:announce(v.wait, "pacing")
            return "pacing", v.wait
        elseif why == "busy" then
            -- A shared store's slots free up in other processes: look again soon.
            if not store.shared then return "pacing", huge end
            self:announce(v.wait or 0, "busy")
            return "pacing", M.SHARED_POLL
        end
        -- Calls in flight may settle for less than reserved: wait for them
        -- (in a shared store, for other processes' calls, or their leases).
        if v.reserved > 0 and mine > 0 then return "cost" end
        if v.reserved > 0 and store.shared then return "pacing", M.SHARED_POLL end
        return cost_failure(self, call, v, estimate)
    end
    -- Nothing is sent without its line of intent (ledger.lua).
    if self.ledger and estimate > 0 then
        local task = call.task
        local ok, problem = self.ledger:intent{ id = mid, time = self.clock.wall(), endpoint = endpoint.path,
            target = task.target, offset = task.offset, limit = task.limit, estimate = estimate }
        if not ok then
            store:settle(mid, nil, estimate)
            give_back(call, seen, estimate)
            fail(call, errors.ledger(self.scrub(tostring(problem)) .. ": the call was not sent (nothing is "
                .. "sent without its line)"))
            return "failed"
        end
        call.intent = true
    else
        call.intent = nil
    end
    call.id, call.mid, call.estimate, call.units, call.state = serial, mid, estimate, units(estimate), "flight"
    self.presumed = self.presumed + call.units
    self.flight[serial] = call
    self.flying[ch] = (self.flying[ch] or 0) + 1      -- not `mine`: the reserve may have yielded
    self.in_flight = self.in_flight + 1
    -- Alone on its channel, a transport may take a cheaper path for it.
    local opts = { timeout = left and timeout or nil,
        alone = mine == 0 and self.queue[1] == call and self.queue[2] == nil,
        keep_body = self.keep and call.keep_body or nil }     -- the store keeps the body as sent
    local url = self.urls[endpoint]
    if not url then
        url = self.base_url .. endpoint.path
        self.urls[endpoint] = url
    end
    local ok, message = ch:add(call.id, endpoint.method, url, call.body, opts)
    if not ok then
        finish(self, call, "unsent")
        fail(call, errors.transport(self.scrub(tostring(message)), nil, "other"))
        return "failed"
    end
    return "started"
end

-- The first call of this channel that may try to start, in order: not
-- waiting for its retry time, not behind a call of the same owner that
-- waits for budget.  Also: seconds until the soonest retry time.
local function next_startable(queue, ch, now, held)
    local soonest
    for i = 1, #queue do
        local call = queue[i]
        if call.channel == ch and call.state == "queued" and not call.abandoned
            and not (held and held[call.owner or call]) then
            local due = call.due
            if due <= now then return call, nil, i end
            if not soonest or due - now < soonest then soonest = due - now end
        end
    end
    return nil, soonest
end

-- Keeps the calls waiting to start; -> the calls whose start is stale
-- (release_stale_claims fails them), taken out too, or nil.
local function compact(queue, now)
    local j, stale = 0, nil
    for i = 1, #queue do
        local call = queue[i]
        local state = call.state
        if state == "starting" and now - call.claimed > M.CLAIM_TIMEOUT then
            stale = stale or {}
            stale[#stale + 1] = call
        elseif state == "starting" or state == "queued" and not call.abandoned then
            j = j + 1
            queue[j] = call
        elseif call.abandoned and state == "queued" then
            call.state = "cancelled"
        end
    end
    for i = #queue, j + 1, -1 do queue[i] = nil end
    return stale
end

-- Takes a started or failed call out of the queue (at i unless a yield
-- in between moved it).
local function remove(queue, call, i)
    if queue[i] ~= call then
        for j = 1, #queue do
            if queue[j] == call then i = j break end
        end
    end
    if queue[i] == call then table.remove(queue, i) end
end

-- A "starting" call taken from its start (stale, cancelled, closed): the
-- claim goes at once, so a claimant that resumes sends nothing and gives
-- nothing back; what the start took is given back here (that may yield).
function detach_claim(call)
    local taken = call.taken
    call.claim, call.taken = nil, nil
    return taken
end

function give_taken_back(self, call, taken)      -- taken: its minute's count, or true
    give_back(call, taken ~= true and taken or nil, call.estimate)
    self.store:settle(call.mid, nil, call.estimate)
end

-- A call whose start has yielded for CLAIM_TIMEOUT: the code starting it
-- is gone (an nginx light thread killed, a request that ended, while a
-- store step waited), and will never take it on.  The call fails, what its
-- start took is given back; its owner hears at once instead of waiting
-- for ever.  (Were that code only slow, it sees the claim gone and stops.)
local function release_stale_claims(self, stale)
    local taken = {}
    for i = 1, #stale do            -- every claim goes before anything here may yield
        local call = stale[i]
        taken[i] = detach_claim(call) or false
        fail(call, errors.transport("the call's start was cut off (the code starting it stopped "
            .. "while the governor or the store answered): it was not sent", 42, "interrupted"))
    end
    for i = 1, #stale do
        if taken[i] then give_taken_back(self, stale[i], taken[i]) end
    end
end

-- Starts what may start on ch; -> seconds until something else may (nil:
-- only a finishing transfer can help).  Rescans after every start: a
-- channel's add may yield (nginx) and let other code change the queue.
function Engine:start_due(ch, now)
    local held, soonest = nil, nil
    local queue = self.queue
    if queue[1] == nil then return nil end
    local stale = compact(queue, now)
    if stale then release_stale_claims(self, stale) end
    while true do
        local call, due_in, at = next_startable(queue, ch, now, held)
        if not call then
            if due_in and (not soonest or due_in < soonest) then soonest = due_in end
            return soonest
        end
        local claim = self.claims + 1
        self.claims = claim
        call.state, call.claim, call.claimed = "starting", claim, now
        local outcome, wait = self:start(call, ch, now, claim)
        if call.claim == claim then
            call.claim, call.taken = nil, nil
            if call.state == "starting" then call.state = "queued" end     -- pacing, cost: not yet
        end
        if outcome == "started" or outcome == "failed" or outcome == "answered" or outcome == "ended" then
            remove(queue, call, at)
            if queue[1] == nil then return soonest end
        elseif outcome == "pacing" then
            if wait ~= huge and (not soonest or wait < soonest) then soonest = wait end
            return soonest
        elseif outcome == "cost" then
            held = held or {}
            held[call.owner or call] = true
        end
        now = self.clock.now()
    end
end

------------------------------------------------------------------------------
-- Settling

-- A failed call: retried when failures.lua says so (loaded at the first
-- failure), or failed.
local function failed(self, call, err)
    if not require("dataforseo.engine.failures").retry(self, call, err) then fail(call, err) end
end

-- Transport failures that leave the request unsent: nothing was charged.
local UNSENT = { connect = true, resolve = true, tls = true, url = true }

-- A cost the API reported that cannot be believed: the call fails (never
-- retried: a retry is charged again) and counts at its estimate.
local function bad_cost(call, response, charged, task_id)
    return errors.new{ kind = "http", reason = "bad_body", retryable = false, code = response.status,
        http_status = response.status, task_id = task_id, message = format("the API reported a cost that "
        .. "is not a number from 0 to %.0f USD (%s): the call counts at its estimate, $%.5f, as presumed",
        account.MAX_COST, type(charged) == "number" and tostring(charged) or "not a number: " .. type(charged),
        call.estimate) }
end

-- One finished transfer -> its call's outcome and what it cost.
function Engine:settle(d)
    local call = self.flight[d.id]
    if not call then return end
    call.attempts = call.attempts + 1
    local c = self.counters
    c.calls = c.calls + 1
    local result, err, how, charged
    local response = d.response
    if response then
        c.bytes = c.bytes + (response.bytes or 0)
        result, err = call.endpoint.result(response, call.task)
        if result then charged = result.cost else charged = err.cost end
        if charged == nil then
            -- No cost reported: nothing charged, unless the answer could not be read at all.
            how = err and err.reason == "bad_body" and "presumed" or "charged"
            charged = how == "charged" and 0 or nil
        elseif account.valid_cost(charged) then
            how = "charged"
        else
            err = bad_cost(call, response, charged, (result or err).task_id)
            result, charged, how = nil, nil, "presumed"
        end
    else
        err = errors.transport(d.message, d.code, d.category)
        how = UNSENT[d.category] and "unsent" or "presumed"
    end
    finish(self, call, how, charged, result, err)
    if call.state ~= "flight" then return end      -- cancelled while finish() waited on the store
    if result then
        call.state, call.result = "done", result
        result.attempts = call.attempts
        if self.keep and how == "charged" then self.keep(call, result, response) end
        -- Pages (not the free account call) count, and teach the estimate.
        local items = result.items
        if type(items) == "table" then
            local n = #items
            c.pages, c.items = c.pages + 1, c.items + n
            if how == "charged" then
                local last = self.last[call.endpoint.path]
                if last then last.cost, last.items = charged, n
                else self.last[call.endpoint.path] = { cost = charged, items = n } end
            end
        end
        return
    end
    failed(self, call, err)
end

------------------------------------------------------------------------------
-- Moving on

function Engine:sleep(ch, seconds)
    self.counters.waited = self.counters.waited + seconds
    ch:sleep(seconds)
end

-- Takes out the calls in flight on ch that no answer will come for: those
-- of abandoned walks (marked by a collected walk), and those past their
-- timeout with no report (inside nginx, the code running the transfer was
-- killed with it): those fail, presumed spent.
local function drop_unanswered(self, ch, now)
    local dropped = {}          -- listed first: cancel() may yield, and the table change meanwhile
    local started_before = now - self.timeout - M.FLIGHT_MARGIN     -- claimed: when its start began
    for _, call in pairs(self.flight) do
        if call.channel == ch and (call.abandoned or call.claimed < started_before) then
            dropped[#dropped + 1] = call
        end
    end
    for i = 1, #dropped do
        local call = dropped[i]
        self:cancel(call)
        if not call.abandoned then
            call.state, call.err = "failed", errors.transport("no answer came within the timeout: the code "
                .. "running its transfer stopped; it may have reached the API (counted, presumed)", 28, "timeout")
        end
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
        if call.channel == ch and (call.state == "queued" or call.state == "starting") then stopped(call) end
    end
    return true
end

-- Starts what may start on the call's channel, then waits for a transfer
-- (or the next start time) and settles what finished.
function Engine:pump(call)
    local ch = call.channel
    if stop_on_signal(self, ch) then return end
    if next(self.flight) ~= nil then drop_unanswered(self, ch, self.clock.now()) end
    local wait = self:start_due(ch, self.clock.now())
    if (self.flying[ch] or 0) > 0 then
        local done = ch:wait(min(wait or M.POLL, M.POLL), 1)
        for i = 1, #done do self:settle(done[i]) end
    elseif wait then
        self:sleep(ch, wait)
    elseif WAITING[call.state] then
        -- Nothing here can move it: other code (another request's, inside
        -- nginx) is starting or settling it across a yield.  Let that run.
        ch:sleep(M.SHARED_POLL)
    end
end

------------------------------------------------------------------------------
-- Ledger and end

-- calls (retries included), retries, retries_by_reason, rate_limit_waits,
-- failures, bytes, items, pages, waited (seconds); cost: USD counted as
-- spent (what the API reported, and the estimates of calls whose cost is
-- not known); presumed: that part of cost.
function Engine:stats()
    local c, out = self.counters, {}
    for k, v in pairs(c) do out[k] = v end
    out.retries_by_reason = {}
    for k, v in pairs(c.retries_by_reason) do out.retries_by_reason[k] = v end
    out.cost, out.presumed = self:spent()
    return out
end

-- USD this engine's calls cost (not other clients' sharing the store),
-- and the part of it presumed (in flight, or abandoned before the API
-- said what it cost).
function Engine:spent()
    return (self.reported + self.presumed) / account.UNIT, self.presumed / account.UNIT
end

-- The store's account-wide view: spent, spent_today, day, reserved,
-- in_flight, started_this_minute, paused_for, calls_at_once, store (its
-- kind), and the limits.  -> table | nil, err
function Engine:governor_state()
    local st, err = self.store:state(self.limits)
    if not st then return nil, err end
    st.store = self.store.kind
    st.day = os.date("!%Y-%m-%d", (st.day or 0) * 86400)
    for k, v in pairs(self.limits) do st[k] = v end
    return st
end

-- Every queued call ends "closed", and so do later calls; calls in flight
-- get close_wait seconds to answer (closing.lua, loaded only then).
function Engine:close()
    if self.closed then return end
    self.closed = true
    require("dataforseo.engine.closing").close(self, M.POLL)
end

return M
