/*
 * test_publisher.c: ingest/publisher.c through an ingest session: the
 * publisher of a DSA Table 3, named by its Service column, is the provider
 * a loaded report identification (dsa_reports) names for the service and
 * period, else the one the providers file (dsa/services.tsv) lists, else
 * the service itself with one warning; a file naming no service fails, and
 * so does a providers file that cannot be read.
 */
#include "ingestrun.h"

#include "../../lib/banned.h"

static int setup(void **state)
{
    *state = NULL;
    return run_setup("publisher");
}

static int teardown(void **state)
{
    (void)state;
    return run_teardown();
}

/* The header of a Table 3 as Zalando, Booking.com, AliExpress and Temu write it (20 columns). */
static const char table3_header[] =
    "Applicability,Service,Reporting period,Category of illegal content,\"Description of the "
    "sub-category \"\"Other\"\"\",Scope,Number of orders to act against illegal content "
    "received,Number of specific items of information included in the total number of orders to "
    "act against illegal content,Median time to inform the authority of the receipt of the order "
    "to act against illegal content,Median time to give effect to the order to act against "
    "illegal content,Number of orders to provide information,Median time to inform the authority "
    "of the receipt of the order to provide information,Median time to give effect to the order "
    "to provide information,Contextual information on number of orders to act against illegal "
    "content received,Contextual information on number of specific items of information "
    "included in the total number of orders to act against illegal content,Contextual "
    "information on Median time to inform the authority of the receipt of the order to act "
    "against illegal content,Contextual information on Median time to give effect to the order "
    "to act against illegal content,Contextual information on Number of orders to provide "
    "information,Contextual information on Median time to inform the authority of the receipt "
    "of the order to provide information,Contextual information on Median time to give effect "
    "to the order to provide information\r\n";

/* The 14 cells after Scope and the orders to act of a row of table3_header. */
#define REST ",,,,,,,,,,,,,\r\n"

/* A small Table 3 of service and period ("2026-01-01/2026-06-30"). */
static void table3(const char *name, const char *service, const char *period)
{
    char text[4096];

    snprintf(text, sizeof(text),
             "%s"
             "All,%s,%s,TOTAL,,TOTAL,12" REST "All,%s,%s,TOTAL,,DE,7" REST,
             table3_header, service, period, service, period);
    write_text(name, text);
}

/* A Table 1 naming provider for service, for 2026-01-01..2026-06-30. */
static void table1(const char *name, const char *service, const char *provider)
{
    char text[2048];

    snprintf(text, sizeof(text),
             "Applicability,Service,Indicator,Value\r\n"
             "All,%s,Name of the service provider,%s\r\n"
             "All,%s,Starting date of reporting period,2026/1/1\r\n"
             "All,%s,Ending date of reporting period,2026/6/30\r\n",
             service, provider, service, service);
    write_text(name, text);
}

/* The publisher and part recorded for the file whose path ends in name. */
static const char file_sql[] =
    "SELECT group_concat(publisher || '|' || coalesce(part, 'NULL'), ';') FROM source_files "
    "WHERE profile = 'dsa-member-states-orders'";

/* The publisher of the facts, distinct, with the service (product). */
static const char facts_sql[] =
    "SELECT group_concat(p, ';') FROM (SELECT DISTINCT publisher || '|' || product AS p "
    "FROM facts ORDER BY 1)";

static void the_provider_of_a_loaded_report_comes_first(void **state)
{
    struct run r;

    (void)state;
    /* Temu is in services.tsv too (Whaleco Technology Limited): the report's name wins */
    table1("t1/1_report_identification.csv", "Temu", "Temu Report Provider");
    run_ingest("t1/1_report_identification.csv", &r);
    assert_string_equal(r.status, "loaded");
    run_release(&r);
    table3("3_member_states_orders.csv", "Temu", "2026-01-01/2026-06-30");
    run_ingest("3_member_states_orders.csv", &r);
    assert_string_equal(r.status, "loaded");
    assert_int_equal(r.outcome, INGEST_OK);
    assert_int_equal(r.rows, 2);
    assert_string_equal(r.log, "");
    SQL_IS(file_sql, "Temu Report Provider|Temu");
    SQL_IS(facts_sql, "Temu Report Provider|Temu");
    run_release(&r);
}

