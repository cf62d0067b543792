/*
 * test_html.c: reports/html.c: a page is written to PATH.tmp and renamed
 * into place on close (removed on abort), its head inlines the embedded
 * stylesheet and script with a Content-Security-Policy naming exactly their
 * hashes, html_text escapes & < > " ' and copies other bytes, and
 * html_query_table and html_rows_table write rows as an escaped table with
 * its id, heading, links, merged bands, sort keys and the empty case, and
 * html_rows_tables splits one statement's rows into tables by their first
 * column.
 */
#include "table.h"
#include "testio.h"
#include "../../lib/err.h"
#include "../../lib/sqltext.h"
#include "../../model/store.h"
#include "../../queries/rows.h"
#include "../../reports/html.h"

#include <openssl/evp.h>

#include <unistd.h>

#include "../../lib/banned.h"

struct dir {
    char path[64];
    char page[128], tmp[128], db[128];
};

static int dir_setup(void **state)
{
    struct dir *d = calloc(1, sizeof(*d));

    assert_non_null(d);
    snprintf(d->path, sizeof(d->path), "/tmp/trdb-html-XXXXXX");
    assert_non_null(mkdtemp(d->path));
    snprintf(d->page, sizeof(d->page), "%s/page.html", d->path);
    snprintf(d->tmp, sizeof(d->tmp), "%s/page.html.tmp", d->path);
    snprintf(d->db, sizeof(d->db), "%s/t.sqlite", d->path);
    *state = d;
    return 0;
}

/* Remove what a test left; the directory must then be empty (no stray .tmp). */
static int dir_teardown(void **state)
{
    struct dir *d = *state;
    char p[160];

    unlink(d->page);
    unlink(d->db);
    snprintf(p, sizeof(p), "%s-wal", d->db);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", d->db);
    unlink(p);
    if (rmdir(d->path) != 0) {
        fprintf(stderr, "# %s not empty\n", d->path);
        free(d);
        return -1;
    }
    free(d);
    return 0;
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;

    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void starts_with(const char *s, const char *prefix)
{
    if (strncmp(s, prefix, strlen(prefix)) != 0)
        fail_msg("wanted a start of:\n%s\ngot:\n%.200s", prefix, s);
}

/* What the page holds between the markers "<!--a-->" and "<!--b-->" (caller frees). */
static char *between_markers(const char *page)
{
    const char *a = strstr(page, "<!--a-->"), *b = strstr(page, "<!--b-->");

    assert_non_null(a);
    assert_non_null(b);
    a += 8;
    assert_true(b >= a);
    return strndup(a, (size_t)(b - a));
}

/* base64 of the sha256 of s, written here independently of html.c. */
static void hash64(const char *s, char out[45])
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned char d[32];
    unsigned int n = 0;
    size_t o = 0, i;

    assert_true(EVP_Digest(s, strlen(s), d, &n, EVP_sha256(), NULL));
    assert_int_equal(n, 32);
    for (i = 0; i + 3 <= 32; i += 3) {
        unsigned long v = (unsigned long)d[i] << 16 | (unsigned long)d[i + 1] << 8 | d[i + 2];
        for (int k = 3; k >= 0; k--)
            out[o++] = b64[(v >> (6 * k)) & 63];
    }
    /* 32 = 30 + 2: two bytes left, three characters and one pad */
    {
        unsigned long v = (unsigned long)d[30] << 16 | (unsigned long)d[31] << 8;
        out[o++] = b64[(v >> 18) & 63];
        out[o++] = b64[(v >> 12) & 63];
        out[o++] = b64[(v >> 6) & 63];
        out[o++] = '=';
    }
    out[o] = '\0';
}

/* Open a page, write what write() writes between markers, close it; return the file. */
static char *page_with(struct dir *d, const char *title, void (*write)(struct html_page *))
{
    struct trdb_err err = {0, ""};
    struct html_page *p = html_page_open(d->page, title, &err);

    if (!p)
        fail_msg("html_page_open: %s", err.msg);
    fputs("<!--a-->", html_file(p));
    if (write)
        write(p);
    fputs("<!--b-->", html_file(p));
    assert_int_equal(html_page_close(p, &err), 0);
    return read_whole(d->page);
}

