/*
 * output_int.h: what the writers of queries/ share and nobody else sees: the
 * struct output, the columns as shown (a pair X_low, X_high as one column
 * X), the formatting of numbers and cells (out_cell.c), and each writer's
 * entry points. Not a public header: reports/ and cli/ include output.h.
 */
#ifndef TRDB_OUTPUT_INT_H
#define TRDB_OUTPUT_INT_H

#include "output.h"

#include <stddef.h>

/*
 * The columns as the table and output_each_row show them: shown column c
 * comes from source column src[c], and from src[c] + 1 too when band[c]
 * (a pair X_low, X_high; then heads[c] is X). All arrays owned here.
 */
struct out_shape {
    int nsrc, ncols;
    int *src, *band;
    char **heads;
};

/* Work out the shape of ncols source columns. Returns 0 or TRDB_ENOMEM (then release it). */
int out_shape_init(struct out_shape *sh, char *const *names, int ncols);
void out_shape_release(struct out_shape *sh);

/*
 * The text of each shown cell of one row of sh->nsrc values vals, as the
 * table shows it, into texts[sh->ncols] (the caller frees each). Returns 0,
 * or TRDB_ENOMEM with texts[] all NULL.
 */
int out_format_row(const struct out_shape *sh, char *const *names, const struct out_val *vals,
                   char **texts);

/*
 * A number's text as CSV and JSON write it, into buf (OUT_SORT_MAX bytes).
 * Returns 1, or 0 (buf untouched) when v is not a finite number.
 */
int out_number_text(const struct out_val *v, char *buf, size_t n);

/* A real as CSV and JSON write it: up to 15 significant digits. */
void out_fmt_real(char *buf, size_t n, double d);

struct output {
    FILE *f;
    enum out_format fmt;
    int ncols;
    char **names;
    int neutralize;
    long long nrows;
    /* table (out_table.c): the shape, every shown cell's text, which columns are numbers */
    struct out_shape shape;
    char **cells;
    size_t ncells, cap;
    int *is_num; /* per shown column: no cell of it came from text */
};

/* The writers: one row, and the end (the header of an empty CSV, the table itself). */
int out_csv_row(struct output *o, const struct out_val *vals);
void out_csv_end(struct output *o);
int out_json_row(struct output *o, const struct out_val *vals);
void out_json_end(struct output *o);
int out_table_row(struct output *o, const struct out_val *vals);
int out_table_end(struct output *o);
void out_table_release(struct output *o);

#endif
