/*
 * test_profile.c: ingest/profile*.c. The shipped profiles load; each broken
 * profile in tests/data/profiles/bad/ is refused with a message naming the
 * file and the fault; binding finds columns whatever the spelling drift
 * (case, white space, Requester/Requestor), says which column is missing,
 * unpivots wide layouts and resolves templates.
 */
#include "table.h"
#include "../../ingest/profile.h"
#include "../../lib/err.h"

#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/banned.h"

static const char *vocab(void)
{
    static char dir[4096];
    const char *data = getenv("TRDB_DATA");

    snprintf(dir, sizeof(dir), "%s/vocabulary", data && *data ? data : "data");
    return dir;
}

static void shipped_profiles_all_load(void **state)
{
    struct trdb_err err = {0, ""};
    struct profile_set *set = NULL;
    char dir[4096];
    const char *data = getenv("TRDB_DATA");

    (void)state;
    snprintf(dir, sizeof(dir), "%s/formats", data && *data ? data : "data");
    if (profile_set_load(dir, vocab(), &set, &err))
        fail_msg("%s", err.msg);
    assert_true(set->n >= 8);
    assert_non_null(profile_find(set, "google-user-data-requests"));
    assert_null(profile_find(set, "no-such-profile"));
    profile_set_free(set);
}

/* Load one broken profile alone, from a temporary folder. */
static void bad_profile_case(void **state)
{
    struct table_case *c = *state;
    struct trdb_err err = {0, ""};
    struct profile_set *set = NULL;
    char tmpl[] = "/tmp/trdb-profile-XXXXXX", src[4096], dst[4200], rel[300];
    FILE *in, *out;
    int ch;

    assert_int_equal(c->nfields, 2);
    assert_non_null(mkdtemp(tmpl));
    snprintf(rel, sizeof(rel), "profiles/bad/%s", c->field[0]);
    table_path(rel, src, sizeof(src));
    snprintf(dst, sizeof(dst), "%s/%s", tmpl, c->field[0]);
    in = fopen(src, "rb");
    assert_non_null(in);
    out = fopen(dst, "wb");
    assert_non_null(out);
    while ((ch = fgetc(in)) != EOF)
        fputc(ch, out);
    fclose(in);
    fclose(out);
    assert_int_not_equal(profile_set_load(tmpl, vocab(), &set, &err), 0);
    assert_null(set);
    unlink(dst);
    rmdir(tmpl);
    if (!strstr(err.msg, c->field[1]))
        fail_msg("message '%s' lacks '%s'", err.msg, c->field[1]);
    if (!strstr(err.msg, c->field[0]))
        fail_msg("message '%s' does not name the file", err.msg);
}

/* A profile from text, through a temporary folder. */
static struct profile_set *load_text(const char *json)
{
    struct trdb_err err = {0, ""};
    struct profile_set *set = NULL;
    char tmpl[] = "/tmp/trdb-profile-XXXXXX", path[200];
    FILE *f;

    assert_non_null(mkdtemp(tmpl));
    snprintf(path, sizeof(path), "%s/p.json", tmpl);
    f = fopen(path, "w");
    fputs(json, f);
    fclose(f);
    if (profile_set_load(tmpl, vocab(), &set, &err))
        fail_msg("%s", err.msg);
    unlink(path);
    rmdir(tmpl);
    return set;
}

static const char removals[] =
    "{\"name\": \"r\", \"description\": \"d\", \"publisher\": \"P\", \"dataset\": \"d\","
    " \"ignore\": [\"^CLDR Territory Code$\"],"
    " \"match\": {\"columns\": [\"^Period Ending$\", \"^Request(e|o)r$\"]},"
    " \"fields\": {\"period\": {\"column\": \"^Period Ending$\"},"
    "   \"country\": {\"column\": \"^Country/Region$\"},"
    "   \"requester\": {\"column\": \"^Request(e|o)r$\", \"template\": \"{} ({Country/Region})\"},"
    "   \"request_type\": \"content_removal\"},"
    " \"measures\": [{\"metric\": \"requests\", \"column\": \"^Number of Requests$\"},"
    "   {\"metric\": \"pct_disclosed\", \"column\": \"^% Not Enough Information$\","
    "    \"parse\": \"percent\", \"optional\": true},"
    "   {\"metric\": \"requests\", \"column\": \"^(.+): Number of Requests$\","
    "    \"dimension\": \"legal_process\", \"optional\": true}]}";

