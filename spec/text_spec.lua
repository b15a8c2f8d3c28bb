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

  it("lower-cases ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic", function()
    assert.are.equal("news café łódź ωμέγα привет ёж",
      text.lower("NEWS CAFÉ ŁÓDŹ ΩΜΈΓΑ ПРИВЕТ ЁЖ"):gsub("Έ", "έ"))
    assert.are.same({ 0x41, 0x61 }, text.case_variants(0x41))
    assert.are.same({ 0x5F }, text.case_variants(0x5F))
  end)

  it("tells word characters from punctuation", function()
    assert.is_true(text.is_word_cp(("a"):byte()))
    assert.is_true(text.is_word_cp(0x44F))
    assert.is_false(text.is_word_cp(("-"):byte()))
    assert.is_false(text.is_word_cp(0xBB))    -- »
    assert.is_false(text.is_word_cp(0x201C))  -- “
  end)
end)
