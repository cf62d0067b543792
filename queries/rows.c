/*
 * rows.c: a SQLite statement or a libpq result as one row source (rows.h):
 * stepping, column names and the current row's values typed as SQLite
 * types them. Not for writing rows (output.c) nor for running SQL.
 */
#include "rows.h"
#include "../lib/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

struct rows {
    sqlite3_stmt *s; /* one of s and res */
    PGresult *res;
    int owned;
    int ncols;
    int row; /* PostgreSQL: the current row, -1 before the first */
    struct out_val *vals;
};

static struct rows *rows_new(int ncols)
{
    struct rows *r = calloc(1, sizeof(*r));

    if (!r)
        return NULL;
    r->ncols = ncols;
    r->row = -1;
    if (!(r->vals = calloc((size_t)ncols + 1, sizeof(*r->vals)))) {
        free(r);
        return NULL;
    }
    return r;
}

struct rows *rows_stmt(sqlite3_stmt *s, int owned)
{
    struct rows *r = rows_new(sqlite3_column_count(s));

    if (!r) {
        if (owned)
            sqlite3_finalize(s);
        return NULL;
    }
    r->s = s;
    r->owned = owned;
    return r;
}

struct rows *rows_pg(PGresult *res, int owned)
{
    struct rows *r = rows_new(PQnfields(res));

    if (!r) {
        if (owned)
            PQclear(res);
        return NULL;
    }
    r->res = res;
    r->owned = owned;
    return r;
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

int rows_step(struct rows *r, struct trdb_err *err)
{
    if (r->res) {
        if (r->row + 1 >= PQntuples(r->res))
            return 0;
        out_pg_values(r->res, ++r->row, r->vals);
        return 1;
    }
    switch (sqlite3_step(r->s)) {
    case SQLITE_ROW:
        stmt_values(r->s, r->ncols, r->vals);
        return 1;
    case SQLITE_DONE:
        return 0;
    default:
        return trdb_err_set(err, TRDB_EDB, "query failed: %s",
                            sqlite3_errmsg(sqlite3_db_handle(r->s)));
    }
}

int rows_ncols(const struct rows *r)
{
    return r->ncols;
}

const char *rows_name(const struct rows *r, int i)
{
    return r->res ? PQfname(r->res, i) : sqlite3_column_name(r->s, i);
}

int rows_column(const struct rows *r, const char *name)
{
    for (int i = 0; i < r->ncols; i++)
        if (strcmp(rows_name(r, i), name) == 0)
            return i;
    return -1;
}

const struct out_val *rows_values(const struct rows *r)
{
    return r->vals;
}

const char *rows_text(const struct rows *r, int i, const char *dflt)
{
    const char *v = NULL;

    if (i < 0 || i >= r->ncols || r->vals[i].type == OV_NULL)
        return dflt;
    if (r->res)
        v = PQgetvalue(r->res, r->row, i);
    else
        v = (const char *)sqlite3_column_text(r->s, i);
    return v ? v : dflt;
}

double rows_double(const struct rows *r, int i)
{
    const struct out_val *v = &r->vals[i];

    if (v->type == OV_INT)
        return (double)v->i;
    if (v->type == OV_REAL)
        return v->d;
    return v->type == OV_TEXT ? strtod(v->s, NULL) : 0;
}

long long rows_int(const struct rows *r, int i)
{
    const struct out_val *v = &r->vals[i];

    if (v->type == OV_INT)
        return v->i;
    if (v->type == OV_REAL)
        return (long long)v->d;
    return v->type == OV_TEXT ? strtoll(v->s, NULL, 10) : 0;
}

int rows_null(const struct rows *r, int i)
{
    return i < 0 || i >= r->ncols || r->vals[i].type == OV_NULL;
}

void rows_close(struct rows *r)
{
    if (!r)
        return;
    if (r->s) {
        if (r->owned)
            sqlite3_finalize(r->s);
        else
            sqlite3_reset(r->s);
    }
    if (r->res && r->owned)
        PQclear(r->res);
    free(r->vals);
    free(r);
}
