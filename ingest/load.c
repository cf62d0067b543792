/*
 * load.c: one source (a file, or a member of an archive) in one
 * transaction: is it already loaded, which profile reads it, then begin,
 * map every row, and finish (commit, or roll back in a dry run or on
 * failure). Not for finding the sources (ingest.c) or mapping a row (fields.c,
 * rowmap.c).
 */
#include "ingest_int.h"
#include "../lib/digest.h"
#include "../lib/interrupt.h"
#include "../model/apps.h"
#include "../model/country.h"
#include "../lib/rx.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/banned.h"

/* A step's answer besides 0 (go on) and < 0 (an error in err): the file's outcome is reported. */
#define LOAD_DONE 1

/* One source's load, from its sha256 to its commit. */
struct load {
    struct ingest *ig;
    const char *display; /* FILE or ARCHIVE!MEMBER, as shown and recorded */
    const char *sha;     /* its bytes' sha256 */
    long long bytes;
    const char *identity; /* what makes it loaded: sha, or key */
    char key[65];         /* for a profile that reads the file's name or time */
    struct known_file known;
    long long forget; /* --force: the earlier load of it that goes */
    struct opened o;
    struct filectx fc;
    int in_tx;
};

static void filectx_release(struct filectx *fc)
{
    for (int f = 0; f < F_COUNT; f++)
        buf_release(&fc->val[f]);
    buf_release(&fc->scratch);
    buf_release(&fc->raw);
    buf_release(&fc->code_warned);
    hier_state_release(&fc->hier);
    free(fc->service);
    free(fc->publisher);
    if (fc->rawvals)
        for (size_t i = 0; i < fc->b.nbm; i++)
            buf_release(&fc->rawvals[i]);
    free(fc->rawvals);
    free(fc->values);
    free(fc->facts);
    ingest_free_headers(fc->headers, fc->nheaders);
    profile_binding_release(&fc->b);
    apps_writer_free(fc->apps);
    ingest_records_release(fc);
}

/*
 * The one way out for a file that fails: what it wrote is rolled back, why
 * is reported (with its profile once one is chosen), and the run goes on.
 * Returns LOAD_DONE.
 */
static int load_abandon(struct load *l, const struct trdb_err *why)
{
    if (l->in_tx) {
        store_rollback(l->ig->st);
        l->in_tx = 0;
    }
    ingest_failed(l->ig, l->display, l->fc.b.p ? l->fc.b.p->name : NULL, why);
    return LOAD_DONE;
}

/* The file is loaded already: its line, counted. Returns LOAD_DONE. */
static int load_unchanged(struct load *l)
{
    ingest_print_line(l->ig, "unchanged", l->display, l->known.profile, l->known.rows_loaded,
                      l->known.rows_rejected);
    l->ig->sum.counts.files_unchanged++;
    return LOAD_DONE;
}

/*
 * For a profile that reads the file's name or modification time, what makes
 * this file already loaded: the sha256 of its bytes' sha256 with the values
 * taken from the name and the mtime, in OUT key; returns 1. Returns 0 for
 * any other profile (its bytes alone say it), TRDB_ENOMEM when libcrypto fails.
 */
static int name_identity(const struct filectx *fc, const char *sha, char key[65],
                         struct trdb_err *err)
{
    const struct profile *p = fc->b.p;
    EVP_MD_CTX *h;
    int ok;

