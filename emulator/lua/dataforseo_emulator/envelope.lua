-- The DataForSEO response envelope, as JSON text:
--   { version, status_code, status_message, time, cost, tasks_count,
--     tasks_error, tasks: [ { id, status_code, status_message, time, cost,
--     result_count, path, data, result } ] }
-- plus the task's `data` (the request echoed) and the anchors items.
-- Pure Lua; the caller supplies elapsed times and the task-id source.
local json = require("dataforseo_emulator.json")

local M = {}

local quote, format, concat = json.quote, string.format, table.concat

-- Money as the API prints it: 0.02012, not 0.020120000000000002.
local function money(x)
    if x == math.floor(x) then return format("%d", x) end
    return format("%.10g", x)
end

M.VERSION = "0.1.20230825"
M.BASE_COST = 0.02          -- per request
M.ITEM_COST = 0.00003       -- per returned item

M.MESSAGES = {
    [20000] = "Ok.",
    [40000] = "You can set only one task at a time.",
    [40006] = "You can set no more than 100 tasks at a time.",
    [40100] = "You are not authorized to access this resource.",
    [40200] = "Payment Required.",
    [40202] = "The rate-limit per minute has been exceeded.",
    [40203] = "The cost limit has been exceeded.",
    [40204] = "Access denied (no active subscription).",
    [40209] = "Too many simultaneous requests.",
    [40400] = "Not Found.",
    [40501] = "Invalid Field.",
    [40502] = "POST Data Is Empty.",
    [40503] = "POST Data Is Invalid.",
    [40506] = "Unknown Fields in POST Data.",
    [50000] = "Internal Error.",
    [50301] = "3rd Party API Service Unavailable.",
    [50401] = "Internal Error - Timeout.",
}

function M.message(code) return M.MESSAGES[code] or "Unknown Error." end

function M.time(seconds)
    return format("%.4f sec.", seconds)
end

function M.cost(items_count)
    -- Rounded to 1e-8 so the sum prints as 0.02012, not 0.020120000000000002.
    return math.floor((M.BASE_COST + M.ITEM_COST * items_count) * 1e8 + 0.5) / 1e8
end

-- A task id in DataForSEO's UUID layout: MMDDhhmm-ssww-0272-0000-xxxxxxxxxxxx.
function M.task_id(now, worker, serial)
    local t = math.floor(now)
    return os.date("!%m%d%H%M-%S", t) .. format("%02d-0272-0000-%012x", worker % 100, serial % 2^48)
end

local ANCHORS_PATH = '["v3","backlinks","anchors","live"]'

-- One task.  t: id, status_code, status_message (default from the code),
-- time (seconds), cost, path_json (default: anchors/live), data_json,
-- result_json (nil -> null), result_count.
function M.task(t)
    return concat({
        '{"id":', quote(t.id),
        ',"status_code":', format("%d", t.status_code),
        ',"status_message":', quote(t.status_message or M.message(t.status_code)),
        ',"time":', quote(M.time(t.time or 0)),
        ',"cost":', money(t.cost or 0),
        ',"result_count":', format("%d", t.result_count or 0),
        ',"path":', t.path_json or ANCHORS_PATH,
        ',"data":', t.data_json or "{}",
        ',"result":', t.result_json or "null",
        "}",
    })
end

