-- The emulator's own books, the judge of every money spec: what it charged
-- (user_data's spend) and every charged task (id_list, with its cost and
-- its request in metadata).  And the one comparison the money specs make:
-- what a client counted agrees with those books within what it presumed.
--
--   local books = dofile("spec/support/books.lua")
--   books.charged(srv)              -> USD the emulator charged (units of 1e-8 exact)
--   books.tasks(srv)                -> { [task_id] = { cost =, metadata = } }, count
--     (the emulator must allow id_list calls: id_list_per_minute high)
--   books.agree(o)                  asserts, o: { charged =, spent =, presumed =,
--                                   ledger = path (optional), max_cost = (optional),
--                                   what = "a label" }
--     * never less than the API charged: spent >= charged;
--     * more only by what is presumed: spent <= charged + presumed;
--     * the ledger (`spend`'s sum) says the same: its total is spent and
--       its presumed part presumed;
--     * the API never charged more than max_cost (estimates are made for a
--       full page: the documented prices never under-estimate a call).
local ledger = require "dataforseo.engine.ledger"

local M = {}

local EPS = 1e-9

local function units(usd) return math.floor(usd * 1e8 + 0.5) end

function M.charged(srv)
    local money = assert(srv:user_data()).tasks[1].result[1].money
    return units(money.total - money.balance) / 1e8
end

function M.tasks(srv, login, password)
    local client = assert(require("dataforseo").new{ base_url = srv.base_url, login = login or "demo",
        password = password or "demo" })
    local now = os.time()
    local function t(x) return os.date("!%Y-%m-%d %H:%M:%S +00:00", x) end
    local items = assert(client:id_list_all({ datetime_from = t(now - 86400), datetime_to = t(now + 60),
        include_metadata = true }))
    client:close()
    local out, n = {}, 0
    for _, item in ipairs(items) do
        if item.cost > 0 then
            out[item.id] = { cost = item.cost, metadata = item.metadata }
            n = n + 1
        end
    end
    return out, n
end

function M.agree(o)
    local what = string.format(" (%s: charged $%.8f, spent $%.8f, presumed $%.8f)", o.what or "",
        o.charged, o.spent, o.presumed)
    assert(o.spent >= o.charged - EPS, "less than the API charged" .. what)
    assert(o.spent <= o.charged + o.presumed + EPS, "more than the API charged and presumed" .. what)
    if o.ledger then
        local _, total, report = assert(ledger.summary(o.ledger))
        assert(math.abs(total.cost - o.spent) < EPS, string.format("the ledger sums to $%.8f%s", total.cost, what))
        assert(math.abs(total.presumed - o.presumed) < EPS,
            string.format("the ledger presumes $%.8f%s", total.presumed, what))
        assert(report.invalid == 0 and report.unreadable == 0, "the ledger has lines it cannot count" .. what)
    end
    if o.max_cost then
        assert(o.charged <= o.max_cost + EPS, string.format("the API charged past max_cost $%.5f%s", o.max_cost, what))
    end
end

return M
