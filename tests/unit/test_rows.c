/*
 * test_rows.c: queries/rows.c: a SQLite statement and a libpq result (built
 * here, no server needed) of the same rows step the same way and hand out
 * the same names, types, texts and numbers; a kept statement is reset, not
 * finalized, and steps again; a failing step says SQLite's reason.
 */
#include "table.h"
#include "../../lib/err.h"
#include "../../queries/rows.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include "../../lib/banned.h"

enum { OID_INT8 = 20, OID_TEXT = 25, OID_NUMERIC = 1700 };

/* Two rows of (cc text, low bigint, high numeric): ("US", 12, 2.5), ("DE", 3, NULL). */
static PGresult *make_result(void)
{
    static const char *const names[] = {"cc", "low", "high"};
    static const Oid types[] = {OID_TEXT, OID_INT8, OID_NUMERIC};
    static const char *const values[2][3] = {{"US", "12", "2.5"}, {"DE", "3", NULL}};
    PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
    PGresAttDesc attrs[3];

    assert_non_null(res);
    memset(attrs, 0, sizeof(attrs));
    for (int c = 0; c < 3; c++) {
        attrs[c].name = (char *)names[c];
        attrs[c].typid = types[c];
        attrs[c].typlen = -1;
        attrs[c].atttypmod = -1;
    }
    assert_int_equal(PQsetResultAttrs(res, 3, attrs), 1);
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 3; c++)
            assert_int_equal(PQsetvalue(res, r, c, (char *)values[r][c],
                                        values[r][c] ? (int)strlen(values[r][c]) : -1),
                             1);
    return res;
}

static sqlite3_stmt *make_stmt(sqlite3 *db)
{
    sqlite3_stmt *s = NULL;

    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT 'US' AS cc, 12 AS low, 2.5 AS high "
                                        "UNION ALL SELECT 'DE', 3, NULL",
                                        -1, &s, NULL),
                     SQLITE_OK);
    return s;
}

/* Every row of r as "cc low high|", each cell's type and value as rows.h hands them out. */
static void rows_as_text(struct rows *r, char *out, size_t n)
{
    struct trdb_err err = {0, ""};
    size_t used = 0;
    int rc;

    out[0] = '\0';
    assert_int_equal(rows_ncols(r), 3);
    assert_int_equal(rows_column(r, "high"), 2);
    assert_int_equal(rows_column(r, "nosuch"), -1);
    assert_string_equal(rows_name(r, 0), "cc");
    while ((rc = rows_step(r, &err)) > 0) {
        const struct out_val *v = rows_values(r);
        used +=
            (size_t)snprintf(out + used, n - used, "%s %lld %g %d %d %d %s|", rows_text(r, 0, "?"),
                             rows_int(r, 1), rows_double(r, 2), rows_null(r, 2),
                             v[1].type == OV_INT, v[2].type == OV_REAL, rows_text(r, 2, "none"));
        assert_true(used < n);
    }
    assert_int_equal(rc, 0);
}

static void rows_step_the_same_over_both_backends(void **state)
{
    char lite[256], pg[256];
    sqlite3 *db = NULL;
    struct rows *r;

    (void)state;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    r = rows_stmt(make_stmt(db), 1);
    assert_non_null(r);
    rows_as_text(r, lite, sizeof(lite));
    rows_close(r);
    r = rows_pg(make_result(), 1);
    assert_non_null(r);
    rows_as_text(r, pg, sizeof(pg));
    rows_close(r);
    assert_string_equal(lite, "US 12 2.5 0 1 1 2.5|DE 3 0 1 1 0 none|");
    assert_string_equal(pg, lite);
    sqlite3_close(db);
}

static void rows_of_a_kept_statement_reset_it_for_the_next_use(void **state)
{
    struct trdb_err err = {0, ""};
    sqlite3 *db = NULL;
    sqlite3_stmt *s;
    struct rows *r;

    (void)state;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    s = make_stmt(db);
    for (int use = 0; use < 2; use++) {
        r = rows_stmt(s, 0);
        assert_non_null(r);
        assert_int_equal(rows_step(r, &err), 1);
        assert_string_equal(rows_text(r, 0, ""), "US");
        rows_close(r); /* halfway: reset, so the next use starts at the first row */
    }
    assert_int_equal(sqlite3_finalize(s), SQLITE_OK);
    rows_close(NULL);
    sqlite3_close(db);
}

static void rows_step_says_why_a_statement_failed(void **state)
{
    struct trdb_err err = {0, ""};
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    struct rows *r;

    (void)state;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT abs(-9223372036854775807 - 1) AS a", -1, &s, NULL),
        SQLITE_OK);
    r = rows_stmt(s, 1);
    assert_int_equal(rows_step(r, &err), TRDB_EDB);
    assert_non_null(strstr(err.msg, "integer overflow"));
    rows_close(r);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_step_the_same_over_both_backends),
        cmocka_unit_test(rows_of_a_kept_statement_reset_it_for_the_next_use),
        cmocka_unit_test(rows_step_says_why_a_statement_failed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
