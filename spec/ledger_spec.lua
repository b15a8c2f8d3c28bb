-- The ledger (option ledger = "path.jsonl"): a line of intent before each
-- paid call is sent, a settle line with the real cost after it (or a
-- presumed line); the streaming reader pairs them, counts an unsettled
-- intent at its estimate, and never sums a line it cannot believe.  The
-- sums agree exactly with client:spent() and with the emulator's books
-- (user_data, and id_list task by task).  Nothing is sent when the intent
-- cannot be written (a full disk, a FIFO).
local dataforseo = require "dataforseo"
local books = dofile("spec/support/books.lua")
local emulator = dofile("spec/support/emulator.lua")
local helpers = dofile("spec/support/helpers.lua")
local ledger = require "dataforseo.engine.ledger"
local socket = require "socket"

local quote = helpers.shell_quote
local ENV = "LUA_PATH=" .. quote(helpers.ROOT .. "/lua/?.lua;" .. helpers.ROOT .. "/lua/?/init.lua;;")
    .. " LUA_CPATH=" .. quote(helpers.build_dir() .. "/?.so;;")

local function units(usd) return math.floor(usd * 1e8 + 0.5) end

describe("the ledger", function()
    local srv, dir

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo-pass",
            id_list_per_minute = 100000 })
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

    it("pairs an intent and a settle per paid call: exactly spent(), the emulator's spend and id_list", function()
        assert(srv:control{ reset_accounts = true })
        local path = dir .. "/spend.jsonl"
        local c = client(path)
        assert(c:anchors_all({ target = "medium-example.com" }, { limit = 50, concurrency = 4 }))
        assert(c:anchors{ target = "forbes.com", limit = 7, offset = 3 })
        assert(c:account())                                        -- free: no line
        c:close()
        local text = helpers.read_file(path)
        local intents, settles = 0, 0
        for line in text:gmatch("[^\n]+") do
            if line:find('"estimate"', 1, true) then intents = intents + 1 else settles = settles + 1 end
        end
        assert.equal(c:stats().calls - 1, intents)               -- every call but the free one
        assert.equal(intents, settles)
        local calls = assert(ledger.read(path))
        local sum, tasks = 0, books.tasks(srv, "demo", "demo-pass")
        for _, call in ipairs(calls) do
            sum = sum + units(call.cost)
            assert.is_nil(call.presumed)
            assert.near(0.02 + call.limit * 0.00003, call.estimate, 1e-12)
            -- The API's own books have this task at this cost.
            assert.equal(units(tasks[call.task_id].cost), units(call.cost))
        end
        assert.equal(units(c:spent()), sum)
        assert.equal(units(books.charged(srv)), sum)
        local last = calls[#calls]
        assert.truthy(last.time:match("^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%d%.%d%d%dZ$"), last.time)
        assert.equal("/v3/backlinks/anchors/live", last.endpoint)
        assert.equal("forbes.com", last.target)
        assert.equal(3, last.offset)
        assert.equal(7, last.limit)
        assert.equal(7, last.items)
        assert.near(0.02 + 7 * 0.00003, last.cost, 1e-12)
        local offsets = {}
        for i = 1, #calls - 1 do offsets[#offsets + 1] = calls[i].offset end
        table.sort(offsets)
        assert.same({ 0, 50, 100, 150, 200, 250, 300, 350 }, offsets)
        local _, total = assert(ledger.summary(path))
        assert.equal(#calls, total.calls)
        assert.equal(0, total.presumed)
        assert.is_nil(text:find("demo-pass", 1, true))             -- no credential in the file
        assert.is_nil(text:find('"demo"', 1, true))
    end)

    it("skips a line torn mid-way, and the next writer starts on a line of its own", function()
        local path = dir .. "/torn.jsonl"
        local c = client(path)
        for i = 1, 3 do assert(c:anchors{ target = "forbes.com", limit = i }) end
        c:close()
        local text = helpers.read_file(path)
        helpers.write_file(path, text:sub(1, #text - 25))          -- cut inside the last settle
        local calls, report = assert(ledger.each_call(path))
        local seen = {}
        for call in calls do seen[#seen + 1] = call end
        assert.equal(3, #seen)
        assert.is_true(seen[3].presumed)                           -- its intent stands, at its estimate
        assert.equal(1, report.unreadable)
        assert.equal(1, report.unsettled)
        c = client(path)
        assert(c:anchors{ target = "forbes.com", limit = 4 })
        c:close()
        local list, skipped = assert(ledger.read(path))
        assert.equal(4, #list)
        assert.equal(1, skipped)                                   -- the torn piece, on its own line
        assert.equal(4, list[3].limit)
        assert.equal(3, list[4].limit)                            -- the unsettled one comes last
    end)

    it("is read without error after a process is killed while it appends", function()
        local path = dir .. "/killed.jsonl"
        local script = dir .. "/appender.lua"
        helpers.write_file(script, [[
local w = assert(require("dataforseo.engine.ledger").open(arg[1]))
local i = 0
while true do
    i = i + 1
    local e = { id = "k-" .. i, time = os.time(), endpoint = "/v3/backlinks/anchors/live", target = "forbes.com",
        offset = i, limit = 1000, estimate = 0.05 }
    w:intent(e)
    e.task_id, e.items, e.cost = "t-" .. i, 1000, 0.05
    w:settle(e)
end
]])
        local pid = tonumber(helpers.capture("env " .. ENV .. " " .. helpers.LUA .. " " .. quote(script) .. " "
            .. quote(path) .. " >/dev/null 2>&1 & echo $!"))
        socket.sleep(0.3)
        assert(helpers.sh("kill -KILL " .. pid))
        local calls, report = assert(ledger.each_call(path))
        local n = 0
        for call in calls do
            n = n + 1
            assert.equal(n, call.offset)                           -- whole lines, in order
        end
        assert.is_true(n > 100)
        assert.is_true(report.unreadable <= 1)
        assert.is_true(report.unsettled <= 1)
        assert.equal(0, report.invalid)
    end)

    it("counts hostile lines as invalid and reports them, never sums them", function()
        local path = dir .. "/hostile.jsonl"
        helpers.write_file(path, table.concat({
            '{"time":"2026-01-02T00:00:00.000Z","target":"a","items":3,"cost":0.02009}',
            '{"time":"2026-01-02T00:00:00.000Z","target":"a","cost":-0.5}',
            '{"time":"2026-01-02T00:00:00.000Z","target":"a","cost":1e308}',
            '{"time":"2026-01-02T00:00:00.000Z","target":"a","cost":1e308}',
            '{"time":"2026-01-02T00:00:00.000Z","target":"a","cost":NaN}',
            '{"time":"2026-01-02T00:00:00.000Z","target":"a","cost":1e400}',
            '{"time":"2026-01-02T00:00:00.000Z","target":"a","cost":"0.5"}',
            '{"time":"2026-01-02T00:00:00.000Z","target":"a","cost":0.1,"items":-2}',
            '{"time":"2026-01-02T00:00:00.000Z","target":"a","cost":0.1,"items":2.5}',
            '{"id":"h-1","time":"2026-01-02T00:00:00.000Z","target":"a","estimate":-1}',
            '{"id":"h-2","time":"2026-01-02T00:00:00.000Z","target":"a","estimate":0.023}',
            '{"time":"2026-01-02T00:00:00.000Z","target":"a"}',
            '[1,2,3]',
            '{"time":"2026-01-02T00:00:00.000Z","target":"a","cost":0.0',
        }, "\n"))
        local rows, total, report = assert(ledger.summary(path, { by = "target" }))
        assert.equal(1, #rows)
        assert.equal(2, total.calls)                               -- the good line and the unsettled intent
        assert.equal(units(0.02009 + 0.023), units(total.cost))
        assert.equal(units(0.023), units(total.presumed))
        assert.equal(3, total.items)
        assert.equal(10, report.invalid)                           -- 1e400 reads as inf: invalid
        assert.equal(2, report.unreadable)                         -- NaN (not JSON), the torn last line
        assert.equal(1, report.unsettled)
        assert.equal(14, report.lines)
        assert.equal(2, report.problems[1].line)
        assert.truthy(report.problems[1].reason:find("cost", 1, true))
    end)

    it("streams: memory stays flat however long the ledger", function()
        local path = dir .. "/long.jsonl"
        local w = assert(ledger.open(path))
        for i = 1, 60000 do
            local e = { id = "l-" .. i, time = 1764547200 + i, endpoint = "/v3/backlinks/anchors/live",
                target = "t" .. (i % 7) .. ".example", offset = i, limit = 100, estimate = 0.023 }
            w:intent(e)
            e.task_id, e.items, e.cost = "t-" .. i, 100, 0.023
            w:settle(e)
        end
        w:close()
        collectgarbage()
        local base, peak, n = collectgarbage("count"), 0, 0
        local calls = assert(ledger.each_call(path))
        for _ in calls do
            n = n + 1
            if n % 10000 == 0 then                                  -- what the reader keeps alive
                collectgarbage()
                peak = math.max(peak, collectgarbage("count") - base)
            end
        end
        assert.equal(60000, n)
        assert.is_true(peak < 1024, peak .. " KB")                -- the file is ~26 MB
    end)

    it("sends nothing when the ledger is not a regular file (a FIFO) or cannot be opened", function()
        local fifo = dir .. "/fifo"
        assert(helpers.sh("mkfifo " .. quote(fifo)))
        local none, why = dataforseo.new{ base_url = srv.base_url, login = "demo", password = "demo-pass",
            ledger = fifo }
        assert.is_nil(none)
        assert.equal("ledger", why.kind)
        assert.truthy(why.message:find("is a fifo, not a regular file", 1, true), why.message)
        none, why = dataforseo.new{ base_url = srv.base_url, login = "demo", password = "demo-pass",
            ledger = dir .. "/no/such/dir/spend.jsonl" }
        assert.is_nil(none)
        assert.equal("ledger", why.kind)
    end)

    it("sends nothing when the intent cannot be written (a full disk): kind ledger, a clear message", function()
        assert(srv:control{ reset_stats = true })
        local path = dir .. "/full.jsonl"
        local script = dir .. "/full.lua"
        -- The file size limit (RLIMIT_FSIZE, SIGXFSZ ignored) makes write() fail as a full disk does.
        helpers.write_file(script, [[
local c = assert(require("dataforseo").new{ base_url = arg[2], login = "demo", password = "demo-pass",
    ledger = arg[1] })
assert(c:anchors{ target = "forbes.com", limit = 1 })
local pad = assert(io.open(arg[1], "ab"))
pad:setvbuf("no")
while pad:write(string.rep("x", 511) .. "\n") do end
pad:close()
local page, err = c:anchors{ target = "forbes.com", limit = 1 }
print(page == nil, err.kind, err.message)
local _, presumed = c:spent()
print(presumed)
]])
        local out = helpers.capture("sh -c " .. quote("ulimit -f 16; trap '' XFSZ; exec env " .. ENV .. " "
            .. helpers.LUA .. " " .. quote(script) .. " " .. quote(path) .. " " .. quote(srv.base_url)) .. " 2>&1")
        local refused, kind, message = out:match("^(%a+)\t(%a+)\t([^\n]*)\n")
        assert.equal("true", refused, out)
        assert.equal("ledger", kind)
        assert.truthy(message:find("cannot write the ledger", 1, true), message)
        assert.truthy(message:find("the call was not sent", 1, true), message)
        assert.truthy(out:find("\n0%.?0?\n"), out)                -- nothing presumed either
        assert.equal(1, assert(srv:stats()).requests)              -- the second call never went out
    end)
end)
