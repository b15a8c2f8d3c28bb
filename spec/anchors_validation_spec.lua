-- anchors/live request validation: every rule reports the top-level field,
-- the reason and a message naming the value and the rule; a valid request
-- comes back as a new task table holding exactly the given fields.
local anchors = require "dataforseo.api.anchors"
local null = require("cjson").null

local function rejects(params, field, reason, words)
    local task, problem = anchors.validate(params)
    assert.is_nil(task, "expected a problem")
    assert.is_table(problem)
    assert.are.equal(field, problem.field)
    assert.are.equal(reason, problem.reason)
    assert.is_string(problem.message)
    for _, w in ipairs(words or {}) do
        assert.truthy(problem.message:find(w, 1, true),
            ("message %q lacks %q"):format(problem.message, w))
    end
    return problem
end

local function accepts(params)
    local task, problem = anchors.validate(params)
    assert.is_table(task, problem and problem.message)
    return task
end

local function with(extra)
    local p = { target = "forbes.com" }
    for k, v in pairs(extra) do p[k] = v end
    return p
end

describe("anchors.validate", function()
    it("accepts the documented example and returns a new table", function()
        local params = { target = "forbes.com", limit = 4, order_by = { "backlinks,desc" },
                                          filters = { "anchor", "like", "%news%" } }
        local task = accepts(params)
        assert.are.same(params, task)
        assert.are_not.equal(params, task)
        assert.are_not.equal(params.filters, task.filters)   -- deep copy
        params.filters[3] = "%changed%"
        assert.are.equal("%news%", task.filters[3])
    end)

    it("does not add defaults", function()
        assert.are.same({ target = "forbes.com" }, accepts({ target = "forbes.com" }))
    end)

    it("takes JSON null for an optional field as not given, and sends it as given", function()
        for _, name in ipairs({ "limit", "offset", "internal_list_limit", "backlinks_status_type", "filters",
            "order_by", "backlinks_filters", "include_subdomains", "include_indirect_links",
            "exclude_internal_backlinks", "rank_scale", "tag" }) do
            local task = accepts({ target = "forbes.com", [name] = null })
            assert.are.equal(null, task[name], name)
        end
    end)

    it("accepts every field at once", function()
        local all = {
            target = "forbes.com", limit = 1000, offset = 0, internal_list_limit = 1,
            backlinks_status_type = "all", filters = { "rank", ">", 1 }, order_by = { "rank,asc" },
            backlinks_filters = { { "dofollow", "=", true } }, include_subdomains = false,
            include_indirect_links = false, exclude_internal_backlinks = false,
            rank_scale = "one_hundred", tag = "my-tag",
        }
        assert.are.same(all, accepts(all))
    end)

    it("turns integral floats into integers", function()
        local task = accepts(with({ limit = 4.0, offset = 20.0, internal_list_limit = 3.0 }))
        assert.are.equal(4, task.limit)
        if math.type then
            assert.are.equal("integer", math.type(task.limit))
            assert.are.equal("integer", math.type(task.offset))
            assert.are.equal("integer", math.type(task.internal_list_limit))
        end
    end)

    it("requires a table", function()
        rejects("forbes.com", "params", "type", { "params:", "expected a table", '"forbes.com"' })
        rejects(nil, "params", "type", { "got null" })
    end)

    it("rejects unknown fields with a suggestion", function()
        rejects(with({ lmit = 5 }), "lmit", "unknown_field", { 'lmit: unknown field (did you mean "limit"?)' })
        local p = rejects(with({ frobnicate = true }), "frobnicate", "unknown_field", { "unknown field" })
        assert.falsy(p.message:find("did you mean", 1, true))
        rejects({ { target = "forbes.com" } }, "1", "unknown_field", { "[1]: unknown field", "one task" })
    end)

    it("echoes a huge unknown field name cut short, and answers at once", function()
        local params = { target = "forbes.com" }
        params[string.rep("x", 1000000)] = 1
        local t0 = os.clock()
        local task, p = anchors.validate(params)
        assert.is_nil(task)
        assert.equal("unknown_field", p.reason)
        assert.is_true(#p.message < 300, #p.message .. " bytes")
        assert.is_true(os.clock() - t0 < 1)
    end)

    it("reports unknown fields before other problems, in name order", function()
        rejects({ limit = 0, zeta = 1, alpha = 2 }, "alpha", "unknown_field")
    end)
end)

describe("anchors.validate target", function()
    it("is required", function()
        rejects({ limit = 5 }, "target", "required", { "target: required field is missing", "domain" })
    end)

    it("must be a string", function()
        rejects({ target = 42 }, "target", "type", { "target: 42 is not a string" })
        rejects({ target = null }, "target", "required", { "target: required field is null" })
    end)

    it("accepts domains, subdomains, IDNs and absolute http(s) URLs", function()
        for _, t in ipairs({ "forbes.com", "blog.forbes.com", "a-b.co.uk", "xn--e1afmkfd.xn--p1ai",
            "пример.рф", "http://forbes.com", "https://www.forbes.com/sites/x?y=1#z",
            "HTTPS://forbes.com/", "http://127.0.0.1:8080/page", "http://[::1]/x" }) do
            accepts({ target = t })
        end
    end)

    it("rejects www., paths without a scheme, other schemes and malformed hosts", function()
        local cases = {
            { "www.forbes.com", "starts with www." },
            { "WWW.forbes.com", "starts with www." },
            { "forbes.com/sites", "has a path but no http:// or https:// scheme" },
            { "ftp://forbes.com", 'has the scheme "ftp"' },
            { "forbes.com:8080", "has a port" },
            { "//forbes.com", "is not an absolute http(s) URL" },
            { "https://", "has no host" },
            { "https:///path", "has no host" },
            { "https://user:pw@forbes.com", "user information" },
            { "https://forbes.com:99999/", "invalid port" },
            { "forbes", "no dot" },
            { "forbes..com", "empty label" },
            { ".forbes.com", "empty label" },
            { "forbes.com.", "empty label" },
            { "-forbes.com", "hyphen" },
            { "for_bes.com", "cannot appear in a host name" },
            { "forbes .com", "spaces" },
            { "", "is empty" },
            { string.rep("a", 64) .. ".com", "longer than 63" },
        }
        for _, c in ipairs(cases) do
            rejects({ target = c[1] }, "target", "format", { "target:", c[2],
                "a domain or subdomain without scheme and without www., or an absolute http(s) URL" })
        end
        rejects({ target = "forbes\255.com" }, "target", "format",
            { 'target: "forbes\\255.com" is not valid UTF-8' })  -- the message itself stays UTF-8
    end)
end)

describe("the plain-domain shortcut of endpoint.target_problem", function()
    local endpoint = require "dataforseo.api.endpoint"

    -- Random strings over the bytes that matter to the host rules; each
    -- gets the shortcut's verdict and the full rules' verdict.
    it("gives the full rules' verdict on every string, and takes most plain domains", function()
        local alphabet = { "a", "z", "W", "w", "0", "9", "-", ".", ".", "_", ":", "/", " ", "\195\169" }
        local seed, shortcut_taken = 12345, 0
        local function random(n)
            seed = (seed * 1103515245 + 12345) % 2147483648
            return seed % n + 1
        end
        local samples = { "forbes.com", "www.forbes.com", "wWw.x.com", "a-.b.com", "a.-b.com", "a.b-",
            "-a.b", "a..b", "a.b.", ".a.b", "ab", "a.b", string.rep("a", 59) .. ".com",
            string.rep("a", 60) .. ".com", string.rep("a", 64) .. ".b" }
        for _ = 1, 20000 do
            local parts = {}
            for i = 1, random(14) do parts[i] = alphabet[random(#alphabet)] end
            samples[#samples + 1] = table.concat(parts)
        end
        for _, s in ipairs(samples) do
            local fast, full = endpoint.target_problem(s), endpoint.target_rules(s)
            assert.are.equal(full, fast, s)
            if s:find("^[%w.-]+$") and #s <= 63 and full == nil then shortcut_taken = shortcut_taken + 1 end
        end
        assert.is_true(shortcut_taken > 100, "too few plain domains generated: " .. shortcut_taken)
    end)
end)

describe("anchors.validate reports the first problem in field order", function()
    -- pairs() visits a table's keys in an order that depends on how it was
    -- built: the report must not.
    local names = { "rank_scale", "limit", "tag", "offset", "include_subdomains", "target" }
    local bad = { rank_scale = "x", limit = 0, tag = 1, offset = -1, include_subdomains = "no",
        target = "forbes.com" }
    it("whatever order the params were built in", function()
        for shift = 0, #names - 1 do
            local params = {}
            for i = 1, #names do
                local name = names[(i + shift - 1) % #names + 1]
                params[name] = bad[name]
            end
            rejects(params, "limit", "range")
            params.target = nil
            rejects(params, "target", "required")          -- target comes first
            params.target, params.limit, params.offset = "forbes.com", nil, nil
            rejects(params, "include_subdomains", "type")
            params.zz_unknown = 1
            rejects(params, "zz_unknown", "unknown_field")  -- unknown names before anything
        end
    end)

    it("checks UTF-8 after the field rules and the cross-field check, naming the first field", function()
        rejects({ target = "forbes.com", tag = "bad\255", filters = { "anchor", "=", "bad\255" } },
            "filters", "format", { "filters[3]", "not valid UTF-8" })
        rejects({ target = "forbes.com", tag = "bad\255", limit = 0 }, "limit", "range")
    end)
end)

describe("anchors.validate integers", function()
    it("limit is an integer from 1 to 1000", function()
        accepts(with({ limit = 1 }))
        accepts(with({ limit = 1000 }))
        rejects(with({ limit = 5000 }), "limit", "range", { "limit: 5000 is out of range (an integer from 1 to 1000)" })
        rejects(with({ limit = 0 }), "limit", "range", { "limit: 0 is out of range" })
        rejects(with({ limit = 10.5 }), "limit", "type", { "limit: 10.5 is not an integer" })
        rejects(with({ limit = "10" }), "limit", "type", { 'limit: "10" is not an integer' })
        rejects(with({ limit = 0 / 0 }), "limit", "type", { "is not an integer" })
        rejects(with({ limit = math.huge }), "limit", "type", { "is not an integer" })
    end)

    it("offset is an integer >= 0", function()
        accepts(with({ offset = 0 }))
        accepts(with({ offset = 1000000 }))
        rejects(with({ offset = -1 }), "offset", "range", { "offset: -1 is out of range (an integer >= 0)" })
        rejects(with({ offset = 2 ^ 60 }), "offset", "range", { "offset:", "9007199254740991" })
        rejects(with({ offset = true }), "offset", "type", { "offset: true is not an integer" })
    end)

    it("internal_list_limit is an integer from 1 to 1000", function()
        rejects(with({ internal_list_limit = 1001 }), "internal_list_limit", "range",
            { "internal_list_limit: 1001 is out of range (an integer from 1 to 1000)" })
        rejects(with({ internal_list_limit = 0 }), "internal_list_limit", "range")
    end)
end)

describe("anchors.validate enums and booleans", function()
    it("backlinks_status_type is all, live or lost", function()
        for _, v in ipairs({ "all", "live", "lost" }) do accepts(with({ backlinks_status_type = v })) end
        rejects(with({ backlinks_status_type = "Live" }), "backlinks_status_type", "enum",
            { 'backlinks_status_type: "Live" is not one of all, live, lost', 'did you mean "live"?' })
        rejects(with({ backlinks_status_type = 1 }), "backlinks_status_type", "type",
            { "is not a string (one of all, live, lost)" })
    end)

    it("rank_scale is one_hundred or one_thousand", function()
        accepts(with({ rank_scale = "one_hundred" }))
        rejects(with({ rank_scale = "hundred" }), "rank_scale", "enum",
            { 'rank_scale: "hundred" is not one of one_hundred, one_thousand' })
    end)

    it("booleans must be booleans", function()
        for _, name in ipairs({ "include_subdomains", "include_indirect_links", "exclude_internal_backlinks" }) do
            accepts(with({ [name] = false }))
            rejects(with({ [name] = "true" }), name, "type", { name .. ': "true" is not a boolean (true or false)' })
            rejects(with({ [name] = 1 }), name, "type", { "is not a boolean" })
        end
    end)
end)

describe("anchors.validate tag", function()
    it("is a string of at most 255 characters, counted in UTF-8 characters", function()
        accepts(with({ tag = string.rep("x", 255) }))
        accepts(with({ tag = string.rep("é", 255) }))   -- 510 bytes, 255 characters
        rejects(with({ tag = string.rep("é", 256) }), "tag", "length",
            { "tag: 256 characters long, at most 255 are allowed" })
        rejects(with({ tag = 5 }), "tag", "type", { "tag: 5 is not a string" })
        rejects(with({ tag = "a\255b" }), "tag", "format", { "is not valid UTF-8" })
    end)
end)

describe("anchors.validate filters", function()
    it("checks filters against the anchors item fields", function()
        local p = rejects(with({ filters = { "backlinks", "like", "%1%" } }), "filters", "filter",
            { 'filters[2]: operator "like" is not valid for numeric field "backlinks"' })
        assert.are.same({ "backlinks", "like", "%1%" }, p.value)
        rejects(with({ filters = { "dofollow", "=", true } }), "filters", "filter", { 'unknown field "dofollow"' })
        rejects(with({ filters = "anchor like news" }), "filters", "type", { "filters: expected an array" })
    end)

    it("checks backlinks_filters against the backlink fields", function()
        accepts(with({ backlinks_filters = { { "dofollow", "=", true }, "and", { "domain_from_rank", ">", 100 } } }))
        rejects(with({ backlinks_filters = { "referring_domains", ">", 1 } }), "backlinks_filters", "filter",
            { 'backlinks_filters[1]: unknown field "referring_domains"' })
    end)
end)

describe("anchors.validate order_by", function()
    it("accepts up to 3 rules on known fields, map keys included, a field twice too", function()
        accepts(with({ order_by = { "backlinks,desc", "rank,asc", "referring_links_tld.com,desc" } }))
        accepts(with({ order_by = {} }))
        accepts(with({ order_by = { "rank,desc", "backlinks,asc", "rank,asc" } }))
    end)

    it("rejects malformed rules", function()
        rejects(with({ order_by = "rank,desc" }), "order_by", "type", { "order_by: expected an array" })
        rejects(with({ order_by = { "a,asc", "b,asc", "c,asc", "d,asc" } }), "order_by", "order_by",
            { "order_by: 4 sorting rules, at most 3 are allowed" })
        rejects(with({ order_by = { "rank" } }), "order_by", "order_by",
            { 'order_by[1]: "rank" is not of the form "field,asc" or "field,desc"' })
        rejects(with({ order_by = { "rank,desc", 5 } }), "order_by", "order_by", { "order_by[2]: 5 is not a string" })
        rejects(with({ order_by = { "rank,up" } }), "order_by", "order_by",
            { 'order_by[1]: "rank,up": direction "up" must be asc or desc' })
        rejects(with({ order_by = { "rank,DESC" } }), "order_by", "order_by", { "must be asc or desc" })
        rejects(with({ order_by = { "rnk,desc" } }), "order_by", "order_by",
            { 'unknown field "rnk" (did you mean "rank"?)' })
        rejects(with({ order_by = { "referring_links_tld,desc" } }), "order_by", "order_by", { "is a map" })
    end)
end)

describe("anchors.fields and anchors.defaults", function()
    it("describe every request field", function()
        local n = 0
        for name, spec in pairs(anchors.fields) do
            n = n + 1
            assert.is_string(spec.type, name)
        end
        assert.are.equal(13, n)
        assert.are.equal(#anchors.field_order, n)
        assert.are.same({ "all", "live", "lost" }, anchors.fields.backlinks_status_type.enum)
        assert.are.equal(1000, anchors.fields.limit.max)
        assert.are.equal(255, anchors.fields.tag.max_length)
    end)

    it("hold the documented defaults", function()
        assert.are.same({ limit = 100, offset = 0, internal_list_limit = 10, backlinks_status_type = "live",
            include_subdomains = true, include_indirect_links = true, exclude_internal_backlinks = true,
            rank_scale = "one_thousand" }, anchors.defaults)
        for k, v in pairs(anchors.defaults) do
            assert.are.equal(v, anchors.fields[k].default, k)
            accepts(with({ [k] = v }))
        end
    end)
end)
