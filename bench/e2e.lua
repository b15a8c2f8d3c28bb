-- End-to-end benchmark: our client against its peers, measured in one run.
--
--   lua5.4 bench/e2e.lua [calls] [big_calls] [parts]   (from the repository root)
--   luajit bench/e2e.lua
--   E2E_ROUNDS=9 E2E_NO_CLI=1 lua5.4 bench/e2e.lua 500 20 b
--                      only (b), nine rounds, without the curl command
-- parts: the letters of the parts to run (default abcd).  Run it from the
-- root of another checkout to measure that tree with this script.
--
-- (a) `calls` sequential limit=1 anchors calls over HTTPS to the emulator:
--     ours (one TLS handshake, then keep-alive) vs LuaSocket + LuaSec +
--     lua-cjson (a new TLS connection per call, its default) vs the curl
--     command spawned per call + lua-cjson.
-- (b) the same over plain HTTP (LuaSocket instead of LuaSec).
-- (c) `big_calls` limit=1000 calls over plain HTTP answered from memory by a
--     fixed-response nginx, so the client's own cost (transfer + decode)
--     dominates: ours vs LuaSocket + lua-cjson.
-- (d) `calls` limit=1 calls answered from memory the same way (the
--     emulator's answer to (b)'s request, both uncompressed): the client's
--     own cost per small call, with the emulator's work taken out.
-- Prints calls/s and ratios; the machines are shared, so only the ratios
-- within one run mean anything.
local interp = rawget(_G, "jit") and "luajit" or ("lua" .. _VERSION:match("%d+%.%d+"))
package.path = "lua/?.lua;lua/?/init.lua;emulator/lua/?.lua;emulator/lua/?/init.lua;" .. package.path
package.cpath = "build/" .. interp .. "/?.so;" .. package.cpath

local dataforseo = require "dataforseo"
local emulator = require "dataforseo_emulator"
local cjson = require "cjson"
local socket = require "socket"
local socket_http = require "socket.http"
local ssl_https = require "ssl.https"
local ltn12 = require "ltn12"
local mime = require "mime"

local unpack = table.unpack or unpack
local CALLS = tonumber(arg[1]) or 200
local BIG_CALLS = tonumber(arg[2]) or 20
local PARTS = arg[3] or "abcd"
local function part(letter) return PARTS:find(letter, 1, true) ~= nil end
local LOGIN, PASSWORD = "demo", "demo"
local PATH = "/v3/backlinks/anchors/live"
local SMALL = { target = "forbes.com", limit = 1 }
local BIG = { target = "big-example.com", limit = 1000 }

