-- The ledger (option `ledger = "path.jsonl"`): every paid call in two JSON
-- lines, and the streaming reader that pairs them.
--
--   intent    written before the call is sent; if it cannot be written
--             the call is not sent (the engine fails it with kind "ledger")
--     {"id":"3f09c2a41b7d8e55-1a","time":"2026-11-30T09:15:02.125Z","endpoint":"/v3/backlinks/anchors/live",
--      "target":"forbes.com","offset":0,"limit":100,"estimate":0.023}
--   settle    what the API reported once the answer came (cost 0 and
--             "sent":false when the call never reached the API)
--     {"id":"3f09c2a41b7d8e55-1a","time":"...","endpoint":...,"target":...,"offset":0,"limit":100,
--      "task_id":"11301417-...","items":100,"cost":0.023}
--   presumed  no cost will be known (cancelled, closed, a signal, a
--             timeout, an answer whose cost cannot be read): its estimate
--             counts, with the task id when the answer had one
--     {"id":"...","time":"...","endpoint":...,"target":...,"offset":0,"limit":100,
--      "task_id":"...","estimate":0.023,"presumed":true}
-- An intent with neither a settle nor a presumed line (the process was
-- killed) counts at its estimate, presumed.  Ids are unique across
-- processes (governor.id_prefix), so several processes may share a file.
--
-- A line goes out in one write() of the whole line on a file opened for
-- appending (O_APPEND, unbuffered): lines of several processes never
-- interleave and a crash leaves at most a torn last line; a writer that
-- finds one ends it before appending.  The path must be a regular file (a
-- FIFO would block, a device lie).
--
--   local w, err = ledger.open(path)    w:intent(e), w:settle(e), w:presumed(e) -> true | nil, err
--   w:close()
--
-- Reading streams the file (a few lines in memory, and the intents not yet
-- settled): the reader for `dataforseo spend` and for reconciling with the
-- API's own books (id_list):
--
--   local calls, report = ledger.each_call(path)     -- | nil, err
--   for call in calls do ... end
--     call: { id, time, endpoint, target, offset, limit, task_id, items,
--             estimate (USD, nil for a line from before intents),
--             cost (USD the API reported; nil when presumed),
--             presumed (true: counts at its estimate), sent (false: never
--             reached the API, cost 0) }
--     in the order their outcome was written; unsettled intents last
--   report (complete once the loop ended): lines, unreadable (torn or not
--     JSON), invalid (JSON, but not a ledger line, or a cost, estimate or
--     items that is not a finite number from 0 to account.MAX_COST / a
--     non-negative integer: never summed), unsettled (intents without an
--     outcome), problems = { { line =, reason = }, ... } (the first few)
--   ledger.summary(path, { by = "day" | "target", since = "YYYY-MM-DD" })
--     -> rows, total, report | nil, err
--     row and total: { key, calls, items, cost, presumed, presumed_calls }
--     (USD; cost counts the presumed estimates; calls leave out calls
--     that never reached the API); sums are exact (units of 1e-8 USD)
--   ledger.read(path) -> the calls as a list, lines not counted (unreadable
--     or invalid) | nil, err      (the whole file in memory: small ledgers)
local account = require "dataforseo.engine.governor.account"
local text = require "dataforseo.query.text"
local writer = require "dataforseo.json_writer"

local M = {}

M.CHUNK = 65536           -- bytes read at a time
M.MAX_LINE = 65536        -- bytes: a longer line is none of ours (skipped, counted)
M.PROBLEMS = 5            -- problems kept in the report, with their line numbers

local format, floor, concat = string.format, math.floor, table.concat
local quote, number = writer.quote, writer.number
local UNIT, valid_cost = account.UNIT, account.valid_cost
local MAX = format("%.0f", account.MAX_COST)

-- "file" | another kind | nil (missing): the C core's lstat when it is
-- there (not inside nginx without it), else a guess from io.open.
local function file_type(path)
    local ok, core = pcall(require, "dataforseo.core")
    if ok and type(core) == "table" and core.process and core.process.file_type then
        return (core.process.file_type(path))
    end
    local f = io.open(path, "rb")
    if not f then return nil end
    f:close()
    return "file"
end

------------------------------------------------------------------------------
-- Writing

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
    local kind = file_type(path)
    if kind and kind ~= "file" then
        return nil, format("the ledger %s is a %s, not a regular file", path, kind)
    end
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

