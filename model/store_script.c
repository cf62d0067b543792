/*
 * store_script.c: the store's multi-statement steps, the embedded files
 * model/merge.sql, model/summary.sql, model/forget.sql and model/rebuild.sql
 * with their parameters, and the loading file's fact groups handed to
 * summary.sql. Not for single statements or migrations (store.c).
 */
#include "store.h"
#include "store_int.h"
#include "fact_groups.h"
#include "store_pgw.h"
#include "../lib/err.h"
#include "../lib/sqltext.h"

#include <string.h>

#include "../lib/banned.h"

/* A named parameter of a script, and its value. */
struct param {
    const char *name;
    long long value;
};

/*
 * Run every statement of an embedded .sql file in turn, binding the named
 * parameters it uses. Returns 0 or an error code naming the file.
 */
static int run_script(struct store *st, const char *path, const struct param *params, size_t n,
                      struct trdb_err *err)
{
    const char *sql = sql_text(path), *tail;
    int rc = 0;

    if (!sql)
        return trdb_err_set(err, TRDB_EDB, "%s is missing from this build", path);
    while (!rc && *sql) {
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, &tail) != SQLITE_OK)
            return store_db_error(st, err, path);
        sql = tail;
        if (!s)
            break; /* only comments and white space were left */
        for (int p = 1; p <= sqlite3_bind_parameter_count(s); p++) {
            const char *name = sqlite3_bind_parameter_name(s, p);
            for (size_t k = 0; name && k < n; k++)
                if (strcmp(name + 1, params[k].name) == 0)
                    sqlite3_bind_int64(s, p, params[k].value);
        }
        rc = store_step_done(st, s, err, path);
        sqlite3_finalize(s);
    }
    return rc;
}

int store_run_script(struct store *st, const char *path, long long file_id, struct trdb_err *err)
{
    const struct param params[] = {{"file_id", file_id}};

    if (store_pgw_of(st))
        return trdb_err_set(err, TRDB_EDB, "%s does not run on PostgreSQL", path);
    return run_script(st, path, params, 1, err);
}

int store_file_forget(struct store *st, long long file_id, struct trdb_err *err)
{
    const struct param params[] = {{"file_id", file_id}};

    if (store_pgw_of(st))
        return store_pgw_file_forget(store_pgw_of(st), file_id, err);
    return run_script(st, "model/forget.sql", params, 1, err);
}

/* a file's rows' first and last rowid (store_int.h) */
int store_rowid_span(struct store *st, const char *table, long long file_id, long long span[2],
                     struct trdb_err *err)
{
    char *q = sqlite3_mprintf("SELECT min(id), max(id) FROM \"%w\" WHERE file_id = ?1", table);
    sqlite3_stmt *s = NULL;
    int rc;

