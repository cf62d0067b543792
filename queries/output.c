/*
 * output.c: the public side of the writers: choosing one by format, handing
 * it rows, and stepping a statement into a writer or a callback. The
 * writers themselves are out_table.c, out_csv.c and out_json.c; the text of
 * numbers and cells they share is out_cell.c's.
 */
#include "output_int.h"
#include "rows.h"
#include "../lib/err.h"

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

/* r's column names, copied; NULL when out of memory. */
static char **rows_names(const struct rows *r, int n)
{
    const char **names = calloc((size_t)n + 1, sizeof(*names));
    char **c = NULL;

    if (names) {
        for (int i = 0; i < n; i++)
            names[i] = rows_name(r, i);
        c = copy_names(names, n);
    }
    free(names);
    return c;
}

int output_rows(struct rows *r, FILE *f, enum out_format fmt, int neutralize, struct trdb_err *err)
{
    int n = rows_ncols(r), rc;
    char **names = rows_names(r, n);
    struct output *o = names ? output_new(f, fmt, n, (const char *const *)names, neutralize) : NULL;

    if (!o) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    while ((rc = rows_step(r, err)) > 0)
        if (output_row(o, rows_values(r))) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            goto out;
        }
    if (rc < 0)
        goto out;
    rc = output_end(o, err);
    o = NULL;
out:
    output_end(o, NULL);
    free_names(names, n);
    return rc;
}

int output_stmt(sqlite3_stmt *s, FILE *f, enum out_format fmt, int neutralize, struct trdb_err *err)
{
    struct rows *r = rows_stmt(s, 0);
    int rc;

    if (!r)
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    rc = output_rows(r, f, fmt, neutralize, err);
    rows_close(r);
    return rc;
}

int output_each_row(struct rows *r, const struct out_each *cb, void *ctx, struct trdb_err *err)
{
    int n = rows_ncols(r), rc;
    char **names = rows_names(r, n), **texts = NULL;
    struct out_shape sh = {0};
    struct out_cell *cells = NULL;
    char(*keys)[OUT_SORT_MAX] = NULL;

    if (!names || out_shape_init(&sh, names, n) ||
        !(cells = calloc((size_t)sh.ncols + 1, sizeof(*cells))) ||
        !(texts = calloc((size_t)sh.ncols + 1, sizeof(*texts))) ||
        !(keys = calloc((size_t)sh.ncols + 1, sizeof(*keys)))) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    if (cb->columns && (rc = cb->columns(ctx, sh.ncols, (const char *const *)sh.heads, err)))
        goto out;
    while ((rc = rows_step(r, err)) > 0) {
        const struct out_val *vals = rows_values(r);
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
out:
    free(keys);
    free(texts);
    free(cells);
    out_shape_release(&sh);
    free_names(names, n);
    return rc;
}
