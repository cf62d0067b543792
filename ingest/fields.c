/*
 * fields.c: a row's cells to the profile's field values: the checks every
 * row passes first, each field's column, value, map, default or template,
 * the country with its code cross-check, the file's day/month order, and
 * storing a row that fails as a reject. Not for measures or app records
 * (rowmap.c) or for transactions (load.c).
 */
#include "ingest_int.h"
#include "jsonread.h"
#include "../lib/rx.h"
#include "../lib/utf8.h"
#include "../model/country.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

/*
 * s as text for the rejects table: bytes that are not UTF-8 (the cells of a
 * row rejected for them, or a character cut short by a length cap) written as
 * \xNN, so that every reader of the table (JSON output, the HTML report) gets
 * text. Returns s when it is valid, else the text in b; NULL when s is NULL.
 */
static const char *utf8_text(const char *s, struct buf *b)
{
    size_t n, bad;

    if (!s || utf8_valid(s, n = strlen(s), &bad))
        return s;
    buf_reset(b);
    while (!utf8_valid(s, n, &bad)) {
        buf_append(b, s, bad);
        buf_printf(b, "\\x%02X", (unsigned char)s[bad]);
        s += bad + 1;
        n -= bad + 1;
    }
    buf_append(b, s, n);
    return buf_cstr(b) ? b->data : "";
}

int ingest_reject_row(struct filectx *fc, const struct csvr_row *row, const struct row_error *re,
                      struct trdb_err *err)
{
    struct ingest *ig = fc->ig;
    struct buf raw, reason;
    char shown[sizeof(re->reason) * 4];
    const char *why, *line;
    size_t n;
    int rc;

    fc->counts.rows_rejected++;
    if (fc->jr && (line = jsonr_line_text(fc->jr, &n)) != NULL) {
        /* a JSON Lines record as published (blank for a line too long to keep) */
        buf_reset(&fc->raw);
        buf_append(&fc->raw, line, n < RAW_CAP ? n : RAW_CAP);
    } else {
        ingest_join_row(&fc->raw, row->field, fc->row_cells ? fc->row_cells : row->n, RAW_CAP);
    }
    buf_init(&raw, RAW_CAP * 4 + 64);
    buf_init(&reason, sizeof(re->reason) * 4);
    why = utf8_text(re->reason, &reason);
    if (fc->counts.rows_rejected <= 5 && ig->opts.log) {
        ingest_quiet_progress(ig);
        fprintf(ig->opts.log, "trdb: %s:%ld: rejected: %s\n", fc->path, row->line,
                ingest_printable(why, shown, sizeof(shown)));
    }
    rc = store_reject(ig->st, fc->file_id, ig->sum.run_id, row->line, re->column, why,
                      utf8_text(buf_cstr(&fc->raw), &raw), err);
    buf_release(&raw);
    buf_release(&reason);
    return rc;
}

/* Render a template: "{}" is the field's own cell, "{Header}" another column. */
static int render_template(struct filectx *fc, int f, const char *own, const struct csvr_row *row,
                           struct buf *out)
{
    const char *t = fc->b.p->field[f].template;
    size_t k = 0;

    buf_reset(out);
    while (*t) {
        if (*t == '{') {
            const char *close = strchr(t, '}');
            int col = fc->b.tmpl_cols[f][k++];
            const char *v = col == -2 ? own : row->field[col];
            char *copy = strdup(v);
            int rc;
            if (!copy)
                return TRDB_ENOMEM;
            utf8_trim(copy);
            rc = buf_puts(out, copy);
            free(copy);
            if (rc)
                return rc;
            t = close + 1;
        } else if (buf_putc(out, *t++)) {
            return TRDB_ELIMIT;
        }
    }
    return buf_cstr(out) ? 0 : TRDB_ENOMEM;
}

static int is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return 0;
    return 1;
}

/*
 * Resolve field f for this row into fc->val[f]. Returns 0, 1 when the row
 * is to be skipped, or -1 with re filled.
 */
static int resolve_field(struct filectx *fc, int f, const struct csvr_row *row,
                         struct row_error *re)
{
    const struct field_spec *fs = &fc->b.p->field[f];
    struct buf *v = &fc->val[f];
    const char *cell = NULL;
    int col = fc->b.col[f];

