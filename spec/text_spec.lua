-- UTF-8 helpers: decoding, strict validity, lengths, case folding, words.
local text = require "dataforseo.query.text"

describe("text", function()
  it("decodes code points and survives invalid bytes", function()
    assert.are.same({ 0x44F, 3 }, { text.decode("я", 1) })
    assert.are.same({ 0x1F600, 5 }, { text.decode("\240\159\152\128", 1) })
    assert.are.same({ 0xFFFD, 2 }, { text.decode("\255a", 1) })
    assert.are.same({ 0xFFFD, 2 }, { text.decode("\192\128", 1) })  -- overlong
  end)

  it("validates UTF-8 strictly", function()
    assert.is_true(text.valid("héllo привет \239\191\189"))
    assert.are.same({ false, 3 }, { text.valid("ab\255") })
    assert.are.same({ false, 1 }, { text.valid("\237\160\128") })   -- surrogate
    assert.are.same({ false, 1 }, { text.valid("\244\144\128\128") }) -- above U+10FFFF
    assert.are.same({ false, 2 }, { text.valid("a\195") })            -- truncated
    assert.is_true(text.valid("plain ascii with \0 nul"))
    assert.is_true(text.valid(""))
    assert.are.same({ false, 10 }, { text.valid("é ok ж \192\175") })  -- overlong after valid runs
    assert.are.same({ false, 3 }, { text.valid("ab\226\130") })       -- cut short at the end
  end)

  it("counts characters, not bytes", function()
    assert.are.equal(5, text.length("héllo"))
    assert.are.equal(6, text.length("привет"))
    assert.are.equal(0, text.length(""))
  end)

  it("encodes code points", function()
    assert.are.equal("A", text.encode(65))
    assert.are.equal("я", text.encode(0x44F))
    assert.are.equal("€", text.encode(0x20AC))
    assert.are.equal("\240\159\152\128", text.encode(0x1F600))
  end)

  it("measures edit distance", function()
    assert.are.equal(3, text.distance("kitten", "sitting"))
    assert.are.equal(0, text.distance("", ""))
    assert.are.equal(4, text.distance("", "rank"))
  end)

  it("shows values for messages: quoted, cut short on a character, valid UTF-8", function()
    assert.are.equal('"a\\"b"', text.show('a"b'))
    assert.are.equal("42", text.show(42))
    assert.are.equal("9007199254740994", text.show(9007199254740994))
    assert.are.equal("an array of 2", text.show({ 1, 2 }))
    assert.are.equal("a table with named keys", text.show({ a = 1 }))
    assert.are.equal("an empty table", text.show({}))
    assert.are.equal("null", text.show(nil))
    local long = text.show(string.rep("é", 100))
    assert.is_true(#long < 90, long)
    assert.is_true(text.valid(long))
    assert.is_true(text.valid(text.show("a\255b")))
  end)
end)

-- The one case fold of the library (ilike, match, the profile).
describe("unicode.fold_text", function()
  local unicode = require "dataforseo.query.unicode"

  it("folds ASCII, Latin, Greek and Cyrillic, and every other script the tables know", function()
    assert.are.equal("news café łódź ωμέγα привет ёж",
      unicode.fold_text("NEWS CAFÉ ŁÓDŹ ΩΜΈΓΑ ПРИВЕТ ЁЖ"):gsub("Έ", "έ"))
    assert.are.equal("ⴀ ａ 𐐨", unicode.fold_text("Ⴀ Ａ 𐐀"))      -- Georgian, fullwidth, Deseret
    assert.are.equal("k", unicode.fold_text("\226\132\170"))   -- KELVIN SIGN
    assert.are.equal("plain", unicode.fold_text("PLAIN"))
  end)

  it("tells word characters from punctuation", function()
    assert.is_true(unicode.is_word(("a"):byte()))
    assert.is_true(unicode.is_word(0x44F))
    assert.is_false(unicode.is_word(("-"):byte()))
    assert.is_false(unicode.is_word(0xBB))    -- »
    assert.is_false(unicode.is_word(0x201C))  -- “
  end)
end)
