/*
 * test_chart.c: reports/chart.c: which values count as points, the SVG
 * (axis labels and titles, one circle per known value with its figure in a
 * <title>, bands, lines that break over gaps, x labels thinned so they never
 * touch), horizontal bars, the table of the same figures under it, HTML
 * escaping of every piece of text, and charts with nothing to draw.
 */
#include "table.h"
#include "../../reports/chart.h"

#include "../../lib/banned.h"

/* The chart as chart_write writes it (caller frees). */
static char *render(const struct chart *c, const char *id)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    assert_non_null(f);
    chart_write(c, f, id);
    assert_int_equal(fclose(f), 0);
    assert_non_null(text);
    return text;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;

    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void has(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("missing: %s\nin:\n%s", needle, hay);
}

/*
 * Two publishers over three half-years, added out of order: a figure, a
 * band, an open band, a figure not given, an upper bound only, and one
 * missing altogether (Google, 2021H2).
 */
static struct chart *requests_chart(void)
{
    struct chart *c = chart_new("User-data requests", "half-year", "requests", 0);

    assert_non_null(c);
    assert_int_equal(chart_add(c, 12, "2021H2", "Apple", 5000, 1, 0, 0), 0);
    assert_int_equal(chart_add(c, 0, "2020H2", "Apple", 1234, 1, 1234, 1), 0);
    assert_int_equal(chart_add(c, 6, "2021H1", "Apple", 0, 1, 249, 1), 0);
    assert_int_equal(chart_add(c, 0, "2020H2", "Google", 0, 0, 0, 0), 0);
    assert_int_equal(chart_add(c, 6, "2021H1", "Google", 0, 0, 300, 1), 0);
    return c;
}

static void chart_points_counts_values_with_a_known_end(void **state)
{
    struct chart *c = requests_chart();

    (void)state;
    assert_int_equal(chart_points(c), 4); /* not the one given as unknown */
    /* the same label and series again replaces the value */
    assert_int_equal(chart_add(c, 0, "2020H2", "Google", 17, 1, 17, 1), 0);
    assert_int_equal(chart_points(c), 5);
    assert_int_equal(chart_add(c, 0, "2020H2", "Google", 0, 0, 0, 0), 0);
    assert_int_equal(chart_points(c), 4);
    chart_free(c);
    chart_free(NULL);
}

static void chart_write_draws_one_point_per_value_with_hover_text(void **state)
{
    struct chart *c = requests_chart();
    char *svg = render(c, "req");

    (void)state;
    assert_int_equal(count(svg, "<circle "), 4);
    assert_int_equal(count(svg, "<title>"), 4);
    has(svg, "<circle class=\"pt s0\" cx=\"72.0\" cy=\"207.6\" r=\"3.5\">"
             "<title>Apple, 2020H2: 1,234</title></circle>");
    has(svg, "<title>Apple, 2021H1: 0-249</title>");
    has(svg, "<title>Apple, 2021H2: 5,000+</title>");
    has(svg, "<circle class=\"pt s1\" cx=\"378.0\" cy=\"241.2\" r=\"3.5\">"
             "<title>Google, 2021H1: up to 300</title></circle>");
    /* one line through Apple's lows in x order; Google has no low to draw */
    assert_int_equal(count(svg, "<polyline "), 1);
    has(svg, "<polyline class=\"line s0\" points=\"72.0,207.6 378.0,252.0 684.0,72.0\"/>");
    /* bands: 0-249, and 5,000+ open to the top; none for an exact figure */
    assert_int_equal(count(svg, "class=\"band "), 2);
    has(svg, "<line class=\"band s0\" x1=\"378.0\" x2=\"378.0\" y1=\"252.0\" y2=\"243.0\"/>");
    has(svg, "<line class=\"band s0\" x1=\"684.0\" x2=\"684.0\" y1=\"72.0\" y2=\"36.0\"/>");
    free(svg);
    chart_free(c);
}

