/*
 * cmd_ingest.c: `trdb ingest PATH...`: parse the options, open an ingest
 * session (ingest/), hand it each path, and sum up: the exit code, and with
 * --json the run as one JSON object. Not for the ingest itself.
 */
#include "cli.h"
#include "../ingest/ingest.h"
#include "../lib/err.h"
#include "../lib/utf8.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

static const char usage[] =
    "usage: trdb [--db PATH] ingest [--dry-run] [--force] [--format PROFILE|FILE.json]\n"
    "                               [--formats DIR] [--encoding NAME] [--wait SECONDS]\n"
    "                               [--name NAME] [--max-bytes N] [--no-follow]\n"
    "                               [--json] PATH...\n\n"
    "Load published files (CSV, JSON, JSON Lines), zip archives of them (as publishers\n"
    "ship them; each member is recorded as ARCHIVE.zip!MEMBER.csv) and folders (every\n"
    ".csv, .tsv, .txt, .json, .jsonl, .ndjson and .zip inside, recursively). Each file\n"
    "is one transaction: it is loaded whole or not at all.\n"
    "PATH '-' is standard input and a FIFO is read once likewise: copied to a file in\n"
    "$TMPDIR (removed at the end), then read as that file. A device is refused (exit 3).\n"
    "In a folder, symbolic links are followed and each folder is read once: a link\n"
    "back up (a loop) is a warning, skipped; devices and FIFOs are skipped.\n"
    "A file already loaded (same sha256) is reported 'unchanged' and writes nothing;\n"
    "for a layout that reads the file's name or time (iTunes captures), the same bytes\n"
    "under another name or time are another file.\n"
    "Rows that cannot be read go to the rejects table (see 'trdb rejects'); the\n"
    "file's good rows are kept.\n"
    "On PostgreSQL (--db postgresql://...) every file loads as on SQLite, each in\n"
    "one transaction, its rows sent with COPY; an app capture's observations go in\n"
    "the partition of their month, made when missing. The writers' lock is an\n"
    "advisory lock of the server, not a file.\n\n"
    "One line per file on stdout:\n"
    "  loaded|unchanged|skipped|failed|interrupted FILE profile=NAME rows=N rejected=M\n"
    "('skipped': a layout trdb knows and does not read yet, such as a DSA report's\n"
    "Tables 4 and later; stderr says why.) In a folder or zip, files load in name\n"
    "order, except where their profiles set an order (a DSA report's Table 1 first).\n"
    "On a terminal, a file that takes more than a second shows its progress on stderr.\n\n"
    "options:\n"
    "  --dry-run          read and check everything, commit nothing ('checked' lines)\n"
    "  --force            load files again even when already loaded, replacing what\n"
    "                     they brought (after a new alias or profile fixes rejects)\n"
    "  --format PROFILE   use this profile instead of detecting one (see 'trdb formats');\n"
    "                     a value with a '/' or ending in .json is a profile file's "
    "path\n" CLI_FORMATS_HELP
    "  --encoding NAME    the files' text encoding, as iconv names it: WINDOWS-1252,\n"
    "                     MACINTOSH (Mac Roman), UTF-16LE, ... Without it: a byte order\n"
    "                     mark decides (UTF-8, UTF-16), else the profile's encoding,\n"
    "                     else UTF-8\n"
    "  --wait SECONDS     when another ingest is writing the database, wait this long\n"
    "                     for it (default 0), then give up with exit code 4\n"
    "  --name NAME        the name standard input is shown and recorded under, and the\n"
    "                     file name profiles see (a .zip or .json suffix counts; default\n"
    "                     '-')\n"
    "  --max-bytes N      the largest input read, in bytes or with a suffix K, M, G\n"
    "                     (KiB, MiB, GiB; default 4G); a larger one fails, nothing of it\n"
    "                     committed\n"
    "  --no-follow        in folders, skip symbolic links (to files and folders), one\n"
    "                     line each on stderr (a PATH given is read, link or not)\n"
    "  --json             print one JSON object at the end instead of the lines: the\n"
    "                     run, its counts and exit code, and every file's outcome\n\n"
    "exit codes: 0 all loaded, unchanged or skipped, 1 some rows rejected or a warning,\n"
    "2 usage error, 3 a file failed (nothing of it was committed), 4 another ingest\n"
    "held the database (nothing was done), 130 or 143 SIGINT or SIGTERM stopped it:\n"
    "the file under way was rolled back, the files before it stay loaded, and the\n"
    "run is recorded with that exit code\n";

