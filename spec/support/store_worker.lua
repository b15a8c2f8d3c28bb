-- A plain-Lua process of the store specs: several of them work one store
-- (a SQLite file, a Redis server) at the same time.
--   lua store_worker.lua JOB.json RESULT.json
-- JOB: { cache = <the cache option>, name =, rounds =, size = bytes per value,
--        start_at = Unix time to begin at (so that the processes collide),
--        fill = true (see below) }
-- Every round writes a key of its own and one of ten shared keys, and
-- reads both back; a value is its key repeated, so any mix-up shows.
-- RESULT: { logs = { message, ... }, own_ok =, shared_seen =, mismatches =, stats = {...} }
-- With fill, every round writes a value that does not compress (a full
-- disk comes soon) and reads it back: { logs, puts_ok =, gets_ok = }.
-- Package paths come from LUA_PATH / LUA_CPATH.
local job_path, result_path = arg[1], arg[2]
local core = require "dataforseo.core"
local json = require "dataforseo.json"
local json_writer = require "dataforseo.json_writer"
local store = require "dataforseo.engine.store"

local f = assert(io.open(job_path, "rb"))
local job = assert(json.decode(f:read("*a"), { null_as_nil = true }))
f:close()

local function value_of(key)
    return (key .. "\0"):rep(math.ceil(job.size / (#key + 1))):sub(1, job.size)
end

while core.http.wall() < job.start_at do core.http.sleep(0.005) end

local logs = {}
local s = store.open(job.cache, { log = function(_, message) logs[#logs + 1] = message end })
local result = { own_ok = 0, shared_seen = 0, mismatches = 0, puts_ok = 0, gets_ok = 0 }

-- Bytes that do not compress: CRC-32s of a counter.
local function noise(n, seed)
    local out = {}
    for i = 1, math.ceil(n / 4) do
        local x = core.zlib.crc32(seed .. ":" .. i)
        out[i] = string.char(x % 256, math.floor(x / 256) % 256, math.floor(x / 65536) % 256,
            math.floor(x / 16777216) % 256)
    end
    return table.concat(out):sub(1, n)
end

for i = 1, job.fill and job.rounds or 0 do
    local v = noise(job.size, i)
    if s:put("fill-" .. i, v, { cost = 0.02 }) then result.puts_ok = result.puts_ok + 1 end
    local e = s:get("fill-" .. i)
    if e and e.value == v then result.gets_ok = result.gets_ok + 1 end
end
for i = 1, job.fill and 0 or job.rounds do
    local own = job.name .. "-" .. i
    local shared = "shared-" .. (i % 10)
    s:put(own, value_of(own), { cost = 0.02, items = 1 })
    local e = s:get(own)
    if e and e.value == value_of(own) then result.own_ok = result.own_ok + 1 end
    e = s:get(shared)
    if e then
        if e.value == value_of(shared) then
            result.shared_seen = result.shared_seen + 1
        else
            result.mismatches = result.mismatches + 1
        end
    end
    s:put(shared, value_of(shared), { cost = 0.02, items = 1 })
end
result.stats = s:stats()
s:close()
result.logs = logs
f = assert(io.open(result_path .. ".tmp", "wb"))
f:write(json_writer.encode(result))
f:close()
assert(os.rename(result_path .. ".tmp", result_path))