static void chart_write_labels_both_axes(void **state)
{
    struct chart *c = requests_chart();
    char *svg = render(c, "req");

    (void)state;
    has(svg, "<figure class=\"chart\"><figcaption>User-data requests</figcaption>\n"
             "<svg class=\"chart\" viewBox=\"0 0 720 300\" role=\"img\" aria-labelledby=\"req-t\">"
             "<title id=\"req-t\">User-data requests</title>\n");
    /* x: each period, in axis order, and the axis title */
    has(svg, "<text x=\"72.0\" y=\"268\" text-anchor=\"middle\">2020H2</text>");
    has(svg, "<text x=\"378.0\" y=\"268\" text-anchor=\"middle\">2021H1</text>");
    has(svg, "<text x=\"684.0\" y=\"268\" text-anchor=\"middle\">2021H2</text>");
    has(svg, "text-anchor=\"middle\">half-year</text>");
    /* y: 0 to a round number above the largest value (5,000), and the axis title */
    has(svg, "text-anchor=\"end\">0</text>");
    has(svg, "text-anchor=\"end\">2,000</text>");
    has(svg, "text-anchor=\"end\">6,000</text>");
    assert_int_equal(count(svg, "text-anchor=\"end\">"), 4);
    has(svg, "rotate(-90)\" text-anchor=\"middle\">requests</text>");
    /* the legend names each series */
    has(svg, "<rect class=\"s0\" x=\"72\" y=\"10\" width=\"12\" height=\"12\"/>"
             "<text x=\"88\" y=\"20\">Apple</text>");
    has(svg, "<rect class=\"s1\"");
    has(svg, ">Google</text>");
    free(svg);
    chart_free(c);
}

static void chart_write_puts_the_figures_in_a_table(void **state)
{
    struct chart *c = requests_chart();
    char *svg = render(c, "req");

    (void)state;
    has(svg, "</svg>\n<div class=\"scroll\"><table class=\"data chart-data\"><thead><tr>"
             "<th scope=\"col\">half-year</th><th scope=\"col\">Apple</th>"
             "<th scope=\"col\">Google</th></tr></thead>\n<tbody>\n"
             "<tr><td>2020H2</td><td class=\"num\" data-sort=\"1234\">1,234</td>"
             "<td class=\"num\">?</td></tr>\n"
             "<tr><td>2021H1</td><td class=\"num\" data-sort=\"0\">0-249</td>"
             "<td class=\"num\" data-sort=\"300\">up to 300</td></tr>\n"
             "<tr><td>2021H2</td><td class=\"num\" data-sort=\"5000\">5,000+</td>"
             "<td class=\"num\"></td></tr>\n"
             "</tbody></table></div>\n</figure>\n");
    free(svg);
    chart_free(c);
}

static void chart_write_escapes_every_label(void **state)
{
    struct chart *c = chart_new("<script>alert(\"t\")</script>", "x & <y>", "'quoted'", 0);
    char *svg;

    (void)state;
    assert_non_null(c);
    assert_int_equal(chart_add(c, 0, "<i>2020</i>", "<b>S&P</b>", 1, 1, 1, 1), 0);
    assert_int_equal(chart_add(c, 1, "2021", "<b>S&P</b>", 0, 0, 0, 0), 0);
    svg = render(c, "c\"1<");
    assert_null(strstr(svg, "<script"));
    assert_null(strstr(svg, "<b>"));
    assert_null(strstr(svg, "<i>"));
    assert_null(strstr(svg, "'quoted'"));
    assert_null(strstr(svg, "c\"1"));
    /* figcaption and the SVG's title */
    assert_int_equal(count(svg, "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;"), 2);
    /* the axis title and the table's first heading */
    assert_int_equal(count(svg, ">x &amp; &lt;y&gt;<"), 2);
    assert_int_equal(count(svg, ">&#39;quoted&#39;<"), 1);
    /* legend, hover text and table heading */
    assert_int_equal(count(svg, "&lt;b&gt;S&amp;P&lt;/b&gt;"), 3);
    /* axis label, hover text and table row */
    assert_int_equal(count(svg, "&lt;i&gt;2020&lt;/i&gt;"), 3);
    has(svg, "<title>&lt;b&gt;S&amp;P&lt;/b&gt;, &lt;i&gt;2020&lt;/i&gt;: 1</title>");
    has(svg, "aria-labelledby=\"c&quot;1&lt;-t\"><title id=\"c&quot;1&lt;-t\">");
    free(svg);
    chart_free(c);
}

