/*
 * store_int.h: what the files of the store module share (store.c: the
 * connection and single statements; store_migrate.c: SQLite's migrations;
 * store_script.c: the per-file scripts; store_pgw.c: PostgreSQL's writes). Not for use outside
 * model/store*.c (and records.c, whose category labels have a PostgreSQL twin).
 */
#ifndef TRDB_STORE_INT_H
#define TRDB_STORE_INT_H

#include "store.h"

struct fact_groups;
struct store_pgw;

/* The PostgreSQL writer (store_pgw.h), or NULL on SQLite. */
struct store_pgw *store_pgw_of(struct store *st);

/* The database's path, as opened. */
const char *store_path(const struct store *st);

/* OUT *v: the SQLite database's PRAGMA user_version. Returns 0, or -1 when it cannot be read. */
int store_user_version(struct store *st, int *v);

/*
 * Bring the SQLite database's schema to STORE_SCHEMA_VERSION
 * (store_migrate.c). Returns 0 or an error code, the path in err.
 */
int store_migrate(struct store *st, struct trdb_err *err);

/* Fill err from the connection's last error (what: what failed); returns its code. */
int store_db_error(struct store *st, struct trdb_err *err, const char *what);

/* Run sql (one or more statements, no parameters); returns 0 or an error code. */
int store_exec(struct store *st, const char *sql, struct trdb_err *err, const char *what);

/* Step a write statement to completion and reset it; returns 0 or an error code. */
int store_step_done(struct store *st, sqlite3_stmt *s, struct trdb_err *err, const char *what);

/* The groups the loading file's facts are counted in (NULL when there was no memory for them). */
struct fact_groups *store_groups(struct store *st);

/*
 * The first and last rowid of a file's rows in table (OUT span[0], span[1]),
 * through the table's (file_id, line) index; left as they are when the file
 * has none. Returns 0 or an error code.
 */
int store_rowid_span(struct store *st, const char *table, long long file_id, long long span[2],
                     struct trdb_err *err);

/*
 * Record in revisions what file file_id (its rows in rowid span) restates
 * of the releases before it, for the periods merge.sql put in temp.revised
 * (store_revise.c). Returns 0 or an error code.
 */
int store_revise(struct store *st, long long file_id, const long long span[2],
                 struct trdb_err *err);

#endif
