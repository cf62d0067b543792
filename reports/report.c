/*
 * report.c: the report folder: CSV tables (csv/), the HTML index and one
 * HTML page per country (countries/CC.html); their DSA parts and the maps
 * are report_dsa.c's. Everything comes from named queries (and the
 * report's own reports/sql/), on SQLite or PostgreSQL (struct report_db,
 * report_query, report_sql); pages are written to a temporary file and
 * renamed, so a reader never sees half a page. Cells a spreadsheet would run as formulas are
 * neutralised by the CSV writer (queries/output.c).
 */
#include "report.h"
#include "chart.h"
#include "html.h"
#include "report_int.h"
#include "../lib/err.h"
#include "../lib/sqltext.h"
#include "../model/store.h"
#include "../model/store_pg.h"
#include "../queries/output.h"
#include "../queries/query.h"
#include "../queries/rows.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../lib/banned.h"

static int make_dir(const char *path, struct trdb_err *err)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return trdb_err_set(err, TRDB_EIO, "cannot create folder '%s': %s", path, strerror(errno));
    return 0;
}

/*
 * The statements kept on SQLite: a named query with cc=CC among its
 * arguments, prepared for the first country and then only bound to each
 * next one's :cc (its other arguments are the same on every page, and the
 * codes come from countries-with-data, so they need no lookup), and each
 * reports/sql statement, prepared once: parsing and planning the facts view
 * once per page and query cost more than running it. The key is the query's
 * name with its arguments but cc, or the path of a reports/sql file.
 * Returns the kept statement reset and bound to cc, or NULL when none is kept.
 */
static sqlite3_stmt *kept(struct report_db *db, const char *key, const char *cc)
{
    for (int i = 0; i < db->nstmts; i++)
        if (strcmp(db->stmts[i].key, key) == 0) {
            sqlite3_stmt *s = db->stmts[i].s;
            sqlite3_reset(s);
            sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":cc"), cc, -1, SQLITE_TRANSIENT);
            return s;
        }
    return NULL;
}

/* Keep s under key: 1 kept (db's from now on), 0 not (no room). */
static int keep(struct report_db *db, const char *key, sqlite3_stmt *s)
{
    if (db->nstmts == REPORT_MAX_STMTS || strlen(key) >= sizeof(db->stmts[0].key))
        return 0;
    snprintf(db->stmts[db->nstmts].key, sizeof(db->stmts[0].key), "%s", key);
    db->stmts[db->nstmts++].s = s;
    return 1;
}

static void report_db_release(struct report_db *db)
{
    for (int i = 0; i < db->nstmts; i++)
        sqlite3_finalize(db->stmts[i].s);
    db->nstmts = 0;
}

int report_query(struct report_db *db, const char *query, int argc, char **argv, struct rows **out,
                 struct trdb_err *err)
{
    char key[96];
    const char *cc = NULL;
    size_t len = (size_t)snprintf(key, sizeof(key), "%s", query);
    sqlite3_stmt *s = NULL;
    int rc, owned = 1;

    *out = NULL;
    if (db->pg)
        return query_rows_pg(db->pg, NULL, NULL, query, argc, argv, out, err);
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "cc=", 3) == 0)
            cc = argv[i] + 3;
        else if (len < sizeof(key))
            len += (size_t)snprintf(key + len, sizeof(key) - len, " %s", argv[i]);
    }
    if (cc && len < sizeof(key) && (s = kept(db, key, cc)))
        owned = 0;
    else if ((rc = query_prepare(db->st, NULL, NULL, query, argc, argv, &s, err)))
        return rc;
    else if (cc && len < sizeof(key) && sqlite3_bind_parameter_index(s, ":cc") > 0 &&
             keep(db, key, s))
        owned = 0;
    if (!(*out = rows_stmt(s, owned)))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    return 0;
}

/* html_rows_table of a named query. */
static int page_table(struct html_page *pg, struct report_db *db, const char *query, int argc,
                      char **argv, const struct html_table_opts *o, long long *rows,
                      struct trdb_err *err)
{
    struct rows *r = NULL;
    int rc = report_query(db, query, argc, argv, &r, err);

    if (rows)
        *rows = 0;
    if (rc)
        return rc;
    rc = html_rows_table(pg, r, o, rows, err);
    rows_close(r);
    return rc;
}