-- e: id, time (Unix seconds), endpoint, target, offset, limit, task_id,
-- and the fields of its kind (`extra`, in order).
local function line_of(e, extra)
    local parts = {}
    local function add(key, value)
        if value ~= nil then parts[#parts + 1] = quote(key) .. ":" .. value end
    end
    local function str(s, max)
        s = safe(s, max)
        return s and quote(s) or nil
    end
    local function num(n) return type(n) == "number" and number(n) or nil end
    add("id", str(e.id, 100))
    add("time", quote(utc(e.time)))
    add("endpoint", str(e.endpoint, 200))
    add("target", str(e.target, 2048))
    add("offset", num(e.offset))
    add("limit", num(e.limit))
    add("task_id", str(type(e.task_id) == "string" and e.task_id:match("^[%w%-]+$") or nil, 100))
    for _, field in ipairs(extra) do
        local v = e[field]
        if type(v) == "boolean" then add(field, tostring(v)) else add(field, num(v)) end
    end
    return "{" .. concat(parts, ",") .. "}\n"
end

local function write(self, line)
    if self.closed then return nil, "the ledger is closed" end
    local ok, err = self.file:write(line)
    if not ok then return nil, "cannot write the ledger " .. self.path .. ": " .. tostring(err) end
    return true
end

function Writer:intent(e) return write(self, line_of(e, { "estimate" })) end

function Writer:settle(e)
    return write(self, line_of({ id = e.id, time = e.time, endpoint = e.endpoint, target = e.target,
        offset = e.offset, limit = e.limit, task_id = e.task_id, items = e.items, cost = e.cost,
        sent = e.sent == false and false or nil }, { "items", "cost", "sent" }))
end

function Writer:presumed(e)
    return write(self, line_of({ id = e.id, time = e.time, endpoint = e.endpoint, target = e.target,
        offset = e.offset, limit = e.limit, task_id = e.task_id, estimate = e.estimate, presumed = true },
        { "estimate", "presumed" }))
end

function Writer:close()
    if self.closed then return end
    self.closed = true
    self.file:close()
end

------------------------------------------------------------------------------
-- Reading

-- The lines of f, a chunk at a time: line, whole (false: the last one,
-- without its newline; "long": longer than MAX_LINE, its text dropped).
local function lines_of(f)
    local carry, long = "", false
    local chunk, pos = "", 1
    return function()
        while true do
            local nl = chunk:find("\n", pos, true)
            if nl then
                local line = chunk:sub(pos, nl - 1)
                pos = nl + 1
                if carry ~= "" then line, carry = carry .. line, "" end
                if long or #line > M.MAX_LINE then
                    long = false
                    return "", "long"
                end
                return line, true
            end
            if not long then carry = carry .. chunk:sub(pos) end
            if #carry > M.MAX_LINE then carry, long = "", true end
            chunk, pos = f:read(M.CHUNK), 1
            if not chunk then
                chunk = ""
                if long then
                    long = false
                    return "", "long"
                end
                if carry == "" then return nil end
                local last = carry
                carry = ""
                return last, false
            end
        end
    end
end

local function integer(v)
    return type(v) == "number" and v >= 0 and v <= 2 ^ 53 and v == floor(v)
end

-- A decoded line -> "intent" | "settle" | "presumed", or nil and why it
-- is not a line to count.
local function kind_of(e)
    if type(e.time) ~= "string" then return nil, "no time" end
    if e.id ~= nil and type(e.id) ~= "string" then return nil, "an id that is not text" end
    if e.items ~= nil and not integer(e.items) then return nil, "items is not a non-negative integer" end
    if e.presumed == true or (e.cost == nil and e.estimate ~= nil) then
        if not valid_cost(e.estimate) then return nil, "an estimate that is not a number from 0 to " .. MAX end
        return e.presumed == true and "presumed" or "intent"
    end
    if e.cost == nil then return nil, "no cost and no estimate: not a ledger line" end
    if not valid_cost(e.cost) then return nil, "a cost that is not a number from 0 to " .. MAX end
    return "settle"
end

local FIELDS = { "id", "time", "endpoint", "target", "offset", "limit", "task_id", "items" }

local function call_of(e, intent)
    local c = {}
    for _, k in ipairs(FIELDS) do c[k] = e[k] end
    if intent then
        for _, k in ipairs(FIELDS) do
            if c[k] == nil then c[k] = intent[k] end
        end
        c.estimate = intent.estimate
    end
    return c
end

function M.each_call(path)
    local kind = file_type(path)
    if kind and kind ~= "file" then return nil, format("the ledger %s is a %s, not a regular file", path, kind) end
    local f, err = io.open(path, "rb")
    if not f then return nil, "cannot read the ledger: " .. tostring(err) end
    local json = require "dataforseo.json"
    local report = { lines = 0, unreadable = 0, invalid = 0, unsettled = 0, problems = {} }
    local intents, order = {}, 0            -- id -> intent (with its place), not yet settled
    local leftover                          -- unsettled intents, handed out at the end
    local next_line = lines_of(f)
    local function problem(n, reason)
        if #report.problems < M.PROBLEMS then report.problems[#report.problems + 1] = { line = n, reason = reason } end
    end
    local function iterate()
        while f do
            local line, whole = next_line()
            if line == nil then
                f:close()
                f = nil
                leftover = {}
                for _, i in pairs(intents) do leftover[#leftover + 1] = i end
                table.sort(leftover, function(a, b) return a.place < b.place end)
                report.unsettled = #leftover
                break
            end
            report.lines = report.lines + 1
            local n = report.lines
            local e = whole == true and line ~= "" and json.decode(line)
            if type(e) ~= "table" then
                if line ~= "" or whole == "long" then
                    report.unreadable = report.unreadable + 1
                    problem(n, whole == false and "torn (the last line, cut by a crash)" or whole == "long"
                        and "longer than any ledger line" or "not a JSON object")
                end
            else
                local k, why = kind_of(e)
                if not k then
                    report.invalid = report.invalid + 1
                    problem(n, why)
                elseif k == "intent" then
                    order = order + 1
                    e.place = order
                    if e.id then intents[e.id] = e end
                else
                    local intent = e.id and intents[e.id]
                    if intent then intents[e.id] = nil end
                    local c = call_of(e, intent)
                    if k == "presumed" then
                        c.presumed, c.estimate = true, e.estimate
                    else
                        c.cost, c.sent = e.cost, e.sent ~= false
                    end
                    return c
                end
            end
        end
        local i = leftover and table.remove(leftover, 1)
        if i then
            local c = call_of(i, i)
            c.presumed = true
            return c
        end
        return nil
    end
    return iterate, report
end

-- USD -> units of 1e-8, as a float: exact up to 2^53 units ($90M), and a
-- sum of many lines (a hostile ledger) never wraps round as 5.4's
-- integers would.
local function units(usd) return floor(usd * UNIT + 0.5) + 0.0 end
M.units = units

-- Rows { key, calls, items, cost, presumed, presumed_calls } ordered by
-- key, the totals row and the reader's report.  opts.by: "day" (default)
-- or "target"; opts.since: "YYYY-MM-DD" (UTC).
function M.summary(path, opts)
    opts = opts or {}
    local by = opts.by or "day"
    local calls, report = M.each_call(path)
    if not calls then return nil, report end
    local rows, index = {}, {}
    local total = { key = "total", calls = 0, items = 0, cost = 0, presumed = 0, presumed_calls = 0 }
    local function add(row, c, spent)
        if c.sent ~= false then row.calls = row.calls + 1 end
        row.items = row.items + (c.items or 0) + 0.0
        row.cost = row.cost + spent
        if c.presumed then
            row.presumed, row.presumed_calls = row.presumed + spent, row.presumed_calls + 1
        end
    end
    for c in calls do
        local day = c.time:sub(1, 10)
        if not opts.since or day >= opts.since then
            local key = by == "target" and (type(c.target) == "string" and c.target or "-") or day
            local row = index[key]
            if not row then
                row = { key = key, calls = 0, items = 0, cost = 0, presumed = 0, presumed_calls = 0 }
                index[key] = row
                rows[#rows + 1] = row
            end
            local spent = units(c.presumed and c.estimate or c.cost)
            add(row, c, spent)
            add(total, c, spent)
        end
    end
    for _, row in ipairs(rows) do row.cost, row.presumed = row.cost / UNIT, row.presumed / UNIT end
    total.cost, total.presumed = total.cost / UNIT, total.presumed / UNIT
    table.sort(rows, function(a, b) return a.key < b.key end)
    return rows, total, report
end

function M.read(path)
    local calls, report = M.each_call(path)
    if not calls then return nil, report end
    local list = {}
    for c in calls do list[#list + 1] = c end
    return list, report.unreadable + report.invalid
end

return M
