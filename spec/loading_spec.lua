-- A thin hot path (issue 20): what the api/, query/ and request_json side
-- loads for a call, each case in a fresh interpreter.  A plain task loads
-- no filter, schema, regex, Unicode, calendar or text code; filters load
-- their validation only; the RE2 syntax check comes with a regex filter;
-- local evaluation brings the matcher and the Unicode tables.  What the
-- engine side loads (client, engine, governor, errors, ...) is counted at
-- the end of a real call and printed; the whole budget (14 modules, 3,000
-- lines) is the lead's spec once both sides have landed.
local helpers = dofile("spec/support/helpers.lua")
local emulator = dofile("spec/support/emulator.lua")

-- Runs `code` in a fresh interpreter with this checkout's paths; `before`
-- is required first and not counted.  -> the modules under `dataforseo`
-- the code loaded, as a set.
local function loaded_by(code, before)
    local dir = helpers.tmpdir("dataforseo-loading")
    local file = dir .. "/probe.lua"
    helpers.write_file(file, ([[
package.path = %q .. "/lua/?.lua;" .. %q .. "/lua/?/init.lua;" .. package.path
package.cpath = %q .. "/?.so;" .. package.cpath
for _, name in ipairs{ %s } do require(name) end
local seen = {}
for name in pairs(package.loaded) do seen[name] = true end
%s
for name in pairs(package.loaded) do
    if not seen[name] and name:find("^dataforseo") then io.write(name, "\n") end
end
]]):format(helpers.ROOT, helpers.ROOT, helpers.build_dir(), before or "", code))
    local out = helpers.capture(helpers.LUA .. " " .. helpers.shell_quote(file) .. " 2>&1")
    helpers.remove(dir)
    local set = {}
    for name in out:gmatch("[^\n]+") do set[name] = true end
    return set, out
end

local HEAVY = { "dataforseo.api.fields", "dataforseo.api.rules", "dataforseo.api.key_order",
    "dataforseo.query.filters", "dataforseo.query.evaluate", "dataforseo.query.regex",
    "dataforseo.query.unicode", "dataforseo.query.unicode_data", "dataforseo.query.text",
    "dataforseo.query.calendar", "dataforseo.query.printable" }

-- errors.lua is the engine side's (it is loaded before the probe in each case).
local ENGINE_SIDE = '"dataforseo.errors", "dataforseo.json"'

describe("what validation loads", function()
    it("a plain task: the endpoint, its description, the envelope and the body writer, nothing else", function()
        local set, out = loaded_by([[
            local e = require("dataforseo.api").get("anchors")
            assert(e.task({ target = "forbes.com", limit = 10, tag = "plain" }, true))
            assert(require("dataforseo.request_json").request_body({ e.task({ target = "forbes.com" }) },
                { checked = true }))
        ]], ENGINE_SIDE)
        assert.same({ ["dataforseo.api"] = true, ["dataforseo.api.anchors"] = true,
            ["dataforseo.api.endpoint"] = true, ["dataforseo.api.envelope"] = true,
            ["dataforseo.request_json"] = true }, set, out)
    end)

    it("filters: their validation and the item schema, no matcher, regex or Unicode tables", function()
        local set, out = loaded_by([[
            local e = require("dataforseo.api").get("anchors")
            assert(e.task({ target = "forbes.com", filters = { { "anchor", "like", "%news%" }, "and",
                { "backlinks", ">", 10 } }, order_by = { "rank,desc" } }, true))
        ]], ENGINE_SIDE)
        for _, name in ipairs{ "dataforseo.query.filters", "dataforseo.api.fields", "dataforseo.api.rules" } do
            assert.is_true(set[name] == true, name .. "\n" .. out)
        end
        for _, name in ipairs{ "dataforseo.query.evaluate", "dataforseo.query.regex",
            "dataforseo.query.unicode", "dataforseo.query.unicode_data" } do
            assert.is_nil(set[name], name .. "\n" .. out)
        end
    end)

    it("a regex filter brings the RE2 syntax check, still no matcher or Unicode tables", function()
        local set, out = loaded_by([[
            local e = require("dataforseo.api").get("anchors")
            assert(e.task({ target = "forbes.com", filters = { "anchor", "regex", "^(how|what) to" } }, true))
        ]], ENGINE_SIDE)
        assert.is_true(set["dataforseo.query.regex"] == true, out)
        assert.is_nil(set["dataforseo.query.evaluate"], out)
        assert.is_nil(set["dataforseo.query.unicode_data"], out)
    end)

    it("local evaluation brings the matcher; the Unicode tables only for text beyond ASCII", function()
        local code = [[
            local F = require "dataforseo.query.filters"
            local keep = assert(F.compile({ "anchor", "ilike", "%%%s%%" }, F.schemas.anchor_item))
            assert(keep({ anchor = "Breaking %s today" }))
        ]]
        local set, out = loaded_by(code:format("NEWS", "news"), ENGINE_SIDE)
        assert.is_true(set["dataforseo.query.evaluate"] == true, out)
        assert.is_nil(set["dataforseo.query.unicode_data"], out)
        set, out = loaded_by(code:format("CAFÉ", "café"), ENGINE_SIDE)
        assert.is_true(set["dataforseo.query.unicode_data"] == true, out)
    end)
end)

describe("one plain call", function()
    local srv
    setup(function() srv = assert(emulator.start{ port = 0, login = "login", password = "secret" }) end)
    teardown(function() if srv then srv:stop() end end)

    it("loads none of the heavy modules of api/ and query/", function()
        local set, out = loaded_by(([[
            local dataforseo = require "dataforseo"
            local client = assert(dataforseo.new{ login = "login", password = "secret", base_url = %q })
            assert(client:anchors{ target = "forbes.com" })
        ]]):format(srv.base_url))
        local lines, count, mine = 0, 0, {}
        for name in pairs(set) do
            local path = package.searchpath(name, helpers.ROOT .. "/lua/?.lua;" .. helpers.ROOT .. "/lua/?/init.lua")
            if path then
                count = count + 1
                for _ in io.lines(path) do lines = lines + 1 end
            end
            if name:find("^dataforseo%.api") or name:find("^dataforseo%.query")
                or name == "dataforseo.request_json" then
                mine[#mine + 1] = name
            end
        end
        table.sort(mine)
        -- errors.lua (the engine side's) still loads text and calendar for itself.
        for _, name in ipairs(HEAVY) do
            if name ~= "dataforseo.query.text" and name ~= "dataforseo.query.calendar" then
                assert.is_nil(set[name], name .. "\n" .. out)
            end
        end
        assert.same({ "dataforseo.api", "dataforseo.api.anchors", "dataforseo.api.endpoint",
            "dataforseo.api.envelope", "dataforseo.request_json" },
            (function()
                local kept = {}
                for _, n in ipairs(mine) do
                    if n ~= "dataforseo.query.text" and n ~= "dataforseo.query.calendar" then kept[#kept + 1] = n end
                end
                return kept
            end)())
        print(("\n  one plain call: %d Lua modules, %d lines (the api side: %s)"):format(count, lines,
            table.concat(mine, ", ")))
    end)
end)
