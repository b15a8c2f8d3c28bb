-- The Client: settings, credentials, the transport, the DataForSEO envelope,
-- the retry policy (retry.lua), the pacing (limiter.lua) and the cost ledger.
--
--   local client = dataforseo.new{ login =, password =, ... }   (see OPTIONS)
--   client:anchors(params)          -> Page | nil, err
--   client:post(path, tasks)        -> decoded response, first task | nil, err
--   client:get(path)                -> decoded response, first task | nil, err
--   client:query(target)            -> chainable query builder
--   client:anchors_items(params, opts), client:anchors_pages(params, opts),
--   client:anchors_all(params, opts)  -> whole result sets (see walk.lua)
--   client:stats()                  -> { calls, retries, retries_by_reason, bytes,
--                                        items, pages, cost, waited, rate_limit_waits,
--                                        failures }
--   client:spent()                  -> USD the API reported as cost, summed
--   client:estimate_call(limit)     -> USD the next call of `limit` items may cost
--   client:close()
--
-- Every call (single or a concurrent page of scheduler.lua) takes its turn
-- from the client's limiter, is retried by the client's policy and is
-- refused with an error of kind "cost_limit" before sending when it could
-- take spending past `max_cost`.
--
-- Programming errors (unknown option, wrong option type) raise; expected
-- failures (no credentials in the environment, network, API) are nil, err.
local version = require "dataforseo.version"
local errors = require "dataforseo.errors"
local retry = require "dataforseo.retry"
local limiter = require "dataforseo.limiter"
local cjson = require "cjson"

local M = {}

local Client = {}
Client.__index = Client
M.Client = Client

local API_URL = "https://api.dataforseo.com"
local SANDBOX_URL = "https://sandbox.dataforseo.com"
local ANCHORS_PATH = "/v3/backlinks/anchors/live"

-- Option name -> { Lua type, default, check(value) -> message | nil }.
local function positive(v) if not (v > 0 and v < math.huge) then return "must be > 0" end end
local function non_negative_integer(v)
    if v < 0 or v ~= math.floor(v) or v > 100 then return "must be an integer from 0 to 100" end
end
local function integer_from(lo, hi)
    return function(v)
        if v < lo or v > hi or v ~= math.floor(v) then
            return string.format("must be an integer from %d to %d", lo, hi)
        end
    end
end
local function clock_table(v)
    for _, name in ipairs{ "now", "wall", "sleep" } do
        if v[name] ~= nil and type(v[name]) ~= "function" then
            return "field '" .. name .. "' must be a function, got " .. type(v[name])
        end
    end
    for name in pairs(v) do
        if name ~= "now" and name ~= "wall" and name ~= "sleep" then
            return "has unknown field '" .. tostring(name) .. "' (fields: now, wall, sleep)"
        end
    end
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
    max_retry_delay = { "number", 30, function(v) if v < 0 then return "must be >= 0" end end },
    deadline = { "number", nil, positive },           -- seconds per call, retries included
    calls_per_minute = { "number", 2000, integer_from(1, 1000000) },
    max_concurrent = { "number", 8, integer_from(1, 256) },
    max_cost = { "number", nil, positive },           -- USD, client-wide
    clock = { "table", nil, clock_table },            -- { now =, wall =, sleep = } (tests, host loops)
    ca_file = { "string" },
    ca_path = { "string" },
    proxy = { "string" },
    user_agent = { "string" },
    max_response_size = { "number", 64 * 1024 * 1024,
        function(v) if v < 1 then return "must be >= 1 (bytes)" end end },
    compressed = { "boolean", true },
    -- false: send params as given and let the server judge them (the
    -- differential specs compare both judges).
    validate = { "boolean", true },
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
    -- libcurl, or nginx's cosockets inside OpenResty (transport/select.lua).
    local transport = require("dataforseo.transport.select")(self)
    self._transport = require("dataforseo.transport." .. transport).new(self, secrets[self])
    self:_init_pacing()
    return self
end

------------------------------------------------------------------------------
-- Pacing, retries, stats and the cost ledger

M.CALL_COST = 0.02          -- USD per call (api-facts.md "Cost")
M.ITEM_COST = 0.00003       -- USD per returned item
local COST_EPSILON = 1e-9   -- sums of float costs must not refuse a call one early

function Client:_init_pacing()
    local http = require("dataforseo.core").http
    local transport = self._transport
    local given = self.clock or {}
    self.clock = nil
    self._clock = {
        now = given.now or http.now,
        wall = given.wall or http.wall,
        sleep = given.sleep or function(seconds) transport:sleep(seconds) end,
    }
    self._limiter = limiter.new{ calls_per_minute = self.calls_per_minute,
        max_concurrent = self.max_concurrent, now = self._clock.now }
    self._retry = retry.new{ retries = self.retries, base_delay = self.retry_delay,
        max_delay = self.max_retry_delay, deadline = self.deadline }
    self._stats = { calls = 0, retries = 0, retries_by_reason = {}, rate_limit_waits = 0,
        bytes = 0, items = 0, pages = 0, cost = 0, waited = 0, failures = 0 }
    self._reserved = 0                           -- estimated cost of calls in flight
    self._schedulers = setmetatable({}, { __mode = "k" })
