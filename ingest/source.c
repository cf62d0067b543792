/*
 * source.c: raw bytes from a FILE or from libarchive, hashed, then decoded
 * by iconv into UTF-8 in a small buffer. Plain UTF-8 passes through without
 * iconv. A decoding error becomes a 0xFF byte in the output, which no UTF-8
 * text holds, so the reader marks that record invalid and nothing is
 * changed silently.
 */
#include "source.h"
#include "../lib/alloc.h"
#include "../lib/err.h"
#include "../lib/digest.h"
#include "../lib/interrupt.h"
#include "../lib/utf8.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/banned.h"

#define RAW_CHUNK (64 * 1024)

struct source {
    FILE *f;
    struct archive *a;
    char *path;
    iconv_t cd; /* (iconv_t)-1: pass through */
    char encoding[64];
    EVP_MD_CTX *sha;              /* the raw bytes' sha256, until source_digest finishes it */
    char hex[DIGEST_HEX_LEN + 1]; /* what source_digest found */
    long long raw_bytes;
    int raw_eof;
    char *raw; /* raw bytes waiting to be decoded */
    size_t raw_len, raw_pos;
    int legacy;
    int evident;  /* the first bytes were valid UTF-8, and not all ASCII */
    int bom;      /* the encoding came from a byte order mark */
    size_t unit;  /* bytes per code unit of the encoding: 1, 2 (UTF-16) or 4 (UTF-32) */
    time_t mtime; /* the file's, or the member's as the archive gives it */
    int has_mtime;
    char error[256];
};

static long raw_read(struct source *s, char *buf, size_t n)
{
    long got;

    if (s->a) {
        la_ssize_t r = archive_read_data(s->a, buf, n);
        if (r < 0) {
            snprintf(s->error, sizeof(s->error), "cannot read '%s': %s", s->path,
                     archive_error_string(s->a) ? archive_error_string(s->a) : "archive error");
            return -1;
        }
        got = (long)r;
        if (s->raw_bytes + got > SOURCE_MEMBER_CAP) {
            snprintf(s->error, sizeof(s->error), "'%s' is larger than %lld bytes unpacked", s->path,
                     SOURCE_MEMBER_CAP);
            return -1;
        }
    } else {
        size_t r = fread(buf, 1, n, s->f);
        if (r == 0 && ferror(s->f)) {
            snprintf(s->error, sizeof(s->error), "cannot read '%s': %s", s->path, strerror(errno));
            return -1;
        }
        got = (long)r;
    }
    if (s->sha && !EVP_DigestUpdate(s->sha, buf, (size_t)got)) {
        snprintf(s->error, sizeof(s->error), "cannot hash '%s'", s->path);
        return -1;
    }
    s->raw_bytes += got;
    return got;
}

/* Fill the raw buffer; keeps undecoded bytes at its start. Returns -1 on error. */
static int raw_fill(struct source *s)
{
    long got;

    if (s->raw_pos > 0) {
        memmove(s->raw, s->raw + s->raw_pos, s->raw_len - s->raw_pos);
        s->raw_len -= s->raw_pos;
        s->raw_pos = 0;
    }
    if (s->raw_eof || s->raw_len == RAW_CHUNK)
        return 0;
    got = raw_read(s, s->raw + s->raw_len, RAW_CHUNK - s->raw_len);
    if (got < 0)
        return -1;
    if (got == 0)
        s->raw_eof = 1;
    s->raw_len += (size_t)got;
    return 0;
}

/*
 * A zip reader opened on path, in *out (to archive_read_free, also after an
 * error, when it is not NULL). code is the error code for a file that
 * cannot be opened as an archive.
 */
static int archive_open(const char *path, struct archive **out, int code, struct trdb_err *err)
{
    struct archive *a = archive_read_new();

    *out = a;
    if (!a)
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    archive_read_support_format_zip(a);
    archive_read_support_filter_all(a);
    if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK)
        return trdb_err_set(err, code, "cannot open archive '%s': %s", path,
                            archive_error_string(a));
    return 0;
}

