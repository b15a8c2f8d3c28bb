-- RE2 syntax, as the API's regex / not_regex filters take it: a parser
-- that accepts exactly what RE2's parser accepts (written from RE2's
-- doc/syntax.txt and the behaviour of its parse.cc), and a translation of
-- the accepted pattern into PCRE for ngx.re, which does the matching.
--
--   re2.parse(pattern) -> tree | nil, message
--   re2.to_pcre(tree, ranges_of) -> PCRE pattern text (for "u" mode)
--     ranges_of(name) -> the code point ranges of a Unicode class: \p{...}
--     is written out as ranges (PCRE 8.39's own tables are Unicode 8.0).
--
-- Translation keeps RE2's meaning where PCRE differs: $ is \z (PCRE's $
-- also matches before a final newline), every repetition wraps its operand
-- in (?:...), captures become plain groups, and under (?i) the ASCII-only
-- classes (\w, [[:alpha:]], ...) gain the two non-ASCII letters RE2's
-- case folding adds (U+017F and U+212A).
local unicode = require("dataforseo_emulator.unicode")

local M = {}

local byte, char, concat, format = string.byte, string.char, table.concat, string.format

M.MAX_REPEAT = 1000

-- Unicode class names RE2 knows (doc/syntax.txt): general categories,
-- scripts, and Any.
local GROUPS = {}
for name in ([[
C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs
Any Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali
Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma
Cham Cherokee Chorasmian Common Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari
Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic
Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana
Imperial_Aramaic Inherited Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana
Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi Lao Latin Lepcha Limbu Linear_A
Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi
Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro
Multani Myanmar Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong
Ogham Ol_Chiki Old_Hungarian Old_Italic Old_North_Arabian Old_Permic Old_Persian Old_Sogdian
Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa
Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada Shavian Siddham SignWriting Sinhala
Sogdian Sora_Sompeng Soyombo Sundanese Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet
Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Toto Ugaritic Vai Vithkuqi Wancho
Warang_Citi Yezidi Yi Zanabazar_Square]]):gmatch("%S+") do GROUPS[name] = true end
M.GROUPS = GROUPS

-- ASCII classes, as inclusive code point ranges.
local POSIX = {
    alnum = { 48, 57, 65, 90, 97, 122 }, alpha = { 65, 90, 97, 122 }, ascii = { 0, 127 },
    blank = { 9, 9, 32, 32 }, cntrl = { 0, 31, 127, 127 }, digit = { 48, 57 },
    graph = { 33, 126 }, lower = { 97, 122 }, print = { 32, 126 },
    punct = { 33, 47, 58, 64, 91, 96, 123, 126 }, space = { 9, 13, 32, 32 },
    upper = { 65, 90 }, word = { 48, 57, 65, 90, 95, 95, 97, 122 }, xdigit = { 48, 57, 65, 70, 97, 102 },
}
local PERL = { d = POSIX.digit, s = { 9, 10, 12, 13, 32, 32 }, w = POSIX.word }

-- Letters a capture name may use: RE2 allows Unicode word characters
-- (L, Nl, Mn, Mc, Nd, Pc); the PCRE probe checks non-ASCII ones.
local function is_word_ascii(c)
    return (c >= 48 and c <= 57) or (c >= 65 and c <= 90) or (c >= 97 and c <= 122) or c == 95
end

------------------------------------------------------------------------------
-- UTF-8 -> code points (the pattern was checked to be valid UTF-8).

