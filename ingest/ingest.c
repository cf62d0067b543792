/*
 * ingest.c: the walk over what the user named: a file, a zip archive (each
 * data member a source of its own), standard input or a FIFO (copied to a
 * spool first), or a folder (its data files, recursively, in name order, or
 * in the order their profiles ask for, each folder once), each handed to
 * load.c; a folder or zip is a bundle whose files may share a publisher.
 * Not for what happens inside a file (load.c) or for the session
 * (session.c).
 */
#include "ingest_int.h"
#include "../lib/alloc.h"
#include "../lib/fileio.h"
#include "../lib/digest.h"
#include "../lib/interrupt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/banned.h"

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

/*
 * A folder or zip is one bundle: the publisher one of its files names is
 * the others' (bundle_enter starts one, keeping the enclosing one in saved;
 * bundle_leave puts that back).
 */
static void bundle_enter(struct ingest *ig, struct bundle *saved)
{
    *saved = ig->bundle;
    memset(&ig->bundle, 0, sizeof(ig->bundle));
}

static void bundle_leave(struct ingest *ig, const struct bundle *saved)
{
    ig->bundle = *saved;
}

/*
 * 1 for a JSON name: its profile is not looked up to order it (a JSON
 * document may have to be read whole to find its first record).
 */
static int json_named(const char *name)
{
    static const char *const suffixes[] = {".json", ".jsonl", ".ndjson", NULL};
    size_t n = strlen(name);

    for (const char *const *s = suffixes; *s; s++)
        if (n > strlen(*s) && strcasecmp(name + n - strlen(*s), *s) == 0)
            return 1;
    return 0;
}

/*
 * The "order" of the profile that reads spec: the lowest order of the
 * profiles with one that fit its header, tried one by one (there are few,
 * and a file is opened once per such profile, not matched against every
 * profile); PROFILE_ORDER_DEFAULT when none fits, for a JSON name, and
 * under --format (every file has the one profile).
 */
static int source_order(struct ingest *ig, const struct source_spec *spec_in, const char *display)
{
    const struct profile_set *set = ig->profiles;
    int order = PROFILE_ORDER_DEFAULT;

    if (!ig->any_order || ig->force_profile ||
        json_named(spec_in->member ? spec_in->member : spec_in->path))
        return order;
    for (size_t i = 0; i < set->n; i++) {
        struct source_spec spec = *spec_in;
        struct opened o;
        struct trdb_err e = {0, ""};
        if (set->p[i].order >= order || set->p[i].format != FORMAT_CSV)
            continue;
        if (ingest_open_source(set, set->p[i].name, &spec, display, NULL, 0, &o, &e) == 0)
            order = set->p[i].order;
        ingest_opened_release(&o);
    }
    return order;
}

/* Sort idx[0..n) by key[idx], keeping the order of equal keys (n is small: a folder). */
static void stable_sort(size_t *idx, const int *key, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        size_t v = idx[i], j = i;
        for (; j > 0 && key[idx[j - 1]] > key[v]; j--)
            idx[j] = idx[j - 1];
        idx[j] = v;
    }
}

/* The most bytes one input may have. */
static long long max_bytes(const struct ingest *ig)
{
    return ig->opts.max_bytes > 0 ? ig->opts.max_bytes : INGEST_MAX_BYTES;
}

/* An input past the cap fails, read no further: its line, counted. Returns 0. */
static int too_large(struct ingest *ig, const char *shown)
{
    struct trdb_err e;

    trdb_err_set(&e, TRDB_ELIMIT,
                 "larger than %lld bytes, the most trdb reads of one input; --max-bytes N "
                 "raises the cap",
                 max_bytes(ig));
    ig->sum.counts.files_seen++;
    ingest_failed(ig, shown, NULL, &e);
    return 0;
}

/* 1 when the file at path is over the cap (a file that cannot be stat'ed is not: reading it says
 * why). */
static int over_cap(const struct ingest *ig, const char *path)
{
    struct stat sb;

    return stat(path, &sb) == 0 && (long long)sb.st_size > max_bytes(ig);
}

