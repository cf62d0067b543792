/*
 * test_utf8.c: lib/utf8.c (validation, trimming, folding keys) and lib/buf.c
 * (the cap).
 */
#include "table.h"
#include "../../lib/buf.h"
#include "../../lib/err.h"
#include "../../lib/utf8.h"

#include "../../lib/banned.h"

static void utf8_valid_accepts_well_formed_text(void **state)
{
    const char *ok[] = {"", "abc", "Türkiye", "中国", "\xf0\x9f\x87\xa6", "d\xe2\x80\x99I"};

    (void)state;
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        assert_true(utf8_valid(ok[i], strlen(ok[i]), NULL));
}

static void utf8_valid_rejects_bad_sequences_with_offset(void **state)
{
    static const struct {
        const char *s;
        size_t at;
    } bad[] = {
        {"ab\xff", 2},           /* not a lead byte */
        {"\xc0\xaf", 0},         /* overlong '/' */
        {"\xe0\x80\xaf", 0},     /* overlong */
        {"x\xed\xa0\x80", 1},    /* UTF-16 surrogate */
        {"\xf4\x90\x80\x80", 0}, /* past U+10FFFF */
        {"Fran\xe7"
         "e",
         4},             /* Latin-1 */
        {"\xe2\x80", 0}, /* cut short */
    };
    size_t at;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        at = 999;
        assert_false(utf8_valid(bad[i].s, strlen(bad[i].s), &at));
        assert_int_equal(at, bad[i].at);
    }
}

static void utf8_trim_and_collapse_handle_unicode_spaces(void **state)
{
    char a[] = " \xc2\xa0 Percentage  disclosed\t ";
    char b[] = "% Not Enough Information ";
    char c[] = "   ";

    (void)state;
    assert_string_equal(utf8_trim(a), "Percentage  disclosed");
    assert_string_equal(utf8_collapse_space(a), "Percentage disclosed");
    assert_string_equal(utf8_collapse_space(b), "% Not Enough Information");
    assert_string_equal(utf8_trim(c), "");
}

static void utf8_fold_key_makes_spellings_meet(void **state)
{
    static const char *const same[][2] = {
        {"Côte d’Ivoire", "cote d'ivoire"},
        {"Bosnia & Herzegovina", "Bosnia and Herzegovina"},
        {"St. Kitts and Nevis", "Saint Kitts and Nevis"},
        {"Korea (Republic of)", "Korea, Republic of"},
        {"Congo, The Democratic Republic of the", "Congo (Democratic Republic of the)"},
        {"TÜRKIYE", "turkiye"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        char *a = utf8_fold_key(same[i][0], strlen(same[i][0]));
        char *b = utf8_fold_key(same[i][1], strlen(same[i][1]));
        assert_non_null(a);
        assert_non_null(b);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    assert_null(utf8_fold_key("\xff", 1));
}

static void utf8_width_counts_terminal_columns(void **state)
{
    (void)state;
    assert_int_equal(utf8_width(""), 0);
    assert_int_equal(utf8_width("Games"), 5);
    assert_int_equal(utf8_width("修仙录"), 6);       /* wide: two columns each */
    assert_int_equal(utf8_width("Côte"), 4);         /* precomposed */
    assert_int_equal(utf8_width("Co\xcc\x82te"), 4); /* o + combining circumflex */
    assert_int_equal(utf8_width("\xff\xfe"
                                "ab"),
                     4); /* bad bytes: one column each */
    assert_int_equal(utf8_width("حجب"), 3);
}

static void buf_refuses_to_grow_past_its_cap(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 8);
    assert_int_equal(buf_puts(&b, "12345678"), 0);
    assert_int_equal(buf_putc(&b, '9'), TRDB_ELIMIT);
    assert_int_equal(b.len, 8);
    assert_string_equal(buf_cstr(&b), "12345678");
    buf_reset(&b);
    assert_int_equal(buf_printf(&b, "%d-%s", 42, "ab"), 0);
    assert_string_equal(buf_cstr(&b), "42-ab");
    assert_int_equal(buf_printf(&b, "%s", "too long"), TRDB_ELIMIT);
    buf_release(&b);
    buf_release(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_valid_accepts_well_formed_text),
        cmocka_unit_test(utf8_valid_rejects_bad_sequences_with_offset),
        cmocka_unit_test(utf8_trim_and_collapse_handle_unicode_spaces),
        cmocka_unit_test(utf8_fold_key_makes_spellings_meet),
        cmocka_unit_test(utf8_width_counts_terminal_columns),
        cmocka_unit_test(buf_refuses_to_grow_past_its_cap),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
