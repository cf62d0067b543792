/*
 * apps.h: writing app-level records: apps, their availability observations
 * per storefront, removals (listed, or derived from consecutive
 * observations), and the apps_removed_observed rows of country_summary. Not
 * for reading them: queries/ does that through the views app_status and
 * app_removal_list.
 */
#ifndef TRDB_APPS_H
#define TRDB_APPS_H

struct store;
struct trdb_err;
struct apps_writer;

/*
 * Prepare the statements for the records of file file_id (in its
 * transaction; on PostgreSQL, the staging table store_pgw_apps.c fills).
 * Returns NULL with the database's reason in err.
 */
struct apps_writer *apps_writer_new(struct store *st, long long file_id, struct trdb_err *err);
void apps_writer_free(struct apps_writer *w);

struct app_info {
    const char *store;                                   /* "apple" when NULL */
    const char *app_id;                                  /* required */
    const char *bundle_id, *name, *developer, *category; /* may be NULL: kept from before */
};

/*
 * Record an observation of app a in storefront at observed_at (available 1,
 * 0, or -1 for a capture that failed: unknown), from line of the file being
 * loaded. Returns 0 or an error code as store.h describes.
 */
int apps_put_observation(struct apps_writer *w, const struct app_info *a, const char *storefront,
                         const char *observed_at, int available, long line, struct trdb_err *err);

/*
 * A listed removal (reinstated 0) or reinstatement (1) on date (YYYY-MM-DD;
 * NULL when the list gives none: the app counts as removed, in no period).
 */
int apps_put_removal(struct apps_writer *w, const struct app_info *a, const char *storefront,
                     const char *date, int reinstated, const char *reason, const char *source_url,
                     long line, struct trdb_err *err);

/*
 * After a file of app records, in its transaction: derive removals and reinstatements
 * from the observations of every (app, storefront) the file touched
 * (model/derive.sql), add the counts of a list's new removals to the rollups
 * and to apps_removed_observed in country_summary, and count again in SQL
 * what those cannot know (model/rollup.sql, model/app_summary.sql). Returns
 * 0 or an error code.
 */
int apps_file_finish(struct apps_writer *w, struct trdb_err *err);

#endif
