/*
 * report_dsa.c: the report's pages on the EU's DSA transparency reports
 * (Table 3: Member States' orders to the services) and its tile-grid maps:
 * the DSA section of an EU country's page, the DSA page (dsa.html), the
 * maps of the index and of the DSA page, and the index's country table with
 * the DSA columns. The SQL is in reports/sql/; the SVG in tilemap.c. Not for
 * the rest of the pages: report.c.
 */
#include "chart.h"
#include "html.h"
#include "report_int.h"
#include "tilemap.h"
#include "../lib/alloc.h"
#include "../lib/err.h"
#include "../lib/fileio.h"
#include "../lib/sqltext.h"
#include "../model/store.h"
#include "../queries/output.h"
#include "../queries/query.h"
#include "../queries/rows.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

enum { MAX_MEMBERS = 64, MAX_MAPS = 8 };

struct report_dsa {
    struct report_db *db;
    char members[MAX_MEMBERS][4]; /* the EU's Member States */
    int nmembers;
    struct tilemap *world, *europe;
};

/* eu-member-states.tsv: CODE<TAB>NAME lines, '#' comments. */
static int load_members(struct report_dsa *d, const char *path, struct trdb_err *err)
{
    char *text = fileio_read_all(path, 1 << 16, "list of EU Member States", NULL, err);
    int lineno = 0, rc = 0;

    if (!text)
        return err ? err->code : TRDB_EIO;
    for (char *s = text; *s && !rc;) {
        char *nl = strchr(s, '\n'), *next = nl ? nl + 1 : s + strlen(s);
        size_t len;
        if (nl)
            *nl = '\0';
        lineno++;
        len = strcspn(s, "\t\r");
        if (*s == '#' || len == 0) {
            s = next;
            continue;
        }
        if (len != 2 || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 2)
            rc = trdb_err_set(err, TRDB_EDATA,
                              "%s:%d: '%.*s' is not a country code (two capital letters)", path,
                              lineno, (int)(len > 20 ? 20 : len), s);
        else if (d->nmembers == MAX_MEMBERS)
            rc = trdb_err_set(err, TRDB_ELIMIT, "%s:%d: more than %d Member States", path, lineno,
                              MAX_MEMBERS);
        else
            memcpy(d->members[d->nmembers++], s, 3), d->members[d->nmembers - 1][2] = '\0';
        s = next;
    }
    free(text);
    return rc;
}

static int is_member(const struct report_dsa *d, const char *cc)
{
    for (int i = 0; i < d->nmembers; i++)
        if (strcmp(d->members[i], cc) == 0)
            return 1;
    return 0;
}

void report_dsa_free(struct report_dsa *d)
{
    if (!d)
        return;
    tilemap_free(d->world);
    tilemap_free(d->europe);
    free(d);
}

int report_dsa_open(struct report_db *db, const char *data_dir, struct report_dsa **out,
                    struct trdb_err *err)
{
    struct report_dsa *d = calloc(1, sizeof(*d));
    char path[4200];
    int rc;

    *out = NULL;
    if (!d)
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    d->db = db;
    snprintf(path, sizeof(path), "%s/countries/eu-member-states.tsv", data_dir);
    if ((rc = load_members(d, path, err)))
        goto fail;
    snprintf(path, sizeof(path), "%s/countries/tiles-world.tsv", data_dir);
    if ((rc = tilemap_load(path, &d->world, err)))
        goto fail;
    snprintf(path, sizeof(path), "%s/countries/tiles-europe.tsv", data_dir);
    if ((rc = tilemap_load(path, &d->europe, err)))
        goto fail;
    *out = d;
    return 0;
fail:
    report_dsa_free(d);
    return rc;
}

/* html_rows_table of reports/sql/NAME.sql with cc. */
static int sql_table(struct html_page *pg, struct report_dsa *d, const char *name, const char *cc,
                     const struct html_table_opts *o, long long *rows, struct trdb_err *err)
{
    struct rows *r = NULL;
    int rc = report_sql(d->db, name, cc, &r, err);

    if (rows)
        *rows = 0;
    if (rc)
        return rc;
    rc = html_rows_table(pg, r, o, rows, err);
    rows_close(r);
    return rc;
}

int report_dsa_has(struct report_dsa *d, const char *cc, struct trdb_err *err)
{
    struct rows *r = NULL;
    int rc;

    if (!is_member(d, cc))
        return 0;
    if ((rc = report_sql(d->db, "dsa-country-services", cc, &r, err)))
        return rc;
    rc = rows_step(r, err);
    rows_close(r);
    return rc;
}

