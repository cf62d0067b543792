/*
 * test_period.c: model/period.c against tests/data/periods.tsv, one test per
 * form and per rejection.
 */
#include "table.h"
#include "../../lib/err.h"
#include "../../model/period.h"

#include "../../lib/banned.h"

static struct period_parser *pp;

/* -1: the case says nothing of half-years; 1 ("half"): it is one; 0 ("not-half"): it is not */
static int want_half;

static void parse_opts(const char *s, struct period_opts *o)
{
    char buf[128], *tok, *save = NULL;

    o->role = PERIOD_DATE_ENDS;
    o->months = 6;
    o->order = PERIOD_ORDER_AUTO;
    want_half = -1;
    snprintf(buf, sizeof(buf), "%s", s);
    for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (strcmp(tok, "day") == 0)
            o->role = PERIOD_DATE_IS_DAY;
        else if (strncmp(tok, "months=", 7) == 0)
            o->months = (int)strtol(tok + 7, NULL, 10);
        else if (strcmp(tok, "mdy") == 0)
            o->order = PERIOD_ORDER_MDY;
        else if (strcmp(tok, "dmy") == 0)
            o->order = PERIOD_ORDER_DMY;
        else if (strcmp(tok, "half") == 0)
            want_half = 1;
        else if (strcmp(tok, "not-half") == 0)
            want_half = 0;
    }
}

static void period_case(void **state)
{
    struct table_case *c = *state;
    struct period_opts o;
    struct period p;
    struct trdb_err err = {0, ""};
    const char *want = c->field[2];
    int rc;

    assert_int_equal(c->nfields, 3);
    parse_opts(c->field[1], &o);
    rc = period_parse(pp, c->field[0], &o, &p, &err);
    if (strncmp(want, "error: ", 7) == 0) {
        assert_int_equal(rc, TRDB_EDATA);
        if (!strstr(err.msg, want + 7))
            fail_msg("message '%s' lacks '%s'", err.msg, want + 7);
    } else if (strncmp(want, "ambiguous: ", 11) == 0) {
        assert_int_equal(rc, TRDB_EAMBIG);
        if (!strstr(err.msg, want + 11))
            fail_msg("message '%s' lacks '%s'", err.msg, want + 11);
    } else {
        char got[32];
        if (rc)
            fail_msg("rejected: %s", err.msg);
        snprintf(got, sizeof(got), "%s..%s", p.start, p.end);
        assert_string_equal(got, want);
        if (want_half >= 0)
            assert_int_equal(period_is_half_year(&p), want_half);
    }
}

static void period_date_valid_knows_leap_years(void **state)
{
    (void)state;
    assert_true(period_date_valid(2020, 2, 29));
    assert_true(period_date_valid(2000, 2, 29));
    assert_false(period_date_valid(1900, 2, 29));
    assert_false(period_date_valid(2019, 2, 29));
    assert_false(period_date_valid(2019, 4, 31));
    assert_false(period_date_valid(2019, 0, 1));
}

/* The time pattern is caseless, so "z" must mean UTC as "Z" does (found by fuzz_period). */
static void period_parse_instant_takes_lowercase_z_as_utc(void **state)
{
    struct trdb_err err = {0, ""};
    char out[24];

    (void)state;
    assert_int_equal(period_parse_instant(pp, "2019-02-05t22:55:23z", NULL, 0, out, &err), 0);
    assert_string_equal(out, "2019-02-05T22:55:23Z");
    assert_int_equal(period_parse_instant(pp, "2020-12-31T10:00:00+08:00", NULL, 0, out, &err), 0);
    assert_string_equal(out, "2020-12-31T02:00:00Z");
}

/* Days written year first, as DSA reports' Table 1 writes them; anything else refused. */
static void period_parse_day_reads_year_first_days(void **state)
{
    static const char *const good[][2] = {
        {"2026-08-31", "2026-08-31"}, {"2026/8/31", "2026-08-31"}, {" 2026/1/1 ", "2026-01-01"},
        {"2024.2.29", "2024-02-29"},  {"2026-1-09", "2026-01-09"},
    };
    static const char *const bad[] = {"2026/13/1",  "2025/2/29",  "2026/8",    "2026/8/31/1",
                                      "26/8/31",    "2026-8/31",  "31/8/2026", "",
                                      "2026/8/31x", "2026/008/31"};
    struct trdb_err err = {0, ""};
    char out[11];

    (void)state;
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        assert_int_equal(period_parse_day(good[i][0], out, &err), 0);
        assert_string_equal(out, good[i][1]);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(period_parse_day(bad[i], out, &err), TRDB_EDATA);
    assert_string_equal(err.msg, "'2026/008/31' is not a date (YYYY-MM-DD, or YYYY/M/D)");
}

int main(void)
{
    struct trdb_err err = {0, ""};
    struct table_case *cases;
    int n, rc;
    const struct CMUnitTest fixed[] = {
        cmocka_unit_test(period_date_valid_knows_leap_years),
        cmocka_unit_test(period_parse_instant_takes_lowercase_z_as_utc),
        cmocka_unit_test(period_parse_day_reads_year_first_days),
    };

    pp = period_parser_new(&err);
    if (!pp) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    n = table_load("periods.tsv", &cases);
    rc = table_run("period_parse", cases, n, period_case);
    rc |= cmocka_run_group_tests_name("period", fixed, NULL, NULL);
    table_free(cases, n);
    period_parser_free(pp);
    return rc;
}
