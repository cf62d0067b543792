/*
 * apps.c: the app tables' writes: each record straight into apps and
 * app_removals or app_observations through prepared statements, and the
 * per-file scripts (derive.sql, app_summary.sql) when the file ends.
 * Duplicates (the same removal listed twice) are ignored by the tables'
 * UNIQUE keys.
 */
#include "apps.h"
#include "store.h"
#include "../lib/buf.h"
#include "../lib/err.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

/*
 * Each record goes straight into its table through a prepared statement, in
 * the file's transaction (so a file is still all in or all out): the app
 * once per run of records of the same app, or again when one of its details
 * changes, then the removal or the observation. Duplicates (the same removal
 * listed twice) are dropped by the tables' UNIQUE keys, the first listed
 * kept. An app's details take the file's last non-blank value, else keep what
 * was known (the upsert's coalesce).
 */
enum { W_APP, W_REMOVAL, W_OBSERVATION, W_STOREFRONT, W_COUNT };
static const char *const sql[W_COUNT] = {
    [W_APP] = "INSERT INTO apps (store, app_id, bundle_id, name, developer, category) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (store, app_id) DO UPDATE SET "
              "bundle_id = coalesce(excluded.bundle_id, bundle_id), "
              "name = coalesce(excluded.name, name), "
              "developer = coalesce(excluded.developer, developer), "
              "category = coalesce(excluded.category, category) RETURNING id",
    [W_REMOVAL] = "INSERT OR IGNORE INTO app_removals (app, storefront, removed_on, kind, derived, "
                  "reason, source_url, file_id, line) VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8)",
    [W_OBSERVATION] = "INSERT OR IGNORE INTO app_observations (app, storefront, observed_at, "
                      "available, file_id, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    /* the storefronts whose apps_removed_observed app_summary.sql counts again */
    [W_STOREFRONT] = "INSERT OR IGNORE INTO temp.app_storefronts (storefront) VALUES (?1)",
};

static const char storefronts_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS app_storefronts (storefront TEXT PRIMARY KEY)";

/*
 * The app written last, its id, and the last non-blank value of each of its
 * details (bundle id, name, developer, category). Lists give an app's
 * records together, details repeated on every line: a record of the same
 * app whose details are the ones before (or blank) writes no app row.
 */
enum { D_BUNDLE, D_NAME, D_DEVELOPER, D_CATEGORY, D_COUNT };

/* storefronts a writer remembers having noted; past SEEN_SLOTS / 2 it notes each again */
enum { SEEN_SLOTS = 1024 };

