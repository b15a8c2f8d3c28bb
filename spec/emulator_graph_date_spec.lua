-- Moving a target's graph to another date (setting graph_dates, or
-- graph_date for every site): links are gained and lost the same way on
-- every endpoint, so what changed between two snapshots can be tested end
-- to end.  The dates are a while before today: bulk_new_lost takes a
-- date_from up to a year back.
local emulator = dofile("spec/support/emulator.lua")
local cjson = require("cjson")

local MEDIUM, SMALL = "medium-example.com", "small-example.com"
local DAY = 86400

local function date(t) return os.date("!%Y-%m-%d", t) end

describe("emulator: a graph moved to another date", function()
    local srv
    local d1 = date(os.time() - 300 * DAY)
    local d2 = date(os.time() - 20 * DAY)

    local function live(fn, task)
        local res = assert(srv:post_live(fn, { task }))
        local t = cjson.decode(res.body).tasks[1]
        assert.are.equal(20000, t.status_code, fn .. ": " .. tostring(t.status_message))
        return t.result[1]
    end

    -- Every item of a list endpoint (pages of 1000).
    local function all(fn, task)
        local items = {}
        repeat
            local t = {}
            for k, v in pairs(task) do t[k] = v end
            t.limit, t.offset = 1000, #items
            local r = live(fn, t)
            for _, item in ipairs(r.items) do items[#items + 1] = item end
        until r.items_count < 1000
        return items
    end

    local function keyed(list, key)
        local out = {}
        for _, item in ipairs(list) do out[item[key]] = item end
        return out
    end

    local function move(site, day) assert(srv:control({ graph_dates = { [site] = day } })) end

    setup(function() srv = assert(emulator.start({ port = 0 })) end)
    teardown(function() if srv then srv:stop() end end)
    before_each(function() assert(srv:control({ reset = true })) end)

    it("gains and loses links alike in anchors, referring domains, backlinks, summary, bulk and time series",
        function()
            move(MEDIUM, d1)
            local s1 = live("summary", { target = MEDIUM })
            local anchors1 = keyed(all("anchors", { target = MEDIUM }), "anchor")
            local domains1 = keyed(all("referring_domains", { target = MEDIUM }), "domain")
            local rows1 = all("backlinks", { target = MEDIUM, backlinks_status_type = "all" })
            move(MEDIUM, d2)
            local s2 = live("summary", { target = MEDIUM })
            local anchors2 = keyed(all("anchors", { target = MEDIUM }), "anchor")
            local domains2 = keyed(all("referring_domains", { target = MEDIUM }), "domain")
            local rows2 = all("backlinks", { target = MEDIUM, backlinks_status_type = "all" })
            local changes = live("bulk_new_lost_backlinks", { targets = { MEDIUM }, date_from = d1 }).items[1]
            local domain_changes = live("bulk_new_lost_referring_domains", { targets = { MEDIUM }, date_from = d1 })
                .items[1]
            -- the backlinks themselves: new ones (first seen after d1), lost
            -- ones (live on d1, or new, and lost by d2)
            local function key(b)
                return table.concat({ b.url_from, b.url_to, tostring(b.anchor), b.first_seen }, "|")
            end
            local before = {}
            for _, b in ipairs(rows1) do before[key(b)] = b end
            local cut = d1 .. " 23:59:59 +00:00"
            local new, lost, per_anchor = 0, 0, {}
            for _, b in ipairs(rows2) do
                local was, delta = before[key(b)], 0
                if not was then
                    assert.is_true(b.first_seen > cut, b.first_seen)
                    new, delta = new + 1, 1
                end
                if b.is_lost and not (was and was.is_lost) then lost, delta = lost + 1, delta - 1 end
                local a = b.anchor == cjson.null and "\0" or b.anchor
                per_anchor[a] = (per_anchor[a] or 0) + delta
            end
            assert.is_true(new > 0 and lost > 0, new .. " new, " .. lost .. " lost")
            assert.are.same({ target = MEDIUM, new_backlinks = new, lost_backlinks = lost }, changes)
            assert.are.equal(s1.backlinks + new - lost, s2.backlinks)
            -- each anchor's backlinks moved by its own gains and losses
            for text, item in pairs(anchors2) do
                local had = anchors1[text] and anchors1[text].backlinks or 0
                assert.are.equal(had + (per_anchor[text == cjson.null and "\0" or text] or 0), item.backlinks, text)
            end
            for text, item in pairs(anchors1) do
                if not anchors2[text] then assert.are.equal(0, item.backlinks + (per_anchor[text] or 0), text) end
            end
            -- referring main domains gained and lost
            local gained, gone = 0, 0
            for name in pairs(domains2) do if not domains1[name] then gained = gained + 1 end end
            for name in pairs(domains1) do if not domains2[name] then gone = gone + 1 end end
            assert.is_true(gained > 0, "no referring domain gained")
            assert.are.equal(s2.referring_main_domains - s1.referring_main_domains, gained - gone)
            assert.are.equal(gained - gone,
                domain_changes.new_referring_main_domains - domain_changes.lost_referring_main_domains)
            assert.is_true(domain_changes.new_referring_main_domains >= gained)
            -- a time series on d2 passes through the summary of d1 and ends at d2's
            local ts = live("timeseries_summary",
                { target = MEDIUM, date_from = d1, date_to = d2, group_range = "day" })
            assert.are.equal(d1 .. " 00:00:00 +00:00", ts.items[1].date)
            assert.are.equal(s1.backlinks, ts.items[1].backlinks)
            assert.are.equal(s1.referring_domains, ts.items[1].referring_domains)
            assert.are.equal(s2.backlinks, ts.items[#ts.items].backlinks)
            assert.are.equal(s2.rank, ts.items[#ts.items].rank)
            local nl = live("timeseries_new_lost_summary", { target = MEDIUM, date_from = date(os.time() - 299 * DAY),
                date_to = d2, group_range = "day" })
            local n, l = 0, 0
            for _, p in ipairs(nl.items) do n, l = n + p.new_backlinks, l + p.lost_backlinks end
            assert.are.same({ new, lost }, { n, l })
        end)

    it("keeps a backlink's identity across dates; moves one site only; reset and graph_date", function()
        local small_before = live("summary", { target = SMALL })
        move(MEDIUM, d1)
        local at1 = all("backlinks", { target = MEDIUM, backlinks_status_type = "all" })
        move(MEDIUM, d2)
        local at2 = all("backlinks", { target = MEDIUM, backlinks_status_type = "all" })
        local function key(b) return table.concat({ b.url_from, b.url_to, tostring(b.anchor), b.first_seen }, "|") end
        local later = {}
        for _, b in ipairs(at2) do later[key(b)] = b end
        local same = 0
        for _, b in ipairs(at1) do
            local b2 = assert(later[key(b)], "a backlink of " .. d1 .. " is gone by " .. d2)
            for _, f in ipairs({ "domain_from", "rank", "original", "text_pre", "text_post", "links_count", "dofollow",
                "image_url", "item_type", "backlink_spam_score" }) do
                assert.are.same(b[f], b2[f], f)
            end
            same = same + 1
        end
        assert.is_true(same > 1000)
        assert.are.same(small_before, live("summary", { target = SMALL }))   -- not moved
        move(MEDIUM, d1)
        local medium1 = live("summary", { target = MEDIUM })
        move(SMALL, d1)
        local small1 = live("summary", { target = SMALL })
        -- graph_date moves every site to one date
        assert(srv:control({ graph_dates = {}, graph_date = d1 }))
        assert.are.same(medium1, live("summary", { target = MEDIUM }))
        assert.are.same(small1, live("summary", { target = SMALL }))
        assert(srv:control({ reset = true }))
        assert.are.same(small_before, live("summary", { target = SMALL }))
    end)

    it("refuses dates that are not dates, before 2015 or after today", function()
        for _, bad in ipairs({ { graph_date = "2014-12-31" }, { graph_date = date(os.time() + 2 * DAY) },
            { graph_date = "2024-02-30" }, { graph_date = 20240101 }, { graph_dates = { [MEDIUM] = "yesterday" } },
            { graph_dates = "x" } }) do
            local ok, err = srv:control(bad)
            assert.is_nil(ok, cjson.encode(bad))
            assert.matches("graph_date", tostring(err))
        end
        assert.is_truthy(srv:control({ graph_date = "2015-01-01", graph_dates = { [MEDIUM] = "" } }))
        assert.are.equal(0, live("summary", { target = MEDIUM }).backlinks)
    end)
end)
