-- Issue 23, the command's side: bulk commands with any number of targets
-- (arguments and --targets-file), intersections that read well (prefixed
-- filters, --exclude-target, one row per intersection in CSV), the
-- periods endpoints as rows.  The real command against the emulator; its
-- answers checked against the library's own for the same request.
local dataforseo = require "dataforseo"
local emulator = dofile("spec/support/emulator.lua")
local json = require "dataforseo.json"

local helpers = dofile("spec/support/helpers.lua")
local cli_runner = dofile("spec/support/cli_runner.lua")
local script_server = dofile("spec/support/script_server.lua")

local parse_csv, write_file = helpers.parse_csv, helpers.write_file

-- The CSV rows as tables keyed by the header's names.
local function records(text)
    local rows = parse_csv(text)
    local header, out = rows[1], {}
    for r = 2, #rows do
        local row = {}
        for c, name in ipairs(header) do row[name] = rows[r][c] end
        out[#out + 1] = row
    end
    return out, header
end

local function is_null(v) return v == nil or v == json.null end

-- A CSV cell against the library's value: numbers as numbers, maps and
-- arrays as the same JSON value, null as an empty cell.
local function assert_cell(value, cell, where)
    if is_null(value) then
        assert.equal("", cell, where)
    elseif type(value) == "number" then
        assert.equal(value, tonumber(cell), where)
    elseif type(value) == "table" then
        assert.is_true(helpers.deep_equal(value, json.decode(cell)), where .. ": " .. cell)
    elseif type(value) == "boolean" then
        assert.equal(tostring(value), cell, where)
    else
        assert.equal(value, cell, where)
    end
end

describe("the command's whole API", function()
    local srv, client, dir

    setup(function()
        srv = assert(emulator.start{ port = 0, login = "demo", password = "demo" })
        client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url })
        dir = helpers.tmpdir("dataforseo-cli-whole-api")
    end)

    teardown(function()
        if client then client:close() end
        if srv then srv:stop() end
        helpers.remove(dir)
    end)

    local function run(args, env)
        local all = {}
        for _, a in ipairs(args) do all[#all + 1] = a end
        all[#all + 1] = "--base-url"
        all[#all + 1] = srv.base_url
        return cli_runner.run(all, env)
    end

    local function requests() return assert(srv:stats()).requests end

    describe("bulk commands", function()
        -- 2,500 targets, one line each, with a comment, blank lines and CRLF
        -- line ends; target 1200 repeats target 7.
        local function targets_file(bad_line)
            local list, lines = {}, { "# ranks of the sites we watch", "" }
            for i = 1, 2500 do
                list[i] = (i == 3) and "forbes.com" or ("site" .. i .. ".example.com")
            end
            list[1200] = list[7]
            for i, t in ipairs(list) do lines[#lines + 1] = t .. (i % 2 == 0 and "\r" or "") end
            if bad_line then lines[bad_line] = "site 1777.example.com" end
            local path = dir .. "/targets.txt"
            write_file(path, table.concat(lines, "\n") .. "\n")
            return path, list
        end

        it("refuses an invalid target by its line, before anything is sent (exit 2)", function()
            local path = targets_file(1779)        -- line 1779 holds target 1777
            local before = requests()
            local code, out, err = run({ "bulk-ranks", "--targets-file", path, "--format", "csv" })
            assert.equal(2, code, err)
            assert.equal("", out)
            assert.truthy(err:find("dataforseo bulk-ranks: line 1779 of " .. path .. ': "site 1777.example.com"',
                1, true), err)
            assert.is_nil(err:find("targets[", 1, true), err)
            assert.equal(before, requests())
        end)

        it("writes 2,500 targets from a file as CSV, one row per target in input order", function()
            local path, list = targets_file()
            local before = requests()
            local code, out, err = run({ "bulk-ranks", "--targets-file", path, "--format", "csv" })
            assert.equal(0, code, err)
            assert.equal(before + 3, requests())            -- 2,499 unique targets: 3 calls
            local rows, header = records(out)
            assert.same({ "type", "target", "rank" }, header)
            assert.equal(2500, #rows)
            local answer = assert(client:bulk_ranks{ targets = list })
            for i, row in ipairs(rows) do
                assert.equal(list[i], row.target, i)
                assert_cell(answer.items[i].rank, row.rank, "rank " .. i)
            end
            assert.same(rows[7], rows[1200])
            -- the repeat is said on stderr, by its lines (2 header lines before the targets)
            assert.truthy(err:find("dataforseo: note: 1 target repeated (sent once, written on each of its "
                .. "rows): line 1202 repeats line 9 (site7.example.com); lines of " .. path, 1, true), err)
            assert.truthy(err:find("\ndataforseo: 2500 items, 3 calls, ", 1, true), err)
            assert.truthy(err:find(string.format("$%.5f", answer.cost), 1, true), err)
        end)

        it("asks before calls estimated over --confirm-over, and sends nothing past --max-cost", function()
            local lines = {}
            for i = 1, 40000 do lines[i] = "s" .. i .. ".example.com" end
            local path = dir .. "/many.txt"
            write_file(path, table.concat(lines, "\n"))
            local before = requests()
            -- 40 calls of 1,000: 40 * $0.02 + 40,000 * $0.00003 = $2.00
            local code, out, err = run({ "bulk-ranks", "--targets-file", path })
            assert.equal(6, code, err)
            assert.equal("", out)
            assert.truthy(err:find("these 40 calls for 40000 different targets would cost about $2.00, more than "
                .. "--confirm-over $1.00; nothing is spent yet. Not run: there is no terminal to ask on", 1, true), err)
            code, out, err = run({ "bulk-ranks", "--targets-file", path, "--yes", "--max-cost", "1.99" })
            assert.equal(1, code, err)
            assert.equal("", out)
            assert.truthy(err:find("would cost about $2.00000, more than --max-cost $1.99000: nothing was sent", 1,
                true), err)
            assert.equal(before, requests())
        end)

        it("takes TARGET arguments and standard input together, as a table or JSON lines", function()
            local cmd = "printf '\\357\\273\\277cnn.com\\n  # a comment\\n\\nbbc.com  \\n' | "
                .. cli_runner.command({ "bulk-backlinks", "forbes.com", "--targets-file", "-", "--format", "jsonl",
                    "--base-url", srv.base_url })
            local code, out, err = helpers.run(cmd)
            assert.equal(0, code, err)
            local lines = helpers.lines_of(out)
            assert.equal(3, #lines)
            local answer = assert(client:bulk_backlinks{ targets = { "forbes.com", "cnn.com", "bbc.com" } })
            for i, line in ipairs(lines) do
                assert.same(answer.items[i], json.decode(line))
            end
            code, out, err = run({ "bulk-spam-score", "forbes.com", "cnn.com", "--format", "table" })
            assert.equal(0, code, err)
            assert.truthy(out:find("^target%s+spam_score\n"), out)
            assert.truthy(out:find("\nforbes.com%s+%d+\ncnn.com%s+%d+\n$"), out)
        end)

        it("names a bad TARGET argument by its position, and refuses files that are not files", function()
            local before = requests()
            local code, _, err = run({ "bulk-ranks", "forbes.com", "bad..example.com" })
            assert.equal(2, code)
            assert.truthy(err:find('dataforseo bulk-ranks: TARGET 2: "bad..example.com"', 1, true), err)
            for path, why in pairs({ [dir] = "is a directory, not a file",
                ["/dev/null"] = "is a character device, not a regular file or a pipe",
                [dir .. "/none"] = "cannot read" }) do
                code, _, err = run({ "bulk-ranks", "--targets-file", path })
                assert.equal(2, code, path)
                assert.truthy(err:find(why, 1, true), err)
            end
            code, _, err = run({ "bulk-ranks" })
            assert.equal(2, code)
            assert.truthy(err:find("no targets: give TARGET arguments or --targets-file FILE", 1, true), err)
            -- a line without an end (a pipe of zeros) is refused, not read forever
            code, _, err = helpers.run("head -c 200000 /dev/zero | " .. cli_runner.command({ "bulk-ranks",
                "--targets-file", "-", "--base-url", srv.base_url }))
            assert.equal(2, code)
            assert.truthy(err:find("line 1 of standard input is longer than 65536 bytes", 1, true), err)
            assert.equal(before, requests())
        end)

        it("says which targets got no answer, through the one sanitiser", function()
            -- A server that answers every target but the second, whose name
            -- hides a bidi override (valid in a URL, hostile on a terminal).
            local server = script_server.start([[
                local cjson = require "cjson"
                return function(req)
                    local task = cjson.decode(req.body)[1]
                    local items = {}
                    for i, t in ipairs(task.targets) do
                        if i ~= 2 then items[#items + 1] = { type = "backlinks_bulk_ranks", target = t, rank = 7 } end
                    end
                    local t = { id = "t-1", status_code = 20000, status_message = "Ok.", time = "0.1 sec.",
                        cost = 0.02006, result_count = 1, path = { "v3", "backlinks", "bulk_ranks", "live" },
                        data = task, result = { { items_count = #items, items = items } } }
                    if task.targets[1]:find("fail", 1, true) then      -- a batch refused for good
                        t.status_code, t.status_message, t.cost, t.result = 40501, "Invalid Field: 'targets'.", 0,
                            cjson.null
                    end
                    return { body = cjson.encode{ version = "0.1.test", status_code = 20000, status_message = "Ok.",
                        time = "0.1 sec.", cost = t.cost, tasks_count = 1, tasks_error = 0, tasks = { t } } }
                end
            ]])
            local hostile = "https://example.com/\226\128\174gpj.exe"
            local code, out, err = cli_runner.run({ "bulk-ranks", "forbes.com", hostile, "cnn.com", "--format", "csv",
                "--base-url", server.base_url })
            -- 1,002 targets: the second batch (fail.example.com, x.example.com) fails for good
            local many = { "bulk-ranks", "--format", "csv", "--base-url", server.base_url }
            for i = 1, 1000 do many[#many + 1] = "s" .. i .. ".example.com" end
            many[#many + 1] = "fail.example.com"
            many[#many + 1] = "x.example.com"
            local fcode, fout, ferr = cli_runner.run(many)
            server:stop()
            assert.equal(1, fcode, ferr)
            local frows = records(fout)
            assert.equal(1000, #frows)         -- batch 1's targets (its second without an answer: the target alone)
            assert.equal("s1.example.com", frows[1].target)
            assert.same({ "s2.example.com", "" }, { frows[2].target, frows[2].rank })
            assert.equal("s1000.example.com", frows[1000].target)
            assert.truthy(ferr:find("dataforseo: 2 targets of 1002 without an answer (a batch failed; the rows "
                .. "written are the others'): TARGET 1001 (fail.example.com), TARGET 1002 (x.example.com)", 1, true),
                ferr)
            assert.truthy(ferr:find("40501", 1, true), ferr)
            assert.equal(0, code, err)
            local rows = records(out)
            assert.equal(3, #rows)
            assert.equal("https://example.com/\\u{202E}gpj.exe", rows[2].target)
            assert.equal("", rows[2].rank)
            assert.equal("7", rows[3].rank)
            assert.truthy(err:find("dataforseo: warning: the API answered nothing for 1 target (their rows hold "
                .. "the target alone): TARGET 2 (https://example.com/\\u{202E}gpj.exe)", 1, true), err)
            assert.is_nil(err:find("\226\128\174", 1, true))
        end)
    end)

    describe("intersections", function()
        local TARGETS = { "forbes.com", "primedelta.de", "orbitjolt.io" }

        it("sends an intersection of 3 targets with prefixed filters; its CSV matches the library cell by cell",
            function()
            local args = { "domain-intersection", TARGETS[1], TARGETS[2], TARGETS[3], "--filter", "1.backlinks > 10",
                "--filter", "3.referring_pages >= 2", "--filter", "intersections_count >= 3", "--order-by",
                "2.rank,desc", "--exclude-target", "nytimes.com", "--intersection-mode", "all", "--limit", "50" }
            local code, out, err = run(args)   -- jsonl: the API's map
            assert.equal(0, code, err)
            local params = { targets = TARGETS, filters = { { "1.backlinks", ">", 10 }, "and",
                { "3.referring_pages", ">=", 2 }, "and", { "intersections_count", ">=", 3 } },
                order_by = { "2.rank,desc" }, exclude_targets = { "nytimes.com" }, intersection_mode = "all",
                limit = 50 }
            local page = assert(client:domain_intersection(params))
            assert.is_true(#page.items > 3, #page.items)
            local lines = helpers.lines_of(out)
            assert.equal(#page.items, #lines)
            for i, line in ipairs(lines) do assert.same(page.items[i], json.decode(line)) end

            -- the request sent: the emulator echoes it in the task's data
            local json_args = { (table.unpack or unpack)(args) }
            json_args[#json_args + 1] = "--format"
            json_args[#json_args + 1] = "json"
            code, out, err = run(json_args)
            assert.equal(0, code, err)
            local data = json.decode(out).tasks[1].data
            assert.same({ ["1"] = TARGETS[1], ["2"] = TARGETS[2], ["3"] = TARGETS[3] }, data.targets)
            assert.same(params.filters, data.filters)
            assert.same({ "nytimes.com" }, data.exclude_targets)

            args[#args + 1] = "--format"
            args[#args + 1] = "csv"
            code, out, err = run(args)
            assert.equal(0, code, err)
            local rows, header = records(out)
            assert.same({ "domain", "intersections_count", "1.rank", "1.backlinks" },
                { header[1], header[2], header[3], header[4] })
            assert.equal(2 + 3 * 21, #header)
            assert.equal(#page.items, #rows)
            for i, item in ipairs(page.items) do
                local row = rows[i]
                assert.equal(item.domain_intersection["1"].target, row.domain)
                assert_cell(item.summary.intersections_count, row.intersections_count, "count " .. i)
                assert.is_true(tonumber(row["1.backlinks"]) > 10 and tonumber(row["3.referring_pages"]) >= 2)
                for c = 3, #header do
                    local key, name = header[c]:match("^(%d+)%.(.+)$")
                    assert_cell(item.domain_intersection[key][name], row[header[c]], header[c] .. " of row " .. i)
                end
            end
        end)

        it("writes page-intersection one row per backlink, with its key and target", function()
            local params = { targets = { "forbes.com", "primedelta.de" }, intersection_mode = "partial", limit = 20 }
            local page = assert(client:page_intersection(params))
            local code, out, err = run({ "page-intersection", "forbes.com", "primedelta.de", "--intersection-mode",
                "partial", "--limit", "20", "--format", "csv" })
            assert.equal(0, code, err)
            local rows, header = records(out)
            assert.same({ "intersections_count", "key", "target", "type", "domain_from", "url_from" },
                { header[1], header[2], header[3], header[4], header[5], header[6] })
            local r = 0
            for _, item in ipairs(page.items) do
                for _, key in ipairs({ "1", "2" }) do
                    for _, backlink in ipairs(item.page_intersection[key] or {}) do
                        r = r + 1
                        local row = rows[r]
                        assert.equal(key, row.key)
                        assert.equal(params.targets[tonumber(key)], row.target)
                        assert_cell(item.summary.intersections_count, row.intersections_count, "count")
                        for c = 4, #header do
                            if type(backlink[header[c]]) ~= "string" then
                                assert_cell(backlink[header[c]], row[header[c]], header[c] .. " of row " .. r)
                            end
                        end
                        assert.equal(backlink.url_from, row.url_from)
                    end
                end
            end
            assert.is_true(r >= 20, r)
            assert.equal(r, #rows)
        end)

        it("refuses more than 20 targets and 10 excluded ones, and names a bad TARGET by position", function()
            local before = requests()
            local many = { "domain-intersection" }
            for i = 1, 21 do many[#many + 1] = "site" .. i .. ".com" end
            local code, _, err = run(many)
            assert.equal(2, code)
            assert.truthy(err:find("21 targets, at most 20 are allowed", 1, true), err)
            code, _, err = run({ "domain-intersection", "a.com", "b.com", "--exclude-target",
                "c.com,d.com,e.com,f.com,g.com,h.com,i.com,j.com,k.com,l.com,m.com" })
            assert.equal(2, code)
            assert.truthy(err:find("--exclude-target: 11 entries, at most 10 are allowed", 1, true), err)
            code, _, err = run({ "page-intersection", "a.com", "b..com" })
            assert.equal(2, code)
            assert.truthy(err:find('dataforseo page-intersection: TARGET 2: "b..com"', 1, true), err)
            code, _, err = run({ "domain-intersection", "a.com", "b.com", "--filter", "1.backlink > 3" })
            assert.equal(2, code)
            assert.truthy(err:find("1.backlinks", 1, true), err)       -- did you mean
            assert.equal(before, requests())
        end)
    end)

    describe("history and time series", function()
        it("prints the periods as rows, the library's items", function()
            local params = { target = "forbes.com", date_from = "2024-01-01", date_to = "2024-06-30",
                group_range = "month" }
            local page = assert(client:timeseries_summary(params))
            local code, out, err = run({ "timeseries-summary", "forbes.com", "--date-from", "2024-01-01",
                "--date-to", "2024-06-30", "--group-range", "month", "--format", "csv" })
            assert.equal(0, code, err)
            local rows, header = records(out)
            assert.equal(#page.items, #rows)
            assert.is_true(#rows >= 6)
            for i, item in ipairs(page.items) do
                for _, name in ipairs(header) do assert_cell(item[name], rows[i][name], name .. " " .. i) end
            end
            local months = assert(client:history{ target = "forbes.com", date_from = "2024-01-01",
                date_to = "2024-06-30" })
            code, out, err = run({ "history", "forbes.com", "--date-from", "2024-01-01", "--date-to",
                "2024-06-30", "--format", "table" })
            assert.equal(0, code, err)
            local lines = helpers.lines_of(out)
            assert.equal(2 + #months.items, #lines)
            assert.truthy(lines[1]:find("^date%s+backlinks%s+referring_domains"), lines[1])
            for i, m in ipairs(months.items) do
                local cells = {}
                for word in lines[2 + i]:gmatch("%S+") do cells[#cells + 1] = word end
                assert.same({ m.date:sub(1, 10), tostring(m.backlinks), tostring(m.referring_domains) },
                    { cells[1], cells[2], cells[3] })
            end
            code, out, err = run({ "timeseries-new-lost-summary", "forbes.com", "--group-range", "week",
                "--date-from", "2024-06-01", "--date-to", "2024-06-30", "--format", "jsonl", "--fields",
                "date,new_backlinks,lost_backlinks" })
            assert.equal(0, code, err)
            lines = helpers.lines_of(out)
            assert.is_true(#lines >= 4, out)
            assert.same({ "date", "new_backlinks", "lost_backlinks" }, (function()
                local keys = {}
                for k in lines[1]:gmatch('"([%w_]+)":') do keys[#keys + 1] = k end
                return keys
            end)())
        end)
    end)
end)
