/*
 * html_table.c: a named query's rows as a <table class="data"> of the
 * report, written here whole (its id, the header row, escaped cells, links
 * to country pages) from the rows queries/ hands out already formatted as
 * the text table shows them. Not for the page around it (html.c) nor for
 * formatting numbers (queries/output.c).
 */
#include "html.h"
#include "../lib/err.h"
#include "../queries/output.h"
#include "../queries/query.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

/* One table being written: what the caller asked, and what came so far. */
struct table {
    FILE *f;
    const struct html_table_opts *opts;
    int ncols;
    char **names; /* the column names as shown */
    long long rows;
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
        for (const char *s = t->names[c]; *s; s++)
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

    t->ncols = ncols;
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
    if (t->rows++ == 0)
        table_head(t);
    fputs("<tr>", t->f);
    for (int c = 0; c < ncols; c++) {
        const struct out_cell *v = &cells[c];
        if (v->sort) {
            fputs("<td class=\"num\" data-sort=\"", t->f);
            fputs(v->sort, t->f);
            fputs("\">", t->f);
        } else {
            fputs("<td>", t->f);
        }
        if (t->opts->link_col && strcmp(t->names[c], t->opts->link_col) == 0 &&
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

int html_stmt_table(struct html_page *p, sqlite3_stmt *s, const struct html_table_opts *opts,
                    long long *rows, struct trdb_err *err)
{
    static const struct html_table_opts plain;
    static const struct out_each each = {table_columns, table_row};
    struct table t = {html_file(p), opts ? opts : &plain, 0, NULL, 0};
    int rc;

    if ((rc = output_each_row(s, &each, &t, err)))
        goto out;
    if (t.rows == 0 && !t.opts->skip_empty) {
        table_head(&t);
        fprintf(t.f, "<tr><td class=\"none\" colspan=\"%d\">none</td></tr>\n", t.ncols);
    }
    if (t.rows || !t.opts->skip_empty)
        fputs("</tbody>\n</table>\n</div>\n", t.f);
out:
    if (t.names)
        for (int c = 0; c < t.ncols; c++)
            free(t.names[c]);
    free(t.names);
    if (rows)
        *rows = t.rows;
    return rc;
}

int html_query_table(struct html_page *p, struct store *st, const char *query, int argc,
                     char **argv, const struct html_table_opts *opts, long long *rows,
                     struct trdb_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc;

    if (rows)
        *rows = 0;
    if ((rc = query_prepare(st, NULL, NULL, query, argc, argv, &s, err)))
        return rc;
    rc = html_stmt_table(p, s, opts, rows, err);
    sqlite3_finalize(s);
    return rc;
}
