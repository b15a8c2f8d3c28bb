-- Output writers: JSON text, CSV (RFC 4180, parsed back here), JSON lines,
-- the terminal table and the progress line.
local output = require "dataforseo_cli.output"
local ANCHOR_FIELDS = require("dataforseo.api").get("anchors").item_fields
local ojson = require "dataforseo.json_writer"
local otable = require "dataforseo_cli.output.table"
local progress = require "dataforseo_cli.progress"
local json = require "dataforseo.json"
local helpers = dofile("spec/support/helpers.lua")

local sink, parse_csv = helpers.sink, helpers.parse_csv

local null = json.null

local function sample_items()
    return {
        {
            type = "backlinks_anchor", anchor = 'He said "hi", then\r\nleft', rank = 277,
            backlinks = 4186, first_seen = "2019-01-16 05:58:32 +00:00", lost_date = null,
            referring_domains = 835,
            referring_links_tld = { com = 1931, [""] = 10, ["co.uk"] = 12 },
            referring_links_attributes = null,
        },
        {
            type = "backlinks_anchor", anchor = null, rank = 0, backlinks = 2 ^ 40,
            first_seen = "2020-02-02 00:00:00 +00:00", lost_date = "2021-01-01 00:00:00 +00:00",
            referring_domains = 1, referring_links_tld = {}, referring_links_attributes = {},
        },
        {
            type = "backlinks_anchor", anchor = "", rank = 5, backlinks = 7,
            first_seen = "2020-02-02 00:00:00 +00:00", lost_date = null, referring_domains = 2,
            referring_links_tld = { org = 2 }, referring_links_attributes = { nofollow = 1 },
        },
    }
end

describe("json_writer (output)", function()
    it("writes integers as integers and other numbers in the fewest digits", function()
        assert.equal("4186", ojson.number(4186))
        assert.equal("1099511627776", ojson.number(2 ^ 40))
        assert.equal("0.02012", ojson.number(0.02012))
        assert.equal("0.1", ojson.number(0.1))
        assert.equal("-3", ojson.number(-3.0))
        assert.equal("null", ojson.number(0 / 0))
        assert.equal("null", ojson.number(math.huge))
        assert.equal(0.1 + 0.2, tonumber(ojson.number(0.1 + 0.2)))
    end)

    it("escapes what JSON requires and leaves / and UTF-8 alone", function()
        assert.equal([["a\"b\\c\n\t\u0001/é"]], ojson.quote('a"b\\c\n\t\1/é'))
        local s = 'x"\\\0\31/\226\130\172'
        assert.equal(s, json.decode(ojson.quote(s)))
    end)

    it("keeps the documented key order, largest counts first in maps, [] for empty arrays", function()
        local text = ojson.encode({
            tasks = { { id = "t", status_code = 20000, result = { { items = {}, total_count = 0 } } } },
            version = "v", status_code = 20000,
        })
        assert.equal('{"version":"v","status_code":20000,"tasks":[{"id":"t","status_code":20000,'
            .. '"result":[{"total_count":0,"items":[]}]}]}', text)
        local item = ojson.encode(sample_items()[1])
        assert.truthy(item:find('^{"type":"backlinks_anchor","anchor":'))
        assert.truthy(item:find('"referring_links_tld":{"com":1931,"co.uk":12,"":10}', 1, true))
        assert.truthy(item:find('"lost_date":null', 1, true))
    end)

    it("reads back to the same value", function()
        for _, item in ipairs(sample_items()) do
            local back = assert(json.decode(ojson.encode(item)))
            assert.same(item, back)
        end
        local pretty = ojson.encode(sample_items()[1], { indent = "  " })
        assert.truthy(pretty:find('\n  "anchor": ', 1, true))
        assert.same(sample_items()[1], json.decode(pretty))
    end)
end)

