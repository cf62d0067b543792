/*
 * test_store_pgw.c: model/store_pgw.c's COPY text (without a server): NULL
 * is \N, backslash, tab, newline and carriage return are escaped, other
 * bytes pass as they are, and a byte that is not UTF-8 becomes U+FFFD
 * (the server would refuse the whole COPY); a full buffer fails cleanly.
 */
#include "table.h"
#include "../../lib/buf.h"
#include "../../lib/err.h"
#include "../../model/store_pgw.h"

#include "../../lib/banned.h"

/* The COPY text of in (NULL for NULL) is want. */
static void check(const char *in, const char *want)
{
    struct buf b;

    buf_init(&b, 1024);
    assert_int_equal(store_pgw_copy_text(&b, in), 0);
    assert_string_equal(buf_cstr(&b), want);
    buf_release(&b);
}

static void store_pgw_copy_text_escapes_what_copy_reads(void **state)
{
    (void)state;
    check(NULL, "\\N");
    check("", "");
    check("Subpoena", "Subpoena");
    check("a\\b", "a\\\\b");
    check("a\tb\nc\rd", "a\\tb\\nc\\rd");
    check("\\N", "\\\\N"); /* the text \N is not NULL */
    check("Côte d’Ivoire", "Côte d’Ivoire");
}

static void store_pgw_copy_text_replaces_bytes_that_are_not_utf8(void **state)
{
    (void)state;
    check("caf\xe9", "caf\xef\xbf\xbd");
    check("\xff\xfe ok \xc3", "\xef\xbf\xbd\xef\xbf\xbd ok \xef\xbf\xbd");
    check("\xe2\x82", "\xef\xbf\xbd\xef\xbf\xbd"); /* a sequence cut short */
}

static void store_pgw_copy_text_fails_when_the_buffer_is_full(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 4);
    assert_int_equal(store_pgw_copy_text(&b, "a\tb"), 0);
    assert_int_not_equal(store_pgw_copy_text(&b, "\t\t"), 0);
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(store_pgw_copy_text_escapes_what_copy_reads),
        cmocka_unit_test(store_pgw_copy_text_replaces_bytes_that_are_not_utf8),
        cmocka_unit_test(store_pgw_copy_text_fails_when_the_buffer_is_full),
    };
    return cmocka_run_group_tests_name("store_pgw", tests, NULL, NULL);
}
