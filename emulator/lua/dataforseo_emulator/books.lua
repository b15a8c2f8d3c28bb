-- The account's own books: every task of a paid (live) endpoint, kept per
-- login, for POST /v3/backlinks/id_list (each task with its id and cost:
-- a client's ledger pairs its lines with them) and for the failed ones,
-- POST /v3/backlinks/errors (the last 7 days).  Shared by all nginx
-- workers (lua_shared_dict dataforseo_emulator_tasks).
--
--   books.record(login, entry)   entry: id, fn, url, method, posted, done
--                                (seconds), status_code, status_message,
--                                cost, data_json (the task's data), http_code,
--                                response (the answer's text, for errors)
--   books.id_list(login, valid) -> entries     books.errors(login, valid) -> entries
--   books.reset()
-- What does not fit in the dictionary is forgotten oldest first.
local cjson = require("cjson.safe")
local calendar = require("dataforseo_emulator.calendar")

local M = {}

local DICT = "dataforseo_emulator_tasks"
local KEEP = 190 * 86400          -- id_list reaches six months back
local KEEP_ERRORS = 8 * 86400     -- errors: the last 7 days
local MAX_METADATA = 16384        -- a larger `data` is kept as api and function only
local MAX_RESPONSE = 8192         -- errors' http_response, at most

M.ID_ORDER = { id = 1, url = 2, datetime_posted = 3, datetime_done = 4, status = 5, cost = 6, metadata = 7 }
M.ERROR_ORDER = { id = 1, datetime = 2, ["function"] = 3, error_code = 4, error_message = 5, http_url = 6,
    http_method = 7, http_code = 8, http_time = 9, http_response = 10 }

local function dict() return ngx.shared[DICT] end

function M.reset() dict():flush_all() end

local function succeeded(code) return code >= 20000 and code < 30000 end

function M.record(login, e)
    local d = dict()
    local seq = d:incr("seq:" .. login, 1, 0)
    local metadata = e.data_json
    if #metadata > MAX_METADATA then metadata = metadata:match('^{"api":"[^"]*","function":"[^"]*"') .. "}" end
    local entry = cjson.encode({
        id = e.id, url = e.url, datetime_posted = calendar.format_time(e.posted),
        datetime_done = calendar.format_time(e.done), status = succeeded(e.status_code) and "ok" or "error",
        cost = e.cost, metadata = metadata,
    })
    local key = login .. ":" .. seq
    d:set("at:" .. key, e.posted, KEEP)
    d:set("task:" .. key, entry, KEEP)
    if not succeeded(e.status_code) then
        local response = e.response or ""
        if #response > MAX_RESPONSE then response = response:sub(1, MAX_RESPONSE) end
        d:set("error:" .. key, cjson.encode({
            id = e.id, datetime = calendar.format_time(e.posted), ["function"] = e.fn .. "/live",
            error_code = e.status_code, error_message = e.status_message, http_url = e.url,
            http_method = e.method, http_code = e.http_code, http_time = e.done - e.posted,
            http_response = response,
        }), KEEP_ERRORS)
        d:set("error_at:" .. key, e.posted, KEEP_ERRORS)
    end
end

-- The login's entries of `kind` ("task" | "error") posted in from..to,
-- oldest first.
local function entries(login, kind, from, to)
    local d = dict()
    local last = d:get("seq:" .. login) or 0
    local at_prefix = (kind == "error" and "error_at:" or "at:") .. login .. ":"
    local out = {}
    for seq = 1, last do
        local at = d:get(at_prefix .. seq)
        if at and at >= from and at <= to then
            local entry = cjson.decode(d:get(kind .. ":" .. login .. ":" .. seq) or "null")
            if type(entry) == "table" then out[#out + 1] = { at = at, seq = seq, entry = entry } end
        end
    end
    return out
end

local function page(list, offset, limit)
    local out = {}
    for i = offset + 1, math.min(#list, offset + limit) do out[#out + 1] = list[i].entry end
    return out
end

-- id_list: datetime_from..datetime_to, sorted by time (asc by default),
-- metadata (the task's data) only with include_metadata.
function M.id_list(login, valid)
    local list = entries(login, "task", calendar.datetime_of(valid.datetime_from),
        calendar.datetime_of(valid.datetime_to))
    local desc = valid.sort == "desc"
    table.sort(list, function(a, b)
        if a.at ~= b.at then
            if desc then return a.at > b.at end
            return a.at < b.at
        end
        if desc then return a.seq > b.seq end
        return a.seq < b.seq
    end)
    for _, item in ipairs(list) do
        local e = item.entry
        e.metadata = valid.include_metadata == true and cjson.decode(e.metadata) or cjson.null
    end
    return page(list, valid.offset or 0, valid.limit or 1000)
end

-- errors: the last 7 days (or datetime_from..datetime_to within them),
-- newest first, of one function with filtered_function ("anchors/live").
function M.errors(login, valid)
    local now = os.time()
    local from = valid.datetime_from and calendar.datetime_of(valid.datetime_from) or now - 7 * 86400
    local to = valid.datetime_to and calendar.datetime_of(valid.datetime_to) or now
    local list = entries(login, "error", from, to)
    if valid.filtered_function then
        local kept = {}
        for _, item in ipairs(list) do
            if item.entry["function"] == valid.filtered_function then kept[#kept + 1] = item end
        end
        list = kept
    end
    table.sort(list, function(a, b)
        if a.at ~= b.at then return a.at > b.at end
        return a.seq > b.seq
    end)
    return page(list, valid.offset or 0, valid.limit or 1000)
end

return M