-- The whole response.  r: status_code, status_message, time, cost,
-- tasks (array of task JSON texts, or nil -> null), tasks_error.
function M.response(r)
    local tasks = r.tasks
    return concat({
        '{"version":', quote(M.VERSION),
        ',"status_code":', format("%d", r.status_code or 20000),
        ',"status_message":', quote(r.status_message or M.message(r.status_code or 20000)),
        ',"time":', quote(M.time(r.time or 0)),
        ',"cost":', money(r.cost or 0),
        ',"tasks_count":', format("%d", tasks and #tasks or 0),
        ',"tasks_error":', format("%d", r.tasks_error or 0),
        ',"tasks":', tasks and ("[" .. concat(tasks, ",") .. "]") or "null",
        "}",
    })
end

-- The result array of a successful anchors task.
function M.result(target, total_count, item_texts)
    return concat({
        '[{"target":', quote(target),
        ',"total_count":', format("%d", total_count),
        ',"items_count":', format("%d", #item_texts),
        ',"items":[', concat(item_texts, ","), "]}]",
    })
end


-- Request fields that are arrays: an empty one is echoed as [].
local ARRAY_FIELDS = { filters = true, order_by = true, backlinks_filters = true }
local ECHO = { empty_array = function(key, depth, in_array)
    return in_array or (depth == 1 and ARRAY_FIELDS[key] == true)
end }
local REQUEST_VALUE = { empty_array = function(_, depth, in_array) return depth == 0 or in_array end }

-- A request value (filters, order_by, ...) as text, an empty one as [];
-- equal values give equal text (query.lua keys its caches with it).
function M.request_value(v)
    return json.encode(v, REQUEST_VALUE)
end

-- The task's `data`: the request echoed with api and function first, then
-- the task's other fields sorted, values as they were sent.
function M.echo(task, api, fn)
    local fields = {}
    if type(task) == "table" then
        for k, v in pairs(task) do
            if type(k) == "string" and k ~= "api" and k ~= "function" then fields[k] = v end
        end
    end
    local rest = json.encode(fields, ECHO)   -- "{...}"
    return '{"api":' .. quote(api) .. ',"function":' .. quote(fn) ..
        (rest == "{}" and "}" or ("," .. rest:sub(2)))
end

-- The keys of a map of counts, largest count first, ties by key.
function M.count_keys(map)
    local keys = {}
    for k in pairs(map) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b)
        local ca, cb = map[a], map[b]
        if ca ~= cb then return ca > cb end
        return a < b
    end)
    return keys
end

local function is_null(v) return type(v) == "userdata" end

-- A map of counts, largest first (ties by key), at most `limit` entries;
-- nil -> null.
function M.count_map(map, limit)
    if map == nil or is_null(map) then return "null" end
    local keys = M.count_keys(map)
    local out = { "{" }
    local n = #keys
    if limit and limit < n then n = limit end
    for i = 1, n do
        if i > 1 then out[#out + 1] = "," end
        out[#out + 1] = quote(keys[i])
        out[#out + 1] = ":"
        out[#out + 1] = format("%d", map[keys[i]])
    end
    out[#out + 1] = "}"
    return concat(out)
end

local function str_or_null(s)
    if s == nil or is_null(s) then return "null" end
    return quote(s)
end

-- One anchors item, keys in the documented order.  `maps_limited` names
-- the maps that internal_list_limit applies to.
function M.item(it, limit, maps_limited)
    local function map(name)
        return M.count_map(it[name], maps_limited[name] and limit or nil)
    end
    return concat({
        '{"type":"backlinks_anchor","anchor":', str_or_null(it.anchor),
        ',"rank":', format("%d", it.rank),
        ',"backlinks":', format("%d", it.backlinks),
        ',"first_seen":', str_or_null(it.first_seen),
        ',"lost_date":', str_or_null(it.lost_date),
        ',"backlinks_spam_score":', format("%d", it.backlinks_spam_score),
        ',"broken_backlinks":', format("%d", it.broken_backlinks),
        ',"broken_pages":', format("%d", it.broken_pages),
        ',"referring_domains":', format("%d", it.referring_domains),
        ',"referring_domains_nofollow":', format("%d", it.referring_domains_nofollow),
        ',"referring_main_domains":', format("%d", it.referring_main_domains),
        ',"referring_main_domains_nofollow":', format("%d", it.referring_main_domains_nofollow),
        ',"referring_ips":', format("%d", it.referring_ips),
        ',"referring_subnets":', format("%d", it.referring_subnets),
        ',"referring_pages":', format("%d", it.referring_pages),
        ',"referring_links_tld":', map("referring_links_tld"),
        ',"referring_links_types":', map("referring_links_types"),
        ',"referring_links_attributes":', map("referring_links_attributes"),
        ',"referring_links_platform_types":', map("referring_links_platform_types"),
        ',"referring_links_semantic_locations":', map("referring_links_semantic_locations"),
        ',"referring_links_countries":', map("referring_links_countries"),
        ',"referring_pages_nofollow":', format("%d", it.referring_pages_nofollow),
        "}",
    })
end

return M
