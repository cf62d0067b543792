/*
 * env.c: the command line's shared plumbing: where the data folder is, how
 * the database and reference data are opened, how options are parsed, and
 * how errors are shown. Everything here prints to stderr; nothing to stdout.
 */
#include "cli.h"
#include "../ingest/profile.h"
#include "../lib/err.h"
#include "../model/country.h"

#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef TRDB_DATADIR
#define TRDB_DATADIR "/usr/local/share/trdb"
#endif

#define ISO_3166_JSON "/usr/share/iso-codes/json/iso_3166-1.json"

void cli_error(const char *fmt, ...)
{
    va_list ap;

    fputs("trdb: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_exit_code(int code)
{
    return code == TRDB_EUSAGE ? EXIT_USAGE : EXIT_FAIL;
}

static int has_formats(const char *dir)
{
    char path[PATH_MAX + 16];
    struct stat sb;

    if (snprintf(path, sizeof(path), "%s/formats", dir) >= (int)sizeof(path))
        return 0;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

const char *cli_data_dir(void)
{
    static char dir[PATH_MAX + 16];
    const char *env = getenv("TRDB_DATA");
    char exe[PATH_MAX];
    ssize_t n;

    if (env && *env)
        return env;
    /* in the source tree: ./trdb beside data/, or build/<variant>/trdb two levels down */
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        char *slash;
        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            if (snprintf(dir, sizeof(dir), "%s/data", exe) < (int)sizeof(dir) && has_formats(dir))
                return dir;
            if (snprintf(dir, sizeof(dir), "%s/../../data", exe) < (int)sizeof(dir) &&
                has_formats(dir))
                return dir;
        }
    }
    return TRDB_DATADIR;
}

const char *cli_locale_dir(void)
{
    const char *env = getenv("TRDB_LOCALE_DIR");

    return env && *env ? env : "/usr/share/locale";
}

struct store *cli_open_store(struct cli *c, enum store_mode mode)
{
    struct trdb_err err = {0, ""};
    struct store *st = NULL;

    if (store_open(c->db_path, mode, &st, &err)) {
        cli_error("%s", err.msg);
        return NULL;
    }
    return st;
}

struct profile_set *cli_load_profiles(void)
{
    struct trdb_err err = {0, ""};
    struct profile_set *set = NULL;
    char dir[PATH_MAX + 16], vocab[PATH_MAX + 16];

    snprintf(dir, sizeof(dir), "%s/formats", cli_data_dir());
    snprintf(vocab, sizeof(vocab), "%s/vocabulary", cli_data_dir());
    if (profile_set_load(dir, vocab, &set, &err)) {
        cli_error("%s", err.msg);
        return NULL;
    }
    return set;
}

struct country_db *cli_load_countries(void)
{
    struct trdb_err err = {0, ""};
    const char *iso = getenv("TRDB_ISO_CODES");
    char dir[PATH_MAX + 16];
    struct country_db *db;

    snprintf(dir, sizeof(dir), "%s/countries", cli_data_dir());
    db = country_db_load(iso && *iso ? iso : ISO_3166_JSON, dir, &err);
    if (!db)
        cli_error("%s (is Debian's iso-codes package installed?)", err.msg);
    return db;
}

int cli_parse(struct cli *c, int argc, char **argv, const char *usage, const struct option *opts,
              int (*on_opt)(void *ctx, int id, const char *arg), void *ctx, int *first)
{
    char shortopts[64] = "+h";
    size_t k = 2;

    /* short options: every entry whose val is a printable character */
    for (const struct option *o = opts; o && o->name; o++) {
        if (o->val > ' ' && o->val < 127 && k + 3 < sizeof(shortopts)) {
            shortopts[k++] = (char)o->val;
            if (o->has_arg)
                shortopts[k++] = ':';
        }
    }
    shortopts[k] = '\0';
    optind = 0;
    opterr = 0;
    for (;;) {
        int id = getopt_long(argc, argv, shortopts, opts, NULL);
        if (id == -1)
            break;
        if (id == 'h') {
            fputs(usage, stdout);
            return 1;
        }
        if (id == '?' || id == ':') {
            if (optopt)
                cli_error("%s: unknown option '-%c' or it needs a value", argv[0], optopt);
            else
                cli_error("%s: unknown option '%s' or it needs a value", argv[0],
                          argv[optind - 1]);
            fprintf(stderr, "%s", usage);
            return -1;
        }
        if (id == OPT_DB) {
            c->db_path = optarg;
            continue;
        }
        if (!on_opt || on_opt(ctx, id, optarg) < 0)
            return -1;
    }
    *first = optind;
    return 0;
}

int cli_format(const char *arg, enum out_format *out)
{
    struct trdb_err err = {0, ""};

    if (output_format_parse(arg, out, &err)) {
        cli_error("%s", err.msg);
        return -1;
    }
    return 0;
}
