/*
 * detect.c: opening a source up to its header and choosing the profile that
 * reads it: the header search, the encoding retries, the profile scores and
 * ties, JSON sources by their first record, and then handing out its rows.
 * Not for what a row means: fields.c and rowmap.c map it.
 */
#include "ingest_int.h"
#include "jsonread.h"
#include "../lib/rx.h"
#include "../lib/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/banned.h"

#define MAX_HEADER_SEARCH 10 /* records to look through for a header */
#define JSON_CELL_CAP (1u << 20)

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');

    return s ? s + 1 : path;
}

/* 1 for a reader's problem that says the text is not UTF-8 (see csvread.c's wording). */
static int encoding_problem(const char *problem)
{
    return strncmp(problem, "invalid UTF-8", 13) == 0 || strncmp(problem, "NUL byte", 8) == 0;
}

/* Copy a header record, trimmed and with white space collapsed, for matching. */
static char **clean_headers(const struct csvr_row *row)
{
    char **h = calloc(row->n + 1, sizeof(*h));

    if (!h)
        return NULL;
    for (size_t i = 0; i < row->n; i++) {
        h[i] = strdup(row->field[i]);
        if (!h[i]) {
            for (size_t k = 0; k < i; k++)
                free(h[k]);
            free(h);
            return NULL;
        }
        utf8_collapse_space(h[i]);
    }
    return h;
}

void ingest_free_headers(char **h, size_t n)
{
    if (!h)
        return;
    for (size_t i = 0; i < n; i++)
        free(h[i]);
    free(h);
}

char **ingest_combine_headers(char *const *up, size_t nup, char *const *low, size_t nlow, size_t *n)
{
    size_t count = nup > nlow ? nup : nlow;
    char **h = calloc(count + 1, sizeof(*h));
    const char *group = "";

    *n = 0;
    if (!h)
        return NULL;
    for (size_t c = 0; c < count; c++) {
        const char *own = c < nup ? up[c] : "", *label = c < nlow ? low[c] : "";
        struct buf name;
        if (own[0])
            group = own;
        buf_init(&name, 1 << 16);
        if (!label[0])
            buf_puts(&name, own); /* a spanned group over an empty label names nothing */
        else if (!group[0] || strcmp(group, label) == 0)
            buf_puts(&name, label);
        else
            buf_printf(&name, "%s / %s", group, label);
        h[c] = strdup(buf_cstr(&name));
        buf_release(&name);
        if (!h[c]) {
            ingest_free_headers(h, c);
            return NULL;
        }
    }
    *n = count;
    return h;
}

/* Join fields as CSV (quoted where needed), at most cap bytes. */
void ingest_join_row(struct buf *b, char **field, size_t n, size_t cap)
{
    buf_reset(b);
    for (size_t i = 0; i < n && b->len < cap; i++) {
        const char *f = field[i];
        int quote = strpbrk(f, ",\"\r\n") != NULL;
        if (i)
            buf_putc(b, ',');
        if (quote)
            buf_putc(b, '"');
        for (; *f && b->len < cap; f++) {
            if (*f == '"')
                buf_putc(b, '"');
            buf_putc(b, *f);
        }
        if (quote)
            buf_putc(b, '"');
    }
    if (b->len >= cap)
        buf_puts(b, "...");
}

/*
 * 1 when a profile that found found of its total key columns and read
 * score columns came closer than one with of, ototal, oscore: a larger
 * share of its keys, then more columns read.
 */
static int closer(int found, int total, int score, int of, int ototal, int oscore)
{
    long a = (long)found * ototal, b = (long)of * total;

    return a > b || (a == b && score > oscore);
}

/*
 * Bind the best profile to a header of rows records (only profiles whose
 * header spans that many take part): the one that reads most columns; on a
 * tie, one whose file-name pattern matched. A tie beyond that leaves the
 * other profile's name in OUT *rival. Returns the index in set or -1.
 */
