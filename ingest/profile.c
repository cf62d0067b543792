/*
 * profile.c: loading format profiles: one JSON file into a struct profile
 * (its top-level keys, kind and format, match rules, fields and measures),
 * and folders of them (the user's before the built-in ones, the first of a
 * name winning) into a profile set checked against the vocabulary
 * (model/vocab.h). Profiles are strict: an unknown key or parser is an error
 * that names the file, so a typo never silently drops a column. The format
 * is documented in data/formats/README.md. Not for binding a profile to a
 * header (profile_bind.c); the parts of one field or measure are read in
 * profile_spec.c.
 */
#include "profile_int.h"
#include "../lib/alloc.h"
#include "../lib/err.h"
#include "../lib/fileio.h"
#include "../lib/rx.h"
#include "../model/vocab.h"
#include "source.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

static const char *const field_names[F_COUNT] = {
    [F_PERIOD] = "period",
    [F_COUNTRY] = "country",
    [F_REQUEST_TYPE] = "request_type",
    [F_LEGAL_PROCESS] = "legal_process",
    [F_REQUESTER] = "requester",
    [F_PRODUCT] = "product",
    [F_REASON] = "reason",
    [F_DETAIL] = "detail",
    [F_SUBCATEGORY] = "subcategory",
    [F_STORE] = "store",
    [F_APP_ID] = "app_id",
    [F_BUNDLE_ID] = "bundle_id",
    [F_APP_NAME] = "app_name",
    [F_DEVELOPER] = "developer",
    [F_CATEGORY] = "category",
    [F_STOREFRONT] = "storefront",
    [F_DATE] = "date",
    [F_SOURCE_URL] = "source_url",
    [F_AVAILABLE] = "available",
    [F_CHANGE] = "change",
};

static const char *const kind_names[] = {
    "facts", "app_removals", "app_observations", "app_changes", "records", "skip", NULL};

/* Which fields each kind of profile may fill, and which it must. */
static int field_allowed(enum profile_kind k, int f)
{
    if (k == KIND_FACTS)
        return f <= F_FACT_LAST;
    if (f == F_REASON || (f >= F_STORE && f <= F_SOURCE_URL))
        return 1;
    return (f == F_AVAILABLE && k == KIND_APP_OBSERVATIONS) ||
           (f == F_CHANGE && k == KIND_APP_CHANGES);
}

static int field_required(enum profile_kind k, int f)
{
    if (k == KIND_FACTS)
        return f == F_PERIOD || f == F_COUNTRY || f == F_REQUEST_TYPE;
    return f == F_APP_ID || f == F_STOREFRONT || f == F_DATE ||
           (f == F_AVAILABLE && k == KIND_APP_OBSERVATIONS) ||
           (f == F_CHANGE && k == KIND_APP_CHANGES);
}

const char *profile_field_name(enum field_id f)
{
    return f < F_COUNT ? field_names[f] : "?";
}

static void profile_release(struct profile *p)
{
    free(p->name);
    free(p->description);
    free(p->publisher);
    free(p->dataset);
    free(p->encoding);
    for (size_t i = 0; p->keys && p->keys[i]; i++)
        free(p->keys[i]);
    free(p->keys);
    free(p->paths); /* the strings belong to the fields */
    free(p->path);
    rx_free(p->filename);
    for (size_t i = 0; i < p->ncolumns; i++)
        rx_free(p->columns[i]);
    free(p->columns);
    for (size_t i = 0; i < p->nignore; i++)
        rx_free(p->ignore[i]);
    free(p->ignore);
    for (int f = 0; f < F_COUNT; f++)
        profile_field_release(&p->field[f]);
    for (size_t i = 0; i < p->nmeasures; i++) {
        struct measure_spec *m = &p->measures[i];
        free(m->metric);
        free(m->request_type);
        rx_free(m->column);
        rx_free(m->low);
        rx_free(m->high);
        free(m->value);
        rx_free(m->note);
    }
    free(p->measures);
    profile_rows_release(p);
    profile_records_release(p);
}

/* Offset -> "line L, column C" for cJSON's parse errors. */
static void where_in_text(const char *text, const char *at, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (const char *p = text; p < at && *p; p++) {
        if (*p == '\n')
            (*line)++, *col = 1;
        else
            (*col)++;
    }
}