    fc->has[f] = 0;
    buf_reset(v);
    switch (fs->src) {
    case SRC_COLUMN:
        if (col < 0 && !fs->dflt) {
            cell = ""; /* the layout lacks a column that is not a key: blank */
            break;
        }
        if (col < 0) {
            /* the layout lacks the column: the profile's default, as it stands */
            re->column = NULL;
            if (buf_puts(v, fs->dflt) || !buf_cstr(v)) {
                snprintf(re->reason, sizeof(re->reason), "out of memory");
                return -1;
            }
            fc->has[f] = v->len > 0;
            return 0;
        }
        cell = row->field[col];
        break;
    case SRC_PATH:
        cell = col >= 0 ? row->field[col] : ""; /* a column absent from the file is blank */
        break;
    case SRC_MTIME:
        cell = fc->mtime;
        break;
    case SRC_VALUE:
        cell = fs->value;
        break;
    case SRC_FILENAME:
        cell = fc->b.fixed[f];
        break;
    case SRC_NONE:
        return 0;
    }
    re->column = col >= 0 ? fc->headers[col] : NULL;
    if (buf_puts(v, cell) || !buf_cstr(v)) {
        snprintf(re->reason, sizeof(re->reason), "out of memory");
        return -1;
    }
    utf8_trim(v->data);
    v->len = strlen(v->data);
    if (fs->src == SRC_COLUMN && col >= 0) {
        /* a localized download: the cell's English text, as the profile writes it */
        const char *en = profile_binding_english(&fc->b, f, v->data);
        if (en) {
            buf_reset(v);
            if (buf_puts(v, en) || !buf_cstr(v)) {
                snprintf(re->reason, sizeof(re->reason), "out of memory");
                return -1;
            }
        }
    }
    if (fs->skip && rx_match(fs->skip, v->data, v->len) == 1)
        return 1;
    if (fs->nmap) {
        struct buf *t = &fc->scratch;
        int m = profile_map_value(fs, v->data, v->len, t);
        if (m < 0) {
            snprintf(re->reason, sizeof(re->reason), "%s",
                     m == TRDB_ELIMIT ? "the mapped value would be too long"
                                      : "the value could not be mapped");
            return -1;
        }
        if (m == 1) {
            buf_reset(v);
            buf_puts(v, buf_cstr(t));
        } else if (fs->dflt) {
            buf_reset(v);
            buf_puts(v, fs->dflt);
        }
    } else if (v->len == 0 && fs->dflt) {
        buf_puts(v, fs->dflt);
    } else if (v->len && fs->template) {
        struct buf *t = &fc->scratch;
        if (render_template(fc, f, v->data, row, t)) {
            snprintf(re->reason, sizeof(re->reason), "the value of %s would be too long",
                     profile_field_name(f));
            return -1;
        }
        buf_reset(v);
        buf_append(v, t->data, t->len);
    }
    if (!buf_cstr(v)) {
        snprintf(re->reason, sizeof(re->reason), "out of memory");
        return -1;
    }
    fc->has[f] = v->len > 0;
    return 0;
}

/* 1 when a row of this profile cannot go without field f. */
static int field_required(const struct profile *p, int f)
{
    const struct field_spec *fs = &p->field[f];

    if (fs->optional || fs->dflt)
        return 0;
    if (p->kind == KIND_FACTS)
        return f == F_PERIOD || f == F_COUNTRY || f == F_REQUEST_TYPE;
    return f == F_APP_ID || f == F_STOREFRONT || (f == F_DATE && p->kind != KIND_APP_REMOVALS);
}

