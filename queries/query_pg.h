/*
 * query_pg.h: what query.c shares with query_pg.c, the PostgreSQL side of
 * named queries: the checked values of a query's parameters, the database
 * they are looked up in, and the lookups, checks and runs on PostgreSQL.
 * Private to queries/.
 */
#ifndef TRDB_QUERY_PG_H
#define TRDB_QUERY_PG_H

#include <stdio.h>

#include <sqlite3.h>

#include "output.h"

struct buf;
struct rows;
struct store_pg;
struct trdb_err;

/* The database a query's parameters are looked up in: one of the two is set. */
struct qdb {
    sqlite3 *db;
    struct store_pg *pg;
};

/* One checked value, under the name the SQL uses (":cc", ":period_start"). */
struct qbound {
    char name[40];
    int is_null, is_int;
    char text[1024]; /* a countries list: QUERY_MAX_COUNTRIES codes as a JSON array */
};

/* sql (one parameter, ?1) with value: its first row's first column into out. 1 found, 0 not, -1
 * failed. */
int qpg_lookup(struct store_pg *pg, const char *sql, const char *value, char *out, size_t n);

/* sql's first column, every row, as "A, B, ..." into out (for an error message). */
void qpg_valid_values(struct store_pg *pg, const char *sql, struct buf *out);

/* Check number i (expr) of query name with b[nb] bound: 0, TRDB_EUSAGE with its text, TRDB_EDB/EIO.
 */
int qpg_check(struct store_pg *pg, const char *name, int i, const char *expr,
              const struct qbound *b, int nb, struct trdb_err *err);

/* Run sql (named parameters bound from b[nb]) and write its rows to f. 0 or TRDB_EDB/EIO/ENOMEM. */
int qpg_run(struct store_pg *pg, const char *name, const char *sql, const struct qbound *b, int nb,
            FILE *f, enum out_format fmt, int neutralize, struct trdb_err *err);

/* Run sql (named parameters bound from b[nb]): OUT *out, rows owning the result. 0 or
 * TRDB_EDB/EIO/ENOMEM. */
int qpg_rows(struct store_pg *pg, const char *name, const char *sql, const struct qbound *b, int nb,
             struct rows **out, struct trdb_err *err);

#endif
