/* The HTTP part of dataforseo/core.so: libcurl sessions, concurrent
 * batches (multi.c) and clocks.
 *
 *   local http = require("dataforseo.core").http
 *   local s = http.session{ username =, password =, user_agent =, timeout =,
 *                           connect_timeout =, low_speed_time =, max_size =,
 *                           ca_file =, ca_path =, proxy =, verify = true,
 *                           compressed = true }
 *   local res, msg, code, category = s:request(method, url [, body [, opts]])
 *     opts = { timeout = seconds, decode = true, keep_body = false (the raw body too),
 *              json = { decoder options } }
 *     res  = { status =, headers = { ["content-type"] =, ["retry-after"] =,
 *              ["x-ratelimit-limit"] =, ["x-ratelimit-remaining"] = },
 *              data = <decoded JSON> | body = <string>, decode_error =,
 *              bytes =, time =, new_connections = }
 *   s:close()   -- also __gc (and __close on 5.4); idempotent
 *   http.multi(session options, concurrency)   -- see multi.c
 *   http.sleep(seconds) -> true, or false and the signal's name when a
 *                  pending SIGINT/SIGTERM (signals.c) ended it early
 *   http.info() -> { version =, ssl =, gzip =, ... }
 *   http.now()   monotonic seconds (for intervals), http.wall() Unix time
 *
 * A request runs its easy handle through a multi handle of its own, so that
 * its waits also wake for a signal: a pending SIGINT/SIGTERM ends it with
 * category "interrupted" (and one that is pending before it starts sends
 * nothing).  The URL must hold no NUL, space or control character, the
 * method must be an HTTP token.
 *
 * The transfer itself (buffer, callbacks, result conversion) lives in
 * http_request.c, shared with the multi handle of multi.c. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>

#include "http_request.h"
#include "multi.h"
#include "signals.h"

#define SESSION_MT "dataforseo.http.session"

typedef struct dfs_session {
    dfs_request req;
    dfs_http_settings settings;
    CURLM *multi;                 /* runs req.easy; keeps its connections */
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

    s->multi = curl_multi_init();
    if (s->multi == NULL) return luaL_error(L, "curl_multi_init failed");
    s->req.easy = curl_easy_init();
    if (s->req.easy == NULL) return luaL_error(L, "curl_easy_init failed");
    dfs_request_bind(&s->req);
    dfs_http_headers(L, &s->settings);
    dfs_http_configure(L, s->req.easy, 1, &s->settings);
    s->req.max_size = s->settings.max_size;
    return 1;
}

/* Runs the prepared transfer to its end, as curl_easy_perform would, but
 * waiting in curl_multi_poll with the signal pipe: a SIGINT or SIGTERM
 * ends the wait at once and the transfer (progress_cb, or here when
 * libcurl did not call it).  Pure C. */
static CURLcode session_perform(dfs_session *s)
{
    struct curl_waitfd wake;
    unsigned int nwake = 0;
    int running = 1, left, done = 0, signo;
    CURLcode result = CURLE_OK;
    CURLMcode mc;
    CURLMsg *msg;
    if (dfs_signal_wake_fd() >= 0) {
        wake.fd = dfs_signal_wake_fd();
        wake.events = CURL_WAIT_POLLIN;
        wake.revents = 0;
        nwake = 1;
    }
    mc = curl_multi_add_handle(s->multi, s->req.easy);
    if (mc != CURLM_OK) {
        s->req.out_of_memory = (mc == CURLM_OUT_OF_MEMORY);
        return mc == CURLM_OUT_OF_MEMORY ? CURLE_OUT_OF_MEMORY : CURLE_FAILED_INIT;
    }
    for (;;) {
        mc = curl_multi_perform(s->multi, &running);
        if (mc != CURLM_OK || running == 0) break;
        if ((signo = dfs_signal_pending()) != 0) {
            s->req.interrupted = signo;
            result = CURLE_ABORTED_BY_CALLBACK;
            done = 1;
            break;
        }
        mc = curl_multi_poll(s->multi, &wake, nwake, 1000, NULL);
        if (mc != CURLM_OK) break;
    }
    while ((msg = curl_multi_info_read(s->multi, &left)) != NULL) {
        if (msg->msg == CURLMSG_DONE && msg->easy_handle == s->req.easy && !done) {
            result = msg->data.result;
            done = 1;
        }
    }
    if (!done) {
        s->req.out_of_memory = (mc == CURLM_OUT_OF_MEMORY);
        result = mc == CURLM_OUT_OF_MEMORY ? CURLE_OUT_OF_MEMORY : CURLE_FAILED_INIT;
    }
    curl_multi_remove_handle(s->multi, s->req.easy);
    return result;
}

/* session:request(method, url [, body [, opts]]) */
static int session_request(lua_State *L)
{
    dfs_session *s = check_session(L, 1);
    const char *method = dfs_check_method(L, 2);
    const char *problem = NULL;
    const char *url = dfs_check_url(L, 3, &problem);
    size_t body_len = 0;
    const char *body = luaL_optlstring(L, 4, NULL, &body_len);
    dfs_call_opts o;
    CURLcode rc;
    int n, signo;

    dfs_call_opts_read(L, 5, &s->settings, &o);
    if (url == NULL) {
        lua_pushnil(L);
        lua_pushstring(L, problem);
        lua_pushinteger(L, (lua_Integer)CURLE_URL_MALFORMAT);
        lua_pushliteral(L, "url");
        return 4;
    }
    rc = dfs_request_prepare(&s->req, method, url, body, body_len, o.timeout_ms);
    if (rc != CURLE_OK) {
        dfs_request_complete(&s->req, rc);
        return dfs_request_push_failure(L, &s->req);
    }
    if ((signo = dfs_signal_pending()) != 0) {      /* nothing is sent */
        dfs_request_interrupt(&s->req, signo);
        return dfs_request_push_failure(L, &s->req);
    }
    dfs_request_complete(&s->req, session_perform(s));
    n = dfs_request_push_result(L, &s->req, &o);
    dfs_request_trim(&s->req);
    return n;
}

static int session_close(lua_State *L)
{
    dfs_session *s = (dfs_session *)luaL_checkudata(L, 1, SESSION_MT);
    if (s->multi != NULL) {              /* req.easy is never left in it */
        curl_multi_cleanup(s->multi);
        s->multi = NULL;
    }
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

static double timespec_seconds(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* http.sleep(seconds) -> true | false, signal name.  With the signal
 * handlers installed it waits on their pipe, so a signal that arrives
 * just before the wait still ends it. */
static int http_sleep(lua_State *L)
{
    double sec = (double)luaL_checknumber(L, 1), deadline, left;
    int signo;
    if (sec > 86400.0) sec = 86400.0;
    deadline = timespec_seconds(CLOCK_MONOTONIC) + (sec > 0 ? sec : 0);
    for (;;) {
        if ((signo = dfs_signal_pending()) != 0) {
            lua_pushboolean(L, 0);
            lua_pushstring(L, dfs_signal_name(signo));
            return 2;
        }
        left = deadline - timespec_seconds(CLOCK_MONOTONIC);
        if (!(left > 0)) break;
        if (dfs_signal_wake_fd() >= 0) {
            struct pollfd p;
            p.fd = dfs_signal_wake_fd();
            p.events = POLLIN;
            p.revents = 0;
            poll(&p, 1, (int)(left * 1000.0) + 1);
        } else {
            struct timespec ts, rem;
            ts.tv_sec = (time_t)left;
            ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
            if (nanosleep(&ts, &rem) != 0 && errno != EINTR) break;
        }
    }
    lua_pushboolean(L, 1);
    return 1;
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
