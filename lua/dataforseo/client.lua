-- The client: options, credentials and the public methods.  Every call
-- goes through the call engine (engine/engine.lua); whole result sets
-- through engine/walk.lua; the endpoints (request fields, validation,
-- response to Page) are described in api/.  Every option of the library
-- enters here and is checked by the one checker below: a wrong one raises
-- (a programming error); missing or unusable credentials are nil, err.
-- Options are read once, at new(), and kept out of sight: a client has
-- no option fields to change (make a new client instead).
local errors = require "dataforseo.errors"
local version = require "dataforseo.version"

local M = {}

local Client = {}
Client.__index = Client

local API_URL = "https://api.dataforseo.com"
local SANDBOX_URL = "https://sandbox.dataforseo.com"
-- Characters: the API's credentials are longer, and shorter ones could
-- not be kept out of messages (scrub.lua).
M.MIN_CREDENTIAL = 4
local MIN_CREDENTIAL = M.MIN_CREDENTIAL

local format, concat = string.format, table.concat

-- True inside nginx's Lua module: the one place that decides it (the
-- transport, the governor's store, the Redis client and the decoder ask here).
function M.in_nginx()
    local host = rawget(_G, "ngx")
    return type(host) == "table" and type(host.get_phase) == "function" and type(host.socket) == "table"
        and type(host.socket.tcp) == "function"
end
local in_nginx = M.in_nginx

------------------------------------------------------------------------------
-- The one option checker.  specs: name -> { "type" (or "type|type"),
-- default, rule(value) -> problem | nil, words = { word = true } (values
-- taken besides the type) }.  noun: "option" (default) or "field";
-- prefix: before each name ("redis." for nested fields).
-- -> nil, or what is wrong, naming the option and the rule.

