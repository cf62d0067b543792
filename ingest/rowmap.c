/*
 * rowmap.c: one data row, its fields resolved (fields.c), to what the
 * database keeps: facts (period, country, request type, every measure, the
 * aggregate flags) or an app record (observation, removal or status change).
 * Not for reading rows or for the file's transaction (load.c).
 */
#include "ingest_int.h"
#include "../lib/rx.h"
#include "../lib/utf8.h"
#include "../model/apps.h"
#include "../model/country.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/banned.h"

/*
 * A loaded row's notes (fact_notes): each figure's note column, whatever
 * its figure's cell holds, and the profile's columns of notes about the
 * whole row, but for text their skip pattern matches. Blank cells are no
 * note. Returns 0 or < 0 when the database failed.
 */
static int store_row_notes(struct filectx *fc, const struct csvr_row *row, const char *country,
                           const struct period *per, struct trdb_err *err)
{
    const struct profile *p = fc->b.p;
    const char *row_type = fc->val[F_REQUEST_TYPE].data;
    struct note n;
    int own_types = p->nmeasures > 0, rc;
    char *text = NULL;

    for (size_t i = 0; i < p->nmeasures; i++)
        own_types = own_types && p->measures[i].request_type;
    memset(&n, 0, sizeof(n));
    n.file_id = fc->file_id;
    n.dataset_id = fc->dataset_id;
    n.line = row->line;
    n.country = country;
    n.period_start = per->start;
    n.period_end = per->end;
    n.product = fc->has[F_PRODUCT] ? fc->val[F_PRODUCT].data : NULL;
    n.reason = fc->has[F_REASON] ? fc->val[F_REASON].data : NULL;
    n.subcategory = fc->has[F_SUBCATEGORY] ? fc->val[F_SUBCATEGORY].data : NULL;
    for (size_t i = 0; i < fc->b.nbm + p->nnotes; i++) {
        int col;
        struct rx *skip = NULL;
        if (i < fc->b.nbm) {
            const struct bound_measure *bm = &fc->b.bm[i];
            col = bm->note_col;
            n.metric = bm->m->metric;
            n.request_type = bm->m->request_type ? bm->m->request_type : row_type;
        } else {
            col = fc->b.note_cols[i - fc->b.nbm];
            skip = p->notes[i - fc->b.nbm].skip;
            n.metric = NULL;
            /* about the whole row: of its request type, unless each figure has its own */
            n.request_type = own_types ? NULL : row_type;
        }
        if (col < 0 || (size_t)col >= row->n)
            continue;
        free(text);
        if (!(text = strdup(row->field[col])))
            return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        utf8_trim(text);
        if (!*text || (skip && rx_match(skip, text, strlen(text)) == 1))
            continue;
        n.column_name = fc->headers[col];
        n.note = text;
        if ((rc = store_note(fc->ig->st, &n, err))) {
            free(text);
            return rc;
        }
    }
    free(text);
    return 0;
}

