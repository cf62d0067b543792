/*
 * cmd_formats.c: `trdb formats` (the profiles) and `trdb detect FILE...`
 * (which profile fits each file, and why the others do not).
 */
#include "cli.h"
#include "../ingest/ingest.h"
#include "../ingest/profile.h"
#include "../ingest/source.h"
#include "../lib/alloc.h"
#include "../lib/err.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/banned.h"

static const char formats_usage[] =
    "usage: trdb formats [--formats DIR] [--format table|csv|json|ndjson]\n\n"
    "List the format profiles: the publisher layouts trdb reads, the user's own\n"
    "(see --formats) before the built-in ones (data/formats/NAME.json). The last\n"
    "column, source, says where each comes from: built-in, or the user's folder.\n\n"
    "options:\n" CLI_FORMATS_HELP
    "  --format FMT       how to print the list: table, csv, json or ndjson\n";

static const char detect_usage[] =
    "usage: trdb detect [--all] [--formats DIR] [--encoding NAME] FILE...\n\n"
    "Read each file's header and say which format profile fits it: the header\n"
    "line, which column feeds what, the columns the profile ignores, does not\n"
    "read or misses, and the two other profiles that came closest, with what\n"
    "each misses. FILE '-' is standard input (a FIFO is read likewise: copied to\n"
    "$TMPDIR, then read); a device is refused.\n"
    "  --all              the long form: every profile's verdict on every record\n"
    "                     tried as the header (the first column pattern that found\n"
    "                     nothing)\n"
    "  --encoding NAME    read the files in this encoding (see 'trdb ingest "
    "--help')\n" CLI_FORMATS_HELP
    "exit codes: 0 every file has one profile, 3 some file has none or two that fit equally\n";

static int on_format(void *ctx, int id, const char *arg)
{
    return id == 'f' ? cli_format(arg, ctx) : 0;
}

int cmd_formats(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         CLI_FORMATS_OPTION,
                                         {"format", required_argument, NULL, 'f'},
                                         {NULL, 0, NULL, 0}};
    static const char *const cols[] = {"name", "publisher",   "dataset", "summary",
                                       "file", "description", "source"};
    enum out_format fmt = OUT_TABLE;
    struct trdb_err err = {0, ""};
    struct profile_set *set;
    struct output *o;
    int first, rc = cli_parse(c, argc, argv, formats_usage, opts, on_format, &fmt, &first);

    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (first != argc) {
        cli_error("formats takes no arguments");
        return EXIT_USAGE;
    }
    if ((rc = cli_load_profiles(c, &set)))
        return rc;
    o = output_new(stdout, fmt, 7, cols, 0);
    for (size_t i = 0; o && i < set->n; i++) {
        const struct profile *p = &set->p[i];
        struct out_val v[7] = {{OV_TEXT, 0, 0, p->name},
                               /* a skip profile loads nothing: no publisher, no dataset */
                               {p->publisher ? OV_TEXT : OV_NULL, 0, 0, p->publisher},
                               {p->dataset ? OV_TEXT : OV_NULL, 0, 0, p->dataset},
                               {OV_INT, p->summary, 0, NULL},
                               {OV_TEXT, 0, 0, p->path},
                               {OV_TEXT, 0, 0, p->description},
                               {OV_TEXT, 0, 0, profile_source(set, p)}};
        output_row(o, v);
    }
    rc = o ? output_end(o, &err) : TRDB_ENOMEM;
    profile_set_free(set);
    if (rc) {
        cli_error("%s", err.msg[0] ? err.msg : "out of memory");
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

struct detect_opts {
    const char *encoding;
    int all; /* the long form: every profile's verdict */
};

static int on_detect_opt(void *ctx, int id, const char *arg)
{
    struct detect_opts *o = ctx;

    if (id == 'e')
        o->encoding = arg;
    else if (id == 'a')
        o->all = 1;
    return 0;
}

/* Detect one source and print the verdict. Returns EXIT_OK or EXIT_FAIL. */
static int detect_one(const struct profile_set *set, const struct source_spec *spec,
                      const char *display, int all)
{
    struct detect_report rep;
    struct trdb_err err = {0, ""};
    int rc;

    printf("%s\n", display);
    rc = ingest_detect(set, spec, display, stdout, all ? 2 : 1, &rep, &err);
    if (rc == 0 && rep.rival) {
        printf("=> ambiguous: profiles %s and %s fit equally well (header on line %ld); "
               "ingest needs --format\n",
               rep.profile, rep.rival, rep.header_line);
        free(rep.detail);
        return EXIT_FAIL;
    }
    if (rc == 0) {
        printf("=> profile %s (header on line %ld)\n   read as %s\n", rep.profile, rep.header_line,
               rep.encoding);
        if (rep.detail)
            fputs(rep.detail, stdout);
        free(rep.detail);
        return EXIT_OK;
    }
    printf("=> no profile: %s\n", err.msg);
    cli_error("%s: %s", display, err.msg);
    return EXIT_FAIL;
}

/* The data members of an archive, for detect. */
struct member_names {
    char **names;
    int *seqs;
    size_t n, cap, seqs_cap;
};

static int note_member(void *ctx, const char *name, int seq, const char *sha, long long bytes)
{
    struct member_names *m = ctx;

    (void)sha;
    (void)bytes;
    if (ALLOC_GROW(m->names, m->n + 1, m->cap) || ALLOC_GROW(m->seqs, m->n + 1, m->seqs_cap))
        return TRDB_ENOMEM;
    if (!(m->names[m->n] = strdup(name)))
        return TRDB_ENOMEM;
    m->seqs[m->n++] = seq;
    return 0;
}

/* A failure to read path before detection: its verdict and the error. Returns EXIT_FAIL. */
static int detect_failed(const char *shown, const char *why)
{
    printf("%s\n=> no profile: %s\n", shown, why);
    cli_error("%s: %s", shown, why);
    return EXIT_FAIL;
}

/*
 * Detect the file at path, shown as shown: each member of a zip (zip: by
 * its name, or a stream's first bytes), or the file. Returns an exit code.
 */
static int detect_file(const struct profile_set *set, const char *path, const char *shown, int zip,
                       const char *encoding, int all)
{
    struct member_names m = {NULL, NULL, 0, 0, 0};
    struct trdb_err err = {0, ""};
    int exit_code = EXIT_OK;

    if (!zip) {
        struct source_spec spec = {path, NULL, 0, encoding};
        return detect_one(set, &spec, shown, all);
    }
    if (source_archive_list(path, note_member, &m, &err))
        exit_code = detect_failed(shown, err.msg);
    for (size_t k = 0; k < m.n; k++) {
        char display[4200];
        struct source_spec spec = {path, m.names[k], m.seqs[k], encoding};
        snprintf(display, sizeof(display), "%s!%s", shown, m.names[k]);
        exit_code |= detect_one(set, &spec, display, all);
    }
    for (size_t k = 0; k < m.n; k++)
        free(m.names[k]);
    free(m.names);
    free(m.seqs);
    return exit_code;
}

/* Standard input ("-") or a FIFO at path: copied to a spool, then detected. */
static int detect_stream(const struct profile_set *set, const char *path, const char *encoding,
                         int all)
{
    struct source_spool sp;
    struct trdb_err err = {0, ""};
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC), rc;

    if (fd < 0)
        return detect_failed(path, strerror(errno));
    rc = source_spool(fd, path, getenv("TMPDIR"), INGEST_MAX_BYTES, &sp, &err);
    if (fd != STDIN_FILENO)
        close(fd);
    if (rc)
        return detect_failed(path, err.msg);
    rc = detect_file(set, sp.path, path, source_is_archive(sp.path) || sp.zip, encoding, all);
    source_spool_remove(&sp);
    return rc;
}