/* Run a named query into path as CSV, through a temporary file. */
static int write_csv(struct report_db *db, const char *path, const char *query, int argc,
                     char **argv, struct trdb_err *err)
{
    char tmp[4200];
    struct rows *r = NULL;
    FILE *f;
    int rc;

    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    f = fopen(tmp, "w");
    if (!f)
        return trdb_err_set(err, TRDB_EIO, "cannot write '%s': %s", tmp, strerror(errno));
    if (!(rc = report_query(db, query, argc, argv, &r, err))) {
        rc = output_rows(r, f, OUT_CSV, 1, err);
        rows_close(r);
    }
    if (fclose(f) != 0 && !rc)
        rc = trdb_err_set(err, TRDB_EIO, "cannot write '%s': %s", tmp, strerror(errno));
    if (!rc && rename(tmp, path) != 0)
        rc = trdb_err_set(err, TRDB_EIO, "cannot rename '%s': %s", tmp, strerror(errno));
    if (rc)
        remove(tmp);
    return rc;
}

/*
 * What each measure of country_summary is called on a page, and whether the
 * index's map offers it (the headline measures; their details, such as the
 * accounts or items named, stay in the tables).
 */
static const struct {
    const char *measure, *title, *unit;
    int map;
} measures[] = {
    {"user_data_requests", "Requests for user data", "requests", 1},
    {"user_data_accounts", "Accounts named in requests for user data", "accounts", 0},
    {"pct_disclosed", "Requests where some data was disclosed", "% of requests", 0},
    {"emergency_requests", "Emergency disclosure requests", "requests", 0},
    {"preservation_requests", "Preservation requests", "requests", 0},
    {"removal_requests", "Content-removal requests", "requests", 1},
    {"removal_items", "Items named in content-removal requests", "items", 0},
    {"apps_removed_reported", "Apps removed, as the publisher reports", "apps", 1},
    {"apps_removed_observed", "Apps removed, as monitors observed", "apps", 1},
    {"dsa_orders_to_act", "DSA orders to act against illegal content (Art. 9)", "orders", 1},
    {"dsa_order_items", "Items of information named in DSA orders to act", "items", 0},
    {"dsa_orders_to_provide_information", "DSA orders to provide information (Art. 10)", "orders",
     1},
};

static int measure_index(const char *m)
{
    for (size_t i = 0; i < sizeof(measures) / sizeof(measures[0]); i++)
        if (strcmp(measures[i].measure, m) == 0)
            return (int)i;
    return -1;
}

const char *report_measure_at(int i, int *map)
{
    if (i < 0 || i >= (int)(sizeof(measures) / sizeof(measures[0])))
        return NULL;
    if (map)
        *map = measures[i].map;
    return measures[i].measure;
}

const char *report_measure_title(const char *measure, const char **unit)
{
    int k = measure_index(measure);

    if (unit)
        *unit = k < 0 ? NULL : measures[k].unit;
    return k < 0 ? NULL : measures[k].title;
}

int report_sql(struct report_db *db, const char *name, const char *cc, struct rows **out,
               struct trdb_err *err)
{
    char path[128];
    const char *sql = NULL;
    sqlite3 *sdb;
    sqlite3_stmt *s = NULL;

    *out = NULL;
    if (db->pg) {
        /* the PostgreSQL text when the statement is not in the common subset */
        snprintf(path, sizeof(path), "reports/sql/pg/%s.sql", name);
        sql = sql_text(path);
    }
    if (!sql) {
        snprintf(path, sizeof(path), "reports/sql/%s.sql", name);
        if (!db->pg && (s = kept(db, path, cc))) {
            if (!(*out = rows_stmt(s, 0)))
                return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            return 0;
        }
        sql = sql_text(path);
    }
    if (!sql)
        return trdb_err_set(err, TRDB_EDB, "the report's query '%s' is missing from this build",
                            path);
    if (db->pg)
        return query_sql_pg(db->pg, path, sql, cc, out, err);
    sdb = store_db(db->st);
    if (sqlite3_prepare_v2(sdb, sql, -1, &s, NULL) != SQLITE_OK)
        return trdb_err_set(err, TRDB_EDB, "the report's query '%s' does not compile: %s", path,
                            sqlite3_errmsg(sdb));
    sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":cc"), cc, -1, SQLITE_TRANSIENT);
    if (!(*out = rows_stmt(s, !keep(db, path, s))))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    return 0;
}

