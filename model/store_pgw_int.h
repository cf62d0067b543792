/*
 * store_pgw_int.h: what store_pgw.c shares with store_pgw_apps.c, and with
 * nothing else: the tables filled with COPY, and running SQL after the
 * buffered rows.
 */
#ifndef TRDB_STORE_PGW_INT_H
#define TRDB_STORE_PGW_INT_H

#include <stddef.h>

struct store_pgw;
struct trdb_err;

/* The tables filled with COPY (store_pgw.c's copy_sql), in the order they are sent. */
enum { C_FACTS, C_NOTES, C_REJECTS, C_APPS, C_COUNT };

/* A named parameter of a script, and its value (sent as bigint). */
struct param {
    const char *name;
    long long value;
};

/* Run sql, no parameters, after the buffered rows. Returns 0 or an error code. */
int pgw_run(struct store_pgw *w, const char *sql, struct trdb_err *err, const char *what);

/*
 * Run every statement of an embedded file of model/pg/ in turn, after the
 * buffered rows, its :name parameters as bigint values from params.
 * Returns 0 or an error code naming the file.
 */
int pgw_run_script(struct store_pgw *w, const char *path, const struct param *params, size_t n,
                   struct trdb_err *err);

/*
 * Append a row to table's COPY buffer, the values tab-separated, texts[i]
 * NULL as \N, escaped unless verbatim[i]; a full buffer goes to the server.
 */
int pgw_copy_row(struct store_pgw *w, int table, const char *const *texts, int n,
                 const unsigned char *verbatim, struct trdb_err *err);

#endif
