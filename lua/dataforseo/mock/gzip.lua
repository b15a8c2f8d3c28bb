-- gzip compression of a whole response body, through zlib via LuaJIT's FFI
-- (inside nginx).  nginx's own gzip filter cannot be switched per request
-- from Lua, and the emulator must turn compression on and off at run time.
--   gzip.compress(s) -> gzip bytes | nil, err
--   gzip.available -> boolean
local M = {}

local ok_ffi, ffi = pcall(require, "ffi")
local zlib

if ok_ffi then
  ffi.cdef([[
    typedef struct dfs_z_stream_s {
      const unsigned char *next_in; unsigned int avail_in; unsigned long total_in;
      unsigned char *next_out; unsigned int avail_out; unsigned long total_out;
      const char *msg; void *state; void *zalloc; void *zfree; void *opaque;
      int data_type; unsigned long adler; unsigned long reserved;
    } dfs_z_stream;
    int deflateInit2_(dfs_z_stream *strm, int level, int method, int windowBits,
                      int memLevel, int strategy, const char *version, int stream_size);
    int deflate(dfs_z_stream *strm, int flush);
    int deflateEnd(dfs_z_stream *strm);
    unsigned long deflateBound(dfs_z_stream *strm, unsigned long sourceLen);
    const char *zlibVersion(void);
  ]])
  local ok_lib, lib = pcall(ffi.load, "z")
  if not ok_lib then ok_lib, lib = pcall(ffi.load, "libz.so.1") end
  if ok_lib then zlib = lib end
end

M.available = zlib ~= nil

local Z_FINISH, Z_STREAM_END, Z_DEFLATED = 4, 1, 8
M.LEVEL = 1   -- fastest: the emulator's time is better spent elsewhere

function M.compress(s)
  if not zlib then return nil, "zlib is not available" end
  local stream = ffi.new("dfs_z_stream")
  -- windowBits 15 + 16 = gzip wrapper; memLevel 8; default strategy.
  local rc = zlib.deflateInit2_(stream, M.LEVEL, Z_DEFLATED, 31, 8, 0,
    zlib.zlibVersion(), ffi.sizeof("dfs_z_stream"))
  if rc ~= 0 then return nil, "deflateInit2 failed: " .. rc end
  local bound = tonumber(zlib.deflateBound(stream, #s)) + 32
  local out = ffi.new("unsigned char[?]", bound)
  stream.next_in, stream.avail_in = s, #s
  stream.next_out, stream.avail_out = out, bound
  rc = zlib.deflate(stream, Z_FINISH)
  local size = bound - stream.avail_out
  zlib.deflateEnd(stream)
  if rc ~= Z_STREAM_END then return nil, "deflate failed: " .. rc end
  return ffi.string(out, size)
end

return M
