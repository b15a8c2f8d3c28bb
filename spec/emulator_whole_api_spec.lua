-- The emulator's 24 Backlinks endpoints read one graph, and their numbers
-- agree: bulk items are each target's summary, bulk_referring_domains is
-- the referring_domains list's count, competitors' intersections are
-- domain_intersection's, a time series ends at the summary, id_list lists
-- every charged task with its cost, errors the failed ones; the free
-- endpoints charge nothing.
local emulator = dofile("spec/support/emulator.lua")
local cjson = require("cjson")

local SMALL, MEDIUM = "small-example.com", "medium-example.com"

local function money(x) return math.floor(x * 1e8 + 0.5) end

describe("emulator: the whole Backlinks API", function()
    local srv

    local function call(path, task, method)
        local res = assert(srv:request({ path = path, method = method or "POST",
            body = task and cjson.encode({ task }) or nil,
            headers = { Authorization = srv:authorization(), ["Content-Type"] = "application/json" } }))
        assert.are.equal(200, res.status, res.body)
        return cjson.decode(res.body), res
    end

    -- A live endpoint's first task, which must have succeeded.
    local function live(fn, task)
        local body = call("/v3/backlinks/" .. fn .. "/live", task)
        local t = body.tasks[1]
        assert.are.equal(20000, t.status_code, fn .. ": " .. tostring(t.status_message))
        return t.result[1], t, body
    end

    -- (a bulk target may carry www., the summary's may not)
    local function summary(target) return (live("summary", { target = (target:gsub("^www%.", "")) })) end

    local function spent() return assert(srv:user_data()).tasks[1].result[1].money.balance end

    setup(function() srv = assert(emulator.start({ port = 0 })) end)
    teardown(function() if srv then srv:stop() end end)
    before_each(function() assert(srv:control({ reset = true })) end)

    local TARGETS = { SMALL, MEDIUM, "blog.small-example.com", "https://small-example.com/page",
        "www.small-example.com",
        "x.com", "empty-example.com", SMALL }

    it("bulk items are each target's summary, in the order given, charged per target", function()
        local before = spent()
        local ranks, task = live("bulk_ranks", { targets = TARGETS })
        local backlinks = live("bulk_backlinks", { targets = TARGETS })
        local spam = live("bulk_spam_score", { targets = TARGETS })
        local pages = live("bulk_pages_summary", { targets = TARGETS })
        assert.are.equal(#TARGETS, ranks.items_count)
        assert.are.equal(money(0.02 + 0.00003 * #TARGETS), money(task.cost))
        for i, target in ipairs(TARGETS) do
            local s = summary(target)
            assert.are.same({ target = target, rank = s.rank }, ranks.items[i])
            assert.are.same({ target = target, backlinks = s.backlinks }, backlinks.items[i])
            assert.are.same({ type = "backlinks_bulk_spam_score", target = target,
                spam_score = s.info.target_spam_score }, spam.items[i])
            local p = pages.items[i]
            assert.are.equal(target, p.url)
            for _, f in ipairs({ "rank", "backlinks", "first_seen", "backlinks_spam_score", "broken_backlinks",
                "referring_domains", "referring_main_domains", "referring_ips", "referring_subnets", "referring_pages",
                "referring_pages_nofollow" }) do
                assert.are.same(s[f], p[f], target .. " " .. f)
            end
            assert.are.equal(summary(require("dataforseo_emulator.targets").parse(target).site).rank,
                p.main_domain_rank)
        end
        assert.are.equal(#TARGETS, pages.total_count)
        -- the four bulk calls and the summaries (one result each) are what the account paid
        local want = 4 * 0.02 + 4 * #TARGETS * 0.00003 + 2 * #TARGETS * 0.02003
        assert.are.equal(money(want), money(before - spent()))
    end)

    it("bulk_referring_domains is the summary's, and the referring_domains list's count", function()
        local r = live("bulk_referring_domains", { targets = { SMALL, MEDIUM, "cyrillic-example.com" } })
        for i, target in ipairs({ SMALL, MEDIUM, "cyrillic-example.com" }) do
            local s = summary(target)
            local list = live("referring_domains", { target = target, limit = 1 })
            assert.are.same({ target = target, referring_domains = s.referring_domains,
                referring_domains_nofollow = s.referring_domains_nofollow,
                referring_main_domains = s.referring_main_domains,
                referring_main_domains_nofollow = s.referring_main_domains_nofollow }, r.items[i])
            assert.are.equal(list.total_count, r.items[i].referring_main_domains)
        end
    end)

    it("competitors' intersections are domain_intersection's; intersections list shared domains", function()
        local c = live("competitors", { target = MEDIUM, limit = 1000 })
        assert.is_true(c.total_count >= 5, c.total_count)
        assert.are.equal(c.total_count, c.items_count)
        local previous = math.huge
        for _, item in ipairs(c.items) do
            assert.are.equal("backlinks_competitor", item.type)
            assert.is_true(item.intersections <= previous)   -- intersections,desc by default
            previous = item.intersections
            local di = live("domain_intersection", { targets = { ["1"] = MEDIUM, ["2"] = item.target }, limit = 1 })
            assert.are.equal(item.intersections, di.total_count, item.target)
            assert.are.equal(summary(item.target).rank, item.rank)
        end
        -- the large domains come only with exclude_large_domains = false
        local all = live("competitors", { target = MEDIUM, limit = 1000, exclude_large_domains = false })
        assert.is_true(all.total_count > c.total_count)
        local filtered = live("competitors", { target = MEDIUM, filters = { "intersections", ">", 10 },
            order_by = { "rank,asc" } })
        for _, item in ipairs(filtered.items) do assert.is_true(item.intersections > 10) end
    end)

    it("domain_intersection: each key's entry is that target's referring domain; modes; exclusion", function()
        local targets = { ["1"] = MEDIUM, ["2"] = "https://medium-example.com/page" }
        local all = live("domain_intersection", { targets = targets, limit = 1000 })
        local partial = live("domain_intersection", { targets = targets, limit = 1000, intersection_mode = "partial" })
        local one = live("referring_domains", { target = MEDIUM, limit = 1000 })
        local two = live("referring_domains", { target = "https://medium-example.com/page", limit = 1000 })
        local by_name = {}
        for _, item in ipairs(one.items) do by_name[item.domain] = item end
        assert.are.equal(two.total_count, all.total_count)   -- the page's domains all link to the site
        assert.are.equal(one.total_count, partial.total_count)
        for _, item in ipairs(all.items) do
            local entry = item.domain_intersection["1"]
            local ref = by_name[entry.target]
            assert.are.equal("backlinks_domain_intersection", entry.type)
            assert.are.equal(ref.backlinks, entry.backlinks)
            assert.are.equal(ref.referring_pages, entry.referring_pages)
            assert.are.equal(2, item.summary.intersections_count)
        end
        -- prefixed filters and order_by
        local f = live("domain_intersection", { targets = targets, limit = 1000,
            filters = { "2.backlinks", ">", 1 }, order_by = { "1.backlinks,desc" } })
        local last = math.huge
        for _, item in ipairs(f.items) do
            assert.is_true(item.domain_intersection["2"].backlinks > 1)
            assert.is_true(item.domain_intersection["1"].backlinks <= last)
            last = item.domain_intersection["1"].backlinks
        end
        -- excluding the page leaves none
        local none = live("domain_intersection",
            { targets = targets, exclude_targets = { "https://medium-example.com/pa*" } })
        assert.are.equal(0, none.total_count)
    end)

    it("page_intersection: the referring pages of each target, their backlinks strongest first", function()
        local targets = { ["1"] = MEDIUM, ["2"] = "https://medium-example.com/page" }
        local r = live("page_intersection", { targets = targets, limit = 50, filters = { "1.dofollow", "=", true } })
        assert.is_true(r.total_count > 0)
        for _, item in ipairs(r.items) do
            local one, two = item.page_intersection["1"], item.page_intersection["2"]
            assert.are.equal(one[1].url_from, two[1].url_from)
            assert.is_true(one[1].dofollow)
            for k = 2, #one do assert.is_true(one[k].rank <= one[k - 1].rank) end
            assert.are.equal(2, item.summary.intersections_count)
        end
    end)

    it("a time series and the history end at the summary", function()
        local s = summary(MEDIUM)
        for _, range in ipairs({ "day", "week", "month", "year" }) do
            local ts = live("timeseries_summary", { target = MEDIUM, group_range = range,
                date_from = range == "day" and "2026-11-20" or "2024-01-01" })
            local last = ts.items[#ts.items]
            for _, f in ipairs({ "rank", "backlinks", "referring_pages", "referring_pages_nofollow",
                "referring_domains", "referring_domains_nofollow", "referring_main_domains",
                "referring_main_domains_nofollow", "referring_ips", "referring_subnets" }) do
                assert.are.equal(s[f], last[f], range .. " " .. f)
            end
            assert.are.equal(ts.items_count, #ts.items)
        end
        local h = live("history", { target = MEDIUM, date_from = "2024-01-01" })
        local last = h.items[#h.items]
        for _, f in ipairs({ "rank", "backlinks", "referring_domains", "referring_main_domains", "crawled_pages",
            "broken_backlinks" }) do
            assert.are.equal(s[f], last[f], "history " .. f)
        end
        -- the months: backlinks move by what came and went
        for i = 2, #h.items do
            assert.are.equal(h.items[i - 1].backlinks + h.items[i].new_backlinks - h.items[i].lost_backlinks,
                h.items[i].backlinks)
        end
        assert.are.equal("2024-01-01 00:00:00 +00:00", h.items[1].date)
        local months = live("timeseries_summary", { target = MEDIUM, date_from = "2022-03-23", date_to = "2022-05-13" })
        assert.are.same({ "2022-03-31 00:00:00 +00:00", "2022-04-30 00:00:00 +00:00", "2022-05-31 00:00:00 +00:00" },
            { months.items[1].date, months.items[2].date, months.items[3].date })
    end)

    it("id_list lists every task of a paid endpoint with its id and cost, errors the failed ones", function()
        local from = os.date("!%Y-%m-%d %H:%M:%S +00:00", os.time() - 60)
        local ids = {}
        for _, c in ipairs({ { "anchors", { target = SMALL, limit = 3 } }, { "bulk_ranks", { targets = { SMALL } } },
            { "summary", { target = SMALL } } }) do
            local _, t = live(c[1], c[2])
            ids[#ids + 1] = { id = t.id, cost = t.cost }
        end
        local bad = call("/v3/backlinks/anchors/live", { target = "not a target" }).tasks[1]
        assert.are.equal(40501, bad.status_code)
        ids[#ids + 1] = { id = bad.id, cost = 0 }
        -- free endpoints are not in the books
        call("/v3/backlinks/index", nil, "GET")
        local to = os.date("!%Y-%m-%d %H:%M:%S +00:00")
        local list = call("/v3/backlinks/id_list", { datetime_from = from, datetime_to = to, include_metadata = true })
        local t = list.tasks[1]
        assert.are.equal(20000, t.status_code, t.status_message)
        assert.are.equal(0, t.cost)
        assert.are.equal(#ids, t.result_count)
        for i, want in ipairs(ids) do
            assert.are.equal(want.id, t.result[i].id)
            assert.are.equal(money(want.cost), money(t.result[i].cost))
            assert.matches("^http://127%.0%.0%.1:%d+/v3/backlinks/", t.result[i].url)
        end
        assert.are.equal("anchors", t.result[1].metadata["function"])
        assert.are.equal("error", t.result[4].status)
        local desc = call("/v3/backlinks/id_list", { datetime_from = from, datetime_to = to, sort = "desc", limit = 1 })
        assert.are.equal(bad.id, desc.tasks[1].result[1].id)
        assert.are.equal(cjson.null, desc.tasks[1].result[1].metadata)
        local errors = call("/v3/backlinks/errors", {}).tasks[1]
        assert.are.equal(1, errors.result_count)
        assert.are.same({ bad.id, 40501, "anchors/live" },
            { errors.result[1].id, errors.result[1].error_code, errors.result[1]["function"] })
        assert.are.equal(0, call("/v3/backlinks/errors", { filtered_function = "summary/live" }).tasks[1].result_count)
    end)

    it("id_list answers 10 calls a minute (then 40202), free like errors, index and available_filters", function()
        local before = spent()
        local now = os.date("!%Y-%m-%d %H:%M:%S +00:00")
        local from = os.date("!%Y-%m-%d %H:%M:%S +00:00", os.time() - 3600)
        -- eleven calls inside one calendar minute
        local socket = require("socket")
        local second = os.time() % 60
        if second > 50 then socket.sleep(61 - second) end
        local codes = {}
        for i = 1, 11 do
            codes[i] = call("/v3/backlinks/id_list", { datetime_from = from, datetime_to = now }).tasks[1].status_code
        end
        assert.are.same({ 20000, 20000, 20000, 20000, 20000, 20000, 20000, 20000, 20000, 20000, 40202 }, codes)
        local index = call("/v3/backlinks/index", nil, "GET").tasks[1]
        assert.is_true(index.result[1].total_backlinks > 0)
        assert.are.equal(12, #index.result[1].index_history)
        local filters = call("/v3/backlinks/available_filters", nil, "GET").tasks[1].result[1]
        for _, name in ipairs({ "anchors", "backlinks", "referring_domains", "referring_networks", "domain_pages",
            "domain_pages_summary", "competitors", "domain_intersection", "page_intersection" }) do
            assert.is_table(filters[name], name)
        end
        assert.are.same({ target = "str", rank = "num", intersections = "num" }, filters.competitors)
        assert.are.equal("num", filters.domain_intersection.backlinks)
        assert.are.equal("bool", filters.page_intersection.dofollow)
        call("/v3/backlinks/errors", {})
        assert.are.equal(money(before), money(spent()))
    end)
end)
