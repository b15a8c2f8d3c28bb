-- Walks of backlinks/live across its 20,000-offset ceiling, on the call
-- engine with a scripted channel (spec/support/scripted_channel.lua): up to
-- the ceiling pages go by offset, concurrently; past it each page carries
-- the search_after_token of the page before, every other field unchanged,
-- one after another.  Every item once, in order, even when a page carries
-- more items than it asked for.
local scripted = dofile("spec/support/scripted_channel.lua")
local backlinks = require "dataforseo.api.backlinks"
local walk = require "dataforseo.engine.walk"
local json = require "dataforseo.json"
local json_writer = require "dataforseo.json_writer"

-- A backlinks/live server over `total` backlinks b1..bN: answers an offset
-- (refusing one past 20,000 as the API does) or a token "after:N" (the
-- items after the Nth), which must come with every other field of the
-- request that brought it unchanged; every page carries its token.
local function server(total, seen, extra)
    local issued = {}      -- token -> the request (JSON) that brought it
    return function(_, body)
        local task = assert(json.decode(body))[1]
        seen[#seen + 1] = task
        local from
        if task.search_after_token then
            local token = task.search_after_token
            task.search_after_token = nil
            if issued[token] ~= json_writer.encode(task) then
                return { status = 200, headers = {}, bytes = 1, data = { status_code = 20000, tasks = {
                    { id = "t", status_code = 40501, status_message = "Invalid Field: 'search_after_token'." } } } }
            end
            task.search_after_token = token
            from = tonumber(token:match("^after:(%d+)$"))
        else
            from = task.offset or 0
            if from > 20000 then
                return { status = 200, headers = {}, bytes = 1, data = { status_code = 20000,
                    tasks = { { id = "t", status_code = 40501, status_message = "Invalid Field: 'offset'." } } } }
            end
        end
        local items = {}
        -- extra(task, from): items beyond the limit this answer carries (the
        -- token then comes after the last of them).
        local more = extra and extra(task, from) or 0
        for i = from + 1, math.min(from + (task.limit or 100) + more, total) do
            items[#items + 1] = { url_from = "https://site" .. i .. ".example/", rank = i }
        end
        local sent = {}
        for k, v in pairs(task) do sent[k] = v end
        sent.search_after_token = nil
        issued["after:" .. (from + #items)] = json_writer.encode(sent)
        local text = json_writer.encode({ status_code = 20000, status_message = "Ok.", cost = 0.02,
            tasks = { { id = "t", status_code = 20000, cost = 0.02, data = {}, result = { {
                total_count = total, items_count = #items, items = items,
                search_after_token = "after:" .. (from + #items) } } } } })
        return { status = 200, headers = {}, bytes = #text, data = assert(json.decode(text)) }
    end
end

local function source(e, params)
    return { engine = e, endpoint = backlinks, params = params, validate = true }
end

describe("a backlinks walk across the offset ceiling", function()
    it("hands out 25,500 backlinks exactly once, in order, switching to tokens after 20,000", function()
        local seen = {}
        local w = scripted.world(server(25500, seen), 0.1)
        local e = scripted.engine(w)
        local params = { target = "big.example", mode = "one_per_domain", filters = { "dofollow", "=", true } }
        local n = 0
        for item, i in walk.items(source(e, params), { limit = 1000, concurrency = 8 }) do
            n = n + 1
            assert.equal(n, i)
            assert.equal(n, item.rank, "item " .. n)
        end
        assert.equal(25500, n)
        -- Offsets up to 20,000, then tokens; nothing else changes between requests.
        local by_offset, by_token = 0, 0
        for _, task in ipairs(seen) do
            if task.search_after_token then
                by_token = by_token + 1
                assert.equal(20000, task.offset)     -- the last offset page's, unchanged
                assert.equal(1000, task.limit)
            else
                by_offset = by_offset + 1
                assert.is_true(task.offset <= 20000)
            end
            assert.equal("big.example", task.target)
            assert.equal("one_per_domain", task.mode)
            assert.same({ "dofollow", "=", true }, task.filters)
        end
        assert.equal(21, by_offset)          -- 0, 1000, ..., 20000
        assert.equal(5, by_token)            -- 21000 .. 25000
        assert.equal(26, #seen)              -- no page asked twice
        -- Concurrency before the switch, one at a time after it.
        assert.is_true(w.peak > 1)
    end)

    it("fails clearly when a page past the ceiling comes without a token", function()
        local seen = {}
        local answer = server(22000, seen)
        local w = scripted.world(function(n, body)
            local res = answer(n, body)
            res.data.tasks[1].result[1].search_after_token = nil
            return res
        end, 0.1)
        local ok, err = pcall(function()
            for _ in walk.pages(source(scripted.engine(w), { target = "big.example" }), { limit = 1000 }) do end
        end)
        assert.is_false(ok)
        assert.truthy(tostring(err.message):find("without a search_after_token", 1, true), tostring(err))
        assert.equal(21, #seen)
    end)

    -- Issue 24 item 8: past offset 20,000 a page that brings more items than
    -- its limit, with the token after the last, must lose none of them.
    local function extras_after(offset)
        return function(task, from)
            if task.search_after_token and from == offset then return 5 end
            return 0
        end
    end

    it("keeps the extra items of a token page: the next token follows the last of them", function()
        local seen = {}
        local w = scripted.world(server(25500, seen, extras_after(21000)), 0.1)
        local n = 0
        for item, i in walk.items(source(scripted.engine(w), { target = "big.example" }), { limit = 1000 }) do
            n = n + 1
            assert.equal(n, i)
            assert.equal(n, item.rank, "item " .. n)
        end
        assert.equal(25500, n)
        assert.equal(26, #seen)
    end)

    it("keeps the extras of the last offset page when the next page goes by its token", function()
        local seen = {}
        local w = scripted.world(server(25500, seen, function(task, from)
            return (not task.search_after_token and from == 20000) and 3 or 0
        end), 0.1)
        local n = 0
        for page in walk.pages(source(scripted.engine(w), { target = "big.example" }), { limit = 1000 }) do
            for _, item in ipairs(page.items) do
                n = n + 1
                assert.equal(n, item.rank, "item " .. n)
            end
        end
        assert.equal(25500, n)
        assert.equal(26, #seen)
    end)

    it("cuts only the final page to max_items", function()
        local seen = {}
        local w = scripted.world(server(25500, seen, extras_after(21000)), 0.1)
        local n = 0
        for item in walk.items(source(scripted.engine(w), { target = "big.example" }),
            { limit = 1000, max_items = 22002 }) do
            n = n + 1
            assert.equal(n, item.rank)
        end
        assert.equal(22002, n)
    end)
end)
