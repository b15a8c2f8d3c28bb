-- A PNG reader for the report specs, in plain Lua (5.1-5.4, no bit
-- operators, no C): the chunks, a streaming zlib inflate (RFC 1950/1951,
-- after zlib's puff.c) and the scanline filters, for the 8-bit RGB and RGBA
-- images Chromium's --screenshot writes.  Rows are handed out one at a time,
-- so a 1280x2000 screenshot never sits in memory as a table of bytes.
--
--   local png = dofile("spec/support/png.lua")
--   local info = assert(png.header(bytes))   -- width, height, bit_depth, colour_type
--   png.rows(bytes, function(y, row, channels) ... end)   -- row[1..width*channels]
--   local s = png.colours(bytes)  -- { width, height, pixels, distinct, top_share, count = {[0xRRGGBB] = n} }
local M = {}

local byte, floor = string.byte, math.floor

local SIGNATURE = "\137PNG\r\n\26\n"

local function u32(s, i)
    local a, b, c, d = byte(s, i, i + 3)
    return ((a * 256 + b) * 256 + c) * 256 + d
end

-- The chunks: { type, data } in order, or nil, message.
local function chunks(s)
    if s:sub(1, 8) ~= SIGNATURE then return nil, "not a PNG (bad signature)" end
    local list, i = {}, 9
    while i <= #s do
        if i + 11 > #s then return nil, "truncated chunk at byte " .. i end
        local len = u32(s, i)
        local kind = s:sub(i + 4, i + 7)
        if i + 11 + len > #s then return nil, "truncated " .. kind .. " chunk" end
        list[#list + 1] = { kind, s:sub(i + 8, i + 7 + len) }
        i = i + 12 + len
        if kind == "IEND" then break end
    end
    return list
end

function M.header(s)
    local list, err = chunks(s)
    if not list then return nil, err end
    local ihdr = list[1]
    if not ihdr or ihdr[1] ~= "IHDR" or #ihdr[2] ~= 13 then return nil, "no IHDR first" end
    local d = ihdr[2]
    return { width = u32(d, 1), height = u32(d, 5), bit_depth = byte(d, 9), colour_type = byte(d, 10),
        interlace = byte(d, 13) }, list
end

------------------------------------------------------------------------------
-- Inflate

local LBASE = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
    131, 163, 195, 227, 258 }
local LEXT = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 }
local DBASE = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 }
local DEXT = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 }
local ORDER = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 }

-- Canonical Huffman table from code lengths[0..n-1].
local function huffman(lengths, n)
    local count, offs, symbol = {}, {}, {}
    for len = 0, 15 do count[len] = 0 end
    for s = 0, n - 1 do count[lengths[s]] = count[lengths[s]] + 1 end
    offs[1] = 0
    for len = 1, 14 do offs[len + 1] = offs[len] + count[len] end
    for s = 0, n - 1 do
        local len = lengths[s]
        if len ~= 0 then
            symbol[offs[len]] = s
            offs[len] = offs[len] + 1
        end
    end
    return { count = count, symbol = symbol }
end