struct opts {
    int dry_run, force, json, no_follow;
    const char *profile, *encoding, *name;
    double wait;
    long long max_bytes;
};

/*
 * A byte count: digits, then optionally K, M or G (powers of 1024), from 1
 * to 2^50. Returns 0 with *out, or -1 for anything else.
 */
static int parse_bytes(const char *arg, long long *out)
{
    char *end;
    long long v, unit = 1;

    if (!(*arg >= '0' && *arg <= '9'))
        return -1;
    errno = 0;
    v = strtoll(arg, &end, 10);
    if (errno)
        return -1;
    if (*end == 'K' || *end == 'k')
        unit = 1LL << 10;
    else if (*end == 'M' || *end == 'm')
        unit = 1LL << 20;
    else if (*end == 'G' || *end == 'g')
        unit = 1LL << 30;
    else if (*end)
        return -1;
    if (unit > 1 && end[1])
        return -1;
    if (v < 1 || v > (1LL << 50) / unit)
        return -1;
    *out = v * unit;
    return 0;
}

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
    else if (id == 'j')
        o->json = 1;
    else if (id == 'N')
        o->name = arg;
    else if (id == 'L')
        o->no_follow = 1;
    else if (id == 'm' && parse_bytes(arg, &o->max_bytes)) {
        cli_error("--max-bytes takes a number of bytes, optionally with K, M or G, not '%s'", arg);
        return -1;
    } else if (id == 'w') {
        char *end;
        o->wait = strtod(arg, &end);
        if (*end || end == arg || !(o->wait >= 0 && o->wait <= 86400)) {
            cli_error("--wait takes seconds from 0 to 86400, not '%s'", arg);
            return -1;
        }
    }
    return 0;
}

/* A copy of s that is valid UTF-8: each bad byte becomes U+FFFD. The caller frees it. */
static char *valid_utf8(const char *s)
{
    size_t n = strlen(s), bad, w = 0;
    char *out = malloc(3 * n + 1);

    if (!out)
        return NULL;
    while (n) {
        if (utf8_valid(s, n, &bad)) {
            memcpy(out + w, s, n);
            w += n;
            break;
        }
        memcpy(out + w, s, bad);
        w += bad;
        memcpy(out + w, "\xef\xbf\xbd", 3);
        w += 3;
        s += bad + 1;
        n -= bad + 1;
    }
    out[w] = '\0';
    return out;
}

/* Add a string member that is valid UTF-8 whatever the bytes given. */
static void add_text(cJSON *obj, const char *key, const char *v)
{
    char *clean = valid_utf8(v);

    cJSON_AddStringToObject(obj, key, clean ? clean : "");
    free(clean);
}

/*
 * The run as one JSON object, for monitoring: its counts, exit code, each
 * file's outcome, and error when the run could not start or go on. Returns
 * 0, or -1 when out of memory.
 */
