-- The emulator's JSON text (dataforseo_emulator.json, envelope.lua): the
-- request echoed in a task's `data` and the text its caches are keyed by.
dofile("spec/support/emulator.lua")
local envelope = require "dataforseo_emulator.envelope"
local cjson = require "cjson"
local json = { null = cjson.null }

describe("the emulator's envelope", function()
    it("echoes the request: api and function first, other fields sorted, exact bytes", function()
        local task = {
            target = "forbes.com", limit = 4, offset = 0, tag = 'a "b"/c',
            filters = {}, order_by = { "backlinks,desc" }, backlinks_filters = {},
            include_subdomains = false, rank_scale = "one_hundred",
            api = "ignored", ["function"] = "ignored",
        }
        assert.equal('{"api":"backlinks","function":"anchors","backlinks_filters":[],"filters":[],'
            .. '"include_subdomains":false,"limit":4,"offset":0,"order_by":["backlinks,desc"],'
            .. '"rank_scale":"one_hundred","tag":"a \\"b\\"/c","target":"forbes.com"}',
            envelope.echo(task, "backlinks", "anchors"))
        assert.equal('{"api":"backlinks","function":"anchors"}', envelope.echo(nil, "backlinks", "anchors"))
        assert.equal('{"api":"backlinks","function":"anchors"}', envelope.echo({}, "backlinks", "anchors"))
    end)

    it("echoes what it cannot validate as it came: {} for an empty object, [] inside arrays", function()
        local task = { unknown = {}, nested = { filters = {}, list = { {}, 1 }, api = 1, aaa = 2 },
            filters = { { "anchor", "like", "%x%" }, "and", {} }, n = json.null }
        assert.equal('{"api":"backlinks","function":"anchors",'
            .. '"filters":[["anchor","like","%x%"],"and",[]],"n":null,'
            .. '"nested":{"aaa":2,"api":1,"filters":{},"list":[[],1]},"unknown":{}}',
            envelope.echo(task, "backlinks", "anchors"))
    end)

    it("echoes numbers in the shortest form that reads back, as they were sent", function()
        assert.equal('{"api":"backlinks","function":"anchors","filters":[["rank",">",0.1]],"limit":1000}',
            envelope.echo({ filters = { { "rank", ">", 0.1 } }, limit = 1000 }, "backlinks", "anchors"))
        assert.equal('{"api":"backlinks","function":"anchors",'
            .. '"filters":[["backlinks_spam_score","<",33.333333333333336]]}',
            envelope.echo({ filters = { { "backlinks_spam_score", "<", 100 / 3 } } }, "backlinks", "anchors"))
    end)

    it("keys its caches by request values: an empty one is [], equal values give equal text", function()
        assert.equal("[]", envelope.request_value({}))
        assert.equal('[["backlinks",">",1],"and",[]]', envelope.request_value({ { "backlinks", ">", 1 }, "and", {} }))
        assert.equal(envelope.request_value({ { "a", "=", "x" } }), envelope.request_value({ { "a", "=", "x" } }))
        assert.are_not.equal(envelope.request_value({ "backlinks,desc" }), envelope.request_value({ "backlinks,asc" }))
    end)

    it("writes maps of counts largest first, ties by key, cut at the limit", function()
        local map = { com = 5, org = 9, net = 5, de = 1 }
        assert.same({ "org", "com", "net", "de" }, envelope.count_keys(map))
        assert.equal('{"org":9,"com":5,"net":5,"de":1}', envelope.count_map(map))
        assert.equal('{"org":9,"com":5}', envelope.count_map(map, 2))
        assert.equal("null", envelope.count_map(nil))
        assert.equal("null", envelope.count_map(json.null))
    end)
end)
