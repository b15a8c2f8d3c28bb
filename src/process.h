/* Process hygiene for the command line: core dumps, standard streams
 * (see process.c). */
#ifndef DFS_PROCESS_H
#define DFS_PROCESS_H

#include "compat.h"

int dfs_open_process(lua_State *L);   /* pushes the process table */

#endif
