/* libFuzzer target for the JSON decoder.  Every input is decoded in two
 * independent Lua states with different options; the decoder must return
 * a value or (nil, message, position) with a balanced stack, never crash,
 * and agree with itself across states.  The limits (max_depth,
 * max_memory) must only ever turn a success into a failure of their own
 * kind, and a limit large enough changes nothing. */
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
                     const dfs_json_opts *opts, dfs_json_failure *why)
{
    int base = lua_gettop(L), n, ok;
    n = dfs_json_decode(L, (const char *)data, size, opts, why);
    if (lua_gettop(L) != base + n) abort();          /* stack balance */
    ok = (n == 1);
    if (ok != (*why == DFS_JSON_OK)) abort();        /* the reason matches */
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
    dfs_json_opts plain, shallow, small, roomy;
    dfs_json_failure why_a, why_b, why_s, why_m, why_r;
    int a, b, s, m, r;
    if (states[0] == NULL) {
        states[0] = luaL_newstate();
        states[1] = luaL_newstate();
    }
    dfs_json_default_opts(&plain);
    dfs_json_default_opts(&shallow);
    shallow.max_depth = 16;
    shallow.null_as_nil = 1;
    dfs_json_default_opts(&small);
    small.max_memory = 2048;                 /* a few dozen values */
    dfs_json_default_opts(&roomy);
    /* No input of `size` bytes estimates above this: the most a byte can
     * cost is an unclosed `[` in an array (a table and a slot, 80). */
    roomy.max_memory = 96 * size + 4096;
    a = decode_in(states[0], data, size, &plain, &why_a);
    b = decode_in(states[1], data, size, &plain, &why_b);
    if (a != b || why_a != why_b) abort();             /* no hidden state */
    s = decode_in(states[1], data, size, &shallow, &why_s);
    if (s && !a) abort();                              /* a limit never helps */
    if (!s && a && why_s != DFS_JSON_TOO_DEEP) abort();
    m = decode_in(states[0], data, size, &small, &why_m);
    if (m && !a) abort();
    if (!m && a && why_m != DFS_JSON_TOO_LARGE) abort();
    if (!m && !a && why_m != why_a && why_m != DFS_JSON_TOO_LARGE) abort();
    r = decode_in(states[1], data, size, &roomy, &why_r);
    if (r != a || why_r != why_a) abort();             /* enough room: no change */
    if (++calls % 256 == 0) {
        lua_gc(states[0], LUA_GCCOLLECT, 0);
        lua_gc(states[1], LUA_GCCOLLECT, 0);
    }
    return 0;
}
