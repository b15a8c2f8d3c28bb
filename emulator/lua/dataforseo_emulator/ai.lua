-- The ".ai" form of an answer (any path with ".ai" appended), as
-- DataForSEO's "AI-optimized API response" page describes it:
--   - the envelope is cut to the task's id, status_code and status_message
--     (an answer without a task: status_code and status_message);
--   - `items`: the results' items, or the results themselves where they
--     have none (the summary, id_list); fields that are null, false or
--     empty ("", [], {}) are left out, at every depth;
--   - numbers that are not whole are rounded to 3 decimals.
-- The request side (limit 10 by default, charged as usual) is server.lua's.
--
--   ai.convert(json_text) -> json_text
local cjson = require("cjson.safe")
local json = require("dataforseo_emulator.json")
local is_array = require("dataforseo_emulator.filter").is_list

local M = {}

local floor = math.floor
local null = cjson.null

local ORDER = { id = 1, status_code = 2, status_message = 3, items = 4 }
local ENCODING = { first = ORDER, empty_array = function(key, depth) return key == "items" and depth == 1 end }

-- The value without its empty parts; nil when nothing is left.
local function crop(v)
    if v == null or v == false or v == "" then return nil end
    if type(v) == "number" and v ~= floor(v) then return floor(v * 1000 + 0.5) / 1000 end
    if type(v) ~= "table" then return v end
    local out = {}
    if is_array(v) then
        for i = 1, #v do out[#out + 1] = crop(v[i]) end
    else
        for k, x in pairs(v) do out[k] = crop(x) end
    end
    if next(out) == nil then return nil end
    return out
end

local function items_of(results)
    local nested = false
    for _, r in ipairs(results) do
        if type(r) == "table" and type(r.items) == "table" then nested = true end
    end
    local out = {}
    for _, r in ipairs(results) do
        if not nested then
            out[#out + 1] = crop(r)
        elseif type(r) == "table" and type(r.items) == "table" then
            for _, item in ipairs(r.items) do out[#out + 1] = crop(item) end
        end
    end
    return out
end

function M.convert(text)
    local v = cjson.decode(text)
    if type(v) ~= "table" then return text end
    local task = type(v.tasks) == "table" and v.tasks[1] or nil
    if type(task) ~= "table" then
        return json.encode({ status_code = v.status_code, status_message = v.status_message }, ENCODING)
    end
    local out = { id = task.id, status_code = task.status_code, status_message = task.status_message }
    if type(task.result) == "table" then out.items = items_of(task.result) end
    return json.encode(out, ENCODING)
end

return M
