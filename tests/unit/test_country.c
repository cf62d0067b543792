/*
 * test_country.c: model/country.c. Every name in tests/data/country-names.tsv
 * (all the names in ../shared/realdata, and more) resolves to its code, and
 * the names marked "-" do not; every code in tests/data/country-codes.tsv
 * (what a profile's code column may hold) decides its entry, or none, and
 * every code of country-names.tsv is known as a code too.
 */
#include "table.h"
#include "../../lib/err.h"
#include "../../model/country.h"

#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/banned.h"

static struct country_db *db;

static void country_case(void **state)
{
    struct table_case *c = *state;
    struct trdb_err err = {0, ""};
    const struct country *got;

    assert_true(c->nfields >= 2);
    got = country_lookup(db, c->field[0], NULL, NULL, &err);
    if (strcmp(c->field[1], "-") == 0) {
        if (got)
            fail_msg("'%s' resolved to %s; it should not", c->field[0], got->code);
        assert_true(err.code == TRDB_ENOTFOUND || err.code == TRDB_EAMBIG);
        return;
    }
    if (!got)
        fail_msg("%s", err.msg);
    assert_string_equal(got->code, c->field[1]);
}

static void country_lookup_reports_footnote_marks(void **state)
{
    int footnote = 0;

    (void)state;
    assert_non_null(country_lookup(db, "Germany*", NULL, &footnote, NULL));
    assert_int_equal(footnote, 1);
    assert_non_null(country_lookup(db, "Germany", NULL, &footnote, NULL));
    assert_int_equal(footnote, 0);
}

static void country_lookup_names_the_unknown_name(void **state)
{
    struct trdb_err err = {0, ""};

    (void)state;
    assert_null(country_lookup(db, "Narnia", NULL, NULL, &err));
    assert_string_equal(err.msg, "unknown country 'Narnia'");
}

static void country_by_code_takes_alpha2_alpha3_and_entities(void **state)
{
    (void)state;
    assert_string_equal(country_by_code(db, "us")->code, "US");
    assert_string_equal(country_by_code(db, "FRA")->code, "FR");
    assert_string_equal(country_by_code(db, "XK")->name, "Kosovo");
    assert_string_equal(country_by_code(db, "UN")->kind, "supranational");
    assert_null(country_by_code(db, "QQ"));
    assert_null(country_by_code(db, ""));
}

static void country_display_names_prefer_common_names(void **state)
{
    (void)state;
    assert_string_equal(country_by_code(db, "TW")->name, "Taiwan");
    assert_string_equal(country_by_code(db, "KR")->name, "South Korea");
    assert_string_equal(country_by_code(db, "DE")->name, "Germany");
}

static void country_lookup_rejects_invalid_utf8(void **state)
{
    struct trdb_err err = {0, ""};

    (void)state;
    assert_null(country_lookup(db,
                               "Fran\xe7"
                               "e",
                               NULL, NULL, &err));
    assert_non_null(strstr(err.msg, "UTF-8"));
}

static void country_db_add_language_knows_translated_names(void **state)
{
    static const char *const de[] = {"de", NULL};
    struct trdb_err err = {0, ""};

    (void)state;
    if (access("/usr/share/locale/de/LC_MESSAGES/iso_3166-1.mo", R_OK) != 0)
        skip();
    assert_null(country_lookup(db, "Deutschland", de, NULL, NULL));
    assert_int_equal(country_db_add_language(db, "/usr/share/locale", "de", &err), 0);
    assert_string_equal(country_lookup(db, "Deutschland", de, NULL, NULL)->code, "DE");
    assert_string_equal(country_lookup(db, "Türkei", de, NULL, NULL)->code, "TR");
    assert_string_equal(country_lookup(db, "Vereinigte Staaten", de, NULL, NULL)->code, "US");
    /* from aliases-de.tsv */
    assert_string_equal(country_lookup(db, "Russland", de, NULL, NULL)->code, "RU");
    /* only for lookups that ask for German */
    assert_null(country_lookup(db, "Deutschland", NULL, NULL, &err));
    assert_string_equal(err.msg, "unknown country 'Deutschland'");
    /* English still means what it meant */
    assert_string_equal(country_lookup(db, "Germany", de, NULL, NULL)->code, "DE");
    assert_int_equal(country_db_add_language(db, "/usr/share/locale", "de", &err), 0);
    assert_int_equal(country_db_add_language(db, "/usr/share/locale", "xx", &err), TRDB_ENOTFOUND);
    assert_non_null(strstr(err.msg, "language 'xx'"));
}

static void country_db_add_language_knows_brazilian_names(void **state)
{
    static const char *const pt[] = {"pt_BR", NULL};
    struct trdb_err err = {0, ""};

    (void)state;
    if (access("/usr/share/locale/pt_BR/LC_MESSAGES/iso_3166-1.mo", R_OK) != 0)
        skip();
    assert_int_equal(country_db_add_language(db, "/usr/share/locale", "pt_BR", &err), 0);
    /* iso-codes' pt_BR names */
    assert_string_equal(country_lookup(db, "Turquia", pt, NULL, NULL)->code, "TR");
    assert_string_equal(country_lookup(db, "Costa do Marfim", pt, NULL, NULL)->code, "CI");
    assert_string_equal(country_lookup(db, "Alemanha", pt, NULL, NULL)->code, "DE");
    /* from aliases-pt_BR.tsv */
    assert_string_equal(country_lookup(db, "Rússia", pt, NULL, NULL)->code, "RU");
    assert_string_equal(country_lookup(db, "Holanda", pt, NULL, NULL)->code, "NL");
    assert_string_equal(country_lookup(db, "Kosovo", pt, NULL, NULL)->code, "XK");
    /* only for lookups that ask for it */
    assert_null(country_lookup(db, "Alemanha", NULL, NULL, &err));
}

