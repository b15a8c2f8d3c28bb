-- The endpoints the client describes, by name; each module is loaded on
-- first use.  `list` is every name, in the order the docs and the CLI show.
local M = {}

M.list = { "anchors", "backlinks", "referring_domains", "referring_networks", "domain_pages",
    "domain_pages_summary", "summary" }

local known = {}
for _, name in ipairs(M.list) do known[name] = true end

function M.get(name)
    if not known[name] then return nil end
    return require("dataforseo.api." .. name)
end

function M.known(name) return known[name] == true end

-- True for the endpoints that answer with pages of items (walks apply).
local objects = { summary = true }
function M.lists(name) return known[name] == true and not objects[name] end

return M