const char *ingest_required_column(const struct filectx *fc, size_t from)
{
    const struct profile *p = fc->b.p;
    size_t first = fc->nheaders;

    for (int f = 0; f < F_COUNT; f++) {
        if (!field_required(p, f))
            continue;
        if (fc->b.col[f] >= 0 && (size_t)fc->b.col[f] >= from && (size_t)fc->b.col[f] < first)
            first = (size_t)fc->b.col[f];
        for (size_t k = 0; p->field[f].template && fc->b.tmpl_cols[f]; k++) {
            const char *t = p->field[f].template;
            size_t n = 0;
            int col;
            for (; (t = strchr(t, '{')) != NULL; t++)
                n++;
            if (k >= n)
                break;
            col = fc->b.tmpl_cols[f][k];
            if (col >= 0 && (size_t)col >= from && (size_t)col < first)
                first = (size_t)col;
        }
    }
    if (p->kind == KIND_FACTS && fc->b.nbm) {
        /* a row that reaches none of its figures says nothing: its first figure is wanted */
        size_t figure = fc->nheaders;
        for (size_t i = 0; i < fc->b.nbm; i++) {
            const struct bound_measure *bm = &fc->b.bm[i];
            int c = bm->col >= 0 ? bm->col : bm->low_col;
            if (bm->col < 0 && bm->low_col < 0)
                return first < fc->nheaders ? fc->headers[first] : NULL; /* a fixed figure */
            if ((size_t)c < from)
                return first < fc->nheaders ? fc->headers[first] : NULL;
            if ((size_t)c < figure)
                figure = (size_t)c;
        }
        if (figure < first)
            first = figure;
    }
    return first < fc->nheaders ? fc->headers[first] : NULL;
}

/*
 * Warn of a country cell the code column overrules, or of a code nobody
 * knows that the name stood in for: once per file for each distinct key
 * (what makes the case: the name and the code), in the run's warnings
 * either way. Past the cap of keys kept, the rest are counted, not named.
 */
static void warn_country(struct filectx *fc, long line, const char *key, const char *msg)
{
    struct ingest *ig = fc->ig;
    const char *seen = fc->code_warned.data;
    size_t n = strlen(key);
    char shown[4200], text[1200];

    ingest_worsen(ig, INGEST_WARN);
    /* keys are stored NUL-terminated, one after another */
    for (size_t at = 0; at < fc->code_warned.len; at += strlen(&seen[at]) + 1)
        if (strcmp(&seen[at], key) == 0)
            return;
    if (buf_append(&fc->code_warned, key, n + 1) || !ig->opts.log)
        return;
    ingest_quiet_progress(ig);
    fprintf(ig->opts.log, "trdb: warning: %s:%ld: %s\n",
            ingest_printable(fc->path, shown, sizeof(shown)), line,
            ingest_printable(msg, text, sizeof(text)));
}

/*
 * Country: a code the profile's code column holds and trdb knows decides,
 * and the name is a cross-check whose disagreement is a warning; a blank or
 * unknown code leaves the name rules (an unknown code beside a known name is
 * a warning naming the code); a blank name takes the code.
 */
