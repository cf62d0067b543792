/*
 * test_source.c: ingest/source.c: decoding (UTF-8 untouched, UTF-16 by its
 * byte order mark, a legacy encoding by name, undecodable bytes marked
 * 0xFF), the raw sha256, refusing BOM-less UTF-16, zip members, and the
 * spool that copies a stream to a file.
 */
#include "table.h"
#include "../../ingest/source.h"
#include "../../lib/err.h"
#include "../../lib/digest.h"

#include <unistd.h>

#include "../../lib/banned.h"

static char path[64];

static void write_file(const void *data, size_t n)
{
    FILE *f;

    snprintf(path, sizeof(path), "/tmp/trdb-source-XXXXXX");
    close(mkstemp(path));
    f = fopen(path, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
}

/* Read a source whole, in reads of step bytes; returns malloc'd text, OUT length. */
static char *read_all(struct source *s, size_t step, size_t *len)
{
    char *out = malloc(1 << 16);
    size_t n = 0;
    long got;

    while ((got = source_read(s, out + n, step)) > 0)
        n += (size_t)got;
    assert_true(got == 0);
    out[n] = '\0';
    *len = n;
    return out;
}

static void decoded_is(const void *raw, size_t rawlen, const char *encoding, const char *want,
                       size_t wantlen)
{
    static const size_t steps[] = {16, 64, 4096};

    write_file(raw, rawlen);
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        struct source_spec spec = {path, NULL, 0, encoding};
        struct trdb_err err = {0, ""};
        struct source *s = NULL;
        char hex[65], whole[65];
        long long bytes;
        size_t len;
        char *got;

        if (source_open(&spec, &s, &err))
            fail_msg("%s", err.msg);
        got = read_all(s, steps[i], &len);
        assert_int_equal(len, wantlen);
        assert_memory_equal(got, want, wantlen);
        source_digest(s, hex, &bytes);
        assert_int_equal(bytes, (long long)rawlen);
        assert_int_equal(digest_file(path, whole, NULL, NULL), 0);
        assert_string_equal(hex, whole);
        free(got);
        source_close(s);
    }
    unlink(path);
}

static void source_passes_utf8_through(void **state)
{
    static const char text[] = "\xef\xbb\xbf"
                               "Land,Zahl\nT\xc3\xbcrkei,1\n";
    (void)state;
    decoded_is(text, sizeof(text) - 1, NULL, text, sizeof(text) - 1);
}

static void source_decodes_utf16_by_its_bom(void **state)
{
    static const char le[] = "\xff\xfe"
                             "A\0,\0\xfc\0\n\0";
    static const char be[] = "\xfe\xff"
                             "\0A\0,\0\xfc\0\n";
    (void)state;
    decoded_is(le, sizeof(le) - 1, NULL, "A,\xc3\xbc\n", 5);
    decoded_is(be, sizeof(be) - 1, NULL, "A,\xc3\xbc\n", 5);
}

static void source_decodes_a_named_encoding(void **state)
{
    static const char cp1252[] = "C\xf4te d\x92Ivoire\r";
    static const char macroman[] = "C\x99te d\xd5Ivoire\r";
    (void)state;
    decoded_is(cp1252, sizeof(cp1252) - 1, "WINDOWS-1252", "C\xc3\xb4te d\xe2\x80\x99Ivoire\r", 17);
    decoded_is(macroman, sizeof(macroman) - 1, "MACINTOSH", "C\xc3\xb4te d\xe2\x80\x99Ivoire\r",
               17);
}

static void source_marks_what_it_cannot_decode(void **state)
{
    /* a lone surrogate in UTF-16 cannot become UTF-8: it comes out as 0xFF bytes */
    static const char le[] = "\xff\xfe"
                             "A\0\x00\xd8"
                             "B\0";
    size_t len;
    struct source_spec spec = {NULL, NULL, 0, NULL};
    struct source *s = NULL;
    char *got;

    (void)state;
    write_file(le, sizeof(le) - 1);
    spec.path = path;
    assert_int_equal(source_open(&spec, &s, NULL), 0);
    got = read_all(s, 4096, &len);
    assert_true(len >= 3);
    assert_int_equal(got[0], 'A');
    assert_non_null(memchr(got, 0xff, len));
    assert_int_equal(got[len - 1], 'B');
    free(got);
    source_close(s);
    unlink(path);
}

