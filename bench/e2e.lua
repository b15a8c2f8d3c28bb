-- End-to-end benchmark: our client against its peers, measured in one run.
--
--   lua5.4 bench/e2e.lua [calls] [big_calls]      (from the repository root)
--   luajit bench/e2e.lua
--
-- (a) `calls` sequential limit=1 anchors calls over HTTPS to the emulator:
--     ours (one TLS handshake, then keep-alive) vs LuaSocket + LuaSec +
--     lua-cjson (a new TLS connection per call, its default) vs the curl
--     command spawned per call + lua-cjson.
-- (b) the same over plain HTTP (LuaSocket instead of LuaSec).
-- (c) `big_calls` limit=1000 calls over plain HTTP answered from memory by a
--     fixed-response nginx, so the client's own cost (transfer + decode)
--     dominates: ours vs LuaSocket + lua-cjson.
-- Prints calls/s and ratios; the machines are shared, so only the ratios
-- within one run mean anything.
local interp = rawget(_G, "jit") and "luajit" or ("lua" .. _VERSION:match("%d+%.%d+"))
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/" .. interp .. "/?.so;" .. package.cpath

local dataforseo = require "dataforseo"
local mock = require "dataforseo.mock"
local cjson = require "cjson"
local socket = require "socket"
local socket_http = require "socket.http"
local ssl_https = require "ssl.https"
local ltn12 = require "ltn12"
local mime = require "mime"

local CALLS = tonumber(arg[1]) or 200
local BIG_CALLS = tonumber(arg[2]) or 20
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

local function ours(base_url, ca_file)
    local client = assert(dataforseo.new{ login = LOGIN, password = PASSWORD, base_url = base_url,
        ca_file = ca_file, retries = 0 })
    return function(_, params, _, want)
        local page = assert(client:anchors(params))
        assert(#page.items == want, "unexpected item count")
    end, client
end

-- Timing -------------------------------------------------------------------

local function measure(name, n, call, ...)
    call(...)                                  -- warm up (and check) once
    collectgarbage()
    local t0 = socket.gettime()
    for _ = 1, n do call(...) end
    local rate = n / (socket.gettime() - t0)
    io.write(("  %-34s %9.1f calls/s\n"):format(name, rate))
    return rate
end

local function ratio_line(label, a, b, target)
    io.write(("  %-34s %9.2fx   (target %s)\n"):format(label, a / b, target))
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

local tls_srv = assert(mock.start{ port = 0, login = LOGIN, password = PASSWORD, tls = true })
local plain_srv = assert(mock.start{ port = 0, login = LOGIN, password = PASSWORD })

local ok, failure = pcall(function()
    io.write("(a) HTTPS, limit=1, sequential\n")
    local call, client = ours(tls_srv.base_url, tls_srv.ca_file)
    local a_ours = measure("ours (keep-alive)", CALLS, call, nil, SMALL, nil, 1)
    client:close()
    local a_sec = measure("LuaSocket + LuaSec + lua-cjson", CALLS, luasocket_call,
        tls_srv.base_url, SMALL, tls_srv.ca_file, 1)
    local a_cli = measure("curl command per call + lua-cjson", CALLS, curl_cli_call,
        tls_srv.base_url, SMALL, tls_srv.ca_file, 1)
    ratio_line("ours / LuaSocket+LuaSec", a_ours, a_sec, ">= 2x")
    ratio_line("ours / curl command", a_ours, a_cli, "-")

    io.write("(b) HTTP, limit=1, sequential\n")
    call, client = ours(plain_srv.base_url)
    local b_ours = measure("ours (keep-alive)", CALLS, call, nil, SMALL, nil, 1)
    client:close()
    local b_sock = measure("LuaSocket + lua-cjson", CALLS, luasocket_call, plain_srv.base_url, SMALL, nil, 1)
    local b_cli = measure("curl command per call + lua-cjson", CALLS, curl_cli_call,
        plain_srv.base_url, SMALL, nil, 1)
    ratio_line("ours / LuaSocket", b_ours, b_sock, ">= 1x")
    ratio_line("ours / curl command", b_ours, b_cli, "-")

    io.write("(c) HTTP, limit=1000, fixed response from memory\n")
    -- Record one real emulator answer, then serve it from memory.
    local raw = assert(require("dataforseo.core").http.session{ username = LOGIN, password = PASSWORD,
        compressed = false }:request("POST", plain_srv.base_url .. PATH, cjson.encode{ BIG },
        { decode = false }))
    local fixed_url, stop_fixed = fixed_server(raw.body)
    local ok_c, err_c = pcall(function()
        io.write(("  response size %.2f MB\n"):format(#raw.body / 1e6))
        call, client = ours(fixed_url)
        local c_ours = measure("ours", BIG_CALLS, call, nil, BIG, nil, 1000)
        client:close()
        local c_sock = measure("LuaSocket + lua-cjson", BIG_CALLS, luasocket_call, fixed_url, BIG, nil, 1000)
        ratio_line("ours / LuaSocket+lua-cjson", c_ours, c_sock, ">= 1.3x")
    end)
    stop_fixed()
    assert(ok_c, err_c)
end)

tls_srv:stop()
plain_srv:stop()
if not ok then error(failure, 0) end
