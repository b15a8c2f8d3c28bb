-- Filters, as the documentation describes them ("backlinks/filters",
-- the endpoint page, the Help Center's "Using filters"):
--   condition := [field, operator, value]
--   group     := [item, "and"|"or", item, ...]    item := condition | group
-- at most 8 conditions.  Field types as GET /v3/backlinks/available_filters
-- gives them; operators per type; `and` binds tighter than `or` (SQL).
--
--   filter.check(expr, fields) -> true | false      (fields: ANCHOR_FIELDS, BACKLINK_FIELDS)
--   filter.compile(expr, fields) -> predicate(row) -> boolean   (inside nginx)
--
-- Evaluation (where the documentation is silent, SQL's reading):
--   a null field satisfies nothing but [field, "=", null]; a map key that
--   is missing (or a null map) reads 0; a null array has nothing; times
--   compare as instants; like: % is the only wildcard; ilike ignores case
--   (Unicode simple folding); match: every word of the value is a word of
--   the field, ignoring case (words: letters, marks, digits); regex: RE2
--   syntax (re2.lua) matched by PCRE anywhere in the text, and where PCRE
--   gives up (its backtracking limit) by nfa.lua in linear time, as RE2
--   does; like and ilike in linear time too (never "no match" from a limit).
local re2 = require("dataforseo_emulator.re2")
local nfa = require("dataforseo_emulator.nfa")
local utf8 = require("dataforseo_emulator.utf8")
local unicode = require("dataforseo_emulator.unicode")
local calendar = require("dataforseo_emulator.calendar")

local M = {}

local type, pairs, ipairs, tonumber = type, pairs, ipairs, tonumber
local huge, format = math.huge, string.format

M.MAX_CONDITIONS = 8
M.MAX_REGEX = 1000

-- "str", "num", "time", "bool", "array" (array.str), "map" (num per key),
-- "smap" (str per key).  Nested objects are dotted names ("meta.title").
M.ANCHOR_FIELDS = {
    anchor = "str", rank = "num", backlinks = "num", first_seen = "time", lost_date = "time",
    backlinks_spam_score = "num", broken_backlinks = "num", broken_pages = "num",
    referring_domains = "num", referring_domains_nofollow = "num", referring_main_domains = "num",
    referring_main_domains_nofollow = "num", referring_ips = "num", referring_subnets = "num",
    referring_pages = "num", referring_pages_nofollow = "num",
    referring_links_tld = "map", referring_links_types = "map", referring_links_attributes = "map",
    referring_links_platform_types = "map", referring_links_semantic_locations = "map",
    referring_links_countries = "map",
}

M.BACKLINK_FIELDS = {
    type = "str", domain_from = "str", url_from = "str", domain_to = "str", url_to = "str",
    tld_from = "str", domain_from_ip = "str", domain_from_country = "str", page_from_encoding = "str",
    page_from_language = "str", page_from_title = "str", item_type = "str", alt = "str",
    image_url = "str", anchor = "str", text_pre = "str", text_post = "str", semantic_location = "str",
    url_to_redirect_target = "str",
    first_seen = "time", prev_seen = "time", last_seen = "time",
    url_from_https = "bool", url_to_https = "bool", is_new = "bool", is_lost = "bool",
    domain_from_is_ip = "bool", dofollow = "bool", original = "bool", is_broken = "bool",
    is_indirect_link = "bool",
    backlink_spam_score = "num", rank = "num", page_from_rank = "num", domain_from_rank = "num",
    page_from_external_links = "num", page_from_internal_links = "num", page_from_size = "num",
    page_from_status_code = "num", links_count = "num", group_count = "num",
    url_to_status_code = "num", url_to_spam_score = "num",
    domain_from_platform_type = "array", attributes = "array",
}

local COMPARE = { ["<"] = true, ["<="] = true, [">"] = true, [">="] = true, ["="] = true, ["<>"] = true,
    ["in"] = true, not_in = true }
M.OPERATORS = {
    num = COMPARE,
    time = COMPARE,
    str = { ["="] = true, ["<>"] = true, ["in"] = true, not_in = true, like = true, not_like = true,
        ilike = true, not_ilike = true, regex = true, not_regex = true, match = true, not_match = true },
    bool = { ["="] = true, ["<>"] = true },
    array = { has = true, has_not = true },
}

-- Type of a field: its own, or the value type of "map.key" ("num" in a
-- "map", "str" in a "smap").  The map is the shortest dotted prefix that
-- names one ("referring_links_tld.co.uk" is the key "co.uk";
-- "page_summary.referring_links_tld.com" the key "com"); also the map and key.
local MAP_VALUE = { map = "num", smap = "str" }
function M.field_type(fields, name)
    if type(name) ~= "string" then return nil end
    local t = fields[name]
    if t then return t end
    local from = 1
    while true do
        local dot = name:find(".", from, true)
        if not dot then return nil end
        local map = name:sub(1, dot - 1)
        local value_type = MAP_VALUE[fields[map]]
        if value_type then return value_type, map, name:sub(dot + 1) end
        from = dot + 1
    end
end

-- The value of a field of a row: row[name], or for a dotted name of a
-- nested item ("meta.title", "page_summary.backlinks") the walk down.
local function path_value(row, name)
    local v = row[name]
    if v ~= nil or not name:find(".", 1, true) then return v end
    v = row
    for part in name:gmatch("[^.]+") do
        if type(v) ~= "table" then return nil end
        v = v[part]
    end
    return v
end
M.path_value = path_value

local function is_null(v) return type(v) == "userdata" end

-- A JSON array: keys 1..n, nothing else.
function M.is_list(t)
    if type(t) ~= "table" then return false end
    local n = 0
    for k in pairs(t) do
        if type(k) ~= "number" then return false end
        n = n + 1
    end
    return n == #t
end
local is_list = M.is_list

------------------------------------------------------------------------------
-- Values

local function finite(x) return x == x and x ~= huge and x ~= -huge end

-- A number, or a string holding a decimal number ("10", "-2.5", "1e3").
local function number_of(v)
    if type(v) == "number" then return finite(v) and v or nil end
    if type(v) ~= "string" then return nil end
    if not (v:match("^[+-]?%d+%.?%d*$") or v:match("^[+-]?%.%d+$") or v:match("^[+-]?%d+%.?%d*[eE][+-]?%d+$")
        or v:match("^[+-]?%.%d+[eE][+-]?%d+$")) then
        return nil
    end
    local x = tonumber(v)
    return x and finite(x) and x or nil
end

-- "yyyy-mm-dd hh:mm:ss +hh:mm", "yyyy-mm-dd hh:mm:ss" (UTC) or
-- "yyyy-mm-dd" (midnight UTC) -> seconds, or nil.
local time_of = calendar.time_of
M.time_of = time_of

------------------------------------------------------------------------------
-- Regex support

local ngx_re = rawget(_G, "ngx") and ngx.re

-- The error ngx.re gives for a pattern, or nil when it compiles (find
-- returns from, to on a match, nil on none, nil and a message on an error).
local function compile_error(pattern, options)
    local from, err = ngx_re.find("", pattern, options)
    if from == nil then return err end
    return nil
end

-- Capture names may use Unicode word characters (RE2's IsValidCaptureName).
local NAME_CLASSES = { "Lu", "Ll", "Lt", "Lm", "Lo", "Nl", "Mn", "Mc", "Nd", "Pc" }
local function name_ok(cp)
    for _, name in ipairs(NAME_CLASSES) do
        local r = unicode.ranges(name)
        for i = 1, #r, 2 do
            if cp >= r[i] and cp <= r[i + 1] then return true end
        end
    end
    return false
end

local pcre_cache = {}

-- RE2 pattern -> PCRE text | nil (not RE2 syntax, or PCRE cannot hold it).
local function regex_to_pcre(pattern)
    local cached = pcre_cache[pattern]
    if cached ~= nil then return cached or nil end
    local tree = re2.parse(pattern, name_ok)
    local pcre = tree and re2.to_pcre(tree, unicode.ranges) or false
    if pcre and ngx_re then
        local err = compile_error(pcre, "jou")
        if err then
            ngx.log(ngx.WARN, "regex PCRE cannot compile: ", err)
            pcre = false
        end
    end
    pcre_cache[pattern] = pcre
    return pcre or nil
end
M.regex_to_pcre = regex_to_pcre

------------------------------------------------------------------------------
-- Checking

local function scalar_ok(ftype, op, v)
    if ftype == "num" then return number_of(v) ~= nil end
    if ftype == "time" then return time_of(v) ~= nil end
    if ftype == "bool" then return type(v) == "boolean" end
    if type(v) ~= "string" then return false end
    if op == "regex" or op == "not_regex" then
        return utf8.length(v) <= M.MAX_REGEX and regex_to_pcre(v) ~= nil
    end
    return true
end

local function condition_ok(cond, fields)
    if #cond ~= 3 or not is_list(cond) then return false end
    local field, op, value = cond[1], cond[2], cond[3]
    local ftype = M.field_type(fields, field)
    if ftype == nil or MAP_VALUE[ftype] then return false end
    if type(op) ~= "string" or not M.OPERATORS[ftype][op] then return false end
    if is_null(value) then return op == "=" or op == "<>" end
    if op == "in" or op == "not_in" then
        if not is_list(value) or #value == 0 then return false end
        for i = 1, #value do
            if not scalar_ok(ftype, op, value[i]) then return false end
        end
        return true
    end
    return scalar_ok(ftype, op, value)
end

local function walk(expr, fields, state)
    if type(expr[1]) == "string" then
        state.count = state.count + 1
        return state.count <= M.MAX_CONDITIONS and condition_ok(expr, fields)
    end
    if not is_list(expr) or #expr % 2 == 0 then return false end
    for i = 1, #expr do
        local item = expr[i]
        if i % 2 == 1 then
            if type(item) ~= "table" or next(item) == nil or not walk(item, fields, state) then return false end
        elseif item ~= "and" and item ~= "or" then
            return false
        end
    end
    return true
end

-- An empty array is no filter.
function M.check(expr, fields)
    if type(expr) ~= "table" then return false end
    if next(expr) == nil then return true end
    return walk(expr, fields, { count = 0 })
end

------------------------------------------------------------------------------
-- Evaluation (nginx: like, ilike, match and regex run on ngx.re).

-- Literal text for a PCRE pattern in UTF-8 mode: ASCII punctuation
-- escaped by code, other characters as they are.
local function pcre_literal(s)
    return (s:gsub("[%z\1-\47\58-\64\91-\96\123-\127]", function(c) return format("\\x%02X", c:byte()) end))
end

-- like: the whole text, % for any run of characters (newlines included).
-- The pieces between the %s are found left to right, each at its first
-- place after the one before (the first at the start, the last at the
-- end): linear, where a PCRE pattern with many %s backtracks past its
-- limit.  find(s, piece, init, anchor) -> start, end of piece in s from
-- init ("start": only at init; "end": only ending at #s).
local function like_test(pattern, find)
    local pieces = {}
    for piece in (pattern .. "%"):gmatch("(.-)%%") do pieces[#pieces + 1] = piece end
    local last = #pieces
    return function(s)
        if last == 1 then
            local from, to = find(s, pieces[1], 1, "start")
            return from ~= nil and to == #s
        end
        local _, pos = find(s, pieces[1], 1, "start")
        if not pos then return false end
        pos = pos + 1
        for k = 2, last - 1 do
            if pieces[k] ~= "" then
                local _, to = find(s, pieces[k], pos)
                if not to then return false end
                pos = to + 1
            end
        end
        return find(s, pieces[last], pos, "end") ~= nil
    end
end

-- Byte-exact pieces.
local function plain_find(s, piece, init, anchor)
    if anchor == "end" then
        local from = #s - #piece + 1
        if from < init or s:sub(from) ~= piece then return nil end
        return from, #s
    end
    if anchor == "start" then
        if s:sub(init, init + #piece - 1) ~= piece then return nil end
        return init, init + #piece - 1
    end
    return s:find(piece, init, true)
end

-- Pieces ignoring case (PCRE's caseless literal, as ilike always was).
local function caseless_find(s, piece, init, anchor)
    local re = "(?i)" .. (anchor == "start" and "\\G" or "") .. pcre_literal(piece) .. (anchor == "end" and "\\z" or "")
    local from, to = ngx_re.find(s, re, "jou", { pos = init })
    return from, to
end

local WORD = "\\p{L}\\p{M}\\p{N}"

local function words_of(s)
    local list = {}
    for m in ngx_re.gmatch(s, "[" .. WORD .. "]+", "jou") do list[#list + 1] = m[0] end
    return list
end

-- match: each word of the value as a whole word somewhere, ignoring case.
local function match_pcre(value)
    local parts = {}
    for _, w in ipairs(words_of(value)) do
        parts[#parts + 1] = "(?=[\\s\\S]*?(?<![" .. WORD .. "])(?i:" .. pcre_literal(w) .. ")(?![" .. WORD .. "]))"
    end
    return "\\A" .. table.concat(parts)
end

local function finds(pcre)
    return function(s) return ngx_re.find(s, pcre, "jou") ~= nil end
end

-- One character of a parsed pattern (a literal or a class, with RE2's
-- meaning as re2.to_pcre writes it) against a code point, for nfa.lua.
local atom_cache = setmetatable({}, { __mode = "k" })
local function atom_test(node, cp)
    if node.k == "lit" and not node.fold then return cp == node.cp end
    local known = atom_cache[node]
    if not known then
        known = { re = "\\A(?:" .. re2.to_pcre(node, unicode.ranges) .. ")\\z" }
        atom_cache[node] = known
    end
    local hit = known[cp]
    if hit == nil then
        hit = ngx_re.find(utf8.char(cp), known.re, "jou") ~= nil
        known[cp] = hit
    end
    return hit
end

-- regex: PCRE; when it gives up (nil and an error: its match limit), the
-- linear automaton decides.
local function regex_test(pattern)
    local pcre, program = regex_to_pcre(pattern), nil
    return function(s)
        local from, _, err = ngx_re.find(s, pcre, "jou")
        if from then return true end
        if not err then return false end
        program = program or nfa.compile(re2.parse(pattern, name_ok))
        return nfa.find(program, s, atom_test)
    end
end

-- test(v) for a value v that is not null.
local function value_test(ftype, op, value)
    if ftype == "num" or ftype == "time" then
        local conv = ftype == "num" and number_of or time_of
        local key = ftype == "num" and function(v) return type(v) == "number" and v or nil end or time_of
        if op == "in" or op == "not_in" then
            local set = {}
            for i = 1, #value do set[conv(value[i])] = true end
            local want = op == "in"
            return function(v)
                local k = key(v)
                return k ~= nil and (set[k] == true) == want
            end
        end
        local x = conv(value)
        local cmp = ({
            ["<"] = function(a) return a < x end, ["<="] = function(a) return a <= x end,
            [">"] = function(a) return a > x end, [">="] = function(a) return a >= x end,
            ["="] = function(a) return a == x end, ["<>"] = function(a) return a ~= x end,
        })[op]
        return function(v)
            local k = key(v)
            return k ~= nil and cmp(k)
        end
    elseif ftype == "bool" then
        if op == "=" then return function(v) return v == value end end
        return function(v) return type(v) == "boolean" and v ~= value end
    elseif ftype == "array" then
        local want = op == "has"
        return function(v)
            if type(v) == "table" then
                for i = 1, #v do if v[i] == value then return want end end
            end
            return not want
        end
    end
    local test, positive
    if op == "=" then return function(v) return v == value end
    elseif op == "<>" then return function(v) return type(v) == "string" and v ~= value end
    elseif op == "in" or op == "not_in" then
        local set, want = {}, op == "in"
        for i = 1, #value do set[value[i]] = true end
        return function(v) return type(v) == "string" and (set[v] == true) == want end
    elseif op == "like" or op == "not_like" then
        test, positive = like_test(value, plain_find), op == "like"
    elseif op == "ilike" or op == "not_ilike" then
        test, positive = like_test(value, caseless_find), op == "ilike"
    elseif op == "regex" or op == "not_regex" then
        test, positive = regex_test(value), op == "regex"
    else
        test, positive = finds(match_pcre(value)), op == "match"
    end
    if positive then return function(v) return type(v) == "string" and test(v) end end
    return function(v) return type(v) == "string" and not test(v) end
end

local function compile_condition(cond, fields)
    local field, op, value = cond[1], cond[2], cond[3]
    local ftype, map, key = M.field_type(fields, field)
    local read
    if map and ftype == "str" then
        read = function(row)
            local m = path_value(row, map)
            local v = type(m) == "table" and m[key] or nil
            return type(v) == "string" and v or nil
        end
    elseif map then
        read = function(row)
            local m = path_value(row, map)
            local v = type(m) == "table" and m[key] or nil
            return type(v) == "number" and v or 0
        end
    elseif field:find(".", 1, true) then
        read = function(row) return path_value(row, field) end
    else
        read = function(row) return row[field] end
    end
    if is_null(value) then
        if op == "=" then return function(row) local v = read(row); return v == nil or is_null(v) end end
        return function(row) local v = read(row); return v ~= nil and not is_null(v) end
    end
    local test = value_test(ftype, op, value)
    if ftype == "array" then return function(row) return test(read(row)) end end
    return function(row)
        local v = read(row)
        if v == nil or is_null(v) then return false end
        return test(v)
    end
end

local function compile_node(expr, fields)
    if type(expr[1]) == "string" then return compile_condition(expr, fields) end
    -- OR of ANDs: `and` binds tighter.
    local terms, current = {}, { compile_node(expr[1], fields) }
    for i = 2, #expr, 2 do
        local nxt = compile_node(expr[i + 1], fields)
        if expr[i] == "and" then
            current[#current + 1] = nxt
        else
            terms[#terms + 1] = current
            current = { nxt }
        end
    end
    terms[#terms + 1] = current
    return function(row)
        for t = 1, #terms do
            local all = true
            local term = terms[t]
            for c = 1, #term do
                if not term[c](row) then all = false; break end
            end
            if all then return true end
        end
        return false
    end
end

-- A checked expression -> predicate; nil or [] keep every row.
function M.compile(expr, fields)
    if expr == nil or next(expr) == nil then return function() return true end end
    return compile_node(expr, fields)
end

return M
