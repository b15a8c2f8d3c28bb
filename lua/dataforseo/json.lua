-- require "dataforseo.json": the strict, fast JSON decoder of the C core.
--   json.decode(text [, { max_depth = 1000, null_as_nil = false, max_memory = nil }])
--     -> value | nil, message, byte_position
--   max_memory: bytes of Lua values (an estimate, see src/json.h) past which
--     decoding stops with an error; none by default here, 4 x max_size for
--     the HTTP responses of a session
--   json.null  the JSON null sentinel (NULL light userdata, equal to cjson.null)
--   json.decoder  "core" (the C core's decoder) or "cjson" (below)
-- Inside nginx without the C core (OpenResty users who copy lua/dataforseo
-- and nothing else), the lua-cjson that OpenResty bundles decodes instead.
local ok, core = pcall(require, "dataforseo.core")
if ok then
    core.json.decoder = "core"
    return core.json
end

if not require("dataforseo.client").in_nginx() then
    error("dataforseo: the C core (dataforseo/core.so) is not on package.cpath: build it with "
        .. "`make` (Lua 5.4) or `make LUA=luajit` in the source tree, or install the rock "
        .. "(luarocks make rockspec/dataforseo-scm-1.rockspec)\n" .. tostring(core), 0)
end

local cjson = require("cjson.safe").new()
cjson.decode_max_depth(1000)

local M = { null = cjson.null, decoder = "cjson" }

function M.decode(text, opts)
    if type(text) ~= "string" then
        error("bad argument #1 to 'decode' (string expected, got " .. type(text) .. ")", 2)
    end
    local value, err = cjson.decode(text)
    if err then return nil, err, tonumber(err:match("character (%d+)")) end
    if opts and opts.null_as_nil then
        local function strip(v)
            if type(v) ~= "table" then return v end
            for k, x in pairs(v) do
                if x == M.null then v[k] = nil else strip(x) end
            end
            return v
        end
        value = strip(value)
    end
    return value
end

return M
