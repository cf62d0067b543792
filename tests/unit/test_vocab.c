/*
 * test_vocab.c: model/vocab.c. The shipped vocabulary loads and answers
 * for each of its lists; a missing or empty file is refused with its name;
 * and the measures of measures.tsv are exactly those the schema's SQL can
 * put in country_summary (measure_rules, and the measures the summary SQL
 * names itself), so the vocabulary and the schema cannot drift apart.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tempdb.h"
#include "../../lib/err.h"
#include "../../lib/sqltext.h"
#include "../../model/store.h"
#include "../../model/vocab.h"

#include <string.h>
#include <sys/stat.h>

#include "../../lib/banned.h"

static const char *vocab_dir(void)
{
    static char dir[4096];
    const char *data = getenv("TRDB_DATA");

    snprintf(dir, sizeof(dir), "%s/vocabulary", data && *data ? data : "data");
    return dir;
}

static struct vocab *shipped(void)
{
    struct trdb_err err = {0, ""};
    struct vocab *v = NULL;

    if (vocab_load(vocab_dir(), &v, &err))
        fail_msg("%s", err.msg);
    return v;
}

static void vocab_answers_for_each_list(void **state)
{
    struct vocab *v = shipped();
    size_t n = 0;
    const char *const *m = vocab_names(v, VOCAB_MEASURES, &n);

    (void)state;
    assert_true(vocab_is_request_type(v, "user_data"));
    assert_true(vocab_is_request_type(v, "national_security"));
    assert_false(vocab_is_request_type(v, "requests"));
    assert_true(vocab_is_metric(v, "requests"));
    assert_true(vocab_is_metric(v, "pct_disclosed"));
    assert_false(vocab_is_metric(v, "user_data"));
    assert_true(vocab_is_measure(v, "removal_requests"));
    assert_false(vocab_is_measure(v, "requests"));
    assert_false(vocab_is_measure(v, "# The measures"));
    assert_false(vocab_is_measure(v, ""));
    /* file order, comments skipped: the first line of data comes first */
    assert_true(n >= 9);
    assert_string_equal(m[0], "user_data_requests");
    assert_null(m[n]);
    assert_string_equal(vocab_file(VOCAB_MEASURES), "measures.tsv");
    vocab_free(v);
    vocab_free(NULL);
}

/* Write a vocabulary folder under /tmp with the three files given. */
static void write_vocab(char *dir, const char *types, const char *metrics, const char *measures)
{
    const char *text[] = {types, metrics, measures};
    char path[4200];

    assert_non_null(mkdtemp(dir));
    for (int l = 0; l < VOCAB_NLISTS; l++) {
        FILE *f;
        if (!text[l])
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, vocab_file((enum vocab_list)l));
        f = fopen(path, "w");
        assert_non_null(f);
        fputs(text[l], f);
        fclose(f);
    }
}

static void remove_vocab(const char *dir)
{
    char path[4200];

    for (int l = 0; l < VOCAB_NLISTS; l++) {
        snprintf(path, sizeof(path), "%s/%s", dir, vocab_file((enum vocab_list)l));
        unlink(path);
    }
    rmdir(dir);
}

static void vocab_load_reads_crlf_and_skips_comments(void **state)
{
    char dir[] = "/tmp/trdb-vocab-XXXXXX";
    struct trdb_err err = {0, ""};
    struct vocab *v = NULL;
    size_t n;

    (void)state;
    write_vocab(dir, "# NAME\tMEANING\r\nuser_data\tx\r\n\r\nemergency\r\n", "requests\ty",
                "a_measure\tz\nb_measure\n");
    assert_int_equal(vocab_load(dir, &v, &err), 0);
    assert_true(vocab_is_request_type(v, "emergency"));
    assert_true(vocab_is_request_type(v, "user_data"));
    assert_false(vocab_is_request_type(v, "# NAME"));
    assert_true(vocab_is_metric(v, "requests")); /* the last line without a newline */
    vocab_names(v, VOCAB_REQUEST_TYPES, &n);
    assert_int_equal(n, 2);
    assert_string_equal(vocab_names(v, VOCAB_MEASURES, NULL)[1], "b_measure");
    vocab_free(v);
    remove_vocab(dir);
}

/*
 * The shipped DSA categories: the template's codes once each under their
 * parent (KEYWORD_OTHER once under every category), every keyword under a
 * category the file lists, and the labels readable (no trailing spaces, no
 * mojibake).
 */
