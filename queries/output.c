/*
 * output.c: the public side of the writers: choosing one by format, the
 * columns as shown (a pair X_low, X_high as X), the text of numbers and
 * cells that the table and output_each_row share, and stepping a statement
 * into a writer or a callback. The writers themselves are out_table.c,
 * out_csv.c and out_json.c.
 */
#include "output_int.h"
#include "../lib/buf.h"
#include "../lib/err.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

int output_format_parse(const char *s, enum out_format *out, struct trdb_err *err)
{
    static const char *const names[] = {"table", "csv", "json", "ndjson"};

    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (enum out_format)i;
            return 0;
        }
    return trdb_err_set(err, TRDB_EUSAGE, "unknown format '%s' (table, csv, json, ndjson)", s);
}

static void free_names(char **names, int n)
{
    if (names)
        for (int i = 0; i < n; i++)
            free(names[i]);
    free(names);
}

/* A copy of names[0..n-1], NULL read as ""; NULL when out of memory. */
static char **copy_names(const char *const *names, int n)
{
    char **c = calloc((size_t)n + 1, sizeof(*c));

    if (!c)
        return NULL;
    for (int i = 0; i < n; i++)
        if (!(c[i] = strdup(names[i] ? names[i] : ""))) {
            free_names(c, n);
            return NULL;
        }
    return c;
}

struct output *output_new(FILE *f, enum out_format fmt, int ncols, const char *const *names,
                          int neutralize)
{
    struct output *o = calloc(1, sizeof(*o));

    if (!o)
        return NULL;
    o->f = f;
    o->fmt = fmt;
    o->ncols = ncols;
    o->neutralize = neutralize;
    if (!(o->names = copy_names(names, ncols)))
        goto fail;
    if (fmt == OUT_TABLE) {
        if (out_shape_init(&o->shape, o->names, ncols))
            goto fail;
        if (!(o->is_num = calloc((size_t)o->shape.ncols + 1, sizeof(*o->is_num))))
            goto fail;
        for (int c = 0; c < o->shape.ncols; c++)
            o->is_num[c] = 1;
    }
    return o;
fail:
    out_shape_release(&o->shape);
    free_names(o->names, ncols);
    free(o);
    return NULL;
}

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

int output_row(struct output *o, const struct out_val *vals)
{
    int rc;

    switch (o->fmt) {
    case OUT_CSV:
        rc = out_csv_row(o, vals);
        break;
    case OUT_JSON:
    case OUT_NDJSON:
        rc = out_json_row(o, vals);
        break;
    default:
        rc = out_table_row(o, vals);
        break;
    }
    if (!rc)
        o->nrows++;
    return rc;
}

long long output_rows(const struct output *o)
{
    return o->nrows;
}

int output_end(struct output *o, struct trdb_err *err)
{
    int rc = 0;

    if (!o)
        return 0;
    if (o->fmt == OUT_CSV) {
        out_csv_end(o);
    } else if (o->fmt == OUT_JSON || o->fmt == OUT_NDJSON) {
        out_json_end(o);
    } else {
        rc = out_table_end(o);
        if (rc)
            trdb_err_set(err, rc, "out of memory writing the table");
    }
    if (!rc && (fflush(o->f) != 0 || ferror(o->f)))
        rc = trdb_err_set(err, TRDB_EIO, "cannot write the output");
    out_table_release(o);
    free_names(o->names, o->ncols);
    free(o);
    return rc;
}

/* The values of the statement's current row into vals[] (text valid until the next step). */
static void stmt_values(sqlite3_stmt *s, int n, struct out_val *vals)
{
    for (int i = 0; i < n; i++) {
        switch (sqlite3_column_type(s, i)) {
        case SQLITE_INTEGER:
            vals[i].type = OV_INT;
            vals[i].i = sqlite3_column_int64(s, i);
            break;
        case SQLITE_FLOAT:
            vals[i].type = OV_REAL;
            vals[i].d = sqlite3_column_double(s, i);
            break;
        case SQLITE_NULL:
            vals[i].type = OV_NULL;
            break;
        default:
            vals[i].type = OV_TEXT;
            vals[i].s = (const char *)sqlite3_column_text(s, i);
            if (!vals[i].s)
                vals[i].s = "";
            break;
        }
    }
}