static int choose_profile(const struct profile_set *set, const char *force, int rows,
                          const char *fname, char **headers, size_t n, struct profile_binding *best,
                          FILE *out, const char **rival, char *near, size_t nearlen, char *closest,
                          size_t closestlen)
{
    int chosen = -1, best_score = -1, best_named = 0, close_found = 0, close_total = 1;
    int close_score = -1;

    *rival = NULL;
    if (near && nearlen)
        near[0] = '\0';
    if (closest && closestlen)
        closest[0] = '\0';
    for (size_t i = 0; i < set->n; i++) {
        struct profile_binding b;
        const struct profile *p = &set->p[i];
        int rc, named;

        if ((force && strcmp(force, p->name) != 0) || p->format != FORMAT_CSV ||
            p->header_rows != rows)
            continue;
        rc = profile_bind(p, fname, headers, n, &b);
        if (out) {
            if (rc == 0)
                fprintf(out, "  %-40s fits: %d of %zu columns used\n", p->name, b.score, n);
            else
                fprintf(out, "  %-40s no: %s\n", p->name,
                        rc == TRDB_ENOTFOUND ? b.why : "out of memory");
        }
        if (rc == TRDB_ENOTFOUND && closest && closestlen && b.keys_found > 0 &&
            closer(b.keys_found, b.keys_total, b.score, close_found, close_total, close_score)) {
            /* the profile that came closest: the one to name when nothing fits */
            close_found = b.keys_found;
            close_total = b.keys_total;
            close_score = b.score;
            snprintf(closest, closestlen,
                     "the closest is profile '%s' (%d of %d key columns), which misses %s", p->name,
                     b.keys_found, b.keys_total, b.misses[0] ? b.misses : b.why);
        }
        if (rc) {
            /* a profile whose columns all matched is worth naming when nothing fits */
            if (near && nearlen && !near[0] && b.header_fits &&
                snprintf(near, nearlen, "profile '%s': %s", p->name, b.why) >= (int)nearlen)
                memcpy(near + nearlen - 4, "...", 4); /* cut short, and say so */
            profile_binding_release(&b);
            continue;
        }
        named = p->filename != NULL;
        if (b.score > best_score || (b.score == best_score && named && !best_named)) {
            if (chosen >= 0)
                profile_binding_release(best);
            *best = b;
            chosen = (int)i;
            best_score = b.score;
            best_named = named;
            *rival = NULL;
        } else {
            if (b.score == best_score && named == best_named)
                *rival = p->name;
            profile_binding_release(&b);
        }
    }
    return chosen;
}

int ingest_choose_profile(const struct profile_set *set, const char *fname, char **headers,
                          size_t n, struct profile_binding *best, const char **rival)
{
    return choose_profile(set, NULL, 1, fname, headers, n, best, NULL, rival, NULL, 0, NULL, 0);
}

void ingest_opened_release(struct opened *o)
{
    if (o->cells)
        for (size_t i = 0; i < o->ncells; i++)
            free(o->cells[i]);
    free(o->cells);
    free(o->cell_problem);
    jsonr_free(o->jr);
    csvr_free(o->r);
    source_close(o->src);
    ingest_free_headers(o->headers, o->nheaders);
    if (o->chosen >= 0)
        profile_binding_release(&o->b);
    memset(o, 0, sizeof(*o));
    o->chosen = -1;
}

/* 1 when a CSV profile of set (force: only that one) has a two-row header. */
static int two_row_profiles(const struct profile_set *set, const char *force)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->p[i].format == FORMAT_CSV && set->p[i].header_rows == 2 &&
            (!force || strcmp(force, set->p[i].name) == 0))
            return 1;
    return 0;
}

/*
 * Try the record on line prev_line (its cells in prev) and the one on line
 * (its cells in o->headers) as a two-row header. On a fit, o is bound and
 * o->headers holds the combined names. verbose as for open_header: the
 * combined names, for --all every profile's verdict. Returns 0, fitting or
 * not, or TRDB_ENOMEM.
 */
