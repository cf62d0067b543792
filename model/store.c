/*
 * store.c: every write trdb makes, with statements prepared once per
 * connection. Migrations are the files model/schema/NNNN-*.sql, embedded
 * in the binary and applied in order inside one transaction each.
 */
#include "store.h"
#include "country.h"
#include "value.h"
#include "../lib/err.h"
#include "../lib/sqltext.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const migrations[] = {
    "model/schema/0001-initial.sql", /* version 1 */
};
#define NMIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))

enum {
    S_FACT,
    S_REJECT,
    S_FILE_KNOWN,
    S_PUBLISHER_ADD,
    S_DATASET_ADD,
    S_DATASET_ID,
    S_FILE_ADD,
    S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
    [S_FACT] = "INSERT INTO fact_rows (file_id, line, dataset_id, request_type, country, "
               "period_start, period_end, legal_process, requester, product, reason, detail, "
               "metric, value_low, value_high, value_raw, is_aggregate, footnote) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
               "?17, ?18)",
    [S_REJECT] = "INSERT INTO rejects (file_id, run, line, column_name, reason, raw) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [S_FILE_KNOWN] = "SELECT id, profile, rows_loaded, rows_rejected FROM source_files "
                     "WHERE sha256 = ?1",
    [S_PUBLISHER_ADD] = "INSERT INTO publishers (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
    [S_DATASET_ADD] = "INSERT INTO datasets (publisher_id, name, in_summary) "
                      "SELECT id, ?2, ?3 FROM publishers WHERE name = ?1 "
                      "ON CONFLICT (publisher_id, name) DO UPDATE SET in_summary = excluded.in_summary "
                      "WHERE in_summary != excluded.in_summary",
    [S_DATASET_ID] = "SELECT d.id FROM datasets d JOIN publishers p ON p.id = d.publisher_id "
                     "WHERE p.name = ?1 AND d.name = ?2",
    [S_FILE_ADD] = "INSERT INTO source_files (path, sha256, bytes, profile, publisher, dataset_id, "
                   "first_seen, run) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                   "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?7)",
};

struct store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *stmt[S_COUNT];
};

static int db_error(struct store *st, struct trdb_err *err, const char *what)
{
    int code = sqlite3_errcode(st->db);
    int rc = code == SQLITE_BUSY || code == SQLITE_LOCKED ? TRDB_EBUSY : TRDB_EDB;

    return trdb_err_set(err, rc, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

static int exec(struct store *st, const char *sql, struct trdb_err *err, const char *what)
{
    char *msg = NULL;

    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int code = sqlite3_errcode(st->db);
        trdb_err_set(err, code == SQLITE_BUSY ? TRDB_EBUSY : TRDB_EDB, "%s: %s: %s", st->path,
                     what, msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return err ? err->code : TRDB_EDB;
    }
    return 0;
}

static int user_version(struct store *st, int *v)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL);

    if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        *v = sqlite3_column_int(s, 0);
    else
        rc = SQLITE_ERROR;
    sqlite3_finalize(s);
    return rc == SQLITE_OK ? 0 : -1;
}

static int migrate(struct store *st, struct trdb_err *err)
{
    int v;

    if (user_version(st, &v))
        return db_error(st, err, "cannot read the schema version (is it a trdb database?)");
    if (v > (int)NMIGRATIONS)
        return trdb_err_set(err, TRDB_EDB,
                            "%s: schema version %d is newer than this trdb knows (%d); "
                            "use a newer trdb",
                            st->path, v, (int)NMIGRATIONS);
    while (v < (int)NMIGRATIONS) {
        const char *sql = sql_text(migrations[v]);
        char pragma[64];
        int rc;

        if (!sql)
            return trdb_err_set(err, TRDB_EDB, "migration %s is missing from this build",
                                migrations[v]);
        if ((rc = exec(st, "BEGIN IMMEDIATE", err, "cannot start the migration")))
            return rc;
        /* another process may have migrated while we waited for the lock */
        if (user_version(st, &v) || v >= (int)NMIGRATIONS) {
            exec(st, "ROLLBACK", NULL, "");
            break;
        }
        snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
        if ((rc = exec(st, sql_text(migrations[v]), err, "migration failed")) ||
            (rc = exec(st, pragma, err, "migration failed")) ||
            (rc = exec(st, "COMMIT", err, "migration failed"))) {
            exec(st, "ROLLBACK", NULL, "");
            return rc;
        }
        v++;
    }
    return 0;
}

