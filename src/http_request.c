/* One HTTP transfer: buffer, libcurl callbacks, the steps of a request
 * and the session options (see http_request.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_request.h"
#include "signals.h"

#define DFS_MIN_BUFFER          ((size_t)16 << 10)
#define DFS_KEEP_BUFFER         ((size_t)1 << 20)    /* larger ones are freed */

static const char *const header_names[DFS_H_COUNT] = {
    "content-type", "retry-after", "x-ratelimit-limit", "x-ratelimit-remaining"
};

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

/* Called often during a transfer: a pending SIGINT/SIGTERM aborts it. */
static int progress_cb(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    dfs_request *r = (dfs_request *)ud;
    int signo = dfs_signal_pending();
    (void)dltotal;
    (void)dlnow;
    (void)ultotal;
    (void)ulnow;
    if (signo == 0) return 0;
    r->interrupted = signo;
    return 1;                                      /* CURLE_ABORTED_BY_CALLBACK */
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
    for (i = 0; i < DFS_H_COUNT; i++) r->headers[i][0] = '\0';
}

static size_t header_cb(char *line, size_t size, size_t nmemb, void *ud)
{
    dfs_request *r = (dfs_request *)ud;
    size_t n = size * nmemb, colon, start, end;
    int i;
    if (n >= 5 && memcmp(line, "HTTP/", 5) == 0) {
        clear_headers(r);           /* a new response (after 1xx or CONNECT) */
        r->headers_done = 0;
        return n;
    }
    if ((n == 2 && line[0] == '\r' && line[1] == '\n') || (n == 1 && line[0] == '\n')) {
        r->headers_done = 1;
        return n;
    }
    for (colon = 0; colon < n && line[colon] != ':'; colon++) {}
    if (colon == n) return n;
    start = colon + 1;
    end = n;
    while (start < end && (line[start] == ' ' || line[start] == '\t')) start++;
    while (end > start && (line[end - 1] == '\r' || line[end - 1] == '\n'
                           || line[end - 1] == ' ' || line[end - 1] == '\t')) end--;
    for (i = 0; i < DFS_H_COUNT; i++) {
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
void dfs_request_bind(dfs_request *r)
{
    curl_easy_setopt(r->easy, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(r->easy, CURLOPT_WRITEDATA, (void *)r);
    curl_easy_setopt(r->easy, CURLOPT_HEADERFUNCTION, header_cb);
    curl_easy_setopt(r->easy, CURLOPT_HEADERDATA, (void *)r);
    curl_easy_setopt(r->easy, CURLOPT_ERRORBUFFER, r->errbuf);
    curl_easy_setopt(r->easy, CURLOPT_PRIVATE, (void *)r);
    curl_easy_setopt(r->easy, CURLOPT_XFERINFOFUNCTION, progress_cb);
    curl_easy_setopt(r->easy, CURLOPT_XFERINFODATA, (void *)r);
    curl_easy_setopt(r->easy, CURLOPT_NOPROGRESS, 0L);
}

static void request_reset(dfs_request *r)
{
    r->body.len = 0;
    r->too_large = r->out_of_memory = r->interrupted = 0;
    r->headers_done = r->decoded_too_large = 0;
    r->decode_limit = 0;
    r->result = CURLE_OK;
    r->status = 0;
    r->errbuf[0] = '\0';
    clear_headers(r);
}

/* Sets what changes per call.  body == NULL means GET. */
CURLcode dfs_request_prepare(dfs_request *r, const char *method, const char *url,
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

void dfs_request_interrupt(dfs_request *r, int signo)
{
    r->interrupted = signo;
    r->result = CURLE_ABORTED_BY_CALLBACK;
    r->status = 0;
}

void dfs_request_complete(dfs_request *r, CURLcode result)
{
    r->result = result;
    if (curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &r->status) != CURLE_OK)
        r->status = 0;
}

/* A short name for the class of failure, so Lua can decide on retries
 * without knowing libcurl's numbers. */
/* libcurl refuses a header line over CURL_MAX_HTTP_HEADER with "Out of
 * memory" (7.88): an out-of-memory before the end of the headers that our
 * own callbacks did not cause is taken for that. */
static int header_too_large(const dfs_request *r)
{
    return r->result == CURLE_OUT_OF_MEMORY && !r->out_of_memory && !r->headers_done;
}

static const char *failure_category(const dfs_request *r)
{
    if (r->interrupted) return "interrupted";
    if (r->too_large || r->decoded_too_large || header_too_large(r)) return "too_large";
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
int dfs_request_push_failure(lua_State *L, const dfs_request *r)
{
    CURLcode code = r->result;
    lua_pushnil(L);
    if (r->interrupted) {
        lua_pushfstring(L, "interrupted by %s: the call was abandoned",
                        dfs_signal_name(r->interrupted));
    } else if (r->too_large) {
        lua_pushfstring(L, "response larger than max_size (%d MiB); transfer aborted",
                        (int)(r->max_size >> 20));
    } else if (r->decoded_too_large) {
        char limit[32];
        snprintf(limit, sizeof limit, "%.0f", (double)r->decode_limit);
        lua_pushfstring(L, "the response (%d bytes) decodes to more than %s bytes of Lua "
                        "values (json max_memory, %d times max_size by default); not decoded",
                        (int)r->body.len, limit, DFS_DECODED_PER_BYTE);
        code = CURLE_FILESIZE_EXCEEDED;
    } else if (header_too_large(r)) {
        lua_pushliteral(L, "the response headers were refused: a header line over libcurl's "
                        DFS_CURL_HEADER_MAX " limit (libcurl says 'Out of memory'); this server "
                        "does not answer like the DataForSEO API: check base_url and any proxy");
    } else if (r->out_of_memory)
        lua_pushliteral(L, "out of memory while receiving the response");
    else if (r->errbuf[0] != '\0')
        lua_pushstring(L, r->errbuf);
    else
        lua_pushstring(L, curl_easy_strerror(r->result));
    lua_pushinteger(L, (lua_Integer)code);
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
int dfs_request_push_result(lua_State *L, dfs_request *r, const dfs_call_opts *o)
{
    int i, decode = o->decode, base = lua_gettop(L);
    long connects = 0;
    curl_off_t total_us = 0;
    if (r->result != CURLE_OK) return dfs_request_push_failure(L, r);
    curl_easy_getinfo(r->easy, CURLINFO_NUM_CONNECTS, &connects);
    curl_easy_getinfo(r->easy, CURLINFO_TOTAL_TIME_T, &total_us);

    lua_createtable(L, 0, 8);
    set_integer_field(L, "status", r->status);
    set_integer_field(L, "bytes", (long long)r->body.len);
    set_integer_field(L, "new_connections", connects);
    set_number_field(L, "time", (double)total_us / 1e6);
    lua_createtable(L, 0, DFS_H_COUNT);
    for (i = 0; i < DFS_H_COUNT; i++) {
        if (r->headers[i][0] != '\0') {
            lua_pushstring(L, r->headers[i]);
            lua_setfield(L, -2, header_names[i]);
        }
    }
    lua_setfield(L, -2, "headers");

    if (decode && r->body.len > 0) {
        dfs_json_failure why;
        int n = dfs_json_decode(L, r->body.data, r->body.len, &o->json, &why);
        if (why == DFS_JSON_TOO_LARGE) {
            /* Bounded in decoded work as in bytes: a failure, not a body. */
            lua_settop(L, base);
            r->decoded_too_large = 1;
            r->decode_limit = o->json.max_memory;
            return dfs_request_push_failure(L, r);
        }
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
    if (!decode || o->keep_body) {
        lua_pushlstring(L, r->body.len ? r->body.data : "", r->body.len);
        lua_setfield(L, -2, "body");
    }
    return 1;
}

/* Frees a large response buffer once it has been turned into Lua values. */
void dfs_request_trim(dfs_request *r)
{
    if (r->body.cap > DFS_KEEP_BUFFER) buffer_free(&r->body);
    r->body.len = 0;
}

void dfs_request_free(dfs_request *r)
{
    if (r->easy != NULL) {
        curl_easy_cleanup(r->easy);
        r->easy = NULL;
    }
    buffer_free(&r->body);
}

const char *dfs_check_method(lua_State *L, int idx)
{
    size_t len, i;
    const char *m = luaL_checklstring(L, idx, &len);
    static const char tchar[] = "!#$%&'*+-.^_`|~";
    if (len == 0) luaL_argerror(L, idx, "method must not be empty");
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)m[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
              || (c != '\0' && strchr(tchar, c) != NULL)))
            luaL_argerror(L, idx, "method must be an HTTP token (letters, digits, !#$%&'*+-.^_`|~)");
    }
    return m;
}

const char *dfs_check_url(lua_State *L, int idx, const char **problem)
{
    size_t len, i;
    const char *url = luaL_checklstring(L, idx, &len);
    *problem = NULL;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c == '\0') *problem = "the URL holds a NUL byte; not sent";
        else if (c <= 0x20 || c == 0x7F)
            *problem = "the URL holds a space or a control character; not sent";
        if (*problem != NULL) return NULL;
    }
    return url;
}

static long seconds_to_ms(lua_State *L, int idx, const char *name, double v)
{
    if (!(v >= 0 && v <= 86400.0 * 365))
        luaL_argerror(L, idx, lua_pushfstring(L, "'%s' must be a number of seconds >= 0", name));
    /* libcurl reads 0 ms as "no limit": a positive wait stays positive */
    if (v > 0 && v < 0.001) return 1;
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

/* What libcurl is given must be what the caller meant: C strings end at a
 * NUL (a password "abc\0def" would go out as "abc"), and a CR or LF in a
 * header value would start a header of its own. */
enum { TEXT_NO_NUL = 1, TEXT_HEADER = 2, TEXT_NO_COLON = 4 };

static const char *checked_text(lua_State *L, int idx, const char *name, int rules)
{
    size_t len, i;
    const char *v = lua_tolstring(L, -1, &len);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == '\0')
            luaL_argerror(L, idx, lua_pushfstring(L, "option '%s' holds a NUL byte: refused, "
                                                  "nothing is sent", name));
        if ((rules & TEXT_HEADER) && ((c < 0x20 && c != '\t') || c == 0x7F))
            luaL_argerror(L, idx, lua_pushfstring(L, "option '%s' holds a control character "
                                                  "(CR, LF, ...): it would break the request "
                                                  "headers; refused, nothing is sent", name));
        if ((rules & TEXT_NO_COLON) && c == ':')
            luaL_argerror(L, idx, lua_pushfstring(L, "option '%s' holds a ':', which Basic "
                                                  "authentication cannot carry; refused", name));
    }
    return v;
}

