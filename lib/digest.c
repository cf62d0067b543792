/*
 * digest.c: a file's SHA-256 as hex, and hex text for a digest, on
 * libcrypto's EVP interface (which picks the processor's SHA instructions
 * when it has them). Not a hash of its own: no SHA code lives in this tree.
 */
#include "digest.h"
#include "err.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "banned.h"

#define FILE_CHUNK (1 << 16)

void digest_hex(const unsigned char d[DIGEST_LEN], char hex[DIGEST_HEX_LEN + 1])
{
    static const char digits[] = "0123456789abcdef";

    for (int i = 0; i < DIGEST_LEN; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[DIGEST_HEX_LEN] = '\0';
}

int digest_final_hex(EVP_MD_CTX *ctx, char hex[DIGEST_HEX_LEN + 1], struct trdb_err *err)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    hex[0] = '\0';
    if (!EVP_DigestFinal_ex(ctx, d, &n) || n != DIGEST_LEN)
        return trdb_err_set(err, TRDB_ENOMEM, "cannot finish a sha256 digest");
    digest_hex(d, hex);
    return 0;
}

int digest_file(const char *path, char hex[DIGEST_HEX_LEN + 1], long long *bytes,
                struct trdb_err *err)
{
    unsigned char chunk[FILE_CHUNK];
    EVP_MD_CTX *ctx = NULL;
    FILE *f;
    size_t n;
    long long total = 0;
    int rc = 0;

    hex[0] = '\0';
    f = fopen(path, "rb");
    if (!f)
        return trdb_err_set(err, TRDB_EIO, "cannot open '%s': %s", path, strerror(errno));
    ctx = EVP_MD_CTX_new();
    if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory hashing '%s'", path);
        goto out;
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (!EVP_DigestUpdate(ctx, chunk, n)) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "cannot hash '%s'", path);
            goto out;
        }
        total += (long long)n;
    }
    if (ferror(f)) {
        rc = trdb_err_set(err, TRDB_EIO, "cannot read '%s': %s", path, strerror(errno));
        goto out;
    }
    if ((rc = digest_final_hex(ctx, hex, err)) != 0)
        goto out;
    if (bytes)
        *bytes = total;
out:
    EVP_MD_CTX_free(ctx);
    fclose(f);
    return rc;
}