static int raw_open(struct store *st, int flags, struct trdb_err *err)
{
    if (sqlite3_open_v2(st->path, &st->db, flags, NULL) != SQLITE_OK) {
        int rc = trdb_err_set(err, TRDB_EDB, "cannot open database '%s': %s", st->path,
                              st->db ? sqlite3_errmsg(st->db) : "out of memory");
        sqlite3_close(st->db);
        st->db = NULL;
        return rc;
    }
    sqlite3_extended_result_codes(st->db, 0);
    sqlite3_busy_timeout(st->db, 5000);
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
    if (mode != STORE_CREATE && stat(path, &sb) != 0) {
        rc = trdb_err_set(err, TRDB_ENOTFOUND,
                          "no database at '%s' (run 'trdb init' or 'trdb ingest' first)", path);
        goto fail;
    }
    if (mode == STORE_READONLY) {
        /* an old schema is migrated with a writable connection first */
        if ((rc = raw_open(st, SQLITE_OPEN_READONLY, err)))
            goto fail;
        if (user_version(st, &v)) {
            rc = db_error(st, err, "cannot read the schema version (is it a trdb database?)");
            goto fail;
        }
        if (v < (int)NMIGRATIONS) {
            sqlite3_close(st->db);
            st->db = NULL;
            if ((rc = raw_open(st, SQLITE_OPEN_READWRITE, err)) || (rc = migrate(st, err)))
                goto fail;
            sqlite3_close(st->db);
            st->db = NULL;
            if ((rc = raw_open(st, SQLITE_OPEN_READONLY, err)))
                goto fail;
        } else if (v > (int)NMIGRATIONS && (rc = migrate(st, err))) {
            goto fail;
        }
        *out = st;
        return 0;
    }
    if ((rc = raw_open(st, SQLITE_OPEN_READWRITE | (mode == STORE_CREATE ? SQLITE_OPEN_CREATE : 0),
                       err)))
        goto fail;
    if ((rc = exec(st, "PRAGMA journal_mode = WAL", err, "cannot use WAL mode")) ||
        (rc = exec(st, "PRAGMA foreign_keys = ON", err, "cannot enable foreign keys")) ||
        (rc = exec(st, "PRAGMA synchronous = NORMAL", err, "cannot set synchronous")) ||
        (rc = migrate(st, err)))
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
    sqlite3_close(st->db);
    free(st->path);
    free(st);
}

sqlite3 *store_db(struct store *st)
{
    return st->db;
}

int store_version(struct store *st)
{
    int v = -1;

    user_version(st, &v);
    return v;
}

static sqlite3_stmt *stmt(struct store *st, int which, struct trdb_err *err)
{
    if (!st->stmt[which] &&
        sqlite3_prepare_v3(st->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                           &st->stmt[which], NULL) != SQLITE_OK) {
        db_error(st, err, "cannot prepare a statement");
        return NULL;
    }
    sqlite3_reset(st->stmt[which]);
    sqlite3_clear_bindings(st->stmt[which]);
    return st->stmt[which];
}

/* Step a write statement to completion. */
static int step_done(struct store *st, sqlite3_stmt *s, struct trdb_err *err, const char *what)
{
    int rc = sqlite3_step(s);

    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return db_error(st, err, what);
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
    return exec(st, "BEGIN IMMEDIATE", err, "cannot start a transaction");
}

