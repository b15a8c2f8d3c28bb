-- Dates and times the way the API writes and reads them, in UTC, without
-- the C library's time zone (os.time reads the local zone):
--
--   calendar.epoch(y, mo, d, h, mi, s) -> seconds since 1970-01-01 UTC
--   calendar.civil(t) -> y, mo, d, h, mi, s
--   calendar.time_of(s)     "yyyy-mm-dd hh:mm:ss +hh:mm", "yyyy-mm-dd hh:mm:ss",
--                           "yyyy-mm-dd" -> seconds | nil   (filter values)
--   calendar.date_of(s)     "yyyy-mm-dd" only -> seconds at 00:00 | nil
--   calendar.datetime_of(s) "yyyy-mm-dd hh:mm:ss +hh:mm" only -> seconds | nil
--   calendar.format_time(t) "2019-11-15 12:57:46 +00:00";  format_date(t) "2019-11-15"
--   calendar.day(t) -> 00:00 of t's day;  add_months(t, k) -> the same day k months
--   later (clamped to the month's last day);  month_start(t), month_end(t) (last day),
--   week_end(t) (the Sunday ending t's Monday-to-Sunday week), year_end(t)
--   calendar.today() -> 00:00 UTC of the current day
-- Pure Lua, 5.1-5.4.
local M = {}

local floor, format = math.floor, string.format

M.DAY = 86400

local function leap(y) return (y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0 end
local MONTH_DAYS = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }

local function days_in(y, mo)
    if mo == 2 and leap(y) then return 29 end
    return MONTH_DAYS[mo]
end
M.days_in = days_in

-- Proleptic Gregorian, through the Julian day number.
function M.epoch(y, mo, d, h, mi, s)
    local a = floor((14 - mo) / 12)
    local yy, mm = y + 4800 - a, mo + 12 * a - 3
    local jdn = d + floor((153 * mm + 2) / 5) + 365 * yy + floor(yy / 4) - floor(yy / 100) + floor(yy / 400) - 32045
    return ((jdn - 2440588) * 24 + (h or 0)) * 3600 + (mi or 0) * 60 + (s or 0)
end

function M.civil(t)
    local days = floor(t / 86400)
    local rest = t - days * 86400
    local a = days + 2440588 + 32044
    local b = floor((4 * a + 3) / 146097)
    local c = a - floor(146097 * b / 4)
    local d = floor((4 * c + 3) / 1461)
    local e = c - floor(1461 * d / 4)
    local m = floor((5 * e + 2) / 153)
    local day = e - floor((153 * m + 2) / 5) + 1
    local month = m + 3 - 12 * floor(m / 10)
    local year = 100 * b + d - 4800 + floor(m / 10)
    return year, month, day, floor(rest / 3600), floor(rest % 3600 / 60), rest % 60
end

local function valid_date(y, mo, d)
    return mo >= 1 and mo <= 12 and d >= 1 and d <= days_in(y, mo)
end

-- "+hh:mm" / "-hh:mm" -> seconds east of UTC | nil
local function offset_of(sign, oh, om)
    oh, om = tonumber(oh), tonumber(om)
    if oh > 23 or om > 59 then return nil end
    return (oh * 60 + om) * 60 * (sign == "+" and 1 or -1)
end

function M.date_of(s)
    if type(s) ~= "string" then return nil end
    local y, mo, d = s:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
    if not y then return nil end
    y, mo, d = tonumber(y), tonumber(mo), tonumber(d)
    if not valid_date(y, mo, d) then return nil end
    return M.epoch(y, mo, d, 0, 0, 0)
end

local function clock_of(y, mo, d, h, mi, s)
    y, mo, d, h, mi, s = tonumber(y), tonumber(mo), tonumber(d), tonumber(h), tonumber(mi), tonumber(s)
    if not valid_date(y, mo, d) or h > 23 or mi > 59 or s > 59 then return nil end
    return M.epoch(y, mo, d, h, mi, s)
end

function M.datetime_of(s)
    if type(s) ~= "string" then return nil end
    local y, mo, d, h, mi, sec, sign, oh, om =
        s:match("^(%d%d%d%d)%-(%d%d)%-(%d%d) (%d%d):(%d%d):(%d%d) ([+-])(%d%d):(%d%d)$")
    if not y then return nil end
    local t, offset = clock_of(y, mo, d, h, mi, sec), offset_of(sign, oh, om)
    if not t or not offset then return nil end
    return t - offset
end

function M.time_of(s)
    if type(s) ~= "string" then return nil end
    local date = M.date_of(s)
    if date then return date end
    local y, mo, d, h, mi, sec, rest = s:match("^(%d%d%d%d)%-(%d%d)%-(%d%d) (%d%d):(%d%d):(%d%d)(.*)$")
    if not y then return nil end
    if rest == "" then return clock_of(y, mo, d, h, mi, sec) end
    local sign, oh, om = rest:match("^ ([+-])(%d%d):(%d%d)$")
    if not sign then return nil end
    local t, offset = clock_of(y, mo, d, h, mi, sec), offset_of(sign, oh, om)
    if not t or not offset then return nil end
    return t - offset
end

function M.format_time(t)
    local y, mo, d, h, mi, s = M.civil(t)
    return format("%04d-%02d-%02d %02d:%02d:%02d +00:00", y, mo, d, h, mi, s)
end

function M.format_date(t)
    local y, mo, d = M.civil(t)
    return format("%04d-%02d-%02d", y, mo, d)
end

function M.day(t) return floor(t / 86400) * 86400 end

function M.today() return M.day(os.time()) end

function M.add_months(t, k)
    local y, mo, d = M.civil(t)
    local months = y * 12 + (mo - 1) + k
    y, mo = floor(months / 12), months % 12 + 1
    return M.epoch(y, mo, math.min(d, days_in(y, mo)), 0, 0, 0)
end

function M.month_start(t)
    local y, mo = M.civil(t)
    return M.epoch(y, mo, 1, 0, 0, 0)
end

function M.month_end(t)
    local y, mo = M.civil(t)
    return M.epoch(y, mo, days_in(y, mo), 0, 0, 0)
end

function M.year_end(t)
    local y = M.civil(t)
    return M.epoch(y, 12, 31, 0, 0, 0)
end

-- 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
function M.week_end(t)
    local days = floor(t / 86400)
    local weekday = (days + 3) % 7
    return (days + 6 - weekday) * 86400
end

return M
