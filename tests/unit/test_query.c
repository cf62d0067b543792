/*
 * test_query.c: queries/query.c beyond the catalog basics of test_output.c:
 * the countries parameter type (table-driven, tests/data/queries/
 * countries-param.tsv), the :P_latest binding of a period, "-- check:"
 * lines, and the measure choices of the country_summary queries.
 */
#include "table.h"
#include "../../lib/err.h"
#include "../../model/period.h"
#include "../../model/store.h"
#include "../../queries/query.h"

#include <unistd.h>

#include "../../lib/banned.h"

static struct store *st;
static struct period_parser *pp;
static char db_path[] = "/tmp/trdb-test-query-XXXXXX";

static int setup(void **state)
{
    struct trdb_err err = {0, ""};
    int fd = mkstemp(db_path);

    (void)state;
    if (fd < 0)
        return -1;
    close(fd);
    unlink(db_path);
    if (store_open(db_path, STORE_CREATE, &st, &err) || !(pp = period_parser_new(&err)))
        return -1;
    return sqlite3_exec(store_db(st),
                        "INSERT INTO countries VALUES ('US', 'United States', 'country'), "
                        "('DE', 'Germany', 'country'), ('FR', 'France', 'country'), "
                        "('VG', 'Virgin Islands, British', 'territory')",
                        NULL, NULL, NULL) == SQLITE_OK
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    store_close(st);
    period_parser_free(pp);
    unlink(db_path);
    return 0;
}

/*
 * Prepare query name with one argument; OUT got: the text bound to
 * json_each(...) in the expanded SQL, or "error: " and the message.
 */
static void bound_list(const char *name, const char *arg, char *got, size_t n)
{
    struct trdb_err err = {0, ""};
    sqlite3_stmt *s = NULL;
    char *args[1] = {(char *)arg};
    int rc = query_prepare(st, pp, NULL, name, 1, args, &s, &err);
    char *sql, *p, *end;

    if (rc) {
        assert_int_equal(rc, TRDB_EUSAGE);
        snprintf(got, n, "error: %s", err.msg);
        return;
    }
    sql = sqlite3_expanded_sql(s);
    assert_non_null(sql);
    p = strstr(sql, "json_each('");
    assert_non_null(p);
    p += strlen("json_each('");
    end = strstr(p, "')");
    assert_non_null(end);
    snprintf(got, n, "%.*s", (int)(end - p), p);
    sqlite3_free(sql);
    sqlite3_finalize(s);
}

static void countries_parameter_case(void **state)
{
    const struct table_case *c = *state;
    char arg[512], got[1024];

    assert_int_equal(c->nfields, 2);
    snprintf(arg, sizeof(arg), "cc=%s", c->field[0]);
    bound_list("compare", arg, got, sizeof(got));
    if (strncmp(c->field[1], "error: ", 7) == 0) {
        /* the message starts with the words of the table */
        if (strncmp(got, c->field[1], strlen(c->field[1])) != 0)
            fail_msg("cc=%s: got '%s', wanted '%s...'", c->field[0], got, c->field[1]);
    } else {
        assert_string_equal(got, c->field[1]);
    }
}

static void countries_parameter_caps_the_list(void **state)
{
    sqlite3 *db = store_db(st);
    char *list = calloc(1, 8192), *arg = calloc(1, 8300), got[1024];
    size_t used = 0;

    (void)state;
    assert_non_null(list);
    assert_non_null(arg);
    assert_int_equal(sqlite3_exec(db, "SAVEPOINT many", NULL, NULL, NULL), SQLITE_OK);
    for (int i = 0; i <= QUERY_MAX_COUNTRIES; i++) {
        char sql[128];
        snprintf(sql, sizeof(sql), "INSERT INTO countries VALUES ('Q%03d', 'Test %d', 'country')",
                 i, i);
        assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
        if (i < QUERY_MAX_COUNTRIES)
            used += (size_t)snprintf(list + used, 8192 - used, "%sQ%03d", i ? "," : "", i);
    }
    /* as many as allowed: all bound */
    snprintf(arg, 8300, "cc=%s", list);
    bound_list("compare", arg, got, sizeof(got));
    assert_string_not_equal(got, "");
    assert_true(strncmp(got, "[\"Q000\",\"Q001\",", 15) == 0);
    assert_non_null(strstr(got, ",\"Q099\"]"));
    /* one more: refused */
    snprintf(arg, 8300, "cc=%s,Q100", list);
    bound_list("compare", arg, got, sizeof(got));
    assert_string_equal(got, "error: too many countries for cc (at most 100)");
    /* a repeated country does not count twice */
    snprintf(arg, 8300, "cc=%s,Q000", list);
    bound_list("compare", arg, got, sizeof(got));
    assert_true(got[0] == '[');
    assert_int_equal(sqlite3_exec(db, "ROLLBACK TO many; RELEASE many", NULL, NULL, NULL),
                     SQLITE_OK);
    free(list);
    free(arg);
}

