/*
 * fuzz_csv.c: ingest/csvread.c feeding ingest/profile.c. The first byte
 * picks how the input arrives (piece size), the delimiter (guessed or
 * given) and whether the reader's caps are tiny; then comes a file name
 * line, then the CSV. As `trdb ingest` does, the first records are tried
 * as a header against every CSV profile in data/formats; every binding
 * found then maps the rows that follow: fields (skip, map, default,
 * template), periods, dates, countries and figures, each checked.
 */
#include "fuzz.h"
#include "../../ingest/csvread.h"
#include "../../ingest/profile.h"
#include "../../lib/err.h"
#include "../../lib/rx.h"
#include "../../lib/utf8.h"
#include "../../model/country.h"
#include "../../model/period.h"
#include "../../model/value.h"

#include "../../lib/banned.h"

#define HEADER_SEARCH 10 /* records tried as a header, as ingest does */
#define NAME_MAX_LEN 200

static struct profile_set *set;
static struct period_parser *pp;
static struct value_parser *vp;
static struct country_db *cdb;

static void setup(void)
{
    struct trdb_err err = {0, ""};
    const char *iso = getenv("TRDB_ISO_CODES");
    const char *locale = getenv("TRDB_LOCALE_DIR");
    char dir[4096], vocab[4096];

    FUZZ_SETUP(profile_set_load(fuzz_data_path("formats", dir, sizeof(dir)),
                                fuzz_data_path("vocabulary", vocab, sizeof(vocab)), &set,
                                &err) == 0,
               err.msg);
    pp = period_parser_new(&err);
    FUZZ_SETUP(pp != NULL, err.msg);
    vp = value_parser_new(&err);
    FUZZ_SETUP(vp != NULL, err.msg);
    cdb = country_db_load(iso && *iso ? iso : "/usr/share/iso-codes/json/iso_3166-1.json",
                          fuzz_data_path("countries", dir, sizeof(dir)), &err);
    FUZZ_SETUP(cdb != NULL, err.msg);
    for (size_t i = 0; i < set->n; i++) {
        char **langs = set->p[i].field[F_COUNTRY].languages;
        for (size_t k = 0; langs && langs[k]; k++)
            country_db_add_language(cdb, locale && *locale ? locale : "/usr/share/locale", langs[k],
                                    &err);
    }
}

/* What every record the reader hands out must be, whatever the input. */
static void check_row(const struct csvr_row *row, const struct csvr_opts *o, long last_line)
{
    size_t total = 0;

    FUZZ_CHECK(row->line >= 1 && row->line > last_line);
    FUZZ_CHECK(row->n == 0 || (row->field && row->len));
    for (size_t i = 0; i < row->n; i++) {
        FUZZ_CHECK(row->field[i][row->len[i]] == '\0');
        total += row->len[i];
    }
    if (row->problem) {
        FUZZ_CHECK(row->problem[0]);
        return;
    }
    /* a clean record is NUL-free, valid UTF-8, and within every cap */
    FUZZ_CHECK(row->n >= 1 && row->n <= o->max_fields);
    FUZZ_CHECK(total <= o->max_row);
    for (size_t i = 0; i < row->n; i++) {
        FUZZ_CHECK(strlen(row->field[i]) == row->len[i]);
        FUZZ_CHECK(utf8_valid(row->field[i], row->len[i], NULL));
        FUZZ_CHECK(row->len[i] <= o->max_field);
    }
}

/* The binding may only point at columns the header has. */
static void check_binding(const struct profile_binding *b, size_t n)
{
    FUZZ_CHECK(b->nheaders == n && b->score >= 0 && (size_t)b->score <= n);
    FUZZ_CHECK(b->code_col >= -1 && b->code_col < (int)n);
    for (int f = 0; f < F_COUNT; f++) {
        const struct field_spec *fs = &b->p->field[f];
        FUZZ_CHECK(b->col[f] >= -1 && b->col[f] < (int)n);
        FUZZ_CHECK((b->col[f] >= 0) == (fs->src == SRC_COLUMN || fs->src == SRC_PATH));
        FUZZ_CHECK(fs->src != SRC_FILENAME || b->fixed[f]);
        FUZZ_CHECK(!fs->template || b->tmpl_cols[f]);
    }
    for (size_t i = 0; i < b->nbm; i++) {
        const struct bound_measure *bm = &b->bm[i];
        FUZZ_CHECK(bm->col >= -1 && bm->col < (int)n);
        FUZZ_CHECK(bm->low_col >= -1 && bm->low_col < (int)n);
        FUZZ_CHECK(bm->high_col >= -1 && bm->high_col < (int)n);
        FUZZ_CHECK((bm->low_col >= 0) == (bm->high_col >= 0));
        FUZZ_CHECK(!bm->dim_value || bm->m->dimension >= 0);
    }
}

