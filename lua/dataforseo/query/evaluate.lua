-- Filters evaluated on rows in Lua: an expression the API would accept
-- becomes a predicate, with the semantics below (decisions where the
-- documentation is silent).  The emulator has its own; the client uses this
-- one where it keeps rows itself (profiles, tests, a second opinion).  The
-- regex matcher and the Unicode tables load with this module, not before.
--
--   local evaluate = require "dataforseo.query.evaluate"  (or F.compile)
--   local keep = assert(evaluate.compile(expr, fields.anchor_item))
--   keep(row) -> boolean
--
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
local fields = require "dataforseo.api.fields"
local filters = require "dataforseo.query.filters"
local regex = require "dataforseo.query.regex"
local text = require "dataforseo.query.text"
local unicode = require "dataforseo.query.unicode"

local type, next, error, pcall = type, next, error, pcall
local byte, sub, find = string.byte, string.sub, string.find
local concat = table.concat
-- Case is ignored by Unicode simple case folding (all scripts).
local lower = unicode.fold_text
local canonical_time, is_null = filters.canonical_time, filters.is_null

local M = {}

------------------------------------------------------------------------------
-- Times

-- Comparable key of a row's time: canonical UTC strings compare like times.
-- Rows from the API are already canonical, so they skip the parse.
local function time_key(v)
    if type(v) ~= "string" then return nil end
    if #v == 26 and sub(v, 20) == " +00:00" then return v end
    return canonical_time(v)
end
M.time_key = time_key

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

-- compile(expr, schema [, name]) -> predicate(row) -> boolean | nil, message
-- The expression is validated first (messages as filters.validate with
-- name, default "filters"); nil or an empty array give a predicate that
-- keeps every row.
function M.compile(expr, schema, name)
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

return M
