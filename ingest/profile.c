/*
 * profile.c: loading and checking format profiles, and binding one to a
 * header. Profiles are strict: an unknown key or parser is an error that
 * names the file, so a typo never silently drops a column. The format is
 * documented in data/formats/README.md.
 */
#include "profile.h"
#include "../lib/err.h"
#include "../lib/rx.h"
#include "source.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const field_names[F_COUNT] = {
    [F_PERIOD] = "period",
    [F_COUNTRY] = "country",
    [F_REQUEST_TYPE] = "request_type",
    [F_LEGAL_PROCESS] = "legal_process",
    [F_REQUESTER] = "requester",
    [F_PRODUCT] = "product",
    [F_REASON] = "reason",
    [F_DETAIL] = "detail",
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

static const char *const kind_names[] = {"facts", "app_removals", "app_observations", "app_changes",
                                         NULL};

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

static int field_by_name(const char *s)
{
    for (int i = 0; i < F_COUNT; i++)
        if (strcmp(s, field_names[i]) == 0)
            return i;
    return -1;
}

/* Context for loading one profile file: its path, for every message. */
struct loader {
    const char *path;
    struct trdb_err *err;
};

static int bad(struct loader *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A profile's fault: "FILE: what is wrong". Returns TRDB_EDATA. */
static int bad(struct loader *l, const char *fmt, ...)
{
    char what[300];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    return trdb_err_set(l->err, TRDB_EDATA, "%s: %s", l->path, what);
}

/* Every key of obj must be in the NULL-terminated list allowed. */
static int check_keys(struct loader *l, const cJSON *obj, const char *where,
                      const char *const *allowed)
{
    const cJSON *it;

    cJSON_ArrayForEach(it, obj)
    {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (it->string && strcmp(it->string, *a) == 0)
                ok = 1;
        if (!ok)
            return bad(l, "unknown key '%s' in %s", it->string ? it->string : "?", where);
    }
    return 0;
}

static int get_str(struct loader *l, const cJSON *obj, const char *key, int required, char **out,
                   const char *where)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

    *out = NULL;
    if (!it) {
        if (required)
            return bad(l, "missing '%s' in %s", key, where);
        return 0;
    }
    if (!cJSON_IsString(it))
        return bad(l, "'%s' in %s must be a string", key, where);
    *out = strdup(it->valuestring);
    return *out ? 0 : trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
}

static int get_rx(struct loader *l, const cJSON *obj, const char *key, struct rx **out,
                  const char *where)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

    *out = NULL;
    if (!it)
        return 0;
    if (!cJSON_IsString(it))
        return bad(l, "'%s' in %s must be a pattern string", key, where);
    *out = rx_new(it->valuestring, RX_CASELESS, l->err);
    if (!*out)
        return trdb_err_prefix(l->err, "%s: %s '%s'", l->path, where, key);
    return 0;
}

static int get_bool(struct loader *l, const cJSON *obj, const char *key, int dflt, int *out,
                    const char *where)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

    *out = dflt;
    if (!it)
        return 0;
    if (!cJSON_IsBool(it))
        return bad(l, "'%s' in %s must be true or false", key, where);
    *out = cJSON_IsTrue(it);
    return 0;
}

static int get_rx_list(struct loader *l, const cJSON *obj, const char *key, struct rx ***out,
                       size_t *n, const char *where)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key), *it;
    size_t i = 0;

    *out = NULL;
    *n = 0;
    if (!arr)
        return 0;
    if (!cJSON_IsArray(arr))
        return bad(l, "'%s' in %s must be a list of patterns", key, where);
    *out = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(**out));
    if (!*out)
        return trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
    cJSON_ArrayForEach(it, arr)
    {
        if (!cJSON_IsString(it))
            return bad(l, "'%s' in %s must be a list of patterns", key, where);
        (*out)[i] = rx_new(it->valuestring, RX_CASELESS, l->err);
        if (!(*out)[i])
            return trdb_err_prefix(l->err, "%s: %s '%s'", l->path, where, key);
        *n = ++i;
    }
    return 0;
}

