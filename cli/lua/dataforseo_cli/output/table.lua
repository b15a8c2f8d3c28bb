-- Aligned columns for a terminal: numbers right-aligned, text left-aligned,
-- the whole row within the terminal width (long anchors and maps are
-- shortened with "…"; wide East Asian characters count two columns).
--
--   local t = require("dataforseo_cli.output.table").new(handle, columns, { width = 80 })
--   t:write(items)   -- the first call fixes the layout; later rows follow it
--   t:close()
-- columns: { { name =, numeric =, get = function(item) -> display text } }
local text = require "dataforseo.query.text"

local M = {}

local concat, rep = table.concat, string.rep
local decode = text.decode

M.SEPARATOR = "  "
M.MAX_NATURAL = 60   -- a text column never asks for more than this
M.MIN_TEXT = 10      -- nor is shrunk below this (or its header)
M.ELLIPSIS = "\226\128\166"

-- Columns a code point takes: 0 for combining marks and zero-width
-- characters, 2 for East Asian wide and fullwidth forms and emoji, else 1.
local function cp_width(cp)
    if cp < 0x300 then return 1 end
    if (cp <= 0x36F) or (cp >= 0x200B and cp <= 0x200F) or (cp >= 0xFE00 and cp <= 0xFE0F)
        or (cp >= 0x1AB0 and cp <= 0x1AFF) or (cp >= 0x20D0 and cp <= 0x20FF) then
        return 0
    end
    if (cp >= 0x1100 and cp <= 0x115F) or (cp >= 0x2E80 and cp <= 0xA4CF)
        or (cp >= 0xAC00 and cp <= 0xD7A3) or (cp >= 0xF900 and cp <= 0xFAFF)
        or (cp >= 0xFE30 and cp <= 0xFE4F) or (cp >= 0xFF00 and cp <= 0xFF60)
        or (cp >= 0xFFE0 and cp <= 0xFFE6) or (cp >= 0x1F300 and cp <= 0x1F64F)
        or (cp >= 0x1F900 and cp <= 0x1F9FF) or (cp >= 0x20000 and cp <= 0x3FFFD) then
        return 2
    end
    return 1
end

function M.width(s)
    if not s:find("[\128-\255]") then return #s end
    local w, i, n = 0, 1, #s
    while i <= n do
        local cp, j = decode(s, i)
        w = w + cp_width(cp)
        i = j
    end
    return w
end
local width = M.width

-- s cut to at most w columns, ending in "…" when something was cut.
function M.fit(s, w)
    if width(s) <= w then return s end
    if w <= 0 then return "" end
    local used, i, n = 0, 1, #s
    while i <= n do
        local cp, j = decode(s, i)
        local cw = cp_width(cp)
        if used + cw > w - 1 then break end
        used = used + cw
        i = j
    end
    return s:sub(1, i - 1) .. M.ELLIPSIS
end
local fit = M.fit

local function pad(s, w, right)
    local gap = w - width(s)
    if gap <= 0 then return s end
    if right then return rep(" ", gap) .. s end
    return s .. rep(" ", gap)
end

local Table = {}
Table.__index = Table

function M.new(handle, columns, opts)
    return setmetatable({ handle = handle, columns = columns,
        width = (opts and opts.width) or 80, widths = nil }, Table)
end

-- Widths from the header and the first rows, shrunk to the terminal.
function Table:_layout(rows)
    local cols, widths, mins = self.columns, {}, {}
    for c, col in ipairs(cols) do
        local w = width(col.name)
        for r = 1, #rows do
            local cw = width(rows[r][c])
            if cw > w then w = cw end
        end
        if not col.numeric then
            if w > M.MAX_NATURAL then w = M.MAX_NATURAL end
            mins[c] = math.min(w, math.max(width(col.name), M.MIN_TEXT))
        else
            mins[c] = w
        end
        widths[c] = w
    end
    local total = #M.SEPARATOR * (#cols - 1)
    for c = 1, #cols do total = total + widths[c] end
    -- Take one column at a time from the widest text column that can give.
    while total > self.width do
        local best
        for c = 1, #cols do
            if widths[c] > mins[c] and (best == nil or widths[c] > widths[best]) then best = c end
        end
        if not best then break end
        widths[best] = widths[best] - 1
        total = total - 1
    end
    self.widths = widths
end

function Table:_line(cells)
    local out, last = {}, #self.columns
    for c, col in ipairs(self.columns) do
        local w = self.widths[c]
        local s = cells[c]
        if not col.numeric then s = fit(s, w) end
        if c == last and not col.numeric then
            out[c] = s  -- no trailing blanks
        else
            out[c] = pad(s, w, col.numeric)
        end
    end
    return concat(out, M.SEPARATOR) .. "\n"
end

function Table:write(items)
    local rows = {}
    for r, item in ipairs(items) do
        local row = {}
        for c, col in ipairs(self.columns) do row[c] = col.get(item) end
        rows[r] = row
    end
    local out = {}
    if not self.widths then
        self:_layout(rows)
        local names, rules = {}, {}
        for c, col in ipairs(self.columns) do
            names[c] = col.name
            rules[c] = rep("-", self.widths[c])
        end
        out[#out + 1] = self:_line(names)
        out[#out + 1] = self:_line(rules)
    end
    for r = 1, #rows do out[#out + 1] = self:_line(rows[r]) end
    self.handle:write(concat(out))
end

function Table.close() end

M.cp_width = cp_width
return M
