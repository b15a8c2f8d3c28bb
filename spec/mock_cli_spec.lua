-- `dataforseo mock`: option parsing, and the real command started in the
-- background, answering, then stopped with Ctrl-C (SIGINT) and leaving no
-- nginx behind.
local cli = require("dataforseo.mock.cli")
local socket = require("socket")

local helpers = dofile("spec/support/helpers.lua")

-- A file's text, "" until it exists.
local function read(path)
  return helpers.read_file(path) or ""
end

describe("dataforseo mock command", function()
  it("parses its options and refuses bad ones with a clear message", function()
    local o = assert(cli.parse({ "--port", "8080", "--login", "me", "--password=pw", "--latency-ms", "20", "--tls" }))
    assert.are.same({ port = 8080, login = "me", password = "pw", latency_ms = 20, tls = true }, o)
    assert.are.same({ port = 0, auth = false }, assert(cli.parse({ "--no-auth" })))
    local cases = {
      { { "--port", "x" }, "--port must be a non%-negative integer, got 'x'" },
      { { "--port", "70000" }, "at most 65535" },
      { { "--port" }, "--port needs a value" },
      { { "--login", "me" }, "go together" },
      { { "--bogus" }, "unknown option '%-%-bogus'" },
    }
    for _, case in ipairs(cases) do
      local ok, err = cli.parse(case[1])
      assert.is_nil(ok)
      assert.matches(case[2], err)
    end
  end)

  it("serves until interrupted, then stops its nginx", function()
    local out = os.tmpname()
    local p = io.popen("bin/dataforseo mock --port 0 --login u --password p > '" .. out .. "' 2>&1 & echo $!")
    local pid = tonumber(p:read("*a"))
    p:close()
    local url
    local deadline = socket.gettime() + 5
    while not url and socket.gettime() < deadline do
      url = read(out):match("listening on (http://127%.0%.0%.1:%d+)")
      if not url then socket.sleep(0.05) end
    end
    local ok, err = pcall(function()
      assert.is_not_nil(url, read(out))
      local res = assert(require("dataforseo.mock.remote").request({
        url = url .. "/v3/backlinks/anchors/live", method = "POST", body = '[{"target":"small-example.com"}]',
        headers = { Authorization = "Basic " .. require("mime").b64("u:p") } }))
      assert.are.equal(200, res.status)
      assert.is_nil(read(out):find("password: p", 1, true))
    end)
    os.execute("kill -INT " .. pid)
    deadline = socket.gettime() + 5
    while read(out):find("stopped", 1, true) == nil and socket.gettime() < deadline do socket.sleep(0.05) end
    local text = read(out)
    os.remove(out)
    assert(ok, err)
    assert.matches("stopped", text)
    local port = url:match(":(%d+)$")
    local c = socket.tcp()
    c:settimeout(1)
    assert.is_nil(c:connect("127.0.0.1", tonumber(port)))
    c:close()
  end)
end)
