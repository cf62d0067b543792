/*
 * test_profile_map.c: a field's map whose results use what the pattern
 * captured (profile_map_value in ingest/profile_spec.c), against
 * tests/data/map-captures.tsv, and the period each documented result parses
 * to (model/period.c).
 */
#include "table.h"
#include "../../ingest/profile.h"
#include "../../lib/buf.h"
#include "../../lib/err.h"
#include "../../lib/rx.h"
#include "../../model/period.h"

#include "../../lib/banned.h"

static struct period_parser *pp;

static void map_case(void **state)
{
    struct table_case *c = *state;
    struct trdb_err err = {0, ""};
    struct map_entry e = {NULL, c->field[1]};
    struct field_spec fs;
    struct buf out;
    int rc;

    assert_int_equal(c->nfields, 5);
    memset(&fs, 0, sizeof(fs));
    e.rx = rx_new(c->field[0], RX_CASELESS, &err);
    if (!e.rx)
        fail_msg("%s", err.msg);
    fs.map = &e;
    fs.nmap = 1;
    buf_init(&out, 1024);
    rc = profile_map_value(&fs, c->field[2], strlen(c->field[2]), &out);
    rx_free(e.rx);
    if (strcmp(c->field[3], "-") == 0) {
        buf_release(&out);
        assert_int_equal(rc, 0);
        return;
    }
    assert_int_equal(rc, 1);
    assert_string_equal(buf_cstr(&out), c->field[3]);
    if (strcmp(c->field[4], "-") != 0) {
        struct period_opts o = {PERIOD_DATE_ENDS, 6, PERIOD_ORDER_AUTO};
        struct period p;
        char got[32];
        if (period_parse(pp, buf_cstr(&out), &o, &p, &err))
            fail_msg("'%s' is no period: %s", buf_cstr(&out), err.msg);
        snprintf(got, sizeof(got), "%s..%s", p.start, p.end);
        assert_string_equal(got, c->field[4]);
    }
    buf_release(&out);
}

/* A result past the buffer's cap fails cleanly instead of being cut. */
static void profile_map_value_refuses_a_result_past_the_cap(void **state)
{
    struct trdb_err err = {0, ""};
    struct map_entry e = {NULL, "$1$1$1$1"};
    struct field_spec fs;
    struct buf out;

    (void)state;
    memset(&fs, 0, sizeof(fs));
    e.rx = rx_new("^(.+)$", 0, &err);
    assert_non_null(e.rx);
    fs.map = &e;
    fs.nmap = 1;
    buf_init(&out, 10);
    assert_int_equal(profile_map_value(&fs, "abcd", 4, &out), TRDB_ELIMIT);
    buf_release(&out);
    rx_free(e.rx);
}

int main(void)
{
    struct trdb_err err = {0, ""};
    struct table_case *cases;
    int n, rc;
    const struct CMUnitTest fixed[] = {
        cmocka_unit_test(profile_map_value_refuses_a_result_past_the_cap),
    };

    pp = period_parser_new(&err);
    if (!pp) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    n = table_load("map-captures.tsv", &cases);
    rc = table_run("profile_map_value", cases, n, map_case);
    rc |= cmocka_run_group_tests_name("profile_map", fixed, NULL, NULL);
    table_free(cases, n);
    period_parser_free(pp);
    return rc;
}
