-- Soak: one client through 200 abandoned walks (left by break, by a
-- dropped iterator, by an on_page that raises, at concurrency 4 and 8)
-- and through 2,000 calls, against the emulator.  The client stays usable
-- after every one, and its descriptors and memory stay flat.
local dataforseo = require "dataforseo"
local emulator = dofile("spec/support/emulator.lua")

local BIG = "big-example.com"

-- Open descriptors of this process.
local function descriptors()
    local stat = assert(io.open("/proc/self/stat", "rb"))
    local pid = stat:read("*l"):match("^(%d+)")
    stat:close()
    local p = assert(io.popen("ls /proc/" .. pid .. "/fd | wc -l"))
    local n = tonumber(p:read("*a"))
    p:close()
    return n
end

local function heap_kb()
    collectgarbage()
    collectgarbage()
    return collectgarbage("count")
end

describe("soak", function()
    local srv, client

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
        client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url,
            max_concurrent = 8 })
    end)
    teardown(function()
        if client then client:close() end
        if srv then srv:stop() end
    end)

    -- Takes 150 items of a large set and leaves the walk behind, four ways.
    local function abandon(i)
        local style = i % 4
        if style == 0 then
            local n = 0
            for _ in client:anchors_items({ target = BIG }, { limit = 100 }) do
                n = n + 1
                if n == 150 then break end
            end
        elseif style == 1 then
            local w = client:anchors_items({ target = BIG }, { limit = 100, concurrency = 8 })
            for _ = 1, 150 do assert(w()) end
            w = nil   -- luacheck: ignore (dropped by hand: only the collector ends it)
        elseif style == 2 then
            local ok = pcall(function()
                for _ in client:anchors_items({ target = BIG }, { limit = 100, on_page = function(page)
                    if page.offset >= 100 then error("on_page failed") end
                end }) do end
            end)
            assert.is_false(ok)
        else
            local n = 0
            for _ in client:anchors_items({ target = BIG }, { limit = 100, concurrency = 8 }) do
                n = n + 1
                if n == 150 then break end
            end
        end
    end

    it("keeps one client usable through 200 abandoned walks; descriptors and memory flat", function()
        for i = 1, 20 do abandon(i) end                       -- warm: connections, caches
        assert(client:anchors{ target = BIG, limit = 1 })
        local fds, heap = descriptors(), heap_kb()
        for i = 1, 200 do
            abandon(i)
            local page, err = client:anchors{ target = BIG, limit = 1 }
            assert(page, "after abandoned walk " .. i .. ": " .. tostring(err))
        end
        assert(client:anchors{ target = BIG, limit = 1 })
        local grown = heap_kb() - heap
        -- Kept-alive connections come and go (a cancelled transfer closes
        -- its own), at most max_concurrent (8) of them plus the easy handle's:
        -- a leak would add one or more per walk, 200 in all.
        assert.is_true(descriptors() <= fds + 10, "descriptors " .. fds .. " -> " .. descriptors())
        assert.is_true(grown < 1024, string.format("the Lua heap grew by %.0f KB", grown))
        assert.is_true(client:governor_state().in_flight <= 8)
        -- Nothing of the abandoned walks is left to run: the next walk is whole.
        local items = assert(client:anchors_all({ target = "small-example.com" }, { limit = 10 }))
        assert.is_true(#items > 0)
        assert.equal(0, client:governor_state().in_flight)
    end)

    it("makes 2,000 calls on one client with descriptors and memory flat", function()
        for _ = 1, 100 do assert(client:anchors{ target = BIG, limit = 5 }) end
        local fds, heap = descriptors(), heap_kb()
        for i = 1, 2000 do
            local page, err = client:anchors{ target = BIG, limit = 5, offset = i % 500 }
            assert(page, tostring(err))
        end
        local grown = heap_kb() - heap
        assert.is_true(descriptors() <= fds + 2, "descriptors " .. fds .. " -> " .. descriptors())
        assert.is_true(grown < 512, string.format("the Lua heap grew by %.0f KB", grown))
    end)
end)
