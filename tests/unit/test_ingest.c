/*
 * test_ingest.c: ingest/'s session through its public interface: ingest_open
 * honours its options (dry run, kept results, encoding, profile, the
 * writers' lock) and says clearly what is missing; ingest_close takes NULL;
 * a small CSV written here loads with its counts, its reject and its run
 * row, and loads once.
 */
#include "table.h"
#include "tempdb.h"
#include "../../ingest/dblock.h"
#include "../../ingest/ingest.h"
#include "../../lib/err.h"
#include "../../model/store.h"

#include <unistd.h>

#include "../../lib/banned.h"

static char csvpath[96];

static int setup(void **state)
{
    static const char csv[] =
        "Period Ending,Country/Region,CLDR Territory Code,Legal Process,User Data Requests,"
        "Percentage disclosed,Accounts\n"
        "2021-06-30,Brazil,BR,Other Legal Requests,3010,71,7220\n"
        "2021-06-30,Germany,DE,Other Legal Requests,5120,79,6610\n"
        "2021-06-30,Narnia,,Other Legal Requests,12,50,20\n";
    FILE *f;

    *state = NULL;
    if (tempdb_setup("ingest"))
        return -1;
    snprintf(csvpath, sizeof(csvpath), "%s-user-data.csv", dbpath);
    if (!(f = fopen(csvpath, "w")))
        return -1;
    fputs(csv, f);
    return fclose(f) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    char lock[96];

    (void)state;
    unlink(csvpath);
    snprintf(lock, sizeof(lock), "%s.lock", dbpath);
    unlink(lock);
    return tempdb_teardown();
}

/* Options for the temporary database, the data folder, and no output. */
static struct ingest_opts opts_for_test(void)
{
    const char *data = getenv("TRDB_DATA");
    struct ingest_opts o;

    memset(&o, 0, sizeof(o));
    o.db_path = dbpath;
    o.data_dir = data && *data ? data : "data";
    return o;
}

static struct ingest *open_or_fail(const struct ingest_opts *o)
{
    struct trdb_err err = {0, ""};
    struct ingest *ig = NULL;

    if (ingest_open(o, &ig, &err))
        fail_msg("%s", err.msg);
    assert_non_null(ig);
    return ig;
}

static void ingest_close_accepts_null(void **state)
{
    (void)state;
    ingest_close(NULL);
    assert_int_equal(ingest_summary(NULL)->nresults, 0);
}

static void ingest_open_names_a_missing_data_folder(void **state)
{
    struct ingest_opts o = opts_for_test();
    struct trdb_err err = {0, ""};
    struct ingest *ig = (struct ingest *)&err; /* to see it set to NULL */

    (void)state;
    o.data_dir = "/nonexistent/trdb-data";
    assert_true(ingest_open(&o, &ig, &err) < 0);
    assert_null(ig);
    assert_non_null(strstr(err.msg, "/nonexistent/trdb-data/formats"));
    /* nothing was created: the database comes after the reference data */
    assert_int_not_equal(access(dbpath, F_OK), 0);

    o.data_dir = NULL;
    assert_int_equal(ingest_open(&o, &ig, &err), TRDB_EUSAGE);
    assert_non_null(strstr(err.msg, "data folder"));
}

static void ingest_open_refuses_an_unknown_encoding_or_profile(void **state)
{
    struct ingest_opts o = opts_for_test();
    struct trdb_err err = {0, ""};
    struct ingest *ig = NULL;

    (void)state;
    o.encoding = "NO-SUCH-ENCODING";
    assert_int_equal(ingest_open(&o, &ig, &err), TRDB_EUSAGE);
    assert_non_null(strstr(err.msg, "unknown encoding 'NO-SUCH-ENCODING'"));
    o.encoding = NULL;
    o.force_profile = "no-such-profile";
    assert_int_equal(ingest_open(&o, &ig, &err), TRDB_EUSAGE);
    assert_string_equal(err.msg, "no profile named 'no-such-profile' (see 'trdb formats')");
    assert_null(ig);
    assert_int_not_equal(access(dbpath, F_OK), 0);
}