/* Map one data row. Returns a MAP_* outcome, or < 0 when the database failed. */
static int map_row(struct filectx *fc, const struct csvr_row *row, struct trdb_err *err)
{
    struct ingest *ig = fc->ig;
    const struct profile *p = fc->b.p;
    struct row_error re = {"", NULL};
    struct period per;
    const char *country = NULL;
    int footnote = 0, rc;
    size_t i;

    if ((rc = ingest_resolve_row(fc, row, 1, &re)) == MAP_SKIPPED)
        return MAP_SKIPPED;
    if (rc < 0)
        return trdb_err_set(err, rc, "out of memory");
    if (rc == MAP_REJECTED)
        goto reject;
    if (fc->service && fc->b.pub_col >= 0) {
        /* one file, one publisher: its first row named it */
        char cell[512];
        snprintf(cell, sizeof(cell), "%s", row->field[fc->b.pub_col]);
        utf8_trim(cell);
        if (strcmp(cell, fc->service) != 0) {
            re.column = fc->headers[fc->b.pub_col];
            snprintf(re.reason, sizeof(re.reason),
                     "'%.100s' in column '%.100s' is not the file's '%.100s' (its first row's): a "
                     "file is one publisher's",
                     cell, re.column, fc->service);
            goto reject;
        }
    }

    /* period */
    re.column = fc->b.col[F_PERIOD] >= 0 ? fc->headers[fc->b.col[F_PERIOD]] : "file name";
    if (!fc->has[F_PERIOD]) {
        snprintf(re.reason, sizeof(re.reason), "no period in column '%s'", re.column);
        goto reject;
    }
    {
        struct trdb_err e = {0, ""};
        rc = period_parse(ig->pp, fc->val[F_PERIOD].data, &fc->popts, &per, &e);
        if (per.numeric && !fc->order_known && fc->b.col[F_PERIOD] >= 0 &&
            p->format == FORMAT_CSV) {
            /* the first numeric date: settle the file's order before using any */
            if (ingest_decide_order(fc))
                return MAP_FILE_FAILS;
            rc = period_parse(ig->pp, fc->val[F_PERIOD].data, &fc->popts, &per, &e);
        }
        if (rc) {
            snprintf(re.reason, sizeof(re.reason), "%s in column '%s'%s", e.msg, re.column,
                     rc == TRDB_EAMBIG ? " (no date in this file shows the order; set 'order' "
                                         "in the profile)"
                                       : "");
            goto reject;
        }
        if (p->field[F_PERIOD].half_year && !period_is_half_year(&per)) {
            snprintf(re.reason, sizeof(re.reason),
                     "period '%s' in column '%s' is not a half-year (January to June or July to "
                     "December of one year)",
                     fc->val[F_PERIOD].data, re.column);
            goto reject;
        }
    }
    /* country */
    re.column = fc->b.col[F_COUNTRY] >= 0 ? fc->headers[fc->b.col[F_COUNTRY]] : NULL;
    if (ingest_resolve_country(fc, row, &country, &footnote, &re))
        goto reject;
    /* request type */
    re.column = fc->b.col[F_REQUEST_TYPE] >= 0 ? fc->headers[fc->b.col[F_REQUEST_TYPE]] : NULL;
    {
        if (!profile_set_request_type_known(ig->profiles, fc->val[F_REQUEST_TYPE].data)) {
            snprintf(re.reason, sizeof(re.reason), "unknown request type '%s'",
                     fc->val[F_REQUEST_TYPE].data);
            goto reject;
        }
    }

    /* measures: parse every one before storing any, so a row is all in or all out */
    fc->nfacts = 0;
    for (i = 0; i < fc->b.nbm; i++) {
        const struct bound_measure *bm = &fc->b.bm[i];
        const struct measure_spec *m = bm->m;
        struct value *v = &fc->values[fc->nfacts];
        struct buf *raw = &fc->rawvals[fc->nfacts];
        struct trdb_err e = {0, ""};
        struct fact *fa = &fc->facts[fc->nfacts];
        int agg = 0;

        buf_reset(raw);
        if (bm->low_col >= 0) {
            struct value lo, hi;
            char *a = strdup(row->field[bm->low_col]), *b = strdup(row->field[bm->high_col]);
            int bad_lo, bad_hi = 0;
            if (!a || !b) {
                free(a);
                free(b);
                return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            }
            utf8_trim(a);
            utf8_trim(b);
            bad_lo = value_parse(ig->vp, a, &m->vopts, &lo, &e);
            if (!bad_lo)
                bad_hi = value_parse(ig->vp, b, &m->vopts, &hi, &e);
            re.column = fc->headers[bad_lo ? bm->low_col : bm->high_col];
            if (!bad_lo && !bad_hi) {
                if (lo.status == VALUE_NONE && hi.status == VALUE_NONE) {
                    free(a);
                    free(b);
                    continue;
                }
                *v = lo;
                v->status = VALUE_FIGURE;
                v->has_low = lo.status == VALUE_FIGURE;
                v->has_high = hi.status == VALUE_FIGURE && hi.has_high;
                v->high = hi.high;
                v->footnote = lo.footnote || hi.footnote;
                if (v->has_low && v->has_high && v->low > v->high) {
                    snprintf(e.msg, sizeof(e.msg), "band '%s' to '%s' runs backwards", a, b);
                    bad_lo = 1;
                }
                buf_printf(raw, "%s - %s", a, b);
            }
            free(a);
            free(b);
            if (bad_lo || bad_hi) {
                snprintf(re.reason, sizeof(re.reason), "%s in column '%s'", e.msg, re.column);
                goto reject;
            }
        } else {
            const char *cell = bm->col >= 0 ? row->field[bm->col] : m->value;
            if (buf_puts(raw, cell) || !buf_cstr(raw))
                return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            utf8_trim(raw->data);
            raw->len = strlen(raw->data);
            if (value_parse(ig->vp, raw->data, &m->vopts, v, &e)) {
                re.column = bm->col >= 0 ? fc->headers[bm->col] : m->metric;
                snprintf(re.reason, sizeof(re.reason), "%s in column '%s'", e.msg, re.column);
                goto reject;
            }
            if (v->status == VALUE_NONE)
                continue;
        }
        memset(fa, 0, sizeof(*fa));
        fa->file_id = fc->file_id;
        fa->dataset_id = fc->dataset_id;
        fa->line = row->line;
        fa->request_type = m->request_type ? m->request_type : fc->val[F_REQUEST_TYPE].data;
        fa->country = country;
        fa->legal_process = fc->has[F_LEGAL_PROCESS] ? fc->val[F_LEGAL_PROCESS].data : NULL;
        fa->requester = fc->has[F_REQUESTER] ? fc->val[F_REQUESTER].data : NULL;
        fa->product = fc->has[F_PRODUCT] ? fc->val[F_PRODUCT].data : NULL;
        fa->reason = fc->has[F_REASON] ? fc->val[F_REASON].data : NULL;
        fa->detail = fc->has[F_DETAIL] ? fc->val[F_DETAIL].data : NULL;
        fa->subcategory = fc->has[F_SUBCATEGORY] ? fc->val[F_SUBCATEGORY].data : NULL;
        if (bm->dim_value) {
            const char **slot[] = {[F_LEGAL_PROCESS] = &fa->legal_process,
                                   [F_REQUESTER] = &fa->requester,
                                   [F_PRODUCT] = &fa->product,
                                   [F_REASON] = &fa->reason,
                                   [F_DETAIL] = &fa->detail,
                                   [F_SUBCATEGORY] = &fa->subcategory};
            *slot[m->dimension] = bm->dim_value;
        }
        fa->metric = m->metric;
        fa->v = v;
        fa->raw = raw->data;
        fa->footnote = footnote || v->footnote;
        /* aggregate rules look at the final value of each text field */
        for (int f = F_LEGAL_PROCESS; f < F_COUNT && !agg; f++) {
            const char *const vals[F_COUNT] = {[F_LEGAL_PROCESS] = fa->legal_process,
                                               [F_REQUESTER] = fa->requester,
                                               [F_PRODUCT] = fa->product,
                                               [F_REASON] = fa->reason,
                                               [F_DETAIL] = fa->detail,
                                               [F_SUBCATEGORY] = fa->subcategory};
            if (p->field[f].aggregate && vals[f] &&
                rx_match(p->field[f].aggregate, vals[f], strlen(vals[f])) == 1)
                agg = 1;
        }
        if (p->field[F_COUNTRY].aggregate && fc->has[F_COUNTRY] &&
            rx_match(p->field[F_COUNTRY].aggregate, fc->val[F_COUNTRY].data,
                     fc->val[F_COUNTRY].len) == 1)
            agg = 1;
        /* a level of the hierarchy that totals the levels below it */
        if (fc->row_level >= 0 && p->hier.levels[fc->row_level].aggregate)
            agg = 1;
        fa->is_aggregate = agg;
        fc->nfacts++;
    }
    for (i = 0; i < fc->nfacts; i++) {
        struct fact *fa = &fc->facts[i];
        fa->period_start = per.start;
        fa->period_end = per.end;
        if ((rc = store_fact(ig->st, fa, err)))
            return rc;
    }
    if ((rc = store_row_notes(fc, row, country, &per, err)))
        return rc;
    fc->counts.facts += (long long)fc->nfacts;
    fc->counts.rows_loaded++;
    return MAP_LOADED;

reject:
    if ((rc = ingest_reject_row(fc, row, &re, err)))
        return rc;
    return MAP_REJECTED;
}

