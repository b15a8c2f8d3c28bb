/* The JSON decoder's C interface, shared by the Lua binding and the HTTP
 * part (which decodes response bodies straight from its own buffer). */
#ifndef DFS_JSON_H
#define DFS_JSON_H

#include <stddef.h>
#include "compat.h"

#define DFS_JSON_DEFAULT_DEPTH 1000
#define DFS_JSON_DEPTH_CEILING 10000   /* bounds the C recursion */

typedef struct dfs_json_opts {
    int max_depth;     /* containers nested deeper than this are an error */
    int null_as_nil;   /* 1: JSON null becomes an absent key / nil */
} dfs_json_opts;

void dfs_json_default_opts(dfs_json_opts *opts);

/* Decodes text[0..len).  On success pushes the value and returns 1.  On
 * invalid input pushes nil, a message naming the problem and its place,
 * and the 1-based byte position, and returns 3.  Never raises for bad
 * input (only for memory exhaustion, like any Lua API call). */
int dfs_json_decode(lua_State *L, const char *text, size_t len,
                    const dfs_json_opts *opts);

/* Reads an options table at idx (nil allowed); raises on wrong types. */
void dfs_json_check_opts(lua_State *L, int idx, dfs_json_opts *opts);

#endif
