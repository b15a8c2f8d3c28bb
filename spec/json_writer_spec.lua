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

describe("request_json.request_body", function()
    local jw = require "dataforseo.request_json"

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
-- endpoint.task validated has had request_json.check run on it, and its
-- body is written without a second walk; with validate = false the writer
-- walks it and still refuses what may not be sent.
describe("a checked task is walked once", function()
    local jw = require "dataforseo.request_json"
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

-- The C core's request-body writer (json.write_body) and the Lua one give
-- the same text; the Lua one (used inside nginx without the core, and for
-- what the C one leaves to it) is loaded here as it would be there.
describe("the request-body writers of the C core and of Lua", function()
    local jw = require "dataforseo.request_json"

    local function lua_only_writer()
        local saved_json, saved_writer = package.loaded["dataforseo.json"], package.loaded["dataforseo.request_json"]
        package.loaded["dataforseo.json"] = { null = json.null }
        package.loaded["dataforseo.request_json"] = nil
        local ok, lw = pcall(require, "dataforseo.request_json")
        package.loaded["dataforseo.json"], package.loaded["dataforseo.request_json"] = saved_json, saved_writer
        assert(ok, lw)
        return lw
    end
    local lw = lua_only_writer()

    local seed = 4242
    local function random(n)
        seed = (seed * 1103515245 + 12345) % 2147483648
        return seed % n + 1
    end
    local KEYS = { "target", "limit", "filters", "order_by", "targets", "items", "a", "B", "b", "é",
        "x y", "\"q\"", "" }
    local FLOATS = { 0.1, 1 / 3, -0.0, 1e300, -2.5e-8, 2 ^ 53, 2 ^ 53 + 2, -(2 ^ 60), 123456789.125,
        0 / 0, math.huge, -math.huge, 1e15, 4.35, 8199.52380952381 }   -- the last: 15 digits, not 16
    local function random_string()
        local bytes = {}
        for i = 1, random(8) - 1 do
            local pick = random(4)
            bytes[i] = pick == 1 and random(32) - 1 or pick == 2 and random(128) + 127
                or ("\"\\/aZ"):byte(random(5))
        end
        return string.char((table.unpack or unpack)(bytes))
    end
    local function random_value(depth)
        local pick = random(depth > 4 and 6 or 9)
        if pick == 1 then return random_string() end
        if pick == 2 then return random(2001) - 1001 end
        if pick == 3 then return FLOATS[random(#FLOATS)] end
        if pick == 4 then return random(2) == 1 end
        if pick == 5 then return json.null end
        if pick == 6 then return {} end
        local t = {}
        if pick == 7 then
            for i = 1, random(5) do t[i] = random_value(depth + 1) end
        else
            for _ = 1, random(6) do t[KEYS[random(#KEYS)]] = random_value(depth + 1) end
        end
        return t
    end

    it("write the same text for every body (2,000 random ones)", function()
        local by_c = 0
        local array_keys = { filters = true, order_by = true, targets = true, items = true }
        for _ = 1, 2000 do
            local body = { random_value(0) }
            local text = lw.request_body(body, { checked = true })
            assert.equal(text, jw.request_body(body, { checked = true }))
            if json.write_body(body, array_keys) then by_c = by_c + 1 end
        end
        assert.is_true(by_c == 2000, "the C writer left " .. (2000 - by_c) .. " bodies to Lua")
    end)

    it("agree on integers at the edges and on what the C writer leaves to Lua", function()
        local edges = { { limit = 0 }, { n = -1 }, { n = 2 ^ 31 }, { n = 9007199254740991 } }
        if math.maxinteger then
            edges[#edges + 1] = { n = math.maxinteger, m = math.mininteger }
        end
        local meta = setmetatable({ a = 1 }, { __index = function() return 2 end })
        local deep = { 1 }
        for _ = 1, 80 do deep = { deep } end
        local leaves = { { m = meta }, { mixed = { 1, 2, x = 3 } }, { holes = { [1] = 1, [3] = 3 } },
            { deep = deep }, { [true] = 1 } }
        for _, task in ipairs(edges) do
            assert.equal(lw.request_body({ task }, { checked = true }), jw.request_body({ task }, { checked = true }))
            assert.is_string(json.write_body({ task }, {}))
        end
        for _, task in ipairs(leaves) do
            assert.is_nil(json.write_body({ task }, {}))
            assert.equal(lw.request_body({ task }, { checked = true }), jw.request_body({ task }, { checked = true }))
        end
        assert.equal('[{"limit":1,"target":"forbes.com"}]',
            jw.request_body({ { target = "forbes.com", limit = 1 } }, { checked = true }))
    end)
end)