/* The statement's column names, copied; NULL when out of memory. */
static char **stmt_names(sqlite3_stmt *s, int n)
{
    const char **names = calloc((size_t)n + 1, sizeof(*names));
    char **c = NULL;

    if (names) {
        for (int i = 0; i < n; i++)
            names[i] = sqlite3_column_name(s, i);
        c = copy_names(names, n);
    }
    free(names);
    return c;
}

/* The error of a step that did not end in SQLITE_DONE. */
static int step_failed(sqlite3_stmt *s, struct trdb_err *err)
{
    return trdb_err_set(err, TRDB_EDB, "query failed: %s", sqlite3_errmsg(sqlite3_db_handle(s)));
}

int output_stmt(sqlite3_stmt *s, FILE *f, enum out_format fmt, int neutralize, struct trdb_err *err)
{
    int n = sqlite3_column_count(s), rc;
    char **names = stmt_names(s, n);
    struct output *o = names ? output_new(f, fmt, n, (const char *const *)names, neutralize) : NULL;
    struct out_val *vals = calloc((size_t)n + 1, sizeof(*vals));

    if (!o || !vals) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        stmt_values(s, n, vals);
        if (output_row(o, vals)) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            goto out;
        }
    }
    if (rc != SQLITE_DONE) {
        rc = step_failed(s, err);
        goto out;
    }
    rc = output_end(o, err);
    o = NULL;
out:
    output_end(o, NULL);
    free_names(names, n);
    free(vals);
    return rc;
}

int output_each_row(sqlite3_stmt *s, const struct out_each *cb, void *ctx, struct trdb_err *err)
{
    int n = sqlite3_column_count(s), rc;
    char **names = stmt_names(s, n), **texts = NULL;
    struct out_shape sh = {0};
    struct out_val *vals = calloc((size_t)n + 1, sizeof(*vals));
    struct out_cell *cells = NULL;
    char(*keys)[OUT_SORT_MAX] = NULL;

    if (!names || !vals || out_shape_init(&sh, names, n) ||
        !(cells = calloc((size_t)sh.ncols + 1, sizeof(*cells))) ||
        !(texts = calloc((size_t)sh.ncols + 1, sizeof(*texts))) ||
        !(keys = calloc((size_t)sh.ncols + 1, sizeof(*keys)))) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    if (cb->columns && (rc = cb->columns(ctx, sh.ncols, (const char *const *)sh.heads, err)))
        goto out;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        stmt_values(s, n, vals);
        if (out_format_row(&sh, names, vals, texts)) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            goto out;
        }
        for (int c = 0; c < sh.ncols; c++) {
            const struct out_val *v = &vals[sh.src[c]];
            int has = out_number_text(v, keys[c], sizeof(keys[c])) ||
                      (sh.band[c] && out_number_text(v + 1, keys[c], sizeof(keys[c])));
            cells[c] = (struct out_cell){v->type, texts[c], has ? keys[c] : NULL};
        }
        rc = cb->row ? cb->row(ctx, sh.ncols, cells, err) : 0;
        for (int c = 0; c < sh.ncols; c++) {
            free(texts[c]);
            texts[c] = NULL;
        }
        if (rc)
            goto out;
    }
    if (rc != SQLITE_DONE) {
        rc = step_failed(s, err);
        goto out;
    }
    rc = 0;
out:
    free(keys);
    free(texts);
    free(cells);
    free(vals);
    out_shape_release(&sh);
    free_names(names, n);
    return rc;
}
