/*
 * digest.h: what several modules share of SHA-256 (libcrypto's EVP does the
 * hashing): a whole file's digest as hex, and hex text for a finished digest.
 * Streaming callers (ingest/source.c, ingest/fetch.c) keep an EVP_MD_CTX of
 * their own. Not for anything secret: it only recognizes files seen before.
 */
#ifndef TRDB_DIGEST_H
#define TRDB_DIGEST_H

#include <openssl/evp.h>

struct trdb_err;

/* Bytes of a SHA-256 digest, and hex digits of its text (a NUL follows them). */
#define DIGEST_LEN 32
#define DIGEST_HEX_LEN 64

/* Write the 32 bytes of d as 64 lower-case hex digits and a NUL in OUT hex; cannot fail. */
void digest_hex(const unsigned char d[DIGEST_LEN], char hex[DIGEST_HEX_LEN + 1]);

/*
 * Finish ctx (started with EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) and
 * write its digest as hex in OUT hex. Returns 0, or TRDB_ENOMEM when
 * libcrypto fails (then hex is ""). The caller still frees ctx.
 */
int digest_final_hex(EVP_MD_CTX *ctx, char hex[DIGEST_HEX_LEN + 1], struct trdb_err *err);

/*
 * Hash the whole file at path. Returns 0 with the hex digest in OUT hex and
 * the size in OUT bytes (may be NULL), or TRDB_EIO (cannot open or read,
 * the reason in err) or TRDB_ENOMEM. err may be NULL.
 */
int digest_file(const char *path, char hex[DIGEST_HEX_LEN + 1], long long *bytes,
                struct trdb_err *err);

#endif