int store_commit(struct store *st, struct trdb_err *err)
{
    return exec(st, "COMMIT", err, "cannot commit");
}

void store_rollback(struct store *st)
{
    if (!sqlite3_get_autocommit(st->db))
        exec(st, "ROLLBACK", NULL, "");
}

int store_sync_countries(struct store *st, const struct country_db *cdb, struct trdb_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc;

    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO countries (code, name, kind) VALUES (?1, ?2, ?3) "
                           "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
                           "kind = excluded.kind "
                           "WHERE name != excluded.name OR kind != excluded.kind",
                           -1, &s, NULL) != SQLITE_OK)
        return db_error(st, err, "cannot prepare the country list");
    if ((rc = store_begin(st, err)))
        goto out;
    for (size_t i = 0; i < country_count(cdb); i++) {
        const struct country *c = country_at(cdb, i);
        sqlite3_bind_text(s, 1, c->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, c->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, c->kind, -1, SQLITE_STATIC);
        if ((rc = step_done(st, s, err, "cannot store the country list")))
            break;
    }
    if (rc)
        store_rollback(st);
    else
        rc = store_commit(st, err);
out:
    sqlite3_finalize(s);
    return rc;
}

int store_run_begin(struct store *st, long long *run_id, struct trdb_err *err)
{
    int rc = exec(st,
                  "INSERT INTO ingest_runs (started_at) "
                  "VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                  err, "cannot record the run");

    if (!rc)
        *run_id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

int store_run_end(struct store *st, long long run_id, const struct run_counts *c, int exit_code,
                  struct trdb_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc;

    if (sqlite3_prepare_v2(st->db,
                           "UPDATE ingest_runs SET ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
                           "files_seen = ?2, files_loaded = ?3, files_unchanged = ?4, "
                           "files_failed = ?5, rows_loaded = ?6, rows_rejected = ?7, "
                           "exit_code = ?8 WHERE id = ?1",
                           -1, &s, NULL) != SQLITE_OK)
        return db_error(st, err, "cannot record the run");
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int64(s, 2, c->files_seen);
    sqlite3_bind_int64(s, 3, c->files_loaded);
    sqlite3_bind_int64(s, 4, c->files_unchanged);
    sqlite3_bind_int64(s, 5, c->files_failed);
    sqlite3_bind_int64(s, 6, c->rows_loaded);
    sqlite3_bind_int64(s, 7, c->rows_rejected);
    sqlite3_bind_int(s, 8, exit_code);
    rc = step_done(st, s, err, "cannot record the run");
    sqlite3_finalize(s);
    return rc;
}

int store_file_known(struct store *st, const char *sha256, struct known_file *k,
                     struct trdb_err *err)
{
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
        sqlite3_reset(s);
        return 1;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : db_error(st, err, "cannot look up the file");
}

int store_file_add(struct store *st, const struct file_info *fi, long long *file_id,
                   long long *dataset_id, struct trdb_err *err)
{
    sqlite3_stmt *s;
    int rc;

    if (!(s = stmt(st, S_PUBLISHER_ADD, err)))
        return TRDB_EDB;
    bind_text(s, 1, fi->publisher);
    if ((rc = step_done(st, s, err, "cannot record the publisher")))
        return rc;
    if (!(s = stmt(st, S_DATASET_ADD, err)))
        return TRDB_EDB;
    bind_text(s, 1, fi->publisher);
    bind_text(s, 2, fi->dataset);
    sqlite3_bind_int(s, 3, fi->in_summary);
    if ((rc = step_done(st, s, err, "cannot record the dataset")))
        return rc;
    if (!(s = stmt(st, S_DATASET_ID, err)))
        return TRDB_EDB;
    bind_text(s, 1, fi->publisher);
    bind_text(s, 2, fi->dataset);
    if (sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_reset(s);
        return db_error(st, err, "cannot find the dataset");
    }
    *dataset_id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);

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
    if ((rc = step_done(st, s, err, "cannot record the file")))
        return rc;
    *file_id = sqlite3_last_insert_rowid(st->db);
    return 0;
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

int store_fact(struct store *st, const struct fact *f, struct trdb_err *err)
{
    sqlite3_stmt *s = stmt(st, S_FACT, err);

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
    return step_done(st, s, err, "cannot store a fact");
}

int store_reject(struct store *st, long long file_id, long long run_id, long line,
                 const char *column, const char *reason, const char *raw, struct trdb_err *err)
{
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
    return step_done(st, s, err, "cannot store a reject");
}

int store_file_finish(struct store *st, long long file_id, long long dataset_id,
                      const struct file_counts *c, struct trdb_err *err)
{
    static const char *const sql[] = {
        /* 1: the periods the file reports */
        "INSERT INTO file_periods (file_id, period_start, period_end) "
        "SELECT DISTINCT file_id, period_start, period_end FROM fact_rows WHERE file_id = ?1",
        /* 2: counts and coverage */
        "UPDATE source_files SET rows_loaded = ?2, rows_rejected = ?3, rows_skipped = ?4, "
        "facts = ?5, coverage_end = (SELECT max(period_end) FROM file_periods WHERE file_id = ?1) "
        "WHERE id = ?1",
        /* 3: for each period of this file, the newest release of the dataset is current */
        "UPDATE fact_rows SET is_current = (fact_rows.file_id = w.winner) "
        "FROM (SELECT fp.period_start, fp.period_end, "
        "        (SELECT f2.file_id FROM file_periods f2 JOIN source_files s2 ON s2.id = f2.file_id "
        "         WHERE s2.dataset_id = ?6 AND f2.period_start = fp.period_start "
        "           AND f2.period_end = fp.period_end "
        "         ORDER BY s2.coverage_end DESC, s2.id DESC LIMIT 1) AS winner "
        "      FROM file_periods fp WHERE fp.file_id = ?1) AS w "
        "WHERE fact_rows.dataset_id = ?6 AND fact_rows.period_start = w.period_start "
        "  AND fact_rows.period_end = w.period_end "
        "  AND fact_rows.is_current != (fact_rows.file_id = w.winner)",
        /* 4: the summary scope: this publisher, this file's periods */
        "CREATE TEMP TABLE IF NOT EXISTS summary_scope "
        "(publisher TEXT, period_start TEXT, period_end TEXT)",
        "DELETE FROM temp.summary_scope",
        "INSERT INTO temp.summary_scope SELECT s.publisher, fp.period_start, fp.period_end "
        "FROM file_periods fp JOIN source_files s ON s.id = fp.file_id WHERE fp.file_id = ?1",
    };
    const char *summary = sql_text("model/summary.sql");
    int rc = 0;

    for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]) && !rc; i++) {
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(st->db, sql[i], -1, &s, NULL) != SQLITE_OK)
            return db_error(st, err, "cannot prepare the merge");
        for (int p = 1; p <= sqlite3_bind_parameter_count(s); p++) {
            const char *name = sqlite3_bind_parameter_name(s, p);
            long long v = 0;
            switch (name ? name[1] : '0') {
            case '1': v = file_id; break;
            case '2': v = c->rows_loaded; break;
            case '3': v = c->rows_rejected; break;
            case '4': v = c->rows_skipped; break;
            case '5': v = c->facts; break;
            case '6': v = dataset_id; break;
            }
            sqlite3_bind_int64(s, p, v);
        }
        rc = step_done(st, s, err, "cannot merge the file");
        sqlite3_finalize(s);
    }
    if (rc)
        return rc;
    if (!summary)
        return trdb_err_set(err, TRDB_EDB, "model/summary.sql is missing from this build");
    return exec(st, summary, err, "cannot rebuild country_summary");
}
