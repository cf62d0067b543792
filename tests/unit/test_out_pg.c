/*
 * test_out_pg.c: queries/out_pg.c: a libpq result (built here, no server
 * needed) written by the same writers as a SQLite statement of the same
 * values gives the same CSV, JSON and table bytes, each cell typed as SQLite
 * types it (a whole numeric an integer, a fractional or huge one a real).
 */
#include "table.h"
#include "../../lib/err.h"
#include "../../queries/output.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include "../../lib/banned.h"

enum { OID_BOOL = 16, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_TEXT = 25 };
enum { OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_NUMERIC = 1700 };

struct pgcol {
    const char *name;
    Oid type;
    const char *value;  /* NULL: SQL NULL */
    const char *sqlite; /* the same value as a SQLite expression */
};

/* The columns of one row, on both backends. */
static const struct pgcol cols[] = {
    {"i2", OID_INT2, "-7", "-7"},
    {"i4", OID_INT4, "1234567", "1234567"},
    {"i8", OID_INT8, "9007199254740993", "9007199254740993"},
    {"yes", OID_BOOL, "t", "1"},
    {"no", OID_BOOL, "f", "0"},
    {"f8", OID_FLOAT8, "0.30000000000000004", "0.1 + 0.2"},
    {"f8_whole", OID_FLOAT8, "12", "12.0"},
    {"f4", OID_FLOAT4, "2.5", "2.5"},
    {"n_whole", OID_NUMERIC, "19330", "19330"},
    {"n_zeros", OID_NUMERIC, "12.000", "CAST('12.000' AS NUMERIC)"},
    {"n_frac", OID_NUMERIC, "81.6", "81.6"},
    {"n_neg", OID_NUMERIC, "-0.5", "-0.5"},
    {"n_huge", OID_NUMERIC, "123456789012345678901234",
     "CAST('123456789012345678901234' AS NUMERIC)"},
    {"t", OID_TEXT, "=1+2, \"quoted\"", "'=1+2, \"quoted\"'"},
    {"empty", OID_TEXT, "", "''"},
    {"nothing", OID_TEXT, NULL, "NULL"},
    {"day", 1082, "2021-06-30", "'2021-06-30'"},
};
#define NCOLS ((int)(sizeof(cols) / sizeof(cols[0])))

static PGresult *make_result(void)
{
    PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
    PGresAttDesc attrs[NCOLS];

    assert_non_null(res);
    memset(attrs, 0, sizeof(attrs));
    for (int c = 0; c < NCOLS; c++) {
        attrs[c].name = (char *)cols[c].name;
        attrs[c].typid = cols[c].type;
        attrs[c].typlen = -1;
        attrs[c].atttypmod = -1;
    }
    assert_int_equal(PQsetResultAttrs(res, NCOLS, attrs), 1);
    for (int c = 0; c < NCOLS; c++)
        assert_int_equal(PQsetvalue(res, 0, c, (char *)cols[c].value,
                                    cols[c].value ? (int)strlen(cols[c].value) : -1),
                         1);
    return res;
}

/* The same row from SQLite, written in fmt. */
static char *from_sqlite(enum out_format fmt)
{
    char sql[2048] = "SELECT ", *text = NULL;
    size_t used = 7, len = 0;
    sqlite3 *db;
    sqlite3_stmt *s;
    FILE *f = open_memstream(&text, &len);
    struct trdb_err err = {0, ""};

    for (int c = 0; c < NCOLS; c++)
        used += (size_t)snprintf(sql + used, sizeof(sql) - used, "%s%s AS \"%s\"", c ? ", " : "",
                                 cols[c].sqlite, cols[c].name);
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(output_stmt(s, f, fmt, 1, &err), 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    fclose(f);
    return text;
}

static char *from_pg(enum out_format fmt)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    struct trdb_err err = {0, ""};
    PGresult *res = make_result();

    assert_int_equal(output_pgresult(res, f, fmt, 1, &err), 0);
    PQclear(res);
    fclose(f);
    return text;
}

static void out_pg_writes_what_sqlite_writes(void **state)
{
    (void)state;
    for (int fmt = OUT_TABLE; fmt <= OUT_NDJSON; fmt++) {
        char *lite = from_sqlite((enum out_format)fmt), *pg = from_pg((enum out_format)fmt);
        assert_string_equal(pg, lite);
        free(lite);
        free(pg);
    }
}

static void out_pg_types_cells_as_sqlite_does(void **state)
{
    PGresult *res = make_result();
    struct out_val v[NCOLS];
    static const enum out_type want[NCOLS] = {OV_INT,  OV_INT,  OV_INT,  OV_INT,  OV_INT,  OV_REAL,
                                              OV_REAL, OV_REAL, OV_INT,  OV_INT,  OV_REAL, OV_REAL,
                                              OV_REAL, OV_TEXT, OV_TEXT, OV_NULL, OV_TEXT};

    (void)state;
    out_pg_values(res, 0, v);
    for (int c = 0; c < NCOLS; c++)
        assert_int_equal(v[c].type, want[c]);
    assert_int_equal(v[2].i, 9007199254740993LL); /* every digit of an int8 */
    assert_int_equal(v[3].i, 1);
    assert_int_equal(v[4].i, 0);
    assert_int_equal(v[9].i, 12);
    assert_true(v[12].d > 1.2e23 && v[12].d < 1.3e23);
    assert_string_equal(v[14].s, "");
    PQclear(res);
}

static void out_pg_writes_an_empty_result_as_sqlite_does(void **state)
{
    PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
    PGresAttDesc a = {(char *)"x", 0, 0, 0, OID_INT4, 4, -1};
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    struct trdb_err err = {0, ""};

    (void)state;
    assert_int_equal(PQsetResultAttrs(res, 1, &a), 1);
    assert_int_equal(output_pgresult(res, f, OUT_CSV, 0, &err), 0);
    fclose(f);
    assert_string_equal(text, "x\r\n");
    free(text);
    PQclear(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(out_pg_writes_what_sqlite_writes),
        cmocka_unit_test(out_pg_types_cells_as_sqlite_does),
        cmocka_unit_test(out_pg_writes_an_empty_result_as_sqlite_does),
    };
    return cmocka_run_group_tests_name("out_pg", tests, NULL, NULL);
}