int ingest_resolve_country(struct filectx *fc, const struct csvr_row *row, const char **code,
                           int *footnote, struct row_error *re)
{
    struct trdb_err e = {0, ""};
    const struct country *c, *bycode = NULL;
    const char *name = fc->val[F_COUNTRY].data;
    const char *namecol = re->column ? re->column : "country";
    const char *codecol = fc->b.code_col >= 0 ? fc->headers[fc->b.code_col] : NULL;
    char codebuf[16] = "", unknown_code[128] = "";
    char key[1100], msg[1200];

    *code = NULL;
    *footnote = 0;
    if (codecol) {
        snprintf(codebuf, sizeof(codebuf), "%s", row->field[fc->b.code_col]);
        utf8_trim(codebuf);
        if (codebuf[0] && !(bycode = country_by_code(fc->ig->countries, codebuf)))
            snprintf(unknown_code, sizeof(unknown_code), "unknown code '%s' in column '%s'",
                     codebuf, codecol);
    }
    if (!fc->has[F_COUNTRY]) {
        if (bycode) {
            *code = bycode->code;
            return 0;
        }
        if (fc->b.p->field[F_COUNTRY].optional) {
            if (unknown_code[0]) {
                snprintf(key, sizeof(key), "%c%s%c", 0x1f, codebuf, 0x1f);
                snprintf(msg, sizeof(msg), "%s: no country in column '%s'", unknown_code, namecol);
                warn_country(fc, row->line, key, msg);
            }
            return 0;
        }
        snprintf(re->reason, sizeof(re->reason), "no country in column '%s'%s%s", namecol,
                 unknown_code[0] ? ", and " : "", unknown_code);
        return -1;
    }
    c = country_lookup(fc->ig->countries, name, fc->b.country_langs, footnote, &e);
    if (bycode) {
        /* the code decides; the name is a cross-check */
        if (c != bycode) {
            snprintf(key, sizeof(key), "%s%c%s", name, 0x1f, bycode->code);
            if (c)
                snprintf(msg, sizeof(msg),
                         "country '%s' in column '%s' is %s, but column '%s' says %s (%s): "
                         "loaded as %s",
                         name, namecol, c->code, codecol, codebuf, bycode->name, bycode->code);
            else
                snprintf(msg, sizeof(msg),
                         "%s in column '%s', but column '%s' says %s (%s): loaded as %s", e.msg,
                         namecol, codecol, codebuf, bycode->name, bycode->code);
            warn_country(fc, row->line, key, msg);
        }
        *code = bycode->code;
        return 0;
    }
    if (!c) {
        snprintf(re->reason, sizeof(re->reason), "%s in column '%s'%s%s", e.msg, namecol,
                 unknown_code[0] ? ", and " : "", unknown_code);
        return -1;
    }
    if (unknown_code[0]) {
        snprintf(key, sizeof(key), "%c%s%c%s", 0x1f, codebuf, 0x1f, name);
        snprintf(msg, sizeof(msg), "%s: loaded by the name '%s' in column '%s' as %s", unknown_code,
                 name, namecol, c->code);
        warn_country(fc, row->line, key, msg);
    }
    *code = c->code;
    return 0;
}

/*
 * Day and month order is decided per file, never per cell (DESIGN.md): read
 * the file's period column once, and take the order that its unambiguous
 * dates show (31/12 is day first, 12/31 month first). Dates in both orders
 * make the whole file fail; a file whose dates are all ambiguous keeps the
 * profile's order. Returns 0, or MAP_FILE_FAILS with fc->fail set.
 */
int ingest_decide_order(struct filectx *fc)
{
    struct ingest *ig = fc->ig;
    struct source *src = NULL;
    struct csvr *r = NULL;
    struct csvr_row row;
    struct trdb_err e = {0, ""};
    struct period_opts auto_order = fc->popts;
    char first[2][64] = {"", ""};
    long first_line[2] = {0, 0};
    int col = fc->b.col[F_PERIOD], rc = 0;

    fc->order_known = 1;
    auto_order.order = PERIOD_ORDER_AUTO;
    if (source_open(&fc->spec, &src, &e) || !(r = csvr_new(source_read, src, fc->path, NULL, &e))) {
        trdb_err_set(&fc->fail, TRDB_EIO, "cannot read the file again: %s", e.msg);
        rc = MAP_FILE_FAILS;
        goto out;
    }
    while (csvr_next(r, &row, &e) == 1) {
        struct period per;
        char cell[64];
        int k;
        /* a short row's period is there when its other cells are not */
        if (row.line <= fc->header_line || row.problem || row.n > fc->nheaders ||
            (size_t)col >= row.n)
            continue;
        snprintf(cell, sizeof(cell), "%s", row.field[col]);
        utf8_trim(cell);
        period_parse(ig->pp, cell, &auto_order, &per, NULL);
        if (!per.numeric || per.forced == PERIOD_ORDER_AUTO)
            continue;
        k = per.forced == PERIOD_ORDER_DMY ? 0 : 1;
        if (!first_line[k]) {
            first_line[k] = row.line;
            snprintf(first[k], sizeof(first[k]), "%s", cell);
        }
        if (first_line[0] && first_line[1])
            break;
    }
    if (first_line[0] && first_line[1]) {
        trdb_err_set(&fc->fail, TRDB_EDATA,
                     "dates in both day/month orders in column '%s': line %ld has '%s' "
                     "(day first), line %ld has '%s' (month first)",
                     fc->headers[col], first_line[0], first[0], first_line[1], first[1]);
        rc = MAP_FILE_FAILS;
    } else if (first_line[0]) {
        fc->popts.order = PERIOD_ORDER_DMY;
    } else if (first_line[1]) {
        fc->popts.order = PERIOD_ORDER_MDY;
    }
out:
    csvr_free(r);
    source_close(src);
    return rc;
}

