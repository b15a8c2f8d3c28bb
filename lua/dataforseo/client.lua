-- The client: options, credentials and the public methods.  Every call
-- goes through the call engine (engine/engine.lua); whole result sets through
-- walk.lua; the anchors endpoint (request fields, validation, response to
-- Page) is described in api/.  Options are checked here: a wrong one raises (a
-- programming error); missing or unusable credentials are nil, err.
local errors = require "dataforseo.errors"
local version = require "dataforseo.version"


local M = {}

local Client = {}
Client.__index = Client
M.Client = Client

local API_URL = "https://api.dataforseo.com"
local SANDBOX_URL = "https://sandbox.dataforseo.com"

------------------------------------------------------------------------------
-- Options: name -> { Lua type, default, check(value) -> problem | nil }

local function number_in(lo, hi, integer)
    return function(v)
        if v ~= v or v < lo or v > hi or (integer and v ~= math.floor(v)) then
            return string.format("must be %s from %s to %s", integer and "an integer" or "a number",
                tostring(lo), tostring(hi))
        end
    end
end
local function above_zero(hi)
    return function(v)
        if not (v > 0 and v <= hi) then return "must be > 0 and at most " .. tostring(hi) end
    end
end
local function clock_table(v)
    for name, f in pairs(v) do
        if name ~= "now" and name ~= "wall" and name ~= "sleep" then
            return "has unknown field '" .. tostring(name) .. "' (fields: now, wall, sleep)"
        end
        if type(f) ~= "function" then
            return "field '" .. name .. "' must be a function, got " .. type(f)
        end
    end
end
-- A value that becomes an HTTP header: no control characters.
local function header_text(v)
    if v:find("[%z\1-\31\127]") then return "must not contain control characters (CR, LF, NUL, ...)" end
end

local function governor_table(v)
    return require("dataforseo.engine.governor").check_option(v)
end
local function usd_or_zero(v)
    if not (v >= 0 and v <= 1e9) then return "must be from 0 to 1e9 (USD)" end
end

