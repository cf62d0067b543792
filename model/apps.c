/*
 * apps.c: the app tables' writes: each record straight into apps and
 * app_removals or app_observations through prepared statements, and the
 * per-file scripts (derive.sql, rollup.sql, app_summary.sql) when the file
 * ends, and the counts the file's new removals add to the rollups, kept in
 * memory (app_counts.c) while the rows stream. Duplicates (the same removal
 * listed twice) are ignored by the tables' UNIQUE keys. On PostgreSQL each
 * record goes to store_pgw_apps.c instead, which writes a file's records
 * set-based when it ends (model/pg/apps.sql), with the same rules.
 */
#include "apps.h"
#include "app_counts.h"
#include "store.h"
#include "store_int.h"
#include "store_pgw.h"
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
enum {
    W_APP,
    W_APP_FIND,
    W_APP_NEW,
    W_REMOVAL,
    W_OBSERVATION,
    W_STOREFRONT,
    L_RANGE,
    L_STOREFRONT,
    U_FILES,
    U_MONTHS,
    U_CATEGORIES,
    U_SUMMARY,
    W_COUNT
};
static const char *const sql[W_COUNT] = {
    [W_APP] = "INSERT INTO apps (store, app_id, bundle_id, name, developer, category) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (store, app_id) DO UPDATE SET "
              "bundle_id = coalesce(excluded.bundle_id, bundle_id), "
              "name = coalesce(excluded.name, name), "
              "developer = coalesce(excluded.developer, developer), "
              "category = coalesce(excluded.category, category) RETURNING id, category",
    /* an app new to this run of records: looked up first, so that one known as it is writes nothing
     */
    [W_APP_FIND] = "SELECT id, bundle_id, name, developer, category FROM apps "
                   "WHERE store = ?1 AND app_id = ?2",
    [W_APP_NEW] = "INSERT INTO apps (store, app_id, bundle_id, name, developer, category) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [W_REMOVAL] = "INSERT OR IGNORE INTO app_removals (app, storefront, removed_on, kind, derived, "
                  "reason, source_url, file_id, line) VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8)",
    [W_OBSERVATION] = "INSERT OR IGNORE INTO app_observations (app, storefront, observed_at, "
                      "available, file_id, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    /* the storefronts whose rollups and apps_removed_observed are counted again */
    [W_STOREFRONT] = "INSERT OR IGNORE INTO temp.app_storefronts (storefront) VALUES (?1)",
    /* has the app another removal in the storefront, dated in [?3, ?4) ('' undated)? */
    [L_RANGE] = "SELECT EXISTS (SELECT 1 FROM app_removals WHERE app = ?1 AND storefront = ?2 "
                "AND ifnull(removed_on, '') >= ?3 AND ifnull(removed_on, '') < ?4 "
                "AND kind = 'removed' AND rowid != ?5)",
    [L_STOREFRONT] = "SELECT EXISTS (SELECT 1 FROM app_removals WHERE app = ?1 "
                     "AND storefront = ?2 AND kind = 'removed' AND rowid != ?3)",
    /* a file's counts added to the rollups (rollup.sql's GROUP BYs) */
    [U_FILES] = "INSERT INTO app_removal_files (storefront, file_id, removals) "
                "VALUES (?1, ?2, ?3) ON CONFLICT (storefront, file_id) "
                "DO UPDATE SET removals = removals + excluded.removals",
    [U_MONTHS] = "INSERT INTO app_removal_months (storefront, grp, apps, removals, "
                 "first_removed_on, last_removed_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                 "ON CONFLICT (storefront, grp) DO UPDATE SET apps = apps + excluded.apps, "
                 "removals = removals + excluded.removals, first_removed_on = "
                 "coalesce(min(first_removed_on, excluded.first_removed_on), first_removed_on, "
                 "excluded.first_removed_on), last_removed_on = "
                 "coalesce(max(last_removed_on, excluded.last_removed_on), last_removed_on, "
                 "excluded.last_removed_on)",
    [U_CATEGORIES] = "INSERT INTO app_removal_categories (storefront, grp, apps, "
                     "first_removed_on, last_removed_on) VALUES (?1, ?2, ?3, ?5, ?6) "
                     "ON CONFLICT (storefront, grp) DO UPDATE SET apps = apps + excluded.apps, "
                     "first_removed_on = coalesce(min(first_removed_on, "
                     "excluded.first_removed_on), first_removed_on, excluded.first_removed_on), "
                     "last_removed_on = coalesce(max(last_removed_on, excluded.last_removed_on), "
                     "last_removed_on, excluded.last_removed_on)",
    /* app_summary.sql's rows: ?2 the half-year's start, ?3 its end, ?5 the app's store */
    [U_SUMMARY] = "INSERT INTO country_summary (country, period_start, period_end, publisher, "
                  "measure, low, high, n_facts) SELECT ?1, ?2, ?3, publisher, "
                  "'apps_removed_observed', ?4, ?4, ?6 FROM stores WHERE store = ?5 "
                  "ON CONFLICT (country, period_start, period_end, publisher, measure) DO UPDATE "
                  "SET low = low + excluded.low, high = high + excluded.high, "
                  "n_facts = n_facts + excluded.n_facts",
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

/* groups a file may count in memory; past that, its storefronts are counted again in SQL */
enum { COUNT_GROUPS = 1 << 18 };

struct apps_writer {
    struct store *st;
    struct store_pgw *pgw; /* PostgreSQL: records go to store_pgw's staging table */
    long long file_id;
    long long app;     /* apps.id of the app in key, 0 when none */
    long long max_app; /* the highest apps.id seen: an app above it is new */
    int fresh;         /* the app is new, and this is its first run of records */
    int recount;       /* counts not known in memory: storefronts counted in SQL */
    sqlite3_stmt *s[W_COUNT];
    struct buf key;             /* store NUL app_id of the last record */
    struct buf detail[D_COUNT]; /* its last non-blank details */
    struct buf category;        /* its category in apps, "(no category)" when none */
    struct buf group;           /* scratch: a group's key */
    struct app_counts *counts;  /* what the file's new removals add to the rollups */
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

/* The highest apps.id before the file: every app the file adds gets a higher one. */
static int max_app_id(struct apps_writer *w, struct trdb_err *err)
{
    sqlite3_stmt *s = NULL;

    if (sqlite3_prepare_v2(store_db(w->st), "SELECT coalesce(max(id), 0) FROM apps", -1, &s,
                           NULL) != SQLITE_OK ||
        sqlite3_step(s) != SQLITE_ROW) {
        int rc = fail(w, err, "cannot read the apps");
        sqlite3_finalize(s);
        return rc;
    }
    w->max_app = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return 0;
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
    if ((w->pgw = store_pgw_of(st))) {
        if (store_pgw_apps_begin(w->pgw, err)) {
            free(w);
            return NULL;
        }
        return w;
    }
    buf_init(&w->key, KEY_LIMIT);
    buf_init(&w->category, DETAIL_LIMIT);
    buf_init(&w->group, 2 * DETAIL_LIMIT + 64);
    for (int i = 0; i < D_COUNT; i++)
        buf_init(&w->detail[i], DETAIL_LIMIT);
    if (!(w->counts = app_counts_new(COUNT_GROUPS))) {
        trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        apps_writer_free(w);
        return NULL;
    }
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
    if (max_app_id(w, err)) {
        apps_writer_free(w);
        return NULL;
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
    buf_release(&w->category);
    buf_release(&w->group);
    app_counts_free(w->counts);
    for (int i = 0; i < SEEN_SLOTS; i++)
        free(w->seen[i]);
    for (int i = 0; i < D_COUNT; i++)
        buf_release(&w->detail[i]);
    free(w);
}

/* v outlives the statement's next step (the caller's record, or the writer's own buffers). */
static void text(sqlite3_stmt *s, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
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
    sqlite3_bind_text(s, col, v, (int)n, SQLITE_STATIC);
    return 1;
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

/* The app the records are now about: its id and category (NULL: none). */
static void set_app(struct apps_writer *w, long long id, const char *category)
{
    w->app = id;
    /* a new app gets an id above all others: its records so far are all in this run */
    w->fresh = w->app > w->max_app;
    if (w->fresh)
        w->max_app = w->app;
    buf_reset(&w->category);
    /* left empty when too long to keep: count_removal then counts in SQL */
    (void)buf_puts(&w->category, category ? category : "(no category)");
}

/*
 * The app of a new run of records, as stored: 1 when it is there with every
 * non-blank detail of the record (set_app done, nothing to write), 2 when a
 * detail is news, 0 when it is not there, < 0 an error code.
 */
static int find_app(struct apps_writer *w, const char *store, const struct app_info *a,
                    struct trdb_err *err)
{
    sqlite3_stmt *s = w->s[W_APP_FIND];
    const char *v[D_COUNT] = {a->bundle_id, a->name, a->developer, a->category};
    int rc;

    sqlite3_reset(s);
    text(s, 1, store);
    text(s, 2, a->app_id);
    if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
        rc = rc == SQLITE_DONE ? 0 : fail(w, err, "cannot read an app");
        sqlite3_reset(s);
        return rc;
    }
    for (int i = 0; i < D_COUNT; i++) {
        const char *old = (const char *)sqlite3_column_text(s, 1 + i);
        if (v[i] && *v[i] && (!old || strcmp(old, v[i]) != 0)) {
            sqlite3_reset(s);
            return 2;
        }
    }
    set_app(w, sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 4));
    sqlite3_reset(s);
    return 1;
}

/* A new app's row (find_app said it is not there): sets w->app. */
static int new_app_row(struct apps_writer *w, const char *store, const struct app_info *a,
                       struct trdb_err *err)
{
    sqlite3_stmt *s = w->s[W_APP_NEW];
    int rc;

    sqlite3_reset(s);
    text(s, 1, store);
    text(s, 2, a->app_id);
    text(s, 3, a->bundle_id);
    text(s, 4, a->name);
    text(s, 5, a->developer);
    text(s, 6, a->category);
    if ((rc = step_done(w, s, err, "cannot store an app")))
        return rc;
    set_app(w, sqlite3_last_insert_rowid(store_db(w->st)),
            a->category && *a->category ? a->category : NULL);
    return 0;
}

/*
 * The app's row, written when it is new to this run of records and not
 * stored as it is, or when the run brings news: sets w->app.
 */
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
    if (!same && (rc = find_app(w, store, a, err)) != 2)
        return rc == 0 ? new_app_row(w, store, a, err) : rc == 1 ? 0 : rc;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        set_app(w, sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1));
    if (rc != SQLITE_ROW || sqlite3_step(s) != SQLITE_DONE) {
        w->app = 0;
        sqlite3_reset(s);
        return fail(w, err, "cannot store an app");
    }
    sqlite3_reset(s);
    return 0;
}

/*
 * The storefront, for rollup.sql and app_summary.sql to count again (a file
 * counted in SQL), the first time the file names it (a few hundred, in any order): 1
 * when it is new and now remembered, 0 when noted before, -1 when the set is full.
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

static int put_storefront(struct apps_writer *w, const char *storefront, struct trdb_err *err)
{
    sqlite3_stmt *s = w->s[W_STOREFRONT];

    if (seen_storefront(w, storefront) == 0)
        return 0;
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, storefront, -1, SQLITE_TRANSIENT);
    return step_done(w, s, err, "cannot note a storefront");
}

/*
 * From now on the file's rollups are counted in SQL (rollup.sql over the
 * storefronts it touched): the storefronts counted in memory so far (each
 * has its 'f' group) are noted for it, and the counts dropped.
 */
static int go_recount(struct apps_writer *w, struct trdb_err *err)
{
    const char *key;
    size_t len;
    int rc = 0;

    if (w->recount)
        return 0;
    w->recount = 1;
    for (size_t i = 0; !rc && i < app_counts_size(w->counts); i++) {
        app_counts_at(w->counts, i, &key, &len);
        if (key[0] == 'f')
            rc = put_storefront(w, key + 1, err);
    }
    return rc;
}

/* A date trdb stores (YYYY-MM-DD): the only kind counted in memory. */
static int plain_date(const char *d)
{
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? d[i] != '-' : (d[i] < '0' || d[i] > '9'))
            return 0;
    return d[10] == '\0';
}