/*
 * Map one row of an app profile: an app, and an observation, a removal or a
 * status change of it in a storefront. Returns a MAP_* outcome, or < 0 when
 * the database failed.
 */
static int map_app_row(struct filectx *fc, const struct csvr_row *row, struct trdb_err *err)
{
    struct ingest *ig = fc->ig;
    const struct profile *p = fc->b.p;
    struct row_error re = {"", NULL};
    struct app_info app;
    const struct country *sf;
    struct trdb_err e = {0, ""};
    char when[24];
    int rc, available = -1, reinstated = 0;

    /* an empty capture is still a row (an unknown observation); a blank CSV line is not */
    if ((rc = ingest_resolve_row(fc, row, 0, &re)) == MAP_SKIPPED)
        return MAP_SKIPPED;
    if (rc < 0)
        return trdb_err_set(err, rc, "out of memory");
    if (rc == MAP_REJECTED)
        goto reject;
#define COLUMN_OF(f) (fc->b.col[f] >= 0 ? fc->headers[fc->b.col[f]] : profile_field_name(f))
    if (!fc->has[F_APP_ID]) {
        re.column = COLUMN_OF(F_APP_ID);
        snprintf(re.reason, sizeof(re.reason), "no app id in '%s'", re.column);
        goto reject;
    }
    re.column = COLUMN_OF(F_STOREFRONT);
    if (!fc->has[F_STOREFRONT]) {
        snprintf(re.reason, sizeof(re.reason), "no storefront in '%s'", re.column);
        goto reject;
    }
    sf = country_lookup(ig->countries, fc->val[F_STOREFRONT].data,
                        (const char *const *)p->field[F_STOREFRONT].languages, NULL, &e);
    if (!sf) {
        snprintf(re.reason, sizeof(re.reason), "%s in '%s'", e.msg, re.column);
        goto reject;
    }
    re.column = COLUMN_OF(F_DATE);
    /* a removal list may name an app without a date: removed, date unknown */
    if (!fc->has[F_DATE] && p->kind != KIND_APP_REMOVALS) {
        snprintf(re.reason, sizeof(re.reason), "no date in '%s'", re.column);
        goto reject;
    }
    if (fc->has[F_DATE] && period_parse_instant(ig->pp, fc->val[F_DATE].data, &fc->popts,
                                                p->kind != KIND_APP_OBSERVATIONS, when, &e)) {
        snprintf(re.reason, sizeof(re.reason), "%s in '%s'", e.msg, re.column);
        goto reject;
    }
    if (p->kind == KIND_APP_OBSERVATIONS) {
        /* after the profile's map: 1, 0, or nothing at all (the capture failed: unknown) */
        const char *a = fc->val[F_AVAILABLE].data;
        re.column = COLUMN_OF(F_AVAILABLE);
        if (!fc->has[F_AVAILABLE])
            available = -1;
        else if (strcmp(a, "1") == 0)
            available = 1;
        else if (strcmp(a, "0") == 0)
            available = 0;
        else {
            snprintf(re.reason, sizeof(re.reason),
                     "availability '%s' in '%s' is not 1, 0 or blank (unknown)", a, re.column);
            goto reject;
        }
    } else if (p->kind == KIND_APP_CHANGES) {
        const char *c = fc->val[F_CHANGE].data;
        re.column = COLUMN_OF(F_CHANGE);
        if (strcmp(c, "+1") == 0 || strcmp(c, "1") == 0 || strcasecmp(c, "restored") == 0)
            reinstated = 1;
        else if (strcmp(c, "-1") == 0 || strcasecmp(c, "removed") == 0)
            reinstated = 0;
        else {
            snprintf(re.reason, sizeof(re.reason),
                     "change '%s' in '%s' is not +1 (restored) or -1 (removed)", c, re.column);
            goto reject;
        }
    }
#undef COLUMN_OF
    app.store = fc->has[F_STORE] ? fc->val[F_STORE].data : NULL;
    app.app_id = fc->val[F_APP_ID].data;
    app.bundle_id = fc->has[F_BUNDLE_ID] ? fc->val[F_BUNDLE_ID].data : NULL;
    app.name = fc->has[F_APP_NAME] ? fc->val[F_APP_NAME].data : NULL;
    app.developer = fc->has[F_DEVELOPER] ? fc->val[F_DEVELOPER].data : NULL;
    app.category = fc->has[F_CATEGORY] ? fc->val[F_CATEGORY].data : NULL;
    if (p->kind == KIND_APP_OBSERVATIONS)
        rc = apps_put_observation(fc->apps, &app, sf->code, when, available, row->line, err);
    else
        rc = apps_put_removal(fc->apps, &app, sf->code, fc->has[F_DATE] ? when : NULL, reinstated,
                              fc->has[F_REASON] ? fc->val[F_REASON].data : NULL,
                              fc->has[F_SOURCE_URL] ? fc->val[F_SOURCE_URL].data : NULL, row->line,
                              err);
    if (rc)
        return rc;
    fc->counts.facts++;
    fc->counts.rows_loaded++;
    return MAP_LOADED;

reject:
    if ((rc = ingest_reject_row(fc, row, &re, err)))
        return rc;
    return MAP_REJECTED;
}

