/*
 * test_output.c: queries/output.c and its writers: RFC 4180 quoting,
 * formula neutralising, JSON escaping, the table's bands, thousands
 * separators and control characters, and output_each_row handing out the
 * table's cells with sort keys. And queries/query.c: the catalog of named
 * queries and parameter checking.
 */
#include "table.h"
#include "../../lib/err.h"
#include "../../lib/sqltext.h"
#include "../../model/period.h"
#include "../../model/store.h"
#include "../../queries/output.h"
#include "../../queries/query.h"
#include "../../queries/rows.h"

#include <unistd.h>

#include "../../lib/banned.h"

/* Write rows through a writer into a string (caller frees). */
static char *render(enum out_format fmt, int neutralize, int ncols, const char *const *names,
                    const struct out_val *rows, int nrows)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    struct output *o = output_new(f, fmt, ncols, names, neutralize);
    struct trdb_err err = {0, ""};

    for (int r = 0; r < nrows; r++)
        assert_int_equal(output_row(o, rows + r * ncols), 0);
    assert_int_equal(output_end(o, &err), 0);
    fclose(f);
    return text;
}

#define T(s)                                                                                       \
    {                                                                                              \
        OV_TEXT, 0, 0, s                                                                           \
    }
#define I(v)                                                                                       \
    {                                                                                              \
        OV_INT, v, 0, NULL                                                                         \
    }
#define R(v)                                                                                       \
    {                                                                                              \
        OV_REAL, 0, v, NULL                                                                        \
    }
#define N                                                                                          \
    {                                                                                              \
        OV_NULL, 0, 0, NULL                                                                        \
    }

static void csv_quotes_what_needs_quoting(void **state)
{
    const char *names[] = {"a", "b"};
    struct out_val rows[] = {T("plain"),      T("has, comma"), T("say \"hi\""),
                             T("two\nlines"), I(-5),           N};
    char *got = render(OUT_CSV, 0, 2, names, rows, 3);

    (void)state;
    assert_string_equal(got, "a,b\r\nplain,\"has, comma\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
                             "-5,\r\n");
    free(got);
}

static void csv_neutralises_formulas_when_asked(void **state)
{
    const char *names[] = {"app_name"};
    struct out_val rows[] = {T("=HYPERLINK(\"http://x\")"), T("+1"), T("-x"), T("@SUM(A1)"),
                             T("fine")};
    char *got = render(OUT_CSV, 1, 1, names, rows, 5);

    (void)state;
    assert_string_equal(got, "app_name\r\n\"'=HYPERLINK(\"\"http://x\"\")\"\r\n\"'+1\"\r\n"
                             "\"'-x\"\r\n\"'@SUM(A1)\"\r\nfine\r\n");
    free(got);
}

static void json_escapes_text_and_keeps_numbers(void **state)
{
    const char *names[] = {"name", "n", "pct", "none"};
    struct out_val rows[] = {T("<script>\"\\\n\x01"), I(1234), R(83.5), N};
    char *got = render(OUT_JSON, 0, 4, names, rows, 1);

    (void)state;
    assert_string_equal(got, "[\n  {\"name\": \"\\u003cscript>\\\"\\\\\\n\\u0001\", \"n\": 1234, "
                             "\"pct\": 83.5, \"none\": null}\n]\n");
    free(got);
    got = render(OUT_JSON, 0, 4, names, rows, 0);
    assert_string_equal(got, "[]\n");
    free(got);
    got = render(OUT_NDJSON, 0, 4, names, rows, 1);
    assert_string_equal(got, "{\"name\": \"\\u003cscript>\\\"\\\\\\n\\u0001\", \"n\": 1234, "
                             "\"pct\": 83.5, \"none\": null}\n");
    free(got);
}

static void table_merges_bands_and_groups_thousands(void **state)
{
    const char *names[] = {"country", "requests_low", "requests_high", "source_line"};
    struct out_val rows[] = {T("US"), I(11000), I(12000), I(1234), T("GB"), I(5000), N, I(7),
                             T("FR"), I(42),    I(42),    I(8),    T("CN"), N,       N, I(9)};
    char *got = render(OUT_TABLE, 0, 4, names, rows, 4);

    (void)state;
    assert_string_equal(got, "country  requests       source_line\n"
                             "-------  -------------  -----------\n"
                             "US       11,000-12,000         1234\n"
                             "GB              5,000+            7\n"
                             "FR                  42            8\n"
                             "CN                                9\n"
                             "(4 rows)\n");
    free(got);
}

