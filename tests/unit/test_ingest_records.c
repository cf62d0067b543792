/*
 * test_ingest_records.c: ingest/records.c through an ingest session: a DSA
 * Table 1 (an "indicators" layout: one record per file, dates read as days,
 * TikTok's padding) and a Table 2 (a record per row, a keyword's category
 * found above it) into their side tables, and what they do with bad input:
 * an impossible date, a required value missing, blank lines, invalid
 * UTF-8, an indicator no field reads. The real Table 1 and 2 files are
 * read too when the shared data is there.
 */
#include "ingestrun.h"
#include "testio.h"

#include <unistd.h>

#include "../../lib/banned.h"

static int setup(void **state)
{
    *state = NULL;
    return run_setup("ingest-records");
}

static int teardown(void **state)
{
    (void)state;
    return run_teardown();
}

/* The record dsa_reports holds, as one line. */
static const char report_sql[] =
    "SELECT service || '|' || coalesce(provider, 'NULL') || '|' || coalesce(published_on, 'NULL') "
    "|| '|' || coalesce(previous_published_on, 'NULL') || '|' || coalesce(period_start, 'NULL') "
    "|| '|' || coalesce(period_end, 'NULL') || '|' || (SELECT count(*) FROM dsa_reports) "
    "FROM dsa_reports";

/* A Table 1 as Temu writes it (dates year/month/day without zeros), lines ended by end. */
static void table1(const char *name, const char *published, const char *start, const char *end)
{
    char text[2048];

    snprintf(text, sizeof(text),
             "Applicability,Service,Indicator,Value%s"
             "All,Examplia,Name of the service provider,Examplia Europe B.V.%s"
             "All,Examplia,Date of the publication of the report,%s%s"
             "All,Examplia,Date of the publication of the latest previous report,2026/2/28%s"
             "All,Examplia,Starting date of reporting period,%s%s"
             "All,Examplia,Ending date of reporting period,2026/6/30%s",
             end, end, published, end, end, start, end, end);
    write_text(name, text);
}

static void table1_dates_become_days(void **state)
{
    struct run r;

    (void)state;
    table1("1_report_identification.csv", "2026/8/31", "2026.1.1", "\r\n");
    run_ingest("1_report_identification.csv", &r);
    assert_string_equal(r.status, "loaded");
    assert_int_equal(r.outcome, INGEST_OK);
    assert_int_equal(r.rows, 5);
    assert_int_equal(r.rejected, 0);
    assert_string_equal(r.log, "");
    SQL_IS(report_sql,
           "Examplia|Examplia Europe B.V.|2026-08-31|2026-02-28|2026-01-01|2026-06-30|1");
    /* the provider is the file's publisher; no facts */
    SQL_IS("SELECT publisher || '|' || profile || '|' || rows_loaded FROM source_files",
           "Examplia Europe B.V.|dsa-report-identification|5");
    SQL_IS("SELECT count(*) FROM fact_rows", "0");
    run_release(&r);
}

static void table1_an_impossible_date_is_a_reject_naming_line_and_column(void **state)
{
    struct run r;

    (void)state;
    table1("1_report_identification.csv", "2026/8/31", "2026/2/30", "\n");
    run_ingest("1_report_identification.csv", &r);
    assert_string_equal(r.status, "loaded");
    assert_int_equal(r.outcome, INGEST_WARN);
    assert_int_equal(r.rows, 4);
    assert_int_equal(r.rejected, 1);
    HAS(r.log, "1_report_identification.csv:5: rejected: '2026/2/30' is not a date (YYYY-MM-DD, "
               "or YYYY/M/D) in column 'Value' (indicator 'Starting date of reporting period')");
    SQL_IS("SELECT line || '|' || column_name || '|' || reason FROM rejects",
           "5|Value|'2026/2/30' is not a date (YYYY-MM-DD, or YYYY/M/D) in column 'Value' "
           "(indicator 'Starting date of reporting period')");
    /* the record is written without it */
    SQL_IS(report_sql, "Examplia|Examplia Europe B.V.|2026-08-31|2026-02-28|NULL|2026-06-30|1");
    run_release(&r);
}

