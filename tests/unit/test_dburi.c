/*
 * test_dburi.c: lib/dburi.c: which --db values are PostgreSQL URIs and
 * which SQLite paths, and a URI as messages show it, without its password
 * (tests/data/dburi.tsv), also when the output buffer is too small.
 */
#include "table.h"
#include "../../lib/dburi.h"

#include "../../lib/banned.h"

static void dburi_case(void **state)
{
    const struct table_case *c = *state;
    const char *in = c->field[0], *kind = c->field[1], *want = c->field[2], *secret = c->field[3];
    char out[512], msg[512];

    assert_int_equal(c->nfields, 4);
    assert_int_equal(dburi_is_postgres(in), strcmp(kind, "pg") == 0);
    assert_int_equal(dburi_redact(in, out, sizeof(out)), 0);
    assert_string_equal(out, want);
    if (strcmp(secret, "-") != 0) {
        assert_null(strstr(out, secret));
        /* a message that quotes the URI and its decoded password loses both */
        snprintf(msg, sizeof(msg), "cannot connect to \"%s\": wrong password \"%s\"", in, secret);
        dburi_scrub(in, msg, sizeof(msg));
        assert_null(strstr(msg, secret));
        assert_non_null(strstr(msg, "wrong password \"***\""));
    }
}

static void dburi_is_postgres_takes_null(void **state)
{
    (void)state;
    assert_int_equal(dburi_is_postgres(NULL), 0);
}

static void dburi_redact_cut_short_never_shows_the_password(void **state)
{
    static const char uri[] = "postgresql://alice:s3cret@host/trdb?password=other";
    char out[64];

    (void)state;
    for (size_t cap = 1; cap < sizeof(out); cap++) {
        char full[128];
        memset(out, 'x', sizeof(out));
        assert_int_equal(dburi_redact(uri, out, cap),
                         cap > strlen("postgresql://alice:***@host/trdb?password=***") ? 0 : -1);
        assert_true(strlen(out) < cap);
        assert_null(strstr(out, "s3c"));
        assert_null(strstr(out, "oth"));
        /* what fits is the start of the whole redacted text */
        dburi_redact(uri, full, sizeof(full));
        assert_memory_equal(out, full, strlen(out));
    }
}

static void dburi_scrub_leaves_other_messages_alone(void **state)
{
    char msg[64] = "server closed the connection";

    (void)state;
    dburi_scrub("postgresql://u:s3cret@host/trdb", msg, sizeof(msg));
    assert_string_equal(msg, "server closed the connection");
    dburi_scrub("trdb.sqlite", msg, sizeof(msg));
    assert_string_equal(msg, "server closed the connection");
    /* a message cut by a small buffer still loses the password */
    snprintf(msg, sizeof(msg), "a s3cret b s3cret");
    dburi_scrub("postgresql://u:s3cret@host/trdb", msg, 12);
    assert_null(strstr(msg, "s3cret"));
}

int main(void)
{
    const struct CMUnitTest fixed[] = {
        cmocka_unit_test(dburi_is_postgres_takes_null),
        cmocka_unit_test(dburi_redact_cut_short_never_shows_the_password),
        cmocka_unit_test(dburi_scrub_leaves_other_messages_alone),
    };
    struct table_case *cases;
    int n, rc;

    n = table_load("dburi.tsv", &cases);
    rc = table_run("dburi", cases, n, dburi_case);
    rc |= cmocka_run_group_tests_name("dburi_fixed", fixed, NULL, NULL);
    table_free(cases, n);
    return rc;
}
