/* One HTTP transfer of the C core (a dfs_request) and the session settings
 * every transfer shares.  Used by http.c (a session: one reused easy handle,
 * blocking calls) and multi.c (a concurrent batch over a curl multi handle).
 *
 * A transfer goes through separate steps so that any driver (a blocking
 * curl_easy_perform, a multi handle, later a host event loop through
 * socket_action) can run the same requests:
 *   dfs_request_bind      points the handle's callbacks at the request
 *   dfs_request_prepare   URL, method, body, timeout of one call
 *   (the driver runs the transfer; callbacks are pure C)
 *   dfs_request_complete  records the libcurl result and HTTP status
 *   dfs_request_push_result   turns the response into Lua values
 *   dfs_request_trim      drops a large buffer once converted
 *
 * Rule: no Lua API call runs inside a libcurl callback.  The body is
 * buffered with malloc/realloc in memory owned by a userdata, so a Lua
 * memory error while converting the result cannot leak it (__gc frees it). */
#ifndef DFS_HTTP_REQUEST_H
#define DFS_HTTP_REQUEST_H

#include <stddef.h>
#include <curl/curl.h>

#include "core.h"
#include "json.h"

#define DFS_DEFAULT_MAX_SIZE    ((size_t)64 << 20)   /* decoded bytes */
/* A response may decode to at most this many times max_size of Lua values
 * (json.h's estimate; anchors responses of 1000 items come to 2.6 times
 * their size, `[[],[],...]` to 27 times). */
#define DFS_DECODED_PER_BYTE    4
#define DFS_HEADER_VALUE_MAX    256
#define DFS_CURL_HEADER_MAX     "100 kB"   /* libcurl's CURL_MAX_HTTP_HEADER */

/* The response headers the client acts on, in lower case as Lua sees them. */
enum { DFS_H_CONTENT_TYPE, DFS_H_RETRY_AFTER, DFS_H_RATE_LIMIT, DFS_H_RATE_REMAINING,
       DFS_H_COUNT };

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
    int interrupted;              /* the signal that aborted it, or 0 */
    int headers_done;             /* the blank line after the headers came */
    int decoded_too_large;        /* the body passed json.max_memory */
    size_t decode_limit;          /* the max_memory it passed */
    CURLcode result;
    long status;
    char headers[DFS_H_COUNT][DFS_HEADER_VALUE_MAX];
    char errbuf[CURL_ERROR_SIZE];
} dfs_request;

/* What the session options leave besides the easy handle's settings. */
typedef struct dfs_http_settings {
    struct curl_slist *header_list;   /* owned by whoever holds the settings */
    long timeout_ms;                  /* default total timeout of a request */
    size_t max_size;
    size_t max_decoded;               /* default json max_memory of a response */
} dfs_http_settings;

/* Per-call options of request(): opts = { timeout =, decode =, keep_body =, json = }. */
typedef struct dfs_call_opts {
    long timeout_ms;
    int decode;
    int keep_body;                    /* the raw body too, beside the decoded data (the store) */
    dfs_json_opts json;
} dfs_call_opts;

/* Builds the shared request headers into st->header_list (raises on
 * memory exhaustion; whatever was built is already in st). */
void dfs_http_headers(lua_State *L, dfs_http_settings *st);
/* Applies the session options table at idx to an easy handle. */
void dfs_http_configure(lua_State *L, CURL *e, int idx, dfs_http_settings *st);
/* Reads the per-call options table at idx (nil allowed). */
void dfs_call_opts_read(lua_State *L, int idx, const dfs_http_settings *st, dfs_call_opts *o);
void dfs_http_settings_free(dfs_http_settings *st);

/* The method (argument idx) of request()/add(): raises unless it is an
 * HTTP token, as CURLOPT_CUSTOMREQUEST goes into the request line as is. */
const char *dfs_check_method(lua_State *L, int idx);
/* The URL (argument idx): NULL, with *problem set, when it holds a NUL,
 * a control character or a space (nothing is sent then). */
const char *dfs_check_url(lua_State *L, int idx, const char **problem);

void dfs_request_bind(dfs_request *r);
CURLcode dfs_request_prepare(dfs_request *r, const char *method, const char *url,
                             const char *body, size_t body_len, long timeout_ms);
/* Marks a prepared request as ended by the pending signal, unsent. */
void dfs_request_interrupt(dfs_request *r, int signo);
void dfs_request_complete(dfs_request *r, CURLcode result);
/* Pushes nil, message, curl code, category; returns 4. */
int dfs_request_push_failure(lua_State *L, const dfs_request *r);
/* Pushes the response table (returns 1) or the failure (returns 4). */
int dfs_request_push_result(lua_State *L, dfs_request *r, const dfs_call_opts *o);
void dfs_request_trim(dfs_request *r);
void dfs_request_free(dfs_request *r);

#endif
