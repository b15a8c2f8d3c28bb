/* A small, strict SQLite binding: what the response store needs, every
 * value through bound parameters (text and blobs keep their NUL bytes).
 *
 *   local sqlite = require("dataforseo.core").sqlite
 *   sqlite.version                              the library's, e.g. "3.40.1"
 *   db, msg, code = sqlite.open(path [, { mode = "rwc" | "rw" | "ro",
 *                                         private = true, busy_timeout = seconds }])
 *     rwc creates a missing file with mode 0600 (SQLite's own default is
 *     0644); private also creates missing parent directories, mode 0700;
 *     a file or directory it may not write is code "readonly"
 *   db:exec(sql) -> true | nil, msg, code       statements without parameters
 *   stmt, msg, code = db:prepare(sql)           one statement
 *   db:changes() -> rows changed by the last INSERT, UPDATE or DELETE
 *   db:busy_timeout(seconds)
 *   db:close()      also __gc (and __close on 5.4); idempotent; finalizes
 *                   the statements still open on it
 *   stmt:bind(i, value [, "blob"]) -> true      string (text, or a blob),
 *                   number, boolean (0/1), nil or the JSON null sentinel
 *   stmt:step() -> "row" | "done" | nil, msg, code
 *   stmt:row() -> the values of the current row: text and blobs as
 *                   strings, integers, reals, NULL as nil
 *   stmt:reset()    ready to run again, bindings cleared
 *   stmt:finalize() also __gc (and __close on 5.4); idempotent
 *
 * code is SQLite's primary result code in lower case without SQLITE_
 * ("busy", "readonly", "full", "corrupt", "notadb", "ioerr", "cantopen",
 * "perm", ...), so the caller can tell a full disk from a damaged file.
 * A closed database or a finalized statement raises when used (a
 * programming error), as do arguments of the wrong type.  No callback of
 * ours runs inside SQLite (busy waits use sqlite3_busy_timeout), so no Lua
 * error can unwind through it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>

#include "sqlite.h"

#define DB_MT "dataforseo.sqlite.db"
#define STMT_MT "dataforseo.sqlite.stmt"
#define DFS_MAX_PATH 4096

typedef struct dfs_stmt dfs_stmt;

typedef struct dfs_db {
    sqlite3 *db;                  /* NULL once closed */
    dfs_stmt *stmts;              /* the statements open on it */
} dfs_db;

struct dfs_stmt {
    sqlite3_stmt *stmt;           /* NULL once finalized */
    dfs_db *db;                   /* kept alive by db_ref */
    int db_ref;                   /* registry reference to the db object */
    dfs_stmt *prev, *next;
};

/* ------------------------------------------------------------ results */

static const char *code_name(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY: return "busy";
    case SQLITE_LOCKED: return "locked";
    case SQLITE_READONLY: return "readonly";
    case SQLITE_FULL: return "full";
    case SQLITE_CORRUPT: return "corrupt";
    case SQLITE_NOTADB: return "notadb";
    case SQLITE_IOERR: return "ioerr";
    case SQLITE_CANTOPEN: return "cantopen";
    case SQLITE_PERM: return "perm";
    case SQLITE_NOMEM: return "nomem";
    case SQLITE_CONSTRAINT: return "constraint";
    case SQLITE_TOOBIG: return "toobig";
    case SQLITE_RANGE: return "range";
    case SQLITE_MISUSE: return "misuse";
    case SQLITE_NOLFS: return "nolfs";
    case SQLITE_PROTOCOL: return "protocol";
    case SQLITE_SCHEMA: return "schema";
    case SQLITE_INTERRUPT: return "interrupt";
    case SQLITE_ABORT: return "abort";
    default: return "error";
    }
}

/* nil, message, code: the connection's last error (or rc's own text). */
static int push_error(lua_State *L, sqlite3 *db, int rc)
{
    lua_pushnil(L);
    if (db != NULL && sqlite3_errcode(db) == rc) lua_pushstring(L, sqlite3_errmsg(db));
    else lua_pushstring(L, sqlite3_errstr(rc));
    lua_pushstring(L, code_name(rc));
    return 3;
}

static int push_failure(lua_State *L, const char *what, int err, const char *code)
{
    lua_pushnil(L);
    lua_pushfstring(L, "%s: %s", what, strerror(err));
    lua_pushstring(L, code);
    return 3;
}

/* ------------------------------------------------------------ opening */

