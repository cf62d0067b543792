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
struct store;
struct trdb_err;
struct report_dsa;

/* The index of the column called name in s's result, or -1. */
int report_column(sqlite3_stmt *s, const char *name);

/* Column i of s's current row as text, or dflt when NULL or i < 0. */
const char *report_text(sqlite3_stmt *s, int i, const char *dflt);

/* Set err to SQLite's message for s, which did not step to its end; returns the code. */
int report_step_failed(sqlite3_stmt *s, const char *what, struct trdb_err *err);

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
 * Prepare reports/sql/NAME.sql (embedded) on st's database. Returns 0 with
 * *out (the caller finalizes it), or TRDB_EDB with err.
 */
int report_sql(struct store *st, const char *name, sqlite3_stmt **out, struct trdb_err *err);

/*
 * What the DSA parts of the report need, read once: the EU's Member States
 * (data/countries/eu-member-states.tsv), the tile positions of the world and
 * of Europe (tiles-world.tsv, tiles-europe.tsv) under data_dir/countries,
 * and the statements of a country's DSA section, prepared once. Returns 0
 * with *out (free with report_dsa_free), or a negative code with err naming
 * the file and line at fault.
 */
int report_dsa_open(struct store *st, const char *data_dir, struct report_dsa **out,
                    struct trdb_err *err);
void report_dsa_free(struct report_dsa *d);

/* 1 when cc is an EU Member State with DSA figures: its page has a DSA section. */
int report_dsa_has(struct report_dsa *d, const char *cc);

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
int report_index_table(struct store *st, sqlite3_stmt **out, struct trdb_err *err);

#endif
