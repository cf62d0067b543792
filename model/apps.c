/*
 * apps.c: the app tables' writes. One upsert gives an app's row id
 * (RETURNING), so a removal list costs two statements a row; duplicates
 * (the same removal listed twice) are ignored by the tables' UNIQUE keys.
 */
#include "apps.h"
#include "store.h"
#include "../lib/err.h"

#include <stdlib.h>
#include <string.h>

enum { W_APP, W_OBS, W_REM, W_COUNT };

static const char *const sql[W_COUNT] = {
    [W_APP] = "INSERT INTO apps (store, app_id, bundle_id, name, developer, category) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (store, app_id) DO UPDATE SET "
              "bundle_id = coalesce(excluded.bundle_id, bundle_id), "
              "name = coalesce(excluded.name, name), "
              "developer = coalesce(excluded.developer, developer), "
              "category = coalesce(excluded.category, category) RETURNING id",
    [W_OBS] = "INSERT OR IGNORE INTO app_observations (app, storefront, observed_at, available, "
              "file_id, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [W_REM] = "INSERT OR IGNORE INTO app_removals (app, storefront, removed_on, kind, derived, "
              "reason, source_url, file_id, line) VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8)",
};

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

int apps_put_app(struct apps_writer *w, const struct app_info *a, long long *id,
                 struct trdb_err *err)
{
    sqlite3_stmt *s = w->s[W_APP];
    int rc;

    sqlite3_reset(s);
    text(s, 1, a->store && *a->store ? a->store : "apple");
    text(s, 2, a->app_id);
    text(s, 3, a->bundle_id);
    text(s, 4, a->name);
    text(s, 5, a->developer);
    text(s, 6, a->category);
    rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return fail(w, err, "cannot store an app");
    }
    *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return 0;
}

int apps_put_observation(struct apps_writer *w, long long app, const char *storefront,
                         const char *observed_at, int available, long long file_id, long line,
                         struct trdb_err *err)
{
    sqlite3_stmt *s = w->s[W_OBS];

    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, app);
    text(s, 2, storefront);
    text(s, 3, observed_at);
    if (available < 0)
        sqlite3_bind_null(s, 4);
    else
        sqlite3_bind_int(s, 4, available);
    sqlite3_bind_int64(s, 5, file_id);
    sqlite3_bind_int64(s, 6, line);
    if (sqlite3_step(s) != SQLITE_DONE) {
        sqlite3_reset(s);
        return fail(w, err, "cannot store an observation");
    }
    sqlite3_reset(s);
    return 0;
}

int apps_put_removal(struct apps_writer *w, long long app, const char *storefront,
                     const char *date, int reinstated, const char *reason,
                     const char *source_url, long long file_id, long line,
                     struct trdb_err *err)
{
    sqlite3_stmt *s = w->s[W_REM];

    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, app);
    text(s, 2, storefront);
    text(s, 3, date);
    text(s, 4, reinstated ? "reinstated" : "removed");
    text(s, 5, reason);
    text(s, 6, source_url);
    sqlite3_bind_int64(s, 7, file_id);
    sqlite3_bind_int64(s, 8, line);
    if (sqlite3_step(s) != SQLITE_DONE) {
        sqlite3_reset(s);
        return fail(w, err, "cannot store a removal");
    }
    sqlite3_reset(s);
    return 0;
}

int apps_file_finish(struct store *st, long long file_id, struct trdb_err *err)
{
    int rc = store_run_script(st, "model/derive.sql", file_id, err);

    return rc ? rc : store_run_script(st, "model/app_summary.sql", file_id, err);
}
