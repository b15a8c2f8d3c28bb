-- Process, file and port helpers shared by the specs.  busted runs only
-- *_spec.lua files, so this one is loaded, never run; from the repository
-- root (where spec/run.sh and the documented busted commands run):
--
--   local helpers = dofile("spec/support/helpers.lua")
--
--   helpers.LUA                 the interpreter running the specs ("lua5.4", "luajit", ...)
--   helpers.ROOT                absolute path of the checkout
--   helpers.build_dir([lua])    ROOT/build/<lua>: where `make LUA=<lua>` puts dataforseo/core.so
--   helpers.shell_quote(s)      s as one shell word
--   helpers.capture(cmd)        -> what the shell command wrote to stdout
--   helpers.run(cmd)            -> exit code, stdout, stderr (stdin from /dev/null)
--   helpers.sh(cmd)             -> true when the shell command exits 0
--   helpers.read_file(path)     -> contents | nil
--   helpers.write_file(path, text)        raises when it cannot
--   helpers.exists(path)        -> boolean
--   helpers.tmpdir(stem)        -> path of a new private directory; helpers.remove(path)
--   helpers.free_port()         a 127.0.0.1 port that was free a moment ago
--   helpers.is_root()           running as root (nginx then needs a `user` line)
--   helpers.alive(pid)          the process runs (a zombie counts as gone)
--   helpers.sink()              a file-handle stand-in: :write(...), :flush(), .text()
--   helpers.parse_csv(text)     RFC 4180 records (strict: CRLF line ends, quoting)
--   helpers.lines_of(text)      the lines of text, each ended by "\n"
--   helpers.deep_equal(a, b)    same keys and values all the way down
--   helpers.wait_for(what, seconds, cond)   -> cond()'s first true value, polled every 50 ms;
--                               raises "timed out ... waiting for <what>" after `seconds`
--   helpers.keys_in_order(text, keys)     -> the keys of `keys` that JSON object text
--                               holds one after the other (all of them: in that order)
--   helpers.nginx               the emulator's nginx launcher (dataforseo_emulator.nginx):
--                               an nginx of a spec's own that stops with the spec's process
dofile("spec/support/emulator.lua")   -- puts emulator/lua on package.path
local nginx = require "dataforseo_emulator.nginx"

local H = {}

H.LUA = jit and "luajit" or ("lua" .. _VERSION:match("%d+%.%d+"))
H.nginx = nginx

H.shell_quote = nginx.shell_quote
H.free_port = nginx.free_port
H.is_root = nginx.is_root
H.alive = nginx.alive

local quote = H.shell_quote

function H.capture(cmd)
    local p = io.popen(cmd)
    local out = p:read("*a")
    p:close()
    return out
end

function H.sh(cmd)
    local ok = os.execute(cmd)
    return ok == true or ok == 0
end

H.read_file = nginx.read_file

function H.write_file(path, text)
    assert(nginx.write_file(path, text))
end

function H.exists(path)
    return H.sh("test -e " .. quote(path))
end

function H.run(cmd)
    local out, err = os.tmpname(), os.tmpname()
    local code = H.capture("{ " .. cmd .. "\n} >" .. quote(out) .. " 2>" .. quote(err)
        .. " </dev/null; echo $?")
    local stdout, stderr = H.read_file(out), H.read_file(err)
    os.remove(out)
    os.remove(err)
    return tonumber(code), stdout, stderr
end

H.ROOT = H.capture("pwd"):gsub("%s+$", "")

function H.build_dir(lua)
    return H.ROOT .. "/build/" .. (lua or H.LUA)
end

function H.tmpdir(stem)
    local dir = H.capture('mktemp -d "${TMPDIR:-/tmp}"/' .. quote((stem or "dataforseo-spec") .. ".XXXXXX"))
    dir = dir:gsub("%s+$", "")
    assert(dir ~= "", "mktemp -d failed")
    return dir
end

function H.remove(path)
    if path and path ~= "" and path ~= "/" then os.execute("rm -rf " .. quote(path)) end
end

function H.sink()
    local parts = {}
    return {
        write = function(self, ...)
            for i = 1, select("#", ...) do parts[#parts + 1] = select(i, ...) end
            return self
        end,
        flush = function() end,
        text = function() return table.concat(parts) end,
    }
end

-- RFC 4180 parser: records of fields; quoted fields may hold , " CR LF.
function H.parse_csv(text)
    local records, record, field = {}, {}, {}
    local i, n = 1, #text
    local quoted, at_start = false, true
    while i <= n do
        local c = text:sub(i, i)
        if quoted then
            if c == '"' then
                if text:sub(i + 1, i + 1) == '"' then
                    field[#field + 1] = '"'; i = i + 1
                else
                    quoted = false
                end
            else
                field[#field + 1] = c
            end
        elseif c == '"' and at_start then
            quoted = true; at_start = false
        elseif c == '"' then
            error("bare quote inside an unquoted field at byte " .. i)
        elseif c == "," then
            record[#record + 1] = table.concat(field); field = {}; at_start = true
        elseif c == "\r" and text:sub(i + 1, i + 1) == "\n" then
            record[#record + 1] = table.concat(field); field = {}; at_start = true
            records[#records + 1] = record; record = {}
            i = i + 1
        elseif c == "\n" or c == "\r" then
            error("line end without CR LF at byte " .. i)
        else
            field[#field + 1] = c; at_start = false
        end
        i = i + 1
    end
    assert(not quoted, "unterminated quoted field")
    if #field > 0 or #record > 0 then
        record[#record + 1] = table.concat(field)
        records[#records + 1] = record
    end
    return records
end

function H.deep_equal(a, b)
    if type(a) ~= "table" or type(b) ~= "table" then return a == b end
    for k, v in pairs(a) do if not H.deep_equal(v, b[k]) then return false end end
    for k in pairs(b) do if a[k] == nil then return false end end
    return true
end

function H.keys_in_order(text, keys)
    local at, found = 1, {}
    for _, key in ipairs(keys) do
        local pos = text:find('"' .. key .. '":', at, true)
        if pos then found[#found + 1] = key; at = pos end
    end
    return found
end

function H.wait_for(what, seconds, cond)
    local socket = require "socket"
    local deadline = socket.gettime() + seconds
    while socket.gettime() < deadline do
        local v = cond()
        if v then return v end
        socket.sleep(0.05)
    end
    error("timed out after " .. seconds .. " s waiting for " .. what, 2)
end

function H.lines_of(text)
    local out = {}
    for line in text:gmatch("([^\n]*)\n") do out[#out + 1] = line end
    return out
end

return H