static int ingest_file(struct ingest *ig, const char *path, struct trdb_err *err)
{
    struct source_spec spec = {path, NULL, 0, ig->opts.encoding};
    struct trdb_err e = {0, ""};
    char sha[65];
    long long bytes = 0;

    if (over_cap(ig, path))
        return too_large(ig, path);
    if (digest_file(path, sha, &bytes, &e)) {
        ig->sum.counts.files_seen++;
        ingest_failed(ig, path, NULL, &e);
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

    if (ALLOC_GROW(l->m, l->n + 1, l->cap))
        return TRDB_ENOMEM;
    if (!(l->m[l->n].name = strdup(name)))
        return TRDB_ENOMEM;
    snprintf(l->m[l->n].sha, sizeof(l->m[l->n].sha), "%s", sha);
    l->m[l->n].seq = seq;
    l->m[l->n].bytes = bytes;
    l->n++;
    return 0;
}

/*
 * A zip archive at path, shown as arch (path itself, or the name standard
 * input was given when path is its spool): every data member is a source of
 * its own, shown and recorded as ARCHIVE!MEMBER. Members are only read,
 * never written to disk, so a name like ../x is just a name. A broken
 * archive fails as one file.
 */
static int ingest_archive(struct ingest *ig, const char *path, const char *arch,
                          struct trdb_err *err)
{
    struct member_list l = {NULL, 0, 0};
    struct trdb_err e = {0, ""};
    int rc, *key = NULL;
    size_t *idx = NULL;
    struct bundle saved;

    if (over_cap(ig, path))
        return too_large(ig, arch);
    rc = source_archive_list(path, add_member, &l, &e);
    bundle_enter(ig, &saved);

    if (rc == TRDB_ENOMEM) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    } else if (rc) {
        /* nothing of a broken archive is loaded: its members may be cut short */
        ig->sum.counts.files_seen++;
        ingest_failed(ig, arch, NULL, &e);
        rc = 0;
    } else if (l.n == 0) {
        ig->sum.counts.files_seen++;
        trdb_err_set(&e, TRDB_ENOTFOUND, "the archive holds no .csv or .tsv member");
        ingest_failed(ig, arch, NULL, &e);
    }
    if (!rc && l.n && (!(idx = calloc(l.n, sizeof(*idx))) || !(key = calloc(l.n, sizeof(*key)))))
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    for (size_t i = 0; i < l.n && !rc && !e.code; i++) {
        struct source_spec spec = {path, l.m[i].name, l.m[i].seq, ig->opts.encoding};
        idx[i] = i;
        key[i] = source_order(ig, &spec, arch);
    }
    if (!rc)
        stable_sort(idx, key, l.n);
    for (size_t k = 0; k < l.n && !rc && !e.code; k++) {
        size_t i = idx[k];
        struct source_spec spec = {path, l.m[i].name, l.m[i].seq, ig->opts.encoding};
        char display[4200], name[4200];
        /* shown and recorded with its control characters as \xNN; opened by its own name */
        const char *shown = ingest_printable(l.m[i].name, name, sizeof(name));
        /* a name that repeats in the archive gets its place: x.zip!a.csv#2 */
        if (l.m[i].seq)
            snprintf(display, sizeof(display), "%s!%s#%d", arch, shown, l.m[i].seq + 1);
        else
            snprintf(display, sizeof(display), "%s!%s", arch, shown);
        if (climbs_out(l.m[i].name)) {
            /* harmless here (members are never written out), but not what a publisher ships */
            char where[4200];
            ingest_quiet_progress(ig);
            if (ig->opts.log)
                fprintf(ig->opts.log,
                        "trdb: warning: %s: member name '%s' points outside the archive; it is "
                        "only read, nothing is written\n",
                        ingest_printable(arch, where, sizeof(where)), shown);
            ingest_worsen(ig, INGEST_WARN);
        }
        rc = ingest_source(ig, display, &spec, l.m[i].sha, l.m[i].bytes, err);
    }
    for (size_t i = 0; i < l.n; i++)
        free(l.m[i].name);
    free(l.m);
    free(idx);
    free(key);
    bundle_leave(ig, &saved);
    return rc;
}

/*
 * Standard input (path "-") or a FIFO: read once into a spool under
 * opts.tmp_dir, then loaded from it as a file (or a zip) of the name given,
 * and removed whatever the outcome.
 */
static int ingest_stream(struct ingest *ig, const char *path, struct trdb_err *err)
{
    int is_stdin = strcmp(path, "-") == 0, fd, rc;
    const char *shown = is_stdin ? (ig->opts.stdin_name ? ig->opts.stdin_name : "-") : path;
    struct source_spool sp;
    struct trdb_err e = {0, ""};

    /* a FIFO's open waits for its writer, as any reader of it does */
    fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        trdb_err_set(&e, TRDB_EIO, "cannot read: %s", strerror(errno));
        ig->sum.counts.files_seen++;
        ingest_failed(ig, shown, NULL, &e);
        return 0;
    }
    rc = source_spool(fd, shown, ig->opts.tmp_dir, max_bytes(ig), &sp, &e);
    if (!is_stdin)
        close(fd);
    if (rc == TRDB_ENOMEM)
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    if (rc == TRDB_ELIMIT)
        return too_large(ig, shown);
    if (rc) {
        ig->sum.counts.files_seen++;
        ingest_failed(ig, shown, NULL, &e);
        return 0;
    }
    /* a zip is known by its name, or on a stream also by its first bytes */
    if (source_is_archive(sp.path) || sp.zip) {
        rc = ingest_archive(ig, sp.path, shown, err);
    } else {
        struct source_spec spec = {sp.path, NULL, 0, ig->opts.encoding};
        rc = ingest_source(ig, shown, &spec, sp.sha, sp.bytes, err);
    }
    source_spool_remove(&sp);
    return rc;
}

