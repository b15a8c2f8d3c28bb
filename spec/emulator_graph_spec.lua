-- The emulator's synthetic data, checked directly (no server): fixed
-- targets have the documented sizes, data is deterministic, and every
-- kind of link the tests rely on exists.
dofile("spec/support/emulator.lua")
local graph = require("dataforseo_emulator.graph")
local aggregate = require("dataforseo_emulator.aggregate")
local targets = require("dataforseo_emulator.targets")
local filter = require("dataforseo_emulator.filter")

local function distinct_anchors(G, rows)
  local seen, n = {}, 0
  for _, i in ipairs(rows) do
    local a = G.r_anchor[i]
    if not seen[a] then seen[a] = true; n = n + 1 end
  end
  return n
end

local function all_rows(G)
  local rows = {}
  for i = 1, G.n do rows[i] = i end
  return rows
end

describe("emulator graph", function()
  local big
  setup(function() big = graph.build("big-example.com") end)

  it("gives the large target at least 100,000 backlinks and 20,000 distinct anchors", function()
    assert.is_true(big.n >= 100000)
    assert.is_true(distinct_anchors(big, all_rows(big)) >= 20000)
    -- Also with the default narrowing (live, no internal links).
    local rows = aggregate.select(big, "big-example.com", {})
    assert.is_true(#rows >= 80000)
    assert.is_true(distinct_anchors(big, rows) >= 20000)
  end)

  it("gives the small target fewer than 10 anchors and the empty one none", function()
    local small = graph.build("small-example.com")
    assert.is_true(small.n > 0)
    local n = distinct_anchors(small, all_rows(small))
    assert.is_true(n >= 2 and n < 10)
    assert.are.equal(0, graph.build("empty-example.com").n)
  end)

  it("is deterministic and differs between sites", function()
    local a, b = graph.build("some-site.net"), graph.build("some-site.net")
    assert.are.equal(a.n, b.n)
    for i = 1, a.n, 7 do
      assert.are.equal(a.r_anchor[i], b.r_anchor[i])
      assert.are.equal(a:row_table(i).url_from, b:row_table(i).url_from)
    end
    local c = graph.build("other-site.net")
    assert.are_not.equal(a.n .. ":" .. (a.r_anchor[1] or 0), c.n .. ":" .. (c.r_anchor[1] or 0))
  end)

  it("maps subdomain and page targets onto the site's graph", function()
    assert.are.equal("big-example.com", targets.parse("blog.big-example.com").site)
    local page = targets.parse("https://big-example.com/page")
    assert.are.equal("page", page.kind)
    assert.are.equal("big-example.com", page.site)
    local all = #aggregate.select(big, "big-example.com", {})
    local blog = #aggregate.select(big, "blog.big-example.com", {})
    local url = #aggregate.select(big, "https://big-example.com/page", {})
    assert.is_true(blog > 0 and blog < all)
    assert.is_true(url > 0 and url < all)
    local no_sub = #aggregate.select(big, "big-example.com", { include_subdomains = false })
    assert.is_true(no_sub < all)
  end)

  it("contains every kind of link the tests need", function()
    local seen = {}
    for i = 1, big.n do
      local r = big:row_table(i)
      if r.anchor == "" then seen.empty = true end
      if r.anchor:find("[\128-\255]") then seen.non_ascii = true end
      if r.is_lost then seen.lost = true end
      if r.is_broken then seen.broken = true end
      if not r.dofollow then seen.nofollow = true end
      if r.item_type == "image" then seen.image = true end
      if r.is_indirect_link then seen.indirect = true end
      if big.domains.internal[big.r_dom[i]] then seen.internal = true end
      if i > 20000 then break end
    end
    for _, kind in ipairs({ "empty", "non_ascii", "lost", "broken", "nofollow", "image", "indirect", "internal" }) do
      assert.is_true(seen[kind] == true, "no " .. kind .. " link generated")
    end
  end)

  it("offers every backlink field of the schema with its type", function()
    local r = big:row_table(5)
    local lost_row
    for i = 1, big.n do if big.r_lost[i] > 0 then lost_row = i; break end end
    for name, ftype in pairs(filter.BACKLINK_FIELDS) do
      assert.is_not_nil(graph.row_getters[name], "no getter for " .. name)
      local v = r[name]
      if v ~= nil then
        local want = ({ str = "string", time = "string", num = "number", bool = "boolean", array = "table" })[ftype]
        assert.are.equal(want, type(v), name)
      end
    end
    assert.is_true(big:row_table(lost_row).is_lost)
    assert.matches("^%d%d%d%d%-%d%d%-%d%d %d%d:%d%d:%d%d %+00:00$", r.first_seen)
  end)

  it("computes group fields consistently", function()
    local G = graph.build("medium-example.com")
    local rows = aggregate.select(G, "medium-example.com", { backlinks_status_type = "all" })
    local items = aggregate.group(G, rows, "one_thousand")
    local total = 0
    for _, it in ipairs(items) do
      total = total + it.backlinks
      assert.is_true(it.referring_pages <= it.backlinks)
      assert.is_true(it.referring_domains <= it.referring_pages)
      assert.is_true(it.referring_main_domains <= it.referring_domains)
      assert.is_true(it.referring_domains_nofollow <= it.referring_domains)
      assert.is_true(it.broken_backlinks <= it.backlinks)
      assert.is_true(it.rank >= 0 and it.rank <= 1000)
      local types = 0
      for _, n in pairs(it.referring_links_types) do types = types + n end
      assert.is_true(types >= it.referring_pages)
      local countries = 0
      for _, n in pairs(it.referring_links_countries) do countries = countries + n end
      assert.are.equal(it.referring_pages, countries)
    end
    assert.are.equal(#rows, total)
  end)
end)
