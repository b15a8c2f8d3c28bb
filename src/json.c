/* JSON text -> Lua values.  Strict RFC 8259, one pass, straight onto the
 * Lua stack.
 *
 * Why it is fast: strings without escapes are pushed directly from the
 * input (no copy), 8 bytes are scanned at a time, numbers are parsed
 * without strtod in the common cases, and the members of a container are
 * first collected on the Lua stack so that its table is created at its
 * final size (no rehashing while it grows).
 *
 * Why it is safe: every failure is reported by return code and turned
 * into (nil, message, position); the only Lua API calls that can raise
 * are allocations (a memory error), and nothing C-allocated is alive
 * across them except in parse_slow_number, which makes no Lua call. */
#include <errno.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "json.h"

/* Members collected on the stack before a container's table is made;
 * past this the table is created (sized for twice as many) and filled
 * directly. */
#define BATCH 64

typedef struct decoder {
    lua_State *L;
    const unsigned char *start, *p, *end;
    int depth, max_depth;
    int null_as_nil;
    int scratch_idx;              /* stack slot of the unescape buffer */
    unsigned char *scratch;       /* NULL until the first escape */
    int keys_idx;                 /* stack slot of the key cache's table */
    struct key_cache *keys;
    size_t budget;                /* estimated bytes of Lua values still allowed */
    size_t max_memory;            /* 0: no limit */
    dfs_json_failure why;
    const char *err;              /* static text of the first error */
    const unsigned char *err_at;
} decoder;

/* ---- character classes ------------------------------------------------ */

enum { C_PLAIN = 0, C_QUOTE, C_BSLASH, C_CTRL, C_HIGH };

static const unsigned char str_class[256] = {
#define X4(c) c, c, c, c
#define X16(c) X4(c), X4(c), X4(c), X4(c)
    X16(C_CTRL), X16(C_CTRL),                       /* 0x00 - 0x1f */
    0, 0, C_QUOTE, 0, X4(0), X4(0), X4(0),          /* 0x20 - 0x2f */
    X16(0), X16(0),                                 /* 0x30 - 0x4f */
    X4(0), X4(0), X4(0), C_BSLASH, 0, 0, 0,         /* 0x50 - 0x5f */
    X16(0), X16(0),                                 /* 0x60 - 0x7f */
    X16(C_HIGH), X16(C_HIGH), X16(C_HIGH), X16(C_HIGH),
    X16(C_HIGH), X16(C_HIGH), X16(C_HIGH), X16(C_HIGH),
#undef X16
#undef X4
};

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static void skip_ws_slow(decoder *d)
{
    const unsigned char *p = d->p, *end = d->end;
    while (p < end && is_ws(*p)) p++;
    d->p = p;
}

/* Compact JSON (what the API sends) has no whitespace: one test. */
static inline void skip_ws(decoder *d)
{
    if (d->p < d->end && *d->p > ' ') return;
    skip_ws_slow(d);
}

static int fail(decoder *d, const char *msg, const unsigned char *at)
{
    if (d->err == NULL) {
        d->err = msg;
        d->err_at = at;
    }
    return -1;
}

/* The estimated cost of a string of len bytes: keys up to Lua 5.4's
 * short-string length are interned, and the keys of a document repeat,
 * so they cost only their member (DFS_JSON_COST_MEMBER). */
static size_t string_cost(size_t len, int is_key)
{
    if (is_key && len <= DFS_JSON_SHORT_STRING) return 0;
    return DFS_JSON_COST_STRING + len;
}

/* Counts n estimated bytes of Lua values against max_memory. */
static int charge(decoder *d, size_t n, const unsigned char *at)
{
    if (n > d->budget) {
        if (d->err == NULL) d->why = DFS_JSON_TOO_LARGE;
        return fail(d, "decoded value larger than max_memory", at);
    }
    d->budget -= n;
    return 0;
}

/* Of the 8 bytes of w, the ones that are '"', '\\', a control byte or
 * >= 0x80 have their high bit set in the result (0: none is).  Bytes
 * above the first such one may be flagged wrongly (a borrow carries), the
 * first is always right: it is the one the scan wants. */
static uint64_t word_specials(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t q = w ^ (ones * '"');
    uint64_t b = w ^ (ones * '\\');
    uint64_t ctrl = (w - ones * 0x20) & ~w;
    return (((q - ones) & ~q) | ((b - ones) & ~b) | ctrl | w) & highs;
}

/* The index of the first flagged byte of a word_specials result (not 0),
 * in memory order. */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define DFS_FIRST_FLAGGED(m) ((int)(__builtin_ctzll(m) >> 3))
#endif

/* Validates one UTF-8 sequence starting at p (a byte >= 0x80); returns
 * the byte after it, or NULL (overlong, surrogate, > U+10FFFF, cut). */
