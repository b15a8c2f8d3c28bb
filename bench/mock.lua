-- Emulator benchmark: start-up time, limit=1000 latency on the large
-- target (anchors; backlinks and summary too), and small requests per
-- second over one keep-alive connection
-- (the load comes from this process; nginx serves from its own).
-- The peer is GET /mock/ping on the same server: the HTTP floor that
-- nginx + LuaSocket reach, so the ratio shows what the emulator adds.
--   lua5.4 bench/mock.lua [seconds-per-rate-test]
package.path = "emulator/lua/?.lua;emulator/lua/?/init.lua;" .. package.path
local emulator = require("dataforseo_emulator")
local socket = require("socket")

local SECONDS = tonumber(arg and arg[1]) or 2

local function median(list)
    table.sort(list)
    local n = #list
    if n % 2 == 1 then return list[(n + 1) / 2] end
    return (list[n / 2] + list[n / 2 + 1]) / 2
end

local t0 = socket.gettime()
local srv = assert(emulator.start({ port = 0 }))
local startup = socket.gettime() - t0

local function raw_post(body, extra, fn)
    return "POST /v3/backlinks/" .. (fn or "anchors") .. "/live HTTP/1.1\r\nHost: 127.0.0.1\r\n" ..
        "Authorization: " .. srv:authorization() .. "\r\nContent-Type: application/json\r\n" ..
        (extra or "") .. "Content-Length: " .. #body .. "\r\n\r\n" .. body
end

-- Reads one response's body after its status line: Content-Length or
-- chunked (nginx's gzip module answers chunked).  -> body length
local function read_response(c)
    local length, chunked
    local line
    repeat
        line = assert(c:receive("*l"))
        local lower = line:lower()
        local v = lower:match("^content%-length:%s*(%d+)")
        if v then length = tonumber(v) end
        if lower:match("^transfer%-encoding:%s*chunked") then chunked = true end
    until line == ""
    if not chunked then return #assert(c:receive(length)) end
    local total = 0
    while true do
        local size = tonumber(assert(c:receive("*l")):match("^(%x+)"), 16)
        if size == 0 then assert(c:receive("*l")); return total end
        total = total + #assert(c:receive(size))
        assert(c:receive("*l"))
    end
end

-- Times each request on one keep-alive connection.
local function timed(requests)
    local c = socket.tcp()
    c:settimeout(30)
    assert(c:connect("127.0.0.1", srv.port))
    local times, bytes = {}, 0
    for i, raw in ipairs(requests) do
        local start = socket.gettime()
        assert(c:send(raw))
        local line = assert(c:receive("*l"))
        assert(line:match(" 200 "), line)
        bytes = bytes + read_response(c)
        times[i] = socket.gettime() - start
    end
    c:close()
    return times, bytes
end

-- Requests per second for `seconds` on one keep-alive connection.
local function rate(raw, seconds)
    local c = socket.tcp()
    c:settimeout(30)
    assert(c:connect("127.0.0.1", srv.port))
    local n, start = 0, socket.gettime()
    local deadline = start + seconds
    while socket.gettime() < deadline do
        assert(c:send(raw))
        assert(c:receive("*l"))
        read_response(c)
        n = n + 1
    end
    c:close()
    return n / (socket.gettime() - start)
end

local ok, err = pcall(function()
    local big = '[{"target":"big-example.com","limit":1000}]'
    local cold = timed({ raw_post(big) })[1]
    local reqs = {}
    for i = 1, 25 do reqs[i] = raw_post(big) end
    local warm, bytes = timed(reqs)
    local gz = {}
    for i = 1, 25 do gz[i] = raw_post(big, "Accept-Encoding: gzip\r\n") end
    local warm_gz, gz_bytes = timed(gz)
    local pages = {}
    for i = 1, 20 do
        pages[i] = raw_post('[{"target":"big-example.com","limit":1000,"offset":' .. (i * 1000) ..
            ',"order_by":["rank,desc"]}]')
    end
    timed({ pages[1] })   -- builds the rank ordering once
    local paged = timed(pages)

    -- backlinks/live: a walk's pages (each one encoded afresh), and one past offset 20,000
    local walk = {}
    for i = 0, 20 do
        walk[#walk + 1] = raw_post('[{"target":"deep-example.com","limit":1000,"offset":' .. (i * 1000) .. '}]',
            nil, "backlinks")
    end
    local backlinks_cold = timed({ walk[1] })[1]
    local backlinks_pages = timed({ select(2, (table.unpack or unpack)(walk)) })
    local summary = timed({ raw_post('[{"target":"big-example.com"}]', nil, "summary") })[1]
    local summary_warm = timed({ raw_post('[{"target":"big-example.com"}]', nil, "summary") })[1]

    local small = raw_post('[{"target":"small-example.com","limit":10}]')
    timed({ small })
    local small_rate = rate(small, SECONDS)
    local ping = "GET /mock/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    local ping_rate = rate(ping, SECONDS)

    print(string.format("%-58s %8.1f ms", "start-up (emulator.start, port 0)", startup * 1000))
    print(string.format("%-58s %8.1f ms", "big-example.com limit=1000, first request (generate+group)", cold * 1000))
    print(string.format("%-58s %8.1f ms  (%d KB)", "big-example.com limit=1000, median of 25", median(warm) * 1000,
        math.floor(bytes / 25 / 1024)))
    print(string.format("%-58s %8.1f ms  (%d KB)", "  same with Accept-Encoding: gzip", median(warm_gz) * 1000,
        math.floor(gz_bytes / 25 / 1024)))
    print(string.format("%-58s %8.1f ms", "  pages 2..21 ordered by rank, median", median(paged) * 1000))
    print(string.format("%-58s %8.1f ms", "deep-example.com backlinks/live limit=1000, first", backlinks_cold * 1000))
    print(string.format("%-58s %8.1f ms", "  pages at offsets 1000..20000, median", median(backlinks_pages) * 1000))
    print(string.format("%-58s %8.1f ms", "big-example.com summary/live, first (warm graph)", summary * 1000))
    print(string.format("%-58s %8.1f ms", "  again (cached)", summary_warm * 1000))
    print(string.format("%-58s %8.0f req/s", "small-example.com limit=10, keep-alive", small_rate))
    print(string.format("%-58s %8.0f req/s", "peer: GET /mock/ping, keep-alive", ping_rate))
    print(string.format("%-58s %8.2f", "ratio small / ping", small_rate / ping_rate))
    local stats = assert(srv:stats())
    print(string.format("%-58s %d requests on %d connections", "server stats", stats.requests, stats.connections))
end)
srv:stop()
assert(ok, err)
