/*
 * report.h: writing the report folder from the named queries: for now the
 * CSV tables (csv/country_summary.csv and csv/<CC>.csv per country), each
 * written to a temporary file and renamed, so a reader never sees half a
 * table. Not for reading source data: everything comes from queries/.
 */
#ifndef TRDB_REPORT_H
#define TRDB_REPORT_H

struct store;
struct trdb_err;

struct report_stats {
    int countries;
    int files;
};

/*
 * Write the report under dir (created when missing). Returns 0 and OUT
 * stats, or a negative code with the path at fault in err.
 */
int report_write(struct store *st, const char *dir, struct report_stats *stats,
                 struct trdb_err *err);

#endif