describe("output csv", function()
    it("is RFC 4180: header, CRLF, quoted fields, maps as JSON, null as empty", function()
        local h = sink()
        local w = output.new("csv", h)
        local items = sample_items()
        w:items({ items[1] })
        w:items({ items[2], items[3] })
        w:close()
        local text = h:text()
        assert.equal("\r\n", text:sub(-2))
        local records = parse_csv(text)
        assert.equal(4, #records)
        assert.same(ANCHOR_FIELDS, records[1])
        local col = {}
        for i, name in ipairs(records[1]) do col[name] = i end
        for r = 2, 4 do
            local item, rec = items[r - 1], records[r]
            assert.equal(#ANCHOR_FIELDS, #rec)
            for _, name in ipairs(ANCHOR_FIELDS) do
                local v, cell = item[name], rec[col[name]]
                if v == nil or v == null then
                    assert.equal("", cell)
                elseif type(v) == "table" then
                    assert.same(v, json.decode(cell))
                elseif type(v) == "number" then
                    assert.equal(v, tonumber(cell))
                else
                    assert.equal(v, cell)
                end
            end
        end
        assert.equal('He said "hi", then\r\nleft', records[2][col.anchor])
        assert.equal("{}", records[3][col.referring_links_tld])
    end)

    it("writes only the header for no items, and the chosen fields in their order", function()
        local h = sink()
        local w = output.new("csv", h, { fields = { "backlinks", "referring_links_tld.co.uk", "anchor" } })
        w:close()
        assert.equal("backlinks,referring_links_tld.co.uk,anchor\r\n", h:text())
        h = sink()
        w = output.new("csv", h, { fields = { "backlinks", "referring_links_tld.co.uk", "anchor" } })
        w:items(sample_items())
        w:close()
        local records = parse_csv(h:text())
        assert.same({ "4186", "12", 'He said "hi", then\r\nleft' }, records[2])
        assert.same({ "1099511627776", "0", "" }, records[3])  -- a missing map key counts 0
        assert.same({ "7", "0", "" }, records[4])
    end)
end)

describe("output jsonl", function()
    it("writes one whole item per line", function()
        local h = sink()
        local w = output.new("jsonl", h)
        w:items(sample_items())
        local lines = {}
        for line in h:text():gmatch("([^\n]*)\n") do lines[#lines + 1] = line end
        assert.equal(3, #lines)
        for i, line in ipairs(lines) do assert.same(sample_items()[i], json.decode(line)) end
    end)

    it("writes the chosen fields in the given order", function()
        local h = sink()
        local w = output.new("jsonl", h, { fields = { "rank", "anchor", "referring_links_tld.com" } })
        w:items({ sample_items()[1], sample_items()[2] })
        assert.equal('{"rank":277,"anchor":"He said \\"hi\\", then\\r\\nleft","referring_links_tld.com":1931}\n'
            .. '{"rank":0,"anchor":null,"referring_links_tld.com":0}\n', h:text())
    end)
end)

describe("output.check_fields", function()
    it("accepts item fields and map keys, refuses the rest with a suggestion", function()
        assert.same({ "anchor", "referring_links_tld.com" },
            output.check_fields({ "anchor", "referring_links_tld.com" }))
        local ok, msg = output.check_fields({ "anchor", "backlink" })
        assert.is_nil(ok)
        assert.truthy(msg:find("unknown field 'backlink'", 1, true))
        assert.truthy(msg:find("did you mean 'backlinks'", 1, true))
        ok, msg = output.check_fields({ "rank", "rank" })
        assert.is_nil(ok)
        assert.truthy(msg:find("twice", 1, true))
        ok = output.check_fields({ "anchor.x" })
        assert.is_nil(ok)
    end)
end)

describe("output table", function()
    local function lines_of(text)
        local out = {}
        for line in text:gmatch("([^\n]*)\n") do out[#out + 1] = line end
        return out
    end

    it("aligns columns, right-aligns numbers, shows dates, empty and null anchors", function()
        local h = sink()
        local w = output.new("table", h, { width = 100 })
        w:items(sample_items())
        w:close()
        local lines = lines_of(h:text())
        assert.equal(5, #lines)
        assert.truthy(lines[1]:find("^anchor%s+backlinks%s+referring_domains%s+rank%s+first_seen$"))
        assert.truthy(lines[2]:find("^%-+  %-+  %-+  %-+  %-+$"))
        -- line breaks in an anchor are shown as escapes (printable.escape)
        assert.truthy(lines[3]:find('He said "hi", then\\r\\nleft', 1, true), lines[3])
        assert.truthy(lines[3]:find("2019%-01%-16$"))
        assert.truthy(lines[4]:find("^%(null%)"))
        assert.truthy(lines[5]:find("^%(empty%)"))
        -- numbers end at the same column as their header
        local header_end = select(2, lines[1]:find("backlinks"))
        local value_end = select(2, lines[3]:find("4186"))
        assert.equal(header_end, value_end)
    end)

    it("fits the terminal width by shortening text, counting wide characters as two", function()
        local items = {
            { anchor = string.rep("long anchor text ", 10), backlinks = 1, referring_domains = 1,
              rank = 1, first_seen = "2020-01-01 00:00:00 +00:00" },
            { anchor = "\230\151\165\230\156\172\232\170\158\230\151\165\230\156\172\232\170\158"
                .. "\230\151\165\230\156\172\232\170\158\230\151\165\230\156\172\232\170\158",
              backlinks = 22, referring_domains = 3, rank = 4,
              first_seen = "2020-01-01 00:00:00 +00:00" },
        }
        for _, width in ipairs({ 60, 72, 80 }) do
            local h = sink()
            local w = output.new("table", h, { width = width })
            w:items(items)
            for _, line in ipairs(lines_of(h:text())) do
                assert.is_true(otable.width(line) <= width, line)
            end
            local lines = lines_of(h:text())
            assert.truthy(lines[3]:find(otable.ELLIPSIS, 1, true))
        end
        assert.equal(6, otable.width("\230\151\165\230\156\172\232\170\158"))
        assert.equal(2, otable.width("e\204\129x"))   -- e + combining acute + x
        assert.equal("ab" .. otable.ELLIPSIS, otable.fit("abcdef", 3))
        assert.equal("\230\151\165" .. otable.ELLIPSIS, otable.fit("\230\151\165\230\156\172\232\170\158", 4))
    end)

    it("shows items without a filter schema (bulk, periods, tasks): numbers right, times without a zone", function()
        local e = require("dataforseo.api").get("bulk_pages_summary")
        local h = sink()
        local w = output.new("table", h, { width = 120, view = output.view(e) })
        w:items({ { url = "https://forbes.com/", backlinks = 16458, referring_domains = 6751, rank = 1000,
            first_seen = "2015-01-01 00:57:49 +00:00" }, { url = "https://cnn.com/", backlinks = 4,
            referring_domains = 1, rank = 211, first_seen = "2015-10-10 00:00:00 +00:00" } })
        w:close()
        local lines = lines_of(h:text())
        assert.equal("url                  backlinks  referring_domains  rank  first_seen", lines[1])
        assert.equal("https://forbes.com/      16458               6751  1000  2015-01-01 00:57:49", lines[3])
        assert.equal("https://cnn.com/             4                  1   211  2015-10-10", lines[4])
        -- a key of an untyped map is a field too; an unknown name is not
        local history = output.view(require("dataforseo.api").get("history"))
        assert.same({ "date", "referring_links_tld.com" }, output.fields_option("date, referring_links_tld.com",
            history))
        assert.is_nil(output.fields_option("date,bogus", history))
    end)

    it("prints the header alone when there are no items", function()
        local h = sink()
        local w = output.new("table", h, { fields = { "anchor", "rank" } })
        w:close()
        local lines = lines_of(h:text())
        assert.equal(2, #lines)
        assert.truthy(lines[1]:find("^anchor%s+rank$"))
    end)
end)

describe("output of intersections", function()
    local api = require "dataforseo.api"

    it("writes a domain per row, each key's totals under it, empty where the domain does not link", function()
        local view = output.view(api.get("domain_intersection"), { targets = { "a.com", "b.com" } })
        local h = sink()
        local w = output.new("csv", h, { view = view, fields = { "domain", "intersections_count", "1.backlinks",
            "2.backlinks", "2.referring_links_tld" } })
        w:items({
            { domain_intersection = { ["1"] = { target = "x.com", backlinks = 5 }, ["2"] = { target = "x.com",
                backlinks = 7, referring_links_tld = { com = 7 } } }, summary = { intersections_count = 2 } },
            { domain_intersection = { ["2"] = { target = "y.com", backlinks = 1 } },
                summary = { intersections_count = 1 } },
        })
        assert.same({ { "domain", "intersections_count", "1.backlinks", "2.backlinks", "2.referring_links_tld" },
            { "x.com", "2", "5", "7", '{"com":7}' }, { "y.com", "1", "", "1", "" } }, parse_csv(h:text()))
        assert.equal(2 + 2 * 21, #view.item_fields)
    end)

    it("writes a page's backlinks one per row with their key and target; a page without any still has a row",
        function()
        local view = output.view(api.get("page_intersection"), { targets = { "a.com", "b.com" } })
        local h = sink()
        local w = output.new("jsonl", h, { view = view, fields = { "url_from", "key", "target", "anchor" } })
        w:items({
            { page_intersection = { ["1"] = { { url_from = "https://p/1", anchor = "one" },
                { url_from = "https://p/1", anchor = "two" } }, ["2"] = { { url_from = "https://p/1",
                anchor = "three" } } }, summary = { intersections_count = 2 } },
            { page_intersection = {}, summary = { intersections_count = 0 } },
        })
        local rows = {}
        for line in h:text():gmatch("[^\n]+") do rows[#rows + 1] = json.decode(line) end
        assert.same({
            { url_from = "https://p/1", key = 1, target = "a.com", anchor = "one" },
            { url_from = "https://p/1", key = 1, target = "a.com", anchor = "two" },
            { url_from = "https://p/1", key = 2, target = "b.com", anchor = "three" },
            { url_from = null, key = null, target = null, anchor = null },
        }, rows)
        -- without --fields, JSON lines keep the API's map
        h = sink()
        output.new("jsonl", h, { view = view }):items({ { page_intersection = {}, summary = {} } })
        assert.equal('{"page_intersection":{},"summary":{}}\n', h:text())
    end)
end)

describe("progress line", function()
    local function fake(items, expected, pages, expected_pages, eta)
        return { items = items, expected_items = expected, pages = pages,
            expected_pages = expected_pages, cost = 0.25, eta = function() return eta end }
    end

    it("shows the bar, pages, items, cost and ETA within the width", function()
        local line = progress.line(fake(5000, 10000, 5, 10, 65), 80)
        assert.truthy(line:find("^%[#+%.+%]"))
        assert.truthy(line:find("5/10 pages  5000/10000 items  $0.25  ETA 1:05", 1, true))
        assert.is_true(#line <= 79)
        local bar = line:match("^%[([#%.]+)%]")
        local hashes = select(2, bar:gsub("#", ""))
        assert.equal(math.floor(#bar / 2 + 0.5), hashes)
        local full = progress.line(fake(10, 10, 1, 1, 0), 40)
        assert.is_true(#full <= 39)
        assert.equal("1:01:01", progress.duration(3661))
        assert.equal("?", progress.duration(nil))
    end)

    it("redraws in place and clears its line", function()
        local h = sink()
        local bar = progress.new(h, { width = 60 })
        bar:update(fake(1, 2, 1, 2, 1))
        bar:clear()
        local text = h:text()
        assert.equal("\r", text:sub(1, 1))
        assert.truthy(text:find("\27[K", 1, true))
        assert.equal("\r\27[K", text:sub(-4))
        assert.is_nil(text:find("\n", 1, true))
    end)
end)
