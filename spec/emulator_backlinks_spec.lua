-- backlinks/live of the emulator, over raw HTTP (the emulator's own
-- request helper, not the client): validation, one page, filters,
-- order_by, mode and custom_mode, offsets up to 20,000 and
-- search_after_token beyond, prices, gzip.  Expected answers are computed
-- here with plain Lua from unfiltered answers.
local emulator = dofile("spec/support/emulator.lua")
local helpers = dofile("spec/support/helpers.lua")
local cjson = require("cjson")

local SMALL, MEDIUM, DEEP = "small-example.com", "medium-example.com", "deep-example.com"
local CYR = "cyrillic-example.com"   -- 400 backlinks: every status fits one page

-- The fields of an item, in the order of DataForSEO's answers.
local ITEM_KEYS = { "type", "domain_from", "url_from", "url_from_https", "domain_to", "url_to", "url_to_https",
    "tld_from", "is_new", "is_lost", "backlink_spam_score", "rank", "page_from_rank", "domain_from_rank",
    "domain_from_platform_type", "domain_from_is_ip", "domain_from_ip", "domain_from_country",
    "page_from_external_links", "page_from_internal_links", "page_from_size", "page_from_encoding",
    "page_from_language", "page_from_title", "page_from_status_code", "first_seen", "prev_seen", "last_seen",
    "item_type", "attributes", "dofollow", "original", "alt", "image_url", "anchor", "text_pre", "text_post",
    "semantic_location", "links_count", "group_count", "is_broken", "url_to_status_code", "url_to_spam_score",
    "url_to_redirect_target", "ranked_keywords_info", "is_indirect_link", "indirect_link_path" }

-- An item's identity: the emulator never repeats it within a target.
local function id(item)
    return table.concat({ item.url_from, item.url_to, tostring(item.anchor), item.first_seen }, "|")
end

local function ids(items)
    local out = {}
    for i, item in ipairs(items) do out[i] = id(item) end
    return out
end

local function money(x) return math.floor(x * 1e8 + 0.5) end

