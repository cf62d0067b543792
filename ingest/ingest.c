/*
 * ingest.c: the generic engine. Publisher-specific knowledge lives in the
 * profiles; this file only applies them: detect a header, map each row's
 * cells to fields and measures, normalize them with model/, and hand facts
 * and rejects to model/store.c inside one transaction per file.
 */
#include "ingest.h"
#include "csvread.h"
#include "jsonread.h"
#include "profile.h"
#include "source.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../lib/rx.h"
#include "../lib/sha256.h"
#include "../lib/utf8.h"
#include "../model/apps.h"
#include "../model/country.h"
#include "../model/period.h"
#include "../model/value.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <cjson/cJSON.h>

#define MAX_HEADER_SEARCH 10 /* records to look through for a header */
#define UNKNOWN_NAMED 5      /* unknown captures named in the log per run */
#define RAW_CAP 2000         /* bytes of a rejected row kept in rejects.raw */

/* Before a line goes to out or log: a progress line on the terminal is cleared. */
static void quiet_progress(struct ingest *ig)
{
    if (ig->progress)
        ig->progress(ig->progress_ctx, NULL, NULL, 0, 0);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');

    return s ? s + 1 : path;
}

/*
 * s for a line of output: control characters written as \xNN (a newline in a
 * member's name would forge a status line, an escape sequence would reach the
 * terminal), line ends at its end dropped. Returns s when it holds none, else
 * buf (n bytes, the text cut to fit).
 */
static const char *printable(const char *s, char *buf, size_t n)
{
    size_t len = strlen(s), i, w = 0;

    while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    for (i = 0; i < len && (unsigned char)s[i] >= 0x20 && s[i] != 0x7f; i++)
        ;
    if (i == len && s[len] == '\0')
        return s;
    for (i = 0; i < len && w + 5 < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            w += (size_t)snprintf(buf + w, n - w, "\\x%02X", c);
        else
            buf[w++] = (char)c;
    }
    buf[w] = '\0';
    return buf;
}

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

/* 1 for a reader's problem that says the text is not UTF-8 (see csvread.c's wording). */
static int encoding_problem(const char *problem)
{
    return strncmp(problem, "invalid UTF-8", 13) == 0 || strncmp(problem, "NUL byte", 8) == 0;
}

