-- Issue 21 item 1 inside OpenResty: a call cut off by ngx.thread.kill (the
-- nginx way to cancel) while it waits for the API.  The emulator charges
-- it; the worker's client counts it as presumed from the moment it was
-- sent, the shared dictionary's governor holds its lease and, once the
-- lease expires, counts it as presumed spending; client:close() writes its
-- presumed line; the ledger, the client and the emulator's books agree.
-- Needs build/luajit/dataforseo/core.so (nginx's Lua is LuaJIT).
local books = dofile("spec/support/books.lua")
local emulators = dofile("spec/support/emulator.lua")
local helpers = dofile("spec/support/helpers.lua")
local json = require "dataforseo.json"
local http = require "socket.http"
local ledger = require "dataforseo.engine.ledger"
local socket = require "socket"

local ROOT = helpers.ROOT
local HERE = ROOT .. "/spec/hosts"
local nginx_host = dofile(HERE .. "/nginx_host.lua")
local literal = dofile("spec/support/lua_literal.lua")

local ESTIMATE = 0.02 + 10 * 0.00003

describe("OpenResty: a call killed mid-flight (ngx.thread.kill)", function()
    local emulator, app, dir

    setup(function()
        emulator = assert(emulators.start{ port = 0, login = "demo", password = "demo", latency_ms = 400 })
        dir = helpers.tmpdir("dataforseo-openresty-money")
        assert(helpers.sh("chmod 777 " .. helpers.shell_quote(dir)))
        app = assert(nginx_host.start{
            lua_path = { ROOT .. "/lua/?.lua", ROOT .. "/lua/?/init.lua", HERE .. "/?.lua" },
            lua_cpath = { helpers.build_dir("luajit") .. "/?.so" },
            main = "    lua_shared_dict dataforseo 1m;\n    init_by_lua_block { require('money_app').configure("
                .. literal{ base_url = emulator.base_url, ledger = dir .. "/ledger.jsonl" } .. ") }",
            http = function(port)
                return ([[
    server {
        listen 127.0.0.1:PORT;
        location /kill { content_by_lua_block { require('money_app').kill() } }
        location /state { content_by_lua_block { require('money_app').state() } }
        location /close { content_by_lua_block { require('money_app').close() } }
    }]]):gsub("PORT", tostring(port))
            end,
        })
    end)
    teardown(function()
        if app then app:stop() end
        if emulator then emulator:stop() end
        helpers.remove(dir)
    end)

    local function get(path)
        local body, status = http.request("http://127.0.0.1:" .. app.port .. path)
        assert(status == 200, "GET " .. path .. ": " .. tostring(status) .. " " .. tostring(body) .. "\n"
            .. app:error_log():sub(-2000))
        return assert(json.decode(body))
    end

    it("counts it presumed at once, in the shared governor after its lease, and in the ledger", function()
        local killed = get("/kill?after=0.1")
        assert.equal("shared_dict", killed.store)
        assert.near(ESTIMATE, killed.spent, 1e-12)           -- presumed from the moment it was sent
        assert.near(ESTIMATE, killed.presumed, 1e-12)
        assert.equal(1, killed.in_flight)                     -- its lease, held
        assert.near(ESTIMATE, killed.governor_presumed, 1e-12)
        socket.sleep(1.7)                                     -- timeout 1 s + lease_margin 0.5 s
        local later = get("/state")
        assert.equal(0, later.in_flight)                      -- the lease ended ...
        assert.equal(0, later.reserved)
        assert.near(ESTIMATE, later.governor_spent, 1e-12)    -- ... as presumed spending
        assert.near(ESTIMATE, later.governor_presumed, 1e-12)
        local closed = get("/close")
        assert.near(ESTIMATE, closed.spent, 1e-12)
        assert.near(ESTIMATE, closed.governor_spent, 1e-12)   -- counted once
        local _, total = assert(ledger.summary(dir .. "/ledger.jsonl"))
        assert.equal(1, total.presumed_calls)
        books.agree{ what = "ngx.thread.kill", charged = books.charged(emulator), spent = closed.spent,
            presumed = closed.presumed, ledger = dir .. "/ledger.jsonl" }
        assert.near(ESTIMATE, books.charged(emulator), 1e-12) -- the emulator answered it, and charged it
    end)
end)
