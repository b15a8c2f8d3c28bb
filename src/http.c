/* The HTTP part of dataforseo/core.so: libcurl sessions.
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
 *   http.sleep(seconds), http.info() -> { version =, ssl =, gzip =, ... }
 *
 * A transfer is a dfs_request: one easy handle, its response buffer and the
 * headers that matter.  Preparing it, collecting the response (the libcurl
 * callbacks, pure C) and finishing it into Lua are separate steps, so a
 * curl multi handle or a host event loop can drive the same requests later:
 * duplicate the session's easy handle (curl_easy_duphandle), request_bind()
 * it, add it to the multi handle, and on CURLMSG_DONE call
 * request_complete() then request_push_result().
 *
 * Rule: no Lua API call runs inside a libcurl callback.  The body is
 * buffered with malloc/realloc in memory owned by the session userdata, so
 * a Lua memory error while converting the result cannot leak it (__gc frees
 * it). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>

#include "core.h"
#include "json.h"

#define SESSION_MT "dataforseo.http.session"

#define DFS_DEFAULT_MAX_SIZE    ((size_t)64 << 20)   /* decoded bytes */
#define DFS_MIN_BUFFER          ((size_t)16 << 10)
#define DFS_KEEP_BUFFER         ((size_t)1 << 20)    /* larger ones are freed */
#define DFS_HEADER_VALUE_MAX    256

/* The response headers the client acts on, in lower case as Lua sees them. */
enum { H_CONTENT_TYPE, H_RETRY_AFTER, H_RATE_LIMIT, H_RATE_REMAINING, H_COUNT };
static const char *const header_names[H_COUNT] = {
    "content-type", "retry-after", "x-ratelimit-limit", "x-ratelimit-remaining"
};

typedef struct dfs_buffer {
    char *data;
    size_t len, cap;
} dfs_buffer;

typedef struct dfs_request {
    CURL *easy;
    dfs_buffer body;
    size_t max_size;
    int too_large;                /* set by the write callback */
    int out_of_memory;            /* set by the write callback */
    CURLcode result;
    long status;
    char headers[H_COUNT][DFS_HEADER_VALUE_MAX];
    char errbuf[CURL_ERROR_SIZE];
} dfs_request;

typedef struct dfs_session {
    dfs_request req;
    struct curl_slist *header_list;
    long timeout_ms;              /* default total timeout of a request */
} dfs_session;

/* ---------------------------------------------------------------- buffer */

static int buffer_reserve(dfs_buffer *b, size_t extra)
{
    size_t need = b->len + extra, cap;
    char *p;
    if (need <= b->cap) return 0;
    cap = b->cap ? b->cap : DFS_MIN_BUFFER;
    while (cap < need) cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
    p = (char *)realloc(b->data, cap);
    if (p == NULL) return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

static void buffer_free(dfs_buffer *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ------------------------------------------------- callbacks (pure C only) */

static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *ud)
{
    dfs_request *r = (dfs_request *)ud;
    size_t n = size * nmemb;
    if (n > r->max_size - r->body.len) {          /* body.len <= max_size */
        r->too_large = 1;
        return 0;                                  /* ends with WRITE_ERROR */
    }
    if (r->body.len == 0 && r->body.cap == 0) {
        /* Size the first allocation from Content-Length when it is known
         * (exact without compression, a good start with it). */
        curl_off_t cl = -1;
        if (curl_easy_getinfo(r->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl) == CURLE_OK
            && cl > 0 && (curl_off_t)r->max_size >= cl && (size_t)cl > n
            && buffer_reserve(&r->body, (size_t)cl) != 0) {
            r->out_of_memory = 1;
            return 0;
        }
    }
    if (buffer_reserve(&r->body, n) != 0) {
        r->out_of_memory = 1;
        return 0;
    }
    memcpy(r->body.data + r->body.len, ptr, n);
    r->body.len += n;
    return n;
}

static int ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int name_equals(const char *line, size_t len, const char *lower_name)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (lower_name[i] == '\0' || ascii_lower((unsigned char)line[i]) != lower_name[i])
            return 0;
    return lower_name[len] == '\0';
}

static void clear_headers(dfs_request *r)
{
    int i;
    for (i = 0; i < H_COUNT; i++) r->headers[i][0] = '\0';
}

