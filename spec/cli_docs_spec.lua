-- Issue 25 item 8: the command's docs and help checked, not hand-kept.
-- docs/cli.md lists exactly the parser's commands, in its order; the help
-- says what the options do (--password-file's default is the password,
-- not a path); a --fields error lists every field and says nothing of
-- bytes; exit code 6 is documented where the others are.
local helpers = dofile("spec/support/helpers.lua")
local cli_runner = dofile("spec/support/cli_runner.lua")

-- The commands of `dataforseo --help`, in order.
local function parser_commands()
    local code, out, err = cli_runner.run({ "--help" })
    assert.equal(0, code, err)
    local section = assert(out:match("\nCommands:\n(.-)\n\n"), out)
    local names = {}
    for line in section:gmatch("[^\n]+") do
        names[#names + 1] = line:match("^   ([%w-]+)")      -- not the lines a long summary wraps to
    end
    return names
end

describe("the command's docs", function()
    it("docs/cli.md lists the parser's commands, no more, no fewer, in its order", function()
        local doc = assert(helpers.read_file("docs/cli.md"))
        local table_text = assert(doc:match("\n## Commands\n.-\n(|.-)\n\n"), "docs/cli.md has no command table")
        local documented = {}
        for name in table_text:gmatch("\n| `([%w-]+)[^`]*` |") do documented[#documented + 1] = name end
        local names = parser_commands()
        assert.is_true(#names >= 12, table.concat(names, " "))
        assert.same(names, documented)
        -- and every endpoint of the library is one of them, in kebab case
        local listed = {}
        for _, n in ipairs(names) do listed[n] = true end
        for _, e in ipairs(require("dataforseo.api").list) do
            assert.is_true(listed[(e:gsub("_", "-"))], e)
        end
    end)

    it("says that $DATAFORSEO_PASSWORD holds the password, not a file's path", function()
        for _, command in ipairs({ "anchors", "summary", "report", "account" }) do
            local code, out = cli_runner.run({ command, "--help" })
            assert.equal(0, code)
            local flat = out:gsub("%s+", " ")
            assert.truthy(flat:find("--password-file FILE read the API password from FILE (by default the password "
                .. "is the value of $DATAFORSEO_PASSWORD)", 1, true), command .. ": " .. out)
            assert.is_nil(flat:find("FILE (default $DATAFORSEO_PASSWORD)", 1, true), command)
        end
    end)

    it("lists every field when --fields names an unknown one, and talks of no bytes", function()
        local code, out, err = cli_runner.run({ "backlinks", "forbes.com", "--fields", "url_from,bogus" })
        assert.equal(2, code)
        assert.equal("", out)
        assert.truthy(err:find("unknown field 'bogus'", 1, true), err)
        local e = require("dataforseo.api").get("backlinks")
        for _, name in ipairs(e.item_fields) do
            assert.truthy(err:find(name, 1, true), name .. " missing from: " .. err)
        end
        assert.truthy(err:find("is_indirect_link,indirect_link_path;", 1, true), err)    -- the end of the list
        assert.is_nil(err:find("bytes", 1, true), err)
        assert.is_nil(err:find("...", 1, true), err)
    end)

    it("documents exit code 6 (a walk not confirmed) in the help and in docs/cli.md", function()
        local _, out = cli_runner.run({ "anchors", "--help" })
        assert.truthy(out:gsub("%s+", " "):find("6 a walk not confirmed", 1, true), out)
        local doc = helpers.read_file("docs/cli.md")
        assert.truthy(doc:find("\n| 6 | a walk above `--confirm-over` was not confirmed: nothing was written (a bulk "
            .. "command's calls: nothing was sent) |", 1, true))
    end)
end)
