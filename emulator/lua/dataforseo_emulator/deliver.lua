-- Puts a response on the wire, honestly or (for fault tests) not: a
-- truncated body, a TCP reset in mid-body, a slow drip, or a connection
-- closed without a byte.  nginx's gzip module compresses answers for
-- clients that accept gzip unless the setting is off.  Runs inside nginx.
local stats = require("dataforseo_emulator.stats")

local M = {}

local REASONS = { [200] = "OK", [401] = "Unauthorized", [402] = "Payment Required", [404] = "Not Found",
    [429] = "Too Many Requests", [500] = "Internal Server Error", [502] = "Bad Gateway",
    [503] = "Service Unavailable" }

-- The page nginx itself would send for a 5xx.
function M.html_error(status)
    local title = status .. " " .. (REASONS[status] or "Error")
    return "<html>\r\n<head><title>" .. title .. "</title></head>\r\n<body>\r\n<center><h1>" ..
        title .. "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
end

-- What the gzip module will see: the client accepts gzip (q > 0).
local function accepts_gzip()
    local ae = ngx.var.http_accept_encoding
    if not ae then return false end
    for part in ae:lower():gmatch("[^,]+") do
        local name = part:match("^%s*([^;%s]+)")
        local q = part:match(";%s*q%s*=%s*([%d%.]+)")
        if name == "gzip" and (q == nil or (tonumber(q) or 0) > 0) then return true end
    end
    return false
end

-- The file descriptor of this request's connection, found by matching the
-- socket's local and peer ports (nginx does not expose it to Lua).
local ffi_ok, ffi = pcall(require, "ffi")
local socket_api
if ffi_ok then
    socket_api = pcall(ffi.cdef, [[
    struct dfs_sockaddr_in { unsigned short family; unsigned short port; unsigned char addr[4];
                             unsigned char zero[8]; };
    struct dfs_linger { int l_onoff; int l_linger; };
    int getsockname(int fd, struct dfs_sockaddr_in *addr, unsigned int *len);
    int getpeername(int fd, struct dfs_sockaddr_in *addr, unsigned int *len);
    int setsockopt(int fd, int level, int name, const void *value, unsigned int len);
  ]]) and ffi.C
end

local function port_of(sa)
    local p = ffi.cast("unsigned char *", sa) + 2
    return p[0] * 256 + p[1]
end

local function connection_fd()
    if not socket_api then return nil end
    local want_local, want_peer = tonumber(ngx.var.server_port), tonumber(ngx.var.remote_port)
    local sa = ffi.new("struct dfs_sockaddr_in[1]")
    local len = ffi.new("unsigned int[1]")
    for fd = 3, 65535 do
        len[0] = ffi.sizeof("struct dfs_sockaddr_in")
        if socket_api.getpeername(fd, sa, len) == 0 and sa[0].family == 2 and port_of(sa) == want_peer then
            len[0] = ffi.sizeof("struct dfs_sockaddr_in")
            if socket_api.getsockname(fd, sa, len) == 0 and port_of(sa) == want_local then
                return fd
            end
        end
    end
    return nil
end

-- SO_LINGER with a zero timeout: close() then sends RST, not FIN.
local function arm_reset()
    local fd = connection_fd()
    if not fd then return false end
    local lg = ffi.new("struct dfs_linger", { 1, 0 })
    return socket_api.setsockopt(fd, 1 --[[SOL_SOCKET]], 13 --[[SO_LINGER]], lg, ffi.sizeof(lg)) == 0
end

local function header_block(status, headers, length)
    local lines = { "HTTP/1.1 " .. status .. " " .. (REASONS[status] or "Status") }
    lines[#lines + 1] = "Server: nginx"
    lines[#lines + 1] = "Date: " .. ngx.http_time(ngx.time())
    for k, v in pairs(headers) do lines[#lines + 1] = k .. ": " .. v end
    lines[#lines + 1] = "Content-Length: " .. length
    return table.concat(lines, "\r\n") .. "\r\n\r\n"
end

-- Sends headers and half of the body over the raw socket, then closes the
-- connection: with a FIN ("truncate") or a TCP reset ("reset").
local function cut_off(status, headers, body, kind)
    local sock, err = ngx.req.socket(true)
    if not sock then
        ngx.log(ngx.ERR, "raw socket unavailable: ", err)
        return ngx.exit(444)
    end
    local half = math.floor(#body / 2)
    sock:send(header_block(status, headers, #body) .. body:sub(1, half))
    if kind == "reset" then
        ngx.sleep(0.05)   -- let the client read the first half before the reset
        if not arm_reset() then ngx.log(ngx.ERR, "could not arm the TCP reset") end
    end
    return ngx.exit(444)
end

-- Sends a response.  fault: nil or one of state.FAULT_KINDS that affects
-- delivery ("reset", "truncate", "drip", "invalid_json", "close").
function M.send(status, headers, body, fault, settings)
    if fault == "close" then
        return ngx.exit(444)
    end
    if fault == "invalid_json" then
        body = body:sub(1, math.floor(#body / 2)) .. "\"<!-- not json"
    end
    headers = headers or {}
    -- The gzip module compresses when the client accepts it; a request
    -- that must not be compressed loses its Accept-Encoding here.
    if not settings.gzip or fault then
        ngx.req.clear_header("Accept-Encoding")
    elseif #body > 0 and accepts_gzip() then
        stats.incr("gzip_responses")
    end
    stats.status(status)
    if fault == "truncate" or fault == "reset" then
        return cut_off(status, headers, body, fault)
    end
    ngx.status = status
    for k, v in pairs(headers) do ngx.header[k] = v end
    ngx.header["Content-Length"] = #body   -- the gzip module drops it when it compresses
    if fault == "drip" then
        local step = math.max(1, settings.drip_bytes or 64)
        local pause = (settings.drip_interval_ms or 50) / 1000
        for i = 1, #body, step do
            ngx.print(body:sub(i, i + step - 1))
            ngx.flush(true)
            if i + step <= #body then ngx.sleep(pause) end
        end
        return
    end
    ngx.print(body)
end

return M