static int try_two_rows(const struct profile_set *set, const char *force, const char *name,
                        char **prev, size_t nprev, long prev_line, long line, FILE *verbose,
                        int verdicts, struct opened *o)
{
    struct buf joined;
    size_t n;
    char **comb = ingest_combine_headers(prev, nprev, o->headers, o->nheaders, &n);

    if (!comb)
        return TRDB_ENOMEM;
    buf_init(&joined, 1 << 16);
    ingest_join_row(&joined, comb, n, sizeof(o->header_text) - 8);
    if (verbose && verdicts)
        fprintf(verbose, "lines %ld-%ld: %s\n", prev_line, line, buf_cstr(&joined));
    o->chosen = choose_profile(set, force, 2, name, comb, n, &o->b, verdicts ? verbose : NULL,
                               &o->rival, NULL, 0, NULL, 0);
    if (o->chosen < 0) {
        ingest_free_headers(comb, n);
    } else {
        if (verbose && !verdicts)
            fprintf(verbose, "lines %ld-%ld: %s\n", prev_line, line, buf_cstr(&joined));
        ingest_free_headers(o->headers, o->nheaders);
        o->headers = comb;
        o->nheaders = n;
        o->header_first_line = prev_line;
        o->header_line = line;
    }
    buf_release(&joined);
    return 0;
}

/*
 * Open spec and look for a header among its first records. Without an
 * encoding given: a byte order mark decides; else a profile that names its
 * publisher's encoding makes the file be read again in it (unless the text
 * is evidently UTF-8: valid, and not plain ASCII); a file that is not UTF-8
 * is tried as Windows-1252 only to find such a profile. verbose (may be
 * NULL) gets each record tried as the header, and with verdicts set each
 * profile's verdict on it. Where a profile has a two-row header, each
 * record is first tried with the one before it as such a header (the
 * combined names shown only with verdicts set, or when they fit); profiles
 * of one header row see each record alone, as before. Returns 0 with o bound
 * and positioned after the header; TRDB_ENOTFOUND with the reason in e when
 * no profile fits; another negative code when the source cannot be read.
 */
static int open_header(const struct profile_set *set, const char *force, struct source_spec *spec,
                       const char *display, FILE *verbose, int verdicts, struct opened *o,
                       struct trdb_err *e)
{
    const char *given = spec->encoding;
    const char *name = base_name(spec->member ? spec->member : spec->path);
    char near[400], closest[600];
    struct trdb_err first_failure = {0, ""};
    struct buf joined;
    int attempt, rc = TRDB_ENOTFOUND, guessing = 0, switched = 0;
    int two_rows = two_row_profiles(set, force);
    char **prev = NULL; /* the record before, for a two-row header */
    size_t nprev = 0;
    long prev_line = 0;

