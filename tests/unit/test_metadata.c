/*
 * test_metadata.c: queries/metadata.c's rewriting of a named query for
 * Datasette: every :name outside quotes and comments reads '' as "not
 * given" and takes the parameter's default; quoted text, comments and
 * other bind names are left alone; the parameter list follows the header.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../lib/err.h"
#include "../../queries/metadata.h"
#include "../../queries/query.h"

#include <stdlib.h>
#include <string.h>

#include "../../lib/banned.h"

static void param(struct named_query *q, const char *name, enum qparam_type t, const char *dflt)
{
    struct qparam *p = &q->params[q->nparams++];

    snprintf(p->name, sizeof(p->name), "%s", name);
    p->type = t;
    snprintf(p->dflt, sizeof(p->dflt), "%s", dflt);
}

static char *rewrite(struct named_query *q, char **params, int *np)
{
    struct trdb_err err = {0, ""};
    char *sql = metadata_canned_sql(q, params, 16, np, &err);

    if (!sql)
        fail_msg("%s", err.msg);
    return sql;
}

static void canned_sql_reads_each_parameter_as_trdb_does(void **state)
{
    struct named_query q;
    char *params[16], *sql;
    int np;

    (void)state;
    memset(&q, 0, sizeof(q));
    param(&q, "measure", QP_CHOICE, "user_data_requests");
    param(&q, "period", QP_PERIOD, "latest");
    param(&q, "cc", QP_COUNTRY, "-");
    param(&q, "limit", QP_INT, "10");
    q.sql = "-- a comment with :measure\n"
            "SELECT ':cc', \"x:cc\", :measure, :period_end, :period_latest, :cc, :limit, :other"
            " /* :limit */";
    sql = rewrite(&q, params, &np);
    assert_non_null(strstr(sql, "-- a comment with :measure\n"));
    assert_non_null(strstr(sql, "SELECT ':cc', \"x:cc\", "));
    assert_non_null(strstr(sql, "coalesce(nullif(:measure, ''), 'user_data_requests')"));
    assert_non_null(strstr(sql, "nullif(nullif(:period_end, ''), 'latest')"));
    assert_non_null(strstr(sql, "(CASE WHEN coalesce(:period_start, '') IN ('', 'latest')"));
    assert_non_null(strstr(sql, "coalesce(upper(trim(nullif(:cc, ''))), NULL)"));
    assert_non_null(strstr(sql, "CAST(coalesce(nullif(:limit, ''), '10') AS INTEGER)"));
    assert_non_null(strstr(sql, "nullif(:other, '')"));
    assert_non_null(strstr(sql, " /* :limit */"));
    assert_int_equal(np, 6);
    assert_string_equal(params[0], "measure");
    assert_string_equal(params[1], "period_start");
    assert_string_equal(params[2], "period_end");
    assert_string_equal(params[3], "cc");
    assert_string_equal(params[4], "limit");
    assert_string_equal(params[5], "other");
    for (int i = 0; i < np; i++)
        free(params[i]);
    free(sql);
}

static void canned_sql_quotes_a_default_and_splits_a_country_list(void **state)
{
    struct named_query q;
    char *params[16], *sql;
    int np;

    (void)state;
    memset(&q, 0, sizeof(q));
    param(&q, "publisher", QP_PUBLISHER, "O'Brien");
    param(&q, "cc", QP_COUNTRIES, "-");
    q.sql = "SELECT :publisher, :cc, 'it''s :cc'";
    sql = rewrite(&q, params, &np);
    assert_non_null(strstr(sql, "coalesce(nullif(:publisher, ''), 'O''Brien')"));
    assert_non_null(strstr(sql, "replace(replace(upper(:cc), ' ', ''), ',', '\",\"')"));
    assert_non_null(strstr(sql, "'it''s :cc'"));
    assert_int_equal(np, 2);
    for (int i = 0; i < np; i++)
        free(params[i]);
    free(sql);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(canned_sql_reads_each_parameter_as_trdb_does),
        cmocka_unit_test(canned_sql_quotes_a_default_and_splits_a_country_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
