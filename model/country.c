/*
 * country.c: a sorted index from folded name keys (lib/utf8.c) to entries.
 * Every ISO name, official name and common name is a key; so are the names
 * with their qualifier dropped ("Micronesia, Federated States of" ->
 * "micronesia") when that short form is not shared by two countries; the
 * aliases file overrides both. Keys found for two entries at one priority
 * are kept as ambiguous, so a lookup says so instead of guessing.
 */
#include "country.h"
#include "../lib/alloc.h"
#include "../lib/err.h"
#include "../lib/fileio.h"
#include "../lib/utf8.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/banned.h"

enum prio { PRIO_SHORT = 1, PRIO_CODE = 2, PRIO_NAME = 3, PRIO_ALIAS = 4 };

#define MAX_LANGS 32

struct key {
    char *key;
    int entry; /* index into entries, or -1 when ambiguous */
    int prio;
    int lang; /* 0: the base index; i: the names of langs[i - 1], searched only when asked */
};

struct cache_slot {
    char *raw;
    char *key; /* its folded key */
    int entry; /* -1: not found */
    int footnote;
};

#define CACHE_SLOTS 512

struct country_db {
    struct country *entries;
    size_t n, alloc;
    struct key *keys;
    size_t nkeys, kalloc;
    size_t nsorted; /* keys[0..nsorted) are sorted and searchable; more may follow */
    struct cache_slot cache[CACHE_SLOTS];
    char langs[MAX_LANGS][16]; /* languages whose names are loaded */
    int nlangs;
    int adding_lang; /* the lang of keys being added now (0: base) */
    char dir[4096];  /* data/countries, for aliases-LANG.tsv */
};

static int add_entry(struct country_db *db, const char *code, const char *name, const char *kind)
{
    struct country *c;

    if (ALLOC_GROW(db->entries, db->n + 1, db->alloc))
        return -1;
    c = &db->entries[db->n];
    snprintf(c->code, sizeof(c->code), "%s", code);
    c->name = strdup(name);
    c->kind = strdup(kind);
    if (!c->name || !c->kind) {
        free(c->name);
        free(c->kind);
        return -1;
    }
    return (int)db->n++;
}

static int add_key(struct country_db *db, const char *name, size_t len, int entry, int prio)
{
    char *k = utf8_fold_key(name, len);

    if (!k)
        return -1;
    if (!*k) {
        free(k);
        return 0;
    }
    if (ALLOC_GROW(db->keys, db->nkeys + 1, db->kalloc)) {
        free(k);
        return -1;
    }
    db->keys[db->nkeys].key = k;
    db->keys[db->nkeys].entry = entry;
    db->keys[db->nkeys].prio = prio;
    db->keys[db->nkeys].lang = db->adding_lang;
    db->nkeys++;
    return 0;
}

/* "Micronesia, Federated States of" and "Holy See (Vatican City State)" lose their tail. */
static int add_short_key(struct country_db *db, const char *name, int entry)
{
    const char *comma = strchr(name, ',');
    const char *paren = strstr(name, " (");
    const char *cut = comma && (!paren || comma < paren) ? comma : paren;

    if (!cut)
        return 0;
    return add_key(db, name, (size_t)(cut - name), entry, PRIO_SHORT);
}

static int search(const struct country_db *db, const char *key, int lang);
static int lang_index(const struct country_db *db, const char *lang);

static int key_cmp(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    if (c)
        return c;
    if (x->lang != y->lang)
        return x->lang - y->lang;
    return y->prio - x->prio; /* highest priority first */
}

/* Sort, then keep one key per string and language: the highest priority, or ambiguous. */
static void finish_index(struct country_db *db)
{
    size_t w = 0;

    qsort(db->keys, db->nkeys, sizeof(*db->keys), key_cmp);
    for (size_t i = 0; i < db->nkeys;) {
        size_t j = i + 1;
        struct key best = db->keys[i];
        for (; j < db->nkeys && strcmp(db->keys[j].key, best.key) == 0 &&
               db->keys[j].lang == best.lang;
             j++) {
            if (db->keys[j].prio == best.prio && db->keys[j].entry != best.entry)
                best.entry = -1;
        }
        /* a short form shared by two countries helps nobody: drop it */
        if (best.entry < 0 && best.prio == PRIO_SHORT) {
            free(best.key);
        } else {
            db->keys[w++] = best;
        }
        for (size_t k = i + 1; k < j; k++)
            free(db->keys[k].key);
        i = j;
    }
    db->nkeys = w;
    db->nsorted = w;
}

/* iso-codes' JSON is about 100 KB: anything past 64 MiB is not it. */
#define ISO_JSON_CAP ((64u << 20) - 1)

