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

static void sha256_matches_fips_vectors(void **state)
{
    static const struct {
        const char *msg, *digest;
    } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    char out[65];

    (void)state;
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

static void sha256_of_a_million_a(void **state)
{
    char *m = malloc(1000000), out[65];

    (void)state;
    memset(m, 'a', 1000000);
    hash(m, 1000000, 4096, out);
    assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
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
        cmocka_unit_test(sha256_of_a_million_a),
        cmocka_unit_test(sha256_file_reports_a_missing_file),
    };
    return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
