/*
 * test_interrupt.c: lib/interrupt.c: a signal ignored when the program
 * started stays ignored; the first SIGINT stops the statement under way on
 * the connection watched (SQLite rolls back its transaction); a second one
 * is ignored once the program noticed the first, and ends it before; a
 * blocking read ends with EINTR (no SA_RESTART); interrupt_exit ends the
 * process by the signal caught. The cases run in this order: the handlers
 * are installed once per process.
 */
#include "table.h"
#include "../../lib/interrupt.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../lib/banned.h"

/* SQLite's progress handler: raise SIGINT once, in the middle of the statement. */
static int raise_once(void *ctx)
{
    int *raised = ctx;

    if (!*raised) {
        *raised = 1;
        kill(getpid(), SIGINT);
    }
    return 0;
}

static void second_signal_before_the_first_is_noticed_ends_the_process(void **state)
{
    int status = 0;
    pid_t pid;

    (void)state;
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* nobody asks interrupt_caught(): the program is stuck, and a second signal frees it */
        interrupt_catch();
        kill(getpid(), SIGINT);
        kill(getpid(), SIGINT);
        _exit(0);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGINT);
}

static void catch_keeps_a_signal_ignored_at_start(void **state)
{
    (void)state;
    signal(SIGTERM, SIG_IGN); /* as a shell leaves SIGINT for a background job */
    interrupt_catch();
    kill(getpid(), SIGTERM);
    assert_int_equal(interrupt_caught(), 0);
    signal(SIGTERM, SIG_DFL);
}

static void first_sigint_stops_the_statement_and_its_transaction(void **state)
{
    sqlite3 *db = NULL;
    int raised = 0, rc;

    (void)state;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
    interrupt_watch(db);
    sqlite3_progress_handler(db, 1000, raise_once, &raised);
    rc =
        sqlite3_exec(db,
                     "BEGIN; INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                     "FROM n WHERE i < 10000000) SELECT i FROM n",
                     NULL, NULL, NULL);
    sqlite3_progress_handler(db, 0, NULL, NULL);
    interrupt_watch(NULL);
    assert_int_equal(rc, SQLITE_INTERRUPT);
    assert_int_equal(interrupt_caught(), SIGINT);
    /* the INSERT's transaction is gone, and the connection works on */
    assert_int_equal(sqlite3_get_autocommit(db), 1);
    {
        sqlite3_stmt *s = NULL;
        assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &s, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(s), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(s, 0), 0);
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
}

static void second_signal_is_ignored_once_the_first_is_noticed(void **state)
{
    (void)state;
    assert_int_equal(interrupt_caught(), SIGINT);
    kill(getpid(), SIGINT);
    assert_int_equal(interrupt_caught(), SIGINT); /* the first one's, and we are still here */
}

static void blocking_read_ends_with_eintr(void **state)
{
    int p[2], got;
    char c;
    pid_t pid;

    (void)state;
    assert_int_equal(pipe(p), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* a signal while the parent waits; then a byte, which a restarted read would get */
        usleep(200 * 1000);
        kill(getppid(), SIGINT);
        sleep(2);
        (void)!write(p[1], "x", 1);
        _exit(0);
    }
    got = (int)read(p[0], &c, 1);
    assert_int_equal(got, -1);
    assert_int_equal(errno, EINTR);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    close(p[0]);
    close(p[1]);
}

static void names_the_signals(void **state)
{
    char other[32];

    (void)state;
    assert_string_equal(interrupt_name(SIGINT), "SIGINT");
    assert_string_equal(interrupt_name(SIGTERM), "SIGTERM");
    snprintf(other, sizeof(other), "signal %d", SIGUSR1);
    assert_string_equal(interrupt_name(SIGUSR1), other);
}

static void exit_ends_the_process_by_the_signal_caught(void **state)
{
    int status = 0;
    pid_t pid;

    (void)state;
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* the child inherits a caught SIGINT: interrupt_exit ends it by SIGINT */
        interrupt_exit();
        _exit(0);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGINT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(second_signal_before_the_first_is_noticed_ends_the_process),
        cmocka_unit_test(catch_keeps_a_signal_ignored_at_start),
        cmocka_unit_test(first_sigint_stops_the_statement_and_its_transaction),
        cmocka_unit_test(second_signal_is_ignored_once_the_first_is_noticed),
        cmocka_unit_test(blocking_read_ends_with_eintr),
        cmocka_unit_test(names_the_signals),
        cmocka_unit_test(exit_ends_the_process_by_the_signal_caught),
    };
    /*
     * A shell starts a background job with SIGINT ignored, and catching keeps
     * an ignored signal ignored (tested above): start from the defaults, so
     * the tests mean the same however they were started.
     */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    return cmocka_run_group_tests_name("interrupt", tests, NULL, NULL);
}
