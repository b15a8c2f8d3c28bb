-- dataforseo.changes: new, lost and changed items keyed by each endpoint's
-- identity, on hand-made lists and on real pages from the emulator (two
-- overlapping windows of one result set: the items before the overlap are
-- lost, the ones after it new, the overlap unchanged).
local dataforseo = require "dataforseo"
local changes = require "dataforseo.changes"
local api = require "dataforseo.api"

local null = dataforseo.null

describe("changes on hand-made lists", function()
    it("finds new, lost and changed anchors, and what changed in each", function()
        local old = {
            { anchor = "click here", backlinks = 10, referring_links_tld = { com = 8, org = 2 } },
            { anchor = "Example", backlinks = 5, first_seen = "2024-01-01" },
            { anchor = "gone", backlinks = 1 },
            { anchor = null, backlinks = 7 },
        }
        local new = {
            { anchor = "brand new", backlinks = 2 },
            { anchor = "click here", backlinks = 12, referring_links_tld = { com = 8, net = 4 } },
            { anchor = "Example", backlinks = 5, first_seen = "2024-01-01" },
            { anchor = null, backlinks = 7 },
        }
        local d = dataforseo.changes(old, new, "anchors")
        assert.equal("anchors", d.endpoint)
        assert.same({ "anchor" }, d.identity)
        assert.same({ new[1] }, d.new)
        assert.same({ old[3] }, d.lost)
        assert.equal(2, d.unchanged)          -- "Example" and the null anchor
        assert.equal(1, #d.changed)
        local c = d.changed[1]
        assert.equal("click here", c.key)
        assert.equal(old[1], c.old)
        assert.equal(new[2], c.new)
        assert.same({
            backlinks = { old = 10, new = 12 },
            ["referring_links_tld.org"] = { old = 2 },
            ["referring_links_tld.net"] = { new = 4 },
        }, c.fields)
    end)

    it("tells a null anchor from the text \"null\" and anchors by exact text", function()
        local d = changes({ { anchor = null }, { anchor = "Null" } }, { { anchor = "null" }, { anchor = "null " } },
            "anchors")
        assert.equal(2, #d.new)
        assert.equal(2, #d.lost)
    end)

    it("keys each endpoint by its identity", function()
        local cases = {
            { "referring_domains", "domain", "a.com", "b.com" },
            { "referring_networks", "network_address", "1.2.3.4", "1.2.3.5" },
            { "domain_pages", "page", "https://x.com/a", "https://x.com/b" },
            { "domain_pages_summary", "url", "https://x.com/a", "https://x.com/b" },
        }
        for _, case in ipairs(cases) do
            local name, field, a, b = case[1], case[2], case[3], case[4]
            local d = changes({ { [field] = a, n = 1 }, { [field] = b, n = 1 } },
                { { [field] = b, n = 2 }, { [field] = "c", n = 1 } }, api.get(name))
            assert.equal(name, d.endpoint)
            assert.same({ field }, d.identity)
            assert.equal(1, #d.new)
            assert.equal(1, #d.lost)
            assert.equal(a, d.lost[1][field])
            assert.equal(b, d.changed[1].key)
            assert.same({ n = { old = 1, new = 2 } }, d.changed[1].fields)
        end
    end)

    it("keys backlinks by url_from and url_to, and counts repeated pairs apart", function()
        local function link(from, to, anchor) return { url_from = from, url_to = to, anchor = anchor } end
        local old = { link("a", "x", "one"), link("a", "x", "two"), link("a", "y", "t"), link("b", "x", "t") }
        local new = { link("a", "x", "one"), link("a", "y", "t"), link("b", "x", "t"), link("b", "y", "t") }
        local d = changes(old, new, "backlinks")
        assert.same({ "url_from", "url_to" }, d.identity)
        assert.same({ new[4] }, d.new)
        assert.same({ old[2] }, d.lost)            -- the second link from a to x
        assert.equal(3, d.unchanged)
        -- The pair is part of the key: same page, other target, is another link.
        assert.equal("a -> y", changes({ link("a", "y", "p") }, { link("a", "y", "q") }, "backlinks").changed[1].key)
    end)

    it("ignores the fields it is told to, nested paths too", function()
        local old = { { url_from = "a", url_to = "x", last_seen = "2024-01-01",
            page_summary = { rank = 1, size = 9 } } }
        local new = { { url_from = "a", url_to = "x", last_seen = "2024-02-01",
            page_summary = { rank = 1, size = 8 } } }
        local d = changes(old, new, "backlinks", { ignore = { "last_seen", "page_summary.size" } })
        assert.equal(1, d.unchanged)
        d = changes(old, new, "backlinks", { ignore = { "last_seen" } })
        assert.same({ ["page_summary.size"] = { old = 9, new = 8 } }, d.changed[1].fields)
    end)

    it("compares two objects field by field (the summary endpoint)", function()
        assert.is_nil(changes.fields({ backlinks = 1, tld = { com = 1 } }, { backlinks = 1, tld = { com = 1 } }))
        assert.same({ backlinks = { old = 1, new = 2 }, rank = { new = 5 }, ["tld.com"] = { old = 1, new = 3 } },
            changes.fields({ backlinks = 1, tld = { com = 1 } }, { backlinks = 2, rank = 5, tld = { com = 3 } }))
        -- Arrays are compared whole.
        assert.same({ attributes = { old = { "nofollow" }, new = { "nofollow", "ugc" } } },
            changes.fields({ attributes = { "nofollow" } }, { attributes = { "nofollow", "ugc" } }))
    end)

    it("raises on what is not data of an endpoint it knows", function()
        assert.has_error(function() changes({}, {}, "summary") end,
            "changes: no identity for endpoint summary (known: anchors, backlinks, domain_pages, "
            .. "domain_pages_summary, referring_domains, referring_networks; pass opts.identity = { field, ... })")
        assert.has_error(function() changes(nil, {}, "anchors") end)
        assert.has_error(function() changes({ "x" }, {}, "anchors") end)
        assert.has_error(function() changes({ { anchor = {} } }, {}, "anchors") end)
        -- Any endpoint, with an identity of the caller's.
        local d = changes({ { id = 1 } }, { { id = 2 } }, "future_endpoint", { identity = { "id" } })
        assert.equal(1, #d.new)
    end)
end)

describe("changes on emulator pages", function()
    local srv, client
    setup(function()
        local emulator = dofile("spec/support/emulator.lua")
        srv = assert(emulator.start{ port = 0 })
        client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url })
    end)
    teardown(function()
        if client then client:close() end
        if srv then srv:stop() end
    end)

    -- endpoint, window size, shift (domain_pages: every target has 18 pages)
    local cases = { { "anchors", 60, 20 }, { "referring_domains", 60, 20 }, { "backlinks", 60, 20 },
        { "domain_pages", 12, 6 } }
    for _, case in ipairs(cases) do
        local name, size, shift = case[1], case[2], case[3]
        it(name .. ": two overlapping windows of one result set", function()
            local old = assert(client[name](client, { target = "example.org", limit = size, offset = 0 })).items
            local new = assert(client[name](client, { target = "example.org", limit = size, offset = shift })).items
            assert.equal(size, #old)
            assert.equal(size, #new)
            local d = changes(old, new, name)
            assert.equal(shift, #d.lost)
            assert.equal(shift, #d.new)
            assert.equal(size - shift, d.unchanged)
            assert.same({}, d.changed)
            for i = 1, shift do
                assert.equal(old[i], d.lost[i])
                assert.equal(new[size - shift + i], d.new[i])
            end
        end)
    end

    it("anchors: fewer map entries per item (internal_list_limit) show as changed fields", function()
        local old = assert(client:anchors{ target = "example.org", limit = 50, internal_list_limit = 10 }).items
        local new = assert(client:anchors{ target = "example.org", limit = 50, internal_list_limit = 1 }).items
        local d = changes(old, new, "anchors")
        assert.same({}, d.new)
        assert.same({}, d.lost)
        assert.is_true(#d.changed > 0)
        for _, c in ipairs(d.changed) do
            for path, v in pairs(c.fields) do
                assert.matches("^referring_links_[%w_]+%.", path)
                assert.is_nil(v.new)           -- entries dropped, none added or altered
            end
        end
    end)
end)
