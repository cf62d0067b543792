/*
 * cmd_fetch.c: `trdb fetch`: download the official files of
 * data/sources.json into a landing folder (ingest/fetch.c), then ingest the
 * ones whose bytes are new, in the same run.
 */
#include "cli.h"
#include "../ingest/fetch.h"
#include "../ingest/ingest.h"
#include "../lib/err.h"

#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../lib/banned.h"

static const char usage[] =
    "usage: trdb [--db PATH] fetch [--sources FILE] [--landing DIR] [--no-ingest]\n"
    "                              [--timeout S] [--stall S] [--retries N] [--backoff S]\n"
    "                              [--max-bytes N] [--wait SECONDS] [--formats DIR]\n\n"
    "Download the publishers' official files listed in the sources file (default:\n"
    "sources.json in trdb's data folder) into the landing folder (default ./landing),\n"
    "asking each server only for what changed since the last fetch (ETag,\n"
    "Last-Modified), then ingest the files whose bytes are new.\n"
    "Each download is written beside its final name and renamed when complete, so\n"
    "a half-downloaded file is never seen or ingested.\n\n"
    "One line per source on stdout:\n"
    "  fetched|same|not-modified|failed URL -> PATH\n"
    "then the ingest lines for what was fetched.\n"
    "On PostgreSQL (--db postgresql://...) it works as on SQLite: what each server\n"
    "said last time is kept in the table fetch_state there, and the ingest holds\n"
    "the writers' advisory lock, as 'trdb ingest' does (app lists and captures are\n"
    "not stored there yet: each such file fails, exit 3).\n\n"
    "options:\n"
    "  --sources FILE   the list of sources (JSON: {\"sources\": [{\"name\", \"url\",\n"
    "                   \"publisher\", \"profile\"}]})\n"
    "  --landing DIR    where downloads go (created when missing)\n"
    "  --no-ingest      download only\n"
    "  --timeout S      give up an attempt after S seconds (default 600)\n"
    "  --stall S        give up when no byte came for S seconds (default 60)\n"
    "  --retries N      attempts after the first on timeouts, cut downloads and\n"
    "                   server errors (default 3)\n"
    "  --backoff S      seconds before the first retry, doubled each time (default 5)\n"
    "  --max-bytes N    refuse a download larger than N bytes (default 1 GiB)\n"
    "  --wait SECONDS   wait this long for another ingest or fetch (default 0)\n"
    "  --formats DIR    look for format profiles in DIR before the built-in ones\n"
    "                   (repeatable; then $TRDB_FORMATS, a colon-separated list of\n"
    "                   folders, then $XDG_DATA_HOME/trdb/formats, by default\n"
    "                   ~/.local/share/trdb/formats)\n\n"
    "exit codes: 0 all fetched or not modified and ingested cleanly, 1 rejects or\n"
    "warnings, 3 a download or a file failed, 4 another writer holds the database,\n"
    "130 or 143 SIGINT or SIGTERM stopped the ingest (the file under way was rolled\n"
    "back; during the downloads, a signal ends trdb at once, and a download cut\n"
    "short is never renamed to its final name)\n";

struct opts {
    const char *sources, *landing;
    int no_ingest;
    struct fetch_opts f;
    double wait;
};

static int number(const char *arg, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(arg, &end);

    if (*end || end == arg || !(v >= lo && v <= hi)) {
        cli_error("expected a number from %.0f to %.0f, not '%s'", lo, hi, arg);
        return -1;
    }
    *out = v;
    return 0;
}

static int on_opt(void *ctx, int id, const char *arg)
{
    struct opts *o = ctx;
    double v;

    switch (id) {
    case 's':
        o->sources = arg;
        return 0;
    case 'l':
        o->landing = arg;
        return 0;
    case 'N':
        o->no_ingest = 1;
        return 0;
    case 't':
        if (number(arg, 1, 86400, &v))
            return -1;
        o->f.total_timeout = (long)v;
        return 0;
    case 'S':
        if (number(arg, 1, 86400, &v))
            return -1;
        o->f.stall_timeout = (long)v;
        return 0;
    case 'r':
        if (number(arg, 0, 20, &v))
            return -1;
        o->f.retries = (int)v;
        return 0;
    case 'b':
        return number(arg, 0, 3600, &o->f.backoff);
    case 'm':
        if (number(arg, 1, 1e15, &v))
            return -1;
        o->f.max_bytes = (long long)v;
        return 0;
    case 'w':
        return number(arg, 0, 86400, &o->wait);
    }
    return 0;
}