local function sorted_names(specs)
    local names = {}
    for name in pairs(specs) do names[#names + 1] = name end
    table.sort(names)
    return names
end

function M.check_options(opts, specs, noun, prefix)
    noun, prefix = noun or "option", prefix or ""
    for name, value in pairs(opts) do
        local spec = specs[name]
        local shown = prefix .. tostring(name):sub(1, 64)
        if not spec then
            local names = sorted_names(specs)
            if noun ~= "option" then
                return format("has unknown field '%s' (fields: %s)", shown, concat(names, ", "))
            end
            local hint = errors.suggest(tostring(name), names)
            return format("unknown option '%s'%s (options: %s)", shown,
                hint and (" (did you mean '" .. hint .. "'?)") or "", concat(names, ", "))
        end
        local word = spec.words and spec.words[value]
        if not word then
            if not spec[1]:find(type(value), 1, true) then
                local also = {}
                for w in pairs(spec.words or {}) do also[#also + 1] = " or \"" .. w .. "\"" end
                table.sort(also)
                return format("%s '%s' must be a %s%s, got %s", noun, shown, (spec[1]:gsub("|", " or ")),
                    concat(also), type(value))
            end
            local problem = spec[3] and spec[3](value)
            if problem then
                local got = type(value) == "number" and (", got " .. tostring(value)) or ""
                return format("%s '%s' %s%s", noun, shown, problem, got)
            end
        end
    end
end
local check_options = M.check_options

-- Rules
local function integer_in(lo, hi)     -- hi nil: no upper bound
    return function(v)
        if v ~= v or v < lo or v > (hi or math.huge) or v ~= math.floor(v) or v == math.huge then
            return "must be an integer " .. (hi and ("from " .. lo .. " to " .. hi) or (">= " .. lo))
        end
    end
end
local function number_in(lo, hi, unit)
    return function(v)
        if not (v >= lo and v <= hi) then
            return "must be a number from " .. tostring(lo) .. " to " .. tostring(hi) .. (unit or "")
        end
    end
end
local function above_zero(hi, unit)
    return function(v)
        if not (v > 0 and v <= hi) then return "must be > 0 and at most " .. tostring(hi) .. (unit or "") end
    end
end
local function nested(specs, prefix)
    return function(v) return check_options(v, specs, "field", prefix) end
end
-- A value that becomes an HTTP header: no control characters.
local function header_text(v)
    if v:find("[%z\1-\31\127]") then return "must not contain control characters (CR, LF, NUL, ...)" end
end

-- Rules for option specs (governor.lua and walk.lua use them too).
M.rules = { integer_in = integer_in, number_in = number_in, above_zero = above_zero, nested = nested }

local DAY = 86400

local CLOCK_FIELDS = { now = { "function" }, wall = { "function" }, sleep = { "function" } }

local OPTIONS = {
    login = { "string" },
    password = { "string" },
    base_url = { "string" },
    sandbox = { "boolean", false },
    timeout = { "number", 60, above_zero(DAY) },
    connect_timeout = { "number", 10, above_zero(DAY) },
    retries = { "number", 3, integer_in(0, 100) },
    retry_delay = { "number", 0.5, number_in(0, 3600) },
    max_retry_delay = { "number", 30, number_in(0, DAY) },
    deadline = { "number", nil, above_zero(7 * DAY) },     -- seconds per call, retries included
    -- "account": the account's own limit, read (free) at the first call.
    calls_per_minute = { "number", 2000, integer_in(1, 1000000), words = { account = true } },
    -- The account's simultaneous limit (about 30, api-facts.md); lowered for
    -- a while after 40209/429 (governor/account.lua).
    max_concurrent = { "number", 30, integer_in(1, 256) },
    max_cost = { "number", nil, above_zero(1e9) },         -- USD, client-wide (governor)
    max_cost_per_day = { "number", nil, above_zero(1e9) }, -- USD per UTC day (governor)
    governor = { "table", nil, function(v)        -- governor.lua's OPTIONS
        return check_options(v, require("dataforseo.engine.governor").OPTIONS, "field")
    end },
    ledger = { "string" },                                 -- path of the JSON-lines ledger
    -- seconds close() waits for answers in flight (their real cost replaces the estimate)
    close_wait = { "number", 3, number_in(0, 3600, " (seconds)") },
    confirm = { "function" },                              -- walks: confirm(estimate) -> boolean
    confirm_over = { "number", nil, number_in(0, 1e9, " (USD)") },  -- walks: USD above which confirm is asked
    clock = { "table", nil, nested(CLOCK_FIELDS, "") },    -- { now =, wall =, sleep = }
    log = { "function" },                                  -- log(level, message, event)
    ca_file = { "string" },
    ca_path = { "string" },
    proxy = { "string" },
    user_agent = { "string", nil, header_text },
    max_response_size = { "number", 64 * 1024 * 1024, integer_in(1, 2147483647) },
    compressed = { "boolean", true },
    -- false: send params as given and let the server judge them.
    validate = { "boolean", true },
    -- The response store (docs/store.md): { sqlite = path } | { redis = {...} } |
    -- { shared_dict = name }, ttl, max_bytes, namespace.
    cache = { "table", nil, function(v) return require("dataforseo.engine.store").check_option(v) end },
}

local function option_error(msg, level)
    error("dataforseo.new: " .. msg, level or 3)
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
-- -> the URL normalised | nil, what is wrong
local function normalise_base_url(url)
    if url:find("%z") then return nil, "contains a NUL byte" end
    local scheme, userinfo, host, path = split_url(url)
    if scheme ~= "http" and scheme ~= "https" then return nil, "must start with http:// or https://" end
    if userinfo then
        return nil, "must not carry credentials (user:password@); use the login and password options"
    end
    if host == "" or url:find("[?#%s%c]") then
        return nil, "must be http(s)://host[:port][/path] without query or fragment (got '"
            .. url:sub(1, 200) .. "')"
    end
    return (scheme .. "://" .. host .. path:gsub("/+$", ""))
end

-- The proxy URL checked; -> the URL for libcurl, a form safe to show.
local function check_proxy(url)
    local scheme, userinfo, host = split_url(url)
    if not scheme or url:find("[%s%c]") or not host:match("^[%w.-]+$") and not host:match("^[%w.-]+:%d+$")
        and not host:match("^%[[%x:.]+%]:?%d*$") then
        option_error("option 'proxy' must be scheme://[user:password@]host[:port], "
            .. "e.g. http://proxy.example:3128", 4)
    end
    return url, scheme .. "://" .. (userinfo and "***@" or "") .. host
end

------------------------------------------------------------------------------
-- Credentials live here, keyed by client, never in a client field: printing
-- or walking a client cannot show them.

local secrets = setmetatable({}, { __mode = "k" })

local function credential_problem(name, v)
    if v == nil or v == "" then
        return "no API " .. name .. ": pass login and password to dataforseo.new "
            .. "or set DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD"
    end
    if v:find("[%z\r\n]") then
        return "the API " .. name .. " contains a NUL or line break, which cannot be sent"
    end
    if #v < MIN_CREDENTIAL then
        return "the API " .. name .. " is shorter than " .. MIN_CREDENTIAL .. " characters: DataForSEO's "
            .. "never are, and one so short could not be kept out of messages"
    end
end

-- -> the field at fault and why, or nil
local function credentials_problem(login, password)
    local problem = credential_problem("login", login)
    if problem then return "login", problem end
    problem = credential_problem("password", password)
    if problem then return "password", problem end
    if login:find(":", 1, true) then
        return "login", "the API login contains ':', which makes the Basic authorization ambiguous"
    end
end

------------------------------------------------------------------------------
-- new

-- The default `log`: nginx's error log inside nginx, else nothing.
local NGX_LEVEL = { info = "INFO", warn = "WARN", error = "ERR" }
local function default_log()
    if not in_nginx() then return nil end
    return function(level, message)
        ngx.log(ngx[NGX_LEVEL[level] or "NOTICE"], "dataforseo: ", message)
    end
end

-- The options a client keeps for its methods, by client (not in fields).
local kept = setmetatable({}, { __mode = "k" })

-- The server: base_url, sandbox, else $DATAFORSEO_BASE_URL, else the API.
-- -> URL | nil, err (a bad $DATAFORSEO_BASE_URL)
local function server(opts)
    if opts.sandbox and opts.base_url then
        option_error("options 'sandbox' and 'base_url' exclude each other", 4)
    end
    if opts.base_url then
        local url, problem = normalise_base_url(opts.base_url)
        if not url then option_error("option 'base_url' " .. problem, 4) end
        return url
    end
    if opts.sandbox then return SANDBOX_URL end
    local env = os.getenv("DATAFORSEO_BASE_URL")
    if env == nil or env == "" then return API_URL end
    local url, problem = normalise_base_url(env)
    if not url then
        return nil, errors.validation{ field = "base_url", reason = "environment",
            message = "DATAFORSEO_BASE_URL " .. problem }
    end
    return url
end

function M.new(opts)
    if opts == nil then opts = {} end
    if type(opts) ~= "table" then
        error("dataforseo.new: expected a table of options, got " .. type(opts), 2)
    end
    local problem = check_options(opts, OPTIONS)
    if problem then option_error(problem) end
    local base_url, err = server(opts)
    if not base_url then return nil, err end
    local proxy, shown_proxy
    if opts.proxy then proxy, shown_proxy = check_proxy(opts.proxy) end

    local login = opts.login or os.getenv("DATAFORSEO_LOGIN")
    local password = opts.password or os.getenv("DATAFORSEO_PASSWORD")
    local field, why = credentials_problem(login, password)
    if field then
        return nil, errors.new{ kind = "validation", field = field, reason = "credentials",
            retryable = false, message = why }
    end

    local ledger
    if opts.ledger then
        ledger, why = require("dataforseo.engine.ledger").open(opts.ledger)
        if not ledger then return nil, errors.ledger(why) end
    end

    local settings = {}
    for name, spec in pairs(OPTIONS) do
        local v = opts[name]
        if v == nil then v = spec[2] end
        settings[name] = v
    end
    settings.login, settings.password, settings.clock, settings.governor = nil, nil, nil, nil
    settings.cache = nil
    settings.base_url, settings.proxy = base_url, shown_proxy
    settings.user_agent = opts.user_agent or ("lua-dataforseo/" .. version)
    local log = opts.log or default_log()
    settings.log = log

    local self = setmetatable({}, Client)
    local proxy_userinfo = proxy and select(2, split_url(proxy))
    local hidden, joined = { password, login }, { login .. ":" .. password }
    if proxy_userinfo then
        hidden[#hidden + 1] = proxy_userinfo
        for part in proxy_userinfo:gmatch("[^:]+") do hidden[#hidden + 1] = part end
    end
    local governor = opts.governor
    if governor and governor.redis and governor.redis.password then
        hidden[#hidden + 1] = governor.redis.password
    end
    local cache = opts.cache
    if cache and cache.redis and cache.redis.password then hidden[#hidden + 1] = cache.redis.password end
    -- Messages from outside are scrubbed of every form of these; the
    -- patterns are made when the first message needs them.
    local scrubber
    local function scrub(text)
        scrubber = scrubber or require("dataforseo.scrub").new(hidden, joined)
        return scrubber(text)
    end
    secrets[self] = { login = login, password = password, proxy = proxy }
    local transport = require(in_nginx() and "dataforseo.hosts.ngx" or "dataforseo.hosts.curl")
        .new(settings, secrets[self])
    local clock = transport.clock()
    for name, f in pairs(opts.clock or {}) do clock[name] = f end
    local store
    if governor or in_nginx() then
        store = require("dataforseo.engine.governor").new{ governor = governor, clock = clock, log = log,
            nginx = in_nginx(),
            -- The store keys name the account by a hash of the login, never the login.
            account_key = function(prefix)
                return require("dataforseo.engine.sha256").hex(prefix .. "\0" .. login):sub(1, 32)
            end }
    end
    self.engine = require("dataforseo.engine.engine").new{ settings = settings, transport = transport,
        clock = clock, scrub = scrub, store = store, ledger = ledger, log = log,
        -- Call ids shared with other processes (the store's leases, the ledger's lines) are unique.
        id_prefix = (ledger or (store and store.shared)) and require("dataforseo.engine.governor").id_prefix() }
    if cache then
        local answers = require("dataforseo.engine.store").open(cache, { log = log, clock = clock, origin = base_url })
        settings.cache_store = answers
        settings.answers = require("dataforseo.engine.store_answers").new(answers, { wall = clock.wall,
            refresh = cache.refresh })
        self.engine:use_answers(settings.answers.answer, settings.answers.keep)
    end
    kept[self] = settings
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
--   client:NAME_async(params, callback), client:NAME_pages_async(...)   on a
--       libuv loop (hosts/async.lua, loaded by the first of them)
local endpoints = require "dataforseo.api"

-- Bulk endpoints (kind "bulk") run their batches through engine/batch.lua.
-- available_filters' answer is kept: validation then never refuses a field
-- the API lists (api/endpoint.lua).
-- opts (with a cache): { fresh = true, max_age = seconds } (docs/store.md).
local CALL_OPTIONS = { fresh = { "boolean" }, max_age = { "number", nil, above_zero(10 * 365 * DAY, " (seconds)") } }

local function one_call(name)
    return function(self, params, opts)
        check_self(self, name)
        if opts ~= nil then
            if type(opts) ~= "table" then
                error("dataforseo." .. name .. ": opts must be a table, got " .. type(opts), 2)
            end
            local problem = check_options(opts, CALL_OPTIONS)
            if problem then error("dataforseo." .. name .. ": " .. problem, 2) end
        end
        local endpoint = endpoints.get(name)
        local s = kept[self]
        if endpoint.kind == "bulk" then
            return require("dataforseo.engine.batch").run(self.engine, endpoint, params,
                { validate = s.validate, api_filters = s.api_filters })
        end
        if name == "available_filters" and s.api_filters then return s.api_filters end
        local task, notes = endpoint.task(params, s.validate, s.api_filters)
        if not task then return nil, notes end
        local result, failure = self.engine:run(endpoint, task, s.validate, opts)
        if name == "available_filters" and result then s.api_filters = result end
        if result and notes then result.notes = notes end      -- fields let through unchecked
        return result, failure
    end
end

local function walk_of(name, suffix, how)
    return function(self, params, opts)
        check_self(self, name .. suffix)
        if opts ~= nil and type(opts) ~= "table" then
            error("dataforseo.walk: opts must be a table, got " .. type(opts), 2)
        end
        local walk = require "dataforseo.engine.walk"
        local problem = opts and check_options(opts, walk.OPTIONS)
        if problem then error("dataforseo.walk: " .. problem, 2) end
        local s = kept[self]
        return walk[how]({ engine = self.engine, endpoint = endpoints.get(name),
            params = params, validate = s.validate, confirm = s.confirm, confirm_over = s.confirm_over,
            api_filters = s.api_filters, answers = s.answers }, opts)
    end
end

-- The async methods, from hosts/async.lua on their first call.
local function async(method)
    return function(self, ...)
        check_self(self, method)
        local host = require "dataforseo.hosts.async"
        host.bind(self, self.engine)
        return host[method](self, ...)
    end
end

for _, name in ipairs(endpoints.list) do
    Client[name] = one_call(name)
    Client[name .. "_async"] = async(name .. "_async")
    if endpoints.lists(name) then
        Client[name .. "_pages"] = walk_of(name, "_pages", "pages")
        Client[name .. "_items"] = walk_of(name, "_items", "items")
        Client[name .. "_all"] = walk_of(name, "_all", "all")
        Client[name .. "_pages_async"] = async(name .. "_pages_async")
    end
end
-- client:use_loop(loop [, on_error]), client:close_async(): hosts/async.lua
Client.use_loop = async("use_loop")
Client.close_async = async("close_async")

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
    return self.engine:run(require("dataforseo.api.user_data"), {}, true)
end

-- What the governor counts for the account (shared with every client of
-- the same store): engine.lua's governor_state() -> table | nil, err
function Client:governor_state()
    check_self(self, "governor_state")
    return self.engine:governor_state()
end

-- calls (retries included), retries, retries_by_reason, rate_limit_waits,
-- failures, bytes, items, pages, waited (seconds), cost (USD counted as
-- spent, presumed included), presumed (USD: see spent()).
-- With a cache: hits (calls answered by the store), saved (USD those cost
-- when live) and store = { hits, misses, saved, failures }.
function Client:stats()
    check_self(self, "stats")
    local out = self.engine:stats()
    local answers = kept[self].answers
    if answers then
        out.store = answers.session()
        out.hits, out.saved = out.store.hits, out.store.saved
    end
    return out
end

-- The response store of this client (engine/store.lua), or nil without the
-- `cache` option: upkeep (stats, prune, clear) and kept snapshots.
function Client:store()
    check_self(self, "store")
    return kept[self].cache_store
end

-- USD this client's calls cost: what the API reported, plus the estimates
-- of calls whose cost is not known (in flight, or abandoned after they may
-- have reached the API: presumed spent); and that presumed part.
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
            .. concat(endpoints.list, ", ") .. ")", 2)
    end
    return self.engine:estimate(endpoint, limit)
end

-- Ends every call and walk of this client (they return kind "closed"),
-- after waiting up to close_wait seconds for the answers of calls in
-- flight; idempotent.  The C handles also free themselves when collected.
function Client:close()
    check_self(self, "close")
    self.engine:close()
    local store = kept[self].cache_store
    if store then store:close() end
end
Client.__close = Client.close

-- "dataforseo.client (base_url[, proxy scheme://***@host])": what a client talks to.
function Client:__tostring()
    local s = kept[self]
    return "dataforseo.client (" .. s.base_url .. (s.proxy and (", proxy " .. s.proxy) or "") .. ")"
end

return M
