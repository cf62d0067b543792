/*
 * test_csvread.c: ingest/csvread.c: byte order marks, the three line ends,
 * quoted fields across lines (and their line numbers), a missing final
 * newline, and the records it must mark as problems: past a cap, a NUL,
 * invalid UTF-8, an unclosed quote. Inputs are fed in pieces of several
 * sizes, so a CRLF or a BOM split across reads is covered too.
 */
#include "table.h"
#include "testio.h"
#include "../../ingest/csvread.h"
#include "../../lib/buf.h"
#include "../../lib/err.h"

#include "../../lib/banned.h"

/* Read everything as "line:field|field;" per record, problems as "line:!problem;". */
static void read_all(const char *data, size_t len, size_t step, const struct csvr_opts *o,
                     struct buf *out)
{
    struct mem m = {data, len, 0, step};
    struct trdb_err err = {0, ""};
    struct csvr *r = csvr_new(mem_read, &m, "mem", o, &err);
    struct csvr_row row;
    int rc;

    assert_non_null(r);
    buf_reset(out);
    while ((rc = csvr_next(r, &row, &err)) == 1) {
        buf_printf(out, "%ld:", row.line);
        if (row.problem) {
            buf_printf(out, "!%s;", row.problem);
            continue;
        }
        for (size_t i = 0; i < row.n; i++)
            buf_printf(out, "%s%s", i ? "|" : "", row.field[i]);
        buf_putc(out, ';');
    }
    assert_int_equal(rc, 0);
    csvr_free(r);
}

static void expect(const char *data, size_t len, const struct csvr_opts *o, const char *want)
{
    static const size_t steps[] = {1, 2, 3, 5, 64 * 1024};
    struct buf out;

    buf_init(&out, 1 << 24);
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        read_all(data, len, steps[i], o, &out);
        if (strcmp(buf_cstr(&out), want) != 0)
            fail_msg("fed %zu bytes at a time:\n got  %s\n want %s", steps[i], out.data, want);
    }
    buf_release(&out);
}

#define EXPECT(lit, want) expect(lit, sizeof(lit) - 1, NULL, want)

static void csvr_reads_lf_crlf_and_cr_line_ends(void **state)
{
    (void)state;
    EXPECT("a,b\n1,2\n", "1:a|b;2:1|2;");
    EXPECT("a,b\r\n1,2\r\n", "1:a|b;2:1|2;");
    EXPECT("a,b\r1,2\r", "1:a|b;2:1|2;");
    EXPECT("a,b\n1,2", "1:a|b;2:1|2;");
    EXPECT("a,b\r\n\r\n\r\n1,2\r\n", "1:a|b;4:1|2;");
}

static void csvr_strips_a_utf8_bom(void **state)
{
    (void)state;
    EXPECT("\xef\xbb\xbf"
           "Country,\"Requests\"\nAlbania,6\n",
           "1:Country|Requests;2:Albania|6;");
}

static void csvr_counts_lines_inside_quoted_fields(void **state)
{
    (void)state;
    EXPECT("h1,h2\n\"multi\nline\",x\nnext,y\n", "1:h1|h2;2:multi\nline|x;4:next|y;");
    EXPECT("h\r\n\"a\r\nb\"\r\nc\r\n", "1:h;2:a\r\nb;4:c;");
    EXPECT("\"Google Earth, Google Maps, and Panoramio\",\"say \"\"hi\"\"\"\n",
           "1:Google Earth, Google Maps, and Panoramio|say \"hi\";");
}

static void csvr_keeps_empty_fields(void **state)
{
    (void)state;
    EXPECT("2019-12-31,GSUITE,,,0\n", "1:2019-12-31|GSUITE|||0;");
    EXPECT("a,b,\n", "1:a|b|;");
}

static void csvr_guesses_tab_and_semicolon(void **state)
{
    (void)state;
    EXPECT("CN\tChina\nUS\tUnited States\n", "1:CN|China;2:US|United States;");
    EXPECT("a;b;c\n1;2;3\n", "1:a|b|c;2:1|2|3;");
}

static void csvr_marks_invalid_utf8_and_nul(void **state)
{
    (void)state;
    EXPECT("h\nFran\xe7"
           "e\nok\n",
           "1:h;2:!invalid UTF-8 in field 1 at byte 5;3:ok;");
    expect("h,i\nab,c\0d\nok,1\n", 15, NULL, "1:h|i;2:!NUL byte in field 2;3:ok|1;");
}

static void csvr_marks_an_unclosed_quote(void **state)
{
    (void)state;
    EXPECT("h\n\"never closed\nstill\n", "1:h;2:!quoted field opened on line 2 is never closed;");
}

static void csvr_follows_libcsv_after_a_closing_quote(void **state)
{
    (void)state;
    /* a quote after the closing quote and spaces is data; the field stays closed */
    EXPECT("h1,h2\n\"Search Warrants\" \",10\nFrance,5\n",
           "1:h1|h2;2:Search Warrants\" |10;3:France|5;");
    /* "" after it reopens the field: the rest of the file is inside quotes, and says so */
    EXPECT("h1,h2\n10,\"20\" \"\"\nFrance,5\nItaly,3\n",
           "1:h1|h2;2:!quoted field opened on line 2 is never closed;");
    /* spaces around a quoted field */
    EXPECT("a, \"b\" ,c\n", "1:a|b|c;");
}

