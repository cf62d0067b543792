/*
 * csvread.c: one state machine reads CSV byte by byte: it finds where each
 * record starts and ends (so each has its line number), measures the
 * current field, row and field count against the caps as it goes (a
 * hostile field is cut off at the cap, never buffered whole), and copies
 * the field bytes into the record's arena. Its rules are libcsv's
 * non-strict ones, which the first releases used: leading and trailing
 * spaces of an unquoted field are dropped; a quote opens a quoted field
 * only at the start of a field (elsewhere it is data); inside quotes, ""
 * is a quote; after a closing quote, spaces are held, a quote after spaces
 * is data and the field stays closed-or-not, and anything else reopens the
 * field. Not for what the fields mean: that is ingest/profile.c.
 */
#include "csvread.h"
#include "../lib/alloc.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../lib/utf8.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

/* Where the reader is in a record; libcsv's FIELD_NOT_BEGUN, FIELD_BEGUN and MIGHT_HAVE_ENDED. */
enum tstate {
    T_FIELD_START, /* before a field: spaces are skipped */
    T_UNQUOTED,    /* in a field that did not start with a quote */
    T_QUOTED,      /* inside quotes */
    T_QUOTE_SEEN   /* a quote inside quotes: the end of the field, or "" */
};

#define CHUNK (64 * 1024)

struct csvr {
    csvr_read_fn read;
    void *ctx;
    char *name;
    struct csvr_opts o;

    char *chunk;
    size_t clen, cpos;
    size_t run; /* chunk[run..] are bytes of the field not yet copied to the arena */
    int eof, started;
    long long offset;

    /* where the reader is */
    enum tstate ts;
    int in_record;
    size_t spaces; /* trailing spaces of an unquoted field, or spaces after a closing quote */
    long line;     /* current physical line */
    int prev_cr;   /* the byte before was CR: an LF now ends the same line */
    long rec_line; /* where the current record started */
    size_t field_len, nfields, row_bytes;
    int overflow; /* the current record went past a cap: its bytes are no longer kept */
    char overflow_msg[160];
    size_t overflow_field; /* the field past the size cap (1-based), or 0 */
    int nomem;             /* the arena could not grow: the record's bytes are no longer kept */

    /* the record: its fields' bytes, each NUL-terminated, one after the other */
    struct buf arena;
    size_t fstart; /* where the current field starts in the arena */
    size_t *offs, *lens;
    size_t nf, offs_cap, lens_cap;
    char problem[200];
    size_t problem_field; /* the field problem is about (1-based), or 0 */

    char **fields; /* pointers handed to the caller */
    size_t fields_cap;
};

static long read_file(void *ctx, char *buf, size_t n)
{
    FILE *f = ctx;
    size_t got = fread(buf, 1, n, f);

    if (got == 0 && ferror(f))
        return -1;
    return (long)got;
}

/* Copy chunk[run..end) to the arena, unless the record is no longer kept. */
static void flush(struct csvr *r, size_t end)
{
    if (end > r->run && !r->overflow && !r->nomem &&
        buf_append(&r->arena, r->chunk + r->run, end - r->run)) {
        r->nomem = 1;
        if (!r->problem[0])
            snprintf(r->problem, sizeof(r->problem), "out of memory reading field %zu", r->nf + 1);
    }
    r->run = end;
}

/* The byte at i is not part of any field. */
static void skip(struct csvr *r, size_t i)
{
    flush(r, i);
    r->run = i + 1;
}

/*
 * The current field ends (the bytes before i are in the arena): drop what
 * is not its content, NUL-terminate it and check it.
 */
static void end_field(struct csvr *r)
{
    size_t len, bad;
    const char *s;

    if (r->overflow || r->nomem) {
        r->spaces = 0;
        return;
    }
    if (r->ts == T_UNQUOTED)
        r->arena.len -= r->spaces; /* trailing spaces */
    else if (r->ts == T_QUOTE_SEEN)
        r->arena.len -= r->spaces + 1; /* the closing quote and the spaces after it */
    r->spaces = 0;
    len = r->arena.len - r->fstart;
    if (ALLOC_GROW(r->offs, r->nf + 1, r->offs_cap) ||
        ALLOC_GROW(r->lens, r->nf + 1, r->lens_cap) || buf_putc(&r->arena, '\0')) {
        r->nomem = 1;
        if (!r->problem[0])
            snprintf(r->problem, sizeof(r->problem), "out of memory reading field %zu", r->nf + 1);
        return;
    }
    r->offs[r->nf] = r->fstart;
    r->lens[r->nf] = len;
    s = r->arena.data + r->fstart;
    r->fstart = r->arena.len;
    if (!r->problem[0]) {
        if (len && memchr(s, '\0', len))
            snprintf(r->problem, sizeof(r->problem), "NUL byte in field %zu", r->nf + 1);
        else if (!utf8_valid(s, len, &bad))
            snprintf(r->problem, sizeof(r->problem), "invalid UTF-8 in field %zu at byte %zu",
                     r->nf + 1, bad + 1);
        if (r->problem[0])
            r->problem_field = r->nf + 1;
    }
    r->nf++;
}