static void chart_write_of_an_empty_chart_is_complete(void **state)
{
    static const char head[] = "<figure class=\"chart\"><figcaption>Empty</figcaption>\n<svg ";
    struct chart *c = chart_new("Empty", "month", "apps", 0);
    char *svg;

    (void)state;
    assert_non_null(c);
    assert_int_equal(chart_points(c), 0);
    svg = render(c, "e");
    assert_memory_equal(svg, head, strlen(head));
    assert_int_equal(count(svg, "<circle "), 0);
    assert_int_equal(count(svg, "<polyline "), 0);
    assert_int_equal(count(svg, "class=\"band "), 0);
    assert_int_equal(count(svg, "<rect "), 0);
    assert_int_equal(count(svg, "</svg>"), 1);
    has(svg, "<thead><tr><th scope=\"col\">month</th></tr></thead>\n<tbody>\n"
             "</tbody></table></div>\n</figure>\n");
    free(svg);
    chart_free(c);
}

static void chart_write_of_unknown_values_draws_nothing_but_the_table(void **state)
{
    struct chart *c = chart_new("Unknown", "month", "apps", 0);
    char *svg;

    (void)state;
    assert_non_null(c);
    assert_int_equal(chart_add(c, 0, "2021-01", "removed", 0, 0, 0, 0), 0);
    assert_int_equal(chart_add(c, 1, "2021-02", "removed", 0, 0, 0, 0), 0);
    assert_int_equal(chart_points(c), 0);
    svg = render(c, "u");
    assert_int_equal(count(svg, "<circle "), 0);
    assert_int_equal(count(svg, "<polyline "), 0);
    assert_int_equal(count(svg, "<td class=\"num\">?</td>"), 2);
    free(svg);
    chart_free(c);
}

static void chart_write_shows_percentages_on_a_0_to_100_axis(void **state)
{
    struct chart *c = chart_new("Disclosed", "half-year", "% disclosed", 1);
    char *svg;

    (void)state;
    assert_non_null(c);
    /* small percentages: the axis still runs to 100, not to a step above 30 */
    assert_int_equal(chart_add(c, 0, "2020H2", "Apple", 12.5, 1, 12.5, 1), 0);
    assert_int_equal(chart_add(c, 6, "2021H1", "Apple", 10, 1, 30, 1), 0);
    svg = render(c, "pct");
    has(svg, "<title>Apple, 2020H2: 12.5 %</title>");
    has(svg, "<title>Apple, 2021H1: 10.0 %-30.0 %</title>");
    has(svg, "<td class=\"num\" data-sort=\"12.5\">12.5 %</td>");
    has(svg, "text-anchor=\"end\">0.0 %</text>");
    has(svg, "text-anchor=\"end\">50.0 %</text>");
    has(svg, "text-anchor=\"end\">100.0 %</text>");
    assert_int_equal(count(svg, "text-anchor=\"end\">"), 3);
    /* 12.5 of 100 on a plot 216 high that starts at 36 */
    has(svg, "cx=\"72.0\" cy=\"225.0\"");
    free(svg);
    chart_free(c);
}

static void chart_write_keeps_figures_that_are_not_whole(void **state)
{
    struct chart *c = chart_new("Ratio", "half-year", "ratio", 0);
    char *svg;

    (void)state;
    assert_non_null(c);
    assert_int_equal(chart_add(c, 0, "2020H2", "Apple", 12.5, 1, 12.5, 1), 0);
    svg = render(c, "r");
    has(svg, "<title>Apple, 2020H2: 12.5</title>");
    has(svg, "<td class=\"num\" data-sort=\"12.5\">12.5</td>");
    free(svg);
    chart_free(c);
}