/* Each line of text with n commas added before its end of line (or the text's end). */
static void pad_lines(const char *text, int n, char *out, size_t cap)
{
    size_t len = 0;

    for (const char *p = text;; p++) {
        if (!*p || *p == '\r' || (*p == '\n' && (p == text || p[-1] != '\r')))
            for (int i = 0; i < n; i++)
                len += (size_t)snprintf(out + len, cap - len, ",");
        if (!*p)
            break;
        len += (size_t)snprintf(out + len, cap - len, "%c", *p);
        assert_true(len < cap);
    }
}

static void table1_padded_as_tiktok_pads_it_loads_the_same(void **state)
{
    char plain[2048], padded[4096];
    struct run r;

    (void)state;
    /* TikTok: every line, the header's too, has 16 commas more (20 fields); the last no newline */
    table1("plain.csv", "2026-02-27", "2025-07-01", "\r\n");
    {
        char p[4096];
        char *text = read_whole(work_path("plain.csv", p, sizeof(p)));
        assert_non_null(text);
        snprintf(plain, sizeof(plain), "%s", text);
        free(text);
    }
    plain[strlen(plain) - 2] = '\0';
    pad_lines(plain, 16, padded, sizeof(padded));
    assert_non_null(strstr(padded, "Value,,,,,,,,,,,,,,,,\r\n"));
    assert_non_null(strstr(padded, "2026/6/30,,,,,,,,,,,,,,,,"));
    write_text("padded/1_report_identification.csv", padded);
    run_ingest("padded/1_report_identification.csv", &r);
    assert_string_equal(r.status, "loaded");
    assert_int_equal(r.rows, 5);
    assert_int_equal(r.rejected, 0);
    assert_string_equal(r.log, "");
    SQL_IS(report_sql,
           "Examplia|Examplia Europe B.V.|2026-02-27|2026-02-28|2025-07-01|2026-06-30|1");
    run_release(&r);
}

/* and the service is the first that a row gives */
static void table1_blank_lines_and_indicators_are_no_rows(void **state)
{
    struct run r;

    (void)state;
    write_text("1_report_identification.csv",
               "Applicability,Service,Indicator,Value\n"
               "\n"
               "All,,Name of the service provider,Examplia Europe B.V.\n"
               "\n"
               ",,,\n"
               "All,Examplia,,\n"
               "All,Examplia,Date of the publication of the report,2026-08-31\n"
               "\n");
    run_ingest("1_report_identification.csv", &r);
    assert_string_equal(r.status, "loaded");
    assert_int_equal(r.outcome, INGEST_OK);
    assert_int_equal(r.rows, 2);
    assert_int_equal(r.rejected, 0);
    SQL_IS(report_sql, "Examplia|Examplia Europe B.V.|2026-08-31|NULL|NULL|NULL|1");
    run_release(&r);
}

static void table1_without_a_service_fails_saying_so(void **state)
{
    struct run r;

    (void)state;
    write_text("1_report_identification.csv",
               "Applicability,Service,Indicator,Value\n"
               "All,,Name of the service provider,Examplia Europe B.V.\n"
               "All, ,Date of the publication of the report,2026-08-31\n");
    run_ingest("1_report_identification.csv", &r);
    assert_string_equal(r.status, "failed");
    assert_int_equal(r.outcome, INGEST_FAILED);
    assert_string_equal(r.message,
                        "no value for 'service' in column 'Service' on any row: no record");
    SQL_IS("SELECT count(*) FROM dsa_reports", "0");
    SQL_IS("SELECT count(*) FROM source_files", "0");
    run_release(&r);
}

static void table1_an_unknown_indicator_is_warned_of_once(void **state)
{
    struct run r;

    (void)state;
    write_text("1_report_identification.csv",
               "Applicability,Service,Indicator,Value\n"
               "All,Examplia,Name of the service provider,Examplia Europe B.V.\n"
               "All,Examplia,Colour  of the   logo,Blue\n"
               "All,Examplia,Colour of the logo,Red\n"
               "All,Examplia,Name of the service provider,Someone Else\n");
    run_ingest("1_report_identification.csv", &r);
    assert_string_equal(r.status, "loaded");
    assert_int_equal(r.outcome, INGEST_WARN);
    HAS(r.log, "1_report_identification.csv:3: indicator 'Colour of the logo' in column "
               "'Indicator' is not one profile 'dsa-report-identification' reads; kept out\n");
    /* once: the second (its spaces the same once collapsed) says nothing */
    assert_null(strstr(strstr(r.log, "Colour") + 1, "Colour"));
    /* the first row of an indicator gives its value */
    SQL_IS(report_sql, "Examplia|Examplia Europe B.V.|NULL|NULL|NULL|NULL|1");
    run_release(&r);
}