static void source_refuses_utf16_without_bom_and_unknown_encodings(void **state)
{
    static const char nobom[] = "P\0e\0r\0i\0o\0d\0,\0C\0o\0u\0n\0t\0r\0y\0\n\0";
    struct source_spec spec = {NULL, NULL, 0, NULL};
    struct trdb_err err = {0, ""};
    struct source *s = NULL;

    (void)state;
    write_file(nobom, sizeof(nobom) - 1);
    spec.path = path;
    assert_int_equal(source_open(&spec, &s, &err), TRDB_EDATA);
    assert_non_null(strstr(err.msg, "UTF-16 text without a byte order mark"));
    spec.encoding = "UTF-16LE";
    assert_int_equal(source_open(&spec, &s, &err), 0);
    source_close(s);
    unlink(path);
    /* a bigger one is recognised too: the test looks at the first 512 bytes */
    {
        char *big = malloc(6000);
        for (size_t i = 0; i < 6000; i += 2) {
            big[i] = (char)('a' + i % 26);
            big[i + 1] = 0;
        }
        write_file(big, 6000);
        free(big);
    }
    spec.encoding = NULL;
    assert_int_equal(source_open(&spec, &s, &err), TRDB_EDATA);
    assert_non_null(strstr(err.msg, "UTF-16 text without a byte order mark"));
    spec.encoding = "KLINGON";
    assert_int_equal(source_open(&spec, &s, &err), TRDB_EUSAGE);
    assert_false(source_encoding_known("KLINGON"));
    assert_true(source_encoding_known("MACINTOSH"));
    unlink(path);
}

static void source_refuses_utf16_without_bom_holding_a_zero_low_byte(void **state)
{
    /* "abc,de,一\n" in UTF-16LE and BE: U+4E00 puts a NUL among the other bytes' places */
    static const char le[] = "a\0b\0c\0,\0d\0e\0,\0\0\x4e\n\0",
                      be[] = "\0a\0b\0c\0,\0d\0e\0,\x4e\0\0\n";
    const char *const texts[] = {le, be};
    struct source_spec spec = {NULL, NULL, 0, NULL};
    struct trdb_err err = {0, ""};
    struct source *s = NULL;
    char buf[18 * 22];

    (void)state;
    for (int t = 0; t < 2; t++) {
        for (size_t i = 0; i < sizeof(buf); i += 18)
            memcpy(buf + i, texts[t], 18);
        write_file(buf, sizeof(buf));
        spec.path = path;
        assert_int_equal(source_open(&spec, &s, &err), TRDB_EDATA);
        assert_non_null(strstr(err.msg, "UTF-16 text without a byte order mark"));
        unlink(path);
    }
    /* NULs in both places alike are not UTF-16: the reader rejects them as NUL bytes */
    memset(buf, 0, sizeof(buf));
    write_file(buf, sizeof(buf));
    assert_int_equal(source_open(&spec, &s, &err), 0);
    source_close(s);
    unlink(path);
}

struct seen {
    char names[512];
    int n;
};

static int note(void *ctx, const char *name, int seq, const char *sha, long long bytes)
{
    struct seen *s = ctx;

    assert_int_equal(seq, 0);
    assert_int_equal(strlen(sha), 64);
    assert_true(bytes > 0);
    snprintf(s->names + strlen(s->names), sizeof(s->names) - strlen(s->names), "%s;", name);
    s->n++;
    return 0;
}

static void source_lists_and_reads_zip_members(void **state)
{
    char zip[4096];
    struct seen seen = {"", 0};
    struct trdb_err err = {0, ""};
    struct source_spec spec = {NULL, "google-user-data-requests/older-layout.csv", 0, NULL};
    struct source *s = NULL;
    size_t len;
    char *text;

    (void)state;
    table_path("zip/google-user-data-requests.zip", zip, sizeof(zip));
    assert_true(source_is_archive(zip));
    assert_int_equal(source_archive_list(zip, note, &seen, &err), 0);
    assert_string_equal(seen.names, "google-user-data-requests/global.csv;"
                                    "google-user-data-requests/older-layout.csv;");
    spec.path = zip;
    assert_int_equal(source_open(&spec, &s, &err), 0);
    text = read_all(s, 4096, &len);
    assert_memory_equal(text, "Period Ending,Country,", 22);
    free(text);
    source_close(s);
    spec.member = "no/such.csv";
    assert_int_equal(source_open(&spec, &s, &err), TRDB_ENOTFOUND);
    table_path("zip/truncated.zip", zip, sizeof(zip));
    seen.names[0] = '\0';
    assert_true(source_archive_list(zip, note, &seen, &err) < 0);
    assert_non_null(strstr(err.msg, "truncated.zip"));
}