static void hash64_gives_the_known_answer(void **state)
{
    char h[45];

    (void)state;
    hash64("abc", h);
    assert_string_equal(h, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
}

static void html_page_is_written_aside_and_renamed_on_close(void **state)
{
    static const char tail[] = "</script>\n</body>\n</html>\n";
    struct dir *d = *state;
    struct trdb_err err = {0, ""};
    struct html_page *p = html_page_open(d->page, "A & B <x>", &err);
    char *page;

    assert_non_null(p);
    assert_int_equal(access(d->tmp, F_OK), 0);
    assert_int_not_equal(access(d->page, F_OK), 0); /* not in place until complete */
    assert_non_null(html_file(p));
    fputs("<p>body</p>\n", html_file(p));
    assert_int_equal(html_page_close(p, &err), 0);
    assert_int_not_equal(access(d->tmp, F_OK), 0);
    page = read_whole(d->page);
    assert_non_null(page);
    starts_with(page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    assert_non_null(strstr(page, "<title>A &amp; B &lt;x&gt;</title>\n"));
    assert_non_null(strstr(page, "</head>\n<body>\n<p>body</p>\n<script>"));
    assert_true(strlen(page) > strlen(tail));
    assert_string_equal(page + strlen(page) - strlen(tail), tail);
    free(page);
}

static void html_page_csp_names_exactly_the_inlined_assets(void **state)
{
    struct dir *d = *state;
    const char *css = sql_text("reports/assets/report.css");
    const char *js = sql_text("reports/assets/report.js");
    char *page = page_with(d, "t", NULL), want[256], h[45];
    char *style, *script;

    assert_non_null(css);
    assert_non_null(js);
    assert_non_null(page);
    /* the browser hashes exactly what stands between the tags */
    style = strstr(page, "<style>");
    script = strstr(page, "<!--b--><script>");
    assert_non_null(style);
    assert_non_null(script);
    style += strlen("<style>");
    script += strlen("<!--b--><script>");
    assert_memory_equal(style, css, strlen(css));
    assert_memory_equal(style + strlen(css), "</style>", 8);
    assert_memory_equal(script, js, strlen(js));
    assert_memory_equal(script + strlen(js), "</script>", 9);
    assert_int_equal(count_of(page, "<style>"), 1);
    hash64(css, h);
    snprintf(want, sizeof(want), "style-src 'sha256-%s';", h);
    assert_non_null(strstr(page, want));
    hash64(js, h);
    snprintf(want, sizeof(want), "script-src 'sha256-%s';", h);
    assert_non_null(strstr(page, want));
    assert_non_null(strstr(page, "content=\"default-src 'none'; "));
    assert_non_null(strstr(page, "img-src 'none'; base-uri 'none'; form-action 'none'\">"));
    free(page);
}

static void write_hostile_text(struct html_page *p)
{
    html_text(p, "a & b < c > d \" e ' f");
    html_text(p, "|");
    html_text(p, "&amp;"); /* already escaped text is escaped again */
    html_text(p, "|");
    html_text(p, NULL);
    html_text(p, "");
    html_text(p, "Côte d’Ivoire 中国 حجب"); /* UTF-8 untouched */
}

static void html_text_escapes_the_five_characters(void **state)
{
    char *page = page_with(*state, "t", write_hostile_text);
    char *got = between_markers(page);

    assert_string_equal(got, "a &amp; b &lt; c &gt; d &quot; e &#39; f|&amp;amp;|"
                             "Côte d’Ivoire 中国 حجب");
    free(got);
    free(page);
}

static void write_in_attribute(struct html_page *p)
{
    fputs("<a title=\"", html_file(p));
    html_text(p, "\" onmouseover=\"alert(1)");
    fputs("\" data-x='", html_file(p));
    html_text(p, "' onclick='x");
    fputs("'>", html_file(p));
    html_text(p, "</a><script>x</script>");
    fputs("</a>", html_file(p));
}

static void html_text_keeps_attributes_closed(void **state)
{
    char *page = page_with(*state, "t", write_in_attribute);
    char *got = between_markers(page);

    assert_string_equal(got, "<a title=\"&quot; onmouseover=&quot;alert(1)\" "
                             "data-x='&#39; onclick=&#39;x'>"
                             "&lt;/a&gt;&lt;script&gt;x&lt;/script&gt;</a>");
    free(got);
    free(page);
}

/* A database with two countries in country_summary, one of them named with markup. */
static struct store *open_store(struct dir *d)
{
    static const char *const sql =
        "INSERT INTO countries VALUES ('US', 'United States', 'country'),"
        " ('XK', '<b>Kosovo</b> & \"Co\"', 'territory');"
        "INSERT INTO country_summary VALUES"
        " ('US', '2021-01-01', '2021-06-30', 'Apple', 'user_data_requests', 10, 10, 1),"
        " ('XK', '2020-07-01', '2020-12-31', 'Google', 'user_data_requests', 0, 249, 1);";
    struct trdb_err err = {0, ""};
    struct store *st = NULL;

    if (store_open(d->db, STORE_CREATE, &st, &err))
        fail_msg("store_open: %s", err.msg);
    assert_int_equal(sqlite3_exec(store_db(st), sql, NULL, NULL, NULL), SQLITE_OK);
    return st;
}

static struct store *table_store;
static const struct html_table_opts *table_opts;
static const char *table_query;
static long long table_rows;

static void write_query_table(struct html_page *p)
{
    struct trdb_err err = {0, ""};

    table_rows = -1;
    if (html_query_table(p, table_store, table_query, 0, NULL, table_opts, &table_rows, &err))
        fail_msg("html_query_table: %s", err.msg);
}

static void html_query_table_writes_escaped_rows_with_links(void **state)
{
    struct dir *d = *state;
    const struct html_table_opts o = {"t\"1", "By <country>", "country", "countries/", 0, 1};
    char *page, *got;

    table_store = open_store(d);
    table_query = "countries-with-data";
    table_opts = &o;
    page = page_with(d, "t", write_query_table);
    got = between_markers(page);
    assert_int_equal(table_rows, 2);
    assert_string_equal(
        got, "<h3>By &lt;country&gt;</h3>\n<div class=\"scroll tall\">\n"
             "<table class=\"data\" id=\"t&quot;1\">\n<thead><tr><th scope=\"col\">country</th>"
             "<th scope=\"col\">country name</th><th scope=\"col\">first period start</th>"
             "<th scope=\"col\">last period end</th><th scope=\"col\">publishers</th></tr>"
             "</thead>\n<tbody>\n"
             "<tr><td><a href=\"countries/US.html\">US</a></td><td>United States</td>"
             "<td>2021-01-01</td><td>2021-06-30</td><td>Apple</td></tr>\n"
             "<tr><td><a href=\"countries/XK.html\">XK</a></td>"
             "<td>&lt;b&gt;Kosovo&lt;/b&gt; &amp; &quot;Co&quot;</td>"
             "<td>2020-07-01</td><td>2020-12-31</td><td>Google</td></tr>\n"
             "</tbody>\n</table>\n</div>\n");
    free(got);
    free(page);
    store_close(table_store);
}

static void html_query_table_links_without_a_prefix(void **state)
{
    struct dir *d = *state;
    const struct html_table_opts o = {NULL, NULL, "country", NULL, 0, 0};
    char *page, *got;

    table_store = open_store(d);
    table_query = "countries-with-data";
    table_opts = &o;
    page = page_with(d, "t", write_query_table);
    got = between_markers(page);
    assert_int_equal(table_rows, 2);
    assert_non_null(strstr(got, "<td><a href=\"US.html\">US</a></td>"));
    free(got);
    free(page);
    store_close(table_store);
}

static void html_query_table_writes_none_for_no_rows(void **state)
{
    struct dir *d = *state;
    char *page, *got;

    table_store = open_store(d);
    assert_int_equal(
        sqlite3_exec(store_db(table_store), "DELETE FROM country_summary", NULL, NULL, NULL),
        SQLITE_OK);
    table_query = "countries-with-data";
    table_opts = NULL; /* plain: no id, no heading, not skipped */
    page = page_with(d, "t", write_query_table);
    got = between_markers(page);
    assert_int_equal(table_rows, 0);
    starts_with(got, "<div class=\"scroll\">\n<table class=\"data\">\n<thead>");
    assert_non_null(strstr(got, "<tr><td class=\"none\" colspan=\"5\">none</td></tr>\n"
                                "</tbody>\n</table>\n</div>\n"));
    free(got);
    free(page);
    store_close(table_store);
}

static void html_query_table_skips_an_empty_table_when_asked(void **state)
{
    struct dir *d = *state;
    const struct html_table_opts o = {"x", "Nothing here", NULL, NULL, 1, 0};
    char *page, *got;

    table_store = open_store(d);
    assert_int_equal(
        sqlite3_exec(store_db(table_store), "DELETE FROM country_summary", NULL, NULL, NULL),
        SQLITE_OK);
    table_query = "countries-with-data";
    table_opts = &o;
    page = page_with(d, "t", write_query_table);
    got = between_markers(page);
    assert_int_equal(table_rows, 0);
    assert_string_equal(got, ""); /* not even the heading */
    free(got);
    free(page);
    store_close(table_store);
}

static const char *stmt_sql;

/* Write the rows of stmt_sql (on a database of its own) with table_opts. */
static void write_stmt_table(struct html_page *p)
{
    struct trdb_err err = {0, ""};
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    struct rows *r;

    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, stmt_sql, -1, &s, NULL), SQLITE_OK);
    table_rows = -1;
    r = rows_stmt(s, 1);
    assert_non_null(r);
    if (html_rows_table(p, r, table_opts, &table_rows, &err))
        fail_msg("html_rows_table: %s", err.msg);
    rows_close(r);
    sqlite3_close(db);
}