static size_t header_cb(char *line, size_t size, size_t nmemb, void *ud)
{
    dfs_request *r = (dfs_request *)ud;
    size_t n = size * nmemb, colon, start, end;
    int i;
    if (n >= 5 && memcmp(line, "HTTP/", 5) == 0) {
        clear_headers(r);           /* a new response (after 1xx or CONNECT) */
        return n;
    }
    for (colon = 0; colon < n && line[colon] != ':'; colon++) {}
    if (colon == n) return n;
    start = colon + 1;
    end = n;
    while (start < end && (line[start] == ' ' || line[start] == '\t')) start++;
    while (end > start && (line[end - 1] == '\r' || line[end - 1] == '\n'
                           || line[end - 1] == ' ' || line[end - 1] == '\t')) end--;
    for (i = 0; i < H_COUNT; i++) {
        if (name_equals(line, colon, header_names[i])) {
            size_t vlen = end - start;
            if (vlen >= DFS_HEADER_VALUE_MAX) vlen = DFS_HEADER_VALUE_MAX - 1;
            memcpy(r->headers[i], line + start, vlen);
            r->headers[i][vlen] = '\0';
            break;
        }
    }
    return n;
}

/* --------------------------------------------------------------- request */

/* Points the handle's callbacks at this request (also after duphandle). */
static void request_bind(dfs_request *r)
{
    curl_easy_setopt(r->easy, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(r->easy, CURLOPT_WRITEDATA, (void *)r);
    curl_easy_setopt(r->easy, CURLOPT_HEADERFUNCTION, header_cb);
    curl_easy_setopt(r->easy, CURLOPT_HEADERDATA, (void *)r);
    curl_easy_setopt(r->easy, CURLOPT_ERRORBUFFER, r->errbuf);
    curl_easy_setopt(r->easy, CURLOPT_PRIVATE, (void *)r);
}

static void request_reset(dfs_request *r)
{
    r->body.len = 0;
    r->too_large = r->out_of_memory = 0;
    r->result = CURLE_OK;
    r->status = 0;
    r->errbuf[0] = '\0';
    clear_headers(r);
}

/* Sets what changes per call.  body == NULL means GET. */
static CURLcode request_prepare(dfs_request *r, const char *method, const char *url,
                                const char *body, size_t body_len, long timeout_ms)
{
    CURLcode rc;
    request_reset(r);
    rc = curl_easy_setopt(r->easy, CURLOPT_URL, url);
    if (rc == CURLE_OK) rc = curl_easy_setopt(r->easy, CURLOPT_TIMEOUT_MS, timeout_ms);
    if (rc != CURLE_OK) return rc;
    if (body != NULL) {
        /* COPYPOSTFIELDS: the request owns its body, as a multi transfer
         * outliving the Lua string will need. */
        rc = curl_easy_setopt(r->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
        if (rc == CURLE_OK) rc = curl_easy_setopt(r->easy, CURLOPT_COPYPOSTFIELDS, body);
    } else {
        rc = curl_easy_setopt(r->easy, CURLOPT_HTTPGET, 1L);
    }
    if (rc != CURLE_OK) return rc;
    if (strcmp(method, body != NULL ? "POST" : "GET") == 0) method = NULL;
    return curl_easy_setopt(r->easy, CURLOPT_CUSTOMREQUEST, method);
}

static void request_complete(dfs_request *r, CURLcode result)
{
    r->result = result;
    if (curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &r->status) != CURLE_OK)
        r->status = 0;
}

/* A short name for the class of failure, so Lua can decide on retries
 * without knowing libcurl's numbers. */
static const char *failure_category(const dfs_request *r)
{
    if (r->too_large) return "too_large";
    if (r->out_of_memory) return "memory";
    switch (r->result) {
    case CURLE_OPERATION_TIMEDOUT:
        return "timeout";
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return "resolve";
    case CURLE_COULDNT_CONNECT:
        return "connect";
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return "connection";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_USE_SSL_FAILED:
        return "tls";
    case CURLE_BAD_CONTENT_ENCODING:
        return "encoding";
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
        return "url";
    default:
        return "other";
    }
}

/* Pushes nil, message, curl code, category.  Returns 4. */
static int push_failure(lua_State *L, const dfs_request *r)
{
    lua_pushnil(L);
    if (r->too_large)
        lua_pushfstring(L, "response larger than max_size (%d MiB); transfer aborted",
                        (int)(r->max_size >> 20));
    else if (r->out_of_memory)
        lua_pushliteral(L, "out of memory while receiving the response");
    else if (r->errbuf[0] != '\0')
        lua_pushstring(L, r->errbuf);
    else
        lua_pushstring(L, curl_easy_strerror(r->result));
    lua_pushinteger(L, (lua_Integer)r->result);
    lua_pushstring(L, failure_category(r));
    return 4;
}

static void set_number_field(lua_State *L, const char *k, double v)
{
    lua_pushnumber(L, (lua_Number)v);
    lua_setfield(L, -2, k);
}

static void set_integer_field(lua_State *L, const char *k, long long v)
{
    dfs_pushinteger(L, (dfs_integer)v);
    lua_setfield(L, -2, k);
}

/* Pushes the response table (or the failure).  May raise a Lua memory
 * error; the buffer stays owned by the request and is freed by __gc. */
static int request_push_result(lua_State *L, dfs_request *r, int decode,
                               const dfs_json_opts *jopts)
{
    int i;
    long connects = 0;
    curl_off_t total_us = 0;
    if (r->result != CURLE_OK) return push_failure(L, r);
    curl_easy_getinfo(r->easy, CURLINFO_NUM_CONNECTS, &connects);
    curl_easy_getinfo(r->easy, CURLINFO_TOTAL_TIME_T, &total_us);

    lua_createtable(L, 0, 8);
    set_integer_field(L, "status", r->status);
    set_integer_field(L, "bytes", (long long)r->body.len);
    set_integer_field(L, "new_connections", connects);
    set_number_field(L, "time", (double)total_us / 1e6);
    lua_createtable(L, 0, H_COUNT);
    for (i = 0; i < H_COUNT; i++) {
        if (r->headers[i][0] != '\0') {
            lua_pushstring(L, r->headers[i]);
            lua_setfield(L, -2, header_names[i]);
        }
    }
    lua_setfield(L, -2, "headers");

    if (decode && r->body.len > 0) {
        int n = dfs_json_decode(L, r->body.data, r->body.len, jopts);
        if (n == 1) {
            lua_setfield(L, -2, "data");
        } else {                     /* nil, message, position */
            lua_setfield(L, -(n + 1), "decode_position");
            lua_setfield(L, -n, "decode_error");
            lua_pop(L, n - 2);
            decode = 0;              /* hand the raw body back as well */
        }
    } else {
        decode = 0;
    }
    if (!decode) {
        lua_pushlstring(L, r->body.len ? r->body.data : "", r->body.len);
        lua_setfield(L, -2, "body");
    }
    return 1;
}

/* Frees a large response buffer once it has been turned into Lua values. */
static void request_trim(dfs_request *r)
{
    if (r->body.cap > DFS_KEEP_BUFFER) buffer_free(&r->body);
    r->body.len = 0;
}

static void request_free(dfs_request *r)
{
    if (r->easy != NULL) {
        curl_easy_cleanup(r->easy);
        r->easy = NULL;
    }
    buffer_free(&r->body);
}

/* --------------------------------------------------------------- session */

static dfs_session *check_session(lua_State *L, int idx)
{
    dfs_session *s = (dfs_session *)luaL_checkudata(L, idx, SESSION_MT);
    if (s->req.easy == NULL) luaL_error(L, "dataforseo http session is closed");
    return s;
}

static long seconds_to_ms(lua_State *L, int idx, const char *name, double v)
{
    if (!(v >= 0 && v <= 86400.0 * 365))
        luaL_argerror(L, idx, lua_pushfstring(L, "'%s' must be a number of seconds >= 0", name));
    return (long)(v * 1000.0 + 0.5);
}

/* Reads t[name] if present: returns 1 and leaves it on the stack. */
static int opt_field(lua_State *L, int idx, const char *name, int type)
{
    lua_getfield(L, idx, name);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return 0;
    }
    if (lua_type(L, -1) != type)
        luaL_argerror(L, idx, lua_pushfstring(L, "option '%s' must be a %s, got %s", name,
                                              lua_typename(L, type), luaL_typename(L, -1)));
    return 1;
}