/* 1 when an archive member's name points outside the archive: absolute, or a ".." step. */
static int climbs_out(const char *name)
{
    const char *p = name;

    if (name[0] == '/' || name[0] == '\\' ||
        (((name[0] | 0x20) >= 'a' && (name[0] | 0x20) <= 'z') && name[1] == ':'))
        return 1; /* absolute, or a Windows drive (C:) */
    for (;;) {
        size_t k = strcspn(p, "/\\");
        if (k == 2 && p[0] == '.' && p[1] == '.')
            return 1;
        if (!p[k])
            return 0;
        p += k + 1;
    }
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

static void free_headers(char **h, size_t n)
{
    if (!h)
        return;
    for (size_t i = 0; i < n; i++)
        free(h[i]);
    free(h);
}

/* Join fields as CSV (quoted where needed), at most cap bytes. */
static void join_row(struct buf *b, char **field, size_t n, size_t cap)
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
 * Bind the best profile to a header: the one that reads most columns; on a
 * tie, one whose file-name pattern matched. A tie beyond that leaves the
 * other profile's name in OUT *rival. Returns the index in set or -1.
 */
static int choose_profile(const struct profile_set *set, const char *force, const char *fname,
                          char **headers, size_t n, struct profile_binding *best, FILE *out,
                          const char **rival, char *near, size_t nearlen)
{
    int chosen = -1, best_score = -1, best_named = 0;

    *rival = NULL;
    if (near && nearlen)
        near[0] = '\0';
    for (size_t i = 0; i < set->n; i++) {
        struct profile_binding b;
        const struct profile *p = &set->p[i];
        int rc, named;

        if ((force && strcmp(force, p->name) != 0) || p->format != FORMAT_CSV)
            continue;
        rc = profile_bind(p, fname, headers, n, &b);
        if (out) {
            if (rc == 0)
                fprintf(out, "  %-40s fits: %d of %zu columns used\n", p->name, b.score, n);
            else
                fprintf(out, "  %-40s no: %s\n", p->name,
                        rc == TRDB_ENOTFOUND ? b.why : "out of memory");
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

/* A source read up to its header, with the best profile bound to it. */
struct opened {
    struct source *src;
    struct csvr *r;
    struct jsonr *jr; /* JSON input instead of CSV */
    cJSON *first;     /* JSON: the record read to choose the profile */
    long first_line;
    const char *first_problem;
    int first_pending; /* it has not been handed out yet */
    char **cells;      /* JSON: a record flattened to the profile's paths */
    size_t ncells;
    char *cell_problem;
    char **headers;
    size_t nheaders;
    long header_line;
    struct profile_binding b;
    int chosen; /* index of the profile, or -1 */
    const char *rival;
    char header_text[1024]; /* the first record, comma-joined, for messages */
    const char *unknown;    /* why the last record was read as an unknown capture, or NULL */
};

#define JSON_CELL_CAP (1u << 20)

static void opened_release(struct opened *o)
{
    if (o->cells)
        for (size_t i = 0; i < o->ncells; i++)
            free(o->cells[i]);
    free(o->cells);
    free(o->cell_problem);
    jsonr_free(o->jr);
    csvr_free(o->r);
    source_close(o->src);
    free_headers(o->headers, o->nheaders);
    if (o->chosen >= 0)
        profile_binding_release(&o->b);
    memset(o, 0, sizeof(*o));
    o->chosen = -1;
}

/*
 * Open spec and look for a header among its first records. Without an
 * encoding given: a byte order mark decides; else a profile that names its
 * publisher's encoding makes the file be read again in it (unless the text
 * is evidently UTF-8: valid, and not plain ASCII); a file that is not UTF-8
 * is tried as Windows-1252 only to find such a profile. verbose (may be
 * NULL) gets the header and each profile's verdict. Returns 0 with o bound
 * and positioned after the header; TRDB_ENOTFOUND with the reason in e when
 * no profile fits; another negative code when the source cannot be read.
 */
static int open_header(const struct profile_set *set, const char *force, struct source_spec *spec,
                       const char *display, FILE *verbose, struct opened *o, struct trdb_err *e)
{
    const char *given = spec->encoding;
    const char *name = base_name(spec->member ? spec->member : spec->path);
    char near[400];
    struct trdb_err first_failure = {0, ""};
    struct buf joined;
    int attempt, rc = TRDB_ENOTFOUND, guessing = 0, switched = 0;

    memset(o, 0, sizeof(*o));
    o->chosen = -1;
    buf_init(&joined, 1 << 16);
    for (attempt = 0; attempt < 3; attempt++) {
        int legacy, evident_utf8;
        trdb_err_clear(e);
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
            join_row(&joined, row.field, row.problem ? 0 : row.n, sizeof(o->header_text) - 8);
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
                continue;
            }
            o->headers = clean_headers(&row);
            o->nheaders = row.n;
            if (!o->headers) {
                rc = trdb_err_set(e, TRDB_ENOMEM, "out of memory");
                goto out;
            }
            if (verbose)
                fprintf(verbose, "line %ld: %s\n", row.line, buf_cstr(&joined));
            o->chosen = choose_profile(set, force, name, o->headers, o->nheaders, &o->b, verbose,
                                       &o->rival, near, sizeof(near));
            if (o->chosen >= 0) {
                o->header_line = row.line;
                break;
            }
            if (k == 0 && near[0])
                trdb_err_set(e, TRDB_ENOTFOUND, "no format profile fits: %s", near);
            else if (k == 0)
                trdb_err_set(e, TRDB_ENOTFOUND, "%s header '%s' (line %ld)",
                             force ? "the profile given with --format does not fit"
                                   : "no format profile matches",
                             buf_cstr(&joined), row.line);
            free_headers(o->headers, o->nheaders);
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
                opened_release(o);
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
        opened_release(o);
    }
    if (guessing && rc == TRDB_ENOTFOUND)
        *e = first_failure; /* the UTF-8 reading's reason is the one to show */
out:
    if (rc == TRDB_ENOTFOUND && !e->msg[0])
        trdb_err_set(e, TRDB_ENOTFOUND, "no profile matches any of the first %d records",
                     MAX_HEADER_SEARCH);
    if (rc)
        opened_release(o);
    spec->encoding = rc == 0 ? spec->encoding : given;
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
                     const char *display, FILE *verbose, struct opened *o, struct trdb_err *e)
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

/*
 * The next row of an opened source: a CSV record, or a JSON record
 * flattened to the profile's paths. Returns 1, 0 at the end, or < 0.
 */
static int next_row(struct opened *o, const struct profile *p, struct csvr_row *row,
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
        if (jsonr_value(rec, p->paths[k], o->cells[k], JSON_CELL_CAP) >= JSON_CELL_CAP &&
            !row->problem) {
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
        }
    }
    return 1;
}

int ingest_detect(const struct profile_set *set, const struct source_spec *spec_in,
                  const char *display, FILE *out, int verbose, struct detect_report *rep,
                  struct trdb_err *err)
{
    struct source_spec spec = *spec_in;
    struct opened o;
    int rc;

    memset(rep, 0, sizeof(*rep));
    if (json_kind(base_name(spec.member ? spec.member : spec.path)))
        rc = open_json(set, NULL, &spec, display, verbose ? out : NULL, &o, err);
    else
        rc = open_header(set, NULL, &spec, display, verbose ? out : NULL, &o, err);
    if (rc == 0) {
        rep->profile = o.b.p->name;
        rep->rival = o.rival;
        rep->header_line = o.header_line;
        snprintf(rep->header, sizeof(rep->header), "%s", o.header_text);
        snprintf(rep->encoding, sizeof(rep->encoding), "%s", source_encoding(o.src));
        opened_release(&o);
    }
    return rc;
}

/* Everything one file's mapping needs. */
struct filectx {
    struct ingest *ig;
    const char *path;        /* as shown: FILE, or ARCHIVE!MEMBER */
    struct source_spec spec; /* how to read it again */
    struct profile_binding b;
    char **headers;
    size_t nheaders;
    long long file_id, dataset_id;
    struct file_counts counts;
    struct buf val[F_COUNT]; /* the fields' values for the current row */
    int has[F_COUNT];
    struct buf scratch, raw;
    struct fact *facts;
    struct value *values;
    struct buf *rawvals;
    size_t nfacts;
    struct period_opts popts; /* the profile's, with this file's day/month order */
    int order_known;          /* the file's day/month order has been decided */
    long header_line;
    struct trdb_err fail;     /* why the whole file fails, for MAP_FILE_FAILS */
    char mtime[32];           /* the file's modification time, ISO 8601 UTC */
    struct apps_writer *apps; /* app profiles: where their records go */
    struct jsonr *jr;         /* a JSON source: the line a reject came from */
};

/* What map_row made of a row (negative: the database failed). */
enum { MAP_LOADED = 0, MAP_SKIPPED = 1, MAP_REJECTED = 2, MAP_FILE_FAILS = 3 };

/* A row's rejection: the reason, and the column it concerns. */
struct row_error {
    char reason[400];
    const char *column;
};

static int reject_row(struct filectx *fc, const struct csvr_row *row, const struct row_error *re,
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
        join_row(&fc->raw, row->field, row->n, RAW_CAP);
    }
    buf_init(&raw, RAW_CAP * 4 + 64);
    buf_init(&reason, sizeof(re->reason) * 4);
    why = utf8_text(re->reason, &reason);
    if (fc->counts.rows_rejected <= 5 && ig->log) {
        quiet_progress(ig);
        fprintf(ig->log, "trdb: %s:%ld: rejected: %s\n", fc->path, row->line,
                printable(why, shown, sizeof(shown)));
    }
    rc = store_reject(ig->st, fc->file_id, ig->run_id, row->line, re->column, why,
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
    case SRC_PATH:
        cell = row->field[col];
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
    if (fs->skip && rx_match(fs->skip, v->data, v->len) == 1)
        return 1;
    if (fs->nmap) {
        size_t i;
        for (i = 0; i < fs->nmap; i++)
            if (rx_match(fs->map[i].rx, v->data, v->len) == 1)
                break;
        if (i < fs->nmap) {
            buf_reset(v);
            buf_puts(v, fs->map[i].value);
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

/*
 * Country: the name must resolve (and agree with the publisher's code column
 * when there is one); a blank name takes the code.
 */
static int resolve_country(struct filectx *fc, const struct csvr_row *row, const char **code,
                           int *footnote, struct row_error *re)
{
    struct trdb_err e = {0, ""};
    const struct country *c, *bycode = NULL;
    const char *name = fc->val[F_COUNTRY].data;
    char codebuf[16] = "";

    *code = NULL;
    *footnote = 0;
    if (fc->b.code_col >= 0) {
        snprintf(codebuf, sizeof(codebuf), "%s", row->field[fc->b.code_col]);
        utf8_trim(codebuf);
        if (codebuf[0])
            bycode = country_by_code(fc->ig->countries, codebuf);
    }
    if (!fc->has[F_COUNTRY]) {
        if (bycode) {
            *code = bycode->code;
            return 0;
        }
        if (fc->b.p->field[F_COUNTRY].optional)
            return 0;
        snprintf(re->reason, sizeof(re->reason), "no country in column '%s'",
                 re->column ? re->column : "country");
        return -1;
    }
    /* a name nobody knows is a reject, even when the code beside it is known */
    c = country_lookup(fc->ig->countries, name,
                       (const char *const *)fc->b.p->field[F_COUNTRY].languages, footnote, &e);
    if (!c) {
        snprintf(re->reason, sizeof(re->reason), "%s in column '%s'", e.msg,
                 re->column ? re->column : "country");
        return -1;
    }
    if (bycode && bycode != c) {
        snprintf(re->reason, sizeof(re->reason), "country '%s' is %s but column '%s' says '%s'",
                 name, c->code, fc->headers[fc->b.code_col], codebuf);
        re->column = fc->headers[fc->b.code_col];
        return -1;
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
static int decide_order(struct filectx *fc)
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
        if (row.line <= fc->header_line || row.problem || row.n != fc->nheaders)
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
 * What every row goes through before it is mapped: a record the reader
 * could not use, a blank line, a field count unlike the header's, then each
 * field resolved (resolve_field). any_format: the blank and count checks
 * apply to JSON records too (facts); else to CSV rows only (app records,
 * where an empty capture is still a row). Returns MAP_LOADED to go on,
 * MAP_SKIPPED, or MAP_REJECTED with re filled.
 */
static int resolve_row(struct filectx *fc, const struct csvr_row *row, int any_format,
                       struct row_error *re)
{
    int checked = any_format || fc->b.p->format == FORMAT_CSV, rc;
    size_t all_blank = 1;

    if (row->problem) {
        snprintf(re->reason, sizeof(re->reason), "%s", row->problem);
        if (row->problem_field && row->problem_field <= fc->nheaders)
            re->column = fc->headers[row->problem_field - 1];
        return MAP_REJECTED;
    }
    for (size_t i = 0; i < row->n; i++)
        if (!is_blank(row->field[i]))
            all_blank = 0;
    if (all_blank && checked)
        return MAP_SKIPPED;
    if (checked && row->n != fc->nheaders) {
        snprintf(re->reason, sizeof(re->reason), "expected %zu fields as in the header, found %zu",
                 fc->nheaders, row->n);
        return MAP_REJECTED;
    }
    for (int f = 0; f < F_COUNT; f++) {
        rc = resolve_field(fc, f, row, re);
        if (rc == 1)
            return MAP_SKIPPED;
        if (rc < 0)
            return MAP_REJECTED;
    }
    return MAP_LOADED;
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

    if ((rc = resolve_row(fc, row, 1, &re)) == MAP_SKIPPED)
        return MAP_SKIPPED;
    if (rc == MAP_REJECTED)
        goto reject;

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
            if (decide_order(fc))
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
    }
    /* country */
    re.column = fc->b.col[F_COUNTRY] >= 0 ? fc->headers[fc->b.col[F_COUNTRY]] : NULL;
    if (resolve_country(fc, row, &country, &footnote, &re))
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
        if (bm->dim_value) {
            const char **slot[] = {[F_LEGAL_PROCESS] = &fa->legal_process,
                                   [F_REQUESTER] = &fa->requester,
                                   [F_PRODUCT] = &fa->product,
                                   [F_REASON] = &fa->reason,
                                   [F_DETAIL] = &fa->detail};
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
                                               [F_DETAIL] = fa->detail};
            if (p->field[f].aggregate && vals[f] &&
                rx_match(p->field[f].aggregate, vals[f], strlen(vals[f])) == 1)
                agg = 1;
        }
        if (p->field[F_COUNTRY].aggregate && fc->has[F_COUNTRY] &&
            rx_match(p->field[F_COUNTRY].aggregate, fc->val[F_COUNTRY].data,
                     fc->val[F_COUNTRY].len) == 1)
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
    fc->counts.facts += (long long)fc->nfacts;
    fc->counts.rows_loaded++;
    return MAP_LOADED;

reject:
    if ((rc = reject_row(fc, row, &re, err)))
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
    if ((rc = resolve_row(fc, row, 0, &re)) == MAP_SKIPPED)
        return MAP_SKIPPED;
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
    if ((rc = reject_row(fc, row, &re, err)))
        return rc;
    return MAP_REJECTED;
}

static void filectx_release(struct filectx *fc)
{
    for (int f = 0; f < F_COUNT; f++)
        buf_release(&fc->val[f]);
    buf_release(&fc->scratch);
    buf_release(&fc->raw);
    if (fc->rawvals)
        for (size_t i = 0; i < fc->b.nbm; i++)
            buf_release(&fc->rawvals[i]);
    free(fc->rawvals);
    free(fc->values);
    free(fc->facts);
    free_headers(fc->headers, fc->nheaders);
    profile_binding_release(&fc->b);
    apps_writer_free(fc->apps);
}

/* Keep a file's outcome for the caller (ingest --json); memory trouble only loses the list. */
static void keep_result(struct ingest *ig, const char *status, const char *path,
                        const char *profile, long long rows, long long rejected, const char *why)
{
    struct ingest_result *r;

    if (!ig->keep_results)
        return;
    if (ig->nresults == ig->results_cap) {
        size_t nc = ig->results_cap ? ig->results_cap * 2 : 32;
        struct ingest_result *nr = realloc(ig->results, nc * sizeof(*nr));
        if (!nr)
            return;
        ig->results = nr;
        ig->results_cap = nc;
    }
    r = &ig->results[ig->nresults];
    memset(r, 0, sizeof(*r));
    snprintf(r->status, sizeof(r->status), "%s", status);
    snprintf(r->profile, sizeof(r->profile), "%s", profile ? profile : "");
    r->file = strdup(path);
    r->message = why ? strdup(why) : NULL;
    r->rows = rows;
    r->rejected = rejected;
    if (r->file)
        ig->nresults++;
}

static void print_line(struct ingest *ig, const char *status, const char *path, const char *profile,
                       long long rows, long long rejected)
{
    char shown[4200];

    quiet_progress(ig);
    if (ig->out)
        fprintf(ig->out, "%s %s profile=%s rows=%lld rejected=%lld\n", status,
                printable(path, shown, sizeof(shown)), profile ? profile : "-", rows, rejected);
    if (strcmp(status, "failed") != 0)
        keep_result(ig, status, path, profile, rows, rejected, NULL);
}

static void failed(struct ingest *ig, const char *path, const char *profile,
                   const struct trdb_err *e)
{
    char shown[4200], why[sizeof(e->msg) * 4];

    quiet_progress(ig);
    if (ig->log)
        fprintf(ig->log, "trdb: %s: %s\n", printable(path, shown, sizeof(shown)),
                printable(e->msg, why, sizeof(why)));
    print_line(ig, "failed", path, profile, 0, 0);
    keep_result(ig, "failed", path, profile, 0, 0, e->msg);
    ig->counts.files_failed++;
    ig->worst = INGEST_FAILED;
}

static void outcome(struct ingest *ig, int o)
{
    if (o > ig->worst)
        ig->worst = o;
}

/*
 * For a profile that reads the file's name or modification time, what makes
 * this file already loaded: the sha256 of its bytes' sha256 with the values
 * taken from the name and the mtime, in OUT key; returns 1. Returns 0 for
 * any other profile (its bytes alone say it).
 */
static int name_identity(const struct filectx *fc, const char *sha, char key[65])
{
    const struct profile *p = fc->b.p;
    struct sha256 h;

    if (!profile_reads_file_name(p))
        return 0;
    sha256_init(&h);
    sha256_update(&h, sha, strlen(sha));
    for (int f = 0; f < F_COUNT; f++) {
        const char *v = NULL;
        char tag[16];
        if (p->field[f].src == SRC_FILENAME)
            v = fc->b.fixed[f] ? fc->b.fixed[f] : "";
        else if (p->field[f].src == SRC_MTIME)
            v = fc->mtime;
        if (!v)
            continue;
        snprintf(tag, sizeof(tag), "%c%d=", '\0', f);
        sha256_update(&h, tag, 1 + strlen(tag + 1));
        sha256_update(&h, v, strlen(v));
    }
    sha256_hex(&h, key);
    return 1;
}

/*
 * Load one source (a file, or a member of an archive) inside its own
 * transaction. sha is the sha256 of its raw bytes, computed beforehand so
 * that a source already loaded is not read at all. Returns 0 (the outcome is
 * in ig), or a negative code when the database cannot go on.
 */
static int ingest_source(struct ingest *ig, const char *display, const struct source_spec *spec,
                         const char *sha, long long bytes, struct trdb_err *err)
{
    struct filectx fc;
    struct opened o;
    struct known_file known;
    struct trdb_err e = {0, ""};
    struct csvr_row row;
    struct file_info fi;
    char sha_again[65], key[65];
    int rc, in_tx = 0;
    long long forget = 0, ticks = 0;

    memset(&fc, 0, sizeof(fc));
    memset(&o, 0, sizeof(o));
    o.chosen = -1;
    fc.ig = ig;
    fc.path = display;
    fc.spec = *spec;
    for (int f = 0; f < F_COUNT; f++)
        buf_init(&fc.val[f], 1 << 20);
    buf_init(&fc.scratch, 1 << 20);
    buf_init(&fc.raw, RAW_CAP + 16);
    ig->counts.files_seen++;

    rc = store_file_known(ig->st, sha, &known, err);
    if (rc < 0)
        goto out;
    if (rc == 1 && strcmp(known.path, display) != 0) {
        /*
         * the same bytes under another name: another file when its layout
         * reads the name (a database loaded before schema 4 keeps such files
         * under their bytes' sha256 alone); name_identity decides below
         */
        const struct profile *kp = profile_find(ig->profiles, known.profile);
        if (kp && profile_reads_file_name(kp))
            rc = 0;
    }
    /* --force loads a file again, but not twice in one run (two copies of its bytes) */
    forget = rc == 1 && ig->force && known.run != ig->run_id ? known.id : 0;
    if (rc == 1 && !forget) {
        print_line(ig, "unchanged", display, known.profile, known.rows_loaded, known.rows_rejected);
        ig->counts.files_unchanged++;
        rc = 0;
        goto out;
    }

    if (json_kind(base_name(spec->member ? spec->member : spec->path)))
        rc = open_json(ig->profiles, ig->force_profile, &fc.spec, display, NULL, &o, &e);
    else
        rc = open_header(ig->profiles, ig->force_profile, &fc.spec, display, NULL, &o, &e);
    if (rc == 0 && o.rival) {
        /* loading under the wrong dataset would be worse than not loading */
        trdb_err_set(&e, TRDB_EAMBIG,
                     "profiles '%s' and '%s' fit equally well; choose one with --format "
                     "(see 'trdb detect %s')",
                     o.b.p->name, o.rival, display);
        rc = TRDB_EAMBIG;
    }
    if (rc) {
        if (rc == TRDB_ENOMEM)
            goto out;
        failed(ig, display, NULL, &e);
        rc = 0;
        goto out;
    }
    /* the file context takes over the header and the binding */
    fc.b = o.b;
    o.chosen = -1;
    fc.headers = o.headers;
    fc.nheaders = o.nheaders;
    o.headers = NULL;
    o.nheaders = 0;
    fc.header_line = o.header_line;
    fc.jr = o.jr; /* o keeps it, and frees it */
    fc.popts = fc.b.p->field[fc.b.p->kind == KIND_FACTS ? F_PERIOD : F_DATE].popts;
    {
        /* the file's (or archive member's) modification time, for profiles that date by it */
        time_t t;
        struct tm tm;
        fc.mtime[0] = '\0';
        if (source_mtime(o.src, &t) && gmtime_r(&t, &tm))
            strftime(fc.mtime, sizeof(fc.mtime), "%Y-%m-%dT%H:%M:%SZ", &tm);
    }
    fi.sha256 = sha;
    if (name_identity(&fc, sha, key)) {
        /* the same bytes under another name or time are another record */
        fi.sha256 = key;
        if ((rc = store_file_known(ig->st, key, &known, err)) < 0)
            goto out;
        if (rc == 1 && !(forget = ig->force && known.run != ig->run_id ? known.id : 0)) {
            print_line(ig, "unchanged", display, known.profile, known.rows_loaded,
                       known.rows_rejected);
            ig->counts.files_unchanged++;
            rc = 0;
            goto out;
        }
    }
    for (size_t i = 0; fc.b.p->field[F_COUNTRY].languages && fc.b.p->field[F_COUNTRY].languages[i];
         i++) {
        if (country_db_add_language(ig->countries, ig->locale_dir,
                                    fc.b.p->field[F_COUNTRY].languages[i], &e)) {
            failed(ig, display, fc.b.p->name, &e);
            rc = 0;
            goto out;
        }
    }
    for (size_t c = 0; c < fc.nheaders; c++) {
        if (!fc.b.used[c]) {
            quiet_progress(ig);
            if (ig->log) {
                char shown[4200], col[1024];
                fprintf(ig->log, "trdb: warning: %s: column '%s' is not read by profile '%s'\n",
                        printable(display, shown, sizeof(shown)),
                        printable(fc.headers[c], col, sizeof(col)), fc.b.p->name);
            }
            outcome(ig, INGEST_WARN);
        }
    }

    fc.facts = calloc(fc.b.nbm + 1, sizeof(*fc.facts));
    fc.values = calloc(fc.b.nbm + 1, sizeof(*fc.values));
    fc.rawvals = calloc(fc.b.nbm + 1, sizeof(*fc.rawvals));
    if (!fc.facts || !fc.values || !fc.rawvals) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < fc.b.nbm; i++)
        buf_init(&fc.rawvals[i], 4096);

    if ((rc = store_begin(ig->st, err)))
        goto out;
    in_tx = 1;
    /* --force: the earlier load goes, in the transaction that loads the file again */
    if (forget && (rc = store_file_forget(ig->st, forget, err)))
        goto out;
    fi.path = display;
    fi.content_sha256 = sha;
    fi.profile = fc.b.p->name;
    fi.publisher = fc.b.p->publisher;
    fi.dataset = fc.b.p->dataset;
    fi.bytes = bytes;
    fi.in_summary = fc.b.p->summary;
    fi.run_id = ig->run_id;
    if ((rc = store_file_add(ig->st, &fi, &fc.file_id, &fc.dataset_id, err)))
        goto out;
    if (fc.b.p->kind != KIND_FACTS && !(fc.apps = apps_writer_new(ig->st, fc.file_id, err))) {
        rc = err ? err->code : TRDB_EDB;
        goto out;
    }
    for (;;) {
        rc = next_row(&o, fc.b.p, &row, &e);
        if (rc < 0) {
            if (rc == TRDB_EIO)
                trdb_err_set(&e, TRDB_EIO, "%s", source_error(o.src));
            store_rollback(ig->st);
            in_tx = 0;
            failed(ig, display, fc.b.p->name, &e);
            rc = 0;
            goto out;
        }
        if (rc == 0)
            break;
        rc = fc.b.p->kind == KIND_FACTS ? map_row(&fc, &row, err) : map_app_row(&fc, &row, err);
        if (rc < 0)
            goto out;
        if (rc == MAP_LOADED && o.unknown && ++ig->unknown_captures <= UNKNOWN_NAMED && ig->log) {
            /* not an error (a failed capture is what monitors keep), but not silent either */
            quiet_progress(ig);
            char shown[4200];
            fprintf(ig->log, "trdb: %s: %s: kept as a capture of unknown availability\n",
                    printable(display, shown, sizeof(shown)), o.unknown);
        }
        if (rc == MAP_FILE_FAILS) {
            store_rollback(ig->st);
            in_tx = 0;
            failed(ig, display, fc.b.p->name, &fc.fail);
            rc = 0;
            goto out;
        }
        if (rc == MAP_SKIPPED)
            fc.counts.rows_skipped++;
        if (ig->progress && ++ticks % 2048 == 0)
            ig->progress(ig->progress_ctx, display, "reading", source_position(o.src), bytes);
    }
    if (ig->progress)
        ig->progress(ig->progress_ctx, display, "merging", bytes, bytes);
    source_digest(o.src, sha_again, NULL);
    if (strcmp(sha, sha_again) != 0) {
        store_rollback(ig->st);
        in_tx = 0;
        trdb_err_set(&e, TRDB_EIO, "the file changed while it was being read; try again");
        failed(ig, display, fc.b.p->name, &e);
        rc = 0;
        goto out;
    }
    if ((rc = store_file_finish(ig->st, fc.file_id, &fc.counts, err)) ||
        (fc.apps && (rc = apps_file_finish(fc.apps, err))))
        goto out;
    if (ig->dry_run) {
        store_rollback(ig->st);
    } else if ((rc = store_commit(ig->st, err))) {
        goto out;
    }
    in_tx = 0;
    print_line(ig, ig->dry_run ? "checked" : "loaded", display, fc.b.p->name, fc.counts.rows_loaded,
               fc.counts.rows_rejected);
    quiet_progress(ig);
    if (fc.counts.rows_rejected > 5 && ig->log)
        fprintf(ig->log, "trdb: %s: %lld rows rejected in all; see 'trdb rejects'\n", display,
                fc.counts.rows_rejected);
    if (fc.counts.rows_rejected && source_looks_legacy(o.src) && ig->log)
        fprintf(ig->log,
                "trdb: %s: hint: the file may not be UTF-8; if its rejects are invalid "
                "UTF-8, load it again with --force --encoding WINDOWS-1252 (or MACINTOSH)\n",
                display);
    ig->counts.files_loaded++;
    ig->counts.rows_loaded += fc.counts.rows_loaded;
    ig->counts.rows_rejected += fc.counts.rows_rejected;
    if (fc.counts.rows_rejected)
        outcome(ig, INGEST_WARN);
    rc = 0;
out:
    if (in_tx)
        store_rollback(ig->st);
    if (rc < 0) {
        /*
         * A statement failed on this file: it is rolled back and reported, and the run
         * goes on. When the database or memory itself failed, the caller stops the run.
         */
        struct trdb_err why = {rc, "out of memory"};
        failed(ig, display, fc.b.p ? fc.b.p->name : NULL, err ? err : &why);
        if (rc == TRDB_EDB)
            rc = 0;
    }
    opened_release(&o);
    filectx_release(&fc);
    return rc;
}

static int ingest_file(struct ingest *ig, const char *path, struct trdb_err *err)
{
    struct source_spec spec = {path, NULL, 0, ig->encoding};
    struct trdb_err e = {0, ""};
    char sha[65];
    long long bytes = 0;

    if (sha256_file(path, sha, &bytes, &e)) {
        ig->counts.files_seen++;
        failed(ig, path, NULL, &e);
        return 0;
    }
    return ingest_source(ig, path, &spec, sha, bytes, err);
}

/* One member of an archive, as source_archive_list finds it. */
struct member {
    char *name;
    int seq;
    char sha[65];
    long long bytes;
};

struct member_list {
    struct member *m;
    size_t n, cap;
};

static int add_member(void *ctx, const char *name, int seq, const char *sha, long long bytes)
{
    struct member_list *l = ctx;

    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        struct member *nm = realloc(l->m, nc * sizeof(*nm));
        if (!nm)
            return TRDB_ENOMEM;
        l->m = nm;
        l->cap = nc;
    }
    if (!(l->m[l->n].name = strdup(name)))
        return TRDB_ENOMEM;
    snprintf(l->m[l->n].sha, sizeof(l->m[l->n].sha), "%s", sha);
    l->m[l->n].seq = seq;
    l->m[l->n].bytes = bytes;
    l->n++;
    return 0;
}

/*
 * A zip archive: every data member is a source of its own, shown and
 * recorded as ARCHIVE!MEMBER. Members are only read, never written to disk,
 * so a name like ../x is just a name. A broken archive fails as one file.
 */
static int ingest_archive(struct ingest *ig, const char *path, struct trdb_err *err)
{
    struct member_list l = {NULL, 0, 0};
    struct trdb_err e = {0, ""};
    int rc = source_archive_list(path, add_member, &l, &e);

    if (rc == TRDB_ENOMEM) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    } else if (rc) {
        /* nothing of a broken archive is loaded: its members may be cut short */
        ig->counts.files_seen++;
        failed(ig, path, NULL, &e);
        rc = 0;
    } else if (l.n == 0) {
        ig->counts.files_seen++;
        trdb_err_set(&e, TRDB_ENOTFOUND, "the archive holds no .csv or .tsv member");
        failed(ig, path, NULL, &e);
    }
    for (size_t i = 0; i < l.n && !rc && !e.code; i++) {
        struct source_spec spec = {path, l.m[i].name, l.m[i].seq, ig->encoding};
        char display[4200], name[4200];
        /* shown and recorded with its control characters as \xNN; opened by its own name */
        const char *shown = printable(l.m[i].name, name, sizeof(name));
        /* a name that repeats in the archive gets its place: x.zip!a.csv#2 */
        if (l.m[i].seq)
            snprintf(display, sizeof(display), "%s!%s#%d", path, shown, l.m[i].seq + 1);
        else
            snprintf(display, sizeof(display), "%s!%s", path, shown);
        if (climbs_out(l.m[i].name)) {
            /* harmless here (members are never written out), but not what a publisher ships */
            char where[4200];
            quiet_progress(ig);
            if (ig->log)
                fprintf(ig->log,
                        "trdb: warning: %s: member name '%s' points outside the archive; it is "
                        "only read, nothing is written\n",
                        printable(path, where, sizeof(where)), shown);
            outcome(ig, INGEST_WARN);
        }
        rc = ingest_source(ig, display, &spec, l.m[i].sha, l.m[i].bytes, err);
    }
    for (size_t i = 0; i < l.n; i++)
        free(l.m[i].name);
    free(l.m);
    return rc;
}

static int has_data_suffix(const char *name)
{
    static const char *const suffixes[] = {".csv",  ".tsv",   ".txt",    ".zip",
                                           ".json", ".jsonl", ".ndjson", NULL};
    size_t n = strlen(name);

    for (const char *const *s = suffixes; *s; s++) {
        size_t k = strlen(*s);
        if (n > k && strcasecmp(name + n - k, *s) == 0)
            return 1;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ingest_dir(struct ingest *ig, const char *dir, int depth, struct trdb_err *err)
{
    DIR *d;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;

    if (depth > 32) {
        struct trdb_err e;
        trdb_err_set(&e, TRDB_ELIMIT, "folders nested too deep");
        failed(ig, dir, NULL, &e);
        return 0;
    }
    d = opendir(dir);
    if (!d) {
        struct trdb_err e;
        trdb_err_set(&e, TRDB_EIO, "cannot open folder: %s", strerror(errno));
        failed(ig, dir, NULL, &e);
        return 0;
    }
    while ((de = readdir(d)) != NULL) {
        char **nn;
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof(*nn));
            if (!nn) {
                rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
                goto out;
            }
            names = nn;
        }
        if (!(names[n] = strdup(de->d_name))) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            goto out;
        }
        n++;
    }
    if (n)
        qsort(names, n, sizeof(*names), cmp_str);
    for (size_t i = 0; i < n && !rc; i++) {
        char path[4096];
        struct stat sb;
        int len = snprintf(path, sizeof(path), "%s%s%s", dir,
                           dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
        if (len < 0 || (size_t)len >= sizeof(path) || stat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode))
            rc = ingest_dir(ig, path, depth + 1, err);
        else if (S_ISREG(sb.st_mode) && source_is_archive(names[i]))
            rc = ingest_archive(ig, path, err);
        else if (S_ISREG(sb.st_mode) && has_data_suffix(names[i]))
            rc = ingest_file(ig, path, err);
    }
out:
    closedir(d);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

void ingest_results_free(struct ingest *ig)
{
    for (size_t i = 0; i < ig->nresults; i++) {
        free(ig->results[i].file);
        free(ig->results[i].message);
    }
    free(ig->results);
    ig->results = NULL;
    ig->nresults = ig->results_cap = 0;
}

int ingest_path(struct ingest *ig, const char *path, struct trdb_err *err)
{
    struct stat sb;

    if (stat(path, &sb) != 0) {
        struct trdb_err e;
        trdb_err_set(&e, TRDB_EIO, "cannot read: %s", strerror(errno));
        ig->counts.files_seen++;
        failed(ig, path, NULL, &e);
        return 0;
    }
    if (S_ISDIR(sb.st_mode))
        return ingest_dir(ig, path, 0, err);
    if (source_is_archive(path))
        return ingest_archive(ig, path, err);
    return ingest_file(ig, path, err);
}
