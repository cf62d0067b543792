/*
 * fuzz.h: what the fuzz targets in tests/fuzz/ share: the libFuzzer entry
 * point they define, a check that aborts (so libFuzzer and the replay in
 * `make test` both see a broken invariant as a crash), where the data files
 * are, and a reader over the input that hands it out in pieces. Not a test
 * framework: each target is one LLVMFuzzerTestOneInput.
 */
#ifndef TRDB_FUZZ_H
#define TRDB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../model/period.h"
#include "../../model/value.h"

/* The entry point: libFuzzer calls it, and so does tests/fuzz/replay.c. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant the code under test must keep, whatever the input. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond);          \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* A setup step that must work (the shipped data loads); prints why and aborts. */
#define FUZZ_SETUP(cond, why)                                                                      \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz setup failed: %s\n", (why));                                     \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* OUT buf: the data folder ($TRDB_DATA, else ./data) joined with sub. */
static inline const char *fuzz_data_path(const char *sub, char *buf, size_t n)
{
    const char *data = getenv("TRDB_DATA");

    snprintf(buf, n, "%s/%s", data && *data ? data : "data", sub);
    return buf;
}

/* The input as a NUL-terminated string (a NUL inside simply ends it); free it. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    FUZZ_SETUP(s != NULL, "out of memory");
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* The input as a byte source (a csvr_read_fn) handing out at most step bytes a call. */
struct fuzz_mem {
    const uint8_t *data;
    size_t size, pos, step;
};

static inline long fuzz_mem_read(void *ctx, char *buf, size_t n)
{
    struct fuzz_mem *m = ctx;
    size_t k = m->size - m->pos;

    if (k > n)
        k = n;
    if (k > m->step)
        k = m->step;
    if (k)
        memcpy(buf, m->data + m->pos, k);
    m->pos += k;
    return (long)k;
}

/* Piece sizes for fuzz_mem, chosen by a few bits of an option byte. */
static inline size_t fuzz_step(unsigned bits)
{
    static const size_t steps[8] = {1u << 20, 1, 2, 3, 7, 64, 4096, 65536};

    return steps[bits & 7];
}

/* 1 when s[0..n) holds only ASCII digits. */
static inline int fuzz_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/*
 * 1 when s is "YYYY-MM-DD", a real calendar date. The year range is not
 * checked here: a period may start in the year before its end's.
 */
static inline int fuzz_is_date(const char *s)
{
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;

    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !fuzz_digits(s, 4) ||
        !fuzz_digits(s + 5, 2) || !fuzz_digits(s + 8, 2))
        return 0;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return 0;
    return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/* What a parsed period must be: two dates in order, the end within the years trdb takes. */
static inline void fuzz_check_period(const struct period *p)
{
    int y;

    FUZZ_CHECK(fuzz_is_date(p->start));
    FUZZ_CHECK(fuzz_is_date(p->end));
    FUZZ_CHECK(strcmp(p->start, p->end) <= 0);
    y = (int)strtol(p->end, NULL, 10);
    FUZZ_CHECK(y >= PERIOD_YEAR_MIN && y <= PERIOD_YEAR_MAX);
    FUZZ_CHECK(p->forced == PERIOD_ORDER_AUTO || p->numeric);
}

/* What period_parse_instant writes: a date, or a UTC time to the second. */
static inline void fuzz_check_instant(const char *out, int date_only)
{
    char date[11];
    size_t n = strnlen(out, 24);

    FUZZ_CHECK(n == 10 || (n == 20 && !date_only));
    memcpy(date, out, 10);
    date[10] = '\0';
    FUZZ_CHECK(fuzz_is_date(date));
    if (n == 20) {
        FUZZ_CHECK(out[10] == 'T' && out[13] == ':' && out[16] == ':' && out[19] == 'Z');
        FUZZ_CHECK(fuzz_digits(out + 11, 2) && fuzz_digits(out + 14, 2) &&
                   fuzz_digits(out + 17, 2));
        FUZZ_CHECK(strncmp(out + 11, "24", 2) < 0 && out[14] < '6' && out[17] < '6');
    }
}

/* What a parsed figure must be, for the options it was parsed with. */
static inline void fuzz_check_value(const struct value *v, const struct value_opts *o)
{
    FUZZ_CHECK(v->status == VALUE_NONE || v->status == VALUE_UNKNOWN || v->status == VALUE_FIGURE);
    FUZZ_CHECK(v->footnote == 0 || v->footnote == 1);
    if (v->status != VALUE_FIGURE) {
        FUZZ_CHECK(!v->has_low && !v->has_high);
        return;
    }
    FUZZ_CHECK(v->has_low);
    FUZZ_CHECK(v->low >= 0 && v->low <= 9007199254740993.0);
    if (v->has_high)
        FUZZ_CHECK(v->high >= v->low && v->high <= 9007199254740993.0);
    if (o && o->kind == VALUE_PERCENT) {
        FUZZ_CHECK(v->low <= 100 && (!v->has_high || v->high <= 100));
    } else {
        FUZZ_CHECK(v->low == (double)(long long)v->low);
        FUZZ_CHECK(!v->has_high || v->high == (double)(long long)v->high);
    }
}

#endif
