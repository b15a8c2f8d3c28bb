-- The install recipes of README.md, run verbatim (spec/support/recipes.lua:
-- the lines come from the README, in a clean clone of HEAD, with a scratch
-- HOME), each followed by a call against the emulator through what it
-- installed.  Each recipe runs once, under the interpreter it is for:
--   lua5.4   LuaRocks for 5.4 into a tree (and the command's message and
--            exit 127 once the library rock is gone), make install with a
--            prefix and the README's first query through DATAFORSEO_BASE_URL,
--            LuaRocks system-wide (as root, over a private /usr/local)
--   luajit   LuaRocks for 5.1 into a tree (loaded by LuaJIT), the Neovim
--            plugin copy with :checkhealth and docs/neovim.md's plugin
-- The OpenResty recipe: spec/hosts/openresty_recipe_spec.lua.
local helpers = dofile("spec/support/helpers.lua")
local recipes = dofile("spec/support/recipes.lua")
local emulator = dofile("spec/support/emulator.lua")
local quote = helpers.shell_quote

-- Run by an installed interpreter: dataforseo.core must come from under
-- arg[1], and one call to the emulator must answer.
local CHECK_LUA = [[
local prefix, where = arg[1], nil
for template in package.cpath:gmatch("[^;]+") do   -- package.searchpath: not in 5.1
    local path = template:gsub("%?", "dataforseo/core")
    local f = io.open(path, "rb")
    if f then f:close(); where = path; break end
end
assert(where and where:sub(1, #prefix) == prefix,
    "dataforseo.core comes from " .. tostring(where) .. ", not from under " .. prefix)
local client = assert(require("dataforseo").new{ base_url = os.getenv("URL"), login = "demo",
    password = "demo" })
local page = assert(client:anchors{ target = "forbes.com", limit = 2 })
assert(#page.items == 2, "items: " .. #page.items)
print("module ok: " .. where)
]]

-- The installed command, from anywhere, against the emulator.
local CHECK_COMMAND = [[
dataforseo --version
DATAFORSEO_LOGIN=demo DATAFORSEO_PASSWORD=demo dataforseo anchors forbes.com --limit 2 \
    --fields anchor,backlinks --format jsonl --base-url "$URL" >cmd.jsonl
test "$(wc -l <cmd.jsonl)" -eq 2
]]

describe("install recipes of the README (" .. helpers.LUA .. ")", function()
    local dir, clone, srv

    setup(function()
        dir = helpers.tmpdir("dataforseo-install")
        clone = recipes.clone(dir)
        srv = assert(emulator.start{ port = 0 })
    end)

    teardown(function()
        if srv then srv:stop() end
        helpers.remove(dir)
    end)

    -- Runs the recipe's lines in the clone, then `checks` in HOME.
    local function run(name, parts, opts)
        opts = opts or {}
        local home = opts.home or recipes.home(dir, name)
        helpers.write_file(home .. "/check.lua", CHECK_LUA)
        local env = { URL = srv.base_url }
        for k, v in pairs(opts.env or {}) do env[k] = v end
        local code, out, err = recipes.run{ cwd = clone, home = home, env = env, parts = parts,
            wrap = opts.wrap }
        assert(code == 0, recipes.report("recipe " .. name, code, out, err))
        return home, out, err
    end

    if helpers.LUA == "lua5.4" then
        it("LuaRocks for Lua 5.4 into a tree: the library rock holds no command; the command "
            .. "answers; without the library it says where it looked (exit 127)", function()
            local home = run("luarocks-5.4", {
                recipes.block("README.md", "luarocks-5.4"),
                'cd "$HOME"',
                CHECK_COMMAND,
                'lua5.4 check.lua "$HOME/.luarocks/"',
                'tree="$HOME/.luarocks"',
                'luarocks --lua-version=5.4 --tree="$tree" show --modules dataforseo >lib.modules',
                'luarocks --lua-version=5.4 --tree="$tree" remove --force dataforseo >/dev/null',
                'set +e; dataforseo --version >missing.out 2>missing.err; echo $? >missing.code; set -e',
            })
            local modules = helpers.read_file(home .. "/lib.modules")
            assert.truthy(modules:find("dataforseo.core", 1, true), modules)
            assert.falsy(modules:find("dataforseo_cli", 1, true), modules)
            assert.are.equal("127", helpers.read_file(home .. "/missing.code"):match("%d+"))
            local message = helpers.read_file(home .. "/missing.err")
            assert.matches("cannot load module 'dataforseo", message, 1, true)
            assert.matches("searched package.path:  " .. home .. "/.luarocks/share/lua/5.4/?.lua", message, 1, true)
            assert.matches("luarocks --lua-version=5.4 make rockspec/dataforseo-scm-1.rockspec", message, 1, true)
            assert.matches('eval "$(luarocks --lua-version=5.4 --tree=DIR path)"', message, 1, true)
        end)

        it("make install with a prefix, then the README's first query through DATAFORSEO_BASE_URL", function()
            local home = recipes.home(dir, "make-install")
            helpers.write_file(home .. "/first.lua", recipes.block_after("README.md", "first-query", "lua"))
            local _, out = run("make-install", {
                recipes.block("README.md", "make-install"),
                'cd "$HOME"',
                CHECK_COMMAND,
                'lua5.4 check.lua "$HOME/.local/lib/lua/5.4/"',
                'cd ' .. quote(clone),
                recipes.block("README.md", "first-query"),
                'mock=$!',
                'trap \'kill "$mock" 2>/dev/null || true\' EXIT',
                'cd "$HOME"',
                'for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/8089) 2>/dev/null && break; sleep 0.1; done',
                'lua5.4 first.lua >first.out',
                'kill "$mock"; wait "$mock" || true',
            }, { home = home })
            local first = helpers.read_file(home .. "/first.out")
            assert.matches("anchors in all; this call cost %$", first)
            assert.are.equal(5, select(2, first:gsub("\n", "")), first)   -- 4 anchors and the total
            assert.matches("module ok: " .. home .. "/.local/lib/lua/5.4/dataforseo/core.so", out, 1, true)
        end)

        it("make install DESTDIR=... stages everything under the stage, naming the final directories", function()
            local home = recipes.home(dir, "destdir")
            local prefix = home .. "/opt"
            run("destdir", {
                'make install DESTDIR="$HOME/stage" INST_PREFIX="$HOME/opt" INST_BINDIR="$HOME/opt/tools"',
                'test ! -e "$HOME/opt"',
                'cp -R "$HOME/stage$HOME/opt" "$HOME/opt"',
                'cd "$HOME"',
                'PATH="$HOME/opt/tools:$PATH"',
                CHECK_COMMAND,
            }, { home = home })
            local bin = helpers.read_file(prefix .. "/tools/dataforseo")
            assert.truthy(bin:find('local LUADIR, LIBDIR = "' .. prefix .. '/share/lua/5.4", "' .. prefix
                .. '/lib/lua/5.4"', 1, true))
        end)

        -- Debian's lua-cjson and lua-socket are no rocks: --deps-mode=none,
        -- and then LuaRocks' wrapper leaves the tree's paths out (eval path).
        it("the emulator's rock installs apart from the client's", function()
            run("emulator-rock", {
                'luarocks --lua-version=5.4 --tree="$HOME/t" make --deps-mode=none '
                    .. 'rockspec/dataforseo-emulator-scm-1.rockspec >/dev/null',
                'eval "$(luarocks --lua-version=5.4 --tree="$HOME/t" path)"',
                'cd "$HOME"',
                'test -x "$HOME/t/bin/dataforseo-emulator"',
                'test ! -e "$HOME/t/share/lua/5.4/dataforseo"',
                'dataforseo-emulator --port 0 >emulator.out &',
                'for i in $(seq 100); do grep -q "listening on" emulator.out && break; sleep 0.1; done',
                'url=$(sed -n "s/^DataForSEO emulator listening on //p" emulator.out)',
                'curl -sf -u demo:demo -d \'[{"target":"forbes.com","limit":1}]\' "$url/v3/backlinks/anchors/live" '
                    .. '| grep -q \'"status_code":20000\'',
                'kill %1; wait',
            })
        end)

        local can_unshare = helpers.is_root() and helpers.sh("unshare -m true 2>/dev/null")
        it("LuaRocks system-wide (as root, over a private /usr/local)", function()
            if not can_unshare then
                pending("needs root and unshare -m: the recipe writes /usr/local")
                return
            end
            local usr_local = dir .. "/usr-local"
            assert(helpers.sh("mkdir -p " .. quote(usr_local)))
            local wrap = "unshare -m sh -c " .. quote('mount --bind ' .. quote(usr_local)
                .. ' /usr/local && exec "$@"') .. " sh"
            local _, out = run("luarocks-system", {
                recipes.block("README.md", "luarocks-system"),
                'cd "$HOME"',
                'test "$(command -v dataforseo)" = /usr/local/bin/dataforseo',
                CHECK_COMMAND,
                'lua5.4 check.lua /usr/local/lib/lua/5.4/',
                'luajit check.lua /usr/local/lib/lua/5.1/',
            }, { wrap = wrap })
            assert.matches("module ok: /usr/local/lib/lua/5.1/dataforseo/core.so", out, 1, true)
            -- Nothing reached the machine's own /usr/local.
            assert.is_true(helpers.exists(usr_local .. "/bin/dataforseo"))
        end)
    end

    if helpers.LUA == "luajit" then
        it("LuaRocks for Lua 5.1 into a tree, loaded by LuaJIT", function()
            local _, out = run("luarocks-5.1", {
                recipes.block("README.md", "luarocks-5.1"),
                'cd "$HOME"',
                'luajit check.lua "$HOME/.luarocks/lib/lua/5.1/"',
                'lua5.1 check.lua "$HOME/.luarocks/lib/lua/5.1/"',
            })
            assert.matches("module ok: ", out, 1, true)
        end)

        it("make LUA=luajit install: the command runs on LuaJIT, the module loads from lib/lua/5.1", function()
            local _, out = run("luajit-install", {
                'make LUA=luajit install INST_PREFIX="$HOME/jit"',
                'cd "$HOME"',
                'PATH="$HOME/jit/bin:$PATH"',
                'dataforseo --version | grep LuaJIT',
                CHECK_COMMAND,
                'LUA_PATH="$HOME/jit/share/lua/5.1/?.lua;$HOME/jit/share/lua/5.1/?/init.lua;;" '
                    .. 'LUA_CPATH="$HOME/jit/lib/lua/5.1/?.so;;" luajit check.lua "$HOME/jit/lib/lua/5.1/"',
            })
            assert.matches("module ok: ", out, 1, true)
        end)

        it("the Neovim plugin copy: :checkhealth is clean, and docs/neovim.md's plugin answers", function()
            local home = recipes.home(dir, "neovim")
            local plugin = home .. "/.config/nvim/lua/anchors_demo"
            assert(helpers.sh("mkdir -p " .. quote(plugin)))
            helpers.write_file(plugin .. "/init.lua", recipes.block("docs/neovim.md", "neovim-plugin"))
            -- Waits for the buffer show() fills, then writes its lines to show.txt.
            helpers.write_file(home .. "/show.lua", [[
                require("anchors_demo").show("forbes.com")
                vim.wait(20000, function()
                    return (vim.api.nvim_buf_get_lines(0, 0, 1, false)[1] or ""):find("anchors") ~= nil
                end, 50)
                local f = assert(io.open("show.txt", "w"))
                f:write(table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n"), "\n")
                f:close()
            ]])
            local nvim = "nvim --headless -u NORC -i NONE -n "
            run("neovim", {
                recipes.block("README.md", "neovim"),
                'cd "$HOME"',
                nvim .. "-c 'checkhealth dataforseo' -c 'w! health.txt' -c 'qa!'",
                nvim .. "-c 'luafile show.lua' -c 'qa!'",
            }, { home = home, env = { DATAFORSEO_LOGIN = "demo", DATAFORSEO_PASSWORD = "demo",
                DATAFORSEO_BASE_URL = srv.base_url } })
            local health = helpers.read_file(home .. "/health.txt")
            assert.truthy(health:find("OK: dataforseo.core loads from " .. home
                .. "/.local/share/nvim/site/pack/dataforseo/start/dataforseo/lua/dataforseo/core.so", 1, true), health)
            assert.falsy(health:find("ERROR", 1, true), health)
            assert.falsy(health:find("WARNING", 1, true), health)
            local shown = helpers.read_file(home .. "/show.txt")
            assert.matches("^forbes%.com: %d+ anchors\n", shown)
            assert.are.equal(21, select(2, shown:gsub("\n", "")), shown)   -- the line and 20 anchors
        end)
    end
end)