static void csvr_follows_libcsv_on_spaces_and_stray_quotes(void **state)
{
    (void)state;
    /* spaces and tabs around an unquoted field go, those inside it stay */
    EXPECT("  a  ,\tb\t, c d \n", "1:a|b|c d;");
    /* a quote inside an unquoted field is data */
    EXPECT("5\" disk,ab\"c\n", "1:5\" disk|ab\"c;");
    /* a line of spaces or tabs is no record */
    EXPECT("h\n   \n\t\nx\n", "1:h;4:x;");
    /* a character after the closing quote reopens the field; spaces inside quotes stay */
    EXPECT("\"a\"b\",c\n", "1:a\"b|c;");
    EXPECT("\" a \",\"\"\n", "1: a |;");
}

static void csvr_cuts_off_oversized_fields_and_goes_on(void **state)
{
    struct csvr_opts o = {0, 16, 4, 64};
    (void)state;
    expect("h\n12345678901234567890\nok\n", 26, &o,
           "1:h;2:!field longer than the limit of bytes: 16;3:ok;");
    expect("h\n\"1234567890\n1234567890\"\nok\n", 29, &o,
           "1:h;2:!field longer than the limit of bytes: 16;4:ok;");
    expect("a,b,c,d,e\nok\n", 13, &o, "1:!more fields than the limit: 4;2:ok;");
}

static void csvr_names_the_field_a_problem_is_in(void **state)
{
    /* invalid UTF-8 in field 2, a NUL in field 3, field 3 past the cap, too many fields */
    static const char data[] = "a,b,c\n1,x\xff,3\n1,2,\"3\0\"\n1,2,123456\n1,2,3,4,5,6\n7,8,9\n";
    static const size_t want[] = {0, 2, 3, 3, 0, 0};
    struct csvr_opts o = {0, 4, 5, 0};
    struct mem m = {data, sizeof(data) - 1, 0, 3};
    struct trdb_err err = {0, ""};
    struct csvr *r = csvr_new(mem_read, &m, "mem", &o, &err);
    struct csvr_row row;
    size_t i = 0;

    (void)state;
    assert_non_null(r);
    while (csvr_next(r, &row, &err) == 1) {
        assert_true(i < sizeof(want) / sizeof(want[0]));
        assert_int_equal(row.problem_field, want[i]);
        assert_int_equal(row.problem != NULL, i >= 1 && i <= 4);
        i++;
    }
    assert_int_equal(i, 6);
    csvr_free(r);
}

static void csvr_handles_a_field_of_ten_megabytes(void **state)
{
    size_t big = 10u << 20;
    char *data = malloc(big + 16);
    struct buf out;

    (void)state;
    memcpy(data, "h\n", 2);
    memset(data + 2, 'x', big);
    memcpy(data + 2 + big, "\nok\n", 4);
    buf_init(&out, 1 << 20);
    read_all(data, big + 6, 1 << 16, NULL, &out);
    assert_string_equal(buf_cstr(&out),
                        "1:h;2:!field longer than the limit of bytes: 1048576;3:ok;");
    buf_release(&out);
    free(data);
}

static void csvr_refuses_utf16(void **state)
{
    struct mem m = {"\xff\xfe"
                    "a\0,\0",
                    6, 0, 64};
    struct trdb_err err = {0, ""};
    struct csvr *r = csvr_new(mem_read, &m, "u16.csv", NULL, &err);
    struct csvr_row row;

    (void)state;
    assert_int_equal(csvr_next(r, &row, &err), TRDB_EDATA);
    assert_non_null(strstr(err.msg, "UTF-16"));
    csvr_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csvr_reads_lf_crlf_and_cr_line_ends),
        cmocka_unit_test(csvr_strips_a_utf8_bom),
        cmocka_unit_test(csvr_counts_lines_inside_quoted_fields),
        cmocka_unit_test(csvr_keeps_empty_fields),
        cmocka_unit_test(csvr_guesses_tab_and_semicolon),
        cmocka_unit_test(csvr_marks_invalid_utf8_and_nul),
        cmocka_unit_test(csvr_marks_an_unclosed_quote),
        cmocka_unit_test(csvr_follows_libcsv_after_a_closing_quote),
        cmocka_unit_test(csvr_follows_libcsv_on_spaces_and_stray_quotes),
        cmocka_unit_test(csvr_cuts_off_oversized_fields_and_goes_on),
        cmocka_unit_test(csvr_names_the_field_a_problem_is_in),
        cmocka_unit_test(csvr_handles_a_field_of_ten_megabytes),
        cmocka_unit_test(csvr_refuses_utf16),
    };
    return cmocka_run_group_tests_name("csvread", tests, NULL, NULL);
}
