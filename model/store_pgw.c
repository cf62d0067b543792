/*
 * store_pgw.c: an ingest's writes on PostgreSQL: each single statement of
 * store.c's stmt_sql in PostgreSQL's dialect (pg_sql below, prepared once
 * per connection), facts, notes and rejects sent with COPY, and the
 * per-file steps from the files of model/pg/. Values always travel apart from the
 * SQL text. Not for reading (queries/) or for the connection and schema
 * (store_pg.c).
 */
#include "store_pgw.h"
#include "store_pg.h"
#include "store_pgw_int.h"
#include "country.h"
#include "value.h"
#include "vocab.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../lib/interrupt.h"
#include "../lib/pgparams.h"
#include "../lib/sqltext.h"
#include "../lib/utf8.h"

#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/banned.h"

/* "2025-01-31T12:00:00Z", as strftime('%Y-%m-%dT%H:%M:%SZ', 'now') writes it on SQLite */
#define UTC_SECONDS                                                                                \
    "to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
/* with milliseconds, as '%Y-%m-%dT%H:%M:%fZ' */
#define UTC_MILLIS                                                                                 \
    "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

enum {
    P_FILE_KNOWN,
    P_FETCH_GET,
    P_FETCH_PUT,
    P_PUBLISHER_ADD,
    P_DATASET_ADD,
    P_DATASET_ID,
    P_FILE_ADD,
    P_FILE_COLUMN,
    P_COUNTRY,
    P_CATEGORY_CLEAR,
    P_CATEGORY,
    P_RUN_ABANDONED,
    P_RUN_BEGIN,
    P_RUN_END,
    P_PROVIDER,
    P_LOCK,
    P_FILE_PUBLISHER,
    P_FILE_DATASET,
    P_DATASET_DROP,
    P_PUBLISHER_DROP,
    P_COUNT
};

/* The twins of store.c's stmt_sql (same names without S_), in PostgreSQL's dialect. */
static const char *const pg_sql[P_COUNT] = {
    [P_FILE_KNOWN] = "SELECT id, profile, rows_loaded, rows_rejected, coalesce(run, 0), path "
                     "FROM source_files WHERE sha256 = $1",
    [P_FETCH_GET] = "SELECT coalesce(etag, ''), coalesce(last_modified, ''), "
                    "coalesce(sha256, ''), coalesce(path, '') FROM fetch_state WHERE url = $1",
    [P_FETCH_PUT] = "INSERT INTO fetch_state (url, etag, last_modified, sha256, path, fetched_at, "
                    "status) VALUES ($1, nullif($2::text, ''), nullif($3::text, ''), "
                    "nullif($4::text, ''), nullif($5::text, ''), " UTC_SECONDS ", $6) "
                    "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
                    "last_modified = excluded.last_modified, sha256 = excluded.sha256, "
                    "path = excluded.path, fetched_at = excluded.fetched_at, "
                    "status = excluded.status",
    [P_PUBLISHER_ADD] = "INSERT INTO publishers (name) VALUES ($1) ON CONFLICT (name) DO NOTHING",
    [P_DATASET_ADD] =
        "INSERT INTO datasets (publisher_id, name, in_summary) "
        "SELECT id, $2::text, $3::integer FROM publishers WHERE name = $1::text "
        "ON CONFLICT (publisher_id, name) DO UPDATE SET in_summary = excluded.in_summary "
        "WHERE datasets.in_summary <> excluded.in_summary",
    [P_DATASET_ID] = "SELECT d.id FROM datasets d JOIN publishers p ON p.id = d.publisher_id "
                     "WHERE p.name = $1 AND d.name = $2",
    [P_FILE_ADD] =
        "INSERT INTO source_files (path, sha256, bytes, profile, publisher, dataset_id, "
        "first_seen, run, content_sha256, part) VALUES ($1, $2, $3, $4, $5, $6, " UTC_SECONDS
        ", $7, $8, $9) RETURNING id",
    [P_FILE_COLUMN] = "INSERT INTO file_columns (file_id, position, name, status) "
                      "VALUES ($1, $2, $3, $4) ON CONFLICT (file_id, position) DO UPDATE "
                      "SET name = excluded.name, status = excluded.status",
    [P_COUNTRY] = "INSERT INTO countries (code, name, kind) VALUES ($1, $2, $3) "
                  "ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind "
                  "WHERE countries.name <> excluded.name OR countries.kind <> excluded.kind",
    [P_CATEGORY_CLEAR] = "DELETE FROM category_labels WHERE file_id IS NULL",
    [P_CATEGORY] = "INSERT INTO category_labels (file_id, code, parent, label, template_label) "
                   "VALUES (NULL, $1, $2, $3, $4) ON CONFLICT DO NOTHING",
    [P_RUN_ABANDONED] = "UPDATE ingest_runs SET exit_code = -9 WHERE ended_at IS NULL "
                        "AND exit_code IS NULL",
    [P_RUN_BEGIN] = "INSERT INTO ingest_runs (started_at) VALUES (" UTC_MILLIS ") RETURNING id",
    [P_RUN_END] = "UPDATE ingest_runs SET ended_at = " UTC_MILLIS ", "
                  "files_seen = $2, files_loaded = $3, files_unchanged = $4, files_failed = $5, "
                  "rows_loaded = $6, rows_rejected = $7, exit_code = $8 WHERE id = $1",
    [P_PROVIDER] = "SELECT provider FROM dsa_reports "
                   "WHERE lower(trim(service)) = lower(trim($1::text)) AND provider IS NOT NULL "
                   "AND trim(provider) <> '' "
                   "AND ((period_start = $2 AND period_end = $3) OR period_start IS NULL) "
                   "ORDER BY period_start IS NULL, file_id DESC LIMIT 1",
    [P_LOCK] = "SELECT pg_try_advisory_lock(" STORE_PG_LOCK_WRITERS ")",
    [P_FILE_PUBLISHER] = "UPDATE source_files SET publisher = $2, dataset_id = $3 WHERE id = $1",
    [P_FILE_DATASET] = "SELECT dataset_id FROM source_files WHERE id = $1",
    [P_DATASET_DROP] =
        "DELETE FROM datasets WHERE id = $1 "
        "AND NOT EXISTS (SELECT 1 FROM source_files WHERE dataset_id = $1) "
        "AND NOT EXISTS (SELECT 1 FROM fact_rows WHERE dataset_id = $1) "
        "AND NOT EXISTS (SELECT 1 FROM fact_notes WHERE dataset_id = $1) "
        "AND NOT EXISTS (SELECT 1 FROM revisions WHERE dataset_id = $1) "
        "AND NOT EXISTS (SELECT 1 FROM first_seen WHERE dataset_id = $1) RETURNING publisher_id",
    [P_PUBLISHER_DROP] = "DELETE FROM publishers WHERE id = $1 AND NOT EXISTS "
                         "(SELECT 1 FROM datasets WHERE publisher_id = $1)",
};

