/* Process hygiene for the command line (it holds an API password).
 *
 *   local process = require("dataforseo.core").process
 *   process.disable_core_dumps()  -> true | nil, message
 *       RLIMIT_CORE 0 (soft and hard) and, on Linux, not dumpable (no core
 *       file, no ptrace by other processes of the user, /proc/<pid>/environ
 *       and mem readable by root only)
 *   process.reopen_closed_std()   -> array of the descriptors among 0, 1, 2
 *       that were closed, now open on /dev/null: a socket or file opened
 *       later cannot take the number of stdout and receive the output
 *   process.isatty(fd)            -> whether fd is a terminal
 *   process.file_type(path)       -> "file" | "directory" | "fifo" | "socket" |
 *       "character device" | "block device" | "other" (stat(), links
 *       followed), or nil and a message (a missing file: nil, message, "missing")
 *   process.exec(argv)            -> only on failure: nil, message
 *       runs argv[1] (found on PATH when it has no slash) in place of this
 *       process, same pid: the signals sent to the pid reach that program */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "core.h"
#include "process.h"

static int l_disable_core_dumps(lua_State *L)
{
    struct rlimit none;
    none.rlim_cur = 0;
    none.rlim_max = 0;
    if (setrlimit(RLIMIT_CORE, &none) != 0) {
        lua_pushnil(L);
        lua_pushfstring(L, "setrlimit(RLIMIT_CORE): %s", strerror(errno));
        return 2;
    }
#ifdef __linux__
    if (prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L) != 0) {
        lua_pushnil(L);
        lua_pushfstring(L, "prctl(PR_SET_DUMPABLE): %s", strerror(errno));
        return 2;
    }
#endif
    lua_pushboolean(L, 1);
    return 1;
}

static int l_reopen_closed_std(lua_State *L)
{
    int fd, k = 0;
    lua_createtable(L, 3, 0);
    for (fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        /* The lowest free number: fd itself, as 0..fd-1 are open by now. */
        if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd) continue;
        lua_pushinteger(L, fd);
        lua_rawseti(L, -2, ++k);
    }
    return 1;
}

static int l_isatty(lua_State *L)
{
    lua_pushboolean(L, isatty((int)luaL_checkinteger(L, 1)) == 1);
    return 1;
}

static int l_file_type(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    struct stat st;
    const char *kind = "other";
    if (stat(path, &st) != 0) {
        int e = errno;
        lua_pushnil(L);
        lua_pushstring(L, strerror(e));
        if (e == ENOENT) {
            lua_pushliteral(L, "missing");
            return 3;
        }
        return 2;
    }
    if (S_ISREG(st.st_mode)) kind = "file";
    else if (S_ISDIR(st.st_mode)) kind = "directory";
    else if (S_ISFIFO(st.st_mode)) kind = "fifo";
    else if (S_ISSOCK(st.st_mode)) kind = "socket";
    else if (S_ISCHR(st.st_mode)) kind = "character device";
    else if (S_ISBLK(st.st_mode)) kind = "block device";
    lua_pushstring(L, kind);
    return 1;
}

#define EXEC_MAX_ARGS 256

static int l_exec(lua_State *L)
{
    const char *argv[EXEC_MAX_ARGS + 1];
    lua_Integer i, n;
    luaL_checktype(L, 1, LUA_TTABLE);
    n = (lua_Integer)dfs_rawlen(L, 1);
    if (n < 1 || n > EXEC_MAX_ARGS) return luaL_argerror(L, 1, "1 to 256 strings");
    for (i = 1; i <= n; i++) {
        lua_rawgeti(L, 1, i);
        argv[i - 1] = lua_tostring(L, -1);   /* kept alive by the table */
        if (argv[i - 1] == NULL || lua_type(L, -1) != LUA_TSTRING)
            return luaL_argerror(L, 1, "strings only");
        lua_pop(L, 1);
    }
    argv[n] = NULL;
    fflush(NULL);
    execvp(argv[0], (char *const *)argv);
    lua_pushnil(L);
    lua_pushstring(L, strerror(errno));
    return 2;
}

int dfs_open_process(lua_State *L)
{
    static const luaL_Reg funcs[] = {
        {"disable_core_dumps", l_disable_core_dumps},
        {"reopen_closed_std", l_reopen_closed_std},
        {"isatty", l_isatty},
        {"file_type", l_file_type},
        {"exec", l_exec},
        {NULL, NULL}
    };
    dfs_newlib(L, funcs);
    return 1;
}
