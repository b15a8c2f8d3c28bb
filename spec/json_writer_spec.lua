-- dataforseo.json_writer's own options (key order, [] for empty tables,
-- numbers, maps of counts).  The CLI's use of it is covered in
-- output_spec.lua; the emulator writes its JSON with its own writer
-- (emulator_envelope_spec.lua).
local w = require "dataforseo.json_writer"
local json = require "dataforseo.json"

describe("json_writer", function()
    local function raw(empty_array)
        return { order = {}, count_maps = {}, number = w.number, max_depth = math.huge, empty_array = empty_array }
    end

    it("sorts keys when no order is given and writes [] where empty_array says so", function()
        local opts = raw(function(key, depth, in_array) return in_array or (depth == 1 and key == "filters") end)
        assert.equal('{"a":{},"filters":[],"n":null,"z":[[],1]}',
            w.encode({ z = { {}, 1 }, filters = {}, a = {}, n = json.null }, opts))
    end)

    it("writes numbers in the shortest form that reads back", function()
        assert.equal("0.1", w.number(0.1))
        assert.equal("33.333333333333336", w.number(100 / 3))
        assert.equal("1000", w.number(1000))
        assert.equal("null", w.number(0 / 0))
    end)

    it("orders maps of counts largest first, ties by key", function()
        local map = { com = 5, org = 9, net = 5, de = 1 }
        assert.same({ "org", "com", "net", "de" }, w.count_keys(map))
        assert.equal('{"referring_links_tld":{"org":9,"com":5,"net":5,"de":1}}',
            w.encode({ referring_links_tld = map }))
    end)

    it("hands out a copy of the item's field list", function()
        local a, b = w.item_fields(), w.item_fields()
        assert.equal(23, #a)
        assert.equal("type", a[1])
        assert.equal("referring_pages_nofollow", a[23])
        a[1] = "changed"
        assert.equal("type", b[1])
        assert.equal("type", w.item_fields()[1])
        local order = require("dataforseo.api.key_order").ORDER
        for i = 2, #b do assert.is_true(order[b[i - 1]] < order[b[i]]) end
    end)
end)

describe("json_writer.request_body", function()
    local jw = require "dataforseo.json_writer"

    it("carries filters as deep as the API's decoder takes them, and refuses a cycle", function()
        local deep = { "backlinks", ">", 1 }
        for _ = 1, 990 do deep = { deep } end
        local body = assert(jw.request_body({ { target = "x.com", filters = deep } }))
        assert.truthy(body:find('"backlinks",">",1', 1, true))
        local too_deep = {}
        for _ = 1, 1200 do too_deep = { too_deep } end
        local none, p = jw.request_body({ { filters = too_deep } })
        assert.is_nil(none)
        assert.equal("filters", p.field)
        assert.truthy(p.message:find("nested more than 999 levels", 1, true), p.message)
        local cycle = {}
        cycle[1] = cycle
        none, p = jw.request_body({ { filters = cycle } })
        assert.is_nil(none)
        assert.truthy(p.message:find("a cycle", 1, true), p.message)
    end)
end)

-- A string is validated once (interface 2 of the brief): a task that
-- endpoint.task validated has had json_writer.check run on it, and its
-- body is written without a second walk; with validate = false the writer
-- walks it and still refuses what may not be sent.
describe("a checked task is walked once", function()
    local jw = require "dataforseo.json_writer"
    local anchors = require "dataforseo.api.anchors"
    local params = { target = "forbes.com", tag = "día",
        filters = { { "anchor", "in", { "naïve", "café" } }, "and", { "backlinks", ">", 10 } } }

    it("validation walks it, the body writer does not", function()
        -- Validation checks field by field: the fields that are not plain
        -- ASCII or are tables (tag, filters) are walked, target is not.
        local check, check_field = spy.on(jw, "check"), spy.on(jw, "check_field")
        local task = assert(anchors.task(params, true))
        assert.spy(check_field).was.called(2)
        assert.spy(check_field).was.called_with("tag", "día")
        assert.spy(check_field).was.called_with("filters", task.filters)
        local body = assert(jw.request_body({ task }, { checked = true }))
        assert.spy(check_field).was.called(2)
        assert.spy(check).was.called(0)
        assert.truthy(body:find('"naïve"', 1, true))
        check:revert()
        check_field:revert()
    end)

    it("validation refuses bad UTF-8 deep in a filter value, naming the path", function()
        local bad = { target = "forbes.com", filters = { "anchor", "in", { "ok", "bad\255" } } }
        local task, err = anchors.task(bad, true)
        assert.is_nil(task)
        assert.equal("filters", err.field)
        assert.equal("format", err.reason)
        assert.truthy(err.message:find("filters[3][2]", 1, true), err.message)
    end)

    it("without validation the writer walks the body and refuses bad UTF-8", function()
        local check = spy.on(jw, "check")
        local task = assert(anchors.task({ target = "forbes.com",
            filters = { "anchor", "in", { "ok", "bad\255" } } }, false))
        assert.spy(check).was.called(0)
        local body, p = jw.request_body({ task })
        assert.spy(check).was.called(1)
        assert.is_nil(body)
        assert.equal("filters", p.field)
        assert.truthy(p.message:find("not valid UTF-8", 1, true), p.message)
        check:revert()
    end)
end)
