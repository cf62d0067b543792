/*
 * cmd_report.c: `trdb report [--out DIR]`.
 */
#include "cli.h"
#include "../lib/dburi.h"
#include "../lib/err.h"
#include "../model/store_pg.h"
#include "../reports/report.h"

#include <getopt.h>

#include "../lib/banned.h"

static const char usage[] =
    "usage: trdb [--db PATH] report [--out DIR] [--removal-lists]\n\n"
    "Write the report from the database into DIR (default ./report):\n"
    "  index.html                every country in one sortable, filterable table, a map,\n"
    "                            world totals per half-year as charts, what the data covers\n"
    "  countries/<CC>.html       one country: charts per publisher, the orders of an EU\n"
    "                            country's authorities under the DSA, breakdowns, app\n"
    "                            removals, reported and observed, revisions, source files\n"
    "  dsa.html                  the services' DSA reports: EU-wide totals, a map\n"
    "  csv/country_summary.csv   every country, period, publisher and measure\n"
    "  csv/<CC>.csv              the same for one country\n"
    "A page lists a storefront's newest 100 app removals and counts them all.\n"
    "  --removal-lists           also write csv/<CC>-removals.csv, every removal of each\n"
    "                            storefront with more than 100, and link it (slow on\n"
    "                            big lists: the default report counts them only)\n"
    "The pages are self-contained (no network request of any kind) and open from\n"
    "file://. Cells a spreadsheet would run as a formula are written as plain text.\n"
    "With --db postgresql://... the report is read from the PostgreSQL server, in\n"
    "one read-only snapshot: the same files, byte for byte, as from a SQLite\n"
    "database holding the same data.\n";

struct opts {
    const char *out;
    int lists;
};

static int on_opt(void *ctx, int id, const char *arg)
{
    struct opts *o = ctx;

    if (id == 'o')
        o->out = arg;
    else if (id == 'l')
        o->lists = 1;
    return 0;
}

int cmd_report(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         {"out", required_argument, NULL, 'o'},
                                         {"removal-lists", no_argument, NULL, 'l'},
                                         {NULL, 0, NULL, 0}};
    struct opts o = {"report", 0};
    const char *out;
    struct trdb_err err = {0, ""};
    struct report_stats stats;
    struct store *st;
    int first, rc = cli_parse(c, argc, argv, usage, opts, on_opt, &o, &first);

    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (first != argc) {
        cli_error("report takes no arguments (use --out DIR)");
        return EXIT_USAGE;
    }
    out = o.out;
    report_data_dir(cli_data_dir());
    report_removal_lists(o.lists);
    if (dburi_is_postgres(c->db_path)) {
        struct store_pg *pg = NULL;
        if (!(rc = store_pg_open_current(c->db_path, &pg, &err)))
            rc = report_write_pg(pg, out, &stats, &err);
        store_pg_close(pg);
    } else {
        if (!(st = cli_open_store(c, STORE_READONLY)))
            return EXIT_FAIL;
        rc = report_write(st, out, &stats, &err);
        store_close(st);
    }
    if (rc) {
        cli_error("%s", err.msg);
        return EXIT_FAIL;
    }
    printf("report written: %s/index.html, %d country pages in %s/countries/, CSV tables in "
           "%s/csv/\n",
           out, stats.countries, out, out);
    return EXIT_OK;
}
