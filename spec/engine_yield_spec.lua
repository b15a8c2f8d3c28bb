-- The call engine where a store step yields, as inside nginx (a Redis
-- governor or response store, a contended lua_shared_dict lock), driven
-- by plain coroutines over a scripted channel and a fake clock (the
-- engine's own code, the in-process store's arithmetic):
--   * a call claimed by code that never comes back (an nginx thread killed
--     while the store answered) fails after CLAIM_TIMEOUT, unsent, with
--     nothing left reserved, instead of leaving its owner waiting for ever;
--   * such a call, cancelled or closed before that, gives back what its
--     start took at once;
--   * a call whose finish is under way (its settle yields) is not finished
--     again by a cancel (close() does that): counted once, and not retried;
--   * a call in flight whose transfer's code never comes back (an nginx
--     thread killed mid-transfer) fails past its timeout, presumed spent.
local anchors = require "dataforseo.api.anchors"
local account = require "dataforseo.engine.governor.account"
local cost = require "dataforseo.engine.cost"
local engines = require "dataforseo.engine.engine"
local json = require "dataforseo.json"
local scripted = dofile("spec/support/scripted_channel.lua")

local unpack = table.unpack or unpack

local BODY = [[{"status_code":20000,"status_message":"Ok.","cost":0.02,"tasks":[{"id":"t",
"status_code":20000,"status_message":"Ok.","cost":0.02,"result_count":1,"data":{},
"result":[{"target":"x.example","total_count":1,"items_count":1,"items":[{"anchor":"a"}]}]}]}]]

local function ok() return { status = 200, headers = {}, data = assert(json.decode(BODY)), bytes = 100 } end

local function http_500() return { status = 500, headers = {}, body = "oops", bytes = 4 } end

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

local function new_engine(w, store, retries)
    return engines.new{ transport = w.transport, clock = w.clock, store = store,
        settings = { base_url = "http://scripted", timeout = 60, retries = retries or 0, max_concurrent = 8 } }
end

local function setup_engine(answer, retries)
    local w = scripted.world(answer or function() return ok() end, 1)
    local store = yielding_store(w.clock)
    return w, store, new_engine(w, store, retries)
end

-- A coroutine that submits the call and awaits it (its owner).
local function owner_of(e, call)
    return coroutine.create(function()
        e:submit(call)
        return e:await(call)
    end)
end

-- Fails the spec instead of waiting for ever: past `limit` seconds of the
-- fake clock from now.
local function no_wait_past(w, limit, what)
    local started, sleep = w.now, w.clock.sleep
    w.clock.sleep = function(s)
        if w.now - started > limit then error(what .. " still waits after " .. limit .. " s", 0) end
        sleep(s)
    end
    return started
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
        local started = no_wait_past(w, 60, "the owner")
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

    for _, how in ipairs{ "cancel", "close" } do
        it("gives back at once what a cut-off start took when its call is ended by " .. how, function()
            local _, store, e = setup_engine()
            local budget = cost.budget(1, "walk")
            local theirs = assert(e:new_call(anchors, task(), { budget }))
            e:submit(theirs)
            store.yield_once.reserve = true
            local other = coroutine.create(function() return e:run(anchors, task()) end)
            assert(coroutine.resume(other))
            assert.equal("starting", theirs.state)
            assert.is_true(budget.reserved > 0)
            if how == "cancel" then e:cancel(theirs) else e:close() end
            assert.equal(0, budget.reserved)
            local st = store:state(e.limits)
            assert.equal(0, st.in_flight)
            assert.equal(0, st.reserved)
            assert.equal(0, st.spent)                   -- nothing sent: nothing presumed
            coroutine.resume(other)                     -- were it only slow: it sends nothing
            assert.equal(0, budget.reserved)
            assert.equal(0, store:state(e.limits).in_flight)
        end)
    end

    it("does not retry a call cancelled while its failure is told to the store", function()
        local w, store, e = setup_engine(function(n) return n == 1 and http_500() or ok() end, 2)
        local call = assert(e:new_call(anchors, task()))
        local owner = owner_of(e, call)
        store.yield_once.settle = true
        assert(coroutine.resume(owner))
        e:cancel(call)                             -- a walk's window closing, a batch's error
        coroutine.resume(owner)
        assert.equal("cancelled", call.state)
        local other = assert(e:new_call(anchors, task()))      -- more pumping on the channel
        e:submit(other)
        assert(e:await(other))
        assert.equal(2, #w.adds)                   -- the HTTP 500 and the other call: no retry
        assert.equal("cancelled", call.state)
    end)

    it("fails a call in flight whose transfer's code never comes back, past its timeout, presumed", function()
        local w = scripted.world(function() return ok() end, 1)
        local ch = w.transport.channel()
        local add = ch.add
        ch.concurrent = false                       -- as nginx's: the transfer runs in the caller
        local kill = true
        ch.add = function(...)
            add(...)
            if kill then
                kill = false
                coroutine.yield("add")
            end
            return true
        end
        local e = new_engine(w)
        local theirs = assert(e:new_call(anchors, task()))
        e:submit(theirs)
        local other = coroutine.create(function() return e:run(anchors, task()) end)
        local _, step = coroutine.resume(other)
        assert.equal("add", step)
        w.flying = {}                               -- killed: its transfer's answer goes with it
        local started = no_wait_past(w, 600, "the owner")
        local page, err = e:await(theirs)
        assert.is_nil(page)
        assert.equal("timeout", err.category)
        assert.is_true(w.now - started >= 60)
        local spent, presumed = e:spent()
        assert.near(0.02 + 100 * 0.00003, presumed, 1e-9)       -- it may have reached the API
        -- ... besides the other code's own call, which the owner's pumping sent.
        assert.equal(2, #w.adds)
        assert.near(presumed + 0.02, spent, 1e-9)
        assert.equal(0, e.in_flight)
    end)

    it("does not finish again a call whose finish is under way when it is cancelled (close)", function()
        local _, store, e = setup_engine()
        local call = assert(e:new_call(anchors, task()))
        local owner = owner_of(e, call)
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
