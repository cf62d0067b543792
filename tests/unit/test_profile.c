/*
 * test_profile.c: ingest/profile*.c. The shipped profiles load; each broken
 * profile in tests/data/profiles/bad/ is refused with a message naming the
 * file and the fault; binding finds columns whatever the spelling drift
 * (case, white space, Requester/Requestor), says which column is missing,
 * unpivots wide layouts and resolves templates; the matcher chooses among
 * the shipped profiles by key columns (tests/data/matcher.tsv).
 */
#include "table.h"
#include "../../ingest/ingest_int.h"
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

static struct profile_set *shipped;

/* Split a '|'-separated list in place into up to max pointers; returns the count. */
static size_t split_bars(char *s, char **out, size_t max)
{
    size_t n = 0;

    if (strcmp(s, "-") == 0)
        return 0;
    while (n < max) {
        char *bar = strchr(s, '|');
        out[n++] = s;
        if (!bar)
            break;
        *bar = '\0';
        s = bar + 1;
    }
    return n;
}

/* One line of matcher.tsv: header, file name -> profile, columns read, missing metrics, unread. */
static void matcher_case(void **state)
{
    struct table_case *c = *state;
    char header[2048], want[256], missing[512], unread[1024], *h[64];
    struct profile_binding b;
    const char *rival = NULL;
    size_t n, len = 0, ulen = 0;
    int chosen, nread = 0;

    assert_int_equal(c->nfields, 6);
    snprintf(header, sizeof(header), "%s", c->field[0]);
    n = split_bars(header, h, 64);
    chosen = ingest_choose_profile(shipped, c->field[1], h, n, &b, &rival);
    if (strcmp(c->field[2], "-") == 0) {
        if (chosen >= 0)
            fail_msg("'%s' fits, none should", b.p->name);
        return;
    }
    if (chosen < 0)
        fail_msg("no profile fits, want %s", c->field[2]);
    snprintf(want, sizeof(want), "%s%s%s", b.p->name, rival ? "~" : "", rival ? rival : "");
    assert_string_equal(want, c->field[2]);
    missing[0] = unread[0] = '\0';
    for (size_t i = 0; i < b.nmissing; i++)
        len += (size_t)snprintf(missing + len, sizeof(missing) - len, "%s%s", len ? "," : "",
                                b.p->measures[b.missing[i]].metric);
    for (size_t k = 0; k < n; k++) {
        nread += b.used[k] == 1;
        if (!b.used[k])
            ulen += (size_t)snprintf(unread + ulen, sizeof(unread) - ulen, "%s%s", ulen ? "|" : "",
                                     h[k]);
    }
    assert_int_equal(nread, (int)strtol(c->field[3], NULL, 10));
    assert_string_equal(len ? missing : "-", c->field[4]);
    assert_string_equal(ulen ? unread : "-", c->field[5]);
    profile_binding_release(&b);
}

/* A measure marked required is a key; a profile none of whose measures is there does not fit. */
static void profile_bind_requires_keys_and_a_measure(void **state)
{
    struct profile_set *set = load_text(
        "{\"name\": \"n\", \"description\": \"d\", \"publisher\": \"P\", \"dataset\": \"d\","
        " \"match\": {\"columns\": [\"^p$\"]},"
        " \"fields\": {\"period\": {\"column\": \"^p$\"}, \"country\": {\"column\": \"^c$\"},"
        "   \"request_type\": \"user_data\", \"legal_process\": {\"column\": \"^l$\"}},"
        " \"measures\": [{\"metric\": \"requests\", \"column\": \"^r$\", \"required\": true},"
        "   {\"metric\": \"accounts\", \"column\": \"^a$\"}]}");
    char *all[] = {"p", "c", "l", "r", "a"}, *no_r[] = {"p", "c", "a"}, *no_c[] = {"p", "l", "r"};
    char *only_r[] = {"p", "c", "r"};
    struct profile_binding b;

    (void)state;
    assert_int_equal(profile_bind(&set->p[0], "f.csv", all, 5, &b), 0);
    assert_int_equal(b.nmissing, 0);
    assert_int_equal(b.keys_found, b.keys_total);
    profile_binding_release(&b);
    assert_int_equal(profile_bind(&set->p[0], "f.csv", no_r, 3, &b), TRDB_ENOTFOUND);
    assert_string_equal(b.why, "no column matches /^r$/");
    profile_binding_release(&b);
    assert_int_equal(profile_bind(&set->p[0], "f.csv", no_c, 3, &b), TRDB_ENOTFOUND);
    assert_string_equal(b.misses, "/^c$/");
    profile_binding_release(&b);
    /* the dimension and the other measure may be absent */
    assert_int_equal(profile_bind(&set->p[0], "f.csv", only_r, 3, &b), 0);
    assert_int_equal(b.nmissing, 1);
    assert_string_equal(set->p[0].measures[b.missing[0]].metric, "accounts");
    assert_true(b.absent[F_LEGAL_PROCESS]);
    assert_int_equal(b.col[F_LEGAL_PROCESS], -1);
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
        cmocka_unit_test(profile_bind_requires_keys_and_a_measure),
    };

    n = table_load("profiles/bad.tsv", &cases);
    rc = table_run("profile_set_load_refuses", cases, n, bad_profile_case);
    rc |= cmocka_run_group_tests_name("profile", fixed, NULL, NULL);
    table_free(cases, n);
    {
        struct trdb_err err = {0, ""};
        char dir[4096];
        const char *data = getenv("TRDB_DATA");
        snprintf(dir, sizeof(dir), "%s/formats", data && *data ? data : "data");
        if (profile_set_load(dir, vocab(), &shipped, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
    }
    n = table_load("matcher.tsv", &cases);
    rc |= table_run("ingest_choose_profile", cases, n, matcher_case);
    table_free(cases, n);
    profile_set_free(shipped);
    return rc;
}