void report_period_label(char *out, size_t n, const char *start, const char *end)
{
    if (strlen(start) == 10 && strlen(end) == 10 && strncmp(start, end, 4) == 0) {
        if (strcmp(start + 4, "-01-01") == 0 && strcmp(end + 4, "-06-30") == 0) {
            snprintf(out, n, "%.4s H1", start);
            return;
        }
        if (strcmp(start + 4, "-07-01") == 0 && strcmp(end + 4, "-12-31") == 0) {
            snprintf(out, n, "%.4s H2", start);
            return;
        }
        if (strcmp(start + 4, "-01-01") == 0 && strcmp(end + 4, "-12-31") == 0) {
            snprintf(out, n, "%.4s", start);
            return;
        }
    }
    snprintf(out, n, "%s to %s", start, end);
}

int report_months(const char *date)
{
    int y, m;

    return sscanf(date, "%4d-%2d", &y, &m) == 2 ? y * 12 + m - 1 : 0;
}

/*
 * Charts from a long-form query whose rows are (measure, period_start,
 * period_end, publisher, LOW, HIGH): one chart per measure, in the order of
 * measures[] (others after them), a line per publisher. OUT: *charts drawn.
 * Returns 0 or a negative code.
 */
static int measure_charts(struct html_page *pg, struct report_db *db, const char *query, int argc,
                          char **argv, const char *low_col, const char *high_col,
                          const char *id_prefix, int *charts, struct trdb_err *err)
{
    enum { MAX_CHARTS = 32 };
    struct chart *c[MAX_CHARTS] = {NULL};
    char *name[MAX_CHARTS] = {NULL}, id[96];
    int nm = (int)(sizeof(measures) / sizeof(measures[0])), n = nm;
    struct rows *s = NULL;
    int rc, cm, cs, ce, cp, cl, ch;

    *charts = 0;
    if ((rc = report_query(db, query, argc, argv, &s, err)))
        return rc;
    cm = rows_column(s, "measure"), cs = rows_column(s, "period_start"),
    ce = rows_column(s, "period_end");
    cp = rows_column(s, "publisher"), cl = rows_column(s, low_col), ch = rows_column(s, high_col);
    if (cm < 0 || cs < 0 || ce < 0 || cp < 0 || cl < 0 || ch < 0) {
        rows_close(s);
        return trdb_err_set(err, TRDB_EDB, "query '%s' lacks the columns of a chart", query);
    }
    while ((rc = rows_step(s, err)) > 0) {
        const char *m = rows_text(s, cm, ""), *start = rows_text(s, cs, ""),
                   *end = rows_text(s, ce, "");
        char label[48];
        int k = measure_index(m);
        if (k < 0) /* a measure this page has no words for: by its name, after the others */
            for (k = nm; k < n && strcmp(name[k], m) != 0; k++)
                ;
        if (k == n) {
            if (n == MAX_CHARTS)
                continue;
            if (!(name[n++] = strdup(m))) {
                rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
                goto out;
            }
        }
        if (!c[k] &&
            !(c[k] = chart_new(k < nm ? measures[k].title : m, "half-year",
                               k < nm ? measures[k].unit : m, strcmp(m, "pct_disclosed") == 0))) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            goto out;
        }
        report_period_label(label, sizeof(label), start, end);
        if (chart_add(c[k], (report_months(start) + report_months(end)) / 2.0, label,
                      rows_text(s, cp, "?"), rows_double(s, cl), !rows_null(s, cl),
                      rows_double(s, ch), !rows_null(s, ch))) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            goto out;
        }
    }
    if (rc < 0)
        goto out;
    for (int k = 0; k < n; k++) {
        if (!c[k] || !chart_points(c[k]))
            continue;
        snprintf(id, sizeof(id), "%s-%d", id_prefix, k);
        chart_write(c[k], html_file(pg), id);
        ++*charts;
    }
out:
    for (int k = 0; k < n; k++) {
        chart_free(c[k]);
        free(name[k]);
    }
    rows_close(s);
    return rc;
}

void report_none(struct html_page *pg, const char *what)
{
    fputs("<p class=\"note\">", html_file(pg));
    html_text(pg, what);
    fputs("</p>\n", html_file(pg));
}

