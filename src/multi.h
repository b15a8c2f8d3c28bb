/* The concurrent part of the HTTP core: a libcurl multi handle driving many
 * dfs_request transfers at once (see multi.c). */
#ifndef DFS_MULTI_H
#define DFS_MULTI_H

#include "compat.h"

int dfs_multi_new(lua_State *L);        /* http.multi(session options, concurrency) */
void dfs_multi_register(lua_State *L);  /* creates the metatable */

#endif
