-- A newcomer's checkout: the emulator starts and answers from a tree with
-- no build/ directory at all (no LuaJIT core.so beside it), with no
-- LUA_PATH / LUA_CPATH in the environment, as `make demo` runs on a clean
-- clone.  It broke once: nginx's lua_package_cpath came out as a single
-- ";", which drops LuaJIT's default search path and so lua-cjson.
local helpers = dofile("spec/support/helpers.lua")
local quote = helpers.shell_quote

describe("the emulator from a checkout without build/", function()
    local dir

    before_each(function()
        dir = helpers.tmpdir("dataforseo-clean")
        assert(helpers.sh("cp -R " .. quote(helpers.ROOT .. "/lua") .. " " .. quote(dir .. "/lua")))
        assert.is_false(helpers.exists(dir .. "/build"))
    end)

    after_each(function() helpers.remove(dir) end)

    it("starts and answers an anchors query", function()
        local script = [[
            local mock = require("dataforseo.mock")
            local srv, err = mock.start{ port = 0 }
            if not srv then io.stderr:write(tostring(err)); os.exit(3) end
            local res = srv:post_anchors({ { target = "forbes.com", limit = 2 } })
            srv:stop()
            io.write(tostring(res and res.status), " ", tostring(res and res.body))
        ]]
        local cmd = "cd " .. quote(dir) .. " && env -u LUA_CPATH LUA_PATH="
            .. quote(dir .. "/lua/?.lua;" .. dir .. "/lua/?/init.lua;;")
            .. " " .. helpers.LUA .. " -e " .. quote(script)
        local code, out, err = helpers.run(cmd)
        assert.are.equal(0, code, err)
        assert.matches("^200 ", out)
        assert.matches('"status_code":20000', out, 1, true)
        assert.matches('"target":"forbes.com"', out, 1, true)
    end)
end)
