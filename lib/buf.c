/*
 * buf.c: growable byte buffer with a cap. Growth doubles, so appends are
 * amortized O(1); the cap guards against hostile input, not against bugs.
 */
#include "buf.h"
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

void buf_init(struct buf *b, size_t limit)
{
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    b->limit = limit;
}

void buf_release(struct buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
}

void buf_reset(struct buf *b)
{
    b->len = 0;
}

/* Make room for len + extra + 1 bytes (the 1 keeps space for a terminator). */
static int grow(struct buf *b, size_t extra)
{
    size_t want, n;
    char *p;

    if (extra > b->limit || b->len > b->limit - extra)
        return TRDB_ELIMIT;
    want = b->len + extra + 1;
    if (want <= b->alloc)
        return 0;
    n = b->alloc ? b->alloc : 64;
    while (n < want)
        n = n > ((size_t)-1) / 2 ? want : n * 2;
    p = realloc(b->data, n);
    if (!p)
        return TRDB_ENOMEM;
    b->data = p;
    b->alloc = n;
    return 0;
}

int buf_append(struct buf *b, const void *p, size_t n)
{
    int rc = grow(b, n);

    if (rc)
        return rc;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    return 0;
}

int buf_putc(struct buf *b, char c)
{
    return buf_append(b, &c, 1);
}

int buf_puts(struct buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int n, rc;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return TRDB_EUSAGE;
    rc = grow(b, (size_t)n);
    if (rc)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

const char *buf_cstr(struct buf *b)
{
    if (!b->data) {
        if (grow(b, 0))
            return NULL;
    }
    b->data[b->len] = '\0';
    return b->data;
}

char *buf_detach(struct buf *b)
{
    char *p;

    if (!buf_cstr(b))
        return NULL;
    p = b->data;
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    return p;
}
