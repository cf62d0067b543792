/*
 * out_table.c: the aligned text table for a terminal: rows are kept until
 * the end to measure each column's width (in terminal columns, wide CJK
 * characters count two), numbers right-aligned, then a "(N rows)" line.
 * Not for the other formats (out_csv.c, out_json.c).
 */
#include "output_int.h"
#include "../lib/alloc.h"
#include "../lib/err.h"
#include "../lib/utf8.h"

#include <stdlib.h>

#include "../lib/banned.h"

int out_table_row(struct output *o, const struct out_val *vals)
{
    const struct out_shape *sh = &o->shape;

    if (ALLOC_GROW(o->cells, o->ncells + (size_t)sh->ncols, o->cap))
        return TRDB_ENOMEM;
    if (out_format_row(sh, o->names, vals, o->cells + o->ncells))
        return TRDB_ENOMEM;
    o->ncells += (size_t)sh->ncols;
    for (int c = 0; c < sh->ncols; c++) {
        int i = sh->src[c];
        if (vals[i].type == OV_TEXT || (sh->band[c] && vals[i + 1].type == OV_TEXT))
            o->is_num[c] = 0;
    }
    return 0;
}

int out_table_end(struct output *o)
{
    const struct out_shape *sh = &o->shape;
    int n = sh->ncols;
    size_t *w = calloc((size_t)n + 1, sizeof(*w));
    long long rows = o->nrows;

    if (!w)
        return TRDB_ENOMEM;
    for (int c = 0; c < n; c++)
        w[c] = utf8_width(sh->heads[c]);
    for (size_t k = 0; k < o->ncells; k++)
        if (utf8_width(o->cells[k]) > w[k % (size_t)n])
            w[k % (size_t)n] = utf8_width(o->cells[k]);
    for (int c = 0; c < n; c++)
        fprintf(o->f, "%s%-*s", c ? "  " : "", c + 1 < n ? (int)w[c] : 0, sh->heads[c]);
    fputc('\n', o->f);
    for (int c = 0; c < n; c++) {
        fprintf(o->f, "%s", c ? "  " : "");
        for (size_t k = 0; k < w[c]; k++)
            fputc('-', o->f);
    }
    fputc('\n', o->f);
    for (long long r = 0; r < rows; r++) {
        for (int c = 0; c < n; c++) {
            const char *m = o->cells[r * n + c];
            size_t pad = w[c] - utf8_width(m);
            fputs(c ? "  " : "", o->f);
            if (o->is_num[c])
                for (size_t k = 0; k < pad; k++)
                    fputc(' ', o->f);
            fputs(m, o->f);
            if (!o->is_num[c] && c + 1 < n)
                for (size_t k = 0; k < pad; k++)
                    fputc(' ', o->f);
        }
        fputc('\n', o->f);
    }
    fprintf(o->f, "(%lld row%s)\n", rows, rows == 1 ? "" : "s");
    free(w);
    return 0;
}

void out_table_release(struct output *o)
{
    for (size_t k = 0; k < o->ncells; k++)
        free(o->cells[k]);
    free(o->cells);
    free(o->is_num);
    out_shape_release(&o->shape);
    o->cells = NULL;
    o->ncells = o->cap = 0;
    o->is_num = NULL;
}
