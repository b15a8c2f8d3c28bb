-- require "dataforseo": what a blocking call needs, and the rest on first use.
--   dataforseo.new{...}        a client (client.lua: options, methods)
--   dataforseo.null            the JSON null sentinel (equals cjson.null, ngx.null)
--   dataforseo.json            the decoder: json.decode(text [, opts])
--   dataforseo.is_error(v)     true for the error objects returned as `nil, err`
--   dataforseo.estimate_cost(total_items [, limit])   USD of a full walk
--   dataforseo.filters         the filter builder (loaded on first use)
--   dataforseo.changes(old_items, new_items, endpoint)   new, lost and changed items (on first use)
--   dataforseo._VERSION
-- client:anchors_async and the other async methods come with
-- require "dataforseo.hosts.async" (loaded by the first use of one of them).
local version = require "dataforseo.version"
local json = require "dataforseo.json"
local errors = require "dataforseo.errors"
local client = require "dataforseo.client"
local cost = require "dataforseo.engine.cost"

local M = {
    _VERSION = version,
    new = client.new,
    null = json.null,
    json = json,
    errors = errors,
    is_error = errors.is_error,
    estimate_cost = cost.walk_estimate,
}

-- Loaded on first use: a script that never builds filters does not pay for it.
local lazy = { filters = "dataforseo.query.filters", profile = "dataforseo.profile",
    changes = "dataforseo.changes" }

-- The async methods (NAME_async, NAME_pages_async per endpoint, use_loop,
-- close_async) load dataforseo.hosts.async on first use.
setmetatable(client.Client, { __index = function(_, name)
    if type(name) == "string" and (name:find("_async$") or name == "use_loop") then
        return require("dataforseo.hosts.async")[name]
    end
end })

return setmetatable(M, {
    __index = function(t, k)
        local name = lazy[k]
        if name == nil then return nil end
        local mod = require(name)
        rawset(t, k, mod)
        return mod
    end,
})
