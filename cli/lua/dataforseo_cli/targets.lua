-- The targets of a bulk command: its TARGET arguments, then the lines of
-- --targets-file FILE ("-": standard input), any number of them, each
-- remembered with where it was given so that a problem names its line.
--
--   local targets = require "dataforseo_cli.targets"
--   local t = targets.collect(args, file, sys)
--     t.list        the targets, in the order given
--     t.where(i [, short])  where target i was given: "TARGET 3", "line 17 of targets.txt"
--                   (short: "line 17")
--     t.file        the file's name as shown ("standard input" for -), or nil
--     t.signal      "SIGINT" | "SIGTERM" when one stopped the reading (the list is then partial)
--   targets.read(handle, name, sys) -> targets, line_numbers, signal
-- A file holds one target a line; blank lines and lines starting with "#"
-- (spaces before it allowed) are skipped; spaces around a target, a CR
-- before the LF and a UTF-8 byte order mark at the start are dropped.  The
-- file must be a regular file or a pipe (`<(cmd)`, "-"): a directory, a
-- device or a socket is refused before anything opens it.  A line longer
-- than LINE_MAX bytes is refused (no target is that long; /dev/zero
-- behind a pipe would otherwise fill memory).  Problems are usage errors.
local process = require "dataforseo_cli.process"
local usage = require "dataforseo_cli.usage"

local M = {}

M.LINE_MAX = 65536
local CHUNK = 65536
local BOM = "\239\187\191"

-- One line of the file -> the target it holds, or nil (blank, a comment).
local function target_of(line)
    line = line:gsub("\r$", ""):gsub("^%s+", ""):gsub("%s+$", "")
    if line == "" or line:sub(1, 1) == "#" then return nil end
    return line
end

-- The targets of an open file, read in chunks (a line is never held whole
-- before it is known to be short enough).
function M.read(handle, name, sys)
    local list, lines = {}, {}
    local pending, number, first = "", 0, true
    local function take(line)
        number = number + 1
        if first then
            line = line:gsub("^" .. BOM, "")
            first = false
        end
        local t = target_of(line)
        if t then
            list[#list + 1] = t
            lines[#list] = number
        end
    end
    while true do
        local signal = sys.pending_signal()
        if signal then return list, lines, signal end
        local chunk, err = handle:read(CHUNK)
        if chunk == nil then
            if err then usage.raise("--targets-file: cannot read %s (%s)", name, tostring(err)) end
            break
        end
        local start = 1
        while true do
            local nl = chunk:find("\n", start, true)
            if not nl then break end
            take(pending .. chunk:sub(start, nl - 1))
            pending, start = "", nl + 1
        end
        pending = pending .. chunk:sub(start)
        if #pending > M.LINE_MAX then
            usage.raise("--targets-file: line %d of %s is longer than %d bytes: not a target", number + 1,
                name, M.LINE_MAX)
        end
    end
    if pending ~= "" then take(pending) end
    return list, lines, nil
end

local function open(file, sys)
    if file == "-" then return sys.stdin, "standard input", false end
    local kind, why = process.file_type(file)
    if not kind then usage.raise("--targets-file: cannot read '%s' (%s)", file, tostring(why)) end
    if kind == "directory" then usage.raise("--targets-file: '%s' is a directory, not a file", file) end
    if kind ~= "file" and kind ~= "fifo" then
        usage.raise("--targets-file: '%s' is a %s, not a regular file or a pipe", file, kind)
    end
    local f, err = io.open(file, "rb")
    if not f then usage.raise("--targets-file: cannot read '%s' (%s)", file, tostring(err)) end
    return f, file, true
end

function M.collect(args, file, sys)
    local list, where = {}, {}
    for i, t in ipairs(args or {}) do
        list[i] = t
        where[i] = "TARGET " .. i
    end
    local from_args, numbers, name, signal = #list, nil, nil, nil
    if file then
        local handle, close
        handle, name, close = open(file, sys)
        local ok, read, lines, stopped = pcall(M.read, handle, name, sys)
        if close then handle:close() end
        if not ok then error(read, 0) end
        numbers, signal = lines, stopped
        for i, t in ipairs(read) do list[from_args + i] = t end
    end
    return {
        list = list, signal = signal,
        file = name,
        where = function(i, short)
            if i <= from_args then return where[i] end
            return string.format(short and "line %d" or "line %d of %s", numbers[i - from_args], name)
        end,
    }
end

return M
