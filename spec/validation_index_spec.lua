-- Issue 23 (the proof's "refused by index"): a validation error on a list
-- field carries err.index, the 1-based position of the bad element
-- (targets[3] -> 3) beside err.field, whether the list's own rule or the
-- body's UTF-8 check found it; other fields have none.  Nothing is sent
-- (the client points at a port nothing listens on).
local dataforseo = require "dataforseo"

describe("err.index of a list field", function()
    local client
    setup(function()
        client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = "http://127.0.0.1:1",
            retries = 0 })
    end)
    teardown(function() client:close() end)

    local function refused(method, params)
        local result, err = client[method](client, params)
        assert.is_nil(result)
        assert.equal("validation", err.kind, tostring(err))
        return err
    end

    it("names the bad target of a bulk call by its position", function()
        local targets = {}
        for i = 1, 2500 do targets[i] = "site" .. i .. ".example.com" end
        targets[1234] = "bad target"
        local err = refused("bulk_ranks", { targets = targets })
        assert.same({ "targets", 1234 }, { err.field, err.index })
        assert.truthy(err.message:find("targets[1234]", 1, true), err.message)
    end)

    it("names a target that is not UTF-8 (the body's check) by its position too", function()
        local err = refused("bulk_spam_score", { targets = { "a.com", "b.com", "\255.com" } })
        assert.same({ "targets", 3 }, { err.field, err.index })
    end)

    it("names an intersection's target by its key, an excluded target and a sorting rule by position", function()
        local err = refused("domain_intersection", { targets = { "a.com", "b.com", "bad target" } })
        assert.same({ "targets", 3 }, { err.field, err.index })
        err = refused("page_intersection", { targets = { ["1"] = "a.com", ["2"] = "bad target" } })
        assert.same({ "targets", 2 }, { err.field, err.index })
        err = refused("domain_intersection", { targets = { "a.com", "b.com" },
            exclude_targets = { "x.com", "y.com", "bad x" } })
        assert.same({ "exclude_targets", 3 }, { err.field, err.index })
        err = refused("anchors", { target = "a.com", order_by = { "backlinks,desc", "bogus,asc" } })
        assert.same({ "order_by", 2 }, { err.field, err.index })
    end)

    it("leaves index nil for a field that is not a list", function()
        local err = refused("anchors", { target = "a.com", limit = 0 })
        assert.same({ "limit" }, { err.field, err.index })
        err = refused("anchors", { target = "bad target" })
        assert.same({ "target" }, { err.field, err.index })
        err = refused("anchors", { target = "a.com", filters = { "backlinks", "like", "%x%" } })
        assert.same({ "filters" }, { err.field, err.index })
    end)
end)