static void setopt_string(lua_State *L, CURL *e, int idx, const char *name, CURLoption opt,
                          int rules)
{
    if (opt_field(L, idx, name, LUA_TSTRING)) {
        if (curl_easy_setopt(e, opt, checked_text(L, idx, name, rules)) != CURLE_OK)
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

static void wipe(char *p, size_t n)
{
    volatile char *q = p;
    while (n-- > 0) *q++ = 0;
}

/* Basic authentication as a request header of the session's own, made
 * once: with CURLOPT_USERNAME and CURLOPT_PASSWORD libcurl builds it
 * again (user:password, base64, the line) for every request.  It goes to
 * the server named by the URL only: redirects are not followed, and
 * headers of our own do not go into a proxy's CONNECT (libcurl's default
 * CURLHEADER_SEPARATE since 7.42.1).  The copies made here are wiped. */
static void add_basic_auth(lua_State *L, dfs_http_settings *st, const char *user, const char *password)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static const char prefix[] = "Authorization: Basic ";
    size_t ulen = strlen(user), plen = strlen(password), n, size, i, o;
    char *cred, *line;
    struct curl_slist *h = NULL;
    if (ulen > 65536 || plen > 65536) luaL_error(L, "credentials longer than 64 KiB: refused");
    n = ulen + 1 + plen;
    size = sizeof prefix + 4 * ((n + 2) / 3);
    cred = (char *)malloc(n);
    line = (char *)malloc(size);
    if (cred != NULL && line != NULL) {
        memcpy(cred, user, ulen);
        cred[ulen] = ':';
        memcpy(cred + ulen + 1, password, plen);
        memcpy(line, prefix, sizeof prefix - 1);
        o = sizeof prefix - 1;
        for (i = 0; i < n; i += 3) {
            unsigned v = (unsigned)(unsigned char)cred[i] << 16;
            if (i + 1 < n) v |= (unsigned)(unsigned char)cred[i + 1] << 8;
            if (i + 2 < n) v |= (unsigned)(unsigned char)cred[i + 2];
            line[o++] = b64[(v >> 18) & 63];
            line[o++] = b64[(v >> 12) & 63];
            line[o++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
            line[o++] = i + 2 < n ? b64[v & 63] : '=';
        }
        line[o] = '\0';
        h = curl_slist_append(st->header_list, line);
    }
    if (cred != NULL) {
        wipe(cred, n);
        free(cred);
    }
    if (line != NULL) {
        wipe(line, size);
        free(line);
    }
    if (h == NULL) luaL_error(L, "out of memory building request headers");
}

/* The settings every request of a session shares. */
void dfs_http_configure(lua_State *L, CURL *e, int idx, dfs_http_settings *st)
{
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
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, st->header_list);

    if (opt_boolean(L, idx, "compressed", 1))
        curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");   /* all built in */

    setopt_string(L, e, idx, "user_agent", CURLOPT_USERAGENT, TEXT_NO_NUL | TEXT_HEADER);
    {
        const char *user = NULL, *password = "";
        int pushed = 0;
        if (opt_field(L, idx, "username", LUA_TSTRING)) {
            user = checked_text(L, idx, "username", TEXT_NO_NUL | TEXT_NO_COLON);
            pushed++;
        }
        if (opt_field(L, idx, "password", LUA_TSTRING)) {
            password = checked_text(L, idx, "password", TEXT_NO_NUL);
            pushed++;
        }
        if (user != NULL) add_basic_auth(L, st, user, password);
        lua_pop(L, pushed);
    }

    st->timeout_ms = seconds_to_ms(L, idx, "timeout", opt_number(L, idx, "timeout", 60));
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
    st->max_size = (size_t)max_size;
    st->max_decoded = st->max_size > (size_t)-1 / DFS_DECODED_PER_BYTE
        ? (size_t)-1 : st->max_size * DFS_DECODED_PER_BYTE;

    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!opt_boolean(L, idx, "verify", 1)) {
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    setopt_string(L, e, idx, "ca_file", CURLOPT_CAINFO, TEXT_NO_NUL);
    setopt_string(L, e, idx, "ca_path", CURLOPT_CAPATH, TEXT_NO_NUL);
    /* Without this option libcurl reads http_proxy, https_proxy, no_proxy. */
    setopt_string(L, e, idx, "proxy", CURLOPT_PROXY, TEXT_NO_NUL | TEXT_HEADER);
}

void dfs_http_headers(lua_State *L, dfs_http_settings *st)
{
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    if (h != NULL) st->header_list = h;
    if (h != NULL) h = curl_slist_append(st->header_list, "Accept: application/json");
    if (h != NULL) h = curl_slist_append(st->header_list, "Expect:");   /* no 100-continue */
    if (h == NULL) luaL_error(L, "out of memory building request headers");
}

void dfs_http_settings_free(dfs_http_settings *st)
{
    if (st->header_list != NULL) {
        curl_slist_free_all(st->header_list);
        st->header_list = NULL;
    }
}

void dfs_call_opts_read(lua_State *L, int idx, const dfs_http_settings *st, dfs_call_opts *o)
{
    o->timeout_ms = st->timeout_ms;
    o->decode = 1;
    o->keep_body = 0;
    dfs_json_default_opts(&o->json);
    o->json.max_memory = st->max_decoded;
    if (lua_isnoneornil(L, idx)) return;
    luaL_checktype(L, idx, LUA_TTABLE);
    if (opt_field(L, idx, "timeout", LUA_TNUMBER)) {
        o->timeout_ms = seconds_to_ms(L, idx, "timeout", (double)lua_tonumber(L, -1));
        lua_pop(L, 1);
    }
    o->decode = opt_boolean(L, idx, "decode", 1);
    o->keep_body = opt_boolean(L, idx, "keep_body", 0);
    lua_getfield(L, idx, "json");
    dfs_json_check_opts(L, lua_gettop(L), &o->json);
    lua_pop(L, 1);
    if (o->json.max_memory == 0) o->json.max_memory = st->max_decoded;
}
