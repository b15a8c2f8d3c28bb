/* Concurrent transfers over one libcurl multi handle.
 *
 *   local m = http.multi(session_options, concurrency)
 *   ok, msg = m:add(id, method, url [, body [, opts]])  -- id: an integer of
 *                                the caller's choice, unique among pending
 *   local done, active = m:perform(wait_seconds [, max_done])
 *     done   = array of { id =, response = <as session:request> } or
 *              { id =, message =, code =, category = } (no HTTP response);
 *              with max_done, at most that many, lowest ids first (the
 *              rest stay finished in C for the next call; 0 only moves
 *              the transfers on)
 *     active = transfers still running
 *   m:cancel(id) -> true if it was pending    m:pending() -> active, slots
 *   m:close()    -- also __gc (and __close on 5.4); idempotent
 *
 * perform runs whatever can progress without blocking; when nothing has
 * finished it waits up to wait_seconds (curl_multi_poll) for activity,
 * then runs again.  wait_seconds = 0 never blocks.  max_done lets a caller
 * that starts new transfers as results come in (the page scheduler) turn
 * one response into Lua values at a time: decoding a burst of finished
 * pages at once would hold back the requests that replace them.
 *
 * Host-driven mode (an event loop such as libuv runs the transfers):
 *   m:use_host_loop()            -- before the first add; perform is refused
 *   changes, timeout = m:interest()
 *     changes = { fd1, what1, fd2, what2, ... } in the order libcurl asked,
 *               what = "in" | "out" | "inout" | "remove"; apply them in
 *               order (a closed fd number may come back as a new socket)
 *     timeout = nil (unchanged) | -1 (no timer) | milliseconds until the
 *               host must call m:step(nil)
 *   local done, active = m:step(fd, events)  -- fd nil: the timer fired;
 *     events: 1 readable + 2 writable + 4 error (CURL_CSELECT_*)
 * libcurl's socket and timer callbacks only append to C arrays of this
 * struct (no Lua runs inside them); the host pulls them with interest()
 * after every add, cancel and step.
 *
 * On Linux the host sees one descriptor only: libcurl's sockets go into an
 * epoll set (applied in the socket callback, pure C), interest() asks for
 * "in" on the set's descriptor while it holds a socket ("remove" when it
 * holds none), and a step on it runs every ready socket.  libuv reports a socket with a pending error (a refused connect)
 * as UV_EBADF, and luv prints that to stderr; an epoll descriptor never has
 * one, and a closed socket leaves the set by itself.
 *
 * Signals (signals.c): while SIGINT or SIGTERM is pending, a transfer
 * added is not started but delivered by the next perform/step as failed
 * with category "interrupted", running ones end the same way, and a
 * perform's wait wakes at once.
 *
 * Every transfer is a slot: a dfs_request whose easy handle was duplicated
 * once from a configured template (same options as a session) and is
 * reused for later transfers; connections are shared through the multi
 * handle's cache, at most `concurrency` to a host, kept alive.  All C
 * memory hangs off the userdata, so a Lua error while results are turned
 * into tables (or a caller that errors out mid-batch) leaks nothing:
 * __gc removes and frees every handle.  A finished slot is marked free
 * only after its entry is in the result table, so a memory error there
 * loses no result: it is delivered by the next perform or step. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <curl/curl.h>
#ifdef __linux__
#include <sys/epoll.h>
#define DFS_EPOLL 1
#endif

#include "http_request.h"
#include "multi.h"
#include "signals.h"

#define MULTI_MT "dataforseo.http.multi"
#define DFS_MAX_CONCURRENCY 256

/* SLOT_PUSHING: its entry is being built into the result table; it
 * becomes SLOT_FREE only once the whole table is built, so a memory error
 * part way loses nothing (collect_done turns it back into SLOT_DONE). */
enum { SLOT_FREE, SLOT_ACTIVE, SLOT_DONE, SLOT_PUSHING };

typedef struct dfs_transfer {
    dfs_request req;              /* first: CURLINFO_PRIVATE points here */
    long long id;
    int state;
    dfs_call_opts opts;
} dfs_transfer;

/* One socket interest change queued by libcurl for the host. */
typedef struct dfs_interest {
    curl_socket_t fd;
    int what;                     /* CURL_POLL_* */
} dfs_interest;