/* A copy of s with white space trimmed; the caller frees it. */
static char *trimmed(const char *s)
{
    char *c = strdup(s ? s : "");

    FUZZ_SETUP(c != NULL, "out of memory");
    return utf8_trim(c);
}

/* "{}" is the field's own cell, "{Header}" another column's, as the binding resolved them. */
static char *render(const struct profile_binding *b, int f, const char *own,
                    const struct csvr_row *row)
{
    const char *t = b->p->field[f].template;
    size_t cap = strlen(t) + 1, len = 0, k = 0;
    char *out = malloc(cap);

    FUZZ_SETUP(out != NULL, "out of memory");
    while (*t) {
        const char *piece = t;
        size_t n = 1;
        if (*t == '{') {
            const char *close = strchr(t, '}');
            int col = b->tmpl_cols[f][k++];
            FUZZ_CHECK(close && (col == -2 || (col >= 0 && (size_t)col < row->n)));
            piece = col == -2 ? own : row->field[col];
            n = strlen(piece);
            t = close + 1;
        } else {
            t++;
        }
        if (len + n + 1 > cap) {
            char *bigger = realloc(out, cap = len + n + 1 + cap);
            FUZZ_SETUP(bigger != NULL, "out of memory");
            out = bigger;
        }
        memcpy(out + len, piece, n);
        len += n;
    }
    out[len] = '\0';
    return out;
}

static void check_figure(const char *cell, const struct value_opts *o)
{
    struct trdb_err err = {0, ""};
    struct value v;
    char *c = trimmed(cell);
    int rc = value_parse(vp, c, o, &v, &err);

    FUZZ_CHECK(rc == 0 || rc == TRDB_EDATA);
    if (rc == 0)
        fuzz_check_value(&v, o);
    free(c);
}

/* One row through one binding, the way ingest maps it (minus the database). */
static void map_row(const struct profile_binding *b, const struct csvr_row *row)
{
    const struct profile *p = b->p;
    char *val[F_COUNT] = {NULL};
    struct trdb_err err = {0, ""};

    if (row->problem || row->n != b->nheaders)
        return;
    for (int f = 0; f < F_COUNT; f++) {
        const struct field_spec *fs = &p->field[f];
        const char *cell = NULL;
        switch (fs->src) {
        case SRC_COLUMN:
        case SRC_PATH:
            cell = row->field[b->col[f]];
            break;
        case SRC_VALUE:
            cell = fs->value;
            break;
        case SRC_FILENAME:
            cell = b->fixed[f];
            break;
        case SRC_MTIME:
            cell = "2021-06-30T12:00:00Z";
            break;
        case SRC_NONE:
            continue;
        }
        val[f] = trimmed(cell);
        if (fs->skip && rx_match(fs->skip, val[f], strlen(val[f])) == 1)
            goto out;
        if (fs->nmap) {
            size_t i;
            for (i = 0; i < fs->nmap; i++)
                if (rx_match(fs->map[i].rx, val[f], strlen(val[f])) == 1)
                    break;
            if (i < fs->nmap || fs->dflt) {
                free(val[f]);
                val[f] = trimmed(i < fs->nmap ? fs->map[i].value : fs->dflt);
            }
        } else if (!val[f][0] && fs->dflt) {
            free(val[f]);
            val[f] = trimmed(fs->dflt);
        } else if (val[f][0] && fs->template) {
            char *r = render(b, f, val[f], row);
            free(val[f]);
            val[f] = r;
        }
        if (fs->aggregate)
            (void)rx_match(fs->aggregate, val[f], strlen(val[f]));
    }
    if (val[F_PERIOD] && val[F_PERIOD][0]) {
        struct period_opts o = p->field[F_PERIOD].popts;
        struct period per;
        int rc = period_parse(pp, val[F_PERIOD], &o, &per, &err);
        if (rc == TRDB_EAMBIG) {
            o.order = PERIOD_ORDER_DMY; /* as a file whose dates show day first */
            rc = period_parse(pp, val[F_PERIOD], &o, &per, &err);
            FUZZ_CHECK(rc != TRDB_EAMBIG);
        }
        FUZZ_CHECK(rc == 0 || rc == TRDB_EDATA);
        if (rc == 0)
            fuzz_check_period(&per);
    }
    if (val[F_DATE] && val[F_DATE][0]) {
        char out[24];
        if (period_parse_instant(pp, val[F_DATE], &p->field[F_DATE].popts, 1, out, &err) == 0)
            fuzz_check_instant(out, 1);
    }
    if (val[F_COUNTRY] && val[F_COUNTRY][0]) {
        int footnote = 0;
        const struct country *c =
            country_lookup(cdb, val[F_COUNTRY], (const char *const *)p->field[F_COUNTRY].languages,
                           &footnote, &err);
        FUZZ_CHECK(!c || c->code[0]);
    }
    if (b->code_col >= 0) {
        char *code = trimmed(row->field[b->code_col]);
        (void)country_by_code(cdb, code);
        free(code);
    }
    for (size_t i = 0; i < b->nbm; i++) {
        const struct bound_measure *bm = &b->bm[i];
        if (bm->low_col >= 0) {
            check_figure(row->field[bm->low_col], &bm->m->vopts);
            check_figure(row->field[bm->high_col], &bm->m->vopts);
        } else {
            check_figure(bm->col >= 0 ? row->field[bm->col] : bm->m->value, &bm->m->vopts);
        }
    }
out:
    for (int f = 0; f < F_COUNT; f++)
        free(val[f]);
}