/* The last ingest's end, for "data as of". */
static void last_ingest(struct report_db *db, char *out, size_t n)
{
    struct rows *s = NULL;
    char *args[] = {"limit=1"};
    struct trdb_err e = {0, ""};

    snprintf(out, n, "no ingest recorded");
    if (report_query(db, "runs", 1, args, &s, &e))
        return;
    if (rows_step(s, &e) > 0) {
        const char *at = rows_text(s, rows_column(s, "ended_at"), NULL);
        if (!at)
            at = rows_text(s, rows_column(s, "started_at"), "an unfinished ingest");
        snprintf(out, n, "%s", at);
    }
    rows_close(s);
}

static int write_index(struct report_db *db, struct report_dsa *d, const char *dir,
                       const struct report_stats *stats, struct trdb_err *err)
{
    char path[4200], asof[64];
    struct html_page *pg;
    FILE *f;
    long long rows = 0;
    int charts = 0, rc;

    snprintf(path, sizeof(path), "%s/index.html", dir);
    if (!(pg = html_page_open(path, "Government requests and app removals: trdb report", err)))
        return err->code;
    f = html_file(pg);
    last_ingest(db, asof, sizeof(asof));
    fputs("<header class=\"top\"><h1>Government requests and app removals</h1><p>", f);
    fprintf(f, "%d countries and other requesters with figures. Data as of the last ingest, ",
            stats->countries);
    html_text(pg, asof);
    fputs(".</p></header>\n<main>\n<nav class=\"sections\"><a href=\"#countries\">Countries</a>"
          "<a href=\"#map\">Map</a><a href=\"#world\">World totals</a>"
          "<a href=\"dsa.html\">DSA orders</a><a href=\"#coverage\">Coverage</a>"
          "<a href=\"csv/country_summary.csv\">CSV</a></nav>\n",
          f);

    fputs("<h2 id=\"countries\">Countries</h2>\n<p class=\"note\">All publishers together. "
          "<em>latest</em>: the latest half-year of each measure (below); <em>total</em>: every "
          "half-year. A range is a published band (<code>0-249</code>); <code>5,000+</code> is "
          "at least 5,000. <em>dsa</em>: orders from an EU country's authorities to the services "
          "under the DSA (<a href=\"dsa.html\">the DSA page</a>), other legal instruments than "
          "the companies' own figures and never added to them. Click a header to sort; a "
          "country's page has its details.</p>\n"
          "<label class=\"filter\">Filter <input type=\"search\" data-filter=\"country-table\" "
          "placeholder=\"country, code or figure\"></label> <span class=\"note\" "
          "id=\"country-table-count\"></span>\n",
          f);
    {
        struct html_table_opts t = {"country-table", NULL, "country", "countries/", 0, 1};
        struct rows *s = NULL;
        if ((rc = report_index_table(db, &s, err)))
            goto fail;
        rc = html_rows_table(pg, s, &t, &rows, err);
        rows_close(s);
        if (rc)
            goto fail;
    }
    fputs("<h3>Latest half-year of each measure</h3>\n", f);
    if ((rc = page_table(pg, db, "latest-periods", 0, NULL, NULL, NULL, err)))
        goto fail;

    fputs("<h2 id=\"map\">Map</h2>\n<p class=\"note\">One square per country at its "
          "approximate place, Europe drawn larger; the latest half-year of the measure picked, "
          "all publishers together. A square's figure shows on hover; the table beside the map "
          "has them all.</p>\n",
          f);
    if ((rc = report_dsa_world_maps(d, pg, err)))
        goto fail;

    fputs("<h2 id=\"world\">World totals per half-year</h2>\n<p class=\"note\">Each measure "
          "summed over every country and requester, per publisher. Bands are drawn from their "
          "low to their high end; the line joins the low ends.</p>\n",
          f);
    if ((rc = measure_charts(pg, db, "world", 0, NULL, "value_low", "value_high", "world", &charts,
                             err)))
        goto fail;
    if (!charts)
        report_none(pg, "No figures yet: run 'trdb ingest'.");

    fputs("<h2 id=\"coverage\">Coverage</h2>\n<p class=\"note\">What the database holds, per "
          "publisher and dataset.</p>\n",
          f);
    if ((rc = page_table(pg, db, "coverage", 0, NULL, NULL, NULL, err)))
        goto fail;
    fputs("<h3>Latest ingest runs</h3>\n", f);
    {
        char *args[] = {"limit=5"};
        if ((rc = page_table(pg, db, "runs", 1, args, NULL, NULL, err)))
            goto fail;
    }
    fputs("<p class=\"note\">Every figure as CSV: <a href=\"csv/country_summary.csv\">"
          "csv/country_summary.csv</a>, and <code>csv/CC.csv</code> per country. Written by "
          "<code>trdb report</code>; the figures and their source files and lines are in the "
          "database (<code>trdb query</code>, <code>trdb sql</code>).</p>\n</main>\n",
          f);
    return html_page_close(pg, err);
fail:
    html_page_abort(pg);
    return rc;
}