/* "* Median times are in hours: an assumed unit (why)." from metric_units, once per unit. */
static int units_note(struct report_dsa *d, struct html_page *pg, struct trdb_err *err)
{
    FILE *f = html_file(pg);
    char last[64] = "";
    struct rows *r = NULL;
    int rc;

    if ((rc = report_sql(d->db, "units", NULL, &r, err)))
        return rc;
    while ((rc = rows_step(r, err)) > 0) {
        const char *unit = rows_text(r, 1, ""), *why = rows_text(r, 2, "");
        if (strcmp(unit, last) == 0)
            continue;
        snprintf(last, sizeof(last), "%s", unit);
        fputs("<p class=\"note\">* Median times are in ", f);
        html_text(pg, unit);
        fputs(": an assumed unit (", f);
        html_text(pg, why);
        fputs(").</p>\n", f);
    }
    rows_close(r);
    return rc;
}

/*
 * A bar chart of s's rows (stepped from where they are; s stays the
 * caller's): a group per row, labelled "SERVICE, HALF-YEAR", a bar for the
 * orders to act (column act) and one for the orders to provide information
 * (column info).
 */
static int orders_chart(struct html_page *pg, struct rows *s, const char *title, const char *act,
                        const char *info, const char *id, struct trdb_err *err)
{
    const char *series[2] = {"orders to act", "orders to provide information"};
    struct chart *c = chart_new(title, "service, half-year", "orders", 0);
    int col[2] = {rows_column(s, act), rows_column(s, info)};
    int cs = rows_column(s, "service"), ch = rows_column(s, "half_year"), n = 0, rc;

    if (!c)
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    chart_set_bars(c);
    while ((rc = rows_step(s, err)) > 0) {
        char label[300];
        snprintf(label, sizeof(label), "%s, %s", rows_text(s, cs, "?"), rows_text(s, ch, ""));
        for (int k = 0; k < 2; k++) {
            if (col[k] < 0 || rows_null(s, col[k]))
                continue;
            if (chart_add(c, n, label, series[k], rows_double(s, col[k]), 1, rows_double(s, col[k]),
                          1)) {
                chart_free(c);
                return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            }
        }
        n++;
    }
    if (rc < 0) {
        chart_free(c);
        return rc;
    }
    if (chart_points(c))
        chart_write(c, html_file(pg), id);
    chart_free(c);
    return 0;
}

int report_dsa_country(struct report_dsa *d, struct html_page *pg, const char *cc, const char *name,
                       struct trdb_err *err)
{
    static const struct html_table_opts services = {"dsa-services", NULL, NULL, NULL, 0, 0};
    static const struct html_table_opts categories = {
        "dsa-categories",
        "Top categories of illegal content (five at most per service)",
        NULL,
        NULL,
        1,
        0};
    static const struct html_table_opts notes = {
        "dsa-notes", "What the services say about these figures", NULL, NULL, 1, 0};
    FILE *f = html_file(pg);
    char title[400];
    struct rows *r = NULL;
    int rc;

    if ((rc = report_dsa_has(d, cc, err)) <= 0)
        return rc;
    fputs("<h2 id=\"dsa\">Orders from this country's authorities under the DSA</h2>\n"
          "<p class=\"note\">What ",
          f);
    html_text(pg, name);
    fputs("'s authorities ordered the services that publish the EU's harmonised DSA "
          "transparency reports (Table 3): orders to act against illegal content (Article 9 "
          "DSA), the items of information they named, and orders to provide information about "
          "users (Article 10), per service and half-year. Each service's figure is its own total "
          "for the country, else the sum of its categories, else of their keywords. Other legal "
          "instruments than the companies' own removal and user-data figures above: never added "
          "to them. All services together: <a href=\"../dsa.html\">the DSA page</a>.</p>\n",
          f);
    if ((rc = sql_table(pg, d, "dsa-country-services", cc, &services, NULL, err)) ||
        (rc = units_note(d, pg, err)))
        return rc;
    snprintf(title, sizeof(title), "Orders from %s's authorities, per service and half-year", name);
    if ((rc = report_sql(d->db, "dsa-country-services", cc, &r, err)))
        return rc;
    rc = orders_chart(pg, r, title, "orders_to_act_low", "orders_to_provide_information_low",
                      "dsa-orders", err);
    rows_close(r);
    if (rc || (rc = sql_table(pg, d, "dsa-country-categories", cc, &categories, NULL, err)))
        return rc;
    return sql_table(pg, d, "dsa-notes", cc, &notes, NULL, err);
}

/* One country's figure for one measure on a map. */
struct map_row {
    char measure[64], code[8], start[16], end[16], text[64];
    char *name;
    double value;
};

