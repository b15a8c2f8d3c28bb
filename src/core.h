/* Entry points of the parts of dataforseo/core.so.  Each part pushes
 * its own table; core.c assembles them. */
#ifndef DFS_CORE_H
#define DFS_CORE_H

#include "compat.h"

#if defined(__GNUC__)
#define DFS_EXPORT __attribute__((visibility("default")))
#else
#define DFS_EXPORT
#endif

int dfs_open_json(lua_State *L);   /* pushes the json table */
int dfs_open_http(lua_State *L);   /* pushes the http table */

/* Creates (once) the metatable `name` of a C object: methods as __index,
 * `close` as __gc and (Lua 5.4) __close, `tostring`, __name. */
void dfs_register_class(lua_State *L, const char *name, const luaL_Reg *methods,
                        lua_CFunction close, lua_CFunction tostring);

#endif
