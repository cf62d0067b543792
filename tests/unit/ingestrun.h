/*
 * ingestrun.h: for unit tests that load small files through an ingest
 * session: a work folder beside the temporary database (tempdb.h) to write
 * them in, a data folder of the tests' own when one is needed, one ingest
 * run with what it printed kept, and one value read back from the
 * database. Header-only, like table.h.
 */
#ifndef TRDB_TEST_INGESTRUN_H
#define TRDB_TEST_INGESTRUN_H

#include "tempdb.h"
#include "../../ingest/ingest.h"
#include "../../lib/err.h"
#include "../../model/store.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The folder the tests write their files in: dbpath + ".d". */
static char workdir[96];
/* The data folder a run uses: $TRDB_DATA (else ./data), or one under workdir (run_own_data). */
static char run_data[1024];

/* What one run printed (its out and log), its outcome and its results. */
struct run {
    char *out, *log;
    int outcome;
    long long rows, rejected;
    char status[12];
    char message[512];
};

/* A cmocka setup: a database path and an empty work folder. */
static inline int run_setup(const char *what)
{
    const char *d = getenv("TRDB_DATA");

    if (tempdb_setup(what))
        return -1;
    snprintf(workdir, sizeof(workdir), "%s.d", dbpath);
    snprintf(run_data, sizeof(run_data), "%s", d && *d ? d : "data");
    return mkdir(workdir, 0700);
}

/* Remove path, and what is in it when it is a folder (links not followed). */
static inline void remove_tree(const char *path)
{
    struct stat sb;
    DIR *d;
    struct dirent *e;

    if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode) && (d = opendir(path))) {
        while ((e = readdir(d))) {
            char sub[4096];
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
                strlen(path) + strlen(e->d_name) + 2 > sizeof(sub))
                continue;
            memcpy(sub, path, strlen(path));
            sub[strlen(path)] = '/';
            memcpy(sub + strlen(path) + 1, e->d_name, strlen(e->d_name) + 1);
            remove_tree(sub);
        }
        closedir(d);
    }
    remove(path);
}

/* A cmocka teardown: the work folder, the database and its lock go. */
static inline int run_teardown(void)
{
    char lock[112];

    remove_tree(workdir);
    snprintf(lock, sizeof(lock), "%s.lock", dbpath);
    unlink(lock);
    return tempdb_teardown();
}

/* The path of name inside the work folder, into out. */
static inline const char *work_path(const char *name, char *out, size_t n)
{
    snprintf(out, n, "%s/%s", workdir, name);
    return out;
}

/* Write the n bytes of text to name in the work folder (its folders made first). */
static inline void write_bytes(const char *name, const char *text, size_t n)
{
    char path[4096];
    FILE *f;

    work_path(name, path, sizeof(path));
    for (char *slash = strchr(path + strlen(workdir) + 1, '/'); slash;
         slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0700);
        *slash = '/';
    }
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static inline void write_text(const char *name, const char *text)
{
    write_bytes(name, text, strlen(text));
}

/*
 * From now on runs use a data folder in the work folder: links to the real
 * one's formats, vocabulary and countries, and a dsa/services.tsv of text
 * (none when NULL).
 */
static inline void run_own_data(const char *services)
{
    static const char *const links[] = {"formats", "vocabulary", "countries"};
    char *real = realpath(run_data, NULL), own[200], from[2048], to[256];

    assert_non_null(real);
    assert_true(strlen(real) < 1024);
    work_path("data", own, sizeof(own));
    assert_int_equal(mkdir(own, 0700), 0);
    for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
        snprintf(from, sizeof(from), "%s/%s", real, links[i]);
        snprintf(to, sizeof(to), "%s/%s", own, links[i]);
        assert_int_equal(symlink(from, to), 0);
    }
    free(real);
    if (services)
        write_text("data/dsa/services.tsv", services);
    snprintf(run_data, sizeof(run_data), "%s", own);
}

/* Free what a run kept. */
static inline void run_release(struct run *r)
{
    free(r->out);
    free(r->log);
    memset(r, 0, sizeof(*r));
}

/*
 * Ingest name (a file or folder in the work folder) in a session of its
 * own, with the files' paths as given. r gets what it printed and the last
 * file's result; the session failing to open or run fails the test.
 */
static inline void run_ingest(const char *name, struct run *r)
{
    struct ingest_opts o;
    struct trdb_err err = {0, ""};
    const struct ingest_summary *sum;
    struct ingest *ig = NULL;
    size_t outlen = 0, loglen = 0;
    char path[4096];

    memset(r, 0, sizeof(*r));
    memset(&o, 0, sizeof(o));
    o.db_path = dbpath;
    o.data_dir = run_data;
    o.keep_results = 1;
    o.out = open_memstream(&r->out, &outlen);
    o.log = open_memstream(&r->log, &loglen);
    assert_non_null(o.out);
    assert_non_null(o.log);
    if (ingest_open(&o, &ig, &err))
        fail_msg("%s", err.msg);
    if (ingest_path(ig, work_path(name, path, sizeof(path)), &err))
        fail_msg("%s", err.msg);
    sum = ingest_summary(ig);
    assert_true(sum->nresults > 0);
    {
        const struct ingest_result *last = &sum->results[sum->nresults - 1];
        snprintf(r->status, sizeof(r->status), "%s", last->status);
        snprintf(r->message, sizeof(r->message), "%s", last->message ? last->message : "");
        r->rows = last->rows;
        r->rejected = last->rejected;
    }
    r->outcome = ingest_end(ig, 0, &err);
    if (r->outcome < 0)
        fail_msg("%s", err.msg);
    ingest_close(ig);
    fclose(o.out);
    fclose(o.log);
}

/*
 * The first column of the first row of sql as text ("NULL" for NULL, ""
 * for no row), into out. Rows of several values: join them in the query.
 */
static inline const char *run_sql(const char *sql, char *out, size_t n)
{
    struct trdb_err err = {0, ""};
    struct store *st = NULL;
    sqlite3_stmt *s = NULL;
    int rc;

    if (store_open(dbpath, STORE_READONLY, &st, &err))
        fail_msg("%s", err.msg);
    if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(store_db(st)));
    out[0] = '\0';
    if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(s, 0);
        snprintf(out, n, "%s", v ? v : "NULL");
    } else if (rc != SQLITE_DONE) {
        fail_msg("%s: %s", sql, sqlite3_errmsg(store_db(st)));
    }
    sqlite3_finalize(s);
    store_close(st);
    return out;
}

/* The value sql reads is want. */
#define SQL_IS(sql, want)                                                                          \
    do {                                                                                           \
        char got_[8192];                                                                           \
        assert_string_equal(run_sql(sql, got_, sizeof(got_)), want);                               \
    } while (0)

/* text has part (a failure names both). */
#define HAS(text, part)                                                                            \
    do {                                                                                           \
        if (!strstr(text, part))                                                                   \
            fail_msg("'%s' lacks '%s'", text, part);                                               \
    } while (0)

#endif