static int load_iso(struct country_db *db, const char *path, struct trdb_err *err)
{
    char *text = fileio_read_all(path, ISO_JSON_CAP, NULL, NULL, err);
    cJSON *root = NULL, *list, *item;
    int rc = TRDB_EDATA;

    if (!text)
        return err ? err->code : TRDB_EIO;
    root = cJSON_Parse(text);
    list = cJSON_GetObjectItemCaseSensitive(root, "3166-1");
    if (!cJSON_IsArray(list)) {
        trdb_err_set(err, TRDB_EDATA, "'%s' is not iso-codes' ISO 3166-1 JSON", path);
        goto out;
    }
    cJSON_ArrayForEach(item, list)
    {
        const char *a2 = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "alpha_2"));
        const char *a3 = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "alpha_3"));
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "name"));
        const char *off =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "official_name"));
        const char *common =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "common_name"));
        int e;

        if (!a2 || !name || strlen(a2) != 2)
            continue;
        e = add_entry(db, a2, common ? common : name, "country");
        if (e < 0 || add_key(db, name, strlen(name), e, PRIO_NAME) || add_short_key(db, name, e) ||
            add_key(db, a2, 2, e, PRIO_CODE) || (a3 && add_key(db, a3, strlen(a3), e, PRIO_CODE)) ||
            (off && (add_key(db, off, strlen(off), e, PRIO_NAME) || add_short_key(db, off, e))) ||
            (common && add_key(db, common, strlen(common), e, PRIO_NAME))) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory loading '%s'", path);
            goto out;
        }
    }
    rc = 0;
out:
    cJSON_Delete(root);
    free(text);
    return rc;
}

/* Split a line into at most max tab-separated fields, in place. Returns the count. */
static int split_tabs(char *line, char **f, int max)
{
    int n = 0;

    line[strcspn(line, "\r\n")] = '\0';
    while (n < max) {
        f[n++] = line;
        line = strchr(line, '\t');
        if (!line)
            break;
        *line++ = '\0';
    }
    return n;
}

static int find_code(const struct country_db *db, const char *code)
{
    for (size_t i = 0; i < db->n; i++)
        if (strcasecmp(db->entries[i].code, code) == 0)
            return (int)i;
    return -1;
}

/*
 * entities.tsv: CODE<TAB>KIND<TAB>NAME[<TAB>OTHER NAME...]
 * aliases.tsv:  NAME<TAB>CODE
 * Blank lines and lines starting with '#' are comments.
 */
static int load_tsv(struct country_db *db, const char *path, int aliases, int prio,
                    struct trdb_err *err)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    int lineno = 0, rc = 0;

    if (!f)
        return trdb_err_set(err, TRDB_EIO, "cannot open '%s': %s", path, strerror(errno));
    while (fgets(line, sizeof(line), f)) {
        char *fld[8];
        int nf, e;

        lineno++;
        if (line[0] == '#' || line[strspn(line, " \t\r\n")] == '\0')
            continue;
        nf = split_tabs(line, fld, 8);
        if (aliases) {
            if (nf != 2 || (e = find_code(db, fld[1])) < 0) {
                rc = trdb_err_set(err, TRDB_EDATA, "%s:%d: expected NAME<TAB>KNOWN-CODE", path,
                                  lineno);
                break;
            }
            if (add_key(db, fld[0], strlen(fld[0]), e, prio)) {
                rc = trdb_err_set(err, TRDB_EDATA, "%s:%d: alias is not valid UTF-8", path, lineno);
                break;
            }
            continue;
        }
        if (nf < 3 || strlen(fld[0]) < 2 || strlen(fld[0]) > 3 || find_code(db, fld[0]) >= 0) {
            rc = trdb_err_set(err, TRDB_EDATA, "%s:%d: expected a new CODE<TAB>KIND<TAB>NAME", path,
                              lineno);
            break;
        }
        e = add_entry(db, fld[0], fld[2], fld[1]);
        if (e < 0 || add_key(db, fld[0], strlen(fld[0]), e, PRIO_CODE)) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory loading '%s'", path);
            break;
        }
        for (int i = 2; i < nf; i++) {
            if (add_key(db, fld[i], strlen(fld[i]), e, PRIO_NAME)) {
                rc = trdb_err_set(err, TRDB_EDATA, "%s:%d: name is not valid UTF-8", path, lineno);
                break;
            }
        }
        if (rc)
            break;
    }
    fclose(f);
    return rc;
}

struct country_db *country_db_load(const char *iso_json, const char *dir, struct trdb_err *err)
{
    struct country_db *db = calloc(1, sizeof(*db));
    char path[4096];