/* The tables filled with COPY, their columns in the order a buffered line has them. */
static const char *const copy_sql[C_COUNT] = {
    [C_FACTS] = "COPY fact_rows (file_id, line, dataset_id, request_type, country, period_start, "
                "period_end, legal_process, requester, product, reason, detail, metric, "
                "value_low, value_high, value_raw, is_aggregate, footnote, subcategory) "
                "FROM STDIN",
    [C_NOTES] = "COPY fact_notes (file_id, line, dataset_id, request_type, country, "
                "period_start, period_end, product, reason, subcategory, metric, column_name, "
                "note) FROM STDIN",
    [C_REJECTS] = "COPY rejects (file_id, run, line, column_name, reason, raw) FROM STDIN",
    /* a file's app records, for pg/apps.sql */
    [C_APPS] = "COPY pg_temp.app_stage (line, kind, store, app_id, bundle_id, name, developer, "
               "category, storefront, at, flag, reason, source_url) FROM STDIN",
};

/* a table's buffered lines are sent once they pass this many bytes */
enum { COPY_FLUSH_AT = 4 << 20, COPY_CAP = 64 << 20 };

/* a file of this many facts or more has fact_rows analyzed before its merge */
enum { ANALYZE_AFTER = 20000 };

struct store_pgw {
    struct store_pg *pg;
    PGconn *conn;
    unsigned char prepared[P_COUNT];
    struct buf copy[C_COUNT];
    PGcancel *cancel; /* for a signal handler (lib/interrupt.h) */
};

int store_pgw_open(const char *uri, struct store_pgw **out, struct trdb_err *err)
{
    struct store_pgw *w;
    int rc;

    *out = NULL;
    if (!(w = calloc(1, sizeof(*w))))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    for (int c = 0; c < C_COUNT; c++)
        buf_init(&w->copy[c], COPY_CAP);
    if ((rc = store_pg_open(uri, &w->pg, err)) || (rc = store_pg_migrate(w->pg, NULL, err))) {
        store_pgw_close(w);
        /* a server that refuses or a schema it cannot take: the database failed (exit 3) */
        return rc == TRDB_EDB ? TRDB_EIO : rc;
    }
    w->conn = store_pg_conn(w->pg);
    w->cancel = PQgetCancel(w->conn);
    /*
     * A writer killed mid-statement (kill -9, out of memory) leaves its session
     * running on the server until the statement ends, minutes for a big file or
     * for ever behind a lock, holding the advisory lock: the next ingest would
     * exit 4 meanwhile. From PostgreSQL 14 the server checks every second that
     * the client is still there, and ends the session (the file rolled back) when
     * it is gone. Where the setting is refused (a platform without the check),
     * the session goes on as before.
     */
    if (PQserverVersion(w->conn) >= 140000)
        PQclear(PQexec(w->conn, "SET client_connection_check_interval = 1000"));
    *out = w;
    return 0;
}

