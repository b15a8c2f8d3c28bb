-- backlinks/live's search_after_token, shaped like DataForSEO's own (base64
-- of JSON: the offset the page started at, the request with its defaults,
-- and the position after the page), plus a serial and the serial of the
-- token it was answered to.  Every answer with items carries one.
--
--   token.issue(raw_text, current, next_position, parent) -> token
--   token.redeem(token, raw_text) -> position, serial, parent | nil
--   token.spend(serial)
-- A token is good while the request it led to has not moved on: once a
-- token answered to it is itself used, it is spent (a retry of the same
-- request before that is answered again).  Shared by all nginx workers.
local cjson = require("cjson.safe")
local envelope = require("dataforseo_emulator.envelope")

local M = {}

local DICT = "dataforseo_emulator"
local TTL = 3600

local function dict() return ngx.shared[DICT] end

-- raw_text: the canonical request (envelope.request_value of the request
-- without search_after_token and tag, defaults filled in).
function M.issue(raw_text, current, next_position, parent)
    local serial = dict():incr("token_serial", 1, 0)
    return ngx.encode_base64(string.format(
        '{"CurrentOffset":%d,"RawRequest":%s,"SearchAfterData":{"Version":1,"TokenRealOffset":%d},' ..
        '"Serial":%d,"Parent":%s}', current, raw_text, next_position, serial,
        parent and string.format("%d", parent) or "null"))
end

local function integer(v)
    return type(v) == "number" and v == math.floor(v) and v >= 0
end

-- The position a token continues from, for this same request; nil when it
-- is not one of ours, belongs to another request, or is spent.
function M.redeem(token, raw_text)
    local text = ngx.decode_base64(token)
    local t = text and cjson.decode(text)
    if type(t) ~= "table" or type(t.RawRequest) ~= "table" or type(t.SearchAfterData) ~= "table" then
        return nil
    end
    local position, serial, parent = t.SearchAfterData.TokenRealOffset, t.Serial, t.Parent
    if not integer(position) or not integer(serial) or not (parent == cjson.null or integer(parent)) then
        return nil
    end
    if envelope.request_value(t.RawRequest) ~= raw_text then return nil end
    if dict():get("token_spent:" .. serial) then return nil end
    return position, serial, parent ~= cjson.null and parent or nil
end

function M.spend(serial)
    dict():set("token_spent:" .. serial, true, TTL)
end

return M
