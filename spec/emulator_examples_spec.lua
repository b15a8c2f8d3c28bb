-- The documentation page's own cURL, JavaScript (axios) and Python
-- (DataForSEO's RestClient) examples, as published
-- (spec/fixtures/anchors-live-examples/), run against the emulator over
-- https with only the host changed.  The runtimes are Debian packages
-- (.ci/deps.sh: curl, nodejs, node-axios, python3); none is skipped.
local emulator = dofile("spec/support/emulator.lua")
local cjson = require("cjson")
local helpers = dofile("spec/support/helpers.lua")

local quote = helpers.shell_quote
local FIXTURES = helpers.ROOT .. "/spec/fixtures/anchors-live-examples/"
local API = "https://api.dataforseo.com"

local function example(name) return assert(helpers.read_file(FIXTURES .. name)) end

local function replace(text, from, to)
    local i, j = text:find(from, 1, true)
    assert(i, "the example no longer contains " .. from)
    return text:sub(1, i - 1) .. to .. text:sub(j + 1)
end

describe("the documentation's examples against the emulator", function()
    local srv, dir
    setup(function()
        -- The examples' own credentials.
        srv = assert(emulator.start{ port = 0, tls = true, login = "login", password = "password" })
        dir = helpers.tmpdir("dataforseo-examples")
    end)
    teardown(function()
        if srv then srv:stop() end
        helpers.remove(dir)
    end)

    -- The request the emulator saw last, and that it answered the
    -- documented example request.
    local function check_request(body_start)
        local last = assert(srv:last_request())
        assert.are.equal("/v3/backlinks/anchors/live", last.uri)
        assert.are.equal(body_start, last.body:match("^%s*(.)"))
        local sent = cjson.decode(last.body)
        local task = sent[1] or sent["0"]
        assert.are.equal("forbes.com", task.target)
        assert.are.equal(4, task.limit)
    end

    it("cURL", function()
        local script = replace(example("curl.sh"), API, srv.base_url)
        -- The page lost the backslash at the end of the curl command's
        -- continued lines (the spaces before the line ends remain): put it
        -- back before each line starting with "--", or curl would run
        -- without its headers and data.  (Not after login=, password= and
        -- cred=: joined to the command they would not be set when
        -- ${cred} is expanded.)
        script = script:gsub(" \n%-%-", " \\\n--")
        helpers.write_file(dir .. "/curl.sh", script)
        local code, out, err = helpers.run("env CURL_CA_BUNDLE=" .. quote(srv.ca_file) .. " sh " ..
            quote(dir .. "/curl.sh"))
        assert.are.equal(0, code, err)
        local doc = cjson.decode(out)
        assert.are.equal(20000, doc.status_code)
        local result = doc.tasks[1].result[1]
        assert.are.equal("forbes.com", result.target)
        assert.are.equal(4, result.items_count)
        for _, item in ipairs(result.items) do assert.matches("news", item.anchor) end
        check_request("[")
    end)

    it("JavaScript (axios)", function()
        helpers.write_file(dir .. "/example.js", replace(example("javascript.js"), API, srv.base_url))
        -- Debian's node-axios lives in /usr/share/nodejs, on Debian's node's
        -- path (NODE_PATH for other builds); the CA through NODE_EXTRA_CA_CERTS.
        local code, out, err = helpers.run("env NODE_PATH=/usr/share/nodejs NODE_EXTRA_CA_CERTS=" ..
            quote(srv.ca_file) .. " node " .. quote(dir .. "/example.js"))
        assert.are.equal(0, code, err)
        -- console.log of the tasks array (util.inspect, not JSON)
        assert.matches("status_code: 20000", out)
        assert.matches("target: 'forbes.com'", out)
        assert.matches("cost: 0.02012", out)   -- 4 items
        assert.is_nil(out:find("AxiosError", 1, true), out)
        check_request("[")
    end)

    it("Python (DataForSEO's RestClient: the tasks as an object keyed by index)", function()
        helpers.write_file(dir .. "/python.py", example("python.py"))
        local client = example("client.py")
        client = replace(client, 'domain = "api.dataforseo.com"', 'domain = "127.0.0.1:' .. srv.port .. '"')
        helpers.write_file(dir .. "/client.py", client)
        local code, out, err = helpers.run("cd " .. quote(dir) .. " && env SSL_CERT_FILE=" .. quote(srv.ca_file) ..
            " python3 python.py")
        assert.are.equal(0, code, err)
        -- print() of the response dict
        assert.matches("'status_code': 20000", out)
        assert.matches("'target': 'forbes.com'", out)
        assert.matches("'items_count': 4", out)
        check_request("{")
        assert.are.equal("gzip", assert(srv:last_request()).headers["content-encoding"])
    end)
end)
