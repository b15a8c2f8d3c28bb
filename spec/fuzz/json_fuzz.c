/* libFuzzer target for the JSON decoder and the request-body writer.
 * Every input is decoded in two independent Lua states with different
 * options; the decoder must return a value or (nil, message, position)
 * with a balanced stack, never crash, and agree with itself across
 * states.  The limits (max_depth, max_memory) must only ever turn a
 * success into a failure of their own kind, and a limit large enough
 * changes nothing.  A value decoded with the keys the decoder keeps from
 * earlier documents equals the one a fresh state decodes, and the body
 * writer's text of it (json.write_body) decodes back to the same value. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include "../../src/core.h"
#include "../../src/json.h"

static lua_State *states[2];

/* A canonical text of the value at idx, malloc'd: object keys sorted,
 * strings in hex (NUL bytes survive), numbers as write_body writes them
 * (a non-finite one and null alike are null; an integral one below 2^53
 * as an integer).  NULL when memory runs out. */
typedef struct text { char *p; size_t len, cap; int failed; } text;

static void add(text *t, const char *s, size_t n)
{
    if (t->failed) return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 64;
        char *p;
        while (cap < t->len + n + 1) cap *= 2;
        p = (char *)realloc(t->p, cap);
        if (p == NULL) { t->failed = 1; return; }
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

static void add_number(text *t, lua_State *L, int idx)
{
    char buf[64];
    double d = (double)lua_tonumber(L, idx);
    if (lua_isinteger(L, idx)) snprintf(buf, sizeof buf, "%lld", (long long)lua_tointeger(L, idx));
    else if (!(d - d == 0)) snprintf(buf, sizeof buf, "null");
    else if (d > -9007199254740992.0 && d < 9007199254740992.0 && (double)(long long)d == d)
        snprintf(buf, sizeof buf, "%lld", (long long)d);
    else snprintf(buf, sizeof buf, "%.17g", d);
    add(t, buf, strlen(buf));
}

static void add_string(text *t, lua_State *L, int idx)
{
    size_t len, i;
    const unsigned char *s = (const unsigned char *)lua_tolstring(L, idx, &len);
    char hex[3];
    add(t, "\"", 1);
    for (i = 0; i < len; i++) {
        snprintf(hex, sizeof hex, "%02x", s[i]);
        add(t, hex, 2);
    }
    add(t, "\"", 1);
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *dump(lua_State *L, int idx, int depth)
{
    text t = { NULL, 0, 0, 0 };
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TSTRING: add_string(&t, L, idx); break;
    case LUA_TNUMBER: add_number(&t, L, idx); break;
    case LUA_TBOOLEAN: add(&t, lua_toboolean(L, idx) ? "true" : "false", lua_toboolean(L, idx) ? 4 : 5); break;
    case LUA_TTABLE: {
        char **members = NULL;
        size_t n = 0, cap = 0, i;
        if (depth > 200 || !lua_checkstack(L, 4)) { t.failed = 1; break; }
        lua_pushnil(L);
        while (lua_next(L, idx) != 0) {
            text m = { NULL, 0, 0, 0 };
            char *v = dump(L, -1, depth + 1);
            if (lua_type(L, -2) == LUA_TNUMBER) add_number(&m, L, -2);
            else add_string(&m, L, -2);
            add(&m, ":", 1);
            if (v == NULL) m.failed = 1;
            else add(&m, v, strlen(v));
            free(v);
            lua_pop(L, 1);
            if (!m.failed && n == cap) {
                char **more = (char **)realloc(members, (cap ? 2 * cap : 8) * sizeof *members);
                if (more == NULL) m.failed = 1;
                else { members = more; cap = cap ? 2 * cap : 8; }
            }
            if (m.failed) {
                free(m.p);
                t.failed = 1;
                lua_pop(L, 1);
                break;
            }
            members[n++] = m.p;
        }
        if (!t.failed && n > 1) qsort(members, n, sizeof *members, by_text);
        add(&t, "{", 1);
        for (i = 0; i < n; i++) {
            if (i > 0) add(&t, ",", 1);
            add(&t, members[i], strlen(members[i]));
            free(members[i]);
        }
        free(members);
        add(&t, "}", 1);
        break;
    }
    default: add(&t, "null", 4);
    }
    if (t.failed) { free(t.p); return NULL; }
    if (t.p == NULL) add(&t, "", 0);
    return t.p;
}

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

/* The value a decode left on top of L: its dump equals what a fresh
 * state decodes (no key the cache kept changes it), and its request
 * body, where write_body writes one, decodes back to it.  Pops it. */
static void check_value(lua_State *L, const uint8_t *data, size_t size)
{
    dfs_json_opts plain;
    dfs_json_failure why;
    lua_State *fresh = luaL_newstate();
    char *warm = dump(L, -1, 0), *cold = NULL, *back = NULL;
    dfs_json_default_opts(&plain);
    if (fresh == NULL) abort();
    if (dfs_json_decode(fresh, (const char *)data, size, &plain, &why) != 1) abort();
    cold = dump(fresh, -1, 0);
    if (warm != NULL && cold != NULL && strcmp(warm, cold) != 0) abort();
    lua_close(fresh);
    dfs_open_json(L);
    lua_getfield(L, -1, "write_body");
    lua_pushvalue(L, -3);
    lua_newtable(L);
    if (lua_pcall(L, 2, 1, 0) != 0) abort();
    if (lua_type(L, -1) == LUA_TSTRING) {
        size_t len;
        const char *body = lua_tolstring(L, -1, &len);
        if (dfs_json_decode(L, body, len, &plain, &why) != 1) abort();
        back = dump(L, -1, 0);
        if (warm != NULL && back != NULL && strcmp(warm, back) != 0) abort();
        lua_pop(L, 1);
    } else if (!lua_isnil(L, -1)) abort();
    lua_pop(L, 3);
    free(warm);
    free(cold);
    free(back);
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
    if (a) {
        if (dfs_json_decode(states[0], (const char *)data, size, &plain, &why_a) != 1) abort();
        check_value(states[0], data, size);
    }
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
