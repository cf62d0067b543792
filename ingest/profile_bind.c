/*
 * profile_bind.c: binding a loaded profile to one file's header: which
 * column feeds each field and measure, the columns a template names, the
 * values taken from the file name, and why a profile does not fit. Not for
 * loading profiles (profile.c) or reading rows (ingest.c).
 */
#include "profile_int.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../lib/rx.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/banned.h"

/* The first header the pattern matches, or -1. */
static int find_col(struct rx *r, char **headers, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (rx_match(r, headers[i], strlen(headers[i])) == 1)
            return (int)i;
    return -1;
}

static int why(struct profile_binding *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Record why p does not bind; returns TRDB_ENOTFOUND. */
static int why(struct profile_binding *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(b->why, sizeof(b->why), fmt, ap);
    va_end(ap);
    return TRDB_ENOTFOUND;
}

/* Resolve "{Header}" placeholders of a template to columns ("{}" is -2: the field's own). */
static int bind_template(struct profile_binding *b, int f, const char *tmpl, char **headers,
                         size_t n)
{
    size_t count = 0, k = 0;

    for (const char *p = tmpl; (p = strchr(p, '{')) != NULL; p++)
        count++;
    b->tmpl_cols[f] = calloc(count + 1, sizeof(int));
    if (!b->tmpl_cols[f])
        return TRDB_ENOMEM;
    for (const char *p = tmpl; (p = strchr(p, '{')) != NULL; p++) {
        const char *close = strchr(p, '}');
        size_t len;
        int col = -1;
        if (!close)
            return why(b, "template '%s' has an unclosed '{'", tmpl);
        len = (size_t)(close - p - 1);
        if (len == 0) {
            col = -2;
        } else {
            for (size_t i = 0; i < n; i++)
                if (strlen(headers[i]) == len && strncasecmp(headers[i], p + 1, len) == 0)
                    col = (int)i;
            if (col < 0)
                return why(b, "no column named in template '%s'", tmpl);
            b->used[col] = 1;
        }
        b->tmpl_cols[f][k++] = col;
    }
    return 0;
}

/* Join the capture groups of the file name pattern with spaces. */
static char *filename_value(struct rx *r, const char *filename)
{
    char out[256];
    size_t len = 0;
    int groups = rx_groups(r);

    if (rx_match(r, filename, strlen(filename)) != 1)
        return NULL;
    out[0] = '\0';
    for (int g = groups ? 1 : 0; g <= groups; g++) {
        const char *p;
        size_t n;
        if (!rx_group(r, g, &p, &n))
            continue;
        if (len && len + 1 < sizeof(out))
            out[len++] = ' ';
        if (len + n >= sizeof(out))
            n = sizeof(out) - len - 1;
        memcpy(out + len, p, n);
        len += n;
        out[len] = '\0';
    }
    return strdup(out);
}

/*
 * 1 when field f's column must be in the file: every column of an app
 * record's profile; of a facts profile, the period's and the country's,
 * a field marked required, and a request type with no default (it has no
 * value without its column).
 */
static int field_is_key(const struct profile *p, int f)
{
    const struct field_spec *fs = &p->field[f];

    if (p->kind != KIND_FACTS || fs->src != SRC_COLUMN)
        return 1;
    if (f == F_PERIOD || f == F_COUNTRY || fs->required)
        return 1;
    return f == F_REQUEST_TYPE && !fs->dflt;
}

/*
 * A key column was not found: the first is the reason (b->why), and every
 * one goes to b->misses, as its pattern, for detect.
 */
static void key_missed(struct profile_binding *b, const char *pattern)
{
    size_t len = strlen(b->misses);

    if (!b->why[0])
        why(b, "no column matches /%s/", pattern);
    if (len + 8 < sizeof(b->misses))
        snprintf(b->misses + len, sizeof(b->misses) - len, "%s/%s/", len ? ", " : "", pattern);
}

/* A key column found (found) or not, counted once however often the profile names it. */
static void key_seen(struct profile_binding *b, int found, const char *pattern)
{
    for (size_t i = 0; i < b->p->ncolumns; i++)
        if (b->keys_total > (int)i && strcmp(rx_pattern(b->p->columns[i]), pattern) == 0)
            return; /* match.columns, counted first, has it */
    b->keys_total++;
    if (found)
        b->keys_found++;
    else
        key_missed(b, pattern);
}

/* Count the headers p reads or ignores into b->score. */
static void count_used(const struct profile *p, char **headers, size_t n, struct profile_binding *b)
{
    b->score = 0;
    for (size_t c = 0; c < n; c++) {
        if (b->used[c]) {
            b->score++;
            continue;
        }
        for (size_t i = 0; i < p->nignore; i++)
            if (rx_match(p->ignore[i], headers[c], strlen(headers[c])) == 1) {
                b->used[c] = 2;
                b->score++;
                break;
            }
    }
}

/* Bind the measures: columns absent go to b->missing, unless the measure is a key. */
static int bind_measures(const struct profile *p, char **headers, size_t n,
                         struct profile_binding *b)
{
    size_t cap = p->nmeasures + n, with_column = 0, bound = 0;

    b->bm = calloc(cap, sizeof(*b->bm));
    b->missing = calloc(p->nmeasures + 1, sizeof(*b->missing));
    if (!b->bm || !b->missing)
        return TRDB_ENOMEM;
    for (size_t i = 0; i < p->nmeasures; i++) {
        const struct measure_spec *m = &p->measures[i];
        struct bound_measure *bm;
        size_t found = 0;
        if (m->value) {
            bm = &b->bm[b->nbm++];
            bm->m = m;
            bm->col = bm->low_col = bm->high_col = bm->note_col = -1;
            bound++;
            continue;
        }
        with_column++;
        if (m->low) {
            int lo = find_col(m->low, headers, n), hi = find_col(m->high, headers, n);
            if (lo >= 0 && hi >= 0) {
                bm = &b->bm[b->nbm++];
                bm->m = m;
                bm->col = bm->note_col = -1;
                bm->low_col = lo;
                bm->high_col = hi;
                b->used[lo] = b->used[hi] = 1;
                found = 1;
            }
        } else if (m->dimension >= 0) {
            /* unpivot: every matching column is a measure, its capture the dimension value */
            for (size_t c = 0; c < n && b->nbm < cap; c++) {
                const char *g;
                size_t gn;
                if (b->used[c] || rx_match(m->column, headers[c], strlen(headers[c])) != 1)
                    continue;
                bm = &b->bm[b->nbm++];
                bm->m = m;
                bm->col = (int)c;
                bm->low_col = bm->high_col = bm->note_col = -1;
                if (rx_group(m->column, 1, &g, &gn)) {
                    const struct field_spec *fs = &p->field[m->dimension];
                    bm->dim_value = malloc(gn + 1);
                    if (!bm->dim_value)
                        return TRDB_ENOMEM;
                    memcpy(bm->dim_value, g, gn);
                    bm->dim_value[gn] = '\0';
                    /* the dimension's field may rename what the header says */
                    if (fs->nmap) {
                        struct buf mapped;
                        int rc;
                        buf_init(&mapped, 4096);
                        rc = profile_map_value(fs, bm->dim_value, gn, &mapped);
                        if (rc == 1) {
                            free(bm->dim_value);
                            bm->dim_value = strdup(buf_cstr(&mapped));
                        }
                        buf_release(&mapped);
                        if (rc < 0 || !bm->dim_value)
                            return rc < 0 ? rc : TRDB_ENOMEM;
                    }
                }
                b->used[c] = 1;
                found++;
            }
        } else {
            int c = find_col(m->column, headers, n);
            if (c >= 0) {
                bm = &b->bm[b->nbm++];
                bm->m = m;
                bm->col = c;
                bm->low_col = bm->high_col = bm->note_col = -1;
                b->used[c] = 1;
                found = 1;
            }
        }
        if (found && m->note) {
            /* the note of a figure: one column, read when the figure's own is there */
            int c = find_col(m->note, headers, n);
            bm = &b->bm[b->nbm - 1];
            bm->note_col = c;
            if (c >= 0)
                b->used[c] = 1;
        }
        if (found)
            bound++;
        if (m->required)
            key_seen(b, found > 0, rx_pattern(m->low ? m->low : m->column));
        else if (!found)
            b->missing[b->nmissing++] = i;
    }
    /* a profile whose every measure column is absent reads nothing: it does not fit */
    if (with_column)
        b->keys_total++;
    if (with_column && bound)
        b->keys_found++;
    if (with_column && !bound) {
        if (!b->why[0])
            why(b, "no column of any of its %zu measures", with_column);
        if (strlen(b->misses) + 32 < sizeof(b->misses))
            snprintf(b->misses + strlen(b->misses), sizeof(b->misses) - strlen(b->misses),
                     "%sany measure column", b->misses[0] ? ", " : "");
    }
    return 0;
}

/*
 * The columns about whole rows: the hierarchy's and the publisher's are
 * keys; a column of notes may be absent.
 */
static int bind_rows(const struct profile *p, char **headers, size_t n, struct profile_binding *b)
{
    if (p->hier.column) {
        b->hier_col = find_col(p->hier.column, headers, n);
        key_seen(b, b->hier_col >= 0, rx_pattern(p->hier.column));
        if (b->hier_col >= 0)
            b->used[b->hier_col] = 1;
    }
    if (p->pub.column) {
        b->pub_col = find_col(p->pub.column, headers, n);
        key_seen(b, b->pub_col >= 0, rx_pattern(p->pub.column));
        if (b->pub_col >= 0)
            b->used[b->pub_col] = 1;
    }
    if (p->nnotes && !(b->note_cols = calloc(p->nnotes, sizeof(*b->note_cols))))
        return TRDB_ENOMEM;
    for (size_t i = 0; i < p->nnotes; i++) {
        b->note_cols[i] = find_col(p->notes[i].column, headers, n);
        if (b->note_cols[i] >= 0)
            b->used[b->note_cols[i]] = 1;
    }
    return 0;
}

/*
 * A records profile's columns: the indicators' name and value columns and
 * every field's column are keys.
 */
static int bind_records(const struct profile *p, char **headers, size_t n,
                        struct profile_binding *b)
{
    struct rx *ind[2] = {p->ind_name, p->ind_value};
    int *at[2] = {&b->ind_name_col, &b->ind_value_col};

    b->rec_col = calloc(p->nrec + 1, sizeof(*b->rec_col));
    if (!b->rec_col)
        return TRDB_ENOMEM;
    for (int k = 0; k < 2; k++) {
        if (!ind[k])
            continue;
        *at[k] = find_col(ind[k], headers, n);
        key_seen(b, *at[k] >= 0, rx_pattern(ind[k]));
        if (*at[k] >= 0)
            b->used[*at[k]] = 1;
    }
    for (size_t i = 0; i < p->nrec; i++) {
        const struct record_field *rf = &p->rec[i];
        b->rec_col[i] = rf->column ? find_col(rf->column, headers, n) : -1;
        if (!rf->column)
            continue;
        key_seen(b, b->rec_col[i] >= 0, rx_pattern(rf->column));
        if (b->rec_col[i] >= 0)
            b->used[b->rec_col[i]] = 1;
    }
    return 0;
}

/* Bind p to the header as given (profile_bind's rules, without translations). */
static int bind_headers(const struct profile *p, const char *filename, char **headers, size_t n,
                        struct profile_binding *b)
{
    int rc;

    memset(b, 0, sizeof(*b));
    b->p = p;
    b->code_col = -1;
    b->hier_col = -1;
    b->pub_col = -1;
    b->ind_name_col = b->ind_value_col = -1;
    b->nheaders = n;
    for (int f = 0; f < F_COUNT; f++)
        b->col[f] = -1;
    b->used = calloc(n + 1, 1);
    if (!b->used)
        return TRDB_ENOMEM;
    for (size_t i = 0; i < p->ncolumns; i++) {
        int c = find_col(p->columns[i], headers, n);
        key_seen(b, c >= 0, rx_pattern(p->columns[i]));
        if (c >= 0 && p->kind == KIND_SKIP)
            b->used[c] = 1; /* what identifies a layout it skips is all it reads */
    }
    if (p->kind == KIND_RECORDS && (rc = bind_records(p, headers, n, b)))
        return rc;

    for (int f = 0; f < F_COUNT; f++) {
        const struct field_spec *fs = &p->field[f];
        if (fs->src == SRC_COLUMN) {
            b->col[f] = find_col(fs->column, headers, n);
            if (field_is_key(p, f))
                key_seen(b, b->col[f] >= 0, rx_pattern(fs->column));
            else if (b->col[f] < 0)
                b->absent[f] = 1;
            if (b->col[f] >= 0)
                b->used[b->col[f]] = 1;
        } else if (fs->src == SRC_PATH) {
            /* JSON: the "header" is the profile's own list of paths */
            for (size_t c = 0; c < n && b->col[f] < 0; c++)
                if (strcmp(headers[c], fs->path) == 0)
                    b->col[f] = (int)c;
            if (b->col[f] < 0)
                return why(b, "no path '%s'", fs->path);
            b->used[b->col[f]] = 1;
        }
        if (fs->code_column) {
            b->code_col = find_col(fs->code_column, headers, n);
            if (b->code_col >= 0)
                b->used[b->code_col] = 1;
        }
        if (fs->template && !b->why[0] && bind_template(b, f, fs->template, headers, n))
            return b->why[0] ? TRDB_ENOTFOUND : TRDB_ENOMEM;
    }
    if ((rc = bind_rows(p, headers, n, b)) || (rc = bind_measures(p, headers, n, b)))
        return rc;
    count_used(p, headers, n, b);
    if (b->why[0])
        return TRDB_ENOTFOUND;
    /* the file name last: "the header fits" must be true when it is said */
    if (p->filename && rx_match(p->filename, filename, strlen(filename)) != 1) {
        b->header_fits = 1;
        return why(b, "the header fits, but the file name does not match /%s/",
                   rx_pattern(p->filename));
    }
    for (int f = 0; f < F_COUNT; f++) {
        const struct field_spec *fs = &p->field[f];
        if (fs->src != SRC_FILENAME)
            continue;
        b->fixed[f] = filename_value(fs->filename, filename);
        if (!b->fixed[f]) {
            b->header_fits = 1;
            return why(b,
                       "the header fits, but the file name does not match /%s/ (it gives the %s)",
                       rx_pattern(fs->filename), profile_field_name((enum field_id)f));
        }
    }
    return 0;
}

/*
 * 1 when binding nb (nrc) is better than ob (orc): it fits, or comes closer
 * (only the file name in the way, more key columns found), or reads more
 * columns. A tie keeps the one found first.
 */
static int better(int nrc, const struct profile_binding *nb, int orc,
                  const struct profile_binding *ob)
{
    if ((nrc == 0) != (orc == 0))
        return nrc == 0;
    if (nb->header_fits != ob->header_fits)
        return nb->header_fits;
    if (nb->keys_found != ob->keys_found)
        return nb->keys_found > ob->keys_found;
    return nb->score > ob->score;
}

/*
 * Try p on the header read in each language of p's translations that
 * translates one of its cells at least (a cell it does not translate stays
 * as it is); b (rc) becomes the best binding. Returns its code.
 */
static int bind_translated(const struct profile *p, const char *filename, char **headers, size_t n,
                           struct profile_binding *b, int rc)
{
    char **th = calloc(n + 1, sizeof(*th));

    if (!th)
        return TRDB_ENOMEM;
    for (size_t l = 0; l < p->i18n->n; l++) {
        const struct profile_lang *L = &p->i18n->langs[l];
        struct profile_binding t;
        size_t translated = 0;
        int trc;
        for (size_t i = 0; i < n; i++) {
            const char *en = profile_lang_english(L, headers[i]);
            th[i] = en && strcmp(en, headers[i]) != 0 ? (char *)en : headers[i];
            translated += th[i] != headers[i];
        }
        if (!translated)
            continue;
        trc = bind_headers(p, filename, th, n, &t);
        if (trc == TRDB_ENOMEM || better(trc, &t, rc, b)) {
            profile_binding_release(b);
            *b = t;
            b->lang = L;
            if ((rc = trc) == TRDB_ENOMEM)
                break;
        } else {
            profile_binding_release(&t);
        }
    }
    free(th);
    return rc;
}

/* b->country_langs: the country field's languages, then the header's. */
static int country_langs(const struct profile *p, struct profile_binding *b)
{
    char *const *own = p->field[F_COUNTRY].languages;
    size_t k = 0, n = 0;

    while (own && own[n])
        n++;
    if (!n && !b->lang)
        return 0;
    b->country_langs = calloc(n + 2, sizeof(*b->country_langs));
    if (!b->country_langs)
        return TRDB_ENOMEM;
    for (size_t i = 0; i < n; i++)
        b->country_langs[k++] = own[i];
    if (b->lang)
        b->country_langs[k++] = b->lang->lang;
    return 0;
}

int profile_bind(const struct profile *p, const char *filename, char **headers, size_t n,
                 struct profile_binding *b)
{
    int rc = bind_headers(p, filename, headers, n, b);

    if (rc != TRDB_ENOMEM && p->i18n)
        rc = bind_translated(p, filename, headers, n, b, rc);
    if (rc == 0 && country_langs(p, b))
        return TRDB_ENOMEM;
    return rc;
}

const char *profile_binding_english(const struct profile_binding *b, int f, const char *cell)
{
    if (!b->lang || f < F_REQUEST_TYPE || f > F_FACT_LAST || b->p->kind != KIND_FACTS)
        return NULL;
    return profile_lang_english(b->lang, cell);
}

void profile_binding_release(struct profile_binding *b)
{
    if (!b)
        return;
    free(b->country_langs);
    free(b->rec_col);
    for (int f = 0; f < F_COUNT; f++) {
        free(b->fixed[f]);
        free(b->tmpl_cols[f]);
    }
    for (size_t i = 0; i < b->nbm; i++)
        free(b->bm[i].dim_value);
    free(b->bm);
    free(b->note_cols);
    free(b->used);
    free(b->missing);
    memset(b, 0, sizeof(*b));
}
