/*
 * test_detect.c: ingest/detect.c's two-row headers. The names a group row
 * over a label row make (tests/data/two-row-headers.tsv): a group spans the
 * empty cells to its right, a label under no group stands alone, a group
 * equal to its label or over an empty one is the one text.
 */
#include "table.h"
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

int main(void)
{
    struct table_case *cases;
    int n = table_load("two-row-headers.tsv", &cases), rc;

    rc = table_run("ingest_combine_headers", cases, n, combine_case);
    table_free(cases, n);
    return rc;
}
