-- The client's local filter evaluation (dataforseo.filters.compile, with
-- its pure-Lua RE2 matcher) against the emulator's (filter.lua: its own
-- evaluation, regexes run by PCRE through ngx.re), on generated
-- expressions and items: every field type, operator, null, map key, array,
-- time form, RE2 construct, case folding and word boundary.  The emulator
-- answers through POST /mock/filter.
local F = require "dataforseo.query.filters"
local fields = require "dataforseo.api.fields"
local dataforseo = require "dataforseo"
local emulator = dofile("spec/support/emulator.lua")
local D = dofile("spec/support/differential.lua")
local cjson = require "cjson"

local SCHEMA = { anchors = fields.anchor_item, backlinks = fields.backlink }

local function kept(pred, items)
    local out = {}
    for i, item in ipairs(items) do out[i] = pred(item) and true or false end
    return out
end

local function describe_item(item, expr)
    local field = type(expr) == "table" and type(expr[1]) == "string" and expr[1] or nil
    local key = field and field:match("^([^.]+)")
    local ok, text = pcall(cjson.encode, key and { [key] = item[key] } or item)
    return ok and text or "?"
end

describe("differential: the client's filter evaluation and the emulator's", function()
    local srv
    setup(function() srv = assert(emulator.start{ port = 0 }) end)
    teardown(function() if srv then srv:stop() end end)

    local function new_run() return { compared = 0, invalid = 0, local_only = 0, problems = {} } end

    local function agreed(run)
        assert.are.equal(0, #run.problems, "\n" .. table.concat(run.problems, "\n"))
    end

    -- Compares one expression over items; returns nil or a description.
    local function differ(kind, expr, items, stats)
        local valid = F.validate(expr, SCHEMA[kind]) == true
        local theirs = assert(srv:filter(kind, expr, items))
        if valid ~= theirs.valid then
            return ("%s validity: client %s, emulator %s: %s"):format(kind, tostring(valid), tostring(theirs.valid),
                cjson.encode(expr))
        end
        if not valid then stats.invalid = stats.invalid + 1; return nil end
        local pred, err = F.compile(expr, SCHEMA[kind])
        if not pred then
            -- valid RE2 the Lua matcher does not evaluate (\C, huge automata)
            assert.truthy(tostring(err):find("locally", 1, true), err)
            stats.local_only = stats.local_only + 1
            return nil
        end
        local mine = kept(pred, items)
        for i = 1, #items do
            if mine[i] ~= theirs.keep[i] then
                return ("%s %s on item %s: client %s, emulator %s"):format(kind, cjson.encode(expr),
                    describe_item(items[i], expr), tostring(mine[i]), tostring(theirs.keep[i]))
            end
        end
        stats.compared = stats.compared + #items
        return nil
    end

    -- Compares, keeping the first 20 disagreements in run.problems.
    local function compare(run, kind, expr, items)
        local p = differ(kind, expr, items, run)
        if p and #run.problems < 20 then run.problems[#run.problems + 1] = p end
    end

    it("client:anchors with a \\p{Cyrillic} regex reaches the server and gets the Cyrillic anchors", function()
        local client = assert(dataforseo.new{ base_url = srv.base_url, login = srv.login, password = srv.password })
        -- Cyrillic letters (U+0400-U+04FF) in UTF-8: a lead byte D0-D3.
        local function cyrillic(s) return type(s) == "string" and s:find("[\208-\211][\128-\191]") ~= nil end
        for _, target in ipairs({ "x.com", "cyrillic-example.com" }) do
            local page = assert(client:anchors{ target = target, limit = 1000,
                filters = { "anchor", "regex", "\\p{Cyrillic}+" } })
            local all = assert(client:anchors{ target = target, limit = 1000 })
            local want = {}
            for _, item in ipairs(all.items) do
                if cyrillic(item.anchor) then want[#want + 1] = item.anchor end
            end
            local got = {}
            for i, item in ipairs(page.items) do got[i] = item.anchor end
            table.sort(want)
            table.sort(got)
            assert.is_true(#got >= 1, target)
            assert.are.same(want, got)
        end
        client:close()
    end)

    it("agree on generated expressions over generated items", function()
        local rng = D.rng(77001)
        local items = { anchors = D.items(rng, "anchors", 60, dataforseo.null),
            backlinks = D.items(rng, "backlinks", 60, dataforseo.null) }
        local run = new_run()
        for _, e in ipairs(D.expressions(rng, 4000, dataforseo.null)) do
            compare(run, e.fields, e.filters, items[e.fields])
        end
        agreed(run)
        assert.is_true(run.compared > 30000, run.compared .. " evaluations compared")
        assert.is_true(run.invalid > 100, run.invalid .. " invalid expressions")
    end)

    it("agree on every RE2 construct, regex and not_regex, over texts in many scripts", function()
        local rng = D.rng(4242)
        local items = D.items(rng, "anchors", 80, dataforseo.null)
        local run = new_run()
        local patterns = {}
        for _, p in ipairs(D.VALID_PATTERNS) do patterns[#patterns + 1] = p end
        for _, p in ipairs(D.INVALID_PATTERNS) do patterns[#patterns + 1] = p end
        for _ = 1, 400 do patterns[#patterns + 1] = D.random_pattern(rng) end
        for _, pattern in ipairs(patterns) do
            for _, op in ipairs({ "regex", "not_regex" }) do
                compare(run, "anchors", { "anchor", op, pattern }, items)
            end
        end
        agreed(run)
        assert.is_true(run.compared > 50000, run.compared .. " evaluations compared")
        assert.is_true(run.local_only <= 6, run.local_only .. " patterns left to the server")
    end)

    it("agree on like, ilike and match over texts in many scripts", function()
        local rng = D.rng(9090)
        local items = D.items(rng, "anchors", 80, dataforseo.null)
        local run = new_run()
        local values = { "%", "%%", "", "news", "%news%", "NEWS%", "%café%", "%CAFÉ%", "%straße%", "%STRASSE%",
            "%кошка%", "%КОШКА%", "%σας%", "%ΣΑΣ%", "%ς%", "k", "K", "%ſ%", "%s%", "a_b", "a%b", "%\\%",
            "%😀%", "%中文%", "click here", "Click Here!", "%e%e%", "_", "%ǆ%", "%Ǆ%", "%ß%", "%ẞ%", "%ＡＢＣ%",
            "news today", "seo", "guide best", "the", "кот", "ΣΑΣ", "ς", "ǅ", "ß", "ẞ", "١٢٣", "dash", "qué",
            "naïve", "x com", "emoji seo", "😀", "best 2024", "line two", "a1b2", "ａｂｃ", "ſ" }
        for _, v in ipairs(values) do
            for _, op in ipairs({ "like", "not_like", "ilike", "not_ilike", "match", "not_match", "=", "<>" }) do
                compare(run, "anchors", { "anchor", op, v }, items)
            end
        end
        agreed(run)
        assert.is_true(run.compared > 30000, run.compared .. " evaluations compared")
    end)
end)
