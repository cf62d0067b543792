/*
 * chart.c: SVG drawn by hand: a fixed 720 x 300 view box scaled by CSS, a
 * y axis from 0 to a round number above the largest value with four or five
 * ticks, x values placed by their position (so a gap in the data is a gap on
 * the axis; a line breaks over it) with labels thinned so they never touch. Colours come from the
 * classes s0..s7 of the stylesheet.
 */
#include "chart.h"
#include "html.h"
#include "../lib/alloc.h"
#include "../lib/err.h"
#include "../queries/output.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

enum { W = 720, H = 300, LEFT = 72, RIGHT = 36, TOP = 36, BOTTOM = 48, LABEL_GAP = 52 };

struct point {
    int x, s;
    double lo, hi;
    int has_lo, has_hi;
};

struct chart {
    char *title, *x_title, *y_title;
    int percent, bars;
    double *x_pos;
    char **x_label;
    int nx;
    size_t cap_xpos, cap_xlabel;
    char **series;
    int ns;
    size_t cap_s;
    struct point *pt;
    int np;
    size_t cap_p;
};

struct chart *chart_new(const char *title, const char *x_title, const char *y_title, int percent)
{
    struct chart *c = calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    c->title = strdup(title);
    c->x_title = strdup(x_title);
    c->y_title = strdup(y_title);
    c->percent = percent;
    if (!c->title || !c->x_title || !c->y_title) {
        chart_free(c);
        return NULL;
    }
    return c;
}

void chart_free(struct chart *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->nx; i++)
        free(c->x_label[i]);
    for (int i = 0; i < c->ns; i++)
        free(c->series[i]);
    free(c->x_pos);
    free(c->x_label);
    free(c->series);
    free(c->pt);
    free(c->title);
    free(c->x_title);
    free(c->y_title);
    free(c);
}

void chart_set_bars(struct chart *c)
{
    c->bars = 1;
}

int chart_add(struct chart *c, double xv, const char *x_label, const char *series, double low,
              int has_low, double high, int has_high)
{
    int x, s, i;

    for (x = 0; x < c->nx && strcmp(c->x_label[x], x_label) != 0; x++)
        ;
    if (x == c->nx) {
        if (ALLOC_GROW(c->x_label, (size_t)c->nx + 1, c->cap_xlabel) ||
            ALLOC_GROW(c->x_pos, (size_t)c->nx + 1, c->cap_xpos))
            return TRDB_ENOMEM;
        if (!(c->x_label[x] = strdup(x_label)))
            return TRDB_ENOMEM;
        c->x_pos[x] = xv;
        c->nx++;
    }
    for (s = 0; s < c->ns && strcmp(c->series[s], series) != 0; s++)
        ;
    if (s == c->ns) {
        if (ALLOC_GROW(c->series, (size_t)c->ns + 1, c->cap_s) || !(c->series[s] = strdup(series)))
            return TRDB_ENOMEM;
        c->ns++;
    }
    for (i = 0; i < c->np && !(c->pt[i].x == x && c->pt[i].s == s); i++)
        ;
    if (i == c->np) {
        if (ALLOC_GROW(c->pt, (size_t)c->np + 1, c->cap_p))
            return TRDB_ENOMEM;
        c->np++;
    }
    c->pt[i] = (struct point){x, s, low, high, has_low, has_high};
    return 0;
}

static int drawn(const struct point *p)
{
    return p->has_lo || p->has_hi;
}

int chart_points(const struct chart *c)
{
    int n = 0;

    for (int i = 0; i < c->np; i++)
        n += drawn(&c->pt[i]);
    return n;
}

/* A figure as text: "1,234", "81.6 %" for a percentage, "12.5" for other fractions. */
static void number(char *out, size_t n, double v, int percent)
{
    if (percent)
        snprintf(out, n, "%.1f %%", v);
    else if (fabs(v) < 1e15 && v == floor(v))
        output_commas(out, n, (long long)v);
    else
        snprintf(out, n, "%.1f", v);
}

/* A value as the table shows it: "1,234", "0-249", "5,000+", "?". */
static void band_text(char *out, size_t n, const struct point *p, int percent)
{
    char lo[32], hi[32];

    if (!p->has_lo && !p->has_hi) {
        snprintf(out, n, "?");
        return;
    }
    number(lo, sizeof(lo), p->has_lo ? p->lo : 0, percent);
    number(hi, sizeof(hi), p->hi, percent);
    if (!p->has_hi)
        snprintf(out, n, "%s+", lo);
    else if (!p->has_lo)
        snprintf(out, n, "up to %s", hi);
    else if (p->lo == p->hi)
        snprintf(out, n, "%s", lo);
    else
        snprintf(out, n, "%s-%s", lo, hi);
}

