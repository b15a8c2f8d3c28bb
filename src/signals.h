/* SIGINT and SIGTERM as the C core sees them (see signals.c): a pending
 * signal ends transfers and sleeps early. */
#ifndef DFS_SIGNALS_H
#define DFS_SIGNALS_H

#include "compat.h"

/* The signal number noted by the handlers and not yet cleared, or 0. */
int dfs_signal_pending(void);
/* "SIGINT", "SIGTERM" (or "signal" for another number). */
const char *dfs_signal_name(int signo);
/* A descriptor that is readable while a signal is pending (the read end of
 * the handlers' wake-up pipe), or -1 before install(). */
int dfs_signal_wake_fd(void);

int dfs_open_signals(lua_State *L);   /* pushes the signals table */

#endif
