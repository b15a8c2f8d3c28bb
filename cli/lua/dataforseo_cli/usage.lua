-- Usage errors and the converters of option values: the leaf every part of
-- the command raises its usage errors through (main turns them into one
-- line, "Try 'dataforseo COMMAND --help'" and exit 2).
--
--   local usage = require "dataforseo_cli.usage"
--   usage.raise("--%s: '%s' is not ...", name, text)   -- string arguments are
--                                      -- echoed input: cut to an excerpt
--   usage.fail(message)                -- a message built already (not cut)
--   usage.is(e)                        -> whether e is a usage error
--   usage.integer(flag [, min, max])   -> converter: text -> integer | nil, message
--   usage.number(flag, check)          -> converter: text -> number | nil, message;
--                                      -- check(n) -> nil | the rule n breaks
--   usage.date(flag)                   -> converter: "YYYY-MM-DD" (a real UTC day) -> the
--                                      -- same text | nil, message
-- Converters are argparse's `convert`: their message is the parse error.
local printable = require "dataforseo.query.printable"

local M = {}

local format = string.format
local unpack = table.unpack or unpack
local tointeger = math.tointeger or function(x) return x end

-- Integers beyond this do not survive JSON numbers (and 2^63 does not fit
-- Lua 5.4's integers): refused, never rounded or dropped.
M.MAX_INTEGER = 2 ^ 53 - 1

local Usage = {}
Usage.__tostring = function(e) return e.message end

function M.fail(message)
    error(setmetatable({ message = message }, Usage), 0)
end

function M.raise(fmt, ...)
    local args = { ... }
    for i = 1, select("#", ...) do
        if type(args[i]) == "string" then args[i] = printable.excerpt(args[i]) end
    end
    M.fail(format(fmt, unpack(args, 1, select("#", ...))))
end

function M.is(e)
    return getmetatable(e) == Usage
end

local function range_rule(min, max)
    if min and max then return format("an integer from %d to %d", min, max) end
    if min then return format("an integer >= %d", min) end
    return format("an integer from %d to %d", -M.MAX_INTEGER, M.MAX_INTEGER)
end

function M.integer(flag, min, max)
    if max and max >= M.MAX_INTEGER then max = nil end
    return function(text)
        local digits = text:match("^[+-]?%d+$")
        if not digits then
            return nil, format("%s: '%s' is not an integer", flag, printable.excerpt(text))
        end
        local n = tonumber(digits)
        if #digits:gsub("^[+-]?0*", "") > 16 or n > M.MAX_INTEGER or n < -M.MAX_INTEGER then
            return nil, format("%s: %s is out of range (%s)", flag, printable.excerpt(digits),
                range_rule(min, max or M.MAX_INTEGER))
        end
        n = tointeger(n)
        if (min and n < min) or (max and n > max) then
            return nil, format("%s: %d is out of range (%s)", flag, n, range_rule(min, max))
        end
        return n
    end
end

function M.number(flag, check)
    return function(text)
        local n = tonumber(text)
        if not n or n ~= n or n == math.huge or n == -math.huge then
            return nil, format("%s: '%s' is not a number", flag, printable.excerpt(text))
        end
        local rule = check and check(n)
        if rule then return nil, format("%s: %s %s", flag, printable.excerpt(text), rule) end
        return n
    end
end

function M.date(flag)
    return function(text)
        local y, m, d = text:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
        y, m, d = tonumber(y), tonumber(m), tonumber(d)
        if not y or m < 1 or m > 12 or d < 1
            or d > require("dataforseo.query.calendar").days_in_month(y, m) then
            return nil, format("%s: '%s' is not a date YYYY-MM-DD", flag, printable.excerpt(text))
        end
        return text
    end
end

return M
