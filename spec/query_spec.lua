-- The chainable query builder: the params table it builds, immutability,
-- fetch delegation and the errors raised on misuse.
local query = require "dataforseo.query.builder"
local F = require "dataforseo.query.filters"

describe("query builder", function()
  it("builds the documented request", function()
    local q = query.new("forbes.com"):where(F.anchor:like("%news%")):order_by("backlinks", "desc"):limit(4)
    assert.are.same({ target = "forbes.com", limit = 4, order_by = { "backlinks,desc" },
                      filters = { "anchor", "like", "%news%" } }, q:params())
    local task, problem = q:validate()
    assert.is_table(task, problem and problem.message)
  end)

  it("joins where() conditions with and, keeping groups nested", function()
    local q = query.new("forbes.com")
      :where(F.first_seen:gt("2017-10-23 11:31:45 +00:00"))
      :where(F.any(F.anchor:like("%seo%"), F.referring_domains:gt(10)))
    assert.are.same({ { "first_seen", ">", "2017-10-23 11:31:45 +00:00" }, "and",
                      { { "anchor", "like", "%seo%" }, "or", { "referring_domains", ">", 10 } } },
                    q:params().filters)
    local q2 = query.new("forbes.com"):where({ "broken_pages", ">", 2 }, { "backlinks", ">", 10 })
    assert.are.same({ { "broken_pages", ">", 2 }, "and", { "backlinks", ">", 10 } }, q2:params().filters)
  end)

  it("builds backlinks_filters, offsets and other fields", function()
    local p = query.new("forbes.com")
      :backlinks_where(F.backlink.dofollow:eq(true))
      :offset(200):set("tag", "t1"):set("rank_scale", "one_hundred")
      :order_by("rank,asc"):order_by("referring_links_tld.com")
      :params()
    assert.are.same({ target = "forbes.com", offset = 200, tag = "t1", rank_scale = "one_hundred",
                      backlinks_filters = { "dofollow", "=", true },
                      order_by = { "rank,asc", "referring_links_tld.com,asc" } }, p)
  end)

  it("set() replaces filters and order_by built so far, nil removes a field", function()
    local q = query.new("forbes.com"):where(F.rank:gt(1)):order_by("rank", "desc"):set("tag", "x")
    local p = q:set("filters", { "backlinks", ">", 5 }):set("order_by", { "backlinks,asc" }):set("tag", nil):params()
    assert.are.same({ target = "forbes.com", filters = { "backlinks", ">", 5 }, order_by = { "backlinks,asc" } }, p)
    assert.is_nil(q:set("filters", nil):params().filters)
  end)

  it("is immutable: each method returns a new query", function()
    local base = query.new("forbes.com"):limit(10)
    local news = base:where(F.anchor:like("%news%"))
    local sorted = base:order_by("rank", "desc")
    assert.are.same({ target = "forbes.com", limit = 10 }, base:params())
    assert.are.same({ target = "forbes.com", limit = 10, filters = { "anchor", "like", "%news%" } }, news:params())
    assert.are.same({ target = "forbes.com", limit = 10, order_by = { "rank,desc" } }, sorted:params())
    assert.are_not.equal(base:params(), base:params())
  end)

  it("fetch() calls fetch(params, ...) and returns what it returns", function()
    local seen
    local q = query.new("forbes.com", function(params, a, b)
      seen = { params = params, a = a, b = b }
      return "page", nil
    end):limit(3)
    local page, err = q:fetch("x", 2)
    assert.are.equal("page", page)
    assert.is_nil(err)
    assert.are.same({ params = { target = "forbes.com", limit = 3 }, a = "x", b = 2 }, seen)
  end)

  it("prints its target", function()
    assert.are.equal("dataforseo.query(forbes.com)", tostring(query.new("forbes.com")))
  end)

  it("leaves request validation to validate(), which reports problems", function()
    local task, problem = query.new("www.forbes.com"):limit(5000):validate()
    assert.is_nil(task)
    assert.are.equal("target", problem.field)
  end)

  it("raises on misuse, naming it", function()
    local function raises(fn, words)
      local ok, err = pcall(fn)
      assert.is_false(ok)
      assert.truthy(tostring(err):find(words, 1, true), ("error %q lacks %q"):format(tostring(err), words))
    end
    local q = query.new("forbes.com")
    raises(function() query.new("forbes.com", 42) end, "fetch must be a function")
    raises(function() q:fetch() end, "no fetch function")
    raises(function() q:where() end, "where() needs at least one condition")
    raises(function() q:where("rank > 1") end, "where() argument #1 is a string")
    raises(function() q:backlinks_where(5) end, "backlinks_where() argument #1 is a number")
    raises(function() q:order_by("rnk", "desc") end, 'unknown field "rnk" (did you mean "rank"?)')
    raises(function() q:order_by("referring_links_tld") end, "is a map")
    raises(function() q:order_by("rank", "down") end, 'direction must be "asc" or "desc"')
    raises(function() q:order_by(5) end, "field must be a string")
    raises(function() q:order_by("rank"):order_by("backlinks"):order_by("anchor"):order_by("broken_pages") end,
      "at most 3 sorting rules")
    raises(function() q:limit("10") end, "limit() needs a number")
    raises(function() q:offset(nil) end, "offset() needs a number")
    raises(function() q:set(5, 1) end, "set() field name must be a string")
  end)
end)
