/*
 * testio.h: input helpers the unit tests share: a byte source over a
 * string that hands it out in pieces of a chosen size (a csvr_read_fn, for
 * the CSV and JSON readers), and the whole of a file as a string.
 * Header-only, like table.h.
 */
#ifndef TRDB_TEST_TESTIO_H
#define TRDB_TEST_TESTIO_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

/* data[0..len), read at most step bytes a call */
struct mem {
    const char *data;
    size_t len, pos, step;
};

static inline long mem_read(void *ctx, char *buf, size_t n)
{
    struct mem *m = ctx;
    size_t k = m->len - m->pos;

    if (k > n)
        k = n;
    if (k > m->step)
        k = m->step;
    memcpy(buf, m->data + m->pos, k);
    m->pos += k;
    return (long)k;
}

/* The whole of the file at path (caller frees), or NULL when it cannot be opened. */
static inline char *read_whole(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    FILE *in = fopen(path, "rb"), *out;
    int c;

    if (!in)
        return NULL;
    out = open_memstream(&text, &len);
    assert_non_null(out);
    while ((c = getc(in)) != EOF)
        putc(c, out);
    fclose(in);
    fclose(out);
    return text;
}

#endif
