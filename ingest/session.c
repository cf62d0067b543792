/*
 * session.c: an ingest session from start to end: the reference data and
 * parsers it loads, the writers' lock, the database and the run row, and
 * freeing all of it. Not for the files themselves (ingest.c, load.c) or for
 * what the command line prints and exits with (cli/).
 */
#include "ingest_int.h"
#include "dblock.h"
#include "../lib/dburi.h"
#include "../lib/interrupt.h"
#include "../model/country.h"
#include "../model/records.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../lib/banned.h"

#define ISO_3166_JSON "/usr/share/iso-codes/json/iso_3166-1.json"
#define LOCALE_DIR "/usr/share/locale"

/*
 * rc, or code instead when rc would say something ingest_open keeps for
 * itself (a usage error, another writer), so that the caller can tell them
 * apart by the code alone.
 */
static int not_reserved(int rc, int code, struct trdb_err *err)
{
    if (rc != TRDB_EUSAGE && rc != TRDB_EBUSY)
        return rc;
    if (err)
        err->code = code;
    return code;
}

/*
 * The profiles (opts->force_profile when it is a file, the user's folders,
 * then opts->data_dir's), the country names of opts->data_dir, and the parsers.
 */
static int load_reference(struct ingest *ig, struct trdb_err *err)
{
    const struct ingest_opts *o = &ig->opts;
    const char *file = o->force_profile;
    char dir[PATH_MAX + 16], vocab[PATH_MAX + 16];
    struct stat sb;
    struct trdb_err e = {0, ""};
    int rc;

    snprintf(dir, sizeof(dir), "%s/formats", o->data_dir);
    snprintf(vocab, sizeof(vocab), "%s/vocabulary", o->data_dir);
    if (profile_name_is_path(file) && stat(file, &sb) != 0)
        return trdb_err_set(err, TRDB_EUSAGE, "cannot read the profile file '%s': %s", file,
                            strerror(errno));
    if (!profile_name_is_path(file))
        file = NULL;
    if ((rc = profile_set_load_search(file, o->formats_dirs, dir, vocab, &ig->profiles, err)))
        return not_reserved(rc, TRDB_EDATA, err);
    if (file) /* the file's profile is the set's first */
        ig->force_profile = ig->profiles->p[0].name;
    snprintf(dir, sizeof(dir), "%s/countries", o->data_dir);
    if (!(ig->countries = country_db_load(o->iso_codes ? o->iso_codes : ISO_3166_JSON, dir, &e))) {
        rc = not_reserved(e.code ? e.code : TRDB_EDATA, TRDB_EDATA, NULL);
        return trdb_err_set(err, rc, "%s (is Debian's iso-codes package installed?)", e.msg);
    }
    if (o->encoding && !source_encoding_known(o->encoding))
        return trdb_err_set(err, TRDB_EUSAGE,
                            "unknown encoding '%s' (see 'iconv -l'; e.g. WINDOWS-1252, "
                            "MACINTOSH, UTF-16LE)",
                            o->encoding);
    if (ig->force_profile && !profile_find(ig->profiles, ig->force_profile))
        return trdb_err_set(err, TRDB_EUSAGE, "no profile named '%s' (see 'trdb formats')",
                            ig->force_profile);
    if (!(ig->pp = period_parser_new(err)) || !(ig->vp = value_parser_new(err)))
        return not_reserved(err ? err->code : TRDB_ENOMEM, TRDB_ENOMEM, err);
    return 0;
}

/* The writers' lock, then the database, its countries, and the run row. */
static int open_database(struct ingest *ig, struct trdb_err *err)
{
    int rc;

    if (dburi_is_postgres(ig->opts.db_path)) {
        /* a server: the lock is an advisory lock of the store's session, no file */
        if ((rc = store_open(ig->opts.db_path, STORE_CREATE, &ig->st, err)))
            return not_reserved(rc, TRDB_EIO, err);
        if ((rc = store_lock_writers(ig->st, ig->opts.wait, err)))
            return rc == TRDB_EBUSY ? rc : not_reserved(rc, TRDB_EIO, err);
    } else if ((rc = dblock_take(ig->opts.db_path, ig->opts.wait, &ig->lock, err))) {
        return rc;
    }
    if ((!ig->st && (rc = store_open(ig->opts.db_path, STORE_CREATE, &ig->st, err))) ||
        (rc = store_sync_countries(ig->st, ig->countries, err)) ||
        (rc = records_sync_categories(ig->st, ig->profiles->vocab, err)) ||
        (!ig->opts.dry_run && (rc = store_run_begin(ig->st, &ig->sum.run_id, err))))
        return not_reserved(rc, TRDB_EDB, err);
    /* a signal (when the caller catches them: interrupt_catch) stops the statement under way */
    store_watch_interrupts(ig->st, 1);
    return 0;
}

