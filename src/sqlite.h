/* The SQLite part of dataforseo/core.so (sqlite.c) and the zlib part
 * (deflate.c): each pushes its own table; core.c assembles them. */
#ifndef DFS_SQLITE_H
#define DFS_SQLITE_H

#include "core.h"

int dfs_open_sqlite(lua_State *L);   /* pushes the sqlite table */
int dfs_open_zlib(lua_State *L);     /* pushes the zlib table */

#endif
