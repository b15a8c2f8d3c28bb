-- The whole Backlinks API (issue 23), the library side: every endpoint's
-- local validation in the API's words and never stricter than the API
-- (documented minimum dates, windows, limits, intersection keys), the
-- client's methods and walk families, prices (free endpoints reserve
-- nothing), periods as a Page's items, sets without a count walked to
-- their first short page, intersections that read well, and the API's own
-- filter list kept per client.  Calls go to a scripted server that answers
-- as the documentation shows (the emulator serves these endpoints on its
-- own branch; spec/emulator_bulk_spec.lua runs against it).
local dataforseo = require "dataforseo"
local endpoints = require "dataforseo.api"
local F = require "dataforseo.query.filters"
local calendar = require "dataforseo.query.calendar"
local script_server = dofile("spec/support/script_server.lua")
local cjson = require "cjson"

local function today(days)
    return calendar.date(os.time() + (days or 0) * 86400)
end

local function rejects(name, params, field, reason, words)
    local task, err = endpoints.get(name).task(params, true)
    assert.is_nil(task, name .. ": expected a problem")
    assert.equal("validation", err.kind)
    assert.equal(field, err.field, err.message)
    assert.equal(reason, err.reason, err.message)
    for _, w in ipairs(words or {}) do
        assert.truthy(err.message:find(w, 1, true), ("%s: message %q lacks %q"):format(name, err.message, w))
    end
end

local function accepts(name, params, api_filters)
    local task, notes = endpoints.get(name).task(params, true, api_filters)
    if not task then error(name .. ": " .. notes.message, 2) end
    return task, notes
end

