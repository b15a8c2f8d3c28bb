/* SIGINT and SIGTERM for a command that must stop promptly and cleanly.
 *
 *   local signals = require("dataforseo.core").signals
 *   signals.install()   -> { "SIGINT", "SIGTERM" }: the handlers installed (a
 *                          signal ignored when the process started, as a
 *                          background job's SIGINT, stays ignored)
 *   signals.pending()   -> "SIGINT" | "SIGTERM" | nil, and its number
 *   signals.clear()     forgets a pending signal
 *   signals.restore()   puts back the dispositions install() found
 *
 * The handlers only note the signal and write one byte to a pipe
 * (async-signal-safe).  While a signal is pending, the HTTP part ends its
 * transfers with category "interrupted" (libcurl's progress callback
 * aborts them, waits in curl_multi_poll wake on the pipe, and no new
 * transfer starts), and http.sleep returns early.  A second signal while
 * one is pending gets the default action: a second Ctrl-C ends the
 * process at once. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "core.h"
#include "signals.h"

static const int handled[2] = { SIGINT, SIGTERM };

static volatile sig_atomic_t pending_signal;
static int wake_pipe[2] = { -1, -1 };
static int installed[2];
static struct sigaction previous[2];

static void on_signal(int signo)
{
    int saved = errno;
    if (pending_signal != 0) {
        /* The second one: default action (the first is being handled). */
        signal(signo, SIG_DFL);
        raise(signo);
    } else {
        pending_signal = signo;
        if (wake_pipe[1] >= 0) {
            ssize_t n = write(wake_pipe[1], "!", 1);
            (void)n;                      /* a full pipe is awake already */
        }
    }
    errno = saved;
}

int dfs_signal_pending(void)
{
    return (int)pending_signal;
}

const char *dfs_signal_name(int signo)
{
    if (signo == SIGINT) return "SIGINT";
    if (signo == SIGTERM) return "SIGTERM";
    return "signal";
}

int dfs_signal_wake_fd(void)
{
    return wake_pipe[0];
}

static int set_flags(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    int fd_fl = fcntl(fd, F_GETFD);
    if (fl < 0 || fd_fl < 0) return -1;
    if (fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) return -1;
    return fcntl(fd, F_SETFD, fd_fl | FD_CLOEXEC);
}

static void drain(void)
{
    char buf[64];
    if (wake_pipe[0] < 0) return;
    while (read(wake_pipe[0], buf, sizeof buf) > 0) {}
}

/* signals.install() -> array of the names installed */
static int l_install(lua_State *L)
{
    int i, k = 0;
    if (wake_pipe[0] < 0) {
        if (pipe(wake_pipe) != 0)
            return luaL_error(L, "signals.install: pipe failed (errno %d)", errno);
        if (set_flags(wake_pipe[0]) != 0 || set_flags(wake_pipe[1]) != 0)
            return luaL_error(L, "signals.install: fcntl failed (errno %d)", errno);
    }
    lua_createtable(L, 2, 0);
    for (i = 0; i < 2; i++) {
        struct sigaction now, sa;
        if (!installed[i]) {
            if (sigaction(handled[i], NULL, &now) != 0) continue;
            if (now.sa_handler == SIG_IGN) continue;   /* the parent's choice */
            sa.sa_handler = on_signal;
            sigemptyset(&sa.sa_mask);
            sigaddset(&sa.sa_mask, SIGINT);
            sigaddset(&sa.sa_mask, SIGTERM);
            /* Writes to stdout resume after the handler; poll and
             * nanosleep are never restarted, so waits still end. */
            sa.sa_flags = SA_RESTART;
            if (sigaction(handled[i], &sa, &previous[i]) != 0) continue;
            installed[i] = 1;
        }
        lua_pushstring(L, dfs_signal_name(handled[i]));
        lua_rawseti(L, -2, ++k);
    }
    return 1;
}

/* signals.pending() -> name, number | nil */
static int l_pending(lua_State *L)
{
    int signo = dfs_signal_pending();
    if (signo == 0) return 0;
    lua_pushstring(L, dfs_signal_name(signo));
    lua_pushinteger(L, signo);
    return 2;
}

static int l_clear(lua_State *L)
{
    (void)L;
    pending_signal = 0;
    drain();
    return 0;
}

static int l_restore(lua_State *L)
{
    int i;
    (void)L;
    for (i = 0; i < 2; i++) {
        if (installed[i] && sigaction(handled[i], &previous[i], NULL) == 0) installed[i] = 0;
    }
    return 0;
}

int dfs_open_signals(lua_State *L)
{
    static const luaL_Reg funcs[] = {
        {"install", l_install},
        {"pending", l_pending},
        {"clear", l_clear},
        {"restore", l_restore},
        {NULL, NULL}
    };
    dfs_newlib(L, funcs);
    return 1;
}
