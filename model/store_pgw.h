/*
 * store_pgw.h: the writes of an ingest on PostgreSQL, the twins of
 * model/store.c's for SQLite: store.c dispatches to these when the store
 * was opened with a postgresql:// URI. Private to model/store*.c and
 * model/records.c; everything else goes through store.h. Each function
 * returns 0 or an error code as store.h says (TRDB_EIO when the connection
 * is lost), its message naming the server without the password.
 */
#ifndef TRDB_STORE_PGW_H
#define TRDB_STORE_PGW_H

#include "store.h"

#include <libpq-fe.h>

struct store_pg;
struct store_pgw;
struct vocab_category;

/*
 * The advisory lock an ingest holds for its whole run (in place of the
 * lock file DB.lock on SQLite), the number after STORE_PG_LOCK_SCHEMA's.
 */
#define STORE_PG_LOCK_WRITERS "7310593858020507650"

/*
 * Connect to uri and migrate its schema forward (store_pg.h). Returns 0
 * with OUT *out, or an error code. Free with store_pgw_close (NULL is fine).
 */
int store_pgw_open(const char *uri, struct store_pgw **out, struct trdb_err *err);
void store_pgw_close(struct store_pgw *w);

/* What a signal handler sends to stop the statement under way (PQcancel). */
PGcancel *store_pgw_cancel(struct store_pgw *w);

int store_pgw_version(struct store_pgw *w);

/*
 * Take the writers' advisory lock, trying again until wait_seconds have
 * passed: TRDB_EBUSY when another session held it all that time. The lock
 * lasts as long as the connection.
 */
int store_pgw_lock(struct store_pgw *w, double wait_seconds, struct trdb_err *err);

int store_pgw_begin(struct store_pgw *w, struct trdb_err *err);
int store_pgw_commit(struct store_pgw *w, struct trdb_err *err);
void store_pgw_rollback(struct store_pgw *w);

int store_pgw_sync_countries(struct store_pgw *w, const struct country_db *cdb,
                             struct trdb_err *err);
/* The DSA category labels of the vocabulary (file_id NULL), in their own transaction. */
int store_pgw_sync_categories(struct store_pgw *w, const struct vocab_category *cat, size_t n,
                              struct trdb_err *err);
int store_pgw_run_begin(struct store_pgw *w, long long *run_id, struct trdb_err *err);
int store_pgw_run_end(struct store_pgw *w, long long run_id, const struct run_counts *c,
                      int exit_code, struct trdb_err *err);
int store_pgw_file_known(struct store_pgw *w, const char *sha256, struct known_file *k,
                         struct trdb_err *err);
/* The fetch state of url, as store_fetch_get: 1 with OUT *f, 0 when none, or an error code. */
int store_pgw_fetch_get(struct store_pgw *w, const char *url, struct fetch_state *f,
                        struct trdb_err *err);
/* store_fetch_put's twin: its own statement, outside any transaction (err may be NULL). */
int store_pgw_fetch_put(struct store_pgw *w, const char *url, const char *etag,
                        const char *last_modified, const char *sha256, const char *path,
                        const char *status, struct trdb_err *err);
int store_pgw_file_add(struct store_pgw *w, const struct file_info *fi, long long *file_id,
                       long long *dataset_id, struct trdb_err *err);
int store_pgw_file_column(struct store_pgw *w, long long file_id, int position, const char *name,
                          const char *status, struct trdb_err *err);

/*
 * Facts, notes and rejects are buffered as COPY text and sent with one
 * COPY per table when a buffer fills or before any other statement of the
 * transaction (which may read them).
 */
int store_pgw_fact(struct store_pgw *w, const struct fact *f, struct trdb_err *err);
int store_pgw_note(struct store_pgw *w, const struct note *n, struct trdb_err *err);
int store_pgw_reject(struct store_pgw *w, long long file_id, long long run_id, long line,
                     const char *column, const char *reason, const char *raw, struct trdb_err *err);

int store_pgw_report_provider(struct store_pgw *w, const char *service, const char *period_start,
                              const char *period_end, char *out, size_t cap, struct trdb_err *err);

/* model/pg/merge.sql, revise.sql and summary.sql for the file. */
int store_pgw_file_finish(struct store_pgw *w, long long file_id, const struct file_counts *c,
                          struct trdb_err *err);
/* model/pg/forget.sql. */
int store_pgw_file_forget(struct store_pgw *w, long long file_id, struct trdb_err *err);

/*
 * Run sql, a statement of another module of model/ in PostgreSQL's dialect
 * ($1..$n), with n text values (NULL for NULL), after the buffered rows.
 * OUT *changed (may be NULL): the rows it wrote. Returns 0 or an error code
 * with what in the message.
 */
int store_pgw_exec(struct store_pgw *w, const char *sql, int n, const char *const *vals,
                   long long *changed, struct trdb_err *err, const char *what);

/* store_file_set_publisher's twin. */
int store_pgw_file_set_publisher(struct store_pgw *w, long long file_id, const char *publisher,
                                 const char *dataset, int in_summary, long long *dataset_id,
                                 struct trdb_err *err);

/*
 * A file's app records (model/apps.c on PostgreSQL): apps_begin makes the
 * staging table empty; each record goes to it by COPY, v being store,
 * app_id, bundle_id, name, developer, category, storefront, the date or
 * time, the flag ("1"/"0" reinstated or available, NULL unknown), reason
 * and source_url (NULL or blank: NULL), kind 'r' a removal, 'o' an
 * observation; apps_finish writes them into the tables and brings the
 * derived removals, rollups and apps_removed_observed up to date
 * (model/pg/apps.sql, derive.sql, rollup.sql, app_summary.sql). Each
 * returns 0 or an error code.
 */
int store_pgw_apps_begin(struct store_pgw *w, struct trdb_err *err);
int store_pgw_app_record(struct store_pgw *w, long line, char kind, const char *const *v,
                         struct trdb_err *err);
int store_pgw_apps_finish(struct store_pgw *w, long long file_id, struct trdb_err *err);

/* country_summary and the app rollups counted again from every row, in the caller's transaction */
int store_pgw_rebuild_summary(struct store_pgw *w, struct trdb_err *err);

/*
 * Append v (NULL: NULL) to b as one value of COPY's text format, escaped,
 * a byte that is not UTF-8 as U+FFFD. Returns 0, or TRDB_ELIMIT when b is
 * full. (Public for tests/unit/test_store_pgw.c.)
 */
struct buf;
int store_pgw_copy_text(struct buf *b, const char *v);

#endif
