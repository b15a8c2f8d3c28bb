-- A throw-away certificate authority and a server certificate for
-- 127.0.0.1 / localhost, made with the openssl command at start-up.
--   tls.generate(dir) -> { ca = path, cert = path, key = path } | nil, err
local M = {}

local function sh_quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local function run(cmd)
    local p = io.popen(cmd .. " 2>&1; echo \"exit=$?\"")
    local out = p:read("*a")
    p:close()
    local code = tonumber(out:match("exit=(%d+)%s*$"))
    return code == 0, out:gsub("exit=%d+%s*$", "")
end

function M.generate(dir)
    local q = function(name) return sh_quote(dir .. "/" .. name) end
    local ext = io.open(dir .. "/server.ext", "wb")
    if not ext then return nil, "cannot write " .. dir .. "/server.ext" end
    ext:write("subjectAltName=IP:127.0.0.1,DNS:localhost\n",
        "basicConstraints=critical,CA:FALSE\n",
        "keyUsage=critical,digitalSignature,keyEncipherment\n",
        "extendedKeyUsage=serverAuth\n")
    ext:close()
    -- EC keys: generated in milliseconds, which keeps start-up fast.
    local steps = {
        "openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes" ..
            " -keyout " .. q("ca.key") .. " -out " .. q("ca.crt") .. " -days 30" ..
            " -subj '/CN=dataforseo mock CA'" ..
            " -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign'",
        "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes" ..
            " -keyout " .. q("server.key") .. " -out " .. q("server.csr") .. " -subj '/CN=127.0.0.1'",
        "openssl x509 -req -in " .. q("server.csr") .. " -CA " .. q("ca.crt") .. " -CAkey " .. q("ca.key") ..
            " -CAcreateserial -out " .. q("server.crt") .. " -days 30 -extfile " .. q("server.ext"),
    }
    for _, cmd in ipairs(steps) do
        local ok, out = run(cmd)
        if not ok then return nil, "openssl failed: " .. out end
    end
    return { ca = dir .. "/ca.crt", cert = dir .. "/server.crt", key = dir .. "/server.key" }
end

return M