/*
 * The row's level in the profile's hierarchy (fc->row_level, -1 when it
 * has none or fits none, with hier filled). Returns 0, or TRDB_ENOMEM.
 */
static int place_row(struct filectx *fc, const struct csvr_row *row, struct row_error *hier)
{
    char cell[512];
    int level;

    fc->row_level = -1;
    if (fc->b.hier_col < 0)
        return 0;
    hier->column = fc->headers[fc->b.hier_col];
    snprintf(cell, sizeof(cell), "%s", row->field[fc->b.hier_col]);
    utf8_trim(cell);
    level = hier_place(&fc->hier, cell, hier->column, hier->reason, sizeof(hier->reason));
    if (level < -1)
        return level;
    fc->row_level = level;
    return 0;
}

/*
 * A row rejected before its place is known (a record the reader could not
 * use, a field count unlike the header's) still places the rows after it
 * when its hierarchy cell reads: a keyword under a category row that could
 * not be loaded is that category's, not the one before. Returns 0 or
 * TRDB_ENOMEM.
 */
static int place_rejected(struct filectx *fc, const struct csvr_row *row)
{
    struct row_error ignored = {"", NULL};
    int c = fc->b.hier_col, rc;
    size_t bad;

    if (c < 0 || (size_t)c >= row->n || strlen(row->field[c]) != row->len[c] ||
        !utf8_valid(row->field[c], row->len[c], &bad))
        return 0;
    rc = place_row(fc, row, &ignored);
    fc->row_level = -1;
    return rc < -1 ? rc : 0;
}

/*
 * What every row goes through before it is mapped: a record the reader
 * could not use, a blank line, a field count unlike the header's, the
 * row's place in the hierarchy, then each field resolved (resolve_field). any_format: the blank and
 * count checks apply to JSON records too (facts); else to CSV rows only (app records, where an
 * empty capture is still a row). Returns MAP_LOADED to go on, MAP_SKIPPED, MAP_REJECTED with re
 * filled, or TRDB_ENOMEM.
 */
int ingest_resolve_row(struct filectx *fc, const struct csvr_row *row, int any_format,
                       struct row_error *re)
{
    struct row_error hier = {"", NULL};
    int checked = any_format || fc->b.p->format == FORMAT_CSV, rc;
    size_t all_blank = 1;

    if (row->problem) {
        snprintf(re->reason, sizeof(re->reason), "%s", row->problem);
        if (row->problem_field && row->problem_field <= fc->nheaders)
            re->column = fc->headers[row->problem_field - 1];
        return (rc = place_rejected(fc, row)) ? rc : MAP_REJECTED;
    }
    for (size_t i = 0; i < row->n; i++)
        if (!is_blank(row->field[i]))
            all_blank = 0;
    if (all_blank && checked)
        return MAP_SKIPPED;
    if (checked && row->n != fc->nheaders) {
        snprintf(re->reason, sizeof(re->reason), "expected %zu fields as in the header, found %zu",
                 fc->nheaders, row->n);
        return (rc = place_rejected(fc, row)) ? rc : MAP_REJECTED;
    }
    /* the hierarchy first: a row skipped below still places the rows after it */
    if ((rc = place_row(fc, row, &hier)) < -1)
        return rc;
    for (int f = 0; f < F_COUNT; f++) {
        rc = resolve_field(fc, f, row, re);
        if (rc == 1)
            return MAP_SKIPPED;
        if (rc < 0)
            return MAP_REJECTED;
    }
    if (fc->b.hier_col >= 0) {
        if (fc->row_level < 0) {
            *re = hier;
            return MAP_REJECTED;
        }
        for (size_t l = 0; l < fc->b.p->hier.nlevels; l++) {
            int f = fc->b.p->hier.levels[l].field;
            const char *v = fc->hier.row[f];
            buf_reset(&fc->val[f]);
            if (v && (buf_puts(&fc->val[f], v) || !buf_cstr(&fc->val[f])))
                return TRDB_ENOMEM;
            fc->has[f] = v && *v;
        }
    }
    return MAP_LOADED;
}
