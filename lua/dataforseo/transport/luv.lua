-- Transfers on a libuv loop through luv: vim.loop inside Neovim, the
-- standalone `luv` module elsewhere.  Used by dataforseo.async.
--
--   local luv = require "dataforseo.transport.luv"
--   luv.default_loop()            -> vim.loop | require "luv" | nil, message
--
-- Three layers:
--   Driver   runs one host-driven multi handle of the C core (src/multi.c:
--            use_host_loop / interest / step) with a uv poll per socket and
--            one uv timer for libcurl's timeout.  libcurl's callbacks only
--            queue in C; the driver pulls the queue after every add, cancel
--            and step and applies it in order.
--   Task     a coroutine that runs the ordinary blocking client code (retry
--            policy, limiter, cost checks, walk.lua, scheduler.lua); where
--            that code would block, the transport below yields to the loop
--            and the loop resumes it.  task:emit(v) hands a value out (a
--            page) between steps; task:cancel() unwinds it with an error
--            that the client code cleans up after (limiter slots, walks).
--   attach   luv.attach(client, loop): the client's own transport keeps
--            serving blocking calls; inside a Task of this client its
--            request, sleep and multi yield instead (the transport contract
--            of curl.lua: "a host loop yields instead").
local M = {}

local CANCELLED = setmetatable({}, { __tostring = function() return "dataforseo: cancelled" end })
M.CANCELLED = CANCELLED
local WAIT, EMIT = {}, {}

local floor = math.floor
local function ms(seconds)
    if seconds <= 0 then return 0 end
    return floor(seconds * 1000 + 0.5)
end

function M.default_loop()
    local host = rawget(_G, "vim")
    if type(host) == "table" and type(host.loop) == "table" then return host.loop end
    local ok, uv = pcall(require, "luv")
    if ok and type(uv) == "table" then return uv end
    return nil, "no libuv loop: run inside Neovim (vim.loop), install luv, or pass loop = <luv module>"
end

function M.check_loop(loop)
    if type(loop) ~= "table" or type(loop.new_timer) ~= "function"
        or type(loop.new_poll) ~= "function" then
        return "loop must be the luv module (vim.loop or require 'luv'), got " .. tostring(loop)
    end
end

------------------------------------------------------------------------------
-- Driver: a host-driven multi handle on the loop

local Driver = {}
Driver.__index = Driver
M.Driver = Driver

local POLL_EVENTS = { ["in"] = "r", out = "w", inout = "rw" }

-- luv's poll result -> CURL_CSELECT_* bits (1 in, 2 out, 4 error).
local function select_bits(err, events)
    if err or type(events) ~= "string" then return 4 end
    local bits = 0
    if events:find("[rd]") then bits = bits + 1 end
    if events:find("w", 1, true) then bits = bits + 2 end
    return bits
end

-- multi: a fresh multi handle of the C core; on_done(driver): called on the
-- loop when finished transfers wait in driver:take().
function M.driver(multi, loop, on_done)
    multi:use_host_loop()
    return setmetatable({
        multi = multi, loop = loop, on_done = on_done,
        polls = {},             -- fd -> uv poll
        done = {},              -- finished transfers not yet taken
        timer = loop.new_timer(),
    }, Driver)
end

-- True when a later change in the queue removes fd before anything adds it
-- again: libcurl has closed that socket already, so no poll is made for it
-- (uv.new_poll would fail on the closed descriptor).
local function removed_later(changes, i, fd)
    for j = i + 2, #changes, 2 do
        if changes[j] == fd then return not POLL_EVENTS[changes[j + 1]] end
    end
    return false
end

-- Applies libcurl's queued interest, in the order it was asked for: a
-- closed fd number may come back as a new socket in the same step.
function Driver:_apply()
    local changes, timeout = self.multi:interest()
    for i = 1, #changes, 2 do
        local fd, what = changes[i], changes[i + 1]
        local poll = self.polls[fd]
        if POLL_EVENTS[what] then
            if not poll and not removed_later(changes, i, fd) then
                local err
                poll, err = self.loop.new_poll(fd)
                if not poll then error("dataforseo: uv.new_poll(" .. fd .. "): " .. tostring(err), 0) end
                self.polls[fd] = poll
            end
            if poll then
                poll:start(POLL_EVENTS[what], function(err, events)
                    self:_step(fd, select_bits(err, events))
                end)
            end
        elseif poll then      -- "remove" (or "none")
            poll:stop()
            poll:close()
            self.polls[fd] = nil
        end
    end
    if timeout then
        if timeout < 0 then
            self.timer:stop()
        else
            self.timer:start(timeout, 0, function() self:_step(nil, 0) end)
        end
    end
