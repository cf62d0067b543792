/*
 * records.c: writing the side tables of records.h (dsa_reports,
 * category_labels) with one fixed statement per table, and keeping the
 * vocabulary's category labels in category_labels. Not for reading a file
 * (ingest/records.c maps its rows) or for facts (store.c).
 */
#include "records.h"
#include "store.h"
#include "store_int.h"
#include "store_pgw.h"
#include "vocab.h"
#include "../lib/err.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

static const struct records_table tables[] = {
    {"dsa_reports",
     {"service", "provider", "published_on", "previous_published_on", "period_start", "period_end",
      NULL},
     1u << 0},
    {"category_labels",
     {"code", "parent", "label", "template_label", "note", NULL},
     1u << 0 | 1u << 2},
};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

/* Per table, in the order of tables[]: the insert (file_id is ?1, column i is ?(i+2)). */
static const char *const insert_sql[NTABLES] = {
    "INSERT INTO dsa_reports (file_id, service, provider, published_on, previous_published_on, "
    "period_start, period_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
    "INSERT INTO category_labels (file_id, code, parent, label, template_label, note) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
};

/*
 * dsa_reports: one report per service and period. A record published
 * earlier than another file's for the same service and period goes (this
 * file's first, when the other is later), then the other files' records
 * that this one replaces (published on the same day or before, or undated).
 */
static const char *const dsa_settle_sql[] = {
    "DELETE FROM dsa_reports WHERE file_id = ?1 AND EXISTS (SELECT 1 FROM dsa_reports o "
    "WHERE o.file_id != ?1 AND o.service = dsa_reports.service "
    "AND o.period_start IS dsa_reports.period_start AND o.period_end IS dsa_reports.period_end "
    "AND o.published_on > dsa_reports.published_on)",
    "DELETE FROM dsa_reports WHERE file_id != ?1 AND EXISTS (SELECT 1 FROM dsa_reports n "
    "WHERE n.file_id = ?1 AND n.service = dsa_reports.service "
    "AND n.period_start IS dsa_reports.period_start AND n.period_end IS dsa_reports.period_end "
    "AND (dsa_reports.published_on IS NULL OR n.published_on IS NULL "
    "OR dsa_reports.published_on <= n.published_on))",
};
#define NSETTLE (sizeof(dsa_settle_sql) / sizeof(dsa_settle_sql[0]))

/* The same statements in PostgreSQL's dialect (store_pgw_exec), in the same order. */
static const char *const insert_pg[NTABLES] = {
    "INSERT INTO dsa_reports (file_id, service, provider, published_on, previous_published_on, "
    "period_start, period_end) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    "INSERT INTO category_labels (file_id, code, parent, label, template_label, note) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
};
static const char *const dsa_settle_pg[NSETTLE] = {
    "DELETE FROM dsa_reports WHERE file_id = $1 AND EXISTS (SELECT 1 FROM dsa_reports o "
    "WHERE o.file_id <> $1 AND o.service = dsa_reports.service "
    "AND o.period_start IS NOT DISTINCT FROM dsa_reports.period_start "
    "AND o.period_end IS NOT DISTINCT FROM dsa_reports.period_end "
    "AND o.published_on > dsa_reports.published_on)",
    "DELETE FROM dsa_reports WHERE file_id <> $1 AND EXISTS (SELECT 1 FROM dsa_reports n "
    "WHERE n.file_id = $1 AND n.service = dsa_reports.service "
    "AND n.period_start IS NOT DISTINCT FROM dsa_reports.period_start "
    "AND n.period_end IS NOT DISTINCT FROM dsa_reports.period_end "
    "AND (dsa_reports.published_on IS NULL OR n.published_on IS NULL "
    "OR dsa_reports.published_on <= n.published_on))",
};

const struct records_table *records_table_find(const char *name)
{
    for (size_t i = 0; name && i < NTABLES; i++)
        if (strcmp(tables[i].name, name) == 0)
            return &tables[i];
    return NULL;
}

int records_column(const struct records_table *t, const char *name)
{
    for (int i = 0; t && name && t->columns[i]; i++)
        if (strcmp(t->columns[i], name) == 0)
            return i;
    return -1;
}

const char *records_table_names(void)
{
    return "dsa_reports, category_labels";
}

struct records_writer {
    struct store *st;
    const struct records_table *t;
    long long file_id;
    sqlite3_stmt *insert;
    sqlite3_stmt *settle[NSETTLE]; /* dsa_reports only */
};

static int db_fail(struct records_writer *w, struct trdb_err *err, const char *what)
{
    sqlite3 *db = store_db(w->st);

    return trdb_err_set(err, TRDB_EDB, "%s: %s: %s", w->t->name, what, sqlite3_errmsg(db));
}

struct records_writer *records_writer_new(struct store *st, const struct records_table *t,
                                          long long file_id, struct trdb_err *err)
{
    struct records_writer *w = calloc(1, sizeof(*w));
    sqlite3 *db = store_db(st);
    size_t which = (size_t)(t - tables);

    if (!w) {
        trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        return NULL;
    }
    w->st = st;
    w->t = t;
    w->file_id = file_id;
    if (store_pgw_of(st))
        return w; /* PostgreSQL: records_put_pg runs the statements */
    if (sqlite3_prepare_v2(db, insert_sql[which], -1, &w->insert, NULL) != SQLITE_OK)
        goto fail;
    for (size_t i = 0; strcmp(t->name, "dsa_reports") == 0 && i < NSETTLE; i++)
        if (sqlite3_prepare_v2(db, dsa_settle_sql[i], -1, &w->settle[i], NULL) != SQLITE_OK)
            goto fail;
    return w;
fail:
    db_fail(w, err, "cannot prepare a statement");
    records_writer_free(w);
    return NULL;
}

