/*
 * csvread.c: libcsv does the field splitting and unquoting; beside it a
 * small tracker follows quoting byte by byte, which tells where a record
 * starts and ends (so each record has its line number and libcsv is fed
 * exactly one record at a time) and how long the current field is (so a
 * hostile field is cut off at the cap without libcsv buffering it). The
 * tracker follows libcsv's non-strict rules state by state: a quote opens
 * a quoted field only at the start of a field; inside quotes, "" is a
 * quote; after a closing quote, spaces are held, a quote after spaces is
 * data and the field stays closed-or-not, and anything else reopens the
 * field. Should the two ever disagree, the record comes out as a problem
 * rather than vanishing.
 */
#include "csvread.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../lib/utf8.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

enum tstate { T_FIELD_START, T_UNQUOTED, T_QUOTED, T_QUOTE_SEEN };

#define CHUNK (64 * 1024)

struct csvr {
    csvr_read_fn read;
    void *ctx;
    char *name;
    struct csvr_opts o;
    struct csv_parser p;
    int p_live;

    char *chunk;
    size_t clen, cpos;
    int eof, started;
    long long offset;

    /* tracker */
    enum tstate ts;
    int in_record;
    int rec_data;  /* the record holds something besides spaces */
    size_t spaces; /* spaces after a closing quote (libcsv's "spaces") */
    long line;     /* current physical line */
    int prev_cr;   /* the byte before was CR: an LF now ends the same line */
    long rec_line; /* where the current record started */
    size_t field_len, nfields, row_bytes;
    int overflow; /* the current record went past a cap; stop feeding it */
    char overflow_msg[160];
    size_t overflow_field; /* the field past the size cap (1-based), or 0 */

