/*
 * store.c: every write trdb makes. Single statements are in stmt_sql below,
 * prepared once per connection; multi-statement steps (the embedded files
 * model/merge.sql, forget.sql, summary.sql) run from store_script.c;
 * migrations (model/schema/NNNN-NAME.sql) from store_migrate.c.
 */
#include "store.h"
#include "store_int.h"
#include "store_pgw.h"
#include "fact_groups.h"
#include "country.h"
#include "value.h"
#include "../lib/dburi.h"
#include "../lib/err.h"
#include "../lib/interrupt.h"
#include "../lib/sqltext.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/banned.h"

enum {
    S_FACT,
    S_REJECT,
    S_FILE_KNOWN,
    S_PUBLISHER_ADD,
    S_DATASET_ADD,
    S_DATASET_ID,
    S_FILE_ADD,
    S_COUNTRY,
    S_RUN_BEGIN,
    S_RUN_ABANDONED,
    S_RUN_END,
    S_FETCH_GET,
    S_FETCH_PUT,
    S_FILE_COLUMN,
    S_NOTE,
    S_PROVIDER,
    S_FILE_PUBLISHER,
    S_FILE_DATASET,
    S_DATASET_DROP,
    S_PUBLISHER_DROP,
    S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
    [S_FILE_PUBLISHER] = "UPDATE source_files SET publisher = ?2, dataset_id = ?3 WHERE id = ?1",
    [S_FILE_DATASET] = "SELECT dataset_id FROM source_files WHERE id = ?1",
    [S_DATASET_DROP] =
        "DELETE FROM datasets WHERE id = ?1 "
        "AND NOT EXISTS (SELECT 1 FROM source_files WHERE dataset_id = ?1) "
        "AND NOT EXISTS (SELECT 1 FROM fact_rows WHERE dataset_id = ?1) "
        "AND NOT EXISTS (SELECT 1 FROM fact_notes WHERE dataset_id = ?1) "
        "AND NOT EXISTS (SELECT 1 FROM revisions WHERE dataset_id = ?1) "
        "AND NOT EXISTS (SELECT 1 FROM first_seen WHERE dataset_id = ?1) RETURNING publisher_id",
    [S_PUBLISHER_DROP] = "DELETE FROM publishers WHERE id = ?1 AND NOT EXISTS "
                         "(SELECT 1 FROM datasets WHERE publisher_id = ?1)",
    [S_FILE_COLUMN] = "INSERT OR REPLACE INTO file_columns (file_id, position, name, status) "
                      "VALUES (?1, ?2, ?3, ?4)",
    [S_FACT] = "INSERT INTO fact_rows (file_id, line, dataset_id, request_type, country, "
               "period_start, period_end, legal_process, requester, product, reason, detail, "
               "metric, value_low, value_high, value_raw, is_aggregate, footnote, subcategory) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
               "?17, ?18, ?19)",
    [S_NOTE] = "INSERT INTO fact_notes (file_id, line, dataset_id, request_type, country, "
               "period_start, period_end, product, reason, subcategory, metric, column_name, "
               "note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    /* a report identification of the service for the period, or one that names no period */
    [S_PROVIDER] = "SELECT provider FROM dsa_reports "
                   "WHERE lower(trim(service)) = lower(trim(?1)) AND provider IS NOT NULL "
                   "AND trim(provider) != '' "
                   "AND ((period_start = ?2 AND period_end = ?3) OR period_start IS NULL) "
                   "ORDER BY period_start IS NULL, file_id DESC LIMIT 1",
    [S_REJECT] = "INSERT INTO rejects (file_id, run, line, column_name, reason, raw) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [S_FILE_KNOWN] = "SELECT id, profile, rows_loaded, rows_rejected, coalesce(run, 0), path "
                     "FROM source_files WHERE sha256 = ?1",
    [S_PUBLISHER_ADD] = "INSERT INTO publishers (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
    [S_DATASET_ADD] =
        "INSERT INTO datasets (publisher_id, name, in_summary) "
        "SELECT id, ?2, ?3 FROM publishers WHERE name = ?1 "
        "ON CONFLICT (publisher_id, name) DO UPDATE SET in_summary = excluded.in_summary "
        "WHERE in_summary != excluded.in_summary",
    [S_DATASET_ID] = "SELECT d.id FROM datasets d JOIN publishers p ON p.id = d.publisher_id "
                     "WHERE p.name = ?1 AND d.name = ?2",
    [S_FILE_ADD] = "INSERT INTO source_files (path, sha256, bytes, profile, publisher, dataset_id, "
                   "first_seen, run, content_sha256, part) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                   "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?7, ?8, ?9)",
    [S_COUNTRY] = "INSERT INTO countries (code, name, kind) VALUES (?1, ?2, ?3) "
                  "ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind "
                  "WHERE name != excluded.name OR kind != excluded.kind",
    [S_RUN_BEGIN] = "INSERT INTO ingest_runs (started_at) "
                    "VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    [S_RUN_ABANDONED] = "UPDATE ingest_runs SET exit_code = -9 WHERE ended_at IS NULL "
                        "AND exit_code IS NULL",
    [S_RUN_END] = "UPDATE ingest_runs SET ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
                  "files_seen = ?2, files_loaded = ?3, files_unchanged = ?4, files_failed = ?5, "
                  "rows_loaded = ?6, rows_rejected = ?7, exit_code = ?8 WHERE id = ?1",
    [S_FETCH_GET] = "SELECT coalesce(etag, ''), coalesce(last_modified, ''), "
                    "coalesce(sha256, ''), coalesce(path, '') FROM fetch_state WHERE url = ?1",
    [S_FETCH_PUT] = "INSERT INTO fetch_state (url, etag, last_modified, sha256, path, fetched_at, "
                    "status) VALUES (?1, nullif(?2, ''), nullif(?3, ''), nullif(?4, ''), "
                    "nullif(?5, ''), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?6) "
                    "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
                    "last_modified = excluded.last_modified, sha256 = excluded.sha256, "
                    "path = excluded.path, fetched_at = excluded.fetched_at, "
                    "status = excluded.status",
};