int ingest_open(const struct ingest_opts *opts, struct ingest **out, struct trdb_err *err)
{
    struct ingest *ig;
    int rc;

    *out = NULL;
    if (!opts || !opts->db_path || !opts->data_dir)
        return trdb_err_set(err, TRDB_EUSAGE, "an ingest needs a database and a data folder");
    if (!(ig = calloc(1, sizeof(*ig))))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    ig->opts = *opts;
    if (!ig->opts.locale_dir)
        ig->opts.locale_dir = LOCALE_DIR;
    ig->force_profile = opts->force_profile;
    ig->lock = -1;
    if ((rc = load_reference(ig, err)) || (rc = open_database(ig, err))) {
        ingest_close(ig);
        return rc;
    }
    *out = ig;
    return 0;
}

int ingest_use_profile(struct ingest *ig, const char *name, struct trdb_err *err)
{
    if (name && !profile_find(ig->profiles, name))
        return trdb_err_set(err, TRDB_ENOTFOUND, "no profile named '%s'", name);
    ig->force_profile = name;
    return 0;
}

/*
 * The run was stopped by signal sig: what was rolled back and what stays, on
 * opts.log, so that the user knows that the same command loads the rest.
 */
static void say_interrupted(struct ingest *ig, int sig)
{
    long n = ig->sum.counts.files_loaded;
    char shown[4200], kept[64];
    const char *file =
        ig->interrupted ? ingest_printable(ig->interrupted, shown, sizeof(shown)) : NULL;

    ingest_quiet_progress(ig);
    if (!ig->opts.log)
        return;
    if (ig->opts.dry_run) {
        fprintf(ig->opts.log, "trdb: interrupted (%s)%s%s; a dry run writes nothing\n",
                interrupt_name(sig), file ? " while checking " : "", file ? file : "");
        return;
    }
    if (n == 0)
        snprintf(kept, sizeof(kept), "no file was loaded before");
    else
        snprintf(kept, sizeof(kept), "%ld file%s loaded before%s stay%s loaded", n,
                 n == 1 ? "" : "s", file ? " it" : "", n == 1 ? "s" : "");
    if (file)
        fprintf(ig->opts.log,
                "trdb: interrupted (%s): %s rolled back; %s; the same command "
                "loads the rest\n",
                interrupt_name(sig), file, kept);
    else
        fprintf(ig->opts.log,
                "trdb: interrupted (%s) between files; %s; the same command "
                "loads the rest\n",
                interrupt_name(sig), kept);
}

int ingest_end(struct ingest *ig, int stopped, struct trdb_err *err)
{
    int outcome, sig, rc;

    /* from here on the run's end is written whatever signal comes */
    interrupt_watch(NULL);
    sig = interrupt_caught();
    outcome = sig ? 128 + sig : stopped ? INGEST_FAILED : ig->sum.worst;
    if (sig) {
        /* a statement interrupted outside the file's own rollback may leave a transaction */
        store_rollback(ig->st);
        say_interrupted(ig, sig);
    }
    if (ig->sum.unknown_captures > UNKNOWN_NAMED && ig->opts.log)
        fprintf(ig->opts.log,
                "trdb: %lld captures in all were empty or unparsable and kept as unknown "
                "(the first %d named above)\n",
                ig->sum.unknown_captures, UNKNOWN_NAMED);
    if (!ig->opts.dry_run &&
        (rc = store_run_end(ig->st, ig->sum.run_id, &ig->sum.counts, outcome, err)))
        return rc;
    return outcome;
}

const struct ingest_summary *ingest_summary(const struct ingest *ig)
{
    static const struct ingest_summary nothing;

    return ig ? &ig->sum : &nothing;
}

void ingest_close(struct ingest *ig)
{
    if (!ig)
        return;
    interrupt_watch(NULL);
    free(ig->interrupted);
    store_close(ig->st);
    dblock_release(ig->lock);
    ingest_results_release(ig);
    value_parser_free(ig->vp);
    period_parser_free(ig->pp);
    country_db_free(ig->countries);
    profile_set_free(ig->profiles);
    free(ig);
}
