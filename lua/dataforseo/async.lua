-- Non-blocking calls on a libuv loop: Neovim's vim.loop, or the standalone
-- luv module.  require("dataforseo.async") adds these methods to every
-- client:
--
--   client:anchors_async(params, callback) -> handle
--       callback(err, page) runs on the loop, error-first as in luv: nil
--       and the Page of client:anchors, or its error object (validation errors too: they arrive
--       through the callback, on a later turn of the loop, never inside
--       anchors_async itself).
--   client:anchors_pages_async(params, opts, on_page, on_done) -> handle
--       The walk of client:anchors_pages (walk.lua) with the same options
--       (limit, max_items, max_cost, concurrency) and rules: pages in
--       order, every item once, short page / total change end it, max_cost
--       stops it with an error of kind "cost_limit".  on_page(page, walk)
--       per page; on_done(err, walk) once at the end (err: the error object
--       when walk.status is "error" or "cost_limit", else nil).
--   handle:cancel() -> true when it was still running.  No callback runs
--       after it; transfers, timers and limiter slots are given back.
--       handle.walk is the walk object (anchors_pages_async).
--   client:use_loop(loop [, on_error])   the loop (the luv module) this
--       client's async calls run on; default vim.loop inside Neovim, else
--       require "luv".  Once chosen it stays.  on_error: see below.
--   client:close_async()   cancels what runs and closes the loop handles
--       of this client (idle ones close themselves after a few seconds).
--
-- The calls run the client's own code (validation, retry policy with the
-- backoff waited on a uv timer, limiter, cost checks, stats, walk.lua and
-- scheduler.lua for concurrent pages) inside a coroutine; where that code
-- would block, the transport yields to the loop (transport/luv.lua).
-- That code yields across pcall: Lua 5.2+ or LuaJIT (not PUC Lua 5.1).
-- Nothing happens until the loop runs (Neovim's always does; a script
-- calls uv.run()).
--
-- Callbacks run under a protected call.  An error raised by one of them
-- leaves this module's state whole (everything it tracks is updated
-- before a callback runs) and is then handed to on_error(message) when
-- the client has one, else raised again on a fresh turn of the loop: the
-- loop's own error path (Neovim shows "Error executing luv callback";
-- the standalone luv module prints "Uncaught Error" and exits).
local errors = require "dataforseo.errors"
local client_mod = require "dataforseo.client"
local walk = require "dataforseo.walk"
local luv = require "dataforseo.transport.luv"

local Client = client_mod.Client
local M = {}

local function hooks_of(client, loop)
    local transport = client._transport
    local hooks = type(transport) == "table" and rawget(transport, "_luv_hooks")
    if hooks and loop == nil then return hooks end
    if loop == nil then
        local err
        loop, err = luv.default_loop()
        if not loop then error("dataforseo: " .. err, 3) end
    end
    local problem = luv.check_loop(loop)
    if problem then error("dataforseo: " .. problem, 3) end
    return luv.attach(client, loop)
end

-- Hands an error raised by a callback to on_error, or raises it again on
-- a fresh turn of the loop.
local function report(hooks, message)
    if hooks.on_error then
        local ok = pcall(hooks.on_error, message)
        if ok then return end
    end
    local timer = hooks.loop.new_timer()
    timer:start(0, 0, function()
        timer:close()
        error(message, 0)
    end)
end

local function protect(hooks, fn, ...)
    if not fn then return end
    local ok, message = xpcall(fn, debug.traceback, ...)
    if not ok then report(hooks, message) end
end

-- A bug (not a failed call) inside the task: reported like a callback
-- error, and the caller still hears that the call ended.
local function internal(hooks, err)
    local message = tostring(err)
    report(hooks, "dataforseo async: " .. message)
    return errors.new{ kind = "internal", retryable = false, message = message }
end

local Handle = {}
Handle.__index = Handle

function Handle:cancel()
    return self._task:cancel()
end

function Handle:running()
    return not (self._task.finished or self._task.cancelled)
end

local function new_handle(task, fields)
    local h = setmetatable(fields or {}, Handle)
    h._task = task
    return h
end

local function check_callback(fn, name, optional)
    if fn == nil and optional then return end
    if type(fn) ~= "function" then
        error(string.format("dataforseo: %s must be a function, got %s", name, type(fn)), 3)
    end
end

function Client:use_loop(loop, on_error)
    if on_error ~= nil and type(on_error) ~= "function" then
        error("dataforseo: on_error must be a function, got " .. type(on_error), 2)
    end
    if loop == nil then error("dataforseo: use_loop(loop): loop is required (vim.loop or require 'luv')", 2) end
    local hooks = hooks_of(self, loop)
    hooks.on_error = on_error
    return self
end

function Client:anchors_async(params, callback)
    check_callback(callback, "anchors_async: callback", false)
    local hooks = hooks_of(self)
    local client = self
    local task = luv.task(hooks, hooks.loop, function()
        return client:anchors(params)
    end, nil, function(_, ok, page, err)
        if ok then protect(hooks, callback, err, page)
        else protect(hooks, callback, internal(hooks, page)) end
    end)
    task:start()
    return new_handle(task)
end

function Client:anchors_pages_async(params, opts, on_page, on_done)
    check_callback(on_page, "anchors_pages_async: on_page", true)
    check_callback(on_done, "anchors_pages_async: on_done", true)
    if opts ~= nil and type(opts) ~= "table" then
        error("dataforseo: anchors_pages_async: opts must be a table, got " .. type(opts), 2)
    end
    if opts and opts.on_page ~= nil then
        error("dataforseo: anchors_pages_async: pass on_page as the third argument, not in opts", 2)
    end
    local hooks = hooks_of(self)
    local w = walk.pages(self, params, opts)     -- bad opts raise here, as for anchors_pages
    local task = luv.task(hooks, hooks.loop, function(task)
        local ok, err = pcall(function()
            for page in w do task:emit(page) end
        end)
        if ok then return w end
        w:close()                       -- gives back the scheduler's transfers and slots
        if err == luv.CANCELLED or not errors.is_error(err) then error(err, 0) end
        return w, err
    end, function(_, page)
        protect(hooks, on_page, page, w)
    end, function(_, ok, _, err)
        if ok then protect(hooks, on_done, err, w)
        else protect(hooks, on_done, internal(hooks, err), w) end
    end)
    task:start()
    return new_handle(task, { walk = w })
end

function Client:close_async()
    local hooks = rawget(self._transport, "_luv_hooks")
    if not hooks then return end
    local running = {}
    for task in pairs(hooks.tasks) do running[#running + 1] = task end
    for _, task in ipairs(running) do task:cancel() end
    hooks:close()
end

-- uv handles this client's async machinery holds open (tests, leak checks).
function M.handles(client)
    local hooks = rawget(client._transport, "_luv_hooks")
    return hooks and hooks:handles() or 0
end

function M.hooks(client)
    return rawget(client._transport, "_luv_hooks")
end

return M