/* at most this many secondary indexes are put off in one file's load */
enum { DEFERRED_MAX = 16 };

struct store {
    sqlite3 *db;           /* SQLite; NULL on PostgreSQL */
    struct store_pgw *pgw; /* PostgreSQL (store_pgw.c); NULL on SQLite */
    char *path;
    sqlite3_stmt *stmt[S_COUNT];
    char *deferred[DEFERRED_MAX]; /* CREATE INDEX texts to run once the rows are in */
    int ndeferred;
    struct fact_groups *groups; /* the loading file's facts, counted for summary.sql */
};

static void deferred_release(struct store *st)
{
    for (int i = 0; i < st->ndeferred; i++)
        free(st->deferred[i]);
    st->ndeferred = 0;
}

/*
 * Our code for SQLite's: TRDB_EBUSY for a lock held too long, TRDB_EIO when
 * the database itself cannot go on (disk full, I/O error, corrupt, read-only,
 * no memory), TRDB_EDB for the rest (a statement that failed on this input).
 */
static int code_for(int sqlite_code)
{
    switch (sqlite_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return TRDB_EBUSY;
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_READONLY:
    case SQLITE_NOMEM:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        return TRDB_EIO;
    default:
        return TRDB_EDB;
    }
}

int store_db_error(struct store *st, struct trdb_err *err, const char *what)
{
    int sys = sqlite3_system_errno(st->db);
    int code = code_for(sqlite3_errcode(st->db));

    /* "disk I/O error" says more with the system's reason beside it ("File too large") */
    if (code == TRDB_EIO && sys)
        return trdb_err_set(err, code, "%s: %s: %s (%s)", st->path, what, sqlite3_errmsg(st->db),
                            strerror(sys));
    return trdb_err_set(err, code, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

int store_exec(struct store *st, const char *sql, struct trdb_err *err, const char *what)
{
    char *msg = NULL;

    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        trdb_err_set(err, code_for(sqlite3_errcode(st->db)), "%s: %s: %s", st->path, what,
                     msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return err ? err->code : TRDB_EDB;
    }
    return 0;
}

/* $TRDB_SLOW_SQL=MS: report on stderr every statement that ran longer (for tuning). */
static int on_profile(unsigned type, void *ctx, void *p, void *x)
{
    long long ns = *(long long *)x, limit = (long long)(intptr_t)ctx;

    (void)type;
    if (ns / 1000000 >= limit) {
        char *sql = sqlite3_expanded_sql(p), line[200];
        /* one line: the statement's white space collapsed, its comments dropped */
        sql_one_line(sql ? sql : sqlite3_sql(p), line, sizeof(line));
        fprintf(stderr, "trdb: slow sql (%lld ms): %s\n", ns / 1000000, line);
        sqlite3_free(sql);
    }
    return 0;
}

static int raw_open(struct store *st, int flags, struct trdb_err *err)
{
    /*
     * trdb uses a connection from one thread only: no mutex around each
     * call into SQLite (a few % of a load). sqlite3_interrupt, which a
     * signal handler calls, takes none.
     */
    if (sqlite3_open_v2(st->path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        int rc = trdb_err_set(err, TRDB_EDB, "cannot open database '%s': %s", st->path,
                              st->db ? sqlite3_errmsg(st->db) : "out of memory");
        sqlite3_close(st->db);
        st->db = NULL;
        return rc;
    }
    sqlite3_extended_result_codes(st->db, 0);
    sqlite3_busy_timeout(st->db, 5000);
    if (getenv("TRDB_SLOW_SQL")) {
        long ms = strtol(getenv("TRDB_SLOW_SQL"), NULL, 10);
        sqlite3_trace_v2(st->db, SQLITE_TRACE_PROFILE, on_profile, (void *)(intptr_t)ms);
    }
    return 0;
}

int store_open(const char *path, enum store_mode mode, struct store **out, struct trdb_err *err)
{
    struct store *st = calloc(1, sizeof(*st));
    struct stat sb;
    int rc, v = 0;

    *out = NULL;
    if (!st || !(st->path = strdup(path))) {
        free(st);
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    }
    if (dburi_is_postgres(path)) {
        /* a server: connected and migrated whatever the mode (the schema's advisory lock) */
        if ((rc = store_pgw_open(path, &st->pgw, err)))
            goto fail;
        *out = st;
        return 0;
    }
    if (mode != STORE_CREATE && stat(path, &sb) != 0) {
        rc = trdb_err_set(err, TRDB_ENOTFOUND,
                          "no database at '%s' (run 'trdb init' or 'trdb ingest' first)", path);
        goto fail;
    }
    if (mode == STORE_READONLY) {
        /* an old schema is migrated with a writable connection first */
        if ((rc = raw_open(st, SQLITE_OPEN_READONLY, err)))
            goto fail;
        if (store_user_version(st, &v)) {
            rc = store_db_error(st, err, "cannot read the schema version (is it a trdb database?)");
            goto fail;
        }
        if (v < STORE_SCHEMA_VERSION) {
            sqlite3_close(st->db);
            st->db = NULL;
            if ((rc = raw_open(st, SQLITE_OPEN_READWRITE, err)) || (rc = store_migrate(st, err)))
                goto fail;
            sqlite3_close(st->db);
            st->db = NULL;
            if ((rc = raw_open(st, SQLITE_OPEN_READONLY, err)))
                goto fail;
        } else if (v > STORE_SCHEMA_VERSION && (rc = store_migrate(st, err))) {
            goto fail;
        }
        *out = st;
        return 0;
    }
    if (stat(path, &sb) == 0 && access(path, W_OK) != 0) {
        rc = trdb_err_set(err, TRDB_EIO,
                          "database '%s' is read-only for this user (%s); this "
                          "command writes to it",
                          path, strerror(errno));
        goto fail;
    }
    if ((rc = raw_open(st, SQLITE_OPEN_READWRITE | (mode == STORE_CREATE ? SQLITE_OPEN_CREATE : 0),
                       err)))
        goto fail;
    if ((rc = store_exec(st, "PRAGMA journal_mode = WAL", err, "cannot use WAL mode")) ||
        (rc = store_exec(st, "PRAGMA foreign_keys = ON", err, "cannot enable foreign keys")) ||
        (rc = store_exec(st, "PRAGMA synchronous = NORMAL", err, "cannot set synchronous")) ||
        /* 8 MiB of page cache: as fast as 32 MiB on a 1M-row list, and peak memory stays flat
           (bench/) */
        (rc = store_exec(st, "PRAGMA cache_size = -8192", err, "cannot set the cache size")) ||
        (rc = store_migrate(st, err)))
        goto fail;
    *out = st;
    return 0;
fail:
    store_close(st);
    return rc;
}

void store_close(struct store *st)
{
    if (!st)
        return;
    for (int i = 0; i < S_COUNT; i++)
        sqlite3_finalize(st->stmt[i]);
    deferred_release(st);
    fact_groups_free(st->groups);
    store_pgw_close(st->pgw);
    sqlite3_close(st->db);
    free(st->path);
    free(st);
}

sqlite3 *store_db(struct store *st)
{
    return st->db;
}

const char *store_path(const struct store *st)
{
    return st->path;
}

int store_is_postgres(const struct store *st)
{
    return st->pgw != NULL;
}

struct store_pgw *store_pgw_of(struct store *st)
{
    return st->pgw;
}

void store_watch_interrupts(struct store *st, int on)
{
    interrupt_watch(on ? st->db : NULL);
    if (st->pgw)
        interrupt_watch_pg(on ? store_pgw_cancel(st->pgw) : NULL);
}

int store_lock_writers(struct store *st, double wait_seconds, struct trdb_err *err)
{
    return st->pgw ? store_pgw_lock(st->pgw, wait_seconds, err) : 0;
}

int store_version(struct store *st)
{
    int v = -1;

    if (st->pgw)
        return store_pgw_version(st->pgw);
    store_user_version(st, &v);
    return v;
}

static sqlite3_stmt *stmt(struct store *st, int which, struct trdb_err *err)
{
    if (!st->stmt[which] &&
        sqlite3_prepare_v3(st->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[which],
                           NULL) != SQLITE_OK) {
        store_db_error(st, err, "cannot prepare a statement");
        return NULL;
    }
    sqlite3_reset(st->stmt[which]);
    sqlite3_clear_bindings(st->stmt[which]);
    return st->stmt[which];
}

/* Step a write statement to completion. */
int store_step_done(struct store *st, sqlite3_stmt *s, struct trdb_err *err, const char *what)
{
    int rc = sqlite3_step(s);

    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return store_db_error(st, err, what);
    return 0;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

int store_begin(struct store *st, struct trdb_err *err)
{
    if (st->pgw)
        return store_pgw_begin(st->pgw, err);
    return store_exec(st, "BEGIN IMMEDIATE", err, "cannot start a transaction");
}

int store_commit(struct store *st, struct trdb_err *err)
{
    if (st->pgw)
        return store_pgw_commit(st->pgw, err);
    return store_exec(st, "COMMIT", err, "cannot commit");
}

void store_rollback(struct store *st)
{
    /* the indexes a bulk load dropped come back with the rollback */
    deferred_release(st);
    fact_groups_reset(st->groups);
    if (st->pgw) {
        store_pgw_rollback(st->pgw);
        return;
    }
    if (!sqlite3_get_autocommit(st->db))
        store_exec(st, "ROLLBACK", NULL, "");
}

/*
 * The row tables whose secondary indexes a load into an empty table builds
 * after its rows: SQLite builds an index from sorted input many times
 * faster than it keeps one up to date row by row. UNIQUE indexes stay (the
 * inserts rely on them to drop duplicates).
 */
static const char *const bulk_tables[] = {"fact_rows", "fact_notes", "app_removals",
                                          "app_observations"};

/*
 * 1 when file file_id is likely to bring at least a quarter as many facts
 * as fact_rows holds (a new release of a big dataset): its bytes times the
 * facts per byte of the files loaded before with its profile. Rebuilding
 * the indexes of the whole table from sorted input then costs less than
 * keeping them up to date row by row (the index on country and period
 * takes rows at thousands of places, more than the page cache holds).
 */
static int large_file(struct store *st, long long file_id)
{
    static const char sql[] =
        "SELECT coalesce((SELECT f.bytes * sum(o.facts) >= "
        "(SELECT max(id) FROM fact_rows) / 4.0 * sum(o.bytes) FROM source_files o "
        "WHERE o.profile = f.profile AND o.id != f.id AND o.facts > 0 AND o.bytes > 0), 0) "
        "FROM source_files f WHERE f.id = ?1";
    sqlite3_stmt *s = NULL;
    int large = 0;

    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_int64(s, 1, file_id);
    if (sqlite3_step(s) == SQLITE_ROW)
        large = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return large;
}

int store_bulk_begin(struct store *st, long long file_id, struct trdb_err *err)
{
    if (st->pgw)
        return 0; /* PostgreSQL keeps its indexes up to date as COPY fills the table */
    static const char empty_sql[] = "SELECT NOT EXISTS (SELECT 1 FROM \"%w\")";
    /*
     * An index that leads with file_id stays: the file's rows, with the
     * highest file id and in the order of their lines, all go to its end,
     * which costs less than building it again from the whole table.
     */
    static const char index_sql[] =
        "SELECT name, sql FROM sqlite_schema s WHERE type = 'index' "
        "AND tbl_name = ?1 AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' "
        "AND (SELECT i.name FROM pragma_index_info(s.name) i WHERE i.seqno = 0) IS NOT 'file_id' "
        "ORDER BY name";
    sqlite3_stmt *s = NULL;
    char *names[DEFERRED_MAX];
    int rc = 0, first;

    deferred_release(st);
    for (size_t t = 0; !rc && t < sizeof(bulk_tables) / sizeof(bulk_tables[0]); t++) {
        char *q = sqlite3_mprintf(empty_sql, bulk_tables[t]);
        int empty = 0;
        if (!q)
            return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        if (sqlite3_prepare_v2(st->db, q, -1, &s, NULL) != SQLITE_OK) {
            sqlite3_free(q);
            return store_db_error(st, err, "cannot count a table's rows");
        }
        sqlite3_free(q);
        if (sqlite3_step(s) == SQLITE_ROW)
            empty = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
        if (!empty && strcmp(bulk_tables[t], "fact_rows") == 0)
            empty = large_file(st, file_id);
        if (!empty)
            continue;
        if (sqlite3_prepare_v2(st->db, index_sql, -1, &s, NULL) != SQLITE_OK)
            return store_db_error(st, err, "cannot list a table's indexes");
        sqlite3_bind_text(s, 1, bulk_tables[t], -1, SQLITE_STATIC);
        first = st->ndeferred;
        while (sqlite3_step(s) == SQLITE_ROW && st->ndeferred < DEFERRED_MAX) {
            /* past DEFERRED_MAX, the rest stay, kept up to date row by row */
            char *name = sqlite3_mprintf("%s", sqlite3_column_text(s, 0));
            char *text = name ? strdup((const char *)sqlite3_column_text(s, 1)) : NULL;
            if (!text) {
                sqlite3_free(name);
                rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
                break;
            }
            names[st->ndeferred] = name;
            st->deferred[st->ndeferred++] = text;
        }
        sqlite3_finalize(s);
        /* dropped once the listing is done: a table being read cannot lose an index */
        for (int i = first; i < st->ndeferred; i++) {
            char *drop = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);
            if (!rc)
                rc = drop ? store_exec(st, drop, err, "cannot put off an index")
                          : trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            sqlite3_free(drop);
            sqlite3_free(names[i]);
        }
    }
    return rc;
}

int store_bulk_end(struct store *st, struct trdb_err *err)
{
    if (st->pgw)
        return 0;
    int rc = 0;

    for (int i = 0; !rc && i < st->ndeferred; i++)
        rc = store_exec(st, st->deferred[i], err, "cannot build an index");
    deferred_release(st);
    return rc;
}

int store_sync_countries(struct store *st, const struct country_db *cdb, struct trdb_err *err)
{
    if (st->pgw)
        return store_pgw_sync_countries(st->pgw, cdb, err);
    sqlite3_stmt *s;
    int rc;

    if ((rc = store_begin(st, err)))
        return rc;
    for (size_t i = 0; i < country_count(cdb) && !rc; i++) {
        const struct country *c = country_at(cdb, i);
        if (!(s = stmt(st, S_COUNTRY, err))) {
            rc = TRDB_EDB;
            break;
        }
        bind_text(s, 1, c->code);
        bind_text(s, 2, c->name);
        bind_text(s, 3, c->kind);
        rc = store_step_done(st, s, err, "cannot store the country list");
    }
    if (rc) {
        store_rollback(st);
        return rc;
    }
    return store_commit(st, err);
}

int store_run_begin(struct store *st, long long *run_id, struct trdb_err *err)
{
    if (st->pgw)
        return store_pgw_run_begin(st->pgw, run_id, err);
    sqlite3_stmt *s = stmt(st, S_RUN_ABANDONED, err);
    int rc;

    /* the writers' lock is ours: a run still open was killed before it ended */
    if (!s || (rc = store_step_done(st, s, err, "cannot close abandoned runs")))
        return s ? rc : TRDB_EDB;
    if (!(s = stmt(st, S_RUN_BEGIN, err)))
        return TRDB_EDB;
    rc = store_step_done(st, s, err, "cannot record the run");
    if (!rc)
        *run_id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

int store_run_end(struct store *st, long long run_id, const struct run_counts *c, int exit_code,
                  struct trdb_err *err)
{
    if (st->pgw)
        return store_pgw_run_end(st->pgw, run_id, c, exit_code, err);
    sqlite3_stmt *s = stmt(st, S_RUN_END, err);

    if (!s)
        return TRDB_EDB;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int64(s, 2, c->files_seen);
    sqlite3_bind_int64(s, 3, c->files_loaded);
    sqlite3_bind_int64(s, 4, c->files_unchanged);
    sqlite3_bind_int64(s, 5, c->files_failed);
    sqlite3_bind_int64(s, 6, c->rows_loaded);
    sqlite3_bind_int64(s, 7, c->rows_rejected);
    sqlite3_bind_int(s, 8, exit_code);
    return store_step_done(st, s, err, "cannot record the run");
}

int store_file_known(struct store *st, const char *sha256, struct known_file *k,
                     struct trdb_err *err)
{
    if (st->pgw)
        return store_pgw_file_known(st->pgw, sha256, k, err);
    sqlite3_stmt *s = stmt(st, S_FILE_KNOWN, err);
    int rc;

    if (!s)
        return TRDB_EDB;
    sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        k->id = sqlite3_column_int64(s, 0);
        snprintf(k->profile, sizeof(k->profile), "%s", (const char *)sqlite3_column_text(s, 1));
        k->rows_loaded = sqlite3_column_int64(s, 2);
        k->rows_rejected = sqlite3_column_int64(s, 3);
        k->run = sqlite3_column_int64(s, 4);
        snprintf(k->path, sizeof(k->path), "%s", (const char *)sqlite3_column_text(s, 5));
        sqlite3_reset(s);
        return 1;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : store_db_error(st, err, "cannot look up the file");
}

/* The id of dataset of publisher (both recorded when new). Returns 0 or an error code. */
static int dataset_for(struct store *st, const char *publisher, const char *dataset, int in_summary,
                       long long *dataset_id, struct trdb_err *err)
{
    sqlite3_stmt *s;
    int rc;

    if (!(s = stmt(st, S_PUBLISHER_ADD, err)))
        return TRDB_EDB;
    bind_text(s, 1, publisher);
    if ((rc = store_step_done(st, s, err, "cannot record the publisher")))
        return rc;
    if (!(s = stmt(st, S_DATASET_ADD, err)))
        return TRDB_EDB;
    bind_text(s, 1, publisher);
    bind_text(s, 2, dataset);
    sqlite3_bind_int(s, 3, in_summary);
    if ((rc = store_step_done(st, s, err, "cannot record the dataset")))
        return rc;
    if (!(s = stmt(st, S_DATASET_ID, err)))
        return TRDB_EDB;
    bind_text(s, 1, publisher);
    bind_text(s, 2, dataset);
    if (sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_reset(s);
        return store_db_error(st, err, "cannot find the dataset");
    }
    *dataset_id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return 0;
}

int store_file_add(struct store *st, const struct file_info *fi, long long *file_id,
                   long long *dataset_id, struct trdb_err *err)
{
    if (st->pgw)
        return store_pgw_file_add(st->pgw, fi, file_id, dataset_id, err);
    sqlite3_stmt *s;
    int rc;

    if ((rc = dataset_for(st, fi->publisher, fi->dataset, fi->in_summary, dataset_id, err)))
        return rc;
    /* the file's facts are counted afresh (a store without groups counts none: summary.sql reads
       the rows) */
    if (!st->groups)
        st->groups = fact_groups_new();
    fact_groups_reset(st->groups);
    if (!(s = stmt(st, S_FILE_ADD, err)))
        return TRDB_EDB;
    bind_text(s, 1, fi->path);
    bind_text(s, 2, fi->sha256);
    sqlite3_bind_int64(s, 3, fi->bytes);
    bind_text(s, 4, fi->profile);
    bind_text(s, 5, fi->publisher);
    sqlite3_bind_int64(s, 6, *dataset_id);
    if (fi->run_id > 0)
        sqlite3_bind_int64(s, 7, fi->run_id);
    else
        sqlite3_bind_null(s, 7);
    bind_text(s, 8, fi->content_sha256 ? fi->content_sha256 : fi->sha256);
    bind_text(s, 9, fi->part);
    if ((rc = store_step_done(st, s, err, "cannot record the file")))
        return rc;
    *file_id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_file_set_publisher(struct store *st, long long file_id, const char *publisher,
                             const char *dataset, int in_summary, long long *dataset_id,
                             struct trdb_err *err)
{
    if (st->pgw)
        return store_pgw_file_set_publisher(st->pgw, file_id, publisher, dataset, in_summary,
                                            dataset_id, err);
    sqlite3_stmt *s;
    long long old = 0, now = 0, old_publisher = 0;
    int rc;

    if ((rc = dataset_for(st, publisher, dataset, in_summary, &now, err)))
        return rc;
    if (!(s = stmt(st, S_FILE_DATASET, err)))
        return TRDB_EDB;
    sqlite3_bind_int64(s, 1, file_id);
    if (sqlite3_step(s) == SQLITE_ROW)
        old = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (!(s = stmt(st, S_FILE_PUBLISHER, err)))
        return TRDB_EDB;
    sqlite3_bind_int64(s, 1, file_id);
    bind_text(s, 2, publisher);
    sqlite3_bind_int64(s, 3, now);
    if ((rc = store_step_done(st, s, err, "cannot record the file's publisher")))
        return rc;
    if (dataset_id)
        *dataset_id = now;
    if (old == now)
        return 0;
    /* the dataset the file was first recorded under, and its publisher, when nothing else has them
     */
    if (!(s = stmt(st, S_DATASET_DROP, err)))
        return TRDB_EDB;
    sqlite3_bind_int64(s, 1, old);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        old_publisher = sqlite3_column_int64(s, 0);
    while (rc == SQLITE_ROW)
        rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return store_db_error(st, err, "cannot drop a dataset left empty");
    if (!old_publisher)
        return 0;
    if (!(s = stmt(st, S_PUBLISHER_DROP, err)))
        return TRDB_EDB;
    sqlite3_bind_int64(s, 1, old_publisher);
    return store_step_done(st, s, err, "cannot drop a publisher left without datasets");
}

/* Bind a bound of a figure: an integer when it is one, else a real. */
static void bind_number(sqlite3_stmt *s, int i, int has, double v)
{
    if (!has)
        sqlite3_bind_null(s, i);
    else if (v == floor(v) && fabs(v) < 9007199254740992.0)
        sqlite3_bind_int64(s, i, (sqlite3_int64)v);
    else
        sqlite3_bind_double(s, i, v);
}

int store_file_column(struct store *st, long long file_id, int position, const char *name,
                      const char *status, struct trdb_err *err)
{
    if (st->pgw)
        return store_pgw_file_column(st->pgw, file_id, position, name, status, err);
    sqlite3_stmt *s;

    if (!(s = stmt(st, S_FILE_COLUMN, err)))
        return TRDB_EDB;
    sqlite3_bind_int64(s, 1, file_id);
    sqlite3_bind_int(s, 2, position);
    bind_text(s, 3, name);
    bind_text(s, 4, status);
    return store_step_done(st, s, err, "cannot record a column of the file");
}

int store_fact(struct store *st, const struct fact *f, struct trdb_err *err)
{
    if (st->pgw)
        return store_pgw_fact(st->pgw, f, err);
    sqlite3_stmt *s = stmt(st, S_FACT, err);
    int rc;

    if (!s)
        return TRDB_EDB;
    sqlite3_bind_int64(s, 1, f->file_id);
    sqlite3_bind_int64(s, 2, f->line);
    sqlite3_bind_int64(s, 3, f->dataset_id);
    bind_text(s, 4, f->request_type);
    bind_text(s, 5, f->country);
    bind_text(s, 6, f->period_start);
    bind_text(s, 7, f->period_end);
    bind_text(s, 8, f->legal_process);
    bind_text(s, 9, f->requester);
    bind_text(s, 10, f->product);
    bind_text(s, 11, f->reason);
    bind_text(s, 12, f->detail);
    bind_text(s, 13, f->metric);
    bind_number(s, 14, f->v->status == VALUE_FIGURE && f->v->has_low, f->v->low);
    bind_number(s, 15, f->v->status == VALUE_FIGURE && f->v->has_high, f->v->high);
    bind_text(s, 16, f->raw);
    sqlite3_bind_int(s, 17, f->is_aggregate);
    sqlite3_bind_int(s, 18, f->footnote);
    bind_text(s, 19, f->subcategory);
    if ((rc = store_step_done(st, s, err, "cannot store a fact")))
        return rc;
    fact_groups_add(st->groups, f);
    fact_groups_fact_id(st->groups, sqlite3_last_insert_rowid(st->db));
    return 0;
}

int store_note(struct store *st, const struct note *n, struct trdb_err *err)
{
    if (st->pgw)
        return store_pgw_note(st->pgw, n, err);
    sqlite3_stmt *s = stmt(st, S_NOTE, err);
    int rc;

    if (!s)
        return TRDB_EDB;
    sqlite3_bind_int64(s, 1, n->file_id);
    sqlite3_bind_int64(s, 2, n->line);
    sqlite3_bind_int64(s, 3, n->dataset_id);
    bind_text(s, 4, n->request_type);
    bind_text(s, 5, n->country);
    bind_text(s, 6, n->period_start);
    bind_text(s, 7, n->period_end);
    bind_text(s, 8, n->product);
    bind_text(s, 9, n->reason);
    bind_text(s, 10, n->subcategory);
    bind_text(s, 11, n->metric);
    bind_text(s, 12, n->column_name);
    bind_text(s, 13, n->note);
    if ((rc = store_step_done(st, s, err, "cannot store a note")))
        return rc;
    fact_groups_note(st->groups, n->period_start, n->period_end, sqlite3_last_insert_rowid(st->db));
    return 0;
}

int store_report_provider(struct store *st, const char *service, const char *period_start,
                          const char *period_end, char *out, size_t cap, struct trdb_err *err)
{
    if (st->pgw)
        return store_pgw_report_provider(st->pgw, service, period_start, period_end, out, cap, err);
    sqlite3_stmt *s = stmt(st, S_PROVIDER, err);
    int rc;

    if (!s)
        return TRDB_EDB;
    bind_text(s, 1, service);
    bind_text(s, 2, period_start);
    bind_text(s, 3, period_end);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(s, 0));
        sqlite3_reset(s);
        return 1;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0
                             : store_db_error(st, err, "cannot look up the report identification");
}

int store_reject(struct store *st, long long file_id, long long run_id, long line,
                 const char *column, const char *reason, const char *raw, struct trdb_err *err)
{
    if (st->pgw)
        return store_pgw_reject(st->pgw, file_id, run_id, line, column, reason, raw, err);
    sqlite3_stmt *s = stmt(st, S_REJECT, err);

    if (!s)
        return TRDB_EDB;
    sqlite3_bind_int64(s, 1, file_id);
    if (run_id > 0)
        sqlite3_bind_int64(s, 2, run_id);
    sqlite3_bind_int64(s, 3, line);
    bind_text(s, 4, column);
    bind_text(s, 5, reason);
    bind_text(s, 6, raw);
    return store_step_done(st, s, err, "cannot store a reject");
}

int store_fetch_get(struct store *st, const char *url, struct fetch_state *f, struct trdb_err *err)
{
    if (st->pgw)
        return store_pgw_fetch_get(st->pgw, url, f, err);
    sqlite3_stmt *s = stmt(st, S_FETCH_GET, err);
    int rc;

    if (!s)
        return TRDB_EDB;
    memset(f, 0, sizeof(*f));
    sqlite3_bind_text(s, 1, url, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        snprintf(f->etag, sizeof(f->etag), "%s", (const char *)sqlite3_column_text(s, 0));
        snprintf(f->last_modified, sizeof(f->last_modified), "%s",
                 (const char *)sqlite3_column_text(s, 1));
        snprintf(f->sha256, sizeof(f->sha256), "%s", (const char *)sqlite3_column_text(s, 2));
        snprintf(f->path, sizeof(f->path), "%s", (const char *)sqlite3_column_text(s, 3));
        sqlite3_reset(s);
        return 1;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : store_db_error(st, err, "cannot read the fetch state");
}

int store_fetch_put(struct store *st, const char *url, const char *etag, const char *last_modified,
                    const char *sha256, const char *path, const char *status, struct trdb_err *err)
{
    if (st->pgw)
        return store_pgw_fetch_put(st->pgw, url, etag, last_modified, sha256, path, status, err);
    sqlite3_stmt *s = stmt(st, S_FETCH_PUT, err);

    if (!s)
        return TRDB_EDB;
    bind_text(s, 1, url);
    bind_text(s, 2, etag ? etag : "");
    bind_text(s, 3, last_modified ? last_modified : "");
    bind_text(s, 4, sha256 ? sha256 : "");
    bind_text(s, 5, path ? path : "");
    bind_text(s, 6, status);
    return store_step_done(st, s, err, "cannot record the fetch");
}

struct fact_groups *store_groups(struct store *st)
{
    return st->groups;
}