end

local function copy(t)
    local c = {}
    for k, v in pairs(t) do c[k] = type(v) == "table" and copy(v) or v end
    return c
end

-- calls: HTTP calls made (retries included); retries: calls that were
-- retries, by reason (retry.lua's words); failures: calls that failed;
-- bytes: response bytes received; items, pages: anchors delivered; cost:
-- USD reported; waited: seconds slept for pacing and backoff.
function Client:stats()
    return copy(self._stats)
end

function Client:spent()
    return self._stats.cost
end

-- What the next call of `limit` items may cost: the last observed call's
-- cost adjusted by the per-item price, or the documented price before any.
function Client:estimate_call(limit)
    limit = limit or 100
    if self._last_cost then
        return math.max(0, self._last_cost + M.ITEM_COST * (limit - self._last_items))
    end
    return M.CALL_COST + M.ITEM_COST * limit
end

-- nil, or the cost_limit error when a call estimated at `estimate` could
-- take spending (with the calls in flight) past max_cost.
function Client:_check_cost(estimate)
    if not self.max_cost then return nil end
    local spent = self._stats.cost
    if spent + self._reserved + estimate > self.max_cost + COST_EPSILON then
        return errors.cost_limit(spent, estimate, self.max_cost, "client")
    end
    return nil
end

function Client:_reserve(estimate) self._reserved = self._reserved + estimate end
function Client:_unreserve(estimate) self._reserved = math.max(0, self._reserved - estimate) end

function Client:_note_retry(reason, delay)
    local st = self._stats
    st.retries = st.retries + 1
    st.retries_by_reason[reason] = (st.retries_by_reason[reason] or 0) + 1
    if reason == "rate_limit" then
        st.rate_limit_waits = st.rate_limit_waits + 1
        -- Nobody calls before the window turns: single calls and pages alike.
        self._limiter:pause_until(self._clock.now() + delay)
    end
end

function Client:_sleep(seconds)
    if seconds > 0 then
        self._stats.waited = self._stats.waited + seconds
        self._clock.sleep(seconds)
    end
end

-- Lets concurrent walks of this client move their transfers on; true when
-- any had calls in flight.
function Client:_pump_schedulers(wait)
    local busy = false
    for s in pairs(self._schedulers) do
        if s:_pump(wait) then busy = true end
    end
    return busy
end

-- Blocks until the limiter lets one call start.
function Client:_wait_turn()
    while true do
        local wait = self._limiter:wait_time()
        if wait <= 0 then return end
        if wait == math.huge then
            -- Every slot is held by concurrent pages of this client: move
            -- them on.  (If none is ours, the count is stale: go.)
            if not self:_pump_schedulers(0.05) then return end
        else
            self:_sleep(wait)
        end
    end
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
local MIN_SCRUBBED = 4

function Client:_scrub(text)
    if type(text) ~= "string" then return text end
    local s = secrets[self]
    for _, secret in ipairs{ s.password, s.login } do
        -- A secret of a few characters would mangle every word it occurs
        -- in ("b***tes") and hides nothing: real ones are longer.
        if #secret >= MIN_SCRUBBED then
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

-- What a transport (or the multi handle) brought back -> the response and
-- its first task, or nil, err (its message not yet scrubbed: _finish does).  Counts the call, its bytes and its cost.
function Client:_finish(res, message, code, category)
    local data, task_or_err = self:_interpret(res, message, code, category)
    -- Every message that came from outside passes the scrub, whatever
    -- built the error (a server may echo the login in status_message).
    if not data then task_or_err.message = self:_scrub(task_or_err.message) end
    local st = self._stats
    st.calls = st.calls + 1
    if res then st.bytes = st.bytes + (res.bytes or 0) end
    local cost
    if data then cost = data.cost else
        st.failures = st.failures + 1
        cost = task_or_err.cost
    end
    -- A cost that is not a finite number (JSON allows 1e400) would poison
    -- every later max_cost check: it is not added.
    if type(cost) == "number" and cost >= 0 and cost < math.huge then st.cost = st.cost + cost end
    return data, task_or_err
end

function Client:_interpret(res, message, code, category)
    if not res then
        return nil, errors.transport(message, code, category)
    end
    local data = res.data
    if res.status ~= 200 then
        local text = type(data) == "table" and data.status_message
            or first_line(res.body, 200)
        if text == "" then text = "HTTP status " .. tostring(res.status) end
        return nil, errors.http(res.status, text, data, res.headers)
    end
    if type(data) ~= "table" or type(data.status_code) ~= "number" then
        local err = errors.http(res.status, "the response is not a DataForSEO envelope: "
            .. (res.decode_error or first_line(res.body, 120)), nil, res.headers)
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

local MIN_CALL_TIME = 0.001   -- seconds: less left before a deadline is no time

-- One logical call: paced by the limiter, retried by the policy, refused
-- before sending when it could pass max_cost (estimate: USD, or nil).
-- Returns the response, its first task and the number of calls made.
function Client:_send(method, path, body, estimate)
    local policy, clock = self._retry, self._clock
    local state = policy:start(clock.now())
    local attempts, last_err = 0, nil
    while true do
        -- The turn first (it may yield to an event loop), then the cost
        -- check and its reservation with nothing in between: calls running
        -- at once (async, OpenResty) each see the others' estimates.
        self:_wait_turn()
        local cost_err = estimate and self:_check_cost(estimate)
        if cost_err then
            cost_err.attempts = attempts
            return nil, cost_err
        end
        local opts
        local left = policy:remaining(state, clock.now())
        if left then
            -- libcurl takes milliseconds, and 0 would mean no timeout at all
            if left < MIN_CALL_TIME then
                return nil, last_err or errors.transport("deadline passed before the call", 28, "timeout")
            end
            opts = { timeout = math.min(self.timeout, left) }
        end
        if estimate then self:_reserve(estimate) end
        self._limiter:acquire()
        local ok, res, message, code, category = pcall(self._transport.request, self._transport,
            method, self.base_url .. path, body, opts)
        self._limiter:release()
        if estimate then self:_unreserve(estimate) end
        if not ok then error(res, 0) end
        attempts = attempts + 1
        local data, task_or_err = self:_finish(res, message, code, category)
        if data then return data, task_or_err, attempts end
        local err = task_or_err
        err.attempts = attempts
        last_err = err
        local delay, reason = policy:decide(err, state, clock.now(), clock.wall())
        if not delay then return nil, err end
        err.retry_reason = reason
        self:_note_retry(reason, delay)
        if reason ~= "rate_limit" then self:_sleep(delay) end   -- the pause holds the others
    end
end

-- Encodes a request body (an array of tasks).
function Client:_encode(tasks)
    local ok, body = pcall(encoder.encode, tasks)
    if not ok then
        return nil, errors.new{ kind = "validation", code = 40503, retryable = false,
            message = "the request cannot be encoded as JSON: " .. tostring(body) }
    end
    return body
end

-- POST a JSON array of tasks to any v3 path.
function Client:post(path, tasks)
    local body, err = self:_encode(tasks)
    if not body then return nil, err end
    local first = type(tasks) == "table" and tasks[1]
    local limit = type(first) == "table" and type(first.limit) == "number" and first.limit or 100
    return self:_send("POST", path, body, self:estimate_call(limit))
end

function Client:get(path)
    return self:_send("GET", path, nil, nil)   -- the free endpoints are GETs
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

-- The validated task of an anchors request, or nil, err.
function Client:_anchors_task(params)
    if not self.validate then
        if type(params) ~= "table" then
            return nil, errors.validation{ field = "params", reason = "type",
                message = "params: expected a table of request fields, got " .. type(params) }
        end
        local task = {}
        for k, v in pairs(params) do task[k] = v end
        return task
    end
    local task, problem = require("dataforseo.anchors").validate(params)
    if not task then return nil, errors.validation(problem) end
    return task
end

-- A response of anchors/live -> Page (counted in the stats), or nil, err.
function Client:_anchors_page(response, first, task, attempts)
    if type(first) ~= "table" then
        return nil, errors.api(response.status_code, "the response carries no task", 200)
    end
    local page = make_page(response, first, task)
    page.attempts = attempts
    local st = self._stats
    st.pages = st.pages + 1
    st.items = st.items + #page.items
    self._last_cost, self._last_items = page.cost, #page.items
    return page
end

function Client:anchors(params)
    local task, err = self:_anchors_task(params)
    if not task then return nil, err end
    local body
    body, err = self:_encode({ task })
    if not body then return nil, err end
    local response, first, attempts = self:_send("POST", ANCHORS_PATH, body,
        self:estimate_call(task.limit or 100))
    if not response then return nil, first end
    return self:_anchors_page(response, first, task, attempts)
end

-- Whole result sets (walk.lua): pages in order, items in order, or all
-- items at once; opts = { concurrency, max_items, max_cost, limit, on_page }.
-- Required on use: walk.lua and scheduler.lua require this module.
function Client:anchors_pages(params, opts)
    return require("dataforseo.walk").pages(self, params, opts)
end

function Client:anchors_items(params, opts)
    return require("dataforseo.walk").items(self, params, opts)
end

function Client:anchors_all(params, opts)
    return require("dataforseo.walk").fetch_all(self, params, opts)
end

function Client:query(target)
    local client = self
    return require("dataforseo.query").new(target, function(params)
        return client:anchors(params)
    end)
end

M.ANCHORS_PATH = ANCHORS_PATH
return M
