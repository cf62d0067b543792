/*
 * vocab.c: reading data/vocabulary and answering "is X a request type, a
 * metric, a measure", and handing out the DSA category labels (see
 * vocab.h). Not for checking profiles or query parameters against it, or
 * for writing the labels to the database: their modules ask it.
 */
#include "vocab.h"
#include "../lib/alloc.h"
#include "../lib/err.h"
#include "../lib/fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../lib/banned.h"

/* A vocabulary file is a few kilobytes; a larger one is not a vocabulary. */
#define VOCAB_FILE_CAP (1u << 20)

static const char *const files[VOCAB_NLISTS] = {
    [VOCAB_REQUEST_TYPES] = "request_types.tsv",
    [VOCAB_METRICS] = "metrics.tsv",
    [VOCAB_MEASURES] = "measures.tsv",
};

struct vocab {
    char *text[VOCAB_NLISTS];   /* each file's text; the names point into it */
    char **names[VOCAB_NLISTS]; /* NULL-terminated, in file order */
    size_t n[VOCAB_NLISTS];
    char *cat_text; /* dsa_categories.tsv; the categories point into it */
    struct vocab_category *cat;
    size_t ncat, cat_cap;
};

const char *vocab_file(enum vocab_list l)
{
    return l < VOCAB_NLISTS ? files[l] : "?";
}

/* Cut text into lines and keep each line's first column, skipping comments and blanks. */
static int split_names(char *text, char ***names, size_t *n)
{
    size_t cap = 0;

    *names = NULL;
    *n = 0;
    for (char *line = text; *line;) {
        size_t len = strcspn(line, "\n"), name = strcspn(line, "\t\r\n");
        char *next = line + len + (line[len] == '\n');
        if (line[0] != '#' && name > 0) {
            /* names stays NULL-terminated */
            if (ALLOC_GROW(*names, *n + 2, cap))
                return TRDB_ENOMEM;
            line[name] = '\0';
            (*names)[(*n)++] = line;
            (*names)[*n] = NULL;
        }
        line = next;
    }
    return 0;
}

/*
 * The lines of dsa_categories.tsv (its text cut up in place): four
 * tab-separated columns, CODE and LABEL not empty. Returns 0, or TRDB_EDATA
 * naming path and the line, or TRDB_ENOMEM.
 */
static int split_categories(struct vocab *v, const char *path, struct trdb_err *err)
{
    int lineno = 0;

    for (char *line = v->cat_text; *line;) {
        size_t len = strcspn(line, "\n");
        char *next = line + len + (line[len] == '\n');
        char *col[4] = {NULL, NULL, NULL, NULL};
        int k = 0;
        lineno++;
        line[len] = '\0';
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        if (line[0] == '#' || line[0] == '\0') {
            line = next;
            continue;
        }
        for (char *c = line; *c; c++)
            k += *c == '\t';
        if (k == 3) {
            col[0] = line;
            for (k = 1; k < 4; k++) {
                col[k] = col[k - 1] + strcspn(col[k - 1], "\t");
                *col[k]++ = '\0';
            }
        }
        if (k != 4 || !col[0][0] || !col[3][0])
            return trdb_err_set(err, TRDB_EDATA,
                                "%s:%d: expected CODE<TAB>PARENT<TAB>TEMPLATE_LABEL<TAB>LABEL",
                                path, lineno);
        if (ALLOC_GROW(v->cat, v->ncat + 1, v->cat_cap))
            return trdb_err_set(err, TRDB_ENOMEM, "out of memory reading '%s'", path);
        v->cat[v->ncat].code = col[0];
        v->cat[v->ncat].parent = col[1];
        v->cat[v->ncat].template_label = col[2];
        v->cat[v->ncat].label = col[3];
        v->ncat++;
        line = next;
    }
    return 0;
}

/* dsa_categories.tsv of dir, when there is one. Returns 0 or a negative code with err. */
static int load_categories(struct vocab *v, const char *dir, struct trdb_err *err)
{
    char path[4096];
    struct stat sb;

    snprintf(path, sizeof(path), "%s/%s", dir, VOCAB_DSA_CATEGORIES);
    if (stat(path, &sb) != 0)
        return 0;
    if (!(v->cat_text = fileio_read_all(path, VOCAB_FILE_CAP, "vocabulary", NULL, err)))
        return err ? err->code : TRDB_EIO;
    return split_categories(v, path, err);
}

int vocab_load(const char *dir, struct vocab **out, struct trdb_err *err)
{
    struct vocab *v = calloc(1, sizeof(*v));
    int rc = 0;

    *out = NULL;
    if (!v)
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    for (int l = 0; l < VOCAB_NLISTS; l++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, files[l]);
        v->text[l] = fileio_read_all(path, VOCAB_FILE_CAP, "vocabulary", NULL, err);
        if (!v->text[l]) {
            rc = err ? err->code : TRDB_EIO;
            goto out;
        }
        if (split_names(v->text[l], &v->names[l], &v->n[l])) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory reading '%s'", path);
            goto out;
        }
        if (!v->n[l]) {
            rc = trdb_err_set(err, TRDB_EDATA, "vocabulary '%s' lists nothing", path);
            goto out;
        }
    }
    rc = load_categories(v, dir, err);
out:
    if (rc) {
        vocab_free(v);
        return rc;
    }
    *out = v;
    return 0;
}

void vocab_free(struct vocab *v)
{
    if (!v)
        return;
    for (int l = 0; l < VOCAB_NLISTS; l++) {
        free(v->names[l]);
        free(v->text[l]);
    }
    free(v->cat);
    free(v->cat_text);
    free(v);
}

int vocab_has(const struct vocab *v, enum vocab_list l, const char *name)
{
    if (!v || l >= VOCAB_NLISTS || !name)
        return 0;
    for (size_t i = 0; i < v->n[l]; i++)
        if (strcmp(v->names[l][i], name) == 0)
            return 1;
    return 0;
}

int vocab_is_request_type(const struct vocab *v, const char *name)
{
    return vocab_has(v, VOCAB_REQUEST_TYPES, name);
}

int vocab_is_metric(const struct vocab *v, const char *name)
{
    return vocab_has(v, VOCAB_METRICS, name);
}

int vocab_is_measure(const struct vocab *v, const char *name)
{
    return vocab_has(v, VOCAB_MEASURES, name);
}

const char *const *vocab_names(const struct vocab *v, enum vocab_list l, size_t *n)
{
    static const char *const none[] = {NULL};

    if (n)
        *n = v && l < VOCAB_NLISTS ? v->n[l] : 0;
    if (!v || l >= VOCAB_NLISTS || !v->names[l])
        return none;
    return (const char *const *)v->names[l];
}

const struct vocab_category *vocab_categories(const struct vocab *v, size_t *n)
{
    *n = v ? v->ncat : 0;
    return v ? v->cat : NULL;
}
