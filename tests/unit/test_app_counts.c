/*
 * test_app_counts.c: model/app_counts.c: a group is found again by its key
 * (NULs and all), new groups start at zero, growth keeps every group and
 * its counts, the bound refuses a new key and still finds the old ones, and
 * the date range keeps the earliest and latest date and refuses one too long.
 */
#include "table.h"
#include "../../model/app_counts.h"

#include "../../lib/banned.h"

static void a_group_is_found_again_by_its_key(void **state)
{
    struct app_counts *m = app_counts_new(16);
    struct app_count *g;
    const char *key;
    size_t len;

    (void)state;
    assert_non_null(m);
    g = app_counts_get(m,
                       "mCN\0"
                       "2020-12",
                       11);
    assert_non_null(g);
    assert_int_equal(g->rows, 0);
    assert_int_equal(g->apps, 0);
    assert_int_equal(g->last_app, 0);
    assert_string_equal(g->lo, "");
    g->rows = 3;
    /* the same bytes up to the NUL, then others: another group */
    g = app_counts_get(m,
                       "mCN\0"
                       "2021-01",
                       11);
    assert_non_null(g);
    assert_int_equal(g->rows, 0);
    g->rows = 5;
    assert_int_equal(app_counts_size(m), 2);
    assert_int_equal(app_counts_get(m,
                                    "mCN\0"
                                    "2020-12",
                                    11)
                         ->rows,
                     3);
    assert_int_equal(app_counts_get(m,
                                    "mCN\0"
                                    "2021-01",
                                    11)
                         ->rows,
                     5);
    assert_int_equal(app_counts_size(m), 2);
    /* a shorter key is not a prefix match */
    assert_int_equal(app_counts_get(m, "mCN", 3)->rows, 0);
    assert_int_equal(app_counts_size(m), 3);
    g = app_counts_at(m, 1, &key, &len);
    assert_int_equal(len, 11);
    assert_memory_equal(key,
                        "mCN\0"
                        "2021-01",
                        11);
    assert_int_equal(g->rows, 5);
    assert_null(app_counts_at(m, 3, &key, &len));
    app_counts_free(m);
}

static void growth_keeps_every_group_and_the_bound_refuses_more(void **state)
{
    enum { N = 5000 };
    struct app_counts *m = app_counts_new(N);
    char key[32];

    (void)state;
    assert_non_null(m);
    for (int i = 0; i < N; i++) {
        int n = snprintf(key, sizeof(key), "f%d", i);
        struct app_count *g = app_counts_get(m, key, (size_t)n);
        assert_non_null(g);
        g->rows = i + 1;
    }
    assert_int_equal(app_counts_size(m), N);
    assert_null(app_counts_get(m, "f-new", 5)); /* full: a new key is refused */
    assert_int_equal(app_counts_size(m), N);
    for (int i = N - 1; i >= 0; i--) { /* an old one is still found */
        int n = snprintf(key, sizeof(key), "f%d", i);
        struct app_count *g = app_counts_get(m, key, (size_t)n);
        assert_non_null(g);
        assert_int_equal(g->rows, i + 1);
    }
    for (size_t i = 0; i < N; i++) { /* the walk gives them in the order they came */
        const char *k;
        size_t len;
        int n = snprintf(key, sizeof(key), "f%zu", i);
        assert_int_equal(app_counts_at(m, i, &k, &len)->rows, (long long)i + 1);
        assert_int_equal(len, (size_t)n);
        assert_memory_equal(k, key, len);
    }
    app_counts_free(m);
    app_counts_free(NULL);
}

static void the_date_range_keeps_the_earliest_and_latest(void **state)
{
    struct app_count c;

    (void)state;
    memset(&c, 0, sizeof(c));
    assert_int_equal(app_count_date(&c, NULL), 0);
    assert_int_equal(app_count_date(&c, ""), 0);
    assert_string_equal(c.lo, "");
    assert_string_equal(c.hi, "");
    assert_int_equal(app_count_date(&c, "2021-03-04"), 0);
    assert_string_equal(c.lo, "2021-03-04");
    assert_string_equal(c.hi, "2021-03-04");
    assert_int_equal(app_count_date(&c, "2020-12-31"), 0);
    assert_int_equal(app_count_date(&c, "2021-12-01"), 0);
    assert_int_equal(app_count_date(&c, "2021-01-01"), 0);
    assert_string_equal(c.lo, "2020-12-31");
    assert_string_equal(c.hi, "2021-12-01");
    assert_int_equal(app_count_date(&c, "2021-12-01T00:00:00Z"), -1); /* too long: unchanged */
    assert_string_equal(c.hi, "2021-12-01");
    assert_int_equal(app_count_date(&c, "2022-01-01 12:00"), -1); /* 17 bytes with its NUL */
    assert_int_equal(app_count_date(&c, "2022-01-01 1200"), 0);   /* 16: the most kept */
    assert_string_equal(c.hi, "2022-01-01 1200");
    assert_string_equal(c.lo, "2020-12-31");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_group_is_found_again_by_its_key),
        cmocka_unit_test(growth_keeps_every_group_and_the_bound_refuses_more),
        cmocka_unit_test(the_date_range_keeps_the_earliest_and_latest),
    };
    return cmocka_run_group_tests_name("app_counts", tests, NULL, NULL);
}