/* The removals a country page lists (the removals-list query's default limit). */
#define REMOVALS_SHOWN 100

/*
 * The App removals section of cc's page: a chart of the apps removed per
 * month, a table per category, and the newest REMOVALS_SHOWN removals; a
 * longer list is counted and left to its CSV (csv/CC-removals.csv with
 * report_removal_lists, else the command that writes it). The counts come from the
 * rollups kept at ingest (reports/sql/app-*.sql), never from the removals
 * themselves. args: "cc=CC" for the named query. Returns 0 or a negative code.
 */
static int removal_lists;

void report_removal_lists(int on)
{
    removal_lists = on;
}

static int app_removals(struct html_page *pg, struct report_db *db, const char *dir, const char *cc,
                        char **args, struct trdb_err *err)
{
    struct chart *c = NULL;
    struct rows *s = NULL;
    FILE *f = html_file(pg);
    long long removals = 0, apps = 0;
    int rc;

    if ((rc = report_sql(db, "app-months", cc, &s, err)))
        return rc;
    if (!(c = chart_new("Apps removed per month (listed by monitors or seen to vanish)", "month",
                        "apps", 0))) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    while ((rc = rows_step(s, err)) > 0) {
        const char *g = rows_text(s, 0, "");
        if (g[0] == '(') /* (date unknown): in the table below only */
            continue;
        if (chart_add(c, report_months(g), g, "removed", rows_double(s, 1), 1, rows_double(s, 1),
                      1)) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            goto out;
        }
    }
    if (rc < 0)
        goto out;
    rows_close(s);
    s = NULL;
    if (!chart_points(c)) {
        report_none(pg, "No app removals recorded for this storefront.");
        goto out;
    }
    chart_write(c, f, "apps-month");
    {
        struct html_table_opts t = {NULL, "By category", NULL, NULL, 0, 0};
        if ((rc = report_sql(db, "app-categories", cc, &s, err)))
            goto out;
        if ((rc = html_rows_table(pg, s, &t, NULL, err)))
            goto out;
        rows_close(s);
        s = NULL;
    }
    if ((rc = report_sql(db, "app-removal-count", cc, &s, err)))
        goto out;
    if ((rc = rows_step(s, err)) <= 0) {
        if (!rc)
            rc = trdb_err_set(err, TRDB_EDB, "cannot read the count of app removals: no row");
        goto out;
    }
    removals = rows_int(s, 0), apps = rows_int(s, 1);
    rows_close(s);
    s = NULL;
    {
        struct html_table_opts l = {NULL, "The latest removals (100 at most)", NULL, NULL, 0, 0};
        if ((rc = page_table(pg, db, "removals-list", 1, args, &l, NULL, err)))
            goto out;
    }
    if (removals > REMOVALS_SHOWN) {
        fprintf(f,
                "<p class=\"note\" id=\"removals-count\">The newest %d of %lld removals (%lld "
                "apps) are listed here; every one is in ",
                REMOVALS_SHOWN, removals, apps);
        if (removal_lists) {
            char path[4200], arg_limit[] = "limit=0";
            char *all[2] = {args[0], arg_limit};
            snprintf(path, sizeof(path), "%s/csv/%s-removals.csv", dir, cc);
            if ((rc = write_csv(db, path, "removals-list", 2, all, err)))
                goto out;
            fputs("<a href=\"../csv/", f);
            html_text(pg, cc);
            fputs("-removals.csv\">csv/", f);
            html_text(pg, cc);
            fputs("-removals.csv</a>.</p>\n", f);
        } else {
            fputs("the CSV that <code>trdb query removals-list cc=", f);
            html_text(pg, cc);
            fputs(" limit=0 --format csv</code> writes (or <code>trdb report "
                  "--removal-lists</code>).</p>\n",
                  f);
        }
    }
out:
    rows_close(s);
    chart_free(c);
    return rc;
}

