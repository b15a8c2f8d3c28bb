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

describe("emulator graph on other dates and over time", function()
  local timeline = require("dataforseo_emulator.timeline")
  local calendar = require("dataforseo_emulator.calendar")
  local SITE = "medium-example.com"
  local base = graph.build(SITE)
  local earlier = graph.build(SITE, calendar.date_of("2022-01-15"))
  local later = graph.build(SITE, calendar.date_of("2025-06-01"))
  local latest = graph.build(SITE, calendar.date_of("2026-01-01"))

  local function ids(G)
    local out = {}
    for i = 1, G.n do out[G.r_id and G.r_id[i] or i] = i end
    return out
  end

  it("is the graph of 2024-07-01 on that date, and only adds rows later", function()
    assert.are.same(base.r_first, graph.build(SITE, graph.NOW).r_first)
    assert.is_true(earlier.n < base.n and base.n < later.n and later.n < latest.n)
    local at_later = ids(later)
    for i = 1, latest.n do
      local id = latest.r_id[i]
      local k = at_later[id]
      if latest.r_first[i] <= later.now then
        assert.is_not_nil(k, "row " .. id .. " came and went")
        assert.are.same({ later.r_dom[k], later.r_anchor[k], later.r_first[k], later.r_to[k] },
          { latest.r_dom[i], latest.r_anchor[i], latest.r_first[i], latest.r_to[i] })
        -- lost by the earlier date: lost on the same day later
        if later.r_lost[k] > 0 then assert.are.equal(later.r_lost[k], latest.r_lost[i]) end
      end
    end
    -- earlier: the base rows first seen by then, live again if lost after
    for i = 1, earlier.n do
      local id = earlier.r_id[i]
      assert.is_true(base.r_first[id] <= earlier.now)
      if base.r_lost[id] > earlier.now then assert.are.equal(0, earlier.r_lost[i]) end
    end
    -- new referring domains after 2024-07-01
    assert.is_true(latest.domains.count > base.domains.count)
  end)

  it("counts a series of every status whose points are the states of the graph", function()
    local rows = aggregate.select(later, SITE, { backlinks_status_type = "all" })
    local periods = timeline.periods(calendar.date_of("2024-01-10"), calendar.date_of("2025-06-01"), "month")
    assert.are.equal(18, #periods)
    local points = timeline.series(later, rows, timeline.bounds(periods), "one_thousand")
    for i, p in ipairs(points) do
      local stop = periods[i].stop + 86399
      local state = aggregate.group_by(later, timeline.live_at(later, rows, stop), false, "one_thousand",
        function() end)[1]
      for _, f in ipairs({ "rank", "backlinks", "referring_domains", "referring_main_domains", "referring_ips",
        "referring_subnets", "referring_pages", "referring_pages_nofollow", "referring_domains_nofollow" }) do
        assert.are.equal(state[f], p[f], f .. " at " .. calendar.format_date(stop))
      end
    end
    local month = timeline.periods(calendar.date_of("2022-03-23"), calendar.date_of("2022-05-13"), "month")
    assert.are.same({ "2022-03-31", "2022-04-30", "2022-05-31" }, { calendar.format_date(month[1].stop),
      calendar.format_date(month[2].stop), calendar.format_date(month[3].stop) })
    local weeks = timeline.periods(calendar.date_of("2024-07-03"), calendar.date_of("2024-07-08"), "week")
    assert.are.same({ "2024-07-01", "2024-07-07", "2024-07-08", "2024-07-14" }, { calendar.format_date(weeks[1].start),
      calendar.format_date(weeks[1].stop), calendar.format_date(weeks[2].start), calendar.format_date(weeks[2].stop) })
  end)
end)
