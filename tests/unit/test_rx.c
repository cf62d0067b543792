/*
 * test_rx.c: lib/rx.c: compile and match, groups by number and by name
 * (pointing into the subject), a group that took no part in the match,
 * caseless and Unicode-aware patterns, the subject's length, the match
 * limit, invalid UTF-8 in a subject, and the message for a bad pattern.
 */
#include "table.h"
#include "../../lib/err.h"
#include "../../lib/rx.h"

#include "../../lib/banned.h"

/* Compile or fail the test with PCRE2's reason. */
static struct rx *must_compile(const char *pattern, unsigned flags)
{
    struct trdb_err err = {0, ""};
    struct rx *r = rx_new(pattern, flags, &err);

    if (!r)
        fail_msg("cannot compile '%s': %s", pattern, err.msg);
    return r;
}

static int match(struct rx *r, const char *s)
{
    return rx_match(r, s, strlen(s));
}

/* Group i of the last match as a string (static: one at a time), or NULL. */
static const char *group(const struct rx *r, int i)
{
    static char out[256];
    const char *p = NULL;
    size_t n = 0;

    if (!rx_group(r, i, &p, &n))
        return NULL;
    assert_true(n < sizeof(out));
    memcpy(out, p, n);
    out[n] = '\0';
    return out;
}

static void rx_match_finds_the_pattern_anywhere_in_the_subject(void **state)
{
    const char *s = "Period 2021H2 data";
    struct rx *r = must_compile("\\d{4}H[12]", 0);
    const char *p = NULL;
    size_t n = 0;

    (void)state;
    assert_int_equal(match(r, s), 1);
    assert_int_equal(rx_group(r, 0, &p, &n), 1);
    assert_ptr_equal(p, s + 7); /* the group points into the subject, not a copy */
    assert_int_equal(n, 6);
    assert_int_equal(match(r, "no period here"), 0);
    assert_int_equal(match(r, ""), 0);
    assert_string_equal(rx_pattern(r), "\\d{4}H[12]");
    assert_int_equal(rx_groups(r), 0);
    rx_free(r);
    rx_free(NULL);
}

static void rx_group_reads_numbered_groups(void **state)
{
    struct rx *r = must_compile("^(\\d{4})-(\\d{2})-(\\d{2})$", 0);
    const char *p = NULL;
    size_t n = 0;

    (void)state;
    assert_int_equal(rx_groups(r), 3);
    assert_int_equal(match(r, "2021-06-30"), 1);
    assert_string_equal(group(r, 0), "2021-06-30");
    assert_string_equal(group(r, 1), "2021");
    assert_string_equal(group(r, 2), "06");
    assert_string_equal(group(r, 3), "30");
    assert_int_equal(rx_group(r, 4, &p, &n), 0); /* no such group */
    assert_int_equal(rx_group(r, -1, &p, &n), 0);
    assert_null(p);
    assert_int_equal(match(r, "2021-6-30"), 0);
    rx_free(r);
}

static void rx_named_reads_named_groups(void **state)
{
    struct rx *r = must_compile("(?<year>\\d{4})\\s*H(?<half>[12])", 0);
    const char *p = NULL;
    size_t n = 0;

    (void)state;
    assert_int_equal(rx_groups(r), 2);
    assert_int_equal(match(r, "FY 2019 H1"), 1);
    assert_int_equal(rx_named(r, "year", &p, &n), 1);
    assert_int_equal(n, 4);
    assert_memory_equal(p, "2019", 4);
    assert_int_equal(rx_named(r, "half", &p, &n), 1);
    assert_int_equal(n, 1);
    assert_memory_equal(p, "1", 1);
    assert_int_equal(rx_named(r, "quarter", &p, &n), 0);
    rx_free(r);
}

static void rx_group_reports_a_group_that_took_no_part(void **state)
{
    struct rx *r = must_compile("^(?:(a)|(b))(c)?$", 0);

    (void)state;
    assert_int_equal(match(r, "a"), 1);
    assert_string_equal(group(r, 1), "a");
    assert_null(group(r, 2)); /* the other branch */
    assert_null(group(r, 3)); /* an optional group at the end */
    assert_int_equal(match(r, "bc"), 1);
    assert_null(group(r, 1));
    assert_string_equal(group(r, 2), "b");
    assert_string_equal(group(r, 3), "c");
    /* nothing left over from the match before */
    assert_int_equal(match(r, "a"), 1);
    assert_string_equal(group(r, 1), "a");
    assert_null(group(r, 2));
    assert_null(group(r, 3));
    rx_free(r);
}

static void rx_group_can_be_empty_yet_take_part(void **state)
{
    struct rx *r = must_compile("^x(y*)z$", 0);
    const char *p = NULL;
    size_t n = 99;

    (void)state;
    assert_int_equal(match(r, "xz"), 1);
    assert_int_equal(rx_group(r, 1, &p, &n), 1);
    assert_int_equal(n, 0);
    rx_free(r);
}