static void begin_record(struct csvr *r)
{
    buf_reset(&r->arena);
    r->fstart = 0;
    r->nf = 0;
    r->problem[0] = '\0';
    r->problem_field = 0;
    r->overflow = 0;
    r->overflow_field = 0;
    r->nomem = 0;
    r->field_len = 0;
    r->nfields = 1;
    r->row_bytes = 0;
    r->spaces = 0;
}

static void set_overflow(struct csvr *r, const char *what, size_t cap)
{
    r->overflow = 1;
    snprintf(r->overflow_msg, sizeof(r->overflow_msg), "%s %zu", what, cap);
}

/* Guess the delimiter from the first line of the first chunk. */
static unsigned char guess_delim(const char *p, size_t n)
{
    size_t comma = 0, tab = 0, semi = 0;
    int quoted = 0;

    for (size_t i = 0; i < n && (quoted || (p[i] != '\n' && p[i] != '\r')); i++) {
        if (p[i] == '"')
            quoted = !quoted;
        else if (!quoted && p[i] == ',')
            comma++;
        else if (!quoted && p[i] == '\t')
            tab++;
        else if (!quoted && p[i] == ';')
            semi++;
    }
    if (tab > comma && tab >= semi)
        return '\t';
    if (semi > comma && semi > tab)
        return ';';
    return ',';
}

static int fill(struct csvr *r, struct trdb_err *err)
{
    long got = r->read(r->ctx, r->chunk, CHUNK);

    if (got < 0)
        return trdb_err_set(err, TRDB_EIO, "cannot read '%s'", r->name);
    r->clen = (size_t)got;
    r->cpos = 0;
    r->run = 0;
    r->offset += got;
    if (got == 0)
        r->eof = 1;
    return 0;
}

