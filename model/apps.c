/*
 * apps.c: the app tables' writes. Each record is staged with one insert
 * into a temporary table; every STAGE_ROWS records and when the file ends,
 * model/app_merge.sql moves the stage into the indexed tables in bulk. Duplicates (the same removal
 * listed twice) are ignored by the tables' UNIQUE keys.
 */
#include "apps.h"
#include "store.h"
#include "../lib/buf.h"
#include "../lib/err.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

enum { W_STAGE, W_COUNT };

/*
 * Rows are staged in a temporary table without indexes (one cheap insert per
 * row, like a plain import) and merged into apps, app_observations and
 * app_removals in bulk, sorted (model/app_merge.sql), in batches: a stage the
 * size of the whole file would spill out of SQLite's cache into a temporary
 * file and be read back, sorted, through it. All in the file's transaction,
 * so a file is still all in or all out.
 */
enum { STAGE_ROWS = 20000 };
static const char *const sql[W_COUNT] = {
    [W_STAGE] = "INSERT INTO temp.app_stage (store, app_id, bundle_id, name, developer, category, "
                "storefront, at, what, reason, source_url, line) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
};

static const char stage_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS app_stage (store TEXT NOT NULL, app_id TEXT NOT NULL, "
    "bundle_id TEXT, name TEXT, developer TEXT, category TEXT, storefront TEXT NOT NULL, "
    "at TEXT, what TEXT NOT NULL, reason TEXT, source_url TEXT, line INTEGER NOT NULL)";

/*
 * The app whose records were staged last, and the last non-blank value of
 * each of its details (bundle id, name, developer, category). Lists give an
 * app's records together, details repeated on every line: a detail equal to
 * the one before for the same app is staged blank, which the merge reads as
 * "no news" and skips, so it does not sort and compare the same text again.
 */
enum { D_BUNDLE, D_NAME, D_DEVELOPER, D_CATEGORY, D_COUNT };

struct apps_writer {
    struct store *st;
    long long file_id;
    long staged; /* records in the stage, not yet merged */
    sqlite3_stmt *s[W_COUNT];
    struct buf key;             /* store NUL app_id of the last staged record */
    struct buf detail[D_COUNT]; /* its last non-blank details */
};

enum { KEY_LIMIT = 1 << 20, DETAIL_LIMIT = 1 << 20 };

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

struct apps_writer *apps_writer_new(struct store *st, long long file_id, struct trdb_err *err)
{
    struct apps_writer *w = calloc(1, sizeof(*w));

    if (!w) {
        trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        return NULL;
    }
    w->st = st;
    w->file_id = file_id;
    buf_init(&w->key, KEY_LIMIT);
    for (int i = 0; i < D_COUNT; i++)
        buf_init(&w->detail[i], DETAIL_LIMIT);
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
    buf_release(&w->key);
    for (int i = 0; i < D_COUNT; i++)
        buf_release(&w->detail[i]);
    free(w);
}

static void text(sqlite3_stmt *s, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

/*
 * Is app a the one staged last? If not, it becomes that app and its details
 * are forgotten. When the key does not fit in memory, every record is
 * treated as a new app (details all staged: slower, still right).
 */
static int same_app(struct apps_writer *w, const char *store, const char *app_id)
{
    size_t ns = strlen(store), na = strlen(app_id);

    if (w->key.len == ns + 1 + na && !memcmp(w->key.data, store, ns + 1) &&
        !memcmp(w->key.data + ns + 1, app_id, na))
        return 1;
    buf_reset(&w->key);
    for (int i = 0; i < D_COUNT; i++)
        buf_reset(&w->detail[i]);
    if (buf_append(&w->key, store, ns + 1) || buf_append(&w->key, app_id, na))
        buf_reset(&w->key);
    return 0;
}

/*
 * Bind detail i of the record: blank when it is blank, or when the same app
 * had this value last (the merge then keeps that value).
 */
static void bind_detail(struct apps_writer *w, sqlite3_stmt *s, int col, int i, int same,
                        const char *v)
{
    struct buf *last = &w->detail[i];
    size_t n;

    if (!v || !*v) {
        sqlite3_bind_null(s, col);
        return;
    }
    n = strlen(v);
    if (same && last->len == n && !memcmp(last->data, v, n)) {
        sqlite3_bind_null(s, col);
        return;
    }
    buf_reset(last);
    if (buf_append(last, v, n))
        buf_reset(last); /* too long to keep: staged every time */
    sqlite3_bind_text(s, col, v, (int)n, SQLITE_TRANSIENT);
}

/* Stage one record: what is "1", "0", "?" (an observation), "removed" or "reinstated". */
static int stage(struct apps_writer *w, const struct app_info *a, const char *storefront,
                 const char *at, const char *what, const char *reason, const char *source_url,
                 long line, struct trdb_err *err)
{
    sqlite3_stmt *s = w->s[W_STAGE];

    const char *store = a->store && *a->store ? a->store : "apple";
    int same = same_app(w, store, a->app_id ? a->app_id : "");

    sqlite3_reset(s);
    text(s, 1, store);
    text(s, 2, a->app_id);
    bind_detail(w, s, 3, D_BUNDLE, same, a->bundle_id);
    bind_detail(w, s, 4, D_NAME, same, a->name);
    bind_detail(w, s, 5, D_DEVELOPER, same, a->developer);
    bind_detail(w, s, 6, D_CATEGORY, same, a->category);
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
    if (++w->staged < STAGE_ROWS)
        return 0;
    w->staged = 0;
    return store_run_script(w->st, "model/app_merge.sql", w->file_id, err);
}

int apps_put_observation(struct apps_writer *w, const struct app_info *a, const char *storefront,
                         const char *observed_at, int available, long line, struct trdb_err *err)
{
    return stage(w, a, storefront, observed_at,
                 available < 0 ? "?"
                 : available   ? "1"
                               : "0",
                 NULL, NULL, line, err);
}

int apps_put_removal(struct apps_writer *w, const struct app_info *a, const char *storefront,
                     const char *date, int reinstated, const char *reason, const char *source_url,
                     long line, struct trdb_err *err)
{
    return stage(w, a, storefront, date, reinstated ? "reinstated" : "removed", reason, source_url,
                 line, err);
}

int apps_file_finish(struct apps_writer *w, struct trdb_err *err)
{
    int rc = store_run_script(w->st, "model/app_merge.sql", w->file_id, err);

    w->staged = 0;
    if (!rc)
        rc = store_run_script(w->st, "model/derive.sql", w->file_id, err);
    if (!rc)
        rc = store_run_script(w->st, "model/rollup.sql", w->file_id, err);
    return rc ? rc : store_run_script(w->st, "model/app_summary.sql", w->file_id, err);
}
