-- backlinks/summary/live of the emulator, and the emulator's numbers
-- agreeing across endpoints: for one target and status type the summary's
-- totals are what the list endpoints count (backlinks, referring main
-- domains, IPs, subnets, pages), checked against the lists themselves.
local emulator = dofile("spec/support/emulator.lua")
local helpers = dofile("spec/support/helpers.lua")
local cjson = require("cjson")

local MEDIUM, CYR = "medium-example.com", "cyrillic-example.com"

local RESULT_KEYS = { "target", "first_seen", "lost_date", "rank", "backlinks", "backlinks_spam_score",
    "crawled_pages", "info", "internal_links_count", "external_links_count", "broken_backlinks", "broken_pages",
    "referring_domains", "referring_domains_nofollow", "referring_main_domains", "referring_main_domains_nofollow",
    "referring_ips", "referring_subnets", "referring_pages", "referring_pages_nofollow", "referring_links_tld",
    "referring_links_types", "referring_links_attributes", "referring_links_platform_types",
    "referring_links_semantic_locations", "referring_links_countries" }

local function money(x) return math.floor(x * 1e8 + 0.5) end

local function sum(items, get)
    local n = 0
    for _, item in ipairs(items) do n = n + get(item) end
    return n
end

local function distinct(items, get)
    local seen, n = {}, 0
    for _, item in ipairs(items) do
        local v = get(item)
        if v ~= nil and not seen[v] then seen[v] = true; n = n + 1 end
    end
    return n
end

