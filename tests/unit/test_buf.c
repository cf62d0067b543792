/*
 * test_buf.c: lib/buf.c: growth that keeps every byte, the hard cap (an
 * append past it fails with TRDB_ELIMIT and changes nothing), zero-length
 * appends, embedded NULs, reset, the terminator buf_cstr adds, detach and
 * release. The cap on printf-style text is covered in test_utf8.c too.
 */
#include "table.h"
#include "../../lib/buf.h"
#include "../../lib/err.h"

#include "../../lib/banned.h"

/* The byte at position i of the pattern the growth test writes: no run repeats soon. */
static char pattern_byte(size_t i)
{
    return (char)('!' + (i * 7 + i / 251) % 90);
}

static void buf_starts_empty_and_reads_as_empty_string(void **state)
{
    struct buf b;
    char *s;

    (void)state;
    buf_init(&b, 16);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.limit, 16);
    assert_string_equal(buf_cstr(&b), "");
    assert_int_equal(b.len, 0);
    s = buf_detach(&b); /* an empty buffer still hands over a string */
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);
    assert_null(b.data);
    buf_release(&b);
}

static void buf_grows_keeping_every_byte_and_a_terminator(void **state)
{
    enum { TOTAL = 100000 };
    struct buf b;
    char chunk[777];
    size_t written = 0, step = 1;
    const char *s;

    (void)state;
    buf_init(&b, TOTAL);
    while (written < TOTAL) {
        size_t n = step < TOTAL - written ? step : TOTAL - written;
        for (size_t k = 0; k < n; k++)
            chunk[k] = pattern_byte(written + k);
        assert_int_equal(buf_append(&b, chunk, n), 0);
        written += n;
        assert_int_equal(b.len, written);
        assert_true(b.alloc > b.len); /* room for the terminator is always kept */
        step = step * 3 % sizeof(chunk) + 1;
    }
    s = buf_cstr(&b);
    assert_non_null(s);
    assert_int_equal(s[TOTAL], '\0');
    for (size_t i = 0; i < TOTAL; i++)
        if (s[i] != pattern_byte(i))
            fail_msg("byte %zu is '%c', wanted '%c'", i, s[i], pattern_byte(i));
    buf_release(&b);
}

static void buf_append_past_cap_fails_and_changes_nothing(void **state)
{
    struct buf b;
    char *before;

    (void)state;
    buf_init(&b, 10);
    assert_int_equal(buf_puts(&b, "12345"), 0);
    before = b.data;
    assert_int_equal(buf_append(&b, "678901", 6), TRDB_ELIMIT); /* one byte too many */
    assert_int_equal(b.len, 5);
    assert_ptr_equal(b.data, before);
    assert_string_equal(buf_cstr(&b), "12345");
    assert_int_equal(buf_append(&b, "67890", 5), 0); /* exactly up to the cap is fine */
    assert_string_equal(buf_cstr(&b), "1234567890");
    assert_int_equal(buf_putc(&b, 'x'), TRDB_ELIMIT);
    assert_int_equal(buf_puts(&b, "x"), TRDB_ELIMIT);
    assert_int_equal(buf_printf(&b, "%d", 7), TRDB_ELIMIT);
    assert_int_equal(buf_append(&b, "x", (size_t)-1), TRDB_ELIMIT); /* no wrap-around */
    assert_int_equal(b.len, 10);
    assert_memory_equal(b.data, "1234567890", 10);
    assert_string_equal(buf_cstr(&b), "1234567890");
    buf_release(&b);
}

static void buf_over_cap_first_append_leaves_buffer_empty(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 3);
    assert_int_equal(buf_puts(&b, "abcd"), TRDB_ELIMIT);
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_cstr(&b), "");
    buf_release(&b);
    buf_init(&b, 0); /* a cap of nothing: only empty appends succeed */
    assert_int_equal(buf_putc(&b, 'a'), TRDB_ELIMIT);
    assert_int_equal(buf_puts(&b, ""), 0);
    assert_string_equal(buf_cstr(&b), "");
    buf_release(&b);
}

static void buf_zero_length_appends_change_nothing(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 4);
    assert_int_equal(buf_append(&b, NULL, 0), 0);
    assert_int_equal(buf_puts(&b, ""), 0);
    assert_int_equal(buf_printf(&b, "%s", ""), 0);
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_cstr(&b), "");
    assert_int_equal(buf_puts(&b, "full"), 0);
    /* at the cap, appending nothing is still no error */
    assert_int_equal(buf_append(&b, NULL, 0), 0);
    assert_int_equal(buf_puts(&b, ""), 0);
    assert_int_equal(buf_printf(&b, "%.0s", "ignored"), 0);
    assert_int_equal(b.len, 4);
    assert_string_equal(buf_cstr(&b), "full");
    buf_release(&b);
}

