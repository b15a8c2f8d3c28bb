-- The emulator's regex filters never answer "no match" because PCRE gave
-- up: patterns that make a backtracking matcher exceed its limit are
-- decided by the emulator's linear-time automaton (nfa.lua), as RE2 would
-- decide them.  Through POST /mock/filter (the emulator's own evaluation)
-- and through a real anchors request.
local emulator = dofile("spec/support/emulator.lua")
local cjson = require("cjson")

describe("emulator regex filters past PCRE's backtracking limit", function()
    local srv
    setup(function() srv = assert(emulator.start({ port = 0 })) end)
    teardown(function() if srv then srv:stop() end end)

    local function kept(filters, texts)
        local items = {}
        for i, text in ipairs(texts) do items[i] = { anchor = text } end
        local answer = assert(srv:filter("anchors", filters, items))
        assert.is_true(answer.valid, cjson.encode(filters))
        return answer.keep
    end

    it("answers as RE2 does: (a+)+b|x$ on 28 a's then x, ^(a|a)*$|x on 30 a's then x", function()
        local a28x, a30x = string.rep("a", 28) .. "x", string.rep("a", 30) .. "x"
        assert.are.same({ true, true, false, true },
            kept({ "anchor", "regex", "(a+)+b|x$" }, { a28x, "aab", string.rep("a", 28), "x" }))
        assert.are.same({ false, false, true, false },
            kept({ "anchor", "not_regex", "(a+)+b|x$" }, { a28x, "aab", string.rep("a", 28), "x" }))
        assert.are.same({ true, true, true, false },
            kept({ "anchor", "regex", "^(a|a)*$|x" }, { a30x, string.rep("a", 30), "", "ab" }))
        assert.are.same({ false }, kept({ "anchor", "not_regex", "^(a|a)*$|x" }, { a30x }))
    end)

    it("keeps RE2's meaning in the linear matcher: classes, case folding, anchors, \\b, counts", function()
        -- Each pattern is forced past the limit by an exploding prefix that
        -- cannot match, so the automaton decides the part after the |.
        local function decided(tail, texts)
            local blow = string.rep("a", 28) .. "!"
            local inputs = {}
            for i, t in ipairs(texts) do inputs[i] = blow .. "\n" .. t end
            return kept({ "anchor", "regex", "(a+)+b|" .. tail }, inputs)
        end
        assert.are.same({ true, false }, decided("(?m)^\\p{Cyrillic}+$", { "кошка", "cat" }))
        assert.are.same({ true, true, false }, decided("(?i)STRASSE$", { "strasse", "ſtrasse", "strase" }))
        assert.are.same({ true, false }, decided("\\bcat\\b", { "a cat here", "concatenate" }))
        assert.are.same({ true, false }, decided("(?m)^[0-9]{4}$", { "2024", "20245" }))
        assert.are.same({ true, false }, decided("é+\\z", { "café", "cafe" }))
        assert.are.same({ true, false }, decided("(?s)x.y", { "x\ny", "xy" }))
        assert.are.same({ false, true }, decided("(?m)^x.y$", { "x\ny", "xzy" }))
    end)

    it("an anchors request with such a pattern keeps the anchors RE2 keeps", function()
        local function anchors(filters)
            local res = assert(srv:post_live("anchors", { { target = "small-example.com", limit = 1000,
                filters = filters } }))
            local task = cjson.decode(res.body).tasks[1]
            assert.are.equal(20000, task.status_code, task.status_message)
            local out = {}
            for _, item in ipairs(task.result[1].items) do out[#out + 1] = item.anchor end
            table.sort(out)
            return out
        end
        -- Every anchor contains "e" or not; the exploding branch never matches.
        local with_e = anchors({ "anchor", "regex", "e" })
        assert.is_true(#with_e > 0)
        assert.are.same(with_e, anchors({ "anchor", "regex", "(a+)+b|e" }))
    end)

    it("like and ilike with many wildcards answer at once, right", function()
        local many = "%a%a%a%a%a%a%a%a%a%b"
        assert.are.same({ false, true, true }, kept({ "anchor", "like", many },
            { string.rep("a", 80), string.rep("a", 80) .. "b", "a-a-a-a-a-a-a-a-a-b" }))
        assert.are.same({ true, false }, kept({ "anchor", "not_like", many },
            { string.rep("a", 80), string.rep("a", 80) .. "b" }))
        assert.are.same({ true, true, false }, kept({ "anchor", "ilike", string.upper(many) },
            { string.rep("a", 80) .. "b", string.rep("A", 9) .. "b", string.rep("a", 9) }))
        assert.are.same({ true, true, false, true, false }, kept({ "anchor", "like", "a%b" },
            { "ab", "a%b", "a", "a\nb", "ba" }))
    end)
end)
