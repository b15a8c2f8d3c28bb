-- NOT RUN YET: rename to spec/whole_api_emulator_spec.lua once the
-- emulator serves the new endpoints (the emulator helper's branch; issue 23
-- item 7).  Until then spec/bulk_spec.lua and spec/whole_api_spec.lua prove
-- the client's side against scripted servers.
--
-- The proof of issue 23 item 2 against the emulator: bulk_ranks with 2,500
-- targets (some repeated, one invalid): the invalid one is refused by its
-- index before anything is sent; fixed, the call makes 3 calls at once,
-- keeps the input order, and costs what the emulator charged; each rank
-- agrees with the target's summary.  Then every new endpoint once through
-- the client, its walk family where it pages.
local dataforseo = require "dataforseo"
local emulator = dofile("spec/support/emulator.lua")

describe("the new endpoints against the emulator", function()
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

    it("every new endpoint answers through the client in its kind's shape", function()
        assert(srv:control{ latency_ms = 0 })     -- no reset: id_list sees every call of this client
        local summary = assert(client:summary{ target = "forbes.com" })
        local history = assert(client:history{ target = "forbes.com" })
        assert.is_true(#history.items > 0)
        local series = assert(client:timeseries_summary{ target = "forbes.com", group_range = "month" })
        assert.equal(summary.backlinks, series.items[#series.items].backlinks)
        assert(client:timeseries_new_lost_summary{ target = "forbes.com", group_range = "week" })
        local few = { "forbes.com", "small-example.com", "https://forbes.com/" }
        for _, name in ipairs{ "bulk_backlinks", "bulk_spam_score", "bulk_referring_domains",
            "bulk_new_lost_backlinks", "bulk_new_lost_referring_domains", "bulk_pages_summary" } do
            local r = assert(client[name](client, { targets = few }))
            assert.equal(3, #r.items, name)
            assert.is_nil(r.missing, name)
        end
        local rd = assert(client:bulk_referring_domains{ targets = { "forbes.com" } })
        assert.equal(summary.referring_main_domains, rd.items[1].referring_main_domains)
        local rivals = assert(client:competitors_all({ target = "forbes.com" }, { max_items = 50 }))
        assert.is_true(#rivals > 0)
        local gap = assert(client:domain_intersection{ targets = { "forbes.com", "small-example.com" },
            limit = 5 })
        assert.equal("forbes.com", gap.targets["1"])
        local pages = assert(client:page_intersection_all({ targets = { "forbes.com", "small-example.com" } },
            { max_items = 20 }))
        assert.is_table(pages)
        local index = assert(client:index())
        assert.equal(0, index.cost)
        local failed = assert(client:errors_all({}, { max_items = 10 }))
        assert.is_table(failed)
        local now = os.time()
        local tasks = assert(client:id_list_all{
            datetime_from = os.date("!%Y-%m-%d %H:%M:%S +00:00", now - 86400),
            datetime_to = os.date("!%Y-%m-%d %H:%M:%S +00:00", now) })
        assert.is_true(#tasks > 0)
        local spent = 0
        for _, t in ipairs(tasks) do spent = spent + (t.cost or 0) end
        -- the account's own books list every charged call of this client (the
        -- emulator started fresh, and was reset before the first call)
        assert.is_true(math.abs(spent - client:spent()) < 1e-6, spent .. " vs " .. client:spent())
    end)
end)
