/*
 * test_records.c: model/records.c through records.h: the side tables and
 * their columns, records written with bound values (blank as NULL, a
 * repeated key kept once), one dsa_reports record per service and period
 * (the later publication wins), and the vocabulary's category labels
 * (file_id NULL) kept what dsa_categories.tsv says.
 */
#include "table.h"
#include "tempdb.h"
#include "../../lib/err.h"
#include "../../model/records.h"
#include "../../model/store.h"
#include "../../model/vocab.h"

#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/banned.h"

/* A vocabulary folder of the tests' own (dbpath + "-vocab"), made by some tests. */
static char vocabdir[96];

static int setup(void **state)
{
    *state = NULL;
    vocabdir[0] = '\0';
    return tempdb_setup("records");
}

static int teardown(void **state)
{
    (void)state;
    if (vocabdir[0]) {
        static const char *const files[] = {"dsa_categories.tsv", "measures.tsv", "metrics.tsv",
                                            "request_types.tsv"};
        char p[160];
        for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
            snprintf(p, sizeof(p), "%s/%s", vocabdir, files[i]);
            unlink(p);
        }
        rmdir(vocabdir);
    }
    return tempdb_teardown();
}

static struct store *open_new(void)
{
    struct trdb_err err = {0, ""};
    struct store *st = NULL;

    if (store_open(dbpath, STORE_CREATE, &st, &err))
        fail_msg("%s", err.msg);
    return st;
}

/* The data folder: $TRDB_DATA, else ./data. */
static const char *data_dir(void)
{
    const char *d = getenv("TRDB_DATA");
    return d && *d ? d : "data";
}

/* The vocabulary in folder dir, or in the data folder's (dir NULL). */
static struct vocab *load_vocab(const char *dir)
{
    struct trdb_err err = {0, ""};
    struct vocab *v = NULL;
    char path[4096];

    snprintf(path, sizeof(path), "%s/vocabulary", data_dir());
    if (vocab_load(dir ? dir : path, &v, &err))
        fail_msg("%s", err.msg);
    return v;
}

/* One file being loaded: its transaction, its row in source_files, its writer. */
struct file {
    struct store *st;
    long long id;
    struct records_writer *w;
};

static void file_begin(struct file *f, struct store *st, const char *table, const char *path)
{
    struct trdb_err err = {0, ""};
    /* the path doubles as the sha256: unique per file in these tests */
    struct file_info fi = {path, path, "records-test", "DSA report", table, 10, 0, 0, NULL, NULL};
    long long dataset_id;
    const struct records_table *t = records_table_find(table);

    assert_non_null(t);
    f->st = st;
    assert_int_equal(store_begin(st, &err), 0);
    if (store_file_add(st, &fi, &f->id, &dataset_id, &err))
        fail_msg("%s", err.msg);
    if (!(f->w = records_writer_new(st, t, f->id, &err)))
        fail_msg("%s", err.msg);
}

static void file_finish(struct file *f)
{
    struct trdb_err err = {0, ""};

    records_writer_free(f->w);
    f->w = NULL;
    assert_int_equal(store_commit(f->st, &err), 0);
}

/* records_put that must succeed; returns its 0 or 1. */
static int put(struct file *f, const char *const *values)
{
    struct trdb_err err = {0, ""};
    int rc = records_put(f->w, values, &err);

    if (rc < 0)
        fail_msg("%s", err.msg);
    return rc;
}

/* A whole dsa_reports file: one report. */
static long long report_file(struct store *st, const char *path, const char *service,
                             const char *provider, const char *published, const char *start,
                             const char *end, int *put_rc)
{
    const char *vals[] = {service, provider, published, NULL, start, end, NULL};
    struct file f;
    int rc;

    file_begin(&f, st, "dsa_reports", path);
    rc = put(&f, vals);
    if (put_rc)
        *put_rc = rc;
    file_finish(&f);
    return f.id;
}