    memset(o, 0, sizeof(*o));
    o->chosen = -1;
    buf_init(&joined, 1 << 16);
    for (attempt = 0; attempt < 3; attempt++) {
        int legacy, evident_utf8;
        trdb_err_clear(e);
        ingest_free_headers(prev, nprev);
        prev = NULL;
        nprev = 0;
        if ((rc = source_open(spec, &o->src, e)))
            break;
        legacy = !spec->encoding && source_looks_legacy(o->src);
        evident_utf8 = !spec->encoding && source_evidently_utf8(o->src);
        if (!(o->r = csvr_new(source_read, o->src, display, NULL, e))) {
            rc = e->code;
            break;
        }
        rc = TRDB_ENOTFOUND;
        for (int k = 0; k < MAX_HEADER_SEARCH && o->chosen < 0; k++) {
            struct csvr_row row;
            int got = csvr_next(o->r, &row, e);
            if (got < 0) {
                rc = got;
                if (got == TRDB_EIO)
                    trdb_err_set(e, TRDB_EIO, "%s", source_error(o->src));
                goto out;
            }
            if (got == 0) {
                if (k == 0)
                    trdb_err_set(e, TRDB_ENOTFOUND, "the file is empty");
                break;
            }
            ingest_join_row(&joined, row.field, row.problem ? 0 : row.n,
                            sizeof(o->header_text) - 8);
            if (k == 0)
                snprintf(o->header_text, sizeof(o->header_text), "%s", buf_cstr(&joined));
            if (row.problem) {
                if (k == 0 && spec->encoding)
                    trdb_err_set(e, TRDB_ENOTFOUND, "line %ld: %s; no header found (read as %s)",
                                 row.line, row.problem, source_encoding(o->src));
                else if (k == 0)
                    /* the hint only where the text itself is at fault, not a cap */
                    trdb_err_set(e, TRDB_ENOTFOUND, "line %ld: %s; no header found%s", row.line,
                                 row.problem,
                                 encoding_problem(row.problem)
                                     ? " (is the file UTF-8? convert it with iconv, or give "
                                       "--encoding)"
                                     : "");
                ingest_free_headers(prev, nprev); /* no header spans a broken record */
                prev = NULL;
                nprev = 0;
                continue;
            }
            o->headers = clean_headers(&row);
            o->nheaders = row.n;
            if (!o->headers || (two_rows && prev &&
                                try_two_rows(set, force, name, prev, nprev, prev_line, row.line,
                                             verbose, verdicts, o))) {
                rc = trdb_err_set(e, TRDB_ENOMEM, "out of memory");
                goto out;
            }
            if (o->chosen >= 0)
                break;
            if (verbose)
                fprintf(verbose, "line %ld: %s\n", row.line, buf_cstr(&joined));
            o->chosen = choose_profile(set, force, 1, name, o->headers, o->nheaders, &o->b,
                                       verdicts ? verbose : NULL, &o->rival, near, sizeof(near),
                                       closest, sizeof(closest));
            if (o->chosen >= 0) {
                o->header_line = row.line;
                break;
            }
            if (k == 0 && near[0])
                trdb_err_set(e, TRDB_ENOTFOUND, "no format profile fits: %s", near);
            else if (k == 0)
                trdb_err_set(e, TRDB_ENOTFOUND, "%s header '%s' (line %ld)%s%s",
                             force ? "the profile given with --format does not fit"
                                   : "no format profile matches",
                             buf_cstr(&joined), row.line, closest[0] ? "; " : "", closest);
            ingest_free_headers(prev, nprev);
            prev = o->headers; /* the group row, maybe, of a two-row header */
            nprev = o->nheaders;
            prev_line = row.line;
            o->headers = NULL;
            o->nheaders = 0;
        }
        if (o->chosen >= 0) {
            const char *want = o->b.p->encoding;
            if (!given && !switched && !source_has_bom(o->src) && want && !evident_utf8 &&
                strcasecmp(want, source_encoding(o->src)) != 0) {
                /* the publisher writes another encoding: read the file again in it */
                spec->encoding = want;
                switched = 1;
                ingest_opened_release(o);
                continue;
            }
            if (guessing && !switched &&
                !(want && strcasecmp(want, source_encoding(o->src)) == 0)) {
                /* found only by guessing Windows-1252: say so rather than guess */
                trdb_err_set(e, TRDB_EDATA,
                             "%s; read as Windows-1252 it fits profile '%s', which names no "
                             "encoding: give --encoding (e.g. WINDOWS-1252 or MACINTOSH)",
                             first_failure.msg, o->b.p->name);
                rc = TRDB_ENOTFOUND;
                goto out;
            }
            rc = 0;
            goto out;
        }
        if (!legacy || guessing || switched)
            break;
        /* not UTF-8: look once more as Windows-1252, for a profile that names its encoding */
        first_failure = *e;
        spec->encoding = "WINDOWS-1252";
        guessing = 1;
        ingest_opened_release(o);
    }
    if (guessing && rc == TRDB_ENOTFOUND)
        *e = first_failure; /* the UTF-8 reading's reason is the one to show */
out:
    if (rc == TRDB_ENOTFOUND && !e->msg[0])
        trdb_err_set(e, TRDB_ENOTFOUND, "no profile matches any of the first %d records",
                     MAX_HEADER_SEARCH);
    if (rc)
        ingest_opened_release(o);
    spec->encoding = rc == 0 ? spec->encoding : given;
    ingest_free_headers(prev, nprev);
    buf_release(&joined);
    return rc;
}