/* Position an archive on the seq-th member called name. */
static int open_member(struct source *s, const char *path, const char *name, int seq,
                       struct trdb_err *err)
{
    struct archive_entry *e;
    int r, seen = 0, rc = archive_open(path, &s->a, TRDB_EIO, err);

    if (rc)
        return rc;
    while ((r = archive_read_next_header(s->a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
        const char *n = archive_entry_pathname(e);
        if (n && strcmp(n, name) == 0 && seen++ == seq) {
            if ((s->has_mtime = archive_entry_mtime_is_set(e) != 0))
                s->mtime = archive_entry_mtime(e);
            return 0;
        }
        archive_read_data_skip(s->a);
    }
    if (r == ARCHIVE_EOF)
        return trdb_err_set(err, TRDB_ENOTFOUND, "no member '%s' in '%s'", name, path);
    return trdb_err_set(err, TRDB_EDATA, "cannot read archive '%s': %s", path,
                        archive_error_string(s->a));
}

/* Bytes per code unit of an encoding: what to skip past a character iconv cannot read. */
static size_t code_unit(const char *enc)
{
    static const char *const two[] = {"UTF-16", "UTF16", "UCS-2", "UCS2", "UNICODE", NULL};
    static const char *const four[] = {"UTF-32", "UTF32", "UCS-4", "UCS4", NULL};

    for (const char *const *p = two; *p; p++)
        if (strncasecmp(enc, *p, strlen(*p)) == 0)
            return 2;
    for (const char *const *p = four; *p; p++)
        if (strncasecmp(enc, *p, strlen(*p)) == 0)
            return 4;
    return 1;
}

/*
 * UTF-16 without a byte order mark: NUL bytes in every other place of
 * ASCII-ish text. A few in the other places are characters such as U+4E00
 * (一), whose low byte is zero.
 */
static int looks_utf16(const unsigned char *p, size_t n)
{
    size_t even = 0, odd = 0;
    size_t m = n < 512 ? n : 512;

    /* cppcheck assumes the buffer empty (it sees raw_len calloc'd to 0) */
    /* cppcheck-suppress knownConditionTrueFalse */
    if (m < 8)
        return 0;
    for (size_t i = 0; i < m; i++)
        if (p[i] == 0)
            *(i % 2 ? &odd : &even) += 1;
    /* cppcheck-suppress unsignedLessThanZero */
    return (even > m / 8 && odd * 4 < even) || (odd > m / 8 && even * 4 < odd);
}

int source_open(const struct source_spec *spec, struct source **out, struct trdb_err *err)
{
    struct source *s = calloc(1, sizeof(*s));
    const unsigned char *u;
    const char *enc = spec->encoding;
    char display[4200];
    int rc;

    *out = NULL;
    if (!s)
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    s->cd = (iconv_t)-1;
    snprintf(display, sizeof(display), "%s%s%s", spec->path, spec->member ? "!" : "",
             spec->member ? spec->member : "");
    s->path = strdup(display);
    s->raw = malloc(RAW_CHUNK);
    s->sha = EVP_MD_CTX_new();
    if (!s->path || !s->raw || !s->sha || !EVP_DigestInit_ex(s->sha, EVP_sha256(), NULL)) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto fail;
    }
    if (spec->member) {
        if ((rc = open_member(s, spec->path, spec->member, spec->member_seq, err)))
            goto fail;
    } else if (!(s->f = fopen(spec->path, "rb"))) {
        rc = trdb_err_set(err, TRDB_EIO, "cannot open '%s': %s", spec->path, strerror(errno));
        goto fail;
    } else {
        struct stat sb;
        if ((s->has_mtime = fstat(fileno(s->f), &sb) == 0))
            s->mtime = sb.st_mtime;
    }
    if (raw_fill(s)) {
        rc = trdb_err_set(err, TRDB_EIO, "%s", s->error);
        goto fail;
    }
    /* a short first read may cut a byte order mark: top up to four bytes */
    while (!s->raw_eof && s->raw_len < 4)
        if (raw_fill(s)) {
            rc = trdb_err_set(err, TRDB_EIO, "%s", s->error);
            goto fail;
        }
    u = (const unsigned char *)s->raw;
    /* a byte order mark says what the text is, whatever was given or guessed */
    if (s->raw_len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
        enc = NULL, s->bom = 1; /* UTF-8: csvread.c skips the mark */
    else if (s->raw_len >= 2 && u[0] == 0xff && u[1] == 0xfe &&
             !(enc && (strcasecmp(enc, "UTF-32LE") == 0 || strcasecmp(enc, "UTF-32") == 0)))
        enc = "UTF-16LE", s->raw_pos = 2, s->bom = 1;
    else if (s->raw_len >= 2 && u[0] == 0xfe && u[1] == 0xff)
        enc = "UTF-16BE", s->raw_pos = 2, s->bom = 1;
    else if (!enc && looks_utf16(u, s->raw_len)) {
        rc = trdb_err_set(err, TRDB_EDATA,
                          "'%s' looks like UTF-16 text without a byte order mark; give "
                          "--encoding UTF-16LE or UTF-16BE",
                          s->path);
        goto fail;
    }
    if (!enc) {
        size_t bad, check = s->raw_len;
        /* a multi-byte character cut at the end of the sample is not an error */
        while (check > 0 && check + 4 > s->raw_len &&
               ((u[check - 1] & 0xc0) == 0x80 || u[check - 1] >= 0xc0))
            check--;
        s->legacy = !utf8_valid(s->raw, check, &bad);
        for (size_t i = 0; !s->legacy && i < check && !s->evident; i++)
            s->evident = u[i] >= 0x80;
        snprintf(s->encoding, sizeof(s->encoding), "UTF-8");
    } else {
        snprintf(s->encoding, sizeof(s->encoding), "%s", enc);
        s->unit = code_unit(enc);
        if (strcasecmp(enc, "UTF-8") != 0 && strcasecmp(enc, "UTF8") != 0) {
            s->cd = iconv_open("UTF-8", enc);
            if (s->cd == (iconv_t)-1) {
                rc = trdb_err_set(err, TRDB_EUSAGE,
                                  "unknown encoding '%s' (see 'iconv -l'; e.g. WINDOWS-1252, "
                                  "MACINTOSH, UTF-16LE)",
                                  enc);
                goto fail;
            }
        }
    }
    *out = s;
    return 0;
fail:
    source_close(s);
    return rc;
}

long source_read(void *src, char *buf, size_t n)
{
    struct source *s = src;
    char *outp = buf;
    size_t outleft = n;

    if (n == 0)
        return 0;
    if (s->cd == (iconv_t)-1) {
        /* UTF-8: hand over what is buffered, then read straight through */
        if (s->raw_pos < s->raw_len) {
            size_t k = s->raw_len - s->raw_pos < n ? s->raw_len - s->raw_pos : n;
            memcpy(buf, s->raw + s->raw_pos, k);
            s->raw_pos += k;
            return (long)k;
        }
        if (s->raw_eof)
            return 0;
        {
            long got = raw_read(s, buf, n);
            if (got == 0)
                s->raw_eof = 1;
            return got;
        }
    }
    while (outleft > 8) {
        char *inp;
        size_t inleft, r;

        if (s->raw_pos == s->raw_len || (!s->raw_eof && s->raw_len - s->raw_pos < 8)) {
            if (raw_fill(s))
                return -1;
            if (s->raw_pos == s->raw_len)
                break; /* the end */
        }
        inp = s->raw + s->raw_pos;
        inleft = s->raw_len - s->raw_pos;
        r = iconv(s->cd, &inp, &inleft, &outp, &outleft);
        s->raw_pos = (size_t)(inp - s->raw);
        if (r != (size_t)-1)
            continue;
        if (errno == E2BIG)
            break;
        if (errno == EINVAL && !s->raw_eof) {
            /* a character cut by the buffer's end: read more */
            if (raw_fill(s))
                return -1;
            continue;
        }
        /* EILSEQ, or a character cut by the end of the input: mark it, skip a code unit */
        *outp++ = (char)0xff;
        outleft--;
        s->raw_pos += s->raw_len - s->raw_pos < s->unit ? s->raw_len - s->raw_pos : s->unit;
    }
    return (long)(outp - buf);
}

const char *source_error(const struct source *s)
{
    return s->error[0] ? s->error : "read error";
}

int source_mtime(const struct source *s, time_t *t)
{
    *t = s->mtime;
    return s->has_mtime;
}

long long source_position(const struct source *s)
{
    return s->raw_bytes;
}

void source_digest(struct source *s, char out[65], long long *bytes)
{
    /* finished once; a second call gives the same answer */
    if (s->sha) {
        digest_final_hex(s->sha, s->hex, NULL);
        EVP_MD_CTX_free(s->sha);
        s->sha = NULL;
    }
    snprintf(out, DIGEST_HEX_LEN + 1, "%s", s->hex);
    if (bytes)
        *bytes = s->raw_bytes;
}

const char *source_encoding(const struct source *s)
{
    return s->encoding;
}

int source_looks_legacy(const struct source *s)
{
    return s->legacy;
}

int source_evidently_utf8(const struct source *s)
{
    return s->evident;
}

int source_has_bom(const struct source *s)
{
    return s->bom;
}

void source_close(struct source *s)
{
    if (!s)
        return;
    if (s->cd != (iconv_t)-1)
        iconv_close(s->cd);
    if (s->f)
        fclose(s->f);
    EVP_MD_CTX_free(s->sha);
    if (s->a)
        archive_read_free(s->a);
    free(s->raw);
    free(s->path);
    free(s);
}

int source_encoding_known(const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);

    if (cd == (iconv_t)-1)
        return 0;
    iconv_close(cd);
    return 1;
}

/* Write all of buf to fd. Returns 0, or -1 with errno set. */
static int write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The spool's file name: the last part of name, or "stdin" for none ("-", "", ".", ".."). */
static void spool_name(const char *name, char *out, size_t n)
{
    const char *base = strrchr(name, '/');

    base = base ? base + 1 : name;
    if (!*base || strcmp(base, "-") == 0 || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        base = "stdin";
    /* a file name has at most 255 bytes; keep its end, where the suffix is */
    if (strlen(base) > 200)
        base += strlen(base) - 200;
    snprintf(out, n, "%s", base);
}

/* Copy fd into the open file out, hashing and counting. Returns 0 or a negative code. */
static int spool_copy(int fd, int out, long long cap, struct source_spool *sp, char *buf,
                      EVP_MD_CTX *sha, struct trdb_err *err)
{
    char head[4] = {0, 0, 0, 0};

    for (;;) {
        ssize_t got = read(fd, buf, RAW_CHUNK);
        /* a signal that asks trdb to stop ends the wait for a writer (lib/interrupt.h) */
        if (got < 0 && errno == EINTR && !interrupt_caught())
            continue;
        if (got < 0)
            return trdb_err_set(err, TRDB_EIO, "cannot read: %s", strerror(errno));
        if (got == 0) {
            sp->zip = sp->bytes >= 4 && memcmp(head, "PK\3\4", 4) == 0;
            return 0;
        }
        /* the cap is checked before the bytes are kept: /dev/zero stops here */
        if (sp->bytes + got > cap)
            return trdb_err_set(err, TRDB_ELIMIT, "more than %lld bytes", cap);
        /* the first four bytes, however the reads cut them */
        for (ssize_t i = 0; i < got && sp->bytes + i < 4; i++)
            head[sp->bytes + i] = buf[i];
        if (write_all(out, buf, (size_t)got))
            return trdb_err_set(err, TRDB_EIO, "cannot write the copy in '%s': %s", sp->dir,
                                strerror(errno));
        if (!EVP_DigestUpdate(sha, buf, (size_t)got))
            return trdb_err_set(err, TRDB_ENOMEM, "out of memory hashing");
        sp->bytes += got;
    }
}

int source_spool(int fd, const char *name, const char *tmp_dir, long long cap,
                 struct source_spool *sp, struct trdb_err *err)
{
    char base[256], *buf = malloc(RAW_CHUNK);
    EVP_MD_CTX *sha = EVP_MD_CTX_new();
    struct stat sb;
    int out = -1, rc = 0;

    memset(sp, 0, sizeof(*sp));
    if (!buf || !sha || !EVP_DigestInit_ex(sha, EVP_sha256(), NULL)) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    if (!tmp_dir || !*tmp_dir)
        tmp_dir = "/tmp";
    spool_name(name, base, sizeof(base));
    if (snprintf(sp->dir, sizeof(sp->dir), "%s/trdb-spool-XXXXXX", tmp_dir) >=
        (int)sizeof(sp->dir)) {
        sp->dir[0] = '\0';
        rc = trdb_err_set(err, TRDB_EIO, "the temporary folder's name is too long");
        goto out;
    }
    if (!mkdtemp(sp->dir)) {
        rc = trdb_err_set(err, TRDB_EIO, "cannot make a folder in '%s' for the copy: %s", tmp_dir,
                          strerror(errno));
        sp->dir[0] = '\0';
        goto out;
    }
    snprintf(sp->path, sizeof(sp->path), "%s/%s", sp->dir, base);
    out = open(sp->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
        rc = trdb_err_set(err, TRDB_EIO, "cannot make the copy in '%s': %s", sp->dir,
                          strerror(errno));
        goto out;
    }
    if ((rc = spool_copy(fd, out, cap, sp, buf, sha, err)))
        goto out;
    if (close(out) != 0) {
        out = -1;
        rc = trdb_err_set(err, TRDB_EIO, "cannot write the copy in '%s': %s", sp->dir,
                          strerror(errno));
        goto out;
    }
    out = -1;
    /* a file given as standard input keeps its time (a layout may read it) */
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
        struct timespec t[2] = {sb.st_atim, sb.st_mtim};
        utimensat(AT_FDCWD, sp->path, t, 0);
    }
    rc = digest_final_hex(sha, sp->sha, err);
out:
    if (out >= 0)
        close(out);
    if (rc)
        source_spool_remove(sp);
    EVP_MD_CTX_free(sha);
    free(buf);
    return rc;
}

void source_spool_remove(struct source_spool *sp)
{
    if (!sp || !sp->dir[0])
        return;
    if (sp->path[0])
        unlink(sp->path);
    rmdir(sp->dir);
    sp->dir[0] = sp->path[0] = '\0';
}

int source_is_archive(const char *path)
{
    size_t n = strlen(path);

    return n > 4 && strcasecmp(path + n - 4, ".zip") == 0;
}

/* Publishers ship .csv (and .tsv, JSON) in their archives; a .txt there is a README. */
static int data_member(const char *name)
{
    static const char *const suffixes[] = {".csv", ".tsv", ".json", ".jsonl", ".ndjson", NULL};
    const char *base = strrchr(name, '/');
    size_t n = strlen(name);

    base = base ? base + 1 : name;
    if (!*base || base[0] == '.' || strncmp(name, "__MACOSX/", 9) == 0)
        return 0;
    for (const char *const *s = suffixes; *s; s++) {
        size_t k = strlen(*s);
        if (n > k && strcasecmp(name + n - k, *s) == 0)
            return 1;
    }
    return 0;
}

/* How many earlier members of list had this name. */
struct seen_name {
    char *name;
    int count;
};

/*
 * The caps on what the archive states, before anything is unpacked: the
 * number of data members (repeated names count: each one is read again to be
 * loaded), and the sizes it gives each member and all of them. Returns 0, or
 * a negative code with the reason in err (a cap passed, cannot open, no memory).
 */
static int archive_check(const char *path, struct trdb_err *err)
{
    struct archive *a;
    struct archive_entry *e;
    long long stated = 0;
    size_t members = 0;
    int r, rc = archive_open(path, &a, TRDB_EDATA, err);

    if (rc)
        goto out;
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
        const char *name = archive_entry_pathname(e);
        long long size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;

        if (name && archive_entry_filetype(e) == AE_IFREG && data_member(name)) {
            if (members++ == SOURCE_ARCHIVE_MEMBERS) {
                rc = trdb_err_set(err, TRDB_ELIMIT, "'%s' has more than %d data members", path,
                                  SOURCE_ARCHIVE_MEMBERS);
                goto out;
            }
            if (size > SOURCE_MEMBER_CAP) {
                rc = trdb_err_set(err, TRDB_ELIMIT, "'%s!%s' is larger than %lld bytes unpacked",
                                  path, name, SOURCE_MEMBER_CAP);
                goto out;
            }
            if ((stated += size) > SOURCE_ARCHIVE_CAP) {
                rc =
                    trdb_err_set(err, TRDB_ELIMIT, "'%s' is larger than %lld bytes unpacked in all",
                                 path, SOURCE_ARCHIVE_CAP);
                goto out;
            }
        }
        archive_read_data_skip(a);
    }
    /* an archive that cannot be read through is reported by the pass that unpacks it */
out:
    archive_read_free(a);
    return rc;
}

