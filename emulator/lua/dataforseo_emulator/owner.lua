-- The process that started an nginx, and the watch that ends nginx with
-- it whatever ends that process.  nginx runs in a session of its own (so
-- Ctrl-C reaches only its owner), which a signal to the owner's process
-- group does not reach: SIGKILL to that group, a cancelled CI job or a
-- supervisor killing the tree used to leave nginx serving and its prefix
-- (with the password) on disk.  Each worker therefore checks its owner
-- four times a second; once the owner is gone (exited, a zombie, or its
-- pid reused by another process) the worker removes the prefix and stops
-- its master, which stops every worker.
--
--   owner.identity() -> { pid =, start = } of this process | nil (no /proc)
--   owner.watch(pid, start, prefix)      init_worker_by_lua, inside nginx
local M = {}

M.INTERVAL = 0.25

-- /proc/<pid>/stat: the state (field 3), the parent (4) and the start
-- time (22, in clock ticks since boot: a reused pid has another).
local function stat_of(pid)
    local f = io.open("/proc/" .. pid .. "/stat", "rb")
    if not f then return nil end
    local line = f:read("*l") or ""
    f:close()
    local state, rest = line:match("^%d+ %b() (%S) (.*)$")
    if not state then return nil end
    local fields = {}
    for word in rest:gmatch("%S+") do fields[#fields + 1] = word end
    return { state = state, ppid = tonumber(fields[1]), start = fields[19] }
end

function M.identity()
    local f = io.open("/proc/self/stat", "rb")
    if not f then return nil end
    local line = f:read("*l") or ""
    f:close()
    local pid = tonumber(line:match("^(%d+) "))
    local s = pid and stat_of(pid)
    if not s or not s.start then return nil end
    return { pid = pid, start = s.start }
end

-- Is the process pid, started at start, still running?
function M.alive(pid, start)
    local s = stat_of(pid)
    return s ~= nil and s.state ~= "Z" and s.state ~= "X" and s.start == start
end

local function shell_quote(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

-- kill(2) through the FFI (LuaJIT, as nginx runs it); a shell otherwise.
local kill
do
    local ok, ffi = pcall(require, "ffi")
    if ok then
        pcall(ffi.cdef, "int kill(int pid, int sig);")
        local found, fn = pcall(function() return ffi.C.kill end)
        if found then kill = function(pid, number) return fn(pid, number) == 0 end end
    end
    kill = kill or function(pid, number) return os.execute("kill -" .. number .. " " .. pid .. " 2>/dev/null") end
end

-- The end of an owner: the prefix goes first (the master's exit would end
-- this worker before it could), then the master is asked to stop.
local function ended(prefix)
    -- Only a directory made by nginx.lua (".../<name>.XXXXXX") is removed.
    if type(prefix) == "string" and prefix:match("^/.+/[^/]+%.[^/]+/?$") then
        os.execute("rm -rf " .. shell_quote(prefix))
    end
    local me = stat_of("self")
    if me and me.ppid and me.ppid > 1 then kill(me.ppid, 15) end
end

function M.watch(pid, start, prefix)
    local done = false
    local function check(premature)
        if premature or done then return end
        if not M.alive(pid, start) then
            done = true
            ended(prefix)
        end
    end
    local ok, err = ngx.timer.every(M.INTERVAL, check)
    if not ok then ngx.log(ngx.ERR, "emulator: cannot watch the process that started it: ", err) end
end

return M