/* 1 for a JSON document's name, 2 for JSON Lines, 0 for anything else (CSV). */
static int json_kind(const char *name)
{
    size_t n = strlen(name);

    if (n > 5 && strcasecmp(name + n - 5, ".json") == 0)
        return 1;
    if ((n > 6 && strcasecmp(name + n - 6, ".jsonl") == 0) ||
        (n > 7 && strcasecmp(name + n - 7, ".ndjson") == 0))
        return 2;
    return 0;
}

/*
 * Open a JSON source and choose its profile: one of the json (or jsonl)
 * profiles whose file-name pattern fits and whose keys the first record
 * holds; a document that is empty or not JSON fits only profiles that read
 * it as a record of unknowns. Returns as open_header.
 */
static int open_json(const struct profile_set *set, const char *force, struct source_spec *spec,
                     const char *display, FILE *verbose, int verdicts, struct opened *o,
                     struct trdb_err *e)
{
    const char *name = base_name(spec->member ? spec->member : spec->path);
    int lines = json_kind(name) == 2, rc, best = -1;

    (void)display; /* JSON messages name records, not a header line */
    memset(o, 0, sizeof(*o));
    o->chosen = -1;
    if ((rc = source_open(spec, &o->src, e)))
        return rc;
    if (!(o->jr = jsonr_new(source_read, o->src, lines, e)))
        return e->code;
    rc = jsonr_next(o->jr, &o->first, &o->first_line, &o->first_problem, e);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return trdb_err_set(e, TRDB_ENOTFOUND, "the file is empty");
    o->first_pending = 1;
    snprintf(o->header_text, sizeof(o->header_text), "%s",
             o->first ? "a JSON record" : o->first_problem);
    if (verbose)
        fprintf(verbose, "record %ld: %s\n", o->first_line, o->header_text);
    if (!verdicts)
        verbose = NULL; /* the record only: no verdicts */
    for (size_t i = 0; i < set->n; i++) {
        const struct profile *p = &set->p[i];
        struct profile_binding b;
        const char *missing = NULL;
        if ((force && strcmp(force, p->name) != 0) ||
            p->format != (lines ? FORMAT_JSONL : FORMAT_JSON))
            continue;
        if (p->filename && rx_match(p->filename, name, strlen(name)) != 1) {
            if (verbose)
                fprintf(verbose, "  %-40s no: file name does not match /%s/\n", p->name,
                        rx_pattern(p->filename));
            continue;
        }
        if (!o->first && !p->unparsable_unknown) {
            if (verbose)
                fprintf(verbose, "  %-40s no: %s\n", p->name, o->first_problem);
            continue;
        }
        for (size_t k = 0; o->first && p->keys && p->keys[k] && !missing; k++)
            if (!jsonr_has(o->first, p->keys[k]))
                missing = p->keys[k];
        if (missing) {
            if (verbose)
                fprintf(verbose, "  %-40s no: the record has no '%s'\n", p->name, missing);
            continue;
        }
        if (profile_bind(p, name, p->paths, p->npaths, &b)) {
            if (verbose)
                fprintf(verbose, "  %-40s no: %s\n", p->name, b.why);
            profile_binding_release(&b);
            continue;
        }
        if (verbose)
            fprintf(verbose, "  %-40s fits\n", p->name);
        if (best >= 0) {
            o->rival = p->name;
            profile_binding_release(&b);
            continue;
        }
        best = (int)i;
        o->b = b;
    }
    if (best < 0)
        return trdb_err_set(e, TRDB_ENOTFOUND, "no format profile fits this JSON (%s)",
                            o->first ? "its first record" : o->first_problem);
    o->chosen = best;
    o->nheaders = set->p[best].npaths;
    o->headers = calloc(o->nheaders + 1, sizeof(char *));
    o->cells = calloc(o->nheaders + 1, sizeof(char *));
    if (!o->headers || !o->cells)
        return trdb_err_set(e, TRDB_ENOMEM, "out of memory");
    for (size_t k = 0; k < o->nheaders; k++) {
        o->headers[k] = strdup(set->p[best].paths[k]);
        o->cells[k] = malloc(JSON_CELL_CAP);
        o->ncells = k + 1;
        if (!o->headers[k] || !o->cells[k])
            return trdb_err_set(e, TRDB_ENOMEM, "out of memory");
    }
    o->header_line = 0;
    return 0;
}

