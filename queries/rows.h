/*
 * rows.h: one row source over either backend: a SQLite statement or a
 * libpq result, stepped the same way, each cell typed as SQLite types it
 * (out_pg.c for PostgreSQL), so that the writers of output.c and the
 * report's pages, CSV and charts read both through one code path. Not for
 * running SQL: query.c and query_pg.c hand rows out.
 */
#ifndef TRDB_ROWS_H
#define TRDB_ROWS_H

#include <libpq-fe.h>
#include <sqlite3.h>

#include "output.h"

struct trdb_err;
struct rows;

/*
 * The rows of s, to be stepped from where it stands. owned: rows_close
 * finalizes s, else it resets it (a statement kept for the next use).
 * NULL when out of memory (an owned s is finalized then).
 */
struct rows *rows_stmt(sqlite3_stmt *s, int owned);

/* The rows of res (PGRES_TUPLES_OK). owned: rows_close clears res. NULL when out of memory. */
struct rows *rows_pg(PGresult *res, int owned);

/* Step to the next row: 1 a row, 0 the end, or a negative code with the reason in err. */
int rows_step(struct rows *r, struct trdb_err *err);

int rows_ncols(const struct rows *r);
const char *rows_name(const struct rows *r, int i);

/* The index of the column called name, or -1. */
int rows_column(const struct rows *r, const char *name);

/* The current row's values, typed (valid until the next step). */
const struct out_val *rows_values(const struct rows *r);

/* Column i of the current row as text, or dflt when NULL or i < 0. */
const char *rows_text(const struct rows *r, int i, const char *dflt);

/* Column i as a number: an integer or real as it is, a text parsed, 0 when NULL. */
double rows_double(const struct rows *r, int i);
long long rows_int(const struct rows *r, int i);

/* 1 when column i of the current row is NULL (or i is not a column). */
int rows_null(const struct rows *r, int i);

/* Done with r (NULL accepted). */
void rows_close(struct rows *r);

#endif
