/* The only place that knows the differences between Lua 5.1/LuaJIT and
 * Lua 5.2-5.4.  Everything else in src/ uses the names defined here. */
#ifndef DFS_COMPAT_H
#define DFS_COMPAT_H

#include <lua.h>
#include <lauxlib.h>

#if LUA_VERSION_NUM >= 503
#define DFS_HAS_INTEGERS 1
#else
#define DFS_HAS_INTEGERS 0
#endif

#if LUA_VERSION_NUM >= 504
#define DFS_HAS_CLOSE 1          /* __close metamethod (to-be-closed vars) */
#else
#define DFS_HAS_CLOSE 0
#endif

#if LUA_VERSION_NUM < 502
/* Lua 5.1 / LuaJIT: register functions into the table on top. */
static inline void dfs_setfuncs(lua_State *L, const luaL_Reg *l, int nup)
{
    luaL_checkstack(L, nup + 1, "too many upvalues");
    for (; l->name != NULL; l++) {
        int i;
        for (i = 0; i < nup; i++) lua_pushvalue(L, -nup);
        lua_pushcclosure(L, l->func, nup);
        lua_setfield(L, -(nup + 2), l->name);
    }
    lua_pop(L, nup);
}
#define dfs_rawlen(L, i)         lua_objlen((L), (i))
#define dfs_lessthan(L, a, b)    lua_lessthan((L), (a), (b))
#define dfs_setmetatable(L, tn)  (luaL_getmetatable((L), (tn)), lua_setmetatable((L), -2))
#define dfs_newuserdata(L, sz)   lua_newuserdata((L), (sz))
#else
#define dfs_setfuncs(L, l, nup)  luaL_setfuncs((L), (l), (nup))
#define dfs_rawlen(L, i)         lua_rawlen((L), (i))
#define dfs_lessthan(L, a, b)    lua_compare((L), (a), (b), LUA_OPLT)
#define dfs_setmetatable(L, tn)  luaL_setmetatable((L), (tn))
#if LUA_VERSION_NUM >= 504
#define dfs_newuserdata(L, sz)   lua_newuserdatauv((L), (sz), 0)
#else
#define dfs_newuserdata(L, sz)   lua_newuserdata((L), (sz))
#endif
#endif

/* Create a library table (no global side effects on any version). */
#define dfs_newlib(L, l) \
    (lua_createtable((L), 0, (int)(sizeof(l) / sizeof((l)[0]) - 1)), dfs_setfuncs((L), (l), 0))

/* Integers: on 5.3+ JSON integers that fit become lua_Integer. */
#if DFS_HAS_INTEGERS
typedef lua_Integer dfs_integer;
#define dfs_pushinteger(L, n)    lua_pushinteger((L), (n))
#define dfs_isinteger(L, i)      lua_isinteger((L), (i))
#else
typedef long long dfs_integer;
#define dfs_pushinteger(L, n)    lua_pushnumber((L), (lua_Number)(n))
#define dfs_isinteger(L, i)      0
#endif

/* Optional integer argument that raises on non-numbers on every version. */
static inline long long dfs_optinteger(lua_State *L, int idx, long long def)
{
#if DFS_HAS_INTEGERS
    return (long long)luaL_optinteger(L, idx, (lua_Integer)def);
#else
    return (long long)luaL_optnumber(L, idx, (lua_Number)def);
#endif
}

#endif