static void table_shows_control_characters_as_escapes(void **state)
{
    const char *names[] = {"name"};
    struct out_val rows[] = {T("two\nlines"), T("\x1b[31mred"), T("tab\there")};
    char *got = render(OUT_TABLE, 0, 1, names, rows, 3);

    (void)state;
    assert_string_equal(got, "name\n------------\ntwo\\x0Alines\n\\x1B[31mred\n"
                             "tab\\x09here\n(3 rows)\n");
    free(got);
}

/* What output_each_row handed out, as one string: "cols|..." then a line per row. */
struct seen {
    char text[1024];
    size_t len;
    int stop_at; /* a row number at which the callback fails, or 0 */
    int rows;
};

static int seen_columns(void *ctx, int ncols, const char *const *names, struct trdb_err *err)
{
    struct seen *w = ctx;

    (void)err;
    w->len += (size_t)snprintf(w->text + w->len, sizeof(w->text) - w->len, "cols");
    for (int c = 0; c < ncols; c++)
        w->len += (size_t)snprintf(w->text + w->len, sizeof(w->text) - w->len, "|%s", names[c]);
    w->len += (size_t)snprintf(w->text + w->len, sizeof(w->text) - w->len, "\n");
    return 0;
}

static int seen_row(void *ctx, int ncols, const struct out_cell *cells, struct trdb_err *err)
{
    static const char types[] = "nirt";
    struct seen *w = ctx;

    if (++w->rows == w->stop_at)
        return trdb_err_set(err, TRDB_EDATA, "stopped at row %d", w->rows);
    for (int c = 0; c < ncols; c++)
        w->len += (size_t)snprintf(w->text + w->len, sizeof(w->text) - w->len, "%s%c:%s:%s",
                                   c ? "|" : "", types[cells[c].type], cells[c].text,
                                   cells[c].sort ? cells[c].sort : "-");
    w->len += (size_t)snprintf(w->text + w->len, sizeof(w->text) - w->len, "\n");
    return 0;
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;

    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    return s;
}

static void each_row_hands_out_cells_as_the_table_shows_them(void **state)
{
    static const char *const sql =
        "SELECT 'US' AS country, 'two' || char(10) || 'lines' AS name, 11000 AS requests_low,"
        " 12000 AS requests_high, 1234 AS source_line, 83.5 AS pct, NULL AS none"
        " UNION ALL SELECT 'GB', '<b>', 5000, NULL, 7, 2.0, NULL"
        " UNION ALL SELECT 'FR', '', NULL, 249, 8, 1e300 * 1e300, 'x'";
    const struct out_each each = {seen_columns, seen_row};
    struct seen w = {"", 0, 0, 0};
    struct trdb_err err = {0, ""};
    sqlite3 *db = NULL;
    struct rows *r;

    (void)state;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    r = rows_stmt(prepare(db, sql), 1);
    assert_int_equal(output_each_row(r, &each, &w, &err), 0);
    /* type:text:sort; a band's sort key is its low end, else its high end */
    assert_string_equal(w.text, "cols|country|name|requests|source_line|pct|none\n"
                                "t:US:-|t:two\\x0Alines:-|i:11,000-12,000:11000|i:1234:1234|"
                                "r:83.5:83.5|n::-\n"
                                "t:GB:-|t:<b>:-|i:5,000+:5000|i:7:7|r:2:2|n::-\n"
                                "t:FR:-|t::-|n:249:249|i:8:8|r:inf:-|t:x:-\n");
    rows_close(r);
    sqlite3_close(db);
}

static void each_row_stops_when_the_callback_fails(void **state)
{
    const struct out_each each = {NULL, seen_row};
    struct seen w = {"", 0, 2, 0};
    struct trdb_err err = {0, ""};
    sqlite3 *db = NULL;
    struct rows *r;

    (void)state;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    r = rows_stmt(prepare(db, "SELECT 1 AS a UNION ALL SELECT 2 UNION ALL SELECT 3"), 1);
    assert_int_equal(output_each_row(r, &each, &w, &err), TRDB_EDATA);
    assert_string_equal(err.msg, "stopped at row 2");
    assert_int_equal(w.rows, 2);
    assert_string_equal(w.text, "i:1:1\n");
    rows_close(r);
    /* a statement that fails while stepping: SQLite's reason */
    r = rows_stmt(prepare(db, "SELECT abs(-9223372036854775807 - 1) AS a"), 1);
    w = (struct seen){"", 0, 0, 0};
    assert_int_equal(output_each_row(r, &each, &w, &err), TRDB_EDB);
    assert_non_null(strstr(err.msg, "query failed: integer overflow"));
    rows_close(r);
    sqlite3_close(db);
}

