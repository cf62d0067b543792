/*
 * output.h: writing result rows as an aligned table, RFC 4180 CSV, JSON (an
 * array of objects) or NDJSON, and handing them out one by one, formatted as
 * the table shows them, to a writer elsewhere (reports/ writes its HTML
 * tables so). The same figures in every format: the table only adds
 * thousands separators and shows a pair of columns X_low, X_high as one
 * column X ("11,000-12,000", "5,000+"). Not for deciding what rows to write:
 * that is the named queries' job.
 */
#ifndef TRDB_OUTPUT_H
#define TRDB_OUTPUT_H

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>

struct trdb_err;
struct rows;

enum out_format { OUT_TABLE, OUT_CSV, OUT_JSON, OUT_NDJSON };

/* Parse "table", "csv", "json", "ndjson". Returns 0, or TRDB_EUSAGE. */
int output_format_parse(const char *s, enum out_format *out, struct trdb_err *err);

enum out_type { OV_NULL, OV_INT, OV_REAL, OV_TEXT };

struct out_val {
    enum out_type type;
    long long i;
    double d;
    const char *s;
};

struct output;

/*
 * Start writing ncols columns named names[] to f. neutralize: prefix text
 * cells that a spreadsheet would run as a formula (=, +, -, @) with an
 * apostrophe (CSV only). Returns NULL when out of memory. output_end frees it.
 */
struct output *output_new(FILE *f, enum out_format fmt, int ncols, const char *const *names,
                          int neutralize);

/* Write v with thousands separators into out (n bytes): 1234567 -> "1,234,567". */
void output_commas(char *out, size_t n, long long v);

/* Add one row of ncols values (copied). Returns 0 or TRDB_ENOMEM. */
int output_row(struct output *o, const struct out_val *vals);

/* Finish (tables are written here) and free. Returns 0, or TRDB_EIO when writing failed. */
int output_end(struct output *o, struct trdb_err *err);

/*
 * Step r (rows.h: a SQLite statement or a libpq result) to the end, writing
 * every row. Returns 0, or a negative code with the reason in err.
 */
int output_rows(struct rows *r, FILE *f, enum out_format fmt, int neutralize, struct trdb_err *err);

/*
 * Step a prepared statement to the end, writing every row. Returns 0, or a
 * negative code with SQLite's message in err.
 */
int output_stmt(sqlite3_stmt *s, FILE *f, enum out_format fmt, int neutralize,
                struct trdb_err *err);

/*
 * Write every row of a libpq result (PGRES_TUPLES_OK) as output_stmt writes
 * a statement's: each cell typed as SQLite would type the same value
 * (out_pg.c), so both backends print the same figures. Returns 0, or a
 * negative code with the reason in err.
 */
int output_pgresult(const PGresult *res, FILE *f, enum out_format fmt, int neutralize,
                    struct trdb_err *err);

/* The values of row of res into vals[PQnfields(res)], typed so (text valid while res is). */
void out_pg_values(const PGresult *res, int row, struct out_val *vals);

/* The longest sort key of an out_cell, its NUL included. */
#define OUT_SORT_MAX 64

/*
 * One cell of a row as the aligned table shows it. A pair X_low, X_high is
 * one cell: its type is X_low's and its sort key X_low's, else X_high's.
 */
struct out_cell {
    enum out_type type; /* the value's type */
    const char *text;   /* "1,234", "11,000-12,000", "5,000+", "" for NULL, control bytes as \xNN */
    const char *sort;   /* a number as CSV and JSON write it ("1234", "83.5"); NULL if none */
};

/*
 * What output_each_row calls: columns once, before any row, with the column
 * names as the table shows them (a pair X_low, X_high as X); row once per
 * row with as many cells. Both may be NULL. Names and cells are valid
 * during the call only. A callback returns 0, or a negative code with the
 * reason in err to stop.
 */
struct out_each {
    int (*columns)(void *ctx, int ncols, const char *const *names, struct trdb_err *err);
    int (*row)(void *ctx, int ncols, const struct out_cell *cells, struct trdb_err *err);
};

/*
 * Step r (rows.h: either backend) to the end, handing each row to cb with
 * ctx. Returns 0, a callback's code, or a negative code with the reason
 * (the database's message, out of memory) in err.
 */
int output_each_row(struct rows *r, const struct out_each *cb, void *ctx, struct trdb_err *err);

#endif
