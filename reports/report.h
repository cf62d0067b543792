/*
 * report.h: writing the report folder from the named queries: the CSV
 * tables (csv/country_summary.csv, csv/<CC>.csv), the HTML index, one HTML
 * page per country (countries/<CC>.html) and the DSA page (dsa.html), each
 * written to a temporary
 * file and renamed, so a reader never sees half a page. Not for reading
 * source data: everything comes from queries/.
 */
#ifndef TRDB_REPORT_H
#define TRDB_REPORT_H

struct store;
struct store_pg;
struct trdb_err;

struct report_stats {
    int countries; /* country pages (and CSV tables) written */
    int files;     /* every file written */
};

/*
 * Where the data folder is (data/countries holds the EU's Member States and
 * the maps' tile positions): without this call, $TRDB_DATA, else the
 * installed one. dir is copied.
 */
void report_data_dir(const char *dir);

/*
 * on: write csv/<CC>-removals.csv, every removal of each storefront whose
 * page lists only the newest, and link it from the page; off (the
 * default): the page counts them and names the command that lists them.
 */
void report_removal_lists(int on);

/*
 * Write the report under dir (created when missing). Returns 0 and OUT
 * stats, or a negative code with the path at fault in err.
 */
int report_write(struct store *st, const char *dir, struct report_stats *stats,
                 struct trdb_err *err);

/*
 * report_write from a PostgreSQL database: the same files, byte for byte,
 * from the same data (the named queries' and reports/sql's PostgreSQL
 * texts, cells typed as SQLite types them). The same errors, a server's
 * failure naming the server without its password.
 */
int report_write_pg(struct store_pg *pg, const char *dir, struct report_stats *stats,
                    struct trdb_err *err);

#endif