static int load_profile(const char *path, const char *text, struct profile *p, struct trdb_err *err)
{
    static const char *const keys[] = {
        "name",       "description",    "publisher",  "dataset", "summary", "encoding",
        "kind",       "format",         "unparsable", "match",   "fields",  "measures",
        "ignore",     "header_rows",    "hierarchy",  "notes",   "order",   "table",
        "indicators", "publisher_from", NULL};
    static const char *const match_keys[] = {"filename", "columns", "keys", NULL};
    struct loader l = {path, err};
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(text, &end, 1), *fields, *measures, *match, *it;
    int rc = 0;
    size_t i = 0;

    memset(p, 0, sizeof(*p));
    for (int f = 0; f < F_COUNT; f++)
        p->field[f].popts.months = 6;
    if (!root) {
        int line, col;
        where_in_text(text, end ? end : text, &line, &col);
        return trdb_err_set(err, TRDB_EDATA, "%s:%d:%d: not valid JSON", path, line, col);
    }
    if (!cJSON_IsObject(root)) {
        rc = profile_bad(&l, "a profile is a JSON object");
        goto out;
    }
    p->path = strdup(path);
    if (!p->path) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = profile_check_keys(&l, root, "the profile", keys)) ||
        (rc = profile_get_str(&l, root, "name", 1, &p->name, "the profile")) ||
        (rc = profile_get_str(&l, root, "description", 1, &p->description, "the profile")) ||
        (rc = cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root, "publisher"))
                  ? profile_load_publisher(&l, cJSON_GetObjectItemCaseSensitive(root, "publisher"),
                                           &p->pub, &p->publisher)
                  : profile_get_str(&l, root, "publisher", 0, &p->publisher, "the profile")) ||
        (rc = profile_get_str(&l, root, "dataset", 0, &p->dataset, "the profile")) ||
        (rc = profile_get_bool(&l, root, "summary", 1, &p->summary, "the profile")) ||
        (rc = profile_get_str(&l, root, "encoding", 0, &p->encoding, "the profile")) ||
        (rc = p->encoding && !source_encoding_known(p->encoding)
                  ? profile_bad(&l, "encoding '%s' is not one iconv knows (see 'iconv -l')",
                                p->encoding)
                  : 0) ||
        (rc = profile_get_rx_list(&l, root, "ignore", &p->ignore, &p->nignore, "the profile")))
        goto out;
    {
        char *kind = NULL, *format = NULL, *unparsable = NULL;
        int k;
        if ((rc = profile_get_str(&l, root, "kind", 0, &kind, "the profile")) ||
            (rc = profile_get_str(&l, root, "format", 0, &format, "the profile")) ||
            (rc = profile_get_str(&l, root, "unparsable", 0, &unparsable, "the profile"))) {
            free(kind);
            free(format);
            goto out;
        }
        for (k = 0; kind && kind_names[k] && strcmp(kind, kind_names[k]) != 0; k++)
            ;
        if (kind && !kind_names[k])
            rc = profile_bad(&l,
                             "'kind' must be facts, app_removals, app_observations, app_changes, "
                             "records or skip, not '%s'",
                             kind);
        p->kind = kind ? (enum profile_kind)k : KIND_FACTS;
        if (!format || strcmp(format, "csv") == 0)
            p->format = FORMAT_CSV;
        else if (strcmp(format, "json") == 0)
            p->format = FORMAT_JSON;
        else if (strcmp(format, "jsonl") == 0)
            p->format = FORMAT_JSONL;
        else if (!rc)
            rc = profile_bad(&l, "'format' must be csv, json or jsonl, not '%s'", format);
        if (unparsable && strcmp(unparsable, "unknown") == 0 && p->format == FORMAT_JSON)
            p->unparsable_unknown = 1;
        else if (unparsable && !rc)
            rc = profile_bad(&l, "'unparsable' can only be \"unknown\", for a json profile");
        free(kind);
        free(format);
        free(unparsable);
        /* every profile but a skip one says where what it reads comes from */
        if (!rc && p->kind != KIND_SKIP && (!p->publisher || !p->dataset))
            rc = profile_bad(&l, "missing '%s' in the profile",
                             p->publisher ? "dataset" : "publisher");
        if (rc)
            goto out;
    }
    {
        /* a spreadsheet's group row over its label row: the header spans two records */
        const cJSON *rows = cJSON_GetObjectItemCaseSensitive(root, "header_rows");
        p->header_rows = 1;
        if (rows && (!cJSON_IsNumber(rows) || (rows->valuedouble != 1 && rows->valuedouble != 2)))
            rc = profile_bad(&l, "'header_rows' must be 1 or 2");
        else if (rows && rows->valuedouble == 2 && p->format != FORMAT_CSV)
            rc = profile_bad(&l, "'header_rows' is for csv profiles only");
        else if (rows)
            p->header_rows = (int)rows->valuedouble;
        if (rc)
            goto out;
    }

    {
        /* files of one folder or zip load in this order: a DSA report's Table 1 first */
        const cJSON *order = cJSON_GetObjectItemCaseSensitive(root, "order");
        p->order = PROFILE_ORDER_DEFAULT;
        if (order && (!cJSON_IsNumber(order) || order->valuedouble != (double)order->valueint ||
                      order->valueint < 0 || order->valueint > PROFILE_ORDER_DEFAULT)) {
            rc = profile_bad(&l, "'order' must be a whole number from 0 to %d",
                             PROFILE_ORDER_DEFAULT);
            goto out;
        }
        if (order)
            p->order = order->valueint;
    }

    match = cJSON_GetObjectItemCaseSensitive(root, "match");
    if (!cJSON_IsObject(match)) {
        rc = profile_bad(&l, "missing 'match' object");
        goto out;
    }
    if ((rc = profile_check_keys(&l, match, "'match'", match_keys)) ||
        (rc = profile_get_rx(&l, match, "filename", &p->filename, "'match'")) ||
        (rc = profile_get_rx_list(&l, match, "columns", &p->columns, &p->ncolumns, "'match'")))
        goto out;
    if (p->format == FORMAT_CSV && p->ncolumns == 0) {
        rc = profile_bad(&l, "'match' needs a non-empty 'columns' list");
        goto out;
    }
    if (p->format != FORMAT_CSV) {
        const cJSON *paths = cJSON_GetObjectItemCaseSensitive(match, "keys");
        size_t nk = 0;
        if (p->ncolumns) {
            rc = profile_bad(&l, "a %s profile matches 'keys' (and 'filename'), not 'columns'",
                             p->format == FORMAT_JSON ? "json" : "jsonl");
            goto out;
        }
        if (!p->filename && !cJSON_IsArray(paths)) {
            rc = profile_bad(&l,
                             "'match' needs 'keys' (paths the first record holds) or 'filename'");
            goto out;
        }
        p->keys = calloc((size_t)cJSON_GetArraySize(paths) + 1, sizeof(char *));
        if (!p->keys) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            goto out;
        }
        cJSON_ArrayForEach(it, paths)
        {
            if (!cJSON_IsString(it) || !(p->keys[nk++] = strdup(it->valuestring))) {
                rc = profile_bad(&l, "'match' 'keys' must be a list of paths");
                goto out;
            }
        }
    }

    /* records and skip profiles have fields of their own, or none */
    if ((rc = profile_load_records(&l, root, p)) || p->kind == KIND_RECORDS || p->kind == KIND_SKIP)
        goto out;
    fields = cJSON_GetObjectItemCaseSensitive(root, "fields");
    if (!cJSON_IsObject(fields)) {
        rc = profile_bad(&l, "missing 'fields' object");
        goto out;
    }
    cJSON_ArrayForEach(it, fields)
    {
        int f = profile_field_by_name(it->string);
        if (f < 0 || !field_allowed(p->kind, f)) {
            rc = profile_bad(
                &l, "field '%s' is not one a %s profile has (%s)", it->string, kind_names[p->kind],
                p->kind == KIND_FACTS
                    ? "period, country, request_type, legal_process, requester, product, "
                      "reason, detail, subcategory"
                    : "store, app_id, bundle_id, app_name, developer, category, storefront, "
                      "date, reason, source_url, available (observations), change "
                      "(changes)");
            goto out;
        }
        if (cJSON_GetObjectItemCaseSensitive(fields, it->string) != it) {
            /* cJSON keeps both of two equal keys; the second would load over the first */
            rc = profile_bad(&l, "field '%s' is given twice", it->string);
            goto out;
        }
        if ((rc = profile_load_field(&l, it, f, &p->field[f])))
            goto out;
        if ((p->field[f].src == SRC_PATH) != (p->format != FORMAT_CSV) &&
            (p->field[f].src == SRC_PATH || p->field[f].src == SRC_COLUMN)) {
            rc = profile_bad(&l, "field '%s': a %s profile reads %s", it->string,
                             p->format == FORMAT_CSV ? "csv" : "json",
                             p->format == FORMAT_CSV ? "'column's, not 'path's"
                                                     : "'path's, not 'column's");
            goto out;
        }
    }
    for (int f = 0; f < F_COUNT; f++) {
        if (field_required(p->kind, f) && p->field[f].src == SRC_NONE) {
            rc = profile_bad(&l, "'fields' must say where '%s' comes from", field_names[f]);
            goto out;
        }
    }
    /* the paths a JSON record is flattened into, in field order */
    p->paths = calloc(F_COUNT + 1, sizeof(char *));
    if (!p->paths) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    for (int f = 0; f < F_COUNT; f++) {
        size_t k;
        if (p->field[f].src != SRC_PATH)
            continue;
        for (k = 0; k < p->npaths && strcmp(p->paths[k], p->field[f].path) != 0; k++)
            ;
        if (k == p->npaths)
            p->paths[p->npaths++] = p->field[f].path;
    }

    /* the keys about whole rows: read from a CSV file's facts rows */
    if ((rc = profile_load_hierarchy(&l, cJSON_GetObjectItemCaseSensitive(root, "hierarchy"),
                                     &p->hier)) ||
        (rc = profile_load_notes(&l, cJSON_GetObjectItemCaseSensitive(root, "notes"), &p->notes,
                                 &p->nnotes)))
        goto out;
    if ((p->hier.column || p->nnotes || p->pub.column) &&
        (p->kind != KIND_FACTS || p->format != FORMAT_CSV)) {
        rc = profile_bad(&l, "'hierarchy', 'notes' and a 'publisher' column are for csv profiles "
                             "of facts only");
        goto out;
    }
    measures = cJSON_GetObjectItemCaseSensitive(root, "measures");
    if (p->kind != KIND_FACTS) {
        if (measures) {
            rc = profile_bad(&l, "a %s profile has no 'measures'", kind_names[p->kind]);
            goto out;
        }
        goto out;
    }
    if (!cJSON_IsArray(measures) || cJSON_GetArraySize(measures) == 0) {
        rc = profile_bad(&l, "missing 'measures' list");
        goto out;
    }
    p->measures = calloc((size_t)cJSON_GetArraySize(measures) + 1, sizeof(*p->measures));
    if (!p->measures) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    cJSON_ArrayForEach(it, measures)
    {
        p->nmeasures = i + 1;
        if ((rc = profile_load_measure(&l, it, i, &p->measures[i])))
            goto out;
        i++;
    }
    for (size_t k = 0; k < p->hier.nlevels; k++) {
        int f = p->hier.levels[k].field;
        if (p->field[f].src != SRC_NONE) {
            rc = profile_bad(&l,
                             "field '%s' is filled by the 'hierarchy'; 'fields' cannot give it too",
                             field_names[f]);
            goto out;
        }
    }
    for (int f = F_LEGAL_PROCESS; f <= F_FACT_LAST; f++) {
        int filled = p->field[f].src != SRC_NONE;
        for (size_t k = 0; k < p->nmeasures && !filled; k++)
            filled = p->measures[k].dimension == f;
        if (!filled && cJSON_GetObjectItemCaseSensitive(fields, field_names[f])) {
            rc = profile_bad(&l,
                             "field '%s' has no 'column', 'value' or 'filename', and no measure "
                             "names it as its 'dimension'",
                             field_names[f]);
            goto out;
        }
    }