void store_pgw_close(struct store_pgw *w)
{
    if (!w)
        return;
    for (int c = 0; c < C_COUNT; c++)
        buf_release(&w->copy[c]);
    PQfreeCancel(w->cancel);
    store_pg_close(w->pg);
    free(w);
}

PGcancel *store_pgw_cancel(struct store_pgw *w)
{
    return w->cancel;
}

int store_pgw_version(struct store_pgw *w)
{
    int v = -1;

    if (store_pg_version(w->pg, &v, NULL))
        return -1;
    return v;
}

/* Milliseconds since start (CLOCK_MONOTONIC). */
static long long ms_since(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)(now.tv_sec - start->tv_sec) * 1000 +
           (now.tv_nsec - start->tv_nsec) / 1000000;
}

/*
 * $TRDB_SLOW_SQL=MS: report on stderr a statement that ran longer, on one
 * line with its white space collapsed and its comments dropped, as store.c
 * does on SQLite.
 */
static void slow_sql(const struct timespec *start, const char *sql)
{
    const char *limit = getenv("TRDB_SLOW_SQL");
    long long ms;
    char line[200];

    if (!limit || (ms = ms_since(start)) < strtoll(limit, NULL, 10))
        return;
    sql_one_line(sql, line, sizeof(line));
    fprintf(stderr, "trdb: slow sql (%lld ms): %s\n", ms, line);
}

/* Send one table's buffered lines with COPY. Returns 0 or an error code. */
static int copy_send(struct store_pgw *w, int table, struct trdb_err *err)
{
    struct buf *b = &w->copy[table];
    PGresult *res;
    struct timespec start;
    int rc = 0;

    if (!b->len)
        return 0;
    clock_gettime(CLOCK_MONOTONIC, &start);
    res = PQexec(w->conn, copy_sql[table]);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        rc = store_pg_fail(w->pg, res, err, "cannot start a COPY");
        PQclear(res);
        buf_reset(b);
        return rc;
    }
    PQclear(res);
    /* libpq sends in pieces of its own; a failure here is the connection's */
    if (PQputCopyData(w->conn, b->data, (int)b->len) != 1 || PQputCopyEnd(w->conn, NULL) != 1)
        rc = store_pg_fail(w->pg, NULL, err, "cannot send rows");
    buf_reset(b);
    while ((res = PQgetResult(w->conn))) {
        if (!rc && PQresultStatus(res) != PGRES_COMMAND_OK)
            rc = store_pg_fail(w->pg, res, err, "cannot store rows");
        PQclear(res);
    }
    /* the server ended the session (FATAL): known only once the results are read */
    if (rc && PQstatus(w->conn) != CONNECTION_OK) {
        rc = TRDB_EIO;
        if (err)
            err->code = rc;
    }
    slow_sql(&start, copy_sql[table]);
    return rc;
}

/* Every buffered line to the server, before a statement that may read them. */
static int copy_flush(struct store_pgw *w, struct trdb_err *err)
{
    int rc = 0;

    /* after SIGINT or SIGTERM no statement starts (the file is rolled back), as on SQLite */
    if (interrupt_stops())
        return trdb_err_set(err, TRDB_EDB, "%s: interrupted", store_pg_name(w->pg));
    for (int c = 0; c < C_COUNT && !rc; c++)
        rc = copy_send(w, c, err);
    return rc;
}

static void copy_drop(struct store_pgw *w)
{
    for (int c = 0; c < C_COUNT; c++)
        buf_reset(&w->copy[c]);
}

/*
 * Run prepared statement which with n text values (NULL for NULL), after
 * the buffered rows. Returns the result (PQclear it) when its status is
 * want, else NULL with err set.
 */
static PGresult *exec_stmt(struct store_pgw *w, int which, int n, const char *const *vals,
                           ExecStatusType want, struct trdb_err *err, const char *what)
{
    char name[16];
    PGresult *res;

    if (copy_flush(w, err))
        return NULL;
    snprintf(name, sizeof(name), "trdb_w%d", which);
    if (!w->prepared[which]) {
        res = PQprepare(w->conn, name, pg_sql[which], 0, NULL);
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            store_pg_fail(w->pg, res, err, "cannot prepare a statement");
            PQclear(res);
            return NULL;
        }
        PQclear(res);
        w->prepared[which] = 1;
    }
    res = PQexecPrepared(w->conn, name, n, vals, NULL, NULL, 0);
    if (PQresultStatus(res) != want) {
        store_pg_fail(w->pg, res, err, what);
        PQclear(res);
        return NULL;
    }
    return res;
}

/* A statement that returns nothing to read. Returns 0 or an error code. */
static int exec_done(struct store_pgw *w, int which, int n, const char *const *vals,
                     struct trdb_err *err, const char *what)
{
    PGresult *res = exec_stmt(w, which, n, vals, PGRES_COMMAND_OK, err, what);

    if (!res)
        return err ? err->code : TRDB_EDB;
    PQclear(res);
    return 0;
}

