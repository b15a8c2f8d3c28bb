-- The application of spec/hosts/openresty_money_spec.lua inside nginx: one
-- client per worker (a ledger, the shared dictionary's governor) whose
-- call is cut off by ngx.thread.kill, the nginx way to cancel.
--
--   init_by_lua:     require("money_app").configure{ base_url =, ledger = path }
--   content_by_lua:  .kill()   ?after=seconds  a call in a thread, killed after `after`
--                    .state()  the client's spent and presumed, the governor's state
--                    .close()  client:close(), then .state()'s answer
local dataforseo = require "dataforseo"
local out_json = require "dataforseo.json_writer"

local M = {}

local settings, client

function M.configure(s) settings = s end

local function the_client()
    if not client then
        client = assert(dataforseo.new{ base_url = settings.base_url, login = "demo", password = "demo",
            ledger = settings.ledger, timeout = 1, retries = 0, close_wait = 0,
            governor = { lease_margin = 0.5 } })
    end
    return client
end

local function reply()
    local c = the_client()
    local spent, presumed = c:spent()
    local st = assert(c:governor_state())
    ngx.header["Content-Type"] = "application/json"
    ngx.say(out_json.encode{ spent = spent, presumed = presumed, store = st.store, governor_spent = st.spent,
        governor_presumed = st.presumed, reserved = st.reserved, in_flight = st.in_flight })
end

function M.kill()
    local c = the_client()
    local thread = ngx.thread.spawn(function()
        return c:anchors{ target = "forbes.com", limit = 10 }
    end)
    ngx.sleep(tonumber(ngx.var.arg_after) or 0.1)
    assert(ngx.thread.kill(thread))
    reply()
end

M.state = reply

function M.close()
    the_client():close()
    reply()
end

return M
