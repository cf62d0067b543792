/*
 * html_table.c: a named query's rows as a <table class="data"> of the
 * report, written here whole (its id, the header row, escaped cells, links
 * to country pages) from the rows queries/ hands out already formatted as
 * the text table shows them; several tables from one statement whose first
 * column names the table of each row. Not for the page around it (html.c)
 * nor for formatting numbers (queries/output.c).
 */
#include "html.h"
#include "../lib/err.h"
#include "../queries/output.h"
#include "../queries/query.h"
#include "../queries/rows.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

/*
 * One table being written: what the caller asked, and what came so far. For
 * html_rows_tables, the part being written (cur, -1 before the first row)
 * and the first column, which names it and is not shown (skip 1).
 */
struct table {
    FILE *f;
    const struct html_table_opts *opts;
    int ncols;    /* the columns shown */
    int skip;     /* the leading columns not shown */
    char **names; /* the column names as shown, the skipped ones first */
    long long rows;
    struct html_table_part *parts;
    int nparts, cur;
};

/* The heading, the box and the head row: written at the first row, or at the end. */
static void table_head(struct table *t)
{
    const struct html_table_opts *o = t->opts;

    if (o->heading) {
        fputs("<h3>", t->f);
        html_escape(t->f, o->heading);
        fputs("</h3>\n", t->f);
    }
    fputs(o->tall ? "<div class=\"scroll tall\">\n" : "<div class=\"scroll\">\n", t->f);
    fputs("<table class=\"data\"", t->f);
    if (o->id) {
        fputs(" id=\"", t->f);
        html_escape(t->f, o->id);
        fputc('"', t->f);
    }
    fputs(">\n<thead><tr>", t->f);
    /* underscores in a column's name read as spaces */
    for (int c = 0; c < t->ncols; c++) {
        fputs("<th scope=\"col\">", t->f);
        for (const char *s = t->names[t->skip + c]; *s; s++)
            if (*s == '_')
                fputc(' ', t->f);
            else
                html_escape(t->f, (char[]){*s, '\0'});
        fputs("</th>", t->f);
    }
    fputs("</tr></thead>\n<tbody>\n", t->f);
}

static int table_columns(void *ctx, int ncols, const char *const *names, struct trdb_err *err)
{
    struct table *t = ctx;

    if (ncols <= t->skip)
        return trdb_err_set(err, TRDB_EDB, "a query of tables lacks the column naming them");
    t->ncols = ncols - t->skip;
    if (!(t->names = calloc((size_t)ncols + 1, sizeof(*t->names))))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    for (int c = 0; c < ncols; c++) {
        if (!(t->names[c] = strdup(names[c])))
            return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    }
    return 0;
}

/* A country code: one to three capital letters. */
static int is_code(const char *s)
{
    size_t n = strlen(s);

    return n && n <= 3 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == n;
}

/* One row; numbers right-aligned with their value in data-sort for the page's script. */
static int table_row(void *ctx, int ncols, const struct out_cell *cells, struct trdb_err *err)
{
    struct table *t = ctx;

    (void)err;
    (void)ncols;
    if (t->rows++ == 0)
        table_head(t);
    fputs("<tr>", t->f);
    for (int c = 0; c < t->ncols; c++) {
        const struct out_cell *v = &cells[t->skip + c];
        if (v->sort) {
            fputs("<td class=\"num\" data-sort=\"", t->f);
            fputs(v->sort, t->f);
            fputs("\">", t->f);
        } else {
            fputs("<td>", t->f);
        }
        if (t->opts->link_col && strcmp(t->names[t->skip + c], t->opts->link_col) == 0 &&
            v->type == OV_TEXT && is_code(v->text)) {
            fputs("<a href=\"", t->f);
            html_escape(t->f, t->opts->link_prefix);
            fputs(v->text, t->f);
            fputs(".html\">", t->f);
            html_escape(t->f, v->text);
            fputs("</a>", t->f);
        } else {
            html_escape(t->f, v->text);
        }
        fputs("</td>", t->f);
    }
    fputs("</tr>\n", t->f);
    return 0;
}

/* The end of the table: its rows' end, or what stands for no rows. */
static void table_end(struct table *t)
{
    if (t->rows == 0 && !t->opts->skip_empty) {
        table_head(t);
        fprintf(t->f, "<tr><td class=\"none\" colspan=\"%d\">none</td></tr>\n", t->ncols);
    }
    if (t->rows || !t->opts->skip_empty)
        fputs("</tbody>\n</table>\n</div>\n", t->f);
}

/* Finish the part being written, if any, and write the parts before part to as having no rows. */
static void parts_end(struct table *t, int to)
{
    if (t->cur >= 0) {
        table_end(t);
        t->parts[t->cur].rows = t->rows;
    }
    while (++t->cur < to) {
        t->opts = &t->parts[t->cur].opts;
        t->rows = 0;
        table_end(t);
        t->parts[t->cur].rows = 0;
    }
}

/* A row of html_rows_tables: its first cell says which part it belongs to. */
static int part_row(void *ctx, int ncols, const struct out_cell *cells, struct trdb_err *err)
{
    struct table *t = ctx;
    const char *key = cells[0].text;

    if (t->cur < 0 || strcmp(key, t->parts[t->cur].key) != 0) {
        int j = t->cur + 1;
        while (j < t->nparts && strcmp(key, t->parts[j].key) != 0)
            j++;
        if (j == t->nparts)
            return trdb_err_set(err, TRDB_EDB, "a row of table '%s' comes out of order", key);
        parts_end(t, j);
        t->opts = &t->parts[j].opts;
        t->rows = 0;
    }
    return table_row(ctx, ncols, cells, err);
}

static void table_names_free(struct table *t)
{
    if (t->names)
        for (int c = 0; c < t->skip + t->ncols; c++)
            free(t->names[c]);
    free(t->names);
}

int html_rows_table(struct html_page *p, struct rows *s, const struct html_table_opts *opts,
                    long long *rows, struct trdb_err *err)
{
    static const struct html_table_opts plain;
    static const struct out_each each = {table_columns, table_row};
    struct table t = {html_file(p), opts ? opts : &plain, 0, 0, NULL, 0, NULL, 0, -1};
    int rc;

    if (!(rc = output_each_row(s, &each, &t, err)))
        table_end(&t);
    table_names_free(&t);
    if (rows)
        *rows = t.rows;
    return rc;
}

int html_rows_tables(struct html_page *p, struct rows *s, struct html_table_part *parts, int nparts,
                     struct trdb_err *err)
{
    static const struct out_each each = {table_columns, part_row};
    struct table t = {html_file(p), NULL, 0, 1, NULL, 0, parts, nparts, -1};
    int rc;

    for (int i = 0; i < nparts; i++)
        parts[i].rows = 0;
    if (!(rc = output_each_row(s, &each, &t, err)))
        parts_end(&t, nparts);
    table_names_free(&t);
    return rc;
}

int html_query_table(struct html_page *p, struct store *st, const char *query, int argc,
                     char **argv, const struct html_table_opts *opts, long long *rows,
                     struct trdb_err *err)
{
    sqlite3_stmt *s = NULL;
    struct rows *r;
    int rc;

    if (rows)
        *rows = 0;
    if ((rc = query_prepare(st, NULL, NULL, query, argc, argv, &s, err)))
        return rc;
    if (!(r = rows_stmt(s, 1)))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    rc = html_rows_table(p, r, opts, rows, err);
    rows_close(r);
    return rc;
}
