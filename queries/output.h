/*
 * output.h: writing result rows as an aligned table, RFC 4180 CSV, JSON (an
 * array of objects), NDJSON, or an HTML table for reports/. The same figures
 * in every format: the table and HTML only add thousands separators and show
 * a pair of columns X_low, X_high as one column X ("11,000-12,000", "5,000+"). Not for deciding
 * what rows to write: that is the named queries' job.
 */
#ifndef TRDB_OUTPUT_H
#define TRDB_OUTPUT_H

#include <sqlite3.h>
#include <stdio.h>

struct trdb_err;

/* OUT_HTML is a <table class="data"> element, escaped, for reports/; not a --format. */
enum out_format { OUT_TABLE, OUT_CSV, OUT_JSON, OUT_NDJSON, OUT_HTML };

/* Parse "table", "csv", "json", "ndjson". Returns 0, or TRDB_EUSAGE. */
int output_format_parse(const char *s, enum out_format *out, struct trdb_err *err);

enum out_type { OV_NULL, OV_INT, OV_REAL, OV_TEXT };

struct out_val {
    enum out_type type;
    long long i;
    double d;
    const char *s;
};

struct output;

/*
 * Start writing ncols columns named names[] to f. neutralize: prefix text
 * cells that a spreadsheet would run as a formula (=, +, -, @) with an
 * apostrophe (CSV only). Returns NULL when out of memory.
 */
struct output *output_new(FILE *f, enum out_format fmt, int ncols, const char *const *names,
                          int neutralize);

/*
 * HTML: cells of column whose text is a country code (2-3 capital letters)
 * link to prefix CODE suffix. Returns 0 or TRDB_ENOMEM.
 */
int output_html_link(struct output *o, const char *column, const char *prefix, const char *suffix);

/* Write v with thousands separators into out (n bytes): 1234567 -> "1,234,567". */
void output_commas(char *out, size_t n, long long v);

/* Write s escaped for HTML text or a quoted attribute (& < > " '). NULL writes nothing. */
void output_html_text(FILE *f, const char *s);

/* Add one row of ncols values (copied). Returns 0 or TRDB_ENOMEM. */
int output_row(struct output *o, const struct out_val *vals);

/* Rows written so far. */
long long output_rows(const struct output *o);

/* Finish (tables are written here) and free. Returns 0, or TRDB_EIO when writing failed. */
int output_end(struct output *o, struct trdb_err *err);

/*
 * Step a prepared statement to the end, writing every row. Returns 0, or a
 * negative code with SQLite's message in err.
 */
int output_stmt(sqlite3_stmt *s, FILE *f, enum out_format fmt, int neutralize,
                struct trdb_err *err);

/* An output whose columns are the statement's (for output_stmt_rows); NULL when out of memory. */
struct output *output_for_stmt(sqlite3_stmt *s, FILE *f, enum out_format fmt, int neutralize);

/* Step s to the end into o (not ended). Returns 0, or a negative code with the reason in err. */
int output_stmt_rows(struct output *o, sqlite3_stmt *s, struct trdb_err *err);

#endif
