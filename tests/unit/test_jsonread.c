/*
 * test_jsonread.c: ingest/jsonread.c: JSON Lines (line numbers, blank lines,
 * a bad line among good ones, no final newline, a line past the cap) and
 * documents (one object, an array, empty, not JSON, not an object), fed in
 * pieces of several sizes; and the flattening of values at dotted paths.
 */
#include "table.h"
#include "testio.h"
#include "../../ingest/jsonread.h"
#include "../../lib/buf.h"
#include "../../lib/err.h"

#include <cjson/cJSON.h>

#include "../../lib/banned.h"

/* Every record as "line:VALUE-OF-path;", problems as "line:!problem;". */
static void read_all(const char *data, size_t len, size_t step, int lines, const char *path,
                     struct buf *out)
{
    struct mem m = {data, len, 0, step};
    struct trdb_err err = {0, ""};
    struct jsonr *r = jsonr_new(mem_read, &m, lines, &err);
    struct cJSON *rec;
    const char *problem;
    char v[256];
    long line;
    int rc;

    assert_non_null(r);
    buf_reset(out);
    while ((rc = jsonr_next(r, &rec, &line, &problem, &err)) == 1) {
        if (problem) {
            assert_null(rec);
            buf_printf(out, "%ld:!%s;", line, problem);
            continue;
        }
        assert_non_null(rec);
        jsonr_value(rec, path, v, sizeof(v));
        buf_printf(out, "%ld:%s;", line, v);
    }
    assert_int_equal(rc, 0);
    jsonr_free(r);
}

static void expect(const char *data, int lines, const char *path, const char *want)
{
    static const size_t steps[] = {1, 2, 7, 64 * 1024};
    struct buf out;

    buf_init(&out, 1 << 20);
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        read_all(data, strlen(data), steps[i], lines, path, &out);
        if (strcmp(buf_cstr(&out), want) != 0)
            fail_msg("step %zu: got '%s', want '%s' for input '%s'", steps[i], buf_cstr(&out), want,
                     data);
    }
    buf_release(&out);
}

static void json_lines_records_and_line_numbers(void **state)
{
    (void)state;
    expect("{\"a\": \"x\"}\n{\"a\": 2}\n", 1, "a", "1:x;2:2;");
    expect("\n  \n{\"a\": \"x\"}\r\n\n{\"a\": \"y\"}", 1, "a", "3:x;5:y;");
    expect("{\"a\": 1}\nnot json\n[1, 2]\n{\"a\": 4} trailing\n{\"a\": 5}\n", 1, "a",
           "1:1;2:!not a JSON object (invalid JSON);3:!not a JSON object;"
           "4:!text after the JSON object;5:5;");
    expect("", 1, "a", "");
    expect("\n\n", 1, "a", "");
}

/* The text each record or problem came from, as "line:text;", in pieces of every size. */
static void json_lines_keep_each_line_text(void **state)
{
    static const char data[] = "\n{\"a\": 1}\r\nnot json\n\n  {\"a\": \"\u00e9\"}  \n{\"a\": 4}";
    static const size_t steps[] = {1, 3, 64 * 1024};
    struct trdb_err err = {0, ""};
    struct buf out;

    (void)state;
    buf_init(&out, 1 << 16);
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        struct mem m = {data, strlen(data), 0, steps[i]};
        struct jsonr *r = jsonr_new(mem_read, &m, 1, &err);
        struct cJSON *rec;
        const char *problem, *text;
        long line;
        size_t n;

        assert_non_null(r);
        buf_reset(&out);
        while (jsonr_next(r, &rec, &line, &problem, &err) == 1) {
            text = jsonr_line_text(r, &n);
            assert_non_null(text);
            buf_printf(&out, "%ld:%.*s;", line, (int)n, text);
        }
        assert_string_equal(buf_cstr(&out),
                            "2:{\"a\": 1};3:not json;5:  {\"a\": \"\u00e9\"}  ;6:{\"a\": 4};");
        jsonr_free(r);
    }
    buf_release(&out);
}

/*
 * A line just past the cap; one whose end comes in the read that no longer
 * fits; one far past it (read and dropped as it streams).
 */
