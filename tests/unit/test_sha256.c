/*
 * test_sha256.c: lib/sha256.c against the FIPS 180-4 example vectors, fed
 * whole and in awkward pieces.
 */
#include "table.h"
#include "../../lib/err.h"
#include "../../lib/sha256.h"

static void hash(const char *msg, size_t len, size_t piece, char out[65])
{
    struct sha256 s;

    sha256_init(&s);
    for (size_t i = 0; i < len; i += piece)
        sha256_update(&s, msg + i, len - i < piece ? len - i : piece);
    sha256_hex(&s, out);
}

static void check_fips_vectors(void)
{
    static const struct {
        const char *msg, *digest;
    } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrl"
         "mnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    char out[65];

    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        size_t len = strlen(v[i].msg);
        hash(v[i].msg, len, len ? len : 1, out);
        assert_string_equal(out, v[i].digest);
        hash(v[i].msg, len, 7, out);
        assert_string_equal(out, v[i].digest);
        hash(v[i].msg, len, 1, out);
        assert_string_equal(out, v[i].digest);
    }
}

static void check_million_a(void)
{
    char *m = malloc(1000000), out[65];

    assert_non_null(m);
    memset(m, 'a', 1000000);
    hash(m, 1000000, 4096, out);
    assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    hash(m, 1000000, 1000000, out);
    assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(m);
}

/* The processor's SHA instructions when it has them, then the portable code. */
static void sha256_matches_fips_vectors(void **state)
{
    (void)state;
    sha256_use_portable(0);
    check_fips_vectors();
    check_million_a();
    sha256_use_portable(1);
    assert_int_equal(sha256_accelerated(), 0);
    check_fips_vectors();
    check_million_a();
    sha256_use_portable(0);
}

/*
 * Both compression functions give the same digest for every length from 0
 * to 300 bytes and for pseudo-random lengths and pieces up to 64 KiB. On a
 * processor without the SHA extensions this compares the portable code with
 * itself and says so.
 */
static void sha256_accelerated_matches_portable(void **state)
{
    enum { MAX = 1 << 16 };
    unsigned char *m = malloc(MAX);
    unsigned x = 12345;
    char a[65], b[65];

    (void)state;
    assert_non_null(m);
    for (size_t i = 0; i < MAX; i++)
        m[i] = (unsigned char)((x = x * 1103515245u + 12345u) >> 16);
    if (!sha256_accelerated())
        print_message("no SHA instructions here: the portable code only\n");
    for (size_t len = 0; len < 1200; len += len < 300 ? 1 : 97) {
        size_t piece = len % 61 + 1;
        sha256_use_portable(0);
        hash((const char *)m, len, piece, a);
        sha256_use_portable(1);
        hash((const char *)m, len, len ? len : 1, b);
        assert_string_equal(a, b);
    }
    for (int r = 0; r < 50; r++) {
        size_t len = (x = x * 1103515245u + 12345u) % MAX;
        size_t piece = (x = x * 1103515245u + 12345u) % 5000 + 1;
        sha256_use_portable(0);
        hash((const char *)m, len, piece, a);
        sha256_use_portable(1);
        hash((const char *)m, len, 4096, b);
        assert_string_equal(a, b);
    }
    sha256_use_portable(0);
    free(m);
}

static void sha256_file_reports_a_missing_file(void **state)
{
    struct trdb_err err = {0, ""};
    char out[65];

    (void)state;
    assert_int_equal(sha256_file("/nonexistent/x.csv", out, NULL, &err), TRDB_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent/x.csv"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha256_matches_fips_vectors),
        cmocka_unit_test(sha256_accelerated_matches_portable),
        cmocka_unit_test(sha256_file_reports_a_missing_file),
    };
    return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
