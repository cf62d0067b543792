/*
 * sha256.h: TEMPORARY SHIM, to be removed when the branches merge. It maps
 * the old sha256_* names onto libcrypto's EVP (lib/digest.h) for the two
 * files that still call them, ingest/ingest.c and reports/html.c (and its
 * test). New code uses an EVP_MD_CTX and lib/digest.h; nothing else may
 * include this header.
 */
#ifndef TRDB_SHA256_H
#define TRDB_SHA256_H

#include "digest.h"

#include <stddef.h>
#include <string.h>

/* A digest in progress; ctx is NULL when libcrypto could not start one. */
struct sha256 {
    EVP_MD_CTX *ctx;
};

static inline void sha256_init(struct sha256 *s)
{
    s->ctx = EVP_MD_CTX_new();
    if (s->ctx && !EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL)) {
        EVP_MD_CTX_free(s->ctx);
        s->ctx = NULL;
    }
}

static inline void sha256_update(struct sha256 *s, const void *data, size_t n)
{
    if (s->ctx && !EVP_DigestUpdate(s->ctx, data, n)) {
        EVP_MD_CTX_free(s->ctx);
        s->ctx = NULL;
    }
}

/* Finish (and free) the digest: its 32 bytes, all zero when libcrypto failed. */
static inline void sha256_digest(struct sha256 *s, unsigned char out[32])
{
    unsigned int n = 0;

    if (!s->ctx || !EVP_DigestFinal_ex(s->ctx, out, &n) || n != 32)
        memset(out, 0, 32);
    EVP_MD_CTX_free(s->ctx);
    s->ctx = NULL;
}

/* Finish (and free) the digest as 64 hex digits and a NUL. */
static inline void sha256_hex(struct sha256 *s, char out[65])
{
    unsigned char d[32];

    sha256_digest(s, d);
    digest_hex(d, out);
}

static inline int sha256_file(const char *path, char out[65], long long *bytes,
                              struct trdb_err *err)
{
    return digest_file(path, out, bytes, err);
}

#endif
