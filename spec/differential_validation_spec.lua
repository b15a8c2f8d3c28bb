-- The client's local validation (dataforseo.anchors.validate) against the
-- emulator's own (written from the documentation, sharing no code):
-- thousands of generated anchors requests, valid and invalid, over every
-- field, operator, value type, nesting depth, RE2 form and limit edge.
-- Each goes to the emulator through a client with validate = false (one
-- keep-alive connection), and through anchors.validate.  Both must accept,
-- or both refuse and name the same field (40506 for an unknown field).
local dataforseo = require "dataforseo"
local anchors = require "dataforseo.api.anchors"
local emulator = dofile("spec/support/emulator.lua")
local D = dofile("spec/support/differential.lua")

local REQUESTS = 5200

-- The server's verdict: accepted, or the code and the field it names.
local function server_verdict(page, err)
    if page then return { ok = true } end
    local code = err and err.code
    local message = err and tostring(err.message) or ""
    local field = message:match("Invalid Field: '(.-)'%.") or message:match("Unknown Fields in POST Data: '(.-)'%.")
    return { ok = false, code = code, field = field, message = message, kind = err and err.kind }
end

local function local_verdict(params)
    local task, problem = anchors.validate(params)
    if task then return { ok = true } end
    return { ok = false, code = problem.reason == "unknown_field" and 40506 or 40501, field = problem.field,
        message = problem.message }
end

local function show(params)
    local ok, text = pcall(require("cjson").encode, params)
    return ok and text or tostring(params)
end

describe("differential: the client's validation and the emulator's", function()
    local srv, client

    setup(function()
        srv = assert(emulator.start{ port = 0, balance = 1e9 })
        client = assert(dataforseo.new{ base_url = srv.base_url, login = srv.login, password = srv.password,
            validate = false, retries = 0, timeout = 30, calls_per_minute = 1000000 })
    end)
    teardown(function()
        if client then client:close() end
        if srv then srv:stop() end
    end)

    it("agree on " .. REQUESTS .. "+ generated requests: accept or reject, and the field named", function()
        local rng = D.rng(20261130)
        local requests = D.requests(rng, REQUESTS, dataforseo.null)
        assert.is_true(#requests >= 5000)
        local disagreements, accepted, rejected = {}, 0, 0
        for i, r in ipairs(requests) do
            local mine = local_verdict(r.params)
            local theirs = server_verdict(client:anchors(r.params))
            local same = mine.ok == theirs.ok
            if same and not mine.ok then
                same = mine.code == theirs.code and mine.field == theirs.field
            end
            if mine.ok then accepted = accepted + 1 else rejected = rejected + 1 end
            if not same and #disagreements < 25 then
                disagreements[#disagreements + 1] = ("#%d %s: %s\n  client: %s %s %s\n  emulator: %s %s %s"):format(
                    i, r.note, show(r.params), mine.ok and "accepts" or "rejects", tostring(mine.field),
                    tostring(mine.message), theirs.ok and "accepts" or "rejects", tostring(theirs.field),
                    tostring(theirs.message))
            end
        end
        assert.are.equal(0, #disagreements, "\n" .. table.concat(disagreements, "\n"))
        -- Both outcomes are well represented.
        assert.is_true(accepted > 1000, accepted .. " accepted")
        assert.is_true(rejected > 1000, rejected .. " rejected")
        local st = assert(srv:stats())
        assert.is_true(st.connections <= 2, st.connections .. " connections")
    end)
end)