/* The group of kind and parts a, b, c (NULL: fewer), NUL-separated; NULL when full. */
static struct app_count *group(struct apps_writer *w, char kind, const char *a, const char *b,
                               const char *c)
{
    struct buf *g = &w->group;

    buf_reset(g);
    if (buf_putc(g, kind) || buf_append(g, a, strlen(a) + 1) ||
        (b && buf_append(g, b, strlen(b) + 1)) || (c && buf_append(g, c, strlen(c) + 1)))
        return NULL;
    return app_counts_get(w->counts, g->data, g->len);
}

/*
 * Is the app new to group g (key in w->group)? Not when the group's last
 * row was the app's; yes when the app is new to the database and in its
 * first run of records (its rows are together); else asked of the table:
 * another removal of the app in the storefront, dated in [lo, hi) when lo
 * is not NULL. Returns 1, 0, or < 0 (an error code).
 */
static int new_app(struct apps_writer *w, long long last_app, const char *storefront,
                   const char *lo, const char *hi, long long rowid, struct trdb_err *err)
{
    sqlite3_stmt *s = w->s[lo ? L_RANGE : L_STOREFRONT];
    int rc, i = 1;

    if (last_app == w->app)
        return 0;
    if (w->fresh)
        return 1;
    sqlite3_reset(s);
    sqlite3_bind_int64(s, i++, w->app);
    sqlite3_bind_text(s, i++, storefront, -1, SQLITE_STATIC);
    if (lo) {
        sqlite3_bind_text(s, i++, lo, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, i++, hi, -1, SQLITE_STATIC);
    }
    sqlite3_bind_int64(s, i, rowid);
    if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
        rc = fail(w, err, "cannot read the app removals");
        sqlite3_reset(s);
        return rc;
    }
    rc = !sqlite3_column_int(s, 0);
    sqlite3_reset(s);
    return rc;
}