static void table1_invalid_utf8_is_a_reject_the_rest_loads(void **state)
{
    static const char text[] = "Applicability,Service,Indicator,Value\n"
                               "All,Examplia,Name of the service provider,Examplia \xff"
                               "Europe\n"
                               "All,Examplia,Name of the service provider,Examplia Europe B.V.\n"
                               "All,Examplia,Starting date of reporting period,2026-01-01\n";
    struct run r;

    (void)state;
    write_bytes("1_report_identification.csv", text, sizeof(text) - 1);
    run_ingest("1_report_identification.csv", &r);
    assert_string_equal(r.status, "loaded");
    assert_int_equal(r.rejected, 1);
    assert_int_equal(r.rows, 2);
    SQL_IS("SELECT line || '|' || column_name || '|' || reason FROM rejects",
           "2|Value|invalid UTF-8 in field 4 at byte 10");
    /* the invalid bytes are in no record: the next row names the provider */
    SQL_IS(report_sql, "Examplia|Examplia Europe B.V.|NULL|NULL|2026-01-01|NULL|1");
    run_release(&r);
}

static const char table2_header[] =
    "Category label,Category description,Category of illegal content / incompatible with the "
    "terms and conditions,Contextual information\n";

/* The file's rows of category_labels, one line each: template label, code, parent, label. */
static const char labels_sql[] =
    "SELECT group_concat(r, '\n') FROM (SELECT coalesce(template_label, 'NULL') || '|' || code "
    "|| '|' || coalesce(parent, 'NULL') || '|' || label || '|' || coalesce(note, 'NULL') AS r "
    "FROM category_labels WHERE file_id IS NOT NULL ORDER BY rowid)";

static void table2_keywords_take_the_category_above(void **state)
{
    char text[2048];
    struct run r;

    (void)state;
    snprintf(text, sizeof(text),
             "%s"
             "TOTAL,All the entries,TOTAL,\n"
             "Category 1,Animal welfare,STATEMENT_CATEGORY_ANIMAL_WELFARE,\n"
             "Category 1a,\"  Animal harm \t\",KEYWORD_ANIMAL_HARM,\n"
             "\n"
             "Category 1c,Not captured by any other sub-category  ,KEYWORD_OTHER,\"a note,\n"
             "on two lines\"\n"
             "Category 2,Consumer information infringements,"
             "STATEMENT_CATEGORY_CONSUMER_INFORMATION,\n"
             "Category 2f,Other,KEYWORD_OTHER,\n"
             "Category 2f,Other,KEYWORD_OTHER,\n",
             table2_header);
    write_text("2_categories_names.csv", text);
    run_ingest("2_categories_names.csv", &r);
    assert_string_equal(r.status, "loaded");
    assert_int_equal(r.outcome, INGEST_OK);
    /* the repeated row is kept once, skipped without a word */
    assert_int_equal(r.rows, 6);
    assert_int_equal(r.rejected, 0);
    assert_string_equal(r.log, "");
    SQL_IS(labels_sql,
           "TOTAL|TOTAL|NULL|All the entries|NULL\n"
           "Category 1|STATEMENT_CATEGORY_ANIMAL_WELFARE|NULL|Animal welfare|NULL\n"
           "Category 1a|KEYWORD_ANIMAL_HARM|STATEMENT_CATEGORY_ANIMAL_WELFARE|Animal harm|NULL\n"
           "Category 1c|KEYWORD_OTHER|STATEMENT_CATEGORY_ANIMAL_WELFARE|Not captured by any "
           "other sub-category|a note,\non two lines\n"
           "Category 2|STATEMENT_CATEGORY_CONSUMER_INFORMATION|NULL|Consumer information "
           "infringements|NULL\n"
           "Category 2f|KEYWORD_OTHER|STATEMENT_CATEGORY_CONSUMER_INFORMATION|Other|NULL");
    SQL_IS("SELECT rows_skipped FROM source_files", "1");
    /* the template's labels are there beside the file's */
    SQL_IS("SELECT count(*) > 90 FROM category_labels WHERE file_id IS NULL", "1");
    /* a file named alone names no provider: the profile's publisher */
    SQL_IS("SELECT publisher FROM source_files", "DSA report (provider not named)");
    run_release(&r);
}

