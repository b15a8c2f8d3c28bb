-- The emulator as a server: start/stop, the envelope against the
-- documented example, every error code, authentication, TLS and stats.
-- Driven over real HTTP with LuaSocket / LuaSec and the curl command.
local emulator = dofile("spec/support/emulator.lua")
local remote = require("dataforseo_emulator.remote")
local cjson = require("cjson")
local socket = require("socket")
local helpers = dofile("spec/support/helpers.lua")

-- The documented example response (anchors-live-example-response.json),
-- trimmed to its first item: the shape every answer must have.
local EXAMPLE = [==[
{"version":"0.1.20230825","status_code":20000,"status_message":"Ok.","time":"1.1820 sec.",
 "cost":0.02012,"tasks_count":1,"tasks_error":0,"tasks":[{"id":"09291840-1535-0272-0000-7977cbcf0524",
 "status_code":20000,"status_message":"Ok.","time":"1.1266 sec.","cost":0.02012,"result_count":1,
 "path":["v3","backlinks","anchors","live"],
 "data":{"api":"backlinks","function":"anchors","target":"forbes.com","limit":4,
  "order_by":["backlinks,desc"],"filters":["anchor","like","%news%"]},
 "result":[{"target":"forbes.com","total_count":83736,"items_count":4,"items":[
  {"type":"backlinks_anchor","anchor":"news","rank":277,"backlinks":4186,
   "first_seen":"2019-01-16 05:58:32 +00:00","lost_date":null,"backlinks_spam_score":24,
   "broken_backlinks":21,"broken_pages":13,"referring_domains":835,"referring_domains_nofollow":146,
   "referring_main_domains":773,"referring_main_domains_nofollow":138,"referring_ips":757,
   "referring_subnets":648,"referring_pages":3946,
   "referring_links_tld":{"com":1931,"org":1141},"referring_links_types":{"anchor":3945,"image":1},
   "referring_links_attributes":{"nofollow":804},"referring_links_platform_types":{"unknown":1525},
   "referring_links_semantic_locations":{"":2592},"referring_links_countries":{"":2454,"US":817},
   "referring_pages_nofollow":940}]}]}]}
]==]

-- Fields the API documents as nullable (seen null in real answers).
local NULLABLE = { lost_date = "string", anchor = "string", referring_links_attributes = "table" }
local MAPS = { referring_links_tld = true, referring_links_types = true, referring_links_attributes = true,
    referring_links_platform_types = true, referring_links_semantic_locations = true,
    referring_links_countries = true }