local function check_page(response, want)
    local task = response.tasks[1]
    assert(task.status_code == 20000, "task status " .. tostring(task.status_code))
    assert(#task.result[1].items == want, "unexpected item count")
end

-- Peers --------------------------------------------------------------------

local function luasocket_call(base_url, params, ca_file, want)
    local body = cjson.encode{ params }
    local chunks = {}
    local request = {
        url = base_url .. PATH, method = "POST",
        source = ltn12.source.string(body), sink = ltn12.sink.table(chunks),
        headers = {
            ["content-type"] = "application/json",
            ["content-length"] = tostring(#body),
            ["authorization"] = "Basic " .. mime.b64(LOGIN .. ":" .. PASSWORD),
        },
    }
    local ok, code
    if ca_file then
        request.cafile, request.verify, request.protocol = ca_file, "peer", "any"
        ok, code = ssl_https.request(request)
    else
        ok, code = socket_http.request(request)
    end
    assert(ok and code == 200, "LuaSocket call failed: " .. tostring(code))
    check_page(cjson.decode(table.concat(chunks)), want)
end

local function curl_cli_call(base_url, params, ca_file, want)
    local body = cjson.encode{ params }
    local cmd = ("curl -sS --fail --compressed %s -u %s:%s -H 'Content-Type: application/json' "
        .. "--data-binary '%s' '%s'"):format(ca_file and ("--cacert '" .. ca_file .. "'") or "",
        LOGIN, PASSWORD, body, base_url .. PATH)
    local p = assert(io.popen(cmd))
    local out = p:read("*a")
    p:close()
    check_page(cjson.decode(out), want)
end

local function ours(base_url, ca_file, compressed)
    local client = assert(dataforseo.new{ login = LOGIN, password = PASSWORD, base_url = base_url,
        ca_file = ca_file, retries = 0, compressed = compressed, calls_per_minute = 1000000 })
    return function(_, params, _, want)
        local page = assert(client:anchors(params))
        assert(#page.items == want, "unexpected item count")
    end, client
end

-- Timing -------------------------------------------------------------------

-- Runs each contender in `ROUNDS` interleaved rounds of n calls and keeps
-- the median rate, so a burst of load on the shared machine hits everyone;
-- ratios are the median of the rounds' own ratios (contenders that ran
-- back to back).  E2E_ROUNDS overrides.
local ROUNDS = tonumber(os.getenv("E2E_ROUNDS") or "") or 5
-- before_each: run before every contender's round (the emulator's books
-- grow with every call and slow it down: they are emptied).
local function measure_all(contenders, n, before_each)
    local rates = {}
    for _, c in ipairs(contenders) do
        c.call(unpack(c.args))                 -- warm up (and check) once
        rates[c.name] = {}
    end
    for _ = 1, ROUNDS do
        for _, c in ipairs(contenders) do
            if before_each then before_each() end
            collectgarbage()
            local t0 = socket.gettime()
            for _ = 1, n do c.call(unpack(c.args)) end
            local list = rates[c.name]
            list[#list + 1] = n / (socket.gettime() - t0)
        end
    end
    local result = { rounds = rates }
    for _, c in ipairs(contenders) do
        local list = {}
        for i, v in ipairs(rates[c.name]) do list[i] = v end
        table.sort(list)
        result[c.name] = list[math.floor((#list + 1) / 2)]
        io.write(("  %-36s %9.1f calls/s  (%.1f-%.1f)\n"):format(c.name, result[c.name], list[1], list[#list]))
    end
    return result
end

-- The median of the rounds' ratios of contender a to contender b.
local function ratio_line(label, r, a, b, target)
    local ratios = {}
    for i = 1, #r.rounds[a] do ratios[i] = r.rounds[a][i] / r.rounds[b][i] end
    table.sort(ratios)
    io.write(("  %-36s %9.2fx   (rounds %.2f-%.2f; target %s)\n"):format(label,
        ratios[math.floor((#ratios + 1) / 2)], ratios[1], ratios[#ratios], target))
end

-- A fixed-response nginx for (c): answers every POST from memory ----------

local function fixed_server(body)
    local prefix = os.tmpname()
    os.remove(prefix)
    assert(os.execute("mkdir -p " .. prefix .. "/conf " .. prefix .. "/logs"))
    local f = assert(io.open(prefix .. "/conf/body.json", "wb"))
    f:write(body)
    f:close()
    local s = assert(socket.bind("127.0.0.1", 0))
    local _, port = s:getsockname()
    s:close()
    local is_root = io.popen("id -u"):read("*l") == "0"
    f = assert(io.open(prefix .. "/conf/nginx.conf", "wb"))
    f:write(([[
load_module /usr/lib/nginx/modules/ndk_http_module.so;
load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;
%s
worker_processes 1; pid logs/nginx.pid; error_log logs/error.log warn;
events { worker_connections 64; }
http {
  access_log off; keepalive_requests 100000;
  init_by_lua_block {
    local f = io.open("%s/conf/body.json", "rb"); BODY = f:read("*a"); f:close()
  }
  server {
    listen 127.0.0.1:%d;
    location / {
      content_by_lua_block {
        ngx.req.read_body()
        ngx.header["Content-Type"] = "application/json"
        ngx.print(BODY)
      }
    }
  }
}
]]):format(is_root and "user root;" or "", prefix, port))
    f:close()
    assert(os.execute("nginx -p " .. prefix .. " -c conf/nginx.conf -e logs/error.log"))
    for _ = 1, 100 do
        local c = socket.connect("127.0.0.1", port)
        if c then c:close() break end
        socket.sleep(0.02)
    end
    return "http://127.0.0.1:" .. port, function()
        local p = io.open(prefix .. "/logs/nginx.pid")
        if p then
            os.execute("kill -TERM " .. assert(tonumber(p:read("*l"))))
            p:close()
        end
        socket.sleep(0.2)
        os.execute("rm -rf " .. prefix)
    end
end

-- Runs ---------------------------------------------------------------------

io.write(("lua-dataforseo e2e benchmark (%s, %d calls, %d big calls)\n"):format(interp, CALLS, BIG_CALLS))

local tls_srv = assert(emulator.start{ port = 0, login = LOGIN, password = PASSWORD, tls = true })
local plain_srv = assert(emulator.start{ port = 0, login = LOGIN, password = PASSWORD })

local OURS, OURS_PLAIN = "ours (keep-alive, gzip)", "ours (keep-alive, no compression)"
local SOCK, SEC, CLI = "LuaSocket + lua-cjson", "LuaSocket + LuaSec + lua-cjson",
    "curl command per call + lua-cjson"

-- (c), (d): one real emulator answer to params, then served from memory to
-- ours and LuaSocket + lua-cjson.
local function from_memory(params, want, n, compressed, name, target)
    local raw = assert(require("dataforseo.core").http.session{ username = LOGIN, password = PASSWORD,
        compressed = false }:request("POST", plain_srv.base_url .. PATH, cjson.encode{ params },
        { decode = false }))
    local fixed_url, stop_fixed = fixed_server(raw.body)
    local ok, err = pcall(function()
        io.write(("  response size %d bytes\n"):format(#raw.body))
        local call, client = ours(fixed_url, nil, compressed)
        local r = measure_all({
            { name = name, call = call, args = { nil, params, nil, want } },
            { name = SOCK, call = luasocket_call, args = { fixed_url, params, nil, want } },
        }, n)
        client:close()
        ratio_line(name .. " / LuaSocket", r, name, SOCK, target)
    end)
    stop_fixed()
    assert(ok, err)
end

local ok, failure = pcall(function()
    if part("a") then
        io.write("(a) HTTPS, limit=1, sequential\n")
        local call, client = ours(tls_srv.base_url, tls_srv.ca_file)
        local r = measure_all({
            { name = OURS, call = call, args = { nil, SMALL, nil, 1 } },
            { name = SEC, call = luasocket_call, args = { tls_srv.base_url, SMALL, tls_srv.ca_file, 1 } },
            { name = CLI, call = curl_cli_call, args = { tls_srv.base_url, SMALL, tls_srv.ca_file, 1 } },
        }, CALLS, function() assert(tls_srv:control{ reset_accounts = true }) end)
        client:close()
        ratio_line("ours / LuaSocket+LuaSec", r, OURS, SEC, ">= 2x")
        ratio_line("ours / curl command", r, OURS, CLI, "-")
    end

    local call, client, r
    if part("b") then
        io.write("(b) HTTP, limit=1, sequential\n")
        local call_plain, client_plain
        call, client = ours(plain_srv.base_url)
        call_plain, client_plain = ours(plain_srv.base_url, nil, false)
        local contenders = {
            { name = OURS, call = call, args = { nil, SMALL, nil, 1 } },
            { name = OURS_PLAIN, call = call_plain, args = { nil, SMALL, nil, 1 } },
            { name = SOCK, call = luasocket_call, args = { plain_srv.base_url, SMALL, nil, 1 } },
        }
        if not os.getenv("E2E_NO_CLI") then   -- the slow one: many rounds go faster without it
            contenders[#contenders + 1] = { name = CLI, call = curl_cli_call,
                args = { plain_srv.base_url, SMALL, nil, 1 } }
        end
        r = measure_all(contenders, CALLS, function() assert(plain_srv:control{ reset_accounts = true }) end)
        client:close()
        client_plain:close()
        -- LuaSocket asks for no compression; on loopback the emulator's gzip of
        -- a tiny body costs more than it saves, so the like-for-like figure is
        -- ours without compression.
        ratio_line("ours (no compression) / LuaSocket", r, OURS_PLAIN, SOCK, ">= 1.6x")
        ratio_line("ours (gzip) / LuaSocket", r, OURS, SOCK, "-")
        if r[CLI] then ratio_line("ours / curl command", r, OURS, CLI, "-") end
    end

    if part("c") then
        io.write("(c) HTTP, limit=1000, fixed response from memory\n")
        from_memory(BIG, 1000, BIG_CALLS, nil, OURS, ">= 1.3x")
    end
    if part("d") then
        io.write("(d) HTTP, limit=1, fixed response from memory\n")
        from_memory(SMALL, 1, CALLS, false, OURS_PLAIN, "-")
    end
end)

tls_srv:stop()
plain_srv:stop()
if not ok then error(failure, 0) end