int cmd_fetch(struct cli *c, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_OPTIONS,
                                            {"sources", required_argument, NULL, 's'},
                                            {"landing", required_argument, NULL, 'l'},
                                            {"no-ingest", no_argument, NULL, 'N'},
                                            {"timeout", required_argument, NULL, 't'},
                                            {"stall", required_argument, NULL, 'S'},
                                            {"retries", required_argument, NULL, 'r'},
                                            {"backoff", required_argument, NULL, 'b'},
                                            {"max-bytes", required_argument, NULL, 'm'},
                                            {"wait", required_argument, NULL, 'w'},
                                            CLI_FORMATS_OPTION,
                                            {NULL, 0, NULL, 0}};
    struct opts o;
    struct trdb_err err = {0, ""}, shown = {0, ""};
    struct fetch_source *list = NULL;
    struct ingest_opts io;
    struct ingest *ig = NULL;
    char default_sources[PATH_MAX + 32];
    struct store *st = NULL;
    char **landed = NULL; /* per source: the file to ingest, or NULL */
    size_t n = 0;
    int first, exit_code = EXIT_OK, rc, curl_ready = 0, any_failed = 0, any_landed = 0;

    memset(&o, 0, sizeof(o));
    memset(&io, 0, sizeof(io));
    o.landing = "landing";
    o.f.connect_timeout = 30;
    o.f.stall_timeout = 60;
    o.f.total_timeout = 600;
    o.f.retries = 3;
    o.f.backoff = 5;
    o.f.max_bytes = 1LL << 30;
    rc = cli_parse(c, argc, argv, usage, options, on_opt, &o, &first);
    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (first != argc) {
        cli_error("fetch takes no arguments (see 'trdb fetch --help')");
        return EXIT_USAGE;
    }
    if (!o.sources) {
        snprintf(default_sources, sizeof(default_sources), "%s/sources.json", cli_data_dir());
        o.sources = default_sources;
    }
    o.f.landing = o.landing;
    if (fetch_sources_load(o.sources, &list, &n, &err)) {
        cli_error("%s", err.msg);
        return EXIT_FAIL;
    }
    if (mkdir(o.landing, 0777) != 0 && errno != EEXIST) {
        cli_error("cannot create the landing folder '%s': %s", o.landing, strerror(errno));
        fetch_sources_free(list, n);
        return EXIT_FAIL;
    }
    /* the downloads first, without the writers' lock: they may take long */
    if (!(st = cli_open_store(c, STORE_CREATE))) {
        fetch_sources_free(list, n);
        return EXIT_FAIL;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        cli_error("cannot start libcurl");
        exit_code = EXIT_FAIL;
        goto out;
    }
    curl_ready = 1;
    landed = calloc(n + 1, sizeof(*landed));
    if (!landed) {
        cli_error("out of memory");
        exit_code = EXIT_FAIL;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        enum fetch_outcome outcome;
        static const char *const words[] = {"fetched", "same", "not-modified", "failed"};
        char path[4400];
        trdb_err_clear(&err);
        if (fetch_one(st, &list[i], &o.f, path, sizeof(path), &outcome, &err)) {
            cli_error("%s", err.msg);
            exit_code = EXIT_FAIL;
            goto out;
        }
        printf("%s %s -> %s\n", words[outcome], list[i].url, path);
        fflush(stdout);
        if (outcome == FETCH_FAILED) {
            cli_error("%s", err.msg);
            any_failed = 1;
        } else if (outcome != FETCH_NOT_MODIFIED && !(landed[i] = strdup(path))) {
            cli_error("out of memory");
            exit_code = EXIT_FAIL;
            goto out;
        }
    }
    store_close(st);
    st = NULL;
    /* then the ingest of what landed (a file already loaded is 'unchanged'), under the lock */
    for (size_t i = 0; i < n; i++)
        any_landed |= landed[i] != NULL;
    exit_code = any_failed ? EXIT_FAIL : EXIT_OK;
    if (!any_landed || o.no_ingest)
        goto out;
    io.out = stdout;
    io.log = stderr;
    io.wait = o.wait;
    rc = cli_ingest_open(c, &io, &ig, &err);
    if (rc) {
        exit_code = rc;
        goto out;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        struct trdb_err why = {0, ""};
        if (!landed[i])
            continue;
        if (ingest_use_profile(ig, list[i].profile, &why)) {
            trdb_err_set(&why, TRDB_EUSAGE, "no profile named '%s' (sources file %s)",
                         list[i].profile, o.sources);
            cli_error("%s: %s", landed[i], why.msg);
            any_failed = 1;
            continue;
        }
        rc = ingest_path(ig, landed[i], &err);
    }
    exit_code = cli_ingest_end(ig, rc, &err, &shown);
    if (any_failed && exit_code < EXIT_FAIL)
        exit_code = EXIT_FAIL;
out:
    if (curl_ready)
        curl_global_cleanup();
    store_close(st);
    ingest_close(ig);
    for (size_t i = 0; landed && i < n; i++)
        free(landed[i]);
    free(landed);
    fetch_sources_free(list, n);
    return exit_code;
}