static void chart_write_breaks_lines_over_gaps(void **state)
{
    static const double gap[] = {0, 6, 12, 24, 30}; /* 2021H2 missing */
    static const char *const label[] = {"2020H1", "2020H2", "2021H1", "2022H1", "2022H2"};
    struct chart *c = chart_new("Gaps", "half-year", "requests", 0);
    char *svg;

    (void)state;
    assert_non_null(c);
    for (int i = 0; i < 5; i++)
        assert_int_equal(chart_add(c, gap[i], label[i], "Apple", 10 + i, 1, 10 + i, 1), 0);
    svg = render(c, "g");
    assert_int_equal(count(svg, "<polyline "), 2);
    assert_int_equal(count(svg, "<circle "), 5);
    free(svg);
    chart_free(c);

    /* evenly spaced: one line; a value not given in the middle breaks it too */
    c = chart_new("Even", "half-year", "requests", 0);
    assert_non_null(c);
    for (int i = 0; i < 3; i++)
        assert_int_equal(chart_add(c, 6 * i, label[i], "Apple", 10, 1, 10, 1), 0);
    svg = render(c, "e");
    assert_int_equal(count(svg, "<polyline "), 1);
    free(svg);
    assert_int_equal(chart_add(c, 6, label[1], "Apple", 0, 0, 0, 0), 0);
    svg = render(c, "e");
    assert_int_equal(count(svg, "<polyline "), 2);
    assert_int_equal(count(svg, "<circle "), 2);
    free(svg);
    chart_free(c);
}

static void chart_write_thins_x_labels_so_they_never_touch(void **state)
{
    struct chart *c = chart_new("Monthly", "month", "apps", 0);
    char label[16], *svg;
    double last = -1000;
    int labels = 0;

    (void)state;
    assert_non_null(c);
    for (int m = 0; m < 60; m++) {
        snprintf(label, sizeof(label), "m%02d", m);
        assert_int_equal(chart_add(c, m, label, "removed", m, 1, m, 1), 0);
    }
    svg = render(c, "m");
    for (const char *p = svg; (p = strstr(p, "<text x=\"")) != NULL; p++) {
        char *end;
        double x = strtod(p + 9, &end);
        if (strncmp(end, "\" y=\"268\"", 9) != 0)
            continue; /* not an x label */
        if (labels == 0)
            assert_memory_equal(strchr(end, '>'), ">m00<", 5); /* the first one always shows */
        assert_true(x - last >= 52);
        last = x;
        labels++;
    }
    assert_true(labels > 1);
    assert_true(labels < 60);
    assert_int_equal(count(svg, "<tr><td>m"), 60); /* the table keeps them all */
    assert_int_equal(count(svg, "<circle "), 60);
    free(svg);
    chart_free(c);
}

static void chart_add_treats_a_repeated_label_as_the_same_x(void **state)
{
    struct chart *c = chart_new("Same", "half-year", "requests", 0);
    char *svg;

    (void)state;
    assert_non_null(c);
    assert_int_equal(chart_add(c, 0, "2020H2", "Apple", 1, 1, 1, 1), 0);
    assert_int_equal(chart_add(c, 99, "2020H2", "Google", 2, 1, 2, 1), 0);
    assert_int_equal(chart_add(c, 0, "2020H2", "Apple", 3, 1, 3, 1), 0);
    svg = render(c, "s");
    assert_int_equal(count(svg, "<tr><td>"), 1);
    has(svg, "<tr><td>2020H2</td><td class=\"num\" data-sort=\"3\">3</td>"
             "<td class=\"num\" data-sort=\"2\">2</td></tr>");
    assert_int_equal(count(svg, "<circle "), 2);
    free(svg);
    chart_free(c);
}