/* Run sql, no parameters, after the buffered rows. Returns 0 or an error code. */
int pgw_run(struct store_pgw *w, const char *sql, struct trdb_err *err, const char *what)
{
    PGresult *res;
    int rc;

    if ((rc = copy_flush(w, err)))
        return rc;
    res = PQexec(w->conn, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
        rc = store_pg_fail(w->pg, res, err, what);
    PQclear(res);
    return rc;
}

int store_pgw_lock(struct store_pgw *w, double wait_seconds, struct trdb_err *err)
{
    const struct timespec pause = {0, 100 * 1000 * 1000};
    struct timespec start, now;

    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        PGresult *res =
            exec_stmt(w, P_LOCK, 0, NULL, PGRES_TUPLES_OK, err, "cannot take the writers' lock");
        int got;
        double waited;
        if (!res)
            return err ? err->code : TRDB_EIO;
        got = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
        PQclear(res);
        if (got)
            return 0;
        clock_gettime(CLOCK_MONOTONIC, &now);
        waited = (double)(now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;
        if (waited >= wait_seconds)
            return trdb_err_set(err, TRDB_EBUSY,
                                "another trdb ingest or fetch is writing %s (it holds the "
                                "advisory lock %s); gave up after %.0f seconds (--wait "
                                "SECONDS waits longer)",
                                store_pg_name(w->pg), STORE_PG_LOCK_WRITERS, wait_seconds);
        nanosleep(&pause, NULL);
    }
}

int store_pgw_begin(struct store_pgw *w, struct trdb_err *err)
{
    copy_drop(w);
    return pgw_run(w, "BEGIN", err, "cannot start a transaction");
}

int store_pgw_commit(struct store_pgw *w, struct trdb_err *err)
{
    PGresult *res;
    int rc;

    if ((rc = copy_flush(w, err)))
        return rc;
    res = PQexec(w->conn, "COMMIT");
    /* a transaction that failed earlier ends in a ROLLBACK that reports success */
    if (PQresultStatus(res) != PGRES_COMMAND_OK || strcmp(PQcmdStatus(res), "COMMIT") != 0)
        rc = store_pg_fail(w->pg, res, err, "cannot commit");
    PQclear(res);
    return rc;
}

void store_pgw_rollback(struct store_pgw *w)
{
    copy_drop(w);
    if (PQtransactionStatus(w->conn) != PQTRANS_IDLE)
        PQclear(PQexec(w->conn, "ROLLBACK"));
}

int store_pgw_sync_countries(struct store_pgw *w, const struct country_db *cdb,
                             struct trdb_err *err)
{
    int rc = store_pgw_begin(w, err);

    for (size_t i = 0; !rc && i < country_count(cdb); i++) {
        const struct country *c = country_at(cdb, i);
        const char *vals[3] = {c->code, c->name, c->kind};
        rc = exec_done(w, P_COUNTRY, 3, vals, err, "cannot store the country list");
    }
    if (rc) {
        store_pgw_rollback(w);
        return rc;
    }
    return store_pgw_commit(w, err);
}

int store_pgw_sync_categories(struct store_pgw *w, const struct vocab_category *cat, size_t n,
                              struct trdb_err *err)
{
    int rc = store_pgw_begin(w, err);

    if (!rc)
        rc = exec_done(w, P_CATEGORY_CLEAR, 0, NULL, err, "cannot store the category labels");
    for (size_t i = 0; !rc && i < n; i++) {
        /* an empty field is no value, as records.c binds it on SQLite */
        const char *vals[4] = {
            cat[i].code && *cat[i].code ? cat[i].code : NULL,
            cat[i].parent && *cat[i].parent ? cat[i].parent : NULL,
            cat[i].label && *cat[i].label ? cat[i].label : NULL,
            cat[i].template_label && *cat[i].template_label ? cat[i].template_label : NULL};
        rc = exec_done(w, P_CATEGORY, 4, vals, err, "cannot store the category labels");
    }
    if (rc) {
        store_pgw_rollback(w);
        return rc;
    }
    return store_pgw_commit(w, err);
}

/* The first column of a one-row result as an integer (OUT *v). */
static int returned_id(struct store_pgw *w, PGresult *res, long long *v, struct trdb_err *err,
                       const char *what)
{
    int rc = 0;

    if (PQntuples(res) != 1)
        rc = store_pg_fail(w->pg, res, err, what);
    else
        *v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return rc;
}

int store_pgw_run_begin(struct store_pgw *w, long long *run_id, struct trdb_err *err)
{
    PGresult *res;
    int rc;

    /* the writers' lock is ours: a run still open was killed before it ended */
    if ((rc = exec_done(w, P_RUN_ABANDONED, 0, NULL, err, "cannot close abandoned runs")))
        return rc;
    if (!(res = exec_stmt(w, P_RUN_BEGIN, 0, NULL, PGRES_TUPLES_OK, err, "cannot record the run")))
        return err ? err->code : TRDB_EDB;
    return returned_id(w, res, run_id, err, "cannot record the run");
}

int store_pgw_run_end(struct store_pgw *w, long long run_id, const struct run_counts *c,
                      int exit_code, struct trdb_err *err)
{
    char v[8][24];
    const char *vals[8];

    snprintf(v[0], sizeof(v[0]), "%lld", run_id);
    snprintf(v[1], sizeof(v[1]), "%ld", c->files_seen);
    snprintf(v[2], sizeof(v[2]), "%ld", c->files_loaded);
    snprintf(v[3], sizeof(v[3]), "%ld", c->files_unchanged);
    snprintf(v[4], sizeof(v[4]), "%ld", c->files_failed);
    snprintf(v[5], sizeof(v[5]), "%lld", c->rows_loaded);
    snprintf(v[6], sizeof(v[6]), "%lld", c->rows_rejected);
    snprintf(v[7], sizeof(v[7]), "%d", exit_code);
    for (int i = 0; i < 8; i++)
        vals[i] = v[i];
    return exec_done(w, P_RUN_END, 8, vals, err, "cannot record the run");
}

int store_pgw_file_known(struct store_pgw *w, const char *sha256, struct known_file *k,
                         struct trdb_err *err)
{
    const char *vals[1] = {sha256};
    PGresult *res =
        exec_stmt(w, P_FILE_KNOWN, 1, vals, PGRES_TUPLES_OK, err, "cannot look up the file");

    if (!res)
        return err ? err->code : TRDB_EDB;
    if (PQntuples(res) == 0) {
        PQclear(res);
        return 0;
    }
    k->id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    snprintf(k->profile, sizeof(k->profile), "%s", PQgetvalue(res, 0, 1));
    k->rows_loaded = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
    k->rows_rejected = strtoll(PQgetvalue(res, 0, 3), NULL, 10);
    k->run = strtoll(PQgetvalue(res, 0, 4), NULL, 10);
    snprintf(k->path, sizeof(k->path), "%s", PQgetvalue(res, 0, 5));
    PQclear(res);
    return 1;
}

int store_pgw_fetch_get(struct store_pgw *w, const char *url, struct fetch_state *f,
                        struct trdb_err *err)
{
    const char *vals[1] = {url};
    PGresult *res;

    memset(f, 0, sizeof(*f));
    res = exec_stmt(w, P_FETCH_GET, 1, vals, PGRES_TUPLES_OK, err, "cannot read the fetch state");
    if (!res)
        return err ? err->code : TRDB_EDB;
    if (PQntuples(res) == 0) {
        PQclear(res);
        return 0;
    }
    snprintf(f->etag, sizeof(f->etag), "%s", PQgetvalue(res, 0, 0));
    snprintf(f->last_modified, sizeof(f->last_modified), "%s", PQgetvalue(res, 0, 1));
    snprintf(f->sha256, sizeof(f->sha256), "%s", PQgetvalue(res, 0, 2));
    snprintf(f->path, sizeof(f->path), "%s", PQgetvalue(res, 0, 3));
    PQclear(res);
    return 1;
}

int store_pgw_fetch_put(struct store_pgw *w, const char *url, const char *etag,
                        const char *last_modified, const char *sha256, const char *path,
                        const char *status, struct trdb_err *err)
{
    /* an empty value is stored as NULL, as on SQLite */
    const char *vals[6] = {url,
                           etag ? etag : "",
                           last_modified ? last_modified : "",
                           sha256 ? sha256 : "",
                           path ? path : "",
                           status};

    return exec_done(w, P_FETCH_PUT, 6, vals, err, "cannot record the fetch");
}

/* The id of dataset of publisher (both recorded when new). Returns 0 or an error code. */
static int dataset_for(struct store_pgw *w, const char *publisher, const char *dataset,
                       int in_summary, long long *dataset_id, struct trdb_err *err)
{
    char summary[4];
    const char *vals[3] = {publisher, dataset, summary};
    PGresult *res;
    int rc;

    snprintf(summary, sizeof(summary), "%d", in_summary ? 1 : 0);
    if ((rc = exec_done(w, P_PUBLISHER_ADD, 1, vals, err, "cannot record the publisher")) ||
        (rc = exec_done(w, P_DATASET_ADD, 3, vals, err, "cannot record the dataset")))
        return rc;
    if (!(res =
              exec_stmt(w, P_DATASET_ID, 2, vals, PGRES_TUPLES_OK, err, "cannot find the dataset")))
        return err ? err->code : TRDB_EDB;
    return returned_id(w, res, dataset_id, err, "cannot find the dataset");
}

int store_pgw_file_add(struct store_pgw *w, const struct file_info *fi, long long *file_id,
                       long long *dataset_id, struct trdb_err *err)
{
    char bytes[24], dataset[24], run_id[24];
    const char *vals[9];
    PGresult *res;
    int rc;

    if ((rc = dataset_for(w, fi->publisher, fi->dataset, fi->in_summary, dataset_id, err)))
        return rc;
    snprintf(bytes, sizeof(bytes), "%lld", fi->bytes);
    snprintf(dataset, sizeof(dataset), "%lld", *dataset_id);
    snprintf(run_id, sizeof(run_id), "%lld", fi->run_id);
    vals[0] = fi->path;
    vals[1] = fi->sha256;
    vals[2] = bytes;
    vals[3] = fi->profile;
    vals[4] = fi->publisher;
    vals[5] = dataset;
    vals[6] = fi->run_id > 0 ? run_id : NULL;
    vals[7] = fi->content_sha256 ? fi->content_sha256 : fi->sha256;
    vals[8] = fi->part;
    if (!(res = exec_stmt(w, P_FILE_ADD, 9, vals, PGRES_TUPLES_OK, err, "cannot record the file")))
        return err ? err->code : TRDB_EDB;
    return returned_id(w, res, file_id, err, "cannot record the file");
}

int store_pgw_file_column(struct store_pgw *w, long long file_id, int position, const char *name,
                          const char *status, struct trdb_err *err)
{
    char id[24], pos[16];
    const char *vals[4] = {id, pos, name, status};

    snprintf(id, sizeof(id), "%lld", file_id);
    snprintf(pos, sizeof(pos), "%d", position);
    return exec_done(w, P_FILE_COLUMN, 4, vals, err, "cannot record a column of the file");
}

/*
 * Append v to b as one value of COPY's text format: \N for NULL;
 * backslash, tab, newline and carriage return escaped; a byte that is not
 * UTF-8 (the server would refuse the whole COPY) as U+FFFD. Returns 0, or
 * TRDB_ELIMIT when b is full.
 */
int store_pgw_copy_text(struct buf *b, const char *v)
{
    size_t n, i = 0, bad;
    int rc = 0;

    if (!v)
        return buf_append(b, "\\N", 2);
    n = strlen(v);
    while (!rc && i < n) {
        size_t run_end = n;
        if (!utf8_valid(v + i, n - i, &bad))
            run_end = i + bad;
        for (; !rc && i < run_end; i++) {
            switch (v[i]) {
            case '\\':
                rc = buf_append(b, "\\\\", 2);
                break;
            case '\t':
                rc = buf_append(b, "\\t", 2);
                break;
            case '\n':
                rc = buf_append(b, "\\n", 2);
                break;
            case '\r':
                rc = buf_append(b, "\\r", 2);
                break;
            default:
                rc = buf_putc(b, v[i]);
            }
        }
        if (!rc && i < n) {
            rc = buf_append(b, "\xEF\xBF\xBD", 3);
            i++;
        }
    }
    return rc;
}

/* A bound of a figure as text: an integer when it is whole, else the shortest exact decimal. */
static void number_text(char *out, size_t cap, int has, double v)
{
    if (!has) {
        snprintf(out, cap, "\\N");
    } else if (v == floor(v) && fabs(v) < 9007199254740992.0) {
        snprintf(out, cap, "%.0f", v);
    } else {
        for (int digits = 15; digits <= 17; digits++) {
            snprintf(out, cap, "%.*g", digits, v);
            if (strtod(out, NULL) == v)
                break;
        }
    }
}

/* Finish a buffered line; a buffer past COPY_FLUSH_AT goes to the server. */
static int copy_line_end(struct store_pgw *w, int table, int rc, struct trdb_err *err)
{
    if (!rc)
        rc = buf_putc(&w->copy[table], '\n');
    if (rc)
        return trdb_err_set(err, rc, "%s: a row too large to buffer", store_pg_name(w->pg));
    if (w->copy[table].len >= COPY_FLUSH_AT)
        return copy_send(w, table, err);
    return 0;
}

/* Append the values to table's buffer, tab-separated; texts[i] NULL is \N. */
int pgw_copy_row(struct store_pgw *w, int table, const char *const *texts, int n,
                 const unsigned char *verbatim, struct trdb_err *err)
{
    struct buf *b = &w->copy[table];
    int rc = 0;

    for (int i = 0; !rc && i < n; i++) {
        if (i)
            rc = buf_putc(b, '\t');
        if (!rc)
            rc = verbatim[i] ? buf_puts(b, texts[i]) : store_pgw_copy_text(b, texts[i]);
    }
    return copy_line_end(w, table, rc, err);
}

int store_pgw_fact(struct store_pgw *w, const struct fact *f, struct trdb_err *err)
{
    /* numbers are written as they are (no escaping needed); the rest as text */
    static const unsigned char verbatim[19] = {1, 1, 1, 0, 0, 0, 0, 0, 0, 0,
                                               0, 0, 0, 1, 1, 0, 1, 1, 0};
    char id[24], line[24], dataset[24], low[40], high[40], agg[8], foot[8];
    const char *t[19] = {id,
                         line,
                         dataset,
                         f->request_type,
                         f->country,
                         f->period_start,
                         f->period_end,
                         f->legal_process,
                         f->requester,
                         f->product,
                         f->reason,
                         f->detail,
                         f->metric,
                         low,
                         high,
                         f->raw,
                         agg,
                         foot,
                         f->subcategory};

    snprintf(id, sizeof(id), "%lld", f->file_id);
    snprintf(line, sizeof(line), "%ld", f->line);
    snprintf(dataset, sizeof(dataset), "%lld", f->dataset_id);
    number_text(low, sizeof(low), f->v->status == VALUE_FIGURE && f->v->has_low, f->v->low);
    number_text(high, sizeof(high), f->v->status == VALUE_FIGURE && f->v->has_high, f->v->high);
    snprintf(agg, sizeof(agg), "%d", f->is_aggregate);
    snprintf(foot, sizeof(foot), "%d", f->footnote);
    return pgw_copy_row(w, C_FACTS, t, 19, verbatim, err);
}

int store_pgw_note(struct store_pgw *w, const struct note *n, struct trdb_err *err)
{
    static const unsigned char verbatim[13] = {1, 1, 1};
    char id[24], line[24], dataset[24];
    const char *t[13] = {id,
                         line,
                         dataset,
                         n->request_type,
                         n->country,
                         n->period_start,
                         n->period_end,
                         n->product,
                         n->reason,
                         n->subcategory,
                         n->metric,
                         n->column_name,
                         n->note};

    snprintf(id, sizeof(id), "%lld", n->file_id);
    snprintf(line, sizeof(line), "%ld", n->line);
    snprintf(dataset, sizeof(dataset), "%lld", n->dataset_id);
    return pgw_copy_row(w, C_NOTES, t, 13, verbatim, err);
}

int store_pgw_reject(struct store_pgw *w, long long file_id, long long run_id, long line,
                     const char *column, const char *reason, const char *raw, struct trdb_err *err)
{
    static const unsigned char verbatim[6] = {1, 1, 1};
    char id[24], run_text[24], line_text[24];
    const char *t[6] = {id, run_id > 0 ? run_text : "\\N", line_text, column, reason, raw};

    snprintf(id, sizeof(id), "%lld", file_id);
    snprintf(run_text, sizeof(run_text), "%lld", run_id);
    snprintf(line_text, sizeof(line_text), "%ld", line);
    return pgw_copy_row(w, C_REJECTS, t, 6, verbatim, err);
}

int store_pgw_report_provider(struct store_pgw *w, const char *service, const char *period_start,
                              const char *period_end, char *out, size_t cap, struct trdb_err *err)
{
    const char *vals[3] = {service, period_start, period_end};
    PGresult *res = exec_stmt(w, P_PROVIDER, 3, vals, PGRES_TUPLES_OK, err,
                              "cannot look up the report identification");
    int found;

    if (!res)
        return err ? err->code : TRDB_EDB;
    found = PQntuples(res) > 0;
    if (found)
        snprintf(out, cap, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return found;
}

/*
 * The end of the statement that starts at sql: the ';' after it (outside
 * strings, quoted names and comments), or the end of the text.
 */
static const char *statement_end(const char *sql)
{
    const char *p = sql;

    while (*p && *p != ';') {
        if (*p == '\'' || *p == '"') {
            char q = *p++;
            while (*p && !(*p == q && p[1] != q))
                p += *p == q ? 2 : 1;
            if (*p)
                p++;
        } else if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                p++;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            p = e ? e + 2 : p + strlen(p);
        } else {
            p++;
        }
    }
    return p;
}

/* 1 when sql[0..n) holds only white space and comments. */
static int only_comments(const char *sql, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (sql[i] == '-' && i + 1 < n && sql[i + 1] == '-') {
            while (i < n && sql[i] != '\n')
                i++;
        } else if (sql[i] != ' ' && sql[i] != '\n' && sql[i] != '\t' && sql[i] != '\r') {
            return 0;
        }
    }
    return 1;
}