/* mkdir -p for the directories above path, each new one mode 0700. */
static int make_parents(const char *path, char *buf, size_t size)
{
    size_t i, n = strlen(path);
    if (n >= size) { errno = ENAMETOOLONG; return -1; }
    memcpy(buf, path, n + 1);
    for (i = 1; i < n; i++) {
        if (buf[i] != '/') continue;
        buf[i] = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST) return -1;
        buf[i] = '/';
    }
    return 0;
}

/* A missing file is created here, mode 0600, before SQLite opens it. */
static int create_file(const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    close(fd);
    return 0;
}

static int open_flags(lua_State *L, const char *mode)
{
    if (strcmp(mode, "ro") == 0) return SQLITE_OPEN_READONLY;
    if (strcmp(mode, "rw") == 0) return SQLITE_OPEN_READWRITE;
    if (strcmp(mode, "rwc") == 0) return SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    return luaL_error(L, "sqlite.open: mode must be \"rwc\", \"rw\" or \"ro\", got \"%s\"", mode);
}

static int busy_ms(lua_State *L, int idx)
{
    lua_Number s = luaL_checknumber(L, idx);
    if (!(s >= 0 && s <= 86400)) return luaL_error(L, "busy_timeout must be from 0 to 86400 seconds");
    return (int)(s * 1000 + 0.5);
}

static int l_open(lua_State *L)
{
    size_t len;
    const char *path = luaL_checklstring(L, 1, &len);
    const char *mode = "rwc";
    int private_dirs = 0, timeout = -1, flags, rc;
    char buf[DFS_MAX_PATH];
    sqlite3 *handle = NULL;
    dfs_db *d;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        lua_getfield(L, 2, "mode");
        if (!lua_isnil(L, -1)) mode = luaL_checkstring(L, -1);
        lua_getfield(L, 2, "private");
        private_dirs = lua_toboolean(L, -1);
        lua_getfield(L, 2, "busy_timeout");
        if (!lua_isnil(L, -1)) timeout = busy_ms(L, -1);
        lua_pop(L, 2);              /* the mode string stays referenced */
    }
    flags = open_flags(L, mode);
    if (strlen(path) != len) {
        lua_pushnil(L);
        lua_pushliteral(L, "the path contains a NUL byte");
        lua_pushliteral(L, "cantopen");
        return 3;
    }
    if ((flags & SQLITE_OPEN_CREATE) != 0) {
        if (private_dirs && make_parents(path, buf, sizeof buf) != 0) {
            int err = errno;
            return push_failure(L, "cannot create the directory", err,
                                err == EACCES || err == EPERM || err == EROFS ? "readonly" : "cantopen");
        }
        if (create_file(path) != 0) {
            int err = errno, exists = access(path, F_OK) == 0;
            int readonly = err == EACCES || err == EPERM || err == EROFS;
            return push_failure(L, exists ? "cannot open the file for writing" : "cannot create the file",
                                err, readonly ? "readonly" : "cantopen");
        }
    }
    d = (dfs_db *)dfs_newuserdata(L, sizeof *d);
    d->db = NULL;
    d->stmts = NULL;
    dfs_setmetatable(L, DB_MT);
    rc = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        int n = push_error(L, handle, rc);
        sqlite3_close_v2(handle);   /* a handle comes back even on failure */
        return n;
    }
    d->db = handle;
    if (timeout >= 0) sqlite3_busy_timeout(handle, timeout);
    sqlite3_extended_result_codes(handle, 0);
    return 1;
}

/* ------------------------------------------------------------ database */

static dfs_db *check_db(lua_State *L, int idx)
{
    dfs_db *d = (dfs_db *)luaL_checkudata(L, idx, DB_MT);
    if (d->db == NULL) luaL_error(L, "the sqlite database is closed");
    return d;
}

static void unlink_stmt(dfs_stmt *s)
{
    if (s->prev != NULL) s->prev->next = s->next;
    else if (s->db->stmts == s) s->db->stmts = s->next;
    if (s->next != NULL) s->next->prev = s->prev;
    s->prev = s->next = NULL;
}

static void finalize_stmt(dfs_stmt *s)
{
    if (s->stmt == NULL) return;
    sqlite3_finalize(s->stmt);
    s->stmt = NULL;
    unlink_stmt(s);
}

static int db_close(lua_State *L)
{
    dfs_db *d = (dfs_db *)luaL_checkudata(L, 1, DB_MT);
    while (d->stmts != NULL) finalize_stmt(d->stmts);
    if (d->db != NULL) {
        sqlite3_close_v2(d->db);
        d->db = NULL;
    }
    return 0;
}

