-- The C decoder: RFC 8259 conformance, integers, errors, limits, and a
-- differential test against lua-cjson on generated documents.
local json = require "dataforseo.json"
local cjson = require "cjson"

local has_integers = math.type ~= nil
local decode = json.decode

local function deep_equal(a, b, path)
  path = path or "$"
  if type(a) ~= type(b) then return false, path .. ": " .. type(a) .. " vs " .. type(b) end
  if type(a) ~= "table" then
    if a == b or (a ~= a and b ~= b) then return true end
    return false, path .. ": " .. tostring(a) .. " vs " .. tostring(b)
  end
  for k, v in pairs(a) do
    local ok, where = deep_equal(v, b[k], path .. "." .. tostring(k))
    if not ok then return false, where end
  end
  for k in pairs(b) do
    if a[k] == nil then return false, path .. "." .. tostring(k) .. " missing" end
  end
  return true
end

local function read_fixture(name)
  local f = assert(io.open("spec/fixtures/" .. name, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

describe("json.decode accepts valid RFC 8259 documents", function()
  it("decodes the RFC's own examples", function()
    local v = assert(decode([[
      {
        "Image": {
            "Width":  800,
            "Height": 600,
            "Title":  "View from 15th Floor",
            "Thumbnail": {
                "Url":    "http://www.example.com/image/481989943",
                "Height": 125,
                "Width":  100
            },
            "Animated" : false,
            "IDs": [116, 943, 234, 38793]
          }
      } ]]))
    assert.equal(800, v.Image.Width)
    assert.equal("View from 15th Floor", v.Image.Title)
    assert.equal("http://www.example.com/image/481989943", v.Image.Thumbnail.Url)
    assert.is_false(v.Image.Animated)
    assert.same({116, 943, 234, 38793}, v.Image.IDs)
    local w = assert(decode([==[[{"precision": "zip", "Latitude": 37.7668, "Longitude": -122.3959,
      "Address": "", "City": "SAN FRANCISCO", "State": "CA", "Zip": "94107", "Country": "US"}]]==]))
    assert.equal(37.7668, w[1].Latitude)
    assert.equal(-122.3959, w[1].Longitude)
    assert.equal("", w[1].Address)
  end)

  it("accepts any value at the top level", function()
    assert.equal("Hello world!", decode('"Hello world!"'))
    assert.equal(42, decode("42"))
    assert.is_true(decode("true"))
    assert.is_false(decode("false"))
    assert.equal(json.null, decode("null"))
  end)

  it("accepts the four whitespace characters everywhere", function()
    local v = assert(decode(' \t\r\n{ \t\r\n"a" \t\r\n: \t\r\n[ 1 , 2 ] \t\r\n} \t\r\n'))
    assert.same({1, 2}, v.a)
  end)

  it("decodes empty containers and nesting", function()
    assert.same({}, decode("[]"))
    assert.same({}, decode("{}"))
    assert.same({{}, {{}}, {a = {}}}, decode('[[],[[]],{"a":{}}]'))
  end)

  it("decodes every escape, surrogate pairs and NUL", function()
    assert.equal('"\\/\b\f\n\r\t', decode([["\"\\\/\b\f\n\r\t"]]))
    assert.equal("\xC3\xA9", decode([["\u00e9"]]))
    assert.equal("\xC3\xA9", decode([["\u00E9"]]))
    assert.equal("\xE2\x82\xAC", decode([["\u20ac"]]))
    assert.equal("\xF0\x9F\x98\x80", decode([["\ud83d\ude00"]]))
    assert.equal("\xF4\x8F\xBF\xBF", decode([["\udbff\udfff"]]))
    local s = decode([["a\u0000b"]])
    assert.equal(3, #s)
    assert.equal("a\0b", s)
    assert.equal("x\0", decode('"x\\u0000"'))
  end)

  it("keeps raw UTF-8 of every length", function()
    local s = "\x7F \xC2\x80 \xDF\xBF \xE0\xA0\x80 \xED\x9F\xBF \xEE\x80\x80 \xEF\xBF\xBF "
        .. "\xF0\x90\x80\x80 \xF4\x8F\xBF\xBF"
    assert.equal(s, decode('"' .. s .. '"'))
    assert.equal("Philanthropy \xC2\xBB ниже 日本語", decode('"Philanthropy \xC2\xBB ниже 日本語"'))
  end)

  it("keeps empty keys and lets the last duplicate key win", function()
    local v = assert(decode('{"":1,"a":2,"a":3}'))
    assert.equal(1, v[""])
    assert.equal(3, v.a)
    local keys = {}
    for i = 1, 100 do keys[#keys + 1] = string.format('"k":%d', i) end
    assert.equal(100, decode("{" .. table.concat(keys, ",") .. "}").k)
  end)

  it("builds large arrays and objects in order", function()
    local parts, members = {}, {}
    for i = 1, 5000 do
      parts[i] = tostring(i * 3)
      members[i] = string.format('"key%d":%d', i, i)
    end
    local arr = assert(decode("[" .. table.concat(parts, ",") .. "]"))
    assert.equal(5000, #arr)
    for i = 1, 5000 do assert.equal(i * 3, arr[i]) end
    local obj = assert(decode("{" .. table.concat(members, ",") .. "}"))
    for i = 1, 5000 do assert.equal(i, obj["key" .. i]) end
  end)
end)

describe("json.decode numbers", function()
  it("makes integers Lua integers on 5.3+ and floats otherwise", function()
    if not has_integers then return pending("no integer subtype on this Lua") end
    assert.equal("integer", math.type(decode("0")))
    assert.equal("integer", math.type(decode("-17")))
    assert.equal("integer", math.type(decode("4186")))
    assert.equal("float", math.type(decode("1.0")))
    assert.equal("float", math.type(decode("1e2")))
    assert.equal("float", math.type(decode("1E+2")))
    assert.equal(math.maxinteger, decode("9223372036854775807"))
    assert.equal("integer", math.type(decode("9223372036854775807")))
    assert.equal(math.mininteger, decode("-9223372036854775808"))
    assert.equal("integer", math.type(decode("-9223372036854775808")))
  end)

  it("never wraps an integer that does not fit", function()
    local v = decode("9223372036854775808")
    assert.equal(9223372036854775808.0, v)
    assert.is_true(v > 0)
    local w = decode("-9223372036854775809")
    assert.is_true(w < 0)
    assert.equal(-9223372036854775809.0, w)
    local big = decode("123456789012345678901234567890")
    assert.equal(1.2345678901234568e29, big)
    if has_integers then
      assert.equal("float", math.type(v))
      assert.equal("float", math.type(big))
    end
  end)

  it("keeps every integer below 2^53 exact on all interpreters", function()
    assert.equal(9007199254740991, decode("9007199254740991"))
    assert.equal(-9007199254740991, decode("-9007199254740991"))
    assert.equal(2147483648, decode("2147483648"))
    assert.equal(4294967296 * 3, decode("12884901888"))
  end)

  it("converts floats exactly like the C library (correct rounding)", function()
    local cases = {
      "0.1", "0.2", "0.3", "1.5", "-2.75", "3.141592653589793", "2.718281828459045",
      "1e-7", "1.7976931348623157e308", "2.2250738585072014e-308", "2.2250738585072011e-308",
      "4.9e-324", "5e-324", "123456789012345.6", "9007199254740993.0", "0.30000000000000004",
      "1.00000000000000011102230246251565404236316680908203125",
      "7.038531e-26", "8.5e-5", "37.7668", "-122.3959", "0.000001", "1e22", "1e23", "1.2e-22",
      "123456789012345678e-5", "0.0000000000000000000000000000001", "1234567890123456789012345e-10",
    }
    for _, s in ipairs(cases) do
      assert.equal(tonumber(s), decode(s), s)
    end
  end)

  it("round-trips random doubles printed with 17 digits", function()
    math.randomseed(42)
    for _ = 1, 20000 do
      local x = (math.random() - 0.5) * 10 ^ math.random(-30, 30)
      local s = string.format("%.17g", x)
      if not s:find("[%.e]") then s = s .. ".0" end
      assert.equal(x, decode(s), s)
      local short = string.format("%.6g", x)
      if short:find("[%.e]") then
        assert.equal(tonumber(short), decode(short), short)
      end
    end
  end)

  it("overflows to infinity and underflows to zero like strtod", function()
    assert.equal(math.huge, decode("1e400"))
    assert.equal(-math.huge, decode("-1e400"))
    assert.equal(0, decode("1e-400"))
    assert.equal(0, decode("0e999999999999"))
  end)

  it("keeps the sign of -0", function()
    local z = decode("-0")
    assert.equal(0, z)
    assert.equal(-math.huge, 1 / z)
    assert.equal(-math.huge, 1 / decode("-0.0"))
  end)
end)

describe("json.decode rejects invalid documents", function()
  local invalid = {
    -- numbers
    "01", "-01", "00", "+1", ".5", "1.", "1.e1", "-", "1e", "1e+", "1E-", "0x10", "0X1F", "1_000",
    "NaN", "-NaN", "Infinity", "-Infinity", "inf", "--1", "1.5.5",
    -- structure
    "[1,]", '{"a":1,}', "[,1]", "{,}", "[1 2]", '{"a" 1}', '{"a":}', "{1:2}", '{"a"}', "[", "{",
    "]", "}", "[1", '{"a":1', "[1]]", '{"a":1}}', "[1] x", "1 2", "", "   ", "\xEF\xBB\xBF1",
    -- literals
    "tru", "nul", "nulll", "True", "NULL", "falsey", "undefined",
    -- comments and quotes
    "/*c*/1", "//c\n1", "1 // c", "# c\n1", "'a'", "['a']", "{'a':1}",
    -- strings
    '"abc', '"\t"', '"\n"', '"a\0b"', '"\\x41"', '"\\a"', '"\\U00e9"', '"\\u12"', '"\\uZZZZ"',
    '"\\u00g0"', '"\\', '"\\"',
    -- lone surrogates cannot become valid UTF-8
    '"\\ud800"', '"\\udc00"', '"\\ud800\\u0041"', '"\\ud800x"',
    -- invalid UTF-8
    '"\x80"', '"\xBF"', '"\xC0\x80"', '"\xC1\xBF"', '"\xE0\x80\x80"', '"\xE0\x9F\xBF"',
    '"\xED\xA0\x80"', '"\xED\xBF\xBF"', '"\xF0\x80\x80\x80"', '"\xF0\x8F\xBF\xBF"',
    '"\xF4\x90\x80\x80"', '"\xF5\x80\x80\x80"', '"\xFF"', '"\xFE"', '"\xC3"', '"\xE2\x82"',
    '"\xF0\x9F\x98"', '"\xC3\x28"', '"\xE2\x28\xA1"',
  }
  for _, doc in ipairs(invalid) do
    it(string.format("%q", doc), function()
      local v, err, pos = decode(doc)
      assert.is_nil(v)
      assert.is_string(err)
      assert.is_number(pos)
      assert.truthy(pos >= 1 and pos <= #doc + 1, "position in range")
      assert.matches("line %d+, column %d+ %(byte " .. pos, err)
    end)
  end

  it("names the problem and its place", function()
    local _, err, pos = decode('{"a": [1, 2,\n  3,, 4]}')
    assert.equal(18, pos)
    assert.equal("unexpected character at line 2, column 5 (byte 18, found ',')", err)
    _, err, pos = decode("[1, 2")
    assert.equal(6, pos)
    assert.matches("unterminated array", err)
    assert.matches("end of input", err)
    _, err = decode("01")
    assert.matches("leading zeros", err)
    _, err, pos = decode('["ok", "bad \xC3\x28"]')
    assert.matches("invalid UTF%-8", err)
    assert.equal(13, pos)
    _, err = decode('"a\\qb"')
    assert.matches("invalid escape", err)
    _, err = decode('"tab\there"')
    assert.matches("control character", err)
    _, err = decode("[1] [2]")
    assert.matches("unexpected data after the JSON value", err)
    _, err = decode('"\\ud800"')
    assert.matches("surrogate", err)
  end)

  it("returns instead of raising, and raises only for wrong argument types", function()
    assert.has_no.errors(function() decode("{{{{") end)
    assert.has_error(function() decode(nil) end)
    assert.has_error(function() decode(42) end)
    assert.has_error(function() decode({}) end)
    assert.has_error(function() decode("1", "x") end)
    assert.has_error(function() decode("1", { max_depth = "deep" }) end)
    assert.has_error(function() decode("1", { max_depth = 0 }) end)
    assert.has_error(function() decode("1", { null_as_nil = 1 }) end)
  end)
end)

describe("json.decode limits", function()
  it("returns an error for 100,000 levels of nesting", function()
    local deep = string.rep("[", 100000) .. string.rep("]", 100000)
    local v, err = decode(deep)
    assert.is_nil(v)
    assert.matches("max_depth", err)
    local objs = string.rep('{"a":', 100000) .. "1" .. string.rep("}", 100000)
    v, err = decode(objs)
    assert.is_nil(v)
    assert.matches("max_depth", err)
  end)

  it("allows exactly max_depth levels (default 1000, configurable)", function()
    assert.is_table(decode(string.rep("[", 1000) .. string.rep("]", 1000)))
    assert.is_nil(decode(string.rep("[", 1001) .. string.rep("]", 1001)))
    assert.is_table(decode("[[[[[1]]]]]", { max_depth = 5 }))
    local v, err = decode("[[[[[[1]]]]]]", { max_depth = 5 })
    assert.is_nil(v)
    assert.matches("max_depth", err)
    assert.is_table(decode(string.rep("[", 3000) .. string.rep("]", 3000), { max_depth = 3000 }))
  end)

  it("survives wide and deep documents together", function()
    -- 64 siblings waiting on the stack at each of 200 levels
    local open = string.rep("[" .. string.rep("1,", 64), 200)
    local doc = open .. "0" .. string.rep("]", 200)
    local v = assert(decode(doc))
    local depth = 0
    while type(v) == "table" do depth = depth + 1; v = v[65] end
    assert.equal(200, depth)
  end)
end)

describe("json.decode nulls", function()
  it("uses the NULL light userdata, equal to cjson.null", function()
    local v = decode('[null,{"a":null}]')
    assert.equal(json.null, v[1])
    assert.equal(cjson.null, v[1])
    assert.equal(json.null, v[2].a)
    assert.equal("userdata", type(json.null))
  end)

  it("turns nulls into absent keys and nil with null_as_nil", function()
    local v = decode('{"a":null,"b":[1,null,3],"c":1}', { null_as_nil = true })
    assert.is_nil(v.a)
    assert.is_nil(v.b[2])
    assert.equal(3, v.b[3])
    assert.equal(1, v.c)
    local n = 0
    for _ in pairs(v) do n = n + 1 end
    assert.equal(2, n)
    assert.is_nil(decode("null", { null_as_nil = true }))
    -- the last duplicate still wins, null included
    local d = decode('{"a":1,"a":null,"b":null,"b":2}', { null_as_nil = true })
    assert.is_nil(d.a)
    assert.equal(2, d.b)
    local keys = {}
    for i = 1, 70 do keys[i] = string.format('"k%d":%d', i, i) end   -- past the stack batch
    local big = decode("{" .. table.concat(keys, ",") .. ',"k1":null,"k70":null}', { null_as_nil = true })
    assert.is_nil(big.k1)
    assert.is_nil(big.k70)
    assert.equal(2, big.k2)
  end)
end)

describe("json.decode on the documented anchors/live example response", function()
  it("decodes the documented values with integers", function()
    local r = assert(decode(read_fixture("anchors-live-example-response.json")))
    assert.equal(20000, r.status_code)
    assert.equal("Ok.", r.status_message)
    assert.equal(0.02012, r.cost)
    assert.equal(1, r.tasks_count)
    local task = r.tasks[1]
    assert.equal("09291840-1535-0272-0000-7977cbcf0524", task.id)
    assert.same({"v3", "backlinks", "anchors", "live"}, task.path)
    assert.same({"anchor", "like", "%news%"}, task.data.filters)
    local result = task.result[1]
    assert.equal(83736, result.total_count)
    assert.equal(4, result.items_count)
    local items = result.items
    assert.equal(4, #items)
    assert.equal("news", items[1].anchor)
    assert.equal(4186, items[1].backlinks)
    assert.equal(json.null, items[1].lost_date)
    assert.equal(10, items[1].referring_links_tld[""])
    assert.equal("More news from Forbes\xC2\xBB", items[3].anchor)
    assert.equal(json.null, items[3].referring_links_attributes)
    assert.equal(0, items[4].rank)
    if has_integers then
      assert.equal("integer", math.type(result.total_count))
      assert.equal("integer", math.type(items[2].referring_pages_nofollow))
      assert.equal("float", math.type(r.cost))
    end
  end)
end)

-- A tiny encoder of our own for generated documents (cjson would escape
-- "/" and reorder nothing; either is fine, both decoders read the text).
local function encode(v, out)
  local t = type(v)
  if t == "table" then
    if v[1] ~= nil or next(v) == nil then
      out[#out + 1] = "["
      for i = 1, #v do
        if i > 1 then out[#out + 1] = "," end
        encode(v[i], out)
      end
      out[#out + 1] = "]"
    else
      out[#out + 1] = "{"
      local first = true
      for k, x in pairs(v) do
        if not first then out[#out + 1] = "," end
        first = false
        encode(k, out)
        out[#out + 1] = ":"
        encode(x, out)
      end
      out[#out + 1] = "}"
    end
  elseif t == "string" then
    out[#out + 1] = '"' .. v:gsub('[%c"\\]', function(c)
      return string.format("\\u%04x", c:byte())
    end) .. '"'
  elseif t == "number" then
    if v == math.floor(v) and math.abs(v) < 2 ^ 53 then
      out[#out + 1] = string.format("%d", v)
    else
      out[#out + 1] = string.format("%.17g", v)
    end
  elseif v == json.null then
    out[#out + 1] = "null"
  else
    out[#out + 1] = tostring(v)
  end
end

local words = { "", "news", "Forbes", "a/b", 'say "hi"', "tab\there", "ünïcödé", "日本語", "\xF0\x9F\x98\x80",
  "back\\slash", "line\nbreak", "%news%" }

local function generate(depth)
  local r = math.random(depth > 4 and 6 or 8)
  if r == 1 then return math.random(-2 ^ 40, 2 ^ 40) end
  if r == 2 then return (math.random() - 0.5) * 10 ^ math.random(-20, 20) end
  if r == 3 then return words[math.random(#words)] .. tostring(math.random(100)) end
  if r == 4 then return math.random(2) == 1 end
  if r == 5 then return json.null end
  if r == 6 then return words[math.random(#words)] end
  if r == 7 then
    local a = {}
    for i = 1, math.random(0, 12) do a[i] = generate(depth + 1) end
    return a
  end
  local o = {}
  for _ = 1, math.random(1, 12) do o[words[math.random(#words)] .. math.random(9)] = generate(depth + 1) end
  return o
end

describe("json.decode agrees with lua-cjson", function()
  it("on 2,000 generated documents", function()
    math.randomseed(7)
    for n = 1, 2000 do
      local out = {}
      encode(generate(0), out)
      local text = table.concat(out)
      local ours = decode(text)
      local theirs = cjson.decode(text)
      local ok, where = deep_equal(ours, theirs)
      assert(ok, "document " .. n .. " differs at " .. tostring(where) .. ": " .. text)
    end
  end)

  it("on the documented example response", function()
    local text = read_fixture("anchors-live-example-response.json")
    assert.is_true(deep_equal(decode(text), cjson.decode(text)))
  end)
end)

-- The decoder keeps the keys it has seen (per Lua state, across decodes:
-- src/json.c's key cache); a key must come back as itself whatever the
-- cache held, and the strings it keeps must outlive collections.
describe("json.decode and the keys it keeps", function()
  it("gives every key its own value across documents, collisions and collections", function()
    local keys = {}
    for i = 1, 3000 do keys[i] = ("k%d"):format(i) .. string.rep("x", i % 45) end   -- 2 to 48 bytes
    for round = 1, 3 do
      local parts = {}
      for i = 1, #keys do parts[i] = ('"%s":%d'):format(keys[i], i * round) end
      local t = decode("{" .. table.concat(parts, ",") .. "}")
      collectgarbage()
      collectgarbage()
      local n = 0
      for _ in pairs(t) do n = n + 1 end
      assert.equal(#keys, n)
      for i, k in ipairs(keys) do
        if t[k] ~= i * round then error(("round %d: %s is %s"):format(round, k, tostring(t[k]))) end
      end
    end
  end)

  it("treats escaped, empty and binary keys like any other", function()
    for _ = 1, 2 do
      local t = decode('{"":1,"a\\u0062":2,"ab":3,"\\u0000":4,"x\\"y":5,"\195\169":6}')
      assert.same({ [""] = 1, ab = 3, ["\0"] = 4, ['x"y'] = 5, ["\195\169"] = 6 }, t)
      assert.same({ { [""] = { a = 1 } }, { [""] = { a = 2 } } }, decode('[{"":{"a":1}},{"":{"a":2}}]'))
    end
  end)
end)
