/*
 * profile_i18n.c: the header translations of localized downloads, one table
 * per language (formats/i18n/LANG.tsv: "English<TAB>translated" per line),
 * loaded beside a profile set and looked up case-insensitively. Not for
 * binding (profile_bind.c tries each language) or country names
 * (model/country.c reads iso-codes' translations).
 */
#include "profile.h"
#include "../lib/alloc.h"
#include "../lib/err.h"
#include "../lib/fileio.h"
#include "../lib/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "../lib/banned.h"

#define I18N_FILE_CAP (1 << 20)

/* s case-folded (Unicode, composed), white space collapsed: a malloc'd key, or NULL. */
static char *fold(const char *s)
{
    utf8proc_uint8_t *out = NULL;
    char *copy = strdup(s);

    if (!copy)
        return NULL;
    utf8_collapse_space(copy);
    if (utf8proc_map((const utf8proc_uint8_t *)copy, 0, &out,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) <
        0)
        out = NULL;
    free(copy);
    return (char *)out;
}

static int entry_cmp(const void *a, const void *b)
{
    const struct i18n_entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* 1 when lang looks like a language code: "de", "pt_BR", "zh_Hant". */
static int lang_code_ok(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n && s[i] >= 'a' && s[i] <= 'z')
        i++;
    if (i < 2 || i > 3)
        return 0;
    if (i == n)
        return 1;
    if (s[i++] != '_' || i == n)
        return 0;
    for (; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
            return 0;
    return 1;
}

/* The table of lang in t, made when missing; NULL when memory runs out. */
static struct profile_lang *lang_get(struct profile_i18n *t, const char *lang, size_t n)
{
    struct profile_lang *L;

    for (size_t i = 0; i < t->n; i++)
        if (strlen(t->langs[i].lang) == n && strncmp(t->langs[i].lang, lang, n) == 0)
            return &t->langs[i];
    if (ALLOC_GROW(t->langs, t->n + 1, t->cap))
        return NULL;
    L = &t->langs[t->n];
    memset(L, 0, sizeof(*L));
    if (!(L->lang = strndup(lang, n)))
        return NULL;
    t->n++;
    return L;
}

/*
 * Read one table into L, after what earlier folders gave (they win). A
 * line is "English<TAB>translated"; '#' starts a comment line. Returns 0 or
 * TRDB_EDATA naming the file and line.
 */
static int load_table(struct profile_lang *L, const char *path, char *text, struct trdb_err *err)
{
    size_t first = L->n;
    int line = 0;

    for (char *s = text, *next; s && *s; s = next) {
        char *nl = strchr(s, '\n'), *tab, *en, *tr;
        struct i18n_entry *e;
        next = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        line++;
        if (nl && nl > s && nl[-1] == '\r')
            nl[-1] = '\0';
        if (line == 1 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
            (unsigned char)s[2] == 0xBF)
            s += 3;
        if (s[0] == '#' || utf8_trim(s)[0] == '\0')
            continue;
        tab = strchr(s, '\t');
        if (!tab || strchr(tab + 1, '\t'))
            return trdb_err_set(err, TRDB_EDATA,
                                "%s:%d: expected 'English<TAB>translated', two columns", path,
                                line);
        *tab = '\0';
        en = utf8_collapse_space(s);
        tr = utf8_collapse_space(tab + 1);
        if (!*en || !*tr)
            return trdb_err_set(err, TRDB_EDATA, "%s:%d: a blank text", path, line);
        if (!utf8_valid(en, strlen(en), NULL) || !utf8_valid(tr, strlen(tr), NULL))
            return trdb_err_set(err, TRDB_EDATA, "%s:%d: not UTF-8", path, line);
        if (ALLOC_GROW(L->e, L->n + 1, L->cap))
            return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        e = &L->e[L->n];
        memset(e, 0, sizeof(*e));
        e->seq = L->n;
        e->line = line;
        if (!(e->en = strdup(en)) || !(e->key = fold(tr))) {
            free(e->en);
            return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        }
        L->n++;
    }
    /* one translated text stands for one English text within a file */
    for (size_t i = first; i < L->n; i++)
        for (size_t j = first; j < i; j++)
            if (strcmp(L->e[i].key, L->e[j].key) == 0 && strcmp(L->e[i].en, L->e[j].en) != 0)
                return trdb_err_set(err, TRDB_EDATA,
                                    "%s:%d: this text translates '%s' already (line %d), not '%s'",
                                    path, L->e[i].line, L->e[j].en, L->e[j].line, L->e[i].en);
    return 0;
}

int profile_i18n_load_dir(struct profile_i18n *t, const char *dir, struct trdb_err *err)
{
    char sub[4096], **names = NULL;
    struct stat st;
    size_t n = 0;
    int rc;

    if (snprintf(sub, sizeof(sub), "%s/i18n", dir) >= (int)sizeof(sub))
        return trdb_err_set(err, TRDB_ELIMIT, "path too long in '%s'", dir);
    if (stat(sub, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0; /* a folder without translations */
    if ((rc = fileio_list_dir(sub, 0, "translation folder", &names, &n, err)))
        return rc;
    for (size_t i = 0; !rc && i < n; i++) {
        size_t len = strlen(names[i]);
        char path[4096], *text;
        struct profile_lang *L;
        if (len < 5 || strcmp(names[i] + len - 4, ".tsv") != 0)
            continue;
        if (snprintf(path, sizeof(path), "%s/%s", sub, names[i]) >= (int)sizeof(path)) {
            rc = trdb_err_set(err, TRDB_ELIMIT, "path too long in '%s'", sub);
            break;
        }
        if (!lang_code_ok(names[i], len - 4)) {
            rc = trdb_err_set(err, TRDB_EDATA,
                              "%s: the name is not a language code and '.tsv' (de.tsv, pt_BR.tsv)",
                              path);
            break;
        }
        if (!(L = lang_get(t, names[i], len - 4))) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            break;
        }
        if (!(text = fileio_read_all(path, I18N_FILE_CAP, "translation table", NULL, err))) {
            rc = err ? err->code : TRDB_EIO;
            break;
        }
        rc = load_table(L, path, text, err);
        free(text);
        if (!rc)
            qsort(L->e, L->n, sizeof(*L->e), entry_cmp);
        /* keep file order among equal keys: the earlier folder's line first */
        for (size_t k = 0; k < L->n; k++)
            L->e[k].seq = k;
    }
    fileio_names_free(names);
    return rc;
}

const char *profile_lang_english(const struct profile_lang *L, const char *text)
{
    const char *en = NULL;
    char *key;
    size_t lo = 0, hi;

    if (!L || !L->n || !text || !*text || !(key = fold(text)))
        return NULL;
    hi = L->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(L->e[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < L->n && strcmp(L->e[lo].key, key) == 0)
        en = L->e[lo].en;
    free(key);
    return en;
}

void profile_i18n_release(struct profile_i18n *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        for (size_t k = 0; k < t->langs[i].n; k++) {
            free(t->langs[i].e[k].en);
            free(t->langs[i].e[k].key);
        }
        free(t->langs[i].e);
        free(t->langs[i].lang);
    }
    free(t->langs);
    memset(t, 0, sizeof(*t));
}
