/*
 * test_tilemap.c: reports/tilemap.c: reading tile positions (comments,
 * blank lines, CR LF; every bad line refused with the file and line named,
 * from tests/data/tiles-bad.tsv), the shipped position tables, the shading
 * bins, and the SVG: a square per tile with its code and its figure in a
 * <title>, no figure shown as such, a legend, the table beside it, and
 * every text escaped.
 */
#include "table.h"
#include "../../lib/err.h"
#include "../../reports/tilemap.h"

#include "../../lib/banned.h"

/* The map as tilemap_write writes it (caller frees). */
static char *render(const struct tilemap *m, const struct tilemap_opts *o,
                    const struct tilemap_value *v, int n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    assert_non_null(f);
    tilemap_write(m, f, o, v, n);
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

static struct tilemap *three(void)
{
    struct tilemap *m = NULL;
    struct trdb_err err = {0, ""};

    assert_int_equal(
        tilemap_parse("# CODE ROW COL\n\nDE\t1\t3\r\nFR\t2\t2\nPL\t1\t4", "pos.tsv", &m, &err), 0);
    return m;
}

static void tilemap_parse_reads_codes_rows_and_columns(void **state)
{
    struct tilemap *m = three();
    int row = -1, col = -1;

    (void)state;
    assert_int_equal(tilemap_count(m), 3);
    assert_true(tilemap_find(m, "FR", &row, &col));
    assert_int_equal(row, 2);
    assert_int_equal(col, 2);
    assert_true(tilemap_find(m, "DE", &row, &col));
    assert_int_equal(row, 1);
    assert_int_equal(col, 3);
    assert_false(tilemap_find(m, "US", NULL, NULL));
    tilemap_free(m);
}

/* "\t" and "\n" (and "\r") in a table field as the bytes they name. */
static void unescape(const char *s, char *out, size_t n)
{
    size_t o = 0;

    for (; *s && o + 1 < n; s++) {
        if (s[0] == '\\' && (s[1] == 't' || s[1] == 'n' || s[1] == 'r')) {
            out[o++] = s[1] == 't' ? '\t' : s[1] == 'n' ? '\n' : '\r';
            s++;
        } else {
            out[o++] = *s;
        }
    }
    out[o] = '\0';
}

static void bad_positions_case(void **state)
{
    const struct table_case *c = *state;
    struct tilemap *m = (struct tilemap *)1;
    struct trdb_err err = {0, ""};
    char input[512], want[512];

    assert_int_equal(c->nfields, 2);
    unescape(c->field[0], input, sizeof(input));
    unescape(c->field[1], want, sizeof(want));
    assert_int_equal(tilemap_parse(input, "pos.tsv", &m, &err), TRDB_EDATA);
    assert_null(m);
    assert_string_equal(err.msg, want);
}

static void tilemap_load_names_a_missing_file(void **state)
{
    struct tilemap *m = NULL;
    struct trdb_err err = {0, ""};

    (void)state;
    assert_int_equal(tilemap_load("/nonexistent/tiles.tsv", &m, &err), TRDB_EIO);
    assert_null(m);
    has(err.msg, "/nonexistent/tiles.tsv");
}

/* The tables the report reads: every EU Member State on the Europe map, the world's big countries
 * on the world map. */
static void the_shipped_tables_load(void **state)
{
    static const char *const eu[] = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI",
                                     "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
                                     "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"};
    static const char *const world[] = {"US", "CN", "IN", "BR", "RU", "DE", "NG", "AU",
                                        "ZA", "JP", "MX", "AR", "TR", "ID", "CA", "EG"};
    const char *data = getenv("TRDB_DATA");
    char path[4096];
    struct tilemap *m = NULL;
    struct trdb_err err = {0, ""};

    (void)state;
    snprintf(path, sizeof(path), "%s/countries/tiles-europe.tsv", data ? data : "data");
    if (tilemap_load(path, &m, &err))
        fail_msg("%s", err.msg);
    for (size_t i = 0; i < sizeof(eu) / sizeof(eu[0]); i++)
        if (!tilemap_find(m, eu[i], NULL, NULL))
            fail_msg("%s has no tile on the Europe map", eu[i]);
    tilemap_free(m);
    snprintf(path, sizeof(path), "%s/countries/tiles-world.tsv", data ? data : "data");
    if (tilemap_load(path, &m, &err))
        fail_msg("%s", err.msg);
    for (size_t i = 0; i < sizeof(world) / sizeof(world[0]); i++)
        if (!tilemap_find(m, world[i], NULL, NULL))
            fail_msg("%s has no tile on the world map", world[i]);
    for (size_t i = 0; i < sizeof(eu) / sizeof(eu[0]); i++)
        if (!tilemap_find(m, eu[i], NULL, NULL))
            fail_msg("%s has no tile on the world map", eu[i]);
    assert_true(tilemap_count(m) > 150);
    tilemap_free(m);
}

