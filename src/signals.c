/* SIGINT and SIGTERM for a command that must stop promptly and cleanly.
 *
 *   local signals = require("dataforseo.core").signals
 *   signals.install()   -> { "SIGINT", "SIGTERM" }: the handlers installed (a
 *                          signal ignored when the process started, as a
 *                          background job's SIGINT, stays ignored)
 *   signals.pending()   -> "SIGINT" | "SIGTERM" | nil, and its number
 *   signals.clear()     forgets a pending signal
 *   signals.restore()   puts back the dispositions install() found
 *   signals.read_line(fd [, max]) -> the line read from fd (without its LF,
 *                          at most max bytes kept; what came before EOF at
 *                          end of input), or nil at EOF, or nil and the
 *                          signal's name when one is pending (or a read
 *                          error's message): it waits in poll(), which a
 *                          signal always interrupts, never in a read() that
 *                          SA_RESTART would resume (a question on a terminal)
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
#include <poll.h>
#include <signal.h>
#include <string.h>
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
            /* Writes to stdout resume after the handler, so a record is
             * never cut; poll and nanosleep are never restarted, so waits
             * end.  Reads that wait for a person go through read_line. */
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

#define READ_LINE_MAX 4096

/* signals.read_line(fd [, max]) -> line | nil | nil, signal name */
static int l_read_line(lua_State *L)
{
    int fd = (int)luaL_checkinteger(L, 1);
    lua_Integer max = luaL_optinteger(L, 2, READ_LINE_MAX);
    luaL_Buffer b;
    size_t got = 0;
    if (max < 1 || max > 1024 * 1024) return luaL_argerror(L, 2, "from 1 to 1048576");
    luaL_buffinit(L, &b);
    for (;;) {
        struct pollfd p[2];
        int n, signo = dfs_signal_pending();
        char c;
        ssize_t r;
        if (signo != 0) {
            lua_pushnil(L);
            lua_pushstring(L, dfs_signal_name(signo));
            return 2;
        }
        p[0].fd = fd;
        p[0].events = POLLIN;
        p[1].fd = wake_pipe[0];
        p[1].events = POLLIN;
        n = poll(p, wake_pipe[0] >= 0 ? 2 : 1, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            return luaL_error(L, "signals.read_line: poll failed (errno %d)", errno);
        }
        if (wake_pipe[0] >= 0 && (p[1].revents & POLLIN)) {
            if (dfs_signal_pending() != 0) continue;
            drain();                      /* a stale wake-up: not a signal */
        }
        if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        r = read(fd, &c, 1);   /* one byte: nothing after the line is taken */
        if (r < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            lua_pushnil(L);
            lua_pushstring(L, strerror(errno));
            return 2;
        }
        if (r == 0) {
            if (got == 0) return 0;
            break;
        }
        if (c == '\n') break;
        if ((lua_Integer)got < max) {
            luaL_addchar(&b, c);
            got++;
        }
    }
    luaL_pushresult(&b);
    return 1;
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
        {"read_line", l_read_line},
        {NULL, NULL}
    };
    dfs_newlib(L, funcs);
    return 1;
}