/* Add a removal group's row: date to its range, the app when it is new to the group. */
static int add_row(struct apps_writer *w, char kind, const char *a, const char *b, const char *c,
                   const char *date, const char *lo, const char *hi, long long rowid,
                   struct trdb_err *err)
{
    struct app_count *g = group(w, kind, a, b, c);
    int fresh;

    if (!g)
        return go_recount(w, err);
    g->rows++;
    (void)app_count_date(g, date); /* plain_date: it fits */
    if ((fresh = new_app(w, g->last_app, a, lo, hi, rowid, err)) < 0)
        return fresh;
    g->apps += fresh; /* new_app does not touch the map: g is still good */
    g->last_app = w->app;
    return 0;
}

/*
 * The counts a removal the file added (rowid) brings to the rollups: per
 * storefront and file, per storefront and month, category, and half-year
 * (apps_removed_observed, per store: the publisher's is their sum, a
 * store's apps being its own). What rollup.sql and app_summary.sql would
 * count again.
 */
static int count_removal(struct apps_writer *w, const char *sf, const char *date, int reinstated,
                         long long rowid, struct trdb_err *err)
{
    char month[8], lo[8], hi[8], start[11];
    struct app_count *g;
    int rc;

    if (date && !*date)
        date = NULL;
    if ((date && !plain_date(date)) || !w->category.len)
        return go_recount(w, err);
    if (!(g = group(w, 'f', sf, NULL, NULL)))
        return go_recount(w, err);
    g->rows++;
    if (reinstated)
        return 0;
    if (date) {
        memcpy(month, date, 7);
        month[7] = '\0';
        memcpy(lo, month, 8);
        memcpy(hi, month, 8);
        hi[6]++; /* a digit: [YYYY-MM, YYYY-MM+1) holds the month's dates */
    }
    rc = add_row(w, 'm', sf, date ? month : "(date unknown)", NULL, date, date ? lo : "",
                 date ? hi : "\x01", rowid, err);
    if (!rc && !w->recount)
        rc = add_row(w, 'c', sf, buf_cstr(&w->category), NULL, date, NULL, NULL, rowid, err);
    if (rc || w->recount || !date)
        return rc;
    /* the half-year: months 01-06 from YYYY- to YYYY-07, 07-12 from YYYY-07 to YYYY. */
    memcpy(start, date, 4);
    memcpy(lo, date, 4);
    memcpy(hi, date, 4);
    if (memcmp(date + 5, "06", 2) <= 0) {
        memcpy(start + 4, "-01-01", 7);
        memcpy(lo + 4, "-", 2);
        memcpy(hi + 4, "-07", 4);
    } else {
        memcpy(start + 4, "-07-01", 7);
        memcpy(lo + 4, "-07", 4);
        memcpy(hi + 4, ".", 2);
    }
    return add_row(w, 'h', sf, start, w->key.data, date, lo, hi, rowid, err);
}

