-- A pure-Lua matcher for the RE2 syntax subset that DataForSEO's `regex` and
-- `not_regex` filter operators accept, answering one question: does the
-- pattern match anywhere in the text?
--
--   local regex = require "dataforseo.regex"
--   local re, err = regex.compile("(how|what) (to|is)\\b")   -- err names the position
--   re:test("how to cook")  --> true
--   regex.check(pattern)    --> true | nil, message
--
-- Supported: literals (UTF-8 aware), `.`, classes `[a-z]`, `[^...]`, POSIX
-- `[[:alpha:]]`, escapes \d \D \w \W \s \S \b \B \A \z \n \t \r \f \v \a,
-- \xHH, \x{HHHH}, \Q...\E and escaped punctuation, anchors ^ $, repetition
-- * + ? {m} {m,} {m,n} (greedy or lazy, counts up to 1000), groups (plain,
-- (?:...), named; captures are not reported), alternation |, and the flags
-- (?i) (?m) (?s) (?U) also in scoped form (?i:...).  RE2 rejects
-- backreferences and lookaround, and so do we; \p{...} Unicode classes and
-- octal escapes are refused as unsupported rather than guessed.
--
-- Matching is linear in the text: the pattern becomes a Thompson NFA that is
-- turned lazily into a DFA (one table lookup per character once warm), so
-- no pattern can make matching explode.  Only existence of a match matters
-- here, which is why greedy and lazy repetition behave the same.
local text = require "dataforseo.text"

local byte, sub, find, char = string.byte, string.sub, string.find, string.char
local concat, sort = table.concat, table.sort
local decode, encode = text.decode, text.encode

local regex = {}

regex.MAX_REPEAT = 1000     -- RE2's own bound for {m,n}
regex.MAX_NODES = 20000     -- NFA size after expanding repetitions
regex.MAX_STATES = 4000     -- cached DFA states before the cache is flushed

local MAX_CP = 0x10FFFF

------------------------------------------------------------------------------
-- Character sets: a flat, sorted list of inclusive ranges {lo1,hi1,lo2,hi2..}
-- and a negation flag.

local function normalize(r)
    local pairs_ = {}
    for k = 1, #r, 2 do pairs_[#pairs_ + 1] = { r[k], r[k + 1] } end
    sort(pairs_, function(a, b) return a[1] < b[1] end)
    local out = {}
    for _, p in ipairs(pairs_) do
        local n = #out
        if n > 0 and p[1] <= out[n] + 1 then
            if p[2] > out[n] then out[n] = p[2] end
        else
            out[n + 1], out[n + 2] = p[1], p[2]
        end
    end
    return out
end