typedef struct dfs_multi {
    CURLM *multi;
    CURL *template_easy;          /* configured once, duplicated per slot */
    dfs_http_settings settings;
    dfs_transfer **slots;
    int nslots, cap;
    int active;
    /* host-driven mode: filled by the curl callbacks, emptied by interest() */
    int host;
    dfs_interest *changes;
    int nchanges, changes_cap;
    long timeout_ms;
    int timeout_changed;
    int epfd;                     /* the epoll set of libcurl's sockets, or -1 */
    int nwatched;                 /* sockets in it */
} dfs_multi;

static dfs_multi *check_multi(lua_State *L, int idx)
{
    dfs_multi *m = (dfs_multi *)luaL_checkudata(L, idx, MULTI_MT);
    if (m->multi == NULL) luaL_error(L, "dataforseo http multi is closed");
    return m;
}

static long long check_id(lua_State *L, int idx)
{
    lua_Number n = luaL_checknumber(L, idx);
    if (n != (lua_Number)(long long)n) luaL_argerror(L, idx, "id must be an integer");
    return (long long)n;
}

static dfs_transfer *find_slot(dfs_multi *m, long long id)
{
    int i;
    for (i = 0; i < m->nslots; i++)
        if (m->slots[i]->state != SLOT_FREE && m->slots[i]->id == id) return m->slots[i];
    return NULL;
}

/* A free slot, creating one if needed; NULL when memory runs out. */
static dfs_transfer *free_slot(dfs_multi *m)
{
    dfs_transfer *t;
    int i;
    for (i = 0; i < m->nslots; i++)
        if (m->slots[i]->state == SLOT_FREE) return m->slots[i];
    if (m->nslots == m->cap) {
        int cap = m->cap ? m->cap * 2 : 8;
        dfs_transfer **p = (dfs_transfer **)realloc(m->slots, (size_t)cap * sizeof *p);
        if (p == NULL) return NULL;
        m->slots = p;
        m->cap = cap;
    }
    t = (dfs_transfer *)calloc(1, sizeof *t);
    if (t == NULL) return NULL;
    t->req.easy = curl_easy_duphandle(m->template_easy);
    if (t->req.easy == NULL) {
        free(t);
        return NULL;
    }
    t->req.max_size = m->settings.max_size;
    dfs_request_bind(&t->req);
    t->state = SLOT_FREE;
    m->slots[m->nslots++] = t;
    return t;
}

static int multi_new(lua_State *L)
{
    dfs_multi *m;
    lua_Number concurrency;
    if (!lua_isnoneornil(L, 1)) luaL_checktype(L, 1, LUA_TTABLE);
    else {
        lua_settop(L, 0);
        lua_newtable(L);
    }
    concurrency = luaL_optnumber(L, 2, 4);
    if (!(concurrency >= 1 && concurrency <= DFS_MAX_CONCURRENCY)
        || concurrency != (lua_Number)(int)concurrency)
        luaL_argerror(L, 2, "concurrency must be an integer from 1 to 256");

    m = (dfs_multi *)dfs_newuserdata(L, sizeof *m);
    memset(m, 0, sizeof *m);
    m->epfd = -1;
    dfs_setmetatable(L, MULTI_MT);
    m->multi = curl_multi_init();
    if (m->multi == NULL) return luaL_error(L, "curl_multi_init failed");
    m->template_easy = curl_easy_init();
    if (m->template_easy == NULL) return luaL_error(L, "curl_easy_init failed");
    dfs_http_headers(L, &m->settings);
    dfs_http_configure(L, m->template_easy, 1, &m->settings);
    curl_multi_setopt(m->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)concurrency);
    curl_multi_setopt(m->multi, CURLMOPT_MAXCONNECTS, (long)concurrency);
    return 1;
}

int dfs_multi_new(lua_State *L)
{
    return multi_new(L);
}

