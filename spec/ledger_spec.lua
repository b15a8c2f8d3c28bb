-- The ledger (option ledger = "path.jsonl"): one whole line per charged
-- call, summing to exactly client:spent() and to the emulator's spend; a
-- line torn by a crash (a file cut mid-line, a process killed while it
-- appends) is skipped by the reader and ended by the next writer; a
-- ledger that cannot be written stops the calls.
local dataforseo = require "dataforseo"
local emulator = dofile("spec/support/emulator.lua")
local helpers = dofile("spec/support/helpers.lua")
local ledger = require "dataforseo.engine.ledger"
local socket = require "socket"

local quote = helpers.shell_quote

describe("the ledger", function()
    local srv, dir

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo-pass" })
        dir = helpers.tmpdir("dataforseo-ledger")
    end)
    teardown(function()
        if srv then srv:stop() end
        helpers.remove(dir)
    end)

    local function client(path, o)
        local opts = { base_url = srv.base_url, login = "demo", password = "demo-pass", ledger = path }
        for k, v in pairs(o or {}) do opts[k] = v end
        return assert(dataforseo.new(opts))
    end

    local function emulator_spent()
        local money = assert(srv:user_data()).tasks[1].result[1].money
        return money.total - money.balance
    end

    it("has a line per charged call that sums to exactly client:spent() and the emulator's spend", function()
        assert(srv:control{ reset_accounts = true })
        local path = dir .. "/spend.jsonl"
        local c = client(path)
        assert(c:anchors_all({ target = "medium-example.com" }, { limit = 50, concurrency = 4 }))
        assert(c:anchors{ target = "forbes.com", limit = 7, offset = 3 })
        assert(c:account())                                        -- free: no line
        c:close()
        local entries, skipped = assert(ledger.read(path))
        assert.equal(0, skipped)
        assert.equal(c:stats().calls - 1, #entries)               -- every call but the free one
        local sum = 0
        for _, e in ipairs(entries) do sum = sum + e.cost end
        assert.equal(c:spent(), sum)                               -- exactly, in the same order
        -- The emulator keeps money in units of 1e-8 USD.
        assert.equal(math.floor(emulator_spent() * 1e8 + 0.5), math.floor(sum * 1e8 + 0.5))
        local last = entries[#entries]
        assert.truthy(last.time:match("^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%d%.%d%d%dZ$"), last.time)
        assert.equal("/v3/backlinks/anchors/live", last.endpoint)
        assert.equal("forbes.com", last.target)
        assert.equal(3, last.offset)
        assert.equal(7, last.limit)
        assert.equal(7, last.items)
        assert.truthy(last.task_id:match("^[%x%-]+$"))
        assert.near(0.02 + 7 * 0.00003, last.cost, 1e-12)
        local offsets = {}
        for i = 1, #entries - 1 do offsets[#offsets + 1] = entries[i].offset end
        table.sort(offsets)
        assert.same({ 0, 50, 100, 150, 200, 250, 300, 350 }, offsets)
        -- No credential in the file.
        local text = helpers.read_file(path)
        assert.is_nil(text:find("demo-pass", 1, true))
        assert.is_nil(text:find('"demo"', 1, true))
    end)

    it("skips a line torn mid-way, and the next writer starts on a line of its own", function()
        local path = dir .. "/torn.jsonl"
        local c = client(path)
        for i = 1, 3 do assert(c:anchors{ target = "forbes.com", limit = i }) end
        c:close()
        local text = helpers.read_file(path)
        helpers.write_file(path, text:sub(1, #text - 25))          -- cut inside the third line
        local entries, skipped = assert(ledger.read(path))
        assert.equal(2, #entries)
        assert.equal(1, skipped)
        c = client(path)
        assert(c:anchors{ target = "forbes.com", limit = 4 })
        c:close()
        entries, skipped = assert(ledger.read(path))
        assert.equal(3, #entries)
        assert.equal(1, skipped)                                   -- the torn piece, on its own line
        assert.equal(4, entries[3].limit)
    end)

    it("is read without error after a process is killed while it appends", function()
        local path = dir .. "/killed.jsonl"
        local script = dir .. "/appender.lua"
        helpers.write_file(script, [[
local w = assert(require("dataforseo.engine.ledger").open(arg[1]))
local i = 0
while true do
    i = i + 1
    w:append{ time = os.time(), endpoint = "/v3/backlinks/anchors/live", target = "forbes.com",
        offset = i, limit = 1000, task_id = "t-" .. i, items = 1000, cost = 0.05 }
end
]])
        local env = "LUA_PATH=" .. quote(helpers.ROOT .. "/lua/?.lua;;") .. " LUA_CPATH="
            .. quote(helpers.build_dir() .. "/?.so;;")
        local pid = tonumber(helpers.capture("env " .. env .. " " .. helpers.LUA .. " " .. quote(script) .. " "
            .. quote(path) .. " >/dev/null 2>&1 & echo $!"))
        socket.sleep(0.3)
        assert(helpers.sh("kill -KILL " .. pid))
        local entries, skipped = assert(ledger.read(path))
        assert.is_true(#entries > 100)
        assert.is_true(skipped <= 1)
        for i, e in ipairs(entries) do assert.equal(i, e.offset) end  -- whole lines, in order
    end)

    it("stops the calls when it cannot be written (kind ledger), and refuses a path it cannot open", function()
        local c = client("/dev/full")
        local before = assert(srv:stats()).requests
        assert(c:anchors{ target = "forbes.com", limit = 1 })      -- made and charged: its line fails
        local page, err = c:anchors{ target = "forbes.com", limit = 1 }
        assert.is_nil(page)
        assert.equal("ledger", err.kind)
        assert.truthy(tostring(err):find("No space left on device", 1, true))
        assert.equal(before + 1, assert(srv:stats()).requests)    -- nothing more was sent
        c:close()
        local none, why = dataforseo.new{ base_url = srv.base_url, login = "demo", password = "demo-pass",
            ledger = dir .. "/no/such/dir/spend.jsonl" }
        assert.is_nil(none)
        assert.equal("ledger", why.kind)
    end)
end)
