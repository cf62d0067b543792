/*
 * test_pgparams.c: lib/pgparams.c: :name, @name and ?NNN become $1..$n,
 * each name once; string literals, quoted identifiers, comments and ::
 * casts are left alone; a bare ?, a name too long and too many parameters
 * are refused.
 */
#include "table.h"
#include "../../lib/pgparams.h"

#include <stdio.h>

#include "../../lib/banned.h"

/* Rewrite in and compare with want; names: the $k names joined by spaces. */
static void check(const char *in, const char *want, const char *names)
{
    struct pgparams p;
    char got[512] = "";
    size_t used = 0;

    assert_int_equal(pgparams_rewrite(in, &p), 0);
    assert_string_equal(p.sql, want);
    for (int k = 0; k < p.n; k++)
        used += (size_t)snprintf(got + used, sizeof(got) - used, "%s%s", k ? " " : "", p.names[k]);
    assert_string_equal(got, names);
    pgparams_release(&p);
}

static void pgparams_numbers_each_name_once(void **state)
{
    (void)state;
    check("SELECT 1", "SELECT 1", "");
    check("", "", "");
    check("WHERE (:cc IS NULL OR c = :cc) AND p = :publisher",
          "WHERE ($1 IS NULL OR c = $1) AND p = $2", ":cc :publisher");
    check("x = ?1 OR lower(y) = lower(?1) AND z = ?2", "x = $1 OR lower(y) = lower($1) AND z = $2",
          "?1 ?2");
    check("a = @x_1+:y", "a = $1+$2", "@x_1 :y");
    check("a - b / c : d", "a - b / c : d", "");
}

static void pgparams_skips_strings_identifiers_comments_casts(void **state)
{
    (void)state;
    check("SELECT ':no', 'it''s :no', \":no\"\"x\", x::numeric, :yes",
          "SELECT ':no', 'it''s :no', \":no\"\"x\", x::numeric, $1", ":yes");
    check("-- a \":cc\" comment\nSELECT :cc /* :no /* nested :no */ :no */ - 1 -- :no",
          "-- a \":cc\" comment\nSELECT $1 /* :no /* nested :no */ :no */ - 1 -- :no", ":cc");
    check("SELECT a:b, 'unterminated :x", "SELECT a$1, 'unterminated :x", ":b");
}

static void pgparams_refuses_what_it_cannot_number(void **state)
{
    struct pgparams p;
    char many[2048] = "SELECT ";
    size_t used = 7;

    (void)state;
    assert_int_equal(pgparams_rewrite("SELECT ? + 1", &p), -1);
    assert_null(p.sql);
    assert_int_equal(
        pgparams_rewrite("SELECT :a_name_that_is_far_too_long_for_the_buffer_of_names", &p), -1);
    for (int i = 0; i <= PGPARAMS_MAX; i++)
        used += (size_t)snprintf(many + used, sizeof(many) - used, ":p%d,", i);
    assert_int_equal(pgparams_rewrite(many, &p), -1);
    many[used - 5] = '\0'; /* one fewer: PGPARAMS_MAX fits */
    assert_int_equal(pgparams_rewrite(many, &p), 0);
    assert_int_equal(p.n, PGPARAMS_MAX);
    assert_int_equal(pgparams_index(&p, ":p0"), 1);
    assert_int_equal(pgparams_index(&p, ":nope"), 0);
    pgparams_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pgparams_numbers_each_name_once),
        cmocka_unit_test(pgparams_skips_strings_identifiers_comments_casts),
        cmocka_unit_test(pgparams_refuses_what_it_cannot_number),
    };
    return cmocka_run_group_tests_name("pgparams", tests, NULL, NULL);
}