/* A record on PostgreSQL: to the staging table, written set-based when the file ends. */
static int pg_record(struct apps_writer *w, char kind, const struct app_info *a,
                     const char *storefront, const char *at, const char *flag, const char *reason,
                     const char *source_url, long line, struct trdb_err *err)
{
    const char *v[11] = {a->store && *a->store ? a->store : "apple",
                         a->app_id,
                         a->bundle_id,
                         a->name,
                         a->developer,
                         a->category,
                         storefront,
                         at,
                         flag,
                         reason,
                         source_url};

    return store_pgw_app_record(w->pgw, line, kind, v, err);
}

int apps_put_observation(struct apps_writer *w, const struct app_info *a, const char *storefront,
                         const char *observed_at, int available, long line, struct trdb_err *err)
{
    sqlite3_stmt *s = w->s[W_OBSERVATION];
    int rc;

    if (w->pgw)
        return pg_record(w, 'o', a, storefront, observed_at,
                         available < 0 ? NULL
                         : available   ? "1"
                                       : "0",
                         NULL, NULL, line, err);
    if ((rc = put_app(w, a, err)))
        return rc;

    /* derive.sql may change removals of any file: the storefronts are counted in SQL */
    if ((rc = go_recount(w, err)) || (rc = put_storefront(w, storefront ? storefront : "", err)))
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
    sqlite3 *db;
    const char *sf = storefront ? storefront : "";
    int rc;

    if (w->pgw)
        return pg_record(w, 'r', a, storefront, date, reinstated ? "1" : "0", reason, source_url,
                         line, err);
    db = store_db(w->st);
    rc = put_app(w, a, err);
    if (rc || (w->recount && (rc = put_storefront(w, sf, err))))
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
    if ((rc = step_done(w, s, err, "cannot store an app removal")))
        return rc;
    if (sqlite3_changes(db) == 0) /* listed before: nothing new to count */
        return 0;
    if (!w->recount &&
        (rc = count_removal(w, sf, date, reinstated, sqlite3_last_insert_rowid(db), err)))
        return rc;
    return w->recount ? put_storefront(w, sf, err) : 0;
}

