-- Error objects: every expected failure of the client is `nil, err` with
-- err one of these tables (a metatable gives `tostring`).  Their kinds and
-- fields are listed in docs/errors.md (kind, code, message, http_status,
-- retryable, task_id, field/value/reason, category, retry_after, attempts,
-- cost, retry_reason, gave_up, retry_at, scope, spent/estimate/max_cost).
-- Messages never hold credentials (the engine scrubs what comes from outside).
local M = {}

local Error = {}
Error.__index = Error

local function describe(e)
    if e.kind == "validation" then
        return "invalid request: " .. tostring(e.message)
    elseif e.kind == "transport" then
        return string.format("transport error (%s, curl %s): %s",
            tostring(e.category), tostring(e.code), tostring(e.message))
    elseif e.kind == "http" then
        local code = e.code and e.code ~= e.http_status and (" " .. tostring(e.code)) or ""
        return string.format("HTTP %s%s: %s", tostring(e.http_status), code, tostring(e.message))
    end
    if e.kind == "cost_limit" then return "cost limit: " .. tostring(e.message) end
    if e.kind == "payment" then return "payment required: " .. tostring(e.message) end
    if e.kind == "governor" then return "governor: " .. tostring(e.message) end
    if e.kind == "ledger" then return "ledger: " .. tostring(e.message) end
    if e.kind == "closed" then return tostring(e.message) end
    local s = string.format("API error %s: %s", tostring(e.code), tostring(e.message))
    if e.task_id then s = s .. " (task " .. tostring(e.task_id) .. ")" end
    return s
end

function Error.__tostring(e)
    return "dataforseo: " .. describe(e)
end

function M.new(fields)
    return setmetatable(fields, Error)
end

function M.is_error(v)
    return getmetatable(v) == Error
end

-- Success is any code in [20000, 30000).
function M.is_success(code)
    return type(code) == "number" and code >= 20000 and code < 30000
end

-- Seconds a Retry-After header asks for (retry.lua parses it; loaded
-- only when a server sent one).
local function retry_after_seconds(headers)
    local v = headers and headers["retry-after"]
    if v == nil then return nil end
    return require("dataforseo.engine.retry").parse_retry_after(v)
end

function M.validation(problem)
    problem = problem or {}
    return M.new{
        kind = "validation",
        code = problem.code or (problem.reason == "unknown_field" and 40506) or 40501,
        message = problem.message or ("invalid field '" .. tostring(problem.field) .. "'"),
        field = problem.field,
        value = problem.value,
        reason = problem.reason,
        index = problem.index,     -- a list field's bad element (targets[3] -> 3)
        retryable = false,
    }
end

-- From the curl transport's failure: message, curl code, category.
function M.transport(message, code, category)
    return M.new{
        kind = "transport",
        code = code,
        category = category or "other",
        message = message or "transfer failed",
    }
end

-- The account's refusals get kinds of their own: the daily cost limit is a
-- cost limit (until 00:00 UTC, retry.lua sets retry_at), no funds is
-- "payment".  Decided by code, never by message text.
local NO_FUNDS = { [402] = true, [40200] = true, [40210] = true }
local function account_kind(e)
    if e.code == 40203 then
        e.kind, e.scope, e.retryable = "cost_limit", "account", false
        e.message = "the account's daily cost limit is reached (40203 " .. tostring(e.message)
            .. "); the API takes paid calls again after 00:00 UTC"
    elseif NO_FUNDS[e.code] or e.http_status == 402 then
        e.kind, e.retryable = "payment", false
        e.message = "the account's balance is exhausted (" .. tostring(e.code) .. " " .. tostring(e.message)
            .. "); add funds to the DataForSEO account before more paid calls"
    end
    return e
end

-- A response that is not HTTP 200, or not a DataForSEO envelope.
-- `data` is the decoded body when it was JSON (DataForSEO sends its status
-- code and message with most non-200 answers).
function M.http(status, message, data, headers)
    local code = status
    if type(data) == "table" and type(data.status_code) == "number" then
        code = data.status_code
        if type(data.status_message) == "string" then message = data.status_message end
    end
    return account_kind(M.new{
        kind = "http",
        code = code,
        http_status = status,
        message = message,
        retry_after = retry_after_seconds(headers),
    })
end

-- A call refused before sending because it could pass max_cost (scope
-- "client" or "walk") or max_cost_per_day (scope "day").
function M.cost_limit(spent, estimate, max_cost, scope)
    local cap = scope == "day" and "max_cost_per_day" or ((scope and (scope .. " ") or "") .. "max_cost")
    return M.new{
        kind = "cost_limit",
        code = "cost_limit",
        retryable = false,
        scope = scope,
        spent = spent,
        estimate = estimate,
        max_cost = max_cost,
        message = string.format("%s $%.5f: spent $%.5f%s, the next call would cost about "
            .. "$%.5f; not sent", cap, max_cost, spent, scope == "day" and " today (UTC)" or "", estimate),
    }
end

-- The governor's store (nginx shared dict, Redis) cannot be used.
function M.governor(message)
    return M.new{ kind = "governor", code = "governor", retryable = false, message = message }
end

-- The ledger file cannot be written: no more calls, so that nothing is
-- spent without a line.
function M.ledger(message)
    return M.new{ kind = "ledger", code = "ledger", retryable = false, message = message }
end

-- A call on a client after client:close().
function M.closed()
    return M.new{ kind = "closed", code = "closed", retryable = false,
        message = "the client is closed (client:close() was called); make a new one" }
end

function M.api(code, message, http_status, task_id, headers)
    return account_kind(M.new{
        kind = "api",
        code = code,
        message = message or "unknown API error",
        http_status = http_status,
        task_id = task_id,
        retry_after = retry_after_seconds(headers),
    })
end

-- "did you mean" for option names (the one implementation is text.suggest,
-- loaded when a name is wrong).
function M.suggest(name, names)
    return require("dataforseo.query.text").suggest(name, names)
end

return M