describe("emulator backlinks/live", function()
    local srv

    local function post(task, headers)
        local res = assert(srv:post_live("backlinks", { task }, headers))
        assert.are.equal(200, res.status)
        local doc = cjson.decode(res.body)
        return doc.tasks[1], doc, res
    end

    local function fetch(task)
        local t, doc = post(task)
        assert.are.equal(20000, t.status_code, t.status_message)
        return t.result[1], t, doc
    end

    local function refused(task, code, field)
        local t = post(task)
        assert.are.equal(code, t.status_code, cjson.encode(task))
        if code == 40501 then
            assert.are.equal("Invalid Field: '" .. field .. "'.", t.status_message)
        else
            assert.are.equal("Unknown Fields in POST Data: '" .. field .. "'.", t.status_message)
        end
        assert.are.equal(0, t.cost)
        assert.are.equal(cjson.null, t.result)
    end

    setup(function() srv = assert(emulator.start({ port = 0 })) end)
    teardown(function() if srv then srv:stop() end end)

    describe("validation", function()
        it("names the bad field, in documented order", function()
            local bad = {
                { "target", "https://" }, { "target", "www.x.com" }, { "mode", "one_per_page" },
                { "custom_mode", { field = "domain_to", value = 5 } }, { "custom_mode", { field = "anchor" } },
                { "custom_mode", { field = "anchor", value = 0 } },
                { "custom_mode", { field = "anchor", value = 1001 } },
                { "custom_mode", { field = "anchor", value = 2, extra = 1 } }, { "custom_mode", { "anchor", 2 } },
                { "filters", { "referring_domains", ">", 1 } }, { "filters", { "dofollow", "like", "x" } },
                { "order_by", { "nope,asc" } }, { "order_by", { "attributes,asc" } }, { "order_by", { "rank" } },
                { "offset", -1 }, { "offset", 20001 }, { "offset", 1.5 }, { "search_after_token", 5 },
                { "search_after_token", "" }, { "limit", 0 }, { "limit", 1001 }, { "backlinks_status_type", "gone" },
                { "include_subdomains", "yes" }, { "exclude_internal_backlinks", 1 }, { "rank_scale", "ten" },
                { "tag", string.rep("x", 256) },
            }
            for _, case in ipairs(bad) do
                local task = { target = SMALL }
                task[case[1]] = case[2]
                refused(task, 40501, case[1])
            end
            refused({ limit = 10 }, 40501, "target")
            -- two problems: the first in documented order is named
            refused({ target = SMALL, limit = 0, mode = "x" }, 40501, "mode")
            refused({ target = SMALL, offset = 20001, filters = { "x", "=", 1 } }, 40501, "filters")
        end)

        it("refuses the fields it does not document", function()
            refused({ target = SMALL, internal_list_limit = 5 }, 40506, "internal_list_limit")
            refused({ target = SMALL, backlinks_filters = { "dofollow", "=", true } }, 40506, "backlinks_filters")
            refused({ target = SMALL, include_indirect_links = true }, 40506, "include_indirect_links")
            refused({ target = SMALL, network_address_type = "ip" }, 40506, "network_address_type")
        end)

        it("takes the documented edges and nulls", function()
            fetch({ target = SMALL, offset = 20000, limit = 1000, custom_mode = { field = "item_type", value = 1000 } })
            fetch({ target = "https://big-example.com/page", mode = cjson.null, custom_mode = cjson.null,
                search_after_token = cjson.null, tag = string.rep("é", 255) })
        end)
    end)

    describe("one page", function()
        it("has every documented field, in order, and the result fields", function()
            local res = assert(srv:post_live("backlinks", { { target = MEDIUM, limit = 3 } }))
            local result = cjson.decode(res.body).tasks[1].result[1]
            assert.are.equal(3, result.items_count)
            -- key order as DataForSEO writes it
            assert.are.same(ITEM_KEYS, helpers.keys_in_order(res.body:match('"items":%[(%b{})'), ITEM_KEYS))
            assert.matches('^%[{"target":"medium%-example%.com","mode":"as_is","custom_mode":null,"total_count":%d+,' ..
                '"items_count":3,"search_after_token":"[^"]+","items":%[', res.body:match('"result":(.*)$'))
            for _, item in ipairs(result.items) do
                assert.are.equal("backlink", item.type)
                assert.matches("^https?://", item.url_from)
                assert.matches("^%d%d%d%d%-%d%d%-%d%d %d%d:%d%d:%d%d %+00:00$", item.first_seen)
                assert.is_number(item.ranked_keywords_info.page_from_keywords_count_top_100)
                assert.is_boolean(item.dofollow)
                assert.is_table(item.domain_from_platform_type)
            end
        end)

        it("sorts by rank, most first, by default; rank_scale one_hundred divides ranks", function()
            local all = fetch({ target = CYR, limit = 1000 })
            assert.are.equal(all.total_count, all.items_count)
            local by_id = {}
            for k, item in ipairs(all.items) do
                if k > 1 then assert.is_true(all.items[k - 1].rank >= item.rank) end
                by_id[id(item)] = item
            end
            local hundred = fetch({ target = CYR, limit = 1000, rank_scale = "one_hundred" })
            assert.are.equal(all.total_count, hundred.items_count)
            for k, item in ipairs(hundred.items) do
                local thousand = assert(by_id[id(item)])
                assert.are.equal(math.floor(thousand.rank / 10 + 0.5), item.rank)
                assert.are.equal(math.floor(thousand.domain_from_rank / 10 + 0.5), item.domain_from_rank)
                if k > 1 then assert.is_true(hundred.items[k - 1].rank >= item.rank) end
            end
        end)

        it("narrows by status, subdomains and internal links, and reads page targets", function()
            local live = fetch({ target = MEDIUM, limit = 1 }).total_count
            local lost = fetch({ target = MEDIUM, limit = 1000, backlinks_status_type = "lost" })
            local all = fetch({ target = MEDIUM, limit = 1, backlinks_status_type = "all" }).total_count
            assert.are.equal(all, live + lost.total_count)
            for _, item in ipairs(lost.items) do assert.is_true(item.is_lost) end
            assert.is_true(fetch({ target = MEDIUM, limit = 1, include_subdomains = false }).total_count < live)
            local internal = fetch({ target = MEDIUM, limit = 1000, exclude_internal_backlinks = false })
            assert.is_true(internal.total_count > live)
            local page = fetch({ target = "https://medium-example.com/page", limit = 1000 })
            assert.is_true(page.total_count > 0)
            for _, item in ipairs(page.items) do
                assert.is_true(item.url_to == "https://medium-example.com/page"
                    or item.url_to_redirect_target == "https://medium-example.com/page")
            end
        end)
    end)

    describe("filters and order_by", function()
        local all
        setup(function()
            all = fetch({ target = CYR, limit = 1000, backlinks_status_type = "all" }).items
        end)

        local function check(filters, keep)
            local got = fetch({ target = CYR, limit = 1000, backlinks_status_type = "all", filters = filters })
            local want = {}
            for _, item in ipairs(all) do
                if keep(item) then want[#want + 1] = id(item) end
            end
            assert.are.same(want, ids(got.items))   -- same items, same order
            assert.are.equal(#want, got.total_count)
            return #want
        end

        it("applies each filter type before ordering", function()
            assert.is_true(check({ "dofollow", "=", false }, function(i) return not i.dofollow end) > 0)
            assert.is_true(check({ "domain_from_rank", ">", 300 }, function(i) return i.domain_from_rank > 300 end) > 0)
            assert.is_true(check({ "anchor", "like", "%e%" },
                function(i) return i.anchor ~= cjson.null and i.anchor:find("e", 1, true) ~= nil end) > 0)
            assert.is_true(check({ "attributes", "has", "nofollow" }, function(i)
                if i.attributes == cjson.null then return false end
                for _, a in ipairs(i.attributes) do if a == "nofollow" then return true end end
                return false
            end) > 0)
            assert.is_true(check({ "first_seen", "<", "2017-01-01" },
                function(i) return i.first_seen < "2017-01-01" end) > 0)
            assert.is_true(check({ { "item_type", "=", "image" }, "or", { "alt", "=", cjson.null } },
                function(i) return i.item_type == "image" or i.alt == cjson.null end) > 0)
            check({ "url_from", "regex", "^https://.*-[0-9]+$" },
                function(i) return i.url_from:match("^https://.*%-%d+$") ~= nil end)
        end)

        it("orders by up to three rules", function()
            local r = fetch({ target = CYR, limit = 1000, backlinks_status_type = "all",
                order_by = { "domain_from,asc", "first_seen,desc" } })
            assert.are.equal(#all, r.total_count)
            for k = 2, #r.items do
                local a, b = r.items[k - 1], r.items[k]
                assert.is_true(a.domain_from < b.domain_from or
                    (a.domain_from == b.domain_from and a.first_seen >= b.first_seen))
            end
            r = fetch({ target = CYR, limit = 1000, backlinks_status_type = "all", order_by = { "dofollow,asc" } })
            local seen_true = false
            for _, item in ipairs(r.items) do
                if item.dofollow then seen_true = true else assert.is_false(seen_true) end
            end
        end)

        it("keeps the strongest backlinks per domain, anchor or custom field", function()
            local best = {}
            for _, item in ipairs(all) do   -- all is in rank order: the first seen is the strongest
                best[item.domain_from] = best[item.domain_from] or item.rank
            end
            local r = fetch({ target = CYR, limit = 1000, backlinks_status_type = "all", mode = "one_per_domain" })
            local n = 0
            for _ in pairs(best) do n = n + 1 end
            assert.are.equal(n, r.total_count)
            local seen = {}
            for _, item in ipairs(r.items) do
                assert.is_nil(seen[item.domain_from])
                seen[item.domain_from] = true
                assert.are.equal(best[item.domain_from], item.rank)
            end
            r = fetch({ target = CYR, limit = 1000, backlinks_status_type = "all", mode = "one_per_anchor" })
            seen = {}
            for _, item in ipairs(r.items) do
                assert.is_nil(seen[tostring(item.anchor)])
                seen[tostring(item.anchor)] = true
            end
            -- custom_mode overrides mode: at most 3 per item type, filtered first
            r = fetch({ target = CYR, limit = 1000, backlinks_status_type = "all", mode = "one_per_anchor",
                custom_mode = { field = "item_type", value = 3 }, filters = { "dofollow", "=", true } })
            local per = {}
            for _, item in ipairs(r.items) do
                assert.is_true(item.dofollow)
                per[item.item_type] = (per[item.item_type] or 0) + 1
            end
            for _, count in pairs(per) do assert.is_true(count <= 3) end
            assert.is_true(per.anchor == 3 and r.total_count > 3)
            assert.are.same({ field = "item_type", value = 3 }, r.custom_mode)
            assert.are.equal("one_per_anchor", r.mode)
        end)
    end)

    describe("pagination", function()
        local function walk(task, limit, by_token)
            local out, offset, token, total = {}, 0, nil
            repeat
                local t = {}
                for k, v in pairs(task) do t[k] = v end
                t.limit, t.offset, t.search_after_token = limit, offset, token
                local r = fetch(t)
                total = r.total_count
                for _, item in ipairs(r.items) do out[#out + 1] = item end
                assert(#out <= total, "the walk goes past total_count")
                if by_token(offset, limit) then
                    token = r.search_after_token
                else
                    offset = offset + limit
                end
            until r.items_count < limit
            return out, total
        end

        it("walks by token exactly as by offset", function()
            local task = { target = MEDIUM, backlinks_status_type = "all", order_by = { "page_from_rank,asc" } }
            local by_offset = walk(task, 300, function() return false end)
            local by_token, total = walk(task, 300, function() return true end)
            assert.are.equal(total, #by_offset)
            assert.are.same(ids(by_offset), ids(by_token))
        end)

        it("walks over 25,000 backlinks once each, in order, across offset 20,000", function()
            local items, total = walk({ target = DEEP }, 1000,
                function(offset, limit) return offset + limit > 20000 end)
            assert.is_true(total > 25000)
            assert.are.equal(total, #items)
            local seen = {}
            for k, item in ipairs(items) do
                local key = id(item)
                assert.is_nil(seen[key], key)
                seen[key] = true
                if k > 1 then assert.is_true(items[k - 1].rank >= item.rank) end
            end
        end)

        it("refuses a token once the request it led to moved on, or for another request", function()
            local task = { target = MEDIUM, limit = 100, offset = 200, order_by = { "first_seen,asc" }, tag = "a" }
            local first = fetch(task)
            local t1 = first.search_after_token
            assert.is_string(t1)
            local with = function(changes)
                local t = {}
                for k, v in pairs(task) do t[k] = v end
                for k, v in pairs(changes) do t[k] = v end
                return t
            end
            -- another request: a parameter changed (the tag is only an echo)
            refused(with({ search_after_token = t1, limit = 50 }), 40501, "search_after_token")
            refused(with({ search_after_token = t1, offset = 0 }), 40501, "search_after_token")
            refused(with({ search_after_token = t1, order_by = { "first_seen,desc" } }), 40501, "search_after_token")
            refused(with({ search_after_token = "bm90IGEgdG9rZW4=" }), 40501, "search_after_token")
            refused(with({ search_after_token = "%%%" }), 40501, "search_after_token")
            local second = fetch(with({ search_after_token = t1, tag = "b" }))
            -- a retry before moving on answers the same page
            local again = fetch(with({ search_after_token = t1 }))
            assert.are.same(ids(second.items), ids(again.items))
            local third = fetch(with({ search_after_token = second.search_after_token }))
            -- t1 led to a token that has now been used: t1 is spent
            refused(with({ search_after_token = t1 }), 40501, "search_after_token")
            local pages = fetch(with({ limit = 300, offset = 200, search_after_token = cjson.null }))
            local want = ids(pages.items)
            local got = {}
            for _, r in ipairs({ first, second, third }) do
                for _, v in ipairs(ids(r.items)) do got[#got + 1] = v end
            end
            assert.are.same(want, got)
        end)

        it("answers an empty page past the end with no token", function()
            local r = fetch({ target = SMALL, offset = 20000 })
            assert.are.equal(0, r.items_count)
            assert.are.equal(cjson.null, r.search_after_token)
            local last = fetch({ target = SMALL, limit = 1000 })
            assert.is_string(last.search_after_token)   -- every page with items has one
            r = fetch({ target = SMALL, limit = 1000, search_after_token = last.search_after_token })
            assert.are.equal(0, r.items_count)
            assert.are.equal(last.total_count, r.total_count)
        end)
    end)

    it("charges $0.02 per request and $0.00003 per backlink; refusals are free", function()
        local r, t, doc = fetch({ target = MEDIUM, limit = 7 })
        assert.are.equal(7, r.items_count)
        assert.are.equal(money(0.02 + 7 * 0.00003), money(t.cost))
        assert.are.equal(money(t.cost), money(doc.cost))
        local _, empty = fetch({ target = "empty-example.com" })
        assert.are.equal(money(0.02), money(empty.cost))
        local u = assert(srv:user_data()).tasks[1].result[1]
        assert.are.equal(0.02, u.price.backlinks.backlinks.live.priority_normal[1].cost)
        assert.are.equal(0.00003, u.price.backlinks.backlinks.live.priority_normal[2].cost)
        assert.is_true(u.rates.statistics.day.backlinks.backlinks.live > 0)
        assert.is_true(u.money.statistics.day.backlinks.backlinks.live > 0)
    end)

    it("compresses for clients that accept gzip", function()
        local res = assert(srv:post_live("backlinks", { { target = MEDIUM, limit = 200 } },
            { ["Accept-Encoding"] = "gzip" }))
        assert.are.equal("gzip", res.headers["content-encoding"])
        local dir = helpers.tmpdir("backlinks-gzip")
        helpers.write_file(dir .. "/body.gz", res.body)
        local text = helpers.capture("gzip -dc " .. helpers.shell_quote(dir .. "/body.gz"))
        helpers.remove(dir)
        local result = cjson.decode(text).tasks[1].result[1]
        assert.are.equal(200, result.items_count)
        assert.is_true(#res.body < #text / 4)
    end)
end)
