-- The app of store_nginx_spec.lua inside nginx: every worker writes a
-- record of its own into the shared-dict store at start, and answers
-- requests that work the store:
--   GET /dict?op=get|put|keep|list|stats&key=K&size=N     the lua_shared_dict store
--   GET /redis?op=get|put&port=P&key=K&size=N              a Redis store over cosockets
--   GET /clock?advance=S                                   the stores' clock moves on (all workers)
--   GET /undeclared                                        a store on a dictionary nginx lacks
-- Each answer is JSON: { pid, core (the C core loaded), found, value_ok, size, logs, ... }.
--   init_worker_by_lua_block { require("store_app").init_worker() }
local json_writer = require "dataforseo.json_writer"
local store = require "dataforseo.engine.store"

local M = {}

local logs = {}
local function log(_, message) logs[#logs + 1] = message end

-- Every worker's clock: nginx's, moved on by what /clock added.
local clock = { wall = function() return ngx.now() + (ngx.shared.store_clock:get("offset") or 0) end }

local function value_of(key, size)
    return (key .. "\0"):rep(math.ceil(size / (#key + 1))):sub(1, size)
end

local dict_store
local function dict()
    dict_store = dict_store or store.open({ shared_dict = "store_cache", ttl = 60 }, { log = log, clock = clock })
    return dict_store
end

function M.init_worker()
    ngx.timer.at(0, function()
        local key = "from-" .. ngx.worker.pid()
        dict():put(key, value_of(key, 5000), { cost = 0.02 })
    end)
end

local has_core = pcall(require, "dataforseo.core")

local function reply(t)
    t.pid = ngx.worker.pid()
    t.core = has_core
    t.logs = logs
    ngx.header["Content-Type"] = "application/json"
    ngx.say(json_writer.encode(t))
end

local function work(s, args)
    local op, key, size = args.op, args.key, tonumber(args.size) or 1000
    if op == "put" then
        return { ok = s:put(key, value_of(key, size), { cost = 0.05, items = 1 }) == true }
    elseif op == "get" then
        local e = s:get(key)
        return { found = e ~= nil, value_ok = e ~= nil and e.value == value_of(key, #e.value), size = e and #e.value,
            cost = e and e.cost }
    elseif op == "keep" then
        local snap = s:begin("walk-" .. key, { endpoint = "anchors", target = key, total_count = 1,
            started_at = clock.wall() })
        s:put("page-" .. key, value_of(key, size), { cost = 0.05, items = 1, snapshot = snap.id })
        local record, err = s:keep(snap, { "page-" .. key })
        return { ok = record ~= nil, err = err }
    elseif op == "list" then
        local list = s:snapshots("anchors", key) or {}
        local page = list[1] and s:page(list[1], 1)
        return { count = #list, value_ok = page == value_of(key, size) }
    elseif op == "stats" then
        return { stats = s:stats() }
    end
    return { err = "unknown op" }
end

function M.dict()
    reply(work(dict(), ngx.req.get_uri_args()))
end

function M.redis()
    local args = ngx.req.get_uri_args()
    local s = store.open({ redis = { port = tonumber(args.port) }, ttl = 600 }, { log = log, clock = clock })
    local out = work(s, args)
    s:close()
    reply(out)
end

function M.clock()
    ngx.shared.store_clock:incr("offset", tonumber(ngx.req.get_uri_args().advance) or 0, 0)
    reply({ wall = clock.wall() })
end

-- No log option: inside nginx the store writes to the error log.
function M.undeclared()
    local s = store.open({ shared_dict = "not_declared" })
    reply({ found = s:get("k") ~= nil, put = s:put("k", "v", { cost = 0 }) ~= nil })
end

return M
