/*
 * profile_spec.c: reading the parts of a format profile: the JSON getters
 * that name the file and the key in every message, and the parsers of one
 * field or one measure. Not for the profile as a whole or the set of them
 * (profile.c), nor for binding to a header (profile_bind.c).
 */
#include "profile_int.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../lib/rx.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

int profile_field_by_name(const char *s)
{
    for (int i = 0; i < F_COUNT; i++)
        if (strcmp(s, profile_field_name((enum field_id)i)) == 0)
            return i;
    return -1;
}

/* A profile's fault: "FILE: what is wrong". Returns TRDB_EDATA. */
int profile_bad(struct loader *l, const char *fmt, ...)
{
    char what[300];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    return trdb_err_set(l->err, TRDB_EDATA, "%s: %s", l->path, what);
}

/* Every key of obj must be in the NULL-terminated list allowed. */
int profile_check_keys(struct loader *l, const cJSON *obj, const char *where,
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
            return profile_bad(l, "unknown key '%s' in %s", it->string ? it->string : "?", where);
    }
    return 0;
}

int profile_get_str(struct loader *l, const cJSON *obj, const char *key, int required, char **out,
                    const char *where)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

    *out = NULL;
    if (!it) {
        if (required)
            return profile_bad(l, "missing '%s' in %s", key, where);
        return 0;
    }
    if (!cJSON_IsString(it))
        return profile_bad(l, "'%s' in %s must be a string", key, where);
    *out = strdup(it->valuestring);
    return *out ? 0 : trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
}

int profile_get_rx(struct loader *l, const cJSON *obj, const char *key, struct rx **out,
                   const char *where)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

    *out = NULL;
    if (!it)
        return 0;
    if (!cJSON_IsString(it))
        return profile_bad(l, "'%s' in %s must be a pattern string", key, where);
    *out = rx_new(it->valuestring, RX_CASELESS, l->err);
    if (!*out)
        return trdb_err_prefix(l->err, "%s: %s '%s'", l->path, where, key);
    return 0;
}

int profile_get_bool(struct loader *l, const cJSON *obj, const char *key, int dflt, int *out,
                     const char *where)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

    *out = dflt;
    if (!it)
        return 0;
    if (!cJSON_IsBool(it))
        return profile_bad(l, "'%s' in %s must be true or false", key, where);
    *out = cJSON_IsTrue(it);
    return 0;
}