-- Same keys and value types as the example, recursively.
local function same_shape(want, got, path)
    if want == cjson.null then
        local name = path:match("([%w_]+)$")
        assert(got == cjson.null or type(got) == NULLABLE[name], path .. ": unexpected " .. type(got))
        return
    end
    if got == cjson.null then
        local name = path:match("([%w_]+)$")
        assert(NULLABLE[name], path .. " is null")
        return
    end
    assert(type(want) == type(got), path .. ": " .. type(want) .. " expected, got " .. type(got))
    if type(want) ~= "table" then return end
    local name = path:match("([%w_]+)$")
    if MAPS[name] then
        for k, v in pairs(got) do
            assert(type(k) == "string" and type(v) == "number", path .. "." .. tostring(k))
        end
        return
    end
    if #want > 0 then
        assert(#got > 0, path .. ": empty array")
        for i = 1, #got do same_shape(want[1], got[i], path .. "[" .. i .. "]") end
        return
    end
    if name == "data" then return end   -- the request echo: checked separately
    for k, v in pairs(want) do
        assert(got[k] ~= nil, path .. "." .. k .. " missing")
        same_shape(v, got[k], path .. "." .. k)
    end
    for k in pairs(got) do assert(want[k] ~= nil, path .. "." .. k .. " is extra") end
end

-- alive(pid): a process that has exited may linger as a zombie until init
-- reaps it, which counts as gone.
local alive, exists = helpers.alive, helpers.exists

describe("emulator server", function()
    local srv

    setup(function()
        srv = assert(emulator.start({ port = 0, login = "demo", password = "s3cret" }))
    end)

    teardown(function()
        if srv then srv:stop() end
    end)

    local function post(body, headers)
        local res = assert(srv:post_anchors(body, headers))
        return res, res.body:sub(1, 1) == "{" and cjson.decode(res.body) or nil
    end

    describe("lifecycle", function()
        it("starts in under 2 seconds and stop() kills its nginx and removes its files", function()
            local t0 = socket.gettime()
            local other = assert(emulator.start({ port = 0 }))
            local ok, err = pcall(function()
                assert.is_true(socket.gettime() - t0 < 2)
                assert.matches("^http://127%.0%.0%.1:%d+$", other.base_url)
                assert.are_not.equal(srv.port, other.port)
                assert.is_true(alive(other.pid))
                assert.is_true(exists(other.prefix))
            end)
            other:stop()
            assert(ok, err)
            assert.is_false(alive(other.pid))
            assert.is_false(exists(other.prefix))
            local c = socket.tcp()
            c:settimeout(1)
            assert.is_nil(c:connect("127.0.0.1", other.port))
            c:close()
            assert.is_true(srv:running())
        end)

        it("returns nil and nginx's own error text when it cannot start", function()
            local other, err = emulator.start({ port = srv.port })
            if other then other:stop() end
            assert.is_nil(other)
            assert.matches("Address already in use", err)
        end)
    end)

    describe("envelope", function()
        it("answers the documented example request with the documented shape", function()
            local res, doc = post('[{"target":"forbes.com","limit":4,"order_by":["backlinks,desc"],' ..
                '"filters":["anchor","like","%news%"]}]')
            assert.are.equal(200, res.status)
            same_shape(cjson.decode(EXAMPLE), doc, "response")
            local task = doc.tasks[1]
            assert.are.equal(20000, task.status_code)
            local result = task.result[1]
            assert.are.equal("forbes.com", result.target)
            assert.are.equal(4, result.items_count)
            assert.are.equal(4, #result.items)
            assert.is_true(result.total_count >= 4)
            for i, item in ipairs(result.items) do
                assert.matches("news", item.anchor)
                if i > 1 then assert.is_true(result.items[i - 1].backlinks >= item.backlinks) end
            end
            assert.are.same({ api = "backlinks", ["function"] = "anchors", target = "forbes.com", limit = 4,
                order_by = { "backlinks,desc" }, filters = { "anchor", "like", "%news%" } }, task.data)
        end)

        it("prints times, ids, costs and counts the way the API does", function()
            local res, doc = post('[{"target":"medium-example.com","limit":7,"tag":"my tag \\u00e9"}]')
            assert.are.equal(200, res.status)
            assert.matches("^%d+%.%d%d%d%d sec%.$", doc.time)
            local task = doc.tasks[1]
            assert.matches("^%d%d%d%d%d%d%d%d%-%d%d%d%d%-0272%-0000%-%x%x%x%x%x%x%x%x%x%x%x%x$", task.id)
            assert.are.same({ "v3", "backlinks", "anchors", "live" }, task.path)
            assert.are.equal("my tag \195\169", task.data.tag)
            assert.is_true(math.abs(task.cost - (0.02 + 0.00003 * 7)) < 1e-9)
            assert.are.equal(task.cost, doc.cost)
            assert.matches('"cost":0%.02021,', res.body)
            -- Counts are JSON integers, never 12.0 or 1.2e+04.
            assert.is_nil(res.body:find('"[%w_]+":%-?%d+%.0[,}]'))
            assert.is_nil(res.body:find('"[%w_]+":%d[%d.]*e%+'))
            assert.matches('"tasks_count":1,', res.body)
            assert.matches("^application/json", res.headers["content-type"])
            -- Two requests never share a task id.
            local _, doc2 = post('[{"target":"medium-example.com","limit":1}]')
            assert.are_not.equal(task.id, doc2.tasks[1].id)
        end)

        it("answers an empty target with no items and a small one with fewer than 10", function()
            local res, doc = post('[{"target":"empty-example.com"}]')
            local result = doc.tasks[1].result[1]
            assert.are.equal(0, result.total_count)
            assert.are.equal(0, result.items_count)
            assert.matches('"items":%[%]', res.body)
            local _, small = post('[{"target":"small-example.com","backlinks_status_type":"all"}]')
            local n = small.tasks[1].result[1].total_count
            assert.is_true(n >= 2 and n < 10)
        end)
    end)

    describe("errors", function()
        local function top(body, headers, path)
            local res
            if path then
                res = assert(srv:request({ path = path, method = "POST", body = body,
                    headers = { Authorization = srv:authorization() } }))
            else
                res = assert(srv:post_anchors(body, headers))
            end
            return res.status, cjson.decode(res.body)
        end

        it("401 / 40100 without, with wrong or with non-Basic credentials", function()
            local cases = {
                {},
                { Authorization = "Basic " .. require("mime").b64("demo:wrong") },
                { Authorization = "Basic " .. require("mime").b64("nobody:s3cret") },
                { Authorization = "Bearer abc" },
                { Authorization = "Basic !!!" },
            }
            for _, headers in ipairs(cases) do
                local res = assert(srv:request({ path = "/v3/backlinks/anchors/live", method = "POST",
                    body = '[{"target":"small-example.com"}]', headers = headers }))
                assert.are.equal(401, res.status)
                local doc = cjson.decode(res.body)
                assert.are.equal(40100, doc.status_code)
                assert.are.equal("You are not authorized to access this resource.", doc.status_message)
                assert.are.equal(cjson.null, doc.tasks)
            end
            -- Case of the scheme does not matter.
            local res = assert(srv:post_anchors('[{"target":"small-example.com"}]',
                { Authorization = "basic " .. require("mime").b64("demo:s3cret") }))
            assert.are.equal(200, res.status)
        end)

        it("404 / 40400 for unknown paths", function()
            local status, doc = top("[]", nil, "/v3/backlinks/anchors/nope")
            assert.are.equal(404, status)
            assert.are.equal(40400, doc.status_code)
            assert.are.equal("Not Found.", doc.status_message)
        end)

        it("40502 for an empty body, 40503 for a body that is not an array of objects", function()
            for _, body in ipairs({ "", "   ", "[]" }) do
                local status, doc = top(body)
                assert.are.equal(200, status)
                assert.are.equal(40502, doc.status_code)
                assert.are.equal("POST Data Is Empty.", doc.status_message)
            end
            for _, body in ipairs({ "{not json", '{"target":"forbes.com"}', "[1,2]", '[["forbes.com"]]', '"x"' }) do
                local status, doc = top(body)
                assert.are.equal(200, status)
                assert.are.equal(40503, doc.status_code, body)
                assert.are.equal("POST Data Is Invalid.", doc.status_message)
            end
        end)

        it("40000 for every task after the first, 40006 beyond 100 tasks", function()
            local _, doc = top('[{"target":"small-example.com"},{"target":"a.com"},{"target":"b.com"}]')
            assert.are.equal(20000, doc.status_code)
            assert.are.equal(3, doc.tasks_count)
            assert.are.equal(2, doc.tasks_error)
            assert.are.equal(20000, doc.tasks[1].status_code)
            for i = 2, 3 do
                assert.are.equal(40000, doc.tasks[i].status_code)
                assert.are.equal("You can set only one task at a time.", doc.tasks[i].status_message)
                assert.are.equal(cjson.null, doc.tasks[i].result)
                assert.are.equal(0, doc.tasks[i].cost)
            end
            assert.are.equal("b.com", doc.tasks[3].data.target)
            local many = {}
            for i = 1, 101 do many[i] = '{"target":"a.com"}' end
            local _, doc2 = top("[" .. table.concat(many, ",") .. "]")
            assert.are.equal(40006, doc2.status_code)
        end)

        it("40501 'Invalid Field' naming the field, for wrong types, ranges and filters", function()
            local cases = {
                { '{"limit":10}', "target" },
                { '{"target":"forbes.com","limit":0}', "limit" },
                { '{"target":"forbes.com","limit":1001}', "limit" },
                { '{"target":"forbes.com","limit":"10"}', "limit" },
                { '{"target":"forbes.com","offset":-1}', "offset" },
                { '{"target":"forbes.com","internal_list_limit":0}', "internal_list_limit" },
                { '{"target":"forbes.com","backlinks_status_type":"dead"}', "backlinks_status_type" },
                { '{"target":"forbes.com","rank_scale":"ten"}', "rank_scale" },
                { '{"target":"forbes.com","include_subdomains":"yes"}', "include_subdomains" },
                { '{"target":"forbes.com","filters":["anchor","~","x"]}', "filters" },
                { '{"target":"forbes.com","filters":["nope",">",1]}', "filters" },
                { '{"target":"forbes.com","filters":["backlinks",">","many"]}', "filters" },
                { '{"target":"forbes.com","order_by":["backlinks,up"]}', "order_by" },
                { '{"target":"forbes.com","order_by":["rank,asc","backlinks,desc","anchor,asc","first_seen,asc"]}',
                    "order_by" },
                { '{"target":"forbes.com","backlinks_filters":["dofollow","=","yes"]}', "backlinks_filters" },
                { '{"target":"https://"}', "target" },
            }
            for _, case in ipairs(cases) do
                local _, doc = top("[" .. case[1] .. "]")
                assert.are.equal(20000, doc.status_code)
                assert.are.equal(1, doc.tasks_error)
                local task = doc.tasks[1]
                assert.are.equal(40501, task.status_code, case[1])
                assert.are.equal("Invalid Field: '" .. case[2] .. "'.", task.status_message)
                assert.are.equal(cjson.null, task.result)
                assert.are.equal(0, task.result_count)
                assert.are.equal("backlinks", task.data.api)
            end
            -- Nine conditions: one more than allowed.
            local nine = {}
            for i = 1, 9 do nine[#nine + 1] = '["backlinks",">",' .. i .. "]" end
            local _, doc = top('[{"target":"forbes.com","filters":[' .. table.concat(nine, ',"and",') .. "]}]")
            assert.are.equal("Invalid Field: 'filters'.", doc.tasks[1].status_message)
        end)

        it("40506 for unknown fields", function()
            local _, doc = top('[{"target":"forbes.com","limits":10}]')
            assert.are.equal(40506, doc.tasks[1].status_code)
            assert.are.equal("Unknown Fields in POST Data: 'limits'.", doc.tasks[1].status_message)
            assert.are.equal(10, doc.tasks[1].data.limits)
        end)
    end)

    describe("stats", function()
        it("counts requests, connections and statuses, proving keep-alive reuse", function()
            assert(srv:control({ reset_stats = true }))
            local body = '[{"target":"small-example.com"}]'
            local raw = "POST /v3/backlinks/anchors/live HTTP/1.1\r\nHost: 127.0.0.1\r\n" ..
                "Authorization: " .. srv:authorization() .. "\r\nContent-Type: application/json\r\n" ..
                "Content-Length: " .. #body .. "\r\n\r\n" .. body
            local responses = assert(remote.keepalive("127.0.0.1", srv.port, { raw, raw, raw }))
            for _, r in ipairs(responses) do assert.are.equal(200, r.status) end
            post("[]")   -- a separate connection (LuaSocket closes after each request)
            local res = assert(srv:request({ path = "/nope", headers = { Authorization = srv:authorization() } }))
            assert.are.equal(404, res.status)
            local stats = assert(srv:stats())
            assert.are.equal(5, stats.requests)
            assert.are.equal(3, stats.connections)
            assert.are.equal(4, stats.status["200"])
            assert.are.equal(1, stats.status["404"])
            assert.are.equal(3, stats.task_status["20000"])
            assert.are.equal(1, stats.top_status["40502"])
            assert.are.equal(1, stats.top_status["40400"])
            assert.are.equal(0, stats.in_flight)
        end)
    end)
end)

describe("emulator server over TLS", function()
    local srv
    setup(function() srv = assert(emulator.start({ port = 0, tls = true })) end)
    teardown(function() if srv then srv:stop() end end)

    it("serves https with a certificate its CA file verifies", function()
        assert.matches("^https://127%.0%.0%.1:%d+$", srv.base_url)
        assert.is_true(exists(srv.ca_file))
        local res = assert(srv:post_anchors('[{"target":"small-example.com"}]'))
        assert.are.equal(200, res.status)
        assert.are.equal(20000, cjson.decode(res.body).tasks[1].status_code)
        -- curl agrees, and refuses the server without the CA.
        local url = srv.base_url .. "/mock/ping"
        local p = io.popen("curl -sS --cacert '" .. srv.ca_file .. "' " .. url .. " 2>&1")
        assert.are.equal("ok\n", p:read("*a"))
        p:close()
        p = io.popen("curl -sS " .. url .. " >/dev/null 2>&1; echo $?")
        local code = tonumber(p:read("*a"))
        p:close()
        assert.are_not.equal(0, code)
    end)
end)

describe("emulator control endpoints", function()
    local srv
    setup(function() srv = assert(emulator.start({ port = 0, login = "demo", password = "s3cret" })) end)
    teardown(function() if srv then srv:stop() end end)

    local function get(path, headers, method, body)
        return assert(remote.request({ url = srv:url(path), method = method, body = body, headers = headers }))
    end

    it("need the emulator's credentials (ping excepted)", function()
        local wrong = { Authorization = "Basic " .. require("mime").b64("demo:nope") }
        for _, headers in ipairs({ {}, wrong }) do
            for _, path in ipairs({ "/mock/stats", "/mock/control", "/mock/last_request" }) do
                local res = get(path, headers)
                assert.are.equal(401, res.status, path)
                assert.matches("credentials", res.body)
            end
            local res = get("/mock/control", headers, "POST", '{"latency_ms":5000}')
            assert.are.equal(401, res.status)
            res = get("/mock/filter", headers, "POST", '{"filters":[],"items":[]}')
            assert.are.equal(401, res.status)
        end
        assert.are.equal(0, assert(srv:control()).latency_ms)   -- the refused change did not happen
        assert.are.equal(200, get("/mock/ping", {}).status)
        assert.are.equal(200, get("/mock/stats", { Authorization = srv:authorization() }).status)
    end)

    it("never give back the Authorization header of a request, not even a failed login's", function()
        local secret = "Basic " .. require("mime").b64("demo:wrong-password")
        local res = assert(srv:post_anchors('[{"target":"small-example.com"}]',
            { Authorization = secret, ["Proxy-Authorization"] = "Basic c2VjcmV0" }))
        assert.are.equal(401, res.status)
        local text = get("/mock/last_request", { Authorization = srv:authorization() }).body
        assert.is_nil(text:find(secret:sub(7), 1, true))
        assert.is_nil(text:find("c2VjcmV0", 1, true))
        local last = cjson.decode(text)
        assert.are.equal("[redacted]", last.headers.authorization)
        assert.are.equal("[redacted]", last.headers["proxy-authorization"])
        assert.are.equal('[{"target":"small-example.com"}]', last.body)
    end)

    it("are open when the emulator accepts any credentials", function()
        local open = assert(emulator.start({ port = 0, auth = false }))
        local res = assert(remote.request({ url = open:url("/mock/stats") }))
        open:stop()
        assert.are.equal(200, res.status)
    end)
end)
