-- The ".ai" form of every path ("AI-optimized API response"): the
-- envelope cut to id, status_code and status_message, items without null,
-- false or empty fields, floats to 3 decimals, limit 10 by default, charged
-- as usual; asked the way DataForSEO's MCP server asks (path + ".ai", one
-- task in an array, Basic credentials).
local emulator = dofile("spec/support/emulator.lua")
local cjson = require("cjson")

local MEDIUM = "medium-example.com"

local function money(x) return math.floor(x * 1e8 + 0.5) end

-- No null, false, "" or empty table anywhere under v.
local function cropped(v, where)
    if v == cjson.null or v == false or v == "" then return false, where end
    if type(v) == "table" then
        if next(v) == nil then return false, where end
        for k, x in pairs(v) do
            local ok, at = cropped(x, where .. "." .. tostring(k))
            if not ok then return false, at end
        end
    end
    return true
end

describe("emulator .ai paths", function()
    local srv

    -- As the MCP server's api_request tool sends it (src/core/api/client.ts).
    local function mcp(method, path, task)
        local res = assert(srv:request({ path = path .. ".ai", method = method,
            body = task and cjson.encode({ task }) or nil,
            headers = { Authorization = srv:authorization(), ["User-Agent"] = "dataforseo-mcp-server/3.0.1",
                ["Content-Type"] = task and "application/json" or nil } }))
        return cjson.decode(res.body), res
    end

    local function balance() return assert(srv:user_data()).tasks[1].result[1].money.balance end

    setup(function() srv = assert(emulator.start({ port = 0 })) end)
    teardown(function() if srv then srv:stop() end end)
    before_each(function() assert(srv:control({ reset = true })) end)

    it("cuts the envelope, crops the items, reads 10 by default and charges as usual", function()
        local before = balance()
        local body, res = mcp("POST", "/v3/backlinks/anchors/live", { target = MEDIUM })
        assert.are.equal(200, res.status)
        local keys = {}
        for k in pairs(body) do keys[#keys + 1] = k end
        table.sort(keys)
        assert.are.same({ "id", "items", "status_code", "status_message" }, keys)
        assert.are.equal(20000, body.status_code)
        assert.matches("^%x+%-%x+%-", body.id)
        assert.are.equal(10, #body.items)
        assert.is_true(cropped(body.items, "items"))
        assert.is_nil(body.items[1].lost_date)
        assert.are.equal("backlinks_anchor", body.items[1].type)
        assert.are.equal(money(0.02 + 10 * 0.00003), money(before - balance()))
        -- the same items as the full answer, less what is empty
        local full = cjson.decode(assert(srv:post_live("anchors", { { target = MEDIUM, limit = 10 } })).body)
        local item = full.tasks[1].result[1].items[3]
        for k, v in pairs(item) do
            if v ~= cjson.null and v ~= false and v ~= "" and not (type(v) == "table" and next(v) == nil) then
                assert.are.same(v, body.items[3][k], k)
            else
                assert.is_nil(body.items[3][k], k)
            end
        end
        assert.are.equal(3, #mcp("POST", "/v3/backlinks/anchors/live", { target = MEDIUM, limit = 3 }).items)
    end)

    it("backlinks, bulk, the summary and the free endpoints", function()
        local b = mcp("POST", "/v3/backlinks/backlinks/live", { target = MEDIUM })
        assert.are.equal(10, #b.items)
        assert.is_true(cropped(b.items, "items"))
        for _, item in ipairs(b.items) do assert.is_nil(item.is_lost) end   -- false: left out
        local s = mcp("POST", "/v3/backlinks/summary/live", { target = MEDIUM })
        assert.are.equal(1, #s.items)
        assert.are.equal(MEDIUM, s.items[1].target)
        assert.is_number(s.items[1].backlinks)
        local r = mcp("POST", "/v3/backlinks/bulk_ranks/live", { targets = { MEDIUM, "small-example.com" } })
        assert.are.same({ target = MEDIUM }, { target = r.items[1].target })
        assert.are.equal(2, #r.items)
        for _, path in ipairs({ "/v3/appendix/user_data", "/v3/backlinks/available_filters", "/v3/backlinks/index" }) do
            local g = mcp("GET", path)
            assert.are.equal(20000, g.status_code, path)
            assert.are.equal(1, #g.items, path)
        end
        local from = os.date("!%Y-%m-%d %H:%M:%S +00:00", os.time() - 600)
        local ids = mcp("POST", "/v3/backlinks/id_list", { datetime_from = from,
            datetime_to = os.date("!%Y-%m-%d %H:%M:%S +00:00") })
        assert.are.equal(3, #ids.items)   -- backlinks, summary, bulk_ranks
        assert.is_nil(ids.items[1].metadata)
    end)

    it("errors come as id, status_code and status_message; no credentials as the two codes", function()
        local before = balance()
        local bad = mcp("POST", "/v3/backlinks/anchors/live", { target = MEDIUM, limit = 1001 })
        assert.are.equal(40501, bad.status_code)
        assert.are.equal("Invalid Field: 'limit'.", bad.status_message)
        assert.is_string(bad.id)
        assert.is_nil(bad.items)
        assert.are.equal(money(before), money(balance()))
        local res = assert(srv:request({ path = "/v3/backlinks/summary/live.ai", method = "POST",
            body = '[{"target":"x.com"}]', headers = { Authorization = "Basic bm86bm8=" } }))
        assert.are.equal(401, res.status)
        assert.are.same({ status_code = 40100, status_message = "You are not authorized to access this resource." },
            cjson.decode(res.body))
        local missing = assert(srv:request({ path = "/v3/backlinks/nope/live.ai", method = "POST", body = "[{}]",
            headers = { Authorization = srv:authorization() } }))
        assert.are.equal(404, missing.status)
    end)
end)