static void table2_bad_rows_are_rejects_naming_line_and_column(void **state)
{
    static const char rows[] = "Category 1a,Animal harm,KEYWORD_ANIMAL_HARM,\n"
                               "Category 1,Animal welfare,STATEMENT_CATEGORY_ANIMAL_WELFARE,\n"
                               "Category 1b,,KEYWORD_UNLAWFUL_SALE_ANIMALS,\n"
                               "Category 1c,Other \xc3(,KEYWORD_OTHER,\n"
                               "Category 1d,Too,KEYWORD_OTHER,,\n"
                               ",Nameless,,\n"
                               "Category 1e,Fine,KEYWORD_OTHER,\n";
    char text[2048];
    struct run r;

    (void)state;
    snprintf(text, sizeof(text), "%s%s", table2_header, rows);
    write_text("2_categories_names.csv", text);
    run_ingest("2_categories_names.csv", &r);
    assert_string_equal(r.status, "loaded");
    assert_int_equal(r.outcome, INGEST_WARN);
    assert_int_equal(r.rows, 2);
    assert_int_equal(r.rejected, 5);
    HAS(r.log, "2_categories_names.csv:2: rejected: 'KEYWORD_ANIMAL_HARM' in column 'Category of "
               "illegal content / incompatible with the terms and conditions' has no row above "
               "it that matches /^STATEMENT_CATEGORY_/ (no parent for it)\n");
    HAS(r.log, "2_categories_names.csv:4: rejected: no value for 'label' in column 'Category "
               "description'\n");
    SQL_IS("SELECT group_concat(r, '\n') FROM (SELECT line || '|' || coalesce(column_name, "
           "'NULL') || '|' || reason AS r FROM rejects ORDER BY line)",
           "2|Category of illegal content / incompatible with the terms and conditions|"
           "'KEYWORD_ANIMAL_HARM' in column 'Category of illegal content / incompatible with the "
           "terms and conditions' has no row above it that matches /^STATEMENT_CATEGORY_/ (no "
           "parent for it)\n"
           "4|Category description|no value for 'label' in column 'Category description'\n"
           "5|Category description|invalid UTF-8 in field 2 at byte 7\n"
           "6|NULL|expected 4 fields as in the header, found 5\n"
           "7|Category of illegal content / incompatible with the terms and conditions|no value "
           "for 'code' in column 'Category of illegal content / incompatible with the terms and "
           "conditions'");
    SQL_IS(labels_sql, "Category 1|STATEMENT_CATEGORY_ANIMAL_WELFARE|NULL|Animal welfare|NULL\n"
                       "Category 1e|KEYWORD_OTHER|STATEMENT_CATEGORY_ANIMAL_WELFARE|Fine|NULL");
    run_release(&r);
}

static void table2_a_rejected_category_row_is_still_the_one_above(void **state)
{
    static const char rows[] = "Category 1,Animal welfare,STATEMENT_CATEGORY_ANIMAL_WELFARE,\n"
                               "Category 2,Consumer \xff information,"
                               "STATEMENT_CATEGORY_CONSUMER_INFORMATION,\n"
                               "Category 2f,Other,KEYWORD_OTHER,\n"
                               "Category 3,Data,STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY,,\n"
                               "Category 3e,Other,KEYWORD_OTHER,\n";
    char text[2048];
    struct run r;

    (void)state;
    snprintf(text, sizeof(text), "%s%s", table2_header, rows);
    write_text("2_categories_names.csv", text);
    run_ingest("2_categories_names.csv", &r);
    assert_string_equal(r.status, "loaded");
    assert_int_equal(r.rows, 3);
    assert_int_equal(r.rejected, 2);
    /* not UTF-8, or a cell too many: each rejected, each still its keywords' category */
    SQL_IS(labels_sql,
           "Category 1|STATEMENT_CATEGORY_ANIMAL_WELFARE|NULL|Animal welfare|NULL\n"
           "Category 2f|KEYWORD_OTHER|STATEMENT_CATEGORY_CONSUMER_INFORMATION|Other|NULL\n"
           "Category 3e|KEYWORD_OTHER|STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY|Other|NULL");
    run_release(&r);
}

