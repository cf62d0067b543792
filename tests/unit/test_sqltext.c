/*
 * test_sqltext.c: lib/sqltext.c and the table tools/embed-sql.sh writes:
 * lookup by source-tree path, NULL for any other name, and every embedded
 * text byte for byte the file it came from (quotes and backslashes
 * included), each file of the source tree's SQL there once; sql_one_line. Files are read
 * relative to $TEST_DATA/../.. (the top of the source tree).
 */
#include "table.h"
#include "testio.h"
#include "../../lib/sqltext.h"

#include <glob.h>

#include "../../lib/banned.h"

/* Read the file at path (relative to the top of the tree) into a string; NULL when missing. */
static char *slurp(const char *path)
{
    char full[4096], rel[1024];

    snprintf(rel, sizeof(rel), "../../%s", path);
    return read_whole(table_path(rel, full, sizeof(full)));
}

static int embedded(const char *path)
{
    int n = 0;

    for (const struct sql_text *s = sql_texts; s->path; s++)
        n += strcmp(s->path, path) == 0;
    return n;
}

static void sql_text_finds_known_files_by_path(void **state)
{
    const char *q = sql_text("queries/countries.sql");
    const char *schema = sql_text("model/schema/0001-initial.sql");

    (void)state;
    assert_non_null(q);
    assert_memory_equal(q, "-- name: countries\n", 19);
    assert_non_null(schema);
    assert_non_null(strstr(schema, "CREATE TABLE countries ("));
    assert_non_null(sql_text("reports/assets/report.css"));
    assert_non_null(sql_text("reports/assets/report.js"));
    assert_ptr_equal(sql_text("queries/countries.sql"), q); /* the same text, not a copy */
}

static void sql_text_returns_null_for_any_other_name(void **state)
{
    static const char *const unknown[] = {
        "queries/nosuch.sql",      "",
        "countries.sql",           "queries/countries",
        "QUERIES/countries.sql",   "queries/countries.sql ",
        "./queries/countries.sql", "queries/",
        "/queries/countries.sql",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
        if (sql_text(unknown[i]))
            fail_msg("'%s' should not be found", unknown[i]);
}

static void sql_texts_are_their_files_byte_for_byte(void **state)
{
    int n = 0;

    (void)state;
    for (const struct sql_text *s = sql_texts; s->path; s++, n++) {
        char *disk = slurp(s->path);
        if (!disk)
            fail_msg("cannot read '%s' (run from the top of the tree or set TEST_DATA)", s->path);
        assert_non_null(s->text);
        if (strcmp(disk, s->text) != 0)
            fail_msg("'%s': the embedded text differs from the file", s->path);
        free(disk);
    }
    assert_true(n >= 10);
    /* the assets hold backslashes and quotes: escaping them was checked above */
    assert_non_null(strchr(sql_text("reports/assets/report.js"), '\\'));
    assert_non_null(strchr(sql_text("reports/assets/report.css"), '"'));
}

static void sql_texts_hold_each_source_file_once(void **state)
{
    static const char *const patterns[] = {
        "model/schema/*.sql",      "model/schema/pg/*.sql", "model/*.sql",
        "model/pg/*.sql",          "queries/*.sql",         "queries/pg/*.sql",
        "reports/sql/*.sql",       "reports/sql/pg/*.sql",  "reports/assets/report.css",
        "reports/assets/report.js"};
    char top[2048], pat[4096];
    int files = 0, entries = 0;

    (void)state;
    table_path("../..", top, sizeof(top));
    for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
        glob_t g;
        snprintf(pat, sizeof(pat), "%s/%s", top, patterns[i]);
        assert_int_equal(glob(pat, 0, NULL, &g), 0);
        for (size_t k = 0; k < g.gl_pathc; k++) {
            const char *rel = g.gl_pathv[k] + strlen(top) + 1;
            if (embedded(rel) != 1)
                fail_msg("'%s' is embedded %d times, wanted once", rel, embedded(rel));
            files++;
        }
        globfree(&g);
    }
    for (const struct sql_text *s = sql_texts; s->path; s++)
        entries++;
    assert_int_equal(entries, files); /* and nothing else */
}

/* A statement on one line: white space runs one space, comments gone, cut short at the buffer. */
static void sql_one_line_collapses_space_and_drops_comments(void **state)
{
    char out[64], small[8];

    (void)state;
    sql_one_line("SELECT a,\n\t  b -- the b\nFROM t -- last", out, sizeof(out));
    assert_string_equal(out, "SELECT a, b FROM t ");
    sql_one_line("-- only a comment", out, sizeof(out));
    assert_string_equal(out, "");
    sql_one_line("SELECT '-' - 1", out, sizeof(out));
    assert_string_equal(out, "SELECT '-' - 1");
    sql_one_line("SELECT 1234567890", small, sizeof(small));
    assert_string_equal(small, "SELECT ");
    sql_one_line("", out, sizeof(out));
    assert_string_equal(out, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sql_text_finds_known_files_by_path),
        cmocka_unit_test(sql_text_returns_null_for_any_other_name),
        cmocka_unit_test(sql_texts_are_their_files_byte_for_byte),
        cmocka_unit_test(sql_texts_hold_each_source_file_once),
        cmocka_unit_test(sql_one_line_collapses_space_and_drops_comments),
    };
    return cmocka_run_group_tests_name("sqltext", tests, NULL, NULL);
}
