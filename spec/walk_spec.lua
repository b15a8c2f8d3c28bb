-- The sequential page walk against the emulator (and, for result sets that
-- change under the walk, against a scripted HTTP server on 127.0.0.1 that
-- answers with a shrinking or moving total_count).
local dataforseo = require "dataforseo"
local emulator = dofile("spec/support/emulator.lua")
local socket = require "socket"

local helpers = dofile("spec/support/helpers.lua")

local LUA = helpers.LUA

local function anchor_key(item)
    local a = item.anchor
    if type(a) ~= "string" then return "\0null" end
    return a
end

local function keys_of(items)
    local out = {}
    for i, item in ipairs(items) do out[i] = anchor_key(item) end
    return out
end

local function requests(srv)
    return assert(srv:stats()).requests
end

-- A scripted anchors/live server in its own process.  total: the first
-- total_count; from offset `at` on it answers `mode`:
--   short   `count` items only (total_count unchanged)
--   total   total_count `to` (items follow it)
--   grow    total_count offset + 2000 on every call (never ends by itself)
--   empty   no items at all, total_count unchanged
local SCRIPTED = [=[
local socket = require "socket"
local port_file, total, at, mode, arg5 = arg[1], tonumber(arg[2]), tonumber(arg[3]), arg[4], arg[5]
local server = assert(socket.bind("127.0.0.1", 0))
server:settimeout(30)     -- an orphan gives up after 30 s without a client
local _, port = server:getsockname()
local f = assert(io.open(port_file .. ".tmp", "w")); f:write(port); f:close()
os.rename(port_file .. ".tmp", port_file)

local function page(offset, limit)
  local reported, last = total, math.min(offset + limit, total)
  if offset >= at then
    if mode == "short" then last = math.min(offset + tonumber(arg5), total)
    elseif mode == "total" then reported = tonumber(arg5); last = math.min(offset + limit, reported)
    elseif mode == "grow" then reported = offset + 2000; last = offset + limit
    elseif mode == "empty" then last = offset end
  end
  local items = {}
  for k = offset + 1, last do
    items[#items + 1] = string.format('{"type":"backlinks_anchor","anchor":"a%d","rank":1,"backlinks":%d}', k, k)
  end
  local n = #items
  local cost = string.format("%.5f", 0.02 + 0.00003 * n)
  return string.format('{"version":"0.1","status_code":20000,"status_message":"Ok.","time":"0.0 sec.",'
    .. '"cost":%s,"tasks_count":1,"tasks_error":0,"tasks":[{"id":"t-%d","status_code":20000,'
    .. '"status_message":"Ok.","time":"0.0 sec.","cost":%s,"result_count":1,'
    .. '"path":["v3","backlinks","anchors","live"],"data":{"offset":%d,"limit":%d},'
    .. '"result":[{"target":"scripted.example","total_count":%d,"items_count":%d,"items":[%s]}]}]}',
    cost, offset, cost, offset, limit, reported, n, table.concat(items, ","))
end

while true do
  local c = server:accept()
  if not c then break end
  c:settimeout(30)
  while true do
    local line = c:receive("*l")
    if not line then break end
    local length = 0
    while true do
      local h = c:receive("*l")
      if not h or h == "" then break end
      local n = h:lower():match("^content%-length:%s*(%d+)")
      if n then length = tonumber(n) end
    end
    local body = length > 0 and c:receive(length) or ""
    local offset = tonumber(body:match('"offset":(%d+)')) or 0
    local limit = tonumber(body:match('"limit":(%d+)')) or 100
    local text = page(offset, limit)
    c:send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " .. #text
      .. "\r\nConnection: keep-alive\r\n\r\n" .. text)
  end
  c:close()
end
]=]

