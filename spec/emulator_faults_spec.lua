-- Faults and limits of the emulator, observed from real clients: curl's
-- exit codes tell a reset from a truncation from an empty reply, LuaSocket
-- reads the bodies.  Each fault is queued through POST /mock/control and
-- must hit exactly the next N API requests.
local emulator = dofile("spec/support/emulator.lua")
local cjson = require("cjson")
local socket = require("socket")
local helpers = dofile("spec/support/helpers.lua")

local BODY = '[{"target":"small-example.com"}]'

describe("emulator faults", function()
  local srv

  setup(function() srv = assert(emulator.start({ port = 0 })) end)
  teardown(function() if srv then srv:stop() end end)
  before_each(function() assert(srv:control({ reset = true })) end)

  -- curl against the API; returns exit code, HTTP status, body, seconds.
  local function curl(extra)
    local out = os.tmpname()
    local t0 = socket.gettime()
    local cmd = "curl -s -o '" .. out .. "' -w '%{http_code}' -u " .. srv.login .. ":" .. srv.password ..
      " -H 'Content-Type: application/json' --data-raw '" .. BODY .. "' " .. (extra or "") .. " " ..
      srv.base_url .. "/v3/backlinks/anchors/live; echo \" $?\""
    local p = io.popen(cmd)
    local text = p:read("*a")
    p:close()
    local seconds = socket.gettime() - t0
    local body = helpers.read_file(out) or ""
    os.remove(out)
    local status, code = text:match("^(%d+) (%d+)")
    return tonumber(code), tonumber(status), body, seconds
  end

  local function ok_answer()
    local res = assert(srv:post_anchors(BODY))
    assert.are.equal(200, res.status)
    assert.are.equal(20000, cjson.decode(res.body).tasks[1].status_code)
  end

  it("HTTP 500/502/503 with an HTML body, for exactly the next N requests", function()
    for _, status in ipairs({ 500, 502, 503 }) do
      assert(srv:control({ fault = "http_" .. status, count = 2 }))
      for _ = 1, 2 do
        local res = assert(srv:post_anchors(BODY))
        assert.are.equal(status, res.status)
        assert.matches("^text/html", res.headers["content-type"])
        assert.matches("<title>" .. status, res.body)
      end
      ok_answer()
    end
    local stats = assert(srv:stats())
    assert.are.equal(2, stats.faults.http_503)
    assert.are.equal(2, stats.status["502"])
  end)

  it("task status codes 50000, 50301 and 50401", function()
    for _, code in ipairs({ 50000, 50301, 50401 }) do
      assert(srv:control({ fault = "task_" .. code }))
      local res = assert(srv:post_anchors(BODY))
      assert.are.equal(200, res.status)
      local doc = cjson.decode(res.body)
      assert.are.equal(20000, doc.status_code)
      assert.are.equal(1, doc.tasks_error)
      assert.are.equal(code, doc.tasks[1].status_code)
      assert.are.equal(cjson.null, doc.tasks[1].result)
    end
    ok_answer()
  end)

  it("a connection reset in mid-body", function()
    assert(srv:control({ fault = "reset" }))
    local code = curl()
    assert.are.equal(56, code)   -- CURLE_RECV_ERROR: connection reset by peer
    ok_answer()
  end)

  it("a truncated body and a connection closed without a byte", function()
    assert(srv:control({ fault = "truncate" }))
    assert.are.equal(18, (curl()))   -- CURLE_PARTIAL_FILE
    assert(srv:control({ fault = "close" }))
    assert.are.equal(52, (curl()))   -- CURLE_GOT_NOTHING
    ok_answer()
    assert.are.equal(1, assert(srv:stats()).faults.truncate)
  end)

  it("a slow drip: complete but slow, and a client timeout fires", function()
    assert(srv:control({ fault = "drip", count = 2, drip_bytes = 200, drip_interval_ms = 20 }))
    local code, status, body, seconds = curl()
    assert.are.equal(0, code)
    assert.are.equal(200, status)
    assert.are.equal(20000, cjson.decode(body).tasks[1].status_code)
    local pieces = math.ceil(#body / 200)
    assert.is_true(seconds >= (pieces - 1) * 0.02 * 0.9)
    code = curl("--max-time 0.1")
    assert.are.equal(28, code)      -- CURLE_OPERATION_TIMEDOUT
  end)

  it("invalid JSON with HTTP 200 and a complete body", function()
    assert(srv:control({ fault = "invalid_json" }))
    local res = assert(srv:post_anchors(BODY))
    assert.are.equal(200, res.status)
    assert.is_false((pcall(cjson.decode, res.body)))
    ok_answer()
  end)

  it("faults queue in order", function()
    assert(srv:control({ faults = { { kind = "http_503" }, { kind = "task_50301", count = 1 } } }))
    assert.are.equal(503, assert(srv:post_anchors(BODY)).status)
    assert.are.equal(50301, cjson.decode(assert(srv:post_anchors(BODY)).body).tasks[1].status_code)
    ok_answer()
  end)

  it("gzip when the client asks, switchable at run time", function()
    local res = assert(srv:post_anchors(BODY, { ["Accept-Encoding"] = "gzip" }))
    assert.are.equal("gzip", res.headers["content-encoding"])
    assert.are.equal("\31\139", res.body:sub(1, 2))
    local plain = assert(srv:post_anchors(BODY))
    assert.is_nil(plain.headers["content-encoding"])
    assert(srv:control({ gzip = false }))
    res = assert(srv:post_anchors(BODY, { ["Accept-Encoding"] = "gzip" }))
    assert.is_nil(res.headers["content-encoding"])
    assert.are.equal(20000, cjson.decode(res.body).status_code)
    -- curl --compressed decodes what the server compressed.
    assert(srv:control({ gzip = true }))
    local out = os.tmpname()
    local p = io.popen("curl -s --compressed -o '" .. out .. "' -w '%{size_download}' -u demo:demo --data-raw '" ..
      BODY .. "' " .. srv.base_url .. "/v3/backlinks/anchors/live")
    local downloaded = tonumber(p:read("*a"))
    p:close()
    local text = assert(helpers.read_file(out))
    os.remove(out)
    assert.are.equal(20000, cjson.decode(text).tasks[1].status_code)
    assert.is_true(downloaded < #text)
  end)

  it("latency with jitter", function()
    assert(srv:control({ latency_ms = 200, jitter_ms = 100 }))
    local t0 = socket.gettime()
    ok_answer()
    local dt = socket.gettime() - t0
    assert.is_true(dt >= 0.2 and dt < 1.5, "took " .. dt)
    assert(srv:control({ latency_ms = 0, jitter_ms = 0 }))
    t0 = socket.gettime()
    ok_answer()
    assert.is_true(socket.gettime() - t0 < 0.2)
  end)

  it("a per-minute rate limit answered with 40202", function()
    assert(srv:control({ rate_limit_per_minute = 3 }))
    local codes = {}
    for i = 1, 5 do
      local res = assert(srv:post_anchors(BODY))
      assert.are.equal(200, res.status)
      local doc = cjson.decode(res.body)
      codes[i] = doc.tasks[1].status_code
      if codes[i] == 40202 then
        assert.are.equal(40202, doc.status_code)
        assert.are.equal("The rate-limit per minute has been exceeded.", doc.tasks[1].status_message)
      end
    end
    -- The three allowed may straddle a minute boundary; at least one of
    -- the five is refused and the first is always served.
    assert.are.equal(20000, codes[1])
    local refused = 0
    for _, c in ipairs(codes) do if c == 40202 then refused = refused + 1 end end
    assert.is_true(refused >= 1)
    assert.are.equal(refused, assert(srv:stats()).rate_limited)
  end)

  it("a maximum of simultaneous requests per login, answered with 40209 (HTTP 200)", function()
    assert(srv:control({ max_concurrent = 1, latency_ms = 400 }))
    local dir = helpers.tmpdir("dataforseo-concurrent")
    local cmd = {}
    for i = 1, 3 do
      cmd[i] = "curl -s -o '" .. dir .. "/" .. i .. "' -w '%{http_code}\\n' -u demo:demo --data-raw '" .. BODY ..
        "' " .. srv.base_url .. "/v3/backlinks/anchors/live &"
    end
    local p = io.popen("(" .. table.concat(cmd, " ") .. " wait)")
    local out = p:read("*a")
    p:close()
    local statuses, codes = {}, {}
    for code in out:gmatch("%d+") do statuses[#statuses + 1] = code end
    for i = 1, 3 do
      local doc = cjson.decode(helpers.read_file(dir .. "/" .. i))
      codes[doc.status_code] = (codes[doc.status_code] or 0) + 1
      if doc.status_code == 40209 then
        assert.are.equal(40209, doc.tasks[1].status_code)
        assert.matches("at most 1 at a time", doc.tasks[1].status_message)
      end
    end
    helpers.remove(dir)
    assert.are.same({ "200", "200", "200" }, statuses)
    assert.are.equal(1, codes[20000])
    assert.are.equal(2, codes[40209])
    local stats = assert(srv:stats())
    assert.are.equal(2, stats.concurrency_rejected)
    assert.are.equal(0, stats.in_flight)
  end)

  it("echoes the last request's headers and exact body", function()
    local body = '[{"target":"small-example.com","tag":"\\u00e9 x"}]  '
    local res = assert(srv:post_anchors(body, { ["User-Agent"] = "spec-agent/1.0", ["Accept-Encoding"] = "gzip" }))
    assert.are.equal(200, res.status)
    local last = assert(srv:last_request())
    assert.are.equal("POST", last.method)
    assert.are.equal("/v3/backlinks/anchors/live", last.uri)
    assert.are.equal(body, last.body)
    assert.are.equal("spec-agent/1.0", last.headers["user-agent"])
    assert.are.equal("gzip", last.headers["accept-encoding"])
    assert.are.equal("[redacted]", last.headers.authorization)
    assert.are.equal("application/json", last.headers["content-type"])
  end)

  it("rejects unknown control fields and fault kinds, and reset restores the start settings", function()
    local ok, err = srv:control({ fault = "meteor" })
    assert.is_nil(ok)
    assert.matches("unknown fault kind", err)
    ok, err = srv:control({ latency = 5 })
    assert.is_nil(ok)
    assert.matches("unknown control field 'latency'", err)
    ok, err = srv:control({ latency_ms = "slow" })
    assert.is_nil(ok)
    assert.matches("latency_ms", err)
    local state = assert(srv:control({ latency_ms = 50, fault = "http_500", count = 3 }))
    assert.are.equal(50, state.latency_ms)
    assert.are.equal(3, state.queued_faults)
    assert.is_nil(state.password)
    state = assert(srv:control({ reset = true }))
    assert.are.equal(0, state.latency_ms)
    assert.are.equal(0, state.queued_faults)
    ok_answer()
  end)
end)

describe("emulator start options", function()
  it("apply settings from start and accept any credentials with auth = false", function()
    local srv = assert(emulator.start({ port = 0, auth = false, latency_ms = 150, gzip = false }))
    local ok, err = pcall(function()
      local t0 = socket.gettime()
      local res = assert(srv:request({ path = "/v3/backlinks/anchors/live", method = "POST", body = BODY,
        headers = { ["Accept-Encoding"] = "gzip" } }))
      assert.is_true(socket.gettime() - t0 >= 0.15)
      assert.are.equal(200, res.status)
      assert.is_nil(res.headers["content-encoding"])
    end)
    srv:stop()
    assert(ok, err)
  end)
end)
