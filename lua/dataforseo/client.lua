-- The Client: settings, credentials, the transport, the DataForSEO envelope
-- and the retry of transient failures.
--
--   local client = dataforseo.new{ login =, password =, ... }   (see OPTIONS)
--   client:anchors(params)          -> Page | nil, err
--   client:post(path, tasks)        -> decoded response, first task | nil, err
--   client:get(path)                -> decoded response, first task | nil, err
--   client:query(target)            -> chainable query builder
--   client:close()
--
-- Programming errors (unknown option, wrong option type) raise; expected
-- failures (no credentials in the environment, network, API) are nil, err.
local version = require "dataforseo.version"
local errors = require "dataforseo.errors"
local cjson = require "cjson"

local M = {}

local Client = {}
Client.__index = Client
M.Client = Client

local API_URL = "https://api.dataforseo.com"
local SANDBOX_URL = "https://sandbox.dataforseo.com"
local ANCHORS_PATH = "/v3/backlinks/anchors/live"

-- Option name -> { Lua type, default, check(value) -> message | nil }.
local function positive(v) if not (v > 0) then return "must be > 0" end end
local function non_negative_integer(v)
    if v < 0 or v ~= math.floor(v) or v > 100 then return "must be an integer from 0 to 100" end
end
local OPTIONS = {
    login = { "string" },
    password = { "string" },
    base_url = { "string" },
    sandbox = { "boolean", false },
    timeout = { "number", 60, positive },
    connect_timeout = { "number", 10, positive },
    retries = { "number", 3, non_negative_integer },
    retry_delay = { "number", 0.5, function(v) if v < 0 then return "must be >= 0" end end },
    ca_file = { "string" },
    ca_path = { "string" },
    proxy = { "string" },
    user_agent = { "string" },
    max_response_size = { "number", 64 * 1024 * 1024,
        function(v) if v < 1 then return "must be >= 1 (bytes)" end end },
    compressed = { "boolean", true },
}
local OPTION_NAMES = {}
for name in pairs(OPTIONS) do OPTION_NAMES[#OPTION_NAMES + 1] = name end
table.sort(OPTION_NAMES)
M.OPTION_NAMES = OPTION_NAMES

-- Credentials live here, keyed by client, never in a client field: printing
-- or walking a client cannot show them.
local secrets = setmetatable({}, { __mode = "k" })

local function option_error(msg)
    error("dataforseo.new: " .. msg, 3)
end

local function check_options(opts)
    for name, value in pairs(opts) do
        local spec = OPTIONS[name]
        if not spec then
            local hint = errors.suggest(tostring(name), OPTION_NAMES)
            option_error(string.format("unknown option '%s'%s (options: %s)", tostring(name),
                hint and (" (did you mean '" .. hint .. "'?)") or "", table.concat(OPTION_NAMES, ", ")))
        end
        if type(value) ~= spec[1] then
            option_error(string.format("option '%s' must be a %s, got %s", name, spec[1], type(value)))
        end
        local problem = spec[3] and spec[3](value)
        if problem then option_error(string.format("option '%s' %s", name, problem)) end
    end
end

-- http(s)://host[:port][/prefix], no credentials, query or fragment.
local function normalise_base_url(url)
    local scheme, rest = url:match("^(https?)://(.+)$")
    if not scheme then
        option_error("option 'base_url' must start with http:// or https:// (got '" .. url .. "')")
    end
    local authority = rest:match("^([^/]*)")
    if authority:find("@", 1, true) then
        option_error("option 'base_url' must not carry credentials; use login and password")
    end
    if authority == "" or rest:find("[?#%s]") then
        option_error("option 'base_url' must be http(s)://host[:port][/path] without query or fragment")
    end
    return (scheme .. "://" .. rest:gsub("/+$", ""))
end

function M.new(opts)
    if opts == nil then opts = {} end
    if type(opts) ~= "table" then
        error("dataforseo.new: expected a table of options, got " .. type(opts), 2)
    end
    check_options(opts)
    if opts.sandbox and opts.base_url then
        option_error("options 'sandbox' and 'base_url' exclude each other")
    end

    local login = opts.login or os.getenv("DATAFORSEO_LOGIN")
    local password = opts.password or os.getenv("DATAFORSEO_PASSWORD")
    if login == nil or login == "" or password == nil or password == "" then
        local missing = (login == nil or login == "") and "login" or "password"
        return nil, errors.new{
            kind = "validation", field = missing, retryable = false,
            message = "no API " .. missing .. ": pass login and password to dataforseo.new "
                .. "or set DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD",
        }
    end

    local self = setmetatable({}, Client)
    for name, spec in pairs(OPTIONS) do
        if name ~= "login" and name ~= "password" then
            local v = opts[name]
            if v == nil then v = spec[2] end
            self[name] = v
        end
    end
    self.base_url = normalise_base_url(opts.base_url or (opts.sandbox and SANDBOX_URL) or API_URL)
    self.user_agent = opts.user_agent or ("lua-dataforseo/" .. version)
    secrets[self] = { login = login, password = password }
    self._transport = require("dataforseo.transport.curl").new(self, secrets[self])
    return self
end

function Client:__tostring()
    return "dataforseo.client (" .. self.base_url .. ")"
end

function Client:close()
    if self._transport then self._transport:close() end
end
Client.__close = Client.close
Client.__gc = Client.close

-- Removes the credentials from a text that came from outside (a server's
-- body, a transport message) before it lands in an error.
function Client:_scrub(text)
    if type(text) ~= "string" then return text end
    local s = secrets[self]
    for _, secret in ipairs{ s.password, s.login } do
        if #secret > 0 then
            local pattern = secret:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")
            text = text:gsub(pattern, "***")
        end
    end
    return text
end

local encoder = cjson.new()

local function first_line(body, max)
    local s = tostring(body or ""):gsub("<[^>]*>", " "):gsub("%s+", " ")
    s = s:match("^%s*(.-)%s*$")
    if #s > max then s = s:sub(1, max) .. "..." end
    return s
end

-- One call, no retry: the response and its first task, or nil, err.
function Client:_attempt(method, path, body)
    local res, message, code, category = self._transport:request(method, self.base_url .. path, body)
    if not res then
        return nil, errors.transport(self:_scrub(message), code, category)
    end
    local data = res.data
    if res.status ~= 200 then
        local text = type(data) == "table" and data.status_message
            or first_line(res.body, 200)
        if text == "" then text = "HTTP status " .. tostring(res.status) end
        return nil, errors.http(res.status, self:_scrub(text), data, res.headers)
    end
    if type(data) ~= "table" or type(data.status_code) ~= "number" then
        local err = errors.http(res.status, "the response is not a DataForSEO envelope: "
            .. self:_scrub(res.decode_error or first_line(res.body, 120)), nil, res.headers)
        err.retryable = true          -- a cut or garbled body; the next may be whole
        return nil, err
    end
    if not errors.is_success(data.status_code) then
        local err = errors.api(data.status_code, data.status_message, res.status, nil, res.headers)
        err.cost = type(data.cost) == "number" and data.cost or nil
        return nil, err
    end
    -- A task error under a top-level 20000 is still an error: check each.
    local tasks = type(data.tasks) == "table" and data.tasks or {}
    for _, task in ipairs(tasks) do
        if type(task) == "table" and type(task.status_code) == "number"
            and not errors.is_success(task.status_code) then
            local err = errors.api(task.status_code, task.status_message, res.status,
                type(task.id) == "string" and task.id or nil, res.headers)
            err.cost = type(data.cost) == "number" and data.cost or nil   -- failures may be charged
            return nil, err
        end
    end
    return data, tasks[1]
end

-- How long to wait before attempt `attempt + 1`, or nil to give up.
-- Issue 5 replaces this with the client-wide retry/pacing policy.
function Client:_retry_delay(err, attempt)
    if not err.retryable or attempt >= self.retries then return nil end
    if err.retry_after then return math.min(err.retry_after, self.timeout) end
    -- Exponential backoff with full jitter.
    return math.random() * math.min(8, self.retry_delay * 2 ^ attempt)
end

function Client:_send(method, path, body)
    local attempt = 0
    while true do
        local data, task_or_err = self:_attempt(method, path, body)
        if data then return data, task_or_err end
        local err = task_or_err
        err.attempts = attempt + 1
        local delay = self:_retry_delay(err, attempt)
        if not delay then return nil, err end
        attempt = attempt + 1
        if delay > 0 then self._transport:sleep(delay) end
    end
end

-- POST a JSON array of tasks to any v3 path.
function Client:post(path, tasks)
    local ok, body = pcall(encoder.encode, tasks)
    if not ok then
        return nil, errors.new{ kind = "validation", code = 40503, retryable = false,
            message = "the request cannot be encoded as JSON: " .. tostring(body) }
    end
    return self:_send("POST", path, body)
end

function Client:get(path)
    return self:_send("GET", path, nil)
end

-- "0.1234 sec." -> 0.1234
local function seconds(text)
    if type(text) == "number" then return text end
    return type(text) == "string" and tonumber(text:match("^%s*([%d%.]+)")) or nil
end

local function number_or(v, default)
    if type(v) == "number" then return v end
    return default
end

-- A Page: one answer of anchors/live as plain Lua values.
local function make_page(response, task, sent)
    local result = type(task.result) == "table" and task.result[1] or nil
    if type(result) ~= "table" then result = {} end
    local items = type(result.items) == "table" and result.items or {}
    local data = type(task.data) == "table" and task.data or {}
    local offset = number_or(sent.offset, number_or(data.offset, 0))
    local limit = number_or(sent.limit, number_or(data.limit, 100))
    local items_count = number_or(result.items_count, #items)
    local total_count = number_or(result.total_count, 0)
    local page = {
        items = items,
        items_count = items_count,
        total_count = total_count,
        offset = offset,
        limit = limit,
        cost = number_or(task.cost, number_or(response.cost, 0)),
        task_id = task.id,
        time = seconds(task.time),
        target = type(result.target) == "string" and result.target or sent.target,
        status_code = task.status_code,
        response = response,
    }
    if items_count > 0 and offset + items_count < total_count then
        page.next_offset = offset + items_count
    end
    return page
end

function Client:anchors(params)
    local task, problem = require("dataforseo.anchors").validate(params)
    if not task then return nil, errors.validation(problem) end
    local response, first = self:post(ANCHORS_PATH, { task })
    if not response then return nil, first end
    if type(first) ~= "table" then
        return nil, errors.api(response.status_code, "the response carries no task", 200)
    end
    return make_page(response, first, task)
end

function Client:query(target)
    local client = self
    return require("dataforseo.query").new(target, function(params)
        return client:anchors(params)
    end)
end

M.ANCHORS_PATH = ANCHORS_PATH
return M