static void html_rows_table_escapes_text_and_merges_bands(void **state)
{
    struct dir *d = *state;
    const struct html_table_opts o = {NULL, NULL, "country", "countries/", 0, 0};
    char *page, *got;

    stmt_sql = "SELECT 'CN' AS country, '<script>alert(1)</script> & \"''' AS name,"
               " 0 AS requests_low, 249 AS requests_high"
               " UNION ALL SELECT 'x', 'tab' || char(9) || 'here', 5000, NULL"
               " UNION ALL SELECT 'cn', 'lower case: no link', NULL, 1234567";
    table_opts = &o;
    page = page_with(d, "t", write_stmt_table);
    got = between_markers(page);
    assert_int_equal(table_rows, 3);
    assert_string_equal(
        got, "<div class=\"scroll\">\n"
             "<table class=\"data\">\n<thead><tr><th scope=\"col\">country</th>"
             "<th scope=\"col\">name</th><th scope=\"col\">requests</th></tr></thead>\n<tbody>\n"
             "<tr><td><a href=\"countries/CN.html\">CN</a></td>"
             "<td>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;&#39;</td>"
             "<td class=\"num\" data-sort=\"0\">0-249</td></tr>\n"
             "<tr><td>x</td><td>tab\\x09here</td>"
             "<td class=\"num\" data-sort=\"5000\">5,000+</td></tr>\n"
             "<tr><td>cn</td><td>lower case: no link</td>"
             "<td class=\"num\" data-sort=\"1234567\">1,234,567</td></tr>\n"
             "</tbody>\n</table>\n</div>\n");
    free(got);
    free(page);
}