    if (!db) {
        trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        return NULL;
    }
    if (load_iso(db, iso_json, err))
        goto fail;
    snprintf(db->dir, sizeof(db->dir), "%s", dir);
    snprintf(path, sizeof(path), "%s/entities.tsv", dir);
    if (load_tsv(db, path, 0, PRIO_NAME, err))
        goto fail;
    snprintf(path, sizeof(path), "%s/aliases.tsv", dir);
    if (load_tsv(db, path, 1, PRIO_ALIAS, err))
        goto fail;
    finish_index(db);
    return db;
fail:
    country_db_free(db);
    return NULL;
}

static uint32_t mo_word(const unsigned char *p, int swap)
{
    return swap ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
                : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* String i of a .mo table at offset table; NULL when it lies outside the file. */
static const char *mo_string(const unsigned char *mo, size_t size, uint32_t table, uint32_t i,
                             int swap)
{
    uint64_t at = (uint64_t)table + 8ull * i;
    uint32_t len, off;

    if (at + 8 > size)
        return NULL;
    len = mo_word(mo + at, swap);
    off = mo_word(mo + at + 4, swap);
    if ((uint64_t)off + len >= size || mo[off + len] != '\0')
        return NULL;
    return (const char *)mo + off;
}

int country_db_add_language(struct country_db *db, const char *locale_dir, const char *lang,
                            struct trdb_err *err)
{
    char path[sizeof(db->dir) + 64];
    unsigned char *mo = NULL;
    size_t size = 0;
    uint32_t n, orig, trans;
    int swap, rc = 0;
    FILE *f;

    if (lang_index(db, lang))
        return 0;
    if (db->nlangs == MAX_LANGS || strlen(lang) >= sizeof(db->langs[0]))
        return trdb_err_set(err, TRDB_ELIMIT, "too many languages (or '%s' is too long)", lang);
    snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/iso_3166-1.mo", locale_dir, lang);
    f = fopen(path, "rb");
    if (!f)
        return trdb_err_set(err, TRDB_ENOTFOUND, "no country names in language '%s' ('%s': %s)",
                            lang, path, strerror(errno));
    if (fseek(f, 0, SEEK_END) == 0) {
        long len = ftell(f);
        if (len > 0 && len < (16L << 20) && fseek(f, 0, SEEK_SET) == 0 &&
            (mo = malloc((size_t)len)) != NULL && fread(mo, 1, (size_t)len, f) == (size_t)len)
            size = (size_t)len;
    }
    fclose(f);
    if (size < 28) {
        rc = trdb_err_set(err, TRDB_EDATA, "'%s' cannot be read as a .mo file", path);
        goto out;
    }
    if (mo_word(mo, 0) == 0x950412de)
        swap = 0;
    else if (mo_word(mo, 1) == 0x950412de)
        swap = 1;
    else {
        rc = trdb_err_set(err, TRDB_EDATA, "'%s' is not a .mo file", path);
        goto out;
    }
    n = mo_word(mo + 8, swap);
    orig = mo_word(mo + 12, swap);
    trans = mo_word(mo + 16, swap);
    /* both tables, and every string they point at, must lie inside the file */
    if ((uint64_t)orig + 8ull * n > size || (uint64_t)trans + 8ull * n > size) {
        rc = trdb_err_set(err, TRDB_EDATA, "'%s' is damaged: its tables run past its end", path);
        goto out;
    }
    db->adding_lang = db->nlangs + 1;
    for (uint32_t i = 0; i < n; i++) {
        const char *id = mo_string(mo, size, orig, i, swap);
        const char *tr = mo_string(mo, size, trans, i, swap);
        char *key;
        int e;
        if (!id || !tr) {
            rc = trdb_err_set(err, TRDB_EDATA, "'%s' is damaged: string %u lies outside it", path,
                              (unsigned)i);
            goto out;
        }
        if (!*id || !*tr)
            continue; /* the header */
        key = utf8_fold_key(id, strlen(id));
        e = key && *key ? search(db, key, 0) : -1;
        free(key);
        if (e >= 0 && add_key(db, tr, strlen(tr), e, PRIO_NAME) != 0) {
            rc = trdb_err_set(err, TRDB_EDATA, "'%s': a name is not valid UTF-8", path);
            goto out;
        }
    }
    /* the publishers' own spellings in that language, when data/countries has them */
    snprintf(path, sizeof(path), "%s/aliases-%s.tsv", db->dir, lang);
    if ((f = fopen(path, "r")) != NULL) {
        fclose(f);
        if ((rc = load_tsv(db, path, 1, PRIO_ALIAS, err)))
            goto out;
    }
    snprintf(db->langs[db->nlangs++], sizeof(db->langs[0]), "%s", lang);
out:
    db->adding_lang = 0;
    if (rc) {
        /* drop what was added: the language is not loaded */
        size_t w = db->nsorted;
        for (size_t i = db->nsorted; i < db->nkeys; i++)
            free(db->keys[i].key);
        db->nkeys = w;
    } else {
        finish_index(db);
    }
    free(mo);
    return rc;
}

void country_db_free(struct country_db *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < db->n; i++) {
        free(db->entries[i].name);
        free(db->entries[i].kind);
    }
    for (size_t i = 0; i < db->nkeys; i++)
        free(db->keys[i].key);
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        free(db->cache[i].raw);
        free(db->cache[i].key);
    }
    free(db->entries);
    free(db->keys);
    free(db);
}

