-- Which transport a client gets, decided by the host it runs in.
--
--   local select = require "dataforseo.transport.select"
--   select(settings)       -> "ngx" inside nginx's Lua module, "curl" elsewhere
--   select.check_phase()   raises, inside nginx, when the current phase cannot
--                          use cosockets (the ngx transport calls it per request)
--   select.can_yield()     -> true | false, phase name
--
-- Inside nginx the choice is "ngx" in every phase, so a client may be made
-- once in init_by_lua (or at module level) and used by every request; what
-- depends on the phase is whether a *call* may run, and that is checked
-- when the call is made.  A blocking libcurl call inside nginx would stall
-- the whole worker, so it is never the fallback there.
local M = {}

-- ngx.get_phase() names in which cosockets and ngx.sleep work (lua-nginx-
-- module: rewrite_by_lua*, access_by_lua*, content_by_lua*, ngx.timer.*,
-- ssl_certificate_by_lua*, ssl_session_fetch_by_lua*, ssl_client_hello_by_lua*).
M.YIELDABLE_PHASES = {
    rewrite = true, access = true, content = true, timer = true,
    ssl_cert = true, ssl_session_fetch = true, ssl_client_hello = true,
}

-- The directive each non-yieldable phase comes from, for the message.
local DIRECTIVES = {
    init = "init_by_lua", init_worker = "init_worker_by_lua", set = "set_by_lua",
    header_filter = "header_filter_by_lua", body_filter = "body_filter_by_lua",
    log = "log_by_lua", balancer = "balancer_by_lua", exit_worker = "exit_worker_by_lua",
    ssl_session_store = "ssl_session_store_by_lua",
}

local function in_nginx()
    local host = rawget(_G, "ngx")
    return type(host) == "table" and type(host.socket) == "table"
        and type(host.socket.tcp) == "function" and type(host.get_phase) == "function"
end
M.in_nginx = in_nginx

function M.can_yield()
    local phase = ngx.get_phase()
    return M.YIELDABLE_PHASES[phase] == true, phase
end

function M.message(phase)
    local directive = DIRECTIVES[phase]
    return string.format("dataforseo: cannot query the API in nginx's %s phase%s: cosockets "
        .. "(non-blocking sockets) are not available there and a blocking call would stall "
        .. "the worker; run the query from a content, access, rewrite or timer handler, e.g. "
        .. "ngx.timer.at(0, function(premature) ... client:anchors{...} ... end)",
        tostring(phase), directive and (" (" .. directive .. ")") or "")
end

-- Raises the message above: calling from such a phase is a mistake in the
-- program, not a failure a retry could fix.
function M.check_phase()
    local ok, phase = M.can_yield()
    if not ok then error(M.message(phase), 0) end
end

return setmetatable(M, {
    -- settings: the client's settings (the choice depends on the host only).
    __call = function()
        if in_nginx() then return "ngx" end
        return "curl"
    end,
})