/* What a file that is neither a folder nor a regular file is, for messages. */
static const char *special_kind(mode_t m)
{
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a regular file";
}

/*
 * The folders of one walk, by (st_dev, st_ino): a folder reached again, by
 * a symbolic link back up (open: a loop) or by a second way in, is read once.
 */
struct walk {
    struct seen_dir {
        dev_t dev;
        ino_t ino;
        int open; /* being read: a way back to it is a loop */
        char *path;
    } * d;
    size_t n, cap;
};

static void walk_release(struct walk *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->d[i].path);
    free(w->d);
}

/* What an entry of a folder is. */
enum entry_kind { E_NONE, E_DIR, E_ARCHIVE, E_FILE, E_NOTE, E_WARN };

/* A line for an entry skipped (opts.log); a warning makes the run's outcome one. */
static void skip_line(struct ingest *ig, const char *path, int warn, const char *why,
                      const char *other)
{
    char shown[4200], shown2[4200];

    ingest_quiet_progress(ig);
    if (warn)
        ingest_worsen(ig, INGEST_WARN);
    if (!ig->opts.log)
        return;
    fprintf(ig->opts.log, "trdb: %s%s: %s", warn ? "warning: " : "",
            ingest_printable(path, shown, sizeof(shown)), why);
    if (other)
        fprintf(ig->opts.log, " '%s'", ingest_printable(other, shown2, sizeof(shown2)));
    fputs(": skipped\n", ig->opts.log);
}

/*
 * What the entry at path is, in OUT *why for one to skip. A link is
 * followed (its target decides) unless opts.no_follow; a link that cannot
 * be followed for a loop of links is a warning, one to nothing is passed
 * over in silence, as a file of another suffix is.
 */
static enum entry_kind entry_kind(struct ingest *ig, const char *path, const char *name,
                                  const char **why)
{
    struct stat sb;

    *why = NULL;
    if (lstat(path, &sb) != 0)
        return E_NONE;
    if (S_ISLNK(sb.st_mode)) {
        if (ig->opts.no_follow) {
            *why = "a symbolic link (--no-follow)";
            return E_NOTE;
        }
        if (stat(path, &sb) != 0) {
            if (errno != ELOOP)
                return E_NONE;
            *why = "a symbolic link loop";
            return E_WARN;
        }
    }
    if (S_ISDIR(sb.st_mode))
        return E_DIR;
    if (!S_ISREG(sb.st_mode)) {
        /* a device or FIFO would be read forever or wait for a writer: named alone, it is */
        *why = special_kind(sb.st_mode);
        return E_NOTE;
    }
    if (source_is_archive(name))
        return E_ARCHIVE;
    return has_data_suffix(name) ? E_FILE : E_NONE;
}

static int ingest_dir(struct ingest *ig, struct walk *w, const char *dir, int depth,
                      struct trdb_err *err)
{
    struct trdb_err e = {0, ""};
    char **names = NULL;
    const char **why = NULL;
    struct bundle saved;
    struct stat sb;
    size_t n = 0, *idx = NULL, me;
    int rc = 0, errno_list, *key = NULL;
    enum entry_kind *kind = NULL;

