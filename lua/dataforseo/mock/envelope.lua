-- The DataForSEO response envelope, as JSON text:
--   { version, status_code, status_message, time, cost, tasks_count,
--     tasks_error, tasks: [ { id, status_code, status_message, time, cost,
--     result_count, path, data, result } ] }
-- Pure Lua; the caller supplies elapsed times and the task-id source.
local jsontext = require("dataforseo.mock.jsontext")

local M = {}

local quote, money, format, concat = jsontext.quote, jsontext.money, string.format, table.concat

M.VERSION = "0.1.20230825"
M.BASE_COST = 0.02          -- per request
M.ITEM_COST = 0.00003       -- per returned item

M.MESSAGES = {
  [20000] = "Ok.",
  [40000] = "You can set only one task at a time.",
  [40006] = "You can set no more than 100 tasks at a time.",
  [40100] = "You are not authorized to access this resource.",
  [40202] = "The rate-limit per minute has been exceeded.",
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

local PATH = '["v3","backlinks","anchors","live"]'

-- One task.  t: id, status_code, status_message (default from the code),
-- time (seconds), cost, data_json, result_json (nil -> null),
-- result_count.
function M.task(t)
  return concat({
    '{"id":', quote(t.id),
    ',"status_code":', format("%d", t.status_code),
    ',"status_message":', quote(t.status_message or M.message(t.status_code)),
    ',"time":', quote(M.time(t.time or 0)),
    ',"cost":', money(t.cost or 0),
    ',"result_count":', format("%d", t.result_count or 0),
    ',"path":', t.path_json or PATH,
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

return M