static void output_format_parse_names_the_choices(void **state)
{
    struct trdb_err err = {0, ""};
    enum out_format f;

    (void)state;
    assert_int_equal(output_format_parse("ndjson", &f, &err), 0);
    assert_int_equal(f, OUT_NDJSON);
    assert_int_equal(output_format_parse("xml", &f, &err), TRDB_EUSAGE);
    assert_string_equal(err.msg, "unknown format 'xml' (table, csv, json, ndjson)");
}

static void every_named_query_has_a_name_and_description(void **state)
{
    struct trdb_err err = {0, ""};
    struct named_query qs[64];
    int n = query_catalog(qs, 64, &err);

    (void)state;
    assert_true(n >= 5);
    for (int i = 0; i < n; i++) {
        assert_true(strlen(qs[i].name) > 0);
        assert_true(strlen(qs[i].description) > 20);
        for (int k = 0; k < i; k++)
            assert_string_not_equal(qs[i].name, qs[k].name);
    }
}

/*
 * Each named query runs on PostgreSQL either as it is ("-- postgresql: yes")
 * or from queries/pg/NAME.sql, never both (one place per statement), and
 * queries/pg/ holds no query of its own.
 */
static void every_named_query_has_one_postgresql_text(void **state)
{
    struct trdb_err err = {0, ""};
    struct named_query qs[64];
    int n = query_catalog(qs, 64, &err), pg_files = 0;
    char path[80];

    (void)state;
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "queries/pg/%.31s.sql", qs[i].name);
        assert_int_equal(qs[i].on_postgres, sql_text(path) == NULL);
        pg_files += sql_text(path) != NULL;
    }
    assert_true(n >= 5);
    for (const struct sql_text *t = sql_texts; t->path; t++)
        pg_files -= strncmp(t->path, "queries/pg/", 11) == 0;
    assert_int_equal(pg_files, 0);
}

static void query_run_checks_its_parameters(void **state)
{
    struct trdb_err err = {0, ""};
    struct store *st = NULL;
    struct period_parser *pp = period_parser_new(&err);
    char path[] = "/tmp/trdb-query-XXXXXX";
    int fd = mkstemp(path);
    char *unknown[] = {"colour=red"}, *cc[] = {"cc=NARNIA"}, *bad_period[] = {"period=soon"},
         *no_eq[] = {"cc"};
    FILE *devnull = fopen("/dev/null", "w");

    (void)state;
    close(fd);
    unlink(path);
    assert_int_equal(store_open(path, STORE_CREATE, &st, &err), 0);
    assert_int_equal(sqlite3_exec(store_db(st),
                                  "INSERT INTO countries VALUES ('US', 'United States', 'country')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(query_run(st, pp, NULL, "nosuch", 0, NULL, devnull, OUT_CSV, 0, &err),
                     TRDB_EUSAGE);
    assert_non_null(strstr(err.msg, "queries: "));
    assert_int_equal(query_run(st, pp, NULL, "country", 1, unknown, devnull, OUT_CSV, 0, &err),
                     TRDB_EUSAGE);
    assert_non_null(strstr(err.msg, "no parameter 'colour' (it takes: cc, publisher)"));
    assert_int_equal(query_run(st, pp, NULL, "country", 0, NULL, devnull, OUT_CSV, 0, &err),
                     TRDB_EUSAGE);
    assert_non_null(strstr(err.msg, "needs cc="));
    assert_int_equal(query_run(st, pp, NULL, "country", 1, cc, devnull, OUT_CSV, 0, &err),
                     TRDB_EUSAGE);
    assert_non_null(strstr(err.msg, "unknown country 'NARNIA'"));
    assert_int_equal(query_run(st, pp, NULL, "country", 1, no_eq, devnull, OUT_CSV, 0, &err),
                     TRDB_EUSAGE);
    assert_int_equal(query_run(st, pp, NULL, "countries", 1, bad_period, devnull, OUT_CSV, 0, &err),
                     TRDB_EUSAGE);
    assert_non_null(strstr(err.msg, "unrecognized period 'soon'"));
    store_close(st);
    period_parser_free(pp);
    fclose(devnull);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_quotes_what_needs_quoting),
        cmocka_unit_test(csv_neutralises_formulas_when_asked),
        cmocka_unit_test(json_escapes_text_and_keeps_numbers),
        cmocka_unit_test(table_merges_bands_and_groups_thousands),
        cmocka_unit_test(table_shows_control_characters_as_escapes),
        cmocka_unit_test(each_row_hands_out_cells_as_the_table_shows_them),
        cmocka_unit_test(each_row_stops_when_the_callback_fails),
        cmocka_unit_test(output_format_parse_names_the_choices),
        cmocka_unit_test(every_named_query_has_a_name_and_description),
        cmocka_unit_test(every_named_query_has_one_postgresql_text),
        cmocka_unit_test(query_run_checks_its_parameters),
    };
    return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
