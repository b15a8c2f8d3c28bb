-- NOT RUN YET: rename to spec/bulk_emulator_spec.lua once the emulator
-- serves backlinks/bulk_ranks/live (the emulator helper's branch; issue 23
-- item 7).  Until then spec/bulk_spec.lua proves the batching against a
-- scripted server.
--
-- The proof of issue 23 item 2 against the emulator: bulk_ranks with 2,500
-- targets (some repeated, one invalid): the invalid one is refused by its
-- index before anything is sent; fixed, the call makes 3 calls at once,
-- keeps the input order, and costs what the emulator charged; each rank
-- agrees with the target's summary.
local dataforseo = require "dataforseo"
local emulator = dofile("spec/support/emulator.lua")

describe("bulk_ranks against the emulator", function()
    local srv, client
    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
        client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url,
            retry_delay = 0.01 })
    end)
    teardown(function()
        if client then client:close() end
        if srv then srv:stop() end
    end)

    local function targets()
        local list = {}
        for i = 1, 2500 do list[i] = "site" .. i .. ".example.com" end
        for i = 25, 2500, 25 do list[i] = list[i - 24] end        -- 100 repeats: 2,400 unique
        list[3] = "forbes.com"
        return list
    end

    it("refuses an invalid target by its index, then sends 3 calls at once in input order", function()
        assert(srv:control{ reset = true })
        local list = targets()
        list[1777] = "forbes .com"
        local result, err = client:bulk_ranks{ targets = list }
        assert.is_nil(result)
        assert.equal("targets", err.field)
        assert.truthy(err.message:find("targets[1777]", 1, true), err.message)
        assert.equal(0, assert(srv:stats()).requests)

        list[1777] = "site1777.example.com"
        assert(srv:control{ latency_ms = 300 })
        local before = assert(client:account()).spent_today or 0
        result = assert(client:bulk_ranks{ targets = list })
        local stats = assert(srv:stats())
        assert.equal(1 + 3, stats.requests)                        -- the account call, then 3
        assert.equal(3, stats.max_in_flight)
        assert.equal(2500, #result.items)
        for i, t in ipairs(list) do assert.equal(t, result.items[i].target, i) end
        assert.equal(100, #result.duplicates)
        local after = assert(client:account()).spent_today or 0
        assert.is_true(math.abs((after - before) - result.cost) < 1e-6, after - before .. " vs " .. result.cost)
        assert.is_true(math.abs(result.cost - (3 * 0.02 + 2400 * 0.00003)) < 1e-9, result.cost)
        -- each rank agrees with the target's own summary
        local summary = assert(client:summary{ target = "forbes.com" })
        assert.equal(summary.rank, result.items[3].rank)
    end)
end)