int ingest_open_source(const struct profile_set *set, const char *force, struct source_spec *spec,
                       const char *display, FILE *verbose, int verdicts, struct opened *o,
                       struct trdb_err *e)
{
    if (json_kind(base_name(spec->member ? spec->member : spec->path)))
        return open_json(set, force, spec, display, verbose, verdicts, o, e);
    return open_header(set, force, spec, display, verbose, verdicts, o, e);
}

/*
 * The next row of an opened source: a CSV record, or a JSON record
 * flattened to the profile's paths. Returns 1, 0 at the end, or < 0.
 */
int ingest_next_row(struct opened *o, const struct profile *p, struct csvr_row *row,
                    struct trdb_err *e)
{
    cJSON *rec;
    const char *problem;
    long line;
    int rc;

    if (!o->jr)
        return csvr_next(o->r, row, e);
    if (o->first_pending) {
        rec = o->first;
        line = o->first_line;
        problem = o->first_problem;
        o->first_pending = 0;
    } else if ((rc = jsonr_next(o->jr, &rec, &line, &problem, e)) <= 0) {
        return rc;
    }
    memset(row, 0, sizeof(*row));
    row->n = o->ncells;
    row->field = o->cells;
    row->line = line;
    /* a document that is empty or not JSON is, for such profiles, a record of unknowns */
    o->unknown = !rec && p->unparsable_unknown && p->format == FORMAT_JSON ? problem : NULL;
    row->problem = !rec && !o->unknown ? problem : NULL;
    for (size_t k = 0; k < o->ncells; k++) {
        size_t len = jsonr_value(rec, p->paths[k], o->cells[k], JSON_CELL_CAP), bad;
        if (len >= JSON_CELL_CAP && !row->problem) {
            free(o->cell_problem);
            o->cell_problem = malloc(200);
            if (o->cell_problem)
                snprintf(o->cell_problem, 200, "the value at '%.100s' is longer than %u bytes",
                         p->paths[k], JSON_CELL_CAP);
            row->problem = o->cell_problem ? o->cell_problem : "a value too long";
            row->problem_field = k + 1;
        } else if (!row->problem && jsonr_inexact(rec, p->paths[k])) {
            /* an id such as 99999999999999999999 would be kept as 1e+20: refuse it */
            free(o->cell_problem);
            o->cell_problem = malloc(200);
            if (o->cell_problem)
                snprintf(o->cell_problem, 200,
                         "the number at '%.100s' has more digits than can be kept exactly; "
                         "write it as a string",
                         p->paths[k]);
            row->problem = o->cell_problem ? o->cell_problem : "a number too long";
            row->problem_field = k + 1;
        } else if (!row->problem && !utf8_valid(o->cells[k], len, &bad)) {
            /*
             * cJSON passes a string's bytes through unchecked: refused as csvread.c refuses
             * such a CSV field, rather than stored as they are (SQLite) or as U+FFFD (COPY)
             */
            free(o->cell_problem);
            o->cell_problem = malloc(200);
            if (o->cell_problem)
                snprintf(o->cell_problem, 200, "invalid UTF-8 in '%.100s' at byte %zu", p->paths[k],
                         bad + 1);
            row->problem = o->cell_problem ? o->cell_problem : "invalid UTF-8";
            row->problem_field = k + 1;
        }
    }
    return 1;
}

