/*
 * tilemap.c: tile-grid maps drawn by hand as SVG: a square of TILE units
 * per grid cell, scaled by CSS, shaded by the classes q0..q5 and nd (no
 * figure) of the report's stylesheet, so the page needs no style attribute
 * its Content-Security-Policy would refuse. Reads the positions table; does
 * not know what the values mean.
 */
#include "tilemap.h"
#include "html.h"
#include "../lib/alloc.h"
#include "../lib/err.h"
#include "../lib/fileio.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

enum { TILE = 32, GAP = 2, MAX_GRID = 99, MAX_TILES = 1000, LEGEND_H = 44 };

struct tile {
    char code[4];
    int row, col, line;
};

struct tilemap {
    struct tile *t;
    int n;
    size_t cap;
    int rows, cols; /* the grid's size: the largest row and column plus one */
};

void tilemap_free(struct tilemap *m)
{
    if (!m)
        return;
    free(m->t);
    free(m);
}

int tilemap_count(const struct tilemap *m)
{
    return m->n;
}

int tilemap_find(const struct tilemap *m, const char *code, int *row, int *col)
{
    for (int i = 0; i < m->n; i++)
        if (strcmp(m->t[i].code, code) == 0) {
            if (row)
                *row = m->t[i].row;
            if (col)
                *col = m->t[i].col;
            return 1;
        }
    return 0;
}

