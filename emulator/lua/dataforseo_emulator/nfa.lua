-- Linear-time matching of a parsed RE2 pattern (re2.lua's tree), the way
-- RE2 itself matches: the pattern becomes a Thompson automaton and the
-- text is read once, byte by byte, with every live state at once, so no
-- input can make it backtrack.  filter.lua asks PCRE first (fast) and
-- comes here when PCRE gives up (its backtracking limit: `(a+)+b|x$` on
-- 28 a's then x), so such a text is never answered "no match" wrongly.
--
--   nfa.compile(tree) -> program
--   nfa.find(program, text, char_test) -> true | false   (a match anywhere)
--     char_test(node, cp) -> does the one-character node (a literal or a
--     class, with its case folding) match code point cp?
-- Pure Lua (5.1-5.4); search starts at every byte, as RE2's unanchored
-- search does, and a byte that starts no valid UTF-8 sequence is matched
-- by \C only.
local M = {}

local byte = string.byte

------------------------------------------------------------------------------
-- Compilation: instructions { op = "char" | "byte" | "split" | "jmp" |
-- "assert" | "match", ... }; control falls through to the next one.

local function compile(tree)
    local prog = {}
    local function emit(ins)
        prog[#prog + 1] = ins
        return ins
    end
    local function walk(node)
        local k = node.k
        if k == "lit" or k == "class" or k == "dot" then
            emit({ op = "char", node = node })
        elseif k == "byte" then
            emit({ op = "byte" })
        elseif k == "bot" or k == "eot" or k == "bol" or k == "eol" or k == "wb" or k == "nwb" then
            emit({ op = "assert", kind = k })
        elseif k == "group" then
            walk(node.sub)
        elseif k == "cat" then
            for i = 1, #node do walk(node[i]) end
        elseif k == "alt" then
            local jumps = {}
            for i = 1, #node - 1 do
                local split = emit({ op = "split", x = #prog + 2 })
                walk(node[i])
                jumps[#jumps + 1] = emit({ op = "jmp" })
                split.y = #prog + 1
            end
            walk(node[#node])
            for _, j in ipairs(jumps) do j.x = #prog + 1 end
        elseif k == "rep" then
            for _ = 1, node.min do walk(node.sub) end
            if node.max == -1 then
                local loop = #prog + 1
                local split = emit({ op = "split", x = loop + 1 })
                walk(node.sub)
                emit({ op = "jmp", x = loop })
                split.y = #prog + 1
            else
                -- (x(x(x)?)?)? : every optional copy skips to the end.
                local splits = {}
                for _ = node.min + 1, node.max do
                    splits[#splits + 1] = emit({ op = "split", x = #prog + 2 })
                    walk(node.sub)
                end
                for _, split in ipairs(splits) do split.y = #prog + 1 end
            end
        end
        -- "empty": nothing to emit
    end
    walk(tree)
    emit({ op = "match" })
    return prog
end
M.compile = compile

------------------------------------------------------------------------------
-- Matching

-- The code point at i and its length; an invalid sequence is (-1, 1).
local function decode(s, i)
    local c = byte(s, i)
    if c < 0x80 then return c, 1 end
    local len, cp, lo, hi
    lo, hi = 0x80, 0xBF
    if c >= 0xC2 and c <= 0xDF then len, cp = 2, c - 0xC0
    elseif c == 0xE0 then len, cp, lo = 3, 0, 0xA0
    elseif c == 0xED then len, cp, hi = 3, 0xD, 0x9F
    elseif c >= 0xE1 and c <= 0xEF then len, cp = 3, c - 0xE0
    elseif c == 0xF0 then len, cp, lo = 4, 0, 0x90
    elseif c == 0xF4 then len, cp, hi = 4, 4, 0x8F
    elseif c >= 0xF1 and c <= 0xF3 then len, cp = 4, c - 0xF0
    else return -1, 1 end
    for k = 1, len - 1 do
        local b = byte(s, i + k)
        if not b or b < (k == 1 and lo or 0x80) or b > (k == 1 and hi or 0xBF) then return -1, 1 end
        cp = cp * 64 + b - 0x80
    end
    return cp, len
end

-- RE2's \b: ASCII word characters.
local function is_word(c)
    return c ~= nil and ((c >= 48 and c <= 57) or (c >= 65 and c <= 90) or (c >= 97 and c <= 122) or c == 95)
end

local function holds(kind, s, pos, n)
    if kind == "bot" then return pos == 1 end
    if kind == "eot" then return pos == n + 1 end
    if kind == "bol" then return pos == 1 or byte(s, pos - 1) == 10 end
    if kind == "eol" then return pos == n + 1 or byte(s, pos) == 10 end
    local boundary = is_word(pos > 1 and byte(s, pos - 1) or nil) ~= is_word(pos <= n and byte(s, pos) or nil)
    if kind == "wb" then return boundary end
    return not boundary
end

local function char_ok(node, cp, char_test)
    if cp < 0 then return false end
    if node.k == "dot" then return node.nl or cp ~= 10 end
    return char_test(node, cp)
end

-- Threads waiting at a byte position: a ring of 5 lists (a character is
-- at most 4 bytes), each with the position it holds and a stamp per pc.
function M.find(prog, s, char_test)
    local n = #s
    local ring = {}
    for r = 0, 4 do ring[r] = { pcs = {}, count = 0, seen = {} } end
    local stack = {}
    -- Adds pc and what it reaches without reading at position pos.
    -- -> true when the match instruction is reached.
    local function add(pc, pos)
        local list = ring[pos % 5]
        local seen, pcs = list.seen, list.pcs
        local top = 1
        stack[1] = pc
        while top > 0 do
            local p = stack[top]
            top = top - 1
            if seen[p] ~= pos then
                seen[p] = pos
                local ins = prog[p]
                local op = ins.op
                if op == "match" then
                    return true
                elseif op == "jmp" then
                    top = top + 1; stack[top] = ins.x
                elseif op == "split" then
                    top = top + 1; stack[top] = ins.y
                    top = top + 1; stack[top] = ins.x
                elseif op == "assert" then
                    if holds(ins.kind, s, pos, n) then top = top + 1; stack[top] = p + 1 end
                else
                    list.count = list.count + 1
                    pcs[list.count] = p
                end
            end
        end
        return false
    end
    for pos = 1, n + 1 do
        if add(1, pos) then return true end
        local list = ring[pos % 5]
        if pos <= n then
            local cp, len = decode(s, pos)
            local pcs = list.pcs
            for t = 1, list.count do
                local p = pcs[t]
                local ins = prog[p]
                if ins.op == "byte" then
                    if add(p + 1, pos + 1) then return true end
                elseif char_ok(ins.node, cp, char_test) then
                    if add(p + 1, pos + len) then return true end
                end
            end
        end
        list.pcs, list.count = {}, 0
    end
    return false
end

return M