out:
    cJSON_Delete(root);
    return rc;
}

int profile_set_request_type_known(const struct profile_set *set, const char *name)
{
    return vocab_is_request_type(set->vocab, name);
}

/* "FILE: request type 'X' is not in the vocabulary (request_types.tsv)". Returns TRDB_EDATA. */
static int unknown_request_type(const struct profile *p, const char *name, struct trdb_err *err)
{
    return trdb_err_set(err, TRDB_EDATA, "%s: request type '%s' is not in the vocabulary (%s)",
                        p->path, name, vocab_file(VOCAB_REQUEST_TYPES));
}

/* Every request type and metric a profile can produce must be in the vocabulary. */
static int check_vocabulary(const struct vocab *v, const struct profile *p, struct trdb_err *err)
{
    const struct field_spec *rt = &p->field[F_REQUEST_TYPE];

    for (size_t i = 0; i < p->nmeasures; i++) {
        if (!vocab_is_metric(v, p->measures[i].metric))
            return trdb_err_set(err, TRDB_EDATA, "%s: metric '%s' is not in the vocabulary (%s)",
                                p->path, p->measures[i].metric, vocab_file(VOCAB_METRICS));
        if (p->measures[i].request_type && !vocab_is_request_type(v, p->measures[i].request_type))
            return unknown_request_type(p, p->measures[i].request_type, err);
    }
    if (rt->src == SRC_VALUE && rt->value && !vocab_is_request_type(v, rt->value))
        return unknown_request_type(p, rt->value, err);
    for (size_t i = 0; i < rt->nmap; i++)
        if (!vocab_is_request_type(v, rt->map[i].value))
            return unknown_request_type(p, rt->map[i].value, err);
    if (rt->dflt && !vocab_is_request_type(v, rt->dflt))
        return unknown_request_type(p, rt->dflt, err);
    return 0;
}

