/* The JSON decoder's C interface, shared by the Lua binding and the HTTP
 * part (which decodes response bodies straight from its own buffer). */
#ifndef DFS_JSON_H
#define DFS_JSON_H

#include <stddef.h>
#include "compat.h"

#define DFS_JSON_DEFAULT_DEPTH 1000
#define DFS_JSON_DEPTH_CEILING 10000   /* bounds the C recursion */
#define DFS_JSON_MEMORY_CEILING 9007199254740992.0   /* 2^53: exact in a double */

/* The decoded work is bounded by an estimate of the Lua memory the value
 * takes (64-bit Lua 5.4 sizes, rounded up; LuaJIT's are smaller): every
 * table, every array slot and object member, every string value and its
 * bytes (keys of up to DFS_JSON_SHORT_STRING bytes are interned and
 * repeat: only their member counts).  A small input can build a lot:
 * `[],` is 3 bytes and 80 estimated; an anchors response of 1000 items
 * about 2.6 times its size. */
#define DFS_JSON_COST_TABLE   64
#define DFS_JSON_COST_SLOT    16   /* an array element */
#define DFS_JSON_COST_MEMBER  32   /* an object member (hash node) */
#define DFS_JSON_COST_STRING  32   /* plus its length */
#define DFS_JSON_SHORT_STRING 40   /* LUAI_MAXSHORTLEN of Lua 5.4 */

typedef struct dfs_json_opts {
    int max_depth;     /* containers nested deeper than this are an error */
    int null_as_nil;   /* 1: JSON null becomes an absent key / nil */
    size_t max_memory; /* estimated bytes of Lua values past which decoding
                          stops with an error; 0: no limit */
} dfs_json_opts;

/* Why dfs_json_decode failed. */
typedef enum dfs_json_failure {
    DFS_JSON_OK = 0,
    DFS_JSON_INVALID,    /* not JSON (syntax, encoding) */
    DFS_JSON_TOO_DEEP,   /* max_depth, or the Lua stack */
    DFS_JSON_TOO_LARGE   /* max_memory */
} dfs_json_failure;

void dfs_json_default_opts(dfs_json_opts *opts);

/* Decodes text[0..len).  On success pushes the value and returns 1.  On
 * invalid input or a limit reached pushes nil, a message naming the
 * problem and its place, and the 1-based byte position, and returns 3;
 * *why (when not NULL) says which.  Never raises for bad input (only for
 * memory exhaustion, like any Lua API call). */
int dfs_json_decode(lua_State *L, const char *text, size_t len,
                    const dfs_json_opts *opts, dfs_json_failure *why);

/* Reads an options table at idx (nil allowed); raises on wrong types. */
void dfs_json_check_opts(lua_State *L, int idx, dfs_json_opts *opts);

#endif