static void vocab_lists_the_dsa_categories(void **state)
{
    struct vocab *v = shipped();
    size_t n = 0, cats = 0, keywords = 0, others = 0;
    const struct vocab_category *c = vocab_categories(v, &n);

    (void)state;
    /* TOTAL, 17 categories (the 14, the terms and conditions', two not specified), 82 keywords */
    assert_int_equal(n, 100);
    assert_string_equal(c[0].code, "TOTAL");
    assert_string_equal(c[0].parent, "");
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(c[i].label);
        assert_true(len > 0 && c[i].label[len - 1] != ' ');
        assert_null(strstr(c[i].label, "\xc2\xa1\xc2\xaf")); /* AliExpress's "¡¯" */
        assert_true(strncmp(c[i].template_label, "Category ", 9) == 0 || i == 0);
        for (size_t k = 0; k < i; k++)
            assert_false(strcmp(c[k].code, c[i].code) == 0 &&
                         strcmp(c[k].parent, c[i].parent) == 0);
        if (strncmp(c[i].code, "STATEMENT_CATEGORY_", 19) == 0) {
            assert_string_equal(c[i].parent, "");
            cats++;
        } else if (strncmp(c[i].code, "KEYWORD_", 8) == 0) {
            size_t k;
            /* its category is a line of the file, above it */
            for (k = 0; k < i && strcmp(c[k].code, c[i].parent) != 0; k++)
                ;
            assert_true(k < i);
            keywords++;
            others += strcmp(c[i].code, "KEYWORD_OTHER") == 0;
        } else {
            assert_int_equal(i, 0);
        }
    }
    assert_int_equal(cats, 17);
    assert_int_equal(keywords, 82);
    assert_int_equal(others, 15);
    assert_string_equal(c[2].code, "KEYWORD_ANIMAL_HARM");
    assert_string_equal(c[2].parent, "STATEMENT_CATEGORY_ANIMAL_WELFARE");
    assert_string_equal(c[2].template_label, "Category 1a");
    assert_string_equal(c[2].label, "Animal harm");
    vocab_free(v);
}

/* A folder without dsa_categories.tsv has none; a line without four columns is refused. */
static void vocab_categories_are_optional_and_checked(void **state)
{
    char dir[] = "/tmp/trdb-vocab-XXXXXX", path[4200], want[4300];
    struct trdb_err err = {0, ""};
    struct vocab *v = NULL;
    size_t n = 1;
    FILE *f;

    (void)state;
    write_vocab(dir, "user_data\n", "requests\n", "m\n");
    assert_int_equal(vocab_load(dir, &v, &err), 0);
    assert_null(vocab_categories(v, &n));
    assert_int_equal(n, 0);
    vocab_free(v);
    snprintf(path, sizeof(path), "%s/%s", dir, VOCAB_DSA_CATEGORIES);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("# CODE\tPARENT\tTEMPLATE_LABEL\tLABEL\r\nTOTAL\t\tTOTAL\tAll the entries\r\n"
          "KEYWORD_X\tSTATEMENT_CATEGORY_Y\tCategory 1a\n",
          f);
    fclose(f);
    assert_int_equal(vocab_load(dir, &v, &err), TRDB_EDATA);
    assert_null(v);
    snprintf(want, sizeof(want), "%s:3: expected CODE<TAB>PARENT<TAB>TEMPLATE_LABEL<TAB>LABEL",
             path);
    assert_string_equal(err.msg, want);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("TOTAL\t\tTOTAL\tAll the entries\r\n", f);
    fclose(f);
    assert_int_equal(vocab_load(dir, &v, &err), 0);
    assert_non_null(vocab_categories(v, &n));
    assert_int_equal(n, 1);
    assert_string_equal(vocab_categories(v, &n)[0].label, "All the entries"); /* CR dropped */
    vocab_free(v);
    unlink(path);
    remove_vocab(dir);
}

static void vocab_load_names_a_missing_or_empty_file(void **state)
{
    char dir[] = "/tmp/trdb-vocab-XXXXXX", dir2[] = "/tmp/trdb-vocab-XXXXXX", want[4200];
    struct trdb_err err = {0, ""};
    struct vocab *v = NULL;

    (void)state;
    write_vocab(dir, "user_data\n", "requests\n", NULL);
    assert_int_equal(vocab_load(dir, &v, &err), TRDB_EIO);
    assert_null(v);
    snprintf(want, sizeof(want), "cannot open vocabulary '%s/measures.tsv': ", dir);
    assert_non_null(strstr(err.msg, want));
    remove_vocab(dir);

    write_vocab(dir2, "user_data\n", "# nothing but a comment\n\n", "m\n");
    assert_int_equal(vocab_load(dir2, &v, &err), TRDB_EDATA);
    snprintf(want, sizeof(want), "vocabulary '%s/metrics.tsv' lists nothing", dir2);
    assert_string_equal(err.msg, want);
    remove_vocab(dir2);
}