describe("emulator summary/live", function()
    local srv

    local function post(fn, task)
        local res = assert(srv:post_live(fn, { task }))
        assert.are.equal(200, res.status)
        return cjson.decode(res.body).tasks[1], res
    end

    local function fetch(fn, task)
        local t = post(fn, task)
        assert.are.equal(20000, t.status_code, fn .. ": " .. tostring(t.status_message))
        return t.result[1], t
    end

    -- Every item of a list endpoint (pages of 1000).
    local function all_items(fn, task)
        local items, total = {}
        repeat
            local t = {}
            for k, v in pairs(task) do t[k] = v end
            t.limit, t.offset = 1000, #items
            local r = fetch(fn, t)
            total = r.total_count
            for _, item in ipairs(r.items) do items[#items + 1] = item end
            assert(#items <= total, "the walk goes past total_count")
        until r.items_count < 1000
        assert.are.equal(total, #items)
        return items, total
    end

    local function refused(task, code, field)
        local t = post("summary", task)
        assert.are.equal(code, t.status_code, cjson.encode(task))
        assert.are.equal(code == 40501 and ("Invalid Field: '" .. field .. "'.")
            or ("Unknown Fields in POST Data: '" .. field .. "'."), t.status_message)
        assert.are.equal(0, t.cost)
    end

    setup(function() srv = assert(emulator.start({ port = 0 })) end)
    teardown(function() if srv then srv:stop() end end)

    it("validates its own fields", function()
        for _, case in ipairs({ { "target", "x" }, { "include_subdomains", "true" }, { "include_indirect_links", 1 },
            { "exclude_internal_backlinks", {} }, { "internal_list_limit", 1001 },
            { "backlinks_status_type", "new" }, { "backlinks_filters", { "anchor", "match", 1 } },
            { "rank_scale", "" }, { "tag", 1 } }) do
            local task = { target = CYR }
            task[case[1]] = case[2]
            refused(task, 40501, case[1])
        end
        refused({ internal_list_limit = 5 }, 40501, "target")
        for _, field in ipairs({ "limit", "offset", "filters", "order_by", "mode" }) do
            refused({ target = CYR, [field] = 1 }, 40506, field)
        end
        fetch("summary", { target = "https://cyrillic-example.com/page", internal_list_limit = 1000,
            backlinks_filters = { "dofollow", "=", true }, rank_scale = "one_hundred", tag = "t" })
    end)

    it("answers one result with the totals, no items, charged as one result", function()
        local u0 = assert(srv:user_data()).tasks[1].result[1]
        local calls0 = u0.rates.statistics.day.backlinks.summary.live
        local spent0 = u0.money.statistics.day.backlinks.summary.live
        local t, res = post("summary", { target = CYR, internal_list_limit = 2 })
        assert.are.equal(20000, t.status_code)
        assert.are.equal(1, t.result_count)
        assert.are.equal(money(0.02003), money(t.cost))
        local result = t.result[1]
        assert.is_nil(result.items)
        assert.is_nil(result.total_count)
        assert.are.same(RESULT_KEYS, helpers.keys_in_order(res.body:match('"result":%[(.*)'), RESULT_KEYS))
        assert.are.equal(CYR, result.target)
        assert.is_string(result.info.ip_address)
        assert.is_table(result.info.platform_type)
        for _, map in ipairs({ "referring_links_tld", "referring_links_countries" }) do
            local n = 0
            for _ in pairs(result[map]) do n = n + 1 end
            assert.are.equal(2, n)
        end
        local u = assert(srv:user_data()).tasks[1].result[1]
        assert.are.equal(calls0 + 1, u.rates.statistics.day.backlinks.summary.live)
        assert.are.equal(money(spent0 + 0.02003), money(u.money.statistics.day.backlinks.summary.live))
        local empty = fetch("summary", { target = "empty-example.com" })
        assert.are.equal(0, empty.backlinks)
        assert.are.equal(cjson.null, empty.first_seen)
    end)

    for _, status in ipairs({ "live", "lost", "all" }) do
        it("agrees with every list endpoint (" .. status .. ")", function()
            local task = { target = CYR, backlinks_status_type = status, internal_list_limit = 1000 }
            local s = fetch("summary", task)
            local backlinks, total = all_items("backlinks", { target = CYR, backlinks_status_type = status })
            assert.is_true(total > 0)
            assert.are.equal(s.backlinks, total)
            local function bl(i) return i.backlinks end
            local anchors = all_items("anchors", task)
            local domains, domain_total = all_items("referring_domains", task)
            local ips, ip_total = all_items("referring_networks", task)
            task.network_address_type = "subnet"
            local subnets, subnet_total = all_items("referring_networks", task)
            task.network_address_type = nil
            local pages = all_items("domain_pages_summary", task)
            local crawled, crawled_total = all_items("domain_pages", task)
            for _, list in ipairs({ anchors, domains, ips, subnets, pages }) do
                assert.are.equal(s.backlinks, sum(list, bl))
            end
            assert.are.equal(s.backlinks, sum(crawled, function(i) return i.page_summary.backlinks end))
            assert.are.equal(s.crawled_pages, crawled_total)
            -- referring_domains/live counts main domains; its items count their (sub)domains
            assert.are.equal(s.referring_main_domains, domain_total)
            assert.are.equal(s.referring_domains, sum(domains, function(i) return i.referring_domains end))
            assert.are.equal(s.referring_domains, distinct(backlinks, function(i) return i.domain_from end))
            assert.are.equal(s.referring_domains_nofollow, distinct(backlinks,
                function(i) return not i.dofollow and i.domain_from or nil end))
            assert.are.equal(s.referring_ips, ip_total)
            assert.are.equal(s.referring_ips, distinct(backlinks, function(i) return i.domain_from_ip end))
            assert.are.equal(s.referring_subnets, subnet_total)
            assert.are.equal(s.referring_subnets,
                distinct(backlinks, function(i) return i.domain_from_ip:match("^(.*)%.%d+$") end))
            assert.are.equal(s.referring_pages, distinct(backlinks, function(i) return i.url_from end))
            assert.are.equal(s.broken_backlinks, sum(backlinks, function(i) return i.is_broken and 1 or 0 end))
            assert.are.equal(s.broken_backlinks, sum(domains, function(i) return i.broken_backlinks end))
            local first
            for _, i in ipairs(backlinks) do if not first or i.first_seen < first then first = i.first_seen end end
            assert.are.equal(s.first_seen, first)
            -- each group counts exactly the backlinks it names
            local per_anchor, per_ip, per_domain = {}, {}, {}
            for _, i in ipairs(backlinks) do
                local a = tostring(i.anchor)
                per_anchor[a] = per_anchor[a] or {}
                per_anchor[a][i.domain_from] = true
                per_ip[i.domain_from_ip] = (per_ip[i.domain_from_ip] or 0) + 1
                per_domain[i.domain_from] = (per_domain[i.domain_from] or 0) + 1
            end
            local most = 0
            for _, item in ipairs(anchors) do
                local n = 0
                for _ in pairs(per_anchor[tostring(item.anchor)]) do n = n + 1 end
                assert.are.equal(n, item.referring_domains)
                if n > most then most = n end
            end
            assert.is_true(most <= s.referring_domains)
            assert.is_true(s.referring_domains <= sum(anchors, function(i) return i.referring_domains end))
            for _, item in ipairs(ips) do assert.are.equal(per_ip[item.network_address], item.backlinks) end
            for _, item in ipairs(domains) do
                local n = 0
                for name, count in pairs(per_domain) do
                    if name == item.domain or name:sub(-#item.domain - 1) == "." .. item.domain then n = n + count end
                end
                assert.are.equal(n, item.backlinks, item.domain)
            end
        end)
    end

    it("agrees with the lists under every narrowing, on a larger target", function()
        for _, narrowing in ipairs({
            {}, { include_subdomains = false }, { exclude_internal_backlinks = false },
            { include_indirect_links = false }, { backlinks_filters = { "dofollow", "=", true } },
            { target = "blog." .. MEDIUM }, { target = "https://medium-example.com/page" },
        }) do
            local task = { target = MEDIUM }
            for k, v in pairs(narrowing) do task[k] = v end
            local s = fetch("summary", task)
            local function bl(i) return i.backlinks end
            local lists = {
                anchors = all_items("anchors", task),
                referring_domains = all_items("referring_domains", task),
                referring_networks = all_items("referring_networks", task),
                domain_pages_summary = all_items("domain_pages_summary", task),
            }
            for fn, items in pairs(lists) do assert.are.equal(s.backlinks, sum(items, bl), fn) end
            assert.are.equal(s.referring_main_domains, #lists.referring_domains)
            assert.are.equal(s.referring_ips, #lists.referring_networks)
            if task.include_indirect_links == nil and task.backlinks_filters == nil then
                local bt = { target = task.target, limit = 1, include_subdomains = task.include_subdomains,
                    exclude_internal_backlinks = task.exclude_internal_backlinks }
                assert.are.equal(s.backlinks, fetch("backlinks", bt).total_count)
            end
        end
        local dofollow = fetch("summary", { target = MEDIUM, backlinks_filters = { "dofollow", "=", true } })
        assert.are.equal(dofollow.backlinks,
            fetch("backlinks", { target = MEDIUM, limit = 1, filters = { "dofollow", "=", true } }).total_count)
        assert.are.equal(0, dofollow.referring_pages_nofollow)
    end)

    it("compresses for clients that accept gzip", function()
        local res = assert(srv:post_live("summary", { { target = MEDIUM } }, { ["Accept-Encoding"] = "gzip" }))
        assert.are.equal("gzip", res.headers["content-encoding"])
        local dir = helpers.tmpdir("summary-gzip")
        helpers.write_file(dir .. "/body.gz", res.body)
        local text = helpers.capture("gzip -dc " .. helpers.shell_quote(dir .. "/body.gz"))
        helpers.remove(dir)
        assert.are.equal(20000, cjson.decode(text).tasks[1].status_code)
    end)
end)