static void setopt_string(lua_State *L, CURL *e, int idx, const char *name, CURLoption opt)
{
    if (opt_field(L, idx, name, LUA_TSTRING)) {
        if (curl_easy_setopt(e, opt, lua_tostring(L, -1)) != CURLE_OK)
            luaL_error(L, "libcurl refused option '%s'", name);
        lua_pop(L, 1);
    }
}

static double opt_number(lua_State *L, int idx, const char *name, double def)
{
    double v = def;
    if (opt_field(L, idx, name, LUA_TNUMBER)) {
        v = (double)lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    return v;
}

static int opt_boolean(lua_State *L, int idx, const char *name, int def)
{
    int v = def;
    if (opt_field(L, idx, name, LUA_TBOOLEAN)) {
        v = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    return v;
}

/* The settings every request of the session shares. */
static void session_configure(lua_State *L, dfs_session *s, int idx)
{
    CURL *e = s->req.easy;
    double max_size, low_speed_time;
    long connect_ms;

    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, s->header_list);

    if (opt_boolean(L, idx, "compressed", 1))
        curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");   /* all built in */

    setopt_string(L, e, idx, "user_agent", CURLOPT_USERAGENT);
    if (opt_field(L, idx, "username", LUA_TSTRING)) {
        curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(e, CURLOPT_USERNAME, lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    setopt_string(L, e, idx, "password", CURLOPT_PASSWORD);

    s->timeout_ms = seconds_to_ms(L, idx, "timeout", opt_number(L, idx, "timeout", 60));
    connect_ms = seconds_to_ms(L, idx, "connect_timeout", opt_number(L, idx, "connect_timeout", 10));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
    /* Abort a transfer that stalls (under 1 byte/s) for this long. */
    low_speed_time = opt_number(L, idx, "low_speed_time", 30);
    seconds_to_ms(L, idx, "low_speed_time", low_speed_time);
    if (low_speed_time >= 1) {
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, (long)low_speed_time);
    }
    max_size = opt_number(L, idx, "max_size", (double)DFS_DEFAULT_MAX_SIZE);
    if (!(max_size >= 1 && max_size <= (double)((size_t)-1 / 2)))
        luaL_argerror(L, idx, "'max_size' must be a positive number of bytes");
    s->req.max_size = (size_t)max_size;

    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!opt_boolean(L, idx, "verify", 1)) {
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    setopt_string(L, e, idx, "ca_file", CURLOPT_CAINFO);
    setopt_string(L, e, idx, "ca_path", CURLOPT_CAPATH);
    /* Without this option libcurl reads http_proxy, https_proxy, no_proxy. */
    setopt_string(L, e, idx, "proxy", CURLOPT_PROXY);
}

static int session_new(lua_State *L)
{
    dfs_session *s;
    struct curl_slist *h;
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
    request_bind(&s->req);

    h = curl_slist_append(NULL, "Content-Type: application/json");
    if (h != NULL) s->header_list = h;
    if (h != NULL) h = curl_slist_append(s->header_list, "Accept: application/json");
    if (h != NULL) h = curl_slist_append(s->header_list, "Expect:");   /* no 100-continue */
    if (h == NULL) return luaL_error(L, "out of memory building request headers");

    session_configure(L, s, 1);
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
    long timeout_ms = s->timeout_ms;
    int decode = 1;
    dfs_json_opts jopts;
    CURLcode rc;

    dfs_json_default_opts(&jopts);
    if (!lua_isnoneornil(L, 5)) {
        luaL_checktype(L, 5, LUA_TTABLE);
        if (opt_field(L, 5, "timeout", LUA_TNUMBER)) {
            timeout_ms = seconds_to_ms(L, 5, "timeout", (double)lua_tonumber(L, -1));
            lua_pop(L, 1);
        }
        decode = opt_boolean(L, 5, "decode", 1);
        lua_getfield(L, 5, "json");
        dfs_json_check_opts(L, lua_gettop(L), &jopts);
        lua_pop(L, 1);
    }

    rc = request_prepare(&s->req, method, url, body, body_len, timeout_ms);
    if (rc != CURLE_OK) {
        request_complete(&s->req, rc);
        return push_failure(L, &s->req);
    }
    request_complete(&s->req, curl_easy_perform(s->req.easy));
    {
        int n = request_push_result(L, &s->req, decode, &jopts);
        request_trim(&s->req);
        return n;
    }
}

static int session_close(lua_State *L)
{
    dfs_session *s = (dfs_session *)luaL_checkudata(L, 1, SESSION_MT);
    request_free(&s->req);
    if (s->header_list != NULL) {
        curl_slist_free_all(s->header_list);
        s->header_list = NULL;
    }
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
        {NULL, NULL}
    };
    /* Reference counted inside libcurl; thread-safe in libcurl >= 7.84. */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return luaL_error(L, "curl_global_init failed");

    if (luaL_newmetatable(L, SESSION_MT)) {
        dfs_newlib(L, session_methods);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, session_close);
        lua_setfield(L, -2, "__gc");
#if DFS_HAS_CLOSE
        lua_pushcfunction(L, session_close);
        lua_setfield(L, -2, "__close");
#endif
        lua_pushcfunction(L, session_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushliteral(L, "dataforseo.http.session");
        lua_setfield(L, -2, "__name");
    }
    lua_pop(L, 1);
    dfs_newlib(L, http_functions);
    return 1;
}