/* 1, 2 or 5 times a power of ten, so that about four steps reach max. */
static double nice_step(double max)
{
    double raw = max / 4, p = pow(10, floor(log10(raw))), f = raw / p;

    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/* x values in axis order: order[k] is the x index drawn k-th. */
static int *x_order(const struct chart *c)
{
    int *order = malloc(((size_t)c->nx + 1) * sizeof(int));

    if (!order)
        return NULL;
    for (int i = 0; i < c->nx; i++)
        order[i] = i;
    for (int i = 1; i < c->nx; i++) /* insertion sort: a few dozen periods */
        for (int j = i; j > 0 && c->x_pos[order[j - 1]] > c->x_pos[order[j]]; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    return order;
}

static const struct point *find(const struct chart *c, int x, int s)
{
    for (int i = 0; i < c->np; i++)
        if (c->pt[i].x == x && c->pt[i].s == s)
            return &c->pt[i];
    return NULL;
}

/* The figures of the chart as a table: a row per x, a column per series. */
static void write_table(const struct chart *c, FILE *f, const int *order)
{
    char buf[80];

    fputs("<div class=\"scroll\"><table class=\"data chart-data\"><thead><tr><th scope=\"col\">",
          f);
    html_escape(f, c->x_title);
    fputs("</th>", f);
    for (int s = 0; s < c->ns; s++) {
        fputs("<th scope=\"col\">", f);
        html_escape(f, c->series[s]);
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int k = 0; k < c->nx; k++) {
        fputs("<tr><td>", f);
        html_escape(f, c->x_label[order[k]]);
        fputs("</td>", f);
        for (int s = 0; s < c->ns; s++) {
            const struct point *p = find(c, order[k], s);
            if (!p) {
                fputs("<td class=\"num\"></td>", f);
                continue;
            }
            band_text(buf, sizeof(buf), p, c->percent);
            if (p->has_lo || p->has_hi)
                fprintf(f, "<td class=\"num\" data-sort=\"%.17g\">%s</td>",
                        p->has_lo ? p->lo : p->hi, buf);
            else
                fprintf(f, "<td class=\"num\">%s</td>", buf);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></div>\n</figure>\n", f);
}

/* The largest figure drawn, and the axis' step and end above it. */
static void value_axis(const struct chart *c, double *step, double *top)
{
    double max = 0;

    for (int i = 0; i < c->np; i++) {
        const struct point *p = &c->pt[i];
        double v = p->has_hi ? p->hi : p->has_lo ? p->lo : 0;
        if (v > max)
            max = v;
    }
    if (c->percent)
        max = 100;
    if (max <= 0)
        max = 1;
    *step = nice_step(max);
    *top = ceil(max / *step) * *step;
}

/* The <figure>, its caption and the opening of the SVG with its title. */
static void open_figure(const struct chart *c, FILE *f, const char *id, int h)
{
    fputs("<figure class=\"chart\"><figcaption>", f);
    html_escape(f, c->title);
    fprintf(f,
            "</figcaption>\n<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
            "aria-labelledby=\"",
            W, h);
    html_escape(f, id);
    fputs("-t\"><title id=\"", f);
    html_escape(f, id);
    fputs("-t\">", f);
    html_escape(f, c->title);
    fputs("</title>\n", f);
}

/* A swatch and the name of each series, in a row along the top from x. */
static void write_legend(const struct chart *c, FILE *f, int x)
{
    for (int s = 0; s < c->ns; s++) {
        fprintf(f,
                "<rect class=\"s%d\" x=\"%d\" y=\"10\" width=\"12\" height=\"12\"/>"
                "<text x=\"%d\" y=\"20\">",
                s % 8, x, x + 16);
        html_escape(f, c->series[s]);
        fputs("</text>\n", f);
        x += 28 + 7 * (int)strlen(c->series[s]);
    }
}

/*
 * Horizontal bars: a group per x (its label at the left, in the order of
 * the x positions), a bar per series in it, the value axis at the bottom.
 */
static void write_bars(const struct chart *c, FILE *f, const char *id, const int *order)
{
    enum { BAR = 14, GROUP_GAP = 10, BAR_LEFT = 220 };
    int ns = c->ns ? c->ns : 1, group = ns * BAR + GROUP_GAP;
    int h = TOP + c->nx * group + BOTTOM;
    double step, top, pw = W - BAR_LEFT - RIGHT;
    char buf[80];

    value_axis(c, &step, &top);
    open_figure(c, f, id, h);
    for (double v = 0; v <= top + step / 2; v += step) {
        double x = BAR_LEFT + pw * v / top;
        number(buf, sizeof(buf), v, c->percent);
        fprintf(f,
                "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>"
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                x, x, TOP, h - BOTTOM, x, h - BOTTOM + 16, buf);
    }
    fprintf(f, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>\n", BAR_LEFT,
            BAR_LEFT, TOP, h - BOTTOM);
    fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", BAR_LEFT + pw / 2, h - 8);
    html_escape(f, c->y_title);
    fputs("</text>\n", f);
    write_legend(c, f, BAR_LEFT);
    for (int k = 0; k < c->nx; k++) {
        int y0 = TOP + GROUP_GAP / 2 + k * group;
        fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", BAR_LEFT - 6,
                y0 + ns * BAR / 2 + 4);
        html_escape(f, c->x_label[order[k]]);
        fputs("</text>\n", f);
        for (int s = 0; s < c->ns; s++) {
            const struct point *p = find(c, order[k], s);
            double v;
            if (!p || !drawn(p))
                continue;
            v = p->has_lo ? p->lo : p->hi;
            band_text(buf, sizeof(buf), p, c->percent);
            fprintf(f,
                    "<rect class=\"bar pt s%d\" x=\"%d\" y=\"%d\" width=\"%.1f\" "
                    "height=\"%d\"><title>",
                    s % 8, BAR_LEFT, y0 + s * BAR, pw * v / top, BAR - 2);
            html_escape(f, c->series[s]);
            fputs(", ", f);
            html_escape(f, c->x_label[order[k]]);
            fprintf(f, ": %s</title></rect>\n", buf);
        }
    }
    fputs("</svg>\n", f);
}

void chart_write(const struct chart *c, FILE *f, const char *id)
{
    int *order = x_order(c);
    double step, top, pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM, lo_x, span;
    double last_label = 0, min_step = 0;
    char buf[80];

    if (!order)
        return;
    if (c->bars) {
        write_bars(c, f, id, order);
        write_table(c, f, order);
        free(order);
        return;
    }
    value_axis(c, &step, &top);
    /* a line breaks where the data skips more than one step of the axis */
    for (int k = 1; k < c->nx; k++) {
        double d = c->x_pos[order[k]] - c->x_pos[order[k - 1]];
        if (d > 0 && (min_step == 0 || d < min_step))
            min_step = d;
    }
    lo_x = c->nx ? c->x_pos[order[0]] : 0;
    span = c->nx ? c->x_pos[order[c->nx - 1]] - lo_x : 0;
#define XPOS(k) (span <= 0 ? LEFT + pw / 2 : LEFT + pw * (c->x_pos[order[k]] - lo_x) / span)
#define YPOS(v) (TOP + ph * (1 - (v) / top))

    open_figure(c, f, id, H);
    /* y grid and ticks */
    for (double v = 0; v <= top + step / 2; v += step) {
        number(buf, sizeof(buf), v, c->percent);
        fprintf(f,
                "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
                "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                LEFT, W - RIGHT, YPOS(v), YPOS(v), LEFT - 6, YPOS(v) + 4, buf);
    }
    fprintf(f, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>\n", LEFT, W - RIGHT,
            H - BOTTOM, H - BOTTOM);
    /* x labels, thinned: none closer than LABEL_GAP to the one before */
    for (int k = 0; k < c->nx; k++) {
        if (k && XPOS(k) - last_label < LABEL_GAP)
            continue;
        last_label = XPOS(k);
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", XPOS(k), H - BOTTOM + 16);
        html_escape(f, c->x_label[order[k]]);
        fputs("</text>\n", f);
    }
    /* axis titles */
    fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", LEFT + pw / 2, H - 8);
    html_escape(f, c->x_title);
    fprintf(f,
            "</text>\n<text transform=\"translate(14 %.1f) rotate(-90)\" "
            "text-anchor=\"middle\">",
            TOP + ph / 2);
    html_escape(f, c->y_title);
    fputs("</text>\n", f);
    write_legend(c, f, LEFT);
    /* per series: lines through consecutive known lows, bands, points */
    for (int s = 0; s < c->ns; s++) {
        int open = 0;
        for (int k = 0; k < c->nx; k++) {
            const struct point *p = find(c, order[k], s);
            if (open && p && p->has_lo && k &&
                c->x_pos[order[k]] - c->x_pos[order[k - 1]] > 1.5 * min_step) {
                fputs("\"/>\n", f);
                open = 0;
            }
            if (p && p->has_lo) {
                if (!open)
                    fprintf(f, "<polyline class=\"line s%d\" points=\"", s % 8);
                fprintf(f, "%s%.1f,%.1f", open ? " " : "", XPOS(k), YPOS(p->lo));
                open = 1;
            } else if (open) {
                fputs("\"/>\n", f);
                open = 0;
            }
        }
        if (open)
            fputs("\"/>\n", f);
        for (int k = 0; k < c->nx; k++) {
            const struct point *p = find(c, order[k], s);
            double y;
            if (!p || !drawn(p))
                continue;
            y = YPOS(p->has_lo ? p->lo : p->hi);
            if (!p->has_hi || (p->has_lo && p->hi > p->lo))
                fprintf(f,
                        "<line class=\"band s%d\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
                        "y2=\"%.1f\"/>",
                        s % 8, XPOS(k), XPOS(k), y, p->has_hi ? YPOS(p->hi) : (double)TOP);
            band_text(buf, sizeof(buf), p, c->percent);
            fprintf(f, "<circle class=\"pt s%d\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"><title>", s % 8,
                    XPOS(k), y);
            html_escape(f, c->series[s]);
            fputs(", ", f);
            html_escape(f, c->x_label[order[k]]);
            fprintf(f, ": %s</title></circle>\n", buf);
        }
    }
    fputs("</svg>\n", f);
#undef XPOS
#undef YPOS
    write_table(c, f, order);
    free(order);
}
