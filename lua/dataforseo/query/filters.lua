-- DataForSEO filter expressions: validation against a field schema, local
-- evaluation, and a builder for people who would rather not write nested
-- arrays.  Used by the client (refuse what the API would refuse) and by the
-- emulator (answer 40501 and evaluate filters over its rows).
--
--   local F = require "dataforseo.query.filters"
--   F.validate(expr, F.schemas.anchor_item, "filters")  -> true | nil, message
--   local keep = assert(F.compile(expr, fields.anchor_item))
--   keep(row)                                          -> boolean
--   F.all(F.anchor:like("%news%"), F.backlinks:gt(10))
--     -> {{"anchor","like","%news%"}, "and", {"backlinks",">",10}}
--
-- Expression grammar (api-facts.md "Filters"):
--   condition := {field, operator, value}
--   group     := {item, "and"|"or", item, ...}   item := condition | group
-- at most 8 conditions in all.  Paths in messages are 1-based Lua indices:
-- `filters[3][2]` is the operator of the condition at position 3.
--
-- Evaluation semantics (decisions where the documentation is silent):
-- * A null field (nil, or the JSON null light userdata) satisfies nothing --
--   not `<>`, `not_like`, `not_in`, ... -- except an explicit null test:
--   {field, "=", null} is true exactly when the field is null and
--   {field, "<>", null} when it is not (SQL's IS NULL / IS NOT NULL).
-- * Array fields treat null as the empty array (a link without attributes
--   "has_not" nofollow); map fields read a missing key or a null map as 0.
-- * `and` binds tighter than `or` when one group mixes both.
-- * like/not_like: `%` matches any run of characters, nothing else is special;
--   case-sensitive.  ilike/not_ilike: the same, ignoring case (Unicode
--   simple case folding, every script).
-- * match/not_match: every word of the value occurs as a whole word of the
--   field, ignoring case (words: runs of letters, marks and digits); a
--   value without words is matched by every text.
-- * regex/not_regex: RE2 syntax via dataforseo.query.regex, search anywhere; a
--   valid pattern the Lua matcher cannot run (\C, huge automata) makes
--   compile return nil and a message (the API evaluates it).
-- * time values: "yyyy-mm-dd hh:mm:ss +hh:mm" (any offset, compared in UTC),
--   "yyyy-mm-dd hh:mm:ss" (UTC) or "yyyy-mm-dd" (midnight UTC).
-- * numeric values may be numbers or numeric strings (the documentation's
--   own example is ["referring_links_types.anchors",">","1"]).
-- * array fields (array.str) take has / has_not with a string.
local calendar = require "dataforseo.query.calendar"
local fields = require "dataforseo.api.fields"
local regex = require "dataforseo.query.regex"
local text = require "dataforseo.query.text"
local unicode = require "dataforseo.query.unicode"

local type, pairs, ipairs, next, tostring, tonumber, select, error, setmetatable, getmetatable =
        type, pairs, ipairs, next, tostring, tonumber, select, error, setmetatable, getmetatable
local byte, sub, find, format, gsub = string.byte, string.sub, string.find, string.format, string.gsub
local concat = table.concat
local floor, huge = math.floor, math.huge
-- Case is ignored by Unicode simple case folding (all scripts).
local lower = unicode.fold_text

local filters = {}

filters.MAX_CONDITIONS = 8
-- Nesting of a filters value in JSON arrays (an in-list counts): the
-- request body holds it inside its tasks array and a task object, and JSON
-- decoders stop at 1000 levels.
filters.MAX_DEPTH = 998
filters.MAX_REGEX = 1000        -- characters, as documented
filters.schemas = { anchor_item = fields.anchor_item, backlink = fields.backlink }

local OPS = {
    num = { "<", "<=", ">", ">=", "=", "<>", "in", "not_in" },
    time = { "<", "<=", ">", ">=", "=", "<>", "in", "not_in" },
    str = { "=", "<>", "in", "not_in", "like", "not_like", "ilike", "not_ilike",
                    "regex", "not_regex", "match", "not_match" },
    bool = { "=", "<>" },
    array = { "has", "has_not" },
}
filters.OPERATORS = OPS

local VALID, KNOWN_OP = {}, {}
for t, list in pairs(OPS) do
    VALID[t] = {}
    for _, op in ipairs(list) do VALID[t][op] = true; KNOWN_OP[op] = true end
end

local TYPE_WORD = { num = "numeric", time = "time", str = "string", bool = "boolean",
                                        array = "array" }

------------------------------------------------------------------------------
-- Small helpers

-- JSON null is the NULL light userdata (dataforseo.null, cjson.null,
-- ngx.null); any userdata or nil counts, so no C module is needed here.
local function is_null(v) return v == nil or type(v) == "userdata" end
filters.is_null = is_null

local function is_array(t)
    local n, count = #t, 0
    for k in pairs(t) do
        count = count + 1
        if type(k) ~= "number" or k < 1 or k > n or k % 1 ~= 0 then return false end
    end
    return count == n
end

local function finite(x) return x == x and x ~= huge and x ~= -huge end

-- A value as it should appear in a message.
local function show(v)
    local t = type(v)
    if t == "string" then
        if #v > 80 then
            local cut = 77
            while cut > 1 and (byte(v, cut + 1) or 0) >= 0x80 and byte(v, cut + 1) < 0xC0 do
                cut = cut - 1  -- never split a UTF-8 character
            end
            v = sub(v, 1, cut) .. "..."
        end
        v = gsub(format("%q", v), "\\\n", "\\n")
        if not text.valid(v) then  -- keep messages valid UTF-8 (they end up in JSON)
            v = gsub(v, "[\128-\255]", function(c) return "\\" .. byte(c) end)
        end
        return v
    elseif t == "number" then
        -- Exactly as given: an integer in full, a float beyond 2^53 in
        -- exponent form (never 300 digits, never maxinteger rounded up).
        if math.type and math.type(v) == "integer" then return format("%d", v) end
        if v % 1 == 0 and v > -2^53 and v < 2^53 then return format("%d", v) end
        if finite(v) then return format("%.17g", v) end
        return tostring(v)
    elseif t == "table" then
        if next(v) == nil then return "an empty table" end
        if is_array(v) then return "an array of " .. #v end
        return "a table with named keys"
    elseif is_null(v) then
        return "null"
    end
    return tostring(v)
end
filters.show = show

-- A numeric filter value written as a string: decimal digits with an
-- optional sign, point and exponent ("10", "-2.5", "1e3"), nothing else
-- (no spaces, no hex, no inf or nan): what the API reads as a number.
function filters.number(v)
    if type(v) ~= "string" then return nil end
    if not (find(v, "^[+-]?%d+%.?%d*$") or find(v, "^[+-]?%.%d+$") or find(v, "^[+-]?%d+%.?%d*[eE][+-]?%d+$")
            or find(v, "^[+-]?%.%d+[eE][+-]?%d+$")) then
        return nil
    end
    local x = tonumber(v)
    if x and finite(x) then return x end
    return nil
end

------------------------------------------------------------------------------
-- Times

local days_from_civil, civil_from_days = calendar.days_from_civil, calendar.civil_from_days

-- "yyyy-mm-dd[ hh:mm:ss[ +hh:mm]]" -> "yyyy-mm-dd hh:mm:ss +00:00" in UTC,
-- or nil when it is not a real calendar time in one of those shapes.
local function canonical_time(s)
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
    if d > calendar.days_in_month(y, mo) then return nil end
    if sign then
        oh, om = tonumber(oh), tonumber(om)
        if oh > 23 or om > 59 then return nil end
        local shift = oh * 60 + om
        if shift ~= 0 then
            if sign == "+" then shift = -shift end
            local minutes = (days_from_civil(y, mo, d) * 24 + h) * 60 + mi + shift
            local days = floor(minutes / 1440)
            minutes = minutes - days * 1440
            y, mo, d = civil_from_days(days)
            h, mi = floor(minutes / 60), minutes % 60
        end
    end
    return format("%04d-%02d-%02d %02d:%02d:%02d +00:00", y, mo, d, h, mi, se)
end
filters.canonical_time = canonical_time

-- Comparable key of a row's time: canonical UTC strings compare like times.
-- Rows from the API are already canonical, so they skip the parse.
local function time_key(v)
    if type(v) ~= "string" then return nil end
    if #v == 26 and sub(v, 20) == " +00:00" then return v end
    return canonical_time(v)
end
filters.time_key = time_key

------------------------------------------------------------------------------
-- Words for match / not_match

local decode, is_word_cp = text.decode, unicode.is_word

local function words_of(s)
    local list, cur = {}, {}
    local i, n = 1, #s
    while i <= n do
        local j
        local cp
        cp, j = decode(s, i)
        if is_word_cp(cp) then
            cur[#cur + 1] = sub(s, i, j - 1)
        elseif #cur > 0 then
            list[#list + 1] = lower(concat(cur)); cur = {}
        end
        i = j
    end
    if #cur > 0 then list[#list + 1] = lower(concat(cur)) end
    return list
end
filters.words = words_of

-- Code point that ends at byte i (a UTF-8 sequence is at most 4 bytes).
local function cp_before(s, i)
    local j = i
    while j > 1 and i - j < 3 do
        local b = byte(s, j)
        if b < 0x80 or b >= 0xC0 then break end
        j = j - 1
    end
    return (decode(s, j))
end

local function has_word(s, w)
    local init = 1
    while true do
        local a, b = find(s, w, init, true)
        if not a then return false end
        if (a == 1 or not is_word_cp(cp_before(s, a - 1))) and
              (b == #s or not is_word_cp((decode(s, b + 1)))) then
            return true
        end
        init = a + 1
    end
end

------------------------------------------------------------------------------
-- Validation of one condition.  Returns true, or nil, the index of the
-- offending element (1 field, 2 operator, 3 value) and the message.

local function scalar_problem(ftype, field, op, v)
    local tw = TYPE_WORD[ftype]
    if ftype == "num" then
        local x = type(v) == "number" and v or filters.number(v)
        if not x or not finite(x) then
            return "value " .. show(v) .. " for numeric field " .. show(field) .. " must be a finite number"
        end
    elseif ftype == "time" then
        if not canonical_time(v) then
            return "value " .. show(v) .. " for time field " .. show(field) ..
                          ' must be a time "yyyy-mm-dd hh:mm:ss +00:00" or a date "yyyy-mm-dd"'
        end
    elseif ftype == "bool" then
        if type(v) ~= "boolean" then
            return "value " .. show(v) .. " for boolean field " .. show(field) .. " must be true or false"
        end
    elseif type(v) ~= "string" then
        return "value " .. show(v) .. " for " .. tw .. " field " .. show(field) .. " must be a string"
    elseif op == "regex" or op == "not_regex" then
        local len = text.length(v)
        if len > filters.MAX_REGEX then
            return "regex is " .. len .. " characters long, at most " .. filters.MAX_REGEX .. " are allowed"
        end
        local ok, err = regex.check(v)
        if not ok then return "invalid regex " .. show(v) .. ": " .. err end
    end
    return nil
end

local function check_condition(cond, schema)
    local n = #cond
    if n ~= 3 or not is_array(cond) then
        return nil, nil, "a condition has 3 elements {field, operator, value}, got " ..
                (is_array(cond) and n or "a table with holes or named keys") ..
                " (write JSON null as dataforseo.null)"
    end
    local field, op, value = cond[1], cond[2], cond[3]
    if type(field) ~= "string" then
        return nil, 1, "field name must be a string, got " .. show(field)
    end
    local ftype = fields.lookup(schema, field)
    if ftype == nil then
        local guess
        local prefix, key = field:match("^([^.]*)%.(.*)$")
        if prefix and schema[prefix] then
            return nil, 1, "unknown field " .. show(field) .. ": " .. show(prefix) .. " is a " ..
                    TYPE_WORD[schema[prefix]] .. " field, only map fields take a \".key\""
        elseif prefix then
            local maps = {}
            for k, t in pairs(schema) do if t == "map" then maps[#maps + 1] = k end end
            local g = fields.suggest(prefix, maps)
            guess = g and (g .. "." .. key)
        else
            guess = fields.suggest(field, schema)
        end
        return nil, 1, "unknown field " .. show(field) ..
                (guess and (' (did you mean "' .. guess .. '"?)') or "")
    end
    if ftype == "map" then
        return nil, 1, show(field) .. ' is a map; filter on one of its keys as "' .. field ..
                '.<key>" (e.g. "' .. field .. '.com")'
    end
    local where = " field " .. show(field)
    local tw = TYPE_WORD[ftype]
    local allowed = concat(OPS[ftype], " ")
    if type(op) ~= "string" then
        return nil, 2, "operator must be a string, got " .. show(op) .. " (use one of " .. allowed .. ")"
    end
    if not KNOWN_OP[op] then
        return nil, 2, "unknown operator " .. show(op) .. " for " .. tw .. where ..
                " (use one of " .. allowed .. ")"
    end
    if not VALID[ftype][op] then
        return nil, 2, "operator " .. show(op) .. " is not valid for " .. tw .. where ..
                " (use one of " .. allowed .. ")"
    end
    if is_null(value) and value ~= nil then
        if op == "=" or op == "<>" then return true end
        return nil, 3, "null is only valid with = and <> (operator " .. show(op) .. ")"
    end
    if op == "in" or op == "not_in" then
        if type(value) ~= "table" or next(value) == nil or not is_array(value) then
            return nil, 3, "operator " .. show(op) .. " needs a non-empty array of values for " ..
                    tw .. where .. ", got " .. show(value)
        end
        for i = 1, #value do
            local p = scalar_problem(ftype, field, op, value[i])
            if p then return nil, "3][" .. i, p end
        end
        return true
    end
    local p = scalar_problem(ftype, field, op, value)
    if p then return nil, 3, p end
    return true
end

------------------------------------------------------------------------------
-- Validation of a whole expression

local function walk(expr, schema, path, depth, state)
    if depth > filters.MAX_DEPTH then
        return nil, path .. ": nested more than " .. filters.MAX_DEPTH .. " levels deep"
    end
    if type(expr) ~= "table" then
        return nil, path .. ": expected a condition {field, operator, value} or a nested array, got " ..
                show(expr)
    end
    local first = expr[1]
    if type(first) == "string" then
        state.count = state.count + 1
        if state.count > filters.MAX_CONDITIONS then
            return nil, path .. ": more than " .. filters.MAX_CONDITIONS ..
                    " conditions (at most " .. filters.MAX_CONDITIONS .. " are allowed in all)"
        end
        local ok, idx, msg = check_condition(expr, schema)
        if ok and type(expr[3]) == "table" and depth + 1 > filters.MAX_DEPTH then
            return nil, path .. "[3]: nested more than " .. filters.MAX_DEPTH .. " levels deep"
        end
        if ok then return true end
        return nil, path .. (idx and ("[" .. idx .. "]") or "") .. ": " .. msg
    end
    if first == nil then
        return nil, path .. ": empty array (a condition or a group needs at least one condition)"
    end
    if type(first) ~= "table" then
        return nil, path .. "[1]: expected a field name or a nested array, got " .. show(first)
    end
    if not is_array(expr) then
        return nil, path .. ": expected an array, got a table with holes or named keys"
    end
    local n = #expr
    for i = 1, n do
        local item = expr[i]
        local ipath = path .. "[" .. i .. "]"
        if i % 2 == 1 then
            local ok, msg = walk(item, schema, ipath, depth + 1, state)
            if not ok then return nil, msg end
        elseif item ~= "and" and item ~= "or" then
            return nil, ipath .. ': expected "and" or "or" between conditions, got ' .. show(item)
        end
    end
    if n % 2 == 0 then
        return nil, path .. "[" .. n .. "]: " .. show(expr[n]) .. " must be followed by a condition"
    end
    return true
end

-- validate(expr, schema, name) -> true | nil, message
-- name: the request field ("filters" or "backlinks_filters"), used in messages.
-- nil and an empty array mean "no filter" and are valid.
function filters.validate(expr, schema, name)
    name = name or "filters"
    if type(schema) ~= "table" then error("filters.validate: schema must be a table", 2) end
    if expr == nil then return true end
    if type(expr) ~= "table" then
        return nil, name .. ": expected an array (a condition {field, operator, value} or conditions" ..
                ' joined by "and"/"or"), got ' .. show(expr)
    end
    if next(expr) == nil then return true end
    return walk(expr, schema, name, 1, { count = 0 })
end

-- Number of conditions in a (valid) expression.
function filters.count(expr)
    if type(expr) ~= "table" or next(expr) == nil then return 0 end
    if type(expr[1]) == "string" then return 1 end
    local c = 0
    for i = 1, #expr, 2 do c = c + filters.count(expr[i]) end
    return c
end

------------------------------------------------------------------------------
-- Compilation to closures: everything that depends on the expression is
-- done once here, so a row costs a few table reads and comparisons.

local function like_matcher(pat)
    if not find(pat, "%", 1, true) then return function(s) return s == pat end end
    local parts, init = {}, 1
    while true do
        local a = find(pat, "%", init, true)
        if not a then parts[#parts + 1] = sub(pat, init); break end
        parts[#parts + 1] = sub(pat, init, a - 1)
        init = a + 1
    end
    local head, tail = parts[1], parts[#parts]
    local mids = {}
    for i = 2, #parts - 1 do if parts[i] ~= "" then mids[#mids + 1] = parts[i] end end
    local nh, nt, nm = #head, #tail, #mids
    if nh == 0 and nt == 0 then
        if nm == 0 then return function() return true end end
        if nm == 1 then
            local m = mids[1]
            return function(s) return find(s, m, 1, true) ~= nil end
        end
    end
    return function(s)
        local n = #s
        if nh + nt > n then return false end
        if nh > 0 and sub(s, 1, nh) ~= head then return false end
        if nt > 0 and sub(s, n - nt + 1) ~= tail then return false end
        local pos, limit = nh + 1, n - nt
        for i = 1, nm do
            local a, b = find(s, mids[i], pos, true)
            if not a or b > limit then return false end
            pos = b + 1
        end
        return true
    end
end

local function set_of(list, conv)
    local set = {}
    for i = 1, #list do set[conv(list[i])] = true end
    return set
end

local function num_value(v) return type(v) == "number" and v or filters.number(v) end

-- test(v) for a non-null field value v.
local function value_test(ftype, op, value)
    if ftype == "num" or ftype == "time" then
        local conv = ftype == "num" and num_value or canonical_time
        local key = ftype == "num" and function(v) return type(v) == "number" and v or nil end or time_key
        if op == "in" or op == "not_in" then
            local set = set_of(value, conv)
            local want = op == "in"
            return function(v)
                local k = key(v)
                if k == nil then return false end
                return (set[k] == true) == want
            end
        end
        local x = conv(value)
        if op == "<" then return function(v) local k = key(v); return k ~= nil and k < x end
        elseif op == "<=" then return function(v) local k = key(v); return k ~= nil and k <= x end
        elseif op == ">" then return function(v) local k = key(v); return k ~= nil and k > x end
        elseif op == ">=" then return function(v) local k = key(v); return k ~= nil and k >= x end
        elseif op == "=" then return function(v) return key(v) == x end
        else return function(v) local k = key(v); return k ~= nil and k ~= x end end
    elseif ftype == "bool" then
        if op == "=" then return function(v) return v == value end end
        return function(v) return type(v) == "boolean" and v ~= value end
    elseif ftype == "array" then
        local want = op == "has"
        return function(v)
            if type(v) ~= "table" then return not want end
            for i = 1, #v do if v[i] == value then return want end end
            return not want
        end
    end
    -- strings
    local positive, test
    if op == "=" then return function(v) return v == value end
    elseif op == "<>" then return function(v) return type(v) == "string" and v ~= value end
    elseif op == "in" or op == "not_in" then
        local set = set_of(value, function(x) return x end)
        local want = op == "in"
        return function(v) return type(v) == "string" and (set[v] == true) == want end
    elseif op == "like" or op == "not_like" then
        test = like_matcher(value)
        positive = op == "like"
    elseif op == "ilike" or op == "not_ilike" then
        local m = like_matcher(lower(value))
        test = function(s) return m(lower(s)) end
        positive = op == "ilike"
    elseif op == "regex" or op == "not_regex" then
        test = regex.matcher(value)
        if not test then error({ local_only = true }, 0) end
        positive = op == "regex"
    else -- match / not_match
        local words = words_of(value)
        test = function(s)
            s = lower(s)
            for i = 1, #words do if not has_word(s, words[i]) then return false end end
            return true
        end
        positive = op == "match"
    end
    if positive then
        return function(v) return type(v) == "string" and test(v) end
    end
    return function(v) return type(v) == "string" and not test(v) end
end

local function compile_condition(cond, schema)
    local field, op, value = cond[1], cond[2], cond[3]
    local ftype, map, key = fields.lookup(schema, field)
    if is_null(value) then
        -- a map key reads 0 when missing: never null
        if map then return function() return op ~= "=" end end
        if op == "=" then return function(row) return is_null(row[field]) end end
        return function(row) return not is_null(row[field]) end
    end
    local test = value_test(ftype, op, value)
    if map then
        return function(row)
            local m = row[map]
            local v = type(m) == "table" and m[key] or nil
            if type(v) ~= "number" then v = 0 end
            return test(v)
        end
    end
    if ftype == "array" then
        return function(row) return test(row[field]) end
    end
    return function(row)
        local v = row[field]
        if v == nil or type(v) == "userdata" then return false end
        return test(v)
    end
end

local function all_of(list)
    local n = #list
    if n == 1 then return list[1] end
    if n == 2 then
        local a, b = list[1], list[2]
        return function(row) return a(row) and b(row) end
    end
    return function(row)
        for i = 1, n do if not list[i](row) then return false end end
        return true
    end
end

local function any_of(list)
    local n = #list
    if n == 1 then return list[1] end
    if n == 2 then
        local a, b = list[1], list[2]
        return function(row) return a(row) or b(row) end
    end
    return function(row)
        for i = 1, n do if list[i](row) then return true end end
        return false
    end
end

local function compile_node(expr, schema)
    if type(expr[1]) == "string" then return compile_condition(expr, schema) end
    local terms, cur = {}, { compile_node(expr[1], schema) }
    for i = 2, #expr, 2 do
        local nxt = compile_node(expr[i + 1], schema)
        if expr[i] == "and" then
            cur[#cur + 1] = nxt
        else
            terms[#terms + 1] = all_of(cur)
            cur = { nxt }
        end
    end
    terms[#terms + 1] = all_of(cur)
    return any_of(terms)
end

-- compile(expr, schema) -> predicate(row) -> boolean | nil, message
-- The expression is validated first (messages as validate with name
-- "filters"); nil or an empty array give a predicate that keeps every row.
function filters.compile(expr, schema, name)
    local ok, err = filters.validate(expr, schema, name)
    if not ok then return nil, err end
    if expr == nil or next(expr) == nil then return function() return true end end
    local compiled, pred = pcall(compile_node, expr, schema)
    if compiled then return pred end
    if type(pred) == "table" and pred.local_only then
        return nil, (name or "filters") .. ": a regex is valid RE2 but cannot be evaluated locally " ..
            "(\\C, or too large for the Lua matcher); the API evaluates it"
    end
    error(pred, 0)
end

------------------------------------------------------------------------------
-- Builder:  F.anchor:like("%news%"), F.field("referring_links_tld.com"):gt(5),
-- F.backlink.dofollow:eq(true), F.all(a, b, ...), F.any(a, b, ...).

local Field = {}
Field.__index = Field

local function new_field(schema, label, name, level)
    local ftype = fields.lookup(schema, name)
    if ftype == nil then
        local guess = type(name) == "string" and fields.suggest(name, schema)
        error("dataforseo.filters: unknown " .. label .. " field " .. show(name) ..
                    (guess and (' (did you mean "' .. guess .. '"?)') or ""), level + 1)
    end
    return setmetatable({ name = name, type = ftype, schema = schema, label = label }, Field)
end

-- Field of a map: F.referring_links_tld:key("com") == F.field("referring_links_tld.com").
function Field:key(k)
    if getmetatable(self) ~= Field then error("dataforseo.filters: call key with a colon", 2) end
    if self.type ~= "map" then
        error("dataforseo.filters: " .. self.name .. " is not a map field; key() is for maps", 2)
    end
    if type(k) ~= "string" then
        error("dataforseo.filters: " .. self.name .. ":key() needs a string, got " .. show(k), 2)
    end
    return new_field(self.schema, self.label, self.name .. "." .. k, 2)
end

local METHODS = {
    eq = "=", ne = "<>", lt = "<", le = "<=", gt = ">", ge = ">=", in_ = "in", not_in = "not_in",
    like = "like", not_like = "not_like", ilike = "ilike", not_ilike = "not_ilike",
    regex = "regex", not_regex = "not_regex", match = "match", not_match = "not_match",
    has = "has", has_not = "has_not",
}

for method, op in pairs(METHODS) do
    Field[method] = function(self, ...)
        if getmetatable(self) ~= Field then
            error("dataforseo.filters: call " .. method .. " with a colon (F.anchor:" .. method ..
                        "(value))", 2)
        end
        local nargs = select("#", ...)
        local value = ...
        if nargs ~= 1 or value == nil then
            error("dataforseo.filters: " .. self.name .. ":" .. method .. "() takes one value, got " ..
                        (nargs == 1 and "nil (write JSON null as dataforseo.null)" or nargs), 2)
        end
        local cond = { self.name, op, value }
        local ok, _, msg = check_condition(cond, self.schema)
        if not ok then
            error("dataforseo.filters: " .. self.name .. ":" .. method .. "(" .. show(value) .. "): " ..
                        msg, 2)
        end
        return cond
    end
end
Field["in"] = Field.in_

local function joiner(word, fname)
    return function(...)
        local n = select("#", ...)
        if n == 0 then error("dataforseo.filters: " .. fname .. "() needs at least one condition", 2) end
        local args = { ... }
        for i = 1, n do
            if type(args[i]) ~= "table" then
                error("dataforseo.filters: " .. fname .. "() argument #" .. i ..
                            " is " .. show(args[i]) .. ", expected a condition or a group", 2)
            end
        end
        if n == 1 then return args[1] end
        local out = {}
        for i = 1, n do
            if i > 1 then out[#out + 1] = word end
            out[#out + 1] = args[i]
        end
        return out
    end
end

filters.all = joiner("and", "all")
filters.any = joiner("or", "any")
filters.Field = Field

-- Namespace of field builders for one schema: ns.<field>, ns.field(name).
local function namespace(target, schema, label)
    local cache = {}
    target.field = function(name) return new_field(schema, label, name, 2) end
    return setmetatable(target, {
        __index = function(_, name)
            local f = cache[name]
            if f then return f end
            f = new_field(schema, label, name, 2)
            cache[name] = f
            return f
        end,
    })
end

-- Backlink fields (for backlinks_filters): F.backlink.dofollow:eq(true).
filters.backlink = namespace({ all = filters.all, any = filters.any }, fields.backlink, "backlink")

-- Anchor item fields are properties of the module itself: F.anchor, F.rank...
return namespace(filters, fields.anchor_item, "anchors item")
