-- The call engine where a store step yields, as inside nginx (a Redis
-- governor or response store, a contended lua_shared_dict lock), driven
-- by plain coroutines over a scripted channel and a fake clock (the
-- engine's own code, the in-process store's arithmetic):
--   * a call claimed by code that never comes back (an nginx thread killed
--     while the store answered) fails after CLAIM_TIMEOUT, unsent, with
--     nothing left reserved, instead of leaving its owner waiting for ever;
--   * a call whose finish is under way (its settle yields) is not finished
--     again by a cancel (close() does that): counted once.
local anchors = require "dataforseo.api.anchors"
local account = require "dataforseo.engine.governor.account"
local engines = require "dataforseo.engine.engine"
local json = require "dataforseo.json"
local scripted = dofile("spec/support/scripted_channel.lua")

local unpack = table.unpack or unpack

local BODY = [[{"status_code":20000,"status_message":"Ok.","cost":0.02,"tasks":[{"id":"t",
"status_code":20000,"status_message":"Ok.","cost":0.02,"result_count":1,"data":{},
"result":[{"target":"x.example","total_count":1,"items_count":1,"items":[{"anchor":"a"}]}]}]}]]

local function ok() return { status = 200, headers = {}, data = assert(json.decode(BODY)), bytes = 100 } end

local function task() return { target = "x.example", limit = 100 } end

-- The in-process store, whose next `step` yields (after doing its work)
-- when yield_once[step] is set.
local function yielding_store(clock)
    local inner = account.store(clock)
    local s = { kind = "local", yield_once = {} }
    for _, step in ipairs{ "reserve", "settle", "presume", "pause", "squeeze", "state", "close" } do
        s[step] = function(_, ...)
            local out = { inner[step](inner, ...) }
            if s.yield_once[step] then
                s.yield_once[step] = nil
                coroutine.yield(step)
            end
            return unpack(out)
        end
    end
    return s
end

local function setup_engine()
    local w = scripted.world(function() return ok() end, 1)
    local store = yielding_store(w.clock)
    local e = engines.new{ transport = w.transport, clock = w.clock, store = store,
        settings = { base_url = "http://scripted", timeout = 60, retries = 0, max_concurrent = 8 } }
    return w, store, e
end

describe("the call engine when a store step yields", function()
    it("fails a call whose start was cut off, unsent and released, instead of waiting for ever", function()
        local w, store, e = setup_engine()
        local theirs = assert(e:new_call(anchors, task()))
        e:submit(theirs)
        -- Other code (another request's) runs its own call; its pump takes
        -- the first queued call, ours, and yields in the reserve for good.
        store.yield_once.reserve = true
        local other = coroutine.create(function() return e:run(anchors, task()) end)
        local resumed, step = coroutine.resume(other)
        assert.is_true(resumed, step)
        assert.equal("reserve", step)
        assert.equal("starting", theirs.state)
        assert.equal(1, store:state(e.limits).in_flight)        -- its lease, taken
        -- The owner waits; past 60 s of the fake clock it would wait for ever.
        local started, sleep = w.now, w.clock.sleep
        w.clock.sleep = function(s)
            if w.now - started > 60 then error("the owner is still waiting after 60 s", 0) end
            sleep(s)
        end
        local page, err = e:await(theirs)
        assert.is_nil(page)
        assert.equal("interrupted", err.category)
        assert.matches("not sent", err.message)
        assert.is_true(w.now - started >= engines.CLAIM_TIMEOUT)
        assert.equal(1, #w.adds)                   -- only the other code's own call went out
        local st = store:state(e.limits)
        assert.equal(0, st.in_flight)
        assert.equal(0, st.reserved)
        assert.near(0.02, e:spent(), 1e-9)          -- that call, once
        -- Were the other code only slow, it finds the claim gone and sends nothing.
        coroutine.resume(other)
        assert.equal(1, #w.adds)
    end)

    it("does not finish again a call whose finish is under way when it is cancelled (close)", function()
        local _, store, e = setup_engine()
        local call = assert(e:new_call(anchors, task()))
        local owner = coroutine.create(function()
            e:submit(call)
            return e:await(call)
        end)
        store.yield_once.settle = true
        local resumed, step = coroutine.resume(owner)
        assert.is_true(resumed, step)
        assert.equal("settle", step)               -- its answer came; the store is told
        e:cancel(call)                             -- what close() does to calls in flight
        assert.equal(0, e.in_flight)
        local resumed2, page = coroutine.resume(owner)
        assert.is_true(resumed2, page)
        assert.equal(0, e.in_flight)
        local spent, presumed = e:spent()
        assert.near(0.02, spent, 1e-9)             -- the answer's cost, once
        assert.equal(0, presumed)
        assert.equal(0, store:state(e.limits).in_flight)
    end)
end)
