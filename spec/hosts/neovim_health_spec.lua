-- :checkhealth dataforseo in headless Neovim (Debian's 0.7, LuaJIT), with
-- the module on a plugin runtimepath as a plugin ships it (lua/dataforseo
-- plus the LuaJIT core.so).  The report is written from the checkhealth
-- buffer to a file and read here: OK lines for the core, libcurl (the
-- version and TLS backend this libcurl reports), the module and its JSON
-- decoder, luv (vim.loop on Debian's 0.7) and the credentials; the credentials themselves never appear, not even four
-- characters of them.  A core.so built for Lua 5.4 and no credentials give
-- an ERROR naming the fix and a WARNING.  The 0.9+ API (vim.health.start,
-- ...) is taken when present: checked with a recording table in its place.
-- Needs nvim and build/luajit (make LUA=luajit); one nvim per run, ended
-- by `timeout` if it hangs.
local helpers = dofile("spec/support/helpers.lua")
local quote = helpers.shell_quote

local ROOT = helpers.ROOT
local CORE_JIT = helpers.build_dir("luajit") .. "/dataforseo/core.so"
local CORE_54 = helpers.build_dir("lua5.4") .. "/dataforseo/core.so"
-- Secrets no report line could contain by chance.
local LOGIN, PASSWORD = "Qz7Xv9Jw2Lk5", "Wp3Kj8Rt6Yh1"

-- Runs nvim with `rtp` first on the runtimepath and the given -c commands;
-- env: extra "NAME=value" words (or "-u NAME" to unset).
local function nvim(dir, rtp, env, commands)
    local args = {}
    for _, c in ipairs(commands) do args[#args + 1] = "-c " .. quote(c) end
    local code, out, err = helpers.run(table.concat({
        "cd", quote(dir), "&& env", table.concat(env, " "),
        "timeout 60 nvim --headless -u NONE -i NONE -n",
        "--cmd", quote("set rtp^=" .. rtp), table.concat(args, " ") }, " "))
    return code, (out or "") .. (err or "")
end

local function plugin_dir(dir, core)
    local rtp = dir .. "/plugin-dir"
    assert(helpers.sh(table.concat({
        "mkdir -p", quote(rtp .. "/lua"),
        "&& cp -R", quote(ROOT .. "/lua/dataforseo"), quote(rtp .. "/lua/"),
        "&& cp", quote(core), quote(rtp .. "/lua/dataforseo/core.so") }, " ")))
    return rtp
end

local function checkhealth(dir, rtp, env)
    local report = dir .. "/health.txt"
    local code, log = nvim(dir, rtp, env, { "checkhealth dataforseo", "w! " .. report, "qa!" })
    local text = helpers.read_file(report)
    assert(text, "Neovim wrote no report (exit " .. tostring(code) .. "):\n" .. log)
    return text
end

local function assert_no_secret(text)
    for _, secret in ipairs{ LOGIN, PASSWORD } do
        for i = 1, #secret - 3 do
            local part = secret:sub(i, i + 3)
            assert(not text:find(part, 1, true), "the report shows '" .. part .. "' of a credential")
        end
    end
end

describe(":checkhealth dataforseo in headless Neovim", function()
    local dir

    before_each(function()
        assert.is_truthy(helpers.exists(CORE_JIT), "build the LuaJIT core first: make LUA=luajit")
        assert.is_truthy(helpers.capture("command -v nvim"):find("nvim"), "nvim is not installed")
        dir = helpers.tmpdir("dataforseo-health")
    end)

    after_each(function() helpers.remove(dir) end)

    it("shows OK lines for the core, libcurl, the decoder, luv and credentials, never the credentials", function()
        local rtp = plugin_dir(dir, CORE_JIT)
        local text = checkhealth(dir, rtp, { "DATAFORSEO_LOGIN=" .. LOGIN, "DATAFORSEO_PASSWORD=" .. PASSWORD })
        local info = require("dataforseo.core").http.info()
        local version = require("dataforseo")._VERSION
        assert.matches("## dataforseo", text, 1, true)
        local expected = {
            "- OK: dataforseo.core loads from " .. rtp .. "/lua/dataforseo/core.so (LuaJIT ",
            "(Lua 5.1 ABI)",
            "- OK: libcurl " .. info.version .. ", TLS: " .. info.ssl,
            "- OK: dataforseo " .. version .. " loads; JSON decoder: core (dataforseo.json.decoder)",
            "- OK: luv (vim.loop, libuv ",
            "- OK: DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD are set (values not shown)",
        }
        for _, line in ipairs(expected) do
            assert(text:find(line, 1, true), "missing '" .. line .. "' in:\n" .. text)
        end
        assert.is_nil(text:find("ERROR", 1, true), text)
        assert.is_nil(text:find("WARNING", 1, true), text)
        assert_no_secret(text)
    end)

    it("names the fix for a core.so built for another Lua, and warns of missing credentials", function()
        assert.is_truthy(helpers.exists(CORE_54), "build the Lua 5.4 core first: make")
        local rtp = plugin_dir(dir, CORE_54)
        local text = checkhealth(dir, rtp, { "-u DATAFORSEO_LOGIN", "-u DATAFORSEO_PASSWORD" })
        assert(text:find("- ERROR: dataforseo.core does not load from " .. rtp .. "/lua/dataforseo/core.so", 1, true),
            text)
        assert(text:find("built for another Lua than LuaJIT", 1, true), text)
        assert(text:find("make LUA=luajit", 1, true), text)
        assert(text:find("- WARNING: DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD are not set", 1, true), text)
        assert.is_nil(text:find("- OK: dataforseo.core", 1, true), text)
    end)

    it("reports through vim.health.start/ok/... where Neovim has them (0.9+)", function()
        local rtp = plugin_dir(dir, CORE_JIT)
        local out = dir .. "/calls.txt"
        helpers.write_file(dir .. "/probe.lua", [[
            local calls = {}
            local function rec(name) return function(msg) calls[#calls + 1] = name .. ": " .. msg end end
            vim.health = { start = rec("start"), ok = rec("ok"), warn = rec("warn"),
                           error = rec("error"), info = rec("info") }
            require("dataforseo.health").check()
            local f = assert(io.open(os.getenv("DFS_OUT"), "w"))
            f:write(table.concat(calls, "\n"), "\n")
            f:close()
        ]])
        local _, log = nvim(dir, rtp, { "DFS_OUT=" .. quote(out), "DATAFORSEO_LOGIN=" .. LOGIN,
            "DATAFORSEO_PASSWORD=" .. PASSWORD }, { "luafile " .. dir .. "/probe.lua", "qa!" })
        local text = helpers.read_file(out)
        assert(text, "the probe wrote nothing:\n" .. log)
        assert.matches("^start: dataforseo\n", text)
        assert(text:find("\nok: dataforseo.core loads from ", 1, true), text)
        assert(text:find("\nok: DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD are set", 1, true), text)
        assert_no_secret(text)
    end)
end)
