/*
 * store_pgw_apps.c: a file's app records on PostgreSQL (model/apps.c hands
 * them here): each record sent with COPY to a staging table in the file's
 * order, then written set-based when the file ends by the scripts of
 * model/pg/ (apps.sql, derive.sql, rollup.sql, app_summary.sql); and the
 * whole summary rebuilt (trdb init --rebuild-summary).
 */
#include "store_pgw.h"
#include "store_pgw_int.h"
#include "../lib/err.h"

#include <stdio.h>

#include "../lib/banned.h"

/* The staging table of C_APPS: a record as apps.c is given it, blank values NULL. */
static const char app_stage_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS app_stage (line BIGINT NOT NULL, kind TEXT NOT NULL, "
    "store TEXT COLLATE \"C\", app_id TEXT COLLATE \"C\", bundle_id TEXT COLLATE \"C\", "
    "name TEXT COLLATE \"C\", developer TEXT COLLATE \"C\", category TEXT COLLATE \"C\", "
    "storefront TEXT COLLATE \"C\", at TEXT COLLATE \"C\", flag INTEGER, "
    "reason TEXT COLLATE \"C\", source_url TEXT COLLATE \"C\")";

int store_pgw_apps_begin(struct store_pgw *w, struct trdb_err *err)
{
    int rc = pgw_run(w, app_stage_sql, err, "cannot prepare the app records");

    return rc ? rc
              : pgw_run(w, "TRUNCATE pg_temp.app_stage", err, "cannot prepare the app records");
}

int store_pgw_app_record(struct store_pgw *w, long line, char kind, const char *const *v,
                         struct trdb_err *err)
{
    /* line, kind and flag need no escaping; a blank value is NULL, as apps.c binds it */
    static const unsigned char verbatim[13] = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0};
    char line_text[24], kind_text[2] = {kind, '\0'};
    const char *texts[13];

    snprintf(line_text, sizeof(line_text), "%ld", line);
    texts[0] = line_text;
    texts[1] = kind_text;
    for (int i = 0; i < 11; i++)
        texts[2 + i] = v[i] && *v[i] ? v[i] : i == 8 ? "\\N" : NULL;
    return pgw_copy_row(w, C_APPS, texts, 13, verbatim, err);
}

int store_pgw_apps_finish(struct store_pgw *w, long long file_id, struct trdb_err *err)
{
    const struct param params[] = {{"file_id", file_id}};
    int rc;

    if ((rc = pgw_run_script(w, "model/pg/apps.sql", params, 1, err)) ||
        (rc = pgw_run_script(w, "model/pg/derive.sql", params, 1, err)) ||
        (rc = pgw_run_script(w, "model/pg/rollup.sql", params, 1, err)))
        return rc;
    return pgw_run_script(w, "model/pg/app_summary.sql", params, 1, err);
}

int store_pgw_rebuild_summary(struct store_pgw *w, struct trdb_err *err)
{
    const struct param any_file[] = {{"file_id", 0}};
    int rc;

    if ((rc = pgw_run_script(w, "model/pg/rebuild.sql", NULL, 0, err)) ||
        (rc = pgw_run_script(w, "model/pg/summary.sql", NULL, 0, err)) ||
        (rc = pgw_run_script(w, "model/pg/rollup.sql", any_file, 1, err)))
        return rc;
    return pgw_run_script(w, "model/pg/app_summary.sql", any_file, 1, err);
}
