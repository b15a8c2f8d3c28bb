-- The Backlinks endpoints through the client, against the emulator (its
-- own reading of the docs): each endpoint's validation names the bad
-- field and sends nothing, one page, a whole walk exactly once and in
-- order, filters and order_by, errors; backlinks/live walked across its
-- 20,000-offset ceiling; summary totals against the list endpoints; the
-- descriptions' item fields against the emulator's available_filters.
local dataforseo = require "dataforseo"
local endpoints = require "dataforseo.api"
local fields = require "dataforseo.api.fields"
local emulator = dofile("spec/support/emulator.lua")
local helpers = dofile("spec/support/helpers.lua")
local cli_runner = dofile("spec/support/cli_runner.lua")

local LISTS = { "backlinks", "referring_domains", "referring_networks", "domain_pages",
    "domain_pages_summary" }
-- A numeric field each endpoint sorts and filters on.
local METRIC = { backlinks = "rank", referring_domains = "backlinks", referring_networks = "backlinks",
    domain_pages = "page_summary.backlinks", domain_pages_summary = "backlinks" }

local function metric(item, name)
    local v = item
    for part in name:gmatch("[^.]+") do v = v[part] end
    return v
end

describe("the Backlinks endpoints against the emulator", function()
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
    before_each(function() assert(srv:control{ reset = true }) end)

    local function requests() return assert(srv:stats()).requests end

    it("refuse a bad field before sending, naming it, each by its own description", function()
        local before = requests()
        local cases = {
            { "backlinks", { target = "forbes.com", limit = 5000 }, "limit" },
            { "backlinks", { target = "forbes.com", offset = 20001 }, "offset" },
            { "backlinks", { target = "forbes.com", internal_list_limit = 5 }, "internal_list_limit" },
            { "backlinks", { target = "forbes.com", mode = "one_per_page" }, "mode" },
            { "backlinks", { target = "forbes.com", custom_mode = { field = "domain_from", value = 0 } },
                "custom_mode" },
            { "referring_networks", { target = "forbes.com", network_address_type = "host" },
                "network_address_type" },
            { "referring_domains", { target = "forbes.com", filters = { "domain_from", "=", "x" } }, "filters" },
            { "domain_pages", { target = "https://forbes.com/page" }, "target" },
            { "domain_pages", { target = "forbes.com", include_indirect_links = false },
                "include_indirect_links" },
            { "summary", { target = "forbes.com", limit = 10 }, "limit" },
        }
        for _, case in ipairs(cases) do
            local _, err = client[case[1]](client, case[2])
            assert.equal("validation", err.kind, case[1] .. " " .. tostring(err))
            assert.equal(case[3], err.field, case[1] .. " " .. tostring(err))
        end
        assert.equal(before, requests())
        -- With validation off the emulator refuses the same requests itself.
        local raw = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url,
            validate = false, retries = 0 })
        for _, case in ipairs(cases) do
            local _, err = raw[case[1]](raw, case[2])
            assert.equal("api", err.kind, case[1] .. " " .. tostring(err))
            assert.truthy(err.code == 40501 or err.code == 40506, tostring(err))
        end
        raw:close()
    end)

    it("answer one page each, as a Page with items of the endpoint", function()
        for _, name in ipairs(LISTS) do
            local page = assert(client[name](client, { target = "forbes.com", limit = 5 }))
            assert.equal(5, #page.items, name)
            assert.is_true(page.total_count > 5, name)
            assert.equal(5, page.next_offset, name)
            assert.near(0.02 + 5 * 0.00003, page.cost, 1e-9)
        end
        local totals = assert(client:summary{ target = "forbes.com" })
        assert.is_number(totals.backlinks)
        assert.is_nil(totals.items)
        assert.near(0.02003, totals.cost, 1e-9)
    end)

    it("walk whole sets exactly once and in order, concurrently", function()
        for _, name in ipairs(LISTS) do
            local params = { target = "small-example.com", order_by = { METRIC[name] .. ",desc" } }
            local walked, w = assert(client[name .. "_all"](client, params, { limit = 7, concurrency = 4 }))
            assert.equal("complete", w.status, name)
            assert.equal(w.total_count, #walked, name)
            -- The same items, in the same order, as one call for the whole set.
            local p = { target = "small-example.com", order_by = params.order_by, limit = 1000 }
            local whole = assert(client[name](client, p))
            assert.equal(#whole.items, #walked, name)
            for i = 1, #walked do
                assert.is_true(helpers.deep_equal(whole.items[i], walked[i]), name .. " item " .. i)
            end
        end
    end)

    it("filter and sort on the endpoint's own fields", function()
        for _, name in ipairs(LISTS) do
            local field = METRIC[name]
            local items = assert(client[name .. "_all"](client, { target = "forbes.com",
                filters = { field, ">", 2 }, order_by = { field .. ",asc" } }, { max_items = 300 }))
            assert.is_true(#items > 0, name)
            for i, item in ipairs(items) do
                assert.is_true(metric(item, field) > 2, name)
                if i > 1 then assert.is_true(metric(items[i - 1], field) <= metric(item, field), name) end
            end
        end
    end)

    it("retry a server fault and report a permanent error", function()
        assert(srv:control{ fault = "http_503", count = 1 })
        assert(client:referring_domains{ target = "forbes.com", limit = 1 })
        assert.equal(1, client:stats().retries_by_reason.http_503)
        local strict = assert(dataforseo.new{ login = "demo", password = "wrong", base_url = srv.base_url })
        local _, err = strict:backlinks{ target = "forbes.com" }
        assert.equal(40100, err.code)
        strict:close()
    end)

    it("walk backlinks/live past 20,000 with tokens: every backlink exactly once", function()
        local seen, n = {}, 0
        local w = client:backlinks_pages({ target = "deep-example.com" }, { limit = 1000, concurrency = 8 })
        for page in w do
            for _, b in ipairs(page.items) do
                local key = table.concat({ b.url_from, b.url_to, tostring(b.anchor), b.first_seen }, "|")
                assert.is_nil(seen[key], "repeated: " .. key)
                seen[key] = true
                n = n + 1
            end
        end
        assert.equal("complete", w.status)
        assert.is_true(w.total_count > 25000)
        assert.equal(w.total_count, n)
        assert.equal(27, w.pages)             -- 21 by offset (0 .. 20,000), 6 by token
        assert.equal(27, w.calls)
    end)

    it("agree with the summary: backlinks, main domains, IPs, subnets", function()
        local totals = assert(client:summary{ target = "forbes.com" })
        local function total(name, extra)
            local p = { target = "forbes.com", limit = 1 }
            for k, v in pairs(extra or {}) do p[k] = v end
            return assert(client[name](client, p)).total_count
        end
        assert.equal(totals.backlinks, total("backlinks"))
        assert.equal(totals.referring_main_domains, total("referring_domains"))
        assert.equal(totals.referring_ips, total("referring_networks"))
        assert.equal(totals.referring_subnets, total("referring_networks", { network_address_type = "subnet" }))
    end)

    it("describe the same item fields as the emulator's available_filters", function()
        local res = assert(srv:request{ path = "/v3/backlinks/available_filters",
            headers = { Authorization = srv:authorization() } })
        local listed = assert(require("cjson").decode(res.body)).tasks[1].result[1]
        local TYPE = { map = function(name) return name .. ".*", "num" end,
            strmap = function(name) return name .. ".*", "str" end,
            array = function(name) return name, "array.str" end }
        local compared = 0
        for _, name in ipairs(endpoints.list) do
            local e = endpoints.get(name)
            -- Intersections name their fields per target ("1.backlinks"): every
            -- field the emulator lists must be one we take, under a target key.
            if e.item and listed[name] and name:find("_intersection$") then
                for field in pairs(listed[name]) do
                    local plain = field:gsub("%.%*$", ".x")
                    assert.is_truthy(fields.lookup(e.item, plain) or fields.lookup(e.item, "1." .. plain),
                        name .. ": " .. field)
                end
                compared = compared + 1
            elseif e.item and listed[name] then
                local ours = {}
                for field, t in pairs(e.item) do
                    local key, ty = field, t
                    if TYPE[t] then key, ty = TYPE[t](field) end
                    ours[key] = ty
                end
                assert.same(listed[name], ours, name)
                compared = compared + 1
            end
        end
        -- The seven of the first release at least (more once the emulator serves them).
        assert.is_true(compared >= 6, compared)
    end)

    it("as commands: referring-domains as a table, backlinks --all as JSON lines, summary", function()
        local url = srv.base_url
        local code, out, err = cli_runner.run{ "referring-domains", "forbes.com", "--format", "table",
            "--limit", "5", "--base-url", url }
        assert.equal(0, code, err)
        assert.truthy(out:find("domain", 1, true), out)
        assert.equal(7, #helpers.lines_of(out))              -- header, rule, five rows
        code, out, err = cli_runner.run{ "backlinks", "small-example.com", "--all", "--limit", "50",
            "--format", "jsonl", "--base-url", url }
        assert.equal(0, code, err)
        local total = assert(client:backlinks{ target = "small-example.com", limit = 1 }).total_count
        assert.equal(total, #helpers.lines_of(out))
        local summary = { "summary", "forbes.com", "--format", "table", "--base-url", url }
        code, out, err = cli_runner.run(summary)
        assert.equal(0, code, err)
        assert.truthy(out:find("referring_main_domains", 1, true), out)
        if helpers.exists("/dev/full") then               -- its writes are checked too
            code, out, err = helpers.run(cli_runner.command(summary) .. " > /dev/full")
            assert.equal(4, code, err)
            assert.equal("", out)
            assert.truthy(err:find("cannot write the output (No space left on device)", 1, true), err)
        end
        code, out, err = cli_runner.run{ "backlinks", "forbes.com", "--internal-list-limit", "5",
            "--base-url", url }
        assert.equal(2, code)
        assert.equal("", out)
        assert.truthy(err:find("unknown option --internal-list-limit", 1, true), err)
    end)
end)
