/*
 * apps.c: the app tables' writes. Each record is staged with one insert
 * into a temporary table; when the file ends, model/app_merge.sql moves the
 * stage into the indexed tables in bulk. Duplicates (the same removal
 * listed twice) are ignored by the tables' UNIQUE keys.
 */
#include "apps.h"
#include "store.h"
#include "../lib/err.h"

#include <stdlib.h>
#include <string.h>

enum { W_STAGE, W_COUNT };

/*
 * Rows are staged in a temporary table without indexes (one cheap insert per
 * row, like a plain import) and merged into apps, app_observations and
 * app_removals in bulk, sorted, when the file ends (model/app_merge.sql).
 */
static const char *const sql[W_COUNT] = {
    [W_STAGE] = "INSERT INTO temp.app_stage (store, app_id, bundle_id, name, developer, category, "
                "storefront, at, what, reason, source_url, line) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
};

static const char stage_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS app_stage (store TEXT NOT NULL, app_id TEXT NOT NULL, "
    "bundle_id TEXT, name TEXT, developer TEXT, category TEXT, storefront TEXT NOT NULL, "
    "at TEXT NOT NULL, what TEXT NOT NULL, reason TEXT, source_url TEXT, line INTEGER NOT NULL)";

struct apps_writer {
    struct store *st;
    sqlite3_stmt *s[W_COUNT];
};

static int fail(struct apps_writer *w, struct trdb_err *err, const char *what)
{
    sqlite3 *db = store_db(w->st);
    int code = sqlite3_errcode(db) & 0xff;

    return trdb_err_set(err,
                        code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CORRUPT ||
                                code == SQLITE_READONLY || code == SQLITE_NOMEM
                            ? TRDB_EIO
                            : TRDB_EDB,
                        "%s: %s", what, sqlite3_errmsg(db));
}

struct apps_writer *apps_writer_new(struct store *st, struct trdb_err *err)
{
    struct apps_writer *w = calloc(1, sizeof(*w));

    if (!w) {
        trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        return NULL;
    }
    w->st = st;
    if (sqlite3_exec(store_db(st), stage_sql, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(store_db(st), "DELETE FROM temp.app_stage", NULL, NULL, NULL) != SQLITE_OK) {
        fail(w, err, "cannot stage app records");
        apps_writer_free(w);
        return NULL;
    }
    for (int i = 0; i < W_COUNT; i++) {
        if (sqlite3_prepare_v3(store_db(st), sql[i], -1, SQLITE_PREPARE_PERSISTENT, &w->s[i],
                               NULL) != SQLITE_OK) {
            fail(w, err, "cannot prepare the app statements");
            apps_writer_free(w);
            return NULL;
        }
    }
    return w;
}

void apps_writer_free(struct apps_writer *w)
{
    if (!w)
        return;
    for (int i = 0; i < W_COUNT; i++)
        sqlite3_finalize(w->s[i]);
    free(w);
}

static void text(sqlite3_stmt *s, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

/* Stage one record: what is "1", "0", "?" (an observation), "removed" or "reinstated". */
static int stage(struct apps_writer *w, const struct app_info *a, const char *storefront,
                 const char *at, const char *what, const char *reason, const char *source_url,
                 long line, struct trdb_err *err)
{
    sqlite3_stmt *s = w->s[W_STAGE];

    sqlite3_reset(s);
    text(s, 1, a->store && *a->store ? a->store : "apple");
    text(s, 2, a->app_id);
    text(s, 3, a->bundle_id);
    text(s, 4, a->name);
    text(s, 5, a->developer);
    text(s, 6, a->category);
    text(s, 7, storefront);
    text(s, 8, at);
    text(s, 9, what);
    text(s, 10, reason);
    text(s, 11, source_url);
    sqlite3_bind_int64(s, 12, line);
    if (sqlite3_step(s) != SQLITE_DONE) {
        sqlite3_reset(s);
        return fail(w, err, "cannot stage an app record");
    }
    sqlite3_reset(s);
    return 0;
}

int apps_put_observation(struct apps_writer *w, const struct app_info *a, const char *storefront,
                         const char *observed_at, int available, long line, struct trdb_err *err)
{
    return stage(w, a, storefront, observed_at, available < 0 ? "?" : available ? "1" : "0",
                 NULL, NULL, line, err);
}

int apps_put_removal(struct apps_writer *w, const struct app_info *a, const char *storefront,
                     const char *date, int reinstated, const char *reason,
                     const char *source_url, long line, struct trdb_err *err)
{
    return stage(w, a, storefront, date, reinstated ? "reinstated" : "removed", reason,
                 source_url, line, err);
}

int apps_file_finish(struct store *st, long long file_id, struct trdb_err *err)
{
    int rc = store_run_script(st, "model/app_merge.sql", file_id, err);

    if (!rc)
        rc = store_run_script(st, "model/derive.sql", file_id, err);
    return rc ? rc : store_run_script(st, "model/app_summary.sql", file_id, err);
}