/* The rows of a query as text: columns joined by '|', rows ended by '\n', NULL as "NULL". */
static void rows(struct store *st, const char *sql, char *out, size_t n)
{
    sqlite3_stmt *s;
    size_t len = 0;
    int rc;

    if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(store_db(st)));
    out[0] = '\0';
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(s); i++) {
            const char *v = (const char *)sqlite3_column_text(s, i);
            len += (size_t)snprintf(out + len, n - len, "%s%s", i ? "|" : "", v ? v : "NULL");
            assert_true(len < n);
        }
        len += (size_t)snprintf(out + len, n - len, "\n");
        assert_true(len < n);
    }
    assert_int_equal(rc, SQLITE_DONE);
    sqlite3_finalize(s);
}

#define ROWS_ARE(st, sql, want)                                                                    \
    do {                                                                                           \
        char got_[8192];                                                                           \
        rows(st, sql, got_, sizeof(got_));                                                         \
        assert_string_equal(got_, want);                                                           \
    } while (0)

static long long count(struct store *st, const char *sql)
{
    sqlite3_stmt *s;
    long long n;

    if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(store_db(st)));
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static void records_tables_are_found_with_their_columns(void **state)
{
    const struct records_table *r = records_table_find("dsa_reports");
    const struct records_table *c = records_table_find("category_labels");

    (void)state;
    assert_non_null(r);
    assert_non_null(c);
    assert_string_equal(r->name, "dsa_reports");
    assert_string_equal(c->name, "category_labels");
    assert_null(records_table_find("facts"));
    assert_null(records_table_find("DSA_REPORTS"));
    assert_null(records_table_find(""));
    assert_null(records_table_find(NULL));

    assert_int_equal(records_column(r, "service"), 0);
    assert_int_equal(records_column(r, "period_end"), 5);
    assert_int_equal(records_column(c, "code"), 0);
    assert_int_equal(records_column(c, "label"), 2);
    assert_int_equal(records_column(c, "note"), 4);
    assert_int_equal(records_column(c, "service"), -1);
    assert_int_equal(records_column(c, "file_id"), -1);
    assert_int_equal(records_column(c, NULL), -1);
    assert_int_equal(records_column(NULL, "code"), -1);

    /* which columns need a value: the service; the code and the label */
    assert_int_equal(r->required, 1u << records_column(r, "service"));
    assert_int_equal(c->required,
                     1u << records_column(c, "code") | 1u << records_column(c, "label"));
    assert_null(r->columns[6]);
    assert_null(c->columns[5]);
    assert_string_equal(records_table_names(), "dsa_reports, category_labels");
}

static void records_put_writes_blank_as_null_and_a_repeated_key_once(void **state)
{
    struct store *st = open_new();
    const char *animal[] = {"STATEMENT_CATEGORY_ANIMAL_WELFARE", "", "Animal welfare", "Category 1",
                            NULL};
    const char *harm[] = {"KEYWORD_ANIMAL_HARM", "STATEMENT_CATEGORY_ANIMAL_WELFARE", "Animal harm",
                          "Category 1a", "a note"};
    const char *harm_again[] = {"KEYWORD_ANIMAL_HARM", "STATEMENT_CATEGORY_ANIMAL_WELFARE",
                                "Harm to animals", "Category 1a", NULL};
    const char *other1[] = {"KEYWORD_OTHER", "STATEMENT_CATEGORY_ANIMAL_WELFARE", "Other",
                            "Category 1c", NULL};
    const char *other2[] = {"KEYWORD_OTHER", "STATEMENT_CATEGORY_CONSUMER_INFORMATION", "Other",
                            "Category 2f", NULL};
    struct file f, g;

    (void)state;
    file_begin(&f, st, "category_labels", "2_categories_names.csv");
    assert_int_equal(put(&f, animal), 0);
    assert_int_equal(put(&f, harm), 0);
    /* the same code, parent and template label: the table holds it already */
    assert_int_equal(put(&f, harm_again), 1);
    assert_int_equal(put(&f, harm), 1);
    /* KEYWORD_OTHER under two categories: two records */
    assert_int_equal(put(&f, other1), 0);
    assert_int_equal(put(&f, other2), 0);
    file_finish(&f);
    /* another file has its own rows of the same codes */
    file_begin(&g, st, "category_labels", "other/2_categories_names.csv");
    assert_int_equal(put(&g, harm_again), 0);
    file_finish(&g);

    ROWS_ARE(st,
             "SELECT file_id, code, parent, label, template_label, note FROM category_labels "
             "ORDER BY rowid",
             "1|STATEMENT_CATEGORY_ANIMAL_WELFARE|NULL|Animal welfare|Category 1|NULL\n"
             "1|KEYWORD_ANIMAL_HARM|STATEMENT_CATEGORY_ANIMAL_WELFARE|Animal harm|Category 1a|a "
             "note\n"
             "1|KEYWORD_OTHER|STATEMENT_CATEGORY_ANIMAL_WELFARE|Other|Category 1c|NULL\n"
             "1|KEYWORD_OTHER|STATEMENT_CATEGORY_CONSUMER_INFORMATION|Other|Category 2f|NULL\n"
             "2|KEYWORD_ANIMAL_HARM|STATEMENT_CATEGORY_ANIMAL_WELFARE|Harm to animals|Category "
             "1a|NULL\n");
    store_close(st);
}