local function code_points(s)
    local cps, i, n = {}, 1, #s
    while i <= n do
        local c = byte(s, i)
        local len, cp
        if c < 0x80 then len, cp = 1, c
        elseif c < 0xE0 then len, cp = 2, c - 0xC0
        elseif c < 0xF0 then len, cp = 3, c - 0xE0
        else len, cp = 4, c - 0xF0 end
        for k = 1, len - 1 do cp = cp * 64 + (byte(s, i + k) or 0x80) - 0x80 end
        cps[#cps + 1] = cp
        i = i + len
    end
    return cps
end

local function is_digit(c) return c and c >= 48 and c <= 57 end
local function is_hex(c)
    return c and ((c >= 48 and c <= 57) or (c >= 65 and c <= 70) or (c >= 97 and c <= 102))
end
local function is_alnum(c) return (c >= 48 and c <= 57) or (c >= 65 and c <= 90) or (c >= 97 and c <= 122) end

------------------------------------------------------------------------------
-- Parser.  Errors are raised as { msg = ... } and caught by parse().

local function fail(msg) error({ msg = msg }, 0) end

local function parse(pattern, name_ok)
    local cps = code_points(pattern)
    local n, pos = #cps, 1
    local flags = { i = false, m = false, s = false }

    -- RE2 accepts {n}, {n,}, {n,m} with decimal counts without leading
    -- zeros below 10^9; anything else starting with { is a literal brace.
    local function integer_at(k)
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
    local function repetition_at(k)
        local lo, hi
        lo, k = integer_at(k + 1)
        if not lo or not cps[k] then return nil end
        if cps[k] == 44 then
            k = k + 1
            if not cps[k] then return nil end
            if cps[k] == 125 then
                hi = -1
            else
                hi, k = integer_at(k)
                if not hi then return nil end
            end
        else
            hi = lo
        end
        if cps[k] ~= 125 then return nil end
        return lo, hi, k + 1
    end

    -- One escaped code point (RE2's ParseEscape): octal, hex, C escapes,
    -- escaped ASCII punctuation.  Returns the code point.
    local function escape_cp()
        local c = cps[pos + 1]
        if c == nil then fail("trailing \\") end
        pos = pos + 2
        if c >= 49 and c <= 55 then   -- \1-\7: octal only with a second digit
            if not (cps[pos] and cps[pos] >= 48 and cps[pos] <= 55) then fail("invalid escape sequence") end
        end
        if c >= 48 and c <= 55 then
            local v = c - 48
            for _ = 1, 2 do
                if cps[pos] and cps[pos] >= 48 and cps[pos] <= 55 then
                    v = v * 8 + cps[pos] - 48
                    pos = pos + 1
                end
            end
            return v
        end
        if c == 120 then   -- x
            if cps[pos] == 123 then
                local v, digits = 0, 0
                pos = pos + 1
                while is_hex(cps[pos]) do
                    v = v * 16 + tonumber(char(cps[pos]), 16)
                    if v > 0x10FFFF then fail("invalid escape sequence") end
                    digits = digits + 1
                    pos = pos + 1
                end
                if cps[pos] ~= 125 or digits == 0 then fail("invalid escape sequence") end
                pos = pos + 1
                return v
            end
            if not (is_hex(cps[pos]) and is_hex(cps[pos + 1])) then fail("invalid escape sequence") end
            local v = tonumber(char(cps[pos], cps[pos + 1]), 16)
            pos = pos + 2
            return v
        end
        local simple = ({ [110] = 10, [114] = 13, [116] = 9, [97] = 7, [102] = 12, [118] = 11 })[c]
        if simple then return simple end
        if c < 0x80 and not is_alnum(c) then return c end
        fail("invalid escape sequence")
    end

    -- \pL, \p{Name}, \p{^Name}, \P...: an item for a class.
    local function unicode_class()
        local neg = cps[pos + 1] == 80
        pos = pos + 2
        local c = cps[pos]
        if c == nil then fail("invalid character class range") end
        local name
        if c ~= 123 then
            name = c < 0x80 and char(c) or "?"
            pos = pos + 1
        else
            local close = pos + 1
            while cps[close] and cps[close] ~= 125 do close = close + 1 end
            if not cps[close] then fail("invalid character class range") end
            local t = {}
            for k = pos + 1, close - 1 do t[#t + 1] = cps[k] < 0x80 and char(cps[k]) or "?" end
            name = concat(t)
            pos = close + 1
        end
        if name:sub(1, 1) == "^" then neg = not neg; name = name:sub(2) end
        if not GROUPS[name] then fail("invalid character class range") end
        return { "p", name, neg }
    end

    -- [[:name:]] / [[:^name:]] at pos, if ":]" follows somewhere: RE2 takes
    -- everything up to the first ":]" as the name.
    local function posix_class()
        local k = pos + 2
        while cps[k + 1] and not (cps[k] == 58 and cps[k + 1] == 93) do k = k + 1 end
        if not cps[k + 1] then return nil end
        local t = {}
        for j = pos + 2, k - 1 do t[#t + 1] = cps[j] < 0x80 and char(cps[j]) or "?" end
        local name, neg = concat(t), false
        if name:sub(1, 1) == "^" then name, neg = name:sub(2), true end
        if not POSIX[name] then fail("invalid character class range") end
        pos = k + 2
        return { "posix", name, neg }
    end

    local function class()
        pos = pos + 1
        local node = { k = "class", items = {}, neg = false, fold = flags.i }
        if cps[pos] == 94 then node.neg = true; pos = pos + 1 end
        local first = true
        while cps[pos] and (cps[pos] ~= 93 or first) do
            first = false
            local c = cps[pos]
            local item
            if c == 91 and cps[pos + 1] == 58 and cps[pos + 2] then item = posix_class() end
            if not item and c == 92 and (cps[pos + 1] == 112 or cps[pos + 1] == 80) and cps[pos + 2] then
                item = unicode_class()
            end
            if not item and c == 92 and cps[pos + 1] and cps[pos + 1] < 0x80 then
                local l = char(cps[pos + 1])
                if PERL[l:lower()] then
                    item = { "perl", l:lower(), l ~= l:lower() }
                    pos = pos + 2
                end
            end
            if not item then
                local lo
                if c == 92 then lo = escape_cp() else lo = c; pos = pos + 1 end
                local hi = lo
                if cps[pos] == 45 and cps[pos + 1] and cps[pos + 1] ~= 93 then
                    pos = pos + 1
                    if cps[pos] == 92 then hi = escape_cp() else hi = cps[pos]; pos = pos + 1 end
                    if hi < lo then fail("invalid character class range") end
                end
                item = { "r", lo, hi }
            end
            node.items[#node.items + 1] = item
        end
        if not cps[pos] then fail("missing ]") end
        pos = pos + 1
        return node
    end

    -- Groups: each frame holds alternatives, each a list of nodes.
    local frames = { { alts = { {} }, flags = nil } }
    local function current() local f = frames[#frames]; return f.alts[#f.alts] end
    local function push(node) local list = current(); list[#list + 1] = node end
    local function close_frame(f)
        local alts = {}
        for i, list in ipairs(f.alts) do
            if #list == 0 then alts[i] = { k = "empty" }
            elseif #list == 1 then alts[i] = list[1]
            else
                local cat = { k = "cat" }
                for j = 1, #list do cat[j] = list[j] end
                alts[i] = cat
            end
        end
        if #alts == 1 then return alts[1] end
        local alt = { k = "alt" }
        for i = 1, #alts do alt[i] = alts[i] end
        return alt
    end
    local function open_group()
        frames[#frames + 1] = { alts = { {} }, flags = { i = flags.i, m = flags.m, s = flags.s } }
    end

    -- RE2 bounds nested counted repetitions: their counts multiplied must
    -- not exceed 1000 copies of the innermost thing.
    local function repeat_budget(node, budget)
        if node.k == "rep" and node.counted then
            local m = node.max
            if m < 0 then m = node.min end
            if m > 0 then budget = math.floor(budget / m) end
        end
        local least = budget
        local kids = node.k == "rep" and { node.sub } or node.k == "group" and { node.sub } or node
        for _, kid in ipairs(kids) do
            if type(kid) == "table" and kid.k then
                local b = repeat_budget(kid, budget)
                if b < least then least = b end
            end
        end
        return least
    end

    local function repetition(min, max, counted)
        local list = current()
        local target = list[#list]
        if target == nil then fail("missing argument to repetition operator") end
        local node = { k = "rep", sub = target, min = min, max = max, counted = counted }
        list[#list] = node
        if counted and (min >= 2 or max >= 2) and repeat_budget(node, M.MAX_REPEAT) == 0 then
            fail("bad repetition operator")
        end
    end

    local last_was_repetition = false
    while pos <= n do
        local c = cps[pos]
        local is_repetition = false
        if c == 40 then   -- (
            if cps[pos + 1] == 63 then   -- (?
                local c2, c3 = cps[pos + 2], cps[pos + 3]
                if (n - pos + 1 > 3 and (c2 == 61 or c2 == 33)) or
                    (n - pos + 1 > 4 and c2 == 60 and (c3 == 61 or c3 == 33)) then
                    fail("invalid or unsupported Perl syntax (lookaround)")
                end
                if (n - pos + 1 > 4 and c2 == 80 and c3 == 60) or (n - pos + 1 > 3 and c2 == 60) then
                    local begin = c2 == 80 and pos + 4 or pos + 3
                    local close = begin
                    while cps[close] and cps[close] ~= 62 do close = close + 1 end
                    if not cps[close] or close == begin then fail("invalid named capture group") end
                    for k = begin, close - 1 do
                        local cp = cps[k]
                        if not (is_word_ascii(cp) or (cp >= 0x80 and name_ok(cp))) then
                            fail("invalid named capture group")
                        end
                    end
                    open_group()
                    pos = close + 1
                else
                    local k = pos + 2
                    local negated, saw, nf = false, false, { i = flags.i, m = flags.m, s = flags.s }
                    local colon = false
                    while true do
                        local f = cps[k]
                        if f == nil then fail("invalid or unsupported Perl syntax") end
                        k = k + 1
                        if f == 105 or f == 109 or f == 115 or f == 85 then   -- i m s U
                            saw = true
                            if f ~= 85 then nf[char(f)] = not negated end
                        elseif f == 45 then
                            if negated then fail("invalid or unsupported Perl syntax") end
                            negated, saw = true, false
                        elseif f == 58 then
                            colon = true
                            break
                        elseif f == 41 then
                            break
                        else
                            fail("invalid or unsupported Perl syntax")
                        end
                    end
                    if negated and not saw then fail("invalid or unsupported Perl syntax") end
                    if colon then open_group() end
                    flags = nf
                    pos = k
                end
            else
                open_group()
                pos = pos + 1
            end
        elseif c == 124 then   -- |
            local f = frames[#frames]
            f.alts[#f.alts + 1] = {}
            pos = pos + 1
        elseif c == 41 then   -- )
            if #frames == 1 then fail("unexpected )") end
            local f = table.remove(frames)
            flags = f.flags
            push({ k = "group", sub = close_frame(f) })
            pos = pos + 1
        elseif c == 94 then
            push({ k = flags.m and "bol" or "bot" }); pos = pos + 1
        elseif c == 36 then
            push({ k = flags.m and "eol" or "eot" }); pos = pos + 1
        elseif c == 46 then
            push({ k = "dot", nl = flags.s }); pos = pos + 1
        elseif c == 91 then
            push(class())
        elseif c == 42 or c == 43 or c == 63 then   -- * + ?
            pos = pos + 1
            if cps[pos] == 63 then pos = pos + 1 end
            if last_was_repetition then fail("bad repetition operator") end
            repetition(c == 43 and 1 or 0, c == 63 and 1 or -1, false)
            is_repetition = true
        elseif c == 123 then   -- {
            local lo, hi, after = repetition_at(pos)
            if not lo then
                push({ k = "lit", cp = 123, fold = flags.i })
                pos = pos + 1
            else
                pos = after
                if cps[pos] == 63 then pos = pos + 1 end
                if last_was_repetition then fail("bad repetition operator") end
                if (hi ~= -1 and hi < lo) or lo > M.MAX_REPEAT or hi > M.MAX_REPEAT then
                    fail("bad repetition operator")
                end
                repetition(lo, hi, true)
                is_repetition = true
            end
        elseif c == 92 then   -- \
            local e = cps[pos + 1]
            if e == 98 or e == 66 then
                push({ k = e == 98 and "wb" or "nwb" }); pos = pos + 2
            elseif e == 65 then
                push({ k = "bot" }); pos = pos + 2
            elseif e == 122 then
                push({ k = "eot" }); pos = pos + 2
            elseif e == 67 then
                push({ k = "byte" }); pos = pos + 2
            elseif e == 81 then   -- \Q...\E
                pos = pos + 2
                while pos <= n do
                    if cps[pos] == 92 and cps[pos + 1] == 69 then pos = pos + 2; break end
                    push({ k = "lit", cp = cps[pos], fold = flags.i })
                    pos = pos + 1
                end
            elseif (e == 112 or e == 80) and cps[pos + 2] then
                push({ k = "class", items = { unicode_class() }, neg = false, fold = flags.i })
            elseif e and e < 0x80 and PERL[char(e):lower()] then
                local l = char(e)
                push({ k = "class", items = { { "perl", l:lower(), l ~= l:lower() } }, neg = false, fold = flags.i })
                pos = pos + 2
            else
                push({ k = "lit", cp = escape_cp(), fold = flags.i })
            end
        else
            push({ k = "lit", cp = c, fold = flags.i })
            pos = pos + 1
        end
        last_was_repetition = is_repetition
    end
    if #frames > 1 then fail("missing )") end
    return close_frame(frames[1])
end

-- name_ok(cp): may a capture name use this non-ASCII code point?
-- Default: any (the caller narrows it, see filter.lua).
function M.parse(pattern, name_ok)
    local ok, tree = pcall(parse, pattern, name_ok or function() return true end)
    if ok then return tree end
    if type(tree) == "table" then return nil, tree.msg end
    error(tree, 0)
end

------------------------------------------------------------------------------
-- Translation to PCRE.

local function hex(cp) return format("\\x{%X}", cp) end

-- Code points RE2's simple case folding adds to ASCII letters: s -> U+017F,
-- k -> U+212A.
local function folded_extra(ranges)
    local extra = {}
    local function has(cp)
        for i = 1, #ranges, 2 do if cp >= ranges[i] and cp <= ranges[i + 1] then return true end end
        return false
    end
    if has(115) or has(83) then extra[#extra + 1] = 0x17F end
    if has(107) or has(75) then extra[#extra + 1] = 0x212A end
    return extra
end

local function complement(ranges)
    local out, lo = {}, 0
    for i = 1, #ranges, 2 do
        if ranges[i] > lo then out[#out + 1], out[#out + 2] = lo, ranges[i] - 1 end
        lo = ranges[i + 1] + 1
    end
    if lo <= 0x10FFFF then out[#out + 1], out[#out + 2] = lo, 0x10FFFF end
    return out
end

local function ranges_text(ranges)
    local t = {}
    for i = 1, #ranges, 2 do
        t[#t + 1] = ranges[i] == ranges[i + 1] and hex(ranges[i]) or (hex(ranges[i]) .. "-" .. hex(ranges[i + 1]))
    end
    return concat(t)
end


-- Folds ASCII ranges the way RE2 does: the other case of every letter,
-- plus U+017F for s and U+212A for k.
local function fold_ascii(ranges)
    local out = {}
    local function add(lo, hi) out[#out + 1], out[#out + 2] = lo, hi end
    for i = 1, #ranges, 2 do
        local lo, hi = ranges[i], ranges[i + 1]
        add(lo, hi)
        local a, b = math.max(lo, 65), math.min(hi, 90)
        if a <= b then add(a + 32, b + 32) end
        a, b = math.max(lo, 97), math.min(hi, 122)
        if a <= b then add(a - 32, b - 32) end
    end
    for _, cp in ipairs(folded_extra(ranges)) do add(cp, cp) end
    return unicode.merged(out)
end

-- One class item -> where it goes ("in": inside one PCRE class, "alt": an
-- atom of its own, "none": matches nothing) and its text.
local function class_item(item, fold, ranges_of)
    local kind = item[1]
    if kind == "r" then
        local lo, hi = item[2], item[3]
        return "in", lo == hi and hex(lo) or (hex(lo) .. "-" .. hex(hi))
    elseif kind == "perl" or kind == "posix" then
        local set = kind == "perl" and PERL[item[2]] or POSIX[item[2]]
        if fold then set = fold_ascii(set) end   -- RE2 folds the class, then negates
        if item[3] then set = complement(set) end
        return "in", ranges_text(set)
    end
    -- A Unicode class as ranges; under (?i) PCRE adds the other case of
    -- every code point in them, as RE2 folds a class.  A negated one under
    -- (?i) is an atom of its own: RE2 folds first, then negates.
    local name, neg = item[2], item[3]
    local ranges = ranges_of(name)
    if fold and neg then
        if #ranges == 0 then return "alt", "[\\s\\S]" end
        return "alt", "[^" .. ranges_text(ranges) .. "]"
    end
    if neg then ranges = complement(ranges) end
    if #ranges == 0 then return "none" end
    return "in", ranges_text(ranges)
end

local emit

local function emit_class(node, ranges_of)
    local inside, atoms = {}, {}
    for _, item in ipairs(node.items) do
        local where, text = class_item(item, node.fold, ranges_of)
        if where == "in" then inside[#inside + 1] = text
        elseif where == "alt" then atoms[#atoms + 1] = text end
    end
    local body
    if #atoms == 0 then
        if #inside == 0 then
            body = node.neg and "[\\s\\S]" or "(?!)"
        else
            body = (node.neg and "[^" or "[") .. concat(inside) .. "]"
        end
    else
        if #inside > 0 then table.insert(atoms, 1, "[" .. concat(inside) .. "]") end
        body = "(?:" .. concat(atoms, "|") .. ")"
        if node.neg then body = "(?:(?!" .. body .. ")[\\s\\S])" end
    end
    if node.fold then body = "(?i:" .. body .. ")" end
    return body
end

function emit(node, out, ranges_of)
    local k = node.k
    if k == "lit" then
        out[#out + 1] = node.fold and ("(?i:" .. hex(node.cp) .. ")") or hex(node.cp)
    elseif k == "class" then
        out[#out + 1] = emit_class(node, ranges_of)
    elseif k == "dot" then
        out[#out + 1] = node.nl and "[\\s\\S]" or "[^\\n]"
    elseif k == "byte" then
        out[#out + 1] = "\\C"
    elseif k == "bot" then out[#out + 1] = "\\A"
    elseif k == "eot" then out[#out + 1] = "\\z"
    elseif k == "bol" then out[#out + 1] = "(?<![^\\n])"
    elseif k == "eol" then out[#out + 1] = "(?=\\n|\\z)"
    elseif k == "wb" then out[#out + 1] = "\\b"
    elseif k == "nwb" then out[#out + 1] = "\\B"
    elseif k == "empty" then out[#out + 1] = "(?:)"
    elseif k == "group" then
        out[#out + 1] = "(?:"
        emit(node.sub, out, ranges_of)
        out[#out + 1] = ")"
    elseif k == "cat" then
        for i = 1, #node do emit(node[i], out, ranges_of) end
    elseif k == "alt" then
        out[#out + 1] = "(?:"
        for i = 1, #node do
            if i > 1 then out[#out + 1] = "|" end
            emit(node[i], out, ranges_of)
        end
        out[#out + 1] = ")"
    elseif k == "rep" then
        out[#out + 1] = "(?:"
        emit(node.sub, out, ranges_of)
        out[#out + 1] = ")"
        if node.max == -1 then
            out[#out + 1] = node.min == 0 and "*" or node.min == 1 and "+" or ("{" .. node.min .. ",}")
        elseif node.min == 0 and node.max == 1 and not node.counted then
            out[#out + 1] = "?"
        else
            out[#out + 1] = "{" .. node.min .. (node.min == node.max and "" or ("," .. node.max)) .. "}"
        end
    end
end

function M.to_pcre(tree, ranges_of)
    local out = {}
    emit(tree, out, ranges_of)
    return concat(out)
end

return M
