/*
 * jsonread.h: JSON input for ingest: a document (one object, or an array of
 * objects) or JSON Lines (one object per line), read through a source, each
 * object handed out as a record; and the flattening of a record into the
 * strings found at dotted paths ("results.0.trackId"), which the profile
 * machinery then reads like CSV cells. Not for deciding what the values
 * mean: profiles do.
 */
#ifndef TRDB_JSONREAD_H
#define TRDB_JSONREAD_H

#include <stddef.h>

#include "csvread.h"

struct trdb_err;
struct cJSON;
struct jsonr;

/* Largest JSON document, and largest JSON Lines line, trdb reads. */
#define JSONR_DOC_CAP (64u << 20)
#define JSONR_LINE_CAP (8u << 20)

/* Start reading from read(ctx); lines: JSON Lines, else one document. */
struct jsonr *jsonr_new(csvr_read_fn read, void *ctx, int lines, struct trdb_err *err);
void jsonr_free(struct jsonr *r);

/*
 * The next record. Returns 1 with OUT *rec (owned by the reader, valid
 * until the next call) and *line (the line of a JSON Lines record, the
 * position of an array's element, 1 for a lone object); *rec is NULL and
 * *problem says why when the record is not valid JSON (a document that is
 * empty or unparsable comes out once this way). Returns 0 at the end, or a
 * negative code when reading fails (err).
 */
int jsonr_next(struct jsonr *r, struct cJSON **rec, long *line, const char **problem,
               struct trdb_err *err);

/*
 * The value at a dotted path of rec as text into out (n bytes): strings as
 * they are, numbers in full ("1276263909", "4.5"), true/false as "true" /
 * "false"; "" when the path is missing, null, or an object or array.
 * rec may be NULL (every path is missing). Returns the length of the whole
 * value: when it is n or more, out holds only its start.
 */
size_t jsonr_value(const struct cJSON *rec, const char *path, char *out, size_t n);

/* 1 when rec has path, whatever its value (null too): how profiles match keys. */
int jsonr_has(const struct cJSON *rec, const char *path);

/*
 * The text of the JSON Lines line the last record (or problem) came from,
 * without its line end, valid until the next jsonr_next: "" for a line
 * dropped as too long, NULL when reading a document. *len is its length.
 */
const char *jsonr_line_text(const struct jsonr *r, size_t *len);

/*
 * 1 when the value at path is a number that jsonr_value cannot write as it was
 * published: a whole number of 9e15 or more (past 2^53 a double has already
 * lost digits: 99999999999999999999 reads as 1e+20), or more digits than 15.
 * 0 otherwise, and for anything that is not a number. rec may be NULL.
 */
int jsonr_inexact(const struct cJSON *rec, const char *path);

#endif