static void buf_keeps_embedded_nuls(void **state)
{
    struct buf b;
    const char *s;

    (void)state;
    buf_init(&b, 64);
    assert_int_equal(buf_append(&b, "a\0b\0c", 5), 0);
    assert_int_equal(buf_putc(&b, '\0'), 0);
    assert_int_equal(b.len, 6);
    s = buf_cstr(&b);
    assert_memory_equal(s, "a\0b\0c\0", 7); /* six bytes and the terminator */
    assert_int_equal(strlen(s), 1);
    buf_release(&b);
}

static void buf_cstr_is_terminated_after_every_append(void **state)
{
    const char *want = "terminated at every step";
    struct buf b;

    (void)state;
    buf_init(&b, 64);
    for (size_t i = 0; want[i]; i++) {
        assert_int_equal(buf_putc(&b, want[i]), 0);
        assert_int_equal(strlen(buf_cstr(&b)), i + 1);
        assert_memory_equal(buf_cstr(&b), want, i + 1);
    }
    buf_release(&b);
}

static void buf_reset_forgets_contents_but_keeps_memory(void **state)
{
    struct buf b;
    char *mem;
    size_t alloc;

    (void)state;
    buf_init(&b, 100);
    for (int i = 0; i < 100; i++)
        assert_int_equal(buf_putc(&b, 'x'), 0);
    mem = b.data;
    alloc = b.alloc;
    buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_ptr_equal(b.data, mem);
    assert_int_equal(b.alloc, alloc);
    assert_string_equal(buf_cstr(&b), "");
    /* the cap counts from the reset: the whole of it is available again */
    for (int i = 0; i < 100; i++)
        assert_int_equal(buf_putc(&b, 'y'), 0);
    assert_int_equal(buf_putc(&b, 'y'), TRDB_ELIMIT);
    assert_ptr_equal(b.data, mem);
    assert_int_equal(strspn(buf_cstr(&b), "y"), 100);
    buf_release(&b);
}

static void buf_printf_formats_and_grows(void **state)
{
    struct buf b;
    const char *s;

    (void)state;
    buf_init(&b, 10000);
    assert_int_equal(buf_printf(&b, "%s=%d;%05.1f", "n", -42, 3.14159), 0);
    assert_string_equal(buf_cstr(&b), "n=-42;003.1");
    /* text longer than the first allocation, written in one go */
    assert_int_equal(buf_printf(&b, "[%0*d]", 5000, 7), 0);
    assert_int_equal(b.len, 11 + 5002);
    s = buf_cstr(&b);
    assert_int_equal(s[11], '[');
    assert_int_equal(strspn(s + 12, "0"), 4999);
    assert_string_equal(s + 12 + 4999, "7]");
    buf_release(&b);
}

static void buf_detach_hands_over_the_string(void **state)
{
    struct buf b;
    char *s;

    (void)state;
    buf_init(&b, 32);
    assert_int_equal(buf_puts(&b, "hello"), 0);
    s = buf_detach(&b);
    assert_string_equal(s, "hello");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.alloc, 0);
    /* the buffer is empty and usable again, with the same cap */
    assert_int_equal(buf_puts(&b, "again"), 0);
    assert_string_equal(buf_cstr(&b), "again");
    assert_string_equal(s, "hello");
    free(s);
    buf_release(&b);
}

static void buf_release_frees_and_allows_reuse(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 8);
    assert_int_equal(buf_puts(&b, "abc"), 0);
    buf_release(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.alloc, 0);
    buf_release(&b); /* twice is harmless */
    buf_release(NULL);
    buf_init(&b, 4);
    assert_int_equal(buf_puts(&b, "wxyz"), 0);
    assert_string_equal(buf_cstr(&b), "wxyz");
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_starts_empty_and_reads_as_empty_string),
        cmocka_unit_test(buf_grows_keeping_every_byte_and_a_terminator),
        cmocka_unit_test(buf_append_past_cap_fails_and_changes_nothing),
        cmocka_unit_test(buf_over_cap_first_append_leaves_buffer_empty),
        cmocka_unit_test(buf_zero_length_appends_change_nothing),
        cmocka_unit_test(buf_keeps_embedded_nuls),
        cmocka_unit_test(buf_cstr_is_terminated_after_every_append),
        cmocka_unit_test(buf_reset_forgets_contents_but_keeps_memory),
        cmocka_unit_test(buf_printf_formats_and_grows),
        cmocka_unit_test(buf_detach_hands_over_the_string),
        cmocka_unit_test(buf_release_frees_and_allows_reuse),
    };
    return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
