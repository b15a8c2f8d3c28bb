/* The HTTP part of dataforseo/core.so: libcurl sessions, concurrent
 * batches (multi.c) and clocks.
 *
 *   local http = require("dataforseo.core").http
 *   local s = http.session{ username =, password =, user_agent =, timeout =,
 *                           connect_timeout =, low_speed_time =, max_size =,
 *                           ca_file =, ca_path =, proxy =, verify = true,
 *                           compressed = true }
 *   local res, msg, code, category = s:request(method, url [, body [, opts]])
 *     opts = { timeout = seconds, decode = true, json = { decoder options } }
 *     res  = { status =, headers = { ["content-type"] =, ["retry-after"] =,
 *              ["x-ratelimit-limit"] =, ["x-ratelimit-remaining"] = },
 *              data = <decoded JSON> | body = <string>, decode_error =,
 *              bytes =, time =, new_connections = }
 *   s:close()   -- also __gc (and __close on 5.4); idempotent
 *   http.multi(session options, concurrency)   -- see multi.c
 *   http.sleep(seconds), http.info() -> { version =, ssl =, gzip =, ... }
 *   http.now()   monotonic seconds (for intervals), http.wall() Unix time
 *
 * The transfer itself (buffer, callbacks, result conversion) lives in
 * http_request.c, shared with the multi handle of multi.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>

#include "http_request.h"
#include "multi.h"

#define SESSION_MT "dataforseo.http.session"

typedef struct dfs_session {
    dfs_request req;
    dfs_http_settings settings;
} dfs_session;

/* --------------------------------------------------------------- session */

static dfs_session *check_session(lua_State *L, int idx)
{
    dfs_session *s = (dfs_session *)luaL_checkudata(L, idx, SESSION_MT);
    if (s->req.easy == NULL) luaL_error(L, "dataforseo http session is closed");
    return s;
}

static int session_new(lua_State *L)
{
    dfs_session *s;
    if (!lua_isnoneornil(L, 1)) luaL_checktype(L, 1, LUA_TTABLE);
    else {
        lua_settop(L, 0);
        lua_newtable(L);
    }
    /* The userdata owns everything from here on: a raise below is cleaned
     * up by __gc. */
    s = (dfs_session *)dfs_newuserdata(L, sizeof *s);
    memset(s, 0, sizeof *s);
    dfs_setmetatable(L, SESSION_MT);

    s->req.easy = curl_easy_init();
    if (s->req.easy == NULL) return luaL_error(L, "curl_easy_init failed");
    dfs_request_bind(&s->req);
    dfs_http_headers(L, &s->settings);
    dfs_http_configure(L, s->req.easy, 1, &s->settings);
    s->req.max_size = s->settings.max_size;
    return 1;
}

/* session:request(method, url [, body [, opts]]) */
static int session_request(lua_State *L)
{
    dfs_session *s = check_session(L, 1);
    const char *method = luaL_checkstring(L, 2);
    const char *url = luaL_checkstring(L, 3);
    size_t body_len = 0;
    const char *body = luaL_optlstring(L, 4, NULL, &body_len);
    dfs_call_opts o;
    CURLcode rc;
    int n;

    dfs_call_opts_read(L, 5, &s->settings, &o);
    rc = dfs_request_prepare(&s->req, method, url, body, body_len, o.timeout_ms);
    if (rc != CURLE_OK) {
        dfs_request_complete(&s->req, rc);
        return dfs_request_push_failure(L, &s->req);
    }
    dfs_request_complete(&s->req, curl_easy_perform(s->req.easy));
    n = dfs_request_push_result(L, &s->req, &o);
    dfs_request_trim(&s->req);
    return n;
}

static int session_close(lua_State *L)
{
    dfs_session *s = (dfs_session *)luaL_checkudata(L, 1, SESSION_MT);
    dfs_request_free(&s->req);
    dfs_http_settings_free(&s->settings);
    return 0;
}

static int session_tostring(lua_State *L)
{
    dfs_session *s = (dfs_session *)luaL_checkudata(L, 1, SESSION_MT);
    if (s->req.easy == NULL) lua_pushliteral(L, "dataforseo.http.session (closed)");
    else lua_pushfstring(L, "dataforseo.http.session (%p)", (void *)s);
    return 1;
}

/* --------------------------------------------------------------- library */

static int http_sleep(lua_State *L)
{
    double sec = (double)luaL_checknumber(L, 1);
    struct timespec ts, rem;
    if (!(sec > 0)) return 0;
    if (sec > 86400.0) sec = 86400.0;
    ts.tv_sec = (time_t)sec;
    ts.tv_nsec = (long)((sec - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &rem) != 0 && errno == EINTR) ts = rem;
    return 0;
}

static double timespec_seconds(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds on a clock that never jumps: for intervals and deadlines. */
static int http_now(lua_State *L)
{
    lua_pushnumber(L, (lua_Number)timespec_seconds(CLOCK_MONOTONIC));
    return 1;
}

/* Unix time with sub-second precision: for the API's per-minute windows. */
static int http_wall(lua_State *L)
{
    lua_pushnumber(L, (lua_Number)timespec_seconds(CLOCK_REALTIME));
    return 1;
}

static void set_bool_field(lua_State *L, const char *k, int v)
{
    lua_pushboolean(L, v);
    lua_setfield(L, -2, k);
}

/* What this libcurl build can do (tests and the README use it). */
static int http_info(lua_State *L)
{
    const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
    lua_createtable(L, 0, 6);
    lua_pushstring(L, v->version);
    lua_setfield(L, -2, "version");
    lua_pushstring(L, v->ssl_version ? v->ssl_version : "");
    lua_setfield(L, -2, "ssl");
    set_bool_field(L, "gzip", (v->features & CURL_VERSION_LIBZ) != 0);
    set_bool_field(L, "brotli", (v->features & CURL_VERSION_BROTLI) != 0);
#ifdef CURL_VERSION_ZSTD
    set_bool_field(L, "zstd", (v->features & CURL_VERSION_ZSTD) != 0);
#endif
    set_bool_field(L, "http2", (v->features & CURL_VERSION_HTTP2) != 0);
    return 1;
}

int dfs_open_http(lua_State *L)
{
    static const luaL_Reg session_methods[] = {
        {"request", session_request},
        {"close", session_close},
        {NULL, NULL}
    };
    static const luaL_Reg http_functions[] = {
        {"session", session_new},
        {"sleep", http_sleep},
        {"info", http_info},
        {"now", http_now},
        {"wall", http_wall},
        {"multi", dfs_multi_new},
        {NULL, NULL}
    };
    /* Reference counted inside libcurl; thread-safe in libcurl >= 7.84. */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return luaL_error(L, "curl_global_init failed");

    dfs_register_class(L, SESSION_MT, session_methods, session_close, session_tostring);
    dfs_multi_register(L);
    dfs_newlib(L, http_functions);
    return 1;
}