/* One country's page. */
static int write_country(struct report_db *db, struct report_dsa *d, const char *dir,
                         const char *cc, const char *name, const char *first, const char *last,
                         const char *publishers, struct trdb_err *err)
{
    /* the tables of the named query breakdowns, in its order */
    struct html_table_part breakdowns[] = {
        {"legal_process", {NULL, "By legal process", NULL, NULL, 1, 0}, 0},
        {"requester", {NULL, "By requester", NULL, NULL, 1, 0}, 0},
        {"product", {NULL, "By product", NULL, NULL, 1, 0}, 0},
        {"reason", {NULL, "By reason", NULL, NULL, 1, 0}, 0}};
    const int nbreakdowns = (int)(sizeof(breakdowns) / sizeof(breakdowns[0]));
    static const struct html_table_opts skip = {NULL, NULL, NULL, NULL, 1, 0};
    char path[4200], title[400], arg_cc[16];
    char *args[1] = {arg_cc};
    struct html_page *pg;
    struct rows *s = NULL;
    long long rows;
    int charts = 0, any = 0, rc;
    FILE *f;

    snprintf(arg_cc, sizeof(arg_cc), "cc=%s", cc);
    snprintf(path, sizeof(path), "%s/countries/%s.html", dir, cc);
    snprintf(title, sizeof(title), "%s (%s): trdb report", name, cc);
    if (!(pg = html_page_open(path, title, err)))
        return err->code;
    f = html_file(pg);
    fputs("<header class=\"top\"><p><a href=\"../index.html\">All countries</a></p><h1>", f);
    html_text(pg, name);
    fputs(" <small>(", f);
    html_text(pg, cc);
    fputs(")</small></h1><p>Figures from ", f);
    for (const char *q = publishers; *q; q += strcspn(q, ",")) { /* "A,B" as "A, B" */
        char one[128];
        if (*q == ',' && *++q)
            fputs(", ", f);
        snprintf(one, sizeof(one), "%.*s", (int)strcspn(q, ","), q);
        html_text(pg, one);
    }
    fputs(", ", f);
    html_text(pg, first);
    fputs(" to ", f);
    html_text(pg, last);
    fputs(".</p></header>\n<main>\n<nav class=\"sections\"><a href=\"#figures\">Figures</a>", f);
    if ((rc = report_dsa_has(d, cc, err)) < 0)
        goto fail;
    if (rc)
        fputs("<a href=\"#dsa\">DSA orders</a>", f);
    fputs("<a href=\"#breakdowns\">Breakdowns</a><a href=\"#apps\">App removals</a>"
          "<a href=\"#reconcile\">Reported and observed</a><a href=\"#revisions\">Revisions</a>"
          "<a href=\"#sources\">Sources</a><a href=\"../csv/",
          f);
    html_text(pg, cc);
    fputs(".csv\">CSV</a></nav>\n", f);

    fputs("<h2 id=\"figures\">Figures per publisher</h2>\n<p class=\"note\">Per half-year, as "
          "each publisher reports them. Bands are drawn from their low to their high end; the "
          "line joins the low ends. Hover a point for its figure; the table under each chart "
          "has them all.</p>\n",
          f);
    if ((rc = measure_charts(pg, db, "summary", 1, args, "low", "high", "m", &charts, err)))
        goto fail;
    if (!charts)
        report_none(pg, "No published figures for this country.");
    if ((rc = report_dsa_country(d, pg, cc, name, err)))
        goto fail;

    fputs("<h2 id=\"breakdowns\">Breakdowns</h2>\n<p class=\"note\">Figures by legal process, "
          "requester, product and reason, summed over the half-years they cover (rows that total "
          "others left out).</p>\n",
          f);
    if ((rc = report_query(db, "breakdowns", 1, args, &s, err)))
        goto fail;
    rc = html_rows_tables(pg, s, breakdowns, nbreakdowns, err);
    rows_close(s);
    if (rc)
        goto fail;
    for (int i = 0; i < nbreakdowns; i++)
        any += breakdowns[i].rows > 0;
    if (!any)
        report_none(pg, "No breakdowns published for this country.");

    fputs("<h2 id=\"apps\">App removals</h2>\n", f);
    if ((rc = app_removals(pg, db, dir, cc, args, err)))
        goto fail;

    fputs("<h2 id=\"reconcile\">Reported and observed</h2>\n<p class=\"note\">Apps removed as "
          "the store's publisher reports them (its app-takedown figures) beside apps removed as "
          "observed (removal lists and captures), per half-year.</p>\n",
          f);
    if ((rc = page_table(pg, db, "reconcile", 1, args, &skip, &rows, err)))
        goto fail;
    if (!rows)
        report_none(pg, "Nothing to compare for this country.");

    fputs("<h2 id=\"revisions\">Revisions</h2>\n<p class=\"note\">Figures a newer release "
          "published differently (restated) or no longer (vanished).</p>\n",
          f);
    if ((rc = page_table(pg, db, "revisions", 1, args, &skip, &rows, err)))
        goto fail;
    if (!rows)
        report_none(pg, "No figure for this country was revised.");

    fputs("<h2 id=\"sources\">Source files</h2>\n<p class=\"note\">Every file with figures or app "
          "records for this country, with its sha256.</p>\n",
          f);
    if ((rc = page_table(pg, db, "country-sources", 1, args, NULL, NULL, err)))
        goto fail;
    fputs("</main>\n", f);
    return html_page_close(pg, err);
fail:
    html_page_abort(pg);
    return rc;
}

