/*
 * test_err.c: lib/err.c: trdb_err_set formats and returns its code,
 * messages too long for the struct are cut without writing past it, context
 * goes in front with trdb_err_prefix (cut short with "..."), and every
 * function takes a NULL err.
 */
#include "table.h"
#include "../../lib/err.h"

#include "../../lib/banned.h"

/* An error with guard bytes behind it, to see that nothing writes past msg. */
struct guarded {
    struct trdb_err e;
    char guard[32];
};

static void guard_init(struct guarded *g)
{
    memset(g, 0, sizeof(*g));
    memset(g->guard, 0x5a, sizeof(g->guard));
}

static void guard_check(const struct guarded *g)
{
    for (size_t i = 0; i < sizeof(g->guard); i++)
        assert_int_equal((unsigned char)g->guard[i], 0x5a);
}

static void err_set_formats_the_message_and_returns_the_code(void **state)
{
    struct trdb_err err = {0, ""};

    (void)state;
    assert_int_equal(trdb_err_set(&err, TRDB_EDATA, "unknown country '%s' in column '%s'", "Narnia",
                                  "Country/Region"),
                     TRDB_EDATA);
    assert_int_equal(err.code, TRDB_EDATA);
    assert_string_equal(err.msg, "unknown country 'Narnia' in column 'Country/Region'");
    /* a later error replaces the whole of the earlier one */
    assert_int_equal(trdb_err_set(&err, TRDB_EIO, "disk full"), TRDB_EIO);
    assert_int_equal(err.code, TRDB_EIO);
    assert_string_equal(err.msg, "disk full");
}

static void err_set_with_null_err_still_returns_the_code(void **state)
{
    (void)state;
    assert_int_equal(trdb_err_set(NULL, TRDB_ENOTFOUND, "no file '%s'", "x"), TRDB_ENOTFOUND);
    assert_int_equal(trdb_err_set(NULL, TRDB_OK, "fine"), TRDB_OK);
}

static void err_set_truncates_long_messages_inside_the_struct(void **state)
{
    char big[2000];
    struct guarded g;

    (void)state;
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    guard_init(&g);
    assert_int_equal(trdb_err_set(&g.e, TRDB_ELIMIT, "%s", big), TRDB_ELIMIT);
    assert_int_equal(strlen(g.e.msg), sizeof(g.e.msg) - 1);
    assert_int_equal(strspn(g.e.msg, "x"), sizeof(g.e.msg) - 1);
    guard_check(&g);
}

static void err_prefix_puts_context_in_front(void **state)
{
    struct trdb_err err = {0, ""};

    (void)state;
    trdb_err_set(&err, TRDB_EDATA, "bad number '%s'", "1,2,3");
    assert_int_equal(trdb_err_prefix(&err, "%s:%d", "data/a.csv", 12), TRDB_EDATA);
    assert_string_equal(err.msg, "data/a.csv:12: bad number '1,2,3'");
    assert_int_equal(trdb_err_prefix(&err, "ingest"), TRDB_EDATA);
    assert_string_equal(err.msg, "ingest: data/a.csv:12: bad number '1,2,3'");
    assert_int_equal(err.code, TRDB_EDATA);
    assert_int_equal(trdb_err_prefix(NULL, "ignored %d", 1), 0);
}

static void err_prefix_says_when_it_cut_the_message(void **state)
{
    struct guarded g;
    size_t cap = sizeof(g.e.msg) - 1; /* characters that fit */
    char old[600];

    (void)state;
    /* "ab: " + old fills the message exactly: nothing cut, no dots */
    guard_init(&g);
    memset(old, 'o', cap - 4);
    old[cap - 4] = '\0';
    trdb_err_set(&g.e, TRDB_EDATA, "%s", old);
    assert_int_equal(trdb_err_prefix(&g.e, "ab"), TRDB_EDATA);
    assert_int_equal(strlen(g.e.msg), cap);
    assert_memory_equal(g.e.msg, "ab: ooo", 7);
    assert_int_equal(g.e.msg[cap - 1], 'o');
    guard_check(&g);
    /* one character more: the end is cut and marked */
    guard_init(&g);
    memset(old, 'o', cap - 3);
    old[cap - 3] = '\0';
    trdb_err_set(&g.e, TRDB_EDATA, "%s", old);
    assert_int_equal(trdb_err_prefix(&g.e, "ab"), TRDB_EDATA);
    assert_int_equal(strlen(g.e.msg), cap);
    assert_memory_equal(g.e.msg, "ab: ooo", 7);
    assert_string_equal(g.e.msg + cap - 3, "...");
    guard_check(&g);
}

static void err_clear_resets_to_no_error(void **state)
{
    struct trdb_err err = {0, ""};

    (void)state;
    trdb_err_set(&err, TRDB_EBUSY, "database is locked");
    trdb_err_clear(&err);
    assert_int_equal(err.code, TRDB_OK);
    assert_string_equal(err.msg, "");
    trdb_err_clear(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(err_set_formats_the_message_and_returns_the_code),
        cmocka_unit_test(err_set_with_null_err_still_returns_the_code),
        cmocka_unit_test(err_set_truncates_long_messages_inside_the_struct),
        cmocka_unit_test(err_prefix_puts_context_in_front),
        cmocka_unit_test(err_prefix_says_when_it_cut_the_message),
        cmocka_unit_test(err_clear_resets_to_no_error),
    };
    return cmocka_run_group_tests_name("err", tests, NULL, NULL);
}