end

function Driver:_step(fd, bits)
    if self.closed then return end
    local done = self.multi:step(fd, bits)
    for i = 1, #done do self.done[#self.done + 1] = done[i] end
    self:_apply()
    if #self.done > 0 and self.on_done then self.on_done(self) end
end

function Driver:add(id, method, url, body, opts)
    local ok, msg = self.multi:add(id, method, url, body, opts)
    self:_apply()
    return ok, msg
end

function Driver:cancel(id)
    if self.closed then return false end
    local was = self.multi:cancel(id)
    self:_apply()
    for i = #self.done, 1, -1 do
        if self.done[i].id == id then
            table.remove(self.done, i)
            was = true
        end
    end
    return was
end

-- The finished transfers collected so far (the entries of multi:perform).
-- The finished transfers, or (with max) at most max of them, lowest ids
-- first; the rest wait for the next take, as the C multi's perform does.
function Driver:take(max)
    local done = self.done
    if max == nil or #done <= max then
        self.done = {}
        return done
    end
    table.sort(done, function(a, b) return a.id < b.id end)
    local taken, rest = {}, {}
    for i = 1, #done do
        if i <= max then taken[#taken + 1] = done[i] else rest[#rest + 1] = done[i] end
    end
    self.done = rest
    return taken
end

-- Transfers running, slots (easy handles) made.
function Driver:pending()
    if self.closed then return 0, 0 end
    return self.multi:pending()
end

-- Stops and closes every uv handle, then the multi handle.  Idempotent.
function Driver:close()
    if self.closed then return end
    self.closed = true
    for fd, poll in pairs(self.polls) do
        poll:stop()
        poll:close()
        self.polls[fd] = nil
    end
    if not self.timer:is_closing() then
        self.timer:stop()
        self.timer:close()
    end
    self.multi:close()
    self.done = {}
end

-- Handles of the loop this driver holds open (for tests and leak checks).
function Driver:handles()
    if self.closed then return 0 end
    local n = 1
    for _ in pairs(self.polls) do n = n + 1 end
    return n
end

------------------------------------------------------------------------------
-- Task: a coroutine stepped by the loop

local Task = {}
Task.__index = Task
M.Task = Task

local tasks = setmetatable({}, { __mode = "k" })   -- coroutine -> task

function M.current()
    local co, main = coroutine.running()
    if co == nil or main then return nil end
    return tasks[co]
end

-- fn(task) runs in a coroutine; on_emit(task, value) gets what it emits;
-- on_exit(task, ok, results... | error) when it returns or raises (also after
-- a cancel: the error is M.CANCELLED).  Started by task:start().
function M.task(owner, loop, fn, on_emit, on_exit)
    local self = setmetatable({ owner = owner, loop = loop, on_emit = on_emit, on_exit = on_exit }, Task)
    self.co = coroutine.create(function()
        return fn(self)
    end)
    tasks[self.co] = self
    if owner and owner.tasks then owner.tasks[self] = true end
    return self
end

function Task:_finish()
    self.finished = true
    tasks[self.co] = nil
    if self.owner and self.owner.tasks then self.owner.tasks[self] = nil end
end

-- Runs on the next turn of the loop: nothing of a task happens inside the
-- call that created it.
function Task:start()
    local timer = self.loop.new_timer()
    self.waiting = function()
        if not timer:is_closing() then timer:stop(); timer:close() end
    end
    timer:start(0, 0, function()
        timer:close()
        self.waiting = nil
        self:_resume(true)
    end)
end

function Task:_resume(...)
    local ok, what, value = coroutine.resume(self.co, ...)
    while true do
        if not ok or coroutine.status(self.co) == "dead" then
            self:_finish()
            if self.on_exit then self.on_exit(self, ok, what, value) end
            return
        end
        if what == WAIT then return end
        -- An emitted value: the owner's callback runs outside the coroutine.
        if what == EMIT and not self.cancelled and self.on_emit then self.on_emit(self, value) end
        if self.cancelled then
            ok, what, value = coroutine.resume(self.co, false, CANCELLED)
        else
            ok, what, value = coroutine.resume(self.co, true)
        end
    end
end

-- Inside the task: arm(resume) starts an event source that calls
-- resume(...) once and returns a disarm function; wait yields until then
-- and returns resume's arguments.  Raises M.CANCELLED after task:cancel().
function Task:wait(arm)
    local token = {}
    local disarm
    disarm = arm(function(...)
        if self.waiting ~= token then return end
        self.waiting = nil
        self:_resume(true, ...)
    end)
    self.waiting = token
    self.disarm = disarm
    local function after(ok, ...)
        self.waiting, self.disarm = nil, nil
        if disarm then disarm() end
        if not ok then error(CANCELLED, 0) end
        return ...
    end
    return after(coroutine.yield(WAIT))
end

-- Inside the task: hands value to on_emit, continues after it returns.
function Task:emit(value)
    local ok = coroutine.yield(EMIT, value)
    if not ok then error(CANCELLED, 0) end
end

-- Inside the task: waits `seconds` on a uv timer.
function Task:sleep(seconds)
    local loop = self.loop
    self:wait(function(resume)
        local timer = loop.new_timer()
        timer:start(ms(seconds), 0, function() resume() end)
        return function() if not timer:is_closing() then timer:stop(); timer:close() end end
    end)
end

-- From outside the task: no emit and no exit callback afterwards; the task
-- unwinds (on the spot when it waits; else when it next yields).
function Task:cancel()
    if self.cancelled or self.finished then return false end
    self.cancelled = true
    self.on_emit = nil
    local exit = self.on_exit
    self.on_exit = function(task, ok, err)
        -- Only a cleanup failure that is not the cancel itself is worth a word.
        if not ok and err ~= CANCELLED and exit then exit(task, ok, err) end
    end
    if type(self.waiting) == "function" then           -- not started yet
        self.waiting()
        self.waiting = nil
        self:_finish()
        return true
    end
    if self.waiting then
        local disarm = self.disarm
        self.waiting, self.disarm = nil, nil
        if disarm then disarm() end
        self:_resume(false, CANCELLED)
    end
    return true
end

------------------------------------------------------------------------------
-- attach: the client's transport yields inside the client's tasks

local Hooks = {}
Hooks.__index = Hooks
M.Hooks = Hooks

-- The shared driver of single calls: one multi handle with the client's
-- settings, `max_concurrent` connections kept alive; closed when idle for
-- IDLE_CLOSE seconds (an unref'd timer: it keeps no loop alive).
M.IDLE_CLOSE = 5

function Hooks:_shared()
    local d = self.shared
    if d and not d.closed then
        if self.idle_timer then self.idle_timer:stop() end
        return d
    end
    d = self:_driver(self.client.max_concurrent, function(drv)
        local done = drv:take()
        for i = 1, #done do
            local resume = self.waiters[done[i].id]
            self.waiters[done[i].id] = nil
            if resume then resume(done[i]) end
        end
        self:_idle_check()
    end)
    self.shared = d
    return d
end

function Hooks:_idle_check()
    local d = self.shared
    if not d or d.closed or d:pending() > 0 or next(self.waiters) then return end
    if not self.idle_timer then
        self.idle_timer = self.loop.new_timer()
        self.idle_timer:unref()
    end
    self.idle_timer:start(ms(M.IDLE_CLOSE), 0, function()
        if self.shared == d and d:pending() == 0 and not next(self.waiters) then
            d:close()
            self.drivers[d] = nil
            self.shared = nil
        end
    end)
end

function Hooks:_driver(concurrency, on_done)
    local multi = self.inner_multi(self.transport, concurrency)
    local d = M.driver(multi, self.loop, on_done)
    self.drivers[d] = true
    return d
end

-- transport:request inside a task: one transfer on the shared driver.
function Hooks:request(task, method, url, body, opts)
    local d = self:_shared()
    self.serial = self.serial + 1
    local id = self.serial
    local ok, msg = d:add(id, method, url, body, opts)
    if not ok then return nil, msg, nil, "other" end
    local waiters = self.waiters
    local r = task:wait(function(resume)
        waiters[id] = resume
        return function()
            if waiters[id] then            -- cancelled while in flight
                waiters[id] = nil
                d:cancel(id)
                self:_idle_check()
            end
        end
    end)
    if r.response then return r.response end
    return nil, r.message, r.code, r.category
end

-- transport:multi inside a task: a driver with the multi's methods whose
-- perform(wait) yields until a transfer finishes or `wait` passes.
local TaskMulti = {}
TaskMulti.__index = TaskMulti

function Hooks:multi(task, concurrency)
    local m = setmetatable({ hooks = self, task = task }, TaskMulti)
    m.driver = self:_driver(concurrency, function()
        if m.wake then m.wake() end
    end)
    return m
end

function TaskMulti:add(...) return self.driver:add(...) end
function TaskMulti:cancel(id) return self.driver:cancel(id) end
function TaskMulti:pending() return self.driver:pending() end

function TaskMulti:perform(wait, max_done)
    local d = self.driver
    local task = M.current()
    if #d.done == 0 and not d.closed and task and wait and wait > 0 and d:pending() > 0 then
        local loop = self.hooks.loop
        task:wait(function(resume)
            local timer = loop.new_timer()
            timer:start(ms(wait), 0, function() resume() end)
            self.wake = function() resume() end
            return function()
                self.wake = nil
                if not timer:is_closing() then timer:stop(); timer:close() end
            end
        end)
    end
    local done = d:take(max_done)
    return done, (d:pending())
end

function TaskMulti:close()
    self.driver:close()
    self.hooks.drivers[self.driver] = nil
end

-- Transfers in flight on any driver of this client's tasks.
function Hooks:in_flight()
    local n = 0
    for d in pairs(self.drivers) do n = n + (d:pending()) end
    return n
end

-- Stands in client._schedulers for all the tasks' transfers: a blocking
-- call whose limiter slots are all taken waits here (yielding) while a task
-- of this client has transfers in flight; outside a task nothing can move
-- them, so it reports idle and the call goes ahead (client.lua's rule for
-- slots nobody here holds).
local Pump = {}
Pump.__index = Pump

function Pump:_pump(wait)
    local task = M.current()
    if not task or task.owner ~= self.hooks or self.hooks:in_flight() == 0 then return false end
    task:sleep(wait or 0.05)
    return true
end

-- Installs the hooks on client (once); returns them.  loop: the luv module.
function M.attach(client, loop)
    local transport = client._transport
    local hooks = rawget(transport, "_luv_hooks")
    if hooks then
        if hooks.loop ~= loop then
            error("dataforseo: this client already runs on another loop", 3)
        end
        return hooks
    end
    if type(transport.multi) ~= "function" then
        error("dataforseo: the async API needs the libcurl transport (this client uses "
            .. tostring(transport) .. "; inside OpenResty the ordinary calls already yield)", 3)
    end
    hooks = setmetatable({
        client = client, loop = loop, transport = transport,
        inner_request = transport.request, inner_sleep = transport.sleep,
        inner_multi = transport.multi,
        waiters = {}, serial = 0, drivers = {}, tasks = {},
    }, Hooks)
    local function own_task()
        local task = M.current()
        if task and task.owner == hooks then return task end
    end
    -- Instance fields shadow the transport's methods; outside this client's
    -- tasks they call the originals.
    transport.request = function(t, ...)
        local task = own_task()
        if task then return hooks:request(task, ...) end
        return hooks.inner_request(t, ...)
    end
    transport.sleep = function(t, seconds)
        local task = own_task()
        if task then return task:sleep(seconds) end
        return hooks.inner_sleep(t, seconds)
    end
    transport.multi = function(t, concurrency)
        local task = own_task()
        if task then return hooks:multi(task, concurrency) end
        return hooks.inner_multi(t, concurrency)
    end
    -- Schedulers made inside tasks are driven by their task, never by a
    -- blocking call's pumping (which cannot run the loop); the Pump stands
    -- for them.
    local schedulers = client._schedulers
    setmetatable(schedulers, { __mode = "k", __newindex = function(t, k, v)
        if own_task() then return end
        rawset(t, k, v)
    end })
    hooks.pump = setmetatable({ hooks = hooks }, Pump)
    rawset(schedulers, hooks.pump, true)
    rawset(transport, "_luv_hooks", hooks)
    return hooks
end

-- Closes every driver (cancelling their transfers) and the idle timer.
function Hooks:close()
    for d in pairs(self.drivers) do d:close() end
    self.drivers, self.shared, self.waiters = {}, nil, {}
    if self.idle_timer and not self.idle_timer:is_closing() then
        self.idle_timer:stop()
        self.idle_timer:close()
    end
    self.idle_timer = nil
end

-- uv handles the hooks hold open (drivers' polls and timers).
function Hooks:handles()
    local n = 0
    for d in pairs(self.drivers) do n = n + d:handles() end
    return n
end

return M