/* A pipe holding text (small enough for the pipe's buffer), its write end closed. */
static int pipe_of(const char *text)
{
    int fds[2];

    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], text, strlen(text)), (ssize_t)strlen(text));
    close(fds[1]);
    return fds[0];
}

/* 1 when the folder at dir holds nothing (or is gone). */
static int folder_empty(const char *dir)
{
    char cmd[256];

    snprintf(cmd, sizeof(cmd), "test -z \"$(ls -A '%s' 2>/dev/null)\"", dir);
    return system(cmd) == 0;
}

/* A stream is copied whole under the name's last part, hashed as sha256sum would, then removed. */
static void source_spool_copies_a_stream_under_its_name(void **state)
{
    static const char text[] = "Land,Zahl\nT\xc3\xbcrkei,1\n";
    char dir[64], got[64], whole[65];
    struct source_spool sp;
    struct trdb_err err = {0, ""};
    FILE *f;
    int fd = pipe_of(text);

    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/trdb-spool-test-XXXXXX");
    assert_non_null(mkdtemp(dir));
    assert_int_equal(source_spool(fd, "in/coming/x.csv", dir, 1000, &sp, &err), 0);
    close(fd);
    assert_int_equal(sp.bytes, (long long)strlen(text));
    assert_non_null(strstr(sp.path, dir));
    assert_string_equal(strrchr(sp.path, '/'), "/x.csv");
    assert_false(sp.zip);
    f = fopen(sp.path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(got, 1, sizeof(got), f), strlen(text));
    fclose(f);
    assert_memory_equal(got, text, strlen(text));
    assert_int_equal(digest_file(sp.path, whole, NULL, NULL), 0);
    assert_string_equal(sp.sha, whole);
    source_spool_remove(&sp);
    assert_true(folder_empty(dir));
    source_spool_remove(&sp); /* twice is harmless */
    source_spool_remove(NULL);

    /* "-" has no name: the copy is "stdin"; a zip is known by its first bytes */
    fd = pipe_of("PK\3\4 and the rest");
    assert_int_equal(source_spool(fd, "-", dir, 1000, &sp, &err), 0);
    close(fd);
    assert_string_equal(strrchr(sp.path, '/'), "/stdin");
    assert_true(sp.zip);
    source_spool_remove(&sp);
    rmdir(dir);
}

/* Past the cap the copy stops, fails with TRDB_ELIMIT, and leaves nothing behind. */
static void source_spool_stops_at_its_cap(void **state)
{
    char dir[64];
    struct source_spool sp;
    struct trdb_err err = {0, ""};
    int fd = pipe_of("0123456789");

    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/trdb-spool-test-XXXXXX");
    assert_non_null(mkdtemp(dir));
    assert_int_equal(source_spool(fd, "x.csv", dir, 9, &sp, &err), TRDB_ELIMIT);
    close(fd);
    assert_string_equal(err.msg, "more than 9 bytes");
    assert_true(folder_empty(dir));
    fd = pipe_of("0123456789");
    assert_int_equal(source_spool(fd, "x.csv", dir, 10, &sp, &err), 0);
    close(fd);
    source_spool_remove(&sp);
    fd = pipe_of("x");
    assert_int_equal(source_spool(fd, "x.csv", "/nonexistent/trdb", 10, &sp, &err), TRDB_EIO);
    close(fd);
    assert_non_null(strstr(err.msg, "/nonexistent/trdb"));
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(source_passes_utf8_through),
        cmocka_unit_test(source_decodes_utf16_by_its_bom),
        cmocka_unit_test(source_decodes_a_named_encoding),
        cmocka_unit_test(source_marks_what_it_cannot_decode),
        cmocka_unit_test(source_refuses_utf16_without_bom_and_unknown_encodings),
        cmocka_unit_test(source_refuses_utf16_without_bom_holding_a_zero_low_byte),
        cmocka_unit_test(source_lists_and_reads_zip_members),
        cmocka_unit_test(source_spool_copies_a_stream_under_its_name),
        cmocka_unit_test(source_spool_stops_at_its_cap),
    };
    return cmocka_run_group_tests_name("source", tests, NULL, NULL);
}
