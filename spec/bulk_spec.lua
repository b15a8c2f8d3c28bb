-- Bulk endpoints without the 1,000-target limit (engine/batch.lua): targets
-- checked by index before anything is sent, repeated ones sent once, the
-- batches at once through the engine, answers in input order, the cost the
-- server charged, and a failed batch failing the call with what succeeded.
-- The server is a scripted one that answers like bulk_ranks/live (the
-- emulator's own bulk_ranks is spec/emulator_bulk_spec.lua's).
local dataforseo = require "dataforseo"
local script_server = dofile("spec/support/script_server.lua")
local batch = require "dataforseo.engine.batch"

-- Answers bulk_ranks/live: one item per target (rank from the name), the
-- documented price (0.02 + 0.00003 a target), after `delay` seconds; the
-- task id says how many requests were waiting for their answer when this
-- one arrived (itself included).  Targets containing "fail" get 50000.
local SCRIPT = [[
local cjson = require "cjson"
local socket = require "socket"
local answered_at = {}
return function(req, n)
    local now = socket.gettime()
    local waiting = 1
    for _, t in ipairs(answered_at) do if t > now then waiting = waiting + 1 end end
    local delay = 0.4
    answered_at[#answered_at + 1] = now + delay
    local task = cjson.decode(req.body)[1]
    local items, fail = {}, false
    local field = req.path:find("pages_summary", 1, true) and "url" or "target"
    for i, t in ipairs(task.targets) do
        if t:find("fail", 1, true) then fail = true end
        items[i] = { type = "backlinks_bulk_ranks", [field] = t, rank = #t * 7 % 1000 }
    end
    -- Answered in reverse: the client must not rely on the order.
    local reversed = {}
    for i = #items, 1, -1 do reversed[#reversed + 1] = items[i] end
    local cost = 0.02 + 0.00003 * #items
    local t = { id = "task-" .. n .. "-waiting-" .. waiting, status_code = 20000, status_message = "Ok.",
        time = "0.1 sec.", cost = cost, result_count = 1, path = { "v3", "backlinks", "bulk_ranks", "live" },
        data = task, result = { { items_count = #items, items = reversed } } }
    if fail then
        t.status_code, t.status_message, t.cost, t.result = 50000, "Internal Error.", 0, cjson.null
    end
    return { delay = delay, body = cjson.encode{ version = "0.1.test", status_code = 20000,
        status_message = "Ok.", time = "0.1 sec.", cost = t.cost, tasks_count = 1,
        tasks_error = fail and 1 or 0, tasks = { t } } }
end
]]

local function targets(n, dup_every)
    local list = {}
    for i = 1, n do list[i] = "site" .. i .. ".example.com" end
    -- every dup_every-th target repeats an earlier one
    for i = dup_every, n, dup_every do list[i] = list[i - dup_every + 1] end
    return list
end

describe("bulk endpoints without the 1,000 limit", function()
    local srv, client
    setup(function()
        srv = script_server.start(SCRIPT)
        client = assert(dataforseo.new{ login = "login", password = "secret", base_url = srv.base_url,
            retries = 0 })
    end)
    teardown(function()
        if client then client:close() end
        if srv then srv:stop() end
    end)

    it("refuses an invalid target by its index before anything is sent", function()
        local list = targets(2500, 25)
        list[1234] = "www.bad-example.com"
        local before = #srv:requests()
        local result, err = client:bulk_ranks{ targets = list }
        assert.is_nil(result)
        assert.equal("validation", err.kind)
        assert.equal("targets", err.field)
        assert.truthy(err.message:find("targets[1234]", 1, true), err.message)
        assert.truthy(err.message:find("starts with www.", 1, true), err.message)
        assert.equal(before, #srv:requests())
    end)

    it("sends 2,500 targets (some repeated) as 3 calls at once, answers in input order", function()
        local list = targets(2500, 25)          -- 100 repeats: 2,400 unique
        local before = #srv:requests()
        local result = assert(client:bulk_ranks{ targets = list, rank_scale = "one_thousand" })
        local sent = {}
        for i = before + 1, #srv:requests() do sent[#sent + 1] = srv:requests()[i] end
        assert.equal(3, #sent)
        -- the three were in flight together: the last arrived while the others waited
        local most = 0
        for _, id in ipairs(result.task_ids) do most = math.max(most, tonumber(id:match("waiting%-(%d+)"))) end
        assert.equal(3, most)
        local cjson = require "cjson"
        local total_sent, seen = 0, {}
        for _, req in ipairs(sent) do
            local task = cjson.decode(req.body)[1]
            assert.is_true(#task.targets <= 1000)
            assert.equal("one_thousand", task.rank_scale)
            for _, t in ipairs(task.targets) do
                assert.is_nil(seen[t], "sent twice: " .. t)
                seen[t] = true
            end
            total_sent = total_sent + #task.targets
        end
        assert.equal(2400, total_sent)
        -- one item per input target, in input order; a repeat shares its first's item
        assert.equal(2500, #result.items)
        for i, t in ipairs(list) do
            assert.equal(t, result.items[i].target, i)
            assert.equal(#t * 7 % 1000, result.items[i].rank, i)
        end
        assert.equal(100, #result.duplicates)
        assert.same({ index = 25, first = 1, target = list[1] }, result.duplicates[1])
        assert.equal(result.items[1], result.items[25])
        -- the cost is what the server charged: 3 calls and 2,400 rows
        assert.is_true(math.abs(result.cost - (3 * 0.02 + 2400 * 0.00003)) < 1e-9, result.cost)
        assert.is_true(math.abs(client:spent() - result.cost) < 1e-9)
        assert.equal(3, result.calls)
        assert.is_nil(result.missing)
    end)

    it("fails the call when a batch fails for good, with what succeeded in err.items", function()
        local list = targets(2100, 1e9)
        list[1500] = "fail.example.com"      -- the second batch fails
        local result, err = client:bulk_ranks{ targets = list }
        assert.is_nil(result)
        assert.equal(50000, err.code)
        assert.equal(1100, #err.items)       -- batches 1 (1..1000) and 3 (2001..2100)
        assert.equal(list[1], err.items[1].target)
        assert.equal(list[2001], err.items[1001].target)
        assert.equal(1000, #err.failed)
        assert.equal(1001, err.failed[1])
        assert.is_true(math.abs(err.cost - (2 * 0.02 + 1100 * 0.00003)) < 1e-9, err.cost)
    end)

    it("gives err.unanswered, the failed batches' targets once each in input order: sent again, they are answered",
        function()
        local list = {}
        for i = 1, 1300 do list[i] = "site" .. i .. ".example.com" end
        list[200] = "fail.example.com"       -- the first batch (1..1000) fails
        list[1250] = list[7]                 -- a repeat of a target of the failed batch
        local result, err = client:bulk_ranks{ targets = list }
        assert.is_nil(result)
        assert.equal(50000, err.code)
        assert.equal(1000, #err.unanswered)     -- 1..1000 once; the repeat at 1250 is not sent twice
        for i = 1, 1000 do assert.equal(list[i], err.unanswered[i], i) end
        assert.equal(1001, #err.failed)      -- indexes: 1..1000 and 1250
        assert.equal(1250, err.failed[1001])
        assert.equal(299, #err.items)        -- the second batch's 299 answered
        -- a caller sends again just those (here without the one the server refuses)
        local again = {}
        for _, t in ipairs(err.unanswered) do
            if t ~= "fail.example.com" then again[#again + 1] = t end
        end
        local retried = assert(client:bulk_ranks{ targets = again })
        assert.equal(1, retried.calls)
        assert.equal(999, #retried.items)
        assert.equal(list[1], retried.items[1].target)
    end)
end)

describe("batch.root_domain", function()
    it("counts subdomains of a domain as one root, and errs on the fine side", function()
        assert.equal("dataforseo.com", batch.root_domain("docs.dataforseo.com"))
        assert.equal("dataforseo.com", batch.root_domain("https://app.dataforseo.com/x"))
        assert.equal("dataforseo.com", batch.root_domain("dataforseo.com"))
        assert.equal("bbc.co.uk", batch.root_domain("news.bbc.co.uk"))
        assert.equal("a.b.com", batch.root_domain("x.a.b.com"))         -- finer than the API
        assert.equal("127.0.0.1", batch.root_domain("http://127.0.0.1:8080/p"))
    end)
end)

describe("bulk_pages_summary batches", function()
    it("hold at most 100 root domains and 1,000 targets", function()
        local srv = script_server.start(SCRIPT)
        local client = assert(dataforseo.new{ login = "login", password = "secret", base_url = srv.base_url })
        local list = {}
        for d = 1, 250 do
            list[#list + 1] = "https://site" .. d .. ".example" .. d .. ".com/a"
            list[#list + 1] = "https://www.site" .. d .. ".example" .. d .. ".com/b"
        end
        local result = assert(client:bulk_pages_summary{ targets = list })
        for i, t in ipairs(list) do assert.equal(t, result.items[i].url) end
        assert.is_nil(result.missing)
        local cjson = require "cjson"
        local sizes = {}
        for _, req in ipairs(srv:requests()) do
            local task = cjson.decode(req.body)[1]
            local roots = {}
            local n = 0
            for _, t in ipairs(task.targets) do
                local r = batch.root_domain(t)
                if not roots[r] then roots[r], n = true, n + 1 end
            end
            assert.is_true(n <= 100, n)
            sizes[#sizes + 1] = #task.targets
        end
        assert.same({ 200, 200, 100 }, sizes)
        client:close()
        srv:stop()
    end)
end)
