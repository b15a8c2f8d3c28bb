-- anchors/live semantics of the emulator, over HTTP: every filter
-- operator, nested filters, order_by, pagination, internal_list_limit, the
-- pre-grouping parameters and rank_scale.  Expected answers are computed
-- here from an unfiltered answer with plain Lua, independently of the
-- filter module the server uses.
local emulator = dofile("spec/support/emulator.lua")
local cjson = require("cjson")

local MEDIUM = "medium-example.com"   -- a few hundred anchors: one page holds all

local function lower(s) return s:lower() end

-- like with % as the only wildcard, as a Lua pattern.
local function like_pattern(p)
    local parts = {}
    for piece in (p .. "%"):gmatch("(.-)%%") do
        parts[#parts + 1] = piece:gsub("[%^%$%(%)%.%[%]%*%+%-%?]", "%%%0")
    end
    return "^" .. table.concat(parts, ".-") .. "$"
end

local function anchors_of(items)
    local list = {}
    for i, item in ipairs(items) do list[i] = item.anchor end
    return list
end

local function set_of(list)
    local s = {}
    for _, v in ipairs(list) do s[v] = true end
    return s
end

describe("emulator anchors/live", function()
    local srv, all

    local function fetch(task)
        local res = assert(srv:post_anchors({ task }))
        assert.are.equal(200, res.status)
        local doc = cjson.decode(res.body)
        local t = doc.tasks[1]
        assert.are.equal(20000, t.status_code, t.status_message)
        return t.result[1], res
    end

    -- Anchors kept by a filter, as the server says.
    local function kept(filters, extra)
        local task = { target = MEDIUM, limit = 1000, filters = filters }
        for k, v in pairs(extra or {}) do task[k] = v end
        local result = fetch(task)
        assert.are.equal(result.total_count, result.items_count)
        return set_of(anchors_of(result.items)), result.total_count
    end

    -- Anchors of the unfiltered answer for which keep(item) holds.
    local function expected(keep)
        local s, n = {}, 0
        for _, item in ipairs(all) do
            if keep(item) then s[item.anchor] = true; n = n + 1 end
        end
        return s, n
    end

    local function check(filters, keep)
        local got, n = kept(filters)
        local want, m = expected(keep)
        assert.are.same(want, got)
        assert.are.equal(m, n)
        return n
    end

    setup(function()
        srv = assert(emulator.start({ port = 0 }))
        local result = fetch({ target = MEDIUM, limit = 1000 })
        all = result.items
        assert(#all == result.total_count and #all > 100 and #all < 1000, "medium target size")
    end)
    teardown(function() if srv then srv:stop() end end)

    describe("filters", function()
        it("numeric operators", function()
            local function b(item) return item.backlinks end
            assert.is_true(check({ "backlinks", ">", 3 }, function(i) return b(i) > 3 end) > 0)
            check({ "backlinks", ">=", 3 }, function(i) return b(i) >= 3 end)
            check({ "backlinks", "<", 3 }, function(i) return b(i) < 3 end)
            check({ "backlinks", "<=", 3 }, function(i) return b(i) <= 3 end)
            assert.is_true(check({ "backlinks", "=", 2 }, function(i) return b(i) == 2 end) > 0)
            check({ "backlinks", "<>", 2 }, function(i) return b(i) ~= 2 end)
            check({ "backlinks", "in", { 1, 3, 5 } }, function(i) return b(i) == 1 or b(i) == 3 or b(i) == 5 end)
            check({ "backlinks", "not_in", { 1, 3, 5 } },
                function(i) return not (b(i) == 1 or b(i) == 3 or b(i) == 5) end)
            check({ "referring_domains_nofollow", ">", 0 }, function(i) return i.referring_domains_nofollow > 0 end)
            check({ "rank", ">", 100 }, function(i) return i.rank > 100 end)
        end)

        it("string operators", function()
            local a = function(i) return i.anchor end
            assert.is_true(check({ "anchor", "like", "%guide%" },
                function(i) return a(i):find("guide", 1, true) ~= nil end) > 0)
            check({ "anchor", "not_like", "%guide%" }, function(i) return a(i):find("guide", 1, true) == nil end)
            check({ "anchor", "like", "best%" }, function(i) return a(i):match(like_pattern("best%")) ~= nil end)
            check({ "anchor", "ilike", "%CLICK%" }, function(i) return lower(a(i)):find("click", 1, true) ~= nil end)
            check({ "anchor", "not_ilike", "%CLICK%" },
                function(i) return lower(a(i)):find("click", 1, true) == nil end)
            check({ "anchor", "=", "click here" }, function(i) return a(i) == "click here" end)
            check({ "anchor", "<>", "click here" }, function(i) return a(i) ~= "click here" end)
            check({ "anchor", "in", { "here", "website", "nope" } },
                function(i) return a(i) == "here" or a(i) == "website" end)
            check({ "anchor", "not_in", { "here", "website" } },
                function(i) return a(i) ~= "here" and a(i) ~= "website" end)
            assert.is_true(check({ "anchor", "regex", "^(best|top) " },
                function(i) return a(i):match("^best ") ~= nil or a(i):match("^top ") ~= nil end) > 0)
            check({ "anchor", "not_regex", "^(best|top) " },
                function(i) return a(i):match("^best ") == nil and a(i):match("^top ") == nil end)
            local function has_word(s, w)
                for word in lower(s):gmatch("[%w]+") do if word == w then return true end end
                return false
            end
            assert.is_true(check({ "anchor", "match", "Guide" }, function(i) return has_word(a(i), "guide") end) > 0)
            check({ "anchor", "not_match", "guide" }, function(i) return not has_word(a(i), "guide") end)
            -- Non-ASCII text compares byte for byte.
            local caf = "Caf\195\169 Medium Example"
            assert.are.equal(1, check({ "anchor", "=", caf }, function(i) return a(i) == caf end))
        end)

        it("time fields and map fields", function()
            check({ "first_seen", ">", "2019-06-01 00:00:00 +00:00" },
                function(i) return i.first_seen > "2019-06-01 00:00:00 +00:00" end)
            check({ "first_seen", "<=", "2016-01-01 00:00:00 +00:00" },
                function(i) return i.first_seen <= "2016-01-01 00:00:00 +00:00" end)
            -- Missing map keys read as 0 (the answer's maps are capped at 10
            -- entries, so only test keys that every map shows).
            local n = check({ "referring_links_types.anchor", ">", 2 },
                function(i) return (i.referring_links_types.anchor or 0) > 2 end)
            assert.is_true(n > 0)
            check({ "referring_links_types.image", ">=", 1 },
                function(i) return (i.referring_links_types.image or 0) >= 1 end)
        end)

        it("nested and/or groups", function()
            local f = { { "backlinks", ">", 2 }, "and", { { "anchor", "like", "%e%" }, "or", { "rank", ">", 200 } } }
            local n = check(f, function(i)
                return i.backlinks > 2 and (i.anchor:find("e", 1, true) ~= nil or i.rank > 200)
            end)
            assert.is_true(n > 0)
            check({ { "backlinks", "<", 2 }, "or", { "referring_domains", ">", 5 } },
                function(i) return i.backlinks < 2 or i.referring_domains > 5 end)
        end)
    end)

    describe("order_by", function()
        local function sorted_by(items, rules)
            for k = 2, #items do
                local a, b = items[k - 1], items[k]
                local decided = false
                for _, r in ipairs(rules) do
                    local va, vb = a[r[1]], b[r[1]]
                    if va ~= vb then
                        if r[2] == "desc" then assert.is_true(va > vb) else assert.is_true(va < vb) end
                        decided = true
                        break
                    end
                end
                if not decided then assert.is_true(a.anchor < b.anchor) end
            end
        end

        it("sorts by up to three rules, ties broken by anchor", function()
            local r = fetch({ target = MEDIUM, limit = 1000, order_by = { "rank,desc" } })
            sorted_by(r.items, { { "rank", "desc" } })
            r = fetch({ target = MEDIUM, limit = 1000,
                order_by = { "referring_domains,asc", "backlinks,desc", "first_seen,asc" } })
            sorted_by(r.items, { { "referring_domains", "asc" }, { "backlinks", "desc" }, { "first_seen", "asc" } })
            r = fetch({ target = MEDIUM, limit = 1000, order_by = { "anchor,asc" } })
            sorted_by(r.items, { { "anchor", "asc" } })
            -- Default: backlinks, most first.
            sorted_by(all, { { "backlinks", "desc" } })
        end)
    end)

    describe("pagination", function()
        it("concatenated pages equal one big page: no overlap, no gap (large target, many ties)", function()
            local task = { target = "big-example.com", limit = 1000, order_by = { "rank,desc" } }
            local big = fetch(task)
            assert.is_true(big.total_count >= 20000)
            local pages = {}
            for offset = 0, 900, 100 do
                local page = fetch({ target = "big-example.com", limit = 100, offset = offset,
                    order_by = { "rank,desc" } })
                assert.are.equal(big.total_count, page.total_count)
                for _, a in ipairs(anchors_of(page.items)) do pages[#pages + 1] = a end
            end
            assert.are.same(anchors_of(big.items), pages)
            local last = fetch({ target = "big-example.com", limit = 1000, offset = big.total_count - 5 })
            assert.are.equal(5, last.items_count)
            local beyond = fetch({ target = "big-example.com", limit = 10, offset = big.total_count + 10 })
            assert.are.equal(0, beyond.items_count)
        end)

        it("pages of a filtered query tile the filtered list", function()
            local f = { "anchor", "like", "%e%" }
            local one = fetch({ target = MEDIUM, limit = 1000, filters = f, order_by = { "backlinks,asc" } })
            local tiles = {}
            for offset = 0, one.total_count - 1, 37 do
                local page = fetch({ target = MEDIUM, limit = 37, offset = offset, filters = f,
                    order_by = { "backlinks,asc" } })
                for _, a in ipairs(anchors_of(page.items)) do tiles[#tiles + 1] = a end
            end
            assert.are.same(anchors_of(one.items), tiles)
        end)
    end)

    describe("internal_list_limit", function()
        local MAPS = { "referring_links_tld", "referring_links_types", "referring_links_attributes",
            "referring_links_platform_types", "referring_links_semantic_locations", "referring_links_countries" }
        local function widest(items)
            local w = 0
            for _, item in ipairs(items) do
                for _, m in ipairs(MAPS) do
                    local n = 0
                    if item[m] ~= cjson.null then for _ in pairs(item[m]) do n = n + 1 end end
                    if n > w then w = n end
                end
            end
            return w
        end
        it("caps the maps, largest counts first", function()
            assert.are.equal(10, widest(all))
            assert.are.equal(1, widest(fetch({ target = MEDIUM, limit = 50, internal_list_limit = 1 }).items))
            assert.are.equal(3, widest(fetch({ target = MEDIUM, limit = 50, internal_list_limit = 3 }).items))
            local wide = fetch({ target = "big-example.com", limit = 5, internal_list_limit = 1000 })
            assert.is_true(widest(wide.items) > 10)
            -- The kept entry is the largest one.
            local full = wide.items[1].referring_links_tld
            local top = fetch({ target = "big-example.com", limit = 1, internal_list_limit = 1 })
                .items[1].referring_links_tld
            local key, count = next(top)
            for _, n in pairs(full) do assert.is_true(count >= n) end
            assert.are.equal(full[key], count)
        end)
    end)

    describe("narrowing before grouping", function()
        local function total_backlinks(result)
            local n = 0
            for _, item in ipairs(result.items) do n = n + item.backlinks end
            return n
        end

        it("backlinks_filters select the backlinks that are counted", function()
            local r = fetch({ target = MEDIUM, limit = 1000, backlinks_filters = { "dofollow", "=", true } })
            for _, item in ipairs(r.items) do
                assert.are.equal(0, item.referring_domains_nofollow)
                assert.are.equal(0, item.referring_pages_nofollow)
                local attributes = item.referring_links_attributes
                assert.is_true(attributes == cjson.null or attributes.nofollow == nil)
            end
            local nf = fetch({ target = MEDIUM, limit = 1000, backlinks_filters = { "dofollow", "=", false } })
            assert.are.equal(total_backlinks({ items = all }), total_backlinks(r) + total_backlinks(nf))
            local img = fetch({ target = MEDIUM, limit = 1000, backlinks_filters = { "item_type", "=", "image" } })
            for _, item in ipairs(img.items) do
                assert.are.same({ image = item.referring_pages }, item.referring_links_types)
            end
        end)

        it("backlinks_status_type live / lost / all", function()
            local lost = fetch({ target = MEDIUM, limit = 1000, backlinks_status_type = "lost" })
            local everything = fetch({ target = MEDIUM, limit = 1000, backlinks_status_type = "all" })
            assert.is_true(lost.total_count > 0)
            for _, item in ipairs(lost.items) do assert.matches("^%d%d%d%d%-", item.lost_date) end
            for _, item in ipairs(all) do assert.are.equal(cjson.null, item.lost_date) end
            assert.are.equal(total_backlinks(everything), total_backlinks({ items = all }) + total_backlinks(lost))
        end)

        it("include_subdomains, exclude_internal_backlinks, include_indirect_links", function()
            local base = total_backlinks({ items = all })
            local no_sub = fetch({ target = MEDIUM, limit = 1000, include_subdomains = false })
            local internal = fetch({ target = MEDIUM, limit = 1000, exclude_internal_backlinks = false })
            local no_indirect = fetch({ target = MEDIUM, limit = 1000, include_indirect_links = false })
            assert.is_true(total_backlinks(no_sub) < base)
            assert.is_true(total_backlinks(internal) > base)
            assert.is_true(total_backlinks(no_indirect) < base)
        end)

        it("subdomain and page targets see part of the site", function()
            local site = fetch({ target = "big-example.com", limit = 1 }).total_count
            local blog = fetch({ target = "blog.big-example.com", limit = 1 })
            local page = fetch({ target = "https://big-example.com/page", limit = 1 })
            assert.are.equal("blog.big-example.com", blog.target)
            assert.are.equal("https://big-example.com/page", page.target)
            assert.is_true(blog.total_count > 0 and blog.total_count < site)
            assert.is_true(page.total_count > 0 and page.total_count < site)
        end)

        it("rank_scale one_hundred divides ranks by ten", function()
            local hundred = fetch({ target = MEDIUM, limit = 1000, rank_scale = "one_hundred" })
            local by_anchor = {}
            for _, item in ipairs(all) do by_anchor[item.anchor] = item.rank end
            for _, item in ipairs(hundred.items) do
                assert.are.equal(math.floor(by_anchor[item.anchor] / 10 + 0.5), item.rank)
            end
        end)
    end)

    it("keeps non-ASCII, empty and escaped anchors intact", function()
        local s = kept(nil, { target = "small-example.com", backlinks_status_type = "all" })
        assert.is_true(s["Caf\195\169 \195\156n\195\175c\195\182d\195\169"])
        assert.is_true(s["\230\151\165\230\156\172\232\170\158"])
        local g = set_of(anchors_of(all))
        assert.is_true(g[""])
        assert.is_true(g["line one\nline two"] or g["tab\there"] or g["back\\slash Medium Example"] or false)
    end)
end)