static void a_table1_names_the_publisher_of_its_bundle(void **state)
{
    char text[1024];
    struct run r;

    (void)state;
    snprintf(text, sizeof(text), "%sCategory 1,Animal welfare,STATEMENT_CATEGORY_ANIMAL_WELFARE,\n",
             table2_header);
    /* one report's folder: Table 1 loads first, whatever the names */
    write_text("one/a.csv", text);
    table1("one/z.csv", "2026-08-31", "2026-01-01", "\n");
    run_ingest("one", &r);
    assert_int_equal(r.outcome, INGEST_OK);
    SQL_IS("SELECT group_concat(p, ';') FROM (SELECT substr(path, -9) || '|' || publisher AS p "
           "FROM source_files ORDER BY id)",
           "one/z.csv|Examplia Europe B.V.;one/a.csv|Examplia Europe B.V.");
    run_release(&r);

    /* a folder of two providers' reports is no bundle: Table 2 keeps the profile's publisher */
    tempdb_teardown();
    write_text("two/a.csv", text);
    table1("two/y.csv", "2026-08-31", "2026-01-01", "\n");
    write_text("two/z.csv", "Applicability,Service,Indicator,Value\n"
                            "All,Otherly,Name of the service provider,Otherly Ltd\n");
    run_ingest("two", &r);
    assert_int_equal(r.outcome, INGEST_OK);
    SQL_IS("SELECT group_concat(p, ';') FROM (SELECT substr(path, -9) || '|' || publisher AS p "
           "FROM source_files ORDER BY id)",
           "two/y.csv|Examplia Europe B.V.;two/z.csv|Otherly Ltd;"
           "two/a.csv|DSA report (provider not named)");
    run_release(&r);
}

static void table2_without_its_label_column_is_no_table2(void **state)
{
    struct run r;

    (void)state;
    write_text("2_categories_names.csv",
               "Category label,Category of illegal content,Contextual information\n"
               "Category 1,STATEMENT_CATEGORY_ANIMAL_WELFARE,\n");
    run_ingest("2_categories_names.csv", &r);
    assert_string_equal(r.status, "failed");
    assert_int_equal(r.outcome, INGEST_FAILED);
    /* no profile takes it for a Table 2, and the message says what it lacks: nothing stored */
    assert_null(strstr(r.out, "dsa-categories-names"));
    HAS(r.message, "the closest is profile 'dsa-categories-names' (3 of 4 key columns), which "
                   "misses /^Category description$/");
    SQL_IS("SELECT count(*) FROM category_labels WHERE file_id IS NOT NULL", "0");
    run_release(&r);
}

/* $REALDATA/dsa/FOLDER/NAME into out, or NULL (and a skip) when the shared data is absent. */
static const char *real_file(const char *folder, const char *name, char *out, size_t n)
{
    const char *base = getenv("REALDATA");

    snprintf(out, n, "%s/dsa/%s/%s", base && *base ? base : "../shared/realdata", folder, name);
    return access(out, R_OK) == 0 ? out : NULL;
}

/* Copy the real file to name in the work folder; 0 when it is not there. */
static int copy_real(const char *folder, const char *file, const char *name)
{
    char path[4096];
    char *text;

    if (!real_file(folder, file, path, sizeof(path)))
        return 0;
    text = read_whole(path);
    assert_non_null(text);
    write_text(name, text);
    free(text);
    return 1;
}

