/*
 * country.h: the reference list of countries and other requesters (ISO
 * 3166-1 from Debian's iso-codes, plus data/countries/entities.tsv for
 * Kosovo, the European Union, Europol, the United Nations...) and the
 * lookup from a name as a publisher spelled it to a code. Not for storing
 * anything: model/store.c copies the list into the database.
 */
#ifndef TRDB_COUNTRY_H
#define TRDB_COUNTRY_H

#include <stddef.h>

struct trdb_err;

struct country {
    char code[8]; /* ISO 3166-1 alpha-2, or a user-assigned code (XK, EU, UN, XE, ZZ) */
    char *name;   /* display name: the common name when ISO has one */
    char *kind;   /* "country", "territory", "supranational" or "unspecified" */
};

struct country_db;

/*
 * Load ISO 3166-1 from iso_json (iso-codes' iso_3166-1.json) and the
 * entities.tsv and aliases.tsv files of dir. Returns a db to be freed with
 * country_db_free, or NULL with the file and line at fault in err.
 */
struct country_db *country_db_load(const char *iso_json, const char *dir, struct trdb_err *err);
void country_db_free(struct country_db *db);

/*
 * Load the names of language lang ("de", "fr", "pt_BR"), from iso-codes'
 * translations in locale_dir/LANG/LC_MESSAGES/iso_3166-1.mo (a GNU .mo
 * file), and aliases-LANG.tsv beside aliases.tsv when there is one. They are
 * an index of their own, searched only by lookups that ask for the language
 * and only after the English names, aliases and codes, so they never change
 * what an English spelling means. Loading a language twice does nothing. A
 * damaged .mo loads nothing. Returns 0, or TRDB_ENOTFOUND / TRDB_EDATA
 * naming the file.
 */
int country_db_add_language(struct country_db *db, const char *locale_dir, const char *lang,
                            struct trdb_err *err);

/*
 * Find the entity a name stands for. Case, accents, punctuation and
 * footnote marks ("Germany*", "Korea†") do not matter. langs (NULL, or a
 * NULL-terminated list of languages loaded with country_db_add_language)
 * adds those languages' names, for this lookup only: what a name means in
 * one file never depends on what another file asked for. Returns the
 * entry, or NULL with the reason in err (unknown or ambiguous name). OUT
 * footnote (may be NULL) tells whether a footnote mark was stripped.
 */
const struct country *country_lookup(struct country_db *db, const char *name,
                                     const char *const *langs, int *footnote, struct trdb_err *err);

/* The entry for a code (alpha-2, alpha-3 or an entity code, any case), or NULL. */
const struct country *country_by_code(const struct country_db *db, const char *code);

/* Every entry, for copying into the database: count, and entry i. */
size_t country_count(const struct country_db *db);
const struct country *country_at(const struct country_db *db, size_t i);

#endif