/* The "none" cell spans the columns shown, a pair X_low, X_high counting as one. */
static void html_rows_table_none_spans_the_columns_shown(void **state)
{
    struct dir *d = *state;
    const struct html_table_opts o = {"e", NULL, NULL, NULL, 0, 0};
    char *page, *got;

    stmt_sql = "SELECT 'US' AS country, 1 AS requests_low, 2 AS requests_high WHERE 0";
    table_opts = &o;
    page = page_with(d, "t", write_stmt_table);
    got = between_markers(page);
    assert_int_equal(table_rows, 0);
    assert_string_equal(got, "<div class=\"scroll\">\n<table class=\"data\" id=\"e\">\n"
                             "<thead><tr><th scope=\"col\">country</th>"
                             "<th scope=\"col\">requests</th></tr></thead>\n<tbody>\n"
                             "<tr><td class=\"none\" colspan=\"2\">none</td></tr>\n"
                             "</tbody>\n</table>\n</div>\n");
    free(got);
    free(page);
}

static struct html_table_part *parts_of;
static int nparts_of, parts_rc;
static struct trdb_err parts_err;

/* Write the rows of stmt_sql (on a database of its own) as the tables parts_of. */
static void write_stmt_tables(struct html_page *p)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    struct rows *r;

    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, stmt_sql, -1, &s, NULL), SQLITE_OK);
    parts_err = (struct trdb_err){0, ""};
    r = rows_stmt(s, 1);
    assert_non_null(r);
    parts_rc = html_rows_tables(p, r, parts_of, nparts_of, &parts_err);
    rows_close(r);
    sqlite3_close(db);
}

