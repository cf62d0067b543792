/*
 * records.c: the rows of a records profile (kind "records") to records of
 * its side table (model/records.h): one record per row, or, in an
 * "indicators" layout, one record per file gathered from a row per
 * indicator; dates read as days, a keyword's category found above it, an
 * unknown indicator warned of once, and the file's publisher taken from
 * what it says. Not for facts or app records (rowmap.c), or for the file's
 * transaction (load.c).
 */
#include "ingest_int.h"
#include "../lib/rx.h"
#include "../lib/utf8.h"
#include "../model/records.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

/* A file's records under way. */
struct records_state {
    struct records_writer *w;
    struct buf
        val[RECORDS_MAX_COLUMNS + 1]; /* per record field: this row's (or the file's) value */
    int has[RECORDS_MAX_COLUMNS + 1];
    struct buf above[RECORDS_MAX_COLUMNS + 1]; /* per record field: the last cell matching above */
    int seen_above[RECORDS_MAX_COLUMNS + 1];
    struct buf cell;     /* note_above's trimmed cell */
    struct buf warned;   /* unknown indicators warned of, NUL-separated */
    char publisher[512]; /* the value of publisher_from, once known */
};

int ingest_records_begin(struct filectx *fc, struct trdb_err *err)
{
    const struct profile *p = fc->b.p;
    struct records_state *rs;

    if (p->nrec > RECORDS_MAX_COLUMNS)
        return trdb_err_set(err, TRDB_EDATA, "profile '%s' has too many fields", p->name);
    if (!(rs = calloc(1, sizeof(*rs))))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    fc->records = rs;
    for (size_t i = 0; i <= RECORDS_MAX_COLUMNS; i++) {
        buf_init(&rs->val[i], 1 << 20);
        buf_init(&rs->above[i], 1 << 16);
    }
    buf_init(&rs->cell, 1 << 20);
    buf_init(&rs->warned, 1 << 16);
    if (!(rs->w = records_writer_new(fc->ig->st, p->table, fc->file_id, err)))
        return err ? err->code : TRDB_EDB;
    return 0;
}

void ingest_records_release(struct filectx *fc)
{
    struct records_state *rs = fc->records;

    if (!rs)
        return;
    records_writer_free(rs->w);
    for (size_t i = 0; i <= RECORDS_MAX_COLUMNS; i++) {
        buf_release(&rs->val[i]);
        buf_release(&rs->above[i]);
    }
    buf_release(&rs->cell);
    buf_release(&rs->warned);
    free(rs);
    fc->records = NULL;
}

/* Set b to s[0..n) trimmed. Returns 0 or TRDB_ENOMEM. */
static int set_trimmed(struct buf *b, const char *s)
{
    buf_reset(b);
    if (buf_puts(b, s) || !buf_cstr(b))
        return TRDB_ENOMEM;
    utf8_trim(b->data);
    b->len = strlen(b->data);
    return 0;
}

/* The header of column c, or what stands for it. */
static const char *header_of(const struct filectx *fc, int c, const char *dflt)
{
    return c >= 0 && (size_t)c < fc->nheaders ? fc->headers[c] : dflt;
}

/*
 * Field i's value in rs->val[i] (rs->has[i]) from text: its default when
 * blank, a date read as a day. Returns 0, or -1 with re filled.
 */
static int settle_value(struct filectx *fc, size_t i, const char *text, const char *column,
                        struct row_error *re)
{
    const struct record_field *rf = &fc->b.p->rec[i];
    struct records_state *rs = fc->records;
    struct buf *v = &rs->val[i];

    if (set_trimmed(v, text) || (v->len == 0 && rf->dflt && set_trimmed(v, rf->dflt))) {
        snprintf(re->reason, sizeof(re->reason), "out of memory");
        return -1;
    }
    if (v->len && rf->date) {
        char day[11];
        struct trdb_err e = {0, ""};
        re->column = column;
        if (period_parse_day(v->data, day, &e)) {
            snprintf(re->reason, sizeof(re->reason), "%s in column '%s'", e.msg, column);
            return -1;
        }
        set_trimmed(v, day);
    }
    rs->has[i] = v->len > 0;
    return 0;
}

/* The values of the table's columns, in its order, from the fields that have one. */
static void record_values(const struct filectx *fc, const char **vals)
{
    const struct profile *p = fc->b.p;

    for (int c = 0; c <= RECORDS_MAX_COLUMNS; c++)
        vals[c] = NULL;
    for (size_t i = 0; i < p->nrec; i++)
        if (fc->records->has[i])
            vals[p->rec[i].col] = fc->records->val[i].data;
}

/*
 * The first column the table needs that has no value, as "no value for
 * 'label' in column 'Category description'", into out, and the file's
 * column in OUT *column (NULL when no column feeds it); 0 when there is none.
 */
