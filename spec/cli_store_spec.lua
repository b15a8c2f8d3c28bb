-- The command's response store, through the real command against the
-- emulator: on by default under XDG_CACHE_HOME (0700 / 0600), a walk stopped
-- by SIGINT pays only for the rest when run again, --no-cache and --refresh,
-- `cache stats|clear`, a store that cannot be made costs nothing but the
-- live calls, and `changes` lists exactly what the moved graph gained and lost.
local emulator = require "dataforseo_emulator"
local helpers = dofile("spec/support/helpers.lua")
local books = dofile("spec/support/books.lua")
local cli_runner = dofile("spec/support/cli_runner.lua")
local json = require "dataforseo.json"

local q = helpers.shell_quote
local HUGE, MEDIUM = "huge-example.com", "medium-example.com"

local function lines(text)
    local out = {}
    for line in (text or ""):gmatch("[^\n]+") do out[#out + 1] = line end
    return out
end

describe("the command's response store", function()
    local srv, dir, cache

    setup(function()
        srv = assert(emulator.start{ port = 0 })
        dir = helpers.tmpdir("cli-store")
        -- The huge graph is built once, outside the timed runs.
        assert(cli_runner.run{ "anchors", HUGE, "--limit", "1", "--no-cache", "--base-url", srv.base_url })
    end)
    teardown(function()
        srv:stop()
        helpers.remove(dir)
    end)
    before_each(function()
        assert(srv:control{ reset = true })
        cache = dir .. "/" .. tostring(math.random(1e9))
    end)

    local function run(args, env)
        local all = (args[1] == "cache" or args[1] == "changes") and {} or { "--base-url", srv.base_url }
        for i, a in ipairs(args) do table.insert(all, i, a) end
        local e = { XDG_CACHE_HOME = cache }
        for k, v in pairs(env or {}) do e[k] = v end
        return cli_runner.run(all, e)
    end

    it("is on by default, private, and says what it saved; --no-cache and --refresh go live", function()
        local code, first, err = run{ "anchors", MEDIUM, "--all", "--limit", "100" }
        assert.equal(0, code, err)
        local paid = books.charged(srv)
        assert.is_nil(err:find("from the store", 1, true))
        assert.equal("drwx------", helpers.capture("stat -c %A " .. q(cache .. "/dataforseo")):sub(1, 10))
        assert.equal("-rw-------", helpers.capture("stat -c %A " .. q(cache .. "/dataforseo/cache.sqlite")):sub(1, 10))
        local again
        code, again, err = run{ "anchors", MEDIUM, "--all", "--limit", "100" }
        assert.equal(0, code, err)
        assert.equal(first, again)
        assert.equal(paid, books.charged(srv))
        assert.matches("0 calls, 0 retries, $0.00000, [%d.]+ s, total_count 385; 4 pages from the store, "
            .. "$0.09155 saved", err)
        code, again = run{ "anchors", MEDIUM, "--all", "--limit", "100", "--no-cache" }
        assert.equal(0, code)
        assert.equal(first, again)
        assert.near(2 * paid, books.charged(srv), 1e-9)
        code, again = run{ "anchors", MEDIUM, "--all", "--limit", "100", "--refresh" }
        assert.equal(0, code)
        assert.equal(first, again)
        assert.near(3 * paid, books.charged(srv), 1e-9)

        local out
        code, out, err = run{ "cache", "stats", "--format", "json" }
        assert.equal(0, code, err)
        local st = assert(json.decode(out))
        assert.equal(4, st.hits)
        assert.near(paid, st.saved_usd, 1e-9)
        assert.is_true(st.entries >= 4)
        code, out = run{ "cache", "clear" }
        assert.equal(0, code)
        assert.matches("^%d+ records removed", out)
        code = run{ "anchors", MEDIUM, "--all", "--limit", "100" }
        assert.equal(0, code)
        assert.near(4 * paid, books.charged(srv), 1e-9)
        code, out, err = run{ "cache", "wipe" }
        assert.equal(2, code)
        assert.equal("", out)
        assert.matches("say what to do: stats, prune, clear", err, 1, true)
    end)

    it("a walk stopped by SIGINT at about page 40 pays only for the rest, each item once and in order", function()
        assert(srv:control{ latency_ms = 15 })
        local out, errf, pidf = dir .. "/int.out", dir .. "/int.err", dir .. "/int.pid"
        local args = { "anchors", HUGE, "--limit", "10", "--max-items", "1000", "--concurrency", "1",
            "--format", "jsonl", "--yes", "--base-url", srv.base_url }
        local script = dir .. "/int.sh"
        helpers.write_file(script, ("echo $$ > %s\nexec %s >%s 2>%s\n"):format(q(pidf),
            cli_runner.command(args, { XDG_CACHE_HOME = cache }), q(out), q(errf)))
        local pipe = assert(io.popen("sh " .. q(script) .. "; echo \"exit=$?\""))
        local pid = helpers.wait_for("the command's pid", 10, function()
            return tonumber((helpers.read_file(pidf) or ""):match("%d+"))
        end)
        helpers.wait_for("400 items written", 30, function()
            return #lines(helpers.read_file(out)) >= 400
        end)
        assert(helpers.sh("kill -INT " .. pid))
        local status = pipe:read("*a")
        pipe:close()
        assert.equal("130", status:match("exit=(%d+)"), helpers.read_file(errf))
        local before = lines(helpers.read_file(out))
        assert.is_true(#before >= 400 and #before < 1000, #before .. " items before the signal")
        local charged_first = books.charged(srv)
        assert(srv:control{ latency_ms = 0 })

        local code, rest, err = run({ "anchors", HUGE, "--limit", "10", "--max-items", "1000", "--concurrency", "1",
            "--format", "jsonl", "--yes" })
        assert.equal(0, code, err)
        local after = lines(rest)
        assert.equal(1000, #after)
        -- At most the page in flight at the signal is paid twice.
        local pages = math.floor(books.charged(srv) / 0.0203 + 0.5)
        assert.is_true(pages >= 100 and pages <= 101, pages .. " pages charged")
        assert.is_true(charged_first / 0.0203 >= #before / 10 - 1e-6)
        local stored = tonumber(err:match("; (%d+) pages? from the store"))
        assert.is_true(stored and stored >= #before / 10, err)
        -- The rerun alone is the whole walk: every item once, in the order of a walk without the store.
        local _, plain = run({ "anchors", HUGE, "--limit", "10", "--max-items", "1000", "--format", "jsonl",
            "--no-cache", "--yes" })
        assert.equal(plain, rest)
        for i = 1, #before do assert.equal(after[i], before[i]) end
    end)

    it("a store that cannot be made: one clear line, the walk goes on live", function()
        helpers.write_file(dir .. "/not-a-dir", "x")
        local code, out, err = run({ "anchors", MEDIUM, "--limit", "5" }, { XDG_CACHE_HOME = dir .. "/not-a-dir" })
        assert.equal(0, code, err)
        assert.equal(5, #lines(out))
        assert.matches("the response store %(.-not%-a%-dir/dataforseo/cache.sqlite%) cannot be opened: .-; calls "
            .. "go live and cost as usual", err)
        local _, n = err:gsub("response store", "")
        assert.equal(1, n)
    end)

    it("changes lists exactly the anchors and referring domains the moved graph gained and lost", function()
        local function items(endpoint, key)
            local code, out, err = run{ endpoint, MEDIUM, "--all", "--snapshot", "--refresh", "--format", "jsonl" }
            assert.equal(0, code, err)
            local set, n = {}, 0
            for _, line in ipairs(lines(out)) do
                local item = assert(json.decode(line))
                set[tostring(item[key])] = true
                n = n + 1
            end
            return set, n
        end
        local function diff(a, b)
            local out = {}
            for k in pairs(b) do if not a[k] then out[#out + 1] = k end end
            table.sort(out)
            return out
        end
        local function listed(list, key)
            local out = {}
            for i, item in ipairs(list) do out[i] = tostring(item[key]) end
            table.sort(out)
            return out
        end
        local old_anchors = items("anchors", "anchor")
        local old_domains = items("referring-domains", "domain")
        assert(srv:control{ graph_dates = { [MEDIUM] = "2024-01-01" } })
        local new_anchors = items("anchors", "anchor")
        local new_domains = items("referring-domains", "domain")
        for _, case in ipairs{ { "anchors", "anchor", old_anchors, new_anchors },
            { "referring-domains", "domain", old_domains, new_domains } } do
            local code, out, err = run{ "changes", MEDIUM, "--endpoint", case[1], "--format", "json" }
            assert.equal(0, code, err)
            local d = assert(json.decode(out))
            local gained, lost = diff(case[3], case[4]), diff(case[4], case[3])
            assert.is_true(#gained + #lost > 0, "the graph did not move")
            assert.same(gained, listed(d.gained, case[2]))
            assert.same(lost, listed(d.lost, case[2]))
        end
        local code, out = run{ "changes", MEDIUM }
        assert.equal(0, code)
        assert.matches("^anchors of medium%-example%.com: %d+%-%d+%-%d+ [%d:]+ UTC %(%d+ items%) %-> ", out)
        local err
        code, out, err = run{ "changes", "small-example.com" }
        assert.equal("", out)
        assert.equal(1, code)
        assert.matches("no snapshot is kept for anchors of small-example.com: keep walks with --snapshot", err, 1, true)
    end)

    it("a rerun without a terminal is asked about what it will pay, not what the store gives free", function()
        local walk = { "anchors", HUGE, "--all", "--limit", "10", "--format", "jsonl" }
        local function with(...)
            local args = {}
            for i, a in ipairs(walk) do args[i] = a end
            for _, a in ipairs{ ... } do args[#args + 1] = a end
            return args
        end
        -- 40 pages bought (under --yes), then the whole walk: the 60 pages left cost about
        -- $1.22, more than the default --confirm-over $1: refused at the first paid page.
        local code, out, err = run(with("--max-items", "400", "--yes"))
        assert.equal(0, code, err)
        assert.equal(400, #lines(out))
        assert.near(0.0203 * 40, books.charged(srv), 1e-9)
        code, out, err = run(with("--max-items", "1000"))
        assert.equal(6, code, err)
        assert.matches("40 pages came from the store, free", err, 1, true)
        assert.matches("the rows of the 40 pages from the store were written, nothing after them", err, 1, true)
        assert.matches("60 calls, 600 items", err, 1, true)
        assert.equal(400, #lines(out))                                  -- the store's 400 rows
        assert.near(0.0203 * 41, books.charged(srv), 1e-9)              -- the page its estimate needed
        -- With the threshold above what is left: no question, and only the rest is paid for.
        code, out, err = run(with("--max-items", "1000", "--confirm-over", "1.5"))
        assert.equal(0, code, err)
        assert.equal(1000, #lines(out))
        assert.near(0.0203 * 100, books.charged(srv), 1e-9)
    end)

    it("cache stats and clear before any store: said so, and no file is made to be looked at", function()
        local code, out, err = run{ "cache", "stats" }
        assert.equal(0, code, err)
        assert.matches("(none yet: the first paid call makes it)", out, 1, true)
        code, out = run{ "cache", "clear", "--format", "json" }
        assert.equal(0, code)
        assert.equal('{"removed":0}\n', out)
        assert.is_nil(io.open(cache .. "/dataforseo/cache.sqlite", "rb"))
        assert.is_nil(io.open(cache .. "/dataforseo", "rb"))
    end)

    it("changes compares only snapshots of one walk (not a filtered one with a whole one); --since checked", function()
        local code, _, err = run{ "anchors", "small-example.com", "--all", "--snapshot", "--filter",
            "anchor like %a%", "--format", "csv" }
        assert.equal(0, code, err)
        code, _, err = run{ "anchors", "small-example.com", "--all", "--snapshot", "--format", "csv" }
        assert.equal(0, code, err)
        local out
        code, out, err = run{ "changes", "small-example.com" }
        assert.equal(1, code, out)
        assert.matches("only one snapshot is kept", err, 1, true)
        code, _, err = run{ "changes", "small-example.com", "--since", "2026-02-30" }
        assert.equal(2, code)
        assert.matches("--since: '2026-02-30' is not a date YYYY-MM-DD", err, 1, true)
    end)
end)
