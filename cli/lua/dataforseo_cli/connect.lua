-- The client a command talks through, from the connection options and the
-- environment: credentials (--login, --password-file, DATAFORSEO_LOGIN,
-- DATAFORSEO_PASSWORD), the server (--sandbox, --base-url, else
-- DATAFORSEO_BASE_URL), --timeout, the ledger (--ledger, DATAFORSEO_LEDGER)
-- and the log that shows the library's waits.  Problems are usage errors
-- naming the option (or variable) behind them.
--
--   local connect = require "dataforseo_cli.connect"
--   local client = connect.client(opts, sys [, log [, own]])
--     own: settings of the command's own (reconcile: the pace of id_list);
--     own.ledger = false: no ledger (reconcile reads it, never appends);
--     own.cache = false: no response store (the account's books are read live)
--   connect.regular_file(path, what)   -- usage error unless a regular file (or missing)
--   connect.ledger(opts, sys)          -> the ledger to read (--ledger, else
--                                      -- DATAFORSEO_LEDGER): spend, reconcile
--   connect.open_store(sys [, log]) -> store, path   the command's store (cache, changes, the
--                                      report's "since"); log(level, message) defaults to stderr
--   connect.cache_path(sys) -> path | nil   the store's file: ${XDG_CACHE_HOME:-~/.cache}/dataforseo/
--                                      cache.sqlite (nil: neither variable set, no store)
--   local w = connect.walk(client, "anchors_pages", params, walk_opts)
--                                      -- the library's rule for a walk option broken:
--                                      -- a usage error naming the flag (--concurrency)
local dataforseo = require "dataforseo"
local process = require "dataforseo_cli.process"
local usage = require "dataforseo_cli.usage"

local M = {}

local PASSWORD_FILE_MAX = 4096   -- bytes; a password file is one short line

-- The password: the file's first and only line, without any trailing CR/LF.
-- (A pipe is fine here: --password-file <(pass show dataforseo).)
local function read_password(path)
    local f, err = io.open(path, "rb")
    if not f then usage.raise("--password-file: cannot read '%s' (%s)", path, tostring(err)) end
    local text, rerr, code = f:read(PASSWORD_FILE_MAX + 1)
    local more = text and #text > PASSWORD_FILE_MAX
    f:close()
    if text == nil and rerr ~= nil then
        if code == 21 or tostring(rerr):find("directory", 1, true) then
            usage.raise("--password-file: '%s' is a directory, not a file", path)
        end
        usage.raise("--password-file: cannot read '%s' (%s)", path, tostring(rerr))
    end
    if more then
        usage.raise("--password-file: '%s' is larger than %d bytes: not a password file", path, PASSWORD_FILE_MAX)
    end
    text = (text or ""):gsub("[\r\n]+$", "")
    if text == "" then usage.raise("--password-file: '%s' is empty", path) end
    if text:find("[\r\n]") then
        usage.raise("--password-file: '%s' holds more than one line (the password is the only line)", path)
    end
    return text
end

-- A FIFO, a device or a socket would block open() or never end a read:
-- refused before anything opens it.
function M.regular_file(path, what)
    local kind = process.file_type(path)
    if kind and kind ~= "file" then
        usage.raise("%s: '%s' is a %s, not a regular file", what, path, kind)
    end
end

function M.ledger(opts, sys)
    local path = opts.ledger or sys.getenv("DATAFORSEO_LEDGER")
    if not path or path == "" then usage.raise("no ledger: use --ledger FILE or set DATAFORSEO_LEDGER") end
    M.regular_file(path, opts.ledger and "--ledger" or "DATAFORSEO_LEDGER")
    return path
end

-- The command-line flag (or variable) behind a client option, to name it.
local FLAGS = { base_url = "--base-url", timeout = "--timeout", login = "--login",
    password = "--password-file (or DATAFORSEO_PASSWORD)", sandbox = "--sandbox" }

local function nonempty(v) return v ~= nil and v ~= "" and v or nil end

-- The response store (docs/store.md): on by default; --no-cache leaves it
-- out, --refresh makes every call live and stores the answers again.
function M.cache_path(sys)
    local base = nonempty(sys.getenv("XDG_CACHE_HOME"))
    if base and base:sub(1, 1) ~= "/" then base = nil end       -- the XDG rule: absolute only
    if not base then
        local home = nonempty(sys.getenv("HOME"))
        if not home then return nil end
        base = home .. "/.cache"
    end
    return base .. "/dataforseo/cache.sqlite"
end

-- The command's store itself (cache and changes), or a usage error when
-- there is no place for it.  Problems are said once on stderr.
function M.open_store(sys, log)
    local path = M.cache_path(sys)
    if not path then usage.raise("no response store: neither XDG_CACHE_HOME nor HOME is set") end
    return require("dataforseo.engine.store").open({ sqlite = path }, { log = log or function(_, message)
        sys:say(message)
    end }), path
end

local function cache_option(opts, sys)
    if opts.no_cache then return nil end
    local path = M.cache_path(sys)
    if not path then return nil end
    return { sqlite = path, refresh = opts.refresh or nil }
end

function M.client(opts, sys, log, own)
    local login = opts.login or sys.getenv("DATAFORSEO_LOGIN")
    local password
    if opts.password_file then
        password = read_password(opts.password_file)
    else
        password = sys.getenv("DATAFORSEO_PASSWORD")
    end
    if login == nil or login == "" then usage.raise("no API login: set DATAFORSEO_LOGIN or use --login") end
    if password == nil or password == "" then
        usage.raise("no API password: set DATAFORSEO_PASSWORD or use --password-file FILE")
    end
    if opts.sandbox and opts.base_url then usage.raise("--sandbox and --base-url exclude each other") end
    local flags = setmetatable({}, { __index = FLAGS })
    local base_url = opts.base_url
    if not base_url and not opts.sandbox then
        base_url = nonempty(sys.getenv("DATAFORSEO_BASE_URL"))
        if base_url then flags.base_url = "DATAFORSEO_BASE_URL" end
    end
    local settings = { login = login, password = password, sandbox = opts.sandbox or nil,
        base_url = base_url, timeout = opts.timeout }
    local ledger = opts.ledger or nonempty(sys.getenv("DATAFORSEO_LEDGER"))
    for k, v in pairs(own or {}) do settings[k] = v end
    if settings.ledger == false then ledger, settings.ledger = nil, nil end
    if ledger then
        M.regular_file(ledger, opts.ledger and "--ledger" or "DATAFORSEO_LEDGER")
        settings.ledger = ledger
    end
    settings.log = log
    if settings.cache == false then settings.cache = nil else settings.cache = cache_option(opts, sys) end
    local ok, client, err = pcall(dataforseo.new, settings)
    -- A library from before the `log` option (interface 1 of the brief):
    -- the same client without it (its waits are then silent).
    if not ok and log and tostring(client):find("unknown option 'log'", 1, true) then
        settings.log = nil
        ok, client, err = pcall(dataforseo.new, settings)
    end
    if not ok then
        -- dataforseo.new raises on a bad option value: name the flag behind it.
        -- A URL's userinfo (user:password@) is never echoed.
        local msg = tostring(client):gsub("(//)[^/@%s']*@", "%1***@")
        local name = msg:match("option '([%w_]+)'")
        if not FLAGS[name] then error(client, 0) end
        usage.raise("%s: %s", flags[name], (msg:gsub("^.-option '" .. name .. "' ", "")))
    end
    if not client then
        if err.kind == "ledger" then usage.raise("--ledger: %s", err.message) end
        usage.raise("%s", err.message)
    end
    return client
end

-- The walk options the command sets from its flags.
local WALK_FLAGS = { concurrency = "--concurrency", max_items = "--max-items", max_cost = "--max-cost",
    confirm_over = "--confirm-over" }

function M.walk(client, method, params, opts)
    local ok, w = pcall(client[method], client, params, opts)
    if ok then return w end
    local msg = tostring(w)
    local name = msg:match("option '([%w_]+)'")
    if not WALK_FLAGS[name] then error(w, 0) end
    pcall(client.close, client)
    usage.raise("%s: %s", WALK_FLAGS[name], (msg:gsub("^.-option '" .. name .. "' ", "")))
end

return M