/*
 * The top-level items of a SELECT list, by commas outside parentheses and
 * quotes: item k (from 0) of sel into OUT out, trimmed. 0 when there is none.
 */
static int select_item(const char *sel, int k, char *out, size_t n)
{
    int depth = 0, quoted = 0, item = 0;
    const char *start = sel;

    for (const char *p = sel;; p++) {
        if (*p == '\'')
            quoted = !quoted;
        else if (!quoted && *p == '(')
            depth++;
        else if (!quoted && *p == ')')
            depth--;
        if (!*p || (!quoted && depth == 0 && (*p == ',' || strncmp(p, "\nFROM", 5) == 0))) {
            if (item == k) {
                size_t len;
                while (start < p && strchr(" \n", *start))
                    start++;
                len = (size_t)(p - start);
                while (len && strchr(" \n", start[len - 1]))
                    len--;
                snprintf(out, n, "%.*s", (int)len, start);
                return 1;
            }
            if (*p != ',')
                return 0;
            item++;
            start = p + 1;
        }
    }
}

/*
 * Every measure the schema's SQL can write into country_summary: the
 * measures of measure_rules (its copied "measure" column) and each literal
 * an INSERT INTO country_summary in model/'s SQL gives as its fifth column.
 */
static void schema_measures(char out[][200], int *n)
{
    struct trdb_err err = {0, ""};
    struct store *st = NULL;
    sqlite3_stmt *s = NULL;

    *n = 0;
    assert_int_equal(tempdb_setup("vocab"), 0);
    if (store_open(dbpath, STORE_CREATE, &st, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT DISTINCT measure FROM measure_rules",
                                        -1, &s, NULL),
                     SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW && *n < 63)
        snprintf(out[(*n)++], 200, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    store_close(st);
    tempdb_teardown();
    assert_true(*n > 0);

    for (const struct sql_text *t = sql_texts; t->path; t++) {
        const char *p = t->text;
        if (strncmp(t->path, "model/", 6) != 0)
            continue;
        while ((p = strstr(p, "INSERT INTO country_summary")) != NULL) {
            const char *sel = strstr(p, "\nSELECT ");
            char item[200];
            assert_non_null(sel);
            if (!select_item(sel + 8, 4, item, sizeof(item)))
                fail_msg("%s: no fifth column in an INSERT INTO country_summary", t->path);
            assert_true(*n < 64);
            if (item[0] == '\'') {
                item[strlen(item) - 1] = '\0';
                snprintf(out[(*n)++], 200, "%s", item + 1);
            } else if (strcmp(item, "measure") != 0) {
                fail_msg("%s: a measure computed as '%s'; teach this test to read it", t->path,
                         item);
            }
            p = sel;
        }
    }
}

static void vocab_measures_are_the_schemas(void **state)
{
    char produced[64][200];
    int np = 0;
    struct vocab *v = shipped();
    size_t nv = 0;
    const char *const *m = vocab_names(v, VOCAB_MEASURES, &nv);

    (void)state;
    schema_measures(produced, &np);
    for (int i = 0; i < np; i++)
        if (!vocab_is_measure(v, produced[i]))
            fail_msg("country_summary can hold '%s', which measures.tsv does not list",
                     produced[i]);
    for (size_t k = 0; k < nv; k++) {
        int found = 0;
        for (int i = 0; i < np && !found; i++)
            found = strcmp(produced[i], m[k]) == 0;
        if (!found)
            fail_msg("measures.tsv lists '%s', which no SQL of model/ puts in country_summary",
                     m[k]);
    }
    vocab_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vocab_answers_for_each_list),
        cmocka_unit_test(vocab_load_reads_crlf_and_skips_comments),
        cmocka_unit_test(vocab_load_names_a_missing_or_empty_file),
        cmocka_unit_test(vocab_lists_the_dsa_categories),
        cmocka_unit_test(vocab_categories_are_optional_and_checked),
        cmocka_unit_test(vocab_measures_are_the_schemas),
    };

    return cmocka_run_group_tests_name("vocab", tests, NULL, NULL);
}
