-- A pure-Lua matcher for the RE2 syntax that DataForSEO's `regex` and
-- `not_regex` filter operators take, answering one question: does the
-- pattern match anywhere in the text?
--
--   local regex = require "dataforseo.query.regex"
--   local re, err = regex.compile("(how|what) (to|is)\\b")   -- err names the position
--   re:test("how to cook")  --> true
--   regex.check(pattern)    --> true | nil, message
--
-- check() accepts exactly what RE2's parser accepts (RE2's doc/syntax.txt
-- and parse.cc): literals, `.`, classes with ranges, POSIX [[:alpha:]] and
-- Unicode \p{Greek} \pL \P{Lu} \p{^Han} items, Perl \d \w \s, escapes
-- (\n \t \r \f \v \a, octal \0 \12 \123, \xHH, \x{HHHH}, escaped ASCII
-- punctuation, \Q...\E), anchors ^ $ \A \z \b \B, \C, repetition
-- * + ? {m} {m,} {m,n} (greedy or lazy; counts up to 1000, nested counts
-- multiplied up to 1000), groups (plain, (?:...), named), alternation |,
-- flags (?i) (?m) (?s) (?U) also as (?i:...).  RE2 rejects backreferences
-- and lookaround, and so does this.  compile() also builds the matcher;
-- \C (one byte) and patterns too large for a Lua automaton are valid but
-- not evaluated locally (compile says so; the API evaluates them).
--
-- Matching is linear in the text: the pattern becomes a Thompson NFA that is
-- turned lazily into a DFA (one table lookup per character once warm), so
-- no pattern can make matching explode.  Only existence of a match matters
-- here, which is why greedy and lazy repetition behave the same.
local text = require "dataforseo.query.text"
local unicode = require "dataforseo.query.unicode"

local byte, sub, find, char = string.byte, string.sub, string.find, string.char
local concat, sort = table.concat, table.sort
local decode, encode = text.decode, text.encode

local regex = {}

regex.MAX_REPEAT = 1000     -- RE2's own bound for {m,n}, also for nested counts multiplied
local MAX_NODES = 20000      -- NFA size after expanding repetitions (local evaluation only)
regex.MAX_STATES = 4000     -- cached DFA states before the cache is flushed

local MAX_CP = 0x10FFFF

------------------------------------------------------------------------------
-- Character sets: a flat, sorted list of inclusive ranges {lo1,hi1,lo2,hi2..}
-- and a negation flag.

local normalize = unicode.normalize

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

local function set_has(set, cp)
    local hit = unicode.contains(set.ranges, cp)
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

-- Characters a capture name may use: RE2's Unicode word characters.
local NAME_CLASSES = { "Lu", "Ll", "Lt", "Lm", "Lo", "Nl", "Mn", "Mc", "Nd", "Pc" }
local function name_char(cp)
    if cp < 0x80 then
        return (cp >= 48 and cp <= 57) or (cp >= 65 and cp <= 90) or (cp >= 97 and cp <= 122) or cp == 95
    end
    for _, name in ipairs(NAME_CLASSES) do
        if unicode.contains(unicode.ranges(name), cp) then return true end
    end
    return false
end

------------------------------------------------------------------------------
-- Parser: pattern -> syntax tree.
--   {t="cp", cp}  {t="set", ranges, neg}  {t="cat", ...}  {t="alt", ...}
--   {t="rep", sub, min, max (-1 = unbounded), counted}  {t="assert", kind}
--   {t="empty"}  {t="byte"} (\C)

local function is_hex(c)
    return c and ((c >= 48 and c <= 57) or (c >= 65 and c <= 70) or (c >= 97 and c <= 102))
end

local function is_digit(c) return c and c >= 48 and c <= 57 end
local function is_octal(c) return c and c >= 48 and c <= 55 end

local function is_alnum(c)
    return (c >= 48 and c <= 57) or (c >= 65 and c <= 90) or (c >= 97 and c <= 122)
end