int profile_get_rx_list(struct loader *l, const cJSON *obj, const char *key, struct rx ***out,
                        size_t *n, const char *where)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key), *it;
    size_t i = 0;

    *out = NULL;
    *n = 0;
    if (!arr)
        return 0;
    if (!cJSON_IsArray(arr))
        return profile_bad(l, "'%s' in %s must be a list of patterns", key, where);
    *out = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(**out));
    if (!*out)
        return trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
    cJSON_ArrayForEach(it, arr)
    {
        if (!cJSON_IsString(it))
            return profile_bad(l, "'%s' in %s must be a list of patterns", key, where);
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
    if ((rc = profile_get_str(l, m, "parse", 0, &parse, where)) ||
        (rc = profile_get_str(l, m, "blank", 0, &blank, where)) ||
        (rc = profile_get_str(l, m, "dash", 0, &dash, where)))
        goto out;
    if (!parse || strcmp(parse, "count") == 0) {
        o->kind = VALUE_COUNT;
    } else if (strcmp(parse, "percent") == 0) {
        o->kind = VALUE_PERCENT;
    } else if (strcmp(parse, "number") == 0) {
        o->kind = VALUE_NUMBER;
    } else if (strcmp(parse, "fraction") == 0) {
        o->kind = VALUE_PERCENT;
        o->fraction = 1;
    } else {
        rc = profile_bad(l, "unknown parser '%s' in %s (count, number, percent, fraction)", parse,
                         where);
        goto out;
    }
    if (blank && strcmp(blank, "zero") != 0 && strcmp(blank, "none") != 0) {
        rc = profile_bad(l, "'blank' in %s must be \"zero\" or \"none\"", where);
        goto out;
    }
    if (dash && strcmp(dash, "zero") != 0 && strcmp(dash, "none") != 0) {
        rc = profile_bad(l, "'dash' in %s must be \"zero\" or \"none\"", where);
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

/*
 * Check a map entry's result against its pattern: "$1".."$9" name groups the
 * pattern has, "$$" is a dollar, and a lone '$' is a mistake. Returns 0, or
 * TRDB_EDATA with the entry quoted in l->err.
 */
static int check_map_value(struct loader *l, const struct map_entry *e, const char *where)
{
    int groups = rx_groups(e->rx);

    for (const char *v = e->value; (v = strchr(v, '$')) != NULL; v += 2) {
        if (v[1] == '$')
            continue;
        if (v[1] < '1' || v[1] > '9')
            return profile_bad(l,
                               "'map' in %s: '%s' has a '$' that is neither $1..$9 nor $$ (a "
                               "dollar)",
                               where, e->value);
        if (v[1] - '0' > groups)
            return profile_bad(l, "'map' in %s: '%s' uses $%c but /%s/ has %d capture group%s",
                               where, e->value, v[1], rx_pattern(e->rx), groups,
                               groups == 1 ? "" : "s");
    }
    return 0;
}

int profile_map_value(const struct field_spec *fs, const char *s, size_t n, struct buf *out)
{
    size_t i;
    int rc;

    for (i = 0; i < fs->nmap; i++) {
        if ((rc = rx_match(fs->map[i].rx, s, n)) < 0)
            return rc;
        if (rc == 1)
            break;
    }
    if (i == fs->nmap)
        return 0;
    buf_reset(out);
    for (const char *v = fs->map[i].value; *v; v++) {
        const char *g;
        size_t gn;
        if (*v != '$') {
            rc = buf_putc(out, *v);
        } else if (*++v == '$') {
            rc = buf_putc(out, '$');
        } else {
            /* checked when the profile was loaded: a digit of a group the pattern has */
            rc = rx_group(fs->map[i].rx, *v - '0', &g, &gn) ? buf_append(out, g, gn) : 0;
        }
        if (rc)
            return rc;
    }
    return buf_cstr(out) ? 1 : TRDB_ENOMEM;
}

int profile_load_field(struct loader *l, const cJSON *obj, int f, struct field_spec *fs)
{
    static const char *const keys[] = {"column",  "value",    "filename",  "code_column", "map",
                                       "default", "template", "optional",  "date",        "months",
                                       "order",   "skip",     "aggregate", "languages",   "path",
                                       "mtime",   "required", "half_year", NULL};
    char where[64], *s = NULL;
    const cJSON *map, *it;
    int rc, nsrc = 0;

    snprintf(where, sizeof(where), "field '%s'", profile_field_name((enum field_id)f));
    if (cJSON_IsString(obj)) {
        /* shorthand: "legal_process": "Search Warrants" is a fixed value */
        fs->src = SRC_VALUE;
        fs->value = strdup(obj->valuestring);
        return fs->value ? 0 : trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
    }
    if (!cJSON_IsObject(obj))
        return profile_bad(l, "%s must be a string or an object", where);
    if ((rc = profile_check_keys(l, obj, where, keys)) ||
        (rc = profile_get_rx(l, obj, "column", &fs->column, where)) ||
        (rc = profile_get_str(l, obj, "value", 0, &fs->value, where)) ||
        (rc = profile_get_rx(l, obj, "filename", &fs->filename, where)) ||
        (rc = profile_get_rx(l, obj, "code_column", &fs->code_column, where)) ||
        (rc = profile_get_str(l, obj, "default", 0, &fs->dflt, where)) ||
        (rc = profile_get_str(l, obj, "template", 0, &fs->template, where)) ||
        (rc = profile_get_bool(l, obj, "optional", 0, &fs->optional, where)) ||
        (rc = profile_get_bool(l, obj, "required", 0, &fs->required, where)) ||
        (rc = profile_get_rx(l, obj, "skip", &fs->skip, where)) ||
        (rc = profile_get_rx(l, obj, "aggregate", &fs->aggregate, where)) ||
        (rc = profile_get_bool(l, obj, "half_year", 0, &fs->half_year, where)))
        return rc;
    if (fs->half_year && f != F_PERIOD)
        return profile_bad(l, "'half_year' is for the period field only, not %s", where);
    {
        int mtime = 0;
        if ((rc = profile_get_str(l, obj, "path", 0, &fs->path, where)) ||
            (rc = profile_get_bool(l, obj, "mtime", 0, &mtime, where)))
            return rc;
        nsrc = (fs->column != NULL) + (fs->value != NULL) + (fs->filename != NULL) +
               (fs->path != NULL) + mtime;
        /* a text field may have no source of its own when a measure's dimension fills it */
        if (nsrc > 1 || (nsrc == 0 && !fs->dflt && f < F_LEGAL_PROCESS))
            return profile_bad(l,
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
        return profile_bad(l, "'code_column' is only for the country field, not %s", where);
    it = cJSON_GetObjectItemCaseSensitive(obj, "languages");
    if (it) {
        size_t i = 0;
        if (f != F_COUNTRY || !cJSON_IsArray(it))
            return profile_bad(
                l,
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
                return profile_bad(l, "'languages' in %s holds '%s', not a language code", where,
                                   v ? v : "?");
            if (!(fs->languages[i++] = strdup(v)))
                return trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
        }
    }

    map = cJSON_GetObjectItemCaseSensitive(obj, "map");
    if (map) {
        size_t i = 0;
        if (!cJSON_IsObject(map))
            return profile_bad(l, "'map' in %s must be an object of pattern: value", where);
        fs->map = calloc((size_t)cJSON_GetArraySize(map) + 1, sizeof(*fs->map));
        if (!fs->map)
            return trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
        cJSON_ArrayForEach(it, map)
        {
            if (!cJSON_IsString(it))
                return profile_bad(l, "'map' values in %s must be strings", where);
            fs->map[i].rx = rx_new(it->string, RX_CASELESS, l->err);
            if (!fs->map[i].rx)
                return trdb_err_prefix(l->err, "%s: %s 'map'", l->path, where);
            fs->map[i].value = strdup(it->valuestring);
            fs->nmap = ++i;
            if (!fs->map[i - 1].value)
                return trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
            if ((rc = check_map_value(l, &fs->map[i - 1], where)))
                return rc;
        }
    }

    /* periods: what a lone date means, and day/month order */
    fs->popts.role = PERIOD_DATE_ENDS;
    fs->popts.months = 6;
    fs->popts.order = PERIOD_ORDER_AUTO;
    if ((rc = profile_get_str(l, obj, "date", 0, &s, where)))
        return rc;
    if (s) {
        if (f != F_PERIOD || (strcmp(s, "ends") && strcmp(s, "day"))) {
            rc = profile_bad(
                l, "'date' in %s must be \"ends\" or \"day\", on the period field only, not '%s'",
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
            return profile_bad(l, "'months' in %s must be a number from 1 to 12", where);
        fs->popts.months = it->valueint;
    }
    if ((rc = profile_get_str(l, obj, "order", 0, &s, where)))
        return rc;
    if (s) {
        if (strcmp(s, "mdy") == 0)
            fs->popts.order = PERIOD_ORDER_MDY;
        else if (strcmp(s, "dmy") == 0)
            fs->popts.order = PERIOD_ORDER_DMY;
        else if (strcmp(s, "auto") != 0) {
            rc = profile_bad(l, "'order' in %s must be \"mdy\", \"dmy\" or \"auto\", not '%s'",
                             where, s);
            free(s);
            return rc;
        }
        free(s);
    }
    return 0;
}

int profile_load_measure(struct loader *l, const cJSON *obj, size_t i, struct measure_spec *m)
{
    static const char *const keys[] = {"metric",       "column",   "low",  "high",      "value",
                                       "parse",        "blank",    "dash", "dimension", "optional",
                                       "request_type", "required", "note", NULL};
    char where[64], *dim = NULL;
    int rc, nsrc;

    snprintf(where, sizeof(where), "measure %zu", i + 1);
    m->dimension = -1;
    if (!cJSON_IsObject(obj))
        return profile_bad(l, "%s must be an object", where);
    if ((rc = profile_check_keys(l, obj, where, keys)) ||
        (rc = profile_get_str(l, obj, "metric", 1, &m->metric, where)) ||
        (rc = profile_get_str(l, obj, "request_type", 0, &m->request_type, where)) ||
        (rc = profile_get_rx(l, obj, "column", &m->column, where)) ||
        (rc = profile_get_rx(l, obj, "low", &m->low, where)) ||
        (rc = profile_get_rx(l, obj, "high", &m->high, where)) ||
        (rc = profile_get_str(l, obj, "value", 0, &m->value, where)) ||
        (rc = profile_get_bool(l, obj, "optional", 0, &m->optional, where)) ||
        (rc = profile_get_bool(l, obj, "required", 0, &m->required, where)) ||
        (rc = load_value_opts(l, obj, &m->vopts, where)) ||
        (rc = profile_get_rx(l, obj, "note", &m->note, where)) ||
        (rc = profile_get_str(l, obj, "dimension", 0, &dim, where)))
        return rc;
    nsrc = (m->column != NULL) + (m->low != NULL || m->high != NULL) + (m->value != NULL);
    if (nsrc != 1 || (!m->low) != (!m->high)) {
        free(dim);
        return profile_bad(l, "%s needs exactly one of 'column', 'low' with 'high', 'value'",
                           where);
    }
    if (dim) {
        m->dimension = profile_field_by_name(dim);
        if (m->dimension < F_LEGAL_PROCESS || !m->column || rx_groups(m->column) < 1) {
            rc =
                profile_bad(l,
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

void profile_field_release(struct field_spec *fs)
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