struct apps_writer {
    struct store *st;
    long long file_id;
    long long app; /* apps.id of the app in key, 0 when none */
    sqlite3_stmt *s[W_COUNT];
    struct buf key;             /* store NUL app_id of the last record */
    struct buf detail[D_COUNT]; /* its last non-blank details */
    char *seen[SEEN_SLOTS];     /* storefronts already noted (open addressing), NULL: free */
    int nseen;
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
    if (sqlite3_exec(store_db(st), storefronts_sql, NULL, NULL, NULL) != SQLITE_OK) {
        fail(w, err, "cannot prepare the app records");
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
    for (int i = 0; i < SEEN_SLOTS; i++)
        free(w->seen[i]);
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
 * Is app a the one written last? If not, it becomes that app and its details
 * are forgotten. When the key does not fit in memory, every record is
 * treated as a new app (its app row written each time: slower, still right).
 */
static int same_app(struct apps_writer *w, const char *store, const char *app_id)
{
    size_t ns = strlen(store), na = strlen(app_id);

    if (w->key.len == ns + 1 + na && !memcmp(w->key.data, store, ns + 1) &&
        !memcmp(w->key.data + ns + 1, app_id, na))
        return 1;
    w->app = 0;
    buf_reset(&w->key);
    for (int i = 0; i < D_COUNT; i++)
        buf_reset(&w->detail[i]);
    if (buf_append(&w->key, store, ns + 1) || buf_append(&w->key, app_id, na))
        buf_reset(&w->key);
    return 0;
}

/*
 * Bind detail i of the record: blank when it is blank, or when the same app
 * had this value last (the upsert then keeps that value). Returns 1 when
 * it bound news.
 */
static int bind_detail(struct apps_writer *w, sqlite3_stmt *s, int col, int i, int same,
                       const char *v)
{
    struct buf *last = &w->detail[i];
    size_t n;

    if (!v || !*v) {
        sqlite3_bind_null(s, col);
        return 0;
    }
    n = strlen(v);
    if (same && last->len == n && !memcmp(last->data, v, n)) {
        sqlite3_bind_null(s, col);
        return 0;
    }
    buf_reset(last);
    if (buf_append(last, v, n))
        buf_reset(last); /* too long to keep: written every time */
    sqlite3_bind_text(s, col, v, (int)n, SQLITE_TRANSIENT);
    return 1;
}

/* The app's row, written when it is new to this run of records or has news: sets w->app. */
static int put_app(struct apps_writer *w, const struct app_info *a, struct trdb_err *err)
{
    sqlite3_stmt *s = w->s[W_APP];
    const char *store = a->store && *a->store ? a->store : "apple";
    int same = same_app(w, store, a->app_id ? a->app_id : "") && w->app > 0;
    int news = 0, rc;

    sqlite3_reset(s);
    text(s, 1, store);
    text(s, 2, a->app_id);
    news |= bind_detail(w, s, 3, D_BUNDLE, same, a->bundle_id);
    news |= bind_detail(w, s, 4, D_NAME, same, a->name);
    news |= bind_detail(w, s, 5, D_DEVELOPER, same, a->developer);
    news |= bind_detail(w, s, 6, D_CATEGORY, same, a->category);
    if (same && !news)
        return 0;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        w->app = sqlite3_column_int64(s, 0);
    if (rc != SQLITE_ROW || sqlite3_step(s) != SQLITE_DONE) {
        w->app = 0;
        sqlite3_reset(s);
        return fail(w, err, "cannot store an app");
    }
    sqlite3_reset(s);
    return 0;
}

/*
 * The storefront, for app_summary.sql, the first time the file names it
 * (a few hundred storefronts, in every order): 1 when it is new and now
 * remembered, 0 when it was noted before, -1 when the set is full.
 */
static int seen_storefront(struct apps_writer *w, const char *storefront)
{
    unsigned h = 2166136261u;

    for (const unsigned char *p = (const unsigned char *)storefront; *p; p++)
        h = (h ^ *p) * 16777619u;
    for (unsigned i = h % SEEN_SLOTS;; i = (i + 1) % SEEN_SLOTS) {
        if (!w->seen[i]) {
            if (w->nseen >= SEEN_SLOTS / 2 || !(w->seen[i] = strdup(storefront)))
                return -1;
            w->nseen++;
            return 1;
        }
        if (strcmp(w->seen[i], storefront) == 0)
            return 0;
    }
}

/* Step s to its end and reset it: 0, or fail()'s code saying what could not be done. */
static int step_done(struct apps_writer *w, sqlite3_stmt *s, struct trdb_err *err, const char *what)
{
    int rc = sqlite3_step(s);

    if (rc != SQLITE_DONE) {
        rc = fail(w, err, what); /* before the reset: it reads the statement's error */
        sqlite3_reset(s);
        return rc;
    }
    sqlite3_reset(s);
    return 0;
}

static int put_storefront(struct apps_writer *w, const char *storefront, struct trdb_err *err)
{
    sqlite3_stmt *s = w->s[W_STOREFRONT];

    if (seen_storefront(w, storefront) == 0)
        return 0;
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, storefront, -1, SQLITE_TRANSIENT);
    return step_done(w, s, err, "cannot note a storefront");
}

int apps_put_observation(struct apps_writer *w, const struct app_info *a, const char *storefront,
                         const char *observed_at, int available, long line, struct trdb_err *err)
{
    sqlite3_stmt *s = w->s[W_OBSERVATION];
    int rc = put_app(w, a, err);

    if (rc || (rc = put_storefront(w, storefront ? storefront : "", err)))
        return rc;
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, w->app);
    text(s, 2, storefront);
    text(s, 3, observed_at);
    if (available < 0)
        sqlite3_bind_null(s, 4);
    else
        sqlite3_bind_int(s, 4, available ? 1 : 0);
    sqlite3_bind_int64(s, 5, w->file_id);
    sqlite3_bind_int64(s, 6, line);
    return step_done(w, s, err, "cannot store an app observation");
}

int apps_put_removal(struct apps_writer *w, const struct app_info *a, const char *storefront,
                     const char *date, int reinstated, const char *reason, const char *source_url,
                     long line, struct trdb_err *err)
{
    sqlite3_stmt *s = w->s[W_REMOVAL];
    int rc = put_app(w, a, err);

    if (rc || (rc = put_storefront(w, storefront ? storefront : "", err)))
        return rc;
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, w->app);
    text(s, 2, storefront);
    text(s, 3, date);
    text(s, 4, reinstated ? "reinstated" : "removed");
    text(s, 5, reason);
    text(s, 6, source_url);
    sqlite3_bind_int64(s, 7, w->file_id);
    sqlite3_bind_int64(s, 8, line);
    return step_done(w, s, err, "cannot store an app removal");
}

int apps_file_finish(struct apps_writer *w, struct trdb_err *err)
{
    int rc = store_run_script(w->st, "model/derive.sql", w->file_id, err);

    if (!rc)
        rc = store_run_script(w->st, "model/rollup.sql", w->file_id, err);
    return rc ? rc : store_run_script(w->st, "model/app_summary.sql", w->file_id, err);
}