static void rx_caseless_folds_case_beyond_ascii(void **state)
{
    struct rx *ci = must_compile("^türkiye \\(republic of\\)$", RX_CASELESS);
    struct rx *cs = must_compile("^türkiye \\(republic of\\)$", 0);

    (void)state;
    assert_int_equal(match(ci, "TÜRKIYE (Republic of)"), 1);
    assert_int_equal(match(ci, "türkiye (republic of)"), 1);
    assert_int_equal(match(cs, "TÜRKIYE (Republic of)"), 0);
    assert_int_equal(match(cs, "türkiye (republic of)"), 1);
    rx_free(ci);
    rx_free(cs);
}

static void rx_classes_know_unicode(void **state)
{
    struct rx *word = must_compile("^\\w+$", 0);
    struct rx *upper = must_compile("^\\p{Lu}", 0);
    struct rx *one = must_compile("^.$", 0);

    (void)state;
    assert_int_equal(match(word, "Côte"), 1);
    assert_int_equal(match(word, "中国"), 1);
    assert_int_equal(match(upper, "Éire"), 1);
    assert_int_equal(match(upper, "éire"), 0);
    assert_int_equal(match(one, "中"), 1); /* one character, three bytes */
    rx_free(word);
    rx_free(upper);
    rx_free(one);
}

static void rx_match_reads_only_n_bytes(void **state)
{
    const char with_nul[] = "a\0b";
    struct rx *r = must_compile("c$", 0);
    struct rx *nul = must_compile("^a\\x00b$", 0);

    (void)state;
    assert_int_equal(rx_match(r, "abcdef", 3), 1);
    assert_int_equal(rx_match(r, "abcdef", 2), 0);
    assert_int_equal(rx_match(r, "abc", 0), 0);
    assert_int_equal(rx_match(nul, with_nul, 3), 1); /* the subject may hold NULs */
    assert_int_equal(rx_match(nul, with_nul, 1), 0);
    rx_free(r);
    rx_free(nul);
}

static void rx_match_skips_invalid_utf8_without_failing(void **state)
{
    struct rx *r = must_compile("xyz", 0);
    struct rx *any = must_compile("^.", 0);

    (void)state;
    /* a bad byte is no character: it cannot match, but the text around it can */
    assert_int_equal(match(r, "\xff\xfexyz"), 1);
    assert_string_equal(group(r, 0), "xyz");
    assert_int_equal(match(r, "xy\xffz"), 0);
    assert_int_equal(match(any, "\xc0\xaf"), 0);
    assert_int_equal(match(any, "\xe2\x80"), 0);
    rx_free(r);
    rx_free(any);
}

static void rx_match_gives_up_on_runaway_backtracking(void **state)
{
    char s[64];
    struct rx *r = must_compile("^(a+)+$", 0);

    (void)state;
    memset(s, 'a', 40);
    s[40] = '!';
    s[41] = '\0';
    assert_int_equal(match(r, s), TRDB_ELIMIT);
    s[40] = '\0';
    assert_int_equal(match(r, s), 1); /* and works again after */
    rx_free(r);
}

static void rx_new_rejects_a_bad_pattern_with_the_reason(void **state)
{
    struct trdb_err err = {0, ""};
    const char *want = "bad pattern '(unclosed' at offset 9: ";

    (void)state;
    assert_null(rx_new("(unclosed", 0, &err));
    assert_int_equal(err.code, TRDB_EDATA);
    assert_memory_equal(err.msg, want, strlen(want));
    assert_non_null(strstr(err.msg, "missing closing parenthesis"));
    assert_null(rx_new("a{2,1}", RX_CASELESS, &err));
    assert_int_equal(err.code, TRDB_EDATA);
    assert_non_null(strstr(err.msg, "bad pattern 'a{2,1}' at offset "));
    assert_null(rx_new("[z-a]", 0, NULL)); /* no err to fill: still NULL, no crash */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rx_match_finds_the_pattern_anywhere_in_the_subject),
        cmocka_unit_test(rx_group_reads_numbered_groups),
        cmocka_unit_test(rx_named_reads_named_groups),
        cmocka_unit_test(rx_group_reports_a_group_that_took_no_part),
        cmocka_unit_test(rx_group_can_be_empty_yet_take_part),
        cmocka_unit_test(rx_caseless_folds_case_beyond_ascii),
        cmocka_unit_test(rx_classes_know_unicode),
        cmocka_unit_test(rx_match_reads_only_n_bytes),
        cmocka_unit_test(rx_match_skips_invalid_utf8_without_failing),
        cmocka_unit_test(rx_match_gives_up_on_runaway_backtracking),
        cmocka_unit_test(rx_new_rejects_a_bad_pattern_with_the_reason),
    };
    return cmocka_run_group_tests_name("rx", tests, NULL, NULL);
}
