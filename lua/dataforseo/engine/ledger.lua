-- The ledger: one JSON line per charged call (option `ledger = "path.jsonl"`),
--   {"time":"2026-11-30T09:15:02.125Z","endpoint":"/v3/backlinks/anchors/live",
--    "target":"forbes.com","offset":0,"limit":100,"task_id":"...","items":100,"cost":0.023}
-- and its reader.  A line goes out in one write() of the whole line on a
-- file opened for appending (O_APPEND, unbuffered), so lines of several
-- processes never interleave and a crash leaves at most a torn last
-- line; a writer that finds one ends it before appending, and the reader
-- skips what does not parse (and says how many).
--
--   local w, err = ledger.open(path)        w:append(entry) -> true | nil, err;  w:close()
--   local entries, skipped = ledger.read(path)   -> list | nil, err
--   ledger.summary(entries, { by = "day" | "target", since = "YYYY-MM-DD" }) -> rows, total
local text = require "dataforseo.query.text"
local writer = require "dataforseo.json_writer"

local M = {}

local format, floor, concat = string.format, math.floor, table.concat
local quote, number = writer.quote, writer.number

local Writer = {}
Writer.__index = Writer

-- Does the file end in the middle of a line (a torn write)?
local function ends_torn(path)
    local f = io.open(path, "rb")
    if not f then return false end
    local size = f:seek("end")
    local torn = false
    if size and size > 0 then
        f:seek("set", size - 1)
        torn = f:read(1) ~= "\n"
    end
    f:close()
    return torn
end

function M.open(path)
    if type(path) ~= "string" or path == "" then return nil, "the ledger path must be a non-empty string" end
    local torn = ends_torn(path)
    local f, err = io.open(path, "ab")
    if not f then return nil, "cannot open the ledger: " .. tostring(err) end
    f:setvbuf("no")
    local self = setmetatable({ file = f, path = path }, Writer)
    if torn then
        local ok, werr = f:write("\n")
        if not ok then
            f:close()
            return nil, "cannot write the ledger: " .. tostring(werr)
        end
    end
    return self
end

-- Text that is safe in a JSON line (network values may be anything).
local function safe(s, max)
    if type(s) ~= "string" then return nil end
    if #s > max or not text.valid(s) then return nil end
    return s
end

local function utc(t)
    local whole = floor(t)
    return os.date("!%Y-%m-%dT%H:%M:%S", whole) .. format(".%03dZ", floor((t - whole) * 1000))
end

-- entry: time (Unix seconds), endpoint, target, offset, limit, task_id, items, cost
local function line_of(e)
    local parts = { '"time":' .. quote(utc(e.time)) }
    local function add(key, value)
        if value ~= nil then parts[#parts + 1] = quote(key) .. ":" .. value end
    end
    local function str(s, max)
        s = safe(s, max)
        return s and quote(s) or nil
    end
    local function num(n) return type(n) == "number" and number(n) or nil end
    add("endpoint", str(e.endpoint, 200))
    add("target", str(e.target, 2048))
    add("offset", num(e.offset))
    add("limit", num(e.limit))
    add("task_id", str(type(e.task_id) == "string" and e.task_id:match("^[%w%-]+$") or nil, 100))
    add("items", num(e.items))
    add("cost", number(e.cost))
    return "{" .. concat(parts, ",") .. "}\n"
end

function Writer:append(entry)
    if self.closed then return nil, "the ledger is closed" end
    local ok, err = self.file:write(line_of(entry))
    if not ok then return nil, "cannot write the ledger " .. self.path .. ": " .. tostring(err) end
    return true
end

function Writer:close()
    if self.closed then return end
    self.closed = true
    self.file:close()
end

-- -> entries (each a table with the line's fields, time as text), the
-- number of lines skipped (torn or not a ledger line) | nil, err
function M.read(path)
    local f, err = io.open(path, "rb")
    if not f then return nil, "cannot read the ledger: " .. tostring(err) end
    local data = f:read("*a") or ""
    f:close()
    local json = require "dataforseo.json"
    local entries, skipped = {}, 0
    local start = 1
    while start <= #data do
        local stop = data:find("\n", start, true)
        local line = data:sub(start, (stop or #data + 1) - 1)
        if line ~= "" then
            local e = stop and json.decode(line)
            if type(e) == "table" and type(e.cost) == "number" and type(e.time) == "string" then
                entries[#entries + 1] = e
            else
                skipped = skipped + 1       -- a torn last line (no "\n") or a damaged one
            end
        end
        if not stop then break end
        start = stop + 1
    end
    return entries, skipped
end

-- Rows { key, calls, items, cost } ordered by key, and the totals row.
-- opts.by: "day" (default) or "target"; opts.since: "YYYY-MM-DD" (UTC).
function M.summary(entries, opts)
    opts = opts or {}
    local by = opts.by or "day"
    local rows, index = {}, {}
    local total = { key = "total", calls = 0, items = 0, cost = 0 }
    for _, e in ipairs(entries) do
        local day = e.time:sub(1, 10)
        if not opts.since or day >= opts.since then
            local key = by == "target" and (type(e.target) == "string" and e.target or "-") or day
            local row = index[key]
            if not row then
                row = { key = key, calls = 0, items = 0, cost = 0 }
                index[key] = row
                rows[#rows + 1] = row
            end
            local items = type(e.items) == "number" and e.items or 0
            row.calls, row.items, row.cost = row.calls + 1, row.items + items, row.cost + e.cost
            total.calls, total.items, total.cost = total.calls + 1, total.items + items, total.cost + e.cost
        end
    end
    table.sort(rows, function(a, b) return a.key < b.key end)
    return rows, total
end

return M