static int load_value_opts(struct loader *l, const cJSON *m, struct value_opts *o,
                           const char *where)
{
    char *parse = NULL, *blank = NULL, *dash = NULL;
    int rc;

    memset(o, 0, sizeof(*o));
    if ((rc = get_str(l, m, "parse", 0, &parse, where)) ||
        (rc = get_str(l, m, "blank", 0, &blank, where)) ||
        (rc = get_str(l, m, "dash", 0, &dash, where)))
        goto out;
    if (!parse || strcmp(parse, "count") == 0) {
        o->kind = VALUE_COUNT;
    } else if (strcmp(parse, "percent") == 0) {
        o->kind = VALUE_PERCENT;
    } else if (strcmp(parse, "fraction") == 0) {
        o->kind = VALUE_PERCENT;
        o->fraction = 1;
    } else {
        rc = bad(l, "unknown parser '%s' in %s (count, percent, fraction)", parse, where);
        goto out;
    }
    if (blank && strcmp(blank, "zero") != 0 && strcmp(blank, "none") != 0) {
        rc = bad(l, "'blank' in %s must be \"zero\" or \"none\"", where);
        goto out;
    }
    if (dash && strcmp(dash, "zero") != 0 && strcmp(dash, "none") != 0) {
        rc = bad(l, "'dash' in %s must be \"zero\" or \"none\"", where);
        goto out;
    }
    o->blank_zero = blank && strcmp(blank, "zero") == 0;
    o->dash_zero = dash && strcmp(dash, "zero") == 0;
out:
    free(parse);
    free(blank);
    free(dash);
    return rc;
}