static int db_exec(lua_State *L)
{
    dfs_db *d = check_db(L, 1);
    const char *sql = luaL_checkstring(L, 2);
    int rc = sqlite3_exec(d->db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) return push_error(L, d->db, rc);
    lua_pushboolean(L, 1);
    return 1;
}

static int db_prepare(lua_State *L)
{
    dfs_db *d = check_db(L, 1);
    size_t len;
    const char *sql = luaL_checklstring(L, 2, &len), *tail = NULL;
    sqlite3_stmt *handle = NULL;
    dfs_stmt *s;
    int rc;
    if (len > INT_MAX) return luaL_error(L, "the statement is too long");
    s = (dfs_stmt *)dfs_newuserdata(L, sizeof *s);
    s->stmt = NULL;
    s->db = d;
    s->prev = s->next = NULL;
    s->db_ref = LUA_NOREF;
    dfs_setmetatable(L, STMT_MT);
    rc = sqlite3_prepare_v2(d->db, sql, (int)len, &handle, &tail);
    if (rc != SQLITE_OK) return push_error(L, d->db, rc);
    if (handle == NULL) {
        lua_pushnil(L);
        lua_pushliteral(L, "the text holds no SQL statement");
        lua_pushliteral(L, "misuse");
        return 3;
    }
    if (tail != NULL && strspn(tail, " \t\r\n;") != strlen(tail)) {
        sqlite3_finalize(handle);
        lua_pushnil(L);
        lua_pushliteral(L, "prepare takes one statement (use exec for several)");
        lua_pushliteral(L, "misuse");
        return 3;
    }
    s->stmt = handle;
    s->next = d->stmts;
    if (d->stmts != NULL) d->stmts->prev = s;
    d->stmts = s;
    lua_pushvalue(L, 1);
    s->db_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 1;
}

static int db_changes(lua_State *L)
{
    dfs_db *d = check_db(L, 1);
    dfs_pushinteger(L, (dfs_integer)sqlite3_changes(d->db));
    return 1;
}

static int db_busy_timeout(lua_State *L)
{
    dfs_db *d = check_db(L, 1);
    sqlite3_busy_timeout(d->db, busy_ms(L, 2));
    return 0;
}

static int db_tostring(lua_State *L)
{
    dfs_db *d = (dfs_db *)luaL_checkudata(L, 1, DB_MT);
    lua_pushfstring(L, "%s (%s)", DB_MT, d->db != NULL ? "open" : "closed");
    return 1;
}

/* ------------------------------------------------------------ statements */

static dfs_stmt *check_stmt(lua_State *L, int idx)
{
    dfs_stmt *s = (dfs_stmt *)luaL_checkudata(L, idx, STMT_MT);
    if (s->stmt == NULL) luaL_error(L, "the sqlite statement is finalized");
    return s;
}

static int bind_number(lua_State *L, sqlite3_stmt *st, int i, int idx)
{
    lua_Number n;
    if (dfs_isinteger(L, idx)) return sqlite3_bind_int64(st, i, (sqlite3_int64)lua_tointeger(L, idx));
    n = lua_tonumber(L, idx);
    /* Without a Lua integer type, integral numbers are SQLite integers. */
    if (!DFS_HAS_INTEGERS && n == floor(n) && fabs(n) <= 9007199254740992.0)
        return sqlite3_bind_int64(st, i, (sqlite3_int64)n);
    return sqlite3_bind_double(st, i, (double)n);
}

static int bind_string(lua_State *L, sqlite3_stmt *st, int i, int idx, int blob)
{
    size_t len;
    const char *v = lua_tolstring(L, idx, &len);
    if (len > INT_MAX) return SQLITE_TOOBIG;
    if (blob) {
        if (len == 0) return sqlite3_bind_zeroblob(st, i, 0);
        return sqlite3_bind_blob(st, i, v, (int)len, SQLITE_TRANSIENT);
    }
    return sqlite3_bind_text(st, i, v, (int)len, SQLITE_TRANSIENT);
}