local function complement(r)
    r = normalize(r)
    local out, lo = {}, 0
    for k = 1, #r, 2 do
        if r[k] > lo then out[#out + 1], out[#out + 2] = lo, r[k] - 1 end
        lo = r[k + 1] + 1
    end
    if lo <= MAX_CP then out[#out + 1], out[#out + 2] = lo, MAX_CP end
    return out
end

local function append(dst, src)
    for k = 1, #src do dst[#dst + 1] = src[k] end
end

-- Adds the other-case forms of every letter in the ranges (folding stops at
-- U+045F, the end of the scripts text.lua knows).
local function fold_ranges(r)
    local out = {}
    append(out, r)
    for k = 1, #r, 2 do
        local lo, hi = r[k], r[k + 1]
        if hi > 0x45F then hi = 0x45F end
        for cp = lo, hi do
            local v = text.case_variants(cp)
            for j = 2, #v do out[#out + 1], out[#out + 2] = v[j], v[j] end
        end
    end
    return normalize(out)
end

local function set_has(set, cp)
    local r = set.ranges
    local hit = false
    for k = 1, #r, 2 do
        if cp < r[k] then break end
        if cp <= r[k + 1] then hit = true; break end
    end
    if set.neg then return not hit end
    return hit
end

local DIGIT = { 48, 57 }
local WORDR = { 48, 57, 65, 90, 95, 95, 97, 122 }
local SPACE = { 9, 10, 12, 13, 32, 32 }
local POSIX = {
    alnum = { 48, 57, 65, 90, 97, 122 }, alpha = { 65, 90, 97, 122 },
    ascii = { 0, 127 }, blank = { 9, 9, 32, 32 }, cntrl = { 0, 31, 127, 127 },
    digit = DIGIT, graph = { 33, 126 }, lower = { 97, 122 }, print = { 32, 126 },
    punct = { 33, 47, 58, 64, 91, 96, 123, 126 }, space = { 9, 13, 32, 32 },
    upper = { 65, 90 }, word = WORDR, xdigit = { 48, 57, 65, 70, 97, 102 },
}
local PERL = { d = DIGIT, w = WORDR, s = SPACE }

------------------------------------------------------------------------------
-- Parser: pattern -> syntax tree.
--   {t="cp", cp}  {t="set", ranges, neg}  {t="cat", ...}  {t="alt", ...}
--   {t="rep", sub, min, max (-1 = unbounded)}  {t="assert", kind}  {t="empty"}

local function is_hex(c)
    return c and ((c >= 48 and c <= 57) or (c >= 65 and c <= 70) or (c >= 97 and c <= 102))
end

local function is_alnum(c)
    return (c >= 48 and c <= 57) or (c >= 65 and c <= 90) or (c >= 97 and c <= 122)
end

local function parse(pattern)
    local cps = {}
    do
        local ok, bad = text.valid(pattern)
        if not ok then error({ msg = "invalid UTF-8 in pattern at byte " .. bad, pos = 1 }, 0) end
        local i = 1
        while i <= #pattern do cps[#cps + 1], i = decode(pattern, i) end
    end
    local n, pos = #cps, 1
    local flags = { i = false, m = false, s = false }
    local uses = { word = false, multiline = false }

    local function fail(msg, at) error({ msg = msg, pos = at or pos }, 0) end
    local function ch(k) local c = cps[k or pos]; return c and char(c < 128 and c or 63) end

    local function literal(c)
        if flags.i then
            local v = text.case_variants(c)
            if #v > 1 then
                local r = {}
                for _, x in ipairs(v) do r[#r + 1], r[#r + 2] = x, x end
                return { t = "set", ranges = normalize(r), neg = false }
            end
        end
        return { t = "cp", cp = c }
    end

    -- Decimal digits starting at k: their value (nil if none) and the index after.
    local function digits(k)
        local t = {}
        while cps[k] and cps[k] >= 48 and cps[k] <= 57 do t[#t + 1] = char(cps[k]); k = k + 1 end
        if #t == 0 then return nil, k end
        return tonumber(concat(t)), k
    end

    -- {m}, {m,} or {m,n} at k: min, max (-1 = unbounded), index after; nil if
    -- the brace does not start a repetition (RE2 then takes it literally).
    local function repeat_at(k)
        if cps[k] ~= 123 then return nil end
        local m, j = digits(k + 1)
        if not m then return nil end
        local mx = m
        if cps[j] == 44 then
            mx, j = digits(j + 1)
            if not mx then mx = -1 end
        end
        if cps[j] ~= 125 then return nil end
        return m, mx, j + 1
    end

    local parse_alt

    local function escape(in_class)
        local at = pos
        pos = pos + 1
        local c = cps[pos]
        if c == nil then fail("trailing backslash at end of pattern", at) end
        pos = pos + 1
        local l = ch(pos - 1)
        if PERL[l] then return "ranges", PERL[l], false end
        if PERL[l:lower()] and l:upper() == l and is_alnum(c) then
            return "ranges", PERL[l:lower()], true
        end
        if l == "n" then return "cp", 10 elseif l == "t" then return "cp", 9
        elseif l == "r" then return "cp", 13 elseif l == "f" then return "cp", 12
        elseif l == "v" then return "cp", 11 elseif l == "a" then return "cp", 7 end
        if l == "x" then
            local v
            if cps[pos] == 123 then
                local j = pos + 1
                local t = {}
                while is_hex(cps[j]) do t[#t + 1] = char(cps[j]); j = j + 1 end
                if #t == 0 or cps[j] ~= 125 then fail("invalid escape sequence \\x{...}", at) end
                v = tonumber(concat(t), 16)
                pos = j + 1
            else
                if not (is_hex(cps[pos]) and is_hex(cps[pos + 1])) then
                    fail("invalid escape sequence \\x (expected two hex digits)", at)
                end
                v = tonumber(char(cps[pos], cps[pos + 1]), 16)
                pos = pos + 2
            end
            if v > MAX_CP then fail("invalid escape sequence: code point above U+10FFFF", at) end
            return "cp", v
        end
        if not in_class then
            if l == "b" then uses.word = true; return "assert", "wb"
            elseif l == "B" then uses.word = true; return "assert", "nwb"
            elseif l == "A" then return "assert", "bot"
            elseif l == "z" then return "assert", "eot"
            elseif l == "Q" then
                local lits = {}
                while pos <= n and not (cps[pos] == 92 and cps[pos + 1] == 69) do
                    lits[#lits + 1] = literal(cps[pos]); pos = pos + 1
                end
                if pos <= n then pos = pos + 2 end
                lits.t = "cat"
                return "node", lits
            end
        end
        if l == "p" or l == "P" then
            fail("Unicode character classes (\\p, \\P) are not supported", at)
        end
        if c >= 48 and c <= 57 then
            fail("backreferences and octal escapes (\\" .. l .. ") are not supported", at)
        end
        if c < 128 and not is_alnum(c) and c > 32 and c ~= 127 then return "cp", c end
        fail("invalid escape sequence \\" .. (c < 128 and l or text.encode(c)), at)
    end

    local function class()
        local at = pos
        pos = pos + 1
        local neg = false
        if cps[pos] == 94 then neg = true; pos = pos + 1 end
        local r, first = {}, true
        while true do
            local c = cps[pos]
            if c == nil then fail("missing closing ] for the class opened", at) end
            if c == 93 and not first then pos = pos + 1; break end
            first = false
            if c == 91 and cps[pos + 1] == 58 then
                local j = pos + 2
                local pneg = false
                if cps[j] == 94 then pneg = true; j = j + 1 end
                local t = {}
                while cps[j] and cps[j] ~= 58 do t[#t + 1] = char(cps[j] < 128 and cps[j] or 63); j = j + 1 end
                local name = concat(t)
                if cps[j] ~= 58 or cps[j + 1] ~= 93 or not POSIX[name] then
                    fail("invalid character class [:" .. name .. ":]", pos)
                end
                append(r, pneg and complement(POSIX[name]) or POSIX[name])
                pos = j + 2
            else
                local kind, lo, lneg
                if c == 92 then
                    kind, lo, lneg = escape(true)
                else
                    kind, lo = "cp", c
                    pos = pos + 1
                end
                if kind == "ranges" then
                    append(r, lneg and complement(lo) or lo)
                elseif cps[pos] == 45 and cps[pos + 1] and cps[pos + 1] ~= 93 then
                    local rat = pos - 1
                    pos = pos + 1
                    local hk, hi
                    if cps[pos] == 92 then hk, hi = escape(true) else hk, hi = "cp", cps[pos]; pos = pos + 1 end
                    if hk ~= "cp" then fail("bad character class range (an end is a class)", rat) end
                    if hi < lo then
                        fail("bad character class range " .. encode(lo) .. "-" .. encode(hi), rat)
                    end
                    r[#r + 1], r[#r + 2] = lo, hi
                else
                    r[#r + 1], r[#r + 2] = lo, lo
                end
            end
        end
        r = normalize(r)
        if flags.i then r = fold_ranges(r) end
        return { t = "set", ranges = r, neg = neg }
    end

    local function group()
        local at = pos
        pos = pos + 1
        local outer = { i = flags.i, m = flags.m, s = flags.s }
        if cps[pos] == 63 then  -- (?
            pos = pos + 1
            local c = cps[pos]
            if c == 61 or c == 33 or (c == 60 and (cps[pos + 1] == 61 or cps[pos + 1] == 33)) then
                fail("lookahead and lookbehind assertions are not supported (RE2 syntax)", at)
            end
            if c == 80 or c == 60 then  -- (?P<name> or (?<name>
                if c == 80 then
                    if cps[pos + 1] ~= 60 then fail("invalid named capture group", at) end
                    pos = pos + 1
                end
                pos = pos + 1
                local s = pos
                while cps[pos] and cps[pos] < 128 and (is_alnum(cps[pos]) or cps[pos] == 95) do pos = pos + 1 end
                if pos == s or cps[pos] ~= 62 then fail("invalid named capture group", at) end
                pos = pos + 1
            else
                -- Flags: (?i) (?-s) (?im-s:...) and (?:...); "(?)" and a dangling
                -- "-" are errors in RE2 too.
                local on, saw_minus, last_minus, nflags = true, false, false, 0
                while true do
                    c = cps[pos]
                    if c == 105 or c == 109 or c == 115 or c == 85 then
                        local f = char(c)
                        if f ~= "U" then flags[f] = on end   -- U (ungreedy) cannot change a yes/no answer
                        nflags, last_minus = nflags + 1, false
                    elseif c == 45 and not saw_minus then
                        on, saw_minus, last_minus = false, true, true
                    elseif (c == 58 or c == 41) and not last_minus and not (c == 41 and nflags == 0) then
                        break
                    else
                        fail("invalid or unsupported group syntax (?...)", at)
                    end
                    pos = pos + 1
                end
                pos = pos + 1
                if c == 41 then return nil end   -- (?i): flags for the rest of the group
            end
        end
        local node = parse_alt()
        if cps[pos] ~= 41 then fail("missing closing ) for the group opened", at) end
        pos = pos + 1
        flags = outer
        return node
    end

    local function atom()
        local c = cps[pos]
        if c == 40 then return group()
        elseif c == 91 then return class()
        elseif c == 46 then
            pos = pos + 1
            return { t = "set", ranges = flags.s and { 0, MAX_CP } or { 0, 9, 11, MAX_CP }, neg = false }
        elseif c == 94 then
            pos = pos + 1
            if flags.m then uses.multiline = true; return { t = "assert", kind = "bol_m" } end
            return { t = "assert", kind = "bot" }
        elseif c == 36 then
            pos = pos + 1
            if flags.m then uses.multiline = true; return { t = "assert", kind = "eol_m" } end
            return { t = "assert", kind = "eot" }
        elseif c == 92 then
            local kind, v, neg = escape(false)
            if kind == "cp" then return literal(v)
            elseif kind == "ranges" then
                return { t = "set", ranges = normalize(v), neg = neg or false }
            elseif kind == "assert" then return { t = "assert", kind = v }
            else return v end
        elseif c == 42 or c == 43 or c == 63 or (c == 123 and repeat_at(pos)) then
            fail("missing argument to repetition operator " .. (c == 123 and "{...}" or ch()), pos)
        end
        pos = pos + 1
        return literal(c)
    end

    local function quantified(node)
        local c = cps[pos]
        local at = pos
        local m, mx
        if c == 42 then m, mx = 0, -1; pos = pos + 1
        elseif c == 43 then m, mx = 1, -1; pos = pos + 1
        elseif c == 63 then m, mx = 0, 1; pos = pos + 1
        elseif c == 123 then
            local after
            m, mx, after = repeat_at(pos)
            if not m then return node end
            if (mx ~= -1 and mx < m) or m > regex.MAX_REPEAT or mx > regex.MAX_REPEAT then
                fail("bad repetition operator {" .. m ..
                          (mx == m and "" or "," .. (mx == -1 and "" or mx)) .. "} (counts go up to " ..
                          regex.MAX_REPEAT .. ")", at)
            end
            pos = after
        else
            return node
        end
        if cps[pos] == 63 then pos = pos + 1 end  -- lazy: same yes/no answer
        local c2 = cps[pos]
        if c2 == 42 or c2 == 43 or c2 == 63 or (c2 == 123 and repeat_at(pos)) then
            fail("bad repetition operator (a quantifier cannot follow another)", pos)
        end
        return { t = "rep", sub = node, min = m, max = mx }
    end

    local function concat_()
        local items = { t = "cat" }
        while pos <= n and cps[pos] ~= 124 and cps[pos] ~= 41 do
            local a = atom()
            if a then items[#items + 1] = quantified(a) end
        end
        if #items == 0 then return { t = "empty" } end
        if #items == 1 then return items[1] end
        return items
    end

    function parse_alt()
        local first = concat_()
        if cps[pos] ~= 124 then return first end
        local node = { t = "alt", first }
        while cps[pos] == 124 do
            pos = pos + 1
            node[#node + 1] = concat_()
        end
        return node
    end

    local tree = parse_alt()
    if pos <= n then fail("unmatched ) (no group to close)", pos) end
    return tree, uses
end

------------------------------------------------------------------------------
-- Thompson NFA.  Nodes: {k="c", set, out} consume one code point,
-- {k="s", outs} split, {k="a", a, out} zero-width assertion, {k="m"} match.

local function build_nfa(tree)
    local nodes = {}
    local function add(node)
        local id = #nodes + 1
        if id > regex.MAX_NODES then
            error({ msg = "pattern too large once repetitions are expanded (more than " ..
                            regex.MAX_NODES .. " states)", pos = 1 }, 0)
        end
        nodes[id] = node
        return id
    end
    local function build(t, nxt)
        local k = t.t
        if k == "cp" then return add({ k = "c", set = { ranges = { t.cp, t.cp } }, out = nxt })
        elseif k == "set" then return add({ k = "c", set = t, out = nxt })
        elseif k == "cat" then
            for i = #t, 1, -1 do nxt = build(t[i], nxt) end
            return nxt
        elseif k == "alt" then
            local outs = {}
            for i = 1, #t do outs[i] = build(t[i], nxt) end
            return add({ k = "s", outs = outs })
        elseif k == "assert" then return add({ k = "a", a = t.kind, out = nxt })
        elseif k == "rep" then
            local cur = nxt
            if t.max == -1 then
                local loop = add({ k = "s", outs = {} })
                nodes[loop].outs = { build(t.sub, loop), nxt }
                cur = loop
            else
                for _ = 1, t.max - t.min do
                    cur = add({ k = "s", outs = { build(t.sub, cur), nxt } })
                end
            end
            for _ = 1, t.min do cur = build(t.sub, cur) end
            return cur
        end
        return nxt  -- empty
    end
    local match = add({ k = "m" })
    local start = build(tree, match)
    return nodes, start
end

------------------------------------------------------------------------------
-- Lazy DFA over (set of NFA nodes, context of the previous character).

local START, WORD, NL, OTHER, END = 0, 1, 2, 3, 4

local function ctx_of(cp)
    if cp == 10 then return NL end
    if cp < 128 and (is_alnum(cp) or cp == 95) then return WORD end
    return OTHER
end

local function assert_ok(a, prev, nextc)
    if a == "bot" then return prev == START
    elseif a == "eot" then return nextc == END
    elseif a == "bol_m" then return prev == START or prev == NL
    elseif a == "eol_m" then return nextc == END or nextc == NL
    elseif a == "wb" then return (prev == WORD) ~= (nextc == WORD)
    else return (prev == WORD) == (nextc == WORD) end  -- nwb
end

local function make_dfa(nodes, start, uses)
    -- Follow splits and satisfied assertions: the consuming nodes reached and
    -- whether the match node is reached.
    local function closure(ids, prev, nextc)
        local stack, seen, out, matched = {}, {}, {}, false
        for i = 1, #ids do stack[i] = ids[i] end
        while #stack > 0 do
            local id = stack[#stack]
            stack[#stack] = nil
            if not seen[id] then
                seen[id] = true
                local node = nodes[id]
                local k = node.k
                if k == "c" then out[#out + 1] = id
                elseif k == "s" then
                    for j = #node.outs, 1, -1 do stack[#stack + 1] = node.outs[j] end
                elseif k == "a" then
                    if assert_ok(node.a, prev, nextc) then stack[#stack + 1] = node.out end
                else
                    matched = true
                end
            end
        end
        return out, matched
    end

    -- Contexts that no assertion can tell apart share DFA states.
    local function norm(c)
        if c == WORD and not uses.word then return OTHER end
        if c == NL and not uses.multiline then return OTHER end
        return c
    end

    -- The start node is re-entered after every character (the search is
    -- unanchored), so a state can only die when the pattern cannot start
    -- anywhere but at the beginning of the text (a leading ^ or \A).
    local function can_start_later()
        for _, prev in ipairs({ WORD, NL, OTHER }) do
            for _, nextc in ipairs({ WORD, NL, OTHER, END }) do
                local out, matched = closure({ start }, prev, nextc)
                if matched or #out > 0 then return true end
            end
        end
        return false
    end
    local immortal = can_start_later()

    local states, count = {}, 0
    local function state(set, prev)
        local ids = {}
        for id in pairs(set) do ids[#ids + 1] = id end
        sort(ids)
        local key = prev .. ":" .. concat(ids, ",")
        local d = states[key]
        if d then return d end
        count = count + 1
        if count > regex.MAX_STATES then states, count = {}, 1 end
        d = { ids = ids, prev = prev }
        local alive = immortal
        if not alive then
            for _, nextc in ipairs({ WORD, NL, OTHER, END }) do
                local out, matched = closure(ids, prev, nextc)
                if matched or #out > 0 then alive = true; break end
            end
        end
        d.dead = not alive
        states[key] = d
        return d
    end

    -- Transition on code point c: true (a match ends here), false (no match
    -- can follow) or the next state; stored in d[c] for the next time.
    local function step(d, c)
        local nextc = ctx_of(c)
        local consume, matched = closure(d.ids, d.prev, nextc)
        if matched then d[c] = true; return true end
        local set = { [start] = true }
        for i = 1, #consume do
            local node = nodes[consume[i]]
            if set_has(node.set, c) then set[node.out] = true end
        end
        local nd = state(set, norm(nextc))
        local r = nd
        if nd.dead then r = false end
        d[c] = r
        return r
    end

    local function final(d)
        local _, matched = closure(d.ids, d.prev, END)
        d.final = matched
        return matched
    end

    local init = state({ [start] = true }, START)

    return function(s)
        local d = init
        if d.dead then return false end
        local i, n = 1, #s
        while i <= n do
            local c = byte(s, i)
            if c < 0x80 then i = i + 1 else c, i = decode(s, i) end
            local nx = d[c]
            if nx == nil then nx = step(d, c) end
            if nx == true then return true elseif nx == false then return false end
            d = nx
        end
        local f = d.final
        if f == nil then f = final(d) end
        return f
    end
end

------------------------------------------------------------------------------
-- Plain literals (optionally anchored) skip the automaton altogether.

local function literal_matcher(tree)
    local items = tree.t == "cat" and tree or { tree }
    local first, last = 1, #items
    local head, tail = false, false
    if items[first] and items[first].t == "assert" and items[first].kind == "bot" then
        head = true; first = first + 1
    end
    if last >= first and items[last].t == "assert" and items[last].kind == "eot" then
        tail = true; last = last - 1
    end
    if tree.t == "empty" then return function() return true end end
    local parts = {}
    for i = first, last do
        local it = items[i]
        if it.t ~= "cp" then return nil end
        parts[#parts + 1] = encode(it.cp)
    end
    local lit = concat(parts)
    local len = #lit
    if head and tail then return function(s) return s == lit end end
    if head then return function(s) return sub(s, 1, len) == lit end end
    if tail then
        if len == 0 then return function() return true end end
        return function(s) return sub(s, -len) == lit end
    end
    return function(s) return find(s, lit, 1, true) ~= nil end
end

------------------------------------------------------------------------------

local Regex = {}
Regex.__index = Regex

function Regex:test(s) return self.match(s) end
function Regex:__tostring() return "regex(" .. self.pattern .. ")" end

-- compile(pattern) -> regex object | nil, message ("... at position N",
-- N counted in characters from 1).
function regex.compile(pattern)
    if type(pattern) ~= "string" then
        return nil, "pattern must be a string, got " .. type(pattern)
    end
    local ok, tree, uses = pcall(parse, pattern)
    if not ok then
        if type(tree) ~= "table" then error(tree, 0) end
        return nil, tree.msg .. " at position " .. tree.pos
    end
    local match = literal_matcher(tree)
    if not match then
        local ok2, nodes, start = pcall(build_nfa, tree)
        if not ok2 then
            if type(nodes) ~= "table" then error(nodes, 0) end
            return nil, nodes.msg
        end
        match = make_dfa(nodes, start, uses)
    end
    return setmetatable({ pattern = pattern, match = match }, Regex)
end

function regex.check(pattern)
    local re, err = regex.compile(pattern)
    if not re then return nil, err end
    return true
end

-- matcher(pattern) -> function(s) -> boolean | nil, message
function regex.matcher(pattern)
    local re, err = regex.compile(pattern)
    if not re then return nil, err end
    return re.match
end

return regex
