/*
 * tilemap.h: tile-grid maps as inline SVG for the HTML report: one square
 * per country at its approximate place on a grid (positions from a small
 * table, data/countries/tiles-*.tsv: CODE<TAB>ROW<TAB>COL), shaded in a
 * few bins of one measure, the code written in the square and the figure
 * in the square's <title>, a legend, and the same figures as a table.
 * Not for choosing the figures (report code does) nor for geography: a
 * tile is only roughly where the country is.
 */
#ifndef TRDB_TILEMAP_H
#define TRDB_TILEMAP_H

#include <stdio.h>

struct trdb_err;
struct tilemap;

/*
 * Read tile positions from text: lines CODE<TAB>ROW<TAB>COL (a code of two
 * or three capital letters, row and column whole numbers 0-99), blank
 * lines and lines starting with '#' skipped. name (a file's path) starts
 * every message: "NAME:LINE: what is wrong". A code listed twice or two
 * codes on one square are errors. Returns 0 with *out (free with
 * tilemap_free), or TRDB_EDATA / TRDB_ENOMEM with err.
 */
int tilemap_parse(const char *text, const char *name, struct tilemap **out, struct trdb_err *err);

/* tilemap_parse of the file at path; TRDB_EIO when it cannot be read. */
int tilemap_load(const char *path, struct tilemap **out, struct trdb_err *err);

/* Free m; m may be NULL. */
void tilemap_free(struct tilemap *m);

/* How many tiles m has. */
int tilemap_count(const struct tilemap *m);

/* 1 when code has a tile, writing its place to OUT: *row and *col (both may be NULL). */
int tilemap_find(const struct tilemap *m, const char *code, int *row, int *col);

enum { TILEMAP_MAX_BINS = 5 };

/*
 * How values are shaded: bin 0 holds values of 0 or less; bin k (1..n)
 * holds values above upper[k - 2] (above 0 for k = 1) up to upper[k - 1].
 */
struct tilemap_scale {
    int n;
    double upper[TILEMAP_MAX_BINS];
};

/*
 * The scale for these n values (counts): at most TILEMAP_MAX_BINS bins with
 * about as many positive values in each, their upper ends rounded up to 1,
 * 2 or 5 times a power of ten (whole numbers), the last one at least the
 * largest value. No positive value: n is 0.
 */
void tilemap_scale_of(const double *v, int n, struct tilemap_scale *out);

/* The bin of v on scale s (0..s->n). */
int tilemap_bin(const struct tilemap_scale *s, double v);

/* One country's figure on a map. */
struct tilemap_value {
    const char *code; /* the tile's code */
    const char *name; /* the country's name (may be NULL: the code is used) */
    double value;     /* what shades the tile */
    const char *text; /* the figure as the page shows it ("1,234", "0-249") */
};

/* What a map is called and how its figures read; members may be NULL. */
struct tilemap_opts {
    const char *id;          /* unique in the page: the figure's id, and the prefix of its ids */
    const char *caption;     /* the figure's caption and the SVG's label */
    const char *unit;        /* after each figure: "orders" */
    const char *link_prefix; /* the table's codes link to link_prefix CODE .html; NULL: no links */
};

/*
 * Write a <figure class="tilemap"> with the map as an SVG (role img with
 * the caption as its label; every tile of m, shaded by its value, no value:
 * the class of "no figure"; the figure in each tile's <title>), its legend,
 * and a table of the n values (code, country, figure) for screen readers and
 * copying; values whose code has no tile are in the table only, and the
 * figure says so. Every text is escaped.
 */
void tilemap_write(const struct tilemap *m, FILE *f, const struct tilemap_opts *o,
                   const struct tilemap_value *v, int n);

#endif
