-- The proleptic Gregorian calendar in plain arithmetic (H. Hinnant's
-- algorithms): valid for any year, unlike os.time, which raises or wraps
-- for years it cannot hold.  Pure Lua, 5.1-5.4 common subset.
--
--   calendar.days_from_civil(y, m, d)  -> days since 1970-01-01
--   calendar.civil_from_days(days)     -> y, m, d
--   calendar.days_in_month(y, m)       -> 28..31
--   calendar.parse(s)    "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss" (UTC) or
--                        "yyyy-mm-dd hh:mm:ss +hh:mm" -> seconds since
--                        1970-01-01 UTC | nil (not a real time in those shapes)
--   calendar.format(t)   seconds -> "yyyy-mm-dd hh:mm:ss +00:00"
--   calendar.date(t)     seconds -> "yyyy-mm-dd" (UTC)
local floor, format, tonumber = math.floor, string.format, tonumber

local M = {}

function M.days_from_civil(y, m, d)
    if m <= 2 then y = y - 1 end
    local era = floor(y / 400)
    local yoe = y - era * 400
    local doy = floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1
    return era * 146097 + yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy - 719468
end

function M.civil_from_days(z)
    z = z + 719468
    local era = floor(z / 146097)
    local doe = z - era * 146097
    local yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365)
    local doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100))
    local mp = floor((5 * doy + 2) / 153)
    local d = doy - floor((153 * mp + 2) / 5) + 1
    local m = mp < 10 and mp + 3 or mp - 9
    local y = yoe + era * 400
    if m <= 2 then y = y + 1 end
    return y, m, d
end

local MDAYS = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }

function M.days_in_month(y, m)
    if m == 2 and ((y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0) then return 29 end
    return MDAYS[m]
end

function M.parse(s)
    if type(s) ~= "string" then return nil end
    local y, mo, d, h, mi, se, sign, oh, om
    y, mo, d = s:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
    if y then
        h, mi, se = 0, 0, 0
    else
        y, mo, d, h, mi, se = s:match("^(%d%d%d%d)%-(%d%d)%-(%d%d) (%d%d):(%d%d):(%d%d)$")
        if not y then
            y, mo, d, h, mi, se, sign, oh, om =
                s:match("^(%d%d%d%d)%-(%d%d)%-(%d%d) (%d%d):(%d%d):(%d%d) ([+-])(%d%d):(%d%d)$")
            if not y then return nil end
        end
    end
    y, mo, d, h, mi, se = tonumber(y), tonumber(mo), tonumber(d), tonumber(h), tonumber(mi), tonumber(se)
    if mo < 1 or mo > 12 or d < 1 or h > 23 or mi > 59 or se > 59 then return nil end
    if d > M.days_in_month(y, mo) then return nil end
    local shift = 0
    if sign then
        oh, om = tonumber(oh), tonumber(om)
        if oh > 23 or om > 59 then return nil end
        shift = (oh * 60 + om) * 60
        if sign == "-" then shift = -shift end
    end
    return ((M.days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60 + se - shift
end

function M.format(t)
    local days = floor(t / 86400)
    local rest = t - days * 86400
    local y, m, d = M.civil_from_days(days)
    return format("%04d-%02d-%02d %02d:%02d:%02d +00:00", y, m, d, floor(rest / 3600),
        floor(rest / 60) % 60, rest % 60)
end

function M.date(t)
    return format("%04d-%02d-%02d", M.civil_from_days(floor(t / 86400)))
end

return M
