-- The DataForSEO response envelope, read in one place for every endpoint:
-- the HTTP status, the top-level status, each task's status, and the first
-- task.  Anything else (an empty body, JSON that is not an envelope, a
-- success without a task) is an error of kind "http" with reason
-- "bad_body" that says what arrived.
local errors = require "dataforseo.errors"
local is_success = errors.is_success

local M = {}

-- The first words of a body that is not JSON (an HTML error page, say).
local function first_words(body, max)
    local s = tostring(body or ""):gsub("<[^>]*>", " "):gsub("%s+", " ")
    s = s:match("^%s*(.-)%s*$")
    if #s > max then s = s:sub(1, max) .. "..." end
    return s
end

local function bad_body(res, message)
    local err = errors.http(res.status, message, nil, res.headers)
    err.reason = "bad_body"
    err.retryable = true          -- a cut or garbled body; the next may be whole
    return err
end
M.bad_body = bad_body

local function cost_of(data)
    local cost = data.cost
    return type(cost) == "number" and cost or nil
end

local NO_TASKS = {}

-- A transport's response -> the decoded envelope and its first task, or
-- nil, err (err.cost set when the envelope reported one: failures may be
-- charged).
function M.open(res)
    local data = res.data
    if res.status ~= 200 then
        local text = type(data) == "table" and data.status_message or first_words(res.body, 200)
        if type(text) ~= "string" or text == "" then text = "HTTP status " .. tostring(res.status) end
        return nil, errors.http(res.status, text, data, res.headers)
    end
    if data == nil then
        if res.decode_error then
            return nil, bad_body(res, "the response is not valid JSON (" .. res.decode_error
                .. (res.decode_position and (" at byte " .. res.decode_position) or "") .. "): "
                .. first_words(res.body, 80))
        end
        return nil, bad_body(res, "the API answered HTTP 200 with an empty body, not a DataForSEO "
            .. "response; the call may succeed when repeated")
    end
    local code = type(data) == "table" and data.status_code
    if type(code) ~= "number" then
        return nil, bad_body(res, "the response is JSON but not a DataForSEO response (it has no "
            .. "numeric status_code); check that base_url points at the API")
    end
    if not is_success(code) then
        local err = errors.api(code, data.status_message, res.status, nil, res.headers)
        err.cost = cost_of(data)
        return nil, err
    end
    -- A task error under a top-level 20000 is still an error: check each.
    local tasks = data.tasks
    if type(tasks) ~= "table" then tasks = NO_TASKS end
    local first = tasks[1]
    for i = 1, #tasks do
        local task = tasks[i]
        local task_code = type(task) == "table" and task.status_code
        if task_code and not is_success(task_code) and type(task_code) == "number" then
            local err = errors.api(task_code, task.status_message, res.status,
                type(task.id) == "string" and task.id or nil, res.headers)
            err.cost = cost_of(data)
            return nil, err
        end
    end
    if type(first) ~= "table" then
        local err = bad_body(res, string.format("the API answered %d (%s) but the response "
            .. "carries no task to read a result from", code, tostring(data.status_message)))
        err.cost = cost_of(data)
        return nil, err
    end
    return data, first
end

return M
