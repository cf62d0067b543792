/*
 * fuzz_profile.c: the profile loader of ingest/profile.c, through its public
 * entry point: the input is written as the one profile of a temporary folder
 * and loaded with profile_set_load against data/vocabulary. A profile that
 * loads is then bound to a few headers (and a JSON one to its own paths), as
 * ingest would, and its binding checked.
 */
#include "fuzz.h"
#include "../../ingest/profile.h"
#include "../../lib/err.h"

#include <unistd.h>

#include "../../lib/banned.h"

static char dir[64], file[96];
static char vocab[4096];

static void cleanup(void)
{
    unlink(file);
    rmdir(dir);
}

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");

    snprintf(dir, sizeof(dir), "%s/trdb-fuzz-profile-XXXXXX",
             tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
    FUZZ_SETUP(mkdtemp(dir) != NULL, "cannot make a temporary folder");
    snprintf(file, sizeof(file), "%s/fuzz.json", dir);
    fuzz_data_path("vocabulary", vocab, sizeof(vocab));
    atexit(cleanup);
}

static void bind_and_check(const struct profile *p, const char *name, char **h, size_t n)
{
    struct profile_binding b;
    int rc = profile_bind(p, name, h, n, &b);

    FUZZ_CHECK(rc == 0 || rc == TRDB_ENOTFOUND);
    if (rc) {
        FUZZ_CHECK(b.why[0]);
    } else {
        FUZZ_CHECK(b.p == p && b.nheaders == n && b.score >= 0 && (size_t)b.score <= n);
        for (int f = 0; f < F_COUNT; f++) {
            FUZZ_CHECK(b.col[f] >= -1 && b.col[f] < (int)n);
            FUZZ_CHECK(p->field[f].src != SRC_FILENAME || b.fixed[f]);
            if (p->field[f].template) {
                size_t k = 0;
                FUZZ_CHECK(b.tmpl_cols[f] != NULL);
                for (const char *t = p->field[f].template; (t = strchr(t, '{')) != NULL; t++, k++)
                    FUZZ_CHECK(b.tmpl_cols[f][k] == -2 ||
                               (b.tmpl_cols[f][k] >= 0 && b.tmpl_cols[f][k] < (int)n));
            }
        }
        for (size_t i = 0; i < b.nbm; i++) {
            FUZZ_CHECK(b.bm[i].m >= p->measures && b.bm[i].m < p->measures + p->nmeasures);
            FUZZ_CHECK(b.bm[i].col < (int)n && b.bm[i].low_col < (int)n &&
                       b.bm[i].high_col < (int)n);
        }
    }
    profile_binding_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *google[] = {
        "Period Ending",      "Country/Region",       "CLDR Territory Code",      "Legal Process",
        "User Data Requests", "Percentage disclosed", "Users/Accounts Specified", NULL};
    static char *apple[] = {"Country or Region",
                            "Period",
                            "Request Type",
                            "Apple Requests Received: Number of Requests",
                            "Apple Requests Received: Number of Accounts Specified",
                            "Date",
                            "App ID",
                            "Storefront",
                            "Removed",
                            NULL};
    static char *odd[] = {"", " ", "{}", "a", "Country", "Country", NULL};
    struct trdb_err err = {0, ""};
    struct profile_set *set = NULL;
    FILE *f;
    int rc;

    if (!dir[0])
        setup();
    f = fopen(file, "wb");
    FUZZ_SETUP(f != NULL, "cannot write the profile");
    FUZZ_SETUP(fwrite(data, 1, size, f) == size && fclose(f) == 0, "cannot write the profile");

    rc = profile_set_load(dir, vocab, &set, &err);
    FUZZ_CHECK(rc == 0 || rc == TRDB_EDATA || rc == TRDB_ENOTFOUND || rc == TRDB_ELIMIT);
    if (rc) {
        /* refused: with a reason, and nothing handed out */
        FUZZ_CHECK(set == NULL && err.code == rc && err.msg[0]);
        return 0;
    }
    FUZZ_CHECK(set && set->n == 1 && set->p[0].name);
    FUZZ_CHECK(profile_find(set, set->p[0].name) == &set->p[0]);
    {
        const struct profile *p = &set->p[0];
        bind_and_check(p, "fuzz.csv", google, 7);
        bind_and_check(p, "apple_2020H1.csv", apple, 9);
        bind_and_check(p, "", odd, 6);
        bind_and_check(p, "x", odd, 0);
        if (p->format != FORMAT_CSV)
            bind_and_check(p, "itunes_1_us.json", p->paths, p->npaths);
    }
    profile_set_free(set);
    return 0;
}
