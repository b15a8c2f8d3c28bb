-- The module inside headless Neovim (Debian's 0.7, LuaJIT, vim.loop = luv),
-- loaded the way a plugin ships it: a runtimepath directory holding lua/
-- with the Lua modules and core.so built for LuaJIT.  An async query to the
-- emulator (1 s latency) must leave the editor's loop running: a 50 ms timer
-- ticks at least 15 times before the answer, which equals the blocking
-- client's (inside Neovim and here); an async walk equals the blocking walk;
-- an error raised by a callback shows up as Neovim's "Error executing luv
-- callback" and the editor goes on.
--
-- Starts one emulator (stopped in teardown) and one nvim process per run
-- (ends itself; `timeout` kills it otherwise).  Needs `nvim` and
-- build/luajit/dataforseo/core.so (`make LUA=luajit`).
local emulator = dofile("spec/support/emulator.lua")
local dataforseo = require "dataforseo"

local function shell(cmd)
    local p = io.popen(cmd)
    local out = p:read("*a")
    p:close()
    return out
end

local function run(cmd)
    local r = os.execute(cmd)
    return r == true or r == 0          -- 5.4 and LuaJIT report differently
end

local function sh_quote(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

local ROOT = shell("pwd"):gsub("%s+$", "")
local HERE = ROOT .. "/spec/hosts"
local CORE = ROOT .. "/build/luajit/dataforseo/core.so"
local canonical = dofile(HERE .. "/canonical.lua")

describe("inside headless Neovim", function()
    local srv, dir

    setup(function()
        srv = assert(emulator.start{ port = 0, latency_ms = 1000 })
        dir = shell("mktemp -d"):gsub("%s+$", "")
    end)

    teardown(function()
        if srv then srv:stop() end
        if dir and dir:match("^/tmp/") then os.execute("rm -rf " .. sh_quote(dir)) end
    end)

    it("answers an async query while the editor's timers keep running", function()
        assert.is_truthy(io.open(CORE), "build the LuaJIT core first: make LUA=luajit")
        assert.is_truthy(shell("command -v nvim"):find("nvim"), "nvim is not installed")
        -- A plugin directory: <rtp>/lua/dataforseo/{*.lua, core.so}.
        local rtp = dir .. "/plugin-dir"
        assert.is_true(run(table.concat({
            "mkdir -p", sh_quote(rtp .. "/lua"),
            "&& cp -R", sh_quote(ROOT .. "/lua/dataforseo"), sh_quote(rtp .. "/lua/"),
            "&& cp", sh_quote(CORE), sh_quote(rtp .. "/lua/dataforseo/core.so") }, " ")))
        local out = dir .. "/outcome.lua"
        local log = dir .. "/nvim.log"
        local cmd = table.concat({
            "cd", sh_quote(dir), "&&",
            "DFS_OUT=" .. sh_quote(out), "DFS_BASE_URL=" .. sh_quote(srv.base_url),
            "DFS_CANONICAL=" .. sh_quote(HERE .. "/canonical.lua"),
            "DFS_LITERAL=" .. sh_quote(ROOT .. "/spec/support/lua_literal.lua"),
            "timeout 60 nvim --headless -u NONE -i NONE -n",
            "--cmd", sh_quote("set rtp^=" .. rtp),
            "-c", sh_quote("luafile " .. HERE .. "/neovim_probe.lua"),
            "</dev/null >" .. sh_quote(log) .. " 2>&1" }, " ")
        run(cmd)
        local chunk = loadfile(out)
        assert.is_truthy(chunk, "Neovim wrote no outcome; its output:\n" .. (shell("cat " .. sh_quote(log))))
        local r = chunk()
        if os.getenv("DFS_VERBOSE") then
            print(string.format("\nneovim: %d ticks of 50 ms before the answer (%.2f s), walk of %d pages",
                r.ticks or -1, r.elapsed or -1, r.walk_pages or -1))
        end
        assert.is_nil(r.error)
        assert.is_nil(r.err)
        -- Loaded from the plugin directory.
        assert.are.equal(rtp .. "/lua/dataforseo/core.so", r.core_path)
        -- The callback came on the loop, later, not inside anchors_async.
        assert.is_true(r.returned_first)
        assert.is_true(r.fast_event)
        assert.is_true(r.elapsed >= 1, "answered in " .. r.elapsed .. " s with 1 s latency")
        assert.is_true(r.ticks >= 15, "the 50 ms timer ticked only " .. tostring(r.ticks) .. " times")
        -- Equal to the blocking client inside Neovim, and to one here.
        assert.are.equal(r.blocking, r.async)
        assert(srv:control{ latency_ms = 0 })
        local client = assert(dataforseo.new{ login = "demo", password = "demo", base_url = srv.base_url })
        local page = assert(client:anchors{ target = "big-example.com", limit = 10 })
        assert.are.equal(canonical(page.items), r.async)
        assert.are.equal(page.total_count, r.total_count)
        assert.are.equal(page.items[1].anchor, r.buffer_line)
        -- The async walk equals the blocking walk.
        assert.are.equal("complete", r.walk_status)
        assert.is_nil(r.walk_err)
        assert.are.equal(r.walk_blocking, r.walk_async)
        local all = assert(client:anchors_all({ target = "small-example.com" }, { limit = 2 }))
        assert.are.equal(canonical(all), r.walk_async)
        -- A raising callback goes to Neovim's own report, and Neovim goes on.
        assert.is_true(r.reported)
        assert.is_true(r.reported_as_luv)
        assert.is_true(r.walk_pages >= 3, "the walk had " .. tostring(r.walk_pages) .. " pages")
    end)
end)