static void records_put_fails_with_the_table_when_the_database_refuses(void **state)
{
    struct store *st = open_new();
    const char *nolabel[] = {"KEYWORD_ANIMAL_HARM", NULL, "", "Category 1a", NULL};
    struct trdb_err err = {0, ""};
    struct file f;

    (void)state;
    /* records_put writes what it is given: a label is the caller's to check, NOT NULL refuses */
    file_begin(&f, st, "category_labels", "2_categories_names.csv");
    assert_int_equal(records_put(f.w, nolabel, &err), TRDB_EDB);
    assert_int_equal(err.code, TRDB_EDB);
    if (!strstr(err.msg, "category_labels: cannot store a record: ") ||
        !strstr(err.msg, "NOT NULL"))
        fail_msg("message: %s", err.msg);
    file_finish(&f);
    assert_int_equal(count(st, "SELECT count(*) FROM category_labels"), 0);
    store_close(st);
}

static void records_writer_new_says_why_it_cannot_prepare(void **state)
{
    struct store *st = open_new();
    struct trdb_err err = {0, ""};

    (void)state;
    assert_int_equal(sqlite3_exec(store_db(st), "DROP TABLE dsa_reports", NULL, NULL, NULL),
                     SQLITE_OK);
    assert_null(records_writer_new(st, records_table_find("dsa_reports"), 1, &err));
    assert_int_equal(err.code, TRDB_EDB);
    assert_string_equal(err.msg,
                        "dsa_reports: cannot prepare a statement: no such table: dsa_reports");
    records_writer_free(NULL);
    store_close(st);
}

