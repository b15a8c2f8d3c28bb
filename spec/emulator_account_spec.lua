-- The account side of the emulator: GET /v3/appendix/user_data with the
-- documented fields, spend and calls per login across calls, the balance
-- (HTTP 402 / 40200), the daily cost limit (40203), the per-minute limit
-- (40202, HTTP 200), the simultaneous limit (40209, HTTP 200, naming the
-- cap), X-RateLimit-* headers, GET /v3/backlinks/available_filters, and a
-- Backlinks subscription that has ended (40204).
local emulator = dofile("spec/support/emulator.lua")
local remote = require("dataforseo_emulator.remote")
local cjson = require("cjson")
local mime = require("mime")
local helpers = dofile("spec/support/helpers.lua")

local BODY = '[{"target":"small-example.com","limit":3}]'

local function basic(login, password) return "Basic " .. mime.b64(login .. ":" .. password) end

describe("emulator account", function()
    local srv
    setup(function()
        srv = assert(emulator.start{ port = 0, accounts = { second = "pw2" } })
    end)
    teardown(function() if srv then srv:stop() end end)
    before_each(function() assert(srv:control{ reset = true }) end)

    local function post(body, login, password, headers)
        local h = { ["Content-Type"] = "application/json",
            Authorization = login and basic(login, password) or srv:authorization() }
        for k, v in pairs(headers or {}) do h[k] = v end
        local res = assert(srv:request({ path = "/v3/backlinks/anchors/live", method = "POST", body = body or BODY,
            headers = h }))
        return res, res.body:sub(1, 1) == "{" and cjson.decode(res.body) or nil
    end

    local function user_data(login, password)
        local res = assert(srv:request({ path = "/v3/appendix/user_data",
            headers = { Authorization = login and basic(login, password) or srv:authorization() } }))
        assert.are.equal(200, res.status)
        local doc = cjson.decode(res.body)
        assert.are.equal(20000, doc.status_code)
        local task = doc.tasks[1]
        assert.are.same({ "v3", "appendix", "user_data" }, task.path)
        assert.are.same({ api = "appendix", ["function"] = "user_data" }, task.data)
        assert.are.equal(0, task.cost)
        return task.result[1], res
    end

    it("answers user_data with the documented fields", function()
        local u = user_data()
        assert.are.equal("demo", u.login)
        assert.is_string(u.timezone)
        for _, period in ipairs({ "day", "minute" }) do
            assert.is_number(u.rates.limits[period].total)
            assert.is_number(u.rates.statistics[period].total)
            assert.is_number(u.money.limits[period].total)
            assert.is_number(u.money.statistics[period].total)
            assert.is_string(u.money.statistics[period].value)
        end
        assert.matches("^%d%d%d%d%-%d%d%-%d%d$", u.rates.statistics.day.value)
        assert.matches("^%d%d%d%d%-%d%d%-%d%d %d%d:%d%d$", u.rates.statistics.minute.value)
        assert.are.equal(100000, u.money.total)
        assert.are.equal(100000, u.money.balance)
        assert.is_table(u.price.backlinks.anchors.live)
        assert.matches("^%d%d%d%d%-%d%d%-%d%d %d%d:%d%d:%d%d %+00:00$", u.backlinks_subscription_expiry_date)
    end)

    it("tracks spend and calls per login across calls", function()
        local _, a = post()
        local _, b = post()
        local spent = a.cost + b.cost
        post(nil, "second", "pw2")
        local u = user_data()
        assert.is_true(math.abs(u.money.balance - (100000 - spent)) < 1e-9, u.money.balance)
        assert.is_true(math.abs(u.money.statistics.day.total - spent) < 1e-9)
        assert.is_true(math.abs(u.money.statistics.day.backlinks.anchors.live - spent) < 1e-9)
        assert.are.equal(2, u.rates.statistics.day.backlinks.anchors.live)
        assert.are.equal(3, u.rates.statistics.day.total)   -- this user_data call counts too
        local other = user_data("second", "pw2")
        assert.are.equal("second", other.login)
        assert.are.equal(1, other.rates.statistics.day.backlinks.anchors.live)
        assert.is_true(math.abs(other.money.balance - (100000 - a.cost)) < 1e-9)
    end)

    it("answers HTTP 402 / 40200 once the balance is spent; user_data stays free", function()
        assert(srv:control{ balance = 0.05 })
        local first, doc = post()
        assert.are.equal(200, first.status)
        assert.are.equal(20000, doc.tasks[1].status_code)
        local _, doc2 = post()        -- 0.02009 + 0.02009 = 0.04018: still above zero
        assert.are.equal(20000, doc2.tasks[1].status_code)
        local _, doc3 = post()        -- crosses zero: served and charged in full
        assert.are.equal(20000, doc3.tasks[1].status_code)
        local refused, body = post()
        assert.are.equal(402, refused.status)
        assert.are.equal(40200, body.status_code)
        assert.are.equal("Payment Required.", body.status_message)
        assert.are.equal(cjson.null, body.tasks)
        local u = user_data()
        assert.is_true(u.money.balance <= 0)
        assert.are.equal(1, assert(srv:stats()).payment_required)
    end)

    it("answers 40203 once the daily cost limit is reached", function()
        assert(srv:control{ daily_cost_limit = 0.03 })
        local _, ok1 = post()
        local _, ok2 = post()
        assert.are.equal(20000, ok1.tasks[1].status_code)
        assert.are.equal(20000, ok2.tasks[1].status_code)
        local res, doc = post()
        assert.are.equal(200, res.status)
        assert.are.equal(40203, doc.status_code)
        assert.are.equal(40203, doc.tasks[1].status_code)
        assert.are.equal("The cost limit has been exceeded.", doc.tasks[1].status_message)
        assert.are.equal("small-example.com", doc.tasks[1].data.target)
        assert.are.equal(0.03, user_data().money.limits.day.total)
        -- another login has its own day
        local _, other = post(nil, "second", "pw2")
        assert.are.equal(20000, other.tasks[1].status_code)
    end)

    it("answers 40202 (HTTP 200) over the per-minute limit, with X-RateLimit headers", function()
        assert(srv:control{ rate_limit_per_minute = 3 })
        local seen = {}
        for i = 1, 5 do
            local res, doc = post()
            assert.are.equal(200, res.status)
            assert.are.equal("3", res.headers["x-ratelimit-limit"])
            seen[i] = { doc.tasks[1].status_code, tonumber(res.headers["x-ratelimit-remaining"]) }
        end
        -- Calls may straddle a minute: the first is served, the refusals
        -- come with Remaining 0, and Remaining never grows within a minute.
        assert.are.equal(20000, seen[1][1])
        local refused = 0
        for _, s in ipairs(seen) do
            if s[1] == 40202 then refused = refused + 1; assert.are.equal(0, s[2]) end
        end
        assert.is_true(refused >= 1)
        -- every call of a login counts, user_data too: another login reads the limit
        assert.are.equal(3, user_data("second", "pw2").rates.limits.minute.total)
    end)

    it("answers 40209 (HTTP 200) over the simultaneous limit, naming the cap", function()
        assert(srv:control{ max_concurrent = 2, latency_ms = 500 })
        local dir = helpers.tmpdir("dataforseo-simultaneous")
        local cmd = {}
        for i = 1, 4 do
            cmd[i] = "curl -s -o " .. dir .. "/" .. i .. " -u demo:demo --data-raw '" .. BODY .. "' " ..
                srv.base_url .. "/v3/backlinks/anchors/live &"
        end
        helpers.sh("(" .. table.concat(cmd, " ") .. " wait)")
        local codes = {}
        for i = 1, 4 do
            local doc = cjson.decode(helpers.read_file(dir .. "/" .. i))
            codes[doc.status_code] = (codes[doc.status_code] or 0) + 1
            if doc.status_code == 40209 then
                assert.matches("at most 2 at a time", doc.tasks[1].status_message)
            end
        end
        helpers.remove(dir)
        assert.are.equal(2, codes[20000])
        assert.are.equal(2, codes[40209])
    end)

    it("answers 40204 when the Backlinks subscription has ended", function()
        assert(srv:control{ backlinks_subscription = false })
        local res, doc = post()
        assert.are.equal(200, res.status)
        assert.are.equal(40204, doc.tasks[1].status_code)
        assert.are.equal(cjson.null, user_data().backlinks_subscription_expiry_date)
    end)

    it("serves available_filters with the anchors fields and their types", function()
        local res = assert(srv:request({ path = "/v3/backlinks/available_filters",
            headers = { Authorization = srv:authorization() } }))
        assert.are.equal(200, res.status)
        local task = cjson.decode(res.body).tasks[1]
        assert.are.same({ "v3", "backlinks", "available_filters" }, task.path)
        local anchors, backlinks = task.result[1].anchors, task.result[1].backlinks
        assert.are.equal("str", anchors.anchor)
        assert.are.equal("num", anchors.rank)
        assert.are.equal("time", anchors.first_seen)
        assert.are.equal("num", anchors["referring_links_tld.*"])
        assert.are.equal("bool", backlinks.dofollow)
        assert.are.equal("array.str", backlinks.attributes)
        local n = 0
        for _ in pairs(anchors) do n = n + 1 end
        assert.are.equal(22, n)
    end)

    it("needs credentials for the account endpoints too", function()
        local res = assert(remote.request({ url = srv:url("/v3/appendix/user_data") }))
        assert.are.equal(401, res.status)
        assert.are.equal(40100, cjson.decode(res.body).status_code)
    end)
end)

