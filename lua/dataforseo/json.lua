-- require "dataforseo.json": the strict, fast JSON decoder of the C core.
--   json.decode(text [, { max_depth = 1000, null_as_nil = false }])
--     -> value | nil, message, byte_position
--   json.null  the JSON null sentinel (NULL light userdata, equal to cjson.null)
return require("dataforseo.core").json