/* A whole number 0..MAX_GRID from the field [s, e); -1 when it is not one. */
static int grid_number(const char *s, const char *e)
{
    long v = 0;

    if (s == e || e - s > 2)
        return -1;
    for (; s < e; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v <= MAX_GRID ? (int)v : -1;
}

/* One line "CODE<TAB>ROW<TAB>COL" of [s, e) into m; lineno for messages. */
static int parse_line(struct tilemap *m, const char *s, const char *e, const char *name, int lineno,
                      struct trdb_err *err)
{
    const char *f[3], *fe[3], *p = s;
    struct tile t = {"", 0, 0, lineno};
    int nf = 0;

    while (nf < 3) {
        const char *tab = memchr(p, '\t', (size_t)(e - p));
        f[nf] = p;
        fe[nf] = tab ? tab : e;
        nf++;
        if (!tab)
            break;
        p = tab + 1;
    }
    if (nf != 3 || fe[2] != e)
        return trdb_err_set(err, TRDB_EDATA, "%s:%d: expected CODE<TAB>ROW<TAB>COL, got '%.*s'",
                            name, lineno, (int)(e - s > 60 ? 60 : e - s), s);
    if (fe[0] - f[0] < 2 || fe[0] - f[0] > 3 ||
        strspn(f[0], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != (size_t)(fe[0] - f[0]))
        return trdb_err_set(err, TRDB_EDATA,
                            "%s:%d: '%.*s' is not a country code (two or three capital letters)",
                            name, lineno, (int)(fe[0] - f[0] > 20 ? 20 : fe[0] - f[0]), f[0]);
    memcpy(t.code, f[0], (size_t)(fe[0] - f[0]));
    t.row = grid_number(f[1], fe[1]);
    t.col = grid_number(f[2], fe[2]);
    if (t.row < 0 || t.col < 0)
        return trdb_err_set(err, TRDB_EDATA, "%s:%d: %s '%.*s' is not a whole number 0-%d", name,
                            lineno, t.row < 0 ? "row" : "column",
                            (int)(t.row < 0 ? fe[1] - f[1] : fe[2] - f[2]) > 20
                                ? 20
                                : (int)(t.row < 0 ? fe[1] - f[1] : fe[2] - f[2]),
                            t.row < 0 ? f[1] : f[2], MAX_GRID);
    for (int i = 0; i < m->n; i++) {
        if (strcmp(m->t[i].code, t.code) == 0)
            return trdb_err_set(err, TRDB_EDATA, "%s:%d: '%s' is listed twice (first at line %d)",
                                name, lineno, t.code, m->t[i].line);
        if (m->t[i].row == t.row && m->t[i].col == t.col)
            return trdb_err_set(err, TRDB_EDATA,
                                "%s:%d: '%s' is on the square of '%s' (line %d): row %d column %d",
                                name, lineno, t.code, m->t[i].code, m->t[i].line, t.row, t.col);
    }
    if (m->n == MAX_TILES)
        return trdb_err_set(err, TRDB_ELIMIT, "%s:%d: more than %d tiles", name, lineno, MAX_TILES);
    if (ALLOC_GROW(m->t, (size_t)m->n + 1, m->cap))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    m->t[m->n++] = t;
    if (t.row >= m->rows)
        m->rows = t.row + 1;
    if (t.col >= m->cols)
        m->cols = t.col + 1;
    return 0;
}

int tilemap_parse(const char *text, const char *name, struct tilemap **out, struct trdb_err *err)
{
    struct tilemap *m = calloc(1, sizeof(*m));
    int lineno = 0, rc = 0;

    *out = NULL;
    if (!m)
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    for (const char *s = text; *s && !rc;) {
        const char *nl = strchr(s, '\n'), *e = nl ? nl : s + strlen(s), *next = nl ? nl + 1 : e;
        lineno++;
        if (e > s && e[-1] == '\r')
            e--;
        if (e > s && *s != '#')
            rc = parse_line(m, s, e, name, lineno, err);
        s = next;
    }
    if (!rc && m->n == 0)
        rc = trdb_err_set(err, TRDB_EDATA, "%s: no tiles", name);
    if (rc) {
        tilemap_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

int tilemap_load(const char *path, struct tilemap **out, struct trdb_err *err)
{
    char *text = fileio_read_all(path, 1 << 20, "tile positions", NULL, err);
    int rc;

    *out = NULL;
    if (!text)
        return err ? err->code : TRDB_EIO;
    rc = tilemap_parse(text, path, out, err);
    free(text);
    return rc;
}

/* The smallest of 1, 2 or 5 times a power of ten that is at least v (v >= 1: 1 at least). */
static double nice_ceil(double v)
{
    double p;

    if (v <= 1)
        return 1;
    p = pow(10, floor(log10(v)));
    for (int k = 0; k < 4; k++) {
        static const double f[] = {1, 2, 5, 10};
        if (f[k] * p >= v * (1 - 1e-12))
            return f[k] * p;
    }
    return 10 * p;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

void tilemap_scale_of(const double *v, int n, struct tilemap_scale *out)
{
    double *pos = malloc(((size_t)n + 1) * sizeof(double));
    int np = 0, bins;

    memset(out, 0, sizeof(*out));
    if (!pos)
        return;
    for (int i = 0; i < n; i++)
        if (v[i] > 0)
            pos[np++] = v[i];
    qsort(pos, (size_t)np, sizeof(double), cmp_double);
    bins = np < TILEMAP_MAX_BINS ? np : TILEMAP_MAX_BINS;
    for (int k = 1; k <= bins; k++) {
        /* the value that closes the k-th equal share of the sorted values */
        double edge = nice_ceil(pos[(size_t)((long long)np * k / bins) - 1]);
        if (out->n == 0 || edge > out->upper[out->n - 1])
            out->upper[out->n++] = edge;
    }
    free(pos);
}

int tilemap_bin(const struct tilemap_scale *s, double v)
{
    if (v <= 0)
        return 0;
    for (int k = 0; k < s->n; k++)
        if (v <= s->upper[k])
            return k + 1;
    return s->n; /* above the scale: the darkest bin */
}

/* A whole number with thousands separators: 12,345. */
static void whole(char *out, size_t n, double v)
{
    char digits[32];
    size_t len, o = 0;

    snprintf(digits, sizeof(digits), "%.0f", v);
    len = strlen(digits);
    for (size_t i = 0; i < len && o + 2 < n; i++) {
        if (i && (len - i) % 3 == 0 && digits[i - 1] != '-')
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

/* "1", "1-10", "11-50": the whole numbers bin k holds. */
static void bin_label(char *out, size_t n, const struct tilemap_scale *s, int k)
{
    char lo[32], hi[32];
    double from = k == 1 ? 1 : s->upper[k - 2] + 1;

    whole(lo, sizeof(lo), from);
    whole(hi, sizeof(hi), s->upper[k - 1]);
    if (from >= s->upper[k - 1])
        snprintf(out, n, "%s", hi);
    else
        snprintf(out, n, "%s-%s", lo, hi);
}

static const struct tilemap_value *value_of(const struct tilemap_value *v, int n, const char *code)
{
    for (int i = 0; i < n; i++)
        if (v[i].code && strcmp(v[i].code, code) == 0)
            return &v[i];
    return NULL;
}

/* "Germany (DE): 1,234 orders" */
static void tile_title(FILE *f, const struct tilemap_opts *o, const char *code,
                       const struct tilemap_value *v)
{
    if (v && v->name && *v->name && strcmp(v->name, code) != 0) {
        html_escape(f, v->name);
        fputs(" (", f);
        html_escape(f, code);
        fputs(")", f);
    } else {
        html_escape(f, code);
    }
    fputs(": ", f);
    if (!v) {
        fputs("no figure", f);
        return;
    }
    html_escape(f, v->text);
    if (o->unit) {
        fputc(' ', f);
        html_escape(f, o->unit);
    }
}

/* The legend's k-th label: k -1 "no figure", 0 "0", else the bin's numbers. */
static void legend_label(char *out, size_t n, const struct tilemap_scale *s, int k)
{
    if (k < 0)
        snprintf(out, n, "no figure");
    else if (k == 0)
        snprintf(out, n, "0");
    else
        bin_label(out, n, s, k);
}

/* How wide the legend is: each entry a swatch, its label and a gap. */
static int legend_width(const struct tilemap_scale *s)
{
    char label[80];
    int w = 0;

    for (int k = -1; k <= s->n; k++) {
        legend_label(label, sizeof(label), s, k);
        w += 30 + 8 * (int)strlen(label);
    }
    return w;
}

static void write_legend(FILE *f, const struct tilemap_scale *s, int y)
{
    char label[80];
    int x = 0;

    for (int k = -1; k <= s->n; k++) { /* -1: no figure */
        legend_label(label, sizeof(label), s, k);
        if (k < 0)
            fprintf(f, "<rect class=\"nd\" x=\"%d\" y=\"%d\" width=\"14\" height=\"14\"/>", x, y);
        else
            fprintf(f, "<rect class=\"q%d\" x=\"%d\" y=\"%d\" width=\"14\" height=\"14\"/>", k, x,
                    y);
        fprintf(f, "<text class=\"legend\" x=\"%d\" y=\"%d\">", x + 18, y + 12);
        html_escape(f, label);
        fputs("</text>\n", f);
        x += 30 + 8 * (int)strlen(label);
    }
}

void tilemap_write(const struct tilemap *m, FILE *f, const struct tilemap_opts *o,
                   const struct tilemap_value *v, int n)
{
    static const struct tilemap_opts none;
    struct tilemap_scale scale;
    double *vals = malloc(((size_t)n + 1) * sizeof(double));
    const char *id = o && o->id ? o->id : "map";
    int w = m->cols * TILE, h = m->rows * TILE, off_map = 0;

    if (!o)
        o = &none;
    if (!vals)
        return;
    for (int i = 0; i < n; i++)
        vals[i] = v[i].value;
    tilemap_scale_of(vals, n, &scale);
    free(vals);
    if (w < legend_width(&scale))
        w = legend_width(&scale);
    fputs("<figure class=\"tilemap\" id=\"", f);
    html_escape(f, id);
    fputs("\"><figcaption>", f);
    html_escape(f, o->caption);
    fprintf(f,
            "</figcaption>\n<svg class=\"tilemap\" viewBox=\"0 0 %d %d\" role=\"img\" "
            "aria-labelledby=\"",
            w, h + LEGEND_H);
    html_escape(f, id);
    fputs("-t\"><title id=\"", f);
    html_escape(f, id);
    fputs("-t\">", f);
    html_escape(f, o->caption);
    fputs(" (map; the table beside it has the figures)</title>\n", f);
    for (int i = 0; i < m->n; i++) {
        const struct tile *t = &m->t[i];
        const struct tilemap_value *tv = value_of(v, n, t->code);
        int bin = tv ? tilemap_bin(&scale, tv->value) : -1;
        int x = t->col * TILE, y = t->row * TILE;
        if (bin < 0)
            fputs("<g class=\"tile nd\"><title>", f);
        else
            fprintf(f, "<g class=\"tile q%d\"><title>", bin);
        tile_title(f, o, t->code, tv);
        fprintf(f,
                "</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text></g>\n",
                x + GAP / 2, y + GAP / 2, TILE - GAP, TILE - GAP, x + TILE / 2, y + TILE / 2 + 4,
                t->code);
    }
    write_legend(f, &scale, h + 16);
    fputs("</svg>\n", f);
    /* the same figures as a table */
    fputs("<div class=\"scroll\"><table class=\"data map-data\"><thead><tr><th scope=\"col\">"
          "code</th><th scope=\"col\">country</th><th scope=\"col\">",
          f);
    html_escape(f, o->unit ? o->unit : "figure");
    fputs("</th></tr></thead>\n<tbody>\n", f);
    for (int i = 0; i < n; i++) {
        size_t len = strlen(v[i].code);
        fputs("<tr><td>", f);
        /* a code of capitals only is a safe file name: report.c wrote its page */
        if (o->link_prefix && len >= 2 && len <= 3 &&
            strspn(v[i].code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == len) {
            fputs("<a href=\"", f);
            html_escape(f, o->link_prefix);
            html_escape(f, v[i].code);
            fputs(".html\">", f);
            html_escape(f, v[i].code);
            fputs("</a>", f);
        } else {
            html_escape(f, v[i].code);
        }
        fputs("</td><td>", f);
        html_escape(f, v[i].name);
        fprintf(f, "</td><td class=\"num\" data-sort=\"%.17g\">", v[i].value);
        html_escape(f, v[i].text);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table></div>\n", f);
    for (int i = 0; i < n; i++) {
        if (tilemap_find(m, v[i].code, NULL, NULL))
            continue;
        fputs(off_map++ ? ", " : "<p class=\"note\">In the table, not on the map: ", f);
        html_escape(f, v[i].code);
    }
    if (off_map)
        fputs(".</p>\n", f);
    fputs("</figure>\n", f);
}