static int missing_required(const struct filectx *fc, const char **vals, char *out, size_t n,
                            const char **column)
{
    const struct profile *p = fc->b.p;

    *column = NULL;
    for (int c = 0; p->table->columns[c]; c++) {
        if (!(p->table->required & (1u << c)) || vals[c])
            continue;
        snprintf(out, n, "no value for '%s'", p->table->columns[c]);
        for (size_t i = 0; i < p->nrec; i++)
            if (p->rec[i].col == c && fc->b.rec_col[i] >= 0) {
                *column = fc->headers[fc->b.rec_col[i]];
                snprintf(out, n, "no value for '%s' in column '%s'", p->table->columns[c], *column);
            }
        return 1;
    }
    return 0;
}

/* Keep the value of publisher_from, when this is it. */
static void note_publisher(struct filectx *fc)
{
    const struct profile *p = fc->b.p;

    for (size_t i = 0; p->publisher_from && i < p->nrec; i++)
        if (fc->records->has[i] && strcmp(p->rec[i].name, p->publisher_from) == 0 &&
            !fc->records->publisher[0])
            snprintf(fc->records->publisher, sizeof(fc->records->publisher), "%s",
                     fc->records->val[i].data);
}

/* Warn, once per file for each, of an indicator no field reads. */
static void warn_indicator(struct filectx *fc, long line, const char *name)
{
    struct ingest *ig = fc->ig;
    struct buf *seen = &fc->records->warned;
    char shown[4200], text[1200], col[1024];

    ingest_worsen(ig, INGEST_WARN);
    for (size_t at = 0; at < seen->len; at += strlen(&seen->data[at]) + 1)
        if (strcmp(&seen->data[at], name) == 0)
            return;
    if (buf_append(seen, name, strlen(name) + 1) || !ig->opts.log)
        return;
    ingest_quiet_progress(ig);
    fprintf(ig->opts.log,
            "trdb: warning: %s:%ld: indicator '%s' in column '%s' is not one profile '%s' "
            "reads; kept out\n",
            ingest_printable(fc->path, shown, sizeof(shown)), line,
            ingest_printable(name, text, sizeof(text)),
            ingest_printable(header_of(fc, fc->b.ind_name_col, "?"), col, sizeof(col)),
            fc->b.p->name);
}

/* A row of an "indicators" layout: its value to the field whose indicator it is. */
static int indicator_row(struct filectx *fc, const struct csvr_row *row, struct row_error *re)
{
    const struct profile *p = fc->b.p;
    struct records_state *rs = fc->records;
    struct buf name;
    size_t i;
    int rc = MAP_LOADED;

    buf_init(&name, 1 << 16);
    if (set_trimmed(&name, row->field[fc->b.ind_name_col])) {
        buf_release(&name);
        snprintf(re->reason, sizeof(re->reason), "out of memory");
        return MAP_REJECTED;
    }
    utf8_collapse_space(name.data);
    /* the columns every row repeats (the service): the first that gives one */
    for (i = 0; i < p->nrec; i++) {
        const struct record_field *rf = &p->rec[i];
        int col = fc->b.rec_col[i];
        if (col < 0 || rs->has[i] ||
            (rf->skip && rx_match(rf->skip, row->field[col], strlen(row->field[col])) == 1))
            continue;
        if (settle_value(fc, i, row->field[col], fc->headers[col], re)) {
            rc = MAP_REJECTED;
            goto out;
        }
    }
    for (i = 0; i < p->nrec; i++)
        if (p->rec[i].indicator && rx_match(p->rec[i].indicator, name.data, strlen(name.data)) == 1)
            break;
    if (i == p->nrec) {
        if (name.data[0])
            warn_indicator(fc, row->line, name.data);
        rc = MAP_SKIPPED;
    } else if (!rs->has[i] && settle_value(fc, i, row->field[fc->b.ind_value_col],
                                           fc->headers[fc->b.ind_value_col], re)) {
        snprintf(re->reason + strlen(re->reason), sizeof(re->reason) - strlen(re->reason),
                 " (indicator '%.100s')", name.data);
        rc = MAP_REJECTED;
    }
out:
    buf_release(&name);
    return rc;
}

/* A row that is a record of its own. Returns a MAP_* outcome, or < 0 when the database failed. */
static int record_row(struct filectx *fc, const struct csvr_row *row, struct row_error *re,
                      struct trdb_err *err)
{
    const struct profile *p = fc->b.p;
    struct records_state *rs = fc->records;
    const char *vals[RECORDS_MAX_COLUMNS + 1];
    char why[300];
    int rc;

