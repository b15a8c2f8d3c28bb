-- Runs inside headless Neovim for spec/hosts/neovim_spec.lua (the module
-- comes from the runtimepath, nothing else is on package.path): one async
-- query on vim.loop while a 50 ms timer ticks, then an async walk, each
-- compared with the blocking client inside the same Neovim.  Writes the
-- outcome as a Lua chunk to $DFS_OUT and quits.
local uv = vim.loop
local canonical = dofile(os.getenv("DFS_CANONICAL"))
local out_path = os.getenv("DFS_OUT")

local literal = dofile(os.getenv("DFS_LITERAL"))

local finished = false
local function finish(result)
    if finished then return end
    finished = true
    local f = assert(io.open(out_path, "w"))
    f:write("return ", literal(result), "\n")
    f:close()
    vim.schedule(function() vim.cmd("qa!") end)
end

local result = {}
local ok, err = pcall(function()
    local dataforseo = require "dataforseo"
    require "dataforseo.hosts.async"
    result.core_path = vim.api.nvim_get_runtime_file("lua/dataforseo/core.so", false)[1]
    local client = assert(dataforseo.new{ login = "demo", password = "demo",
        base_url = os.getenv("DFS_BASE_URL") })
    local params = { target = "big-example.com", limit = 10 }

    local ticks = 0
    local tick = uv.new_timer()
    tick:start(50, 50, function() ticks = ticks + 1 end)
    local started = uv.hrtime()
    local returned = false

    -- A callback that raises: Neovim reports it ("Error executing luv
    -- callback") and the editor goes on.
    local function error_step()
        client:anchors_async({ target = "big-example.com", limit = 1 }, function()
            error("plugin bug 4711")
        end)
        local polls = 0
        local poll = uv.new_timer()
        poll:start(100, 100, function()
            polls = polls + 1
            vim.schedule(function()
                if finished then return end
                local messages = vim.fn.execute("messages")
                if messages:find("plugin bug 4711", 1, true) or polls > 60 then
                    poll:close()
                    result.reported = messages:find("plugin bug 4711", 1, true) ~= nil
                    result.reported_as_luv = messages:find("luv callback", 1, true) ~= nil
                    finish(result)
                end
            end)
        end)
    end

    local function walk_step()
        local wparams = { target = "small-example.com" }
        local wopts = { limit = 2, concurrency = 4 }
        local items, pages = {}, 0
        client:anchors_pages_async(wparams, wopts, function(page)
            pages = pages + 1
            for _, item in ipairs(page.items) do items[#items + 1] = item end
        end, function(werr, w)
            result.walk_status = w.status
            result.walk_err = werr and tostring(werr)
            result.walk_pages = pages
            result.walk_async = canonical(items)
            vim.schedule(function()
                local all = client:anchors_all(wparams, wopts)
                result.walk_blocking = all and canonical(all)
                error_step()
            end)
        end)
    end

    client:anchors_async(params, function(cerr, page)
        result.ticks = ticks
        result.elapsed = (uv.hrtime() - started) / 1e9
        result.returned_first = returned
        result.fast_event = vim.in_fast_event()
        tick:stop()
        tick:close()
        result.err = cerr and tostring(cerr)
        if page then
            result.async = canonical(page.items)
            result.total_count = page.total_count
        end
        -- The editor API is for the main loop: go there first.
        vim.schedule(function()
            vim.api.nvim_buf_set_lines(0, 0, -1, false, { page and page.items[1].anchor or "none" })
            result.buffer_line = vim.api.nvim_buf_get_lines(0, 0, 1, false)[1]
            local blocking = client:anchors(params)
            result.blocking = blocking and canonical(blocking.items)
            walk_step()
        end)
    end)
    returned = true
end)
if not ok then
    result.error = tostring(err)
    finish(result)
end

-- A probe that never finishes must not keep the spec waiting.
local guard = uv.new_timer()
guard:start(40000, 0, function()
    result.error = "timeout inside Neovim"
    finish(result)
end)
guard:unref()
