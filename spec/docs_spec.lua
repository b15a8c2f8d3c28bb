-- The code blocks of README.md and docs/*.md, run so that the docs cannot
-- rot.  Fence conventions (docs/development.md, "Code blocks in the docs"):
--   ```lua             run in a process of its own under the interpreter of
--                      the specs, with the checkout's module, against the emulator
--   ```lua continue    run after the lua block before it in the same file (joined)
--   ```sh              run by bash -e -o pipefail in an empty directory;
--                      `dataforseo` is the checkout's command aimed at the emulator
--   ```LANG norun WHY  not run (it needs Neovim, nginx, root, ...): lua is
--                      compiled, sh is parsed (bash -n); listed with WHY
--   ```text            program output or a listing, not code
-- Any other fence fails.  The blocks run unedited, as a reader runs them
-- against the emulator: DATAFORSEO_LOGIN / DATAFORSEO_PASSWORD of its demo
-- account and DATAFORSEO_BASE_URL its address.  One emulator serves every
-- block (reset before each); every run is cut off after 60 s.
local helpers = dofile("spec/support/helpers.lua")
local quote = helpers.shell_quote

local ROOT = helpers.ROOT

-- --- The emulator and the module paths the blocks see. ----------------------
-- The only lines that know where the emulator lives (blocks of
-- docs/emulator.md require dataforseo_emulator).
local LUA_PATH = ROOT .. "/lua/?.lua;" .. ROOT .. "/lua/?/init.lua;" .. ROOT .. "/cli/lua/?.lua;" .. ROOT
    .. "/cli/lua/?/init.lua;" .. ROOT
    .. "/emulator/lua/?.lua;" .. ROOT .. "/emulator/lua/?/init.lua;;"
local function start_emulator()
    return assert(dofile("spec/support/emulator.lua").start{ port = 0, login = "demo",
        password = "demo" })
end
-- -----------------------------------------------------------------------------

local LUA_CPATH = helpers.build_dir() .. "/?.so;;"

-- `dataforseo` of an sh block: the checkout's command.
local SHIM = [[
#!/bin/sh
exec "$DFS_DOCS_ROOT/cli/bin/dataforseo" "$@"
]]

local function doc_files()
    local files = { "README.md" }
    for name in helpers.capture("ls " .. quote(ROOT .. "/docs") .. " 2>/dev/null"):gmatch("[^\n]+") do
        if name:match("%.md$") then files[#files + 1] = "docs/" .. name end
    end
    return files
end

-- Blocks of one markdown text: { line =, info =, lang =, tag =, why =, code = }.
local blocks_of = dofile("spec/support/fences.lua").blocks

-- "run" | "continue" | "norun" | "text", or nil and why the fence is not allowed.
local function kind_of(b)
    if b.lang == "text" and b.tag == "" then return "text" end
    if b.tag == "norun" then
        if b.lang == "" then return nil, "a norun block names its language" end
        if b.why == "" then return nil, "norun needs a reason after it (```" .. b.lang .. " norun WHY)" end
        return "norun"
    end
    if b.lang == "lua" and b.tag == "continue" and b.why == "" then return "continue" end
    if (b.lang == "lua" or b.lang == "sh") and b.tag == "" then return "run" end
    return nil, "fence '```" .. b.info .. "' is not one of ```lua, ```lua continue, ```sh, "
        .. "```text, ```LANG norun WHY"
end

local files = doc_files()
local listed = {}

describe("code blocks of the docs", function()
    local srv, dir, shim_dir

    setup(function()
        srv = start_emulator()
        dir = helpers.tmpdir("dataforseo-docs")
        shim_dir = dir .. "/bin"
        assert(helpers.sh("mkdir -p " .. quote(shim_dir)))
        helpers.write_file(shim_dir .. "/dataforseo", SHIM)
        assert(helpers.sh("chmod 755 " .. quote(shim_dir .. "/dataforseo")))
    end)

    teardown(function()
        if srv then srv:stop() end
        helpers.remove(dir)
    end)

    -- Runs `cmd` in a fresh empty directory with the docs' environment.
    local function run_in_sandbox(name, cmd)
        assert(srv:control{ reset = true })
        local work = dir .. "/" .. name
        assert(helpers.sh("rm -rf " .. quote(work) .. " && mkdir -p " .. quote(work)))
        local env = table.concat({
            "DATAFORSEO_LOGIN=demo", "DATAFORSEO_PASSWORD=demo",
            "DATAFORSEO_BASE_URL=" .. quote(srv.base_url), "DFS_DOCS_ROOT=" .. quote(ROOT),
            "XDG_CACHE_HOME=" .. quote(work .. "/.cache"),     -- the command's response store
            "LUA_PATH=" .. quote(LUA_PATH), "LUA_CPATH=" .. quote(LUA_CPATH),
            "PATH=" .. quote(shim_dir .. ":" .. os.getenv("PATH")),
        }, " ")
        return helpers.run("cd " .. quote(work) .. " && env " .. env .. " timeout 60 " .. cmd)
    end

    for _, file in ipairs(files) do
        local text = helpers.read_file(ROOT .. "/" .. file)
        local previous_lua
        for _, b in ipairs(blocks_of(text)) do
            local where = file .. ":" .. b.line
            local kind, problem = kind_of(b)
            local source = b.code
            local follows = previous_lua ~= nil
            if kind == "continue" then
                source = (previous_lua or "") .. source
            end
            if b.lang == "lua" and kind ~= "norun" then previous_lua = source end

            if not kind then
                it(where .. " uses a known fence", function() error(where .. ": " .. problem) end)
            elseif kind == "norun" then
                listed[#listed + 1] = where .. " (" .. b.lang .. "): " .. b.why
                if b.lang == "lua" then
                    it(where .. " (lua norun) compiles", function()
                        local chunk, err = (loadstring or load)(source, "=" .. where)
                        assert(chunk, err)
                    end)
                elseif b.lang == "sh" then
                    it(where .. " (sh norun) parses", function()
                        local path = dir .. "/norun.sh"
                        helpers.write_file(path, source)
                        local code, _, err = helpers.run("bash -n " .. quote(path))
                        assert.are.equal(0, code, where .. ": " .. tostring(err))
                    end)
                end
            elseif kind ~= "text" then
                local n = b.line
                it(where .. " (" .. b.lang .. ") runs", function()
                    if kind == "continue" then
                        assert(follows, where .. ": ```lua continue with no lua block before it")
                    end
                    local name = file:gsub("[^%w]", "_") .. "_" .. n
                    local path = dir .. "/" .. name .. "." .. b.lang
                    helpers.write_file(path, source)
                    local cmd
                    if b.lang == "lua" then
                        cmd = helpers.LUA .. " " .. quote(path)
                    else
                        cmd = "bash -e -o pipefail " .. quote(path)
                    end
                    local code, out, err = run_in_sandbox(name, cmd)
                    assert(code == 0, string.format("%s exited %s\n--- code:\n%s--- stdout:\n%s--- stderr:\n%s",
                        where, tostring(code), source, out or "", err or ""))
                end)
            end
        end
    end

    it("lists the blocks it does not run", function()
        print(string.format("\n%d code blocks not run:", #listed))
        for _, line in ipairs(listed) do print("  " .. line) end
        assert.is_true(#files >= 2, "no docs/*.md found")
    end)
end)