/* m:add(id, method, url [, body [, opts]]) -> true | nil, message */
static int multi_add(lua_State *L)
{
    dfs_multi *m = check_multi(L, 1);
    long long id = check_id(L, 2);
    const char *method = dfs_check_method(L, 3);
    const char *problem = NULL;
    const char *url = dfs_check_url(L, 4, &problem);
    size_t body_len = 0;
    const char *body = luaL_optlstring(L, 5, NULL, &body_len);
    dfs_call_opts o;
    dfs_transfer *t;
    CURLcode rc;
    CURLMcode mc;
    int signo;

    dfs_call_opts_read(L, 6, &m->settings, &o);
    if (find_slot(m, id) != NULL)
        return luaL_argerror(L, 2, lua_pushfstring(L, "id %f is already pending", (double)id));
    if (url == NULL) {
        lua_pushnil(L);
        lua_pushstring(L, problem);
        return 2;
    }
    t = free_slot(m);
    if (t == NULL) {
        lua_pushnil(L);
        lua_pushliteral(L, "out of memory creating a transfer");
        return 2;
    }
    rc = dfs_request_prepare(&t->req, method, url, body, body_len, o.timeout_ms);
    if (rc != CURLE_OK) {
        lua_pushnil(L);
        lua_pushstring(L, curl_easy_strerror(rc));
        return 2;
    }
    if ((signo = dfs_signal_pending()) != 0) {      /* nothing is sent */
        dfs_request_interrupt(&t->req, signo);
        t->id = id;
        t->opts = o;
        t->state = SLOT_DONE;
        lua_pushboolean(L, 1);
        return 1;
    }
    mc = curl_multi_add_handle(m->multi, t->req.easy);
    if (mc != CURLM_OK) {
        lua_pushnil(L);
        lua_pushstring(L, curl_multi_strerror(mc));
        return 2;
    }
    t->id = id;
    t->opts = o;
    t->state = SLOT_ACTIVE;
    m->active++;
    lua_pushboolean(L, 1);
    return 1;
}

/* Moves finished transfers out of the multi handle (pure C).  Returns how
 * many slots are now waiting to be delivered. */
static int collect_done(dfs_multi *m)
{
    CURLMsg *msg;
    int left, i, done = 0;
    for (i = 0; i < m->nslots; i++)          /* a push that raised part way */
        if (m->slots[i]->state == SLOT_PUSHING) m->slots[i]->state = SLOT_DONE;
    while ((msg = curl_multi_info_read(m->multi, &left)) != NULL) {
        dfs_transfer *t = NULL;
        if (msg->msg != CURLMSG_DONE) continue;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
        if (t == NULL || t->state != SLOT_ACTIVE) continue;
        dfs_request_complete(&t->req, msg->data.result);
        curl_multi_remove_handle(m->multi, t->req.easy);
        t->state = SLOT_DONE;
        m->active--;
    }
    for (i = 0; i < m->nslots; i++)
        if (m->slots[i]->state == SLOT_DONE) done++;
    return done;
}

/* While a signal is pending, ends the transfers still running (those the
 * progress callback has not aborted); returns the count of finished slots. */
static int interrupt_active(dfs_multi *m, int done)
{
    int i, signo = dfs_signal_pending();
    if (signo == 0) return done;
    for (i = 0; i < m->nslots; i++) {
        dfs_transfer *t = m->slots[i];
        if (t->state != SLOT_ACTIVE) continue;
        curl_multi_remove_handle(m->multi, t->req.easy);
        dfs_request_interrupt(&t->req, signo);
        t->state = SLOT_DONE;
        m->active--;
        done++;
    }
    return done;
}

/* Runs the transfers; waits up to wait_ms for activity when none is done
 * (or until a signal: its pipe is one of the descriptors waited on). */
static int multi_drive(lua_State *L, dfs_multi *m, int wait_ms)
{
    int running = 0, done;
    struct curl_waitfd wake;
    unsigned int nwake = 0;
    CURLMcode mc = curl_multi_perform(m->multi, &running);
    if (mc != CURLM_OK) return luaL_error(L, "curl_multi_perform: %s", curl_multi_strerror(mc));
    done = interrupt_active(m, collect_done(m));
    if (done == 0 && wait_ms > 0 && m->active > 0) {
        if (dfs_signal_wake_fd() >= 0) {
            wake.fd = dfs_signal_wake_fd();
            wake.events = CURL_WAIT_POLLIN;
            wake.revents = 0;
            nwake = 1;
        }
        mc = curl_multi_poll(m->multi, &wake, nwake, wait_ms, NULL);
        if (mc != CURLM_OK) return luaL_error(L, "curl_multi_poll: %s", curl_multi_strerror(mc));
        mc = curl_multi_perform(m->multi, &running);
        if (mc != CURLM_OK) return luaL_error(L, "curl_multi_perform: %s", curl_multi_strerror(mc));
        done = interrupt_active(m, collect_done(m));
    }
    return done;
}