static void a_report_of_another_period_is_not_asked(void **state)
{
    struct run r;

    (void)state;
    table1("t1/1_report_identification.csv", "Temu", "Temu Report Provider");
    run_ingest("t1/1_report_identification.csv", &r);
    run_release(&r);
    /* the report is for 2026H1: the file of 2025H2 takes the providers file's */
    table3("3_member_states_orders.csv", "Temu", "2025-07-01/2025-12-31");
    run_ingest("3_member_states_orders.csv", &r);
    assert_string_equal(r.status, "loaded");
    assert_int_equal(r.outcome, INGEST_OK);
    SQL_IS(file_sql, "Whaleco Technology Limited|Temu");
    run_release(&r);
}

static void a_report_of_no_period_serves_every_period(void **state)
{
    struct run r;

    (void)state;
    write_text("t1/1_report_identification.csv",
               "Applicability,Service,Indicator,Value\n"
               "All,Temu,Name of the service provider,Temu Any Period\n");
    run_ingest("t1/1_report_identification.csv", &r);
    assert_string_equal(r.status, "loaded");
    run_release(&r);
    table3("3_member_states_orders.csv", " TEMU ", "2025-07-01/2025-12-31");
    run_ingest("3_member_states_orders.csv", &r);
    assert_string_equal(r.status, "loaded");
    /* letter case and spaces aside; the part is the service as the file writes it, trimmed */
    SQL_IS(file_sql, "Temu Any Period|TEMU");
    run_release(&r);
}

static void the_report_of_the_same_folder_loads_first(void **state)
{
    struct run r;

    (void)state;
    /* named to come first, Table 3 still loads after its folder's Table 1 */
    table3("bundle/a.csv", "Examplo", "2026-01-01/2026-06-30");
    table1("bundle/z.csv", "Examplo", "Examplo Europe B.V.");
    run_ingest("bundle", &r);
    assert_int_equal(r.outcome, INGEST_OK);
    assert_string_equal(r.log, "");
    SQL_IS(file_sql, "Examplo Europe B.V.|Examplo");
    SQL_IS("SELECT group_concat(path, ';') FROM (SELECT substr(path, -5) AS path FROM "
           "source_files ORDER BY id)",
           "z.csv;a.csv");
    run_release(&r);
}

static void the_providers_file_comes_next(void **state)
{
    struct run r;

    (void)state;
    table3("3_member_states_orders.csv", "temu", "2026-01-01/2026-06-30");
    run_ingest("3_member_states_orders.csv", &r);
    assert_string_equal(r.status, "loaded");
    assert_int_equal(r.outcome, INGEST_OK);
    assert_string_equal(r.log, "");
    /* data/dsa/services.tsv: "Temu<TAB>Whaleco Technology Limited", letter case aside */
    SQL_IS(file_sql, "Whaleco Technology Limited|temu");
    SQL_IS(facts_sql, "Whaleco Technology Limited|temu");
    run_release(&r);
}

static void a_providers_file_of_the_data_folder_is_read_as_written(void **state)
{
    struct run r;

    (void)state;
    run_own_data("# comments and blank lines are no entries\n"
                 "\n"
                 " Examplo \t  Examplo Holdings SE  \r\n"
                 "Examplo\tSecond Entry\n");
    table3("3_member_states_orders.csv", "Examplo", "2026-01-01/2026-06-30");
    run_ingest("3_member_states_orders.csv", &r);
    assert_string_equal(r.status, "loaded");
    assert_int_equal(r.outcome, INGEST_OK);
    /* the first line for it, both sides trimmed */
    SQL_IS(file_sql, "Examplo Holdings SE|Examplo");
    run_release(&r);
}