/* A profile is a few kilobytes; a file past this is something else. */
#define PROFILE_FILE_CAP (1u << 20)

/* Read one profile file, in the words profiles have always been refused with. */
static char *read_profile(const char *path, struct trdb_err *err)
{
    char *text = fileio_read_all(path, PROFILE_FILE_CAP, NULL, NULL, err);

    if (!text && err && err->code == TRDB_ELIMIT)
        trdb_err_set(err, TRDB_ELIMIT, "'%s' is larger than 1 MiB; is it a profile?", path);
    return text;
}

/*
 * The *.json names of folder dir, sorted, hidden ones left out. OUT: *names
 * (free with fileio_names_free), *n. Returns 0, TRDB_EIO or TRDB_ENOMEM.
 */
static int list_profiles(const char *dir, char ***names, size_t *n, struct trdb_err *err)
{
    size_t all, k = 0;
    int rc = fileio_list_dir(dir, 0, "profile folder", names, &all, err);

    if (rc)
        return rc;
    for (size_t i = 0; i < all; i++) {
        size_t len = strlen((*names)[i]);
        if (len >= 6 && strcmp((*names)[i] + len - 5, ".json") == 0)
            (*names)[k++] = (*names)[i];
        else
            free((*names)[i]);
    }
    (*names)[k] = NULL;
    *n = k;
    return 0;
}