void records_writer_free(struct records_writer *w)
{
    if (!w)
        return;
    sqlite3_finalize(w->insert);
    for (size_t i = 0; i < NSETTLE; i++)
        sqlite3_finalize(w->settle[i]);
    free(w);
}

/* Bind v as text, or NULL when it is NULL or empty. */
static void bind_value(sqlite3_stmt *s, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

/* Step s to its end and reset it. Returns 0 or TRDB_EDB with err. */
static int run(struct records_writer *w, sqlite3_stmt *s, struct trdb_err *err, const char *what)
{
    int rc = sqlite3_step(s);

    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : db_fail(w, err, what);
}

/* records_put on PostgreSQL. */
static int records_put_pg(struct records_writer *w, const char *const *values, struct trdb_err *err)
{
    struct store_pgw *pgw = store_pgw_of(w->st);
    size_t which = (size_t)(w->t - tables);
    const char *vals[RECORDS_MAX_COLUMNS + 1];
    char id[24];
    long long changed = 0;
    int n = 1, rc;

    snprintf(id, sizeof(id), "%lld", w->file_id);
    vals[0] = id;
    for (int i = 0; w->t->columns[i]; i++, n++)
        vals[n] = values[i] && *values[i] ? values[i] : NULL;
    if ((rc = store_pgw_exec(pgw, insert_pg[which], n, vals, &changed, err,
                             "cannot store a record")))
        return rc;
    if (changed == 0)
        return 1;
    for (size_t i = 0; strcmp(w->t->name, "dsa_reports") == 0 && i < NSETTLE; i++)
        if ((rc = store_pgw_exec(pgw, dsa_settle_pg[i], 1, vals, NULL, err,
                                 "cannot replace an earlier report")))
            return rc;
    return 0;
}

int records_put(struct records_writer *w, const char *const *values, struct trdb_err *err)
{
    sqlite3 *db = store_db(w->st);
    int rc;

    if (store_pgw_of(w->st))
        return records_put_pg(w, values, err);
    sqlite3_clear_bindings(w->insert);
    sqlite3_bind_int64(w->insert, 1, w->file_id);
    for (int i = 0; w->t->columns[i]; i++)
        bind_value(w->insert, i + 2, values[i]);
    if ((rc = run(w, w->insert, err, "cannot store a record")))
        return rc;
    if (sqlite3_changes(db) == 0)
        return 1;
    for (size_t i = 0; i < NSETTLE && w->settle[i]; i++) {
        sqlite3_bind_int64(w->settle[i], 1, w->file_id);
        if ((rc = run(w, w->settle[i], err, "cannot replace an earlier report")))
            return rc;
    }
    return 0;
}

/* 1 when category_labels' vocabulary rows are those of cat (n of them), in order. */
static int categories_agree(sqlite3 *db, const struct vocab_category *cat, size_t n)
{
    sqlite3_stmt *s = NULL;
    size_t i = 0;
    int same = 1;

    if (sqlite3_prepare_v2(db,
                           "SELECT code, coalesce(parent, ''), coalesce(template_label, ''), "
                           "label FROM category_labels WHERE file_id IS NULL ORDER BY rowid",
                           -1, &s, NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return 0;
    }
    while (same && sqlite3_step(s) == SQLITE_ROW) {
        const char *got[4];
        for (int k = 0; k < 4; k++)
            got[k] = (const char *)sqlite3_column_text(s, k);
        same = i < n && strcmp(got[0], cat[i].code) == 0 && strcmp(got[1], cat[i].parent) == 0 &&
               strcmp(got[2], cat[i].template_label) == 0 && strcmp(got[3], cat[i].label) == 0;
        i++;
    }
    sqlite3_finalize(s);
    return same && i == n;
}

int records_sync_categories(struct store *st, const struct vocab *v, struct trdb_err *err)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    size_t n;
    const struct vocab_category *cat = vocab_categories(v, &n);
    int rc;

    if (store_pgw_of(st))
        return store_pgw_sync_categories(store_pgw_of(st), cat, n, err);
    if (categories_agree(db, cat, n))
        return 0;
    if ((rc = store_begin(st, err)))
        return rc;
    if (sqlite3_exec(db, "DELETE FROM category_labels WHERE file_id IS NULL", NULL, NULL, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO category_labels (file_id, code, parent, label, "
                           "template_label) VALUES (NULL, ?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                           -1, &s, NULL) != SQLITE_OK)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        sqlite3_reset(s);
        bind_value(s, 1, cat[i].code);
        bind_value(s, 2, cat[i].parent);
        bind_value(s, 3, cat[i].label);
        bind_value(s, 4, cat[i].template_label);
        if (sqlite3_step(s) != SQLITE_DONE)
            goto fail;
    }
    sqlite3_finalize(s);
    return store_commit(st, err);
fail:
    rc = trdb_err_set(err, TRDB_EDB, "cannot store the vocabulary's category labels (%s): %s",
                      VOCAB_DSA_CATEGORIES, sqlite3_errmsg(db));
    sqlite3_finalize(s);
    store_rollback(st);
    return rc;
}
