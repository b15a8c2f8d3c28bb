-- UTF-8 checks the emulator needs outside PCRE: strict validity (RFC
-- 3629: no overlongs, no surrogates, nothing above U+10FFFF), length in
-- code points, and the text of one code point.  Pure Lua, 5.1-5.4 (nginx runs it on LuaJIT).
local byte = string.byte

local M = {}

-- Byte length of the sequence starting at i, or nil when it is not valid.
local function sequence_at(s, i)
    local c = byte(s, i)
    if c < 0x80 then return 1 end
    local n
    local lo, hi = 0x80, 0xBF
    if c >= 0xC2 and c <= 0xDF then n = 2
    elseif c == 0xE0 then n, lo = 3, 0xA0
    elseif c == 0xED then n, hi = 3, 0x9F
    elseif c >= 0xE1 and c <= 0xEF then n = 3
    elseif c == 0xF0 then n, lo = 4, 0x90
    elseif c == 0xF4 then n, hi = 4, 0x8F
    elseif c >= 0xF1 and c <= 0xF3 then n = 4
    else return nil end
    local c2 = byte(s, i + 1)
    if not c2 or c2 < lo or c2 > hi then return nil end
    for k = 2, n - 1 do
        local ck = byte(s, i + k)
        if not ck or ck < 0x80 or ck > 0xBF then return nil end
    end
    return n
end

function M.valid(s)
    if not s:find("[\128-\255]") then return true end
    local i, n = 1, #s
    while i <= n do
        local len = sequence_at(s, i)
        if not len then return false end
        i = i + len
    end
    return true
end

-- The UTF-8 text of one code point (0..0x10FFFF).
function M.char(cp)
    if cp < 0x80 then return string.char(cp) end
    if cp < 0x800 then return string.char(0xC0 + math.floor(cp / 64), 0x80 + cp % 64) end
    if cp < 0x10000 then
        return string.char(0xE0 + math.floor(cp / 4096), 0x80 + math.floor(cp / 64) % 64, 0x80 + cp % 64)
    end
    return string.char(0xF0 + math.floor(cp / 262144), 0x80 + math.floor(cp / 4096) % 64,
        0x80 + math.floor(cp / 64) % 64, 0x80 + cp % 64)
end

-- Code points in a valid string: every byte that does not continue a sequence.
function M.length(s)
    local _, continuation = s:gsub("[\128-\191]", "")
    return #s - continuation
end

return M