static int load_field(struct loader *l, const cJSON *obj, int f, struct field_spec *fs)
{
    static const char *const keys[] = {"column",  "value",    "filename",  "code_column", "map",
                                       "default", "template", "optional",  "date",        "months",
                                       "order",   "skip",     "aggregate", "languages",   "path",
                                       "mtime",   NULL};
    char where[64], *s = NULL;
    const cJSON *map, *it;
    int rc, nsrc = 0;

    snprintf(where, sizeof(where), "field '%s'", field_names[f]);
    if (cJSON_IsString(obj)) {
        /* shorthand: "legal_process": "Search Warrants" is a fixed value */
        fs->src = SRC_VALUE;
        fs->value = strdup(obj->valuestring);
        return fs->value ? 0 : trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
    }
    if (!cJSON_IsObject(obj))
        return bad(l, "%s must be a string or an object", where);
    if ((rc = check_keys(l, obj, where, keys)) ||
        (rc = get_rx(l, obj, "column", &fs->column, where)) ||
        (rc = get_str(l, obj, "value", 0, &fs->value, where)) ||
        (rc = get_rx(l, obj, "filename", &fs->filename, where)) ||
        (rc = get_rx(l, obj, "code_column", &fs->code_column, where)) ||
        (rc = get_str(l, obj, "default", 0, &fs->dflt, where)) ||
        (rc = get_str(l, obj, "template", 0, &fs->template, where)) ||
        (rc = get_bool(l, obj, "optional", 0, &fs->optional, where)) ||
        (rc = get_rx(l, obj, "skip", &fs->skip, where)) ||
        (rc = get_rx(l, obj, "aggregate", &fs->aggregate, where)))
        return rc;
    {
        int mtime = 0;
        if ((rc = get_str(l, obj, "path", 0, &fs->path, where)) ||
            (rc = get_bool(l, obj, "mtime", 0, &mtime, where)))
            return rc;
        nsrc = (fs->column != NULL) + (fs->value != NULL) + (fs->filename != NULL) +
               (fs->path != NULL) + mtime;
        /* a text field may have no source of its own when a measure's dimension fills it */
        if (nsrc > 1 || (nsrc == 0 && !fs->dflt && f < F_LEGAL_PROCESS))
            return bad(l,
                       "%s needs exactly one of 'column', 'path', 'value', 'filename', "
                       "'mtime'",
                       where);
        fs->src = fs->column     ? SRC_COLUMN
                  : fs->path     ? SRC_PATH
                  : fs->value    ? SRC_VALUE
                  : fs->filename ? SRC_FILENAME
                  : mtime        ? SRC_MTIME
                  : fs->dflt     ? SRC_VALUE
                                 : SRC_NONE;
    }
    if (fs->src == SRC_VALUE && !fs->value) {
        fs->value = fs->dflt;
        fs->dflt = NULL;
    }
    if (fs->code_column && f != F_COUNTRY)
        return bad(l, "'code_column' is only for the country field, not %s", where);
    it = cJSON_GetObjectItemCaseSensitive(obj, "languages");
    if (it) {
        size_t i = 0;
        if (f != F_COUNTRY || !cJSON_IsArray(it))
            return bad(l,
                       "'languages' is a list of language codes, for the country field only, "
                       "not in %s",
                       where);
        fs->languages = calloc((size_t)cJSON_GetArraySize(it) + 1, sizeof(char *));
        if (!fs->languages)
            return trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
        cJSON_ArrayForEach(map, it)
        {
            const char *v = cJSON_GetStringValue(map);
            /* a code like de, pt_BR: it becomes part of a path */
            if (!v || !*v || strlen(v) > 15 ||
                strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_@") != strlen(v))
                return bad(l, "'languages' in %s holds '%s', not a language code", where,
                           v ? v : "?");
            if (!(fs->languages[i++] = strdup(v)))
                return trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
        }
    }

    map = cJSON_GetObjectItemCaseSensitive(obj, "map");
    if (map) {
        size_t i = 0;
        if (!cJSON_IsObject(map))
            return bad(l, "'map' in %s must be an object of pattern: value", where);
        fs->map = calloc((size_t)cJSON_GetArraySize(map) + 1, sizeof(*fs->map));
        if (!fs->map)
            return trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
        cJSON_ArrayForEach(it, map)
        {
            if (!cJSON_IsString(it))
                return bad(l, "'map' values in %s must be strings", where);
            fs->map[i].rx = rx_new(it->string, RX_CASELESS, l->err);
            if (!fs->map[i].rx)
                return trdb_err_prefix(l->err, "%s: %s 'map'", l->path, where);
            fs->map[i].value = strdup(it->valuestring);
            fs->nmap = ++i;
            if (!fs->map[i - 1].value)
                return trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
        }
    }

    /* periods: what a lone date means, and day/month order */
    fs->popts.role = PERIOD_DATE_ENDS;
    fs->popts.months = 6;
    fs->popts.order = PERIOD_ORDER_AUTO;
    if ((rc = get_str(l, obj, "date", 0, &s, where)))
        return rc;
    if (s) {
        if (f != F_PERIOD || (strcmp(s, "ends") && strcmp(s, "day"))) {
            rc = bad(l,
                     "'date' in %s must be \"ends\" or \"day\", on the period field only, not '%s'",
                     where, s);
            free(s);
            return rc;
        }
        fs->popts.role = strcmp(s, "day") == 0 ? PERIOD_DATE_IS_DAY : PERIOD_DATE_ENDS;
        free(s);
    }
    it = cJSON_GetObjectItemCaseSensitive(obj, "months");
    if (it) {
        if (!cJSON_IsNumber(it) || it->valueint < 1 || it->valueint > 12)
            return bad(l, "'months' in %s must be a number from 1 to 12", where);
        fs->popts.months = it->valueint;
    }
    if ((rc = get_str(l, obj, "order", 0, &s, where)))
        return rc;
    if (s) {
        if (strcmp(s, "mdy") == 0)
            fs->popts.order = PERIOD_ORDER_MDY;
        else if (strcmp(s, "dmy") == 0)
            fs->popts.order = PERIOD_ORDER_DMY;
        else if (strcmp(s, "auto") != 0) {
            rc = bad(l, "'order' in %s must be \"mdy\", \"dmy\" or \"auto\", not '%s'", where, s);
            free(s);
            return rc;
        }
        free(s);
    }
    return 0;
}

static int load_measure(struct loader *l, const cJSON *obj, size_t i, struct measure_spec *m)
{
    static const char *const keys[] = {"metric",    "column",   "low",          "high",
                                       "value",     "parse",    "blank",        "dash",
                                       "dimension", "optional", "request_type", NULL};
    char where[64], *dim = NULL;
    int rc, nsrc;

    snprintf(where, sizeof(where), "measure %zu", i + 1);
    m->dimension = -1;
    if (!cJSON_IsObject(obj))
        return bad(l, "%s must be an object", where);
    if ((rc = check_keys(l, obj, where, keys)) ||
        (rc = get_str(l, obj, "metric", 1, &m->metric, where)) ||
        (rc = get_str(l, obj, "request_type", 0, &m->request_type, where)) ||
        (rc = get_rx(l, obj, "column", &m->column, where)) ||
        (rc = get_rx(l, obj, "low", &m->low, where)) ||
        (rc = get_rx(l, obj, "high", &m->high, where)) ||
        (rc = get_str(l, obj, "value", 0, &m->value, where)) ||
        (rc = get_bool(l, obj, "optional", 0, &m->optional, where)) ||
        (rc = load_value_opts(l, obj, &m->vopts, where)) ||
        (rc = get_str(l, obj, "dimension", 0, &dim, where)))
        return rc;
    nsrc = (m->column != NULL) + (m->low != NULL || m->high != NULL) + (m->value != NULL);
    if (nsrc != 1 || (!m->low) != (!m->high)) {
        free(dim);
        return bad(l, "%s needs exactly one of 'column', 'low' with 'high', 'value'", where);
    }
    if (dim) {
        m->dimension = field_by_name(dim);
        if (m->dimension < F_LEGAL_PROCESS || !m->column || rx_groups(m->column) < 1) {
            rc = bad(l,
                     "%s: 'dimension' '%s' needs a text field and a 'column' pattern with a "
                     "capture group",
                     where, dim);
            free(dim);
            return rc;
        }
        free(dim);
    }
    return 0;
}

static void field_release(struct field_spec *fs)
{
    rx_free(fs->column);
    free(fs->path);
    free(fs->value);
    rx_free(fs->filename);
    rx_free(fs->code_column);
    for (size_t i = 0; i < fs->nmap; i++) {
        rx_free(fs->map[i].rx);
        free(fs->map[i].value);
    }
    free(fs->map);
    free(fs->dflt);
    free(fs->template);
    rx_free(fs->skip);
    rx_free(fs->aggregate);
    for (size_t i = 0; fs->languages && fs->languages[i]; i++)
        free(fs->languages[i]);
    free(fs->languages);
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
        field_release(&p->field[f]);
    for (size_t i = 0; i < p->nmeasures; i++) {
        struct measure_spec *m = &p->measures[i];
        free(m->metric);
        free(m->request_type);
        rx_free(m->column);
        rx_free(m->low);
        rx_free(m->high);
        free(m->value);
    }
    free(p->measures);
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
        "name",   "description", "publisher", "dataset", "summary",  "encoding", "kind",
        "format", "unparsable",  "match",     "fields",  "measures", "ignore",   NULL};
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
        rc = bad(&l, "a profile is a JSON object");
        goto out;
    }
    p->path = strdup(path);
    if (!p->path) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = check_keys(&l, root, "the profile", keys)) ||
        (rc = get_str(&l, root, "name", 1, &p->name, "the profile")) ||
        (rc = get_str(&l, root, "description", 1, &p->description, "the profile")) ||
        (rc = get_str(&l, root, "publisher", 1, &p->publisher, "the profile")) ||
        (rc = get_str(&l, root, "dataset", 1, &p->dataset, "the profile")) ||
        (rc = get_bool(&l, root, "summary", 1, &p->summary, "the profile")) ||
        (rc = get_str(&l, root, "encoding", 0, &p->encoding, "the profile")) ||
        (rc = p->encoding && !source_encoding_known(p->encoding)
                  ? bad(&l, "encoding '%s' is not one iconv knows (see 'iconv -l')", p->encoding)
                  : 0) ||
        (rc = get_rx_list(&l, root, "ignore", &p->ignore, &p->nignore, "the profile")))
        goto out;
    {
        char *kind = NULL, *format = NULL, *unparsable = NULL;
        int k;
        if ((rc = get_str(&l, root, "kind", 0, &kind, "the profile")) ||
            (rc = get_str(&l, root, "format", 0, &format, "the profile")) ||
            (rc = get_str(&l, root, "unparsable", 0, &unparsable, "the profile"))) {
            free(kind);
            free(format);
            goto out;
        }
        for (k = 0; kind && kind_names[k] && strcmp(kind, kind_names[k]) != 0; k++)
            ;
        if (kind && !kind_names[k])
            rc = bad(&l,
                     "'kind' must be facts, app_removals, app_observations or app_changes, "
                     "not '%s'",
                     kind);
        p->kind = kind ? (enum profile_kind)k : KIND_FACTS;
        if (!format || strcmp(format, "csv") == 0)
            p->format = FORMAT_CSV;
        else if (strcmp(format, "json") == 0)
            p->format = FORMAT_JSON;
        else if (strcmp(format, "jsonl") == 0)
            p->format = FORMAT_JSONL;
        else if (!rc)
            rc = bad(&l, "'format' must be csv, json or jsonl, not '%s'", format);
        if (unparsable && strcmp(unparsable, "unknown") == 0 && p->format == FORMAT_JSON)
            p->unparsable_unknown = 1;
        else if (unparsable && !rc)
            rc = bad(&l, "'unparsable' can only be \"unknown\", for a json profile");
        free(kind);
        free(format);
        free(unparsable);
        if (rc)
            goto out;
    }

    match = cJSON_GetObjectItemCaseSensitive(root, "match");
    if (!cJSON_IsObject(match)) {
        rc = bad(&l, "missing 'match' object");
        goto out;
    }
    if ((rc = check_keys(&l, match, "'match'", match_keys)) ||
        (rc = get_rx(&l, match, "filename", &p->filename, "'match'")) ||
        (rc = get_rx_list(&l, match, "columns", &p->columns, &p->ncolumns, "'match'")))
        goto out;
    if (p->format == FORMAT_CSV && p->ncolumns == 0) {
        rc = bad(&l, "'match' needs a non-empty 'columns' list");
        goto out;
    }
    if (p->format != FORMAT_CSV) {
        const cJSON *keys = cJSON_GetObjectItemCaseSensitive(match, "keys");
        size_t nk = 0;
        if (p->ncolumns) {
            rc = bad(&l, "a %s profile matches 'keys' (and 'filename'), not 'columns'",
                     p->format == FORMAT_JSON ? "json" : "jsonl");
            goto out;
        }
        if (!p->filename && !cJSON_IsArray(keys)) {
            rc = bad(&l, "'match' needs 'keys' (paths the first record holds) or 'filename'");
            goto out;
        }
        p->keys = calloc((size_t)cJSON_GetArraySize(keys) + 1, sizeof(char *));
        if (!p->keys) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            goto out;
        }
        cJSON_ArrayForEach(it, keys)
        {
            if (!cJSON_IsString(it) || !(p->keys[nk++] = strdup(it->valuestring))) {
                rc = bad(&l, "'match' 'keys' must be a list of paths");
                goto out;
            }
        }
    }

    fields = cJSON_GetObjectItemCaseSensitive(root, "fields");
    if (!cJSON_IsObject(fields)) {
        rc = bad(&l, "missing 'fields' object");
        goto out;
    }
    cJSON_ArrayForEach(it, fields)
    {
        int f = field_by_name(it->string);
        if (f < 0 || !field_allowed(p->kind, f)) {
            rc = bad(&l, "field '%s' is not one a %s profile has (%s)", it->string,
                     kind_names[p->kind],
                     p->kind == KIND_FACTS
                         ? "period, country, request_type, legal_process, requester, product, "
                           "reason, detail"
                         : "store, app_id, bundle_id, app_name, developer, category, storefront, "
                           "date, reason, source_url, available (observations), change "
                           "(changes)");
            goto out;
        }
        if (cJSON_GetObjectItemCaseSensitive(fields, it->string) != it) {
            /* cJSON keeps both of two equal keys; the second would load over the first */
            rc = bad(&l, "field '%s' is given twice", it->string);
            goto out;
        }
        if ((rc = load_field(&l, it, f, &p->field[f])))
            goto out;
        if ((p->field[f].src == SRC_PATH) != (p->format != FORMAT_CSV) &&
            (p->field[f].src == SRC_PATH || p->field[f].src == SRC_COLUMN)) {
            rc = bad(&l, "field '%s': a %s profile reads %s", it->string,
                     p->format == FORMAT_CSV ? "csv" : "json",
                     p->format == FORMAT_CSV ? "'column's, not 'path's" : "'path's, not 'column's");
            goto out;
        }
    }
    for (int f = 0; f < F_COUNT; f++) {
        if (field_required(p->kind, f) && p->field[f].src == SRC_NONE) {
            rc = bad(&l, "'fields' must say where '%s' comes from", field_names[f]);
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

    measures = cJSON_GetObjectItemCaseSensitive(root, "measures");
    if (p->kind != KIND_FACTS) {
        if (measures) {
            rc = bad(&l, "a %s profile has no 'measures'", kind_names[p->kind]);
            goto out;
        }
        goto out;
    }
    if (!cJSON_IsArray(measures) || cJSON_GetArraySize(measures) == 0) {
        rc = bad(&l, "missing 'measures' list");
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
        if ((rc = load_measure(&l, it, i, &p->measures[i])))
            goto out;
        i++;
    }
    for (int f = F_LEGAL_PROCESS; f <= F_FACT_LAST; f++) {
        int filled = p->field[f].src != SRC_NONE;
        for (size_t k = 0; k < p->nmeasures && !filled; k++)
            filled = p->measures[k].dimension == f;
        if (!filled && cJSON_GetObjectItemCaseSensitive(fields, field_names[f])) {
            rc = bad(&l,
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

static void free_words(char **w)
{
    for (size_t i = 0; w && w[i]; i++)
        free(w[i]);
    free(w);
}

/* Read the first column of a vocabulary file: NAME<TAB>MEANING, '#' comments. */
static char **load_words(const char *path, struct trdb_err *err)
{
    FILE *f = fopen(path, "r");
    char line[2048], **words = NULL;
    size_t n = 0, cap = 0;

    if (!f) {
        trdb_err_set(err, TRDB_EIO, "cannot open vocabulary '%s': %s", path, strerror(errno));
        return NULL;
    }
    while (fgets(line, sizeof(line), f)) {
        size_t len = strcspn(line, "\t\r\n");
        if (line[0] == '#' || len == 0)
            continue;
        if (n + 1 >= cap) {
            char **nw = realloc(words, (cap = cap ? cap * 2 : 16) * sizeof(*nw));
            if (!nw)
                goto nomem;
            words = nw;
        }
        line[len] = '\0';
        if (!(words[n] = strdup(line)))
            goto nomem;
        words[++n] = NULL;
    }
    fclose(f);
    if (!words)
        trdb_err_set(err, TRDB_EDATA, "vocabulary '%s' lists nothing", path);
    return words;
nomem:
    fclose(f);
    free_words(words);
    trdb_err_set(err, TRDB_ENOMEM, "out of memory reading '%s'", path);
    return NULL;
}

static int in_words(char *const *w, const char *s)
{
    for (size_t i = 0; w && w[i]; i++)
        if (strcmp(w[i], s) == 0)
            return 1;
    return 0;
}

int profile_set_request_type_known(const struct profile_set *set, const char *name)
{
    return in_words(set->request_types, name);
}

/* Every request type and metric a profile can produce must be in the vocabulary. */
static int check_vocabulary(const struct profile_set *set, const struct profile *p,
                            struct trdb_err *err)
{
    const struct field_spec *rt = &p->field[F_REQUEST_TYPE];

    for (size_t i = 0; i < p->nmeasures; i++) {
        if (!in_words(set->metrics, p->measures[i].metric))
            return trdb_err_set(err, TRDB_EDATA,
                                "%s: metric '%s' is not in the vocabulary (metrics.tsv)", p->path,
                                p->measures[i].metric);
        if (p->measures[i].request_type &&
            !in_words(set->request_types, p->measures[i].request_type))
            return trdb_err_set(
                err, TRDB_EDATA,
                "%s: request type '%s' is not in the vocabulary (request_types.tsv)", p->path,
                p->measures[i].request_type);
    }
    if (rt->src == SRC_VALUE && rt->value && !in_words(set->request_types, rt->value))
        return trdb_err_set(err, TRDB_EDATA,
                            "%s: request type '%s' is not in the vocabulary (request_types.tsv)",
                            p->path, rt->value);
    for (size_t i = 0; i < rt->nmap; i++)
        if (!in_words(set->request_types, rt->map[i].value))
            return trdb_err_set(
                err, TRDB_EDATA,
                "%s: request type '%s' is not in the vocabulary (request_types.tsv)", p->path,
                rt->map[i].value);
    if (rt->dflt && !in_words(set->request_types, rt->dflt))
        return trdb_err_set(err, TRDB_EDATA,
                            "%s: request type '%s' is not in the vocabulary (request_types.tsv)",
                            p->path, rt->dflt);
    return 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *read_text(const char *path, struct trdb_err *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, got;

    if (!f) {
        trdb_err_set(err, TRDB_EIO, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    buf = malloc(1 << 20);
    if (buf) {
        got = fread(buf, 1, (1 << 20) - 1, f);
        len = got;
        if (!feof(f)) {
            trdb_err_set(err, TRDB_ELIMIT, "'%s' is larger than 1 MiB; is it a profile?", path);
            free(buf);
            buf = NULL;
        } else {
            buf[len] = '\0';
        }
    } else {
        trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    }
    fclose(f);
    return buf;
}

int profile_set_load(const char *dir, const char *vocab_dir, struct profile_set **out,
                     struct trdb_err *err)
{
    struct profile_set *set = calloc(1, sizeof(*set));
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t nnames = 0, cap = 0;
    int rc = 0;

    *out = NULL;
    if (!set || !d) {
        rc = set ? trdb_err_set(err, TRDB_EIO, "cannot open profile folder '%s': %s", dir,
                                strerror(errno))
                 : trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (de->d_name[0] == '.' || n < 6 || strcmp(de->d_name + n - 5, ".json") != 0)
            continue;
        if (nnames == cap) {
            char **nn = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof(*nn));
            if (!nn) {
                rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
                goto out;
            }
            names = nn;
        }
        if (!(names[nnames] = strdup(de->d_name))) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            goto out;
        }
        nnames++;
    }
    {
        char path[4096];
        snprintf(path, sizeof(path), "%s/request_types.tsv", vocab_dir);
        if (!(set->request_types = load_words(path, err))) {
            rc = err ? err->code : TRDB_EDATA;
            goto out;
        }
        snprintf(path, sizeof(path), "%s/metrics.tsv", vocab_dir);
        if (!(set->metrics = load_words(path, err))) {
            rc = err ? err->code : TRDB_EDATA;
            goto out;
        }
    }
    qsort(names, nnames, sizeof(*names), name_cmp);
    set->p = calloc(nnames + 1, sizeof(*set->p));
    if (!set->p) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nnames; i++) {
        char path[4096];
        char *text;
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        text = read_text(path, err);
        if (!text) {
            rc = err ? err->code : TRDB_EIO;
            goto out;
        }
        rc = load_profile(path, text, &set->p[set->n], err);
        set->n++;
        free(text);
        if (!rc)
            rc = check_vocabulary(set, &set->p[set->n - 1], err);
        if (rc)
            goto out;
        if (profile_find(set, set->p[set->n - 1].name) != &set->p[set->n - 1]) {
            rc = trdb_err_set(err, TRDB_EDATA, "%s: a profile named '%s' exists already", path,
                              set->p[set->n - 1].name);
            goto out;
        }
    }
    if (set->n == 0)
        rc = trdb_err_set(err, TRDB_ENOTFOUND, "no profiles (*.json) in '%s'", dir);
out:
    if (d)
        closedir(d);
    for (size_t i = 0; i < nnames; i++)
        free(names[i]);
    free(names);
    if (rc) {
        profile_set_free(set);
        return rc;
    }
    *out = set;
    return 0;
}

void profile_set_free(struct profile_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        profile_release(&set->p[i]);
    free(set->p);
    free_words(set->request_types);
    free_words(set->metrics);
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

/* The first header the pattern matches, or -1. */
static int find_col(struct rx *r, char **headers, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (rx_match(r, headers[i], strlen(headers[i])) == 1)
            return (int)i;
    return -1;
}

static int why(struct profile_binding *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Record why p does not bind; returns TRDB_ENOTFOUND. */
static int why(struct profile_binding *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(b->why, sizeof(b->why), fmt, ap);
    va_end(ap);
    return TRDB_ENOTFOUND;
}

/* Resolve "{Header}" placeholders of a template to columns ("{}" is -2: the field's own). */
static int bind_template(struct profile_binding *b, int f, const char *tmpl, char **headers,
                         size_t n)
{
    size_t count = 0, k = 0;

    for (const char *p = tmpl; (p = strchr(p, '{')) != NULL; p++)
        count++;
    b->tmpl_cols[f] = calloc(count + 1, sizeof(int));
    if (!b->tmpl_cols[f])
        return TRDB_ENOMEM;
    for (const char *p = tmpl; (p = strchr(p, '{')) != NULL; p++) {
        const char *close = strchr(p, '}');
        size_t len;
        int col = -1;
        if (!close)
            return why(b, "template '%s' has an unclosed '{'", tmpl);
        len = (size_t)(close - p - 1);
        if (len == 0) {
            col = -2;
        } else {
            for (size_t i = 0; i < n; i++)
                if (strlen(headers[i]) == len && strncasecmp(headers[i], p + 1, len) == 0)
                    col = (int)i;
            if (col < 0)
                return why(b, "no column named in template '%s'", tmpl);
            b->used[col] = 1;
        }
        b->tmpl_cols[f][k++] = col;
    }
    return 0;
}

/* Join the capture groups of the file name pattern with spaces. */
static char *filename_value(struct rx *r, const char *filename)
{
    char out[256];
    size_t len = 0;
    int groups = rx_groups(r);

    if (rx_match(r, filename, strlen(filename)) != 1)
        return NULL;
    out[0] = '\0';
    for (int g = groups ? 1 : 0; g <= groups; g++) {
        const char *p;
        size_t n;
        if (!rx_group(r, g, &p, &n))
            continue;
        if (len && len + 1 < sizeof(out))
            out[len++] = ' ';
        if (len + n >= sizeof(out))
            n = sizeof(out) - len - 1;
        memcpy(out + len, p, n);
        len += n;
        out[len] = '\0';
    }
    return strdup(out);
}

int profile_bind(const struct profile *p, const char *filename, char **headers, size_t n,
                 struct profile_binding *b)
{
    size_t cap;

    memset(b, 0, sizeof(*b));
    b->p = p;
    b->code_col = -1;
    b->nheaders = n;
    for (int f = 0; f < F_COUNT; f++)
        b->col[f] = -1;
    b->used = calloc(n + 1, 1);
    if (!b->used)
        return TRDB_ENOMEM;
    for (size_t i = 0; i < p->ncolumns; i++)
        if (find_col(p->columns[i], headers, n) < 0)
            return why(b, "no column matches /%s/", rx_pattern(p->columns[i]));

    for (int f = 0; f < F_COUNT; f++) {
        const struct field_spec *fs = &p->field[f];
        if (fs->src == SRC_COLUMN) {
            b->col[f] = find_col(fs->column, headers, n);
            if (b->col[f] < 0)
                return why(b, "no column matches /%s/", rx_pattern(fs->column));
            b->used[b->col[f]] = 1;
        } else if (fs->src == SRC_PATH) {
            /* JSON: the "header" is the profile's own list of paths */
            for (size_t c = 0; c < n && b->col[f] < 0; c++)
                if (strcmp(headers[c], fs->path) == 0)
                    b->col[f] = (int)c;
            if (b->col[f] < 0)
                return why(b, "no path '%s'", fs->path);
            b->used[b->col[f]] = 1;
        }
        if (fs->code_column) {
            b->code_col = find_col(fs->code_column, headers, n);
            if (b->code_col >= 0)
                b->used[b->code_col] = 1;
        }
        if (fs->template && bind_template(b, f, fs->template, headers, n))
            return b->why[0] ? TRDB_ENOTFOUND : TRDB_ENOMEM;
    }

    cap = p->nmeasures + n;
    b->bm = calloc(cap, sizeof(*b->bm));
    if (!b->bm)
        return TRDB_ENOMEM;
    for (size_t i = 0; i < p->nmeasures; i++) {
        const struct measure_spec *m = &p->measures[i];
        struct bound_measure *bm;
        if (m->value) {
            bm = &b->bm[b->nbm++];
            bm->m = m;
            bm->col = bm->low_col = bm->high_col = -1;
        } else if (m->low) {
            int lo = find_col(m->low, headers, n), hi = find_col(m->high, headers, n);
            if (lo < 0 || hi < 0) {
                if (m->optional)
                    continue;
                return why(b, "no column matches /%s/", rx_pattern(lo < 0 ? m->low : m->high));
            }
            bm = &b->bm[b->nbm++];
            bm->m = m;
            bm->col = -1;
            bm->low_col = lo;
            bm->high_col = hi;
            b->used[lo] = b->used[hi] = 1;
        } else if (m->dimension >= 0) {
            /* unpivot: every matching column is a measure, its capture the dimension value */
            size_t found = 0;
            for (size_t c = 0; c < n && b->nbm < cap; c++) {
                const char *g;
                size_t gn;
                if (b->used[c] || rx_match(m->column, headers[c], strlen(headers[c])) != 1)
                    continue;
                bm = &b->bm[b->nbm++];
                bm->m = m;
                bm->col = (int)c;
                bm->low_col = bm->high_col = -1;
                if (rx_group(m->column, 1, &g, &gn)) {
                    const struct field_spec *fs = &p->field[m->dimension];
                    bm->dim_value = malloc(gn + 1);
                    if (!bm->dim_value)
                        return TRDB_ENOMEM;
                    memcpy(bm->dim_value, g, gn);
                    bm->dim_value[gn] = '\0';
                    /* the dimension's field may rename what the header says */
                    for (size_t k = 0; k < fs->nmap; k++) {
                        if (rx_match(fs->map[k].rx, bm->dim_value, gn) == 1) {
                            free(bm->dim_value);
                            if (!(bm->dim_value = strdup(fs->map[k].value)))
                                return TRDB_ENOMEM;
                            break;
                        }
                    }
                }
                b->used[c] = 1;
                found++;
            }
            if (!found && !m->optional)
                return why(b, "no column matches /%s/", rx_pattern(m->column));
        } else {
            int c = find_col(m->column, headers, n);
            if (c < 0) {
                if (m->optional)
                    continue;
                return why(b, "no column matches /%s/", rx_pattern(m->column));
            }
            bm = &b->bm[b->nbm++];
            bm->m = m;
            bm->col = c;
            bm->low_col = bm->high_col = -1;
            b->used[c] = 1;
        }
    }
    /* the file name last: "the header fits" must be true when it is said */
    if (p->filename && rx_match(p->filename, filename, strlen(filename)) != 1) {
        b->header_fits = 1;
        return why(b, "the header fits, but the file name does not match /%s/",
                   rx_pattern(p->filename));
    }
    for (int f = 0; f < F_COUNT; f++) {
        const struct field_spec *fs = &p->field[f];
        if (fs->src != SRC_FILENAME)
            continue;
        b->fixed[f] = filename_value(fs->filename, filename);
        if (!b->fixed[f]) {
            b->header_fits = 1;
            return why(b,
                       "the header fits, but the file name does not match /%s/ (it gives the %s)",
                       rx_pattern(fs->filename), field_names[f]);
        }
    }
    for (size_t c = 0; c < n; c++) {
        if (b->used[c]) {
            b->score++;
            continue;
        }
        for (size_t i = 0; i < p->nignore; i++)
            if (rx_match(p->ignore[i], headers[c], strlen(headers[c])) == 1) {
                b->used[c] = 1;
                b->score++;
                break;
            }
    }
    return 0;
}

void profile_binding_release(struct profile_binding *b)
{
    if (!b)
        return;
    for (int f = 0; f < F_COUNT; f++) {
        free(b->fixed[f]);
        free(b->tmpl_cols[f]);
    }
    for (size_t i = 0; i < b->nbm; i++)
        free(b->bm[i].dim_value);
    free(b->bm);
    free(b->used);
    memset(b, 0, sizeof(*b));
}