local function start_scripted(dir, total, at, mode, extra)
    local script = dir .. "/scripted.lua"
    local f = assert(io.open(script, "w"))
    f:write(SCRIPTED)
    f:close()
    local port_file = dir .. "/port-" .. mode
    os.remove(port_file)
    local cmd = string.format("%s %s %s %d %d %s %s >/dev/null 2>&1 & echo $!",
        LUA, script, port_file, total, at, mode, tostring(extra or 0))
    local p = io.popen(cmd)
    local pid = tonumber(p:read("*l"))
    p:close()
    local port
    for _ = 1, 500 do
        local pf = io.open(port_file)
        if pf then port = pf:read("*a"); pf:close(); break end
        socket.sleep(0.01)
    end
    assert(port, "the scripted server did not start")
    return { pid = pid, base_url = "http://127.0.0.1:" .. port,
        stop = function() os.execute("kill " .. pid .. " 2>/dev/null") end }
end

describe("walk", function()
    local srv, client, full, dir

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
        client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url })
        full = assert(client:anchors_all({ target = "forbes.com", order_by = { "backlinks,desc" } }))
        dir = helpers.tmpdir("dataforseo-walk-spec")
    end)

    teardown(function()
        if client then client:close() end
        if srv then srv:stop() end
        helpers.remove(dir)
    end)

    it("hands out every item exactly once, in order, whatever the page size", function()
        local page = assert(client:anchors{ target = "forbes.com", order_by = { "backlinks,desc" }, limit = 1 })
        assert.is_true(page.total_count > 10000)
        assert.equal(page.total_count, #full)
        local seen = {}
        for _, k in ipairs(keys_of(full)) do
            assert.is_nil(seen[k], "repeated anchor " .. k)
            seen[k] = true
        end
        local before = requests(srv)
        local items, w = assert(client:anchors_all({ target = "forbes.com",
            order_by = { "backlinks,desc" } }, { limit = 700 }))
        assert.same(keys_of(full), keys_of(items))
        assert.equal("complete", w.status)
        assert.equal(math.ceil(#full / 700), w.calls)
        assert.equal(w.calls, requests(srv) - before)
        -- the single calls agree with the walk
        local first = assert(client:anchors{ target = "forbes.com", order_by = { "backlinks,desc" },
            offset = 5000, limit = 3 })
        assert.same(keys_of({ full[5001], full[5002], full[5003] }), keys_of(first.items))
    end)

    it("starts at params.offset and yields items one by one with their number", function()
        local n, keys = 0, {}
        for item, i in client:anchors_items({ target = "forbes.com", order_by = { "backlinks,desc" },
            offset = 9000 }) do
            n = n + 1
            assert.equal(n, i)
            keys[n] = anchor_key(item)
        end
        assert.equal(#full - 9000, n)
        for i = 1, n do assert.equal(anchor_key(full[9000 + i]), keys[i]) end
    end)

    it("reports each page to on_page and marks the last one", function()
        local seen, last = {}, nil
        for page in client:anchors_pages({ target = "medium-example.com" }, {
            limit = 100,
            on_page = function(page, progress)
                seen[#seen + 1] = { progress.pages, progress.items, progress.expected_items }
                last = page
            end,
        }) do
            assert.is_true(#page.items <= 100)
        end
        assert.is_true(#seen >= 2)
        for i, s in ipairs(seen) do
            assert.equal(i, s[1])
            assert.equal(seen[#seen][3], s[3])
        end
        assert.equal(seen[#seen][2], seen[#seen][3])
        assert.equal("complete", last.walk_status)
    end)

    it("stops at max_items, asking the last page for only what is left", function()
        local before = requests(srv)
        local items, w = assert(client:anchors_all({ target = "forbes.com",
            order_by = { "backlinks,desc" } }, { max_items = 2500 }))
        assert.equal(2500, #items)
        assert.equal("max_items", w.status)
        assert.equal(3, requests(srv) - before)
        local last = assert(srv:last_request())
        assert.truthy(tostring(last.body):find('"limit":500', 1, true))
        for i = 1, 2500 do assert.equal(anchor_key(full[i]), anchor_key(items[i])) end
    end)

    it("stops before a call that could pass max_cost, within one call", function()
        local before = requests(srv)
        local max_cost = 0.1
        local w = client:anchors_pages({ target = "forbes.com" }, { limit = 100, max_cost = max_cost })
        local pages, spent, last_cost = 0, 0, nil
        local ok, err = pcall(function()
            for page in w do
                pages = pages + 1
                spent = spent + page.cost
                last_cost = page.cost
            end
        end)
        assert.is_false(ok)
        assert.is_true(dataforseo.is_error(err))
        assert.equal("cost_limit", err.kind)
        assert.equal("cost_limit", w.status)
        assert.truthy(tostring(err):find("max_cost", 1, true))
        assert.is_true(spent <= max_cost)
        assert.is_true(spent + last_cost > max_cost)      -- one more call would pass it
        assert.equal(4, pages)                           -- 0.023 per call of 100 items
        assert.equal(pages, requests(srv) - before)
        assert.near(spent, err.spent, 1e-9)

        -- too small for even one call: nothing is sent
        before = requests(srv)
        local none, err2 = client:anchors_all({ target = "forbes.com" }, { max_cost = 0.01 })
        assert.is_nil(none)
        assert.equal("cost_limit", err2.kind)
        assert.same({}, err2.items)
        assert.equal(0, requests(srv) - before)
    end)

    it("estimates the cost of a full walk, and that estimate is enough to finish it", function()
        assert.near(0.02, dataforseo.estimate_cost(0, 1000), 1e-12)
        assert.near(11 * 0.02 + 0.00003 * 10105, dataforseo.estimate_cost(10105, 1000), 1e-12)
        assert.near(3 * 0.02 + 0.00003 * 250, dataforseo.estimate_cost(250, 100), 1e-12)
        local budget = dataforseo.estimate_cost(#full, 1000)
        local items, w = client:anchors_all({ target = "forbes.com" }, { max_cost = budget })
        assert.is_table(items, tostring(w))
        assert.equal(#full, #items)
        assert.near(budget, w.cost, 1e-9)
    end)

    it("raises a failed call's error from the iterator; fetch_all keeps what it had", function()
        local strict = assert(dataforseo.new{ login = "demo", password = "demo",
            base_url = srv.base_url, retries = 0 })
        local pages = 0
        local ok, err = pcall(function()
            -- one page at a time: the fault queued after page 1 hits page 2
            for _ in strict:anchors_pages({ target = "forbes.com" }, { concurrency = 1 }) do
                pages = pages + 1
                if pages == 1 then assert(srv:control{ fault = "task_50000", count = 1 }) end
            end
        end)
        assert.is_false(ok)
        assert.equal(1, pages)
        assert.is_true(dataforseo.is_error(err))
        assert.equal(50000, err.code)
        assert.equal(1, err.pages)
        assert.equal(1000, err.offset)

        local w = strict:anchors_pages({ target = "forbes.com" }, { limit = 500, concurrency = 1 })
        w()   -- first page
        assert(srv:control{ fault = "task_50000", count = 1 })
        assert.has_error(function() w() end)
        assert.equal("error", w.status)
        assert.is_nil(w())     -- the walk is over, nothing more is fetched

        assert(srv:control{ fault = "task_50000", count = 1 })
        local items, err2 = strict:anchors_all({ target = "forbes.com" })
        assert.is_nil(items)
        assert.equal(50000, err2.code)
        assert.same({}, err2.items)

        -- a validation error comes from the first call, before anything is sent
        local before = requests(srv)
        local none, err3 = strict:anchors_all({ target = "www.forbes.com" })
        assert.is_nil(none)
        assert.equal("validation", err3.kind)
        assert.equal("target", err3.field)
        assert.equal(0, requests(srv) - before)
        strict:close()
    end)

    it("checks its options", function()
        for _, bad in ipairs({ { concurrency = 257 }, { concurrency = 0 }, { limit = 1001 },
            { limit = 0 }, { max_items = 0 }, { max_cost = 0 }, { max_cost = -1 },
            { on_page = 1 }, { pages = 3 } }) do
            local k = next(bad)
            assert.has_error(function() client:anchors_pages({ target = "forbes.com" }, bad) end)
            local ok, msg = pcall(client.anchors_pages, client, { target = "forbes.com" }, bad)
            assert.is_false(ok)
            assert.truthy(tostring(msg):find(k, 1, true), msg)
        end
        assert.has_no.errors(function() client:anchors_pages({ target = "forbes.com" }, { concurrency = 30 }) end)
    end)

    -- Takes n items from a walk, then leaves the loop.
    local function take(w, n)
        local got = 0
        for _ in w do
            got = got + 1
            if got == n then break end
        end
    end

    it("ends when closed and fetches nothing more (sequential)", function()
        local before = requests(srv)
        local w = client:anchors_items({ target = "forbes.com" }, { limit = 10, concurrency = 1 })
        take(w, 15)
        w:close()
        assert.equal("closed", w.status)
        assert.is_nil(w())
        assert.equal(2, requests(srv) - before)
    end)

    it("ends when closed and starts nothing more (concurrent)", function()
        local before = requests(srv)
        local w = client:anchors_items({ target = "forbes.com" }, { limit = 10, concurrency = 4 })
        take(w, 15)
        w:close()
        assert.equal("closed", w.status)
        local after_close = requests(srv) - before
        -- the first two pages handed out, and at most `concurrency` more in
        -- flight or held
        assert.truthy(after_close >= 2 and after_close <= 2 + 4, after_close)
        assert.is_nil(w())
        require("dataforseo.core").http.sleep(0.2)
        assert.equal(after_close, requests(srv) - before)
    end)

    -- The scripted server answers one connection at a time: these walks
    -- are sequential (the scheduler's own specs cover the concurrent ends).
    describe("a result set that changes under the walk", function()
        local servers = {}
        after_each(function()
            for _, s in ipairs(servers) do s.stop() end
            servers = {}
        end)
        local function scripted(...)
            local s = start_scripted(dir, ...)
            servers[#servers + 1] = s
            return assert(dataforseo.new{ login = "walker", password = "walk-pw", base_url = s.base_url,
                retries = 0 })
        end

        it("stops cleanly at a short page and says so", function()
            local c = scripted(2500, 1000, "short", 300)
            local items, w = assert(c:anchors_all({ target = "scripted.example" }, { concurrency = 1 }))
            assert.equal(1300, #items)
            assert.equal("short_page", w.status)
            assert.truthy(w.note:find("shrank", 1, true))
            for i = 1, 1300 do assert.equal("a" .. i, items[i].anchor) end
            assert.equal(2, w.calls)
            c:close()
        end)

        it("stops at the new end when total_count falls", function()
            local c = scripted(2500, 1000, "total", 1800)
            local items, w = assert(c:anchors_all({ target = "scripted.example" }, { concurrency = 1 }))
            assert.equal(1800, #items)
            assert.equal("total_changed", w.status)
            assert.equal(2500, w.total_count)
            assert.equal(1800, w.last_total_count)
            assert.truthy(w.note:find("2500 to 1800", 1, true))
            c:close()
        end)

        it("never walks past the first total_count, even when it keeps growing", function()
            local c = scripted(2500, 1000, "grow")
            local items, w = assert(c:anchors_all({ target = "scripted.example" }, { concurrency = 1 }))
            assert.equal(2500, #items)
            assert.equal(3, w.calls)
            assert.equal("total_changed", w.status)
            for i = 1, 2500 do assert.equal("a" .. i, items[i].anchor) end
            c:close()
        end)

        it("stops at an empty page instead of asking again", function()
            local c = scripted(5000, 2000, "empty")
            local items, w = assert(c:anchors_all({ target = "scripted.example" }, { concurrency = 1 }))
            assert.equal(2000, #items)
            assert.equal(3, w.calls)
            assert.equal("short_page", w.status)
            c:close()
        end)
    end)
end)
