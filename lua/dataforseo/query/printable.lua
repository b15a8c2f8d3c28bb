-- The one sanitiser for text from outside (server messages, HTML bodies,
-- task ids, anchor text, user input echoed back) before a terminal or a
-- spreadsheet sees it.  Unsafe characters become visible escapes, so
-- nothing can move the cursor, retitle the window, clear the screen or
-- reorder the line around it:
--   C0 controls and DEL   \x1B (\t \n \r kept in `layout` mode)
--   C1 controls           \u{9B} (U+0080..U+009F: 8-bit CSI, OSC, ...)
--   bidi controls         \u{202E} (U+061C, U+200E/F, U+202A..E, U+2066..9)
--   line separators       \u{2028} \u{2029}
--   invisible format characters   \u{FEFF} (byte order mark / zero-width
--                         no-break space), \u{FFF9}..\u{FFFB} (interlinear
--                         annotation controls)
--   invalid UTF-8 bytes   \xFF
-- Terminal lines, table cells and CSV cells all pass here (the HTML report
-- shows the same code points its own way: printable.hidden).
--
--   printable.escape(s [, layout])  -> s with the above escaped; layout =
--                        true keeps TAB, LF and CR (CSV cells, multi-line text)
--   printable.line(s [, max])       -> one terminal line: escaped, at most
--                        max bytes (default LINE_MAX), cut on a character
--   printable.excerpt(s [, max])    -> s cut to about max bytes (default
--                        EXCERPT_MAX) for echoing input into a message
--   printable.json(text)            -> JSON text with the code points above
--                        and DEL as \u escapes (the same value, inert in a terminal)
--   printable.hidden(cp)            -> whether code point cp >= 0x80 is one of
--                        those above (for renderers that show them otherwise)
local text = require "dataforseo.query.text"

local M = {}

M.LINE_MAX = 2000
M.EXCERPT_MAX = 200

local byte, format, gsub, find, sub = string.byte, string.format, string.gsub, string.find, string.sub
local decode = text.decode

-- Code points >= 0x80 that must not reach a terminal raw.
local function unsafe_cp(cp)
    return (cp >= 0x80 and cp <= 0x9F) or cp == 0x061C or cp == 0x200E or cp == 0x200F
        or (cp >= 0x2028 and cp <= 0x202E) or (cp >= 0x2066 and cp <= 0x2069)
        or cp == 0xFEFF or (cp >= 0xFFF9 and cp <= 0xFFFB)
end
M.hidden = unsafe_cp

local C0_NAMES = { [9] = "\\t", [10] = "\\n", [13] = "\\r" }

local function escape_byte(c)
    return C0_NAMES[byte(c)] or format("\\x%02X", byte(c))
end

-- Byte patterns of the unsafe code points in valid UTF-8 (fast path).
local UNSAFE_UTF8 = { "\194[\128-\159]", "\216\156", "\226\128[\142\143\168-\174]",
    "\226\129[\166-\169]", "\239\187\191", "\239\191[\185-\187]" }

local function escape_cp_text(seq)
    local cp = decode(seq, 1)
    return format("\\u{%X}", cp)
end

-- Non-ASCII part: valid UTF-8 through gsub, anything else code point by
-- code point (an invalid byte is escaped alone and the scan goes on).
local function escape_high(s)
    if text.valid(s) then
        for _, pattern in ipairs(UNSAFE_UTF8) do
            if find(s, pattern) then s = gsub(s, pattern, escape_cp_text) end
        end
        return s
    end
    local out, i, n = {}, 1, #s
    while i <= n do
        local c = byte(s, i)
        if c < 0x80 then
            out[#out + 1] = sub(s, i, i)
            i = i + 1
        else
            local cp, j = decode(s, i)
            if cp == 0xFFFD and sub(s, i, i + 2) ~= "\239\191\189" then
                out[#out + 1] = format("\\x%02X", c)
                i = i + 1
            else
                out[#out + 1] = unsafe_cp(cp) and format("\\u{%X}", cp) or sub(s, i, j - 1)
                i = j
            end
        end
    end
    return table.concat(out)
end

function M.escape(s, layout)
    s = tostring(s)
    if not find(s, "[%z\1-\31\127-\255]") then return s end
    if layout then
        s = gsub(s, "[%z\1-\8\11\12\14-\31\127]", escape_byte)
    else
        s = gsub(s, "[%z\1-\31\127]", escape_byte)
    end
    if find(s, "[\128-\255]") then s = escape_high(s) end
    return s
end

-- s cut to at most max bytes without splitting a UTF-8 sequence.
local function cut(s, max)
    if #s <= max then return s end
    local i = max
    while i > 0 and (byte(s, i + 1) or 0) >= 0x80 and byte(s, i + 1) < 0xC0 do i = i - 1 end
    return sub(s, 1, i)
end

function M.excerpt(s, max)
    s = tostring(s)
    max = max or M.EXCERPT_MAX
    if #s <= max then return s end
    return cut(s, max) .. format("...(%d bytes in all)", #s)
end

function M.line(s, max)
    max = max or M.LINE_MAX
    s = tostring(s)
    -- Cut before escaping too: escaping a huge text only to drop it is waste.
    if #s > 4 * max then s = cut(s, 4 * max) end
    s = M.escape(s)
    if #s > max then s = cut(s, max) .. "..." end
    return s
end

-- JSON text: the same value with the unsafe code points as \u escapes
-- (valid UTF-8 in, as the project's JSON writer produces).
local function json_escape(seq)
    local cp = decode(seq, 1)
    if cp > 0xFFFF then return seq end
    return format("\\u%04x", cp)
end

function M.json(s)
    if not find(s, "[\127\194\216\226\239]") then return s end
    s = gsub(s, "\127", "\\u007f")
    for _, pattern in ipairs(UNSAFE_UTF8) do
        if find(s, pattern) then s = gsub(s, pattern, json_escape) end
    end
    return s
end

return M