/* The finished slot with the lowest id, or NULL. */
static dfs_transfer *lowest_done(dfs_multi *m)
{
    dfs_transfer *best = NULL;
    int i;
    for (i = 0; i < m->nslots; i++) {
        dfs_transfer *t = m->slots[i];
        if (t->state == SLOT_DONE && (best == NULL || t->id < best->id)) best = t;
    }
    return best;
}

/* Pushes the array of (at most max) finished transfers, lowest ids first,
 * and frees their slots. */
static void push_done(lua_State *L, dfs_multi *m, int done, int max)
{
    int k = 0, i;
    if (done > max) done = max;
    lua_createtable(L, done, 0);
    while (k < done) {
        dfs_transfer *t = lowest_done(m);
        int n;
        if (t == NULL) break;
        lua_createtable(L, 0, 4);
        dfs_pushinteger(L, (dfs_integer)t->id);
        lua_setfield(L, -2, "id");
        n = dfs_request_push_result(L, &t->req, &t->opts);
        if (n == 1) {
            lua_setfield(L, -2, "response");
        } else {                               /* nil, message, code, category */
            lua_setfield(L, -5, "category");
            lua_setfield(L, -4, "code");
            lua_setfield(L, -3, "message");
            lua_pop(L, 1);
        }
        lua_rawseti(L, -2, ++k);
        t->state = SLOT_PUSHING;
    }
    for (i = 0; i < m->nslots; i++) {
        dfs_transfer *t = m->slots[i];
        if (t->state != SLOT_PUSHING) continue;
        t->state = SLOT_FREE;
        dfs_request_trim(&t->req);
    }
}

/* m:perform([wait_seconds [, max_done]]) -> done, active */
static int multi_perform(lua_State *L)
{
    dfs_multi *m = check_multi(L, 1);
    lua_Number wait = luaL_optnumber(L, 2, 0);
    long long max_done = dfs_optinteger(L, 3, INT_MAX);
    int wait_ms, done;
    if (m->host) return luaL_error(L, "this multi is driven by a host loop: use step()");
    if (!(wait >= 0)) return luaL_argerror(L, 2, "wait must be a number of seconds >= 0");
    if (max_done < 0) return luaL_argerror(L, 3, "max_done must be >= 0");
    wait_ms = wait > 86400 ? 86400000 : (int)(wait * 1000.0 + 0.5);
    done = multi_drive(L, m, wait_ms);
    push_done(L, m, done, max_done > INT_MAX ? INT_MAX : (int)max_done);
    lua_pushinteger(L, m->active);
    return 2;
}

static int queue_change(dfs_multi *m, curl_socket_t fd, int what)
{
    if (m->nchanges == m->changes_cap) {
        int cap = m->changes_cap ? m->changes_cap * 2 : 16;
        dfs_interest *p = (dfs_interest *)realloc(m->changes, (size_t)cap * sizeof *p);
        if (p == NULL) return -1;
        m->changes = p;
        m->changes_cap = cap;
    }
    m->changes[m->nchanges].fd = fd;
    m->changes[m->nchanges].what = what;
    m->nchanges++;
    return 0;
}

#ifdef DFS_EPOLL
/* The change goes into the epoll set.  A socket closed before its removal
 * has left the set already (ENOENT, EBADF: nothing to do). */