int source_archive_list(const char *path,
                        int (*fn)(void *ctx, const char *name, int seq, const char *sha,
                                  long long bytes),
                        void *ctx, struct trdb_err *err)
{
    struct archive *a = NULL;
    struct archive_entry *e;
    char *buf = malloc(RAW_CHUNK);
    EVP_MD_CTX *sha = EVP_MD_CTX_new(); /* started again for each member */
    struct seen_name *names = NULL;
    size_t nnames = 0, names_cap = 0;
    long long all = 0;
    int r, rc = 0;

    if (!buf || !sha) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = archive_check(path, err)) || (rc = archive_open(path, &a, TRDB_EDATA, err)))
        goto out;
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
        const char *name = archive_entry_pathname(e);
        char hex[DIGEST_HEX_LEN + 1];
        long long total = 0;
        la_ssize_t got;
        int seq = 0;
        size_t k;

        if (!name || archive_entry_filetype(e) != AE_IFREG || !data_member(name)) {
            archive_read_data_skip(a);
            continue;
        }
        if (!EVP_DigestInit_ex(sha, EVP_sha256(), NULL)) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            goto out;
        }
        while ((got = archive_read_data(a, buf, RAW_CHUNK)) > 0) {
            if (!EVP_DigestUpdate(sha, buf, (size_t)got)) {
                rc = trdb_err_set(err, TRDB_ENOMEM, "cannot hash '%s!%s'", path, name);
                goto out;
            }
            total += got;
            all += got;
            /* more than it states is a broken or hostile member: stop now, not at the cap */
            if (archive_entry_size_is_set(e) && total > archive_entry_size(e)) {
                rc = trdb_err_set(err, TRDB_EDATA,
                                  "'%s!%s' unpacks to more than the %lld bytes it states", path,
                                  name, (long long)archive_entry_size(e));
                goto out;
            }
            if (total > SOURCE_MEMBER_CAP || all > SOURCE_ARCHIVE_CAP) {
                rc = trdb_err_set(
                    err, TRDB_ELIMIT, "'%s!%s' unpacks to more than %lld bytes", path, name,
                    total > SOURCE_MEMBER_CAP ? SOURCE_MEMBER_CAP : SOURCE_ARCHIVE_CAP);
                goto out;
            }
        }
        if (got < 0) {
            rc = trdb_err_set(err, TRDB_EDATA, "cannot read '%s!%s': %s", path, name,
                              archive_error_string(a));
            goto out;
        }
        for (k = 0; k < nnames; k++)
            if (strcmp(names[k].name, name) == 0)
                break;
        if (k < nnames) {
            seq = ++names[k].count;
        } else {
            if (ALLOC_GROW(names, nnames + 1, names_cap) || !(names[nnames].name = strdup(name))) {
                rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
                goto out;
            }
            names[nnames++].count = 0;
        }
        if ((rc = digest_final_hex(sha, hex, err)) != 0)
            goto out;
        if ((rc = fn(ctx, name, seq, hex, total)) != 0)
            goto out;
    }
    if (r != ARCHIVE_EOF)
        rc = trdb_err_set(err, TRDB_EDATA, "cannot read archive '%s': %s", path,
                          archive_error_string(a));
out:
    if (a)
        archive_read_free(a);
    for (size_t k = 0; k < nnames; k++)
        free(names[k].name);
    free(names);
    EVP_MD_CTX_free(sha);
    free(buf);
    return rc;
}