    if (!q)
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    rc = sqlite3_prepare_v2(store_db(st), q, -1, &s, NULL);
    sqlite3_free(q);
    if (rc != SQLITE_OK)
        return store_db_error(st, err, "cannot find a file's rows");
    sqlite3_bind_int64(s, 1, file_id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
        span[0] = sqlite3_column_int64(s, 0);
        span[1] = sqlite3_column_int64(s, 1);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE
               ? 0
               : store_db_error(st, err, "cannot find a file's rows");
}

/*
 * The loading file's groups (fact_groups.c) into temp.fact_groups, for the
 * (dataset, period) pairs whose current facts are all the file's
 * (temp.summary_known, which merge.sql leaves empty when the groups are not
 * usable): summary.sql counts the rest from the rows. Returns 0 or an error
 * code.
 */
static int groups_write(struct store *st, struct trdb_err *err)
{
    static const char sql[] =
        "INSERT INTO temp.fact_groups (dataset_id, country, period_start, period_end, "
        "request_type, metric, is_aggregate, is_total, no_sub, product, n, n_low, sum_low, n_high, "
        "sum_high, sum_w, sum_lw) "
        "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17 "
        "WHERE EXISTS (SELECT 1 FROM temp.summary_known k WHERE k.dataset_id = ?1 "
        "AND k.period_start = ?3 AND k.period_end = ?4)";
    const struct fact_groups *groups = store_groups(st);
    size_t n = fact_groups_count(groups);
    sqlite3_stmt *s = NULL;
    int rc = 0;

    if (!n)
        return 0;
    if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        return store_db_error(st, err, "cannot count the file's facts");
    for (size_t i = 0; i < n && !rc; i++) {
        const struct fact_group *g = fact_groups_at(groups, i);
        sqlite3_bind_int64(s, 1, g->dataset_id);
        sqlite3_bind_text(s, 2, g->country, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, g->period_start, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, g->period_end, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, g->request_type, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 6, g->metric, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 7, g->is_aggregate);
        sqlite3_bind_int(s, 8, g->is_total);
        sqlite3_bind_int(s, 9, g->no_sub);
        if (g->product)
            sqlite3_bind_text(s, 10, g->product, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(s, 10);
        sqlite3_bind_int64(s, 11, g->n);
        sqlite3_bind_int64(s, 12, g->n_low);
        sqlite3_bind_double(s, 13, g->sum_low);
        sqlite3_bind_int64(s, 14, g->n_high);
        sqlite3_bind_double(s, 15, g->sum_high);
        sqlite3_bind_double(s, 16, g->sum_w);
        sqlite3_bind_double(s, 17, g->sum_lw);
        rc = store_step_done(st, s, err, "cannot count the file's facts");
    }
    sqlite3_finalize(s);
    return rc;
}

/*
 * The periods and (dataset, country) pairs of the loading file, as the
 * writer saw them, into temp.seen_periods and temp.seen_countries for
 * merge.sql. Returns 0 or an error code.
 */
static int seen_write(struct store *st, struct trdb_err *err)
{
    static const char make_sql[] =
        "CREATE TEMP TABLE IF NOT EXISTS seen_periods (period_start TEXT NOT NULL, "
        "period_end TEXT NOT NULL);"
        "CREATE TEMP TABLE IF NOT EXISTS seen_countries (dataset_id INTEGER NOT NULL, "
        "country TEXT NOT NULL);"
        "DELETE FROM temp.seen_periods; DELETE FROM temp.seen_countries;";
    const struct fact_groups *g = store_groups(st);
    sqlite3_stmt *p = NULL, *c = NULL;
    int rc = store_exec(st, make_sql, err, "cannot note the file's periods");

    if (rc)
        return rc;
    if (sqlite3_prepare_v2(store_db(st), "INSERT INTO temp.seen_periods VALUES (?1, ?2)", -1, &p,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(store_db(st), "INSERT INTO temp.seen_countries VALUES (?1, ?2)", -1, &c,
                           NULL) != SQLITE_OK)
        rc = store_db_error(st, err, "cannot note the file's periods");
    for (size_t i = 0; !rc && i < fact_groups_nperiods(g); i++) {
        const char *start, *end;
        fact_groups_period_at(g, i, &start, &end);
        sqlite3_bind_text(p, 1, start, -1, SQLITE_STATIC);
        sqlite3_bind_text(p, 2, end, -1, SQLITE_STATIC);
        rc = store_step_done(st, p, err, "cannot note the file's periods");
    }
    for (size_t i = 0; !rc && i < fact_groups_ncountries(g); i++) {
        long long dataset_id;
        const char *country;
        fact_groups_country_at(g, i, &dataset_id, &country);
        sqlite3_bind_int64(c, 1, dataset_id);
        sqlite3_bind_text(c, 2, country, -1, SQLITE_STATIC);
        rc = store_step_done(st, c, err, "cannot note the file's countries");
    }
    sqlite3_finalize(p);
    sqlite3_finalize(c);
    return rc;
}

int store_file_finish(struct store *st, long long file_id, const struct file_counts *c,
                      struct trdb_err *err)
{
    long long span[4] = {0, -1, 0, -1}; /* no rows: an empty range */
    struct file_seen seen;
    int have_seen, rc = 0;

    if (store_pgw_of(st))
        return store_pgw_file_finish(store_pgw_of(st), file_id, c, err);
    have_seen = fact_groups_seen(store_groups(st), &seen);

    if (have_seen) {
        span[0] = seen.first_fact;
        span[1] = seen.last_fact;
        span[2] = seen.first_note;
        span[3] = seen.last_note;
        rc = seen_write(st, err);
    } else if (store_rowid_span(st, "fact_rows", file_id, span, err) ||
               store_rowid_span(st, "fact_notes", file_id, span + 2, err)) {
        rc = err ? err->code : TRDB_EDB;
    }
    if (rc)
        return rc;
    {
        const struct param params[] = {{"file_id", file_id},
                                       {"file_groups", fact_groups_finish(store_groups(st))},
                                       {"file_seen", have_seen},
                                       {"rows_loaded", c->rows_loaded},
                                       {"rows_rejected", c->rows_rejected},
                                       {"rows_skipped", c->rows_skipped},
                                       {"facts", c->facts},
                                       {"first_fact", span[0]},
                                       {"last_fact", span[1]},
                                       {"first_note", span[2]},
                                       {"last_note", span[3]}};
        if (!(rc = run_script(st, "model/merge.sql", params, sizeof(params) / sizeof(params[0]),
                              err)) &&
            !(rc = store_revise(st, file_id, span, err)) && !(rc = groups_write(st, err)))
            rc = run_script(st, "model/summary.sql", NULL, 0, err);
    }
    fact_groups_reset(store_groups(st));
    return rc;
}

int store_rebuild_summary(struct store *st, struct trdb_err *err)
{
    const struct param any_file[] = {{"file_id", 0}};
    int rc;

    if ((rc = store_begin(st, err)))
        return rc;
    if (store_pgw_of(st)) {
        if ((rc = store_pgw_rebuild_summary(store_pgw_of(st), err)) ||
            (rc = store_commit(st, err))) {
            store_rollback(st);
            return rc;
        }
        return 0;
    }
    if ((rc = run_script(st, "model/rebuild.sql", NULL, 0, err)) ||
        (rc = run_script(st, "model/summary.sql", NULL, 0, err)) ||
        (rc = run_script(st, "model/rollup.sql", any_file, 1, err)) ||
        (rc = run_script(st, "model/app_summary.sql", any_file, 1, err)) ||
        (rc = store_commit(st, err))) {
        store_rollback(st);
        return rc;
    }
    return 0;
}
