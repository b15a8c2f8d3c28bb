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

#endif
