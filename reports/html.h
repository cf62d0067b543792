/*
 * html.h: one page of the HTML report, written to PATH.tmp and renamed when
 * complete: the head (the stylesheet and script of reports/assets/ inlined,
 * and a Content-Security-Policy that allows only those two, by hash, so the
 * page makes no network request and runs no other script), escaped text,
 * and tables straight from named queries (html.c the page, html_table.c the
 * tables). Not for deciding what a page shows: report.c does that.
 */
#ifndef TRDB_HTML_H
#define TRDB_HTML_H

#include <sqlite3.h>
#include <stdio.h>

struct rows;
struct store;
struct trdb_err;
struct html_page;

/*
 * Start the page at path with this title (escaped here). Returns NULL with
 * the reason in err when the file cannot be created.
 */
struct html_page *html_page_open(const char *path, const char *title, struct trdb_err *err);

/* The stream, for markup the caller writes itself (text from data goes through html_text). */
FILE *html_file(struct html_page *p);

/* Write s escaped as text (or inside a quoted attribute). */
void html_text(struct html_page *p, const char *s);

/* Write s to f escaped for HTML text or a quoted attribute (& < > " '). NULL writes nothing. */
void html_escape(FILE *f, const char *s);

/* How html_query_table writes a table; every member may be 0 or NULL. */
struct html_table_opts {
    const char *id;          /* the table's id attribute */
    const char *heading;     /* an <h3> written before the table */
    const char *link_col;    /* a column of country codes that link to pages ... */
    const char *link_prefix; /* ... link_prefix CODE .html */
    int skip_empty;          /* no rows: write nothing at all, heading included */
    int tall;                /* a long table: its box scrolls, the header row stays */
};

/*
 * Step s (queries/rows.h: a SQLite statement or a libpq result) to the
 * end and write its rows as a
 * <table class="data"> inside a scrolling box, as o says (o may be NULL):
 * cells as the text table shows them (a pair X_low, X_high as one column
 * X), escaped, numbers right-aligned with their value in data-sort for the
 * page's script, no rows as one cell "none". s stays the caller's. On
 * failure part of the table may be written: abort the page. OUT: *rows
 * (may be NULL). Returns 0 or a negative code with err.
 */
int html_rows_table(struct html_page *p, struct rows *s, const struct html_table_opts *o,
                    long long *rows, struct trdb_err *err);

/* One of the tables html_rows_tables writes. */
struct html_table_part {
    const char *key;             /* the first column's value in its rows */
    struct html_table_opts opts; /* how it is written */
    long long rows;              /* OUT: its rows */
};

/*
 * Several tables from one statement, each as html_rows_table writes one:
 * s's first column says which part a row belongs to (parts[i].key) and is
 * not shown, and the rows of each part come together, in the order of
 * parts[], those of parts[0] first. A part without rows is written as
 * html_rows_table writes no rows. A row whose key is not a later part's is
 * an error (TRDB_EDB). s stays the caller's; on failure abort the page.
 * Returns 0 or a negative code with err.
 */
int html_rows_tables(struct html_page *p, struct rows *s, struct html_table_part *parts, int nparts,
                     struct trdb_err *err);

/* html_rows_table for the named query with its KEY=VALUE arguments, on SQLite. */
int html_query_table(struct html_page *p, struct store *st, const char *query, int argc,
                     char **argv, const struct html_table_opts *o, long long *rows,
                     struct trdb_err *err);

/* Finish the page, close and rename it into place. Frees p. Returns 0 or TRDB_EIO. */
int html_page_close(struct html_page *p, struct trdb_err *err);

/* Give the page up: remove the temporary file. Frees p; p may be NULL. */
void html_page_abort(struct html_page *p);

#endif
