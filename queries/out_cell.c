/*
 * out_cell.c: the text of numbers and cells that the writers and
 * output_each_row share: reals as CSV and JSON write them, thousands
 * separators, control characters made visible, and the columns as shown (a
 * pair X_low, X_high as one column X with a merged band). Writes nothing.
 */
#include "output_int.h"
#include "../lib/buf.h"
#include "../lib/err.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

void out_fmt_real(char *buf, size_t n, double d)
{
    snprintf(buf, n, "%.15g", d);
}

int out_number_text(const struct out_val *v, char *buf, size_t n)
{
    if (v->type == OV_INT)
        snprintf(buf, n, "%lld", v->i);
    else if (v->type == OV_REAL && isfinite(v->d))
        out_fmt_real(buf, n, v->d);
    else
        return 0;
    return 1;
}

/* 1234567 -> "1,234,567" */
void output_commas(char *out, size_t n, long long v)
{
    char digits[32];
    int len;
    size_t w = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

    len = snprintf(digits, sizeof(digits), "%llu", u);
    if (v < 0 && w + 1 < n)
        out[w++] = '-';
    for (int i = 0; i < len && w + 2 < n; i++) {
        if (i && (len - i) % 3 == 0)
            out[w++] = ',';
        out[w++] = digits[i];
    }
    out[w] = '\0';
}

/* Identifiers and line numbers are not quantities: no thousands separators for them. */
static int plain_column(const char *name)
{
    static const char *const plain[] = {"id",        "line", "source_line", "run",
                                        "exit_code", "year", "summary",     NULL};
    size_t n = strlen(name);

    for (const char *const *p = plain; *p; p++)
        if (strcmp(name, *p) == 0)
            return 1;
    return n > 3 && strcmp(name + n - 3, "_id") == 0;
}

/*
 * Text for a terminal: control characters (a newline in a name, an escape
 * sequence) as \xNN, so a cell can neither break the table's lines nor
 * drive the terminal. NULL when out of memory.
 */
static char *visible(const char *s)
{
    struct buf b;

    buf_init(&b, (size_t)-1 / 2);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f) {
            if (buf_printf(&b, "\\x%02X", *p))
                break;
        } else if (buf_putc(&b, (char)*p)) {
            break;
        }
    }
    return buf_detach(&b);
}

/* One value as the table shows it; NULL when out of memory. */
static char *display(const struct out_val *v, int plain)
{
    char buf[64];

    switch (v->type) {
    case OV_NULL:
        return strdup("");
    case OV_INT:
        if (plain)
            snprintf(buf, sizeof(buf), "%lld", v->i);
        else
            output_commas(buf, sizeof(buf), v->i);
        return strdup(buf);
    case OV_REAL:
        if (fabs(v->d) < 1e15 && v->d == floor(v->d))
            output_commas(buf, sizeof(buf), (long long)v->d);
        else
            snprintf(buf, sizeof(buf), "%.10g", v->d);
        return strdup(buf);
    case OV_TEXT:
        return visible(v->s);
    }
    return strdup("");
}

static size_t ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n > k && strcmp(s + n - k, suffix) == 0 ? n - k : 0;
}

/* Is column i the X_low of a pair X_low, X_high? Returns the length of X, or 0. */
static size_t band_pair(char *const *names, int n, int i)
{
    size_t k = ends_with(names[i], "_low");

    if (k && i + 1 < n && ends_with(names[i + 1], "_high") == k &&
        strncmp(names[i], names[i + 1], k) == 0)
        return k;
    return 0;
}

/* Merge X_low, X_high display cells into one: "a", "a-b", "a+", "". */
static char *merge_band(const char *lo, const char *hi)
{
    struct buf b;

    buf_init(&b, 256);
    if (!*lo && !*hi)
        buf_puts(&b, "");
    else if (!*hi)
        buf_printf(&b, "%s+", lo);
    else if (!*lo || strcmp(lo, hi) == 0)
        buf_puts(&b, *lo ? lo : hi);
    else
        buf_printf(&b, "%s-%s", lo, hi);
    return buf_detach(&b);
}

int out_shape_init(struct out_shape *sh, char *const *names, int ncols)
{
    memset(sh, 0, sizeof(*sh));
    sh->nsrc = ncols;
    sh->src = calloc((size_t)ncols + 1, sizeof(*sh->src));
    sh->band = calloc((size_t)ncols + 1, sizeof(*sh->band));
    sh->heads = calloc((size_t)ncols + 1, sizeof(*sh->heads));
    if (!sh->src || !sh->band || !sh->heads)
        return TRDB_ENOMEM;
    for (int i = 0; i < ncols; i++) {
        size_t k = band_pair(names, ncols, i);
        int c = sh->ncols++;
        sh->src[c] = i;
        sh->band[c] = k != 0;
        sh->heads[c] = k ? strndup(names[i], k) : strdup(names[i]);
        if (!sh->heads[c])
            return TRDB_ENOMEM;
        if (k)
            i++;
    }
    return 0;
}

void out_shape_release(struct out_shape *sh)
{
    if (sh->heads)
        for (int c = 0; c < sh->ncols; c++)
            free(sh->heads[c]);
    free(sh->heads);
    free(sh->src);
    free(sh->band);
    memset(sh, 0, sizeof(*sh));
}

int out_format_row(const struct out_shape *sh, char *const *names, const struct out_val *vals,
                   char **texts)
{
    for (int c = 0; c < sh->ncols; c++) {
        int i = sh->src[c];
        char *lo = display(&vals[i], plain_column(names[i])), *hi = NULL;

        if (lo && sh->band[c]) {
            hi = display(&vals[i + 1], plain_column(names[i + 1]));
            texts[c] = hi ? merge_band(lo, hi) : NULL;
            free(lo);
            free(hi);
        } else {
            texts[c] = lo;
        }
        if (!texts[c]) {
            while (c-- > 0) {
                free(texts[c]);
                texts[c] = NULL;
            }
            return TRDB_ENOMEM;
        }
    }
    return 0;
}
