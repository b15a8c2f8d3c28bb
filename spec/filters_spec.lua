-- Filter expressions: validation rules and their messages, local evaluation
-- of every operator on hand-made rows, and the builder's output.
local filters = require "dataforseo.query.filters"
local fields = require "dataforseo.api.fields"
local F = filters

-- The JSON null sentinel as the decoders hand it out (NULL light userdata).
local null = require("cjson").null

local ITEM, LINK = fields.anchor_item, fields.backlink

local function invalid(expr, words, schema, name)
  local ok, msg = filters.validate(expr, schema or ITEM, name or "filters")
  assert.is_nil(ok, "expected a validation error")
  assert.is_string(msg)
  for _, w in ipairs(type(words) == "table" and words or { words }) do
    assert.truthy(msg:find(w, 1, true), ("message %q lacks %q"):format(msg, w))
  end
  return msg
end

local function valid(expr, schema)
  local ok, msg = filters.validate(expr, schema or ITEM, "filters")
  assert.is_true(ok, msg)
end

describe("filters.validate structure", function()
  it("accepts the documented examples", function()
    valid({ "anchor", "like", "%news%" })
    valid({ "referring_links_types.anchors", ">", "1" })
    valid({ { "broken_pages", ">", 2 }, "and", { "backlinks", ">", 10 } })
    valid({ { "first_seen", ">", "2017-10-23 11:31:45 +00:00" }, "and",
            { { "anchor", "like", "%seo%" }, "or", { "referring_domains", ">", "10" } } })
    valid({ { "dofollow", "=", true } }, LINK)
  end)

  it("accepts nil and an empty array as no filter", function()
    valid(nil)
    valid({})
  end)

  it("rejects a value that is not an array", function()
    invalid("anchor", { "filters:", "expected an array", '"anchor"' })
    invalid(42, "got 42", ITEM, "backlinks_filters")
  end)

  it("names the request field given", function()
    invalid({ "dofollow", "=", 1 }, "backlinks_filters[3]:", LINK, "backlinks_filters")
  end)

  it("requires conditions of exactly three elements", function()
    invalid({ "lost_date", "=", nil }, { "filters:", "3 elements", "got 2", "dataforseo.null" })
    invalid({ "rank", ">", 1, 2 }, { "3 elements", "got 4" })
  end)

  it("requires and/or strictly between conditions", function()
    invalid({ { "rank", ">", 1 }, "AND", { "rank", "<", 5 } },
      { "filters[2]:", 'expected "and" or "or"', '"AND"' })
    invalid({ { "rank", ">", 1 }, { "rank", "<", 5 } }, { "filters[2]:", 'expected "and" or "or"' })
    invalid({ { "rank", ">", 1 }, "and" }, { "filters[2]:", '"and" must be followed by a condition' })
    invalid({ { "rank", ">", 1 }, "and", "or" }, { "filters[3]:", "expected a condition" })
    invalid({ { "rank", ">", 1 }, "and", {} }, { "filters[3]:", "empty array" })
    invalid({ 5, "and", { "rank", ">", 1 } }, { "filters[1]:", "expected a field name or a nested array" })
  end)

  it("names the path of a problem inside nested groups", function()
    invalid({ { "rank", ">", 1 }, "and", { { "anchor", "=", "x" }, "or", { "backlinks", "like", "x" } } },
      { "filters[3][3][2]:", 'operator "like" is not valid for numeric field "backlinks"',
        "(use one of < <= > >= = <> in not_in)" })
  end)

  it("allows at most 8 conditions in all, nested ones included", function()
    local eight = { { "rank", ">", 1 } }
    for i = 2, 8 do
      eight[#eight + 1] = i % 2 == 0 and "and" or "or"
      eight[#eight + 1] = { { "rank", ">", i } }
    end
    valid(eight)
    eight[#eight + 1] = "and"
    eight[#eight + 1] = { "backlinks", ">", 0 }
    invalid(eight, { "more than 8 conditions", "at most 8" })
  end)

  it("bounds the nesting depth where the request body's JSON stops (and so survives cyclic tables)", function()
    local deep = { "rank", ">", 1 }
    for _ = 2, 998 do deep = { deep } end
    assert.is_true(F.validate(deep, F.schemas.anchor_item))
    invalid({ deep }, "nested more than 998 levels")
    local listed = { "rank", "in", { 1, 2 } }
    for _ = 2, 998 do listed = { listed } end
    invalid(listed, "nested more than 998 levels")
    local cyclic = {}
    cyclic[1] = cyclic
    invalid(cyclic, "nested more than")
  end)
end)

describe("filters.validate fields and operators", function()
  it("rejects unknown fields with a suggestion", function()
    invalid({ "anchr", "=", "x" }, { "filters[1]:", 'unknown field "anchr"', 'did you mean "anchor"?' })
    invalid({ "zzzz", "=", "x" }, 'unknown field "zzzz"')
    invalid({ "referring_links_tdl.com", ">", 1 }, 'did you mean "referring_links_tld.com"?')
    invalid({ "dofolow", "=", true }, 'did you mean "dofollow"?', LINK)
    invalid({ 5, "=", "x" }, { "filters[1]:", "expected a field name", "got 5" })
  end)

  it("knows which schema applies", function()
    invalid({ "dofollow", "=", true }, 'unknown field "dofollow"', ITEM)
    invalid({ "referring_domains", ">", 1 }, 'unknown field "referring_domains"', LINK)
  end)

  it("requires a key for map fields and refuses keys on other fields", function()
    invalid({ "referring_links_tld", ">", 1 }, { "is a map", '"referring_links_tld.<key>"' })
    invalid({ "anchor.x", "=", "y" }, { '"anchor" is a string field', "only map fields" })
    valid({ "referring_links_tld.", ">", 1 })
    valid({ "referring_links_tld.co.uk", ">", 1 })
  end)

  it("rejects unknown operators and operators of another type", function()
    invalid({ "anchor", "contains", "x" }, { "filters[2]:", 'unknown operator "contains"',
      "like not_like ilike" })
    invalid({ "anchor", 5, "x" }, { "filters[2]:", "operator must be a string" })
    invalid({ "backlinks", "like", "%1%" }, 'operator "like" is not valid for numeric field "backlinks"')
    invalid({ "first_seen", "regex", "2019" }, { 'not valid for time field "first_seen"', "< <= > >=" })
    invalid({ "anchor", ">", "a" }, { 'operator ">" is not valid for string field "anchor"',
      "= <> in not_in like not_like ilike not_ilike regex not_regex match not_match" })
    invalid({ "dofollow", ">", true }, { 'not valid for boolean field "dofollow"', "(use one of = <>)" }, LINK)
    invalid({ "attributes", "like", "%no%" }, { 'not valid for array field "attributes"', "has has_not" }, LINK)
    invalid({ "referring_links_tld.com", "like", "1" }, 'not valid for numeric field "referring_links_tld.com"')
  end)

  it("accepts every documented operator for each type", function()
    for _, op in ipairs({ "<", "<=", ">", ">=", "=", "<>" }) do
      valid({ "backlinks", op, 5 })
      valid({ "first_seen", op, "2020-01-01 00:00:00 +00:00" })
    end
    for _, op in ipairs({ "=", "<>", "like", "not_like", "ilike", "not_ilike", "regex",
      "not_regex", "match", "not_match" }) do
      valid({ "anchor", op, "news" })
    end
    valid({ "anchor", "in", { "a", "b" } })
    valid({ "anchor", "not_in", { "a" } })
    valid({ "rank", "in", { 1, 2 } })
    valid({ "lost_date", "not_in", { "2020-01-01" } })
    valid({ { "dofollow", "=", true }, "and", { "is_lost", "<>", false } }, LINK)
    valid({ { "attributes", "has", "nofollow" }, "and", { "attributes", "has_not", "ugc" } }, LINK)
  end)
end)

describe("filters.validate values", function()
  it("requires numbers (or numeric strings) for numeric fields", function()
    invalid({ "backlinks", ">", "many" }, { "filters[3]:", 'value "many"', 'numeric field "backlinks"', "number" })
    invalid({ "backlinks", ">", true }, "value true")
    invalid({ "backlinks", ">", 0 / 0 }, "finite number")
    invalid({ "backlinks", ">", math.huge }, "finite number")
    valid({ "backlinks", ">", "10" })
    valid({ "backlinks", ">", 2.5 })
  end)

  it("requires times for time fields", function()
    valid({ "first_seen", ">", "2019-11-15 12:57:46 +00:00" })
    valid({ "first_seen", ">", "2019-11-15 12:57:46 +02:00" })
    valid({ "first_seen", ">", "2019-11-15 12:57:46" })
    valid({ "first_seen", ">", "2019-11-15" })
    local m = invalid({ "first_seen", ">", "2019-13-01" }, { "filters[3]:", '"2019-13-01"', 'time field "first_seen"' })
    assert.truthy(m:find('"yyyy-mm-dd hh:mm:ss +00:00"', 1, true))
    invalid({ "first_seen", ">", "2019-02-29" }, "time field")   -- not a leap year
    valid({ "first_seen", ">", "2020-02-29" })
    invalid({ "first_seen", ">", "2019-11-15 24:00:00 +00:00" }, "time field")
    invalid({ "first_seen", ">", "2019-11-15T12:57:46Z" }, "time field")
    invalid({ "first_seen", ">", 1573822666 }, "time field")
  end)

  it("requires booleans for boolean fields and strings for string fields", function()
    invalid({ "dofollow", "=", "true" }, { 'value "true"', "true or false" }, LINK)
    invalid({ "anchor", "=", 5 }, { "value 5", 'string field "anchor"', "must be a string" })
    invalid({ "attributes", "has", 5 }, 'array field "attributes" must be a string', LINK)
  end)

  it("requires a non-empty array of the right type for in / not_in", function()
    invalid({ "rank", "in", 5 }, { "filters[3]:", 'operator "in" needs a non-empty array' })
    invalid({ "rank", "in", {} }, "non-empty array")
    invalid({ "rank", "not_in", { a = 1 } }, "non-empty array")
    invalid({ "rank", "in", { 1, "x" } }, { "filters[3][2]:", 'value "x"' })
    invalid({ "anchor", "in", { "a", 5 } }, { "filters[3][2]:", "must be a string" })
  end)

  it("accepts JSON null only with = and <>", function()
    valid({ "lost_date", "=", null })
    valid({ "anchor", "<>", null })
    invalid({ "lost_date", ">", null }, { "filters[3]:", "null is only valid with = and <>" })
  end)

  it("checks regexes: at most 1000 characters and valid RE2 syntax", function()
    valid({ "anchor", "regex", string.rep("a", 1000) })
    valid({ "anchor", "regex", string.rep("я", 1000) })  -- characters, not bytes
    invalid({ "anchor", "regex", string.rep("a", 1001) }, { "filters[3]:", "1001 characters", "at most 1000" })
    invalid({ "anchor", "not_regex", "(how|what" }, { "filters[3]:", 'invalid regex "(how|what"', "missing closing )" })
    invalid({ "anchor", "regex", "a(?=b)" }, "lookahead")
  end)

  it("takes full-text match values without words (every text matches them)", function()
    assert.is_true(F.validate({ "anchor", "match", " - " }, F.schemas.anchor_item))
    assert.is_true(F.compile({ "anchor", "match", " - " }, F.schemas.anchor_item)({ anchor = "x" }))
    assert.is_false(F.compile({ "anchor", "not_match", "" }, F.schemas.anchor_item)({ anchor = "x" }))
  end)

  it("reads numeric strings as the API does: decimal only, no spaces, hex, inf or nan", function()
    for _, v in ipairs({ "10", "-2.5", "+5", ".5", "1e3", "2.", "1E-2" }) do
      assert.is_true(F.validate({ "backlinks", ">", v }, F.schemas.anchor_item), v)
    end
    for _, v in ipairs({ " 5", "5 ", "0x10", "inf", "nan", "", "1e999", "1,5", "five" }) do
      invalid({ "backlinks", ">", v }, "must be a finite number")
    end
  end)
end)

------------------------------------------------------------------------------

local rows = {
  { anchor = "news", rank = 277, backlinks = 4186, first_seen = "2019-01-16 05:58:32 +00:00",
    lost_date = null, referring_domains = 835,
    referring_links_tld = { com = 1931, org = 1141, ["co.uk"] = 12, [""] = 10 },
    referring_links_attributes = { nofollow = 804 } },
  { anchor = "Forex news", rank = 39, backlinks = 4111, first_seen = "2021-11-01 01:35:42 +00:00",
    lost_date = "2023-05-01 10:00:00 +00:00", referring_domains = 1008,
    referring_links_tld = { com = 2079, ru = 89 }, referring_links_attributes = null },
  { anchor = "More news from Forbes»", rank = 246, backlinks = 1509,
    first_seen = "2019-01-24 07:04:48 +00:00", lost_date = null, referring_domains = 1,
    referring_links_tld = { com = 1509 }, referring_links_attributes = null },
  { anchor = null, rank = 0, backlinks = 3, first_seen = "2022-01-03 00:49:08 +00:00",
    lost_date = null, referring_domains = 2, referring_links_tld = { net = 3 } },
  { anchor = "ПРИВЕТ Мир", rank = 10, backlinks = 10, first_seen = "2020-06-30 23:30:00 +00:00",
    referring_domains = 10, referring_links_tld = {} },
}

-- Indices of the rows the expression keeps.
local function keep(expr, data, schema)
  local pred, err = filters.compile(expr, schema or ITEM)
  assert(pred, err)
  local out = {}
  for i, row in ipairs(data or rows) do
    local r = pred(row)
    assert.is_boolean(r)
    if r then out[#out + 1] = i end
  end
  return out
end

describe("filters.compile on numbers", function()
  it("compares with every numeric operator", function()
    assert.are.same({ 1, 3 }, keep({ "rank", ">", 100 }))
    assert.are.same({ 1, 3 }, keep({ "rank", ">=", 246 }))
    assert.are.same({ 2, 4, 5 }, keep({ "rank", "<", 100 }))
    assert.are.same({ 2, 4, 5 }, keep({ "rank", "<=", 39 }))
    assert.are.same({ 4 }, keep({ "rank", "=", 0 }))
    assert.are.same({ 1, 2, 3, 5 }, keep({ "rank", "<>", 0 }))
    assert.are.same({ 2, 5 }, keep({ "rank", "in", { 39, 10, 7 } }))
    assert.are.same({ 1, 3, 4 }, keep({ "rank", "not_in", { 39, 10 } }))
  end)

  it("takes numeric strings as numbers", function()
    assert.are.same({ 1, 2, 3 }, keep({ "backlinks", ">", "1000" }))
    assert.are.same({ 5 }, keep({ "backlinks", "in", { "10" } }))
  end)

  it("reads map keys with a dot, missing keys and null maps as 0", function()
    assert.are.same({ 1, 2 }, keep({ "referring_links_tld.com", ">", 1600 }))
    assert.are.same({ 1 }, keep({ "referring_links_tld.co.uk", "=", 12 }))
    assert.are.same({ 1 }, keep({ "referring_links_tld.", "=", 10 }))
    assert.are.same({ 4, 5 }, keep({ "referring_links_tld.com", "=", 0 }))
    assert.are.same({ 2, 3, 4, 5 }, keep({ "referring_links_attributes.nofollow", "<", 1 }))
  end)
end)

describe("filters.compile on times", function()
  it("compares timestamps in time order", function()
    assert.are.same({ 2, 4, 5 }, keep({ "first_seen", ">", "2019-12-31 23:59:59 +00:00" }))
    assert.are.same({ 1, 3 }, keep({ "first_seen", "<=", "2019-01-24 07:04:48 +00:00" }))
    assert.are.same({ 3 }, keep({ "first_seen", "=", "2019-01-24 07:04:48 +00:00" }))
    assert.are.same({ 1, 2, 4, 5 }, keep({ "first_seen", "<>", "2019-01-24 07:04:48 +00:00" }))
  end)

  it("normalises offsets and dates on both sides", function()
    -- 2020-07-01 01:30 +02:00 is 2020-06-30 23:30 UTC: row 5 exactly
    assert.are.same({ 5 }, keep({ "first_seen", "=", "2020-07-01 01:30:00 +02:00" }))
    assert.are.same({ 2, 4 }, keep({ "first_seen", ">=", "2020-07-01" }))
    assert.are.same({ 5 }, keep({ "first_seen", "in", { "2020-06-30 23:30:00", "1999-01-01" } }))
    local other = { { first_seen = "2020-07-01 01:30:00 +02:00" } }
    assert.are.same({ 1 }, keep({ "first_seen", "=", "2020-06-30 23:30:00 +00:00" }, other))
    assert.are.same({}, keep({ "first_seen", ">", "2020-06-30 23:30:00 +00:00" }, other))
  end)

  it("reads canonical row times without parsing them, others through the parser", function()
    local s = "2019-01-16 05:58:32 +00:00"
    local time_key = require("dataforseo.query.evaluate").time_key
    assert.are.equal(s, time_key(s))
    -- the fast path trusts the API's own format (no calendar check per row)
    assert.are.equal("2019-02-30 00:00:00 +00:00", time_key("2019-02-30 00:00:00 +00:00"))
    assert.are.equal("2019-01-16 03:58:32 +00:00", time_key("2019-01-16 05:58:32 +02:00"))
    assert.is_nil(time_key("yesterday"))
    assert.is_nil(time_key(5))
  end)

  it("canonicalises times across day, month and year boundaries", function()
    assert.are.equal("2018-12-31 23:30:00 +00:00", filters.canonical_time("2019-01-01 01:30:00 +02:00"))
    assert.are.equal("2020-03-01 00:30:00 +00:00", filters.canonical_time("2020-02-29 23:30:00 -01:00"))
    assert.are.equal("2020-02-29 00:00:00 +00:00", filters.canonical_time("2020-02-29"))
    assert.is_nil(filters.canonical_time("2020-02-30"))
  end)
end)

describe("filters.compile on strings", function()
  it("= <> in not_in are exact", function()
    assert.are.same({ 1 }, keep({ "anchor", "=", "news" }))
    assert.are.same({ 2, 3, 5 }, keep({ "anchor", "<>", "news" }))
    assert.are.same({ 1, 2 }, keep({ "anchor", "in", { "news", "Forex news", "NEWS" } }))
    assert.are.same({ 3, 5 }, keep({ "anchor", "not_in", { "news", "Forex news" } }))
  end)

  it("like uses % as the only wildcard and is case-sensitive", function()
    assert.are.same({ 1, 2, 3 }, keep({ "anchor", "like", "%news%" }))
    assert.are.same({ 1 }, keep({ "anchor", "like", "news%" }))
    assert.are.same({ 1, 2 }, keep({ "anchor", "like", "%news" }))
    assert.are.same({ 3 }, keep({ "anchor", "like", "More%from%»" }))
    assert.are.same({ 1, 2, 3, 5 }, keep({ "anchor", "like", "%" }))
    assert.are.same({}, keep({ "anchor", "like", "%NEWS%" }))
    assert.are.same({}, keep({ "anchor", "like", "n_ws" }))
    assert.are.same({ 5 }, keep({ "anchor", "not_like", "%news%" }))
    local tricky = { { anchor = "abcab" }, { anchor = "ab" }, { anchor = "aXbYab" } }
    assert.are.same({ 1, 3 }, keep({ "anchor", "like", "a%b%ab" }, tricky))
  end)

  it("ilike ignores case, including non-ASCII letters", function()
    assert.are.same({ 1, 2, 3 }, keep({ "anchor", "ilike", "%NEWS%" }))
    assert.are.same({ 5 }, keep({ "anchor", "ilike", "привет%" }))
    assert.are.same({ 5 }, keep({ "anchor", "not_ilike", "%NEWS%" }))
  end)

  it("regex searches anywhere with RE2 syntax", function()
    assert.are.same({ 1, 2 }, keep({ "anchor", "regex", "news$" }))
    assert.are.same({ 2, 5 }, keep({ "anchor", "regex", "^[A-ZП]\\S+ [nМ]\\S*$" }))
    assert.are.same({ 3, 5 }, keep({ "anchor", "not_regex", "news$" }))
  end)

  it("match finds whole words ignoring case; not_match the opposite", function()
    assert.are.same({ 1, 2, 3 }, keep({ "anchor", "match", "NEWS" }))
    assert.are.same({ 3 }, keep({ "anchor", "match", "forbes news" }))  -- every word, any order
    assert.are.same({ 5 }, keep({ "anchor", "match", "мир" }))
    assert.are.same({}, keep({ "anchor", "match", "new" }))            -- whole words only
    assert.are.same({ 5 }, keep({ "anchor", "not_match", "news" }))
  end)
end)

describe("filters.compile null semantics", function()
  it("a null field satisfies no comparison, negated ones included", function()
    for _, expr in ipairs({
      { "anchor", "<>", "x" }, { "anchor", "not_like", "%x%" }, { "anchor", "not_ilike", "%x%" },
      { "anchor", "not_regex", "x" }, { "anchor", "not_match", "x" }, { "anchor", "not_in", { "x" } },
    }) do
      local r = keep(expr)
      for _, i in ipairs(r) do assert.are_not.equal(4, i, expr[2]) end
    end
    assert.are.same({}, keep({ "lost_date", "<", "2100-01-01" }, { rows[1], rows[3] }))
  end)

  it("= null and <> null test for null (a missing field counts as null)", function()
    assert.are.same({ 1, 3, 4, 5 }, keep({ "lost_date", "=", null }))
    assert.are.same({ 2 }, keep({ "lost_date", "<>", null }))
    assert.are.same({ 4 }, keep({ "anchor", "=", null }))
  end)

  it("accepts any userdata as null, not only the NULL light userdata", function()
    assert.are.same({ 2 }, keep({ "lost_date", "<>", io.stdout }))
  end)
end)

describe("filters.compile on booleans and arrays", function()
  local links = {
    { dofollow = true, attributes = null, is_lost = false },
    { dofollow = false, attributes = { "nofollow", "ugc" }, is_lost = true },
    { dofollow = false, attributes = { "noopener" }, is_lost = null },
  }

  it("= and <> on booleans", function()
    assert.are.same({ 1 }, keep({ "dofollow", "=", true }, links, LINK))
    assert.are.same({ 2, 3 }, keep({ "dofollow", "<>", true }, links, LINK))
    assert.are.same({ 1 }, keep({ "is_lost", "<>", true }, links, LINK))
  end)

  it("has / has_not on arrays; a null array is empty", function()
    assert.are.same({ 2 }, keep({ "attributes", "has", "nofollow" }, links, LINK))
    assert.are.same({ 1, 3 }, keep({ "attributes", "has_not", "nofollow" }, links, LINK))
    -- array.str fields take has / has_not only
    invalid({ "attributes", "=", "noopener" }, 'operator "=" is not valid for array field', LINK)
  end)
end)

describe("filters.compile and/or", function()
  it("joins with and / or and nests groups", function()
    assert.are.same({ 1, 2 }, keep({ { "anchor", "like", "%news%" }, "and", { "rank", "<", 300 },
      "and", { "referring_domains", ">", 100 } }))
    assert.are.same({ 2, 3, 4, 5 }, keep({ { "rank", "<", 100 }, "or", { "referring_domains", "=", 1 } }))
    assert.are.same({ 2, 3 }, keep({ { "first_seen", ">", "2017-10-23 11:31:45 +00:00" }, "and",
      { { "anchor", "like", "%news%" }, "and", { { "referring_domains", "<", 10 }, "or", { "rank", "<", 100 } } } }))
  end)

  it("binds and tighter than or in a mixed group", function()
    -- rank = 0  or  (anchor like %news% and rank < 100)
    assert.are.same({ 2, 4 }, keep({ { "rank", "=", 0 }, "or", { "anchor", "like", "%news%" }, "and",
      { "rank", "<", 100 } }))
  end)

  it("keeps every row for no filter and refuses invalid expressions", function()
    assert.are.same({ 1, 2, 3, 4, 5 }, keep(nil))
    assert.are.same({ 1, 2, 3, 4, 5 }, keep({}))
    local pred, err = filters.compile({ "rank", "like", "1" }, ITEM)
    assert.is_nil(pred)
    assert.truthy(err:find('operator "like" is not valid', 1, true))
  end)

  it("counts conditions", function()
    assert.are.equal(3, filters.count({ { "a", "=", 1 }, "and", { { "b", "=", 1 }, "or", { "c", "=", 1 } } }))
    assert.are.equal(0, filters.count({}))
  end)
end)

------------------------------------------------------------------------------

describe("filter builder", function()
  it("produces the documented array forms", function()
    assert.are.same({ "anchor", "like", "%news%" }, F.anchor:like("%news%"))
    assert.are.same({ "referring_links_types.anchors", ">", 1 }, F.field("referring_links_types.anchors"):gt(1))
    assert.are.same({ { "broken_pages", ">", 2 }, "and", { "backlinks", ">", 10 } },
      F.all(F.broken_pages:gt(2), F.backlinks:gt(10)))
    assert.are.same({ { "first_seen", ">", "2017-10-23 11:31:45 +00:00" }, "and",
      { { "anchor", "like", "%seo%" }, "or", { "referring_domains", ">", 10 } } },
      F.all(F.first_seen:gt("2017-10-23 11:31:45 +00:00"),
            F.any(F.anchor:like("%seo%"), F.referring_domains:gt(10))))
    assert.are.same({ "dofollow", "=", true }, F.backlink.dofollow:eq(true))
  end)

  it("has a method per operator", function()
    local cases = {
      { F.rank:eq(1), "=" }, { F.rank:ne(1), "<>" }, { F.rank:lt(1), "<" }, { F.rank:le(1), "<=" },
      { F.rank:gt(1), ">" }, { F.rank:ge(1), ">=" }, { F.rank:in_({ 1, 2 }), "in" },
      { F.rank["in"](F.rank, { 1 }), "in" }, { F.rank:not_in({ 1 }), "not_in" },
      { F.anchor:like("a%"), "like" }, { F.anchor:not_like("a%"), "not_like" },
      { F.anchor:ilike("a%"), "ilike" }, { F.anchor:not_ilike("a%"), "not_ilike" },
      { F.anchor:regex("^a"), "regex" }, { F.anchor:not_regex("^a"), "not_regex" },
      { F.anchor:match("seo"), "match" }, { F.anchor:not_match("seo"), "not_match" },
      { F.backlink.attributes:has("ugc"), "has" }, { F.backlink.attributes:has_not("ugc"), "has_not" },
    }
    for _, c in ipairs(cases) do assert.are.equal(c[2], c[1][2]) end
  end)

  it("exposes every anchors item field and map keys", function()
    for name, t in pairs(fields.anchor_item) do
      assert.are.equal(name, F[name].name)
      assert.are.equal(t, F[name].type)
    end
    assert.are.same({ "referring_links_tld.com", ">=", 5 }, F.referring_links_tld:key("com"):ge(5))
    assert.are.same({ "referring_links_tld.com", ">", 5 }, F.field("referring_links_tld.com"):gt(5))
  end)

  it("all / any with one argument return it unchanged, and nest", function()
    local c = F.rank:gt(1)
    assert.are.equal(c, F.all(c))
    assert.are.equal(c, F.any(c))
    assert.are.same({ c, "or", c, "or", c }, F.any(c, c, c))
    assert.is_true(filters.validate(F.all(F.any(c, c), F.all(c, c)), ITEM))
  end)

  it("raises errors that name the misuse", function()
    local function raises(fn, words)
      local ok, err = pcall(fn)
      assert.is_false(ok)
      err = tostring(err)
      for _, w in ipairs(words) do
        assert.truthy(err:find(w, 1, true), ("error %q lacks %q"):format(err, w))
      end
    end
    raises(function() return F.anchr end, { 'unknown anchors item field "anchr"', 'did you mean "anchor"?' })
    raises(function() return F.field("nope") end, { 'unknown anchors item field "nope"' })
    raises(function() return F.backlink.anchr end, { 'unknown backlink field "anchr"' })
    raises(function() return F.backlinks:gt("many") end, { 'backlinks:gt("many")', "must be a finite number" })
    raises(function() return F.anchor:gt("a") end, { 'operator ">" is not valid for string field "anchor"' })
    raises(function() return F.backlinks.gt(5) end, { "with a colon" })
    raises(function() return F.rank:eq() end, { "rank:eq() takes one value" })
    raises(function() return F.rank:eq(nil) end, { "dataforseo.null" })
    raises(function() return F.referring_links_tld:gt(1) end, { "is a map" })
    raises(function() return F.rank:key("x") end, { "not a map field" })
    raises(function() return F.all() end, { "all() needs at least one condition" })
    raises(function() return F.any(F.rank:gt(1), "and") end, { "any() argument #2", '"and"' })
  end)
end)