    if (!profile_reads_file_name(p))
        return 0;
    h = EVP_MD_CTX_new();
    ok = h && EVP_DigestInit_ex(h, EVP_sha256(), NULL) && EVP_DigestUpdate(h, sha, strlen(sha));
    for (int f = 0; ok && f < F_COUNT; f++) {
        const char *v = NULL;
        char tag[16];
        if (p->field[f].src == SRC_FILENAME)
            v = fc->b.fixed[f] ? fc->b.fixed[f] : "";
        else if (p->field[f].src == SRC_MTIME)
            v = fc->mtime;
        if (!v)
            continue;
        /* a NUL, the field's number and '=' keep one value from running into the next */
        snprintf(tag, sizeof(tag), "%c%d=", '\0', f);
        ok = EVP_DigestUpdate(h, tag, 1 + strlen(tag + 1)) && EVP_DigestUpdate(h, v, strlen(v));
    }
    ok = ok && digest_final_hex(h, key, NULL) == 0;
    EVP_MD_CTX_free(h);
    return ok ? 1 : trdb_err_set(err, TRDB_ENOMEM, "out of memory hashing the file's name");
}

/* Are these bytes loaded already (and not to be loaded again with --force)? */
static int load_known(struct load *l, struct trdb_err *err)
{
    struct ingest *ig = l->ig;
    int rc = store_file_known(ig->st, l->sha, &l->known, err);

    if (rc < 0)
        return rc;
    if (rc == 1 && strcmp(l->known.path, l->display) != 0) {
        /*
         * the same bytes under another name: another file when its layout
         * reads the name (a database loaded before schema 4 keeps such files
         * under their bytes' sha256 alone); name_identity decides below
         */
        const struct profile *kp = profile_find(ig->profiles, l->known.profile);
        if (kp && profile_reads_file_name(kp))
            rc = 0;
    }
    /* --force loads a file again, but not twice in one run (two copies of its bytes) */
    l->forget = rc == 1 && ig->opts.force && l->known.run != ig->sum.run_id ? l->known.id : 0;
    if (rc == 1 && !l->forget)
        return load_unchanged(l);
    return 0;
}

/*
 * A layout trdb knows and does not read (a profile of kind skip): its line
 * and why, once, and nothing recorded, so the next run says it again. Not
 * a warning: nothing is wrong with the file. Returns LOAD_DONE.
 */
static int load_skipped(struct load *l)
{
    struct ingest *ig = l->ig;
    const struct profile *p = l->fc.b.p;
    char shown[4200];

    ingest_print_line(ig, "skipped", l->display, p->name, 0, 0);
    if (ig->opts.log)
        fprintf(ig->opts.log, "trdb: %s: skipped: %s\n",
                ingest_printable(l->display, shown, sizeof(shown)), p->description);
    return LOAD_DONE;
}

