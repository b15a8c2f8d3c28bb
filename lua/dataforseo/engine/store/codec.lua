-- One stored record as bytes, the same in every backend (SQLite, Redis,
-- an nginx shared dict): a header line that says what the record holds
-- and how to check it, then the value, gzip'd when that pays.
--
--   "DFS1 <crc32> <size> <body bytes> <gz|raw> <name=number name:text ...>\n<body>"
--
-- The CRC-32 covers everything after it (the header's numbers included),
-- so a torn or damaged record is never taken for a good one; the body's
-- length and the value's size are checked too, and gzip checks its own.
--
--   codec.encode(value, meta) -> bytes
--     meta: a flat table of numbers and short names ([%w_.:-], no spaces)
--   codec.decode(bytes) -> value, meta | nil, problem, damaged
--     damaged: true when the record is broken (delete it); false when it
--     is whole but this process cannot read it (no zlib here)
local M = {}

M.LEVEL = 6                 -- gzip level: see docs/store.md for the numbers
M.MIN_GZIP = 256            -- smaller values are stored as they are
M.MAX_SIZE = 512 * 1024 * 1024   -- a header claiming more is damaged
M.MAX_RATIO = 1032          -- deflate's limit: n bytes never inflate to more than 1032 n

local format, tonumber, concat = string.format, tonumber, table.concat

-- gzip and CRC-32: the C core's, else (inside nginx without the core)
-- LuaJIT's FFI and nginx's own crc32.
local gzip, gunzip, crc32
do
    local ok, core = pcall(require, "dataforseo.core")
    if ok and core.zlib then
        gzip, gunzip, crc32 = core.zlib.gzip, core.zlib.gunzip, core.zlib.crc32
    else
        local host = rawget(_G, "ngx")
        if type(host) == "table" and host.crc32_long then crc32 = host.crc32_long end
        local okz, zlib = pcall(require, "dataforseo.hosts.zlib")
        if okz and zlib.available then gzip, gunzip = zlib.gzip, zlib.gunzip end
    end
end
M.compresses = gzip ~= nil
M.available = crc32 ~= nil

local function meta_text(meta)
    local names = {}
    for name in pairs(meta) do names[#names + 1] = name end
    table.sort(names)
    local out = {}
    for _, name in ipairs(names) do
        local v = meta[name]
        if type(name) ~= "string" or not name:match("^[%w_]+$") then
            error("store codec: meta names are letters, digits and _, got " .. tostring(name), 3)
        end
        if type(v) == "number" then
            if v ~= v or v == math.huge or v == -math.huge then
                error("store codec: meta field " .. name .. " is not a finite number", 3)
            end
            v = (v == math.floor(v) and v > -2^53 and v < 2^53) and format("=%d", v) or format("=%.17g", v)
        elseif type(v) == "string" and v:match("^[%w_.:-]+$") then
            v = ":" .. v
        else
            error("store codec: meta field " .. name .. " must be a number or a short name", 3)
        end
        out[#out + 1] = name .. v
    end
    return concat(out, " ")
end

function M.encode(value, meta)
    local body, how = value, "raw"
    if gzip and #value >= M.MIN_GZIP then
        local packed = gzip(value, M.LEVEL)
        if packed and #packed < #value then body, how = packed, "gz" end
    end
    local rest = format("%d %d %s %s\n", #value, #body, how, meta_text(meta or {})) .. body
    return format("DFS1 %08x ", crc32(rest)) .. rest
end

local function damaged(why) return nil, why, true end

function M.decode(bytes)
    if type(bytes) ~= "string" then return damaged("the record is not a string") end
    local crc, rest = bytes:match("^DFS1 (%x%x%x%x%x%x%x%x) ()")
    if not crc then return damaged("the record has no DFS1 header") end
    rest = bytes:sub(rest)
    if tonumber(crc, 16) ~= crc32(rest) then return damaged("the record's checksum does not match") end
    local size, body_size, how, fields, body_at = rest:match("^(%d+) (%d+) (%a+) ([^\n]*)\n()")
    size, body_size = tonumber(size), tonumber(body_size)
    if not size or size > M.MAX_SIZE then return damaged("the record's header is malformed") end
    if #rest - body_at + 1 ~= body_size then return damaged("the record is cut short") end
    local meta = {}
    for name, kind, v in fields:gmatch("([%w_]+)([=:])(%S+)") do
        if kind == "=" then
            v = tonumber(v)
            if not v then return damaged("the record's header is malformed") end
        end
        meta[name] = v
    end
    local body = rest:sub(body_at)
    local value
    if how == "raw" then
        value = body
    elseif how == "gz" then
        -- gunzip sets aside the size claimed before it inflates: a forged
        -- header must not make a read of a few bytes take hundreds of MB.
        if size > #body * M.MAX_RATIO + 64 then
            return damaged("the record's header claims more than its body holds")
        end
        if not gunzip then return nil, "the record is compressed and zlib is not available here", false end
        local err
        value, err = gunzip(body, size)
        if not value then return damaged("the record does not inflate: " .. tostring(err)) end
    else
        return damaged("the record's encoding " .. how .. " is unknown")
    end
    if #value ~= size then return damaged("the record's value has the wrong size") end
    return value, meta
end

return M