static void tilemap_scale_of_splits_values_into_rounded_bins(void **state)
{
    static const double v[] = {0, 3, 7, 12, 40, 95, 160, 800, 5000, 0, 1};
    struct tilemap_scale s;

    (void)state;
    tilemap_scale_of(v, (int)(sizeof(v) / sizeof(v[0])), &s);
    /* nine positive values, five bins closing at the 1st, 3rd, 5th, 7th, 9th of them */
    assert_int_equal(s.n, 5);
    assert_true(s.upper[0] == 1);    /* 1st: 1 */
    assert_true(s.upper[1] == 10);   /* 3rd: 7 */
    assert_true(s.upper[2] == 50);   /* 5th: 40 */
    assert_true(s.upper[3] == 200);  /* 7th: 160 */
    assert_true(s.upper[4] == 5000); /* 9th: 5000 */
    assert_int_equal(tilemap_bin(&s, 0), 0);
    assert_int_equal(tilemap_bin(&s, -4), 0);
    assert_int_equal(tilemap_bin(&s, 1), 1);
    assert_int_equal(tilemap_bin(&s, 10), 2);
    assert_int_equal(tilemap_bin(&s, 11), 3);
    assert_int_equal(tilemap_bin(&s, 5000), 5);
    assert_int_equal(tilemap_bin(&s, 99999), 5);
}

static void tilemap_scale_of_few_values_has_few_bins(void **state)
{
    static const double two[] = {0, 30, 30, 0};
    static const double none[] = {0, 0};
    struct tilemap_scale s;

    (void)state;
    tilemap_scale_of(two, 4, &s);
    assert_int_equal(s.n, 1); /* two values, the same bin edge once */
    assert_true(s.upper[0] == 50);
    assert_int_equal(tilemap_bin(&s, 30), 1);
    tilemap_scale_of(none, 2, &s);
    assert_int_equal(s.n, 0);
    assert_int_equal(tilemap_bin(&s, 0), 0);
    tilemap_scale_of(NULL, 0, &s);
    assert_int_equal(s.n, 0);
}

static void tilemap_write_draws_a_square_per_tile_with_its_figure(void **state)
{
    struct tilemap *m = three();
    const struct tilemap_value v[] = {
        {"DE", "Germany", 159, "159"}, {"FR", "France", 0, "0"}, {"US", "United States", 7, "7"}};
    const struct tilemap_opts o = {"map-act", "Orders to act", "orders", "countries/"};
    char *svg;

    (void)state;
    svg = render(m, &o, v, 3);
    has(svg, "<figure class=\"tilemap\" id=\"map-act\"><figcaption>Orders to act</figcaption>");
    has(svg, "role=\"img\" aria-labelledby=\"map-act-t\"><title id=\"map-act-t\">Orders to act");
    assert_int_equal(count(svg, "<g class=\"tile"), 3);
    /* DE is the largest: the darkest bin of its scale; FR is 0; PL has no figure */
    has(svg, "<g class=\"tile q2\"><title>Germany (DE): 159 orders</title>");
    has(svg, "<g class=\"tile q0\"><title>France (FR): 0 orders</title>");
    has(svg, "<g class=\"tile nd\"><title>PL: no figure</title>");
    has(svg, ">DE</text></g>");
    /* tiles at their column and row: DE at row 1 column 3 */
    has(svg, "<rect x=\"97\" y=\"33\" width=\"30\" height=\"30\"/>");
    /* the legend: no figure, 0, then the bins */
    has(svg, ">no figure</text>");
    has(svg, "<rect class=\"q0\"");
    has(svg, ">1-10</text>");
    has(svg, ">11-200</text>");
    /* the table beside: every value, the one without a tile too */
    has(svg, "<table class=\"data map-data\">");
    has(svg, "<td><a href=\"countries/DE.html\">DE</a></td><td>Germany</td>"
             "<td class=\"num\" data-sort=\"159\">159</td>");
    has(svg, "<td><a href=\"countries/US.html\">US</a></td>");
    has(svg, "<p class=\"note\">In the table, not on the map: US.</p>");
    assert_int_equal(count(svg, "<tr><td>"), 3);
    free(svg);
    tilemap_free(m);
}

static void tilemap_write_escapes_every_text(void **state)
{
    struct tilemap *m = three();
    const struct tilemap_value v[] = {{"DE", "<script>\"x\"&'y'</script>", 5, "<5>"}};
    const struct tilemap_opts o = {"m\"1", "A <b>map</b> & more", "it's", NULL};
    char *svg;

    (void)state;
    svg = render(m, &o, v, 1);
    has(svg, "<title>&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt; (DE): &lt;5&gt; "
             "it&#39;s</title>");
    has(svg, "id=\"m&quot;1\"");
    has(svg, "<figcaption>A &lt;b&gt;map&lt;/b&gt; &amp; more</figcaption>");
    assert_null(strstr(svg, "<script>"));
    assert_null(strstr(svg, "<b>"));
    assert_null(strstr(svg, "<a href")); /* no link prefix: no links */
    free(svg);
    tilemap_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tilemap_parse_reads_codes_rows_and_columns),
        cmocka_unit_test(tilemap_load_names_a_missing_file),
        cmocka_unit_test(the_shipped_tables_load),
        cmocka_unit_test(tilemap_scale_of_splits_values_into_rounded_bins),
        cmocka_unit_test(tilemap_scale_of_few_values_has_few_bins),
        cmocka_unit_test(tilemap_write_draws_a_square_per_tile_with_its_figure),
        cmocka_unit_test(tilemap_write_escapes_every_text),
    };
    struct table_case *cases;
    int n, rc;

    rc = cmocka_run_group_tests_name("tilemap", tests, NULL, NULL);
    n = table_load("tiles-bad.tsv", &cases);
    rc |= table_run("tilemap_parse refuses", cases, n, bad_positions_case);
    table_free(cases, n);
    return rc;
}