static char data_folder[4096];

void report_data_dir(const char *dir)
{
    snprintf(data_folder, sizeof(data_folder), "%s", dir ? dir : "");
}

/* The data folder: as set, else $TRDB_DATA, else the installed one. */
static const char *data_dir(void)
{
    const char *env = getenv("TRDB_DATA");

    if (data_folder[0])
        return data_folder;
    return env && *env ? env : TRDB_DATADIR;
}

/* The report from db (either backend) under dir. */
static int write_report(struct report_db *db, const char *dir, struct report_stats *stats,
                        struct trdb_err *err)
{
    char csvdir[4096], pagedir[4096], path[4200];
    struct report_dsa *d = NULL;
    struct rows *s = NULL;
    int rc;

    memset(stats, 0, sizeof(*stats));
    snprintf(csvdir, sizeof(csvdir), "%s/csv", dir);
    snprintf(pagedir, sizeof(pagedir), "%s/countries", dir);
    if ((rc = make_dir(dir, err)) || (rc = make_dir(csvdir, err)) || (rc = make_dir(pagedir, err)))
        return rc;
    snprintf(path, sizeof(path), "%s/country_summary.csv", csvdir);
    if ((rc = write_csv(db, path, "summary", 0, NULL, err)))
        return rc;
    stats->files++;
    if ((rc = report_dsa_open(db, data_dir(), &d, err)))
        return rc;
    if ((rc = report_query(db, "countries-with-data", 0, NULL, &s, err))) {
        report_dsa_free(d);
        return rc;
    }
    while ((rc = rows_step(s, err)) > 0) {
        const char *cc = rows_text(s, 0, NULL);
        char arg[64];
        char *args[1] = {arg};
        /* codes are two or three letters; anything else would not be a safe file name */
        if (!cc || strspn(cc, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(cc) || strlen(cc) > 3)
            continue;
        snprintf(arg, sizeof(arg), "cc=%s", cc);
        snprintf(path, sizeof(path), "%s/%s.csv", csvdir, cc);
        if ((rc = write_csv(db, path, "summary", 1, args, err)))
            break;
        if ((rc = write_country(db, d, dir, cc, rows_text(s, 1, cc), rows_text(s, 2, ""),
                                rows_text(s, 3, ""), rows_text(s, 4, ""), err)))
            break;
        stats->files += 2;
        stats->countries++;
    }
    rows_close(s);
    if (!rc && !(rc = write_index(db, d, dir, stats, err)))
        stats->files++;
    if (!rc && !(rc = report_dsa_page(d, dir, err)))
        stats->files++;
    report_dsa_free(d);
    return rc;
}

int report_write(struct store *st, const char *dir, struct report_stats *stats,
                 struct trdb_err *err)
{
    struct report_db db = {.st = st};
    int rc = write_report(&db, dir, stats, err);

    report_db_release(&db);
    return rc;
}

int report_write_pg(struct store_pg *pg, const char *dir, struct report_stats *stats,
                    struct trdb_err *err)
{
    struct report_db db = {.pg = pg};
    PGresult *res;
    int rc;

    /* one snapshot for every page, as SQLite's read transaction gives */
    res = PQexec(store_pg_conn(pg), "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        rc = store_pg_fail(pg, res, err, "cannot start a read-only transaction");
        PQclear(res);
        return rc;
    }
    PQclear(res);
    rc = write_report(&db, dir, stats, err);
    PQclear(PQexec(store_pg_conn(pg), rc ? "ROLLBACK" : "COMMIT"));
    return rc;
}
