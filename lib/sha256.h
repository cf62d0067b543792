/*
 * sha256.h: SHA-256 (FIPS 180-4), used to recognize a source file that was
 * already loaded. Not for anything secret: no constant-time guarantees.
 */
#ifndef TRDB_SHA256_H
#define TRDB_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
    uint32_t h[8];
    uint64_t total; /* bytes hashed so far */
    unsigned char block[64];
    size_t used; /* bytes waiting in block */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);

/* Finish and write the 32 bytes of the digest. */
void sha256_digest(struct sha256 *s, unsigned char out[32]);

/* Finish and write the digest as 64 lower-case hex digits plus a NUL. */
void sha256_hex(struct sha256 *s, char out[65]);

/*
 * 1 when the processor's SHA instructions are used (x86-64 with the SHA
 * extensions), 0 for the portable code. sha256_use_portable(1) turns them
 * off: for the tests, which check one against the other, and the bench.
 */
int sha256_accelerated(void);
void sha256_use_portable(int on);

/*
 * Hash a whole file. Returns 0, or TRDB_EIO with the reason in err.
 * OUT: hex digest, OUT: size in bytes (may be NULL).
 */
struct trdb_err;
int sha256_file(const char *path, char out[65], long long *bytes, struct trdb_err *err);

#endif