describe("emulator bodies", function()
    local srv
    setup(function() srv = assert(emulator.start{ port = 0 }) end)
    teardown(function() if srv then srv:stop() end end)

    it("takes the tasks as an object keyed by index, as DataForSEO's Python client sends them", function()
        local res = assert(srv:post_anchors('{"0":{"target":"small-example.com","limit":2}}'))
        local doc = cjson.decode(res.body)
        assert.are.equal(20000, doc.tasks[1].status_code)
        assert.are.equal("small-example.com", doc.tasks[1].data.target)
        -- more tasks keyed by index: the first (by index) runs, the rest get 40000
        doc = cjson.decode(assert(srv:post_anchors(
            '{"1":{"target":"b.com"},"0":{"target":"small-example.com"},"10":{"target":"c.com"}}')).body)
        assert.are.equal(3, doc.tasks_count)
        assert.are.equal(20000, doc.tasks[1].status_code)
        assert.are.equal("small-example.com", doc.tasks[1].data.target)
        assert.are.equal("b.com", doc.tasks[2].data.target)
        assert.are.equal("c.com", doc.tasks[3].data.target)
        assert.are.equal(40000, doc.tasks[3].status_code)
        -- an object whose values are not tasks is still invalid; an empty one is empty
        assert.are.equal(40503, cjson.decode(assert(srv:post_anchors('{"target":"forbes.com"}')).body).status_code)
        assert.are.equal(40502, cjson.decode(assert(srv:post_anchors("{}")).body).status_code)
    end)

    it("answers 40503 for a body that is not UTF-8", function()
        local doc = cjson.decode(assert(srv:post_anchors('[{"target":"small-example.com","tag":"\255"}]')).body)
        assert.are.equal(40503, doc.status_code)
    end)
end)
