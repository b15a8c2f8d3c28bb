-- Issue 20 item 3: thin on the hot path.  `require "dataforseo"` plus one
-- plain `client:anchors{ target = ... }` against the emulator, in a fresh
-- interpreter, with package.loaded diffed around it:
--   * the engine loads only what a plain successful call needs (no retry
--     policy, no walk, no cost or confirm, no shared governor, no ledger,
--     no scrubber, no async host);
--   * the whole library stays within 14 modules and 3,000 lines (the C
--     core not counted).
local helpers = dofile("spec/support/helpers.lua")
local emulator = dofile("spec/support/emulator.lua")

local PROBE = [[
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = %q .. "/?.so;" .. package.cpath
local before = {}
for k in pairs(package.loaded) do before[k] = true end
local d = require "dataforseo"
local c = assert(d.new{ login = "demo", password = "demo", base_url = %q })
assert(c:anchors{ target = "forbes.com" })
for k in pairs(package.loaded) do
    if not before[k] and k:match("^dataforseo") and k ~= "dataforseo.core" then
        local n = 0
        for _ in io.lines(assert(package.searchpath(k, package.path))) do n = n + 1 end
        io.write(k, " ", n, "\n")
    end
end
]]

describe("one plain call", function()
    local srv, loaded

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
        local dir = helpers.tmpdir("dataforseo-thin")
        helpers.write_file(dir .. "/probe.lua", PROBE:format(helpers.build_dir(), srv.base_url))
        local out = helpers.capture(helpers.LUA .. " " .. helpers.shell_quote(dir .. "/probe.lua") .. " 2>&1")
        helpers.remove(dir)
        loaded = {}
        for name, lines in out:gmatch("(%S+) (%d+)\n") do loaded[name] = tonumber(lines) end
        assert(loaded["dataforseo.engine.engine"], "the probe failed: " .. out)
    end)
    teardown(function() if srv then srv:stop() end end)

    it("loads of the engine and the client only what a successful call needs", function()
        for _, name in ipairs{ "dataforseo.engine.retry", "dataforseo.engine.failures", "dataforseo.engine.closing",
            "dataforseo.engine.cost", "dataforseo.engine.walk",
            "dataforseo.engine.window", "dataforseo.engine.confirm", "dataforseo.engine.ledger",
            "dataforseo.engine.governor", "dataforseo.engine.governor.redis",
            "dataforseo.engine.governor.shared_dict", "dataforseo.engine.sha256", "dataforseo.scrub",
            "dataforseo.hosts.async", "dataforseo.hosts.resp" } do
            assert.is_nil(loaded[name], name .. " was loaded")
        end
        for _, name in ipairs{ "dataforseo", "dataforseo.client", "dataforseo.errors", "dataforseo.version",
            "dataforseo.engine.engine", "dataforseo.engine.governor.account", "dataforseo.hosts.curl" } do
            assert.is_number(loaded[name], name .. " was not loaded")
        end
    end)

    it("loads at most 14 modules and 3,000 lines of the library", function()
        local names, lines = {}, 0
        for name, n in pairs(loaded) do
            names[#names + 1] = name .. " (" .. n .. ")"
            lines = lines + n
        end
        table.sort(names)
        local list = table.concat(names, ", ")
        assert.is_true(#names <= 14, #names .. " modules: " .. list)
        assert.is_true(lines <= 3000, lines .. " lines: " .. list)
    end)
end)
