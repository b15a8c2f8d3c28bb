-- `make demo` installs only the demo's packages: the commands `make -n demo`
-- prints that touch packages run on a machine where nothing is installed
-- (a dpkg-query that finds nothing, an apt-get that only records what it
-- is asked, root), and what they ask apt-get to install must be exactly the
-- list the README gives for the demo.
local helpers = dofile("spec/support/helpers.lua")
local quote = helpers.shell_quote

local SHIMS = {
    ["dpkg-query"] = "#!/bin/sh\nexit 1\n",
    ["apt-get"] = '#!/bin/sh\necho "$*" >>"$APT_LOG"\n',
    id = "#!/bin/sh\necho 0\n",
}

describe("make demo's Debian packages", function()
    local dir

    before_each(function() dir = helpers.tmpdir("dataforseo-deps") end)
    after_each(function() helpers.remove(dir) end)

    -- Runs the package commands of `make -n TARGET`; -> the packages asked for.
    local function installed_by(target)
        for name, text in pairs(SHIMS) do
            helpers.write_file(dir .. "/" .. name, text)
            assert(helpers.sh("chmod 755 " .. quote(dir .. "/" .. name)))
        end
        local log = dir .. "/apt-" .. target .. ".log"
        local commands = helpers.capture("cd " .. quote(helpers.ROOT) .. " && make -n " .. target)
        local ran = 0
        for line in commands:gmatch("[^\n]+") do
            if line:find("deps.sh", 1, true) then
                local code, _, err = helpers.run("cd " .. quote(helpers.ROOT) .. " && env APT_LOG="
                    .. quote(log) .. " PATH=" .. quote(dir .. ":" .. os.getenv("PATH")) .. " sh -c "
                    .. quote(line))
                assert.are.equal(0, code, line .. ": " .. tostring(err))
                ran = ran + 1
            end
        end
        assert.is_true(ran > 0, "make -n " .. target .. " runs no deps.sh line:\n" .. commands)
        local asked = {}
        for line in (helpers.read_file(log) or ""):gmatch("[^\n]+") do
            local list = line:match("^install (.*)$")
            if list then
                for word in list:gmatch("%S+") do
                    if not word:find("^%-") then asked[word] = true end
                end
            end
        end
        return asked
    end

    local function sorted(set)
        local list = {}
        for k in pairs(set) do list[#list + 1] = k end
        table.sort(list)
        return list
    end

    it("make -n demo asks for the README's demo list, nothing more or less", function()
        local readme = assert(helpers.read_file(helpers.ROOT .. "/README.md"))
        local paragraph = assert(readme:match("`make demo` installs only what the demo needs: (.-)%("),
            "README.md lost its list of the demo's packages")
        local listed = {}
        for name in paragraph:gmatch("`([^`]+)`") do listed[name] = true end
        assert.is_true(#sorted(listed) >= 8)
        assert.are.same(sorted(listed), sorted(installed_by("demo")))
    end)

    it("make -n test asks for the demo's packages and the rest", function()
        local demo, all = installed_by("demo"), installed_by("test")
        for name in pairs(demo) do assert.is_true(all[name], name) end
        for _, name in ipairs{ "luajit2", "lua-busted", "neovim", "valgrind", "luarocks" } do
            assert.is_true(all[name], name)
            assert.is_nil(demo[name], name .. " is in the demo's group")
        end
    end)
end)