static const unsigned char *utf8_next(const unsigned char *p,
                                      const unsigned char *end)
{
    unsigned char c = p[0], lo = 0x80, hi = 0xBF;
    int n;
    if (c < 0xC2) return NULL;
    else if (c < 0xE0) n = 1;
    else if (c < 0xF0) {
        n = 2;
        if (c == 0xE0) lo = 0xA0;
        else if (c == 0xED) hi = 0x9F;       /* no UTF-16 surrogates */
    } else if (c < 0xF5) {
        n = 3;
        if (c == 0xF0) lo = 0x90;
        else if (c == 0xF4) hi = 0x8F;       /* nothing past U+10FFFF */
    } else return NULL;
    if (end - p <= n) return NULL;
    if (p[1] < lo || p[1] > hi) return NULL;
    if (n >= 2 && (p[2] & 0xC0) != 0x80) return NULL;
    if (n == 3 && (p[3] & 0xC0) != 0x80) return NULL;
    return p + n + 1;
}

static int hex4(const unsigned char *p, unsigned *out)
{
    unsigned v = 0;
    int i;
    for (i = 0; i < 4; i++) {
        unsigned char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

static unsigned char *put_utf8(unsigned char *o, unsigned cp)
{
    if (cp < 0x80) {
        *o++ = (unsigned char)cp;
    } else if (cp < 0x800) {
        *o++ = (unsigned char)(0xC0 | (cp >> 6));
        *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (unsigned char)(0xE0 | (cp >> 12));
        *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (unsigned char)(0xF0 | (cp >> 18));
        *o++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    }
    return o;
}

/* ---- strings ---------------------------------------------------------- */

/* The keys of DataForSEO's answers repeat: every item of a page has the
 * same two dozen, and every answer the same envelope.  The last key seen
 * in each of KEY_CACHE_SIZE slots (by a hash of its bytes) is kept, per
 * Lua state, across decodes: a table in the registry holds the strings
 * (so they stay alive and in place), a userdata beside it their bytes'
 * addresses, and a key found there is pushed from the table instead of
 * being hashed and interned again by lua_pushlstring. */
#define KEY_CACHE_SIZE 256
#define KEY_CACHE_MAX  40             /* bytes; longer keys are not kept */

typedef struct key_cache {
    const char *bytes[KEY_CACHE_SIZE];
    size_t len1[KEY_CACHE_SIZE];      /* length + 1; 0: an empty slot */
} key_cache;

static const char key_cache_id = 0;   /* its address keys the registry */

/* Pushes the cache's table and returns the cache, creating both on the
 * first decode of this Lua state. */
static key_cache *push_key_cache(lua_State *L)
{
    key_cache *kc;
    lua_pushlightuserdata(L, (void *)&key_cache_id);
    lua_rawget(L, LUA_REGISTRYINDEX);
    if (lua_istable(L, -1)) {
        lua_rawgeti(L, -1, KEY_CACHE_SIZE + 1);
        kc = (key_cache *)lua_touserdata(L, -1);
        lua_pop(L, 1);
        return kc;
    }
    lua_pop(L, 1);
    lua_createtable(L, KEY_CACHE_SIZE + 1, 0);
    kc = (key_cache *)dfs_newuserdata(L, sizeof *kc);
    memset(kc, 0, sizeof *kc);
    lua_rawseti(L, -2, KEY_CACHE_SIZE + 1);
    lua_pushlightuserdata(L, (void *)&key_cache_id);
    lua_pushvalue(L, -2);
    lua_rawset(L, LUA_REGISTRYINDEX);
    return kc;
}

static unsigned key_slot(const unsigned char *s, size_t len)
{
    uint64_t a = 0, b = 0;
    size_t i;
    if (len >= 8) {
        memcpy(&a, s, 8);
        memcpy(&b, s + len - 8, 8);
    } else {
        for (i = 0; i < len; i++) a = (a << 8) | s[i];
    }
    return (unsigned)(((a ^ (b * 0xC2B2AE3D27D4EB4FULL) ^ len) * 0x9E3779B97F4A7C15ULL) >> 56);
}

/* Pushes the key s[0..len) (no escapes in it). */
static void push_key(decoder *d, const unsigned char *s, size_t len)
{
    key_cache *kc = d->keys;
    unsigned slot;
    if (len > KEY_CACHE_MAX) {
        lua_pushlstring(d->L, (const char *)s, len);
        return;
    }
    slot = key_slot(s, len);
    if (kc->len1[slot] == len + 1 && memcmp(kc->bytes[slot], s, len) == 0) {
        lua_rawgeti(d->L, d->keys_idx, (int)slot + 1);
        return;
    }
    lua_pushlstring(d->L, (const char *)s, len);
    lua_pushvalue(d->L, -1);
    lua_rawseti(d->L, d->keys_idx, (int)slot + 1);   /* an array slot: no allocation */
    kc->bytes[slot] = lua_tostring(d->L, -1);
    kc->len1[slot] = len + 1;
}

/* The unescaped text is never longer than its source, so one buffer the
 * size of the document serves every string.  It is a userdata in a fixed
 * stack slot: the GC owns it, so a memory error cannot leak it. */
static unsigned char *get_scratch(decoder *d)
{
    if (d->scratch == NULL) {
        size_t n = (size_t)(d->end - d->start) + 1;
        d->scratch = (unsigned char *)dfs_newuserdata(d->L, n);
        lua_replace(d->L, d->scratch_idx);
    }
    return d->scratch;
}

/* One escape sequence at p (the backslash); writes its UTF-8 to *o. */
static int unescape(decoder *d, const unsigned char **pp, unsigned char **o)
{
    const unsigned char *p = *pp;
    unsigned cp, lo;
    if (d->end - p < 2) return fail(d, "unterminated string", d->end);
    switch (p[1]) {
    case '"':  *(*o)++ = '"';  break;
    case '\\': *(*o)++ = '\\'; break;
    case '/':  *(*o)++ = '/';  break;
    case 'b':  *(*o)++ = '\b'; break;
    case 'f':  *(*o)++ = '\f'; break;
    case 'n':  *(*o)++ = '\n'; break;
    case 'r':  *(*o)++ = '\r'; break;
    case 't':  *(*o)++ = '\t'; break;
    case 'u':
        if (d->end - p < 6 || !hex4(p + 2, &cp))
            return fail(d, "invalid \\u escape (need 4 hex digits)", p);
        if (cp >= 0xDC00 && cp <= 0xDFFF)
            return fail(d, "lone low surrogate in \\u escape", p);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (d->end - p < 12 || p[6] != '\\' || p[7] != 'u' ||
                !hex4(p + 8, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                return fail(d, "high surrogate not followed by a low surrogate \\u escape", p);
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            p += 6;
        }
        *o = put_utf8(*o, cp);
        p += 4;
        break;
    default:
        return fail(d, "invalid escape sequence", p);
    }
    *pp = p + 2;
    return 0;
}

/* The rest of a string that holds an escape: s is its first byte, p the
 * first backslash.  Copies into the scratch buffer while unescaping. */
static int parse_escaped_string(decoder *d, const unsigned char *s,
                                const unsigned char *p, int is_key)
{
    unsigned char *buf = get_scratch(d), *o = buf;
    const unsigned char *end = d->end;
    memcpy(o, s, (size_t)(p - s));
    o += p - s;
    for (;;) {
        const unsigned char *run = p;
        while (p < end && str_class[*p] == C_PLAIN) p++;
        memcpy(o, run, (size_t)(p - run));
        o += p - run;
        if (p >= end) return fail(d, "unterminated string", end);
        switch (str_class[*p]) {
        case C_QUOTE:
            if (charge(d, string_cost((size_t)(o - buf), is_key), s - 1)) return -1;
            lua_pushlstring(d->L, (const char *)buf, (size_t)(o - buf));
            d->p = p + 1;
            return 0;
        case C_BSLASH:
            if (unescape(d, &p, &o)) return -1;
            break;
        case C_CTRL:
            return fail(d, "unescaped control character in string", p);
        default: {
            const unsigned char *next = utf8_next(p, end);
            if (next == NULL) return fail(d, "invalid UTF-8 in string", p);
            while (p < next) *o++ = *p++;
        }
        }
    }
}

/* d->p is just past the opening quote.  Pushes the string. */
static int parse_string(decoder *d, int is_key)
{
    const unsigned char *s = d->p, *p = s, *end = d->end;
    for (;;) {
        while (end - p >= 8) {
            uint64_t w, m;
            memcpy(&w, p, 8);
            m = word_specials(w);
            if (m != 0) {
#ifdef DFS_FIRST_FLAGGED
                p += DFS_FIRST_FLAGGED(m);
#endif
                break;
            }
            p += 8;
        }
        while (p < end && str_class[*p] == C_PLAIN) p++;
        if (p >= end) return fail(d, "unterminated string", end);
        switch (str_class[*p]) {
        case C_QUOTE:
            if (charge(d, string_cost((size_t)(p - s), is_key), s - 1)) return -1;
            if (is_key) push_key(d, s, (size_t)(p - s));
            else lua_pushlstring(d->L, (const char *)s, (size_t)(p - s));
            d->p = p + 1;
            return 0;
        case C_HIGH: {
            const unsigned char *next = utf8_next(p, end);
            if (next == NULL) return fail(d, "invalid UTF-8 in string", p);
            p = next;
            break;
        }
        case C_BSLASH:
            return parse_escaped_string(d, s, p, is_key);
        default:
            return fail(d, "unescaped control character in string", p);
        }
    }
}

/* ---- numbers ---------------------------------------------------------- */

static const double pow10_exact[23] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* Correctly rounded conversion of the number text [s, e) by strtod, with
 * the locale's decimal point swapped in (strtod obeys LC_NUMERIC). */
static double slow_number(const unsigned char *s, const unsigned char *e)
{
    char local[64], *buf = local, *dot;
    size_t n = (size_t)(e - s);
    double v;
    char point = localeconv()->decimal_point[0];
    if (n >= sizeof local) {
        buf = (char *)malloc(n + 1);
        if (buf == NULL) return strtod("nan", NULL);   /* caught by caller */
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (point != '.' && (dot = strchr(buf, '.')) != NULL) *dot = point;
    v = strtod(buf, NULL);
    if (buf != local) free(buf);
    return v;
}

static int parse_number(decoder *d)
{
    const unsigned char *s = d->p, *p = s, *end = d->end;
    uint64_t mant = 0;
    int neg = 0, digits = 0, is_float = 0, exp10 = 0;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    if (p >= end || *p < '0' || *p > '9')
        return fail(d, "expected a digit after '-'", p);
    if (*p == '0') {
        p++;
        if (p < end && *p >= '0' && *p <= '9')
            return fail(d, "leading zeros are not allowed in numbers", s);
    } else {
        while (p < end && *p >= '0' && *p <= '9') {
            if (digits < 19) mant = mant * 10 + (uint64_t)(*p - '0');
            else exp10++;                     /* dropped digit; slow path below */
            digits++;
            p++;
        }
    }
    if (p < end && *p == '.') {
        is_float = 1;
        p++;
        if (p >= end || *p < '0' || *p > '9')
            return fail(d, "expected a digit after the decimal point", p);
        while (p < end && *p >= '0' && *p <= '9') {
            if (mant == 0 && *p == '0') {
                exp10--;                       /* leading zeros of a fraction */
            } else if (digits < 19) {
                mant = mant * 10 + (uint64_t)(*p - '0');
                exp10--;
                digits++;
            } else {
                digits++;
            }
            p++;
        }
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        int eneg = 0, e = 0;
        is_float = 1;
        p++;
        if (p < end && (*p == '+' || *p == '-')) eneg = (*p++ == '-');
        if (p >= end || *p < '0' || *p > '9')
            return fail(d, "expected a digit in the exponent", p);
        while (p < end && *p >= '0' && *p <= '9') {
            if (e < 100000) e = e * 10 + (*p - '0');
            p++;
        }
        exp10 += eneg ? -e : e;
    }
    d->p = p;

    if (!is_float) {
        if (neg && mant == 0) {
            lua_pushnumber(d->L, -0.0);       /* keep the sign of -0 */
            return 0;
        }
        if (digits <= 19) {
#if DFS_HAS_INTEGERS
            if (!neg && mant <= (uint64_t)INT64_MAX) {
                dfs_pushinteger(d->L, (dfs_integer)mant);
                return 0;
            }
            if (neg && mant <= (uint64_t)INT64_MAX + 1) {
                dfs_pushinteger(d->L, (dfs_integer)(-(int64_t)(mant - 1) - 1));
                return 0;
            }
#endif
            /* exact integer: the conversion to double rounds correctly */
            lua_pushnumber(d->L, neg ? -(double)mant : (double)mant);
            return 0;
        }
    } else if (digits <= 15 && exp10 >= -22 && exp10 <= 22) {
        /* Clinger's fast path: both operands exact, one rounding. */
        double v = (double)mant;
        v = exp10 < 0 ? v / pow10_exact[-exp10] : v * pow10_exact[exp10];
        lua_pushnumber(d->L, neg ? -v : v);
        return 0;
    }
    {
        double v = slow_number(s, p);
        if (v != v) return fail(d, "out of memory converting a number", s);
        lua_pushnumber(d->L, v);
    }
    return 0;
}

/* ---- containers ------------------------------------------------------- */

static int parse_value(decoder *d);

/* How many members may wait on the stack, or -1 if even the table
 * cannot get its few slots (LuaJIT caps a C function's stack). */
static int reserve_batch(decoder *d)
{
    if (lua_checkstack(d->L, 2 * BATCH + 8)) return BATCH;
    if (lua_checkstack(d->L, 8)) return 0;
    return -1;
}

static int too_deep(decoder *d, const char *msg, const unsigned char *at)
{
    if (d->err == NULL) d->why = DFS_JSON_TOO_DEEP;
    return fail(d, msg, at);
}

static int enter(decoder *d, const unsigned char *at, int *batch)
{
    if (++d->depth > d->max_depth)
        return too_deep(d, "nesting deeper than max_depth", at);
    *batch = reserve_batch(d);
    if (*batch < 0) return too_deep(d, "nesting too deep for the Lua stack", at);
    return charge(d, DFS_JSON_COST_TABLE, at);
}

/* Moves the n values on top of the stack into a new array table. */
static void flush_array(lua_State *L, int n, int narr)
{
    int base = lua_gettop(L) - n, i;
    lua_createtable(L, narr, 0);
    for (i = 1; i <= n; i++) {
        lua_pushvalue(L, base + i);
        lua_rawseti(L, -2, i);
    }
    lua_replace(L, base + 1);
    lua_settop(L, base + 1);
}

/* Moves the n key/value pairs on top of the stack into a new table, in
 * document order so that the last duplicate key wins. */
static void flush_object(lua_State *L, int n, int nrec)
{
    int base = lua_gettop(L) - 2 * n, i;
    lua_createtable(L, 0, nrec);
    for (i = 0; i < n; i++) {
        lua_pushvalue(L, base + 2 * i + 1);
        lua_pushvalue(L, base + 2 * i + 2);
        lua_rawset(L, -3);
    }
    lua_replace(L, base + 1);
    lua_settop(L, base + 1);
}

static int parse_array(decoder *d)
{
    lua_State *L = d->L;
    const unsigned char *open = d->p - 1;
    int n = 0, batch, made = 0;
    if (enter(d, open, &batch)) return -1;
    skip_ws(d);
    if (d->p < d->end && *d->p == ']') {
        d->p++;
        lua_createtable(L, 0, 0);
        d->depth--;
        return 0;
    }
    for (;;) {
        if (charge(d, DFS_JSON_COST_SLOT, d->p) || parse_value(d)) return -1;
        n++;
        if (made) {
            lua_rawseti(L, -2, n);
        } else if (n > batch) {
            flush_array(L, n, 2 * n);
            made = 1;
        }
        skip_ws(d);
        if (d->p >= d->end) return fail(d, "unterminated array", d->end);
        if (*d->p == ',') {
            d->p++;
            skip_ws(d);
            continue;
        }
        if (*d->p == ']') break;
        return fail(d, "expected ',' or ']' in array", d->p);
    }
    d->p++;
    if (!made) flush_array(L, n, n);
    d->depth--;
    return 0;
}

static int parse_object(decoder *d)
{
    lua_State *L = d->L;
    const unsigned char *open = d->p - 1;
    int n = 0, batch, made = 0;
    if (enter(d, open, &batch)) return -1;
    skip_ws(d);
    if (d->p < d->end && *d->p == '}') {
        d->p++;
        lua_createtable(L, 0, 0);
        d->depth--;
        return 0;
    }
    for (;;) {
        if (d->p >= d->end) return fail(d, "unterminated object", d->end);
        if (*d->p != '"') return fail(d, "expected a string key in object", d->p);
        if (charge(d, DFS_JSON_COST_MEMBER, d->p)) return -1;
        d->p++;
        if (parse_string(d, 1)) return -1;
        skip_ws(d);
        if (d->p >= d->end || *d->p != ':')
            return fail(d, "expected ':' after object key", d->p);
        d->p++;
        skip_ws(d);
        if (parse_value(d)) return -1;
        /* With null_as_nil a null value is nil: setting it leaves the key
         * absent, or removes an earlier duplicate (the last key wins). */
        n++;
        if (made) {
            lua_rawset(L, -3);
        } else if (n > batch) {
            flush_object(L, n, 2 * n);
            made = 1;
        }
        skip_ws(d);
        if (d->p >= d->end) return fail(d, "unterminated object", d->end);
        if (*d->p == ',') {
            d->p++;
            skip_ws(d);
            continue;
        }
        if (*d->p == '}') break;
        return fail(d, "expected ',' or '}' in object", d->p);
    }
    d->p++;
    if (!made) flush_object(L, n, n);
    d->depth--;
    return 0;
}

static int literal(decoder *d, const char *word, size_t len)
{
    if ((size_t)(d->end - d->p) < len || memcmp(d->p, word, len) != 0)
        return fail(d, "invalid literal", d->p);
    d->p += len;
    return 0;
}

static int parse_value(decoder *d)
{
    if (d->p >= d->end) return fail(d, "unexpected end of input", d->end);
    switch (*d->p) {
    case '"':
        d->p++;
        return parse_string(d, 0);
    case '{':
        d->p++;
        return parse_object(d);
    case '[':
        d->p++;
        return parse_array(d);
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        return parse_number(d);
    case 't':
        if (literal(d, "true", 4)) return -1;
        lua_pushboolean(d->L, 1);
        return 0;
    case 'f':
        if (literal(d, "false", 5)) return -1;
        lua_pushboolean(d->L, 0);
        return 0;
    case 'n':
        if (literal(d, "null", 4)) return -1;
        if (d->null_as_nil) lua_pushnil(d->L);
        else lua_pushlightuserdata(d->L, NULL);
        return 0;
    default:
        return fail(d, "unexpected character", d->p);
    }
}

/* ---- request bodies --------------------------------------------------- */

/* json.write_body(value, array_keys) -> text | nil
 * The text json_writer.lua's request-body writer gives for value (sorted
 * object keys, integers exact, other numbers in the fewest of 15-17
 * digits that read back, NaN and infinities as null, an empty table as []
 * under a key of array_keys and {} elsewhere, anything that is not a
 * string, number, boolean or table as null, "/" and bytes >= 0x7F as
 * they are), in C because a small call's body is otherwise a dozen C
 * calls from Lua.  nil for what it leaves to the Lua writer: a table with
 * a metatable, keys other than strings (bar an array's 1..n), an object
 * of more than WRITE_MAX_KEYS members, nesting past WRITE_MAX_DEPTH.
 * The text is built in a userdata (the GC owns it: a memory error leaks
 * nothing); strings are compared as Lua's `<` compares them. */
#define WRITE_MAX_DEPTH 64
#define WRITE_MAX_KEYS  64

typedef struct writer {
    lua_State *L;
    char *data;
    size_t len, cap;
    int slot;                     /* stack slot of the buffer's userdata */
    int array_keys;               /* stack index of the array_keys table */
} writer;

static void w_reserve(writer *w, size_t extra)
{
    size_t cap = w->cap;
    char *p;
    if (w->len + extra <= cap) return;
    while (cap < w->len + extra) cap *= 2;
    p = (char *)dfs_newuserdata(w->L, cap);
    memcpy(p, w->data, w->len);
    lua_replace(w->L, w->slot);
    w->data = p;
    w->cap = cap;
}

static void w_add(writer *w, const char *s, size_t n)
{
    w_reserve(w, n);
    memcpy(w->data + w->len, s, n);
    w->len += n;
}

#define W_LITERAL(w, s) w_add((w), (s), sizeof(s) - 1)

static void w_string(writer *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, run = 0;
    w_reserve(w, n + 2);
    w->data[w->len++] = '"';
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[6];
        size_t elen = 2;
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        w_add(w, s + run, i - run);
        run = i + 1;
        esc[0] = '\\';
        switch (c) {
        case '"':  esc[1] = '"';  break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b';  break;
        case '\f': esc[1] = 'f';  break;
        case '\n': esc[1] = 'n';  break;
        case '\r': esc[1] = 'r';  break;
        case '\t': esc[1] = 't';  break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            elen = 6;
        }
        w_add(w, esc, elen);
    }
    w_add(w, s + run, n - run);
    w_add(w, "\"", 1);
}

static void w_number(writer *w, int idx)
{
    char buf[64], point = localeconv()->decimal_point[0], *dot;
    double d;
    int prec;
#if DFS_HAS_INTEGERS
    if (lua_isinteger(w->L, idx)) {
        w_add(w, buf, (size_t)snprintf(buf, sizeof buf, "%lld", (long long)lua_tointeger(w->L, idx)));
        return;
    }
#endif
    d = (double)lua_tonumber(w->L, idx);
    if (!(d - d == 0)) {                  /* NaN, +-inf */
        W_LITERAL(w, "null");
        return;
    }
    if (d > -9007199254740992.0 && d < 9007199254740992.0 && (double)(long long)d == d) {
        w_add(w, buf, (size_t)snprintf(buf, sizeof buf, "%lld", (long long)d));
        return;
    }
    for (prec = 15; prec < 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (strtod(buf, NULL) == d) break;
    }
    if (prec == 17) snprintf(buf, sizeof buf, "%.17g", d);
    /* JSON's decimal point, whatever LC_NUMERIC says */
    if (point != '.' && (dot = strchr(buf, point)) != NULL) *dot = '.';
    w_add(w, buf, strlen(buf));
}

static int w_value(writer *w, int idx, int parent, int depth);

/* Whether an empty table under the key at stack index parent (0: none)
 * is an array. */
static int w_array_key(writer *w, int parent)
{
    int yes;
    if (parent == 0) return 0;
    lua_pushvalue(w->L, parent);
    lua_rawget(w->L, w->array_keys);
    yes = lua_toboolean(w->L, -1);
    lua_pop(w->L, 1);
    return yes;
}

static int w_table(writer *w, int idx, int parent, int depth)
{
    lua_State *L = w->L;
    int base = lua_gettop(L), strings = 1, order[WRITE_MAX_KEYS], i, j;
    size_t n, count = 0;
    if (depth > WRITE_MAX_DEPTH || !lua_checkstack(L, WRITE_MAX_KEYS + 8)) return -1;
    if (lua_getmetatable(L, idx)) {
        lua_pop(L, 1);
        return -1;
    }
    n = (size_t)dfs_rawlen(L, idx);
    /* Count the members, keeping a copy of the first string keys. */
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) strings = 0;
        else if (count < WRITE_MAX_KEYS) lua_pushvalue(L, -1);
        count++;
    }
    if (count == 0) {
        if (w_array_key(w, parent)) W_LITERAL(w, "[]");
        else W_LITERAL(w, "{}");
        return 0;
    }
    if (n > 0 && count == n) {
        lua_settop(L, base);
        W_LITERAL(w, "[");
        for (i = 1; (size_t)i <= n; i++) {
            if (i > 1) W_LITERAL(w, ",");
            lua_rawgeti(L, idx, i);
            if (w_value(w, lua_gettop(L), parent, depth + 1) != 0) return -1;
            lua_pop(L, 1);
        }
        W_LITERAL(w, "]");
        return 0;
    }
    if (!strings || count > WRITE_MAX_KEYS) {
        lua_settop(L, base);
        return -1;
    }
    /* The kept keys are at base+1 .. base+count: sorted as Lua's `<` does. */
    for (i = 0; (size_t)i < count; i++) {
        int slot = base + 1 + i;
        for (j = i; j > 0 && dfs_lessthan(L, slot, order[j - 1]); j--) order[j] = order[j - 1];
        order[j] = slot;
    }
    W_LITERAL(w, "{");
    for (i = 0; (size_t)i < count; i++) {
        size_t klen;
        const char *k = lua_tolstring(L, order[i], &klen);
        if (i > 0) W_LITERAL(w, ",");
        w_string(w, k, klen);
        W_LITERAL(w, ":");
        lua_pushvalue(L, order[i]);
        lua_rawget(L, idx);
        if (w_value(w, lua_gettop(L), order[i], depth + 1) != 0) return -1;
        lua_pop(L, 1);
    }
    W_LITERAL(w, "}");
    lua_settop(L, base);
    return 0;
}

static int w_value(writer *w, int idx, int parent, int depth)
{
    switch (lua_type(w->L, idx)) {
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(w->L, idx, &len);
        w_string(w, s, len);
        return 0;
    }
    case LUA_TNUMBER:
        w_number(w, idx);
        return 0;
    case LUA_TBOOLEAN:
        if (lua_toboolean(w->L, idx)) W_LITERAL(w, "true");
        else W_LITERAL(w, "false");
        return 0;
    case LUA_TTABLE:
        return w_table(w, idx, parent, depth);
    default:                      /* the null sentinel, and what is not JSON */
        W_LITERAL(w, "null");
        return 0;
    }
}

