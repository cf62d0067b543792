/*
 * source.h: where ingest's bytes come from: a file, or a member of a zip
 * archive (libarchive), decoded to UTF-8 (iconv) from the encoding given,
 * or the one a byte order mark names, with the raw bytes hashed on the way
 * (sha256 identifies a source that was loaded before). Not for parsing:
 * csvread.c reads the decoded text.
 */
#ifndef TRDB_SOURCE_H
#define TRDB_SOURCE_H

#include <stddef.h>
#include <time.h>

struct trdb_err;

/* Largest member trdb reads out of an archive (a zip bomb stops here). */
#define SOURCE_MEMBER_CAP (2LL << 30)

struct source_spec {
    const char *path;     /* the file on disk */
    const char *member;   /* a member of the archive at path, or NULL for the file itself */
    int member_seq;       /* which member of that name: 0 the first (names may repeat) */
    const char *encoding; /* an iconv name ("WINDOWS-1252", "MACINTOSH", "UTF-16LE"), or NULL */
};

struct source;

/*
 * Open a source. A UTF-8 or UTF-16 byte order mark decides the encoding,
 * even over one given; without either, the text is taken as UTF-8. Returns 0 and OUT *out, or a
 * negative code with the reason in err (cannot open, no such member, an
 * encoding iconv does not know, UTF-16 text without a byte order mark).
 */
int source_open(const struct source_spec *spec, struct source **out, struct trdb_err *err);

/*
 * Read decoded UTF-8 (a csvr_read_fn): returns bytes, 0 at the end, -1 on
 * error (the reason stays for source_error). Bytes the encoding cannot
 * decode come out as the invalid byte 0xFF, so the record holding them is
 * rejected as invalid UTF-8 rather than silently changed.
 */
long source_read(void *src, char *buf, size_t n);

/* Why the last source_read failed. */
const char *source_error(const struct source *s);

/*
 * The modification time of the file, or of the archive member as the
 * archive records it, in OUT t: returns 1, or 0 when it is not known.
 */
int source_mtime(const struct source *s, time_t *t);

/* Raw bytes read so far (ahead of the records handed out by a buffer at most), for progress. */
long long source_position(const struct source *s);

/* After the end: the sha256 of the raw bytes (64 hex digits and a NUL) and their count. */
void source_digest(struct source *s, char out[65], long long *bytes);

/* The encoding in use: the one given, the byte order mark's, or "UTF-8". */
const char *source_encoding(const struct source *s);

/* 1 when the first bytes read were not valid UTF-8 and no encoding was given. */
int source_looks_legacy(const struct source *s);

/* 1 when no encoding was given and the first bytes were valid UTF-8, not all ASCII. */
int source_evidently_utf8(const struct source *s);

/* 1 when the text starts with a byte order mark (UTF-8 or UTF-16). */
int source_has_bom(const struct source *s);

/* Close; s may be NULL. */
void source_close(struct source *s);

/* 1 when iconv can decode the encoding called name. */
int source_encoding_known(const char *name);

/*
 * A copy on disk of what a stream gave (standard input, a FIFO), so that it
 * can be hashed and read again as any file: the file is DIR/NAME in a
 * private folder DIR made for it, NAME being the last part of the name
 * given (profiles match file names; "stdin" when it has none).
 */
struct source_spool {
    char dir[4096];  /* the private folder, or "" when none was made */
    char path[4400]; /* the copy */
    char sha[65];    /* the sha256 of the bytes, 64 hex digits */
    long long bytes;
    int zip; /* the bytes begin as a zip archive's do ("PK\3\4") */
};

/*
 * Copy everything fd gives into a new spool under tmp_dir (NULL or "":
 * /tmp). The copy takes the stream's modification time when fd is a regular
 * file, else the time it was made. Returns 0 with sp filled (remove it with
 * source_spool_remove), or a negative code with the reason in err and
 * nothing left on disk: TRDB_ELIMIT past cap bytes ("more than N bytes"),
 * TRDB_EIO when it cannot be read or written, TRDB_ENOMEM.
 */
int source_spool(int fd, const char *name, const char *tmp_dir, long long cap,
                 struct source_spool *sp, struct trdb_err *err);

/* Remove the copy and its folder; sp may be NULL or never filled (zeroed). */
void source_spool_remove(struct source_spool *sp);

/* 1 when path names an archive trdb opens (by its suffix: .zip). */
int source_is_archive(const char *path);

/*
 * Caps on what an archive may unpack to, and on its number of data members
 * (each member is found again by reading the archive from its start, so time
 * grows with the square of their number: 2,000 tiny members took 19 s).
 */
#define SOURCE_ARCHIVE_CAP (8LL << 30)
#define SOURCE_ARCHIVE_MEMBERS 1000

/*
 * List the members of the archive at path that hold data (.csv, .tsv; not
 * folders, dot-files or __MACOSX/), with the sha256 of each. Calls
 * fn(ctx, name, seq, sha256, bytes) per member, in archive order (seq
 * counts earlier members of the same name); a non-zero return from fn
 * stops. Returns 0, or a negative code with the reason in err (not an
 * archive, truncated, a member or the whole over its cap).
 */
int source_archive_list(const char *path,
                        int (*fn)(void *ctx, const char *name, int seq, const char *sha,
                                  long long bytes),
                        void *ctx, struct trdb_err *err);

#endif
