-- Every Backlinks endpoint but anchors (which differential_validation_spec
-- covers): generated requests, each sent to the emulator as the API gets
-- it (a JSON array of one task), and
--   - held to the verdict the documentation gives (each request is a valid
--     one with one field changed: accepted, or refused naming that field);
--   - compared with the client's local validation (dataforseo.api.<name>
--     .validate), for every endpoint the client describes: both accept, or
--     both refuse and name the same field (40506 for an unknown field).
-- Cases where the client is known to read the documentation otherwise
-- (it batches over 1,000 targets; it lets the server judge what it
-- cannot) hold the emulator only; spec/support/differential_endpoints.lua
-- names them.  Filters generated at random have no label: the two sides
-- are compared on them.
local emulator = dofile("spec/support/emulator.lua")
local E = dofile("spec/support/differential_endpoints.lua")
local D = dofile("spec/support/differential.lua")
local cjson = require("cjson")

local PER_ENDPOINT = 150      -- 21 endpoints: 3,150 requests
-- The endpoints the client describes today (the six list and object
-- endpoints besides anchors); the new ones arrive with the api branch: set
-- this to 21 when it is merged.
local MIN_CLIENT_ENDPOINTS = 21

local function path_of(name)
    if name == "id_list" or name == "errors" then return "/v3/backlinks/" .. name end
    return "/v3/backlinks/" .. name .. "/live"
end

local function show(params)
    local ok, text = pcall(cjson.encode, params)
    text = ok and text or tostring(params)
    if #text > 300 then text = text:sub(1, 300) .. "..." end
    return text
end

-- The client's description of an endpoint, if it has one.
local function client_endpoint(name)
    local ok, e = pcall(require, "dataforseo.api." .. name)
    if ok and type(e) == "table" and type(e.validate) == "function" then return e end
    return nil
end

local function client_verdict(e, params)
    local task, problem = e.validate(params)
    if task then return { ok = true } end
    return { ok = false, code = problem.reason == "unknown_field" and 40506 or 40501, field = problem.field,
        message = problem.message }
end

local function server_verdict(srv, name, params)
    local res = assert(srv:request({ path = path_of(name), method = "POST", body = cjson.encode({ params }),
        headers = { Authorization = srv:authorization(), ["Content-Type"] = "application/json" } }))
    local body = cjson.decode(res.body)
    local task = type(body.tasks) == "table" and body.tasks[1] or nil
    if not task then return { ok = false, code = body.status_code, message = body.status_message } end
    if task.status_code == 20000 then return { ok = true } end
    local message = task.status_message
    return { ok = false, code = task.status_code, message = message,
        field = message:match("Invalid Field: '(.-)'%.") or message:match("Unknown Fields in POST Data: '(.-)'%.") }
end

local function same(a, b)
    if a.ok ~= b.ok then return false end
    return a.ok or (a.code == b.code and a.field == b.field)
end

local function describe_verdict(v)
    if v.ok then return "accepts" end
    return "refuses " .. tostring(v.code) .. " " .. tostring(v.field) .. " (" .. tostring(v.message) .. ")"
end

describe("differential: every endpoint's validation, the documentation's and the client's", function()
    local srv
    -- id_list answers 10 calls a minute; here it answers them all
    setup(function() srv = assert(emulator.start({ port = 0, balance = 1e9, id_list_per_minute = 1000000 })) end)
    teardown(function() if srv then srv:stop() end end)

    it("agree on " .. PER_ENDPOINT * #E.ENDPOINTS .. " generated requests over " .. #E.ENDPOINTS .. " endpoints",
        function()
            local rng = D.rng(20261206)
            local now = os.time()
            local problems, n, labelled, compared, accepted, clients = {}, 0, 0, 0, 0, {}
            local function problem(text) if #problems < 30 then problems[#problems + 1] = text end end
            for _, name in ipairs(E.ENDPOINTS) do
                local client = client_endpoint(name)
                if client then clients[#clients + 1] = name end
                for _, r in ipairs(E.requests(rng, name, PER_ENDPOINT, cjson.null, now)) do
                    n = n + 1
                    local theirs = server_verdict(srv, name, r.params)
                    if theirs.ok then accepted = accepted + 1 end
                    if r.expect ~= false then
                        labelled = labelled + 1
                        local want = r.expect and { ok = false, code = r.expect.code, field = r.expect.field }
                            or { ok = true }
                        if not same(want, theirs) then
                            problem(("%s %s\n  documentation: %s\n  emulator: %s"):format(r.note, show(r.params),
                                describe_verdict(want), describe_verdict(theirs)))
                        end
                    end
                    if client and not r.differs then
                        compared = compared + 1
                        local mine = client_verdict(client, r.params)
                        if not same(mine, theirs) then
                            problem(("%s %s\n  client: %s\n  emulator: %s"):format(r.note, show(r.params),
                                describe_verdict(mine), describe_verdict(theirs)))
                        end
                    end
                end
            end
            assert.are.equal(0, #problems, "\n" .. table.concat(problems, "\n"))
            assert.is_true(n >= 2000, n .. " requests")
            assert.is_true(labelled >= 1500, labelled .. " labelled")
            assert.is_true(accepted >= 500 and n - accepted >= 500, accepted .. " of " .. n .. " accepted")
            assert.is_true(#clients >= MIN_CLIENT_ENDPOINTS, "the client describes " .. table.concat(clients, ", "))
            assert.is_true(compared >= #clients * PER_ENDPOINT * 0.8, compared .. " compared with the client")
        end)
end)