static void a_later_publication_replaces_the_report_of_its_service_and_period(void **state)
{
    struct store *st = open_new();
    long long first, corrected, sameday, undated, older, other, next;
    int rc;

    (void)state;
    first = report_file(st, "first.csv", "Examplia", "Examplia B.V.", "2026-08-31", "2026-01-01",
                        "2026-06-30", NULL);
    /* another service, and the service's next period: neither is touched by what follows */
    other = report_file(st, "other.csv", "Otherly", "Otherly Ltd", "2026-08-01", "2026-01-01",
                        "2026-06-30", NULL);
    next = report_file(st, "next.csv", "Examplia", "Examplia B.V.", "2026-08-01", "2026-07-01",
                       "2026-12-31", NULL);
    assert_int_equal(count(st, "SELECT count(*) FROM dsa_reports"), 3);

    corrected = report_file(st, "corrected.csv", "Examplia", "Examplia Europe B.V.", "2026-09-15",
                            "2026-01-01", "2026-06-30", &rc);
    assert_int_equal(rc, 0);
    ROWS_ARE(st,
             "SELECT group_concat(file_id) FROM dsa_reports WHERE service = 'Examplia' "
             "AND period_start = '2026-01-01'",
             "4\n");
    assert_int_equal(corrected, 4);
    assert_int_equal(count(st, "SELECT count(*) FROM dsa_reports WHERE file_id = 1"), 0);
    (void)first;

    /* an older publication is dropped, and says written all the same */
    older = report_file(st, "older.csv", "Examplia", "Examplia Old", "2026-07-01", "2026-01-01",
                        "2026-06-30", &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(count(st, "SELECT count(*) FROM dsa_reports WHERE file_id = 5"), 0);
    assert_int_equal(older, 5);

    /* on the same day, the one loaded last wins */
    sameday = report_file(st, "sameday.csv", "Examplia", "Examplia Same Day", "2026-09-15",
                          "2026-01-01", "2026-06-30", NULL);
    ROWS_ARE(st,
             "SELECT file_id, provider FROM dsa_reports WHERE service = 'Examplia' "
             "AND period_start = '2026-01-01'",
             "6|Examplia Same Day\n");
    assert_int_equal(sameday, 6);

    /* with no date, too */
    undated = report_file(st, "undated.csv", "Examplia", "Examplia Undated", NULL, "2026-01-01",
                          "2026-06-30", NULL);
    ROWS_ARE(st,
             "SELECT file_id, provider, published_on FROM dsa_reports WHERE service = "
             "'Examplia' AND period_start = '2026-01-01'",
             "7|Examplia Undated|NULL\n");
    assert_int_equal(undated, 7);
    /* and a dated one after an undated one replaces it */
    report_file(st, "dated.csv", "Examplia", "Examplia Dated", "2026-01-02", "2026-01-01",
                "2026-06-30", NULL);
    ROWS_ARE(st,
             "SELECT file_id, provider FROM dsa_reports WHERE service = 'Examplia' "
             "AND period_start = '2026-01-01'",
             "8|Examplia Dated\n");

    ROWS_ARE(st,
             "SELECT file_id, service, provider, published_on, period_start, period_end "
             "FROM dsa_reports ORDER BY file_id",
             "2|Otherly|Otherly Ltd|2026-08-01|2026-01-01|2026-06-30\n"
             "3|Examplia|Examplia B.V.|2026-08-01|2026-07-01|2026-12-31\n"
             "8|Examplia|Examplia Dated|2026-01-02|2026-01-01|2026-06-30\n");
    assert_int_equal(other, 2);
    assert_int_equal(next, 3);
    store_close(st);
}

static void a_report_is_one_per_service_and_whole_period_none_too(void **state)
{
    struct store *st = open_new();
    int rc;

    (void)state;
    report_file(st, "a.csv", "Examplia", "A", "2026-08-31", NULL, NULL, NULL);
    report_file(st, "b.csv", "Examplia", "B", "2026-08-30", NULL, NULL, &rc);
    assert_int_equal(rc, 0);
    /* one with a period is another report, and so is one whose period only starts elsewhere */
    report_file(st, "c.csv", "Examplia", "C", "2026-07-01", "2026-01-01", "2026-06-30", NULL);
    report_file(st, "d.csv", "Examplia", "D", "2026-07-02", "2026-04-01", "2026-06-30", NULL);
    report_file(st, "e.csv", "Examplia", "E", "2026-07-03", "2026-04-01", "2026-05-31", NULL);
    /* published before E, of periods that share its start or its end only: kept */
    report_file(st, "f.csv", "Examplia", "F", "2026-06-01", "2026-05-01", "2026-05-31", NULL);
    report_file(st, "g.csv", "Examplia", "G", "2026-06-01", "2026-04-01", "2026-04-30", NULL);
    ROWS_ARE(st, "SELECT file_id, provider FROM dsa_reports ORDER BY file_id",
             "1|A\n3|C\n4|D\n5|E\n6|F\n7|G\n");
    store_close(st);
}

static void a_second_report_in_one_file_is_kept_out(void **state)
{
    struct store *st = open_new();
    const char *one[] = {"Examplia", "A", "2026-08-31", "2026-02-28", "2026-01-01", "2026-06-30"};
    const char *two[] = {"Otherly", "B", "2026-08-31", "", "2026-01-01", "2026-06-30"};
    struct file f;

    (void)state;
    file_begin(&f, st, "dsa_reports", "1_report_identification.csv");
    assert_int_equal(put(&f, one), 0);
    /* dsa_reports has one record per file: a second is the table's already */
    assert_int_equal(put(&f, two), 1);
    file_finish(&f);
    ROWS_ARE(st, "SELECT * FROM dsa_reports",
             "1|Examplia|A|2026-08-31|2026-02-28|2026-01-01|2026-06-30\n");
    store_close(st);
}

/* The vocabulary's rows of category_labels, in the order the table has them. */
static const char vocab_rows_sql[] =
    "SELECT code, coalesce(parent, ''), template_label, label FROM category_labels "
    "WHERE file_id IS NULL ORDER BY rowid";

/* What the vocabulary lists, as vocab_rows_sql shows it, into out. */
static void vocab_rows(const struct vocab *v, char *out, size_t n)
{
    size_t ncat, len = 0;
    const struct vocab_category *cat = vocab_categories(v, &ncat);

    out[0] = '\0';
    for (size_t i = 0; i < ncat; i++) {
        len += (size_t)snprintf(out + len, n - len, "%s|%s|%s|%s\n", cat[i].code, cat[i].parent,
                                cat[i].template_label, cat[i].label);
        assert_true(len < n);
    }
}

static void the_vocabulary_labels_are_written_once(void **state)
{
    struct store *st = open_new();
    struct vocab *v = load_vocab(NULL);
    struct trdb_err err = {0, ""};
    const char *table2[] = {"KEYWORD_ANIMAL_HARM", "STATEMENT_CATEGORY_ANIMAL_WELFARE",
                            "Animal harm (as published)", "Category 1a", NULL};
    static char want[16384], got[16384];
    struct file f;
    size_t n;
    int changes;

    (void)state;
    vocab_categories(v, &n);
    /* the template: TOTAL, 15 categories, their keywords (KEYWORD_OTHER under each) */
    assert_true(n >= 90);
    assert_int_equal(count(st, "SELECT count(*) FROM category_labels"), 0);
    /* a Table 2 loaded before: its rows are the file's, and stay */
    file_begin(&f, st, "category_labels", "2_categories_names.csv");
    assert_int_equal(put(&f, table2), 0);
    file_finish(&f);

    if (records_sync_categories(st, v, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(count(st, "SELECT count(*) FROM category_labels WHERE file_id IS NULL"),
                     (long long)n);
    vocab_rows(v, want, sizeof(want));
    rows(st, vocab_rows_sql, got, sizeof(got));
    assert_string_equal(got, want);
    assert_non_null(strstr(got, "KEYWORD_ANIMAL_HARM|STATEMENT_CATEGORY_ANIMAL_WELFARE|Category "
                                "1a|Animal harm\n"));
    /* what the template has no use for stays NULL: parent of a category, the note */
    assert_int_equal(count(st, "SELECT count(*) FROM category_labels WHERE file_id IS NULL "
                               "AND (parent = '' OR note IS NOT NULL)"),
                     0);
    ROWS_ARE(st, "SELECT label FROM category_labels WHERE file_id = 1",
             "Animal harm (as published)\n");

    /* again: they agree, so nothing is written */
    changes = sqlite3_total_changes(store_db(st));
    if (records_sync_categories(st, v, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(sqlite3_total_changes(store_db(st)), changes);
    assert_int_equal(count(st, "SELECT count(*) FROM category_labels"), (long long)n + 1);
    vocab_free(v);
    store_close(st);
}

/* Copy the file name from folder from to folder to, each line through edit (NULL: kept). */
static void copy_file(const char *from, const char *to, const char *name,
                      int (*edit)(char *line, size_t cap))
{
    char src[4096], dst[4096], line[4096];
    FILE *in, *out;

    snprintf(src, sizeof(src), "%s/%s", from, name);
    snprintf(dst, sizeof(dst), "%s/%s", to, name);
    in = fopen(src, "r");
    out = fopen(dst, "w");
    assert_non_null(in);
    assert_non_null(out);
    while (fgets(line, sizeof(line), in))
        if (!edit || edit(line, sizeof(line)))
            fputs(line, out);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

/* The vocabulary changed: Animal harm renamed, KEYWORD_UNLAWFUL_SALE_ANIMALS gone. */
static int edit_categories(char *line, size_t cap)
{
    if (strstr(line, "KEYWORD_UNLAWFUL_SALE_ANIMALS"))
        return 0;
    if (strncmp(line, "KEYWORD_ANIMAL_HARM\t", 20) == 0) {
        char *last = strrchr(line, '\t');
        snprintf(last, cap - (size_t)(last - line), "\tHarm to animals\n");
    }
    return 1;
}

static void the_vocabulary_labels_follow_the_file(void **state)
{
    static const char *const lists[] = {"measures.tsv", "metrics.tsv", "request_types.tsv"};
    struct store *st = open_new();
    struct vocab *v, *changed;
    struct trdb_err err = {0, ""};
    static char want[16384], got[16384];
    size_t n, nchanged;

    (void)state;
    snprintf(vocabdir, sizeof(vocabdir), "%s-vocab", dbpath);
    assert_int_equal(mkdir(vocabdir, 0700), 0);
    {
        char from[4096];
        snprintf(from, sizeof(from), "%s/vocabulary", data_dir());
        for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
            copy_file(from, vocabdir, lists[i], NULL);
        copy_file(from, vocabdir, VOCAB_DSA_CATEGORIES, edit_categories);
        v = load_vocab(NULL);
    }
    changed = load_vocab(vocabdir);
    vocab_categories(v, &n);
    vocab_categories(changed, &nchanged);
    assert_int_equal(nchanged, n - 1);

    if (records_sync_categories(st, v, &err))
        fail_msg("%s", err.msg);
    /* a row that is no longer the vocabulary's (a stray one) goes too */
    assert_int_equal(sqlite3_exec(store_db(st),
                                  "INSERT INTO category_labels (code, label) VALUES "
                                  "('KEYWORD_STRAY', 'Stray')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    if (records_sync_categories(st, changed, &err))
        fail_msg("%s", err.msg);
    vocab_rows(changed, want, sizeof(want));
    rows(st, vocab_rows_sql, got, sizeof(got));
    assert_string_equal(got, want);
    assert_non_null(strstr(got, "|Category 1a|Harm to animals\n"));
    assert_null(strstr(got, "KEYWORD_UNLAWFUL_SALE_ANIMALS"));
    assert_null(strstr(got, "KEYWORD_STRAY"));

    /* and back */
    if (records_sync_categories(st, v, &err))
        fail_msg("%s", err.msg);
    vocab_rows(v, want, sizeof(want));
    rows(st, vocab_rows_sql, got, sizeof(got));
    assert_string_equal(got, want);
    vocab_free(changed);
    vocab_free(v);
    store_close(st);
}

static void the_vocabulary_labels_are_rewritten_when_one_was_changed_in_the_table(void **state)
{
    /* each column compared: the label, the template label, the parent; a row gone */
    static const char *const edits[] = {
        "UPDATE category_labels SET label = 'x' WHERE code = 'TOTAL'",
        "UPDATE category_labels SET template_label = NULL WHERE code = 'KEYWORD_ANIMAL_HARM'",
        "UPDATE category_labels SET parent = NULL WHERE code = 'KEYWORD_ANIMAL_HARM'",
        "DELETE FROM category_labels WHERE code = 'KEYWORD_ANIMAL_HARM'",
    };
    struct store *st = open_new();
    struct vocab *v = load_vocab(NULL);
    struct trdb_err err = {0, ""};
    static char want[16384], got[16384];

    (void)state;
    if (records_sync_categories(st, v, &err))
        fail_msg("%s", err.msg);
    vocab_rows(v, want, sizeof(want));
    for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
        assert_int_equal(sqlite3_exec(store_db(st), edits[i], NULL, NULL, NULL), SQLITE_OK);
        rows(st, vocab_rows_sql, got, sizeof(got));
        assert_string_not_equal(got, want);
        if (records_sync_categories(st, v, &err))
            fail_msg("%s", err.msg);
        rows(st, vocab_rows_sql, got, sizeof(got));
        assert_string_equal(got, want);
    }
    vocab_free(v);
    store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(records_tables_are_found_with_their_columns),
        cmocka_unit_test_setup_teardown(records_put_writes_blank_as_null_and_a_repeated_key_once,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(records_put_fails_with_the_table_when_the_database_refuses,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(records_writer_new_says_why_it_cannot_prepare, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            a_later_publication_replaces_the_report_of_its_service_and_period, setup, teardown),
        cmocka_unit_test_setup_teardown(a_report_is_one_per_service_and_whole_period_none_too,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_second_report_in_one_file_is_kept_out, setup, teardown),
        cmocka_unit_test_setup_teardown(the_vocabulary_labels_are_written_once, setup, teardown),
        cmocka_unit_test_setup_teardown(the_vocabulary_labels_follow_the_file, setup, teardown),
        cmocka_unit_test_setup_teardown(
            the_vocabulary_labels_are_rewritten_when_one_was_changed_in_the_table, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