    /* the record being assembled by libcsv callbacks */
    struct buf arena;
    size_t *offs, *lens;
    size_t nf, fcap;
    int row_done;
    int broken; /* the parser could not be reset: stop */
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

/* libcsv's field callback: copy the field into the arena, check it. */
static void on_field(void *s, size_t len, void *data)
{
    struct csvr *r = data;

    if (r->nf == r->fcap) {
        size_t nc = r->fcap ? r->fcap * 2 : 32;
        size_t *no = realloc(r->offs, nc * sizeof(*no));
        size_t *nl;
        if (!no)
            goto nomem;
        r->offs = no;
        nl = realloc(r->lens, nc * sizeof(*nl));
        if (!nl)
            goto nomem;
        r->lens = nl;
        r->fcap = nc;
    }
    r->offs[r->nf] = r->arena.len;
    r->lens[r->nf] = len;
    if (buf_append(&r->arena, s, len) || buf_putc(&r->arena, '\0'))
        goto nomem;
    if (!r->problem[0]) {
        size_t bad;
        if (len && memchr(s, '\0', len))
            snprintf(r->problem, sizeof(r->problem), "NUL byte in field %zu", r->nf + 1);
        else if (!utf8_valid(s, len, &bad))
            snprintf(r->problem, sizeof(r->problem), "invalid UTF-8 in field %zu at byte %zu",
                     r->nf + 1, bad + 1);
        if (r->problem[0])
            r->problem_field = r->nf + 1;
    }
    r->nf++;
    return;
nomem:
    if (!r->problem[0])
        snprintf(r->problem, sizeof(r->problem), "out of memory reading field %zu", r->nf + 1);
}

static void on_row(int c, void *data)
{
    struct csvr *r = data;

    (void)c;
    r->row_done = 1;
}

static int parser_reset(struct csvr *r)
{
    if (r->p_live)
        csv_free(&r->p);
    r->p_live = 0;
    if (csv_init(&r->p, 0) != 0) {
        r->broken = 1;
        return TRDB_ENOMEM;
    }
    r->p_live = 1;
    csv_set_delim(&r->p, r->o.delim);
    /*
     * libcsv grows a field's buffer by blk_size bytes at a time (128 by default): a
     * field near the 1 MiB cap took 8,000 reallocs, each copying the field so far
     */
    csv_set_blk_size(&r->p, 64 * 1024);
    return 0;
}

static void begin_record(struct csvr *r)
{
    buf_reset(&r->arena);
    r->nf = 0;
    r->row_done = 0;
    r->problem[0] = '\0';
    r->problem_field = 0;
    r->overflow = 0;
    r->overflow_field = 0;
    r->field_len = 0;
    r->nfields = 1;
    r->row_bytes = 0;
    r->rec_data = 0;
    r->spaces = 0;
}

/* Feed bytes to libcsv unless the record has overflowed. */
static void feed(struct csvr *r, const char *p, size_t n)
{
    if (n == 0 || r->overflow || r->broken)
        return;
    if (csv_parse(&r->p, p, n, on_field, on_row, r) != n && !r->problem[0])
        snprintf(r->problem, sizeof(r->problem), "cannot parse record: %s",
                 csv_strerror(csv_error(&r->p)));
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
    return parser_reset(r) ? trdb_err_set(err, TRDB_ENOMEM, "out of memory") : 0;
}

/* Hand the finished record to the caller. */
static void emit(struct csvr *r, struct csvr_row *row)
{
    if (r->nf > r->fields_cap) {
        char **nf = realloc(r->fields, r->nf * sizeof(*nf));
        if (nf) {
            r->fields = nf;
            r->fields_cap = r->nf;
        } else {
            r->nf = 0;
            snprintf(r->problem, sizeof(r->problem), "out of memory");
        }
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

int csvr_next(struct csvr *r, struct csvr_row *row, struct trdb_err *err)
{
    int rc;

    if (!r->started && (rc = start(r, err)) != 0)
        return rc;
    if (r->broken)
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    begin_record(r);
    for (;;) {
        size_t from, i;

        if (r->cpos >= r->clen) {
            if (r->eof)
                break;
            if ((rc = fill(r, err)) != 0)
                return rc;
            continue;
        }
        from = r->cpos;
        for (i = r->cpos; i < r->clen; i++) {
            unsigned char c = (unsigned char)r->chunk[i];
            int term = c == '\n' || c == '\r';

            if (term) {
                if (!(c == '\n' && r->prev_cr))
                    r->line++;
                r->prev_cr = c == '\r';
                if (r->ts == T_QUOTED) {
                    r->field_len++;
                    r->row_bytes++;
                    continue;
                }
                if (r->in_record) {
                    r->in_record = 0;
                    r->ts = T_FIELD_START;
                    feed(r, r->chunk + from, i + 1 - from);
                    r->cpos = i + 1;
                    if (!r->overflow && !r->row_done && !r->rec_data) {
                        /* a line of spaces: libcsv makes no record of it, nor do we */
                        begin_record(r);
                        from = r->cpos;
                        continue;
                    }
                    if (!r->overflow && !r->row_done && !r->problem[0])
                        snprintf(r->problem, sizeof(r->problem),
                                 "cannot split this record into fields (stray quotes?)");
                    if ((r->overflow || !r->row_done) && parser_reset(r))
                        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
                    emit(r, row);
                    return 1;
                }
                continue;
            }
            r->prev_cr = 0;
            if (!r->in_record) {
                r->in_record = 1;
                r->rec_line = r->line + 1;
            }
            r->row_bytes++;
            if (c != ' ' && c != '\t')
                r->rec_data = 1;
            switch (r->ts) {
            case T_FIELD_START:
                if (c == '"')
                    r->ts = T_QUOTED;
                else if (c == r->o.delim)
                    r->nfields++, r->field_len = 0;
                else if (c != ' ' && c != '\t')
                    r->ts = T_UNQUOTED, r->field_len++;
                break;
            case T_UNQUOTED:
                if (c == r->o.delim)
                    r->ts = T_FIELD_START, r->nfields++, r->field_len = 0;
                else
                    r->field_len++;
                break;
            case T_QUOTED:
                if (c == '"')
                    r->ts = T_QUOTE_SEEN, r->spaces = 0;
                else
                    r->field_len++;
                break;
            case T_QUOTE_SEEN:
                if (c == r->o.delim) {
                    r->ts = T_FIELD_START, r->nfields++, r->field_len = 0;
                } else if (c == ' ' || c == '\t') {
                    r->spaces++, r->field_len++;
                } else if (c == '"') {
                    /* "" is an escaped quote; a quote after spaces is data, still closed */
                    if (r->spaces)
                        r->spaces = 0, r->field_len++;
                    else
                        r->ts = T_QUOTED, r->field_len++;
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
                /* from here on the record is only tracked; libcsv is reset at its end */
            }
        }
        feed(r, r->chunk + from, r->clen - from);
        r->cpos = r->clen;
    }
    /* end of input */
    if (!r->in_record)
        return 0;
    r->in_record = 0;
    if (r->ts == T_QUOTED && !r->overflow)
        snprintf(r->problem, sizeof(r->problem), "quoted field opened on line %ld is never closed",
                 r->rec_line);
    r->ts = T_FIELD_START;
    if (!r->overflow && !r->broken)
        csv_fini(&r->p, on_field, on_row, r);
    if (parser_reset(r))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    if (!r->overflow && !r->row_done) {
        if (!r->rec_data)
            return 0;
        if (!r->problem[0])
            snprintf(r->problem, sizeof(r->problem),
                     "cannot split this record into fields (stray quotes?)");
    }
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
    if (r->p_live)
        csv_free(&r->p);
    buf_release(&r->arena);
    free(r->offs);
    free(r->lens);
    free(r->fields);
    free(r->chunk);
    free(r->name);
    free(r);
}
