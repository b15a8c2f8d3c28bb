-- A one-line progress bar for page walks, redrawn in place on a terminal:
--   [##########..........]  5/11 pages  5000/10105 items  $0.25  ETA 0:04
--
--   local bar = progress.new(io.stderr, { width = 80 })
--   bar:update(w)   -- w: a walk (see walk.lua): pages, expected_pages,
--                   -- items, expected_items, cost, eta()
--   bar:note(text)  -- shows why it waits ("waiting 42 s: ..."), until the next update
--   bar:clear()     -- erases the line before the summary is printed
local printable = require "dataforseo.query.printable"

local M = {}

local format, rep, floor, max, min = string.format, string.rep, math.floor, math.max, math.min

function M.duration(seconds)
    if seconds == nil or seconds ~= seconds or seconds == math.huge then return "?" end
    seconds = floor(seconds + 0.5)
    local h, m, s = floor(seconds / 3600), floor(seconds / 60) % 60, seconds % 60
    if h > 0 then return format("%d:%02d:%02d", h, m, s) end
    return format("%d:%02d", m, s)
end

-- The line for a walk's state, at most `width` columns.
function M.line(w, width)
    width = width or 80
    local expected = w.expected_items or 0
    local fraction = expected > 0 and min(1, w.items / expected) or 1
    local tail = format("  %d/%s pages  %d/%d items  $%.2f  ETA %s", w.pages,
        tostring(w.expected_pages or "?"), w.items, expected, w.cost, M.duration(w:eta()))
    local bar_width = max(10, min(40, width - 3 - #tail))
    local done = floor(fraction * bar_width + 0.5)
    local line = "[" .. rep("#", done) .. rep(".", bar_width - done) .. "]" .. tail
    if #line > width - 1 then line = line:sub(1, width - 1) end
    return line
end

local Bar = {}
Bar.__index = Bar

function M.new(handle, opts)
    return setmetatable({ handle = handle, width = (opts and opts.width) or 80, shown = false },
        Bar)
end

local function draw(self)
    local line = self.walk and M.line(self.walk, self.width) or ""
    if self.noted then
        line = line .. (line ~= "" and "  " or "") .. self.noted
        line = printable.line(line, self.width - 4)
    end
    self.handle:write("\r" .. line .. "\27[K")
    self.handle:flush()
    self.shown = true
end

function Bar:update(w)
    self.walk, self.noted = w, nil
    draw(self)
end

function Bar:note(text)
    self.noted = text
    draw(self)
end

function Bar:clear()
    if self.shown then
        self.handle:write("\r\27[K")
        self.handle:flush()
        self.shown = false
    end
end

return M
