-- A small Redis client (RESP2) over a socket object with connect, send,
-- receive and close: LuaSocket's outside nginx (blocking), nginx's
-- cosocket inside it (yields to the event loop; the connection goes back
-- to nginx's keep-alive pool).  Just what the governor needs: a command
-- in, its reply out.  Debian's lua-redis is not packaged for Lua 5.4 and
-- lua-nginx-redis drags in nginx-extras, hence this.
--
--   local conn, err = resp.connect{ host =, port =, timeout = seconds,
--       password =, db =, pool = name (nginx) }
--   conn:call("SET", "k", "v") -> reply | nil, message, kind
--     reply: string, integer, array (table), false (a nil bulk)
--     kind: "server" (Redis answered -ERR...) | "connection"
--   conn:close() (inside nginx: back to the pool), idempotent
--
-- A client for a store that speaks to one server again and again (the
-- governor's, the response store's): outside nginx one connection, kept
-- open and made again once when it broke; inside nginx a pooled cosocket
-- per command (a cosocket cannot outlive its request).
--   local c = resp.client{ host =, port =, timeout =, password =, db =, pool = "name" }
--   c:call(...) -> reply | nil, "Redis (host:port/db): message" (or the
--       connect error), kind, written (the command went out: it may have
--       run);  c.server ("host:port/db");  c:close()
-- A command whose reply did not come in time is sent once more on a new
-- connection: what the server may then apply twice must be idempotent.
local M = {}

-- Bounds on what a reply may be: the governor's are a word or a short
-- line, never nested.  A server that sends more is not one to trust.
M.MAX_DEPTH = 8               -- arrays within arrays
M.MAX_ITEMS = 1024            -- elements of one array
M.MAX_BULK = 1024 * 1024      -- bytes of one bulk string

local concat, tostring, tonumber = table.concat, tostring, tonumber

local Conn = {}
Conn.__index = Conn

local function encode(args)
    local out = { "*" .. #args .. "\r\n" }
    for i = 1, #args do
        local s = tostring(args[i])
        out[#out + 1] = "$" .. #s .. "\r\n" .. s .. "\r\n"
    end
    return concat(out)
end

local function protocol_error(what)
    return nil, "not a Redis reply the governor can use (" .. what .. ")", "connection"
end

local function read_reply(sock, depth)
    local line, err = sock:receive("*l")
    if not line then return nil, "reading from Redis: " .. tostring(err), "connection" end
    local kind, rest = line:sub(1, 1), line:sub(2)
    if kind == "+" then return rest end
    if kind == "-" then return nil, rest, "server" end
    if kind == ":" then return tonumber(rest) end
    if kind == "$" then
        local n = tonumber(rest)
        if not n or n < 0 then return false end
        if n > M.MAX_BULK then return protocol_error("a bulk string of " .. n .. " bytes") end
        local data, rerr = sock:receive(n + 2)
        if not data then return nil, "reading from Redis: " .. tostring(rerr), "connection" end
        return data:sub(1, n)
    end
    if kind == "*" then
        local n = tonumber(rest)
        if not n or n < 0 then return false end
        if depth >= M.MAX_DEPTH then return protocol_error("arrays nested deeper than " .. M.MAX_DEPTH) end
        if n > M.MAX_ITEMS then return protocol_error("an array of " .. n .. " elements") end
        local out = {}
        for i = 1, n do
            local v, e, k = read_reply(sock, depth + 1)
            if v == nil then
                if k == "server" then v = { err = e } else return nil, e, k end
            end
            out[i] = v
        end
        return out
    end
    return nil, "not a Redis reply (protocol error)", "connection"
end

-- A fourth value on failure: true once the command was written (the
-- server may have run it).
function Conn:call(...)
    if self.closed then return nil, "the Redis connection is closed", "connection" end
    local ok, err = self.sock:send(encode({ ... }))
    if not ok then return nil, "writing to Redis: " .. tostring(err), "connection" end
    local reply, message, kind = read_reply(self.sock, 0)
    if reply == nil then return nil, message, kind, true end
    return reply
end

-- Inside nginx the connection goes back to the pool unless it failed.
function Conn:close(broken)
    if self.closed then return end
    self.closed = true
    if self.nginx and not broken then
        local ok = self.sock:setkeepalive(60000, 16)
        if ok then return end
    end
    self.sock:close()
end

-- o.host, o.port, o.timeout (seconds), o.password, o.db, o.pool (nginx)
function M.connect(o)
    local nginx = require("dataforseo.client").in_nginx()
    local sock, err
    if nginx then
        sock = ngx.socket.tcp()
        sock:settimeout(math.floor((o.timeout or 1) * 1000 + 0.5))
        local ok
        ok, err = sock:connect(o.host, o.port, { pool = o.pool })
        if not ok then return nil, "cannot connect to Redis at " .. o.host .. ":" .. o.port .. ": " .. tostring(err) end
    else
        local okl, socket = pcall(require, "socket")
        if not okl then return nil, "the Redis governor needs LuaSocket (Debian: lua-socket) outside nginx" end
        sock = socket.tcp()
        sock:settimeout(o.timeout or 1)
        local ok
        ok, err = sock:connect(o.host, o.port)
        if not ok then
            sock:close()
            return nil, "cannot connect to Redis at " .. o.host .. ":" .. o.port .. ": " .. tostring(err)
        end
        if sock.setoption then sock:setoption("tcp-nodelay", true) end
    end
    local self = setmetatable({ sock = sock, nginx = nginx }, Conn)
    -- A pooled connection (nginx) was set up when it was made.
    local reused = nginx and (sock:getreusedtimes() or 0) > 0
    if not reused then
        if o.password then
            local r, e = self:call("AUTH", o.password)
            if not r then
                self:close(true)
                return nil, "Redis refused AUTH: " .. tostring(e)
            end
        end
        if o.db and o.db ~= 0 then
            local r, e = self:call("SELECT", o.db)
            if not r then
                self:close(true)
                return nil, "Redis refused SELECT " .. tostring(o.db) .. ": " .. tostring(e)
            end
        end
    end
    return self
end

local SALT = tostring({}) .. tostring(os.time()) .. tostring(os.clock())

local Client = {}
Client.__index = Client

function M.client(o)
    local self = setmetatable({ host = o.host or "127.0.0.1", port = o.port or 6379, db = o.db or 0,
        timeout = o.timeout or 1 }, Client)
    self.server = self.host .. ":" .. self.port .. "/" .. tostring(self.db)
    -- The password stays in a closure: printing the client does not show it.
    -- nginx's pool name tells connections of other passwords apart by a
    -- salted hash of it (the salt is this process's own).
    local password = o.password
    local tag = password and require("dataforseo.engine.sha256").hex(SALT .. password):sub(1, 12)
    local pool = (o.pool or "dataforseo") .. ":" .. self.server .. (tag and (":" .. tag) or "")
    function self.connect(c)
        return M.connect{ host = c.host, port = c.port, timeout = c.timeout, password = password,
            db = c.db, pool = pool }
    end
    return self
end

function Client:call(...)
    local written = false
    for attempt = 1, 2 do
        local conn = self.conn
        if not conn then
            local err
            conn, err = self:connect()
            if not conn then return nil, err, "connection", written end
        end
        local reply, message, kind, sent = conn:call(...)
        written = written or sent == true
        if conn.nginx then
            conn:close(kind == "connection")
        elseif kind == "connection" then
            conn:close(true)
            self.conn = nil
        else
            self.conn = conn
        end
        if reply ~= nil then return reply end
        if kind ~= "connection" or attempt == 2 then
            return nil, "Redis (" .. self.server .. "): " .. tostring(message), kind, written
        end
    end
end

function Client:close()
    if self.conn then
        self.conn:close()
        self.conn = nil
    end
end

return M