/* Open the source and choose its profile; the file context takes over the header and binding. */
static int load_detect(struct load *l, struct trdb_err *err)
{
    struct ingest *ig = l->ig;
    struct filectx *fc = &l->fc;
    struct trdb_err e = {0, ""};
    time_t t;
    struct tm tm;
    int rc = ingest_open_source(ig->profiles, ig->force_profile, &fc->spec, l->display, NULL, 0,
                                &l->o, &e);

    if (rc == 0 && l->o.rival) {
        /* loading under the wrong dataset would be worse than not loading */
        rc = trdb_err_set(&e, TRDB_EAMBIG,
                          "profiles '%s' and '%s' fit equally well; choose one with --format "
                          "(see 'trdb detect %s')",
                          l->o.b.p->name, l->o.rival, l->display);
    }
    if (rc == TRDB_ENOMEM) {
        if (err)
            *err = e;
        return rc;
    }
    if (rc)
        return load_abandon(l, &e);
    fc->b = l->o.b;
    l->o.chosen = -1;
    fc->headers = l->o.headers;
    fc->nheaders = l->o.nheaders;
    l->o.headers = NULL;
    l->o.nheaders = 0;
    fc->header_line = l->o.header_line;
    fc->jr = l->o.jr; /* o keeps it, and frees it */
    fc->popts = fc->b.p->field[fc->b.p->kind == KIND_FACTS ? F_PERIOD : F_DATE].popts;
    /* the file's (or archive member's) modification time, for profiles that date by it */
    fc->mtime[0] = '\0';
    if (source_mtime(l->o.src, &t) && gmtime_r(&t, &tm))
        strftime(fc->mtime, sizeof(fc->mtime), "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (fc->b.p->kind == KIND_SKIP)
        return load_skipped(l);
    return 0;
}

/*
 * A warning per measure, and per field, whose column this file lacks: the
 * rest of the file loads, without those figures or that dimension.
 */
static void load_warn_absent(struct load *l)
{
    struct ingest *ig = l->ig;
    const struct profile_binding *b = &l->fc.b;
    char shown[4200];

    for (size_t i = 0; i < b->nmissing; i++) {
        const struct measure_spec *m = &b->p->measures[b->missing[i]];
        ingest_quiet_progress(ig);
        if (ig->opts.log)
            fprintf(ig->opts.log,
                    "trdb: warning: %s: no column for measure '%s' (/%s/) of profile '%s'; "
                    "the file has no such figures\n",
                    ingest_printable(l->display, shown, sizeof(shown)), m->metric,
                    rx_pattern(m->low ? m->low : m->column), b->p->name);
        ingest_worsen(ig, INGEST_WARN);
    }
    for (int f = 0; f < F_COUNT; f++) {
        const char *pat;
        char names[256];
        size_t len = 0;
        int seen = 0;
        if (!b->absent[f])
            continue;
        pat = rx_pattern(b->p->field[f].column);
        for (int g = 0; g < f && !seen; g++)
            seen = b->absent[g] && strcmp(rx_pattern(b->p->field[g].column), pat) == 0;
        if (seen)
            continue; /* one warning per column, naming every field it feeds */
        names[0] = '\0';
        for (int g = f; g < F_COUNT && len < sizeof(names) - 64; g++) {
            const struct field_spec *fs = &b->p->field[g];
            if (!b->absent[g] || strcmp(rx_pattern(fs->column), pat) != 0)
                continue;
            len += (size_t)snprintf(names + len, sizeof(names) - len, "%s'%s'%s%.40s%s",
                                    len ? ", " : "", profile_field_name((enum field_id)g),
                                    fs->dflt ? " (so '" : "", fs->dflt ? fs->dflt : "",
                                    fs->dflt ? "')" : "");
        }
        ingest_quiet_progress(ig);
        if (ig->opts.log)
            fprintf(ig->opts.log,
                    "trdb: warning: %s: no column matches /%s/ of profile '%s'; the rows have no "
                    "value from it for %s\n",
                    ingest_printable(l->display, shown, sizeof(shown)), pat, b->p->name, names);
        ingest_worsen(ig, INGEST_WARN);
    }
}

/* Record the header's columns and what the profile made of each (file_columns). */
static int load_record_columns(struct load *l, struct trdb_err *err)
{
    struct filectx *fc = &l->fc;
    static const char *const status[] = {"unread", "read", "ignored"};
    int rc;

    if (fc->jr)
        return 0; /* a JSON record's "header" is the profile's own paths */
    for (size_t c = 0; c < fc->nheaders; c++)
        if ((rc = store_file_column(l->ig->st, fc->file_id, (int)c + 1, fc->headers[c],
                                    status[fc->b.used[c] < 3 ? fc->b.used[c] : 1], err)))
            return rc;
    return 0;
}

/*
 * Before the transaction: the identity of a file whose profile reads its
 * name, the country-name languages (the profile's and the header's), a
 * warning per unread column, and the per-row buffers.
 */
static int load_prepare(struct load *l, struct trdb_err *err)
{
    struct ingest *ig = l->ig;
    struct filectx *fc = &l->fc;
    int rc;

    l->identity = l->sha;
    {
        struct trdb_err e = {0, ""};
        if ((rc = name_identity(fc, l->sha, l->key, &e)) < 0)
            return load_abandon(l, &e);
    }
    if (rc == 1) {
        /* the same bytes under another name or time are another record */
        l->identity = l->key;
        if ((rc = store_file_known(ig->st, l->key, &l->known, err)) < 0)
            return rc;
        if (rc == 1 &&
            !(l->forget = ig->opts.force && l->known.run != ig->sum.run_id ? l->known.id : 0))
            return load_unchanged(l);
    }
    for (size_t i = 0; fc->b.country_langs && fc->b.country_langs[i]; i++) {
        struct trdb_err e = {0, ""};
        if (country_db_add_language(ig->countries, ig->opts.locale_dir, fc->b.country_langs[i], &e))
            return load_abandon(l, &e);
    }
    for (size_t c = 0; c < fc->nheaders; c++) {
        if (!fc->b.used[c]) {
            ingest_quiet_progress(ig);
            if (ig->opts.log) {
                char shown[4200], col[1024];
                fprintf(ig->opts.log,
                        "trdb: warning: %s: column '%s' is not read by profile '%s'\n",
                        ingest_printable(l->display, shown, sizeof(shown)),
                        ingest_printable(fc->headers[c], col, sizeof(col)), fc->b.p->name);
            }
            ingest_worsen(ig, INGEST_WARN);
        }
    }
    load_warn_absent(l);
    fc->facts = calloc(fc->b.nbm + 1, sizeof(*fc->facts));
    fc->values = calloc(fc->b.nbm + 1, sizeof(*fc->values));
    fc->rawvals = calloc(fc->b.nbm + 1, sizeof(*fc->rawvals));
    if (!fc->facts || !fc->values || !fc->rawvals)
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    for (size_t i = 0; i < fc->b.nbm; i++)
        buf_init(&fc->rawvals[i], 4096);
    if (hier_state_init(&fc->hier, &fc->b.p->hier))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    /* a publisher a column names: from its first row, before the file is recorded */
    if ((rc = ingest_file_publisher(fc, err)) == MAP_FILE_FAILS)
        return load_abandon(l, &fc->fail);
    return rc;
}

/* Begin the file's transaction: the earlier load goes (--force), the file is recorded. */
static int load_begin(struct load *l, struct trdb_err *err)
{
    struct ingest *ig = l->ig;
    struct filectx *fc = &l->fc;
    const struct profile *p = fc->b.p;
    /* a file of a bundle whose publisher another file of it named (its Table 1) */
    int bundled =
        p->publisher_from && strcmp(p->publisher_from, "bundle") == 0 && ig->bundle.publisher[0];
    struct file_info fi = {.path = l->display,
                           .sha256 = l->identity,
                           .content_sha256 = l->sha,
                           .profile = p->name,
                           .publisher = fc->publisher ? fc->publisher
                                        : bundled     ? ig->bundle.publisher
                                                      : p->publisher,
                           .dataset = p->dataset,
                           .bytes = l->bytes,
                           .in_summary = p->summary,
                           .run_id = ig->sum.run_id,
                           .part = fc->service};
    int rc;

    if ((rc = store_begin(ig->st, err)))
        return rc;
    l->in_tx = 1;
    /* --force: the earlier load goes, in the transaction that loads the file again */
    if (l->forget && (rc = store_file_forget(ig->st, l->forget, err)))
        return rc;
    if ((rc = store_file_add(ig->st, &fi, &fc->file_id, &fc->dataset_id, err)))
        return rc;
    if ((rc = load_record_columns(l, err)) || (rc = store_bulk_begin(ig->st, fc->file_id, err)))
        return rc;
    if (p->kind == KIND_RECORDS)
        return ingest_records_begin(fc, err);
    if (p->kind != KIND_FACTS && !(fc->apps = apps_writer_new(ig->st, fc->file_id, err)))
        return err ? err->code : TRDB_EDB;
    return 0;
}

/*
 * A records file's last record, and its publisher when the file names it
 * (publisher_from): recorded for the file, and the publisher of the other
 * files of its folder or zip. Returns 0, LOAD_DONE when the file fails, or
 * < 0.
 */
static int load_records_finish(struct load *l, struct trdb_err *err)
{
    struct ingest *ig = l->ig;
    struct filectx *fc = &l->fc;
    const struct profile *p = fc->b.p;
    const char *publisher = NULL;
    int rc = ingest_records_finish(fc, &publisher, err);

    if (rc == MAP_FILE_FAILS)
        return load_abandon(l, &fc->fail);
    if (rc || !publisher || strcmp(p->publisher_from, "bundle") == 0)
        return rc;
    if (!ig->bundle.publisher[0] && !ig->bundle.mixed) {
        snprintf(ig->bundle.publisher, sizeof(ig->bundle.publisher), "%s", publisher);
    } else if (strcmp(ig->bundle.publisher, publisher) != 0) {
        /* a folder of several reports: none of them is the others' publisher */
        ig->bundle.publisher[0] = '\0';
        ig->bundle.mixed = 1;
    }
    return store_file_set_publisher(ig->st, fc->file_id, publisher, p->dataset, p->summary,
                                    &fc->dataset_id, err);
}

/* Every row, mapped; a row the reader cannot go past, or a row that fails the file, fails it. */
static int load_rows(struct load *l, struct trdb_err *err)
{
    struct ingest *ig = l->ig;
    struct filectx *fc = &l->fc;
    struct csvr_row row;
    long long ticks = 0;
    int rc;

    for (;;) {
        struct trdb_err e = {0, ""};
        if (interrupt_caught()) { /* SIGINT, SIGTERM: the file is rolled back, the run stops */
            trdb_err_set(&e, TRDB_EINTR, "interrupted");
            return load_abandon(l, &e);
        }
        rc = ingest_next_row(&l->o, fc->b.p, &row, &e);
        if (rc < 0) {
            if (rc == TRDB_EIO)
                trdb_err_set(&e, TRDB_EIO, "%s", source_error(l->o.src));
            return load_abandon(l, &e);
        }
        if (rc == 0)
            return 0;
        rc = ingest_map_row(fc, &row, err);
        if (rc < 0)
            return rc;
        if (rc == MAP_LOADED && l->o.unknown && ++ig->sum.unknown_captures <= UNKNOWN_NAMED &&
            ig->opts.log) {
            /* not an error (a failed capture is what monitors keep), but not silent either */
            char shown[4200];
            ingest_quiet_progress(ig);
            fprintf(ig->opts.log, "trdb: %s: %s: kept as a capture of unknown availability\n",
                    ingest_printable(l->display, shown, sizeof(shown)), l->o.unknown);
        }
        if (rc == MAP_FILE_FAILS)
            return load_abandon(l, &fc->fail);
        if (rc == MAP_SKIPPED)
            fc->counts.rows_skipped++;
        if (ig->opts.progress && ++ticks % 2048 == 0)
            ig->opts.progress(ig->opts.progress_ctx, l->display, "reading",
                              source_position(l->o.src), l->bytes);
    }
}

/* The file read through unchanged: merge, commit (roll back in a dry run), and report. */
static int load_finish(struct load *l, struct trdb_err *err)
{
    struct ingest *ig = l->ig;
    struct filectx *fc = &l->fc;
    char sha_again[65];
    int rc;

    if (ig->opts.progress)
        ig->opts.progress(ig->opts.progress_ctx, l->display, "merging", l->bytes, l->bytes);
    source_digest(l->o.src, sha_again, NULL);
    if (strcmp(l->sha, sha_again) != 0) {
        struct trdb_err e;
        trdb_err_set(&e, TRDB_EIO, "the file changed while it was being read; try again");
        return load_abandon(l, &e);
    }
    if ((rc = store_bulk_end(ig->st, err)))
        return rc;
    if (fc->records && (rc = load_records_finish(l, err)))
        return rc;
    /*
     * The per-file scripts, once per file after its rows, in its transaction
     * (the indexes a bulk load put off are back): merge.sql and summary.sql,
     * then the app scripts. A new per-file script goes here.
     */
    if ((rc = store_file_finish(ig->st, fc->file_id, &fc->counts, err)) ||
        (fc->apps && (rc = apps_file_finish(fc->apps, err))))
        return rc;
    if (ig->opts.dry_run)
        store_rollback(ig->st);
    else if ((rc = store_commit(ig->st, err)))
        return rc;
    l->in_tx = 0;
    ingest_print_line(ig, ig->opts.dry_run ? "checked" : "loaded", l->display, fc->b.p->name,
                      fc->counts.rows_loaded, fc->counts.rows_rejected);
    ingest_quiet_progress(ig);
    if (fc->counts.rows_rejected > 5 && ig->opts.log)
        fprintf(ig->opts.log, "trdb: %s: %lld rows rejected in all; see 'trdb rejects'\n",
                l->display, fc->counts.rows_rejected);
    if (fc->counts.rows_rejected && source_looks_legacy(l->o.src) && ig->opts.log)
        fprintf(ig->opts.log,
                "trdb: %s: hint: the file may not be UTF-8; if its rejects are invalid "
                "UTF-8, load it again with --force --encoding WINDOWS-1252 (or MACINTOSH)\n",
                l->display);
    if (fc->short_rows) {
        /* one line per file: a spreadsheet that drops empty last cells does it on many rows */
        if (ig->opts.log) {
            char shown[4200];
            fprintf(ig->opts.log,
                    "trdb: warning: %s: %lld row%s shorter than the header, the missing "
                    "trailing cells read as empty (first at line %ld)\n",
                    ingest_printable(l->display, shown, sizeof(shown)), fc->short_rows,
                    fc->short_rows == 1 ? "" : "s", fc->first_short_line);
        }
        ingest_worsen(ig, INGEST_WARN);
    }
    ig->sum.counts.files_loaded++;
    ig->sum.counts.rows_loaded += fc->counts.rows_loaded;
    ig->sum.counts.rows_rejected += fc->counts.rows_rejected;
    if (fc->counts.rows_rejected)
        ingest_worsen(ig, INGEST_WARN);
    return 0;
}

int ingest_source(struct ingest *ig, const char *display, const struct source_spec *spec,
                  const char *sha, long long bytes, struct trdb_err *err)
{
    struct load l;
    int rc;

    if (interrupt_caught()) /* a signal: no file more */
        return trdb_err_set(err, TRDB_EINTR, "interrupted by %s",
                            interrupt_name(interrupt_caught()));
    memset(&l, 0, sizeof(l));
    l.ig = ig;
    l.display = display;
    l.sha = sha;
    l.bytes = bytes;
    l.o.chosen = -1;
    l.fc.ig = ig;
    l.fc.path = display;
    l.fc.spec = *spec;
    for (int f = 0; f < F_COUNT; f++)
        buf_init(&l.fc.val[f], 1 << 20);
    buf_init(&l.fc.scratch, 1 << 20);
    buf_init(&l.fc.raw, RAW_CAP + 16);
    buf_init(&l.fc.code_warned, 1 << 16);
    ig->sum.counts.files_seen++;

    if (!(rc = load_known(&l, err)) && !(rc = load_detect(&l, err)) &&
        !(rc = load_prepare(&l, err)) && !(rc = load_begin(&l, err)) && !(rc = load_rows(&l, err)))
        rc = load_finish(&l, err);
    if (rc < 0) {
        /*
         * A statement failed on this file: it is rolled back and reported, and the run
         * goes on. When the database or memory itself failed, the caller stops the run.
         */
        struct trdb_err why = {rc, "out of memory"};
        load_abandon(&l, err ? err : &why);
        if (rc == TRDB_EDB)
            rc = 0;
    } else {
        rc = 0;
    }
    ingest_opened_release(&l.o);
    filectx_release(&l.fc);
    return rc;
}