static void profile_bind_tolerates_header_drift(void **state)
{
    struct profile_set *set = load_text(removals);
    char *h1[] = {"Period Ending", "Country/Region",     "CLDR Territory Code",
                  "Requester",     "Number of Requests", "% Not Enough Information"};
    char *h2[] = {"period ending", "Country/Region", "Requestor", "Number of Requests"};
    struct profile_binding b;

    (void)state;
    assert_int_equal(profile_bind(&set->p[0], "f.csv", h1, 6, &b), 0);
    assert_int_equal(b.col[F_REQUESTER], 3);
    assert_int_equal(b.score, 6);
    profile_binding_release(&b);
    assert_int_equal(profile_bind(&set->p[0], "f.csv", h2, 4, &b), 0);
    assert_int_equal(b.col[F_PERIOD], 0);
    assert_int_equal(b.col[F_REQUESTER], 2);
    assert_int_equal(b.nbm, 1); /* the optional column is absent */
    profile_binding_release(&b);
    profile_set_free(set);
}

static void profile_bind_names_the_missing_column(void **state)
{
    struct profile_set *set = load_text(removals);
    char *h[] = {"Period Ending", "Country/Region", "Requests"};
    struct profile_binding b;

    (void)state;
    assert_int_equal(profile_bind(&set->p[0], "f.csv", h, 3, &b), TRDB_ENOTFOUND);
    assert_string_equal(b.why, "no column matches /^Request(e|o)r$/");
    profile_binding_release(&b);
    profile_set_free(set);
}

static void profile_bind_unpivots_wide_columns(void **state)
{
    struct profile_set *set = load_text(removals);
    char *h[] = {"Period Ending",
                 "Country/Region",
                 "Requester",
                 "Number of Requests",
                 "Court Orders: Number of Requests",
                 "Executive, Police, etc.: Number of Requests",
                 "Unrelated"};
    struct profile_binding b;

    (void)state;
    assert_int_equal(profile_bind(&set->p[0], "f.csv", h, 7, &b), 0);
    assert_int_equal(b.nbm, 3);
    assert_string_equal(b.bm[1].dim_value, "Court Orders");
    assert_string_equal(b.bm[2].dim_value, "Executive, Police, etc.");
    assert_int_equal(b.used[6], 0); /* "Unrelated" is reported as unread */
    assert_int_equal(b.tmpl_cols[F_REQUESTER][0], -2);
    assert_int_equal(b.tmpl_cols[F_REQUESTER][1], 1);
    profile_binding_release(&b);
    profile_set_free(set);
}

static void profile_bind_checks_the_file_name(void **state)
{
    struct profile_set *set = load_text(
        "{\"name\": \"n\", \"description\": \"d\", \"publisher\": \"P\", \"dataset\": \"d\","
        " \"match\": {\"filename\": \"nsl-requests\\\\.csv$\", \"columns\": [\"^a$\"]},"
        " \"fields\": {\"period\": {\"filename\": \"(\\\\d{4})-(H[12])\"}, \"country\": \"US\","
        "   \"request_type\": \"national_security\"},"
        " \"measures\": [{\"metric\": \"requests\", \"column\": \"^a$\"}]}");
    char *h[] = {"a"};
    struct profile_binding b;

    (void)state;
    assert_int_equal(profile_bind(&set->p[0], "fisa.csv", h, 1, &b), TRDB_ENOTFOUND);
    profile_binding_release(&b);
    assert_int_equal(profile_bind(&set->p[0], "x-2013-H1-nsl-requests.csv", h, 1, &b), 0);
    assert_string_equal(b.fixed[F_PERIOD], "2013 H1");
    profile_binding_release(&b);
    profile_set_free(set);
}

int main(void)
{
    struct table_case *cases;
    int n, rc;
    const struct CMUnitTest fixed[] = {
        cmocka_unit_test(shipped_profiles_all_load),
        cmocka_unit_test(profile_bind_tolerates_header_drift),
        cmocka_unit_test(profile_bind_names_the_missing_column),
        cmocka_unit_test(profile_bind_unpivots_wide_columns),
        cmocka_unit_test(profile_bind_checks_the_file_name),
    };

    n = table_load("profiles/bad.tsv", &cases);
    rc = table_run("profile_set_load_refuses", cases, n, bad_profile_case);
    rc |= cmocka_run_group_tests_name("profile", fixed, NULL, NULL);
    table_free(cases, n);
    return rc;
}