/*
 * One statement, three tables: the first column picks the table and is not
 * shown, an empty part is skipped or written as "none" as its options say,
 * and each part counts its own rows.
 */
static void html_rows_tables_splits_rows_by_the_first_column(void **state)
{
    struct dir *d = *state;
    struct html_table_part parts[] = {{"a", {NULL, "A", NULL, NULL, 1, 0}, -1},
                                      {"b", {NULL, "B", NULL, NULL, 1, 0}, -1},
                                      {"c", {"c", NULL, NULL, NULL, 0, 0}, -1},
                                      {"d", {NULL, "D", NULL, NULL, 0, 0}, -1}};
    char *page, *got;

    stmt_sql = "SELECT 'a' AS part, 'x<' AS name, 1 AS n_low, 1 AS n_high"
               " UNION ALL SELECT 'a', 'y', 2, NULL UNION ALL SELECT 'd', 'z', 3, 4";
    parts_of = parts;
    nparts_of = 4;
    page = page_with(d, "t", write_stmt_tables);
    got = between_markers(page);
    assert_int_equal(parts_rc, 0);
    assert_int_equal(parts[0].rows, 2);
    assert_int_equal(parts[1].rows, 0);
    assert_int_equal(parts[2].rows, 0);
    assert_int_equal(parts[3].rows, 1);
    assert_string_equal(
        got, "<h3>A</h3>\n<div class=\"scroll\">\n<table class=\"data\">\n"
             "<thead><tr><th scope=\"col\">name</th><th scope=\"col\">n</th></tr></thead>\n"
             "<tbody>\n<tr><td>x&lt;</td><td class=\"num\" data-sort=\"1\">1</td></tr>\n"
             "<tr><td>y</td><td class=\"num\" data-sort=\"2\">2+</td></tr>\n"
             "</tbody>\n</table>\n</div>\n"
             "<div class=\"scroll\">\n<table class=\"data\" id=\"c\">\n"
             "<thead><tr><th scope=\"col\">name</th><th scope=\"col\">n</th></tr></thead>\n"
             "<tbody>\n<tr><td class=\"none\" colspan=\"2\">none</td></tr>\n"
             "</tbody>\n</table>\n</div>\n"
             "<h3>D</h3>\n<div class=\"scroll\">\n<table class=\"data\">\n"
             "<thead><tr><th scope=\"col\">name</th><th scope=\"col\">n</th></tr></thead>\n"
             "<tbody>\n<tr><td>z</td><td class=\"num\" data-sort=\"3\">3-4</td></tr>\n"
             "</tbody>\n</table>\n</div>\n");
    free(got);
    free(page);
    parts_of = NULL;
}

/* No rows at all: every part as if it had none. */
static void html_rows_tables_writes_every_part_empty_without_rows(void **state)
{
    struct dir *d = *state;
    struct html_table_part parts[] = {{"a", {NULL, "A", NULL, NULL, 0, 0}, -1},
                                      {"b", {NULL, "B", NULL, NULL, 1, 0}, -1}};
    char *page, *got;

    stmt_sql = "SELECT 'a' AS part, 'x' AS name WHERE 0";
    parts_of = parts;
    nparts_of = 2;
    page = page_with(d, "t", write_stmt_tables);
    got = between_markers(page);
    assert_int_equal(parts_rc, 0);
    assert_int_equal(parts[0].rows, 0);
    assert_int_equal(parts[1].rows, 0);
    assert_string_equal(got, "<h3>A</h3>\n<div class=\"scroll\">\n<table class=\"data\">\n"
                             "<thead><tr><th scope=\"col\">name</th></tr></thead>\n<tbody>\n"
                             "<tr><td class=\"none\" colspan=\"1\">none</td></tr>\n"
                             "</tbody>\n</table>\n</div>\n");
    free(got);
    free(page);
    parts_of = NULL;
}

