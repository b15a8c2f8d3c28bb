-- gzip and gunzip of whole bodies through the system zlib via LuaJIT's FFI,
-- for code running inside nginx (always LuaJIT), where nothing else does it:
-- the emulator compresses per request (nginx's gzip filter cannot be
-- switched from Lua) and the ngx transport inflates replies (libcurl does
-- that for the curl transport).
--
--   local zlib = require "dataforseo.hosts.zlib"
--   zlib.available                 -> boolean (FFI and libz found)
--   zlib.gzip(text [, level])      -> bytes | nil, message     (level 0-9, default 6)
--   zlib.gunzip(bytes, max_size)   -> text | nil, message, too_large
local M = {}

local ok_ffi, ffi = pcall(require, "ffi")
local lib

if ok_ffi then
    -- Declared once per LuaJIT state (a second load, e.g. after
    -- package.loaded was cleared, must not redeclare).  The functions get
    -- private names bound to zlib's symbols, so another library that
    -- declares `inflate` or `z_stream` its own way cannot clash with these.
    if not pcall(ffi.typeof, "dfs_zlib_stream") then
        ffi.cdef([[
            typedef struct dfs_zlib_stream {
                const unsigned char *next_in; unsigned int avail_in; unsigned long total_in;
                unsigned char *next_out; unsigned int avail_out; unsigned long total_out;
                const char *msg; void *state; void *zalloc; void *zfree; void *opaque;
                int data_type; unsigned long adler; unsigned long reserved;
            } dfs_zlib_stream;
            const char *dfs_zlibVersion(void) __asm__("zlibVersion");
            int dfs_deflateInit2_(dfs_zlib_stream *strm, int level, int method, int windowBits,
                                  int memLevel, int strategy, const char *version,
                                  int stream_size) __asm__("deflateInit2_");
            int dfs_deflate(dfs_zlib_stream *strm, int flush) __asm__("deflate");
            int dfs_deflateEnd(dfs_zlib_stream *strm) __asm__("deflateEnd");
            unsigned long dfs_deflateBound(dfs_zlib_stream *strm, unsigned long sourceLen)
                __asm__("deflateBound");
            int dfs_inflateInit2_(dfs_zlib_stream *strm, int windowBits, const char *version,
                                  int stream_size) __asm__("inflateInit2_");
            int dfs_inflate(dfs_zlib_stream *strm, int flush) __asm__("inflate");
            int dfs_inflateEnd(dfs_zlib_stream *strm) __asm__("inflateEnd");
        ]])
    end
    local ok_lib, z = pcall(ffi.load, "z")
    if not ok_lib then ok_lib, z = pcall(ffi.load, "libz.so.1") end
    if ok_lib then lib = z end
end

M.available = lib ~= nil

local Z_NO_FLUSH, Z_FINISH = 0, 4
local Z_OK, Z_STREAM_END, Z_BUF_ERROR = 0, 1, -5
local Z_DEFLATED, Z_DEFAULT_STRATEGY = 8, 0
local GZIP_WINDOW = 15 + 16      -- 32 KiB window, gzip wrapper only
local MEM_LEVEL = 8
local CHUNK = 64 * 1024

local UNAVAILABLE = "zlib is not available to this Lua (needs LuaJIT's FFI and libz)"

function M.gzip(s, level)
    if not lib then return nil, UNAVAILABLE end
    local stream = ffi.new("dfs_zlib_stream")
    local rc = lib.dfs_deflateInit2_(stream, level or 6, Z_DEFLATED, GZIP_WINDOW, MEM_LEVEL,
        Z_DEFAULT_STRATEGY, lib.dfs_zlibVersion(), ffi.sizeof("dfs_zlib_stream"))
    if rc ~= Z_OK then return nil, "deflateInit2 failed (" .. rc .. ")" end
    -- deflateBound covers the whole output, so one call finishes the stream.
    local bound = tonumber(lib.dfs_deflateBound(stream, #s)) + 32
    local out = ffi.new("unsigned char[?]", bound)
    stream.next_in, stream.avail_in = s, #s
    stream.next_out, stream.avail_out = out, bound
    rc = lib.dfs_deflate(stream, Z_FINISH)
    local size = bound - stream.avail_out
    lib.dfs_deflateEnd(stream)
    if rc ~= Z_STREAM_END then return nil, "deflate failed (" .. rc .. ")" end
    return ffi.string(out, size)
end

function M.gunzip(bytes, max_size)
    if not lib then return nil, UNAVAILABLE end
    local stream = ffi.new("dfs_zlib_stream")
    local rc = lib.dfs_inflateInit2_(stream, GZIP_WINDOW, lib.dfs_zlibVersion(),
        ffi.sizeof("dfs_zlib_stream"))
    if rc ~= Z_OK then return nil, "inflateInit2 failed (" .. rc .. ")" end
    local out = ffi.new("unsigned char[?]", CHUNK)
    local parts, size = {}, 0
    stream.next_in, stream.avail_in = bytes, #bytes
    local message, too_large
    repeat
        stream.next_out, stream.avail_out = out, CHUNK
        rc = lib.dfs_inflate(stream, Z_NO_FLUSH)
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
    lib.dfs_inflateEnd(stream)
    if message then return nil, message, too_large end
    return table.concat(parts)
end

return M
