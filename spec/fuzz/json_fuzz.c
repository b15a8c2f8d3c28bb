/* libFuzzer target for the JSON decoder.  Every input is decoded in two
 * independent Lua states with different options; the decoder must return
 * a value or (nil, message, position) with a balanced stack, never crash,
 * and agree with itself across states. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include "../../src/json.h"

static lua_State *states[2];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int decode_in(lua_State *L, const uint8_t *data, size_t size,
                     const dfs_json_opts *opts)
{
    int base = lua_gettop(L), n, ok;
    n = dfs_json_decode(L, (const char *)data, size, opts);
    if (lua_gettop(L) != base + n) abort();          /* stack balance */
    ok = (n == 1);
    if (!ok) {
        lua_Integer pos;
        if (n != 3 || !lua_isnil(L, -3) || lua_type(L, -2) != LUA_TSTRING) abort();
        pos = lua_tointeger(L, -1);
        if (pos < 1 || (size_t)pos > size + 1) abort();  /* position inside the input */
    }
    lua_settop(L, base);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned calls;
    dfs_json_opts plain, shallow;
    int a, b;
    if (states[0] == NULL) {
        states[0] = luaL_newstate();
        states[1] = luaL_newstate();
    }
    dfs_json_default_opts(&plain);
    dfs_json_default_opts(&shallow);
    shallow.max_depth = 16;
    shallow.null_as_nil = 1;
    a = decode_in(states[0], data, size, &plain);
    b = decode_in(states[1], data, size, &plain);
    if (a != b) abort();                               /* no hidden state */
    decode_in(states[1], data, size, &shallow);
    if (++calls % 256 == 0) {
        lua_gc(states[0], LUA_GCCOLLECT, 0);
        lua_gc(states[1], LUA_GCCOLLECT, 0);
    }
    return 0;
}
