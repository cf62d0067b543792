/*
 * fuzz_country.c: model/country.c and the name folding of lib/utf8.c. The
 * first byte picks the languages to search besides English (German, French,
 * both, none); the rest is a name as a publisher might spell it. A lookup
 * must give an entry of the list or a reason; asked again (now from the
 * cache) it must give the same answer; a code lookup the same.
 */
#include "fuzz.h"
#include "../../lib/err.h"
#include "../../model/country.h"

#include "../../lib/banned.h"

static struct country_db *db;

static void setup(void)
{
    struct trdb_err err = {0, ""};
    const char *iso = getenv("TRDB_ISO_CODES");
    const char *locale = getenv("TRDB_LOCALE_DIR");
    char dir[4096];

    db = country_db_load(iso && *iso ? iso : "/usr/share/iso-codes/json/iso_3166-1.json",
                         fuzz_data_path("countries", dir, sizeof(dir)), &err);
    FUZZ_SETUP(db != NULL, err.msg);
    /* translations are optional on a machine: without them the names stay unknown */
    country_db_add_language(db, locale && *locale ? locale : "/usr/share/locale", "de", &err);
    country_db_add_language(db, locale && *locale ? locale : "/usr/share/locale", "fr", &err);
}

/* c is NULL or an entry of the list. */
static void check_entry(const struct country *c)
{
    size_t n = country_count(db);

    if (!c)
        return;
    FUZZ_CHECK(n > 0 && c >= country_at(db, 0) && c <= country_at(db, n - 1));
    FUZZ_CHECK(c->code[0] && c->name && c->kind);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const de[] = {"de", NULL}, *const fr[] = {"fr", NULL},
                             *const both[] = {"fr", "de", NULL};
    const char *const *const choice[4] = {NULL, de, fr, both};
    struct trdb_err err = {0, ""}, again = {0, ""};
    const char *const *langs;
    const struct country *c, *c2;
    int fn = -1, fn2 = -1;
    char *s;

    if (!db)
        setup();
    if (size < 1)
        return 0;
    langs = choice[data[0] & 3];
    s = fuzz_cstr(data + 1, size - 1);

    c = country_lookup(db, s, langs, &fn, &err);
    check_entry(c);
    FUZZ_CHECK(c || err.code == TRDB_ENOTFOUND || err.code == TRDB_EAMBIG ||
               err.code == TRDB_EDATA);
    /* a name that is not UTF-8 fails before any mark is looked for: footnote stays as it was */
    FUZZ_CHECK(fn == 0 || fn == 1 || (!c && err.code == TRDB_EDATA && fn == -1));
    c2 = country_lookup(db, s, langs, &fn2, &again);
    FUZZ_CHECK(c2 == c && fn2 == fn && again.code == err.code);
    /* languages never change what a name means in English: they only add names */
    c2 = country_lookup(db, s, NULL, NULL, &again);
    check_entry(c2);
    if (c2 || !langs)
        FUZZ_CHECK(c2 == c);

    c = country_by_code(db, s);
    check_entry(c);
    if (c)
        FUZZ_CHECK(strlen(s) == 2 || strlen(s) == 3);
    free(s);
    return 0;
}