/* Try the record as a header against every CSV profile; OUT bound[i].p set for each that fits. */
static size_t bind_all(const struct csvr_row *row, const char *name, char ***headers,
                       struct profile_binding *bound)
{
    size_t fits = 0;
    char **h = calloc(row->n + 1, sizeof(*h));

    FUZZ_SETUP(h != NULL, "out of memory");
    for (size_t i = 0; i < row->n; i++) {
        h[i] = strdup(row->field[i]);
        FUZZ_SETUP(h[i] != NULL, "out of memory");
        utf8_collapse_space(h[i]);
    }
    for (size_t i = 0; i < set->n; i++) {
        int rc;
        bound[i].p = NULL;
        if (set->p[i].format != FORMAT_CSV)
            continue;
        rc = profile_bind(&set->p[i], name, h, row->n, &bound[i]);
        FUZZ_CHECK(rc == 0 || rc == TRDB_ENOTFOUND);
        if (rc) {
            FUZZ_CHECK(bound[i].why[0]);
            profile_binding_release(&bound[i]);
            bound[i].p = NULL;
            continue;
        }
        check_binding(&bound[i], row->n);
        fits++;
    }
    *headers = h;
    return fits;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned char delims[4] = {0, ',', '\t', ';'};
    struct trdb_err err = {0, ""};
    struct csvr_opts o = {0, 0, 0, 0};
    struct profile_binding *bound;
    struct fuzz_mem m;
    struct csvr_row row;
    struct csvr *r;
    char name[NAME_MAX_LEN + 1] = "fuzz.csv", **headers = NULL;
    size_t nheaders = 0, fits = 0;
    long last_line = 0;
    int rc, k = 0;

    if (!set)
        setup();
    if (size < 1)
        return 0;
    m.step = fuzz_step(data[0]);
    o.delim = delims[(data[0] >> 3) & 3];
    if (data[0] & 32) {
        o.max_field = 16;
        o.max_fields = 6;
        o.max_row = 48;
    }
    m.data = data + 1;
    m.size = size - 1;
    m.pos = 0;
    {
        const uint8_t *nl = memchr(m.data, '\n', m.size < NAME_MAX_LEN ? m.size : NAME_MAX_LEN);
        if (nl) {
            memcpy(name, m.data, (size_t)(nl - m.data));
            name[nl - m.data] = '\0';
            m.size -= (size_t)(nl - m.data) + 1;
            m.data = nl + 1;
        }
    }
    bound = calloc(set->n + 1, sizeof(*bound));
    FUZZ_SETUP(bound != NULL, "out of memory");
    r = csvr_new(fuzz_mem_read, &m, name, &o, &err);
    FUZZ_SETUP(r != NULL, err.msg);
    /* the caps in force: the reader's defaults where none were given */
    if (!o.max_field)
        o.max_field = 1 << 20, o.max_fields = 4096, o.max_row = 8 << 20;

    while ((rc = csvr_next(r, &row, &err)) == 1) {
        check_row(&row, &o, last_line);
        last_line = row.line;
        FUZZ_CHECK(csvr_offset(r) >= 0 && csvr_offset(r) <= (long long)m.size);
        if (!headers) {
            if (row.problem || k++ >= HEADER_SEARCH)
                continue;
            fits = bind_all(&row, name, &headers, bound);
            nheaders = row.n;
            if (!fits) {
                for (size_t i = 0; i < nheaders; i++)
                    free(headers[i]);
                free(headers);
                headers = NULL;
            }
            continue;
        }
        for (size_t i = 0; i < set->n; i++)
            if (bound[i].p)
                map_row(&bound[i], &row);
    }
    /* UTF-16 is refused at the start; anything else reads to the end */
    FUZZ_CHECK(rc == 0 || (rc == TRDB_EDATA && last_line == 0));
    if (rc == 0) {
        unsigned char d = csvr_delim(r);
        FUZZ_CHECK(d == (o.delim ? o.delim : d) && (d == ',' || d == '\t' || d == ';'));
        /* at the end it stays at the end */
        FUZZ_CHECK(csvr_next(r, &row, &err) == 0);
    }
    csvr_free(r);
    for (size_t i = 0; i < set->n; i++)
        if (bound[i].p)
            profile_binding_release(&bound[i]);
    free(bound);
    for (size_t i = 0; headers && i < nheaders; i++)
        free(headers[i]);
    free(headers);
    return 0;
}
