-- The OpenResty transport: HTTP/1.1 over nginx cosockets (ngx.socket.tcp),
-- so a query yields to nginx's event loop instead of blocking the worker.
-- It gives the call engine what hosts/curl.lua describes, with a
-- channel that runs one transfer at a time (add performs it, yielding).
-- Pure Lua: inside nginx the module works without the C core.
--
-- Failures carry the category names and libcurl codes of the curl
-- transport (timeout, connect, connection, resolve, tls, too_large, url,
-- encoding, other), so error objects and retry rules do not depend on the
-- host.  A call from a phase without cosockets (init, init_worker, set,
-- header/body filter, log, balancer) raises: a mistake in the program.
--
-- nginx settings it relies on (docs/openresty.md): lua_ssl_trusted_certificate
-- (TLS is always verified), lua_ssl_verify_depth, resolver (for host
-- names), lua_socket_pool_size and lua_socket_keepalive_timeout.
local json = require "dataforseo.json"

local ngx = ngx
local concat, floor, tonumber = table.concat, math.floor, tonumber

local M = {}

local Transport = {}
Transport.__index = Transport

-- ngx.get_phase() names in which cosockets and ngx.sleep work.
local YIELDABLE_PHASES = {
    rewrite = true, access = true, content = true, timer = true,
    ssl_cert = true, ssl_session_fetch = true, ssl_client_hello = true,
}

local function check_phase()
    local phase = ngx.get_phase()
    if YIELDABLE_PHASES[phase] then return end
    error(string.format("dataforseo: cannot query the API in nginx's %s phase: cosockets "
        .. "(non-blocking sockets) are not available there and a blocking call would stall "
        .. "the worker; run the query from a content, access, rewrite or timer handler, e.g. "
        .. "ngx.timer.at(0, function(premature) ... client:anchors{...} ... end)",
        tostring(phase)), 0)
end

-- libcurl's numbers for the same failures (CURLE_*).
local CODE = {
    url = 3, resolve = 6, connect = 7, partial = 18, too_large = 23, timeout = 28,
    got_nothing = 52, send = 55, recv = 56, tls = 35, tls_verify = 60, encoding = 61,
}

local MAX_HEADER_BYTES = 64 * 1024
local MAX_FRESH_RETRIES = 3     -- pooled connections the server closed meanwhile

