-- The emulator's aggregating Backlinks endpoints over raw HTTP:
-- referring_domains, referring_networks (ip and subnet), domain_pages,
-- domain_pages_summary.  Per endpoint: validation (a bad field names
-- itself), one page with its keys in order, filters and order_by checked
-- against plain Lua over the unfiltered answer, a whole set walked by
-- offset exactly once and in order, prices, gzip.
local emulator = dofile("spec/support/emulator.lua")
local helpers = dofile("spec/support/helpers.lua")
local cjson = require("cjson")

local MEDIUM, CYR = "medium-example.com", "cyrillic-example.com"

local STATS_KEYS = { "rank", "backlinks", "first_seen", "lost_date", "backlinks_spam_score", "broken_backlinks",
    "broken_pages", "referring_domains", "referring_domains_nofollow", "referring_main_domains",
    "referring_main_domains_nofollow", "referring_ips", "referring_subnets", "referring_pages",
    "referring_pages_nofollow", "referring_links_tld", "referring_links_types", "referring_links_attributes",
    "referring_links_platform_types", "referring_links_semantic_locations", "referring_links_countries" }

local function keys_with(first, drop)
    local out = {}
    for _, k in ipairs(first) do out[#out + 1] = k end
    for _, k in ipairs(STATS_KEYS) do if k ~= drop then out[#out + 1] = k end end
    return out
end

-- Per endpoint: the field naming an item (unique), its type, its keys.
local ENDPOINTS = {
    referring_domains = { name = "domain", type = "backlinks_referring_domain",
        keys = keys_with({ "type", "domain" }) },
    referring_networks = { name = "network_address", type = "backlinks_referring_network",
        keys = keys_with({ "type", "network_address" }, "backlinks_spam_score") },
    domain_pages_summary = { name = "url", type = "backlinks_page_summary", keys = keys_with({ "type", "url" }) },
    domain_pages = { name = "page", type = "backlinks_domain_page",
        keys = { "type", "main_domain", "domain", "tld", "page", "ip", "first_visited", "prev_visited",
            "fetch_time", "status_code", "location", "size", "encoded_size", "content_encoding", "media_type",
            "server", "meta", "page_summary" } },
}
local ORDER = { "referring_domains", "referring_networks", "domain_pages_summary", "domain_pages" }

local function money(x) return math.floor(x * 1e8 + 0.5) end

describe("emulator aggregating endpoints", function()
    local srv

    local function post(fn, task, headers)
        local res = assert(srv:post_live(fn, { task }, headers))
        assert.are.equal(200, res.status)
        return cjson.decode(res.body).tasks[1], res
    end

    local function fetch(fn, task)
        local t = post(fn, task)
        assert.are.equal(20000, t.status_code, t.status_message)
        return t.result[1], t
    end

    local function refused(fn, task, code, field)
        local t = post(fn, task)
        local want = code == 40501 and ("Invalid Field: '" .. field .. "'.")
            or ("Unknown Fields in POST Data: '" .. field .. "'.")
        assert.are.equal(code, t.status_code, fn .. " " .. cjson.encode(task))
        assert.are.equal(want, t.status_message)
        assert.are.equal(0, t.cost)
    end

    local function names(fn, items)
        local out = {}
        for i, item in ipairs(items) do out[i] = item[ENDPOINTS[fn].name] end
        return out
    end

    setup(function() srv = assert(emulator.start({ port = 0 })) end)
    teardown(function() if srv then srv:stop() end end)

    describe("validation", function()
        local BAD = {
            { "target", "" }, { "target", "ftp://x.com/" }, { "limit", 0 }, { "limit", 1001 }, { "offset", -1 },
            { "offset", "10" }, { "internal_list_limit", 0 }, { "internal_list_limit", 1001 },
            { "backlinks_status_type", "dead" }, { "filters", { "anchor", "=", "x" } }, { "filters", 3 },
            { "order_by", { "backlinks,up" } }, { "order_by", { "referring_links_tld,asc" } },
            { "order_by", { "a,asc", "b,asc", "c,asc", "d,asc" } },
            { "backlinks_filters", { "referring_domains", ">", 1 } }, { "include_subdomains", 0 },
            { "exclude_internal_backlinks", "false" }, { "rank_scale", 100 }, { "tag", false },
        }

        it("names the bad field of every endpoint", function()
            for _, fn in ipairs(ORDER) do
                for _, case in ipairs(BAD) do
                    local task = { target = MEDIUM }
                    task[case[1]] = case[2]
                    refused(fn, task, 40501, case[1])
                end
                refused(fn, { limit = 5 }, 40501, "target")
                refused(fn, { target = MEDIUM, limit = 0, offset = -1 }, 40501, "limit")
                refused(fn, { target = MEDIUM, bogus = 1, limit = 0 }, 40506, "bogus")
                refused(fn, { target = MEDIUM, mode = "as_is" }, 40506, "mode")
                -- offsets are not capped here
                fetch(fn, { target = MEDIUM, offset = 50000, limit = 1000, internal_list_limit = 1000 })
            end
            refused("referring_domains", { target = MEDIUM, include_indirect_links = "no" }, 40501,
                "include_indirect_links")
        end)

        it("knows each endpoint's own fields", function()
            refused("referring_domains", { target = MEDIUM, network_address_type = "ip" }, 40506,
                "network_address_type")
            refused("referring_networks", { target = MEDIUM, network_address_type = "cidr" }, 40501,
                "network_address_type")
            refused("referring_networks", { target = MEDIUM, network_address_type = "ip", limit = 0 }, 40501, "limit")
            refused("referring_networks", { target = MEDIUM, filters = { "backlinks_spam_score", ">", 1 } }, 40501,
                "filters")
            refused("referring_domains", { target = MEDIUM, filters = { "network_address", "=", "1.2.3.4" } },
                40501, "filters")
            refused("domain_pages", { target = MEDIUM, include_indirect_links = true }, 40506, "include_indirect_links")
            refused("domain_pages", { target = "https://medium-example.com/" }, 40501, "target")
            refused("domain_pages", { target = MEDIUM, filters = { "meta.h1", "=", "x" } }, 40501, "filters")
            refused("domain_pages", { target = MEDIUM, order_by = { "meta.h1,asc" } }, 40501, "order_by")
            refused("domain_pages", { target = MEDIUM, order_by = { "page_summary.referring_links_tld,asc" } },
                40501, "order_by")
            refused("domain_pages_summary", { target = MEDIUM, filters = { "page", "=", "x" } }, 40501, "filters")
            fetch("domain_pages", { target = "blog." .. MEDIUM, order_by = { "meta.title,asc" },
                filters = { "meta.social_media_tags.og:type", "=", "website" } })
            fetch("domain_pages_summary", { target = "https://medium-example.com/page" })
            fetch("referring_networks", { target = MEDIUM, network_address_type = cjson.null })
        end)
    end)

    describe("one page", function()
        it("carries the documented keys in order", function()
            for _, fn in ipairs(ORDER) do
                local t, res = post(fn, { target = MEDIUM, limit = 2 })
                assert.are.equal(20000, t.status_code)
                local spec = ENDPOINTS[fn]
                assert.are.same(spec.keys, helpers.keys_in_order(res.body:match('"items":%[(%b{})'), spec.keys), fn)
                local result = t.result[1]
                assert.are.equal(MEDIUM, result.target)
                assert.are.equal(2, result.items_count)
                assert.is_true(result.total_count >= 2)
                for _, item in ipairs(result.items) do
                    assert.are.equal(spec.type, item.type)
                    assert.is_string(item[spec.name])
                end
            end
            local page = fetch("domain_pages", { target = MEDIUM, limit = 1 }).items[1]
            for _, key in ipairs({ "title", "canonical", "internal_links_count", "external_links_count",
                "images_count", "words_count", "page_spam_score", "social_media_tags", "h1", "h2", "h3",
                "images_alt", "powered_by", "language", "charset", "platform_type", "technologies" }) do
                assert.is_not_nil(page.meta[key], key)
            end
            assert.is_number(page.page_summary.backlinks)
            assert.is_nil(page.page_summary.type)
        end)

        it("names referring main domains, IPs, subnets and target pages", function()
            local domains = fetch("referring_domains", { target = CYR, limit = 1000 })
            for _, item in ipairs(domains.items) do
                assert.is_nil(item.domain:match("^www%."))
                assert.is_true(item.referring_main_domains == 1)
            end
            local ips = fetch("referring_networks", { target = CYR, limit = 1000 })
            for _, item in ipairs(ips.items) do
                assert.matches("^%d+%.%d+%.%d+%.%d+$", item.network_address)
                assert.are.equal(1, item.referring_ips)
            end
            local subnets = fetch("referring_networks", { target = CYR, limit = 1000, network_address_type = "subnet" })
            for _, item in ipairs(subnets.items) do
                assert.matches("^%d+%.%d+%.%d+%.0$", item.network_address)
                assert.are.equal(1, item.referring_subnets)
            end
            assert.is_true(subnets.total_count < ips.total_count)
            local pages = fetch("domain_pages_summary", { target = CYR, limit = 1000 })
            for _, item in ipairs(pages.items) do
                assert.matches("^https?://[%w.]*cyrillic%-example%.com/", item.url)
            end
            local one = fetch("domain_pages_summary", { target = "https://cyrillic-example.com/page" })
            assert.are.equal(1, one.total_count)
            assert.are.equal("https://cyrillic-example.com/page", one.items[1].url)
            local all_pages = fetch("domain_pages", { target = CYR, limit = 1000 })
            assert.is_true(all_pages.total_count >= pages.total_count)
            local subdomain = fetch("domain_pages", { target = "blog." .. CYR, limit = 1000 })
            assert.is_true(subdomain.total_count > 0 and subdomain.total_count < all_pages.total_count)
            for _, item in ipairs(subdomain.items) do assert.are.equal("blog." .. CYR, item.domain) end
        end)

        it("caps the maps at internal_list_limit", function()
            for _, fn in ipairs({ "referring_domains", "referring_networks", "domain_pages_summary" }) do
                local r = fetch(fn, { target = MEDIUM, limit = 20, internal_list_limit = 1 })
                for _, item in ipairs(r.items) do
                    local n = 0
                    for _ in pairs(item.referring_links_tld) do n = n + 1 end
                    assert.is_true(n <= 1)
                end
            end
            local r = fetch("domain_pages", { target = MEDIUM, limit = 1, internal_list_limit = 2,
                order_by = { "page_summary.backlinks,desc" } })
            local n = 0
            for _ in pairs(r.items[1].page_summary.referring_links_countries) do n = n + 1 end
            assert.are.equal(2, n)
        end)
    end)

    describe("filters and order_by", function()
        -- Items kept by the server vs plain Lua over the unfiltered answer.
        local function check(fn, task, keep)
            -- whole maps (internal_list_limit caps them in the answer, not for filters)
            local base = { target = CYR, limit = 1000, backlinks_status_type = "all", internal_list_limit = 1000 }
            for k, v in pairs(task) do if k ~= "filters" then base[k] = v end end
            local all = fetch(fn, base)
            assert.are.equal(all.total_count, all.items_count)
            base.filters = task.filters
            local got = fetch(fn, base)
            local want = {}
            for _, item in ipairs(all.items) do
                if keep(item) then want[#want + 1] = item[ENDPOINTS[fn].name] end
            end
            assert.are.same(want, names(fn, got.items))
            return #want
        end

        it("filter each endpoint's items", function()
            assert.is_true(check("referring_domains", { filters = { "backlinks", ">", 5 } },
                function(i) return i.backlinks > 5 end) > 0)
            assert.is_true(check("referring_domains", { filters = { { "domain", "like", "%.com" }, "and",
                { "referring_links_types.anchor", ">=", 2 } } },
                function(i) return i.domain:sub(-4) == ".com" and (i.referring_links_types.anchor or 0) >= 2 end) > 0)
            assert.is_true(check("referring_networks", { filters = { "network_address", "like", "%.%.%.1%" } },
                function(i) return i.network_address:match("%.1%d*$") ~= nil end) > 0)
            assert.is_true(check("referring_networks", { network_address_type = "subnet",
                filters = { "referring_domains", ">", 1 } }, function(i) return i.referring_domains > 1 end) > 0)
            assert.is_true(check("domain_pages_summary", { filters = { "url", "regex", "^https://blog\\." } },
                function(i) return i.url:match("^https://blog%.") ~= nil end) > 0)
            assert.is_true(check("domain_pages_summary", { filters = { "broken_backlinks", ">", 0 } },
                function(i) return i.broken_backlinks > 0 end) > 0)
            assert.is_true(check("domain_pages", { filters = { { "page_summary.backlinks", ">", 10 }, "or",
                { "status_code", "<>", 200 } } },
                function(i) return i.page_summary.backlinks > 10 or i.status_code ~= 200 end) > 0)
            assert.is_true(check("domain_pages", { filters = { "meta.platform_type", "has", "cms" } },
                function(i) return i.meta.platform_type ~= cjson.null end) > 0)
            assert.is_true(check("domain_pages", { filters = { "meta.title", "=", cjson.null } },
                function(i) return i.meta.title == cjson.null end) > 0)
            assert.is_true(check("domain_pages", { filters = { "page_summary.referring_links_countries.RU", ">", 0 } },
                function(i) return (i.page_summary.referring_links_countries.RU or 0) > 0 end) > 0)
        end)

        it("order by rank by default and by up to three rules, ties by name", function()
            local function sorted(items, rules, name)
                for k = 2, #items do
                    local a, b = items[k - 1], items[k]
                    local decided = false
                    for _, r in ipairs(rules) do
                        local va, vb = r[1](a), r[1](b)
                        if va ~= vb then
                            if r[2] == "desc" then assert.is_true(va > vb) else assert.is_true(va < vb) end
                            decided = true
                            break
                        end
                    end
                    if not decided then assert.is_true(a[name] < b[name]) end
                end
            end
            local rank = { function(i) return i.rank end, "desc" }
            for _, fn in ipairs({ "referring_domains", "referring_networks", "domain_pages_summary" }) do
                sorted(fetch(fn, { target = CYR, limit = 1000 }).items, { rank }, ENDPOINTS[fn].name)
            end
            sorted(fetch("domain_pages", { target = CYR, limit = 1000 }).items,
                { { function(i) return i.page_summary.rank end, "desc" } }, "page")
            sorted(fetch("referring_domains", { target = CYR, limit = 1000,
                order_by = { "referring_pages,asc", "first_seen,desc", "domain,asc" } }).items,
                { { function(i) return i.referring_pages end, "asc" },
                    { function(i) return i.first_seen end, "desc" } },
                "domain")
            sorted(fetch("domain_pages", { target = CYR, limit = 1000,
                order_by = { "page_summary.referring_domains,desc", "meta.words_count,asc" } }).items,
                { { function(i) return i.page_summary.referring_domains end, "desc" },
                    { function(i) return i.meta.words_count end, "asc" } }, "page")
        end)
    end)

    it("walk every set by offset exactly once, in order", function()
        local cases = {
            { "referring_domains", { target = MEDIUM }, 37 },
            { "referring_networks", { target = MEDIUM, backlinks_status_type = "all" }, 41 },
            { "referring_networks", { target = MEDIUM, network_address_type = "subnet" }, 29 },
            { "domain_pages_summary", { target = MEDIUM }, 4 },
            { "domain_pages", { target = MEDIUM, order_by = { "size,asc" } }, 5 },
        }
        for _, case in ipairs(cases) do
            local fn, task, limit = case[1], case[2], case[3]
            task.limit = 1000
            local whole = fetch(fn, task)
            assert.are.equal(whole.total_count, whole.items_count)
            assert.is_true(whole.total_count > limit, fn)
            local walked, seen = {}, {}
            for offset = 0, whole.total_count + limit, limit do
                task.limit, task.offset = limit, offset
                local page = fetch(fn, task)
                assert.are.equal(whole.total_count, page.total_count)
                for _, name in ipairs(names(fn, page.items)) do
                    assert.is_nil(seen[name], name)
                    seen[name] = true
                    walked[#walked + 1] = name
                end
            end
            assert.are.same(names(fn, whole.items), walked)
        end
    end)

    it("list in available_filters exactly the fields their filters take", function()
        local res = assert(srv:request({ path = "/v3/backlinks/available_filters",
            headers = { Authorization = srv:authorization() } }))
        local lists = cjson.decode(res.body).tasks[1].result[1]
        assert.are.equal("str", lists.referring_domains.domain)
        assert.are.equal("str", lists.referring_networks.network_address)
        assert.is_nil(lists.referring_networks.backlinks_spam_score)
        assert.are.equal("num", lists.referring_networks["referring_links_countries.*"])
        assert.are.equal("str", lists.domain_pages_summary.url)
        assert.are.equal("str", lists.domain_pages["meta.title"])
        assert.are.equal("str", lists.domain_pages["meta.social_media_tags.*"])
        assert.are.equal("array.str", lists.domain_pages["meta.h2"])
        assert.are.equal("num", lists.domain_pages["page_summary.referring_links_tld.*"])
        assert.are.equal("time", lists.domain_pages["page_summary.first_seen"])
        local VALUE = { num = { ">", 0 }, time = { ">", "2020-01-01" }, str = { "<>", "x" }, bool = { "=", true },
            ["array.str"] = { "has", "x" } }
        for _, fn in ipairs({ "referring_domains", "referring_networks", "domain_pages_summary", "domain_pages",
            "backlinks", "anchors" }) do
            local n = 0
            for field, ftype in pairs(lists[fn]) do
                local op = assert(VALUE[ftype], ftype)
                local name = field:gsub("%*$", "com")
                local r = fetch(fn, { target = "small-example.com", limit = 1, filters = { name, op[1], op[2] },
                    order_by = ftype ~= "array.str" and { name .. ",desc" } or nil })
                assert.is_number(r.total_count)
                n = n + 1
            end
            assert.is_true(n > 15, fn)
            refused(fn, { target = MEDIUM, filters = { "no_such_field", "=", 1 } }, 40501, "filters")
        end
    end)

    it("charge $0.02 per request and $0.00003 per item", function()
        for _, fn in ipairs(ORDER) do
            local r, t = fetch(fn, { target = MEDIUM, limit = 3 })
            assert.are.equal(3, r.items_count)
            assert.are.equal(money(0.02 + 3 * 0.00003), money(t.cost))
        end
        local _, t = fetch("referring_domains", { target = "empty-example.com" })
        assert.are.equal(money(0.02), money(t.cost))
        local u = assert(srv:user_data()).tasks[1].result[1]
        for _, fn in ipairs(ORDER) do
            assert.are.equal(0.00003, u.price.backlinks[fn].live.priority_normal[2].cost)
            assert.is_true(u.rates.statistics.day.backlinks[fn].live > 0)
            assert.is_true(u.money.statistics.day.backlinks[fn].live > 0)
        end
    end)

    it("answer 40204, free, once the Backlinks subscription has ended (the family with them)", function()
        assert(srv:control({ backlinks_subscription = false }))
        for _, fn in ipairs({ "referring_domains", "referring_networks", "domain_pages_summary", "domain_pages",
            "backlinks", "summary", "anchors" }) do
            local t = post(fn, { target = MEDIUM })
            assert.are.equal(40204, t.status_code, fn)
            assert.are.equal(0, t.cost)
        end
        assert(srv:control({ backlinks_subscription = true }))
        fetch("summary", { target = MEDIUM })
    end)

    it("compress for clients that accept gzip", function()
        local dir = helpers.tmpdir("aggregates-gzip")
        for _, fn in ipairs(ORDER) do
            local res = assert(srv:post_live(fn, { { target = MEDIUM, limit = 100 } },
                { ["Accept-Encoding"] = "gzip" }))
            assert.are.equal("gzip", res.headers["content-encoding"], fn)
            helpers.write_file(dir .. "/body.gz", res.body)
            local text = helpers.capture("gzip -dc " .. helpers.shell_quote(dir .. "/body.gz"))
            assert.are.equal(20000, cjson.decode(text).tasks[1].status_code)
        end
        helpers.remove(dir)
    end)
end)
