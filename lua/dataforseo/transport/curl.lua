-- The default transport: a libcurl session of the C core (one reused easy
-- handle, so calls share a keep-alive connection).
--
-- Every transport offers the same three methods, so the client does not care
-- which one it drives (luv and ngx transports follow the same shape):
--   t:request(method, url, body, opts)
--     -> { status =, headers = { lower-case names }, data = <decoded JSON>
--          | body = <string> (+ decode_error) , time =, bytes =, new_connections = }
--     -> nil, message, code, category   when no HTTP response arrived
--   t:sleep(seconds)   waits (blocking here; a host loop yields instead)
--   t:close()          releases the connection; a later request reopens it
-- and, for concurrent pages (scheduler.lua), where the transport can:
--   t:multi(concurrency) -> a batch object of the C core (see src/multi.c):
--          add(id, method, url, body, opts), perform(wait) -> done, active,
--          cancel(id), pending(), close()
local http = require("dataforseo.core").http

local Transport = {}
Transport.__index = Transport

local M = {}

-- settings: the client's settings; credentials: { login =, password = }.
function M.new(settings, credentials)
    local self = setmetatable({}, Transport)
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
        proxy = settings.proxy,
        compressed = settings.compressed,
    }
    local session
    function self._session()
        if session == nil then session = http.session(session_options) end
        return session
    end
    function self._multi(concurrency)
        return http.multi(session_options, concurrency)
    end
    function self._drop()
        if session ~= nil then
            session:close()
            session = nil
        end
    end
    return self
end

function Transport:request(method, url, body, opts)
    return self._session():request(method, url, body, opts)
end

-- A new multi handle with the session's settings and credentials; its
-- connections are kept alive across the batch (at most `concurrency`).
function Transport:multi(concurrency)
    return self._multi(concurrency)
end

function Transport.sleep(_, seconds)
    http.sleep(seconds)
end

function Transport:close()
    self._drop()
end

function Transport.__tostring()
    return "dataforseo.transport.curl"
end

return M
