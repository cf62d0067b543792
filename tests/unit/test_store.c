/*
 * test_store.c: model/store.c and model/summary.sql: migrations, the public
 * columns of facts and country_summary exactly as DESIGN.md names them, and
 * the summary rules (aggregates, bands, unknowns, what counts as a user-data
 * request, the request-weighted percentage, newer releases winning).
 */
#include "table.h"
#include "tempdb.h"
#include "../../lib/err.h"
#include "../../lib/sqltext.h"
#include "../../model/store.h"
#include "../../model/value.h"

#include "../../lib/banned.h"

static int setup(void **state)
{
    *state = NULL;
    return tempdb_setup("store");
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
    /* facts refer to countries: the few these tests use */
    assert_int_equal(sqlite3_exec(store_db(st),
                                  "INSERT OR IGNORE INTO countries VALUES ('US', 'United States', "
                                  "'country'), ('GB', 'United Kingdom', 'country'), ('DE', "
                                  "'Germany', 'country'), ('FR', 'France', 'country'), ('CN', "
                                  "'China', 'country'), ('RU', 'Russia', 'country')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    return st;
}

/* The column names of a table or view, comma-joined. */
static void columns(struct store *st, const char *name, char *out, size_t n)
{
    sqlite3_stmt *s;
    char sql[128];
    size_t len = 0;

    snprintf(sql, sizeof(sql), "SELECT name FROM pragma_table_info('%s')", name);
    assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
    out[0] = '\0';
    while (sqlite3_step(s) == SQLITE_ROW)
        len += (size_t)snprintf(out + len, n - len, "%s%s", len ? "," : "",
                                (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
}

static void store_creates_the_public_contract(void **state)
{
    struct store *st = open_new();
    char cols[1024];

    (void)state;
    assert_int_equal(store_version(st), STORE_SCHEMA_VERSION);
    columns(st, "facts", cols, sizeof(cols));
    assert_string_equal(cols, "publisher,dataset,request_type,country,country_name,period_start,"
                              "period_end,legal_process,requester,product,reason,subcategory,"
                              "metric,unit,value_low,value_high,value_raw,is_aggregate,source_file,"
                              "source_line");
    columns(st, "country_summary", cols, sizeof(cols));
    assert_string_equal(cols, "country,period_start,period_end,publisher,measure,low,high,n_facts");
    store_close(st);
}

static void store_refuses_a_newer_schema_and_a_missing_file(void **state)
{
    struct trdb_err err = {0, ""};
    struct store *st = open_new();

    (void)state;
    assert_int_equal(sqlite3_exec(store_db(st), "PRAGMA user_version = 99", NULL, NULL, NULL),
                     SQLITE_OK);
    store_close(st);
    st = NULL;
    assert_int_equal(store_open(dbpath, STORE_EXISTING, &st, &err), TRDB_EDB);
    assert_non_null(strstr(err.msg, "schema version 99 is newer"));
    assert_int_equal(store_open("/nonexistent/db.sqlite", STORE_READONLY, &st, &err),
                     TRDB_ENOTFOUND);
    assert_non_null(strstr(err.msg, "/nonexistent/db.sqlite"));
}

static void store_refuses_somebody_elses_database(void **state)
{
    struct trdb_err err = {0, ""};
    struct store *st = NULL;
    sqlite3 *db;
    int tables = -1;

    (void)state;
    /* an SQLite file with tables but no user_version is not ours: leave it alone */
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE mine(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_open(dbpath, STORE_READONLY, &st, &err), TRDB_EDB);
    assert_non_null(strstr(err.msg, "is not a trdb database"));
    assert_int_equal(store_open(dbpath, STORE_EXISTING, &st, &err), TRDB_EDB);
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    {
        sqlite3_stmt *s;
        assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &s, NULL),
                         SQLITE_OK);
        assert_int_equal(sqlite3_step(s), SQLITE_ROW);
        tables = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    assert_int_equal(tables, 1);
}

static void store_creates_an_empty_database(void **state)
{
    struct trdb_err err = {0, ""};
    struct store *st = NULL;
    sqlite3 *db;

    (void)state;
    /* an existing but empty SQLite file (version 0, no tables) is ours to set up */
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 0", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    if (store_open(dbpath, STORE_EXISTING, &st, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(store_version(st), STORE_SCHEMA_VERSION);
    store_close(st);
}

/* A file of one dataset with facts given as (country, period_end, type, metric, lo, hi, agg). */
struct f {
    const char *country, *end, *type, *metric, *process;
    int has_lo, has_hi;
    double lo, hi;
    int agg;
};

/* how many facts load() puts on one source line (a row's figures) */
static size_t per_line = 1;

static void load(struct store *st, const char *sha, const char *dataset, int in_summary,
                 const struct f *facts, size_t n)
{
    struct trdb_err err = {0, ""};
    struct file_info fi = {"f.csv", sha, "p", "Pub", dataset, 10, in_summary, 0, NULL, NULL};
    struct file_counts c = {(long long)n, 0, 0, (long long)n};
    long long file_id, dataset_id;

    assert_int_equal(store_begin(st, &err), 0);
    if (store_file_add(st, &fi, &file_id, &dataset_id, &err))
        fail_msg("%s", err.msg);
    for (size_t i = 0; i < n; i++) {
        struct value v = {facts[i].has_lo || facts[i].has_hi ? VALUE_FIGURE : VALUE_UNKNOWN,
                          facts[i].has_lo,
                          facts[i].has_hi,
                          facts[i].lo,
                          facts[i].hi,
                          0};
        char start[11];
        struct fact fa;
        snprintf(start, sizeof(start), "%.4s-%s", facts[i].end,
                 strcmp(facts[i].end + 5, "06-30") == 0 ? "01-01" : "07-01");
        memset(&fa, 0, sizeof(fa));
        fa.file_id = file_id;
        fa.dataset_id = dataset_id;
        fa.line = (long)(i / per_line) + 2;
        fa.request_type = facts[i].type;
        fa.country = facts[i].country;
        fa.period_start = start;
        fa.period_end = facts[i].end;
        fa.legal_process = facts[i].process;
        fa.metric = facts[i].metric;
        fa.v = &v;
        fa.raw = "x";
        fa.is_aggregate = facts[i].agg;
        if (store_fact(st, &fa, &err))
            fail_msg("%s", err.msg);
    }
    if (store_file_finish(st, file_id, &c, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(store_commit(st, &err), 0);
}

/* "low..high" of one summary cell, "absent" when there is no row. */
static void cell(struct store *st, const char *cc, const char *end, const char *measure, char *out,
                 size_t n)
{
    sqlite3_stmt *s;

    assert_int_equal(sqlite3_prepare_v2(store_db(st),
                                        "SELECT coalesce(low, 'null') || '..' || "
                                        "coalesce(high, 'null') FROM country_summary "
                                        "WHERE country = ?1 AND period_end = ?2 AND measure = ?3",
                                        -1, &s, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(s, 1, cc, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, end, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, measure, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW)
        snprintf(out, n, "%s", (const char *)sqlite3_column_text(s, 0));
    else
        snprintf(out, n, "absent");
    sqlite3_finalize(s);
}

#define CELL_IS(st, cc, end, measure, want)                                                        \
    do {                                                                                           \
        char got_[64];                                                                             \
        cell(st, cc, end, measure, got_, sizeof(got_));                                            \
        assert_string_equal(got_, want);                                                           \
    } while (0)

static void summary_adds_user_data_and_emergency_but_not_preservation(void **state)
{
    struct store *st = open_new();
    const struct f facts[] = {
        {"US", "2020-12-31", "user_data", "requests", "Search Warrants", 1, 1, 100, 100, 0},
        {"US", "2020-12-31", "emergency", "requests", "Emergency", 1, 1, 20, 20, 0},
        {"US", "2020-12-31", "preservation", "requests", "Preservation", 1, 1, 500, 500, 0},
        {"US", "2020-12-31", "user_data", "accounts", "Search Warrants", 1, 1, 150, 150, 0},
    };

    (void)state;
    load(st, "a", "ud", 1, facts, 4);
    CELL_IS(st, "US", "2020-12-31", "user_data_requests", "120..120");
    CELL_IS(st, "US", "2020-12-31", "emergency_requests", "20..20");
    CELL_IS(st, "US", "2020-12-31", "preservation_requests", "500..500");
    CELL_IS(st, "US", "2020-12-31", "user_data_accounts", "150..150");
    store_close(st);
}

static void summary_uses_aggregates_only_when_alone(void **state)
{
    struct store *st = open_new();
    const struct f facts[] = {
        {"DE", "2013-12-31", "user_data", "requests", "All", 1, 1, 2660, 2660, 1},
        {"FR", "2020-12-31", "user_data", "requests", "All", 1, 1, 999, 999, 1},
        {"FR", "2020-12-31", "user_data", "requests", "Subpoenas", 1, 1, 300, 300, 0},
        {"FR", "2020-12-31", "user_data", "requests", "Other", 1, 1, 600, 600, 0},
    };

    (void)state;
    load(st, "a", "ud", 1, facts, 4);
    CELL_IS(st, "DE", "2013-12-31", "user_data_requests", "2660..2660");
    CELL_IS(st, "FR", "2020-12-31", "user_data_requests", "900..900");
    store_close(st);
}

static void summary_keeps_an_aggregate_beside_another_request_type(void **state)
{
    struct store *st = open_new();
    const struct f facts[] = {
        {"DE", "2020-12-31", "user_data", "requests", "All", 1, 1, 1000, 1000, 1},
        {"DE", "2020-12-31", "emergency", "requests", "Emergency", 1, 1, 30, 30, 0},
    };

    (void)state;
    load(st, "a", "ud", 1, facts, 2);
    CELL_IS(st, "DE", "2020-12-31", "user_data_requests", "1030..1030");
    CELL_IS(st, "DE", "2020-12-31", "emergency_requests", "30..30");
    store_close(st);
}

static void summary_cannot_overflow(void **state)
{
    struct store *st = open_new();
    struct f facts[1100];

    (void)state;
    for (int i = 0; i < 1100; i++)
        facts[i] = (struct f){"US", "2020-12-31",       "user_data",        "requests", "A", 1,
                              1,    9007199254740992.0, 9007199254740992.0, 0};
    load(st, "a", "ud", 1, facts, 1100);
    {
        char got[64];
        cell(st, "US", "2020-12-31", "user_data_requests", got, sizeof(got));
        assert_non_null(strstr(got, "e+18"));
    }
    store_close(st);
}

static void summary_adds_bands_as_bands_and_keeps_unknowns_open(void **state)
{
    struct store *st = open_new();
    const struct f facts[] = {
        {"US", "2020-12-31", "user_data", "requests", "A", 1, 1, 0, 249, 0},
        {"US", "2020-12-31", "user_data", "requests", "B", 1, 1, 250, 499, 0},
        {"GB", "2020-12-31", "user_data", "requests", "A", 1, 0, 5000, 0, 0},
        {"GB", "2020-12-31", "user_data", "requests", "B", 1, 1, 10, 10, 0},
        {"CN", "2020-12-31", "user_data", "requests", "A", 0, 0, 0, 0, 0},
        {"CN", "2020-12-31", "user_data", "requests", "B", 1, 1, 0, 9, 0},
        {"RU", "2020-12-31", "user_data", "requests", "A", 0, 0, 0, 0, 0},
    };

    (void)state;
    load(st, "a", "ud", 1, facts, 7);
    CELL_IS(st, "US", "2020-12-31", "user_data_requests", "250..748");
    CELL_IS(st, "GB", "2020-12-31", "user_data_requests", "5010..null");
    CELL_IS(st, "CN", "2020-12-31", "user_data_requests", "0..null");
    CELL_IS(st, "RU", "2020-12-31", "user_data_requests", "null..null");
    store_close(st);
}

static void summary_weights_percentages_by_requests(void **state)
{
    struct store *st = open_new();
    const struct f facts[] = {
        {"US", "2020-12-31", "user_data", "requests", "A", 1, 1, 100, 100, 0},
        {"US", "2020-12-31", "user_data", "pct_disclosed", "A", 1, 1, 80, 80, 0},
        {"US", "2020-12-31", "user_data", "requests", "B", 1, 1, 300, 300, 0},
        {"US", "2020-12-31", "user_data", "pct_disclosed", "B", 1, 1, 40, 40, 0},
        {"US", "2020-12-31", "preservation", "requests", "C", 1, 1, 1000, 1000, 0},
    };

    (void)state;
    load(st, "a", "ud", 1, facts, 5);
    /*
     * A percentage is weighted by the requests of its own source row; load() gives each
     * fact a line of its own, so put each pair on one line and rebuild the summary.
     */
    assert_int_equal(sqlite3_exec(store_db(st),
                                  "UPDATE fact_rows SET line = 2 WHERE legal_process = 'A';"
                                  "UPDATE fact_rows SET line = 3 WHERE legal_process = 'B';"
                                  "CREATE TEMP TABLE IF NOT EXISTS summary_scope "
                                  "(publisher TEXT, period_start TEXT, period_end TEXT);"
                                  "DELETE FROM temp.summary_scope;"
                                  "INSERT INTO temp.summary_scope VALUES "
                                  "('Pub', '2020-07-01', '2020-12-31');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_exec(store_db(st), sql_text("model/summary.sql"), NULL, NULL, NULL),
                     SQLITE_OK);
    CELL_IS(st, "US", "2020-12-31", "pct_disclosed", "50..50");
    store_close(st);
}

/*
 * The DSA measures (measure_rules.prefer 'coarsest'): per service and
 * country the category TOTAL row, else the category rows, else the keyword
 * rows, each metric on its own; the rows of all Member States together
 * (country EU) never; the companies' own measures as they were.
 */
static void summary_takes_the_coarsest_dsa_rows_of_each_service(void **state)
{
    struct store *st = open_new();
    const struct f own[] = {
        {"DE", "2026-06-30", "content_removal", "requests", "A", 1, 1, 11, 11, 0},
        {"DE", "2026-06-30", "user_data", "requests", "A", 1, 1, 22, 22, 0},
    };
    const char *dsa =
        "INSERT INTO countries VALUES ('ES', 'Spain', 'country'), "
        "('EU', 'European Union', 'supranational');"
        "WITH v (cc, svc, reason, kw, rt, metric, n, agg) AS (VALUES "
        "('DE', 'A', 'TOTAL', NULL, 'act', 'orders', 50, 1),"
        "('DE', 'A', 'SC_X', NULL, 'act', 'orders', 30, 1),"
        "('DE', 'A', 'SC_Y', NULL, 'act', 'orders', 15, 1),"
        "('DE', 'A', 'SC_X', 'KW_1', 'act', 'orders', 25, 0),"
        "('DE', 'B', 'SC_X', NULL, 'act', 'orders', 7, 1),"
        "('DE', 'A', 'SC_X', NULL, 'act', 'items', 70, 1),"
        "('DE', 'A', 'SC_Y', NULL, 'act', 'items', 40, 1),"
        "('DE', 'A', 'SC_X', 'KW_1', 'act', 'items', 60, 0),"
        "('DE', 'A', 'TOTAL', NULL, 'act', 'median_hours_to_effect', 36, 1),"
        "('DE', 'A', 'TOTAL', NULL, 'information', 'orders', 20, 1),"
        "('DE', 'B', 'TOTAL', NULL, 'information', 'orders', 3, 1),"
        "('FR', 'A', 'SC_X', NULL, 'act', 'orders', 7, 1),"
        "('FR', 'A', 'SC_Y', NULL, 'act', 'orders', 3, 1),"
        "('FR', 'A', 'SC_X', 'KW_1', 'act', 'orders', 6, 0),"
        "('ES', 'A', 'SC_X', 'KEYWORD_OTHER', 'act', 'orders', 4, 0),"
        "('ES', 'A', 'SC_Y', 'KEYWORD_OTHER', 'act', 'orders', 9, 0),"
        "('EU', 'A', 'TOTAL', NULL, 'act', 'orders', 100, 1),"
        "('EU', 'A', 'TOTAL', NULL, 'information', 'orders', 40, 1))"
        "INSERT INTO fact_rows (file_id, line, dataset_id, request_type, country, period_start, "
        "period_end, product, reason, subcategory, metric, value_low, value_high, value_raw, "
        "is_aggregate) "
        "SELECT s.id, 10, s.dataset_id, "
        "CASE v.rt WHEN 'act' THEN 'dsa_order_to_act' ELSE 'dsa_order_to_provide_information' END, "
        "v.cc, '2026-01-01', '2026-06-30', v.svc, "
        "CASE WHEN v.reason = 'TOTAL' THEN 'TOTAL' ELSE 'STATEMENT_CATEGORY_' || v.reason END, "
        "v.kw, v.metric, v.n, v.n, v.n, v.agg FROM v, source_files s;"
        "CREATE TEMP TABLE IF NOT EXISTS summary_scope "
        "(publisher TEXT, period_start TEXT, period_end TEXT);"
        "DELETE FROM temp.summary_scope;"
        "INSERT INTO temp.summary_scope VALUES ('Pub', '2026-01-01', '2026-06-30');";

    (void)state;
    load(st, "a", "dsa", 1, own, 2);
    assert_int_equal(sqlite3_exec(store_db(st), dsa, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(store_db(st), sql_text("model/summary.sql"), NULL, NULL, NULL),
                     SQLITE_OK);
    /* A's TOTAL row, not its categories (45) nor keyword; B has a category row only */
    CELL_IS(st, "DE", "2026-06-30", "dsa_orders_to_act", "57..57");
    /* A's TOTAL row has no items: its categories' are the coarsest there are */
    CELL_IS(st, "DE", "2026-06-30", "dsa_order_items", "110..110");
    CELL_IS(st, "DE", "2026-06-30", "dsa_orders_to_provide_information", "23..23");
    CELL_IS(st, "FR", "2026-06-30", "dsa_orders_to_act", "10..10");
    /* keyword rows only, one KEYWORD_OTHER under each of two categories */
    CELL_IS(st, "ES", "2026-06-30", "dsa_orders_to_act", "13..13");
    CELL_IS(st, "EU", "2026-06-30", "dsa_orders_to_act", "absent");
    CELL_IS(st, "EU", "2026-06-30", "dsa_orders_to_provide_information", "absent");
    CELL_IS(st, "DE", "2026-06-30", "removal_requests", "11..11");
    CELL_IS(st, "DE", "2026-06-30", "user_data_requests", "22..22");
    store_close(st);
}

static void newer_release_replaces_older_for_the_periods_it_covers(void **state)
{
    struct store *st = open_new();
    const struct f old_release[] = {
        {"US", "2019-12-31", "user_data", "requests", "A", 1, 1, 10, 10, 0},
        {"US", "2020-06-30", "user_data", "requests", "A", 1, 1, 20, 20, 0},
        {"GB", "2020-06-30", "user_data", "requests", "A", 1, 1, 5, 5, 0},
    };
    const struct f new_release[] = {
        {"US", "2020-06-30", "user_data", "requests", "A", 1, 1, 21, 21, 0},
        {"US", "2020-12-31", "user_data", "requests", "A", 1, 1, 30, 30, 0},
    };
    const struct f other_dataset[] = {
        {"US", "2020-06-30", "user_data", "requests", "A", 1, 1, 1000, 1000, 0},
    };

    (void)state;
    /* the newer release arrives first: order of arrival must not matter */
    load(st, "new", "ud", 1, new_release, 2);
    load(st, "old", "ud", 1, old_release, 3);
    load(st, "other", "enterprise", 0, other_dataset, 1);
    CELL_IS(st, "US", "2019-12-31", "user_data_requests", "10..10");
    CELL_IS(st, "US", "2020-06-30", "user_data_requests", "21..21");
    CELL_IS(st, "US", "2020-12-31", "user_data_requests", "30..30");
    /* GB vanished from the newer release of 2020-H1 */
    CELL_IS(st, "GB", "2020-06-30", "user_data_requests", "absent");
    store_close(st);
}

/* Every row of country_summary, in order, as one text (OUT out, n bytes). */
static void summary_text(struct store *st, char *out, size_t n)
{
    sqlite3_stmt *s;

    assert_int_equal(
        sqlite3_prepare_v2(store_db(st),
                           "SELECT coalesce(group_concat(country || '|' || period_end || '|' || "
                           "publisher || '|' || measure || '|' || coalesce(low, 'null') || '|' || "
                           "coalesce(high, 'null') || '|' || n_facts, ';'), '') FROM (SELECT * "
                           "FROM country_summary ORDER BY 1, 2, 3, 4, 5)",
                           -1, &s, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    snprintf(out, n, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
}

static void summary_from_the_writers_counts_equals_a_rebuild_from_the_rows(void **state)
{
    struct trdb_err err = {0, ""};
    struct store *st = open_new();
    /* two facts a line: a percentage beside the requests that weigh it */
    const struct f facts[] = {
        {"US", "2020-12-31", "user_data", "requests", "A", 1, 1, 100, 100, 0},
        {"US", "2020-12-31", "user_data", "pct_disclosed", "A", 1, 1, 80, 80, 0},
        {"US", "2020-12-31", "user_data", "requests", "B", 1, 1, 200, 400, 0},
        {"US", "2020-12-31", "user_data", "pct_disclosed", "B", 1, 1, 40, 40, 0},
        {"US", "2020-12-31", "user_data", "pct_disclosed", "C", 1, 1, 10, 10, 0},
        {"US", "2020-12-31", "user_data", "accounts", "C", 1, 0, 7, 0, 0},
        {"US", "2020-12-31", "emergency", "requests", "D", 1, 1, 5, 5, 0},
        {"US", "2020-12-31", "emergency", "pct_disclosed", "D", 1, 1, 100, 100, 0},
        {"DE", "2020-12-31", "user_data", "requests", "All", 1, 1, 50, 50, 1},
        {"DE", "2020-12-31", "user_data", "requests", "A", 1, 1, 20, 20, 0},
    };
    char loaded[4096], rebuilt[4096];

    (void)state;
    per_line = 2;
    load(st, "a", "ud", 1, facts, sizeof(facts) / sizeof(facts[0]));
    per_line = 1;
    /* (80 x 100 + 40 x 300 + 100 x 5) / 405; the percentage without requests weighs nothing */
    CELL_IS(st, "US", "2020-12-31", "pct_disclosed", "50.6..50.6");
    CELL_IS(st, "US", "2020-12-31", "user_data_requests", "305..505");
    CELL_IS(st, "US", "2020-12-31", "user_data_accounts", "7..null");
    CELL_IS(st, "DE", "2020-12-31", "user_data_requests", "20..20");
    summary_text(st, loaded, sizeof(loaded));
    if (store_rebuild_summary(st, &err))
        fail_msg("%s", err.msg);
    summary_text(st, rebuilt, sizeof(rebuilt));
    assert_string_equal(loaded, rebuilt);
    store_close(st);
}

static void store_file_known_finds_a_loaded_file(void **state)
{
    struct trdb_err err = {0, ""};
    struct store *st = open_new();
    struct known_file k;
    const struct f facts[] = {{"US", "2019-12-31", "user_data", "requests", "A", 1, 1, 1, 1, 0}};

    (void)state;
    assert_int_equal(store_file_known(st, "abc", &k, &err), 0);
    load(st, "abc", "ud", 1, facts, 1);
    assert_int_equal(store_file_known(st, "abc", &k, &err), 1);
    assert_string_equal(k.profile, "p");
    assert_int_equal(k.rows_loaded, 1);
    store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(store_creates_the_public_contract, setup, teardown),
        cmocka_unit_test_setup_teardown(store_refuses_a_newer_schema_and_a_missing_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(store_refuses_somebody_elses_database, setup, teardown),
        cmocka_unit_test_setup_teardown(store_creates_an_empty_database, setup, teardown),
        cmocka_unit_test_setup_teardown(summary_adds_user_data_and_emergency_but_not_preservation,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(summary_uses_aggregates_only_when_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(summary_adds_bands_as_bands_and_keeps_unknowns_open, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(summary_keeps_an_aggregate_beside_another_request_type,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(summary_cannot_overflow, setup, teardown),
        cmocka_unit_test_setup_teardown(summary_weights_percentages_by_requests, setup, teardown),
        cmocka_unit_test_setup_teardown(
            summary_from_the_writers_counts_equals_a_rebuild_from_the_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(summary_takes_the_coarsest_dsa_rows_of_each_service, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(newer_release_replaces_older_for_the_periods_it_covers,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(store_file_known_finds_a_loaded_file, setup, teardown),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
