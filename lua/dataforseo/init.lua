-- require "dataforseo"
--   dataforseo.new{...}      a Client (see dataforseo/client.lua for options)
--   dataforseo.null          the JSON null sentinel (equals cjson.null, ngx.null)
--   dataforseo.json          the decoder: json.decode(text [, opts])
--   dataforseo.filters       the filter builder
--   dataforseo.is_error(v)   true for the error objects returned as `nil, err`
--   dataforseo.estimate_cost(total_items, limit)   USD of a full walk
--   client:anchors_async(...), client:anchors_pages_async(...)   on a libuv loop (async.lua)
--   dataforseo._VERSION      "0.1.0"
local version = require "dataforseo.version"
local json = require "dataforseo.json"
local errors = require "dataforseo.errors"
local client = require "dataforseo.client"
require "dataforseo.async"   -- client:anchors_async / anchors_pages_async (the loop is found on first use)

local M = {
    _VERSION = version,
    new = client.new,
    null = json.null,
    json = json,
    errors = errors,
    is_error = errors.is_error,
}

function M.estimate_cost(total_items, limit)
    return require("dataforseo.walk").estimate_cost(total_items, limit)
end

-- Loaded on first use: a script that never builds filters does not pay for it.
local lazy = { filters = "dataforseo.filters", profile = "dataforseo.profile" }

return setmetatable(M, {
    __index = function(t, k)
        local name = lazy[k]
        if name == nil then return nil end
        local mod = require(name)
        rawset(t, k, mod)
        return mod
    end,
})
