/*
 * sha256.c: SHA-256 written from FIPS 180-4, section 6.2, with a second
 * compression function for x86-64 processors that have the SHA extensions
 * (about five times faster: a nightly rerun hashes every file it is given).
 * Both are checked against the standard's test vectors and each other in
 * tests/unit/test_sha256.c.
 */
#include "sha256.h"
#include "err.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_SHA_NI 1
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t rotr(uint32_t x, int n)
{
    return (x >> n) | (x << (32 - n));
}

static void compress_one(uint32_t hv[8], const unsigned char *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, h, t1, t2;
    int i;

    for (i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = hv[0], b = hv[1], c = hv[2], d = hv[3];
    e = hv[4], f = hv[5], g = hv[6], h = hv[7];
    for (i = 0; i < 64; i++) {
        t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g, g = f, f = e, e = d + t1;
        d = c, c = b, b = a, a = t1 + t2;
    }
    hv[0] += a, hv[1] += b, hv[2] += c, hv[3] += d;
    hv[4] += e, hv[5] += f, hv[6] += g, hv[7] += h;
}

static void compress_portable(uint32_t hv[8], const unsigned char *p, size_t blocks)
{
    for (; blocks; blocks--, p += 64)
        compress_one(hv, p);
}

#ifdef HAVE_SHA_NI
/*
 * The same rounds with the SHA instructions. They keep the state as two
 * vectors, ABEF and CDGH (A in the highest lane), do two rounds per
 * sha256rnds2, and extend the message schedule four words at a time:
 * W[t..t+3] = msg2(msg1(W[t-16..], W[t-15..]) + W[t-7..t-4], W[t-4..t-1]).
 */
__attribute__((target("sha,sse4.1,ssse3"))) static void
compress_sha_ni(uint32_t hv[8], const unsigned char *p, size_t blocks)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i abef, cdgh, t;

    t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&hv[0]), 0xB1);    /* B A D C */
    cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&hv[4]), 0x1B); /* H G F E */
    abef = _mm_alignr_epi8(t, cdgh, 8);
    cdgh = _mm_blend_epi16(cdgh, t, 0xF0);
    for (; blocks; blocks--, p += 64) {
        __m128i save_abef = abef, save_cdgh = cdgh, m[4], k;

        for (int i = 0; i < 16; i++) {
            if (i < 4)
                m[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), bswap);
            else
                m[i % 4] = _mm_sha256msg2_epu32(
                    _mm_add_epi32(_mm_sha256msg1_epu32(m[i % 4], m[(i + 1) % 4]),
                                  _mm_alignr_epi8(m[(i + 3) % 4], m[(i + 2) % 4], 4)),
                    m[(i + 3) % 4]);
            k = _mm_add_epi32(m[i % 4], _mm_loadu_si128((const __m128i *)&K[4 * i]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, k);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(k, 0x0E));
        }
        abef = _mm_add_epi32(abef, save_abef);
        cdgh = _mm_add_epi32(cdgh, save_cdgh);
    }
    t = _mm_shuffle_epi32(abef, 0x1B);    /* F E B A */
    cdgh = _mm_shuffle_epi32(cdgh, 0xB1); /* D C H G */
    _mm_storeu_si128((__m128i *)&hv[0], _mm_blend_epi16(t, cdgh, 0xF0));
    _mm_storeu_si128((__m128i *)&hv[4], _mm_alignr_epi8(cdgh, t, 8));
}

static int cpu_has_sha_ni(void)
{
    unsigned a, b, c, d;

    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1) || !(c & bit_SSSE3))
        return 0;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
}
#endif

static int portable_only;

void sha256_use_portable(int on)
{
    portable_only = on;
}

int sha256_accelerated(void)
{
#ifdef HAVE_SHA_NI
    static int known = -1;

    if (known < 0)
        known = cpu_has_sha_ni();
    return known && !portable_only;
#else
    return 0;
#endif
}

static void compress(struct sha256 *s, const unsigned char *p, size_t blocks)
{
#ifdef HAVE_SHA_NI
    if (sha256_accelerated()) {
        compress_sha_ni(s->h, p, blocks);
        return;
    }
#endif
    compress_portable(s->h, p, blocks);
}

void sha256_init(struct sha256 *s)
{
    static const uint32_t init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, init, sizeof(init));
    s->total = 0;
    s->used = 0;
}

void sha256_update(struct sha256 *s, const void *data, size_t n)
{
    const unsigned char *p = data;

    s->total += n;
    if (s->used) {
        size_t take = 64 - s->used < n ? 64 - s->used : n;
        memcpy(s->block + s->used, p, take);
        s->used += take;
        p += take;
        n -= take;
        if (s->used < 64)
            return;
        compress(s, s->block, 1);
        s->used = 0;
    }
    if (n >= 64) {
        compress(s, p, n / 64);
        p += n / 64 * 64;
        n %= 64;
    }
    memcpy(s->block, p, n);
    s->used = n;
}

void sha256_digest(struct sha256 *s, unsigned char out[32])
{
    uint64_t bits = s->total * 8;
    unsigned char pad[72];
    size_t padlen = (s->used < 56 ? 56 : 120) - s->used;
    int i;

    memset(pad, 0, sizeof(pad));
    pad[0] = 0x80;
    for (i = 0; i < 8; i++)
        pad[padlen + i] = (unsigned char)(bits >> (56 - 8 * i));
    sha256_update(s, pad, padlen + 8);
    for (i = 0; i < 32; i++)
        out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

void sha256_hex(struct sha256 *s, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char d[32];

    sha256_digest(s, d);
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[64] = '\0';
}

int sha256_file(const char *path, char out[65], long long *bytes, struct trdb_err *err)
{
    unsigned char chunk[1 << 16];
    struct sha256 s;
    FILE *f;
    size_t n;
    long long total = 0;

    f = fopen(path, "rb");
    if (!f)
        return trdb_err_set(err, TRDB_EIO, "cannot open '%s': %s", path, strerror(errno));
    sha256_init(&s);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        sha256_update(&s, chunk, n);
        total += (long long)n;
    }
    if (ferror(f)) {
        int e = errno;
        fclose(f);
        return trdb_err_set(err, TRDB_EIO, "cannot read '%s': %s", path, strerror(e));
    }
    fclose(f);
    sha256_hex(&s, out);
    if (bytes)
        *bytes = total;
    return 0;
}