/* Add the file's counts to the rollups (before rollup.sql and app_summary.sql count any again). */
static int apply_counts(struct apps_writer *w, struct trdb_err *err)
{
    const char *key, *b, *c;
    size_t len;
    int rc = 0;

    for (size_t i = 0; !rc && i < app_counts_size(w->counts); i++) {
        struct app_count *g = app_counts_at(w->counts, i, &key, &len);
        const char *sf = key + 1;
        sqlite3_stmt *s = w->s[key[0] == 'f'   ? U_FILES
                               : key[0] == 'm' ? U_MONTHS
                               : key[0] == 'c' ? U_CATEGORIES
                                               : U_SUMMARY];
        b = sf + strlen(sf) + 1;
        c = key[0] == 'h' ? b + strlen(b) + 1 : NULL;
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        sqlite3_bind_text(s, 1, sf, -1, SQLITE_STATIC);
        if (key[0] == 'f') {
            sqlite3_bind_int64(s, 2, w->file_id);
            sqlite3_bind_int64(s, 3, g->rows);
        } else if (key[0] == 'h') {
            char end[11];
            memcpy(end, b, 4);
            memcpy(end + 4, b[5] == '0' && b[6] == '1' ? "-06-30" : "-12-31", 7);
            sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 3, end, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(s, 4, g->apps);
            sqlite3_bind_text(s, 5, c, -1, SQLITE_STATIC);
            sqlite3_bind_int64(s, 6, g->rows);
        } else {
            sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
            sqlite3_bind_int64(s, 3, g->apps);
            sqlite3_bind_int64(s, 4, g->rows);
            text(s, 5, g->lo);
            text(s, 6, g->hi);
        }
        rc = step_done(w, s, err, "cannot add to the app rollups");
    }
    return rc;
}

/*
 * derive.sql first: when it changed nothing (a file of removals, no earlier
 * load forgotten with observations), the counts kept in memory are exact and
 * go in; rollup.sql and app_summary.sql then count again only the storefronts
 * noted in temp.app_storefronts (by forget.sql, or by this file when it
 * counts in SQL) and those a category change made stale.
 */
int apps_file_finish(struct apps_writer *w, struct trdb_err *err)
{
    sqlite3 *db;
    sqlite3_int64 before;
    int rc;

    if (w->pgw)
        return store_pgw_apps_finish(w->pgw, w->file_id, err);
    db = store_db(w->st);
    before = sqlite3_total_changes64(db);
    rc = store_run_script(w->st, "model/derive.sql", w->file_id, err);

    if (!rc && !w->recount && sqlite3_total_changes64(db) != before)
        rc = go_recount(w, err);
    if (!rc && !w->recount)
        rc = apply_counts(w, err);
    if (!rc)
        rc = store_run_script(w->st, "model/rollup.sql", w->file_id, err);
    return rc ? rc : store_run_script(w->st, "model/app_summary.sql", w->file_id, err);
}
