-- The account's record as text, and one step of account.lua on that text:
-- what the shared stores keep (governor/shared_dict.lua in a dictionary,
-- governor/redis.lua in a key, where this file runs inside the script
-- after account.lua).  The in-process store keeps the record as a table
-- and never needs this.
local account = require "dataforseo.engine.governor.account"

local M = {}

local format, tonumber, concat = string.format, tonumber, table.concat
local floor = math.floor
local unpack = unpack or table.unpack    -- luacheck: ignore 143 (Redis's Lua 5.1 has the global)

local function num(v, default)
    local n = tonumber(v)
    if n == nil then return default end
    return n
end

-- "v3 born spent presumed day day_spent win win_count pause cut cut_at
-- |id,exp,units ... ~id,at,units (ended leases) ... !id,at (done ids)";
-- a v2 record (before presumed spending) and a v1 one (before the AIMD
-- cap) are read too.  Nothing or garbage is a new record, born `now`.
function M.decode(text, now)
    if type(text) ~= "string" then return account.fresh(now) end
    local version, head, rest = text:match("^(v[123]) ([^|~!]*)(.*)$")
    if not version then return account.fresh(now) end
    local s = account.fresh()
    local f = {}
    for word in head:gmatch("%S+") do f[#f + 1] = word end
    if version == "v3" then
        s.born, s.presumed = f[1] or "0", num(f[3], 0)      -- born: text, compared as text
        table.remove(f, 3)
        table.remove(f, 1)
    end
    s.spent, s.day, s.day_spent = num(f[1], 0), num(f[2], 0), num(f[3], 0)
    s.win, s.win_count, s.pause = num(f[4], 0), num(f[5], 0), num(f[6], 0)
    if version ~= "v1" then s.cut, s.cut_at = num(f[7], 0), num(f[8], 0) end
    for id, exp, units in rest:gmatch("|([^,|~!]+),([^,|~!]+),([^,|~!]+)") do
        s.leases[#s.leases + 1] = { id = id, exp = num(exp, 0), units = num(units, 0) }
    end
    for id, at, units in rest:gmatch("~([^,|~!]+),([^,|~!]+),([^,|~!]+)") do
        s.ended[#s.ended + 1] = { id = id, at = num(at, 0), units = num(units, 0) }
    end
    for id, at in rest:gmatch("!([^,|~!]+),([^,|~!]+)") do
        s.done[#s.done + 1] = { id = id, at = num(at, 0) }
    end
    return s
end

function M.encode(s)
    local out = { format("v3 %s %.0f %.0f %.0f %.0f %.0f %.0f %.17g %.0f %.17g", s.born, s.spent, s.presumed,
        s.day, s.day_spent, s.win, s.win_count, s.pause, s.cut, s.cut_at) }
    for i = 1, #s.leases do
        local l = s.leases[i]
        out[#out + 1] = format("|%s,%.17g,%.0f", tostring(l.id), l.exp, l.units)
    end
    for i = 1, #s.ended do
        local e = s.ended[i]
        out[#out + 1] = format("~%s,%.17g,%.0f", tostring(e.id), e.at, e.units)
    end
    for i = 1, #s.done do
        out[#out + 1] = format("!%s,%.17g", tostring(s.done[i].id), s.done[i].at)
    end
    return concat(out)
end

local function word_text(v)
    if type(v) == "number" then
        if v == floor(v) and v > -1e15 and v < 1e15 then return format("%d", v) end
        return format("%.6f", v)
    end
    return tostring(v)
end

local function reply_text(...)
    local out = { ... }
    for i = 1, #out do out[i] = word_text(out[i]) end
    return concat(out, " ")
end

-- A step's arguments from a store's text: numbers, but the lease id
-- (reserve's and settle's first) and settle's record (its fourth) stay
-- the text they were.
local function numbers(op, args)
    local out = {}
    for i = 1, #args do
        local v = args[i]
        if not ((i == 1 and (op == "reserve" or op == "settle")) or (i == 4 and op == "settle")) then
            v = num(v, -1)
        end
        out[i] = v
    end
    return out
end

-- One step on the stored text at time `now` -> the text to store, the reply
-- (its words joined by spaces), and when the record was born (text: a
-- store that sees it change has lost the record before).  args: the
-- step's arguments (strings or numbers).
function M.apply(text, now, op, args)
    local step = account.steps[op]
    if not step then return text, "error unknown step " .. tostring(op) end
    local s = M.decode(text, now)
    account.refresh(s, now)
    local reply = reply_text(step(s, now, unpack(numbers(op, args), 1, #args)))
    return M.encode(s), reply, s.born
end

return M
