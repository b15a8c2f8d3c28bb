-- require "dataforseo.json": the strict, fast JSON decoder of the C core.
--   json.decode(text [, { max_depth = 1000, null_as_nil = false, max_memory = nil }])
--     -> value | nil, message, byte_position
--   max_memory: bytes of Lua values (an estimate, see src/json.h) past which
--     decoding stops with an error; none by default here, 4 x max_size for
--     the HTTP responses of a session
--   json.null  the JSON null sentinel (NULL light userdata, equal to cjson.null)
return require("dataforseo.core").json
