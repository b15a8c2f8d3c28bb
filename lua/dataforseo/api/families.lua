-- The shapes of the newer Backlinks families, for their descriptions: the
-- intersections' request, the periods endpoints (history, timeseries_*)
-- and the bulk endpoints.  endpoint.lua keeps what every description uses;
-- this loads with the first description of one of these families.
--
--   families.intersection_request(item_schema [, without]) -> fields, field_order
--   families.define_periods{ name, earliest, extra, extra_order, item_fields, table_fields }
--   families.define_bulk{ name, extra, target_field, batch_limit, item_fields, table_fields }
local endpoint = require "dataforseo.api.endpoint"

local floor = math.floor

local M = {}

-- What a call of a periods endpoint asks for: the periods from date_from
-- (default `earliest`) to date_to (default today, UTC) grouped by
-- group_range (default `group`), counted generously (a reservation that is
-- too small would let spending pass a cap).
local function periods(task, earliest, group)
    local calendar = require "dataforseo.query.calendar"
    local from = type(task.date_from) == "string" and calendar.parse(task.date_from) or calendar.parse(earliest)
    local to = type(task.date_to) == "string" and calendar.parse(task.date_to) or os.time()
    if not from or not to or to < from then return 1 end
    local y1, m1 = calendar.civil_from_days(floor(from / 86400))
    local y2, m2 = calendar.civil_from_days(floor(to / 86400))
    group = type(task.group_range) == "string" and task.group_range or group
    if group == "day" then return floor((to - from) / 86400) + 1 end
    if group == "week" then return floor((to - from) / (7 * 86400)) + 2 end
    if group == "year" then return y2 - y1 + 1 end
    return (y2 * 12 + m2) - (y1 * 12 + m1) + 1
end

-- The request fields of the intersections: the family's grammar with
-- targets keyed "1".."20" instead of target, exclude_targets and
-- intersection_mode; without: names to drop.
function M.intersection_request(item_schema, without)
    local drop = { "target" }
    for _, name in ipairs(without or {}) do drop[#drop + 1] = name end
    return endpoint.backlinks_request(item_schema, {
        targets = { type = "target_map", max = 20, required = true,
            rule = "domains, subdomains or pages keyed \"1\"..\"20\" (or an array of them)" },
        exclude_targets = { type = "string_list", max = 10 },
        intersection_mode = { type = "string", enum = { "all", "partial" }, default = "all" },
    }, drop)
end

-- A periods endpoint (history, timeseries_*): a domain, date_from (not
-- before `earliest`), date_to, then `extra` (name -> spec, in `extra_order`),
-- and tag; date_from not after date_to; what a call asks for counted from
-- the dates (periods).
function M.define_periods(d)
    local fields = {
        target = { type = "string", required = true, domain_only = true, rule = endpoint.DOMAIN_RULE },
        date_from = { type = "date", min = d.earliest },
        date_to = { type = "date" },
        tag = { type = "string", max_length = 255 },
    }
    local order = { "target", "date_from", "date_to" }
    for _, name in ipairs(d.extra_order or {}) do
        fields[name] = d.extra[name]
        order[#order + 1] = name
    end
    order[#order + 1] = "tag"
    local earliest = d.earliest
    return endpoint.define{ name = d.name, path = "/v3/backlinks/" .. d.name .. "/live", kind = "periods",
        fields = fields, field_order = order, item_fields = d.item_fields, table_fields = d.table_fields,
        check = function(task) return require("dataforseo.api.rules").date_order(task, "date_from", "date_to") end,
        asked = function(task) return periods(task, earliest, "month") end,
        price = { call = 0.02, item = 0.00003 } }   -- not stated: the anchors form, a period an item
end

-- A bulk endpoint: targets (any number: batch.lua sends them in batches
-- the API takes), `extra` (name -> spec, sorted), tag; one row per target
-- (api-facts.md: a target is a billed row).
function M.define_bulk(d)
    local fields = {
        targets = { type = "targets", required = true, rule = endpoint.TARGET_RULE },
        tag = { type = "string", max_length = 255 },
    }
    local order, added = { "targets" }, {}
    for name, spec in pairs(d.extra or {}) do
        fields[name] = spec
        added[#added + 1] = name
    end
    table.sort(added)
    for _, name in ipairs(added) do order[#order + 1] = name end
    order[#order + 1] = "tag"
    return endpoint.define{ name = d.name, path = "/v3/backlinks/" .. d.name .. "/live", kind = "bulk",
        fields = fields, field_order = order, target_field = d.target_field or "target",
        batch_limit = d.batch_limit, item_fields = d.item_fields, table_fields = d.table_fields,
        asked = function(task) return type(task.targets) == "table" and #task.targets or 1 end,
        price = { call = 0.02, item = 0.00003 } }
end

return M
