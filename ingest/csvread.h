/*
 * csvread.h: a streaming CSV reader (libcsv's quoting rules, in code of its
 * own) that knows where it is. It hands out one record at a time with the
 * physical line it started on, strips a UTF-8 byte order mark, accepts LF,
 * CRLF and CR line ends, and caps what input can make it hold (field size,
 * field count, row size). A record past a cap, holding a NUL byte or
 * invalid UTF-8 still comes out, marked with a problem, so the caller can
 * reject it and go on. Not for deciding what columns mean: that is
 * ingest/profile.c.
 */
#ifndef TRDB_CSVREAD_H
#define TRDB_CSVREAD_H

#include <stddef.h>
#include <stdio.h>

struct trdb_err;

/* Where bytes come from: returns bytes read, 0 at the end, < 0 on error. */
typedef long (*csvr_read_fn)(void *ctx, char *buf, size_t n);

struct csvr_opts {
    unsigned char delim; /* 0: guess from the first line (comma, tab, semicolon) */
    size_t max_field;    /* 0: 1 MiB */
    size_t max_fields;   /* 0: 4096 */
    size_t max_row;      /* 0: 8 MiB */
};

struct csvr_row {
    size_t n;             /* number of fields */
    char **field;         /* NUL-terminated; may hold NULs only when problem is set */
    size_t *len;          /* byte length of each field */
    long line;            /* physical line (1-based) where the record starts */
    const char *problem;  /* NULL, or why this record cannot be used as it is */
    size_t problem_field; /* the field (1-based) the problem is in, or 0 for the whole record */
};

struct csvr;

/*
 * Start reading from read(ctx) (the caller keeps ctx alive and closes it).
 * name is used in messages. Returns a reader for csvr_free, or NULL with the
 * reason in err (a UTF-16 byte order mark, no memory).
 */
struct csvr *csvr_new(csvr_read_fn read, void *ctx, const char *name, const struct csvr_opts *o,
                      struct trdb_err *err);

/* A reader over an open FILE (not closed by the reader). */
struct csvr *csvr_new_file(FILE *f, const char *name, const struct csvr_opts *o,
                           struct trdb_err *err);

/*
 * The next record. Returns 1 and fills OUT row (valid until the next call),
 * 0 at the end of the input, TRDB_EIO when reading fails, TRDB_EDATA for
 * UTF-16 input, TRDB_ENOMEM.
 */
int csvr_next(struct csvr *r, struct csvr_row *row, struct trdb_err *err);

/* Bytes consumed so far (for progress); cannot fail. */
long long csvr_offset(const struct csvr *r);

/* The delimiter in use (guessed from the first line unless given); cannot fail. */
unsigned char csvr_delim(const struct csvr *r);

/* Free the reader (not its source); r may be NULL. */
void csvr_free(struct csvr *r);

#endif
