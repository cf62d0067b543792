/*
 * test_apps.c: model/apps.c with derive.sql and app_summary.sql: listed
 * removals, app details (last non-blank wins, record by record within a
 * file and across files), removals derived from observations, and the
 * apps_removed_observed rows of country_summary.
 */
#include "table.h"
#include "tempdb.h"
#include "../../lib/err.h"
#include "../../model/apps.h"
#include "../../model/store.h"

#include "../../lib/banned.h"

/* Records of the big file after which apps_written_as_they_come looks at the tables. */
enum { STAGE_ROWS = 20000 };

static int setup(void **state)
{
    *state = NULL;
    return tempdb_setup("apps");
}

static int teardown(void **state)
{
    (void)state;
    return tempdb_teardown();
}

static struct store *open_new(void)
{
    struct trdb_err err = {0, ""};
    struct store *st = NULL;

    if (store_open(dbpath, STORE_CREATE, &st, &err))
        fail_msg("%s", err.msg);
    /* storefronts refer to countries: the few these tests use */
    assert_int_equal(sqlite3_exec(store_db(st),
                                  "INSERT OR IGNORE INTO countries VALUES ('CN', 'China', "
                                  "'country'), ('US', 'United States', 'country'), ('RU', "
                                  "'Russia', 'country')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    return st;
}

/* One file being loaded, as ingest drives it: its transaction, its row, its writer. */
struct file {
    struct store *st;
    long long id;
    struct apps_writer *w;
};

static void file_begin(struct file *f, struct store *st, const char *path)
{
    struct trdb_err err = {0, ""};
    /* the path doubles as the sha256: unique per file in these tests */
    struct file_info fi = {path, path, "apps-test", "Monitor", "app removals",
                           10,   1,    0,           NULL,      NULL};
    long long dataset_id;

    f->st = st;
    assert_int_equal(store_begin(st, &err), 0);
    if (store_file_add(st, &fi, &f->id, &dataset_id, &err))
        fail_msg("%s", err.msg);
    f->w = apps_writer_new(st, f->id, &err);
    if (!f->w)
        fail_msg("%s", err.msg);
}

static void file_finish(struct file *f)
{
    struct trdb_err err = {0, ""};
    struct file_counts c = {0, 0, 0, 0};

    if (store_file_finish(f->st, f->id, &c, &err) || apps_file_finish(f->w, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(store_commit(f->st, &err), 0);
    apps_writer_free(f->w);
    f->w = NULL;
}

static void observe(struct file *f, const struct app_info *a, const char *storefront,
                    const char *at, int available, long line)
{
    struct trdb_err err = {0, ""};

    if (apps_put_observation(f->w, a, storefront, at, available, line, &err))
        fail_msg("line %ld: %s", line, err.msg);
}

static void list_removal(struct file *f, const struct app_info *a, const char *storefront,
                         const char *date, int reinstated, const char *reason, const char *url,
                         long line)
{
    struct trdb_err err = {0, ""};

    if (apps_put_removal(f->w, a, storefront, date, reinstated, reason, url, line, &err))
        fail_msg("line %ld: %s", line, err.msg);
}

/*
 * The rows of a query as text: columns joined by '|', rows ended by '\n',
 * NULL as "NULL". The first parameter (?1), when the query has one, is id.
 */
static void rows(struct store *st, const char *sql, long long id, char *out, size_t n)
{
    sqlite3_stmt *s;
    size_t len = 0;
    int rc;

    if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(store_db(st)));
    if (sqlite3_bind_parameter_count(s) > 0)
        sqlite3_bind_int64(s, 1, id);
    out[0] = '\0';
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(s); i++) {
            const char *v = (const char *)sqlite3_column_text(s, i);
            len += (size_t)snprintf(out + len, n - len, "%s%s", i ? "|" : "", v ? v : "NULL");
            assert_true(len < n);
        }
        len += (size_t)snprintf(out + len, n - len, "\n");
        assert_true(len < n);
    }
    assert_int_equal(rc, SQLITE_DONE);
    sqlite3_finalize(s);
}

#define ROWS_ARE(st, sql, id, want)                                                                \
    do {                                                                                           \
        char got_[4096];                                                                           \
        rows(st, sql, id, got_, sizeof(got_));                                                     \
        assert_string_equal(got_, want);                                                           \
    } while (0)

static long long count(struct store *st, const char *sql)
{
    sqlite3_stmt *s;
    long long n;

    if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(store_db(st)));
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static const char removals_sql[] =
    "SELECT a.store, a.app_id, r.storefront, r.removed_on, r.kind, r.derived, "
    "r.last_seen_available, r.reason, r.source_url, r.file_id = ?1 "
    "FROM app_removals r JOIN apps a ON a.id = r.app "
    "ORDER BY a.store, a.app_id, r.storefront, r.kind, ifnull(r.removed_on, '')";

static void listed_removals_are_stored_once_with_their_source(void **state)
{
    struct store *st = open_new();
    const struct app_info a300 = {NULL, "300", "com.x.vpn", "X VPN", "X Ltd", "Utilities"};
    const struct app_info a301 = {"apple", "301", NULL, "News", NULL, NULL};
    const struct app_info a302 = {"apple", "302", NULL, "Chat", NULL, NULL};
    struct file f1, f2;
    long long first;

    (void)state;
    file_begin(&f1, st, "removals-1.csv");
    first = f1.id;
    list_removal(&f1, &a300, "CN", "2020-12-31", 0, "illegal content", "https://m.example/1", 2);
    list_removal(&f1, &a300, "CN", "2020-12-31", 0, "illegal content", "https://m.example/1", 3);
    list_removal(&f1, &a301, "CN", NULL, 0, "no date given", NULL, 4);
    list_removal(&f1, &a301, "CN", NULL, 0, "no date given", NULL, 5);
    list_removal(&f1, &a302, "CN", "2021-02-01", 1, NULL, NULL, 6);
    list_removal(&f1, &a300, "RU", "2020-12-31", 0, NULL, "https://m.example/2", 7);
    file_finish(&f1);

    /* the same removal in another file is still one, from the file that listed it first */
    file_begin(&f2, st, "removals-2.csv");
    list_removal(&f2, &a300, "CN", "2020-12-31", 0, "illegal content", "https://m.example/1", 2);
    list_removal(&f2, &a301, "CN", NULL, 0, "no date given", NULL, 3);
    file_finish(&f2);

    ROWS_ARE(st, removals_sql, first,
             "apple|300|CN|2020-12-31|removed|0|NULL|illegal content|https://m.example/1|1\n"
             "apple|300|RU|2020-12-31|removed|0|NULL|NULL|https://m.example/2|1\n"
             "apple|301|CN|NULL|removed|0|NULL|no date given|NULL|1\n"
             "apple|302|CN|2021-02-01|reinstated|0|NULL|NULL|NULL|1\n");
    /* a removal listed twice keeps the first line that listed it */
    ROWS_ARE(st,
             "SELECT a.app_id, r.storefront, r.kind, r.line "
             "FROM app_removals r JOIN apps a ON a.id = r.app WHERE r.file_id = ?1 "
             "ORDER BY a.app_id, r.storefront, r.kind",
             first,
             "300|CN|removed|2\n"
             "300|RU|removed|7\n"
             "301|CN|removed|4\n"
             "302|CN|reinstated|6\n");
    /* the public list: removals only, each with its app and the file that listed it */
    ROWS_ARE(st,
             "SELECT store, app_id, bundle_id, app_name, developer, category, storefront, "
             "removed_on, reason, derived, source_file FROM app_removal_list "
             "ORDER BY app_id, storefront",
             0,
             "apple|300|com.x.vpn|X VPN|X Ltd|Utilities|CN|2020-12-31|illegal content|0|"
             "removals-1.csv\n"
             "apple|300|com.x.vpn|X VPN|X Ltd|Utilities|RU|2020-12-31|NULL|0|removals-1.csv\n"
             "apple|301|NULL|News|NULL|NULL|CN|NULL|no date given|0|removals-1.csv\n");
    assert_int_equal(count(st, "SELECT count(*) FROM app_observations"), 0);
    store_close(st);
}

static const char apps_sql[] =
    "SELECT store, app_id, bundle_id, name, developer, category FROM apps ORDER BY store, app_id";

static void app_details_take_the_last_non_blank_value(void **state)
{
    struct store *st = open_new();
    /* one app over several lines: blank ("" or NULL) is no news */
    const struct app_info lines[] = {
        {NULL, "100", "com.a.alpha", "Alpha", "Dev A", "Games"},
        {"apple", "100", "com.a.alpha", "", NULL, "Games"},
        {"", "100", NULL, "Alpha Two", "Dev A", NULL},
        {"apple", "100", "", NULL, "", ""},
    };
    /* the next app has the same developer: it must still get it */
    const struct app_info beta = {"apple", "200", NULL, "Beta", "Dev A", NULL};
    /* the same id in another store is another app, details and all */
    const struct app_info gbeta = {"google", "200", "com.b.beta", "Beta", "Dev A", NULL};
    /* back to the first app, after others: a name seen before is news again */
    const struct app_info alpha = {"apple", "100", NULL, "Alpha", NULL, NULL};
    const struct app_info blank100 = {"apple", "100", "", "", NULL, NULL};
    const struct app_info blank200 = {"apple", "200", NULL, NULL, "", ""};
    const struct app_info new200 = {"apple", "200", NULL, "", "Dev B", "Tools"};
    struct file f1, f2;

    (void)state;
    file_begin(&f1, st, "apps-1.csv");
    for (int i = 0; i < 4; i++) {
        char at[32];
        snprintf(at, sizeof(at), "2021-01-01T%02d:00:00Z", i);
        observe(&f1, &lines[i], "CN", at, 1, i + 2);
    }
    /* each record is written as it comes: the app has its last details already */
    ROWS_ARE(st, apps_sql, 0, "apple|100|com.a.alpha|Alpha Two|Dev A|Games\n");
    observe(&f1, &beta, "CN", "2021-01-01T00:00:00Z", 1, 6);
    observe(&f1, &gbeta, "CN", "2021-01-01T00:00:00Z", 1, 7);
    file_finish(&f1);
    ROWS_ARE(st, apps_sql, 0,
             "apple|100|com.a.alpha|Alpha Two|Dev A|Games\n"
             "apple|200|NULL|Beta|Dev A|NULL\n"
             "google|200|com.b.beta|Beta|Dev A|NULL\n");

    /* a later file: blanks keep what was known, new values replace it */
    file_begin(&f2, st, "apps-2.csv");
    observe(&f2, &blank100, "CN", "2021-02-01T00:00:00Z", 1, 2);
    observe(&f2, &new200, "CN", "2021-02-01T00:00:00Z", 1, 3);
    observe(&f2, &blank200, "CN", "2021-02-02T00:00:00Z", 1, 4);
    observe(&f2, &alpha, "US", "2021-02-01T00:00:00Z", 1, 5);
    observe(&f2, &blank100, "US", "2021-02-02T00:00:00Z", 1, 6);
    file_finish(&f2);
    ROWS_ARE(st, apps_sql, 0,
             "apple|100|com.a.alpha|Alpha|Dev A|Games\n"
             "apple|200|NULL|Beta|Dev B|Tools\n"
             "google|200|com.b.beta|Beta|Dev A|NULL\n");
    assert_int_equal(count(st, "SELECT count(*) FROM app_status"), 11);
    store_close(st);
}

/*
 * Many records, looked at mid-file: every app has
 * RECORDS observations (one a day from 2021-01-01, the last one unavailable)
 * and RECORDS does not divide STAGE_ROWS, so batches split some apps. Per
 * record j of app i: the name changes every record; the bundle id is given on
 * the first record only; the developer on every record but the last; the
 * category is "early" before record SPLIT and "late" from it on, SPLIT being
 * where the first STAGE_ROWS records end inside its app.
 */
enum { APPS = 3000, RECORDS = 15, SPLIT = STAGE_ROWS % RECORDS };

static void big_record(struct file *f, long k)
{
    int i = (int)(k / RECORDS), j = (int)(k % RECORDS);
    char id[16], bundle[32], name[32], developer[32], at[32];
    struct app_info a = {NULL, id, NULL, name, developer, j < SPLIT ? "early" : "late"};

    snprintf(id, sizeof(id), "%d", 10000 + i);
    snprintf(bundle, sizeof(bundle), "com.big.b%d", i);
    snprintf(name, sizeof(name), "app %d v%d", i, j);
    snprintf(developer, sizeof(developer), "dev %d", i);
    snprintf(at, sizeof(at), "2021-01-%02dT00:00:00Z", j + 1);
    if (j == 0)
        a.bundle_id = bundle;
    if (j == RECORDS - 1)
        a.developer = "";
    observe(f, &a, "CN", at, j < RECORDS - 1, k + 2);
}

/* App i of the big file has the details of its record j, and category. */
static void big_app_is(struct store *st, int i, int j, const char *category)
{
    char want[256];

    snprintf(want, sizeof(want), "com.big.b%d|app %d v%d|dev %d|%s\n", i, i, j, i, category);
    ROWS_ARE(st,
             "SELECT bundle_id, name, developer, category FROM apps "
             "WHERE store = 'apple' AND app_id = ?1",
             10000 + i, want);
}

static void apps_written_as_they_come(void **state)
{
    struct store *st = open_new();
    /* the apps the first and the second STAGE_ROWS records split */
    const int straddler = STAGE_ROWS / RECORDS, later = 2 * STAGE_ROWS / RECORDS;
    const char *merged = "SELECT count(*) FROM app_observations";
    struct file f;

    (void)state;
    /* the counts must split an app, with records of it on both sides */
    assert_true(SPLIT > 1 && (2 * STAGE_ROWS) % RECORDS > 0);
    assert_true((long)APPS * RECORDS > 2 * STAGE_ROWS);
    file_begin(&f, st, "big.csv");
    for (long k = 0; k < (long)APPS * RECORDS; k++) {
        big_record(&f, k);
        if (k + 1 == STAGE_ROWS - 1)
            assert_int_equal(count(st, merged), STAGE_ROWS - 1);
        if (k + 1 == STAGE_ROWS) {
            /* every record so far is in: the split app has the details of its last one */
            assert_int_equal(count(st, merged), STAGE_ROWS);
            big_app_is(st, straddler, SPLIT - 1, "early");
        }
        if (k + 1 == 2 * STAGE_ROWS)
            assert_int_equal(count(st, merged), 2 * STAGE_ROWS);
    }
    file_finish(&f);

    assert_int_equal(count(st, "SELECT count(*) FROM apps"), APPS);
    assert_int_equal(count(st, merged), (long long)APPS * RECORDS);
    assert_int_equal(count(st, "SELECT count(*) FROM app_observations WHERE available = 0"), APPS);
    /* every app: its last name (RECORDS is 15), its only bundle id, its developer, late */
    assert_int_equal(count(st, "SELECT count(*) FROM apps WHERE "
                               "bundle_id = 'com.big.b' || (app_id - 10000) AND "
                               "name = 'app ' || (app_id - 10000) || ' v14' AND "
                               "developer = 'dev ' || (app_id - 10000) AND category = 'late'"),
                     APPS);
    big_app_is(st, straddler, RECORDS - 1, "late");
    big_app_is(st, later, RECORDS - 1, "late");
    /* each app's last capture lacks it: one derived removal each, counted once */
    assert_int_equal(count(st, "SELECT count(*) FROM app_removals WHERE derived = 1 AND "
                               "kind = 'removed' AND removed_on = '2021-01-15' AND "
                               "last_seen_available = '2021-01-14T00:00:00Z'"),
                     APPS);
    assert_int_equal(count(st, "SELECT count(*) FROM app_removals"), APPS);
    ROWS_ARE(st,
             "SELECT country, period_start, period_end, publisher, low, high, n_facts "
             "FROM country_summary WHERE measure = 'apps_removed_observed'",
             0, "CN|2021-01-01|2021-06-30|Apple|3000|3000|3000\n");
    store_close(st);
}

static void removals_are_derived_from_observations(void **state)
{
    struct store *st = open_new();
    const struct app_info gone = {"apple", "400", NULL, "Gone", NULL, NULL};
    const struct app_info back = {"apple", "401", NULL, "Back", NULL, NULL};
    const struct app_info never = {"apple", "402", NULL, "Never seen", NULL, NULL};
    const struct app_info off = {"apple", "403", NULL, "Off", NULL, NULL};
    const char *derived = "SELECT a.app_id, r.storefront, r.removed_on, r.kind, "
                          "r.last_seen_available, r.reason, s.path, r.line "
                          "FROM app_removals r JOIN apps a ON a.id = r.app "
                          "JOIN source_files s ON s.id = r.file_id WHERE r.derived = 1 "
                          "ORDER BY a.app_id, r.storefront, r.removed_on";
    struct file f1, f2, f3;

    (void)state;
    file_begin(&f1, st, "captures-1.csv");
    observe(&f1, &gone, "CN", "2021-03-01T08:00:00Z", 1, 2);
    observe(&f1, &gone, "US", "2021-03-01T08:00:00Z", 1, 3);
    observe(&f1, &gone, "CN", "2021-03-05T08:00:00Z", -1, 4);
    observe(&f1, &back, "CN", "2021-03-01T08:00:00Z", 1, 5);
    observe(&f1, &back, "CN", "2021-03-05T08:00:00Z", -1, 6);
    observe(&f1, &never, "CN", "2021-03-01T08:00:00Z", -1, 7);
    observe(&f1, &off, "CN", "2021-03-01T08:00:00Z", 0, 8);
    observe(&f1, &off, "CN", "2021-03-05T08:00:00Z", -1, 9);
    file_finish(&f1);
    /* an unknown capture after an available one is no removal */
    ROWS_ARE(st, derived, 0, "");

    /* the next file's captures are read together with the earlier ones */
    file_begin(&f2, st, "captures-2.csv");
    observe(&f2, &gone, "CN", "2021-03-10T08:00:00Z", 0, 2);
    observe(&f2, &gone, "US", "2021-03-10T08:00:00Z", 1, 3);
    observe(&f2, &gone, "CN", "2021-03-20T08:00:00Z", 1, 4);
    observe(&f2, &back, "CN", "2021-03-10T08:00:00Z", 1, 5);
    observe(&f2, &never, "CN", "2021-03-10T08:00:00Z", -1, 6);
    observe(&f2, &off, "CN", "2021-03-10T08:00:00Z", 0, 7);
    file_finish(&f2);
    ROWS_ARE(st, derived, 0,
             "400|CN|2021-03-10|removed|2021-03-01T08:00:00Z|NULL|captures-2.csv|2\n"
             "400|CN|2021-03-20|reinstated|NULL|NULL|captures-2.csv|4\n");
    ROWS_ARE(st,
             "SELECT app_id, storefront, removed_on, last_seen_available, derived, source_file "
             "FROM app_removal_list",
             0, "400|CN|2021-03-10|2021-03-01T08:00:00Z|1|captures-2.csv\n");
    /* unknown captures are kept, as unknown */
    ROWS_ARE(st,
             "SELECT app_id, observed_at, source_file FROM app_status WHERE available IS NULL "
             "ORDER BY app_id, observed_at",
             0,
             "400|2021-03-05T08:00:00Z|captures-1.csv\n"
             "401|2021-03-05T08:00:00Z|captures-1.csv\n"
             "402|2021-03-01T08:00:00Z|captures-1.csv\n"
             "402|2021-03-10T08:00:00Z|captures-2.csv\n"
             "403|2021-03-05T08:00:00Z|captures-1.csv\n");

    /*
     * A file that arrives late with a capture between the earlier ones: the
     * pair is derived again from all its captures, so the removal moves to
     * the earlier day and the one derived before is gone.
     */
    file_begin(&f3, st, "captures-3.csv");
    observe(&f3, &gone, "CN", "2021-03-07T08:00:00Z", 0, 2);
    observe(&f3, &gone, "CN", "2021-04-01T08:00:00Z", 1, 3);
    file_finish(&f3);
    ROWS_ARE(st, derived, 0,
             "400|CN|2021-03-07|removed|2021-03-01T08:00:00Z|NULL|captures-3.csv|2\n"
             "400|CN|2021-03-20|reinstated|NULL|NULL|captures-2.csv|4\n");
    store_close(st);
}

static const char summary_sql[] =
    "SELECT country, period_start, period_end, publisher, low, high, n_facts "
    "FROM country_summary WHERE measure = 'apps_removed_observed' "
    "ORDER BY country, period_start, publisher";

static void observed_removals_are_counted_per_storefront_half_year_and_store(void **state)
{
    struct store *st = open_new();
    const struct app_info a500 = {"apple", "500", NULL, NULL, NULL, NULL};
    const struct app_info a501 = {"apple", "501", NULL, NULL, NULL, NULL};
    const struct app_info a502 = {"apple", "502", NULL, NULL, NULL, NULL};
    const struct app_info a503 = {"apple", "503", NULL, NULL, NULL, NULL};
    const struct app_info a504 = {"apple", "504", NULL, NULL, NULL, NULL};
    const struct app_info a505 = {"apple", "505", NULL, NULL, NULL, NULL};
    const struct app_info a506 = {"apple", "506", NULL, NULL, NULL, NULL};
    const struct app_info g500 = {"google", "500", NULL, NULL, NULL, NULL};
    struct file f1, f2;

    (void)state;
    file_begin(&f1, st, "list.csv");
    list_removal(&f1, &a500, "CN", "2021-03-10", 0, NULL, NULL, 2);
    list_removal(&f1, &a501, "CN", "2021-06-30", 0, NULL, NULL, 3);
    list_removal(&f1, &a502, "CN", "2021-07-01", 0, NULL, NULL, 4);
    list_removal(&f1, &a503, "CN", NULL, 0, NULL, NULL, 5);         /* in no half-year */
    list_removal(&f1, &a504, "CN", "2021-02-01", 1, NULL, NULL, 6); /* a reinstatement */
    list_removal(&f1, &g500, "CN", "2021-03-10", 0, NULL, NULL, 7);
    list_removal(&f1, &a505, "US", "2020-12-31", 0, NULL, NULL, 8);
    file_finish(&f1);
    ROWS_ARE(st, summary_sql, 0,
             "CN|2021-01-01|2021-06-30|Apple|2|2|2\n"
             "CN|2021-01-01|2021-06-30|Google|1|1|1\n"
             "CN|2021-07-01|2021-12-31|Apple|1|1|1\n"
             "US|2020-07-01|2020-12-31|Apple|1|1|1\n");

    /*
     * Observations: 500 is seen removed the day the list says (one app, two
     * removals), 506 is a new removal in the same half-year. The whole measure
     * is rebuilt, the first file's removals included.
     */
    file_begin(&f2, st, "captures.csv");
    observe(&f2, &a500, "CN", "2021-03-01T00:00:00Z", 1, 2);
    observe(&f2, &a500, "CN", "2021-03-10T00:00:00Z", 0, 3);
    observe(&f2, &a506, "CN", "2021-04-01T00:00:00Z", 1, 4);
    observe(&f2, &a506, "CN", "2021-05-02T00:00:00Z", 0, 5);
    file_finish(&f2);
    ROWS_ARE(st, summary_sql, 0,
             "CN|2021-01-01|2021-06-30|Apple|3|3|4\n"
             "CN|2021-01-01|2021-06-30|Google|1|1|1\n"
             "CN|2021-07-01|2021-12-31|Apple|1|1|1\n"
             "US|2020-07-01|2020-12-31|Apple|1|1|1\n");
    store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(listed_removals_are_stored_once_with_their_source, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(app_details_take_the_last_non_blank_value, setup, teardown),
        cmocka_unit_test_setup_teardown(apps_written_as_they_come, setup, teardown),
        cmocka_unit_test_setup_teardown(removals_are_derived_from_observations, setup, teardown),
        cmocka_unit_test_setup_teardown(
            observed_removals_are_counted_per_storefront_half_year_and_store, setup, teardown),
    };
    return cmocka_run_group_tests_name("apps", tests, NULL, NULL);
}
