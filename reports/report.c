/*
 * report.c: the CSV tables of the report. Cells that a spreadsheet would run
 * as formulas are neutralised by the CSV writer (queries/output.c).
 */
#include "report.h"
#include "../lib/err.h"
#include "../queries/output.h"
#include "../queries/query.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int make_dir(const char *path, struct trdb_err *err)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return trdb_err_set(err, TRDB_EIO, "cannot create folder '%s': %s", path, strerror(errno));
    return 0;
}

/* Run a named query into path as CSV, through a temporary file. */
static int write_csv(struct store *st, const char *path, const char *query, int argc, char **argv,
                     struct trdb_err *err)
{
    char tmp[4200];
    FILE *f;
    int rc;

    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    f = fopen(tmp, "w");
    if (!f)
        return trdb_err_set(err, TRDB_EIO, "cannot write '%s': %s", tmp, strerror(errno));
    rc = query_run(st, NULL, NULL, query, argc, argv, f, OUT_CSV, 1, err);
    if (fclose(f) != 0 && !rc)
        rc = trdb_err_set(err, TRDB_EIO, "cannot write '%s': %s", tmp, strerror(errno));
    if (!rc && rename(tmp, path) != 0)
        rc = trdb_err_set(err, TRDB_EIO, "cannot rename '%s': %s", tmp, strerror(errno));
    if (rc)
        remove(tmp);
    return rc;
}

int report_write(struct store *st, const char *dir, struct report_stats *stats,
                 struct trdb_err *err)
{
    char csvdir[4096], path[4200];
    sqlite3_stmt *s = NULL;
    int rc;

    memset(stats, 0, sizeof(*stats));
    snprintf(csvdir, sizeof(csvdir), "%s/csv", dir);
    if ((rc = make_dir(dir, err)) || (rc = make_dir(csvdir, err)))
        return rc;
    snprintf(path, sizeof(path), "%s/country_summary.csv", csvdir);
    if ((rc = write_csv(st, path, "summary", 0, NULL, err)))
        return rc;
    stats->files++;
    if ((rc = query_prepare(st, NULL, NULL, "countries-with-data", 0, NULL, &s, err)))
        return rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *cc = (const char *)sqlite3_column_text(s, 0);
        char arg[64];
        char *args[1] = {arg};
        /* codes are two or three letters; anything else would not be a safe file name */
        if (!cc || strspn(cc, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(cc) || strlen(cc) > 3)
            continue;
        snprintf(arg, sizeof(arg), "cc=%s", cc);
        snprintf(path, sizeof(path), "%s/%s.csv", csvdir, cc);
        if ((rc = write_csv(st, path, "summary", 1, args, err)))
            break;
        stats->files++;
        stats->countries++;
    }
    if (rc == SQLITE_DONE)
        rc = 0;
    else if (rc > 0)
        rc = trdb_err_set(err, TRDB_EDB, "cannot list the countries: %s",
                          sqlite3_errmsg(sqlite3_db_handle(s)));
    sqlite3_finalize(s);
    return rc;
}
