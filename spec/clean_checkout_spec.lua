-- A newcomer's checkout: the emulator starts and answers from a tree with
-- no build/ directory at all and no LUA_PATH / LUA_CPATH in the
-- environment, as `make demo` runs on a clean clone.  It broke once:
-- nginx's lua_package_cpath came out as a single ";", which drops
-- LuaJIT's default search path and so lua-cjson.  The emulator's own tree
-- (emulator/) is all it needs: lua/dataforseo is not copied.
local helpers = dofile("spec/support/helpers.lua")
local quote = helpers.shell_quote

describe("the emulator from a checkout without build/", function()
    local dir

    before_each(function()
        dir = helpers.tmpdir("dataforseo-clean")
        assert(helpers.sh("cp -R " .. quote(helpers.ROOT .. "/emulator") .. " " .. quote(dir .. "/emulator")))
        assert.is_false(helpers.exists(dir .. "/build"))
        assert.is_false(helpers.exists(dir .. "/lua"))
    end)

    after_each(function() helpers.remove(dir) end)

    it("requires nothing from lua/dataforseo (every require in its tree)", function()
        local files = helpers.capture("find " .. quote(dir .. "/emulator")
            .. " -name '*.lua' -o -name 'dataforseo-emulator'")
        local checked = 0
        for file in files:gmatch("[^\n]+") do
            local text = helpers.read_file(file)
            for name in text:gmatch("require%s*%(?%s*[\"']([%w_.]+)[\"']") do
                assert.is_nil(name:match("^dataforseo%.") or (name == "dataforseo" and name) or nil,
                    file .. " requires " .. name)
            end
            checked = checked + 1
        end
        assert.is_true(checked > 10)
    end)

    it("starts and answers anchors (filters of every kind), user_data and available_filters", function()
        local script = [[
            -- Any attempt to load the client library fails loudly.
            table.insert(package.searchers or package.loaders, 1, function(name)
                if name == "dataforseo" or name:match("^dataforseo%.") then
                    error("the emulator loaded " .. name .. " from the client library")
                end
            end)
            local emulator = require("dataforseo_emulator")
            local srv, err = emulator.start{ port = 0 }
            if not srv then io.stderr:write(tostring(err)); os.exit(3) end
            local res = srv:post_anchors({ { target = "forbes.com", limit = 2 } })
            local filtered = srv:post_anchors({ { target = "cyrillic-example.com", limit = 100,
                filters = { { "anchor", "regex", "^\\p{Cyrillic}+$" }, "or",
                    { { "anchor", "ilike", "%seo%" }, "and", { "anchor", "match", "blog" } } },
                backlinks_filters = { "dofollow", "=", true }, order_by = { "anchor,asc" } } })
            local user = srv:user_data()
            local fields = srv:request({ path = "/v3/backlinks/available_filters",
                headers = { Authorization = srv:authorization() } })
            srv:stop()
            local items = filtered and require("cjson").decode(filtered.body).tasks[1].result[1].items or {}
            local anchors = {}
            for i, item in ipairs(items) do anchors[i] = item.anchor end
            io.write(tostring(res and res.status), " ", tostring(res and res.body), "\n",
                table.concat(anchors, "|"), "\n", tostring(user and user.tasks[1].result[1].login), "\n",
                tostring(fields and fields.body))
        ]]
        local cmd = "cd " .. quote(dir) .. " && env -u LUA_CPATH LUA_PATH="
            .. quote(dir .. "/emulator/lua/?.lua;" .. dir .. "/emulator/lua/?/init.lua;;")
            .. " " .. helpers.LUA .. " -e " .. quote(script)
        local code, out, err = helpers.run(cmd)
        assert.are.equal(0, code, err)
        local first, anchors, login, fields = out:match("^(.-)\n(.-)\n(.-)\n(.*)$")
        assert.matches("^200 ", first)
        assert.matches('"status_code":20000', first, 1, true)
        assert.matches('"target":"forbes.com"', first, 1, true)
        -- Whole-Cyrillic anchors, and "Blog про SEO" through ilike and match.
        assert.are.equal("Blog \208\191\209\128\208\190 SEO|" ..
            "\208\157\208\190\208\178\208\190\209\129\209\130\208\184|" ..
            "\208\191\208\190\208\180\209\128\208\190\208\177\208\189\208\181\208\181|" ..
            "\208\191\209\128\208\184\208\188\208\181\209\128", anchors)
        assert.are.equal("demo", login)
        assert.matches('"anchor":"str"', fields, 1, true)
    end)
end)
