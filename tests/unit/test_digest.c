/*
 * test_digest.c: lib/digest.c and the EVP streaming its callers do, against
 * the FIPS 180-4 example vectors fed whole and in awkward pieces, against
 * sha256sum for a file, and streamed pieces against one-shot EVP_Digest.
 */
#include "table.h"
#include "../../lib/digest.h"
#include "../../lib/err.h"

#include <unistd.h>

#include "../../lib/banned.h"

/* As ingest/source.c hashes: one context, len bytes in pieces of piece. */
static void hash(const char *msg, size_t len, size_t piece, char out[65])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();

    assert_non_null(ctx);
    assert_true(EVP_DigestInit_ex(ctx, EVP_sha256(), NULL));
    for (size_t i = 0; i < len; i += piece)
        assert_true(EVP_DigestUpdate(ctx, msg + i, len - i < piece ? len - i : piece));
    assert_int_equal(digest_final_hex(ctx, out, NULL), 0);
    EVP_MD_CTX_free(ctx);
}

static void digest_matches_fips_vectors(void **state)
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
    char out[65], *m;

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
    /* a million 'a's */
    m = malloc(1000000);
    assert_non_null(m);
    memset(m, 'a', 1000000);
    hash(m, 1000000, 4096, out);
    assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    hash(m, 1000000, 1000000, out);
    assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(m);
}

/* Every length to 300 bytes and pseudo-random lengths and pieces up to 64 KiB. */
static void digest_in_pieces_equals_one_shot(void **state)
{
    enum { MAX = 1 << 16 };
    unsigned char *m = malloc(MAX), d[EVP_MAX_MD_SIZE];
    unsigned x = 12345, n;
    char a[65], b[65];

    (void)state;
    assert_non_null(m);
    for (size_t i = 0; i < MAX; i++)
        m[i] = (unsigned char)((x = x * 1103515245u + 12345u) >> 16);
    for (int r = 0; r < 350; r++) {
        size_t len = r < 300 ? (size_t)r : (x = x * 1103515245u + 12345u) % MAX;
        size_t piece = r < 300 ? (size_t)r % 61 + 1 : (x = x * 1103515245u + 12345u) % 5000 + 1;
        hash((const char *)m, len, piece, a);
        assert_true(EVP_Digest(m, len, d, &n, EVP_sha256(), NULL));
        assert_int_equal(n, DIGEST_LEN);
        digest_hex(d, b);
        assert_string_equal(a, b);
    }
    free(m);
}

/* digest_file gives what sha256sum gives, and the size. */
static void digest_file_matches_sha256sum(void **state)
{
    char path[] = "/tmp/trdb-digest-XXXXXX", cmd[128], want[80] = "", got[65];
    long long bytes = -1;
    unsigned x = 777;
    FILE *f, *p;
    int fd;

    (void)state;
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "wb");
    assert_non_null(f);
    for (int i = 0; i < 200001; i++) /* not a multiple of the 64 KiB chunk */
        fputc((int)((x = x * 1103515245u + 12345u) >> 16 & 255), f);
    assert_int_equal(fclose(f), 0);
    snprintf(cmd, sizeof(cmd), "sha256sum %s", path);
    p = popen(cmd, "r");
    assert_non_null(p);
    assert_non_null(fgets(want, sizeof(want), p));
    pclose(p);
    want[64] = '\0';
    assert_int_equal(digest_file(path, got, &bytes, NULL), 0);
    unlink(path);
    assert_string_equal(got, want);
    assert_int_equal(bytes, 200001);
}

static void digest_file_reports_a_missing_file(void **state)
{
    struct trdb_err err = {0, ""};
    char out[65];

    (void)state;
    assert_int_equal(digest_file("/nonexistent/x.csv", out, NULL, &err), TRDB_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent/x.csv"));
    assert_string_equal(out, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(digest_matches_fips_vectors),
        cmocka_unit_test(digest_in_pieces_equals_one_shot),
        cmocka_unit_test(digest_file_matches_sha256sum),
        cmocka_unit_test(digest_file_reports_a_missing_file),
    };
    return cmocka_run_group_tests_name("digest", tests, NULL, NULL);
}
