-- Ledger benchmark: `dataforseo spend`'s sum (engine/ledger.lua's
-- streaming reader: pair each intent with its settle, check each line,
-- sum in units of 1e-8 USD) over a ledger of N lines, against the floor of
-- any reader, the same file's lines counted by io.lines and by `wc -l`,
-- measured in the same run.  Each reader runs in a process of its own,
-- which reports its time and its peak memory (VmHWM).
--
--   lua5.4 bench/ledger.lua [lines]      (from the repository root; default 10,000,000)
--   luajit bench/ledger.lua [lines]
-- The file is written to $TMPDIR (about 190 bytes a line) and removed.
-- The machines are shared: only the ratios within one run mean anything.
local interp = rawget(_G, "jit") and "luajit" or ("lua" .. _VERSION:match("%d+%.%d+"))
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/" .. interp .. "/?.so;" .. package.cpath

local ledger = require "dataforseo.engine.ledger"
local http = require("dataforseo.core").http

local N = math.floor((tonumber(arg[1]) or 1e7) / 2) * 2
local dir = os.getenv("TMPDIR") or "/tmp"
local path = dir .. "/dataforseo-bench-ledger-" .. os.time() .. ".jsonl"
local LUA = arg[-1]

-- Half the lines intents, half their settles (a few unsettled, as a crash leaves).
local function write_ledger()
    local w = assert(ledger.open(path))
    local t = 1764547200
    for i = 1, N / 2 do
        local e = { id = "3f09c2a41b7d8e55-" .. string.format("%x", i), time = t + i / 100,
            endpoint = "/v3/backlinks/anchors/live", target = "site" .. (i % 97) .. ".example",
            offset = (i % 100) * 1000, limit = 1000, estimate = 0.05 }
        assert(w:intent(e))
        if i % 100000 ~= 0 then
            e.task_id, e.items, e.cost = "11301417-2601-0272-0000-" .. string.format("%012x", i), 1000, 0.05
            assert(w:settle(e))
        end
    end
    w:close()
end

-- Runs `code` (with `path` set) in a child -> seconds, peak KiB, what it printed
local function child(code)
    local script = path .. ".lua"
    local f = assert(io.open(script, "wb"))
    f:write(([[
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/%s/?.so;" .. package.cpath
local path = %q
local http = require("dataforseo.core").http
local t0 = http.now()
local out = (function() %s end)()
local seconds = http.now() - t0
local hwm = io.open("/proc/self/status"):read("a"):match("VmHWM:%%s*(%%d+)")
io.write(seconds, " ", hwm, " ", tostring(out), "\n")
]]):format(interp, path, code))
    f:close()
    local p = assert(io.popen(LUA .. " " .. script))
    local line = p:read("a")
    p:close()
    os.remove(script)
    local s, kb, out = line:match("^(%S+) (%d+) (.*)\n$")
    assert(s, line)
    return tonumber(s), tonumber(kb), out
end

local t0 = http.now()
write_ledger()
local size = io.open(path, "rb"):seek("end")
local lines = N / 2 + (N / 2 - math.floor(N / 2 / 100000))
print(string.format("%s: %d lines, %.0f MB, written in %.1f s", interp, lines, size / 1e6, http.now() - t0))

local spend_s, spend_kb, total = child([[
    local rows, total, report = require("dataforseo.engine.ledger").summary(path)
    return string.format("$%.2f, %d calls, $%.2f presumed, %d lines not summed", total.cost, total.calls,
        total.presumed, report.unreadable + report.invalid)
]])
local lines_s, lines_kb = child([[
    local n = 0
    for _ in io.lines(path) do n = n + 1 end
    return n
]])
local w0 = http.now()
local wc = io.popen("wc -l < " .. path):read("a")
local wc_s = http.now() - w0
os.remove(path)

print(string.format("ledger.summary (spend)   %7.2f s  peak %6.1f MB  %s", spend_s, spend_kb / 1024, total))
print(string.format("io.lines, counted        %7.2f s  peak %6.1f MB  (%.1fx faster)", lines_s, lines_kb / 1024,
    spend_s / lines_s))
print(string.format("wc -l                    %7.2f s  %s lines         (%.1fx faster)", wc_s, wc:match("%d+"),
    spend_s / wc_s))
print(string.format("per line: %.2f us; memory: %.1f MB above io.lines' floor", spend_s / lines * 1e6,
    (spend_kb - lines_kb) / 1024))
