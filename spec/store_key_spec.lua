-- What makes two calls one entry of the response store (the canonical
-- key), and the cache option's checker.
local api = require "dataforseo.api"
local store = require "dataforseo.engine.store"

local anchors, backlinks = api.get("anchors"), api.get("backlinks")
local null = require("dataforseo.json").null

describe("store.key", function()
    local function key(task, endpoint, origin)
        return store.key(endpoint or anchors, task, origin or "https://api.dataforseo.com")
    end

    it("makes defaults explicit: { limit = 100 } and the default are one key", function()
        local k = key({ target = "example.com" })
        assert.equal(k, key({ target = "example.com", limit = 100 }))
        assert.equal(k, key({ limit = 100.0, offset = 0, target = "example.com", rank_scale = "one_thousand" }))
        assert.equal(k, key({ target = "example.com", include_subdomains = true, backlinks_status_type = "live" }))
        -- A JSON null asks for the default too.
        assert.equal(k, key({ target = "example.com", limit = null }))
        assert.matches('"limit":100', k, 1, true)
        assert.matches('"include_indirect_links":true', k, 1, true)
    end)

    it("tells apart what changes the answer", function()
        local k = key({ target = "example.com" })
        assert.not_equal(k, key({ target = "example.com", limit = 1000 }))
        assert.not_equal(k, key({ target = "example.com", offset = 100 }))
        assert.not_equal(k, key({ target = "example.org" }))
        assert.not_equal(k, key({ target = "example.com", tag = "x" }))
        assert.not_equal(k, key({ target = "example.com", filters = { "rank", ">", 10 } }))
        assert.not_equal(key({ target = "example.com", order_by = { "rank,desc", "backlinks,asc" } }),
            key({ target = "example.com", order_by = { "backlinks,asc", "rank,desc" } }))
        -- Another endpoint, another origin (the sandbox's pages are dummies).
        assert.not_equal(k, key({ target = "example.com" }, api.get("referring_domains")))
        assert.not_equal(k, key({ target = "example.com" }, nil, "https://sandbox.dataforseo.com"))
        -- An unchecked task's extra fields count (the server judges them).
        assert.not_equal(k, key({ target = "example.com", surprise = 1 }))
    end)

    it("does not depend on the order the task was written in", function()
        local a = { target = "example.com", filters = { { "rank", ">", 10 }, "and", { "backlinks", "<", 5 } } }
        local b = {}
        for _, name in ipairs({ "filters", "limit", "target" }) do b[name] = a[name] end
        assert.equal(key(a), key(b))
    end)

    it("a walk's key drops the search_after_token; a token page's key keeps it", function()
        local s = store.open({ sqlite = "/nonexistent/never-opened.sqlite" }, { origin = "o" })
        local first = { target = "example.com", limit = 1000, offset = 20000 }
        local token_page = { target = "example.com", limit = 1000, offset = 20000, search_after_token = "T1" }
        assert.equal(s:walk_key(backlinks, first), s:walk_key(backlinks, token_page))
        assert.not_equal(s:key(backlinks, first), s:key(backlinks, token_page))
        assert.matches('"search_after_token":"T1"', s:key(backlinks, token_page), 1, true)
        s:close()
    end)

    it("is nil for a task that cannot be written as JSON (the call is not stored)", function()
        local t = { target = "example.com" }
        local deep = t
        for _ = 1, 200 do deep.filters = {}; deep = deep.filters end
        assert.is_nil(key(t))
    end)
end)

describe("store.check_option", function()
    local function problem(c) return store.check_option(c) end

    it("accepts the three forms and their fields", function()
        assert.is_nil(problem({ sqlite = "/tmp/x/cache.sqlite", ttl = 3600, max_bytes = 1e6, namespace = "team-a" }))
        assert.is_nil(problem({ redis = { host = "127.0.0.1", port = 6379, password = "p", db = 2, timeout = 0.5,
            prefix = "app" } }))
        assert.is_nil(problem({ shared_dict = "dataforseo_cache", ttl = 60 }))
    end)

    it("names the field and the rule of every bad option", function()
        local cases = {
            { "x", "must be a table" },
            { {}, "needs one of sqlite = path" },
            { { sqlite = "a", shared_dict = "b" }, "takes only one of" },
            { { sqlite = "" }, "field 'sqlite' must be the path of a file" },
            { { sqlite = ":memory:" }, "not :memory:" },
            { { sqlite = "a\0b" }, "no NUL byte" },
            { { sqlite = 5 }, "field 'sqlite' must be a string, got number" },
            { { sqlite = "a", tll = 5 },
                "unknown field 'tll' (fields: max_bytes, namespace, redis, refresh, shared_dict, sqlite, ttl)" },
            { { sqlite = "a", ttl = 0 }, "field 'ttl' must be > 0" },
            { { sqlite = "a", ttl = 0 / 0 }, "field 'ttl' must be > 0" },
            { { sqlite = "a", max_bytes = 100 }, "field 'max_bytes' must be an integer >= 65536" },
            { { sqlite = "a", max_bytes = 1e6 + 0.5 }, "field 'max_bytes' must be an integer" },
            { { redis = {}, max_bytes = 1e6 }, "field 'max_bytes' applies to sqlite only" },
            { { sqlite = "a", namespace = "a b" }, "field 'namespace' must be 1 to 64 letters" },
            { { redis = { port = 70000 } }, "field 'redis.port' must be an integer from 1 to 65535" },
            { { redis = { db = -1 } }, "field 'redis.db' must be an integer >= 0" },
            { { redis = { timeout = 0 } }, "field 'redis.timeout' must be > 0 and at most 60" },
            { { redis = { host = "a b" } }, "field 'redis.host'" },
            { { redis = { prefix = "a*" } }, "field 'redis.prefix'" },
            { { redis = { pasword = "x" } }, "unknown field 'redis.pasword'" },
            { { shared_dict = "a-b" }, "field 'shared_dict' must be the name of a lua_shared_dict" },
        }
        for _, case in ipairs(cases) do
            local p = problem(case[1])
            assert(p and p:find(case[2], 1, true), "expected " .. case[2] .. ", got " .. tostring(p))
        end
    end)

    it("open raises the problem as a programming error; it never shows a password", function()
        local ok, err = pcall(store.open, { redis = { password = "s3cret", port = 0 } })
        assert.is_false(ok)
        assert.matches("option 'cache' field 'redis.port'", err, 1, true)
        assert.not_matches("s3cret", err, 1, true)
    end)
end)
