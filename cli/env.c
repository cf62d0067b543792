/*
 * env.c: the command line's shared plumbing: where the data folder is, how
 * the database and reference data are opened, how options are parsed, and
 * how errors are shown. Everything here prints to stderr; nothing to stdout.
 */
#include "cli.h"
#include "../ingest/ingest.h"
#include "../ingest/profile.h"
#include "../ingest/source.h"
#include "../lib/err.h"
#include "../model/country.h"
#include "../model/period.h"
#include "../model/value.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <sys/file.h>
#include <time.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef TRDB_DATADIR
#define TRDB_DATADIR "/usr/local/share/trdb"
#endif

#define ISO_3166_JSON "/usr/share/iso-codes/json/iso_3166-1.json"

static char last_error[512];

void cli_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(last_error, sizeof(last_error), fmt, ap);
    va_end(ap);
    fprintf(stderr, "trdb: error: %s\n", last_error);
}

const char *cli_last_error(void)
{
    return last_error;
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
                cli_error("%s: unknown option '%s' or it needs a value", argv[0], argv[optind - 1]);
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

int cli_lock_db(struct cli *c, double wait_seconds)
{
    char path[PATH_MAX + 16];
    struct timespec start, now, pause = {0, 100 * 1000 * 1000};
    int fd;

    /* one lock per database file, however its path is spelled (a symlink, ./) */
    {
        char *real = realpath(c->db_path, NULL);
        snprintf(path, sizeof(path), "%s.lock", real ? real : c->db_path);
        free(real);
    }
    if (!isfinite(wait_seconds))
        wait_seconds = 0;
    /* others sharing the database may lack write access to a lock file we made: flock
       needs only an open descriptor, so read-only will do */
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0 && errno == EACCES) {
        int first = errno;
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            errno = first; /* the reason to give is why it could not be made */
    }
    if (fd < 0) {
        cli_error("cannot open the lock file '%s': %s (is the database's folder writable?)", path,
                  strerror(errno));
        return -EXIT_FAIL;
    }
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        double waited;
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            return fd;
        if (errno != EWOULDBLOCK && errno != EINTR) {
            cli_error("cannot lock '%s': %s", path, strerror(errno));
            close(fd);
            return -EXIT_FAIL;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        waited = (double)(now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;
        if (waited >= wait_seconds) {
            cli_error("another trdb ingest or fetch is writing '%s' (it holds '%s'); gave up "
                      "after %.0f seconds (--wait SECONDS waits longer)",
                      c->db_path, path, wait_seconds);
            close(fd);
            return -EXIT_BUSY;
        }
        nanosleep(&pause, NULL);
    }
}

void cli_unlock_db(int fd)
{
    if (fd >= 0)
        close(fd); /* closing the descriptor releases the lock */
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

int cli_ingest_start(struct cli *c, struct ingest *ig, double wait, int *lock)
{
    static struct progress progress;
    const char *term = getenv("TERM"), *after = getenv("TRDB_PROGRESS_AFTER");
    struct trdb_err err = {0, ""};

    *lock = -1;
    ig->locale_dir = cli_locale_dir();
    /* a progress line only for a person watching: a terminal, and the per-file lines on */
    if (ig->out && isatty(STDERR_FILENO) && !(term && strcmp(term, "dumb") == 0)) {
        char *end;
        progress.after = after ? strtod(after, &end) : 1.0;
        if (!after || *end || progress.after < 0)
            progress.after = 1.0;
        ig->progress = on_progress;
        ig->progress_ctx = &progress;
    }
    if (!(ig->profiles = cli_load_profiles()) || !(ig->countries = cli_load_countries()))
        return EXIT_FAIL;
    if (ig->encoding && !source_encoding_known(ig->encoding)) {
        cli_error("unknown encoding '%s' (see 'iconv -l'; e.g. WINDOWS-1252, MACINTOSH, "
                  "UTF-16LE)",
                  ig->encoding);
        return EXIT_USAGE;
    }
    if (ig->force_profile && !profile_find(ig->profiles, ig->force_profile)) {
        cli_error("no profile named '%s' (see 'trdb formats')", ig->force_profile);
        return EXIT_USAGE;
    }
    if (!(ig->pp = period_parser_new(&err)) || !(ig->vp = value_parser_new(&err))) {
        cli_error("%s", err.msg);
        return EXIT_FAIL;
    }
    /* a file too large for the limits (ulimit -f) is a write error, not a dead process */
    signal(SIGXFSZ, SIG_IGN);
    if ((*lock = cli_lock_db(c, wait)) < 0) {
        int code = -*lock;
        *lock = -1;
        return code;
    }
    if (!(ig->st = cli_open_store(c, STORE_CREATE)))
        return EXIT_FAIL;
    if (store_sync_countries(ig->st, ig->countries, &err) ||
        (!ig->dry_run && store_run_begin(ig->st, &ig->run_id, &err))) {
        cli_error("%s", err.msg);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

int cli_ingest_finish(struct ingest *ig, int rc, const struct trdb_err *why)
{
    struct trdb_err err = {0, ""};
    int exit_code = rc ? EXIT_FAIL : ig->worst;

    if (rc)
        cli_error("stopping: %s", why->msg);
    if (ig->unknown_captures > 5)
        fprintf(stderr,
                "trdb: %lld captures in all were empty or unparsable and kept as unknown "
                "(the first 5 named above)\n",
                ig->unknown_captures);
    if (!ig->dry_run && store_run_end(ig->st, ig->run_id, &ig->counts, exit_code, &err)) {
        cli_error("%s", err.msg);
        exit_code = EXIT_FAIL;
    }
    return exit_code;
}

void cli_ingest_release(struct ingest *ig, int lock)
{
    store_close(ig->st);
    cli_unlock_db(lock);
    ingest_results_free(ig);
    value_parser_free(ig->vp);
    period_parser_free(ig->pp);
    country_db_free(ig->countries);
    profile_set_free((struct profile_set *)ig->profiles);
    memset(ig, 0, sizeof(*ig));
}
