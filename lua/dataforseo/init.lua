-- require "dataforseo": what a blocking call needs, and the rest on first use.
--   dataforseo.new{...}        a client (client.lua: options, methods)
--   dataforseo.null            the JSON null sentinel (equals cjson.null, ngx.null)
--   dataforseo.json            the decoder: json.decode(text [, opts])
--   dataforseo.is_error(v)     true for the error objects returned as `nil, err`
--   dataforseo.estimate_cost(total_items [, limit])   USD of a full walk (loaded on first use)
--   dataforseo.filters         the filter builder (loaded on first use)
--   dataforseo.profile         anchors -> an anchor-text profile (loaded on first use)
--   dataforseo.changes(old_items, new_items, endpoint)   new, lost and changed items (on first use)
--   dataforseo._VERSION
local version = require "dataforseo.version"
local json = require "dataforseo.json"
local errors = require "dataforseo.errors"
local client = require "dataforseo.client"

local M = {
    _VERSION = version,
    new = client.new,
    null = json.null,
    json = json,
    errors = errors,
    is_error = errors.is_error,
}

-- Loaded on first use: a script that never builds filters does not pay for it.
local lazy = {
    filters = function() return require "dataforseo.query.filters" end,
    profile = function() return require "dataforseo.profile" end,
    estimate_cost = function() return require("dataforseo.engine.cost").walk_estimate end,
    changes = function() return require "dataforseo.changes" end,
}

return setmetatable(M, {
    __index = function(t, k)
        local load = lazy[k]
        if load == nil then return nil end
        local v = load()
        rawset(t, k, v)
        return v
    end,
})
