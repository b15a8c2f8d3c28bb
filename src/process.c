/* Process hygiene for the command line (it holds an API password).
 *
 *   local process = require("dataforseo.core").process
 *   process.disable_core_dumps()  -> true | nil, message
 *       RLIMIT_CORE 0 (soft and hard) and, on Linux, not dumpable (no core
 *       file, no ptrace by other processes of the user, /proc/<pid>/environ
 *       and mem readable by root only)
 *   process.reopen_closed_std()   -> array of the descriptors among 0, 1, 2
 *       that were closed, now open on /dev/null: a socket or file opened
 *       later cannot take the number of stdout and receive the output */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
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

int dfs_open_process(lua_State *L)
{
    static const luaL_Reg funcs[] = {
        {"disable_core_dumps", l_disable_core_dumps},
        {"reopen_closed_std", l_reopen_closed_std},
        {NULL, NULL}
    };
    dfs_newlib(L, funcs);
    return 1;
}