-- Inflates the zlib stream `data`, calling emit(byte) for every byte out.
function M.inflate(data, emit)
    local pos, bitbuf, bitcnt = 3, 0, 0
    local cmf = byte(data, 1)
    if not cmf or cmf % 16 ~= 8 then error("not a deflate zlib stream") end

    local function bit()
        if bitcnt == 0 then
            bitbuf = byte(data, pos)
            if not bitbuf then error("deflate data ends early") end
            pos, bitcnt = pos + 1, 8
        end
        local b = bitbuf % 2
        bitbuf, bitcnt = (bitbuf - b) / 2, bitcnt - 1
        return b
    end
    local function bits(n)
        local v, w = 0, 1
        for _ = 1, n do v, w = v + bit() * w, w * 2 end
        return v
    end
    local function decode(h)
        local code, first, index = 0, 0, 0
        local count, symbol = h.count, h.symbol
        for len = 1, 15 do
            code = code + bit()
            local c = count[len]
            if code - c < first then return symbol[index + code - first] end
            index = index + c
            first = (first + c) * 2
            code = code * 2
        end
        error("bad Huffman code")
    end

    local window, wpos = {}, 0
    local function out(b)
        window[wpos] = b
        wpos = (wpos + 1) % 32768
        emit(b)
    end

    local fixed_len, fixed_dist
    repeat
        local last = bit()
        local kind = bits(2)
        if kind == 0 then
            bitbuf, bitcnt = 0, 0
            local len = byte(data, pos) + byte(data, pos + 1) * 256
            pos = pos + 4
            for k = 0, len - 1 do out(byte(data, pos + k)) end
            pos = pos + len
        else
            local lencode, distcode
            if kind == 1 then
                if not fixed_len then
                    local l = {}
                    for s = 0, 143 do l[s] = 8 end
                    for s = 144, 255 do l[s] = 9 end
                    for s = 256, 279 do l[s] = 7 end
                    for s = 280, 287 do l[s] = 8 end
                    fixed_len = huffman(l, 288)
                    local d = {}
                    for s = 0, 29 do d[s] = 5 end
                    fixed_dist = huffman(d, 30)
                end
                lencode, distcode = fixed_len, fixed_dist
            elseif kind == 2 then
                local nlen, ndist, ncode = bits(5) + 257, bits(5) + 1, bits(4) + 4
                local l = {}
                for k = 0, 18 do l[k] = 0 end
                for k = 1, ncode do l[ORDER[k]] = bits(3) end
                local lencodes = huffman(l, 19)
                local lengths, k = {}, 0
                while k < nlen + ndist do
                    local sym = decode(lencodes)
                    if sym < 16 then
                        lengths[k] = sym; k = k + 1
                    else
                        local len, rep = 0
                        if sym == 16 then
                            len, rep = lengths[k - 1], 3 + bits(2)
                        elseif sym == 17 then
                            rep = 3 + bits(3)
                        else
                            rep = 11 + bits(7)
                        end
                        for _ = 1, rep do lengths[k] = len; k = k + 1 end
                    end
                end
                local dl = {}
                for s = 0, ndist - 1 do dl[s] = lengths[nlen + s] end
                lencode, distcode = huffman(lengths, nlen), huffman(dl, ndist)
            else
                error("bad deflate block type 3")
            end
            while true do
                local sym = decode(lencode)
                if sym < 256 then
                    out(sym)
                elseif sym == 256 then
                    break
                else
                    sym = sym - 256
                    local len = LBASE[sym] + bits(LEXT[sym])
                    local d = decode(distcode) + 1
                    local dist = DBASE[d] + bits(DEXT[d])
                    for _ = 1, len do out(window[(wpos - dist) % 32768]) end
                end
            end
        end
    until last == 1
end

------------------------------------------------------------------------------
-- Scanlines

local CHANNELS = { [2] = 3, [6] = 4 }

-- Calls on_row(y, row, channels) for every scanline, unfiltered (y from 1).
function M.rows(s, on_row)
    local info, list = M.header(s)
    if not info then error(list) end
    local channels = CHANNELS[info.colour_type]
    if info.bit_depth ~= 8 or not channels or info.interlace ~= 0 then
        error("only 8-bit non-interlaced RGB or RGBA PNGs are read here")
    end
    local idat = {}
    for _, c in ipairs(list) do if c[1] == "IDAT" then idat[#idat + 1] = c[2] end end
    local stride = info.width * channels
    local prev, row = {}, {}
    for i = 1, stride do prev[i] = 0 end
    local filter, n, y = nil, 0, 0
    M.inflate(table.concat(idat), function(b)
        if filter == nil then filter, n = b, 0; return end
        n = n + 1
        local left = n > channels and row[n - channels] or 0
        local up = prev[n]
        if filter == 1 then
            b = (b + left) % 256
        elseif filter == 2 then
            b = (b + up) % 256
        elseif filter == 3 then
            b = (b + floor((left + up) / 2)) % 256
        elseif filter == 4 then
            local ul = n > channels and prev[n - channels] or 0
            local p = left + up - ul
            local pa, pb, pc = math.abs(p - left), math.abs(p - up), math.abs(p - ul)
            local pred = (pa <= pb and pa <= pc) and left or (pb <= pc and up or ul)
            b = (b + pred) % 256
        end
        row[n] = b
        if n == stride then
            y = y + 1
            on_row(y, row, channels)
            prev, row, filter = row, prev, nil
        end
    end)
    if y ~= info.height then error(("%d rows of %d"):format(y, info.height)) end
    return info
end

-- Colour statistics of a whole image (alpha ignored).
function M.colours(s)
    local count, distinct, pixels = {}, 0, 0
    local info = M.rows(s, function(_, row, channels)
        for i = 1, #row, channels do
            local key = (row[i] * 256 + row[i + 1]) * 256 + row[i + 2]
            local c = count[key]
            if c then count[key] = c + 1 else count[key] = 1; distinct = distinct + 1 end
            pixels = pixels + 1
        end
    end)
    local top = 0
    for _, c in pairs(count) do if c > top then top = c end end
    return { width = info.width, height = info.height, pixels = pixels, distinct = distinct,
        top_share = pixels > 0 and top / pixels or 1, count = count }
end

return M
