-- Issue 20 item 6: the command's parser is the one declaration of its
-- commands and options.  The shell completions come from it (and the
-- installed copies in cli/completions/ do not drift), bash completes
-- commands, options and their choices, and an endpoint description added
-- to the library gets its command, options, help and completion by itself.
local helpers = dofile("spec/support/helpers.lua")
local cli_runner = dofile("spec/support/cli_runner.lua")

local q = helpers.shell_quote

local FILES = { bash = "cli/completions/dataforseo.bash", zsh = "cli/completions/_dataforseo",
    fish = "cli/completions/dataforseo.fish" }

describe("dataforseo completion", function()
    it("prints each shell's script, the same as cli/completions/ (regenerate them when this fails)", function()
        for shell, file in pairs(FILES) do
            local code, out, err = cli_runner.run({ "completion", shell })
            assert.equal(0, code, err)
            assert.equal(helpers.read_file(file), out,
                file .. " drifted: make completions (cli/bin/dataforseo completion " .. shell .. " > " .. file .. ")")
        end
        local code, out, err = cli_runner.run({ "completion", "tcsh" })
        assert.equal(2, code)
        assert.equal("", out)
        assert.truthy(err:find("--help", 1, true), err)
    end)

    -- COMPREPLY for the words typed so far (the last one being completed).
    local function complete(words)
        local quoted = {}
        for i, w in ipairs(words) do quoted[i] = q(w) end
        local script = ("source %s; COMP_WORDS=(%s); COMP_CWORD=%d; _dataforseo; printf '%%s\\n' \"${COMPREPLY[@]}\"")
            :format(q(FILES.bash), table.concat(quoted, " "), #words - 1)
        local code, out = helpers.run("bash -c " .. q(script))
        assert.equal(0, code)
        local set = {}
        for line in out:gmatch("[^\n]+") do set[line] = true end
        return set
    end

    it("completes commands, their options and the options' choices in bash", function()
        local commands = complete({ "dataforseo", "" })
        for _, name in ipairs({ "anchors", "backlinks", "referring-domains", "referring-networks", "domain-pages",
            "domain-pages-summary", "summary", "report", "spend", "account", "mock", "completion" }) do
            assert.is_true(commands[name], name)
        end
        local options = complete({ "dataforseo", "anchors", "--" })
        for _, name in ipairs({ "--limit", "--filter", "--order-by", "--all", "--max-cost", "--format",
            "--password-file", "--base-url" }) do
            assert.is_true(options[name], name)
        end
        assert.is_nil(options["--out"])                -- report's, not anchors'
        assert.same({ live = true, lost = true, all = true }, complete({ "dataforseo", "anchors", "--status", "" }))
        assert.same({ table = true, csv = true, jsonl = true, json = true },
            complete({ "dataforseo", "backlinks", "--format", "" }))
    end)

    it("gives a new endpoint description its command, options, help and completion by itself", function()
        -- A description as the api helper writes them (endpoint.define), with
        -- field types the command has no special code for: an array of
        -- targets, a date, and a type it has never seen.  The registry is
        -- told of it in a child process.
        local dir = helpers.tmpdir("dataforseo-cli-newendpoint")
        local script = dir .. "/new.lua"
        helpers.write_file(script, [[
            local endpoint = require "dataforseo.api.endpoint"
            local api = require "dataforseo.api"
            local json_writer = require "dataforseo.json_writer"
            local e = endpoint.define{ name = "bulk_thing", path = "/v3/backlinks/bulk_thing/live", kind = "bulk",
                fields = { targets = { type = "targets", required = true },
                    date_from = { type = "date" }, top_n = { type = "integer", min = 1, max = 50 },
                    include_new = { type = "boolean", default = false },
                    sort = { type = "string", enum = { "a", "b" } } },
                field_order = { "targets", "date_from", "top_n", "include_new", "sort" },
                price = { call = 0.02, item = 0 } }
            -- a type no entry of the command knows: a JSON option (no request is made of it here)
            local later = endpoint.define{ name = "later_thing", path = "/v3/backlinks/later_thing/live",
                kind = "object", fields = { target = { type = "string", required = true }, novel = { type = "novel" } },
                field_order = { "target", "novel" }, price = { call = 0.02, item = 0 } }
            api.list[#api.list + 1] = "bulk_thing"
            api.list[#api.list + 1] = "later_thing"
            local get = api.get
            api.get = function(name)
                if name == "bulk_thing" then return e elseif name == "later_thing" then return later end
                return get(name)
            end
            local parser = require "dataforseo_cli.parser"
            local r = parser.parse({ "bulk-thing", "a.com", "b.com", "--date-from", "2024-01-01", "--top-n", "7",
                "--include-new", "--sort", "b" })
            local params = require("dataforseo_cli.request").params(e, r.opts, r.target)
            io.write(json_writer.encode(params), "\n")
            io.write(parser.parse({ "bulk-thing", "--help" }).help)
            io.write(parser.parse({ "later-thing", "--help" }).help)
            io.write(parser.completion("bash"))
            local ok, err = pcall(parser.parse, { "bulk-thing", "a.com", "--top-n", "99" })
            io.write("\nERROR ", tostring(not ok and err.message), "\n")
        ]])
        local code, out, err = helpers.run(("env LUA_PATH=%s LUA_CPATH=%s %s %s"):format(
            q(helpers.ROOT .. "/lua/?.lua;" .. helpers.ROOT .. "/lua/?/init.lua;" .. helpers.ROOT .. "/cli/lua/?.lua;"
                .. helpers.ROOT .. "/cli/lua/?/init.lua;;"),
            q(helpers.build_dir(helpers.LUA) .. "/?.so;;"), helpers.LUA, q(script)))
        helpers.remove(dir)
        assert.equal(0, code, err)
        local params = assert(require("dataforseo.json").decode(out:match("^[^\n]+")))
        assert.same({ targets = { "a.com", "b.com" }, date_from = "2024-01-01", top_n = 7, include_new = true,
            sort = "b" }, params)
        assert.truthy(out:find("Usage: dataforseo bulk-thing [TARGET...] [--targets-file FILE] [options]", 1, true),
            out)
        for _, option in ipairs({ "--targets-file FILE", "--date-from YYYY-MM-DD", "--top-n N", "--include-new",
            "--sort a|b",
            "--novel JSON" }) do
            assert.truthy(out:find(option, 1, true), option)
        end
        assert.truthy(out:find("bulk-thing)", 1, true))        -- a case of the bash completion
        assert.truthy(out:find("later-thing)", 1, true))
        assert.truthy(out:find("ERROR --top-n: 99 is out of range (an integer from 1 to 50)", 1, true), out)
    end)
end)
