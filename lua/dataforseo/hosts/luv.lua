-- Calls on a libuv loop (Neovim's vim.uv, vim.loop before 0.10, or the
-- standalone luv module)
-- for dataforseo.hosts.async.  Three layers:
--   Driver   one host-driven multi handle of the C core (src/multi.c:
--            use_host_loop / interest / step) with a uv poll per descriptor
--            it names (on Linux the one epoll set of libcurl's sockets,
--            elsewhere each socket) and a uv timer for libcurl's timeout;
--            libcurl's callbacks only queue in C, the driver applies the
--            queue after every step.
--   Task     a coroutine running ordinary client code (the call engine, a
--            walk); where that code waits, its channel yields to the loop.
--   Host     what the call engine asks for (engine:use_host): inside one of
--            the host's tasks, host:channel() is the loop's channel (one
--            shared driver; wait and sleep yield the task); elsewhere nil,
--            so blocking calls of the same client stay untouched.
-- Yielding across pcall needs Lua 5.2+ or LuaJIT (not PUC Lua 5.1).
local M = {}

local CANCELLED = setmetatable({}, { __tostring = function() return "dataforseo: cancelled" end })
M.CANCELLED = CANCELLED
local WAIT, EMIT = {}, {}

local floor = math.floor
local function ms(seconds)
    if seconds <= 0 then return 0 end
    return floor(seconds * 1000 + 0.5)
end

-- Neovim's luv: vim.uv (0.10+, where vim.loop is its deprecated alias),
-- else vim.loop (older Neovim).  -> loop, its name | nil
function M.neovim_loop()
    local host = rawget(_G, "vim")
    if type(host) ~= "table" then return nil end
    for _, name in ipairs{ "uv", "loop" } do
        local ok, loop = pcall(function() return host[name] end)
        if ok and type(loop) == "table" then return loop, "vim." .. name end
    end
    return nil
end

function M.default_loop()
    local loop = M.neovim_loop()
    if loop then return loop end
    local ok, uv = pcall(require, "luv")
    if ok and type(uv) == "table" then return uv end
    return nil, "no libuv loop: run inside Neovim (vim.uv, or vim.loop before 0.10), install luv, "
        .. "or pass loop = <luv module>"
end

function M.check_loop(loop)
    if type(loop) ~= "table" or type(loop.new_timer) ~= "function"
        or type(loop.new_poll) ~= "function" then
        return "loop must be the luv module (vim.uv, vim.loop or require 'luv'), got " .. tostring(loop)
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
function Task.emit(_, value)
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
-- Host and its channel

local Host = {}
Host.__index = Host

-- A closed driver frees its sockets; an idle one closes after IDLE_CLOSE
-- seconds on an unref'd timer (it keeps no loop alive).
M.IDLE_CLOSE = 5

local Channel = {}
Channel.__index = Channel

-- engine: the client's call engine (gives multi handles); loop: the luv module.
function M.host(engine, loop)
    local self = setmetatable({ engine = engine, loop = loop, tasks = {} }, Host)
    self.ch = setmetatable({ host = self, waiters = {}, concurrent = true }, Channel)
    return self
end

-- The channel of the running coroutine when it is one of this host's tasks.
function Host:channel()
    local task = M.current()
    if task and task.owner == self then return self.ch end
    return nil
end

-- fn(task) runs in a coroutine on the loop (see M.task).
function Host:task(fn, on_emit, on_exit)
    return M.task(self, self.loop, fn, on_emit, on_exit)
end

function Channel:driver()
    local d = self.d
    if d and not d.closed then
        if self.idle_timer then self.idle_timer:stop() end
        return d
    end
    local loop = self.host.loop
    d = M.driver(self.host.engine:new_multi(), loop,
        function() self:wake() end)
    self.d = d
    return d
end

-- Resumes every task waiting in wait(): one of them takes the finished
-- transfers and settles them for all.
function Channel:wake()
    local waiters = self.waiters
    self.waiters = {}
    for _, resume in ipairs(waiters) do resume() end
    self:idle_check()
end

function Channel:idle_check()
    local d = self.d
    if not d or d.closed or d:pending() > 0 or #d.done > 0 then return end
    if not self.idle_timer then
        self.idle_timer = self.host.loop.new_timer()
        self.idle_timer:unref()
    end
    self.idle_timer:start(ms(M.IDLE_CLOSE), 0, function()
        if self.d == d and d:pending() == 0 and #d.done == 0 then
            d:close()
            self.d = nil
        end
    end)
end

function Channel:add(id, method, url, body, opts)
    return self:driver():add(id, method, url, body, opts)
end

function Channel:cancel(id)
    if self.d then self.d:cancel(id) end
    self:idle_check()
end

-- Inside a task: yields until a transfer finishes or `seconds` pass.
function Channel:wait(seconds, max)
    local d = self.d
    if not d then return {} end
    if seconds > 0 and #d.done == 0 and d:pending() > 0 then
        local task = M.current()
        local waiters, loop = self.waiters, self.host.loop
        task:wait(function(resume)
            local timer = loop.new_timer()
            timer:start(ms(seconds), 0, function() resume() end)
            waiters[#waiters + 1] = resume
            return function()
                if not timer:is_closing() then timer:stop(); timer:close() end
                for i = #self.waiters, 1, -1 do
                    if self.waiters[i] == resume then table.remove(self.waiters, i) end
                end
            end
        end)
    end
    local done = d:take(max)
    self:idle_check()
    return done
end

function Channel.sleep(_, seconds)
    M.current():sleep(seconds)
end

function Channel:close()
    if self.d then self.d:close() end
    self.d = nil
    if self.idle_timer and not self.idle_timer:is_closing() then
        self.idle_timer:stop()
        self.idle_timer:close()
    end
    self.idle_timer = nil
end

-- Transfers in flight on the loop, and the uv handles held (leak checks).
function Host:in_flight()
    return self.ch.d and (self.ch.d:pending()) or 0
end

-- Tasks waiting for a transfer.
function Host:waiting() return #self.ch.waiters end

function Host:handles()
    return self.ch.d and self.ch.d:handles() or 0
end

-- Cancels every task, then closes the driver and its handles.
function Host:close()
    local running = {}
    for task in pairs(self.tasks) do running[#running + 1] = task end
    for _, task in ipairs(running) do task:cancel() end
    self.ch:close()
end

return M