static void an_unknown_service_is_its_own_publisher_with_a_warning(void **state)
{
    struct run r;

    (void)state;
    table3("3_member_states_orders.csv", "Examplo", "2026-01-01/2026-06-30");
    run_ingest("3_member_states_orders.csv", &r);
    assert_string_equal(r.status, "loaded");
    assert_int_equal(r.outcome, INGEST_WARN);
    assert_int_equal(r.rows, 2);
    assert_int_equal(r.rejected, 0);
    HAS(r.log, "3_member_states_orders.csv: no provider known for 'Examplo' in column 'Service' "
               "(no report identification of it is loaded, and none in dsa/services.tsv): its "
               "figures are loaded under 'Examplo'\n");
    /* one warning for the file, not one per row */
    assert_null(strstr(strstr(r.log, "no provider known") + 1, "no provider known"));
    SQL_IS(file_sql, "Examplo|Examplo");
    SQL_IS(facts_sql, "Examplo|Examplo");
    run_release(&r);
}

static void a_file_that_names_no_service_fails(void **state)
{
    struct run r;

    (void)state;
    table3("3_member_states_orders.csv", "  ", "2026-01-01/2026-06-30");
    run_ingest("3_member_states_orders.csv", &r);
    assert_string_equal(r.status, "failed");
    assert_int_equal(r.outcome, INGEST_FAILED);
    assert_string_equal(r.message,
                        "no row names the publisher in column 'Service', so the file has none");
    SQL_IS("SELECT count(*) FROM source_files", "0");
    run_release(&r);
}

static void the_first_row_that_names_one_counts(void **state)
{
    struct run r;

    (void)state;
    {
        char text[4096];
        snprintf(text, sizeof(text),
                 "%s"
                 "All,,2026-01-01/2026-06-30,TOTAL,,FR,1" REST
                 "All,Temu,2026-01-01/2026-06-30,TOTAL,,TOTAL,12" REST
                 "All,Temu,2026-01-01/2026-06-30,TOTAL,,DE,7" REST,
                 table3_header);
        write_text("3_member_states_orders.csv", text);
    }
    run_ingest("3_member_states_orders.csv", &r);
    assert_string_equal(r.status, "loaded");
    SQL_IS(file_sql, "Whaleco Technology Limited|Temu");
    /* the row without it is not the file's service's */
    assert_int_equal(r.rows, 2);
    assert_int_equal(r.rejected, 1);
    run_release(&r);
}

static void a_providers_file_that_is_not_one_fails_the_file(void **state)
{
    struct run r;

    (void)state;
    run_own_data("Temu\tWhaleco Technology Limited\n"
                 "Examplo Examplo Holdings SE\n");
    table3("3_member_states_orders.csv", "Examplo", "2026-01-01/2026-06-30");
    run_ingest("3_member_states_orders.csv", &r);
    assert_string_equal(r.status, "failed");
    assert_int_equal(r.outcome, INGEST_FAILED);
    HAS(r.message, "/data/dsa/services.tsv:2: expected SERVICE<TAB>PROVIDER");
    SQL_IS("SELECT count(*) FROM source_files", "0");
    run_release(&r);
}

static void a_providers_file_that_is_not_there_fails_the_file(void **state)
{
    struct run r;

    (void)state;
    run_own_data(NULL);
    table3("3_member_states_orders.csv", "Examplo", "2026-01-01/2026-06-30");
    run_ingest("3_member_states_orders.csv", &r);
    assert_string_equal(r.status, "failed");
    HAS(r.message, "/data/dsa/services.tsv");
    SQL_IS("SELECT count(*) FROM source_files", "0");
    run_release(&r);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(the_provider_of_a_loaded_report_comes_first),
        T(a_report_of_another_period_is_not_asked),
        T(a_report_of_no_period_serves_every_period),
        T(the_report_of_the_same_folder_loads_first),
        T(the_providers_file_comes_next),
        T(a_providers_file_of_the_data_folder_is_read_as_written),
        T(an_unknown_service_is_its_own_publisher_with_a_warning),
        T(a_file_that_names_no_service_fails),
        T(the_first_row_that_names_one_counts),
        T(a_providers_file_that_is_not_one_fails_the_file),
        T(a_providers_file_that_is_not_there_fails_the_file),
    };
#undef T

    return cmocka_run_group_tests(tests, NULL, NULL);
}