int cmd_detect(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         CLI_FORMATS_OPTION,
                                         {"encoding", required_argument, NULL, 'e'},
                                         {"all", no_argument, NULL, 'a'},
                                         {NULL, 0, NULL, 0}};
    struct detect_opts dopts = {NULL, 0};
    const char *encoding;
    struct profile_set *set;
    int first, rc = cli_parse(c, argc, argv, detect_usage, opts, on_detect_opt, &dopts, &first);
    int exit_code = EXIT_OK;

    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    encoding = dopts.encoding;
    if (first == argc) {
        cli_error("detect needs a file");
        return EXIT_USAGE;
    }
    if (encoding && !source_encoding_known(encoding)) {
        cli_error("unknown encoding '%s' (see 'iconv -l')", encoding);
        return EXIT_USAGE;
    }
    if ((rc = cli_load_profiles(c, &set)))
        return rc;
    for (int i = first; i < argc; i++) {
        const char *bang = strstr(argv[i], ".zip!");
        struct stat sb;
        int known = stat(argv[i], &sb) == 0;
        if (bang) {
            /* ARCHIVE.zip!MEMBER, as ingest names members */
            char path[4096];
            snprintf(path, sizeof(path), "%.*s", (int)(bang + 4 - argv[i]), argv[i]);
            struct source_spec spec = {path, bang + 5, 0, encoding};
            exit_code |= detect_one(set, &spec, argv[i], dopts.all);
        } else if (strcmp(argv[i], "-") == 0 || (known && S_ISFIFO(sb.st_mode))) {
            exit_code |= detect_stream(set, argv[i], encoding, dopts.all);
        } else if (known && !S_ISREG(sb.st_mode)) {
            /* /dev/zero would be read forever */
            exit_code |=
                detect_failed(argv[i], S_ISDIR(sb.st_mode) ? "a folder: detect reads files"
                                                           : "a device or socket, not a file");
        } else {
            exit_code |=
                detect_file(set, argv[i], argv[i], source_is_archive(argv[i]), encoding, dopts.all);
        }
    }
    profile_set_free(set);
    return exit_code;
}