    if (depth > 32) {
        trdb_err_set(&e, TRDB_ELIMIT, "folders nested too deep");
        ingest_failed(ig, dir, NULL, &e);
        return 0;
    }
    /* a folder reached again is read once: by a link back up (a loop), or another way in */
    memset(&sb, 0, sizeof(sb));
    if (stat(dir, &sb) == 0) {
        for (size_t i = 0; i < w->n; i++)
            if (w->d[i].dev == sb.st_dev && w->d[i].ino == sb.st_ino) {
                if (w->d[i].open)
                    skip_line(ig, dir, 1, "a symbolic link loop, back to", w->d[i].path);
                else
                    skip_line(ig, dir, 0, "the folder read already as", w->d[i].path);
                return 0;
            }
    }
    if (ALLOC_GROW(w->d, w->n + 1, w->cap) || !(w->d[w->n].path = strdup(dir)))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    me = w->n++;
    w->d[me].dev = sb.st_dev;
    w->d[me].ino = sb.st_ino;
    w->d[me].open = 1;
    /* hidden names (a leading dot) are skipped; the rest in byte order */
    rc = fileio_list_dir(dir, 0, NULL, &names, &n, &e);
    errno_list = errno;
    if (rc == TRDB_ENOMEM)
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    if (rc) {
        /* the line names the folder already: only the reason, as opendir gave it */
        trdb_err_set(&e, TRDB_EIO, "cannot open folder: %s", strerror(errno_list));
        ingest_failed(ig, dir, NULL, &e);
        w->d[me].open = 0;
        return 0;
    }
    bundle_enter(ig, &saved);
    if (n && (!(idx = calloc(n, sizeof(*idx))) || !(key = calloc(n, sizeof(*key))) ||
              !(kind = calloc(n, sizeof(*kind))) || !(why = calloc(n, sizeof(*why)))))
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    /* what each name is; a data file's key is its profile's order (a DSA Table 1 first) */
    for (size_t i = 0; i < n && !rc; i++) {
        char path[4096];
        int len = snprintf(path, sizeof(path), "%s%s%s", dir,
                           dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
        idx[i] = i;
        key[i] = PROFILE_ORDER_DEFAULT;
        kind[i] = E_NONE;
        if (len < 0 || (size_t)len >= sizeof(path))
            continue;
        kind[i] = entry_kind(ig, path, names[i], &why[i]);
        if (kind[i] == E_FILE) {
            struct source_spec spec = {path, NULL, 0, ig->opts.encoding};
            key[i] = source_order(ig, &spec, path);
        }
    }
    if (!rc)
        stable_sort(idx, key, n);
    for (size_t k = 0; k < n && !rc; k++) {
        size_t i = idx[k];
        char path[4096];
        snprintf(path, sizeof(path), "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
                 names[i]);
        if (kind[i] == E_DIR)
            rc = ingest_dir(ig, w, path, depth + 1, err);
        else if (kind[i] == E_ARCHIVE)
            rc = ingest_archive(ig, path, path, err);
        else if (kind[i] == E_FILE)
            rc = ingest_file(ig, path, err);
        else if (kind[i] == E_NOTE || kind[i] == E_WARN)
            skip_line(ig, path, kind[i] == E_WARN, why[i], NULL);
    }
    bundle_leave(ig, &saved);
    w->d[me].open = 0;
    free(idx);
    free(key);
    free(kind);
    free(why);
    fileio_names_free(names);
    return rc;
}

int ingest_path(struct ingest *ig, const char *path, struct trdb_err *err)
{
    struct stat sb;

    if (interrupt_caught()) /* a signal: no path more */
        return trdb_err_set(err, TRDB_EINTR, "interrupted by %s",
                            interrupt_name(interrupt_caught()));
    /* a file named alone is a bundle of its own: it takes no other file's publisher */
    memset(&ig->bundle, 0, sizeof(ig->bundle));
    for (size_t i = 0; i < ig->profiles->n && !ig->any_order; i++)
        ig->any_order = ig->profiles->p[i].order != PROFILE_ORDER_DEFAULT;
    if (strcmp(path, "-") == 0)
        return ingest_stream(ig, path, err);
    if (stat(path, &sb) != 0) {
        struct trdb_err e;
        trdb_err_set(&e, TRDB_EIO, "cannot read: %s", strerror(errno));
        ig->sum.counts.files_seen++;
        ingest_failed(ig, path, NULL, &e);
        return 0;
    }
    if (S_ISDIR(sb.st_mode)) {
        struct walk w = {NULL, 0, 0};
        int rc = ingest_dir(ig, &w, path, 0, err);
        walk_release(&w);
        return rc;
    }
    if (S_ISFIFO(sb.st_mode))
        return ingest_stream(ig, path, err);
    if (!S_ISREG(sb.st_mode)) {
        /* /dev/zero would be hashed forever */
        struct trdb_err e;
        trdb_err_set(&e, TRDB_EDATA,
                     "%s, not a file: trdb reads files, folders, FIFOs and standard input ('-')",
                     special_kind(sb.st_mode));
        ig->sum.counts.files_seen++;
        ingest_failed(ig, path, NULL, &e);
        return 0;
    }
    if (source_is_archive(path))
        return ingest_archive(ig, path, path, err);
    return ingest_file(ig, path, err);
}