/* Strip footnote marks publishers put after names: * and daggers, digits, superscripts. */
static size_t strip_marks(const char *s, size_t n, int *found)
{
    *found = 0;
    for (;;) {
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        if (n && (s[n - 1] == '*' || (s[n - 1] >= '0' && s[n - 1] <= '9'))) {
            n--;
        } else if (n >= 3 && (unsigned char)s[n - 3] == 0xe2 && (unsigned char)s[n - 2] == 0x80 &&
                   ((unsigned char)s[n - 1] == 0xa0 || (unsigned char)s[n - 1] == 0xa1)) {
            n -= 3; /* dagger, double dagger */
        } else if (n >= 2 && (unsigned char)s[n - 2] == 0xc2 &&
                   ((unsigned char)s[n - 1] == 0xa7 || (unsigned char)s[n - 1] == 0xb9 ||
                    (unsigned char)s[n - 1] == 0xb2 || (unsigned char)s[n - 1] == 0xb3)) {
            n -= 2; /* section sign, superscript one to three */
        } else {
            return n;
        }
        *found = 1;
    }
}

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static int search(const struct country_db *db, const char *key, int lang)
{
    size_t lo = 0, hi = db->nsorted;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(db->keys[mid].key, key);
        if (c == 0)
            c = db->keys[mid].lang - lang;
        if (c == 0)
            return db->keys[mid].entry < 0 ? -2 : db->keys[mid].entry;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int lang_index(const struct country_db *db, const char *lang)
{
    for (int i = 0; i < db->nlangs; i++)
        if (strcmp(db->langs[i], lang) == 0)
            return i + 1;
    return 0;
}

const struct country *country_lookup(struct country_db *db, const char *name,
                                     const char *const *langs, int *footnote, struct trdb_err *err)
{
    struct cache_slot *slot = &db->cache[hash_str(name) % CACHE_SLOTS];
    int found = 0, e;
    size_t n;
    char *key = NULL;

    if (slot->raw && strcmp(slot->raw, name) == 0) {
        e = slot->entry;
        found = slot->footnote;
        key = slot->key;
    } else {
        n = strip_marks(name, strlen(name), &found);
        key = utf8_fold_key(name, n);
        if (!key) {
            trdb_err_set(err, TRDB_EDATA, "country name is not valid UTF-8");
            return NULL;
        }
        e = *key ? search(db, key, 0) : -1;
        if (strlen(name) < 256) {
            free(slot->raw);
            free(slot->key);
            slot->raw = strdup(name);
            slot->key = key;
            slot->entry = e;
            slot->footnote = found;
            if (!slot->raw)
                slot->key = NULL; /* not cached after all: key is freed below */
        }
    }
    /* names of the languages asked for, only when the base index does not know it */
    for (size_t i = 0; e == -1 && key && *key && langs && langs[i]; i++) {
        int l = lang_index(db, langs[i]);
        if (l)
            e = search(db, key, l);
    }
    if (key && (!slot->key || key != slot->key))
        free(key);
    if (footnote)
        *footnote = found;
    if (e == -2) {
        trdb_err_set(err, TRDB_EAMBIG, "ambiguous country '%s' (add it to aliases.tsv)", name);
        return NULL;
    }
    if (e < 0) {
        trdb_err_set(err, TRDB_ENOTFOUND, "unknown country '%s'", name);
        return NULL;
    }
    return &db->entries[e];
}

const struct country *country_by_code(const struct country_db *db, const char *code)
{
    size_t n = strlen(code);

    if (n == 2 || n == 3) {
        for (size_t i = 0; i < db->n; i++)
            if (strcasecmp(db->entries[i].code, code) == 0)
                return &db->entries[i];
    }
    if (n == 3) {
        /* alpha-3: search the index, where alpha-3 codes are keys */
        char lower[4];
        int e;
        for (size_t i = 0; i < 3; i++)
            lower[i] = (char)((code[i] >= 'A' && code[i] <= 'Z') ? code[i] + 32 : code[i]);
        lower[3] = '\0';
        e = search(db, lower, 0);
        if (e >= 0)
            return &db->entries[e];
    }
    return NULL;
}

size_t country_count(const struct country_db *db)
{
    return db->n;
}

const struct country *country_at(const struct country_db *db, size_t i)
{
    return i < db->n ? &db->entries[i] : NULL;
}