describe("validation of the new endpoints", function()
    it("history: a domain, dates from 2019-01-01, date_from not after date_to", function()
        accepts("history", { target = "forbes.com", date_from = "2019-01-01", date_to = today() })
        rejects("history", { target = "forbes.com", date_from = "2018-12-31" }, "date_from", "range",
            { "2018-12-31", "before 2019-01-01" })
        rejects("history", { target = "forbes.com", date_from = "2020-03-01", date_to = "2020-02-01" },
            "date_from", "range", { "is after date_to" })
        rejects("history", { target = "forbes.com", date_from = "2020-02-30" }, "date_from", "format",
            { 'a date "yyyy-mm-dd"' })
        rejects("history", { target = "forbes.com", date_to = "2020-02-01 10:00:00" }, "date_to", "format")
        rejects("history", { target = "https://forbes.com/page" }, "target", "format", { "page URL" })
    end)

    it("timeseries: dates from 2019-01-30, group_range day, week, month or year", function()
        for _, name in ipairs{ "timeseries_summary", "timeseries_new_lost_summary" } do
            accepts(name, { target = "forbes.com", date_from = "2019-01-30", group_range = "week" })
            rejects(name, { target = "forbes.com", date_from = "2019-01-29" }, "date_from", "range",
                { "before 2019-01-30" })
            rejects(name, { target = "forbes.com", group_range = "quarter" }, "group_range", "enum",
                { "day, week, month, year" })
        end
        rejects("timeseries_new_lost_summary", { target = "forbes.com", rank_scale = "one_hundred" },
            "rank_scale", "unknown_field")
    end)

    it("bulk new & lost: date_from at most a year back (a day of slack for time zones)", function()
        for _, name in ipairs{ "bulk_new_lost_backlinks", "bulk_new_lost_referring_domains" } do
            accepts(name, { targets = { "forbes.com" }, date_from = today(-364) })
            accepts(name, { targets = { "forbes.com" }, date_from = today(-366) })   -- the slack
            rejects(name, { targets = { "forbes.com" }, date_from = today(-400) }, "date_from", "range",
                { "more than a year back" })
        end
    end)

    it("bulk: a non-empty array of targets, each checked and named by its index", function()
        for _, name in ipairs{ "bulk_ranks", "bulk_backlinks", "bulk_spam_score", "bulk_referring_domains",
            "bulk_pages_summary" } do
            accepts(name, { targets = { "forbes.com", "https://www.apple.com/iphone/" } })
            rejects(name, { targets = {} }, "targets", "required")
            rejects(name, { targets = "forbes.com" }, "targets", "type", { "expected an array of targets" })
            rejects(name, { targets = { "forbes.com", "cnn.com", "www.trustpilot.com" } }, "targets", "format",
                { "targets[3]", "starts with www." })
            rejects(name, { targets = { "forbes.com", 5 } }, "targets", "type", { "targets[2]: 5 is not a string" })
        end
        -- any number: the batches keep to the API's 1,000
        local many = {}
        for i = 1, 5000 do many[i] = "site" .. i .. ".com" end
        accepts("bulk_ranks", { targets = many })
        rejects("bulk_spam_score", { targets = { "a.com" }, rank_scale = "one_hundred" }, "rank_scale",
            "unknown_field")
    end)

    it("competitors: limit up to 1,000, filters and order_by on its items", function()
        accepts("competitors", { target = "forbes.com", limit = 1000, main_domain = false,
            exclude_large_domains = false, filters = { { "intersections", ">", 5 }, "and",
            { "target", "like", "%forbes%" } }, order_by = { "intersections,desc", "rank,asc" } })
        rejects("competitors", { target = "forbes.com", limit = 1001 }, "limit", "range")
        rejects("competitors", { target = "forbes.com", filters = { "anchor", "=", "x" } }, "filters", "filter",
            { 'unknown field "anchor"' })
        rejects("competitors", { target = "forbes.com", internal_list_limit = 5 }, "internal_list_limit",
            "unknown_field")
    end)

    it("intersections: targets keyed 1..20 (an array becomes those keys), exclude_targets up to 10", function()
        for _, name in ipairs{ "domain_intersection", "page_intersection" } do
            local task = accepts(name, { targets = { "forbes.com", "https://cnn.com/" },
                exclude_targets = { "bbc.com", "https://www.apple.com/iphone/*" }, intersection_mode = "partial" })
            assert.same({ ["1"] = "forbes.com", ["2"] = "https://cnn.com/" }, task.targets)
            task = accepts(name, { targets = { ["3"] = "forbes.com", [7] = "cnn.com" } })
            assert.same({ ["3"] = "forbes.com", ["7"] = "cnn.com" }, task.targets)
            local twenty_one = {}
            for i = 1, 21 do twenty_one[i] = "site" .. i .. ".com" end
            rejects(name, { targets = twenty_one }, "targets", "range", { "21 targets, at most 20" })
            rejects(name, { targets = { ["0"] = "forbes.com" } }, "targets", "format", { 'key "0"' })
            rejects(name, { targets = { ["01"] = "forbes.com" } }, "targets", "format", { 'key "01"' })
            rejects(name, { targets = { ["1"] = "www.forbes.com" } }, "targets", "format",
                { 'targets["1"]', "starts with www." })
            rejects(name, { targets = {} }, "targets", "required")
            local eleven = {}
            for i = 1, 11 do eleven[i] = "x" .. i .. ".com" end
            rejects(name, { targets = { "a.com" }, exclude_targets = eleven }, "exclude_targets", "range",
                { "11 entries, at most 10" })
            rejects(name, { targets = { "a.com" }, intersection_mode = "some" }, "intersection_mode", "enum")
            rejects(name, { target = "a.com" }, "target", "unknown_field", { 'did you mean "targets"' })
        end
        rejects("page_intersection", { targets = { "a.com" }, backlinks_filters = { "dofollow", "=", true } },
            "backlinks_filters", "unknown_field")
    end)

    it("intersections: filters and order_by name a target's field by its key", function()
        accepts("domain_intersection", { targets = { "a.com", "b.com" },
            filters = { F.target(1).backlinks:gt(10), "and", F.intersection.intersections_count:ge(2) },
            order_by = { "2.referring_domains,desc", "intersections_count,desc" } })
        accepts("page_intersection", { targets = { "a.com", "b.com" },
            filters = { F.target(2).page_from_rank:gt(55), "and", F.target("1").dofollow:eq(true) } })
        rejects("domain_intersection", { targets = { "a.com" }, filters = { "1.backlnks", ">", 1 } }, "filters",
            "filter", { 'unknown field "1.backlnks" (did you mean "1.backlinks"?)' })
        rejects("domain_intersection", { targets = { "a.com" }, filters = { "1.page_from_rank", ">", 1 } },
            "filters", "filter", { 'unknown field "1.page_from_rank"' })
        rejects("page_intersection", { targets = { "a.com" }, order_by = { "1.referring_domains,desc" } },
            "order_by", "order_by", { 'unknown field "1.referring_domains"' })
        rejects("domain_intersection", { targets = { "a.com" }, filters = { "21.backlinks", ">", 1 } },
            "filters", "filter")
    end)

    it("the filter builder writes target-prefixed fields", function()
        assert.same({ "1.backlinks", ">", 10 }, F.target(1).backlinks:gt(10))
        assert.same({ "12.anchor", "like", "%seo%" }, F.target("12").anchor:like("%seo%"))
        assert.same({ "3.referring_links_tld.com", ">", 2 }, F.target(3).referring_links_tld:key("com"):gt(2))
        assert.has_error(function() return F.target(21) end)
        assert.has_error(function() return F.target(0) end)
        assert.has_error(function() return F.target(1).backlnks end)
    end)

    it("errors: limit up to 1,000, times in the API's form", function()
        accepts("errors", {})
        accepts("errors", { limit = 10, offset = 10, filtered_function = "backlinks/anchors/live",
            datetime_from = "2021-11-15 12:57:46 +00:00", datetime_to = "2021-11-15 13:57:46 +00:00" })
        rejects("errors", { limit = 1001 }, "limit", "range")
        rejects("errors", { datetime_from = "yesterday" }, "datetime_from", "format",
            { 'a time "yyyy-mm-dd hh:mm:ss +00:00"' })
        rejects("errors", { datetime_from = "2021-11-15 13:00:00 +00:00", datetime_to = "2021-11-15 12:00:00 +00:00" },
            "datetime_from", "range", { "is after datetime_to" })
    end)

    it("id_list: both times required, at most six months back (one with include_metadata)", function()
        local now = calendar.format(os.time())
        local back = function(days) return calendar.format(os.time() - days * 86400) end
        accepts("id_list", { datetime_from = back(170), datetime_to = now, sort = "desc", limit = 1000 })
        accepts("id_list", { datetime_from = back(25), datetime_to = now, include_metadata = true })
        rejects("id_list", { datetime_to = now }, "datetime_from", "required")
        rejects("id_list", { datetime_from = back(1) }, "datetime_to", "required")
        rejects("id_list", { datetime_from = back(200), datetime_to = now }, "datetime_from", "range",
            { "more than six months back" })
        rejects("id_list", { datetime_from = back(40), datetime_to = now, include_metadata = true },
            "datetime_from", "range", { "one month" })
        rejects("id_list", { datetime_from = now, datetime_to = back(1) }, "datetime_from", "range")
        rejects("id_list", { datetime_from = back(1), datetime_to = now, sort = "up" }, "sort", "enum")
    end)

    it("index and available_filters take no fields", function()
        accepts("index", nil)
        accepts("available_filters", {})
        rejects("index", { target = "forbes.com" }, "target", "unknown_field")
    end)
end)