/*
 * Add the profile file at path to set, with source as where it came from.
 * A profile whose name an earlier folder gave already (the set's first
 * shadow profiles) is left out: the first found wins; two of one name from
 * one folder are an error. Returns 0 or a negative code with err naming
 * the file.
 */
static int add_profile(struct profile_set *set, size_t shadow, const char *path, const char *source,
                       struct trdb_err *err)
{
    struct profile *p, *before;
    char *text;
    int rc;

    if (ALLOC_GROW(set->p, set->n + 1, set->cap) ||
        ALLOC_GROW(set->source, set->n + 1, set->source_cap))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    p = &set->p[set->n];
    memset(p, 0, sizeof(*p));
    set->source[set->n] = NULL;
    if (!(text = read_profile(path, err)))
        return err ? err->code : TRDB_EIO;
    rc = load_profile(path, text, p, err);
    free(text);
    if (!rc)
        rc = check_vocabulary(set->vocab, p, err);
    if (!rc && p->name && (before = (struct profile *)profile_find(set, p->name)) != NULL) {
        if ((size_t)(before - set->p) >= shadow)
            rc = trdb_err_set(err, TRDB_EDATA, "%s: a profile named '%s' exists already", path,
                              p->name);
        profile_release(p);
        return rc;
    }
    if (!rc && !(set->source[set->n] = strdup(source)))
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    if (rc) {
        profile_release(p);
        return rc;
    }
    set->n++;
    return 0;
}

