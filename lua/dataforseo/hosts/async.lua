-- Non-blocking calls on a libuv loop (Neovim's vim.loop, or luv).  Loaded
-- by the first use of one of these client methods (client.lua):
--   client:anchors_async(params, callback(err, page)) -> handle
--   client:anchors_pages_async(params, opts, on_page(page, walk),
--       on_done(err, walk)) -> handle      (opts as for anchors_pages)
--   and the same pair for every endpoint (backlinks_async, summary_async, ...)
--   handle:cancel() -> true when it was still running: no callback runs
--       after it; transfers, timers and slots are given back.
--   handle:running(), handle.walk (anchors_pages_async)
--   client:use_loop(loop [, on_error])  the loop to run on (default
--       vim.loop inside Neovim, else require "luv"); once chosen it stays
--   client:close_async()   cancels what runs, closes the loop handles
-- Callbacks are error-first and run on the loop, never inside the call
-- that started them, under a protected call: an error raised there goes to
-- on_error(message), else is raised again on a fresh turn of the loop (the
-- loop's own error path).  Nothing happens until the loop runs.
local endpoints = require "dataforseo.api"
local errors = require "dataforseo.errors"
local luv = require "dataforseo.hosts.luv"

local M = {}

local hosts = setmetatable({}, { __mode = "k" })      -- client -> luv host
local engines = setmetatable({}, { __mode = "k" })    -- client -> its call engine

-- The client's engine, told by the client before each of these methods.
function M.bind(client, engine) engines[client] = engine end

local function host_of(client, loop)
    local host = hosts[client]
    if host then
        if loop ~= nil and loop ~= host.loop then
            error("dataforseo: this client already runs on another loop", 3)
        end
        return host
    end
    if loop == nil then
        local err
        loop, err = luv.default_loop()
        if not loop then error("dataforseo: " .. err, 3) end
    end
    local problem = luv.check_loop(loop)
    if problem then error("dataforseo: " .. problem, 3) end
    local engine = engines[client]
    if not engine:new_multi(1) then
        error("dataforseo: the async API needs the libcurl transport (inside OpenResty the "
            .. "ordinary calls already yield)", 3)
    end
    host = luv.host(engine, loop)
    engine:use_host(host)
    hosts[client] = host
    return host
end

-- Hands an error raised by a callback to on_error, or raises it again on
-- a fresh turn of the loop.
local function report(host, message)
    if host.on_error and pcall(host.on_error, message) then return end
    local timer = host.loop.new_timer()
    timer:start(0, 0, function()
        timer:close()
        error(message, 0)
    end)
end

local function protect(host, fn, ...)
    if not fn then return end
    local ok, message = xpcall(fn, debug.traceback, ...)
    if not ok then report(host, message) end
end

-- A bug (not a failed call) inside the task: reported like a callback
-- error, and the caller still hears that the call ended.
local function internal(host, err)
    local message = tostring(err)
    report(host, "dataforseo async: " .. message)
    return errors.new{ kind = "internal", retryable = false, message = message }
end

local Handle = {}
Handle.__index = Handle

function Handle:cancel() return self.task:cancel() end

function Handle:running() return not (self.task.finished or self.task.cancelled) end

local function check_callback(fn, name, optional)
    if fn == nil and optional then return end
    if type(fn) ~= "function" then
        error(string.format("dataforseo: %s must be a function, got %s", name, type(fn)), 3)
    end
end

function M.use_loop(client, loop, on_error)
    if on_error ~= nil and type(on_error) ~= "function" then
        error("dataforseo: on_error must be a function, got " .. type(on_error), 2)
    end
    if loop == nil then error("dataforseo: use_loop(loop): loop is required (vim.uv, vim.loop or require 'luv')", 2) end
    host_of(client, loop).on_error = on_error
    return client
end

local function call_async(name)
    local method = name .. "_async"
    return function(client, params, callback)
        check_callback(callback, method .. ": callback", false)
        local host = host_of(client)
        local task = host:task(function()
            return client[name](client, params)
        end, nil, function(_, ok, page, err)
            if ok then protect(host, callback, err, page)
            else protect(host, callback, internal(host, page)) end
        end)
        task:start()
        return setmetatable({ task = task }, Handle)
    end
end

local function pages_async(client, name, params, opts, on_page, on_done)
    local method = name .. "_pages_async"
    check_callback(on_page, method .. ": on_page", true)
    check_callback(on_done, method .. ": on_done", true)
    if opts ~= nil and type(opts) ~= "table" then
        error("dataforseo: " .. method .. ": opts must be a table, got " .. type(opts), 3)
    end
    if opts and opts.on_page ~= nil then
        error("dataforseo: " .. method .. ": pass on_page as the third argument, not in opts", 3)
    end
    local host = host_of(client)
    local w = client[name .. "_pages"](client, params, opts)     -- bad opts raise here
    local task = host:task(function(task)
        local ok, err = pcall(function()
            for page in w do task:emit(page) end
        end)
        if ok then return w end
        w:close()                       -- gives back the window's calls
        if err == luv.CANCELLED or not errors.is_error(err) then error(err, 0) end
        return w, err
    end, function(_, page)
        protect(host, on_page, page, w)
    end, function(_, ok, _, err)
        if ok then protect(host, on_done, err, w)
        else protect(host, on_done, internal(host, err), w) end
    end)
    task:start()
    return setmetatable({ task = task, walk = w }, Handle)
end

for _, name in ipairs(endpoints.list) do
    M[name .. "_async"] = call_async(name)
    if endpoints.lists(name) then
        M[name .. "_pages_async"] = function(client, params, opts, on_page, on_done)
            return pages_async(client, name, params, opts, on_page, on_done)
        end
    end
end

function M.close_async(client)
    local host = hosts[client]
    if host then host:close() end
end

-- The client's luv host (nil before its first async use): host:in_flight(),
-- host:handles() for tests and leak checks.
function M.host(client) return hosts[client] end

return M
