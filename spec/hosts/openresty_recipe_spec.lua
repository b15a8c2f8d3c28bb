-- docs/openresty.md as a reader follows it: its copy steps, its nginx.conf
-- and app.lua, and its "try it" lines (dataforseo mock on 8089, nginx on
-- 8080), all read from the page and run verbatim in a clean clone of HEAD
-- with a scratch HOME.  Then, against that nginx (2 workers):
--   - with core.so the decoder is "core", without it "cjson"; the answers
--     are the same either way;
--   - an empty page's items is [] (not {});
--   - both workers answer /spent with the same shared spend, equal to the
--     cost of every call made (lua_shared_dict dataforseo);
--   - 20 requests at once, each one call of 500 ms, run side by side
--     (max_concurrent: 30 by default, account-wide) and take about 0.6 s,
--     the figure the page gives.
-- Runs under luajit only (nginx's Lua is LuaJIT; once is enough).
local helpers = dofile("spec/support/helpers.lua")
local recipes = dofile("spec/support/recipes.lua")
local json = require "dataforseo.json"
local quote = helpers.shell_quote

local DOC = "docs/openresty.md"

-- The spec's part after the page's lines: $app, $mock and the clone are set.
local CHECKS = [[
cd "$HOME"
until (exec 3<>/dev/tcp/127.0.0.1/8089) 2>/dev/null; do sleep 0.1; done
get() { curl -sf --max-time 20 "http://127.0.0.1:8080$1"; }
round() {   # $1: core or cjson
    get '/anchors?target=forbes.com' >"anchors-$1.json"
    get '/anchors?target=empty-example.com' >"empty-$1.json"
    get '/compare' >"compare-$1.json"
    for i in $(seq 40); do get /spent; done >"spent-$1.jsonl"
}
round core
# 20 at once, each one call of 500 ms.
curl -sf -u demo:demo -X POST -d '{"latency_ms":500,"reset_stats":true}' http://127.0.0.1:8089/mock/control >/dev/null
args=""
for i in $(seq 20); do args="$args -o parallel-$i.json http://127.0.0.1:8080/anchors?target=medium-example.com"; done
start=$(date +%s.%N)
curl -sf --parallel --parallel-immediate --parallel-max 20 --max-time 20 $args
awk "BEGIN { print $(date +%s.%N) - $start }" >elapsed.txt
curl -sf -u demo:demo http://127.0.0.1:8089/mock/stats >stats.json
curl -sf -u demo:demo -X POST -d '{"latency_ms":0}' http://127.0.0.1:8089/mock/control >/dev/null
for i in $(seq 40); do get /spent; done >"spent-after.jsonl"
# Again without core.so: pure Lua, lua-cjson decodes.
nginx -p "$app" -c conf/nginx.conf -s stop
while [ -e "$app/logs/nginx.pid" ]; do sleep 0.1; done
rm "$app/lua/dataforseo/core.so"
nginx -p "$app" -c conf/nginx.conf
round cjson
]]

describe("docs/openresty.md, verbatim", function()
    if helpers.LUA ~= "luajit" then return end
    local dir, home, clone

    setup(function()
        dir = helpers.tmpdir("dataforseo-openresty")
        clone = recipes.clone(dir)
        home = recipes.home(dir, "openresty")
    end)

    teardown(function()
        -- Normally stopped by the script's trap; a second stop is harmless.
        local app = home and (home .. "/dataforseo-app")
        if app and helpers.exists(app .. "/logs/nginx.pid") then
            os.execute("nginx -p " .. quote(app) .. " -c conf/nginx.conf -s stop 2>/dev/null")
        end
        helpers.remove(dir)
    end)

    local function read_json(name)
        local text = assert(helpers.read_file(home .. "/" .. name), "no " .. name)
        return assert(json.decode(text)), text
    end

    local function lines_json(name)
        local out = {}
        for line in assert(helpers.read_file(home .. "/" .. name)):gmatch("[^\n]+") do
            out[#out + 1] = assert(json.decode(line))
        end
        return out
    end

    it("serves the page's app on two workers sharing one budget, with and without core.so", function()
        helpers.write_file(home .. "/doc-nginx.conf", recipes.block(DOC, "openresty-conf"))
        helpers.write_file(home .. "/doc-app.lua", recipes.block(DOC, "openresty-app"))
        local code, out, err = recipes.run{ cwd = clone, home = home, parts = {
            recipes.block(DOC, "openresty"),
            'cp "$HOME/doc-nginx.conf" "$app/conf/nginx.conf"',
            'cp "$HOME/doc-app.lua" "$app/lua/app.lua"',
            'cd ' .. quote(clone),
            recipes.block(DOC, "openresty-run"),
            'mock=$!',
            'trap \'nginx -p "$app" -c conf/nginx.conf -s stop 2>/dev/null; kill "$mock" 2>/dev/null\' EXIT',
            CHECKS,
        } }
        assert(code == 0, recipes.report("the page's lines", code, out, err))

        for _, decoder in ipairs{ "core", "cjson" } do
            local page = read_json("anchors-" .. decoder .. ".json")
            assert.is_true(#page.items > 0)
            local _, empty = read_json("empty-" .. decoder .. ".json")
            assert.matches('"items":[]', empty, 1, true)
            local compare = read_json("compare-" .. decoder .. ".json")
            assert.is_number(compare["example.com"])
            local workers = {}
            for _, s in ipairs(lines_json("spent-" .. decoder .. ".jsonl")) do
                assert.are.equal(decoder, s.decoder)
                assert.are.equal("shared_dict", s.store)
                workers[s.worker] = s.spent
            end
            -- Both workers answered, and each saw the other's calls.
            assert.is_number(workers[0], "worker 0 never answered")
            assert.is_number(workers[1], "worker 1 never answered")
            assert.are.equal(workers[0], workers[1])
        end
        -- The same answers without the core.
        assert.are.same(read_json("anchors-core.json"), read_json("anchors-cjson.json"))

        -- Every call's cost, summed, is what both workers report.
        local cost = read_json("anchors-core.json").cost + read_json("empty-core.json").cost
        for i = 1, 20 do cost = cost + read_json("parallel-" .. i .. ".json").cost end
        local seen = {}
        for _, s in ipairs(lines_json("spent-after.jsonl")) do seen[s.worker] = s.spent end
        assert.is_true(math.abs(seen[0] - seen[1]) < 1e-9)
        -- /compare made 3 calls per round (of a price the answers do not show).
        assert.is_true(seen[0] > cost - 1e-9, ("spent %s, the answers cost %s"):format(seen[0], cost))

        local elapsed = tonumber(helpers.read_file(home .. "/elapsed.txt"))
        local stats = read_json("stats.json")
        print(("\n20 requests at once, 500 ms per call: %.2f s, %d in flight at most"):format(elapsed,
            stats.max_in_flight))
        assert.are.equal(20, stats.max_in_flight)         -- under max_concurrent (30), both workers
        assert.is_true(elapsed >= 0.5 and elapsed < 1.2, ("%.2f s"):format(elapsed))
    end)
end)