/* A copy of the German .mo, cut or with a lying string count, loads nothing. */
static void country_db_add_language_refuses_a_damaged_mo(void **state)
{
    static const char *const xd[] = {"xd", NULL};
    char dir[] = "/tmp/trdb-mo-XXXXXX", path[128], sub[96];
    struct trdb_err err = {0, ""};
    FILE *in, *out;
    unsigned char buf[4096];
    size_t n, total = 0;

    (void)state;
    if (!(in = fopen("/usr/share/locale/de/LC_MESSAGES/iso_3166-1.mo", "rb")))
        skip();
    assert_non_null(mkdtemp(dir));
    snprintf(sub, sizeof(sub), "%s/xd", dir);
    mkdir(sub, 0700);
    snprintf(sub, sizeof(sub), "%s/xd/LC_MESSAGES", dir);
    mkdir(sub, 0700);
    snprintf(path, sizeof(path), "%s/iso_3166-1.mo", sub);
    out = fopen(path, "wb");
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0 && total < 12000) {
        fwrite(buf, 1, n, out);
        total += n;
    }
    fclose(in);
    fclose(out);
    truncate(path, 12000);
    assert_int_equal(country_db_add_language(db, dir, "xd", &err), TRDB_EDATA);
    assert_non_null(strstr(err.msg, "is damaged"));
    assert_non_null(strstr(err.msg, "iso_3166-1.mo"));
    assert_null(country_lookup(db, "Brasilien", xd, NULL, NULL));
    /* a string count that claims far more than the file holds */
    out = fopen(path, "r+b");
    fseek(out, 8, SEEK_SET);
    fwrite("\xff\xff\xff\xff", 1, 4, out);
    fclose(out);
    assert_int_equal(country_db_add_language(db, dir, "xd", &err), TRDB_EDATA);
    assert_non_null(strstr(err.msg, "tables run past its end"));
    unlink(path);
    rmdir(sub);
    snprintf(sub, sizeof(sub), "%s/xd", dir);
    rmdir(sub);
    rmdir(dir);
}

/* A code column's cell: the entry it decides, or none. */
static void code_case(void **state)
{
    struct table_case *c = *state;
    const struct country *got;

    assert_true(c->nfields >= 2);
    got = country_by_code(db, c->field[0]);
    if (strcmp(c->field[1], "-") == 0) {
        if (got)
            fail_msg("code '%s' decided %s; it should be unknown", c->field[0], got->code);
        return;
    }
    if (!got) {
        fail_msg("code '%s' is unknown; it should decide %s", c->field[0], c->field[1]);
        return;
    }
    assert_string_equal(got->code, c->field[1]);
}

/* The publishers' codes beside the names of real files are known as codes. */
static void name_case_code(void **state)
{
    struct table_case *c = *state;
    const struct country *got;

    assert_true(c->nfields >= 2);
    if (strcmp(c->field[1], "-") == 0)
        return;
    got = country_by_code(db, c->field[1]);
    if (!got) {
        fail_msg("code '%s' (of '%s') is unknown as a code", c->field[1], c->field[0]);
        return;
    }
    assert_string_equal(got->code, c->field[1]);
}

int main(void)
{
    struct trdb_err err = {0, ""};
    struct table_case *cases;
    char dir[4096];
    const char *data = getenv("TRDB_DATA");
    const char *iso = getenv("TRDB_ISO_CODES");
    int n, rc;
    const struct CMUnitTest fixed[] = {
        cmocka_unit_test(country_lookup_reports_footnote_marks),
        cmocka_unit_test(country_lookup_names_the_unknown_name),
        cmocka_unit_test(country_by_code_takes_alpha2_alpha3_and_entities),
        cmocka_unit_test(country_display_names_prefer_common_names),
        cmocka_unit_test(country_lookup_rejects_invalid_utf8),
        cmocka_unit_test(country_db_add_language_knows_translated_names),
        cmocka_unit_test(country_db_add_language_knows_brazilian_names),
        cmocka_unit_test(country_db_add_language_refuses_a_damaged_mo),
    };

    snprintf(dir, sizeof(dir), "%s/countries", data && *data ? data : "data");
    db =
        country_db_load(iso && *iso ? iso : "/usr/share/iso-codes/json/iso_3166-1.json", dir, &err);
    if (!db) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    n = table_load("country-names.tsv", &cases);
    rc = table_run("country_lookup", cases, n, country_case);
    rc |= table_run("country_by_code of a name's code", cases, n, name_case_code);
    table_free(cases, n);
    n = table_load("country-codes.tsv", &cases);
    rc |= table_run("country_by_code", cases, n, code_case);
    rc |= cmocka_run_group_tests_name("country", fixed, NULL, NULL);
    table_free(cases, n);
    country_db_free(db);
    return rc;
}