static int print_json(const struct ingest_summary *ig, int dry_run, int exit_code,
                      const char *error)
{
    cJSON *root = cJSON_CreateObject(), *files, *rows, *list;
    char *text;

    if (!root)
        return -1;
    if (ig->run_id)
        cJSON_AddNumberToObject(root, "run", (double)ig->run_id);
    else
        cJSON_AddNullToObject(root, "run");
    cJSON_AddNumberToObject(root, "exit_code", exit_code);
    if (error && *error)
        add_text(root, "error", error);
    cJSON_AddBoolToObject(root, "dry_run", dry_run);
    files = cJSON_AddObjectToObject(root, "files");
    cJSON_AddNumberToObject(files, "seen", (double)ig->counts.files_seen);
    cJSON_AddNumberToObject(files, "loaded", (double)ig->counts.files_loaded);
    cJSON_AddNumberToObject(files, "unchanged", (double)ig->counts.files_unchanged);
    cJSON_AddNumberToObject(files, "failed", (double)ig->counts.files_failed);
    rows = cJSON_AddObjectToObject(root, "rows");
    cJSON_AddNumberToObject(rows, "loaded", (double)ig->counts.rows_loaded);
    cJSON_AddNumberToObject(rows, "rejected", (double)ig->counts.rows_rejected);
    list = cJSON_AddArrayToObject(root, "results");
    for (size_t i = 0; list && i < ig->nresults; i++) {
        const struct ingest_result *r = &ig->results[i];
        cJSON *item = cJSON_CreateObject();
        if (!item)
            break;
        cJSON_AddStringToObject(item, "status", r->status);
        add_text(item, "file", r->file);
        if (r->profile[0])
            cJSON_AddStringToObject(item, "profile", r->profile);
        else
            cJSON_AddNullToObject(item, "profile");
        cJSON_AddNumberToObject(item, "rows", (double)r->rows);
        cJSON_AddNumberToObject(item, "rejected", (double)r->rejected);
        if (r->message)
            add_text(item, "error", r->message);
        cJSON_AddItemToArray(list, item);
    }
    text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return -1;
    puts(text);
    cJSON_free(text);
    return 0;
}

int cmd_ingest(struct cli *c, int argc, char **argv)
{
    static const struct option options[] = {CLI_COMMON_OPTIONS,
                                            {"dry-run", no_argument, NULL, 'n'},
                                            {"force", no_argument, NULL, 'F'},
                                            {"format", required_argument, NULL, 'f'},
                                            CLI_FORMATS_OPTION,
                                            {"encoding", required_argument, NULL, 'e'},
                                            {"wait", required_argument, NULL, 'w'},
                                            {"json", no_argument, NULL, 'j'},
                                            {"name", required_argument, NULL, 'N'},
                                            {"max-bytes", required_argument, NULL, 'm'},
                                            {"no-follow", no_argument, NULL, 'L'},
                                            {NULL, 0, NULL, 0}};
    struct opts o = {0, 0, 0, 0, NULL, NULL, NULL, 0, 0};
    struct trdb_err err = {0, ""}, shown = {0, ""};
    struct ingest_opts io;
    struct ingest *ig = NULL;
    int first, rc = cli_parse(c, argc, argv, usage, options, on_opt, &o, &first), exit_code;
    int stdin_named = 0;

    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (first == argc) {
        cli_error("ingest needs at least one file or folder");
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    for (int i = first; i < argc; i++)
        stdin_named += strcmp(argv[i], "-") == 0;
    if (stdin_named > 1) {
        cli_error("standard input ('-') can be read once: name it once");
        return EXIT_USAGE;
    }
    if (o.name && (!stdin_named || !*o.name)) {
        cli_error(*o.name ? "--name names standard input: give '-' among the paths"
                          : "--name needs a name");
        return EXIT_USAGE;
    }
    memset(&io, 0, sizeof(io));
    io.out = o.json ? NULL : stdout;
    io.keep_results = o.json;
    io.log = stderr;
    io.dry_run = o.dry_run;
    io.force = o.force;
    io.encoding = o.encoding;
    io.force_profile = o.profile;
    io.wait = o.wait;
    io.max_bytes = o.max_bytes;
    io.stdin_name = o.name;
    io.no_follow = o.no_follow;
    io.tmp_dir = getenv("TMPDIR");
    exit_code = cli_ingest_open(c, &io, &ig, &shown);
    if (exit_code)
        goto out;
    rc = 0;
    for (int i = first; i < argc && !rc; i++)
        rc = ingest_path(ig, argv[i], &err);
    exit_code = cli_ingest_end(ig, rc, &err, &shown);
out:
    /* --json answers in every case, also when nothing could start */
    if (o.json && print_json(ingest_summary(ig), o.dry_run, exit_code,
                             exit_code >= EXIT_USAGE ? shown.msg : NULL)) {
        cli_error("cannot write the JSON summary");
        exit_code = EXIT_FAIL;
    }
    ingest_close(ig);
    return exit_code;
}
