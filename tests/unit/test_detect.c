/*
 * test_detect.c: ingest/detect.c's two-row headers. The names a group row
 * over a label row make (tests/data/two-row-headers.tsv): a group spans the
 * empty cells to its right, a label under no group stands alone, a group
 * equal to its label or over an empty one is the one text. And the rows it
 * hands out of a JSON source: a value that is not UTF-8 is a reject.
 */
#include "table.h"
#include "ingestrun.h"
#include "../../ingest/ingest_int.h"

#include "../../lib/banned.h"

/* One line of two-row-headers.tsv: upper, lower -> the combined names. */
static void combine_case(void **state)
{
    struct table_case *c = *state;
    char up[1024], low[1024], got[2048], *u[32], *l[32];
    size_t nu, nl, n, len = 0;
    char **h;

    assert_int_equal(c->nfields, 4);
    snprintf(up, sizeof(up), "%s", c->field[1]);
    snprintf(low, sizeof(low), "%s", c->field[2]);
    nu = table_split(up, u, 32);
    nl = table_split(low, l, 32);
    h = ingest_combine_headers(u, nu, l, nl, &n);
    assert_non_null(h);
    assert_int_equal(n, nu > nl ? nu : nl);
    got[0] = '\0';
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s", i ? "|" : "", h[i]);
    assert_null(h[n]);
    assert_string_equal(got, c->field[3]);
    ingest_free_headers(h, n);
}

static int setup(void **state)
{
    *state = NULL;
    return run_setup("detect");
}

static int teardown(void **state)
{
    (void)state;
    return run_teardown();
}

static void json_value_not_utf8_is_a_reject_naming_its_path(void **state)
{
    /* cJSON passes a string's bytes through: Latin-1 in a name, and an overlong '/' */
    static const char text[] =
        "{\"app_id\": \"1\", \"storefront\": \"CN\", \"captured_at\": \"2021-01-10T00:00:00Z\", "
        "\"response\": {\"resultCount\": 1, \"results\": [{\"trackName\": \"Caf\xe9\"}]}}\n"
        "{\"app_id\": \"2\", \"storefront\": \"CN\", \"captured_at\": \"2021-01-10T00:00:00Z\", "
        "\"response\": {\"resultCount\": 1, \"results\": [{\"artistName\": \"A\xc0\xaf\"}]}}\n"
        "{\"app_id\": \"3\", \"storefront\": \"CN\", \"captured_at\": \"2021-01-10T00:00:00Z\", "
        "\"response\": {\"resultCount\": 1, \"results\": [{\"trackName\": \"Caf\xc3\xa9\"}]}}\n";
    struct run r;

    (void)state;
    write_bytes("captures.jsonl", text, sizeof(text) - 1);
    run_ingest("captures.jsonl", &r);
    assert_string_equal(r.status, "loaded");
    assert_int_equal(r.rows, 1);
    assert_int_equal(r.rejected, 2);
    SQL_IS("SELECT group_concat(line || '|' || column_name || '|' || reason, '\n') "
           "FROM (SELECT * FROM rejects ORDER BY line)",
           "1|response.results.0.trackName|invalid UTF-8 in 'response.results.0.trackName' at "
           "byte 4\n2|response.results.0.artistName|invalid UTF-8 in "
           "'response.results.0.artistName' at byte 2");
    SQL_IS("SELECT group_concat(app_id || '|' || name) FROM apps", "3|Caf\xc3\xa9");
    run_release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(json_value_not_utf8_is_a_reject_naming_its_path, setup,
                                        teardown),
    };
    struct table_case *cases;
    int n = table_load("two-row-headers.tsv", &cases), rc;

    rc = table_run("ingest_combine_headers", cases, n, combine_case);
    table_free(cases, n);
    return rc | cmocka_run_group_tests(tests, NULL, NULL);
}
