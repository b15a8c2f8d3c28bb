-- The account's state in a shared store, and the steps that change it:
-- calls started in the current minute, the 40202 pause, the 40209
-- squeeze, the leases of calls in flight (each with its reserved cost and
-- an expiry), what was spent in all and on the current UTC day.  One
-- record per account, one step at a time: governor/shared_dict.lua runs a
-- step under a lock, governor/redis.lua sends this file inside its script
-- (Redis runs Lua 5.1 without require: plain Lua, string/math/table only).
-- Times are seconds of the store's clock; money is integer units of 1e-8
-- USD so that sums stay exact; minute windows and days are the clock's
-- (UTC) calendar minutes and days, as the API counts them.
local M = {}

M.UNIT = 1e8
M.WINDOW = 60
M.DAY = 86400

local floor, format, tonumber, concat = math.floor, string.format, tonumber, table.concat

local function num(v, default)
    local n = tonumber(v)
    if n == nil then return default end
    return n
end

-- "v1 spent day day_spent win win_count pause sq_cap sq_until|id,exp,units|..."
function M.decode(text)
    local s = { spent = 0, day = 0, day_spent = 0, win = 0, win_count = 0, pause = 0,
        sq_cap = 0, sq_until = 0, leases = {} }
    if type(text) ~= "string" or text:sub(1, 3) ~= "v1 " then return s end
    local head, rest = text:match("^v1 ([^|]*)(.*)$")
    local f = {}
    for word in head:gmatch("%S+") do f[#f + 1] = word end
    s.spent, s.day, s.day_spent = num(f[1], 0), num(f[2], 0), num(f[3], 0)
    s.win, s.win_count, s.pause = num(f[4], 0), num(f[5], 0), num(f[6], 0)
    s.sq_cap, s.sq_until = num(f[7], 0), num(f[8], 0)
    for id, exp, units in rest:gmatch("|([^,|]+),([^,|]+),([^,|]+)") do
        s.leases[#s.leases + 1] = { id = id, exp = num(exp, 0), units = num(units, 0) }
    end
    return s
end

function M.encode(s)
    local out = { format("v1 %.0f %.0f %.0f %.0f %.0f %.17g %.0f %.17g", s.spent, s.day, s.day_spent,
        s.win, s.win_count, s.pause, s.sq_cap, s.sq_until) }
    for i = 1, #s.leases do
        local l = s.leases[i]
        out[#out + 1] = format("%s,%.17g,%.0f", l.id, l.exp, l.units)
    end
    return concat(out, "|")
end

-- Leases past their expiry are gone: a process that died mid-call holds
-- nothing for longer than its lease.  The day and the minute window turn.
local function refresh(s, now)
    local kept = {}
    for i = 1, #s.leases do
        if s.leases[i].exp > now then kept[#kept + 1] = s.leases[i] end
    end
    s.leases = kept
    local day = floor(now / M.DAY)
    if s.day ~= day then s.day, s.day_spent = day, 0 end
    local win = floor(now / M.WINDOW)
    if s.win ~= win then s.win, s.win_count = win, 0 end
end

local function reserved(s)
    local r = 0
    for i = 1, #s.leases do r = r + s.leases[i].units end
    return r
end

-- reserve id units lease cpm concurrent max_units max_day_units force
-- (a max below 0: no cap) -> "ok" | "pacing SECONDS" | "busy IN_FLIGHT
-- SECONDS" (until the soonest lease ends) | "cost client|day SPENT RESERVED"
local function reserve(s, now, a)
    local id, units, lease = a[1], num(a[2], 0), num(a[3], 60)
    local cpm, concurrent = num(a[4], 2000), num(a[5], 8)
    local max_units, max_day_units, force = num(a[6], -1), num(a[7], -1), a[8] == "1"
    local wait = 0
    if s.pause > now then wait = s.pause - now end
    if s.win_count >= cpm then
        local turn = (s.win + 1) * M.WINDOW - now
        if turn > wait then wait = turn end
    end
    if wait > 0 then return format("pacing %.6f", wait) end
    local cap = concurrent
    if s.sq_until > now and s.sq_cap < cap then cap = s.sq_cap end
    if #s.leases >= cap and not force then
        local soonest
        for i = 1, #s.leases do
            if not soonest or s.leases[i].exp < soonest then soonest = s.leases[i].exp end
        end
        return format("busy %d %.6f", #s.leases, (soonest or now) - now)
    end
    local held = reserved(s)
    if max_units >= 0 and s.spent + held + units > max_units then
        return format("cost client %.0f %.0f", s.spent, held)
    end
    if max_day_units >= 0 and s.day_spent + held + units > max_day_units then
        return format("cost day %.0f %.0f", s.day_spent, held)
    end
    s.leases[#s.leases + 1] = { id = id, exp = now + lease, units = units }
    s.win_count = s.win_count + 1
    return "ok"
end

-- settle id charged_units (below 0: nothing charged) -> "ok"
local function settle(s, _, a)
    local id, charged = a[1], num(a[2], -1)
    for i = #s.leases, 1, -1 do
        if s.leases[i].id == id then table.remove(s.leases, i) end
    end
    if charged > 0 then
        s.spent = s.spent + charged
        s.day_spent = s.day_spent + charged
    end
    return "ok"
end

-- pause seconds: no call starts before now + seconds (40202).
local function pause(s, now, a)
    local t = now + num(a[1], 0)
    if t > s.pause then s.pause = t end
    return "ok"
end

-- squeeze seconds: for a while, no more calls at once than run now (40209).
local function squeeze(s, now, a)
    s.sq_cap = #s.leases > 1 and #s.leases or 1
    s.sq_until = now + num(a[1], 0)
    return "ok"
end

-- -> "state SPENT DAY_SPENT RESERVED IN_FLIGHT WIN_COUNT PAUSE_LEFT DAY NOW"
local function state(s, now)
    local left = s.pause > now and s.pause - now or 0
    return format("state %.0f %.0f %.0f %d %.0f %.6f %.0f %.6f", s.spent, s.day_spent, reserved(s),
        #s.leases, s.win_count, left, s.day, now)
end

local STEPS = { reserve = reserve, settle = settle, pause = pause, squeeze = squeeze, state = state }

-- One step on the stored text at time `now` -> the text to store, the reply.
-- args: the step's arguments (strings or numbers).
function M.apply(text, now, op, args)
    local step = STEPS[op]
    if not step then return text, "error unknown step " .. tostring(op) end
    local s = M.decode(text)
    refresh(s, now)
    local reply = step(s, now, args)
    return M.encode(s), reply
end

return M