static int start(struct csvr *r, struct trdb_err *err)
{
    unsigned char *u;
    int rc;

    r->started = 1;
    if ((rc = fill(r, err)) != 0)
        return rc;
    /* a byte order mark may be cut by a short first read: top up to 4 bytes */
    while (!r->eof && r->clen < 4) {
        long got = r->read(r->ctx, r->chunk + r->clen, CHUNK - r->clen);
        if (got < 0)
            return trdb_err_set(err, TRDB_EIO, "cannot read '%s'", r->name);
        if (got == 0)
            break;
        r->clen += (size_t)got;
        r->offset += got;
    }
    u = (unsigned char *)r->chunk;
    if (r->clen >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
        return trdb_err_set(err, TRDB_EDATA,
                            "'%s' is UTF-16 text; convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)",
                            r->name);
    if (r->clen >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
        r->cpos = 3;
    if (!r->o.delim)
        r->o.delim = guess_delim(r->chunk + r->cpos, r->clen - r->cpos);
    r->run = r->cpos;
    return 0;
}

/* Hand the finished record to the caller. */
static void emit(struct csvr *r, struct csvr_row *row)
{
    if (r->nomem)
        r->nf = 0;
    if (ALLOC_GROW(r->fields, r->nf, r->fields_cap)) {
        r->nf = 0;
        snprintf(r->problem, sizeof(r->problem), "out of memory");
    }
    if (r->overflow) {
        r->nf = 0;
        snprintf(r->problem, sizeof(r->problem), "%s", r->overflow_msg);
        r->problem_field = r->overflow_field;
    }
    for (size_t i = 0; i < r->nf; i++)
        r->fields[i] = r->arena.data + r->offs[i];
    row->n = r->nf;
    row->field = r->fields;
    row->len = r->lens;
    row->line = r->rec_line;
    row->problem = r->problem[0] ? r->problem : NULL;
    row->problem_field = r->problem[0] ? r->problem_field : 0;
}

/*
 * One byte of a record, not a line end outside quotes, at chunk[i]: move
 * the state, skip the bytes that are no field's content, count against
 * the caps.
 */
static inline void step(struct csvr *r, unsigned char c, size_t i)
{
    r->row_bytes++;
    switch (r->ts) {
    case T_FIELD_START:
        if (c == '"') {
            r->ts = T_QUOTED;
            skip(r, i);
        } else if (c == r->o.delim) {
            skip(r, i);
            end_field(r);
            r->nfields++, r->field_len = 0;
        } else if (c != ' ' && c != '\t') {
            r->ts = T_UNQUOTED, r->field_len++;
        } else {
            skip(r, i); /* a leading space */
        }
        break;
    case T_UNQUOTED:
        if (c == r->o.delim) {
            skip(r, i);
            end_field(r);
            r->ts = T_FIELD_START, r->nfields++, r->field_len = 0;
        } else {
            r->spaces = c == ' ' || c == '\t' ? r->spaces + 1 : 0;
            r->field_len++;
        }
        break;
    case T_QUOTED:
        if (c == '"')
            r->ts = T_QUOTE_SEEN, r->spaces = 0; /* kept for now: it may be the first of "" */
        else
            r->field_len++;
        break;
    case T_QUOTE_SEEN:
        if (c == r->o.delim) {
            skip(r, i);
            end_field(r);
            r->ts = T_FIELD_START, r->nfields++, r->field_len = 0;
        } else if (c == ' ' || c == '\t') {
            r->spaces++, r->field_len++;
        } else if (c == '"') {
            /* "" is an escaped quote (the first one is kept); a quote after spaces is data */
            if (r->spaces) {
                r->spaces = 0, r->field_len++;
            } else {
                skip(r, i);
                r->ts = T_QUOTED, r->field_len++;
            }
        } else {
            r->ts = T_QUOTED, r->spaces = 0, r->field_len += 2;
        }
        break;
    }
    if (!r->overflow) {
        if (r->field_len > r->o.max_field) {
            set_overflow(r, "field longer than the limit of bytes:", r->o.max_field);
            r->overflow_field = r->nfields;
        } else if (r->nfields > r->o.max_fields)
            set_overflow(r, "more fields than the limit:", r->o.max_fields);
        else if (r->row_bytes > r->o.max_row)
            set_overflow(r, "record longer than the limit of bytes:", r->o.max_row);
        /* from here on the record is only followed to its end; its bytes are not kept */
    }
}

/* Nothing but spaces so far: libcsv made no record of such a line, nor do we. */
static int blank_so_far(const struct csvr *r)
{
    return !r->overflow && r->ts == T_FIELD_START && r->nfields == 1;
}

int csvr_next(struct csvr *r, struct csvr_row *row, struct trdb_err *err)
{
    int rc;

    if (!r->started && (rc = start(r, err)) != 0)
        return rc;
    begin_record(r);
    for (;;) {
        size_t i;

        if (r->cpos >= r->clen) {
            if (r->eof)
                break;
            if ((rc = fill(r, err)) != 0)
                return rc;
            continue;
        }
        for (i = r->cpos; i < r->clen; i++) {
            unsigned char c = (unsigned char)r->chunk[i];

            if (c == '\n' || c == '\r') {
                if (!(c == '\n' && r->prev_cr))
                    r->line++;
                r->prev_cr = c == '\r';
                if (r->ts == T_QUOTED) {
                    r->field_len++;
                    r->row_bytes++;
                    continue;
                }
                skip(r, i);
                if (!r->in_record)
                    continue;
                r->in_record = 0;
                r->cpos = i + 1;
                if (blank_so_far(r)) {
                    begin_record(r);
                    continue;
                }
                end_field(r);
                r->ts = T_FIELD_START;
                emit(r, row);
                return 1;
            }
            r->prev_cr = 0;
            if (!r->in_record) {
                r->in_record = 1;
                r->rec_line = r->line + 1;
            }
            step(r, c, i);
        }
        flush(r, r->clen);
        r->cpos = r->clen;
    }
    /* end of input */
    if (!r->in_record)
        return 0;
    r->in_record = 0;
    if (blank_so_far(r))
        return 0;
    if (r->ts == T_QUOTED && !r->overflow)
        snprintf(r->problem, sizeof(r->problem), "quoted field opened on line %ld is never closed",
                 r->rec_line);
    end_field(r);
    r->ts = T_FIELD_START;
    emit(r, row);
    return 1;
}

struct csvr *csvr_new(csvr_read_fn read, void *ctx, const char *name, const struct csvr_opts *o,
                      struct trdb_err *err)
{
    struct csvr *r = calloc(1, sizeof(*r));

    if (!r || !(r->chunk = malloc(CHUNK)) || !(r->name = strdup(name))) {
        csvr_free(r);
        trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        return NULL;
    }
    r->read = read;
    r->ctx = ctx;
    if (o)
        r->o = *o;
    if (!r->o.max_field)
        r->o.max_field = 1 << 20;
    if (!r->o.max_fields)
        r->o.max_fields = 4096;
    if (!r->o.max_row)
        r->o.max_row = 8 << 20;
    buf_init(&r->arena, r->o.max_row + r->o.max_fields + 16);
    return r;
}

struct csvr *csvr_new_file(FILE *f, const char *name, const struct csvr_opts *o,
                           struct trdb_err *err)
{
    return csvr_new(read_file, f, name, o, err);
}

long long csvr_offset(const struct csvr *r)
{
    return r->offset - (long long)(r->clen - r->cpos);
}

unsigned char csvr_delim(const struct csvr *r)
{
    return r->o.delim;
}

void csvr_free(struct csvr *r)
{
    if (!r)
        return;
    buf_release(&r->arena);
    free(r->offs);
    free(r->lens);
    free(r->fields);
    free(r->chunk);
    free(r->name);
    free(r);
}