/*
 * Run every statement of an embedded file of model/pg/ in turn, its
 * :name parameters as bigint values from params. Returns 0 or an error
 * code naming the file.
 */
int pgw_run_script(struct store_pgw *w, const char *path, const struct param *params, size_t n,
                   struct trdb_err *err)
{
    const char *sql = sql_text(path);
    int rc;

    if (!sql)
        return trdb_err_set(err, TRDB_EDB, "%s is missing from this build", path);
    if ((rc = copy_flush(w, err)))
        return rc;
    while (!rc && *sql) {
        const char *end = statement_end(sql);
        size_t len = (size_t)(end - sql);
        char *one;
        struct pgparams pp;
        if (only_comments(sql, len)) {
            sql = *end ? end + 1 : end;
            continue;
        }
        if (interrupt_stops())
            return trdb_err_set(err, TRDB_EDB, "%s: interrupted", store_pg_name(w->pg));
        if (!(one = malloc(len + 1)))
            return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        memcpy(one, sql, len);
        one[len] = '\0';
        sql = *end ? end + 1 : end;
        if (pgparams_rewrite(one, &pp)) {
            free(one);
            return trdb_err_set(err, TRDB_EDB, "%s: a statement's parameters cannot be read", path);
        }
        free(one);
        {
            char values[PGPARAMS_MAX][24];
            const char *vals[PGPARAMS_MAX];
            Oid types[PGPARAMS_MAX];
            PGresult *res;
            struct timespec start;
            clock_gettime(CLOCK_MONOTONIC, &start);
            for (int k = 0; k < pp.n; k++) {
                vals[k] = NULL;
                types[k] = 20; /* int8 */
                for (size_t i = 0; i < n; i++)
                    if (strcmp(pp.names[k] + 1, params[i].name) == 0) {
                        snprintf(values[k], sizeof(values[k]), "%lld", params[i].value);
                        vals[k] = values[k];
                    }
            }
            res = PQexecParams(w->conn, pp.sql, pp.n, types, vals, NULL, NULL, 0);
            if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
                rc = store_pg_fail(w->pg, res, err, path);
            PQclear(res);
            slow_sql(&start, pp.sql);
        }
        pgparams_release(&pp);
    }
    return rc;
}

