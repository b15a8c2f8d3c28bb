-- POST backlinks/id_list (free, 10 calls a minute): every Backlinks task of
-- the account between datetime_from and datetime_to (both required; at
-- most six months back, one month with include_metadata), with its cost:
-- one item per task { id, url, datetime_posted, datetime_done, status,
-- cost, metadata }.  The result array is the list; offset pages without a
-- total count.  The account's own books: `dataforseo reconcile` pairs them
-- with the ledger.
local endpoint = require "dataforseo.api.endpoint"

local SIX_MONTHS = { months = 6, text = "six months" }
local ONE_MONTH = { months = 1, text = "one month (with include_metadata)" }

return endpoint.define{
    name = "id_list", path = "/v3/backlinks/id_list", kind = "tasks",
    fields = {
        datetime_from = { type = "datetime", required = true, rule = 'a time "yyyy-mm-dd hh:mm:ss +00:00"' },
        datetime_to = { type = "datetime", required = true, rule = 'a time "yyyy-mm-dd hh:mm:ss +00:00"' },
        limit = { type = "integer", min = 1, max = 1000, default = 1000 },
        offset = { type = "integer", min = 0, max = endpoint.MAX_SAFE, default = 0 },
        sort = { type = "string", enum = { "asc", "desc" }, default = "asc" },
        include_metadata = { type = "boolean", default = false },
    },
    field_order = { "datetime_from", "datetime_to", "limit", "offset", "sort", "include_metadata" },
    check = function(task)
        local rules = require "dataforseo.api.rules"
        local field, reason, message = rules.date_order(task, "datetime_from", "datetime_to")
        if field then return field, reason, message end
        return rules.window(task, "datetime_from", task.include_metadata == true and ONE_MONTH or SIX_MONTHS)
    end,
    calls_per_minute = 10,
    item_fields = { "id", "url", "datetime_posted", "datetime_done", "status", "cost", "metadata" },
    table_fields = { "datetime_posted", "url", "status", "cost", "id" },
    price = { call = 0, item = 0 },
}
