-- The nginx.conf of one emulator instance.  Everything nginx writes (pid,
-- logs, temp files) stays inside the instance's own prefix directory, so
-- no root is needed and instances never collide.  nginx runs in the
-- foreground under nginx.lua's watchdog; its own gzip module compresses
-- answers for clients that ask (server.lua turns it off per request).
local M = {}

local TEMPLATE = [[
load_module /usr/lib/nginx/modules/ndk_http_module.so;
load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;
${user}
worker_processes ${workers};
pid logs/nginx.pid;
error_log logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    server_tokens off;
    default_type application/json;
    client_body_temp_path tmp/body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
    # Keep every request body in memory: get_body_data() is nil otherwise.
    client_max_body_size 8m;
    client_body_buffer_size 8m;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    gzip on;
    gzip_types application/json text/plain;
    gzip_comp_level 1;
    gzip_min_length 1;
    gzip_vary on;
    gzip_proxied any;
    lua_regex_cache_max_entries 8192;
    lua_package_path "${lua_path}";
    lua_package_cpath "${lua_cpath}";
    lua_shared_dict dataforseo_emulator 64m;
    lua_shared_dict dataforseo_emulator_stats 16m;
    lua_shared_dict dataforseo_emulator_accounts 8m;
    lua_shared_dict dataforseo_emulator_tasks 64m;
    init_by_lua_block {
        require("dataforseo_emulator.server").init("${settings_file}")
    }
${owner_watch}
    server {
        listen 127.0.0.1:${port}${ssl};
${ssl_lines}
        location / {
            content_by_lua_block {
                require("dataforseo_emulator.server").handle()
            }
        }
    }
}
]]

local function quote_path(s)
    return (s:gsub('[\\"]', "\\%0"))
end

-- o: port, workers, lua_dir, settings_file, tls = { cert =, key = } or
-- nil, run_as_root (bool), owner ({ pid, start } of the process that
-- started the emulator: every worker watches it, owner.lua) and prefix.
function M.render(o)
    -- ";;" keeps nginx's default search paths (resty.core and lua-cjson
    -- live there); a single ";" would drop them.  The emulator's own tree
    -- comes first; server.init refuses the client library.
    local lua_path = o.lua_dir .. "/?.lua;" .. o.lua_dir .. "/?/init.lua;;"
    local ssl_lines = ""
    if o.tls then
        ssl_lines = "        ssl_certificate " .. o.tls.cert .. ";\n" ..
            "        ssl_certificate_key " .. o.tls.key .. ";\n" ..
            "        ssl_protocols TLSv1.2 TLSv1.3;\n" ..
            "        ssl_session_cache shared:dfs_emulator_ssl:1m;"
    end
    local values = {
        -- Started by root, workers would run as nobody and could not read the
        -- checkout; name the user instead.
        user = o.run_as_root and "user root root;" or "",
        workers = tostring(o.workers or 1),
        port = tostring(o.port),
        ssl = o.tls and " ssl" or "",
        ssl_lines = ssl_lines,
        lua_path = quote_path(lua_path),
        lua_cpath = ";;",
        settings_file = quote_path(o.settings_file),
        owner_watch = "",
    }
    if o.owner then
        values.owner_watch = string.format(
            '    init_worker_by_lua_block {\n        require("dataforseo_emulator.owner").watch(%d, "%s", "%s")\n    }',
            o.owner.pid, quote_path(o.owner.start), quote_path(o.prefix))
    end
    return (TEMPLATE:gsub("%${([%w_]+)}", function(k) return values[k] end))
end

return M