int store_pgw_file_finish(struct store_pgw *w, long long file_id, const struct file_counts *c,
                          struct trdb_err *err)
{
    const struct param params[] = {{"file_id", file_id},
                                   {"rows_loaded", c->rows_loaded},
                                   {"rows_rejected", c->rows_rejected},
                                   {"rows_skipped", c->rows_skipped},
                                   {"facts", c->facts}};
    size_t n = sizeof(params) / sizeof(params[0]);
    int rc;

    /*
     * A file that brought many rows leaves the table's statistics behind (a
     * first load: an empty table): the merge's joins would be planned for
     * the table as it was. ANALYZE inside the transaction sees its rows.
     */
    if (c->facts >= ANALYZE_AFTER && (rc = pgw_run(w, "ANALYZE fact_rows", err, "cannot analyze")))
        return rc;
    if ((rc = pgw_run_script(w, "model/pg/merge.sql", params, n, err)) ||
        (rc = pgw_run_script(w, "model/pg/revise.sql", params, 1, err)))
        return rc;
    return pgw_run_script(w, "model/pg/summary.sql", NULL, 0, err);
}

int store_pgw_file_forget(struct store_pgw *w, long long file_id, struct trdb_err *err)
{
    const struct param params[] = {{"file_id", file_id}};

    return pgw_run_script(w, "model/pg/forget.sql", params, 1, err);
}