static void ingest_open_is_busy_while_another_writer_holds_the_lock(void **state)
{
    struct ingest_opts o = opts_for_test();
    struct trdb_err err = {0, ""};
    struct ingest *ig = NULL;
    int fd;

    (void)state;
    if (dblock_take(dbpath, 0, &fd, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(ingest_open(&o, &ig, &err), TRDB_EBUSY);
    assert_non_null(strstr(err.msg, "another trdb ingest or fetch is writing"));
    assert_null(ig);
    dblock_release(fd);
    ig = open_or_fail(&o);
    ingest_close(ig);
}

static void ingest_loads_a_csv_with_its_reject_and_run(void **state)
{
    struct ingest_opts o = opts_for_test();
    struct trdb_err err = {0, ""};
    const struct ingest_summary *sum;
    struct ingest *ig;
    char *text = NULL;
    size_t len = 0;

    (void)state;
    o.keep_results = 1;
    o.out = open_memstream(&text, &len);
    assert_non_null(o.out);
    ig = open_or_fail(&o);
    sum = ingest_summary(ig);
    assert_true(sum->run_id > 0);
    assert_int_equal(ingest_path(ig, csvpath, &err), 0);
    assert_int_equal(sum->counts.files_seen, 1);
    assert_int_equal(sum->counts.files_loaded, 1);
    assert_int_equal(sum->counts.rows_loaded, 2);
    assert_int_equal(sum->counts.rows_rejected, 1);
    assert_int_equal(sum->worst, INGEST_WARN);
    assert_int_equal(sum->nresults, 1);
    assert_string_equal(sum->results[0].status, "loaded");
    assert_string_equal(sum->results[0].profile, "google-user-data-requests");
    assert_string_equal(sum->results[0].file, csvpath);
    assert_null(sum->results[0].message);

    /* the same path again in the same run: loaded once */
    assert_int_equal(ingest_path(ig, csvpath, &err), 0);
    assert_int_equal(sum->counts.files_unchanged, 1);
    assert_string_equal(sum->results[1].status, "unchanged");
    assert_int_equal(sum->results[1].rows, 2);
    assert_int_equal(ingest_end(ig, 0, &err), INGEST_WARN);
    ingest_close(ig);
    fclose(o.out);
    assert_non_null(strstr(text, "loaded "));
    assert_non_null(strstr(text, " profile=google-user-data-requests rows=2 rejected=1\n"));
    assert_non_null(strstr(text, "unchanged "));
    free(text);

    /* what the database kept: the facts, the reject, and the run's row */
    {
        struct store *st = NULL;
        sqlite3_stmt *s;
        if (store_open(dbpath, STORE_READONLY, &st, &err))
            fail_msg("%s", err.msg);
        assert_int_equal(sqlite3_prepare_v2(store_db(st),
                                            "SELECT (SELECT count(*) FROM rejects), "
                                            "(SELECT count(DISTINCT country) FROM facts), "
                                            "(SELECT files_seen || '/' || files_loaded || '/' || "
                                            "exit_code FROM ingest_runs)",
                                            -1, &s, NULL),
                         SQLITE_OK);
        assert_int_equal(sqlite3_step(s), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(s, 0), 1);
        assert_int_equal(sqlite3_column_int(s, 1), 2);
        assert_string_equal((const char *)sqlite3_column_text(s, 2), "2/1/1");
        sqlite3_finalize(s);
        store_close(st);
    }
}

static void ingest_dry_run_commits_nothing_and_records_no_run(void **state)
{
    struct ingest_opts o = opts_for_test();
    struct trdb_err err = {0, ""};
    struct ingest *ig;

    (void)state;
    o.dry_run = 1;
    o.keep_results = 1;
    for (int pass = 0; pass < 2; pass++) {
        const struct ingest_summary *sum;
        ig = open_or_fail(&o);
        sum = ingest_summary(ig);
        assert_int_equal(sum->run_id, 0);
        assert_int_equal(ingest_path(ig, csvpath, &err), 0);
        /* checked both times: the first pass loaded nothing */
        assert_string_equal(sum->results[0].status, "checked");
        assert_int_equal(sum->counts.rows_loaded, 2);
        assert_int_equal(ingest_end(ig, 0, &err), INGEST_WARN);
        ingest_close(ig);
    }
    {
        struct store *st = NULL;
        sqlite3_stmt *s;
        if (store_open(dbpath, STORE_READONLY, &st, &err))
            fail_msg("%s", err.msg);
        assert_int_equal(sqlite3_prepare_v2(store_db(st),
                                            "SELECT (SELECT count(*) FROM facts) + "
                                            "(SELECT count(*) FROM ingest_runs)",
                                            -1, &s, NULL),
                         SQLITE_OK);
        assert_int_equal(sqlite3_step(s), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(s, 0), 0);
        sqlite3_finalize(s);
        store_close(st);
    }
}

static void ingest_use_profile_knows_the_profiles(void **state)
{
    struct ingest_opts o = opts_for_test();
    struct trdb_err err = {0, ""};
    struct ingest *ig;

    (void)state;
    o.keep_results = 1;
    ig = open_or_fail(&o);
    assert_int_equal(ingest_use_profile(ig, "no-such-profile", &err), TRDB_ENOTFOUND);
    assert_string_equal(err.msg, "no profile named 'no-such-profile'");
    /* a profile that does not fit the header: the file fails, named with why */
    assert_int_equal(ingest_use_profile(ig, "apple-device-requests", &err), 0);
    assert_int_equal(ingest_path(ig, csvpath, &err), 0);
    assert_int_equal(ingest_summary(ig)->counts.files_failed, 1);
    assert_string_equal(ingest_summary(ig)->results[0].status, "failed");
    assert_non_null(ingest_summary(ig)->results[0].message);
    assert_int_equal(ingest_end(ig, 0, &err), INGEST_FAILED);
    ingest_close(ig);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ingest_close_accepts_null),
        cmocka_unit_test_setup_teardown(ingest_open_names_a_missing_data_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(ingest_open_refuses_an_unknown_encoding_or_profile, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(ingest_open_is_busy_while_another_writer_holds_the_lock,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(ingest_loads_a_csv_with_its_reject_and_run, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(ingest_dry_run_commits_nothing_and_records_no_run, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(ingest_use_profile_knows_the_profiles, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
