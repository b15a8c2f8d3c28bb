-- gzip decompression for the ngx transport, through the system zlib via
-- LuaJIT's FFI (nginx's Lua module always runs LuaJIT).  libcurl inflates
-- for the curl transport; inside nginx nothing does it for us.
--
--   local inflate = require "dataforseo.transport.inflate"
--   inflate.available                 -> boolean (FFI and libz found)
--   inflate.gunzip(bytes, max_size)   -> text | nil, message, too_large
local M = {}

local ok_ffi, ffi = pcall(require, "ffi")
local zlib

if ok_ffi then
    -- Own type names, so this module and the emulator's gzip.lua can share
    -- one LuaJIT state without redefining each other's declarations.
    local declared = pcall(ffi.cdef, [[
        typedef struct dfs_inflate_stream {
            const unsigned char *next_in; unsigned int avail_in; unsigned long total_in;
            unsigned char *next_out; unsigned int avail_out; unsigned long total_out;
            const char *msg; void *state; void *zalloc; void *zfree; void *opaque;
            int data_type; unsigned long adler; unsigned long reserved;
        } dfs_inflate_stream;
        int inflateInit2_(dfs_inflate_stream *strm, int windowBits, const char *version,
                          int stream_size);
        int inflate(dfs_inflate_stream *strm, int flush);
        int inflateEnd(dfs_inflate_stream *strm);
    ]])
    pcall(ffi.cdef, "const char *zlibVersion(void);")   -- may be declared already
    if declared then
        local ok_lib, lib = pcall(ffi.load, "z")
        if not ok_lib then ok_lib, lib = pcall(ffi.load, "libz.so.1") end
        if ok_lib then zlib = lib end
    end
end

M.available = zlib ~= nil

local Z_NO_FLUSH, Z_OK, Z_STREAM_END, Z_BUF_ERROR = 0, 0, 1, -5
local GZIP_WINDOW = 15 + 16      -- 32 KiB window, gzip wrapper only
local CHUNK = 64 * 1024

function M.gunzip(bytes, max_size)
    if not zlib then return nil, "zlib is not available to this LuaJIT" end
    local stream = ffi.new("dfs_inflate_stream")
    local rc = zlib.inflateInit2_(stream, GZIP_WINDOW, zlib.zlibVersion(),
        ffi.sizeof("dfs_inflate_stream"))
    if rc ~= Z_OK then return nil, "inflateInit2 failed (" .. rc .. ")" end
    local out = ffi.new("unsigned char[?]", CHUNK)
    local parts, size = {}, 0
    stream.next_in, stream.avail_in = bytes, #bytes
    local message, too_large
    repeat
        stream.next_out, stream.avail_out = out, CHUNK
        rc = zlib.inflate(stream, Z_NO_FLUSH)
        local produced = CHUNK - stream.avail_out
        if produced > 0 then
            size = size + produced
            if max_size and size > max_size then
                message, too_large = "decompressed response larger than max_response_size ("
                    .. max_size .. " bytes)", true
                break
            end
            parts[#parts + 1] = ffi.string(out, produced)
        end
        if rc == Z_BUF_ERROR and stream.avail_in == 0 then
            message = "gzip body ends before its end marker (truncated)"
        elseif rc ~= Z_OK and rc ~= Z_STREAM_END then
            message = "gzip body cannot be inflated: "
                .. (stream.msg ~= nil and ffi.string(stream.msg) or ("zlib error " .. rc))
        end
    until message or rc == Z_STREAM_END
    zlib.inflateEnd(stream)
    if message then return nil, message, too_large end
    return table.concat(parts)
end

return M