/* What column c feeds in binding b, comma-separated, into t ("" when nothing). */
static void column_roles(const struct profile_binding *b, size_t c, struct buf *t)
{
    const struct profile *p = b->p;

    buf_reset(t);
    for (int f = 0; f < F_COUNT; f++)
        if (b->col[f] == (int)c)
            buf_printf(t, "%s%s", t->len ? ", " : "", profile_field_name((enum field_id)f));
    if (b->code_col == (int)c)
        buf_printf(t, "%scountry code", t->len ? ", " : "");
    for (size_t i = 0; b->rec_col && i < p->nrec; i++)
        if (b->rec_col[i] == (int)c)
            buf_printf(t, "%s%s%s", t->len ? ", " : "", p->rec[i].name,
                       p->rec[i].above ? " (the nearest row above)" : "");
    if (b->ind_name_col == (int)c && p->kind == KIND_RECORDS)
        buf_printf(t, "%sthe indicator", t->len ? ", " : "");
    for (size_t i = 0; b->ind_value_col == (int)c && p->kind == KIND_RECORDS && i < p->nrec; i++)
        if (p->rec[i].indicator)
            buf_printf(t, "%s%s", t->len ? ", " : "", p->rec[i].name);
    for (int f = 0; f < F_COUNT; f++) {
        size_t k = 0;
        if (!b->tmpl_cols[f] || !p->field[f].template)
            continue;
        /* one column per '{' of the template, as profile_bind resolved them */
        for (const char *q = p->field[f].template; (q = strchr(q, '{')) != NULL; q++, k++)
            if (b->tmpl_cols[f][k] == (int)c)
                buf_printf(t, "%s%s template", t->len ? ", " : "",
                           profile_field_name((enum field_id)f));
    }
    for (size_t i = 0; i < b->nbm; i++) {
        const struct bound_measure *bm = &b->bm[i];
        if (bm->col != (int)c && bm->low_col != (int)c && bm->high_col != (int)c)
            continue;
        buf_printf(t, "%s%s%s%s%s%s", t->len ? ", " : "", bm->m->metric,
                   bm->low_col == (int)c ? " (low)" : "", bm->high_col == (int)c ? " (high)" : "",
                   bm->dim_value ? " for " : "", bm->dim_value ? bm->dim_value : "");
    }
    /* the columns about whole rows */
    if (b->hier_col == (int)c)
        buf_printf(t, "%shierarchy", t->len ? ", " : "");
    if (b->pub_col == (int)c)
        buf_printf(t, "%spublisher (per file)", t->len ? ", " : "");
    for (size_t i = 0; i < b->nbm; i++)
        if (b->bm[i].note_col == (int)c)
            buf_printf(t, "%snote on %s", t->len ? ", " : "", b->bm[i].m->metric);
    for (size_t i = 0; i < p->nnotes; i++)
        if (b->note_cols[i] == (int)c)
            buf_printf(t, "%snote on the row", t->len ? ", " : "");
}

/* The winning binding on one screen: which column feeds what, what is ignored, unread, missing. */
static void detect_winner(const struct opened *o, FILE *out)
{
    const struct profile_binding *b = &o->b;
    struct buf t, unread, ignored;
    size_t nused = 0;

    buf_init(&t, 4096);
    buf_init(&unread, 4096);
    buf_init(&ignored, 4096);
    for (size_t c = 0; c < o->nheaders; c++)
        nused += b->used[c] == 1;
    if (o->header_first_line)
        fprintf(out, "   a two-row header, lines %ld-%ld: the columns named 'group / label'\n",
                o->header_first_line, o->header_line);
    fprintf(out, "   reads %zu of %zu columns:\n", nused, o->nheaders);
    for (size_t c = 0; c < o->nheaders; c++) {
        if (b->used[c] == 2)
            buf_printf(&ignored, "%s'%s'", ignored.len ? ", " : "", o->headers[c]);
        else if (!b->used[c])
            buf_printf(&unread, "%s'%s'", unread.len ? ", " : "", o->headers[c]);
        if (b->used[c] != 1)
            continue;
        column_roles(b, c, &t);
        fprintf(out, "     %-40s -> %s\n", o->headers[c], t.len ? buf_cstr(&t) : "(read)");
    }
    if (ignored.len)
        fprintf(out, "   ignores (listed in the profile): %s\n", buf_cstr(&ignored));
    if (unread.len)
        fprintf(out, "   does not read: %s\n", buf_cstr(&unread));
    for (size_t i = 0; i < b->nmissing; i++) {
        const struct measure_spec *m = &b->p->measures[b->missing[i]];
        fprintf(out, "   misses measure %s: no column matches /%s/\n", m->metric,
                rx_pattern(m->low ? m->low : m->column));
    }
    for (int f = 0; f < F_COUNT; f++)
        if (b->absent[f])
            fprintf(out, "   misses field %s: no column matches /%s/\n",
                    profile_field_name((enum field_id)f), rx_pattern(b->p->field[f].column));
    buf_release(&t);
    buf_release(&unread);
    buf_release(&ignored);
}