describe("prices and the client's methods", function()
    it("free endpoints ask for nothing; bulk calls for one row per target; periods per period", function()
        for _, name in ipairs{ "index", "available_filters", "errors", "id_list" } do
            assert.is_nil(endpoints.get(name).asked({}), name)
        end
        assert.equal(3, endpoints.get("bulk_ranks").asked({ targets = { "a.com", "b.com", "c.com" } }))
        assert.equal(12, endpoints.get("history").asked({ date_from = "2020-01-01", date_to = "2020-12-31" }))
        assert.equal(31, endpoints.get("timeseries_summary").asked({ date_from = "2020-01-01",
            date_to = "2020-01-31", group_range = "day" }))
        assert.equal(2, endpoints.get("timeseries_summary").asked({ date_from = "2020-01-01",
            date_to = "2021-06-30", group_range = "year" }))
    end)

    it("every endpoint is a method; the paginated ones have the whole walk family", function()
        local Client = getmetatable(assert(require("dataforseo").new{ login = "login", password = "secret" }))
        for _, name in ipairs(endpoints.list) do
            assert.is_function(Client[name], name)
            local paged = endpoints.lists(name)
            for _, suffix in ipairs{ "_pages", "_items", "_all" } do
                assert.equal(paged, type(Client[name .. suffix]) == "function", name .. suffix)
            end
        end
        for _, name in ipairs{ "competitors", "domain_intersection", "page_intersection", "errors", "id_list" } do
            assert.is_true(endpoints.lists(name), name)
        end
        assert.equal(24, #endpoints.list)
    end)
end)

-- Answers as the documentation shows: index, available_filters (with a
-- field this version does not know), errors and id_list (ENTRIES entries,
-- paged by offset), history (one item per month), anchors.
local SCRIPT = [[
local cjson = require "cjson"
local ENTRIES = 2500
local function envelope(path, data, result, cost)
    local t = { id = "id-" .. path:gsub("%W", ""), status_code = 20000, status_message = "Ok.",
        time = "0.01 sec.", cost = cost, result_count = #result, path = {}, data = data, result = result }
    return cjson.encode{ version = "0.1.test", status_code = 20000, status_message = "Ok.",
        time = "0.01 sec.", cost = cost, tasks_count = 1, tasks_error = 0, tasks = { t } }
end
return function(req)
    local path = req.path
    local task = req.body ~= "" and cjson.decode(req.body)[1] or {}
    if path == "/v3/backlinks/index" then
        return { body = envelope(path, {}, { { total_backlinks = 2.5e12, total_pages = 4e11,
            index_history = cjson.empty_array or {} } }, 0) }
    elseif path == "/v3/backlinks/available_filters" then
        return { body = envelope(path, {}, { { anchors = { anchor = "str", backlinks = "num",
            referring_links_tld = "num", new_metric = "num" }, backlinks = { dofollow = "bool" } } }, 0) }
    elseif path == "/v3/backlinks/errors" or path == "/v3/backlinks/id_list" then
        local offset, limit, list = task.offset or 0, task.limit or 1000, {}
        for i = offset + 1, math.min(ENTRIES, offset + limit) do
            list[#list + 1] = { id = string.format("task-%d", i), cost = 0.02, status = "ok" }
        end
        return { body = envelope(path, task, list, 0) }
    elseif path == "/v3/backlinks/history/live" then
        local items = {}
        for m = 1, 12 do
            items[m] = { type = "backlinks_history", date = string.format("2020-%02d-01 00:00:00 +00:00", m),
                backlinks = 1000 * m, referring_domains = 10 * m }
        end
        return { body = envelope(path, task, { { target = task.target, date_from = task.date_from,
            date_to = task.date_to, items_count = 12, items = items } }, 0.02 + 12 * 0.00003) }
    elseif path == "/v3/backlinks/domain_intersection/live" then
        local items = {}
        for i = 1, 2 do
            local per = {}
            for k, t in pairs(task.targets) do per[k] = { type = "backlinks_domain_intersection",
                target = "linker" .. i .. ".com", backlinks = 10 * i + #t } end
            items[i] = { domain_intersection = per, summary = { intersections_count = 2 } }
        end
        return { body = envelope(path, task, { { targets = task.targets, total_count = 2, items_count = 2,
            items = items } }, 0.02006) }
    elseif path == "/v3/backlinks/anchors/live" then
        return { body = anchors_response(task, { total = 3 }) }
    end
    return { status = 404, body = "{}" }
end
]]

describe("calls of the new kinds", function()
    local srv
    setup(function() srv = script_server.start(SCRIPT) end)
    teardown(function() if srv then srv:stop() end end)

    local function client(extra)
        local o = { login = "login", password = "secret", base_url = srv.base_url, retries = 0 }
        for k, v in pairs(extra or {}) do o[k] = v end
        return assert(dataforseo.new(o))
    end

    local function sent(before)
        local list = {}
        for i = before + 1, #srv:requests() do list[#list + 1] = srv:requests()[i] end
        return list
    end

    it("free endpoints go out under a cap too small for one paid call", function()
        local c = client{ max_cost = 0.001 }
        local index = assert(c:index())
        assert.equal(2.5e12, index.total_backlinks)
        assert.equal(0, index.cost)
        assert(c:available_filters())
        assert(c:errors{ limit = 5 })
        assert(c:id_list{ datetime_from = calendar.format(os.time() - 86400),
            datetime_to = calendar.format(os.time()) })
        local _, err = c:anchors{ target = "forbes.com" }
        assert.equal("cost_limit", err.kind)
        c:close()
    end)

    it("history answers its periods as a Page's items", function()
        local c = client()
        local page = assert(c:history{ target = "forbes.com", date_from = "2020-01-01", date_to = "2020-12-31" })
        assert.equal(12, #page.items)
        assert.equal(12, page.total_count)
        assert.equal("2020-01-01", page.date_from)
        assert.equal(12000, page.items[12].backlinks)
        assert.is_nil(page.next_offset)
        assert.is_true(math.abs(page.cost - 0.02036) < 1e-9)
        assert.is_nil(c.history_pages)
        c:close()
    end)

    it("walks a set without a count (id_list, errors) to its first short page", function()
        local c = client()
        local before = #srv:requests()
        local now = calendar.format(os.time())
        local items, walk = assert(c:id_list_all({ datetime_from = calendar.format(os.time() - 86400),
            datetime_to = now }, { limit = 1000 }))
        assert.equal(2500, #items)
        assert.equal("task-1", items[1].id)
        assert.equal("task-2500", items[2500].id)
        assert.equal("complete", walk.status)
        local offsets = {}
        for _, req in ipairs(sent(before)) do offsets[#offsets + 1] = cjson.decode(req.body)[1].offset end
        assert.same({ 0, 1000, 2000 }, offsets)
        -- a set that ends on a full page takes one more (empty) page to end
        before = #srv:requests()
        local pages = {}
        for page in c:errors_pages({}, { limit = 500 }) do pages[#pages + 1] = #page.items end
        assert.same({ 500, 500, 500, 500, 500 }, pages)
        assert.equal(6, #sent(before))
        c:close()
    end)

    it("sends an intersection's targets as the API's map and keeps it in the answer", function()
        local c = client()
        local before = #srv:requests()
        local page = assert(c:domain_intersection{ targets = { "forbes.com", "cnn.com" },
            filters = F.target(2).backlinks:gt(1) })
        local body = sent(before)[1].body
        assert.truthy(body:find('"targets":{"1":"forbes.com","2":"cnn.com"}', 1, true), body)
        assert.truthy(body:find('"filters":["2.backlinks",">",1]', 1, true), body)
        assert.same({ ["1"] = "forbes.com", ["2"] = "cnn.com" }, page.targets)
        assert.equal(2, #page.items)
        assert.equal(10 + #"forbes.com", page.items[1].domain_intersection["1"].backlinks)
        assert.equal(2, page.items[1].summary.intersections_count)
        c:close()
    end)

    it("keeps the API's filter list per client: a field it names is sent, and noted", function()
        local c = client()
        local _, err = c:anchors{ target = "forbes.com", filters = { "new_metric", ">", 1 } }
        assert.equal("validation", err.kind)
        assert.truthy(err.message:find('unknown field "new_metric"', 1, true), err.message)
        local before = #srv:requests()
        local list = assert(c:available_filters())
        assert.equal("num", list.anchors.new_metric)
        assert.equal(list, c:available_filters())       -- kept: asked once
        assert.equal(1, #sent(before))
        before = #srv:requests()
        local page = assert(c:anchors{ target = "forbes.com", filters = { "new_metric", ">", 1 } })
        assert.truthy(page.notes[1]:find('"new_metric" is unknown to this version', 1, true))
        local body = cjson.decode(sent(before)[1].body)[1]
        assert.same({ "new_metric", ">", 1 }, body.filters)
        -- known fields are still checked by this version's rules
        _, err = c:anchors{ target = "forbes.com", filters = { "backlinks", "like", "%1%" } }
        assert.equal("validation", err.kind)
        -- the note: what validation let through unchecked
        local task, notes = endpoints.get("anchors").task({ target = "forbes.com",
            filters = { "new_metric", ">", 1 } }, true, list)
        assert.is_table(task)
        assert.truthy(notes[1]:find('"new_metric" is unknown to this version', 1, true), notes[1])
        -- another client does not share it
        local other = client()
        _, err = other:anchors{ target = "forbes.com", filters = { "new_metric", ">", 1 } }
        assert.equal("validation", err.kind)
        other:close()
        c:close()
    end)
end)
