/*
 * test_profile.c: ingest/profile*.c. The shipped profiles load; each broken
 * profile in tests/data/profiles/bad/ is refused with a message naming the
 * file and the fault; binding finds columns whatever the spelling drift
 * (case, white space, Requester/Requestor), says which column is missing,
 * unpivots wide layouts and resolves templates; the matcher chooses among
 * the shipped profiles by key columns (tests/data/matcher.tsv); a search
 * path puts the user's folders before the built-in one, the first profile
 * of a name winning; the translation tables of localized downloads
 * (formats/i18n/LANG.tsv) give a header's English text, the user's first.
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

/* A '|'-separated list split in place, as table_split does; "-" is an empty list. */
static size_t split_bars(char *s, char **out, size_t max)
{
    return strcmp(s, "-") == 0 ? 0 : table_split(s, out, max);
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

/* Write text into dir/name. */
static void write_file(const char *dir, const char *name, const char *text)
{
    char path[300];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Remove dir/name for each name, then dir. */
static void remove_dir(const char *dir, const char *const *names)
{
    char path[300];

    for (size_t i = 0; names[i]; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* A minimal profile named name with description desc. */
static void write_profile(const char *dir, const char *file, const char *name, const char *desc)
{
    char text[1024];

    snprintf(text, sizeof(text),
             "{\"name\": \"%s\", \"description\": \"%s\", \"publisher\": \"P\", \"dataset\": "
             "\"d\", \"match\": {\"columns\": [\"^When$\"]},"
             " \"fields\": {\"period\": {\"column\": \"^When$\"},"
             "   \"country\": {\"column\": \"^Where$\"}, \"request_type\": \"user_data\"},"
             " \"measures\": [{\"metric\": \"requests\", \"column\": \"^Requests$\"}]}",
             name, desc);
    write_file(dir, file, text);
}

static const char *builtin(void)
{
    static char dir[4096];
    const char *data = getenv("TRDB_DATA");

    snprintf(dir, sizeof(dir), "%s/formats", data && *data ? data : "data");
    return dir;
}

static void profile_name_is_path_tells_files_from_names(void **state)
{
    (void)state;
    assert_true(profile_name_is_path("mine/where-from.json"));
    assert_true(profile_name_is_path("./where-from"));
    assert_true(profile_name_is_path("where-from.json"));
    assert_false(profile_name_is_path("google-user-data-requests"));
    assert_false(profile_name_is_path("json"));
    assert_false(profile_name_is_path(""));
    assert_false(profile_name_is_path(NULL));
}

static void profile_set_load_search_puts_the_users_first(void **state)
{
    static const char *const names[] = {"a.json", "b.json", NULL};
    struct trdb_err err = {0, ""};
    struct profile_set *set = NULL, *plain = NULL;
    char dir[] = "/tmp/trdb-user-XXXXXX";
    const char *dirs[2] = {dir, NULL};
    const struct profile *p;

    (void)state;
    assert_non_null(mkdtemp(dir));
    write_profile(dir, "a.json", "twitter-information-requests", "mine");
    write_profile(dir, "b.json", "where-from", "new");
    if (profile_set_load(builtin(), vocab(), &plain, &err))
        fail_msg("%s", err.msg);
    if (profile_set_load_search(NULL, dirs, builtin(), vocab(), &set, &err))
        fail_msg("%s", err.msg);
    /* one more than the built-in ones: the user's twitter profile replaces the built-in one */
    assert_int_equal(set->n, plain->n + 1);
    p = profile_find(set, "twitter-information-requests");
    assert_non_null(p);
    assert_string_equal(p->description, "mine");
    assert_string_equal(profile_source(set, p), dir);
    assert_ptr_equal(p, &set->p[0]);
    assert_string_equal(profile_source(set, profile_find(set, "where-from")), dir);
    assert_string_equal(profile_source(set, profile_find(set, "google-user-data-requests")),
                        PROFILE_BUILTIN);
    assert_string_equal(profile_source(plain, &plain->p[0]), PROFILE_BUILTIN);
    profile_set_free(set);
    profile_set_free(plain);
    remove_dir(dir, names);
}

static void profile_set_load_search_first_found_wins(void **state)
{
    static const char *const names[] = {"x.json", NULL};
    struct trdb_err err = {0, ""};
    struct profile_set *set = NULL;
    char one[] = "/tmp/trdb-user-XXXXXX", two[] = "/tmp/trdb-user-XXXXXX", file[300];
    const char *dirs[3] = {one, two, NULL};
    const struct profile *p;

    (void)state;
    assert_non_null(mkdtemp(one));
    assert_non_null(mkdtemp(two));
    write_profile(one, "x.json", "where-from", "first");
    write_profile(two, "x.json", "where-from", "second");
    if (profile_set_load_search(NULL, dirs, builtin(), vocab(), &set, &err))
        fail_msg("%s", err.msg);
    p = profile_find(set, "where-from");
    assert_string_equal(p->description, "first");
    assert_string_equal(profile_source(set, p), one);
    profile_set_free(set);
    /* a profile file comes before every folder */
    snprintf(file, sizeof(file), "%s/x.json", two);
    if (profile_set_load_search(file, dirs, builtin(), vocab(), &set, &err))
        fail_msg("%s", err.msg);
    assert_ptr_equal(profile_find(set, "where-from"), &set->p[0]);
    assert_string_equal(set->p[0].description, "second");
    assert_string_equal(profile_source(set, &set->p[0]), file);
    profile_set_free(set);
    remove_dir(one, names);
    remove_dir(two, names);
}

static void profile_set_load_search_refuses_bad_folders(void **state)
{
    static const char *const names[] = {"a.json", "b.json", NULL};
    struct trdb_err err = {0, ""};
    struct profile_set *set = NULL;
    char dir[] = "/tmp/trdb-user-XXXXXX", gone[300];
    const char *dirs[2] = {dir, NULL}, *missing[2] = {gone, NULL};

    (void)state;
    assert_non_null(mkdtemp(dir));
    /* two of one name in one folder are still an error, naming the second file */
    write_profile(dir, "a.json", "where-from", "one");
    write_profile(dir, "b.json", "where-from", "two");
    assert_int_equal(profile_set_load_search(NULL, dirs, builtin(), vocab(), &set, &err),
                     TRDB_EDATA);
    assert_null(set);
    assert_non_null(strstr(err.msg, "b.json: a profile named 'where-from' exists already"));
    /* a broken user profile names its file */
    write_file(dir, "b.json", "{\"name\": \"broken\",");
    assert_int_not_equal(profile_set_load_search(NULL, dirs, builtin(), vocab(), &set, &err), 0);
    assert_null(set);
    assert_non_null(strstr(err.msg, "b.json"));
    /* a folder that is not there is named */
    snprintf(gone, sizeof(gone), "%s/gone", dir);
    assert_int_equal(profile_set_load_search(NULL, missing, builtin(), vocab(), &set, &err),
                     TRDB_EIO);
    assert_non_null(strstr(err.msg, gone));
    remove_dir(dir, names);
}

/* The language of name in set's translations, or NULL. */
static const struct profile_lang *lang_of(const struct profile_set *set, const char *name)
{
    for (size_t i = 0; i < set->i18n.n; i++)
        if (strcmp(set->i18n.langs[i].lang, name) == 0)
            return &set->i18n.langs[i];
    return NULL;
}

static void profile_lang_english_reads_the_shipped_tables(void **state)
{
    const struct profile_lang *de = lang_of(shipped, "de"), *pt = lang_of(shipped, "pt_BR");

    (void)state;
    assert_non_null(de);
    assert_non_null(pt);
    assert_string_equal(profile_lang_english(de, "Zeitraumende"), "Period Ending");
    /* letter case (also beyond ASCII) and white space do not matter */
    assert_string_equal(profile_lang_english(pt, "PERÍODO"), "Period Ending");
    assert_string_equal(profile_lang_english(pt, "%  Informações   insuficientes"),
                        "% Not Enough Information");
    assert_string_equal(profile_lang_english(pt, "Polícia"), "Police");
    assert_string_equal(profile_lang_english(de, "Polizei"), "Police");
    /* a language's table only, and nothing it does not list */
    assert_null(profile_lang_english(de, "Polícia"));
    assert_null(profile_lang_english(pt, "Period Ending"));
    assert_null(profile_lang_english(pt, ""));
    assert_null(profile_lang_english(NULL, "Polícia"));
}

static void profile_bind_reads_a_localized_header(void **state)
{
    const struct profile *p = profile_find(shipped, "google-removal-requests");
    char *pt[] = {"Período", "País/região", "Solicitante", "Número de solicitações", "Outro"};
    char *en[] = {"Period Ending", "Country/Region", "Requester", "Number of Requests"};
    struct profile_binding b;

    (void)state;
    assert_non_null(p);
    assert_int_equal(profile_bind(p, "x.csv", pt, 5, &b), 0);
    assert_non_null(b.lang);
    assert_string_equal(b.lang->lang, "pt_BR");
    assert_int_equal(b.col[F_PERIOD], 0);
    assert_int_equal(b.col[F_REQUESTER], 2);
    assert_int_equal(b.used[4], 0);
    /* the header's language is the country names' too */
    assert_non_null(b.country_langs);
    assert_string_equal(b.country_langs[0], "pt_BR");
    assert_null(b.country_langs[1]);
    /* a text field's cell is read as its English text; a period's or a country's is not */
    assert_string_equal(profile_binding_english(&b, F_REQUESTER, "Polícia"), "Police");
    assert_null(profile_binding_english(&b, F_COUNTRY, "Polícia"));
    assert_null(profile_binding_english(&b, F_REQUESTER, "Bombeiros"));
    profile_binding_release(&b);
    /* an English header is read as it is */
    assert_int_equal(profile_bind(p, "x.csv", en, 4, &b), 0);
    assert_null(b.lang);
    assert_null(b.country_langs);
    assert_null(profile_binding_english(&b, F_REQUESTER, "Polícia"));
    profile_binding_release(&b);
}

static void profile_i18n_tables_from_the_users_folder(void **state)
{
    static const char *const tables[] = {"pt_BR.tsv", "fr.tsv", NULL};
    static const char *const none[] = {NULL};
    struct trdb_err err = {0, ""};
    struct profile_set *set = NULL;
    char dir[] = "/tmp/trdb-user-XXXXXX", sub[64];
    const char *dirs[2] = {dir, NULL};

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(sub, sizeof(sub), "%s/i18n", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    /* a new language, and a line that overrides a built-in one */
    write_file(sub, "fr.tsv", "# French\nPeriod Ending\tFin de période\n\n");
    write_file(sub, "pt_BR.tsv", "Other\tPolícia\r\n");
    if (profile_set_load_search(NULL, dirs, builtin(), vocab(), &set, &err))
        fail_msg("%s", err.msg);
    assert_string_equal(profile_lang_english(lang_of(set, "fr"), "fin de PÉRIODE"),
                        "Period Ending");
    assert_string_equal(profile_lang_english(lang_of(set, "pt_BR"), "Polícia"), "Other");
    assert_string_equal(profile_lang_english(lang_of(set, "pt_BR"), "Período"), "Period Ending");
    assert_ptr_equal(set->p[0].i18n, &set->i18n);
    profile_set_free(set);
    /* a line that is not two texts is named with its file and line */
    write_file(sub, "fr.tsv", "Period Ending\tFin de période\nNumber of Requests\n");
    assert_int_equal(profile_set_load_search(NULL, dirs, builtin(), vocab(), &set, &err),
                     TRDB_EDATA);
    assert_non_null(strstr(err.msg, "fr.tsv:2: expected 'English<TAB>translated'"));
    /* one text translating two English ones in one file */
    write_file(sub, "fr.tsv", "Period Ending\tPériode\nPeriod\tpériode\n");
    assert_int_equal(profile_set_load_search(NULL, dirs, builtin(), vocab(), &set, &err),
                     TRDB_EDATA);
    assert_non_null(strstr(err.msg, "fr.tsv:2: this text translates 'Period Ending' already"));
    /* a name that is not a language code */
    remove_dir(sub, tables);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(sub, "French.tsv", "Period Ending\tFin de période\n");
    assert_int_equal(profile_set_load_search(NULL, dirs, builtin(), vocab(), &set, &err),
                     TRDB_EDATA);
    assert_non_null(strstr(err.msg, "French.tsv: the name is not a language code"));
    {
        static const char *const french[] = {"French.tsv", NULL};
        remove_dir(sub, french);
    }
    remove_dir(dir, none);
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
        cmocka_unit_test(profile_name_is_path_tells_files_from_names),
        cmocka_unit_test(profile_set_load_search_puts_the_users_first),
        cmocka_unit_test(profile_set_load_search_first_found_wins),
        cmocka_unit_test(profile_set_load_search_refuses_bad_folders),
        cmocka_unit_test(profile_i18n_tables_from_the_users_folder),
    };
    const struct CMUnitTest with_shipped[] = {
        cmocka_unit_test(profile_lang_english_reads_the_shipped_tables),
        cmocka_unit_test(profile_bind_reads_a_localized_header),
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
    rc |= cmocka_run_group_tests_name("profile_i18n", with_shipped, NULL, NULL);
    profile_set_free(shipped);
    return rc;
}