/* "1,234", "0-249", "5,000+" */
static void band(char *out, size_t n, const struct rows *s, int lo, int hi)
{
    char a[32], b[32];
    int has_hi = !rows_null(s, hi);
    double l = rows_double(s, lo), h = rows_double(s, hi);

    output_commas(a, sizeof(a), (long long)l);
    output_commas(b, sizeof(b), (long long)h);
    if (!has_hi)
        snprintf(out, n, "%s+", a);
    else if (l == h)
        snprintf(out, n, "%s", a);
    else
        snprintf(out, n, "%s-%s", a, b);
}

/*
 * The maps of one page: the figures of reports/sql/map-latest.sql for the
 * measures whose name starts with prefix, every one (all) or those the
 * index's map offers, in the report's order of measures, each a figure of its own, the first shown
 * and the others a radio button away (CSS :checked, no script).
 */
static int write_maps(struct report_dsa *d, struct html_page *pg, const struct tilemap *m,
                      const char *id, const char *prefix, int all, const char *link_prefix,
                      struct trdb_err *err)
{
    struct map_row *rows = NULL;
    struct tilemap_value *vals = NULL;
    size_t nrows = 0, cap = 0;
    struct rows *s = NULL;
    const char *order[MAX_MAPS];
    int nmaps = 0, rc;
    FILE *f = html_file(pg);

    if ((rc = report_sql(d->db, "map-latest", NULL, &s, err)))
        return rc;
    while ((rc = rows_step(s, err)) > 0) {
        const char *measure = rows_text(s, 0, "");
        struct map_row *r;
        if (strncmp(measure, prefix, strlen(prefix)) != 0 || !report_measure_title(measure, NULL))
            continue;
        if (ALLOC_GROW(rows, nrows + 1, cap)) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            goto out;
        }
        r = &rows[nrows];
        memset(r, 0, sizeof(*r));
        snprintf(r->measure, sizeof(r->measure), "%s", measure);
        snprintf(r->code, sizeof(r->code), "%s", rows_text(s, 1, ""));
        snprintf(r->start, sizeof(r->start), "%s", rows_text(s, 3, ""));
        snprintf(r->end, sizeof(r->end), "%s", rows_text(s, 4, ""));
        r->value = rows_double(s, 5);
        band(r->text, sizeof(r->text), s, 5, 6);
        if (!(r->name = strdup(rows_text(s, 2, r->code)))) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            goto out;
        }
        nrows++;
    }
    if (rc < 0)
        goto out;
    /* the measures to map, in the report's order */
    for (int i = 0; nmaps < MAX_MAPS; i++) {
        int mapped = 0;
        const char *measure = report_measure_at(i, &mapped);
        if (!measure)
            break;
        if (!all && !mapped)
            continue;
        for (size_t k = 0; k < nrows; k++)
            if (strcmp(rows[k].measure, measure) == 0) {
                order[nmaps++] = measure;
                break;
            }
    }
    if (!nmaps) {
        report_none(pg, "No figures to map yet.");
        goto out;
    }
    if (!(vals = calloc(nrows + 1, sizeof(*vals)))) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    fputs("<div class=\"mapset\"><span class=\"picker\">Shade the map by</span>\n", f);
    for (int i = 0; i < nmaps; i++) {
        fprintf(f, "<input type=\"radio\" name=\"%s\" id=\"%s-%d\"%s><label for=\"%s-%d\">", id, id,
                i, i ? "" : " checked", id, i);
        html_text(pg, report_measure_title(order[i], NULL));
        fputs("</label>\n", f);
    }
    for (int i = 0; i < nmaps; i++) {
        char caption[400], period[64] = "", fig_id[64];
        const char *unit = NULL, *title = report_measure_title(order[i], &unit);
        int n = 0;
        for (size_t k = 0; k < nrows; k++)
            if (strcmp(rows[k].measure, order[i]) == 0) {
                if (!n)
                    report_period_label(period, sizeof(period), rows[k].start, rows[k].end);
                vals[n++] =
                    (struct tilemap_value){rows[k].code, rows[k].name, rows[k].value, rows[k].text};
            }
        snprintf(caption, sizeof(caption), "%s, %s", title, period);
        snprintf(fig_id, sizeof(fig_id), "%s-m%d", id, i);
        struct tilemap_opts o = {fig_id, caption, unit, link_prefix};
        tilemap_write(m, f, &o, vals, n);
    }
    fputs("</div>\n", f);
out:
    for (size_t k = 0; k < nrows; k++)
        free(rows[k].name);
    free(rows);
    free(vals);
    rows_close(s);
    return rc;
}

int report_dsa_world_maps(struct report_dsa *d, struct html_page *pg, struct trdb_err *err)
{
    return write_maps(d, pg, d->world, "world-map", "", 0, "countries/", err);
}

