/*
 * store.h: the SQLite database: opening (and migrating) it, and the writes
 * an ingest makes: source files, facts, rejects, runs, and the merge that
 * follows each file (which release is current, country_summary). Not for
 * reading: queries/ reads through the public views with its own SQL.
 */
#ifndef TRDB_STORE_H
#define TRDB_STORE_H

#include <sqlite3.h>

#include <stddef.h>

struct trdb_err;
struct country_db;
struct value;

/* The schema version this build writes. */
#define STORE_SCHEMA_VERSION 9

enum store_mode {
    STORE_CREATE,   /* read-write; create the file when missing */
    STORE_EXISTING, /* read-write; the file must exist */
    STORE_READONLY  /* read-only; the file must exist (it is migrated first if old) */
};

struct store;

/*
 * Error codes of the functions below, besides 0: TRDB_EDB when a statement
 * failed on this input (the caller may roll back and go on with the next
 * file), TRDB_EIO when the database cannot go on (disk full, I/O error,
 * corrupt, read-only), TRDB_EBUSY when another process held the lock too
 * long, TRDB_ENOMEM. The message in err names the database file.
 */

/*
 * Open path, migrating an older schema forward. Returns 0 and OUT *out,
 * or a negative code with the path and reason in err (missing file, not a
 * database, a schema newer than this build, busy). Close with store_close.
 */
int store_open(const char *path, enum store_mode mode, struct store **out, struct trdb_err *err);
void store_close(struct store *st);

/*
 * The connection, for modules that run their own SQL (queries/): NULL when
 * the store is on PostgreSQL (store_is_postgres).
 */
sqlite3 *store_db(struct store *st);

/*
 * A path that starts with postgresql:// or postgres:// opens a PostgreSQL
 * database (store_pgw.c): 1 for such a store, else 0. Of the writes below,
 * those of government-request figures work there (files, facts, notes,
 * rejects, runs, the per-file merge and summary) and DSA report records
 * (records.c); app records not yet (ingest refuses them).
 */
int store_is_postgres(const struct store *st);

/*
 * From now on (on 1) or no longer (0), a SIGINT or SIGTERM stops the
 * statement under way and those after it (lib/interrupt.h), on either
 * backend.
 */
void store_watch_interrupts(struct store *st, int on);

/*
 * The writers' lock on PostgreSQL: a session advisory lock held until the
 * store is closed, tried again until wait_seconds passed. Returns 0,
 * TRDB_EBUSY when another ingest held it all that time, or another error
 * code. On SQLite it does nothing (the lock file is ingest/dblock.h's).
 */
int store_lock_writers(struct store *st, double wait_seconds, struct trdb_err *err);

/* Schema version of the open database. */
int store_version(struct store *st);

/*
 * Transactions. begin takes the write lock at once (BEGIN IMMEDIATE);
 * begin and commit return 0 or an error code as above; rollback cannot
 * fail and does nothing outside a transaction.
 */
int store_begin(struct store *st, struct trdb_err *err);
int store_commit(struct store *st, struct trdb_err *err);
void store_rollback(struct store *st);

/*
 * A bulk load, in a file's transaction: begin drops the secondary
 * (non-UNIQUE) indexes, but those that lead with file_id (which the file's
 * rows extend at their end), of the row tables that hold no row yet (a fresh
 * database, the first file of its kind), and of fact_rows when file
 * file_id (recorded) is likely to bring a quarter as many facts as it holds
 * (a new release of a big dataset); end builds them again from the rows,
 * sorted. Call end after the file's rows and before anything reads
 * through those indexes (the per-file scripts); a rollback brings the
 * indexes back by itself. Return 0 or an error code as above.
 */
int store_bulk_begin(struct store *st, long long file_id, struct trdb_err *err);
int store_bulk_end(struct store *st, struct trdb_err *err);

/*
 * Copy the country reference into the database in its own transaction
 * (writes only what changed). Returns 0 or an error code as above.
 */
int store_sync_countries(struct store *st, const struct country_db *cdb, struct trdb_err *err);

/*
 * Start and finish an ingest run (OUT run id). Return 0 or an error code as
 * above. Starting one marks runs left open (killed) with exit code -9; the
 * caller holds the writers' lock, so no other run is under way.
 */
struct run_counts {
    long files_seen, files_loaded, files_unchanged, files_failed;
    long long rows_loaded, rows_rejected;
};
int store_run_begin(struct store *st, long long *run_id, struct trdb_err *err);
int store_run_end(struct store *st, long long run_id, const struct run_counts *c, int exit_code,
                  struct trdb_err *err);

/* What the database knows of a file, by its sha256. */
struct known_file {
    long long id;
    char profile[128];
    char path[4200]; /* as recorded: FILE or ARCHIVE!MEMBER (cut short past this) */
    long long rows_loaded, rows_rejected;
    long long run; /* the run that loaded it (0: unknown) */
};
/* Returns 1 and fills OUT k when sha256 is loaded, 0 when not, < 0 on error. */
int store_file_known(struct store *st, const char *sha256, struct known_file *k,
                     struct trdb_err *err);

