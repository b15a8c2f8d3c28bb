/* gzip, gunzip and CRC-32 of whole strings through the system zlib (which
 * libcurl links already), in the same gzip format as hosts/zlib.lua (the
 * FFI version for nginx without the core), so that either can read what
 * the other wrote.
 *
 *   local zlib = require("dataforseo.core").zlib
 *   zlib.gzip(text [, level])     -> bytes | nil, message          (level 0-9, default 6)
 *   zlib.gunzip(bytes, max_size)  -> text | nil, message, too_large
 *   zlib.crc32(text)              -> integer (0 to 2^32-1)
 *
 * The output is written into a userdata scratch buffer and zlib's state is
 * ended before any Lua value is made, so a memory error leaks nothing. */
#include <limits.h>
#include <string.h>
#include <zlib.h>

#include "sqlite.h"

#define GZIP_WINDOW (15 + 16)     /* 32 KiB window, gzip wrapper only */
#define MEM_LEVEL 8

static int failure(lua_State *L, const char *message)
{
    lua_pushnil(L);
    lua_pushstring(L, message);
    return 2;
}

static int l_gzip(lua_State *L)
{
    size_t len;
    const char *text = luaL_checklstring(L, 1, &len);
    int level = (int)luaL_optnumber(L, 2, 6), rc;
    z_stream z;
    unsigned long bound;
    unsigned char *out;
    size_t size;
    if (level < 0 || level > 9) return luaL_error(L, "gzip: level must be from 0 to 9");
    if (len > UINT_MAX / 2) return luaL_error(L, "gzip: the text is too large");
    /* compressBound covers every level at the default memLevel (zlib
     * wrapper); the gzip wrapper is 12 bytes longer.  The buffer comes
     * first: a memory error must not strand zlib's state. */
    bound = compressBound((uLong)len) + 32;
    out = (unsigned char *)dfs_newuserdata(L, bound);
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, level, Z_DEFLATED, GZIP_WINDOW, MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
        return failure(L, "deflateInit2 failed");
    z.next_in = (Bytef *)(size_t)text;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)bound;
    rc = deflate(&z, Z_FINISH);
    size = (size_t)(bound - z.avail_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        lua_pushnil(L);
        lua_pushfstring(L, "deflate failed (%d)", rc);
        return 2;
    }
    lua_pushlstring(L, (const char *)out, size);
    return 1;
}

static int l_gunzip(lua_State *L)
{
    size_t len, size;
    const char *bytes = luaL_checklstring(L, 1, &len);
    lua_Number max = luaL_checknumber(L, 2);
    unsigned char *out;
    z_stream z;
    int rc, too_large;
    if (!(max >= 0 && max <= (lua_Number)(UINT_MAX / 2))) return luaL_error(L, "gunzip: max_size out of range");
    if (len > UINT_MAX / 2) return luaL_error(L, "gunzip: the input is too large");
    size = (size_t)max;
    out = (unsigned char *)dfs_newuserdata(L, size + 1);     /* +1: tells too large apart */
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, GZIP_WINDOW) != Z_OK) return failure(L, "inflateInit2 failed");
    z.next_in = (Bytef *)(size_t)bytes;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)(size + 1);
    rc = inflate(&z, Z_FINISH);
    too_large = z.total_out > size;
    inflateEnd(&z);
    if (too_large) {
        lua_pushnil(L);
        lua_pushliteral(L, "the data inflates to more than max_size bytes");
        lua_pushboolean(L, 1);
        return 3;
    }
    if (rc == Z_STREAM_END && z.avail_in != 0) return failure(L, "bytes follow the end of the gzip stream");
    if (rc == Z_DATA_ERROR) return failure(L, "the gzip stream is damaged (data or checksum)");
    if (rc != Z_STREAM_END) return failure(L, "the gzip stream is cut short");
    lua_pushlstring(L, (const char *)out, (size_t)z.total_out);
    return 1;
}

static int l_crc32(lua_State *L)
{
    size_t len;
    const char *text = luaL_checklstring(L, 1, &len);
    uLong crc = crc32(0L, Z_NULL, 0);
    while (len > 0) {             /* crc32 takes uInt lengths */
        uInt n = len > UINT_MAX ? UINT_MAX : (uInt)len;
        crc = crc32(crc, (const Bytef *)text, n);
        text += n;
        len -= n;
    }
    dfs_pushinteger(L, (dfs_integer)crc);
    return 1;
}

int dfs_open_zlib(lua_State *L)
{
    static const luaL_Reg lib[] = {
        { "gzip", l_gzip }, { "gunzip", l_gunzip }, { "crc32", l_crc32 }, { NULL, NULL }
    };
    dfs_newlib(L, lib);
    lua_pushstring(L, zlibVersion());
    lua_setfield(L, -2, "version");
    return 1;
}