/* A row of an unknown part, of one passed, or of none (NULL reads as '') is an error naming it. */
static void html_rows_tables_refuses_rows_out_of_order(void **state)
{
    struct dir *d = *state;
    struct html_table_part parts[] = {{"a", {NULL, NULL, NULL, NULL, 1, 0}, -1},
                                      {"b", {NULL, NULL, NULL, NULL, 1, 0}, -1}};
    static const char *const bad[] = {
        "SELECT 'b' AS part, 1 AS n UNION ALL SELECT 'a', 2",
        "SELECT 'a' AS part, 1 AS n UNION ALL SELECT 'zz', 2",
        "SELECT 'a' AS part, 1 AS n UNION ALL SELECT NULL, 2",
    };
    static const char *const named[] = {"'a'", "'zz'", "''"};

    parts_of = parts;
    nparts_of = 2;
    for (int i = 0; i < 3; i++) {
        char *page;
        stmt_sql = bad[i];
        page = page_with(d, "t", write_stmt_tables);
        assert_int_equal(parts_rc, TRDB_EDB);
        if (!strstr(parts_err.msg, named[i]) || !strstr(parts_err.msg, "out of order"))
            fail_msg("case %d: %s", i, parts_err.msg);
        free(page);
    }
    parts_of = NULL;
}

static void html_query_table_refuses_an_unknown_query(void **state)
{
    struct dir *d = *state;
    struct trdb_err err = {0, ""};
    struct store *st = open_store(d);
    struct html_page *p = html_page_open(d->page, "t", &err);

    assert_non_null(p);
    assert_int_equal(html_query_table(p, st, "nosuch", 0, NULL, NULL, NULL, &err), TRDB_EUSAGE);
    assert_non_null(strstr(err.msg, "nosuch"));
    html_page_abort(p);
    store_close(st);
}

static void html_page_open_fails_cleanly_where_it_cannot_write(void **state)
{
    struct trdb_err err = {0, ""};

    (void)state;
    assert_null(html_page_open("/nonexistent-trdb-dir/page.html", "t", &err));
    assert_int_equal(err.code, TRDB_EIO);
    assert_string_equal(
        err.msg, "cannot write '/nonexistent-trdb-dir/page.html.tmp': No such file or directory");
}

static void html_page_abort_leaves_nothing_behind(void **state)
{
    struct dir *d = *state;
    struct trdb_err err = {0, ""};
    struct html_page *p = html_page_open(d->page, "t", &err);

    assert_non_null(p);
    fputs("<p>half a page", html_file(p));
    html_page_abort(p);
    assert_int_not_equal(access(d->tmp, F_OK), 0);
    assert_int_not_equal(access(d->page, F_OK), 0);
    html_page_abort(NULL);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, dir_setup, dir_teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hash64_gives_the_known_answer),
        T(html_page_is_written_aside_and_renamed_on_close),
        T(html_page_csp_names_exactly_the_inlined_assets),
        T(html_text_escapes_the_five_characters),
        T(html_text_keeps_attributes_closed),
        T(html_query_table_writes_escaped_rows_with_links),
        T(html_query_table_links_without_a_prefix),
        T(html_query_table_writes_none_for_no_rows),
        T(html_query_table_skips_an_empty_table_when_asked),
        T(html_query_table_refuses_an_unknown_query),
        T(html_rows_table_escapes_text_and_merges_bands),
        T(html_rows_table_none_spans_the_columns_shown),
        T(html_rows_tables_splits_rows_by_the_first_column),
        T(html_rows_tables_writes_every_part_empty_without_rows),
        T(html_rows_tables_refuses_rows_out_of_order),
        cmocka_unit_test(html_page_open_fails_cleanly_where_it_cannot_write),
        T(html_page_abort_leaves_nothing_behind),
    };
#undef T
    return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