int store_pgw_exec(struct store_pgw *w, const char *sql, int n, const char *const *vals,
                   long long *changed, struct trdb_err *err, const char *what)
{
    PGresult *res;
    int rc;

    if ((rc = copy_flush(w, err)))
        return rc;
    res = PQexecParams(w->conn, sql, n, NULL, vals, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
        rc = store_pg_fail(w->pg, res, err, what);
    else if (changed)
        *changed = strtoll(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return rc;
}

int store_pgw_file_set_publisher(struct store_pgw *w, long long file_id, const char *publisher,
                                 const char *dataset, int in_summary, long long *dataset_id,
                                 struct trdb_err *err)
{
    char id[24], now_text[24], old_text[24];
    const char *vals[3] = {id, publisher, now_text};
    long long old = 0, now = 0, old_publisher = 0;
    PGresult *res;
    int rc;

    if ((rc = dataset_for(w, publisher, dataset, in_summary, &now, err)))
        return rc;
    snprintf(id, sizeof(id), "%lld", file_id);
    snprintf(now_text, sizeof(now_text), "%lld", now);
    if (!(res = exec_stmt(w, P_FILE_DATASET, 1, vals, PGRES_TUPLES_OK, err,
                          "cannot find the file's dataset")))
        return err ? err->code : TRDB_EDB;
    if (PQntuples(res) == 1)
        old = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    if ((rc = exec_done(w, P_FILE_PUBLISHER, 3, vals, err, "cannot record the file's publisher")))
        return rc;
    if (dataset_id)
        *dataset_id = now;
    if (old == now)
        return 0;
    /* the dataset the file was first recorded under, and its publisher, when nothing else has them
     */
    snprintf(old_text, sizeof(old_text), "%lld", old);
    vals[0] = old_text;
    if (!(res = exec_stmt(w, P_DATASET_DROP, 1, vals, PGRES_TUPLES_OK, err,
                          "cannot drop a dataset left empty")))
        return err ? err->code : TRDB_EDB;
    if (PQntuples(res) == 1)
        old_publisher = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    if (!old_publisher)
        return 0;
    snprintf(old_text, sizeof(old_text), "%lld", old_publisher);
    return exec_done(w, P_PUBLISHER_DROP, 1, vals, err,
                     "cannot drop a publisher left without datasets");
}