static int l_write_body(lua_State *L)
{
    writer w;
    luaL_checkany(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    w.L = L;
    w.array_keys = 2;
    w.len = 0;
    w.cap = 256;
    w.data = (char *)dfs_newuserdata(L, w.cap);
    w.slot = 3;
    if (w_value(&w, 1, 0, 0) != 0) {
        lua_pushnil(L);
        return 1;
    }
    lua_pushlstring(L, w.data, w.len);
    return 1;
}

/* ---- entry points ----------------------------------------------------- */

void dfs_json_default_opts(dfs_json_opts *opts)
{
    opts->max_depth = DFS_JSON_DEFAULT_DEPTH;
    opts->null_as_nil = 0;
    opts->max_memory = 0;
}

static int push_error(decoder *d, int base)
{
    const unsigned char *q, *line_start = d->start;
    size_t pos = (size_t)(d->err_at - d->start) + 1;
    int line = 1;
    char found[24];
    for (q = d->start; q < d->err_at; q++) {
        if (*q == '\n') {
            line++;
            line_start = q + 1;
        }
    }
    if (d->err_at >= d->end) snprintf(found, sizeof found, "end of input");
    else if (*d->err_at >= 0x20 && *d->err_at < 0x7F)
        snprintf(found, sizeof found, "'%c'", *d->err_at);
    else
        snprintf(found, sizeof found, "byte 0x%02X", *d->err_at);
    lua_settop(d->L, base);
    lua_pushnil(d->L);
    if (d->why == DFS_JSON_TOO_LARGE) {
        char limit[48];
        snprintf(limit, sizeof limit, " (%.0f bytes, estimated)", (double)d->max_memory);
        lua_pushfstring(d->L, "%s%s at line %d, column %d (byte %d)", d->err, limit,
                        line, (int)(d->err_at - line_start) + 1, (int)pos);
    } else {
        lua_pushfstring(d->L, "%s at line %d, column %d (byte %d, found %s)", d->err,
                        line, (int)(d->err_at - line_start) + 1, (int)pos, found);
    }
    dfs_pushinteger(d->L, (dfs_integer)pos);
    return 3;
}

static int decode_failed(decoder *d, int base, dfs_json_failure *why)
{
    if (why != NULL) *why = d->why;
    return push_error(d, base);
}

int dfs_json_decode(lua_State *L, const char *text, size_t len,
                    const dfs_json_opts *opts, dfs_json_failure *why)
{
    decoder d;
    int base = lua_gettop(L);
    d.L = L;
    d.start = d.p = (const unsigned char *)text;
    d.end = d.start + len;
    d.depth = 0;
    d.max_depth = opts->max_depth;
    d.null_as_nil = opts->null_as_nil;
    d.scratch = NULL;
    d.max_memory = opts->max_memory;
    d.budget = opts->max_memory ? opts->max_memory : (size_t)-1;
    d.why = DFS_JSON_INVALID;
    d.err = NULL;
    d.err_at = NULL;
    if (why != NULL) *why = DFS_JSON_OK;
    luaL_checkstack(L, 6, "json decode");
    d.keys = push_key_cache(L);
    d.keys_idx = lua_gettop(L);
    lua_pushnil(L);                 /* slot for the scratch buffer */
    d.scratch_idx = lua_gettop(L);

    skip_ws(&d);
    if (d.p >= d.end) {
        fail(&d, "empty document", d.p);
        return decode_failed(&d, base, why);
    }
    if (parse_value(&d)) return decode_failed(&d, base, why);
    skip_ws(&d);
    if (d.p < d.end) {
        fail(&d, "unexpected data after the JSON value", d.p);
        return decode_failed(&d, base, why);
    }
    lua_replace(L, d.keys_idx);     /* the value takes the first slot */
    lua_settop(L, d.keys_idx);
    return 1;
}

void dfs_json_check_opts(lua_State *L, int idx, dfs_json_opts *opts)
{
    dfs_json_default_opts(opts);
    if (lua_isnoneornil(L, idx)) return;
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_getfield(L, idx, "max_depth");
    if (!lua_isnil(L, -1)) {
        long long depth;
        if (lua_type(L, -1) != LUA_TNUMBER)
            luaL_error(L, "bad option 'max_depth' (number expected, got %s)",
                       luaL_typename(L, -1));
        depth = (long long)lua_tonumber(L, -1);
        if (depth < 1 || depth > DFS_JSON_DEPTH_CEILING)
            luaL_error(L, "bad option 'max_depth' (must be 1..%d)", DFS_JSON_DEPTH_CEILING);
        opts->max_depth = (int)depth;
    }
    lua_pop(L, 1);
    lua_getfield(L, idx, "null_as_nil");
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TBOOLEAN)
            luaL_error(L, "bad option 'null_as_nil' (boolean expected, got %s)",
                       luaL_typename(L, -1));
        opts->null_as_nil = lua_toboolean(L, -1);
    }
    lua_pop(L, 1);
    lua_getfield(L, idx, "max_memory");
    if (!lua_isnil(L, -1)) {
        lua_Number n;
        if (lua_type(L, -1) != LUA_TNUMBER)
            luaL_error(L, "bad option 'max_memory' (number expected, got %s)",
                       luaL_typename(L, -1));
        n = lua_tonumber(L, -1);
        if (!(n >= 1 && n <= DFS_JSON_MEMORY_CEILING && n <= (lua_Number)((size_t)-1)))
            luaL_error(L, "bad option 'max_memory' (bytes, from 1 to 2^53)");
        opts->max_memory = (size_t)n;
    }
    lua_pop(L, 1);
}

/* json.decode(text [, opts]) -> value | nil, message, position */
static int l_decode(lua_State *L)
{
    size_t len;
    const char *text;
    dfs_json_opts opts;
    if (lua_type(L, 1) != LUA_TSTRING)
        return luaL_argerror(L, 1, lua_pushfstring(L, "string expected, got %s",
                                                   luaL_typename(L, 1)));
    text = lua_tolstring(L, 1, &len);
    dfs_json_check_opts(L, 2, &opts);
    return dfs_json_decode(L, text, len, &opts, NULL);
}

int dfs_open_json(lua_State *L)
{
    static const luaL_Reg funcs[] = {
        {"decode", l_decode},
        {"write_body", l_write_body},
        {NULL, NULL}
    };
    dfs_newlib(L, funcs);
    lua_pushlightuserdata(L, NULL);
    lua_setfield(L, -2, "null");
    return 1;
}
