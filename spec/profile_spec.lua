-- dataforseo.profile: the brand of a target, the anchor classes, and the
-- profile of fixed items whose answers were worked out by hand (comments
-- show the sums); then a walk of the emulator profiled through the public
-- client API.
local helpers = dofile("spec/support/helpers.lua")
local dataforseo = require "dataforseo"
local errors = require "dataforseo.errors"
local null = dataforseo.null

local profile = dataforseo.profile

local function near(expected, actual)
    assert.is_true(math.abs(expected - actual) < 1e-12,
        ("expected %.17g, got %.17g"):format(expected, actual))
end

describe("dataforseo.profile", function()
    it("is loaded on first use through require 'dataforseo'", function()
        assert.equal(require "dataforseo.profile", dataforseo.profile)
    end)

    describe("brand_of", function()
        local cases = {
            { "forbes.com", "forbes" },
            { "www.forbes.com", "forbes" },
            { "WWW.Forbes.COM", "forbes" },
            { "blog.forbes.com", "forbes" },
            { "a.b.forbes.com", "forbes" },
            { "https://www.forbes.com/sites/page?x=1#top", "forbes" },
            { "http://user@www2.forbes.com:8080/", "forbes" },
            { "bbc.co.uk", "bbc" },
            { "news.bbc.co.uk", "bbc" },
            { "www.example.com.br", "example" },
            { "shop.example.com.au", "example" },
            { "someone.blogspot.com", "someone" },
            { "big-example.com", "big-example" },
            { "forbes.com.", "forbes" },
            { "localhost", "localhost" },
        }
        for _, c in ipairs(cases) do
            it(c[1] .. " -> " .. c[2], function()
                assert.equal(c[2], profile.brand_of(c[1]))
            end)
        end
        it("has none for an IP address, a bare suffix or a non-string", function()
            assert.is_nil(profile.brand_of("192.168.0.1"))
            assert.is_nil(profile.brand_of("https://[::1]/"))
            assert.is_nil(profile.brand_of("co.uk"))
            assert.is_nil(profile.brand_of(""))
            assert.is_nil(profile.brand_of(null))
            assert.is_nil(profile.brand_of(42))
        end)
    end)

    describe("classify", function()
        local rules = profile.rules{ target = "big-example.com" }
        local cases = {
            { "", "empty" }, { "   \t", "empty" }, { "\194\160", "empty" },
            { "big-example.com", "naked" }, { "www.big-example.com", "naked" },
            { "https://big-example.com/", "naked" }, { "http://other.org/page", "naked" },
            { "other.de/path", "naked" }, { "WWW.OTHER.COM", "naked" },
            { "Big Example", "branded" }, { "big-example", "branded" }, { "BigExample shop", "branded" },
            { "Caf\195\169 Big Example", "branded" }, { "\226\152\133 big example \226\152\133", "branded" },
            { "big example\227\129\174\229\133\172\229\188\143", "branded" },
            { "click here", "generic" }, { "Click Here!", "generic" }, { "Read more \194\187", "generic" },
            { "  [link]  ", "generic" }, { "\226\128\156here\226\128\157", "generic" },
            { "\194\187", "generic" }, { "...", "generic" }, { "READ  MORE", "generic" },
            { "best widgets", "other" }, { "bigexamples", "other" }, { "Node.js", "other" },
            { "click here now", "other" }, { "3.5 stars", "other" },
        }
        for _, c in ipairs(cases) do
            it(("%q -> %s"):format(c[1], c[2]), function()
                assert.equal(c[2], profile.classify(c[1], rules))
            end)
        end
        it("puts a null or missing anchor with the empty ones", function()
            assert.equal("empty", profile.classify(null, rules))
            assert.equal("empty", profile.classify(nil, rules))
            assert.equal("empty", profile.classify({}, rules))
        end)
        it("takes a brand of several words and extra generic anchors from the options", function()
            local r = profile.rules{ brand = { "Wall Street Journal", "WSJ" }, generic = { "Widgets Galore" } }
            assert.equal("branded", profile.classify("the wall street journal", r))
            assert.equal("branded", profile.classify("WallStreetJournal", r))
            assert.equal("branded", profile.classify("wsj live", r))
            assert.equal("other", profile.classify("big example", r))
            assert.equal("generic", profile.classify("widgets galore!", r))
            assert.equal("generic", profile.classify("here", r))   -- the documented list stays
        end)
        it("uses the generic list docs/report.md shows", function()
            local doc = assert(helpers.read_file("docs/report.md"))
            local listed = {}
            for phrase in assert(doc:match("The generic list.-it%):(.-)\n\n")):gmatch("`([^`]+)`") do
                listed[#listed + 1] = phrase
            end
            assert.same(profile.GENERIC, listed)
        end)
        it("has no branded class without a brand", function()
            local r = profile.rules{}
            assert.equal("other", profile.classify("Big Example", r))
        end)
    end)

    describe("of fixed items", function()
        local function items()
            return {
                -- 1 branded
                { anchor = "Example", backlinks = 10, referring_domains = 4, referring_domains_nofollow = 1,
                    first_seen = "2021-03-05 10:00:00 +00:00", lost_date = null,
                    referring_links_tld = { com = 6, [""] = 2 }, referring_links_countries = { US = 5, DE = 1 },
                    referring_links_types = { anchor = 10 }, referring_links_attributes = null,
                    referring_links_platform_types = { blogs = 3 },
                    referring_links_semantic_locations = { article = 7 } },
                -- 2 naked, lost
                { anchor = "www.example.co.uk", backlinks = 6, referring_domains = 3, referring_domains_nofollow = 3,
                    first_seen = "2021-03-20 00:00:00 +00:00", lost_date = "2022-01-02 00:00:00 +00:00",
                    referring_links_tld = { com = 2, org = 4 }, referring_links_countries = { US = 1 },
                    referring_links_types = { anchor = 5, image = 1 }, referring_links_attributes = { nofollow = 6 } },
                -- 3 generic
                { anchor = "click here", backlinks = 3, referring_domains = 2, referring_domains_nofollow = 0,
                    first_seen = "2021-04-01 00:00:00 +00:00", lost_date = null,
                    referring_links_tld = { org = 1, de = 2 }, referring_links_countries = { [""] = 3 },
                    referring_links_attributes = { noopener = 1 } },
                -- 4 empty (image), lost
                { anchor = "", backlinks = 8, referring_domains = 5, referring_domains_nofollow = 2,
                    first_seen = "2022-01-15 00:00:00 +00:00", lost_date = "2022-01-30 00:00:00 +00:00",
                    referring_links_types = { image = 8 }, referring_links_tld = { com = 8 } },
                -- 5 empty (null anchor), no date, a null map and a map that is a string (1 ignored)
                { anchor = null, backlinks = 1, referring_domains = 1, referring_domains_nofollow = 1,
                    first_seen = null, referring_links_tld = null, referring_links_countries = "oops" },
                -- 6 other
                { anchor = "best widgets", backlinks = 12, referring_domains = 5, referring_domains_nofollow = 0,
                    first_seen = "2021-04-30 23:59:59 +00:00", lost_date = null,
                    referring_links_tld = { com = 12 }, referring_links_countries = { GB = 12 },
                    referring_links_platform_types = { cms = 2, blogs = 1 },
                    referring_links_semantic_locations = { [""] = 12 } },
                -- 7 other, bad date; backlinks a string, tld values -5, "7", NaN (4 ignored)
                { anchor = "cheap widgets", backlinks = "12", referring_domains = 0,
                    referring_domains_nofollow = 0, first_seen = "not a date",
                    referring_links_tld = { com = -5, net = "7", org = 0 / 0 } },
                -- not an item
                "not an item",
            }
        end

        local p
        before_each(function()
            p = profile(items(), { target = "example.co.uk", top = 3, spend = 0.25 })
        end)

        it("totals", function()
            assert.equal(7, p.totals.anchors)
            assert.equal(40, p.totals.backlinks)           -- 10+6+3+8+1+12+0
            assert.equal(20, p.totals.referring_domains)   -- 4+3+2+5+1+5+0
            assert.equal(7, p.totals.referring_domains_nofollow)  -- 1+3+0+2+1+0+0
            near(0.35, p.totals.nofollow_share)
            assert.equal(2, p.totals.lost_anchors)
            assert.equal(0.25, p.totals.spend)
            assert.is_nil(p.totals.total_count)
            assert.equal(1, p.skipped_items)
            assert.equal(5, p.ignored_values)
            assert.equal(2, p.undated)
            assert.same({ "example" }, p.brands)
            assert.equal("example.co.uk", p.target)
        end)

        it("classes and their shares", function()
            local want = {
                { "empty", 2, 9, 6 }, { "naked", 1, 6, 3 }, { "branded", 1, 10, 4 },
                { "generic", 1, 3, 2 }, { "other", 2, 12, 5 },
            }
            assert.equal(#want, #p.classes)
            for i, w in ipairs(want) do
                local c = p.classes[i]
                assert.equal(w[1], c.key)
                assert.equal(c, p.by_class[w[1]])
                assert.equal(w[2], c.anchors)
                assert.equal(w[3], c.backlinks)
                assert.equal(w[4], c.referring_domains)
                near(w[2] / 7, c.anchors_share)
                near(w[3] / 40, c.backlinks_share)
                near(w[4] / 20, c.referring_domains_share)
            end
            near(0.25, p.by_class.branded.backlinks_share)
            near(0.2, p.by_class.branded.referring_domains_share)
            near(0.225, p.by_class.empty.backlinks_share)
            near(0.3, p.by_class.empty.referring_domains_share)
        end)

        it("sums of the item maps, largest first", function()
            local function entries(name)
                local out = {}
                for i, e in ipairs(p.maps[name].entries) do out[i] = { e.key, e.count } end
                return out
            end
            assert.same({ { "com", 28 }, { "org", 5 }, { "", 2 }, { "de", 2 } }, entries("referring_links_tld"))
            assert.equal(37, p.maps.referring_links_tld.total)
            near(28 / 37, p.maps.referring_links_tld.entries[1].share)
            assert.same({ { "GB", 12 }, { "US", 6 }, { "", 3 }, { "DE", 1 } }, entries("referring_links_countries"))
            assert.same({ { "anchor", 15 }, { "image", 9 } }, entries("referring_links_types"))
            assert.same({ { "nofollow", 6 }, { "noopener", 1 } }, entries("referring_links_attributes"))
            assert.same({ { "blogs", 4 }, { "cms", 2 } }, entries("referring_links_platform_types"))
            assert.same({ { "", 12 }, { "article", 7 } }, entries("referring_links_semantic_locations"))
        end)

        it("new and lost anchors by month", function()
            assert.same({
                { month = "2021-03", new = 2, lost = 0 },
                { month = "2021-04", new = 2, lost = 0 },
                { month = "2022-01", new = 1, lost = 2 },
            }, p.months)
        end)

        it("top anchors by referring domains, with their nofollow share", function()
            assert.equal(3, #p.top)
            local t = p.top
            assert.equal("best widgets", t[1].anchor)   -- 5 domains, 12 backlinks
            assert.equal("", t[2].anchor)               -- 5 domains, 8 backlinks
            assert.equal("Example", t[3].anchor)        -- 4 domains
            assert.same({ "other", "empty", "branded" }, { t[1].class, t[2].class, t[3].class })
            assert.same({ 0, 2, 1 }, { t[1].referring_domains_nofollow, t[2].referring_domains_nofollow,
                t[3].referring_domains_nofollow })
            assert.same({ 5, 3, 3 }, { t[1].referring_domains_dofollow, t[2].referring_domains_dofollow,
                t[3].referring_domains_dofollow })
            near(0, t[1].nofollow_share)
            near(0.4, t[2].nofollow_share)
            near(0.25, t[3].nofollow_share)
            assert.equal("2021-04-30 23:59:59 +00:00", t[1].first_seen)
        end)

        it("keeps the top anchors right across many items (bounded selection)", function()
            local many = {}
            for i = 1, 500 do
                many[i] = { anchor = "a" .. i, backlinks = i % 7, referring_domains = (i * 37) % 101 }
            end
            local q = profile(many, { top = 5 })
            -- (i*37) % 101 is 100 where i = 30 (mod 101), as 37 * 71 = 1 (mod 101):
            -- i = 30, 131, 232, 333, 434 (the next, 535, is past 500).  Their
            -- backlinks i % 7 are 2, 5, 1, 4, 0: that orders the tie.
            local got = {}
            for i, e in ipairs(q.top) do got[i] = e.anchor end
            assert.same({ "a131", "a333", "a30", "a232", "a434" }, got)
        end)

        it("reads an iterator function the same way as an array", function()
            local list, i = items(), 0
            local q = profile(function() i = i + 1; return list[i] end, { target = "example.co.uk", top = 3,
                spend = 0.25 })
            assert.is_true(helpers.deep_equal(p, q))
        end)

        it("returns nil, err when the iterator fails a call, with the profile so far", function()
            local list, i = items(), 0
            local q, err = profile(function()
                i = i + 1
                if i == 3 then error(errors.new{ kind = "api", code = 40203, message = "limit" }) end
                return list[i]
            end, { target = "example.co.uk" })
            assert.is_nil(q)
            assert.is_true(errors.is_error(err))
            assert.equal(2, err.profile.totals.anchors)
            assert.equal(16, err.profile.totals.backlinks)
        end)

        it("raises what is not an error object (a bug) and bad options", function()
            assert.has_error(function() profile(function() error("boom") end) end, "boom")
            assert.has_error(function() profile({}, { brnad = "x" }) end)
            assert.has_error(function() profile({}, { brand = "" }) end)
            assert.has_error(function() profile({}, { top = -1 }) end)
            assert.has_error(function() profile(42) end)
        end)

        it("is empty and all zero for no items", function()
            local q = profile({}, { target = "forbes.com" })
            assert.equal(0, q.totals.anchors)
            for _, c in ipairs(q.classes) do assert.equal(0, c.backlinks_share) end
            assert.same({}, q.top)
            assert.same({}, q.months)
            assert.equal(0, q.maps.referring_links_tld.total)
        end)
    end)

    describe("of a walk through the client", function()
        local emulator = dofile("spec/support/emulator.lua")
        local srv, client
        setup(function()
            srv = assert(emulator.start{ port = 0 })
            client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url })
        end)
        teardown(function()
            if client then client:close() end
            if srv then srv:stop() end
        end)

        it("takes the target, the spend and the total from the walk", function()
            local params = { target = "medium-example.com", backlinks_status_type = "all" }
            local w = client:anchors_items(params, { limit = 100 })
            local p = assert(profile(w))
            assert.equal("medium-example.com", p.target)
            assert.same({ "medium-example" }, p.brands)
            assert.equal(w.items, p.totals.anchors)
            assert.equal(w.last_total_count, p.totals.total_count)
            assert.equal(w.cost, p.totals.spend)
            assert.is_true(p.totals.spend > 0)
            assert.equal("complete", p.walk.status)
            -- The same items fetched at once give the same numbers.
            local all = assert(client:anchors_all(params))
            local q = profile(all, { target = "medium-example.com" })
            for k, v in pairs(q.totals) do
                if k ~= "spend" and k ~= "total_count" then assert.equal(v, p.totals[k], k) end
            end
            local sum = 0
            for _, c in ipairs(p.classes) do sum = sum + c.backlinks end
            assert.equal(p.totals.backlinks, sum)
            assert.is_true(p.by_class.branded.anchors > 0)
            assert.is_true(p.totals.lost_anchors > 0)
            -- A walk of pages gives the same profile as the walk of items.
            local pages = client:anchors_pages(params, { limit = 100 })
            local r = assert(profile(pages))
            assert.is_true(helpers.deep_equal(p, r))
        end)
    end)
end)
