-- POST backlinks/errors (free): the Backlinks tasks that answered with an
-- error in the last 7 days, newest first, one item per failed task (the
-- result array is the list; offset pages without a total count).
local endpoint = require "dataforseo.api.endpoint"

return endpoint.define{
    name = "errors", path = "/v3/backlinks/errors", kind = "tasks",
    fields = {
        limit = { type = "integer", min = 1, max = 1000, default = 1000 },
        offset = { type = "integer", min = 0, max = endpoint.MAX_SAFE, default = 0 },
        filtered_function = { type = "string" },
        datetime_from = { type = "datetime" },
        datetime_to = { type = "datetime" },
    },
    field_order = { "limit", "offset", "filtered_function", "datetime_from", "datetime_to" },
    check = function(task)
        return require("dataforseo.api.rules").date_order(task, "datetime_from", "datetime_to")
    end,
    item_fields = { "id", "datetime", "function", "error_code", "error_message", "http_url",
        "http_method", "http_code", "http_time", "http_response" },
    table_fields = { "datetime", "function", "error_code", "error_message" },
    price = { call = 0, item = 0 },
}
