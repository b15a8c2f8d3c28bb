-- endpoint.result: a decoded response -> a Page, whatever the response
-- holds (api/endpoint.lua, api/envelope.lua); no server needed.
local anchors = require "dataforseo.api.anchors"
local json = require "dataforseo.json"

local function response(result, task_extra, top_extra)
    local task = { id = "t-1", status_code = 20000, status_message = "Ok.", time = "0.1234 sec.", cost = 0.02003,
        data = { api = "backlinks", ["function"] = "anchors", target = "forbes.com", limit = 2 },
        result = { result } }
    for k, v in pairs(task_extra or {}) do task[k] = v end
    local data = { status_code = 20000, status_message = "Ok.", cost = 0.02003, tasks = { task } }
    for k, v in pairs(top_extra or {}) do data[k] = v end
    return { status = 200, headers = {}, data = data }
end

local ITEMS = { { anchor = "a", backlinks = 3 }, { anchor = "b", backlinks = 2 } }

describe("endpoint.result", function()
    it("reads a page: counts, offsets, cost, time, task id, target", function()
        local sent = assert(anchors.task({ target = "forbes.com", limit = 2 }, true))
        local page = assert(anchors.result(response{ target = "forbes.com", total_count = 5,
            items_count = 2, items = ITEMS }, sent))
        assert.equal(2, #page.items)
        assert.equal(2, page.items_count)
        assert.equal(5, page.total_count)
        assert.equal(0, page.offset)
        assert.equal(2, page.limit)
        assert.equal(2, page.next_offset)
        assert.equal(0.02003, page.cost)
        assert.equal(0.1234, page.time)
        assert.equal("t-1", page.task_id)
        assert.equal("forbes.com", page.target)
        assert.equal(20000, page.status_code)
        assert.is_nil(page.search_after_token)
        local last = assert(anchors.result(response{ total_count = 4, items = ITEMS },
            { target = "forbes.com", offset = 2, limit = 2 }))
        assert.equal(2, last.offset)
        assert.is_nil(last.next_offset)
        assert.equal("forbes.com", last.target)                 -- the one sent
    end)

    it("takes limit and offset from the request echo when the task did not say", function()
        local page = assert(anchors.result(response{ total_count = 9, items = ITEMS }, {}))
        assert.equal(2, page.limit)
        assert.equal(0, page.offset)
    end)

    it("copies what a result says besides its items, never a null", function()
        local page = assert(anchors.result(response{ items = ITEMS, search_after_token = "tok",
            targets = json.null, date_from = "2024-01-01" }, {}))
        assert.equal("tok", page.search_after_token)
        assert.equal("2024-01-01", page.date_from)
        assert.is_nil(page.targets)
    end)

    it("survives hostile values: a time that is not seconds, numbers that are strings", function()
        for _, time in ipairs{ "soon", "", json.null, {}, true } do
            local page = assert(anchors.result(response({ items = ITEMS, total_count = "9" },
                { time = time, cost = "1" }), {}))
            assert.is_nil(page.time)
            assert.equal("1", page.cost)       -- as sent: the engine fails the call (bad_body), never $0
            assert.equal(0, page.total_count)
            assert.is_nil(page.next_offset)
        end
    end)

    it("refuses items that are not an array of objects, and a result of the wrong shape", function()
        for _, items in ipairs{ { a = {} }, { 1 }, { {}, json.null }, { { 1 } }, "x" } do
            local page, err = anchors.result(response{ items = items }, {})
            assert.is_nil(page)
            assert.equal("bad_body", err.reason)
        end
        assert.same({}, assert(anchors.result(response{ items = json.null }, {})).items)
        assert.same({}, assert(anchors.result(response("x"), {})).items)
    end)

    it("turns error codes, at the top or in a task, into API errors with their cost", function()
        local _, err = anchors.result(response({ items = ITEMS }, { status_code = 40501,
            status_message = "Invalid Field" }), {})
        assert.equal(40501, err.code)
        assert.equal(0.02003, err.cost)
        _, err = anchors.result(response({ items = ITEMS }, nil, { status_code = 40200, status_message = "x" }), {})
        assert.equal(40200, err.code)
        _, err = anchors.result(response({ items = ITEMS }, nil, { tasks = {} }), {})
        assert.equal("bad_body", err.reason)
        _, err = anchors.result(response({ items = ITEMS }, nil, { status_code = "20000" }), {})
        assert.equal("bad_body", err.reason)
        _, err = anchors.result({ status = 200, headers = {}, data = { 1, 2 } }, {})
        assert.equal("bad_body", err.reason)
    end)
end)
