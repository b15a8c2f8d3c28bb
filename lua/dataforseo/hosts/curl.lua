-- The libcurl transport of the C core.  Every transport gives the call
-- engine (engine/engine.lua) the same things:
--   t:channel(concurrency, sleep) -> a channel: add(id, method, url, body,
--       opts), cancel(id), wait(seconds, max) -> finished transfers
--       ({ id, response } or { id, message, code, category }), sleep(s),
--       close(); .concurrent
--   t:clock() -> { now = monotonic seconds, wall = Unix time, sleep = fn }
--   t.interrupted() -> the name of a pending signal, or nil (optional)
--   t:multi(concurrency) -> a raw multi handle (src/multi.c) for async hosts
-- Here a channel is one multi handle, its connections kept alive and
-- shared by every call of the client; a call that runs alone (nothing else
-- in flight or queued: opts.alone) takes a plain easy handle instead,
-- which costs a third less CPU than the multi's polling.
local core = require "dataforseo.core"
local http = core.http

local M = {}

local Transport = {}
Transport.__index = Transport

-- settings: the client's options; credentials: { login =, password = }.
function M.new(settings, credentials)
    -- Kept in a closure, not in a field, so nothing that walks or prints the
    -- transport can reach the credentials.
    local session_options = {
        username = credentials.login,
        password = credentials.password,
        user_agent = settings.user_agent,
        timeout = settings.timeout,
        connect_timeout = settings.connect_timeout,
        max_size = settings.max_response_size,
        ca_file = settings.ca_file,
        ca_path = settings.ca_path,
        proxy = credentials.proxy,
        compressed = settings.compressed,
    }
    local self = setmetatable({}, Transport)
    function self.multi(_, concurrency)
        return http.multi(session_options, concurrency)
    end
    function self.session()
        return http.session(session_options)
    end
    return self
end

function Transport.clock()
    return { now = http.now, wall = http.wall, sleep = http.sleep }
end

-- The name of a signal the process asked to hear (the CLI installs SIGINT
-- and SIGTERM handlers) that has arrived, or nil.
function Transport.interrupted()
    return (core.signals.pending())
end

local Channel = {}
Channel.__index = Channel

function Transport:channel(concurrency, sleep)
    return setmetatable({ transport = self, handle = self:multi(concurrency), done = {},
        sleep_fn = sleep, concurrent = true }, Channel)
end

function Channel:add(id, method, url, body, opts)
    if opts and opts.alone and self.handle:pending() == 0 then
        self.session = self.session or self.transport.session()
        local res, message, code, category = self.session:request(method, url, body, opts)
        self.done[#self.done + 1] = { id = id, response = res, message = message, code = code,
            category = category }
        return true
    end
    return self.handle:add(id, method, url, body, opts)
end

function Channel:cancel(id)
    for i = #self.done, 1, -1 do
        if self.done[i].id == id then table.remove(self.done, i) end
    end
    return self.handle:cancel(id)
end

-- Moves every transfer on, waiting up to `seconds` for one to finish; at
-- most `max` results are turned into Lua values per wait, so the calls
-- that replace them start before the rest are decoded.
function Channel:wait(seconds, max)
    if #self.done > 0 then
        local done = self.done
        self.done = {}
        return done
    end
    return (self.handle:perform(seconds, max))
end

function Channel:sleep(seconds) self.sleep_fn(seconds) end

function Channel:close()
    if self.closed then return end
    self.closed = true
    self.handle:close()
    if self.session then self.session:close() end
end

function Transport.__tostring()
    return "dataforseo.hosts.curl"
end

return M