/* The *.json names of folder dir, listed by list_profiles, into set (add_profile's rules). */
static int add_folder(struct profile_set *set, const char *dir, char **names, size_t nnames,
                      const char *source, struct trdb_err *err)
{
    size_t shadow = set->n;
    int rc = 0;

    for (size_t i = 0; !rc && i < nnames; i++) {
        char path[4096];
        if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >= (int)sizeof(path))
            rc = trdb_err_set(err, TRDB_ELIMIT, "path too long in '%s'", dir);
        else
            rc = add_profile(set, shadow, path, source, err);
    }
    return rc;
}

int profile_set_load_search(const char *file, const char *const *user_dirs, const char *builtin_dir,
                            const char *vocab_dir, struct profile_set **out, struct trdb_err *err)
{
    struct profile_set *set = calloc(1, sizeof(*set));
    char **builtin = NULL, **names = NULL;
    size_t nbuiltin = 0, nnames = 0;
    int rc = 0;

    *out = NULL;
    if (!set) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    /* the built-in folder is named first when it is missing, then the vocabulary */
    if ((rc = list_profiles(builtin_dir, &builtin, &nbuiltin, err)) ||
        (rc = vocab_load(vocab_dir, &set->vocab, err)))
        goto out;
    if (file && (rc = add_profile(set, 0, file, file, err)))
        goto out;
    for (size_t i = 0; user_dirs && user_dirs[i]; i++) {
        rc = list_profiles(user_dirs[i], &names, &nnames, err);
        if (!rc)
            rc = add_folder(set, user_dirs[i], names, nnames, user_dirs[i], err);
        if (!rc)
            rc = profile_i18n_load_dir(&set->i18n, user_dirs[i], err);
        fileio_names_free(names);
        names = NULL;
        if (rc)
            goto out;
    }
    if ((rc = add_folder(set, builtin_dir, builtin, nbuiltin, PROFILE_BUILTIN, err)) ||
        (rc = profile_i18n_load_dir(&set->i18n, builtin_dir, err)))
        goto out;
    if (set->n == 0)
        rc = trdb_err_set(err, TRDB_ENOTFOUND, "no profiles (*.json) in '%s'", builtin_dir);
    for (size_t i = 0; i < set->n; i++)
        set->p[i].i18n = set->i18n.n ? &set->i18n : NULL;
out:
    fileio_names_free(builtin);
    if (rc) {
        profile_set_free(set);
        return rc;
    }
    *out = set;
    return 0;
}

int profile_set_load(const char *dir, const char *vocab_dir, struct profile_set **out,
                     struct trdb_err *err)
{
    return profile_set_load_search(NULL, NULL, dir, vocab_dir, out, err);
}

const char *profile_source(const struct profile_set *set, const struct profile *p)
{
    size_t i = (size_t)(p - set->p);

    return set->source && i < set->n && set->source[i] ? set->source[i] : PROFILE_BUILTIN;
}

int profile_name_is_path(const char *name)
{
    size_t n = name ? strlen(name) : 0;

    return n && (strchr(name, '/') || (n >= 5 && strcmp(name + n - 5, ".json") == 0));
}

void profile_set_free(struct profile_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++) {
        profile_release(&set->p[i]);
        free(set->source ? set->source[i] : NULL);
    }
    free(set->p);
    free(set->source);
    profile_i18n_release(&set->i18n);
    vocab_free(set->vocab);
    free(set);
}

int profile_reads_file_name(const struct profile *p)
{
    for (int f = 0; f < F_COUNT; f++)
        if (p->field[f].src == SRC_FILENAME || p->field[f].src == SRC_MTIME)
            return 1;
    return 0;
}

const struct profile *profile_find(const struct profile_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->p[i].name && strcmp(set->p[i].name, name) == 0)
            return &set->p[i];
    return NULL;
}