static int epoll_change(dfs_multi *m, curl_socket_t fd, int what)
{
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    if (what == CURL_POLL_REMOVE) {
        if (epoll_ctl(m->epfd, EPOLL_CTL_DEL, fd, &ev) == 0 && --m->nwatched == 0)
            return queue_change(m, m->epfd, CURL_POLL_REMOVE);
        return 0;
    }
    ev.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
    ev.data.fd = fd;
    if (epoll_ctl(m->epfd, EPOLL_CTL_MOD, fd, &ev) == 0) return 0;
    if (errno != ENOENT || epoll_ctl(m->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) return -1;
    /* The host watches the set only while it holds a socket: an idle loop
     * may end. */
    if (m->nwatched++ == 0) return queue_change(m, m->epfd, CURL_POLL_IN);
    return 0;
}

/* Runs the sockets the epoll set says are ready (one batch; the host's
 * level-triggered poll of the set calls again while more are ready). */
static CURLMcode epoll_step(dfs_multi *m, int *running)
{
    struct epoll_event evs[64];
    int n = epoll_wait(m->epfd, evs, 64, 0), i;
    CURLMcode mc = CURLM_OK;
    for (i = 0; i < n && mc == CURLM_OK; i++) {
        int bits = 0;
        if (evs[i].events & EPOLLIN) bits |= CURL_CSELECT_IN;
        if (evs[i].events & EPOLLOUT) bits |= CURL_CSELECT_OUT;
        if (evs[i].events & (EPOLLERR | EPOLLHUP)) bits |= CURL_CSELECT_ERR;
        mc = curl_multi_socket_action(m->multi, evs[i].data.fd, bits, running);
    }
    return mc;
}
#endif

/* libcurl's socket callback: into the epoll set, else queued for the host
 * (pure C).  -1 makes the current step fail with CURLM_ABORTED_BY_CALLBACK
 * when memory runs out. */
static int on_socket(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
    dfs_multi *m = (dfs_multi *)userp;
    (void)easy;
    (void)socketp;
#ifdef DFS_EPOLL
    if (m->epfd >= 0) return epoll_change(m, fd, what);
#endif
    return queue_change(m, fd, what);
}

/* libcurl's timer callback: remember the latest wish (pure C). */
static int on_timer(CURLM *multi, long timeout_ms, void *userp)
{
    dfs_multi *m = (dfs_multi *)userp;
    (void)multi;
    m->timeout_ms = timeout_ms;
    m->timeout_changed = 1;
    return 0;
}

/* m:use_host_loop() -> m */
static int multi_use_host_loop(lua_State *L)
{
    dfs_multi *m = check_multi(L, 1);
    if (m->host) return 1;
    if (m->active > 0) return luaL_error(L, "use_host_loop: transfers are already running");
#ifdef DFS_EPOLL
    m->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (m->epfd < 0) return luaL_error(L, "use_host_loop: cannot create an epoll set: %s", strerror(errno));
#endif
    curl_multi_setopt(m->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
    curl_multi_setopt(m->multi, CURLMOPT_SOCKETDATA, (void *)m);
    curl_multi_setopt(m->multi, CURLMOPT_TIMERFUNCTION, on_timer);
    curl_multi_setopt(m->multi, CURLMOPT_TIMERDATA, (void *)m);
    m->host = 1;
    lua_settop(L, 1);
    return 1;
}

static const char *interest_name(int what)
{
    switch (what) {
    case CURL_POLL_IN: return "in";
    case CURL_POLL_OUT: return "out";
    case CURL_POLL_INOUT: return "inout";
    case CURL_POLL_REMOVE: return "remove";
    default: return "none";
    }
}

/* m:interest() -> changes, timeout (see the header comment) */
static int multi_interest(lua_State *L)
{
    dfs_multi *m = check_multi(L, 1);
    int i;
    lua_createtable(L, m->nchanges * 2, 0);
    for (i = 0; i < m->nchanges; i++) {
        dfs_pushinteger(L, (dfs_integer)m->changes[i].fd);
        lua_rawseti(L, -2, 2 * i + 1);
        lua_pushstring(L, interest_name(m->changes[i].what));
        lua_rawseti(L, -2, 2 * i + 2);
    }
    /* The table is whole: only now may the queue be forgotten. */
    m->nchanges = 0;
    if (m->timeout_changed) {
        m->timeout_changed = 0;
        lua_pushinteger(L, m->timeout_ms < 0 ? -1 : (lua_Integer)m->timeout_ms);
    } else {
        lua_pushnil(L);
    }
    return 2;
}

/* m:step(fd | nil, events) -> done, active */
static int multi_step(lua_State *L)
{
    dfs_multi *m = check_multi(L, 1);
    curl_socket_t fd = CURL_SOCKET_TIMEOUT;
    int events = 0, running = 0, done;
    CURLMcode mc;
    if (!m->host) return luaL_error(L, "step: call use_host_loop() first");
    if (!lua_isnoneornil(L, 2)) {
        lua_Number n = luaL_checknumber(L, 2);
        if (n < 0 || n != (lua_Number)(int)n) return luaL_argerror(L, 2, "fd must be an integer >= 0");
        fd = (curl_socket_t)n;
        events = (int)luaL_optnumber(L, 3, 0)
            & (CURL_CSELECT_IN | CURL_CSELECT_OUT | CURL_CSELECT_ERR);
    }
#ifdef DFS_EPOLL
    if (m->epfd >= 0 && fd == m->epfd) mc = epoll_step(m, &running);
    else
#endif
    mc = curl_multi_socket_action(m->multi, fd, events, &running);
    if (mc != CURLM_OK) return luaL_error(L, "curl_multi_socket_action: %s", curl_multi_strerror(mc));
    done = interrupt_active(m, collect_done(m));
    push_done(L, m, done, INT_MAX);
    lua_pushinteger(L, m->active);
    return 2;
}

/* m:cancel(id) -> true when the transfer was pending (it is dropped) */
static int multi_cancel(lua_State *L)
{
    dfs_multi *m = check_multi(L, 1);
    dfs_transfer *t = find_slot(m, check_id(L, 2));
    if (t == NULL) {
        lua_pushboolean(L, 0);
        return 1;
    }
    if (t->state == SLOT_ACTIVE) {
        curl_multi_remove_handle(m->multi, t->req.easy);
        m->active--;
    }
    t->state = SLOT_FREE;
    dfs_request_trim(&t->req);
    lua_pushboolean(L, 1);
    return 1;
}

/* m:pending() -> running transfers, slots (easy handles) created so far */
static int multi_pending(lua_State *L)
{
    dfs_multi *m = check_multi(L, 1);
    lua_pushinteger(L, m->active);
    lua_pushinteger(L, m->nslots);
    return 2;
}

static int multi_close(lua_State *L)
{
    dfs_multi *m = (dfs_multi *)luaL_checkudata(L, 1, MULTI_MT);
    int i;
    for (i = 0; i < m->nslots; i++) {
        dfs_transfer *t = m->slots[i];
        if (t->state == SLOT_ACTIVE && m->multi != NULL)
            curl_multi_remove_handle(m->multi, t->req.easy);
        dfs_request_free(&t->req);
        free(t);
    }
    free(m->slots);
    m->slots = NULL;
    m->nslots = m->cap = m->active = 0;
    if (m->multi != NULL) {
        curl_multi_cleanup(m->multi);
        m->multi = NULL;
    }
    if (m->template_easy != NULL) {
        curl_easy_cleanup(m->template_easy);
        m->template_easy = NULL;
    }
    dfs_http_settings_free(&m->settings);
    free(m->changes);             /* after cleanup: its callbacks may queue */
    m->changes = NULL;
    m->nchanges = m->changes_cap = 0;
    if (m->epfd >= 0) {
        close(m->epfd);
        m->epfd = -1;
    }
    return 0;
}

static int multi_tostring(lua_State *L)
{
    dfs_multi *m = (dfs_multi *)luaL_checkudata(L, 1, MULTI_MT);
    if (m->multi == NULL) lua_pushliteral(L, "dataforseo.http.multi (closed)");
    else lua_pushfstring(L, "dataforseo.http.multi (%p, %d pending)", (void *)m, m->active);
    return 1;
}

void dfs_multi_register(lua_State *L)
{
    static const luaL_Reg methods[] = {
        {"add", multi_add},
        {"perform", multi_perform},
        {"cancel", multi_cancel},
        {"pending", multi_pending},
        {"use_host_loop", multi_use_host_loop},
        {"interest", multi_interest},
        {"step", multi_step},
        {"close", multi_close},
        {NULL, NULL}
    };
    dfs_register_class(L, MULTI_MT, methods, multi_close, multi_tostring);
}