int report_dsa_page(struct report_dsa *d, const char *dir, struct trdb_err *err)
{
    static const struct html_table_opts services = {"dsa-service-table", NULL, NULL, NULL, 0, 1};
    static const struct html_table_opts notes = {"dsa-eu-notes", NULL, NULL, NULL, 1, 1};
    char path[4200];
    struct html_page *pg;
    struct rows *s = NULL;
    long long rows = 0;
    FILE *f;
    int rc;

    snprintf(path, sizeof(path), "%s/dsa.html", dir);
    if (!(pg = html_page_open(path, "Member States' orders under the DSA: trdb report", err)))
        return err->code;
    f = html_file(pg);
    fputs("<header class=\"top\"><p><a href=\"index.html\">All countries</a></p>"
          "<h1>Member States' orders under the DSA</h1><p>Orders the authorities of the EU's "
          "Member States sent the services that publish the EU's harmonised DSA transparency "
          "reports (Commission Implementing Regulation (EU) 2024/2835, Table 3): orders to act "
          "against illegal content (Article 9 DSA) and orders to provide information about users "
          "(Article 10).</p></header>\n<main>\n<nav class=\"sections\"><a href=\"#services\">"
          "Services</a><a href=\"#map\">Map</a><a href=\"#notes\">Notes</a></nav>\n"
          "<h2 id=\"services\">Services and their EU-wide totals</h2>\n<p class=\"note\">One row "
          "per service and half-year: its provider, when its report was published (when its "
          "report identification table is loaded), its totals for all Member States together "
          "(its rows of Scope TOTAL) and the Member States it has figures for. A country's page "
          "has that country's figures per service.</p>\n",
          f);
    if ((rc = sql_table(pg, d, "dsa-services", NULL, &services, &rows, err)) ||
        (rc = units_note(d, pg, err)) || (rc = report_sql(d->db, "dsa-services", NULL, &s, err)))
        goto fail;
    if ((rc = orders_chart(pg, s, "Orders from all Member States' authorities, per service",
                           "orders_to_act", "orders_to_provide_information", "dsa-eu", err)))
        goto fail;
    rows_close(s);
    s = NULL;
    fputs("<h2 id=\"map\">Orders per Member State</h2>\n<p class=\"note\">All services "
          "together, the latest half-year of each measure; a square's figure shows on "
          "hover, and the table beside the map has them all.</p>\n",
          f);
    if ((rc = write_maps(d, pg, d->europe, "eu-map", "dsa_", 1, "countries/", err)))
        goto fail;
    fputs("<h2 id=\"notes\">What the services say about their EU-wide figures</h2>\n", f);
    if ((rc = sql_table(pg, d, "dsa-notes", "EU", &notes, &rows, err)))
        goto fail;
    if (!rows)
        report_none(pg, "No notes published beside the EU-wide figures.");
    fputs("</main>\n", f);
    return html_page_close(pg, err);
fail:
    rows_close(s);
    html_page_abort(pg);
    return rc;
}

/* The embedded text at path, or on PostgreSQL the one at pg_path when there is one. */
static const char *text_for(const struct report_db *db, const char *path, const char *pg_path)
{
    const char *sql = db->pg ? sql_text(pg_path) : NULL;

    return sql ? sql : sql_text(path);
}

int report_index_table(struct report_db *db, struct rows **out, struct trdb_err *err)
{
    const char *overview = text_for(db, "queries/overview.sql", "queries/pg/overview.sql");
    const char *index =
        text_for(db, "reports/sql/index-countries.sql", "reports/sql/pg/index-countries.sql");
    size_t len, n;
    char *sql;
    int rc = 0;

    *out = NULL;
    if (!overview || !index)
        return trdb_err_set(err, TRDB_EDB, "the index's queries are missing from this build");
    /* the named query without its final ';', as the table "overview" */
    for (len = strlen(overview); len && strchr(" \t\r\n;", overview[len - 1]); len--)
        ;
    n = len + strlen(index) + 64;
    if (!(sql = malloc(n)))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    snprintf(sql, n, "WITH overview AS (\n%.*s\n)\n%s", (int)len, overview, index);
    if (db->pg) {
        rc = query_sql_pg(db->pg, "the index's country table", sql, NULL, out, err);
    } else {
        sqlite3 *sdb = store_db(db->st);
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(sdb, sql, -1, &s, NULL) != SQLITE_OK)
            rc = trdb_err_set(err, TRDB_EDB, "the index's country table does not compile: %s",
                              sqlite3_errmsg(sdb));
        else if (!(*out = rows_stmt(s, 1)))
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    }
    free(sql);
    return rc;
}