-- Names keep-alive pools per worker; mixed into the credentials' hash so the
-- pool name (visible in nginx's debug log) reveals nothing about them.
local POOL_SALT = tostring({}) .. tostring(ngx.now()) .. tostring(math.random())

local function credentials_tag(login, password)
    local text = login .. "\0" .. password
    local digest = ngx.hmac_sha1 and ngx.hmac_sha1(POOL_SALT, text) or ngx.md5_bin(POOL_SALT .. text)
    return ngx.encode_base64(digest):sub(1, 16)
end

-- "https://host[:port]/path" -> { tls =, host =, port =, path =, host_header = }
local function parse_url(url)
    local scheme, authority, path = url:match("^(https?)://([^/?#]+)(.*)$")
    if not scheme then return nil, "unsupported URL (http:// or https:// expected): " .. url end
    local tls = scheme == "https"
    local host, port = authority:match("^(%[[^%]]+%]):?(%d*)$")
    if not host then host, port = authority:match("^([^:]+):?(%d*)$") end
    if not host then return nil, "malformed host in URL: " .. url end
    local default_port = tls and 443 or 80
    port = port ~= "" and tonumber(port) or default_port
    if port < 1 or port > 65535 then return nil, "port out of range in URL: " .. url end
    if path == "" then path = "/" end
    return {
        tls = tls, host = host, port = port, path = path,
        host_header = port == default_port and host or (host .. ":" .. port),
        -- nginx's resolver does not read /etc/hosts; localhost is loopback by
        -- definition (RFC 6761), so it needs no resolver.  The name is still
        -- the one TLS verifies.
        address = host:lower() == "localhost" and "127.0.0.1" or host,
    }
end

local function ms(seconds)
    return math.max(1, floor(seconds * 1000 + 0.5))
end

function M.new(settings, credentials)
    if credentials.proxy then
        error("dataforseo: option 'proxy' is not supported inside nginx (the ngx transport "
            .. "connects directly); remove it or run the query outside nginx", 2)
    end
    if settings.ca_file or settings.ca_path then
        ngx.log(ngx.WARN, "dataforseo: options 'ca_file'/'ca_path' are not used inside nginx; "
            .. "TLS is verified against lua_ssl_trusted_certificate")
    end
    local self = setmetatable({
        timeout = settings.timeout or 60,
        connect_timeout = settings.connect_timeout or 10,
        max_size = settings.max_response_size or 64 * 1024 * 1024,
        user_agent = settings.user_agent or ("lua-dataforseo/" .. require("dataforseo.version")),
        compressed = settings.compressed ~= false,
    }, Transport)
    if self.compressed and not require("dataforseo.hosts.zlib").available then
        self.compressed = false      -- do not ask for what cannot be read
    end
    -- Kept in a closure, not in a field, so nothing that walks or prints the
    -- transport can reach the credentials.
    local authorization = "Basic " .. ngx.encode_base64(credentials.login .. ":" .. credentials.password)
    local tag = credentials_tag(credentials.login, credentials.password)
    function self._authorization() return authorization end
    function self._pool(target)
        return concat({ target.tls and "https" or "http", target.address, target.port,
            target.tls and target.host or "", tag }, "|")
    end
    return self
end

-- The request head and body as a table of strings (one send, no concat).
local function request_parts(self, method, target, body)
    local parts = {
        method, " ", target.path, " HTTP/1.1\r\n",
        "Host: ", target.host_header, "\r\n",
        "Authorization: ", self._authorization(), "\r\n",
        "User-Agent: ", self.user_agent, "\r\n",
        "Accept: application/json\r\n",
    }
    if self.compressed then parts[#parts + 1] = "Accept-Encoding: gzip\r\n" end
    if body then
        parts[#parts + 1] = "Content-Type: application/json\r\n"
        parts[#parts + 1] = "Content-Length: " .. #body .. "\r\n\r\n"
        parts[#parts + 1] = body
    else
        parts[#parts + 1] = "\r\n"
    end
    return parts
end

-- A failure: message, code, category (and whether a fresh connection may
-- succeed where a reused one failed).
local function failure(message, code, category, retry_fresh)
    return { message = message, code = code, category = category, retry_fresh = retry_fresh }
end

local function io_failure(what, err, partial_code)
    if err == "timeout" then
        return failure("operation timed out while " .. what, CODE.timeout, "timeout")
    end
    return failure(what .. " failed: " .. tostring(err), partial_code or CODE.recv, "connection")
end

local function connect_failure(target, err)
    err = tostring(err)
    if err == "timeout" then
        return failure("connection to " .. target.host .. " port " .. target.port .. " timed out",
            CODE.timeout, "timeout")
    end
    if err:find("resolve", 1, true) or err:find("resolver", 1, true) then
        local hint = err:find("no resolver", 1, true)
            and " (nginx resolves names itself: set its resolver directive to a DNS server, "
                .. "e.g. the nameserver in /etc/resolv.conf)" or ""
        return failure("could not resolve host " .. target.host .. ": " .. err .. hint,
            CODE.resolve, "resolve")
    end
    return failure("could not connect to " .. target.host .. " port " .. target.port .. ": " .. err,
        CODE.connect, "connect")
end

local function tls_failure(target, err)
    err = tostring(err)
    if err == "timeout" then
        return failure("TLS handshake with " .. target.host .. " timed out", CODE.timeout, "timeout")
    end
    if err:match("^%d+: ") or err:find("host mismatch", 1, true) then
        local hint = err:find("local issuer", 1, true)
            and " (is lua_ssl_trusted_certificate set to a CA bundle that signs it?)" or ""
        return failure("TLS certificate of " .. target.host .. " not verified: " .. err .. hint,
            CODE.tls_verify, "tls")
    end
    return failure("TLS handshake with " .. target.host .. " failed: " .. err, CODE.tls, "tls")
end

local function has_token(value, token)
    if not value then return false end
    for part in value:lower():gmatch("[^,%s]+") do
        if part == token then return true end
    end
    return false
end

-- Reads one response head; skips 1xx interim answers.
local function read_head(sock, reused)
    while true do
        local line, err = sock:receive("*l")
        if not line then
            local f = err == "closed"
                and failure("the server closed the connection without answering", CODE.got_nothing,
                    "connection")
                or io_failure("receiving the status line", err)
            -- Nothing at all on a pooled connection: the server dropped it
            -- while it sat idle; a fresh one may succeed (libcurl does the same).
            f.retry_fresh = reused and err ~= "timeout"
            return nil, f
        end
        local major, minor, status = line:match("^HTTP/(%d)%.(%d) (%d%d%d)")
        if not major then
            return nil, failure("not an HTTP response: " .. line:sub(1, 80), CODE.recv, "connection")
        end
        local headers, size = {}, #line
        while true do
            local h, herr = sock:receive("*l")
            if not h then return nil, io_failure("receiving the response headers", herr) end
            if h == "" then break end
            size = size + #h
            if size > MAX_HEADER_BYTES then
                return nil, failure("response headers larger than " .. MAX_HEADER_BYTES .. " bytes",
                    CODE.recv, "connection")
            end
            local name, value = h:match("^([^:]+):%s*(.-)%s*$")
            if name then
                name = name:lower()
                headers[name] = headers[name] and (headers[name] .. ", " .. value) or value
            end
        end
        status = tonumber(status)
        if status >= 200 then
            return { status = status, headers = headers,
                http10 = major == "1" and minor == "0" }
        end
    end
end

-- Reads the body the head announces, at most max_size bytes.
-- Returns body, until_close | nil, failure.
local function read_body(sock, head, max_size, method)
    local status, headers = head.status, head.headers
    if method == "HEAD" or status == 204 or status == 304 then return "", false end
    local too_large = failure("response larger than max_response_size (" .. max_size
        .. " bytes); transfer aborted", CODE.too_large, "too_large")
    if has_token(headers["transfer-encoding"], "chunked") then
        local parts, total = {}, 0
        while true do
            local line, err = sock:receive("*l")
            if not line then return nil, io_failure("receiving a chunk size", err, CODE.partial) end
            local size = tonumber(line:match("^%s*(%x+)") or "", 16)
            if not size then
                return nil, failure("malformed chunk size: " .. line:sub(1, 40), CODE.recv, "connection")
            end
            if size == 0 then break end
            total = total + size
            if total > max_size then return nil, too_large end
            local data, derr = sock:receive(size)
            if not data then return nil, io_failure("receiving the body", derr, CODE.partial) end
            parts[#parts + 1] = data
            local crlf, cerr = sock:receive("*l")
            if crlf ~= "" then
                return nil, io_failure("receiving the body", cerr or "chunk not followed by CRLF",
                    CODE.partial)
            end
        end
        repeat                                  -- trailers, up to the empty line
            local line, err = sock:receive("*l")
            if not line then return nil, io_failure("receiving the trailers", err, CODE.partial) end
        until line == ""
        return concat(parts), false
    end
    local length = headers["content-length"]
    if length then
        length = tonumber(length:match("^%s*(%d+)%s*$"))
        if not length then
            return nil, failure("malformed Content-Length: " .. headers["content-length"],
                CODE.recv, "connection")
        end
        if length > max_size then return nil, too_large end
        if length == 0 then return "", false end
        local data, err, partial = sock:receive(length)
        if not data then
            if err == "closed" then
                return nil, failure(string.format("transfer closed with %d bytes remaining to read",
                    length - #(partial or "")), CODE.partial, "connection")
            end
            return nil, io_failure("receiving the body", err, CODE.partial)
        end
        return data, false
    end
    -- Neither: the body runs until the server closes the connection.
    local parts, total = {}, 0
    while true do
        local data, err = sock:receiveany(64 * 1024)
        if not data then
            if err == "closed" then break end
            return nil, io_failure("receiving the body", err, CODE.partial)
        end
        total = total + #data
        if total > max_size then return nil, too_large end
        parts[#parts + 1] = data
    end
    return concat(parts), true
end

-- One exchange on one connection: the response table or a failure.
function Transport:_exchange(method, target, body, deadline, decode_opts)
    local function remaining() return deadline - ngx.now() end
    local sock = ngx.socket.tcp()
    local left = remaining()
    if left <= 0 then return nil, failure("operation timed out", CODE.timeout, "timeout") end
    sock:settimeouts(ms(math.min(self.connect_timeout, left)), ms(left), ms(left))
    local ok, err = sock:connect(target.address, target.port, { pool = self._pool(target) })
    if not ok then return nil, connect_failure(target, err) end
    local reused = (sock:getreusedtimes() or 0) > 0

    local function fail(f)
        sock:close()
        return nil, f
    end

    if target.tls and not reused then
        -- verify = true: chain against lua_ssl_trusted_certificate, and the
        -- name against the certificate (SNI is sent with it).  Under pcall:
        -- when the handshake completes without waiting and verification then
        -- fails, lua-resty-core 0.1.25 raises "assertion failed!" instead of
        -- returning the reason (nginx logs the reason itself).  Never pass
        -- reused_session = false here: that path returns true in the same
        -- situation, and the failed verification would go unnoticed.
        local called, session, herr = pcall(sock.sslhandshake, sock, nil, target.host, true)
        if not called then
            return fail(failure("TLS certificate of " .. target.host .. " not verified (nginx's "
                .. "error log names the reason: an unknown issuer needs lua_ssl_trusted_certificate "
                .. "set to a CA bundle that signs it; a name mismatch needs a host name in base_url "
                .. "that the certificate carries)", CODE.tls_verify, "tls"))
        end
        if not session then return fail(tls_failure(target, herr)) end
    end

    left = remaining()
    if left <= 0 then return fail(failure("operation timed out", CODE.timeout, "timeout")) end
    sock:settimeouts(ms(math.min(self.connect_timeout, left)), ms(left), ms(left))
    local sent, serr = sock:send(request_parts(self, method, target, body))
    if not sent then
        local f = io_failure("sending the request", serr, CODE.send)
        f.retry_fresh = reused and serr ~= "timeout"
        return fail(f)
    end

    local head, f = read_head(sock, reused)
    if not head then return fail(f) end
    left = remaining()
    if left <= 0 then return fail(failure("operation timed out", CODE.timeout, "timeout")) end
    sock:settimeouts(ms(math.min(self.connect_timeout, left)), ms(left), ms(left))
    local raw, until_close_or_failure = read_body(sock, head, self.max_size, method)
    if not raw then return fail(until_close_or_failure) end

    -- Back to the pool when both sides keep the connection open.
    local headers = head.headers
    local keep = not until_close_or_failure and not has_token(headers["connection"], "close")
        and (not head.http10 or has_token(headers["connection"], "keep-alive"))
    if keep then sock:setkeepalive() else sock:close() end

    local text = raw
    local encoding = headers["content-encoding"]
    if encoding and encoding:lower() ~= "identity" and raw ~= "" then
        if encoding:lower() ~= "gzip" or not self.compressed then
            return nil, failure("unsupported Content-Encoding: " .. encoding, CODE.encoding, "encoding")
        end
        local message, too_large
        text, message, too_large = require("dataforseo.hosts.zlib").gunzip(raw, self.max_size)
        if not text then
            return nil, failure(message, too_large and CODE.too_large or CODE.encoding,
                too_large and "too_large" or "encoding")
        end
    end

    local res = { status = head.status, headers = headers, bytes = #text,
        new_connections = reused and 0 or 1 }
    if decode_opts.decode ~= false and text ~= "" then
        local value, message, position = json.decode(text, decode_opts.json)
        if message == nil then
            res.data = value
            if decode_opts.keep_body then res.body = text end      -- for the response store
        else
            res.decode_error, res.decode_position, res.body = message, position, text
        end
    else
        res.body = text
    end
    return res
end

-- opts: { timeout = seconds, decode = true, keep_body = false, json = decoder options }, as curl's.
function Transport:request(method, url, body, opts)
    check_phase()
    opts = opts or {}
    local target, problem = parse_url(url)
    if not target then return nil, problem, CODE.url, "url" end
    ngx.update_time()
    local started = ngx.now()
    local deadline = started + (opts.timeout or self.timeout)
    local res, f
    for _ = 0, MAX_FRESH_RETRIES do
        res, f = self:_exchange(method, target, body, deadline, opts)
        if res or not f.retry_fresh then break end
    end
    if not res then return nil, f.message, f.code, f.category end
    ngx.update_time()
    res.time = ngx.now() - started
    return res
end

local function sleep(seconds)
    check_phase()
    if seconds > 0 then ngx.sleep(seconds) end
end

function Transport.clock()
    return {
        now = function() ngx.update_time(); return ngx.now() end,
        wall = function() ngx.update_time(); return ngx.now() end,
        sleep = sleep,
    }
end

-- add runs the transfer (the request yields to nginx) and keeps the
-- outcome for the next wait.  Requests of the worker that share a client
-- share its channel: wait yields on a semaphore until some transfer ends.
local Channel = {}
Channel.__index = Channel

function Transport:channel(_, sleep_fn)
    return setmetatable({ transport = self, done = {}, sleep_fn = sleep_fn or sleep,
        concurrent = false, waiting = 0, sema = require("ngx.semaphore").new(),
        check = check_phase }, Channel)
end

function Channel:add(id, method, url, body, opts)
    local res, message, code, category = self.transport:request(method, url, body, opts)
    local d = { id = id }
    if res then d.response = res else d.message, d.code, d.category = message, code, category end
    self.done[#self.done + 1] = d
    if self.waiting > 0 then self.sema:post(self.waiting) end
    return true
end

function Channel:cancel(id)
    for i = #self.done, 1, -1 do
        if self.done[i].id == id then table.remove(self.done, i) end
    end
end

function Channel:wait(seconds)
    if #self.done == 0 and seconds and seconds > 0 then
        self.waiting = self.waiting + 1
        self.sema:wait(seconds)
        self.waiting = self.waiting - 1
    end
    local done = self.done
    self.done = {}
    return done
end

function Channel:sleep(seconds) self.sleep_fn(seconds) end

function Channel:close() self.closed = true end

function Transport.__tostring()
    return "dataforseo.hosts.ngx"
end

M.parse_url = parse_url
return M
