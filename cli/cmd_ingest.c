/*
 * cmd_ingest.c: `trdb ingest PATH...`: set up the reference data and the
 * run record, hand each path to ingest/, and sum up in the exit code.
 */
#include "cli.h"
#include "../ingest/ingest.h"
#include "../ingest/profile.h"
#include "../ingest/source.h"
#include "../lib/err.h"
#include "../model/country.h"
#include "../model/period.h"
#include "../model/value.h"

#include <getopt.h>
#include <string.h>

static const char usage[] =
    "usage: trdb [--db PATH] ingest [--dry-run] [--force] [--format PROFILE]\n"
    "                               [--encoding NAME] PATH...\n\n"
    "Load published files (CSV), zip archives of them (as publishers ship them; each\n"
    "member is recorded as ARCHIVE.zip!MEMBER.csv) and folders (every .csv, .tsv,\n"
    ".txt and .zip inside, recursively). Each file is one transaction: it is loaded\n"
    "whole or not at all.\n"
    "A file already loaded (same sha256) is reported 'unchanged' and writes nothing.\n"
    "Rows that cannot be read go to the rejects table (see 'trdb rejects'); the\n"
    "file's good rows are kept.\n\n"
    "One line per file on stdout:\n"
    "  loaded|unchanged|failed FILE profile=NAME rows=N rejected=M\n\n"
    "options:\n"
    "  --dry-run          read and check everything, commit nothing ('checked' lines)\n"
    "  --force            load files again even when already loaded, replacing what\n"
    "                     they brought (after a new alias or profile fixes rejects)\n"
    "  --format PROFILE   use this profile instead of detecting one (see 'trdb formats')\n"
    "  --encoding NAME    the files' text encoding, as iconv names it: WINDOWS-1252,\n"
    "                     MACINTOSH (Mac Roman), UTF-16LE, ... Without it: a byte order\n"
    "                     mark decides (UTF-8, UTF-16), else the profile's encoding,\n"
    "                     else UTF-8\n\n"
    "exit codes: 0 all loaded or unchanged, 1 some rows rejected or a warning,\n"
    "2 usage error, 3 a file failed (nothing of it was committed)\n";

struct opts {
    int dry_run, force;
    const char *profile, *encoding;
};

static int on_opt(void *ctx, int id, const char *arg)
{
    struct opts *o = ctx;

    if (id == 'n')
        o->dry_run = 1;
    else if (id == 'F')
        o->force = 1;
    else if (id == 'f')
        o->profile = arg;
    else if (id == 'e')
        o->encoding = arg;
    return 0;
}

int cmd_ingest(struct cli *c, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_OPTIONS,
                                            {"dry-run", no_argument, NULL, 'n'},
                                            {"force", no_argument, NULL, 'F'},
                                            {"format", required_argument, NULL, 'f'},
                                            {"encoding", required_argument, NULL, 'e'},
                                            {NULL, 0, NULL, 0}};
    struct opts o = {0, 0, NULL, NULL};
    struct trdb_err err = {0, ""};
    struct ingest ig;
    int first, rc = cli_parse(c, argc, argv, usage, options, on_opt, &o, &first), exit_code;

    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (first == argc) {
        cli_error("ingest needs at least one file or folder");
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    memset(&ig, 0, sizeof(ig));
    ig.out = stdout;
    ig.log = stderr;
    ig.dry_run = o.dry_run;
    ig.force = o.force;
    ig.encoding = o.encoding;
    ig.locale_dir = cli_locale_dir();
    ig.force_profile = o.profile;
    exit_code = EXIT_FAIL;
    if (!(ig.profiles = cli_load_profiles()) || !(ig.countries = cli_load_countries()))
        goto out;
    if (o.encoding && !source_encoding_known(o.encoding)) {
        cli_error("unknown encoding '%s' (see 'iconv -l'; e.g. WINDOWS-1252, MACINTOSH, "
                  "UTF-16LE)",
                  o.encoding);
        exit_code = EXIT_USAGE;
        goto out;
    }
    if (o.profile && !profile_find(ig.profiles, o.profile)) {
        cli_error("no profile named '%s' (see 'trdb formats')", o.profile);
        exit_code = EXIT_USAGE;
        goto out;
    }
    if (!(ig.pp = period_parser_new(&err)) || !(ig.vp = value_parser_new(&err))) {
        cli_error("%s", err.msg);
        goto out;
    }
    if (!(ig.st = cli_open_store(c, STORE_CREATE)))
        goto out;
    if (store_sync_countries(ig.st, ig.countries, &err) ||
        (!o.dry_run && store_run_begin(ig.st, &ig.run_id, &err))) {
        cli_error("%s", err.msg);
        goto out;
    }
    rc = 0;
    for (int i = first; i < argc && !rc; i++)
        rc = ingest_path(&ig, argv[i], &err);
    exit_code = rc ? EXIT_FAIL : ig.worst;
    if (rc)
        cli_error("stopping: %s", err.msg);
    if (!o.dry_run && store_run_end(ig.st, ig.run_id, &ig.counts, exit_code, &err)) {
        cli_error("%s", err.msg);
        exit_code = EXIT_FAIL;
    }
out:
    store_close(ig.st);
    value_parser_free(ig.vp);
    period_parser_free(ig.pp);
    country_db_free(ig.countries);
    profile_set_free((struct profile_set *)ig.profiles);
    return exit_code;
}
