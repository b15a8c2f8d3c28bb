-- Issue 15 items 8, 14 and 15 as units: the one sanitiser for terminals
-- (printable.lua), CSV cells safe for spreadsheets (output.lua), and a
-- "did you mean" that does not go quadratic on huge names.
local printable = require "dataforseo.query.printable"
local output = require "dataforseo_cli.output"
local text = require "dataforseo.query.text"
local filters = require "dataforseo.query.filters"
local fields = require "dataforseo.api.fields"
local errors = require "dataforseo.errors"
local helpers = dofile("spec/support/helpers.lua")

local now = require("dataforseo.core").http.now

-- Every byte a terminal could act on, raw.
local ESC, CSI8, RLO, LRI = "\27", "\194\155", "\226\128\174", "\226\129\166"

local function terminal_safe(s)
    return not s:find("[%z\1-\31\127]") and not s:find("\194[\128-\159]")
        and not s:find("\226\128[\142\143\168-\174]") and not s:find("\226\129[\166-\169]")
        and not s:find("\216\156") and text.valid(s)
end

describe("printable", function()
    it("escapes C0 controls, DEL, C1 controls, bidi controls and invalid UTF-8 visibly", function()
        assert.equal("a\\x1B]0;title\\x07b", printable.escape("a" .. ESC .. "]0;title\7b"))
        assert.equal("\\x1B[2J", printable.escape(ESC .. "[2J"))
        assert.equal("x\\x00y\\x7F", printable.escape("x\0y\127"))
        assert.equal("\\u{9B}31m", printable.escape(CSI8 .. "31m"))
        assert.equal("\\u{85}", printable.escape("\194\133"))
        assert.equal("abc\\u{202E}fed", printable.escape("abc" .. RLO .. "fed"))
        assert.equal("\\u{2066}x", printable.escape(LRI .. "x"))
        assert.equal("\\u{2028}\\u{200F}\\u{61C}", printable.escape("\226\128\168\226\128\143\216\156"))
        assert.equal("bad \\xFF\\xC0 byte", printable.escape("bad \255\192 byte"))
        -- invalid bytes next to unsafe code points: both handled
        assert.equal("\\xFF\\u{9B}", printable.escape("\255" .. CSI8))
        assert.equal("tab\\tnl\\ncr\\r", printable.escape("tab\tnl\ncr\r"))
        -- layout mode keeps TAB, LF, CR (CSV cells) but not the rest
        assert.equal("a\tb\r\nc\\x1B", printable.escape("a\tb\r\nc" .. ESC, true))
    end)

    it("leaves ordinary text alone, whatever the script", function()
        for _, s in ipairs({ "plain ascii", "caf\195\169", "\230\151\165\230\156\172\232\170\158",
            "emoji \240\159\152\128", "\215\169\215\156\215\149\215\157 hebrew (RTL letters, no controls)",
            "U+FFFD \239\191\189 stays", "back\\slash" }) do
            assert.equal(s, printable.escape(s))
        end
    end)

    it("makes every byte string terminal-safe (random bytes)", function()
        math.randomseed(15)
        for _ = 1, 2000 do
            local bytes = {}
            for i = 1, math.random(0, 24) do bytes[i] = string.char(math.random(0, 255)) end
            local s = table.concat(bytes)
            assert.is_true(terminal_safe(printable.line(s)), ("%q"):format(s))
        end
    end)

    it("cuts lines and excerpts on character boundaries, fast for huge input", function()
        local huge = string.rep("\195\169", 5 * 1024 * 1024)   -- 10 MB of é
        local t0 = now()
        local line = printable.line(huge)
        assert.is_true(#line <= printable.LINE_MAX + 3)
        assert.is_true(text.valid(line))
        local ex = printable.excerpt(huge)
        assert.is_true(#ex < printable.EXCERPT_MAX + 40)
        assert.truthy(ex:find("(10485760 bytes in all)", 1, true))
        assert.is_true(text.valid(ex))
        assert.is_true(now() - t0 < 2, "took " .. (now() - t0))
        assert.equal("short", printable.excerpt("short"))
    end)

    it("escapes C1, bidi and DEL in JSON text as \\u escapes: the same value", function()
        local json = require "dataforseo.json"
        local writer = require "dataforseo.json_writer"
        local value = { anchor = "a" .. CSI8 .. "b" .. RLO .. "c\127d" .. LRI .. "\240\159\152\128" }
        local out = printable.json(writer.encode(value))
        assert.is_true(terminal_safe(out))
        assert.same(value, json.decode(out))
        assert.truthy(out:find("\\u009b", 1, true))
        assert.truthy(out:find("\\u202e", 1, true))
    end)
end)

describe("CSV cells (OWASP CSV injection)", function()
    -- One cell as the CSV writer writes it (a row of one field).
    local function cell(v, name, raw)
        local h = helpers.sink()
        name = name or "anchor"
        local w = output.new("csv", h, { fields = { name }, csv_raw = raw })
        w:items({ { [name] = v } })
        return assert(h.text():match("^[^\r]*\r\n(.*)\r\n$"), h.text())
    end

    it("puts a ' before text starting with = + - @ TAB or CR", function()
        assert.equal("'=HYPERLINK(\"\"http://x\"\")", cell('=HYPERLINK("http://x")'):sub(2, -2))
        assert.equal("'+1", cell("+1"))
        assert.equal("'-5", cell("-5"))
        assert.equal("'@SUM(A1)", cell("@SUM(A1)"))
        assert.equal("'\tx", cell("\tx"))
        assert.equal("\"'\rx\"", cell("\rx"))
        assert.equal("'=1+1", cell("=1+1"))
        assert.equal("a=1", cell("a=1"))
        assert.equal("news", cell("news"))
        assert.equal("", cell(""))
    end)

    it("writes numbers as numbers: -5 from a numeric field is not a formula", function()
        assert.equal("-5", cell(-5))
        assert.equal("0", cell(0))
        assert.equal("1.5", cell(1.5))
        assert.equal("true", cell(true))
        assert.equal("", cell(nil))
    end)

    it("escapes ESC and other controls, keeps TAB, CR and LF inside a cell", function()
        assert.equal("a\\x1B[2Jb", cell("a" .. ESC .. "[2Jb"))
        assert.equal("\"line1\r\nline2\"", cell("line1\r\nline2"))
        assert.equal("x\ty", cell("x\ty"))
        assert.equal("\\u{9B}1m", cell(CSI8 .. "1m"))
        -- a map is JSON text: its controls are JSON escapes, so it still decodes
        assert.equal('"{""a\\u001b"":1}"', cell({ ["a" .. ESC] = 1 }, "referring_links_tld"))
        assert.equal('"{""a\\u009b"":1}"', cell({ ["a" .. CSI8] = 1 }, "referring_links_tld"))
    end)

    -- Issue 20 item 5: one sanitiser, the union of the rules the terminal,
    -- CSV and the report had (the CSV's missed U+FEFF and U+FFF9..U+FFFB).
    it("escapes U+FEFF and U+FFF9..U+FFFB in CSV cells, terminal lines and JSON as the report hides them", function()
        local view = require "dataforseo_cli.report.view"
        for cp, utf8 in pairs({ [0xFEFF] = "\239\187\191", [0xFFF9] = "\239\191\185", [0xFFFA] = "\239\191\186",
            [0xFFFB] = "\239\191\187" }) do
            local shown = string.format("\\u{%X}", cp)
            assert.equal("a" .. shown .. "b", cell("a" .. utf8 .. "b"))
            assert.equal("a" .. shown .. "b", printable.line("a" .. utf8 .. "b"))
            assert.equal(string.format("\"a\\u%04x\"", cp), printable.json('"a' .. utf8 .. '"'))
            assert.equal(string.format("a[U+%04X]", cp), view.visible("a" .. utf8))
            assert.is_true(printable.hidden(cp))
        end
        -- every code point the report hides, the terminal and CSV escape too
        for cp = 0x80, 0xFFFF do
            if printable.hidden(cp) then
                local utf8 = text.encode(cp)
                assert.is_nil(printable.escape(utf8):find(utf8, 1, true), cp)
            end
        end
    end)

    it("writes cells exactly as received with csv_raw", function()
        assert.equal("=1+1", cell("=1+1", nil, true))
        assert.equal("a" .. ESC .. "b", cell("a" .. ESC .. "b", nil, true))
        local h = helpers.sink()
        local w = output.new("csv", h, { fields = { "anchor" }, csv_raw = true })
        w:items({ { anchor = "=cmd|' /C calc'!A0" } })
        assert.equal("anchor\r\n=cmd|' /C calc'!A0\r\n", h.text())
        h = helpers.sink()
        w = output.new("csv", h, { fields = { "anchor" } })
        w:items({ { anchor = "=cmd|' /C calc'!A0" } })
        assert.equal("anchor\r\n'=cmd|' /C calc'!A0\r\n", h.text())
    end)
end)

describe("did you mean, on huge names (item 8)", function()
    local huge = string.rep("x", 1024 * 1024)

    local function timed(fn)
        local t0 = now()
        local a, b = fn()
        return now() - t0, a, b
    end

    it("answers at once and echoes a short excerpt", function()
        local took = timed(function() return text.suggest(huge, fields.anchor_item) end)
        assert.is_true(took < 1, "text.suggest took " .. took)
        took = timed(function() return errors.suggest(huge, { "anchors", "mock" }) end)
        assert.is_true(took < 1, "errors.suggest took " .. took)
        local msg, _
        took, _, msg = timed(function() return filters.validate({ huge, "=", 1 }, fields.anchor_item) end)
        assert.is_true(took < 1, "filters.validate took " .. took)
        assert.is_true(#msg < 1000, "message of " .. #msg .. " bytes")
        took, _, msg = timed(function() return output.check_fields({ huge }) end)
        assert.is_true(took < 1, "output.check_fields took " .. took)
        assert.is_true(#msg < 1000, "message of " .. #msg .. " bytes")
        took = timed(function()
            return require("dataforseo.api.anchors").validate({ target = "example.com", [huge] = 1 })
        end)
        assert.is_true(took < 1, "anchors.validate took " .. took)
        -- close typos are still found
        assert.equal("anchor", text.suggest("anchr", fields.anchor_item))
        assert.equal("backlinks", text.suggest("backlnks", fields.anchor_item))
    end)
end)
