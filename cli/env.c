/*
 * env.c: the command line's shared plumbing: where the data folder is, how
 * the database and reference data are opened, how options are parsed, and
 * how errors are shown. Everything here prints to stderr; nothing to stdout.
 */
#include "cli.h"
#include "../ingest/dblock.h"
#include "../ingest/ingest.h"
#include "../ingest/profile.h"
#include "../ingest/source.h"
#include "../lib/dburi.h"
#include "../lib/err.h"
#include "../lib/interrupt.h"
#include "../model/country.h"

#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <time.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/banned.h"

#ifndef TRDB_DATADIR
#define TRDB_DATADIR "/usr/local/share/trdb"
#endif

#define ISO_3166_JSON "/usr/share/iso-codes/json/iso_3166-1.json"

void cli_error(const char *fmt, ...)
{
    char msg[512]; /* the size of a struct trdb_err's message: longer ones are cut alike */
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fprintf(stderr, "trdb: error: %s\n", msg);
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

/* 1 when path is a folder. */
static int is_dir(const char *path)
{
    struct stat sb;

    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

const char *const *cli_formats_dirs(const struct cli *c, struct trdb_err *err)
{
    static const char *list[2 * CLI_MAX_FORMATS + 2];
    static char *env_copy, xdg[PATH_MAX + 32];
    const char *env = getenv("TRDB_FORMATS"), *data = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    size_t n = 0;

    for (size_t i = 0; i < c->nformats; i++)
        list[n++] = c->formats[i];
    free(env_copy);
    env_copy = NULL;
    if (env && *env) {
        char *dir, *colon;
        if (!(env_copy = strdup(env))) {
            trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            return NULL;
        }
        for (dir = env_copy; dir; dir = colon) {
            if ((colon = strchr(dir, ':')))
                *colon++ = '\0';
            if (!*dir)
                continue; /* "a::b", a trailing colon */
            if (!is_dir(dir)) {
                trdb_err_set(err, TRDB_EUSAGE, "TRDB_FORMATS: no profile folder '%s'", dir);
                return NULL;
            }
            if (n == 2 * CLI_MAX_FORMATS) {
                trdb_err_set(err, TRDB_EUSAGE, "TRDB_FORMATS: more than %d folders",
                             CLI_MAX_FORMATS);
                return NULL;
            }
            list[n++] = dir;
        }
    }
    /* XDG's base directories: a relative XDG_DATA_HOME is to be ignored */
    xdg[0] = '\0';
    if (data && data[0] == '/')
        snprintf(xdg, sizeof(xdg), "%s/trdb/formats", data);
    else if (home && home[0] == '/')
        snprintf(xdg, sizeof(xdg), "%s/.local/share/trdb/formats", home);
    if (xdg[0] && is_dir(xdg))
        list[n++] = xdg;
    list[n] = NULL;
    return list;
}

int cli_load_profiles(const struct cli *c, struct profile_set **out)
{
    struct trdb_err err = {0, ""};
    const char *const *dirs = cli_formats_dirs(c, &err);
    char dir[PATH_MAX + 16], vocab[PATH_MAX + 16];

    *out = NULL;
    if (!dirs) {
        cli_error("%s", err.msg);
        return cli_exit_code(err.code);
    }
    snprintf(dir, sizeof(dir), "%s/formats", cli_data_dir());
    snprintf(vocab, sizeof(vocab), "%s/vocabulary", cli_data_dir());
    if (profile_set_load_search(NULL, dirs, dir, vocab, out, &err)) {
        cli_error("%s", err.msg);
        return EXIT_FAIL;
    }
    return EXIT_OK;
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

/*
 * The commands that work with a PostgreSQL URI as --db (or $TRDB_DB): init,
 * ingest, fetch, the reading commands (query, sql, rejects, runs, changes),
 * report, metadata (which says itself why Datasette needs a SQLite file), and
 * those that never open the database. A command added without a line here
 * says so rather than open a SQLite file named "postgresql:...".
 */
static int supports_postgres(const char *command)
{
    static const char *const ok[] = {"init", "ingest",  "fetch",  "query",    "sql",     "rejects",
                                     "runs", "changes", "report", "metadata", "formats", "detect"};

    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (strcmp(command, ok[i]) == 0)
            return 1;
    return 0;
}

int cli_parse(struct cli *c, int argc, char **argv, const char *usage, const struct option *opts,
              int (*on_opt)(void *ctx, int id, const char *arg), void *ctx, int *first)
{
    /*
     * No leading '+': GNU getopt_long permutes, so options may come before or
     * after the operands, and "--" ends them (an operand that starts with '-').
     */
    char shortopts[64] = "h";
    size_t k = 1;

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
            /* a command that reads --help itself (query NAME --help) says so with 1 */
            if (on_opt && on_opt(ctx, id, NULL) == 1)
                continue;
            fputs(usage, stdout);
            return 1;
        }
        if (id == '?' || id == ':') {
            /* a long option by its text (without "=value"), a short one by its letter */
            const char *a = argv[optind - 1];
            if (strncmp(a, "--", 2) == 0)
                cli_error("%s: unknown option '%.*s' or it needs a value", argv[0],
                          (int)strcspn(a, "="), a);
            else
                cli_error("%s: unknown option '-%c' or it needs a value", argv[0], optopt);
            fprintf(stderr, "%s", usage);
            return -1;
        }
        if (id == OPT_DB) {
            c->db_path = optarg;
            continue;
        }
        if (id == OPT_FORMATS) {
            if (!is_dir(optarg)) {
                cli_error("--formats: no profile folder '%s'", optarg);
                return -1;
            }
            if (c->nformats == CLI_MAX_FORMATS) {
                cli_error("--formats: more than %d folders", CLI_MAX_FORMATS);
                return -1;
            }
            c->formats[c->nformats++] = optarg;
            continue;
        }
        if (!on_opt || on_opt(ctx, id, optarg) < 0)
            return -1;
    }
    if (dburi_is_postgres(c->db_path) && !supports_postgres(argv[0])) {
        char name[1024];
        dburi_redact(c->db_path, name, sizeof(name));
        cli_error("%s does not support PostgreSQL yet (the database is %s); only init, "
                  "ingest, fetch, the reading commands and report do",
                  argv[0], name);
        return -1;
    }
    *first = optind;
    return 0;
}

int cli_lock_db(struct cli *c, double wait_seconds)
{
    struct trdb_err err = {0, ""};
    int fd, rc = dblock_take(c->db_path, wait_seconds, &fd, &err);

    if (rc) {
        cli_error("%s", err.msg);
        return rc == TRDB_EBUSY ? -EXIT_BUSY : -EXIT_FAIL;
    }
    return fd;
}

void cli_unlock_db(int fd)
{
    dblock_release(fd);
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

/*
 * The progress line: on stderr when it is a terminal, for a file that has
 * taken more than a moment (TRDB_PROGRESS_AFTER seconds, default 1), at
 * most ten times a second, cleared before any other line is written.
 */
struct progress {
    int shown;
    double after, file_start, last_draw;
    char file[512], phase[16];
};

static double seconds_now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* "12.3 MB" */
static void human_bytes(char *out, size_t n, long long b)
{
    if (b >= 1000000000)
        snprintf(out, n, "%.1f GB", (double)b / 1e9);
    else if (b >= 1000000)
        snprintf(out, n, "%.1f MB", (double)b / 1e6);
    else
        snprintf(out, n, "%.0f kB", (double)b / 1e3);
}

static void on_progress(void *ctx, const char *file, const char *phase, long long done,
                        long long total)
{
    struct progress *p = ctx;
    char d[32], t[32];
    const char *name;
    double now;
    size_t n;

    if (!phase) {
        if (p->shown)
            fputs("\r\033[K", stderr);
        fflush(stderr);
        p->shown = 0;
        p->file[0] = '\0';
        return;
    }
    now = seconds_now();
    if (strncmp(p->file, file, sizeof(p->file) - 1) != 0) {
        snprintf(p->file, sizeof(p->file), "%s", file);
        p->file_start = now;
        p->last_draw = 0;
        p->phase[0] = '\0';
    }
    /* a new phase shows at once; the same phase at most ten times a second */
    if (now - p->file_start < p->after ||
        (now - p->last_draw < 0.1 && strcmp(p->phase, phase) == 0))
        return;
    p->last_draw = now;
    snprintf(p->phase, sizeof(p->phase), "%s", phase);
    /* the end of a long path is the part that tells files apart */
    n = strlen(file);
    name = n > 48 ? file + n - 45 : file;
    if (strcmp(phase, "reading") == 0 && total > 0) {
        human_bytes(d, sizeof(d), done < total ? done : total);
        human_bytes(t, sizeof(t), total);
        fprintf(stderr, "\r\033[Ktrdb: %s%s: reading, %d %% (%s of %s)", name != file ? "..." : "",
                name, (int)(100 * (done < total ? done : total) / total), d, t);
    } else {
        fprintf(stderr, "\r\033[Ktrdb: %s%s: %s", name != file ? "..." : "", name, phase);
    }
    fflush(stderr);
    p->shown = 1;
}

int cli_ingest_open(struct cli *c, struct ingest_opts *o, struct ingest **ig, struct trdb_err *err)
{
    static struct progress progress;
    const char *term = getenv("TERM"), *after = getenv("TRDB_PROGRESS_AFTER");
    const char *iso = getenv("TRDB_ISO_CODES");
    int rc;

    o->db_path = c->db_path;
    if (!(o->formats_dirs = cli_formats_dirs(c, err))) {
        cli_error("%s", err->msg);
        return cli_exit_code(err->code);
    }
    o->data_dir = cli_data_dir();
    o->locale_dir = cli_locale_dir();
    o->iso_codes = iso && *iso ? iso : NULL;
    /* a progress line only for a person watching: a terminal, and the per-file lines on */
    if (o->out && isatty(STDERR_FILENO) && !(term && strcmp(term, "dumb") == 0)) {
        char *end;
        progress.after = after ? strtod(after, &end) : 1.0;
        if (!after || *end || progress.after < 0)
            progress.after = 1.0;
        o->progress = on_progress;
        o->progress_ctx = &progress;
    }
    /* a file too large for the limits (ulimit -f) is a write error, not a dead process */
    signal(SIGXFSZ, SIG_IGN);
    if (!(rc = ingest_open(o, ig, err))) {
        /* from the run's start: a signal rolls back the file under way and ends the run */
        interrupt_catch();
        return EXIT_OK;
    }
    cli_error("%s", err->msg);
    return rc == TRDB_EUSAGE ? EXIT_USAGE : rc == TRDB_EBUSY ? EXIT_BUSY : EXIT_FAIL;
}

int cli_ingest_end(struct ingest *ig, int rc, const struct trdb_err *why, struct trdb_err *shown)
{
    struct trdb_err err = {0, ""};
    int outcome;

    if (rc == TRDB_EINTR) {
        /* ingest_end says what was rolled back; --json names the signal */
        trdb_err_set(shown, rc, "interrupted (%s)", interrupt_name(interrupt_caught()));
    } else if (rc) {
        trdb_err_set(shown, why->code, "stopping: %s", why->msg);
        cli_error("%s", shown->msg);
    }
    outcome = ingest_end(ig, rc, &err);
    if (outcome < 0) {
        *shown = err;
        cli_error("%s", err.msg);
        return EXIT_FAIL;
    }
    if (outcome > EXIT_SIGNAL && !shown->code) /* a signal between the last file and the end */
        trdb_err_set(shown, TRDB_EINTR, "interrupted (%s)", interrupt_name(outcome - EXIT_SIGNAL));
    return outcome; /* enum ingest_outcome: 0, 1 or 3, or 128 + a signal, as the exit codes */
}