static int stmt_bind(lua_State *L)
{
    dfs_stmt *s = check_stmt(L, 1);
    int i = (int)luaL_checknumber(L, 2), rc;
    int blob = 0;
    if (!lua_isnoneornil(L, 4)) {
        const char *as = luaL_checkstring(L, 4);
        if (strcmp(as, "blob") != 0) return luaL_error(L, "bind: the 3rd value must be \"blob\", got \"%s\"", as);
        blob = 1;
    }
    switch (lua_type(L, 3)) {
    case LUA_TNONE:
    case LUA_TNIL: rc = sqlite3_bind_null(s->stmt, i); break;
    case LUA_TBOOLEAN: rc = sqlite3_bind_int(s->stmt, i, lua_toboolean(L, 3)); break;
    case LUA_TNUMBER:
        if (blob) return luaL_error(L, "bind: a number cannot be bound as a blob");
        rc = bind_number(L, s->stmt, i, 3);
        break;
    case LUA_TSTRING: rc = bind_string(L, s->stmt, i, 3, blob); break;
    case LUA_TLIGHTUSERDATA:
        if (lua_touserdata(L, 3) == NULL) { rc = sqlite3_bind_null(s->stmt, i); break; }
        /* fall through */
    default:
        return luaL_error(L, "bind: cannot bind a %s (string, number, boolean, nil or null)",
                          luaL_typename(L, 3));
    }
    if (rc != SQLITE_OK) return push_error(L, sqlite3_db_handle(s->stmt), rc);
    lua_pushboolean(L, 1);
    return 1;
}

static int stmt_step(lua_State *L)
{
    dfs_stmt *s = check_stmt(L, 1);
    int rc = sqlite3_step(s->stmt);
    if (rc == SQLITE_ROW) { lua_pushliteral(L, "row"); return 1; }
    if (rc == SQLITE_DONE) { lua_pushliteral(L, "done"); return 1; }
    return push_error(L, sqlite3_db_handle(s->stmt), rc);
}

static void push_column(lua_State *L, sqlite3_stmt *st, int c)
{
    switch (sqlite3_column_type(st, c)) {
    case SQLITE_INTEGER: dfs_pushinteger(L, (dfs_integer)sqlite3_column_int64(st, c)); break;
    case SQLITE_FLOAT: lua_pushnumber(L, (lua_Number)sqlite3_column_double(st, c)); break;
    case SQLITE_TEXT: {
        const char *v = (const char *)sqlite3_column_text(st, c);
        lua_pushlstring(L, v != NULL ? v : "", (size_t)sqlite3_column_bytes(st, c));
        break;
    }
    case SQLITE_BLOB: {
        const char *v = (const char *)sqlite3_column_blob(st, c);
        lua_pushlstring(L, v != NULL ? v : "", (size_t)sqlite3_column_bytes(st, c));
        break;
    }
    default: lua_pushnil(L); break;
    }
}

static int stmt_row(lua_State *L)
{
    dfs_stmt *s = check_stmt(L, 1);
    int c, n = sqlite3_data_count(s->stmt);
    luaL_checkstack(L, n, "too many columns");
    for (c = 0; c < n; c++) push_column(L, s->stmt, c);
    return n;
}

static int stmt_reset(lua_State *L)
{
    dfs_stmt *s = check_stmt(L, 1);
    /* reset repeats the last step's error, which step already returned. */
    sqlite3_reset(s->stmt);
    sqlite3_clear_bindings(s->stmt);
    return 0;
}

static int stmt_finalize(lua_State *L)
{
    dfs_stmt *s = (dfs_stmt *)luaL_checkudata(L, 1, STMT_MT);
    finalize_stmt(s);
    if (s->db_ref != LUA_NOREF) {
        luaL_unref(L, LUA_REGISTRYINDEX, s->db_ref);
        s->db_ref = LUA_NOREF;
    }
    return 0;
}

static int stmt_tostring(lua_State *L)
{
    dfs_stmt *s = (dfs_stmt *)luaL_checkudata(L, 1, STMT_MT);
    lua_pushfstring(L, "%s (%s)", STMT_MT, s->stmt != NULL ? "open" : "finalized");
    return 1;
}

/* ------------------------------------------------------------ module */

int dfs_open_sqlite(lua_State *L)
{
    static const luaL_Reg db_methods[] = {
        { "exec", db_exec }, { "prepare", db_prepare }, { "changes", db_changes },
        { "busy_timeout", db_busy_timeout }, { "close", db_close }, { NULL, NULL }
    };
    static const luaL_Reg stmt_methods[] = {
        { "bind", stmt_bind }, { "step", stmt_step }, { "row", stmt_row }, { "reset", stmt_reset },
        { "finalize", stmt_finalize }, { NULL, NULL }
    };
    static const luaL_Reg lib[] = { { "open", l_open }, { NULL, NULL } };
    dfs_register_class(L, DB_MT, db_methods, db_close, db_tostring);
    dfs_register_class(L, STMT_MT, stmt_methods, stmt_finalize, stmt_tostring);
    dfs_newlib(L, lib);
    lua_pushstring(L, sqlite3_libversion());
    lua_setfield(L, -2, "version");
    return 1;
}