/* Run query name with args; returns its code, the message in OUT err. */
static int run(const char *name, int argc, char **argv, struct trdb_err *err)
{
    FILE *devnull = fopen("/dev/null", "w");
    int rc;

    assert_non_null(devnull);
    rc = query_run(st, pp, NULL, name, argc, argv, devnull, OUT_CSV, 0, err);
    fclose(devnull);
    return rc;
}

static void a_check_line_turns_its_text_into_a_usage_error(void **state)
{
    struct trdb_err err = {0, ""};
    char *same[] = {"axis_x=country", "axis_y=country"},
         *differ[] = {"axis_x=country", "axis_y=publisher"};
    char *reversed[] = {"since=2022H1", "until=2021H2"},
         *ordered[] = {"since=2021H2", "until=2022H1"};

    (void)state;
    assert_int_equal(run("agg", 2, same, &err), TRDB_EUSAGE);
    assert_string_equal(err.msg, "axis_x and axis_y must differ (both are country)");
    assert_int_equal(run("agg", 2, differ, &err), 0);
    assert_int_equal(run("trend", 2, reversed, &err), TRDB_EUSAGE);
    assert_string_equal(err.msg, "since (from 2022-01-01) is after until (to 2021-12-31)");
    assert_int_equal(run("trend", 2, ordered, &err), 0);
}

static void a_period_of_latest_binds_its_latest_flag(void **state)
{
    struct trdb_err err = {0, ""};
    char *latest[] = {"since=latest"}, *label[] = {"since=2021H1"};

    (void)state;
    /* trend refuses since=latest through a check on :since_latest */
    assert_int_equal(run("trend", 1, latest, &err), TRDB_EUSAGE);
    assert_string_equal(err.msg, "since and until take a period (2021H1, 2021-06-30), not latest");
    assert_int_equal(run("trend", 1, label, &err), 0);
}

/* The measures of data/vocabulary/measures.tsv, comma-separated, in file order. */
static void vocabulary_measures(char *out, size_t n)
{
    const char *dir = getenv("TRDB_DATA");
    char path[4096], line[512];
    size_t used = 0;
    FILE *f;

    snprintf(path, sizeof(path), "%s/vocabulary/measures.tsv", dir && *dir ? dir : "data");
    f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    out[0] = '\0';
    while (fgets(line, sizeof(line), f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\t\n")] = '\0';
        used += (size_t)snprintf(out + used, n - used, "%s%s", used ? "," : "", line);
    }
    fclose(f);
}

static void measure_choices_are_the_vocabulary(void **state)
{
    static const char *const names[] = {"top", "trend", "compare", "agg", NULL};
    struct trdb_err err = {0, ""};
    struct named_query qs[64];
    int n = query_catalog(qs, 64, &err);
    char want[1024];

    (void)state;
    assert_true(n > 0);
    vocabulary_measures(want, sizeof(want));
    assert_non_null(strstr(want, "removal_requests"));
    for (const char *const *name = names; *name; name++) {
        const struct named_query *q = NULL;
        const struct qparam *measure = NULL;
        for (int i = 0; i < n; i++)
            if (strcmp(qs[i].name, *name) == 0)
                q = &qs[i];
        for (int k = 0; q && k < q->nparams; k++)
            if (strcmp(q->params[k].name, "measure") == 0)
                measure = &q->params[k];
        if (!measure) {
            fail_msg("no query '%s' with a measure parameter in the catalog", *name);
            return;
        }
        assert_int_equal(measure->type, QP_CHOICE);
        assert_string_equal(measure->choices, want);
    }
}

static void every_named_query_compiles(void **state)
{
    struct trdb_err err = {0, ""};
    struct named_query qs[64];
    int n = query_catalog(qs, 64, &err);

    (void)state;
    assert_true(n > 0);
    for (int i = 0; i < n; i++) {
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(store_db(st), qs[i].sql, -1, &s, NULL) != SQLITE_OK)
            fail_msg("query '%s': %s", qs[i].name, sqlite3_errmsg(store_db(st)));
        sqlite3_finalize(s);
        for (int k = 0; k < qs[i].nchecks; k++) {
            char sql[512];
            snprintf(sql, sizeof(sql), "SELECT (%s)", qs[i].checks[k]);
            if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
                fail_msg("query '%s', check %d: %s", qs[i].name, k + 1,
                         sqlite3_errmsg(store_db(st)));
            sqlite3_finalize(s);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(countries_parameter_caps_the_list),
        cmocka_unit_test(a_check_line_turns_its_text_into_a_usage_error),
        cmocka_unit_test(a_period_of_latest_binds_its_latest_flag),
        cmocka_unit_test(measure_choices_are_the_vocabulary),
        cmocka_unit_test(every_named_query_compiles),
    };
    struct table_case *cases = NULL;
    int n = table_load("queries/countries-param.tsv", &cases), rc;

    if (setup(NULL)) {
        fprintf(stderr, "cannot set up the test database\n");
        return 1;
    }
    rc = table_run("countries parameter", cases, n, countries_parameter_case);
    rc |= cmocka_run_group_tests_name("query", tests, NULL, NULL);
    teardown(NULL);
    table_free(cases, n);
    return rc;
}