static void json_lines_past_the_cap_is_one_problem(void **state)
{
    static const size_t over[] = {100, 100000, 300000};
    static const size_t steps[] = {1 << 16, 1000};
    struct buf out;

    (void)state;
    buf_init(&out, 1 << 20);
    for (size_t i = 0; i < sizeof(over) / sizeof(over[0]); i++) {
        size_t big = JSONR_LINE_CAP + over[i];
        static const char head[] = "{\"a\": 1}\n{\"a\": \"";
        /* the lines after it come in the same read as its end: none is lost */
        static const char tail[] = "\"}\n{\"a\": 3}\n{\"a\": 4}\n\n{\"a\": 6}\n";
        char *data = malloc(sizeof(head) - 1 + big + sizeof(tail));
        assert_non_null(data);
        memcpy(data, head, sizeof(head) - 1);
        memset(data + sizeof(head) - 1, 'x', big);
        memcpy(data + sizeof(head) - 1 + big, tail, sizeof(tail));
        for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
            read_all(data, strlen(data), steps[k], 1, "a", &out);
            assert_string_equal(buf_cstr(&out),
                                "1:1;2:!line longer than 8388608 bytes;3:3;4:4;6:6;");
        }
        free(data);
    }
    buf_release(&out);
}

static void documents(void **state)
{
    (void)state;
    expect("\n\n  {\"resultCount\": 1, \"results\": [{\"trackId\": 1276263909}]}\n", 0,
           "results.0.trackId", "1:1276263909;");
    expect("[{\"a\": \"x\"}, 3, {\"a\": \"z\"}]", 0, "a",
           "1:x;2:!element 2 is not a JSON object;3:z;");
    expect("[]", 0, "a", "");
    expect("", 0, "a", "1:!the capture is empty;");
    expect(" \n ", 0, "a", "1:!the capture is empty;");
    expect("{\"a\": ", 0, "a", "1:!not valid JSON;");
    expect("\"text\"", 0, "a", "1:!not a JSON object or array;");
}

static void values_at_paths(void **state)
{
    cJSON *rec = cJSON_Parse("{\"s\": \"Psiphon\", \"n\": 1276263909, \"f\": 4.5, \"big\": 1e300,"
                             " \"neg\": -12, \"t\": true, \"no\": false, \"z\": null,"
                             " \"o\": {\"k\": [\"a\", {\"deep\": \"d\"}]}, \"u\": \"\\u4e2d\"}");
    char v[16];

    (void)state;
    assert_non_null(rec);
    struct {
        const char *path, *want;
    } cases[] = {
        {"s", "Psiphon"}, {"n", "1276263909"},   {"f", "4.5"},  {"big", "1e+300"}, {"neg", "-12"},
        {"t", "true"},    {"no", "false"},       {"z", ""},     {"o", ""},         {"o.k", ""},
        {"o.k.0", "a"},   {"o.k.1.deep", "d"},   {"o.k.2", ""}, {"missing", ""},   {"s.x", ""},
        {"o.k.x", ""},    {"u", "\xe4\xb8\xad"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        jsonr_value(rec, cases[i].path, v, sizeof(v));
        if (strcmp(v, cases[i].want) != 0)
            fail_msg("path '%s': got '%s', want '%s'", cases[i].path, v, cases[i].want);
    }
    /* a value longer than the buffer: the start, and its whole length */
    assert_int_equal(jsonr_value(rec, "n", v, 5), 10);
    assert_string_equal(v, "1276");
    /* no room at all: nothing written, the whole length still told (found by fuzz_json) */
    v[0] = 'Z';
    assert_int_equal(jsonr_value(rec, "s", v, 0), 7);
    assert_int_equal(v[0], 'Z');
    assert_int_equal(jsonr_value(NULL, "s", v, sizeof(v)), 0);
    assert_string_equal(v, "");
    /* has: present, even null; not when missing */
    assert_int_equal(jsonr_has(rec, "z"), 1);
    assert_int_equal(jsonr_has(rec, "o.k.1.deep"), 1);
    assert_int_equal(jsonr_has(rec, "nope"), 0);
    assert_int_equal(jsonr_has(NULL, "s"), 0);
    cJSON_Delete(rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_lines_records_and_line_numbers),
        cmocka_unit_test(json_lines_keep_each_line_text),
        cmocka_unit_test(json_lines_past_the_cap_is_one_problem),
        cmocka_unit_test(documents),
        cmocka_unit_test(values_at_paths),
    };
    return cmocka_run_group_tests_name("jsonread", tests, NULL, NULL);
}
