-- A scripted TCP proxy in front of a server (Redis), in a child process of
-- its own: every byte goes through at once, except the first reply to
-- each request that contains one of `words` (a RESP bulk string: "settle",
-- "reserve"), which is held back `delay` seconds.  A client that gives up
-- waiting and sends the same request again gets the second reply at once:
-- the server has then seen the request twice.  Error replies (-NOSCRIPT)
-- are never held.  The child dies with this process (its stdin is a pipe
-- held here).
--
--   local proxy = dofile("spec/support/delay_proxy.lua")
--   local p = assert(proxy.start{ port = <upstream port>, delay = 0.6, words = { "settle", "reserve" } })
--   p.port, p:held() (replies held back so far), p:stop()
local helpers = dofile("spec/support/helpers.lua")

local M = {}

local CHILD = [=[
local socket = require "socket"
local upstream_port, delay, count_file = tonumber(arg[1]), tonumber(arg[2]), arg[3]
local words = {}
for i = 4, #arg do words[#words + 1] = "\r\n" .. arg[i] .. "\r\n" end
local server = assert(socket.bind("127.0.0.1", 0))
server:settimeout(0)
io.stdout:write(select(2, server:getsockname()), "\n")
io.stdout:flush()
local conns, seen, held_count = {}, {}, 0
local function matches(req)
    for _, w in ipairs(words) do
        if req:find(w, 1, true) then return true end
    end
end
local function drop(c)
    c.client:close()
    c.upstream:close()
    c.dead = true
end
local function read(sock)
    local data, err, partial = sock:receive(65536)
    data = data or partial
    if data == "" then data = nil end
    return data, err == "closed"
end
while true do
    local list = { server }
    for _, c in ipairs(conns) do
        if not c.dead then list[#list + 1] = c.client; list[#list + 1] = c.upstream end
    end
    local ready = socket.select(list, nil, 0.01)
    for _, s in ipairs(ready) do
        if s == server then
            local client = server:accept()
            if client then
                local up = assert(socket.connect("127.0.0.1", upstream_port))
                client:settimeout(0)
                up:settimeout(0)
                conns[#conns + 1] = { client = client, upstream = up, req = "", out = {} }
            end
        end
    end
    local now = socket.gettime()
    for _, c in ipairs(conns) do
        if not c.dead then
            local data, closed = read(c.client)
            if data then
                if c.replied then c.req, c.replied = "", false end
                c.req = c.req .. data
                c.upstream:send(data)
            end
            if closed then c.client_closed = true end
            data, closed = read(c.upstream)
            if data then
                c.replied = true
                local hold = c.holding or (matches(c.req) and not seen[c.req] and data:sub(1, 1) ~= "-")
                if hold and not c.holding then
                    seen[c.req] = true
                    c.holding, c.until_ = true, now + delay
                    held_count = held_count + 1
                    local f = io.open(count_file, "w"); f:write(held_count); f:close()
                end
                c.out[#c.out + 1] = data
            end
            if closed then drop(c) end
        end
        if not c.dead and #c.out > 0 and (not c.holding or now >= c.until_) then
            if not c.client_closed then c.client:send(table.concat(c.out)) end
            c.out, c.holding = {}, false
        end
        if not c.dead and c.client_closed and #c.out == 0 then drop(c) end
    end
end
]=]

function M.start(o)
    local dir = helpers.tmpdir("dataforseo-proxy")
    helpers.write_file(dir .. "/proxy.lua", CHILD)
    local words = {}
    for _, w in ipairs(o.words) do words[#words + 1] = helpers.shell_quote(w) end
    local out = dir .. "/port"
    local count = dir .. "/held"
    helpers.write_file(count, "0")
    -- The watchdog: the proxy ends when this process closes the pipe (or dies).
    local pipe = io.popen(("exec 3<&0 </dev/null; %s %s %d %s %s %s >%s 2>%s/err & p=$!; read -r _ <&3; kill $p")
        :format(helpers.LUA, helpers.shell_quote(dir .. "/proxy.lua"), o.port, tostring(o.delay),
        helpers.shell_quote(count), table.concat(words, " "), helpers.shell_quote(out), helpers.shell_quote(dir)),
        "w")
    local port
    for _ = 1, 300 do
        port = tonumber((helpers.read_file(out) or ""):match("%d+"))
        if port then break end
        require("socket").sleep(0.01)
    end
    if not port then
        pipe:close()
        return nil, "the proxy did not start: " .. (helpers.read_file(dir .. "/err") or "")
    end
    return {
        port = port,
        held = function() return tonumber(helpers.read_file(count)) or 0 end,
        stop = function()
            pcall(pipe.close, pipe)
            helpers.remove(dir)
        end,
    }
end

return M
