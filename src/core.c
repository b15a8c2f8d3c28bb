/* dataforseo/core.so: one shared object holding the C parts of the
 * module.  require("dataforseo.core") returns { json = ..., http = ... }. */
#include "core.h"

DFS_EXPORT int luaopen_dataforseo_core(lua_State *L);

DFS_EXPORT int luaopen_dataforseo_core(lua_State *L)
{
    lua_createtable(L, 0, 2);
    dfs_open_json(L);
    lua_setfield(L, -2, "json");
    dfs_open_http(L);
    lua_setfield(L, -2, "http");
    return 1;
}
