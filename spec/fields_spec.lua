-- Field schemas: the documented names and types, dotted map fields, and the
-- "did you mean" suggestions used in validation messages.
local fields = require "dataforseo.api.fields"

local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

describe("fields.anchor_item", function()
  it("lists the documented anchors item fields with their filter types", function()
    local s = fields.anchor_item
    assert.are.equal(22, count(s))
    assert.are.equal("str", s.anchor)
    assert.are.equal("time", s.first_seen)
    assert.are.equal("time", s.lost_date)
    for _, name in ipairs({ "rank", "backlinks", "backlinks_spam_score", "broken_backlinks",
      "broken_pages", "referring_domains", "referring_domains_nofollow",
      "referring_main_domains", "referring_main_domains_nofollow", "referring_ips",
      "referring_subnets", "referring_pages", "referring_pages_nofollow" }) do
      assert.are.equal("num", s[name], name)
    end
    for _, name in ipairs({ "referring_links_tld", "referring_links_types",
      "referring_links_attributes", "referring_links_platform_types",
      "referring_links_semantic_locations", "referring_links_countries" }) do
      assert.are.equal("map", s[name], name)
    end
  end)

  it("covers every field of the documented example item except type", function()
    local f = assert(io.open("spec/fixtures/anchors-live-example-response.json", "rb"))
    local body = f:read("*a")
    f:close()
    local item = body:match('"items": %[%s*(%b{})')
    assert.is_string(item)
    local seen = 0
    for key in item:gmatch('\n%s%s%s%s%s%s%s%s%s%s%s%s%s%s"([%w_]+)":') do
      if key ~= "type" then
        assert.is_string(fields.anchor_item[key], key)
        seen = seen + 1
      end
    end
    assert.are.equal(22, seen)
  end)
end)

describe("fields.backlink", function()
  it("lists the backlink fields usable in backlinks_filters", function()
    local s = fields.backlink
    assert.are.equal(45, count(s))
    assert.are.equal("bool", s.dofollow)
    assert.are.equal("time", s.first_seen)
    assert.are.equal("time", s.prev_seen)
    assert.are.equal("time", s.last_seen)
    assert.are.equal("num", s.domain_from_rank)
    assert.are.equal("str", s.url_from)
    assert.are.equal("array", s.attributes)
    assert.are.equal("array", s.domain_from_platform_type)
  end)
end)

describe("fields.lookup", function()
  it("returns the type of a plain field and nil for unknown names", function()
    assert.are.equal("num", fields.lookup(fields.anchor_item, "backlinks"))
    assert.is_nil(fields.lookup(fields.anchor_item, "backlink"))
    assert.is_nil(fields.lookup(fields.anchor_item, 42))
    assert.are.equal("bool", fields.lookup(fields.backlink, "dofollow"))
  end)

  it("addresses map keys with a dot, any key including the empty one", function()
    assert.are.same({ "num", "referring_links_tld", "com" },
      { fields.lookup(fields.anchor_item, "referring_links_tld.com") })
    assert.are.same({ "num", "referring_links_tld", "co.uk" },
      { fields.lookup(fields.anchor_item, "referring_links_tld.co.uk") })
    assert.are.same({ "num", "referring_links_countries", "" },
      { fields.lookup(fields.anchor_item, "referring_links_countries.") })
    assert.are.equal("map", fields.lookup(fields.anchor_item, "referring_links_types"))
  end)

  it("does not take dots after fields that are not maps", function()
    assert.is_nil(fields.lookup(fields.anchor_item, "anchor.x"))
    assert.is_nil(fields.lookup(fields.backlink, "attributes.nofollow"))
  end)
end)

describe("fields.suggest", function()
  it("suggests the closest name for a typo", function()
    assert.are.equal("limit", fields.suggest("lmit", { "limit", "offset", "target" }))
    assert.are.equal("anchor", fields.suggest("anchr", fields.anchor_item))
    assert.are.equal("referring_domains", fields.suggest("refering_domains", fields.anchor_item))
    assert.are.equal("backlinks", fields.suggest("Backlinks", fields.anchor_item))
  end)

  it("suggests nothing when no name is close", function()
    assert.is_nil(fields.suggest("zzzzzz", fields.anchor_item))
    assert.is_nil(fields.suggest("x", { "limit" }))
    assert.is_nil(fields.suggest(nil, { "limit" }))
  end)

  it("breaks ties alphabetically", function()
    assert.are.equal("ab", fields.suggest("aa", { "ba", "ab" }))
  end)

end)

describe("fields.from_api and fields.listed", function()
  it("reads the API's list: types, maps spelled out or as name.*, unknown types", function()
    local api = fields.from_api({ anchor = "str", backlinks = "num", first_seen = "time", dofollow = "bool",
      attributes = "array.str", ["referring_links_tld.*"] = "num", ["referring_links_types.anchor"] = "num",
      ["meta.social_media_tags.*"] = "str", odd = "vector" })
    assert.same({ "str" }, { fields.lookup(api, "anchor") })
    assert.equal("array", fields.lookup(api, "attributes"))
    assert.equal("num", fields.lookup(api, "referring_links_tld.com"))
    assert.equal("num", fields.lookup(api, "referring_links_types.anchor"))
    assert.equal("str", fields.lookup(api, "meta.social_media_tags.og:type"))
    assert.equal("any", fields.lookup(api, "odd"))
    assert.is_true(fields.listed(api, "1.backlinks"))      -- an intersection's prefixed name
    assert.is_false(fields.listed(api, "nothing"))
    assert.is_false(fields.listed(nil, "anchor"))
  end)
end)

describe("intersection schemas", function()
  it("take a target key 1..20 before the per-target fields, and their plain fields", function()
    local s = fields.domain_intersection_item
    assert.equal("num", fields.lookup(s, "1.backlinks"))
    assert.equal("num", fields.lookup(s, "20.referring_links_tld.com"))
    assert.equal("num", fields.lookup(s, "intersections_count"))
    assert.is_nil(fields.lookup(s, "21.backlinks"))
    assert.is_nil(fields.lookup(s, "0.backlinks"))
    assert.is_nil(fields.lookup(s, "backlinks"))
    assert.equal("bool", fields.lookup(fields.page_intersection_item, "3.dofollow"))
    assert.equal("1.backlinks", fields.suggest_field(s, "1.backlnks"))
    assert.equal("referring_links_tld.com", fields.suggest_field(fields.anchor_item, "referring_link_tld.com"))
  end)
end)