static void chart_write_cycles_eight_series_colours(void **state)
{
    struct chart *c = chart_new("Many", "half-year", "requests", 0);
    char name[16], *svg;

    (void)state;
    assert_non_null(c);
    for (int s = 0; s < 9; s++) {
        snprintf(name, sizeof(name), "P%d", s);
        assert_int_equal(chart_add(c, 0, "2020H2", name, s + 1, 1, s + 1, 1), 0);
    }
    svg = render(c, "many");
    assert_int_equal(count(svg, "<rect class=\"s0\""), 2);
    assert_int_equal(count(svg, "class=\"s8\""), 0);
    assert_int_equal(count(svg, "<circle class=\"pt s0\""), 2);
    free(svg);
    chart_free(c);
}

static void chart_write_of_bars_draws_a_bar_per_value_in_groups(void **state)
{
    struct chart *c = chart_new("Orders per service", "service", "orders", 0);
    char *svg;

    (void)state;
    assert_non_null(c);
    chart_set_bars(c);
    assert_int_equal(chart_add(c, 1, "TikTok", "to act", 133, 1, 133, 1), 0);
    assert_int_equal(chart_add(c, 0, "Temu <EU>", "to act", 40, 1, 40, 1), 0);
    assert_int_equal(chart_add(c, 0, "Temu <EU>", "information", 12, 1, 12, 1), 0);
    assert_int_equal(chart_add(c, 1, "TikTok", "information", 5086, 1, 5086, 1), 0);
    assert_int_equal(chart_add(c, 2, "Pinterest", "information", 0, 0, 0, 0), 0);
    assert_int_equal(chart_points(c), 4);
    svg = render(c, "bars");
    /* a bar per known value, none for the unknown one, no line, no point */
    assert_int_equal(count(svg, "<rect class=\"bar pt s"), 4);
    assert_int_equal(count(svg, "<circle"), 0);
    assert_int_equal(count(svg, "<polyline"), 0);
    has(svg, "<rect class=\"bar pt s0\"");
    has(svg, "<title>to act, Temu &lt;EU&gt;: 40</title>");
    has(svg, "<title>information, TikTok: 5,086</title>");
    /* the value axis ends at the first step of 2,000 above 5,086 */
    has(svg, ">6,000</text>");
    assert_null(strstr(svg, ">8,000</text>"));
    /* groups in the order of their positions: Temu first, at the top */
    assert_true(strstr(svg, ">Temu &lt;EU&gt;</text>") < strstr(svg, ">TikTok</text>"));
    assert_true(strstr(svg, ">TikTok</text>") < strstr(svg, ">Pinterest</text>"));
    /* the table as for lines: a row per group, a column per series, "?" for no figure */
    has(svg, "<th scope=\"col\">service</th><th scope=\"col\">to act</th>"
             "<th scope=\"col\">information</th>");
    has(svg, "<tr><td>Pinterest</td><td class=\"num\"></td><td class=\"num\">?</td></tr>");
    free(svg);
    chart_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chart_points_counts_values_with_a_known_end),
        cmocka_unit_test(chart_write_draws_one_point_per_value_with_hover_text),
        cmocka_unit_test(chart_write_labels_both_axes),
        cmocka_unit_test(chart_write_puts_the_figures_in_a_table),
        cmocka_unit_test(chart_write_escapes_every_label),
        cmocka_unit_test(chart_write_of_an_empty_chart_is_complete),
        cmocka_unit_test(chart_write_of_unknown_values_draws_nothing_but_the_table),
        cmocka_unit_test(chart_write_shows_percentages_on_a_0_to_100_axis),
        cmocka_unit_test(chart_write_keeps_figures_that_are_not_whole),
        cmocka_unit_test(chart_write_breaks_lines_over_gaps),
        cmocka_unit_test(chart_write_thins_x_labels_so_they_never_touch),
        cmocka_unit_test(chart_add_treats_a_repeated_label_as_the_same_x),
        cmocka_unit_test(chart_write_cycles_eight_series_colours),
        cmocka_unit_test(chart_write_of_bars_draws_a_bar_per_value_in_groups),
    };
    return cmocka_run_group_tests_name("chart", tests, NULL, NULL);
}
