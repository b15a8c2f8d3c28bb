-- Starts an nginx with the Lua module as an ordinary process from a private
-- prefix (through the emulator's launcher, dataforseo_emulator.nginx, which
-- stops it when this process exits), for specs that need the module
-- running inside nginx.
--
--   local nginx_host = dofile("spec/hosts/nginx_host.lua")
--   local h = assert(nginx_host.start{
--       http = function(port) return "server { listen 127.0.0.1:" .. port .. "; ... }" end,
--       lua_path = { "/abs/lua/?.lua", ... }, lua_cpath = { "/abs/build/luajit/?.so" },
--       main = "...",    -- extra lines at the http{} top (or a function(port, prefix)), optional
--       top = "...",     -- extra lines in the main context (env, ...), optional
--       workers = 4,     -- worker processes (default 1)
--   })
--   h.port, h.prefix, h:error_log(), h:stop()
-- Stops only its own nginx (by the pid nginx wrote) and removes its prefix.
local nginx = dofile("spec/support/helpers.lua").nginx

local M = {}

local TEMPLATE = [[
load_module /usr/lib/nginx/modules/ndk_http_module.so;
load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;
${user}
${top}
worker_processes ${workers};
pid logs/nginx.pid;
error_log logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path tmp/body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
    lua_package_path "${lua_path}";
    lua_package_cpath "${lua_cpath}";
${main}
${servers}
}
]]

function M.start(o)
    local user = nginx.is_root() and "user root root;" or ""
    local proc, err = nginx.start{
        name = "dataforseo-host",
        conf = function(port, prefix)
            local values = {
                user = user,
                lua_path = table.concat(o.lua_path or {}, ";") .. ";;",
                lua_cpath = table.concat(o.lua_cpath or {}, ";") .. ";;",
                top = o.top or "",
                workers = tostring(o.workers or 1),
                main = type(o.main) == "function" and o.main(port, prefix) or o.main or "",
                servers = o.http(port, prefix),
            }
            return (TEMPLATE:gsub("%${([%w_]+)}", function(k) return values[k] end))
        end,
    }
    return proc, err
end

return M
