/*
 * dburi.c: a --db value is a PostgreSQL URI or a SQLite path, and a URI as
 * messages show it: without a password. The parts are found the way libpq
 * finds them (user information up to the host, query parameters after '?'),
 * erring on the side of hiding more.
 */
#include "dburi.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

static const char *const schemes[] = {"postgresql://", "postgres://"};

/* The length of the scheme s starts with ("postgresql://"), or 0. */
static size_t scheme_len(const char *s)
{
    for (size_t i = 0; s && i < sizeof(schemes) / sizeof(schemes[0]); i++)
        if (strncasecmp(s, schemes[i], strlen(schemes[i])) == 0)
            return strlen(schemes[i]);
    return 0;
}

int dburi_is_postgres(const char *s)
{
    return scheme_len(s) > 0;
}

/* A writer into a fixed buffer that cuts what does not fit and remembers it did. */
struct w {
    char *out;
    size_t cap, n;
    int cut;
};

static void put(struct w *w, const char *s, size_t len)
{
    if (w->cap == 0)
        return;
    if (w->n + len >= w->cap) {
        len = w->cap - 1 - w->n;
        w->cut = 1;
    }
    memcpy(w->out + w->n, s, len);
    w->n += len;
    w->out[w->n] = '\0';
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decode s[0..len) into out (cap bytes, NUL-terminated; cut short past it). */
static void decode(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0;

    for (size_t i = 0; i < len && n + 1 < cap; i++) {
        if (s[i] == '%' && i + 2 < len && hexval((unsigned char)s[i + 1]) >= 0 &&
            hexval((unsigned char)s[i + 2]) >= 0) {
            out[n++] =
                (char)(hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]));
            i += 2;
        } else {
            out[n++] = s[i];
        }
    }
    out[n] = '\0';
}

/* 1 when the query parameter name s[0..len), percent-decoded, is "password" (any case). */
static int is_password_key(const char *s, size_t len)
{
    char key[32];

    if (len >= sizeof(key) * 3)
        return 0;
    decode(s, len, key, sizeof(key));
    return strcasecmp(key, "password") == 0;
}

/*
 * The parts of a PostgreSQL URI: where its user information ends ('@', or
 * NULL without one) and where its query starts ('?', or NULL).
 */
static void split(const char *s, size_t scheme, const char **at, const char **query)
{
    const char *auth = s + scheme, *end = auth + strcspn(auth, "/");

    /* libpq ends the user information at the first '/'; the last '@' before it hides more */
    *at = NULL;
    for (const char *p = auth; p < end; p++)
        if (*p == '@')
            *at = p;
    *query = strchr(*at ? *at + 1 : auth, '?');
}

int dburi_redact(const char *s, char *out, size_t cap)
{
    struct w w = {out, cap, 0, 0};
    size_t scheme = scheme_len(s);
    const char *at, *query, *rest;

    if (cap)
        out[0] = '\0';
    if (!s)
        return 0;
    if (!scheme) {
        put(&w, s, strlen(s));
        return w.cut ? -1 : 0;
    }
    split(s, scheme, &at, &query);
    rest = s + scheme;
    put(&w, s, scheme);
    if (at) {
        const char *colon = memchr(rest, ':', (size_t)(at - rest));
        put(&w, rest, (size_t)((colon ? colon : at) - rest));
        if (colon)
            put(&w, ":***", 4);
        put(&w, "@", 1);
        rest = at + 1;
    }
    if (!query) {
        put(&w, rest, strlen(rest));
        return w.cut ? -1 : 0;
    }
    put(&w, rest, (size_t)(query - rest) + 1);
    for (const char *p = query + 1; *p;) {
        size_t len = strcspn(p, "&");
        const char *eq = memchr(p, '=', len);
        if (eq && is_password_key(p, (size_t)(eq - p))) {
            put(&w, p, (size_t)(eq - p) + 1);
            put(&w, "***", 3);
        } else {
            put(&w, p, len);
        }
        p += len;
        if (*p == '&')
            put(&w, p++, 1);
    }
    return w.cut ? -1 : 0;
}

/* Replace each occurrence of secret[0..len) in msg (cap bytes) by "***"; cut short past cap. */
static void replace(char *msg, size_t cap, const char *secret, size_t len)
{
    char out[1024];
    struct w w = {out, sizeof(out) < cap ? sizeof(out) : cap, 0, 0};
    const char *p = msg, *hit;

    if (len == 0 || !strstr(msg, secret))
        return;
    out[0] = '\0';
    while ((hit = strstr(p, secret)) != NULL) {
        put(&w, p, (size_t)(hit - p));
        put(&w, "***", 3);
        p = hit + len;
    }
    put(&w, p, strlen(p));
    memcpy(msg, out, w.n + 1);
}

/* Scrub the password s[0..len) from msg, as written and percent-decoded. */
static void scrub_one(char *msg, size_t cap, const char *s, size_t len)
{
    char plain[512], decoded[512];

    if (len == 0 || len >= sizeof(plain))
        return;
    memcpy(plain, s, len);
    plain[len] = '\0';
    decode(s, len, decoded, sizeof(decoded));
    replace(msg, cap, plain, len);
    replace(msg, cap, decoded, strlen(decoded));
}

void dburi_scrub(const char *s, char *msg, size_t cap)
{
    size_t scheme = scheme_len(s);
    const char *at, *query;

    if (!scheme || !msg || cap == 0)
        return;
    split(s, scheme, &at, &query);
    if (at) {
        const char *user = s + scheme, *colon = memchr(user, ':', (size_t)(at - user));
        if (colon)
            scrub_one(msg, cap, colon + 1, (size_t)(at - colon - 1));
    }
    for (const char *p = query ? query + 1 : ""; *p;) {
        size_t len = strcspn(p, "&");
        const char *eq = memchr(p, '=', len);
        if (eq && is_password_key(p, (size_t)(eq - p)))
            scrub_one(msg, cap, eq + 1, len - (size_t)(eq - p) - 1);
        p += len + (p[len] == '&');
    }
}
