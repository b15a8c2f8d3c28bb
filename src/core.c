/* dataforseo/core.so: one shared object holding the C parts of the
 * module.  require("dataforseo.core") returns { json = ..., http = ...,
 * signals = ..., process = ..., sqlite = ..., zlib = ... }. */
#include "core.h"
#include "process.h"
#include "signals.h"
#include "sqlite.h"

DFS_EXPORT int luaopen_dataforseo_core(lua_State *L);

void dfs_register_class(lua_State *L, const char *name, const luaL_Reg *methods,
                        lua_CFunction close, lua_CFunction tostring)
{
    if (luaL_newmetatable(L, name)) {
        lua_newtable(L);
        dfs_setfuncs(L, methods, 0);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, close);
        lua_setfield(L, -2, "__gc");
#if DFS_HAS_CLOSE
        lua_pushcfunction(L, close);
        lua_setfield(L, -2, "__close");
#endif
        lua_pushcfunction(L, tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushstring(L, name);
        lua_setfield(L, -2, "__name");
    }
    lua_pop(L, 1);
}

DFS_EXPORT int luaopen_dataforseo_core(lua_State *L)
{
    lua_createtable(L, 0, 6);
    dfs_open_json(L);
    lua_setfield(L, -2, "json");
    dfs_open_http(L);
    lua_setfield(L, -2, "http");
    dfs_open_signals(L);
    lua_setfield(L, -2, "signals");
    dfs_open_process(L);
    lua_setfield(L, -2, "process");
    dfs_open_sqlite(L);
    lua_setfield(L, -2, "sqlite");
    dfs_open_zlib(L);
    lua_setfield(L, -2, "zlib");
    return 1;
}
