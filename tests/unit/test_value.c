/*
 * test_value.c: model/value.c against tests/data/values.tsv, one test per
 * form and per rejection.
 */
#include "table.h"
#include "../../lib/err.h"
#include "../../model/value.h"

#include "../../lib/banned.h"

static struct value_parser *vp;

static void fmt_num(char *out, size_t n, double v)
{
    if (v == (double)(long long)v)
        snprintf(out, n, "%lld", (long long)v);
    else
        snprintf(out, n, "%g", v);
}

static void value_case(void **state)
{
    struct table_case *c = *state;
    struct value_opts o = {VALUE_COUNT, 0, 0, 0};
    struct value v;
    struct trdb_err err = {0, ""};
    const char *want = c->field[2];
    char got[128], lo[48] = "", hi[48] = "";
    int rc;

    assert_int_equal(c->nfields, 3);
    if (strncmp(c->field[1], "percent", 7) == 0)
        o.kind = VALUE_PERCENT;
    if (strncmp(c->field[1], "number", 6) == 0)
        o.kind = VALUE_NUMBER;
    if (strncmp(c->field[1], "fraction", 8) == 0)
        o.kind = VALUE_PERCENT, o.fraction = 1;
    o.blank_zero = strstr(c->field[1], "+blank0") != NULL;
    o.dash_zero = strstr(c->field[1], "+dash0") != NULL;
    rc = value_parse(vp, c->field[0], &o, &v, &err);
    if (strncmp(want, "error: ", 7) == 0) {
        assert_int_equal(rc, TRDB_EDATA);
        if (!strstr(err.msg, want + 7))
            fail_msg("message '%s' lacks '%s'", err.msg, want + 7);
        return;
    }
    if (rc)
        fail_msg("rejected: %s", err.msg);
    if (v.status == VALUE_NONE) {
        snprintf(got, sizeof(got), "none");
    } else if (v.status == VALUE_UNKNOWN) {
        snprintf(got, sizeof(got), "unknown");
    } else {
        if (v.has_low)
            fmt_num(lo, sizeof(lo), v.low);
        if (v.has_high)
            fmt_num(hi, sizeof(hi), v.high);
        snprintf(got, sizeof(got), "%s..%s%s", lo, hi, v.footnote ? " footnote" : "");
    }
    assert_string_equal(got, want);
}

int main(void)
{
    struct trdb_err err = {0, ""};
    struct table_case *cases;
    int n, rc;

    vp = value_parser_new(&err);
    if (!vp) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    n = table_load("values.tsv", &cases);
    rc = table_run("value_parse", cases, n, value_case);
    table_free(cases, n);
    value_parser_free(vp);
    return rc;
}