local DAY = 86400
local OPTIONS = {
    login = { "string" },
    password = { "string" },
    base_url = { "string" },
    sandbox = { "boolean", false },
    timeout = { "number", 60, above_zero(DAY) },
    connect_timeout = { "number", 10, above_zero(DAY) },
    retries = { "number", 3, number_in(0, 100, true) },
    retry_delay = { "number", 0.5, number_in(0, 3600) },
    max_retry_delay = { "number", 30, number_in(0, DAY) },
    deadline = { "number", nil, above_zero(7 * DAY) },     -- seconds per call, retries included
    -- "account": the account's own limit, read (free) at the first call.
    calls_per_minute = { "number", 2000, number_in(1, 1000000, true), also = { account = true } },
    max_concurrent = { "number", 8, number_in(1, 256, true) },
    max_cost = { "number", nil, above_zero(1e9) },         -- USD, client-wide (governor)
    max_cost_per_day = { "number", nil, above_zero(1e9) }, -- USD per UTC day (governor)
    governor = { "table", nil, governor_table },           -- governor.lua: where pace and budget live
    ledger = { "string" },                                 -- path of the JSON-lines ledger
    confirm = { "function" },                              -- walks: confirm(estimate) -> boolean
    confirm_over = { "number", nil, usd_or_zero },         -- walks: USD above which confirm is asked
    clock = { "table", nil, clock_table },                 -- { now =, wall =, sleep = }
    ca_file = { "string" },
    ca_path = { "string" },
    proxy = { "string" },
    user_agent = { "string", nil, header_text },
    max_response_size = { "number", 64 * 1024 * 1024, number_in(1, 2147483647, true) },
    compressed = { "boolean", true },
    -- false: send params as given and let the server judge them.
    validate = { "boolean", true },
}
local OPTION_NAMES = {}
for name in pairs(OPTIONS) do OPTION_NAMES[#OPTION_NAMES + 1] = name end
table.sort(OPTION_NAMES)
M.OPTION_NAMES = OPTION_NAMES

local function option_error(msg)
    error("dataforseo.new: " .. msg, 3)
end

local function check_options(opts)
    for name, value in pairs(opts) do
        local spec = OPTIONS[name]
        if not spec then
            local hint = errors.suggest(tostring(name), OPTION_NAMES)
            option_error(string.format("unknown option '%s'%s (options: %s)", tostring(name):sub(1, 64),
                hint and (" (did you mean '" .. hint .. "'?)") or "", table.concat(OPTION_NAMES, ", ")))
        end
        local word = spec.also and spec.also[value]    -- a word it takes besides its type
        if not word and type(value) ~= spec[1] then
            local words = {}
            for w in pairs(spec.also or {}) do words[#words + 1] = " or \"" .. w .. "\"" end
            option_error(string.format("option '%s' must be a %s%s, got %s", name, spec[1],
                table.concat(words), type(value)))
        end
        local problem = type(value) == spec[1] and spec[3] and spec[3](value)
        if problem then option_error(string.format("option '%s' %s", name, problem)) end
    end
end

-- scheme://[userinfo@]authority[/rest]: the parts, the userinfo kept
-- apart so that no message or field ever shows it.
local function split_url(url)
    local scheme, rest = url:match("^(%a[%w+.-]*)://(.*)$")
    if not scheme then return nil end
    local authority, path = rest:match("^([^/?#]*)(.*)$")
    local userinfo, host = authority:match("^(.*)@([^@]*)$")
    return scheme:lower(), userinfo, host or authority, path
end

-- http(s)://host[:port][/prefix], no credentials, query or fragment.
local function normalise_base_url(url)
    if url:find("%z") then option_error("option 'base_url' contains a NUL byte") end
    local scheme, userinfo, host, path = split_url(url)
    if scheme ~= "http" and scheme ~= "https" then
        option_error("option 'base_url' must start with http:// or https://")
    end
    if userinfo then
        option_error("option 'base_url' must not carry credentials (user:password@); "
            .. "use the login and password options")
    end
    if host == "" or url:find("[?#%s%c]") then
        option_error("option 'base_url' must be http(s)://host[:port][/path] without query or "
            .. "fragment (got '" .. url:sub(1, 200) .. "')")
    end
    return (scheme .. "://" .. host .. path:gsub("/+$", ""))
end

-- The proxy URL checked; -> the URL for libcurl, a form safe to show.
local function check_proxy(url)
    local scheme, userinfo, host = split_url(url)
    if not scheme or url:find("[%s%c]") or not host:match("^[%w.-]+$") and not host:match("^[%w.-]+:%d+$")
        and not host:match("^%[[%x:.]+%]:?%d*$") then
        option_error("option 'proxy' must be scheme://[user:password@]host[:port], "
            .. "e.g. http://proxy.example:3128")
    end
    return url, scheme .. "://" .. (userinfo and "***@" or "") .. host
end

------------------------------------------------------------------------------
-- Credentials live here, keyed by client, never in a client field: printing
-- or walking a client cannot show them.

local secrets = setmetatable({}, { __mode = "k" })

local function credentials_problem(login, password)
    for _, name in ipairs{ "login", "password" } do
        local v = name == "login" and login or password
        if v == nil or v == "" then
            return name, "no API " .. name .. ": pass login and password to dataforseo.new "
                .. "or set DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD"
        end
        if v:find("[%z\r\n]") then
            return name, "the API " .. name .. " contains a NUL or line break, which cannot be sent"
        end
    end
    if login:find(":", 1, true) then
        return "login", "the API login contains ':', which makes the Basic authorization ambiguous"
    end
end

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local function base64(s)
    local out, floor = {}, math.floor
    local function at(n) return B64:sub(n % 64 + 1, n % 64 + 1) end
    for i = 1, #s, 3 do
        local a, b, c = s:byte(i, i + 2)
        local n = a * 65536 + (b or 0) * 256 + (c or 0)
        out[#out + 1] = at(floor(n / 262144)) .. at(floor(n / 4096)) ..
            (b and at(floor(n / 64)) or "=") .. (c and at(n) or "=")
    end
    return table.concat(out)
end

local function percent(s, upper)
    return (s:gsub("[^%w%-._~]", function(c)
        return string.format(upper and "%%%02X" or "%%%02x", c:byte())
    end))
end

-- Every form in which a secret may come back from outside: as is,
-- base64 (the Basic header), percent-encoded (URLs), longest first.
local function secret_forms(login, password, proxy_userinfo)
    local forms, seen = {}, {}
    local function add(s)
        if s and s ~= "" and not seen[s] then
            seen[s] = true
            forms[#forms + 1] = s
        end
    end
    add(base64(login .. ":" .. password))
    for _, s in ipairs{ password, login, proxy_userinfo } do
        add(s)
        add(percent(s, true))
        add(percent(s, false))
        add(base64(s))
    end
    if proxy_userinfo then
        for part in proxy_userinfo:gmatch("[^:]+") do add(part) end
    end
    table.sort(forms, function(a, b) return #a > #b end)
    return forms
end

local function scrubber(forms)
    local patterns = {}
    for i, s in ipairs(forms) do patterns[i] = s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0") end
    return function(text)
        if type(text) ~= "string" then return text end
        for _, p in ipairs(patterns) do text = text:gsub(p, "***") end
        return text
    end
end

------------------------------------------------------------------------------
-- new

local function in_nginx()
    local host = rawget(_G, "ngx")
    return type(host) == "table" and type(host.socket) == "table"
        and type(host.get_phase) == "function"
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
    local base_url = normalise_base_url(opts.base_url or (opts.sandbox and SANDBOX_URL) or API_URL)
    local proxy, shown_proxy
    if opts.proxy then proxy, shown_proxy = check_proxy(opts.proxy) end

    local login = opts.login or os.getenv("DATAFORSEO_LOGIN")
    local password = opts.password or os.getenv("DATAFORSEO_PASSWORD")
    local field, problem = credentials_problem(login, password)
    if field then
        return nil, errors.new{ kind = "validation", field = field, reason = "credentials",
            retryable = false, message = problem }
    end

    local log
    if opts.ledger then
        local why
        log, why = require("dataforseo.engine.ledger").open(opts.ledger)
        if not log then return nil, errors.ledger(why) end
    end

    local self = setmetatable({}, Client)
    for name, spec in pairs(OPTIONS) do
        if name ~= "login" and name ~= "password" and name ~= "clock" and name ~= "governor" then
            local v = opts[name]
            if v == nil then v = spec[2] end
            self[name] = v
        end
    end
    self.base_url = base_url
    self.proxy = shown_proxy
    self.user_agent = opts.user_agent or ("lua-dataforseo/" .. version)
    local proxy_userinfo = proxy and select(2, split_url(proxy))
    local scrub = scrubber(secret_forms(login, password, proxy_userinfo))
    secrets[self] = { login = login, password = password, proxy = proxy }
    local transport = require(in_nginx() and "dataforseo.hosts.ngx" or "dataforseo.hosts.curl")
        .new(self, secrets[self])
    local clock = transport.clock()
    for name, f in pairs(opts.clock or {}) do clock[name] = f end
    -- The store keys name the account by a hash of the login, never the login.
    local settings = setmetatable({ governor = opts.governor }, { __index = self })
    local redis_password = opts.governor and opts.governor.redis and opts.governor.redis.password
    if redis_password then
        local plain, pattern = scrub, redis_password:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")
        scrub = function(text)
            text = plain(text)
            if type(text) ~= "string" then return text end
            return (text:gsub(pattern, "***"))
        end
    end
    local gov = require("dataforseo.engine.governor").new{ settings = settings, clock = clock,
        account_key = function(prefix)
            return require("dataforseo.engine.sha256").hex(prefix .. "\0" .. login):sub(1, 32)
        end }
    self.engine = require("dataforseo.engine.engine").new{ settings = self, transport = transport,
        clock = clock, scrub = scrub, governor = gov, ledger = log }
    return self
end

------------------------------------------------------------------------------
-- Methods

-- `client.anchors{...}` (a dot) passes the params as self.
local function check_self(self, method)
    if getmetatable(self) ~= Client then
        error("dataforseo: call it as client:" .. method .. "(...) with a colon, not client."
            .. method .. "(...)", 3)
    end
end

-- Per endpoint of api/init.lua, the same family of methods (the
-- descriptions load on first use):
--   client:NAME(params)               one call -> Page (a table for summary) | nil, err
--   client:NAME_pages(params, opts)   a walk: iterator of Pages     (list endpoints)
--   client:NAME_items(params, opts)   a walk: iterator of items
--   client:NAME_all(params, opts)     items, walk | nil, err
local endpoints = require "dataforseo.api"

local function source(self, name, params)
    return { engine = self.engine, endpoint = endpoints.get(name), params = params,
        validate = self.validate, confirm = self.confirm, confirm_over = self.confirm_over,
        api_filters = self.api_filters }
end

-- Bulk endpoints (kind "bulk") run their batches through engine/batch.lua.
-- available_filters' answer is kept: validation then never refuses a field
-- the API lists (api/endpoint.lua).
local function one_call(name)
    return function(self, params)
        check_self(self, name)
        local endpoint = endpoints.get(name)
        if endpoint.kind == "bulk" then
            return require("dataforseo.engine.batch").run(self.engine, endpoint, params,
                { validate = self.validate, api_filters = self.api_filters })
        end
        if name == "available_filters" and self.api_filters then return self.api_filters end
        local task, notes = endpoint.task(params, self.validate, self.api_filters)
        if not task then return nil, notes end
        local result, failure = self.engine:run(endpoint, task)
        if name == "available_filters" and result then self.api_filters = result end
        if result and notes then result.notes = notes end      -- fields let through unchecked
        return result, failure
    end
end

local function walk_of(name, suffix, how)
    return function(self, params, opts)
        check_self(self, name .. suffix)
        return require("dataforseo.engine.walk")[how](source(self, name, params), opts)
    end
end

for _, name in ipairs(endpoints.list) do
    Client[name] = one_call(name)
    if endpoints.lists(name) then
        Client[name .. "_pages"] = walk_of(name, "_pages", "pages")
        Client[name .. "_items"] = walk_of(name, "_items", "items")
        Client[name .. "_all"] = walk_of(name, "_all", "all")
    end
end

function Client:query(target)
    check_self(self, "query")
    local client = self
    return require("dataforseo.query.builder").new(target, function(params)
        return client:anchors(params)
    end)
end

-- The account (GET /v3/appendix/user_data, free) -> { login, balance,
-- total, limits = { minute, day, cost_per_day }, spent_today,
-- backlinks_subscription_expiry, timezone, raw } | nil, err
function Client:account()
    check_self(self, "account")
    return self.engine:run(require("dataforseo.api.user_data"), {})
end

-- What the governor counts for the account (shared with every client of
-- the same store): governor.lua's state() -> table | nil, err
function Client:governor_state()
    check_self(self, "governor_state")
    return self.engine:governor_state()
end

-- calls (retries included), retries, retries_by_reason, rate_limit_waits,
-- failures, bytes, items, pages, cost (USD reported), waited (seconds).
function Client:stats()
    check_self(self, "stats")
    return self.engine:stats()
end

function Client:spent()
    check_self(self, "spent")
    return self.engine:spent()
end

-- USD the next call of `limit` items (default 100) of an endpoint
-- (default "anchors") may cost.
function Client:estimate_call(limit, name)
    check_self(self, "estimate_call")
    if limit == nil then limit = 100 end
    if type(limit) ~= "number" or limit ~= math.floor(limit) or limit < 1 or limit > 1000 then
        error("dataforseo: estimate_call(limit): limit must be an integer from 1 to 1000, got "
            .. tostring(limit), 2)
    end
    local endpoint = endpoints.get(name or "anchors")
    if not endpoint then
        error("dataforseo: estimate_call: unknown endpoint " .. tostring(name) .. " (endpoints: "
            .. table.concat(endpoints.list, ", ") .. ")", 2)
    end
    return self.engine:estimate(endpoint, limit)
end

-- Ends every call and walk of this client (they return kind "closed");
-- idempotent.  The C handles also free themselves when collected.
function Client:close()
    check_self(self, "close")
    self.engine:close()
end
Client.__close = Client.close

function Client:__tostring()
    return "dataforseo.client (" .. self.base_url .. ")"
end

M.in_nginx = in_nginx
return M