/* The two other CSV profiles that came closest to the header, and what each misses. */
static void detect_others(const struct profile_set *set, const struct opened *o, const char *name,
                          FILE *out)
{
    struct near {
        const struct profile *p;
        int fits, found, total, score;
        char why[420];
    } top[2];
    size_t ntop = 0;

    for (size_t i = 0; i < set->n; i++) {
        const struct profile *p = &set->p[i];
        struct profile_binding b;
        struct near cand;
        int rc;
        if (p->format != FORMAT_CSV || p == o->b.p || p->header_rows != o->b.p->header_rows)
            continue; /* a header of one row and one of two are not the same names */
        rc = profile_bind(p, name, o->headers, o->nheaders, &b);
        cand.p = p;
        cand.fits = rc == 0;
        cand.found = b.keys_found;
        cand.total = b.keys_total;
        cand.score = b.score;
        if (rc == 0)
            snprintf(cand.why, sizeof(cand.why), "fits too, reading %d columns", b.score);
        else
            snprintf(cand.why, sizeof(cand.why), "misses %s",
                     b.misses[0] ? b.misses : (rc == TRDB_ENOTFOUND ? b.why : "(out of memory)"));
        if (rc == TRDB_ENOTFOUND && b.header_fits)
            snprintf(cand.why, sizeof(cand.why), "%s", b.why);
        profile_binding_release(&b);
        /* closer: fits, then a larger share of key columns found, then more columns read */
        for (size_t k = 0; k < 2; k++) {
            struct near *t = &top[k];
            if (k < ntop && (cand.fits < t->fits ||
                             (cand.fits == t->fits && !closer(cand.found, cand.total, cand.score,
                                                              t->found, t->total, t->score))))
                continue;
            if (k == 0 && ntop)
                top[1] = top[0];
            *t = cand;
            if (ntop < 2)
                ntop++;
            break;
        }
    }
    if (ntop)
        fprintf(out, "   the closest others:\n");
    for (size_t k = 0; k < ntop; k++)
        fprintf(out, "     %-40s %d of %d key columns; %s\n", top[k].p->name, top[k].found,
                top[k].total, top[k].why);
}

int ingest_detect(const struct profile_set *set, const struct source_spec *spec_in,
                  const char *display, FILE *out, int verbose, struct detect_report *rep,
                  struct trdb_err *err)
{
    struct source_spec spec = *spec_in;
    struct opened o;
    int rc;

    memset(rep, 0, sizeof(*rep));
    rc = ingest_open_source(set, NULL, &spec, display, verbose ? out : NULL, verbose > 1, &o, err);
    if (rc == 0) {
        FILE *d;
        size_t len = 0;
        rep->profile = o.b.p->name;
        rep->rival = o.rival;
        rep->header_line = o.header_line;
        snprintf(rep->header, sizeof(rep->header), "%s", o.header_text);
        snprintf(rep->encoding, sizeof(rep->encoding), "%s", source_encoding(o.src));
        if (verbose == 1 && (d = open_memstream(&rep->detail, &len))) {
            detect_winner(&o, d);
            if (!o.jr)
                detect_others(set, &o, base_name(spec.member ? spec.member : spec.path), d);
            if (fclose(d)) {
                free(rep->detail);
                rep->detail = NULL;
            }
        }
    }
    ingest_opened_release(&o);
    return rc;
}
