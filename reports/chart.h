/*
 * chart.h: line charts as inline SVG for the HTML report: one line per
 * series (a publisher) along an x axis of time (periods, months), a point
 * per value with its figure in a <title> (shown on hover), bands drawn from
 * their low to their high end; or horizontal bars, a group per x; and the
 * same figures as a table under the chart for screen readers and copying. Not for choosing what to
 * chart: report.c does that.
 */
#ifndef TRDB_CHART_H
#define TRDB_CHART_H

#include <stdio.h>

struct chart;

/*
 * A new empty chart: title and axis titles are copied; percent: values are
 * percentages (axis 0-100). Returns NULL when out of memory.
 */
struct chart *chart_new(const char *title, const char *x_title, const char *y_title, int percent);
void chart_free(struct chart *c);

/*
 * Add the value of series at x, a position on the axis (for time, months
 * since some origin: gaps then show as gaps); x_label names it, and two
 * values with the same label are the same x. The value is a band
 * low..high: has_low or has_high 0 when that end is unknown (no high: an
 * open band "5,000+"; neither: the publisher gave no figure, shown as "?"
 * in the table only). Returns 0 or TRDB_ENOMEM.
 */
int chart_add(struct chart *c, double x, const char *x_label, const char *series, double low,
              int has_low, double high, int has_high);

/*
 * Draw horizontal bars instead of lines: a group per x (labelled at the
 * left, in the order of the x positions), a bar per series with its figure
 * in a <title>, for figures of things rather than of times (orders per
 * service). The table under the chart is the same.
 */
void chart_set_bars(struct chart *c);

/* Points that chart_write will draw (values with a known low or high end). */
int chart_points(const struct chart *c);

/* Write the chart as <figure> with an SVG and a table; id must be unique in the page. */
void chart_write(const struct chart *c, FILE *f, const char *id);

#endif