struct file_info {
    /*
     * sha256: what makes the file already loaded: its bytes' sha256, or, for
     * a profile that reads the file's name or mtime, the sha256 of that with
     * the values taken from them (schema 0004)
     */
    const char *path, *sha256, *profile, *publisher, *dataset;
    long long bytes;
    int in_summary;
    long long run_id;
    const char *content_sha256; /* its bytes' sha256; NULL: the same as sha256 */
    const char *part; /* what of its dataset it is a release of (a DSA report's service), or NULL */
};
/*
 * Record a new source file (inside a transaction), with its publisher and
 * dataset. OUT file id, OUT dataset id. Returns 0 or an error code as above.
 */
int store_file_add(struct store *st, const struct file_info *fi, long long *file_id,
                   long long *dataset_id, struct trdb_err *err);

/*
 * Give file file_id (inside its transaction) another publisher, found in
 * the file itself (a DSA report's provider): the publisher and its dataset
 * named dataset are recorded as store_file_add does, and the publisher and
 * dataset the file had go when nothing else refers to them. OUT dataset_id
 * (may be NULL). Returns 0 or an error code as above.
 */
int store_file_set_publisher(struct store *st, long long file_id, const char *publisher,
                             const char *dataset, int in_summary, long long *dataset_id,
                             struct trdb_err *err);

/*
 * Record column position (1 for the first) of a file's header, named name,
 * with its status: "read", "ignored" (the profile lists it as not read) or
 * "unread" (nothing reads it). Inside the file's transaction. Returns 0 or
 * an error code as above.
 */
int store_file_column(struct store *st, long long file_id, int position, const char *name,
                      const char *status, struct trdb_err *err);

struct fact {
    long long file_id, dataset_id;
    long line;
    const char *request_type, *country, *period_start, *period_end;
    const char *legal_process, *requester, *product, *reason, *detail;
    const char *subcategory; /* a level under reason (a DSA keyword), or NULL */
    const char *metric;
    const struct value *v;
    const char *raw;
    int is_aggregate;
    int footnote;
};
/* Store one fact (inside the file's transaction). Returns 0 or an error code as above. */
int store_fact(struct store *st, const struct fact *f, struct trdb_err *err);

/* A text published beside figures (table fact_notes): metric NULL for the whole row. */
struct note {
    long long file_id, dataset_id;
    long line;
    const char *request_type, *country, *period_start, *period_end;
    const char *product, *reason, *subcategory, *metric;
    const char *column_name, *note;
};
/* Store one note (inside the file's transaction). Returns 0 or an error code as above. */
int store_note(struct store *st, const struct note *n, struct trdb_err *err);

/*
 * The provider a loaded report identification (table dsa_reports) names
 * for service (letter case and surrounding spaces aside) and the period, or
 * one that names no period. Returns 1 with OUT out (cap bytes), 0 when none
 * does, < 0 on a database error.
 */
int store_report_provider(struct store *st, const char *service, const char *period_start,
                          const char *period_end, char *out, size_t cap, struct trdb_err *err);

/* Store one rejected row: its line, the column at fault (may be NULL), why, the row as read. */
int store_reject(struct store *st, long long file_id, long long run_id, long line,
                 const char *column, const char *reason, const char *raw, struct trdb_err *err);

struct file_counts {
    long long rows_loaded, rows_rejected, rows_skipped, facts;
};
/*
 * Finish a file inside its transaction (model/merge.sql, model/summary.sql):
 * store its counts and periods, decide which release is current for each
 * period it covers, and rebuild country_summary for them. Returns 0 or an
 * error code as above.
 */
int store_file_finish(struct store *st, long long file_id, const struct file_counts *c,
                      struct trdb_err *err);

/*
 * Rebuild all of country_summary from the current facts and app records
 * (model/rebuild.sql, summary.sql, app_summary.sql), in one transaction:
 * after an upgrade of trdb changed how a measure is computed. Returns 0 or
 * an error code as above (nothing changed then).
 */
int store_rebuild_summary(struct store *st, struct trdb_err *err);

/*
 * Remove a loaded file and all it brought (facts, rejects, periods), inside
 * the transaction that loads it again; the next store_file_finish settles
 * the periods it covered (model/forget.sql). Returns 0 or an error code.
 */
int store_file_forget(struct store *st, long long file_id, struct trdb_err *err);

/*
 * Run an embedded multi-statement .sql file (path as in the source tree),
 * binding :file_id. Returns 0 or an error code as above.
 */
int store_run_script(struct store *st, const char *path, long long file_id, struct trdb_err *err);

/* What the database remembers of a fetched URL. */
struct fetch_state {
    char etag[256];
    char last_modified[128];
    char sha256[65];
    char path[4096];
};
/* Returns 1 and fills OUT s when url was fetched before, 0 when not, < 0 on error. */
int store_fetch_get(struct store *st, const char *url, struct fetch_state *s, struct trdb_err *err);
/* Remember a fetch (its own statement, outside any transaction). Returns 0 or an error code. */
int store_fetch_put(struct store *st, const char *url, const char *etag, const char *last_modified,
                    const char *sha256, const char *path, const char *status, struct trdb_err *err);

#endif