/* A row of whatever the profile reads. */
static int map_any(struct filectx *fc, const struct csvr_row *row, struct trdb_err *err)
{
    switch (fc->b.p->kind) {
    case KIND_FACTS:
        return map_row(fc, row, err);
    case KIND_RECORDS:
        return ingest_records_row(fc, row, err);
    default:
        return map_app_row(fc, row, err);
    }
}

/*
 * A CSV row shorter than the header, as a spreadsheet saves a row whose last
 * cells are empty: mapped with those cells empty and counted for the file's
 * warning, unless a cell it lacks is one a row must have (a reject).
 */
static int map_short_row(struct filectx *fc, const struct csvr_row *row, struct trdb_err *err)
{
    static char empty[] = "";
    struct csvr_row padded = *row;
    const char *need = ingest_required_column(fc, row->n);
    char **cells;
    size_t filled = 0;
    int rc;

    for (size_t i = 0; i < row->n; i++)
        filled += row->field[i][strspn(row->field[i], " \t")] != '\0';
    if (!filled) /* a blank line is skipped as ever */
        return map_any(fc, row, err);
    if (need) {
        struct row_error re = {"", need};
        snprintf(re.reason, sizeof(re.reason),
                 "expected %zu fields as in the header, found %zu: the row ends before column "
                 "'%s'",
                 fc->nheaders, row->n, need);
        if ((rc = ingest_reject_row(fc, row, &re, err)))
            return rc;
        return MAP_REJECTED;
    }
    if (!(cells = calloc(fc->nheaders, sizeof(*cells))))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    for (size_t i = 0; i < fc->nheaders; i++)
        cells[i] = i < row->n ? row->field[i] : empty;
    padded.field = cells;
    padded.n = fc->nheaders;
    padded.len = NULL;
    fc->row_cells = row->n;
    rc = map_any(fc, &padded, err);
    fc->row_cells = 0;
    free(cells);
    if (rc == MAP_LOADED && !fc->short_rows++)
        fc->first_short_line = row->line;
    return rc;
}

int ingest_map_row(struct filectx *fc, const struct csvr_row *row, struct trdb_err *err)
{
    if (!row->problem && row->n < fc->nheaders && fc->b.p->format == FORMAT_CSV)
        return map_short_row(fc, row, err);
    return map_any(fc, row, err);
}
