-- SHA-256 (FIPS 180-4) in plain Lua, for names that must not reveal what
-- they are made from: the governor's store keys are a hash of the login
-- (governor.lua).  Written with arithmetic on 4-bit nibbles instead of
-- bit operators, so one code path gives the same digest on Lua 5.1-5.4
-- and LuaJIT; it is meant for short strings (a few blocks), not bulk data.
--
--   require("dataforseo.engine.sha256").hex(text) -> 64 lowercase hex digits
local M = {}

local floor, byte, char, format, concat = math.floor, string.byte, string.char, string.format,
    table.concat

local TWO32 = 4294967296

-- Nibble tables for xor, and, not-and: 16 x 16 entries each.
local XOR4, AND4 = {}, {}
for a = 0, 15 do
    XOR4[a], AND4[a] = {}, {}
    for b = 0, 15 do
        local x, y, bit = 0, 0, 1
        for i = 0, 3 do
            local ba, bb = floor(a / 2 ^ i) % 2, floor(b / 2 ^ i) % 2
            if ba ~= bb then x = x + bit end
            if ba == 1 and bb == 1 then y = y + bit end
            bit = bit * 2
        end
        XOR4[a][b], AND4[a][b] = x, y
    end
end

local function bitop(t, a, b)
    local r, m = 0, 1
    for _ = 1, 8 do
        r = r + t[a % 16][b % 16] * m
        a, b, m = floor(a / 16), floor(b / 16), m * 16
    end
    return r
end
local function bxor(a, b) return bitop(XOR4, a, b) end
local function band(a, b) return bitop(AND4, a, b) end
local function bnot(a) return TWO32 - 1 - a end
local function rrot(a, n)
    local low = a % 2 ^ n
    return floor(a / 2 ^ n) + low * 2 ^ (32 - n)
end
local function shr(a, n) return floor(a / 2 ^ n) end

local K = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}

local function block(H, s, at)
    local w = {}
    for i = 0, 15 do
        local a, b, c, d = byte(s, at + i * 4, at + i * 4 + 3)
        w[i] = ((a * 256 + b) * 256 + c) * 256 + d
    end
    for i = 16, 63 do
        local x, y = w[i - 15], w[i - 2]
        local s0 = bxor(bxor(rrot(x, 7), rrot(x, 18)), shr(x, 3))
        local s1 = bxor(bxor(rrot(y, 17), rrot(y, 19)), shr(y, 10))
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) % TWO32
    end
    local a, b, c, d, e, f, g, h = H[1], H[2], H[3], H[4], H[5], H[6], H[7], H[8]
    for i = 0, 63 do
        local S1 = bxor(bxor(rrot(e, 6), rrot(e, 11)), rrot(e, 25))
        local ch = bxor(band(e, f), band(bnot(e), g))
        local t1 = (h + S1 + ch + K[i + 1] + w[i]) % TWO32
        local S0 = bxor(bxor(rrot(a, 2), rrot(a, 13)), rrot(a, 22))
        local maj = bxor(bxor(band(a, b), band(a, c)), band(b, c))
        local t2 = (S0 + maj) % TWO32
        h, g, f, e, d, c, b, a = g, f, e, (d + t1) % TWO32, c, b, a, (t1 + t2) % TWO32
    end
    H[1], H[2], H[3], H[4] = (H[1] + a) % TWO32, (H[2] + b) % TWO32, (H[3] + c) % TWO32, (H[4] + d) % TWO32
    H[5], H[6], H[7], H[8] = (H[5] + e) % TWO32, (H[6] + f) % TWO32, (H[7] + g) % TWO32, (H[8] + h) % TWO32
end

function M.hex(text)
    if type(text) ~= "string" then error("sha256.hex: expected a string, got " .. type(text), 2) end
    local bits = #text * 8
    local length = {}
    for i = 8, 1, -1 do
        length[i] = char(bits % 256)
        bits = floor(bits / 256)
    end
    local s = text .. "\128" .. string.rep("\0", (55 - #text) % 64) .. concat(length)
    local H = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
        0x1f83d9ab, 0x5be0cd19 }
    for at = 1, #s, 64 do block(H, s, at) end
    local out = {}
    for i = 1, 8 do out[i] = format("%08x", H[i]) end
    return concat(out)
end

return M