-- RE2 bounds nested counted repetitions: the product of their counts may
-- not exceed MAX_REPEAT copies of the innermost thing.
local function repeat_budget(node, budget)
    if node.t == "rep" and node.counted then
        local m = node.max
        if m < 0 then m = node.min end
        if m > 0 then budget = math.floor(budget / m) end
    end
    local least = budget
    local kids = (node.t == "rep") and { node.sub } or ((node.t == "cat" or node.t == "alt") and node or {})
    for _, kid in ipairs(kids) do
        local b = repeat_budget(kid, budget)
        if b < least then least = b end
    end
    return least
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
            local v = unicode.orbit(c)
            if #v > 1 then
                local r = {}
                for _, x in ipairs(v) do r[#r + 1], r[#r + 2] = x, x end
                return { t = "set", ranges = normalize(r), neg = false }
            end
        end
        return { t = "cp", cp = c }
    end

    -- A decimal count at k (no leading zeros, below 10^9 as RE2 reads
    -- them): its value and the index after, or nil.
    local function count_at(k)
        if not is_digit(cps[k]) then return nil end
        if cps[k] == 48 and is_digit(cps[k + 1]) then return nil end
        local v = 0
        while is_digit(cps[k]) do
            if v >= 100000000 then return nil end
            v = v * 10 + cps[k] - 48
            k = k + 1
        end
        return v, k
    end

    -- {m}, {m,} or {m,n} at k: min, max (-1 = unbounded), index after; nil if
    -- the brace does not start a repetition (RE2 then takes it literally).
    local function repeat_at(k)
        if cps[k] ~= 123 then return nil end
        local m, j = count_at(k + 1)
        if not m or not cps[j] then return nil end
        local mx = m
        if cps[j] == 44 then
            j = j + 1
            if cps[j] == 125 then
                mx = -1
            else
                mx, j = count_at(j)
                if not mx then return nil end
            end
        end
        if cps[j] ~= 125 then return nil end
        return m, mx, j + 1
    end

    -- \p{Name}, \p{^Name}, \pN, \P...: the class's ranges and whether it
    -- is negated.
    local function unicode_class(at)
        local neg = cps[pos] == 80
        pos = pos + 1
        local c = cps[pos]
        if c == nil then fail("invalid character class range \\p", at) end
        local name
        if c ~= 123 then
            name = c < 128 and char(c) or encode(c)
            pos = pos + 1
        else
            local close = pos + 1
            while cps[close] and cps[close] ~= 125 do close = close + 1 end
            if not cps[close] then fail("invalid character class range (missing } after \\p{)", at) end
            local t = {}
            for k = pos + 1, close - 1 do t[#t + 1] = encode(cps[k]) end
            name = concat(t)
            pos = close + 1
        end
        if name:sub(1, 1) == "^" then neg = not neg; name = name:sub(2) end
        local r = unicode.ranges(name)
        if not r then fail("unknown Unicode class \\p{" .. name .. "}", at) end
        return r, neg
    end

    -- A class item under the current flags: RE2 folds the positive set
    -- under (?i), then negates.
    local function class_ranges(r, neg)
        if flags.i then r = unicode.fold_ranges(r) end
        return neg and complement(r) or r
    end

    local parse_alt

    -- One escape (pos at the backslash).  Returns "cp", code point |
    -- "ranges", ranges, negated | "assert", kind | "node", node.
    local function escape(in_class)
        local at = pos
        pos = pos + 1
        local c = cps[pos]
        if c == nil then fail("trailing backslash at end of pattern", at) end
        if c == 112 or c == 80 then   -- \p \P
            return "ranges", unicode_class(at)
        end
        pos = pos + 1
        local l = ch(pos - 1)
        if c < 128 and PERL[l] then return "ranges", PERL[l], false end
        if c < 128 and PERL[l:lower()] then return "ranges", PERL[l:lower()], true end
        if is_octal(c) then
            -- \0 and two- or three-digit octal; \1-\7 alone would be a backreference.
            if c ~= 48 and not is_octal(cps[pos]) then
                fail("backreferences (\\" .. l .. ") are not supported", at)
            end
            local v = c - 48
            for _ = 1, 2 do
                if is_octal(cps[pos]) then v = v * 8 + cps[pos] - 48; pos = pos + 1 end
            end
            return "cp", v
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
            elseif l == "C" then return "node", { t = "byte" }
            elseif l == "Q" then
                local lits = {}
                while pos <= n and not (cps[pos] == 92 and cps[pos + 1] == 69) do
                    lits[#lits + 1] = literal(cps[pos]); pos = pos + 1
                end
                if pos <= n then pos = pos + 2 end
                return "quoted", lits
            end
        end
        if c < 128 and not is_alnum(c) then return "cp", c end
        fail("invalid escape sequence \\" .. (c < 128 and l or encode(c)), at)
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
            local done = false
            if c == 91 and cps[pos + 1] == 58 and cps[pos + 2] then
                -- [:name:] up to the first ":]" anywhere after; without one
                -- the "[" is an ordinary character.
                local j = pos + 2
                while cps[j + 1] and not (cps[j] == 58 and cps[j + 1] == 93) do j = j + 1 end
                if cps[j + 1] then
                    local t = {}
                    for k = pos + 2, j - 1 do t[#t + 1] = encode(cps[k]) end
                    local name, pneg = concat(t), false
                    if name:sub(1, 1) == "^" then name, pneg = name:sub(2), true end
                    if not POSIX[name] then fail("invalid character class [:" .. name .. ":]", pos) end
                    append(r, class_ranges(POSIX[name], pneg))
                    pos = j + 2
                    done = true
                end
            end
            if not done then
                local kind, lo, lneg
                if c == 92 then
                    kind, lo, lneg = escape(true)
                else
                    kind, lo = "cp", c
                    pos = pos + 1
                end
                if kind == "ranges" then
                    append(r, class_ranges(lo, lneg))
                elseif cps[pos] == 45 and cps[pos + 1] and cps[pos + 1] ~= 93 then
                    local rat = pos - 1
                    pos = pos + 1
                    local hk, hi
                    if cps[pos] == 92 then hk, hi = escape(true) else hk, hi = "cp", cps[pos]; pos = pos + 1 end
                    if hk ~= "cp" then fail("bad character class range (an end is a class)", rat) end
                    if hi < lo then
                        fail("bad character class range " .. encode(lo) .. "-" .. encode(hi), rat)
                    end
                    append(r, class_ranges({ lo, hi }, false))
                else
                    append(r, class_ranges({ lo, lo }, false))
                end
            end
        end
        return { t = "set", ranges = normalize(r), neg = neg }
    end

    -- (?flags) and (?flags:...), as RE2's ParsePerlFlags: flags i m s U, one
    -- "-" that must be followed by a flag.  Returns true when a group opens.
    local function perl_flags(at)
        local negated, saw = false, false
        local nf = { i = flags.i, m = flags.m, s = flags.s }
        while true do
            local c = cps[pos]
            if c == nil then fail("invalid or unsupported group syntax (?...)", at) end
            pos = pos + 1
            if c == 105 or c == 109 or c == 115 or c == 85 then
                saw = true
                if c ~= 85 then nf[char(c)] = not negated end   -- U cannot change a yes/no answer
            elseif c == 45 then
                if negated then fail("invalid or unsupported group syntax (?...)", at) end
                negated, saw = true, false
            elseif c == 58 or c == 41 then
                if negated and not saw then fail("invalid or unsupported group syntax (?...)", at) end
                flags = nf
                return c == 58
            else
                fail("invalid or unsupported group syntax (?...)", at)
            end
        end
    end

    -- A group at pos: its node, or nil for a flags-only (?i).
    local function group()
        local at = pos
        pos = pos + 1
        local outer = { i = flags.i, m = flags.m, s = flags.s }
        if cps[pos] == 63 then  -- (?
            local c, c2 = cps[pos + 1], cps[pos + 2]
            if (n - at + 1 > 3 and (c == 61 or c == 33)) or (n - at + 1 > 4 and c == 60 and (c2 == 61 or c2 == 33)) then
                fail("lookahead and lookbehind assertions are not supported (RE2 syntax)", at)
            end
            if (n - at + 1 > 4 and c == 80 and c2 == 60) or (n - at + 1 > 3 and c == 60) then
                -- (?P<name> or (?<name>
                pos = pos + (c == 80 and 3 or 2)
                local s = pos
                while cps[pos] and cps[pos] ~= 62 do
                    if not name_char(cps[pos]) then fail("invalid named capture group", at) end
                    pos = pos + 1
                end
                if pos == s or cps[pos] ~= 62 then fail("invalid named capture group", at) end
                pos = pos + 1
            else
                pos = pos + 1
                if not perl_flags(at) then return nil end   -- (?i): flags for the rest of the group
            end
        end
        local node = parse_alt()
        if cps[pos] ~= 41 then fail("missing closing ) for the group opened", at) end
        pos = pos + 1
        flags = outer
        return node
    end

    -- The next piece: a node, a list of nodes (\Q...\E), or nil (flags).
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
                return { t = "set", ranges = normalize(class_ranges(v, neg)), neg = false }
            elseif kind == "assert" then return { t = "assert", kind = v }
            elseif kind == "quoted" then return { t = "quoted", v }
            else return v end
        end
        pos = pos + 1
        return literal(c)
    end

    -- A repetition operator at pos, or nil: min, max, counted.
    local function repetition()
        local c = cps[pos]
        if c == 42 then pos = pos + 1; return 0, -1, false
        elseif c == 43 then pos = pos + 1; return 1, -1, false
        elseif c == 63 then pos = pos + 1; return 0, 1, false
        elseif c == 123 then
            local m, mx, after = repeat_at(pos)
            if not m then return nil end
            if (mx ~= -1 and mx < m) or m > regex.MAX_REPEAT or mx > regex.MAX_REPEAT then
                fail("bad repetition operator {" .. m .. (mx == m and "" or "," .. (mx == -1 and "" or mx)) ..
                    "} (counts go up to " .. regex.MAX_REPEAT .. ")", pos)
            end
            pos = after
            return m, mx, true
        end
        return nil
    end

    local function concat_()
        local items = { t = "cat" }
        local last_was_repetition = false
        while pos <= n and cps[pos] ~= 124 and cps[pos] ~= 41 do
            local at = pos
            local m, mx, counted = repetition()
            if m then
                if cps[pos] == 63 then pos = pos + 1 end  -- lazy: same yes/no answer
                if last_was_repetition then
                    fail("bad repetition operator (a quantifier cannot follow another)", at)
                end
                local target = items[#items]
                if target == nil then
                    fail("missing argument to repetition operator " .. (counted and "{...}" or ch(at)), at)
                end
                local node = { t = "rep", sub = target, min = m, max = mx, counted = counted }
                if counted and (m >= 2 or mx >= 2) and repeat_budget(node, regex.MAX_REPEAT) == 0 then
                    fail("bad repetition operator (nested counts above " .. regex.MAX_REPEAT .. ")", at)
                end
                items[#items] = node
                last_was_repetition = true
            else
                local a = atom()
                if a and a.t == "quoted" then
                    for _, lit in ipairs(a[1]) do items[#items + 1] = lit end
                elseif a then
                    items[#items + 1] = a
                end
                last_was_repetition = false
            end
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
        if id > MAX_NODES then
            error({ msg = "pattern too large to evaluate locally once repetitions are expanded (more than " ..
                            MAX_NODES .. " states; the API evaluates it)", pos = 1 }, 0)
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

-- Parses a pattern: tree, uses | nil, message ("... at position N", N
-- counted in characters from 1).
local function syntax(pattern)
    if type(pattern) ~= "string" then
        return nil, "pattern must be a string, got " .. type(pattern)
    end
    local ok, tree, uses = pcall(parse, pattern)
    if not ok then
        if type(tree) ~= "table" then error(tree, 0) end
        return nil, tree.msg .. " at position " .. tree.pos
    end
    return tree, uses
end

local function has_byte(node)
    if node.t == "byte" then return true end
    if node.t == "rep" then return has_byte(node.sub) end
    if node.t == "cat" or node.t == "alt" then
        for i = 1, #node do if has_byte(node[i]) then return true end end
    end
    return false
end

-- compile(pattern) -> regex object | nil, message.  A valid pattern can
-- still be refused here: \C (one byte, not one character) and automata
-- larger than MAX_NODES are left to the API.
function regex.compile(pattern)
    local tree, uses = syntax(pattern)
    if not tree then return nil, uses end
    if has_byte(tree) then
        return nil, "\\C (any byte) is valid RE2 but cannot be evaluated locally"
    end
    local match = literal_matcher(tree)
    if not match then
        local ok, nodes, start = pcall(build_nfa, tree)
        if not ok then
            if type(nodes) ~= "table" then error(nodes, 0) end
            return nil, nodes.msg
        end
        match = make_dfa(nodes, start, uses)
    end
    return setmetatable({ pattern = pattern, match = match }, Regex)
end

-- check(pattern) -> true | nil, message: RE2 accepts the pattern.
function regex.check(pattern)
    local tree, err = syntax(pattern)
    if not tree then return nil, err end
    return true
end

-- matcher(pattern) -> function(s) -> boolean | nil, message
function regex.matcher(pattern)
    local re, err = regex.compile(pattern)
    if not re then return nil, err end
    return re.match
end

return regex