    for (size_t i = 0; i < p->nrec; i++) {
        const struct record_field *rf = &p->rec[i];
        int col = fc->b.rec_col[i];
        const char *cell = col >= 0 ? row->field[col] : rf->value;
        if (cell && rf->skip && rx_match(rf->skip, cell, strlen(cell)) == 1)
            return MAP_SKIPPED;
    }
    for (size_t i = 0; i < p->nrec; i++) {
        const struct record_field *rf = &p->rec[i];
        int col = fc->b.rec_col[i];
        struct buf *cell = &rs->val[i];
        if (!rf->above)
            continue;
        if (set_trimmed(cell, row->field[col]))
            return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        if (rx_match(rf->when, cell->data, cell->len) == 1) {
            /* a keyword: its value is the category above it (note_above) */
            if (!rs->seen_above[i]) {
                re->column = fc->headers[col];
                snprintf(re->reason, sizeof(re->reason),
                         "'%.100s' in column '%.100s' has no row above it that matches /%.60s/ "
                         "(no %s for it)",
                         cell->data, fc->headers[col], rx_pattern(rf->above), rf->name);
                return MAP_REJECTED;
            }
            if (set_trimmed(cell, buf_cstr(&rs->above[i])))
                return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        } else {
            buf_reset(cell);
            buf_cstr(cell);
        }
        rs->has[i] = cell->len > 0;
    }
    for (size_t i = 0; i < p->nrec; i++) {
        int col = fc->b.rec_col[i];
        if (p->rec[i].above)
            continue;
        if (settle_value(fc, i, col >= 0 ? row->field[col] : p->rec[i].value,
                         header_of(fc, col, p->rec[i].name), re))
            return MAP_REJECTED;
    }
    record_values(fc, vals);
    if (missing_required(fc, vals, why, sizeof(why), &re->column)) {
        snprintf(re->reason, sizeof(re->reason), "%s", why);
        return MAP_REJECTED;
    }
    if ((rc = records_put(rs->w, vals, err)) < 0)
        return rc;
    note_publisher(fc);
    /* the same key again (a row repeated): kept once, the repeat counted as skipped */
    return rc == 1 ? MAP_SKIPPED : MAP_LOADED;
}

/*
 * Keep, per field with nearest_above, the row's cell when it matches that
 * (and not when): on every row, a rejected or skipped one too, so that a
 * keyword is under the category row nearest above it even when that row
 * could not be loaded, never under the one before. A cell that cannot be
 * read (not UTF-8) places nothing. Returns 0 or TRDB_ENOMEM with err.
 */
static int note_above(struct filectx *fc, const struct csvr_row *row, struct trdb_err *err)
{
    const struct profile *p = fc->b.p;
    struct records_state *rs = fc->records;
    struct buf *cell = &rs->cell;
    size_t bad;

    for (size_t i = 0; i < p->nrec; i++) {
        const struct record_field *rf = &p->rec[i];
        int col = fc->b.rec_col[i];
        if (!rf->above || col < 0 || (size_t)col >= row->n ||
            strlen(row->field[col]) != row->len[col] ||
            !utf8_valid(row->field[col], row->len[col], &bad))
            continue;
        if (set_trimmed(cell, row->field[col]))
            return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        if (rx_match(rf->when, cell->data, cell->len) != 1 &&
            rx_match(rf->above, cell->data, cell->len) == 1) {
            if (set_trimmed(&rs->above[i], cell->data))
                return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            rs->seen_above[i] = 1;
        }
    }
    return 0;
}

int ingest_records_row(struct filectx *fc, const struct csvr_row *row, struct trdb_err *err)
{
    struct row_error re = {"", NULL};
    int rc = fc->b.p->ind_name ? 0 : note_above(fc, row, err);

    if (rc < 0)
        return rc;
    rc = ingest_resolve_row(fc, row, 1, &re);

    if (rc == MAP_LOADED)
        rc = fc->b.p->ind_name ? indicator_row(fc, row, &re) : record_row(fc, row, &re, err);
    if (rc < 0)
        return rc;
    if (rc == MAP_LOADED)
        fc->counts.rows_loaded++;
    if (rc == MAP_REJECTED && (rc = ingest_reject_row(fc, row, &re, err)) == 0)
        rc = MAP_REJECTED;
    return rc;
}

int ingest_records_finish(struct filectx *fc, const char **publisher, struct trdb_err *err)
{
    const struct profile *p = fc->b.p;
    struct records_state *rs = fc->records;
    const char *vals[RECORDS_MAX_COLUMNS + 1], *column;
    char why[300];
    int rc;

    *publisher = NULL;
    if (p->ind_name) {
        /* the file's one record, gathered from its rows */
        for (size_t i = 0; i < p->nrec; i++)
            if (!rs->has[i] && (p->rec[i].value || p->rec[i].dflt)) {
                struct row_error re = {"", NULL};
                if (settle_value(fc, i, p->rec[i].value ? p->rec[i].value : "", p->rec[i].name,
                                 &re)) {
                    trdb_err_set(&fc->fail, TRDB_EDATA, "%s", re.reason);
                    return MAP_FILE_FAILS;
                }
            }
        record_values(fc, vals);
        if (missing_required(fc, vals, why, sizeof(why), &column)) {
            trdb_err_set(&fc->fail, TRDB_EDATA, "%s on any row: no record", why);
            return MAP_FILE_FAILS;
        }
        if ((rc = records_put(rs->w, vals, err)) < 0)
            return rc;
        note_publisher(fc);
    }
    *publisher = rs->publisher[0] ? rs->publisher : NULL;
    return 0;
}
