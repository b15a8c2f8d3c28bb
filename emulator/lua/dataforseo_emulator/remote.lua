-- A minimal HTTP client for talking to a running emulator from plain Lua
-- (5.4 or LuaJIT) through LuaSocket, or LuaSec for https: used by the
-- handle's control/stats helpers and by tests.  Not the project's client.
--
--   remote.request{ url =, method =, headers =, body =, ca_file =, timeout = }
--     -> { status =, headers = (lower-case keys), body = } | nil, err
local M = {}

local ltn12 = require("ltn12")

function M.request(r)
    local http
    if r.url:sub(1, 8) == "https://" then
        http = require("ssl.https")
    else
        http = require("socket.http")
    end
    local chunks = {}
    local headers = {}
    for k, v in pairs(r.headers or {}) do headers[k:lower()] = v end
    if r.body and not headers["content-length"] then headers["content-length"] = tostring(#r.body) end
    local args = {
        url = r.url,
        method = r.method or (r.body and "POST" or "GET"),
        headers = headers,
        source = r.body and ltn12.source.string(r.body) or nil,
        sink = ltn12.sink.table(chunks),
        redirect = false,
    }
    if http.TIMEOUT ~= nil then http.TIMEOUT = r.timeout or 30 end
    if r.ca_file then
        args.cafile = r.ca_file
        args.verify = "peer"
        args.protocol = "any"
        args.options = { "all", "no_sslv2", "no_sslv3" }
    end
    local ok, status, response_headers = http.request(args)
    if not ok then return nil, tostring(status) end
    return { status = status, headers = response_headers or {}, body = table.concat(chunks) }
end

-- Several requests over ONE TCP connection (HTTP/1.1 keep-alive), one
-- after the other: what a keep-alive client does, for connection counts.
-- requests: array of raw request texts.  Returns an array of
-- { status =, headers =, body = } or nil, err (plus the ones received).
function M.keepalive(host, port, requests, timeout)
    local socket = require("socket")
    local c = socket.tcp()
    c:settimeout(timeout or 10)
    local ok, err = c:connect(host, port)
    if not ok then return nil, err end
    local responses = {}
    for _, raw in ipairs(requests) do
        ok, err = c:send(raw)
        if not ok then c:close(); return nil, err, responses end
        local line
        line, err = c:receive("*l")
        if not line then c:close(); return nil, err, responses end
        local res = { status = tonumber(line:match("^HTTP/%d%.%d (%d+)")), headers = {} }
        while true do
            line, err = c:receive("*l")
            if not line then c:close(); return nil, err, responses end
            if line == "" then break end
            local k, v = line:match("^([^:]+):%s*(.-)%s*$")
            if k then res.headers[k:lower()] = v end
        end
        local length = tonumber(res.headers["content-length"] or "0")
        res.body, err = c:receive(length)
        if not res.body then c:close(); return nil, err, responses end
        responses[#responses + 1] = res
    end
    c:close()
    return responses
end

-- JSON helpers over request(); decoding with lua-cjson.
function M.json(r)
    local res, err = M.request(r)
    if not res then return nil, err end
    local cjson = require("cjson")
    local ok, value = pcall(cjson.decode, res.body)
    if not ok then return nil, "not JSON (HTTP " .. tostring(res.status) .. "): " .. res.body:sub(1, 200) end
    if res.status >= 400 then
        return nil, (type(value) == "table" and value.error) or ("HTTP " .. res.status)
    end
    return value
end

return M
