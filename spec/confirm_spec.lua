-- confirm(estimate) and confirm_over before a walk spends (confirm.lua,
-- walk.lua): nothing is asked when max_items or max_cost keep the walk
-- under the threshold; the hook is asked before any call when the first
-- call alone could pass it; otherwise after the first page, with the
-- whole walk's estimate from total_count, before any other page is sent.
local dataforseo = require "dataforseo"
local emulator = dofile("spec/support/emulator.lua")

describe("confirm before a walk", function()
    local srv

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
    end)
    teardown(function() if srv then srv:stop() end end)
    before_each(function() assert(srv:control{ reset_stats = true }) end)

    local function client(o)
        local opts = { base_url = srv.base_url, login = "demo", password = "demo" }
        for k, v in pairs(o or {}) do opts[k] = v end
        return assert(dataforseo.new(opts))
    end

    local function requests() return assert(srv:stats()).requests end

    local function drain(w)
        local pages = 0
        for _ in w do pages = pages + 1 end
        return pages
    end

    it("asks nothing when max_items or max_cost keep the walk under confirm_over", function()
        local asked = 0
        local function confirm() asked = asked + 1 return false end
        local c = client()
        assert.equal(3, drain(c:anchors_pages({ target = "forbes.com" },
            { limit = 10, max_items = 30, confirm = confirm, confirm_over = 0.1 })))
        local w = c:anchors_pages({ target = "forbes.com" },
            { limit = 10, max_cost = 0.05, confirm = confirm, confirm_over = 0.1 })
        assert.is_false(pcall(drain, w))                    -- it ends at its max_cost, unasked
        assert.equal("cost_limit", w.status)
        assert.equal(2, w.pages)
        assert.equal(0, asked)
        c:close()
    end)

    it("asks after the first page with the whole walk's estimate; false ends it there", function()
        local c = client()
        local seen
        local w = c:anchors_pages({ target = "forbes.com" }, { limit = 1000, confirm_over = 0.10,
            confirm = function(e) seen = e return false end })
        assert.equal(1, drain(w))
        assert.equal(1, requests())                         -- nothing after the first page
        assert.equal("declined", w.status)
        assert.truthy(w.note:find("confirm_over $0.10", 1, true), w.note)
        assert.is_true(seen.known)
        assert.equal(10105, seen.total_count)
        assert.equal(10105, seen.items)
        assert.equal(11, seen.calls)
        assert.near(0.05, seen.spent, 1e-12)
        assert.near(0.05 + 10 * 0.02 + 9105 * 0.00003, seen.usd, 1e-9)
        assert.equal(0.10, seen.confirm_over)
        c:close()
    end)

    it("walks on when confirm says yes", function()
        local c = client()
        local asked = 0
        local items = assert(c:anchors_all({ target = "medium-example.com" }, { limit = 100,
            confirm_over = 0.05, confirm = function(e)
                asked = asked + 1
                assert.equal(4, e.calls)
                assert.equal(385, e.items)
                return true
            end }))
        assert.equal(385, #items)
        assert.equal(1, asked)
        assert.equal(4, requests())
        c:close()
    end)

    it("asks before any call when the first call alone could pass confirm_over", function()
        local c = client()
        local seen
        local w = c:anchors_pages({ target = "forbes.com" }, { limit = 1000, confirm_over = 0.01,
            confirm = function(e) seen = e return false end })
        assert.equal(0, drain(w))
        assert.equal(0, requests())                         -- nothing was spent
        assert.equal("declined", w.status)
        assert.is_false(seen.known)
        assert.is_nil(seen.items)                           -- unknown before a page
        assert.is_nil(seen.usd)
        assert.equal(0, seen.spent)
        -- With max_items the bound is known.
        w = c:anchors_pages({ target = "forbes.com" }, { limit = 1000, max_items = 5000, confirm_over = 0.01,
            confirm = function(e) seen = e return false end })
        assert.equal(0, drain(w))
        assert.equal(5000, seen.items)
        assert.equal(5, seen.calls)
        assert.near(dataforseo.estimate_cost(5000, 1000), seen.usd, 1e-12)
        c:close()
    end)

    it("declines without a hook, and takes the client's confirm and confirm_over as defaults", function()
        local c = client()
        local w = c:anchors_pages({ target = "forbes.com" }, { limit = 1000, confirm_over = 0.10 })
        assert.equal(1, drain(w))
        assert.equal("declined", w.status)
        c:close()
        local asked = 0
        c = client{ confirm_over = 0.10, confirm = function() asked = asked + 1 return true end }
        assert.equal(6, #assert(c:anchors_all({ target = "small-example.com" }, { limit = 1000 })))
        assert.equal(0, asked)                              -- one page: nothing more to ask about
        assert.equal(11, drain(c:anchors_pages({ target = "forbes.com" }, { limit = 1000 })))
        assert.equal(1, asked)
        c:close()
    end)
end)
