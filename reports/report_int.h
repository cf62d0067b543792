/*
 * report_int.h: what the files of the report module share: report.c (the
 * folder, the index, the country pages) and report_dsa.c (the DSA section
 * of a country page, the DSA page, the tile-grid maps). Not public: the
 * rest of trdb calls report_write (report.h).
 */
#ifndef TRDB_REPORT_INT_H
#define TRDB_REPORT_INT_H

#include <sqlite3.h>
#include <stddef.h>

struct html_page;
struct rows;
struct store;
struct store_pg;
struct trdb_err;
struct report_dsa;

/*
 * The database the report reads: a SQLite store or a PostgreSQL one (one
 * of st and pg), and on SQLite the statements kept for the next page
 * (report.c's kept()). report_write and report_write_pg own it.
 */
enum { REPORT_MAX_STMTS = 32 };
struct report_db {
    struct store *st;
    struct store_pg *pg;
    struct {
        char key[96];
        sqlite3_stmt *s;
    } stmts[REPORT_MAX_STMTS];
    int nstmts;
};

/*
 * The named query with its KEY=VALUE arguments, as rows (queries/rows.h)
 * from either backend; on SQLite a query with cc=CC is prepared once and
 * then bound to each next country. Returns 0 with *out (free with
 * rows_close), or a negative code with err.
 */
int report_query(struct report_db *db, const char *query, int argc, char **argv, struct rows **out,
                 struct trdb_err *err);

/* "2020 H2", "2020" (a whole year), else "2020-03-01 to 2020-05-31". */
void report_period_label(char *out, size_t n, const char *start, const char *end);

/* Months since year 0 of "YYYY-MM..." (a position on a time axis); 0 when not a date. */
int report_months(const char *date);

/* A measure's title and unit on a page; NULL for a measure the report has no words for. */
const char *report_measure_title(const char *measure, const char **unit);

/*
 * The i-th measure the report has words for, in its order; NULL past the
 * last. OUT: *map (may be NULL) 1 when the index's map offers it.
 */
const char *report_measure_at(int i, int *map);

/* A <p class="note"> with what, escaped. */
void report_none(struct html_page *pg, const char *what);

/*
 * The rows of reports/sql/NAME.sql (embedded; on PostgreSQL
 * reports/sql/pg/NAME.sql when there is one) with :cc bound to cc (NULL:
 * NULL); on SQLite prepared once. Returns 0 with *out (free with
 * rows_close), or a negative code with err.
 */
int report_sql(struct report_db *db, const char *name, const char *cc, struct rows **out,
               struct trdb_err *err);

/*
 * What the DSA parts of the report need, read once: the EU's Member States
 * (data/countries/eu-member-states.tsv), the tile positions of the world and
 * of Europe (tiles-world.tsv, tiles-europe.tsv) under data_dir/countries,
 * and the database (db, not owned) its statements read. Returns 0
 * with *out (free with report_dsa_free), or a negative code with err naming
 * the file and line at fault.
 */
int report_dsa_open(struct report_db *db, const char *data_dir, struct report_dsa **out,
                    struct trdb_err *err);
void report_dsa_free(struct report_dsa *d);

/*
 * 1 when cc is an EU Member State with DSA figures (its page has a DSA
 * section), 0 when not, or a negative code with err.
 */
int report_dsa_has(struct report_dsa *d, const char *cc, struct trdb_err *err);

/*
 * The DSA section of cc's page ("Orders from this country's authorities
 * under the DSA"): per service the orders, top categories, median times,
 * the services' notes and a chart. Writes nothing unless report_dsa_has.
 * Returns 0 or a negative code with err.
 */
int report_dsa_country(struct report_dsa *d, struct html_page *pg, const char *cc, const char *name,
                       struct trdb_err *err);

/*
 * The index's world map: one map per measure with figures, the first shown,
 * the others a radio button away (CSS only, so a page without script shows
 * them too). Returns 0 or a negative code with err.
 */
int report_dsa_world_maps(struct report_dsa *d, struct html_page *pg, struct trdb_err *err);

/* dir/dsa.html: every service, its provider, EU-wide totals, a map of Europe. Returns 0 or a code.
 */
int report_dsa_page(struct report_dsa *d, const char *dir, struct trdb_err *err);

/*
 * The index's country table: the named query overview with the DSA
 * measures' columns beside its own (reports/sql/index-countries.sql).
 * Returns 0 with *out, or a negative code with err.
 */
int report_index_table(struct report_db *db, struct rows **out, struct trdb_err *err);

#endif