static void real_table1s_give_their_reports(void **state)
{
    static const struct {
        const char *folder, *file, *want;
    } cases[] = {
        {"tiktok",
         "DSA_Transparency_Report_TikTok_July_December_2025 - 1_report_identification.csv",
         "TikTok|TikTok|2026-02-27|2025-08-29|2025-07-01|2025-12-31|1"},
        {"temu", "1_report_identification.csv",
         "Temu|Whaleco Technology Limited|2026-08-31|2026-02-28|2026-01-01|2026-06-30|1"},
        {"aliexpress", "1_report_identification.csv",
         "Aliexpress|Alibaba.com Singapore E-commerce Private "
         "Limited|2026-08-31|2026-02-28|2026-01-01|2026-06-30|1"},
        {"booking-com", "1_report_identification.csv",
         "Booking.com|Booking.com B.V|2026-08-28|2026-02-28|2026-01-01|2026-06-30|1"},
        {"pinterest", "Pinterest - H1 2026 DSA Transparency Report - 1. Report identification.csv",
         "Pinterest|Pinterest Europe Ltd.|2026-08-28|2026-02-27|2026-01-01|2026-06-30|1"},
        {"zalando", "Zalando_Transparency_Report_August_2026 - 1_report_identification.csv",
         "Zalando|Zalando SE|2026-08-31|2026-02-27|2026-01-01|2026-06-30|1"},
    };
    int found = 0;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char name[64];
        struct run r;
        snprintf(name, sizeof(name), "%zu/1_report_identification.csv", i);
        if (!copy_real(cases[i].folder, cases[i].file, name))
            continue;
        found++;
        tempdb_teardown();
        run_ingest(name, &r);
        assert_string_equal(r.status, "loaded");
        assert_int_equal(r.outcome, INGEST_OK);
        assert_int_equal(r.rows, 5);
        assert_int_equal(r.rejected, 0);
        SQL_IS(report_sql, cases[i].want);
        run_release(&r);
    }
    if (!found)
        print_message("skipped: no shared data (REALDATA)\n");
}

static void real_table2s_load_every_row(void **state)
{
    static const struct {
        const char *folder, *file, *counts; /* rows loaded, rows skipped (repeats) */
    } cases[] = {
        {"tiktok", "DSA_Transparency_Report_TikTok_July_December_2025 - 2_categories_names.csv",
         "100|0"},
        /* Category 11g three times: kept once */
        {"booking-com", "2_categories_names.csv", "101|2"},
        {"temu", "2_categories_names.csv", "100|0"},
        {"aliexpress", "2_categories_names.csv", "100|0"},
        {"pinterest", "Pinterest - H1 2026 DSA Transparency Report - 2. Categories names.csv",
         "100|0"},
    };
    int found = 0;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char name[64];
        struct run r;
        snprintf(name, sizeof(name), "%zu/2_categories_names.csv", i);
        if (!copy_real(cases[i].folder, cases[i].file, name))
            continue;
        found++;
        tempdb_teardown();
        run_ingest(name, &r);
        assert_string_equal(r.status, "loaded");
        assert_int_equal(r.rejected, 0);
        SQL_IS("SELECT rows_loaded || '|' || rows_skipped FROM source_files", cases[i].counts);
        SQL_IS("SELECT count(*) || '|' || (SELECT rows_skipped FROM source_files) FROM "
               "category_labels WHERE file_id IS NOT NULL",
               cases[i].counts);
        /* every keyword has its category, every code its label */
        SQL_IS("SELECT count(*) FROM category_labels WHERE file_id IS NOT NULL AND code LIKE "
               "'KEYWORD_%' AND parent NOT LIKE 'STATEMENT_CATEGORY_%'",
               "0");
        SQL_IS("SELECT count(*) FROM category_labels WHERE file_id IS NOT NULL AND code = "
               "'KEYWORD_ANIMAL_HARM' AND parent = 'STATEMENT_CATEGORY_ANIMAL_WELFARE'",
               "1");
        run_release(&r);
    }
    if (!found)
        print_message("skipped: no shared data (REALDATA)\n");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(table1_dates_become_days),
        T(table1_an_impossible_date_is_a_reject_naming_line_and_column),
        T(table1_padded_as_tiktok_pads_it_loads_the_same),
        T(table1_blank_lines_and_indicators_are_no_rows),
        T(table1_without_a_service_fails_saying_so),
        T(table1_an_unknown_indicator_is_warned_of_once),
        T(table1_invalid_utf8_is_a_reject_the_rest_loads),
        T(table2_keywords_take_the_category_above),
        T(table2_bad_rows_are_rejects_naming_line_and_column),
        T(table2_a_rejected_category_row_is_still_the_one_above),
        T(a_table1_names_the_publisher_of_its_bundle),
        T(table2_without_its_label_column_is_no_table2),
        T(real_table1s_give_their_reports),
        T(real_table2s_load_every_row),
    };
#undef T

    return cmocka_run_group_tests(tests, NULL, NULL);
}
