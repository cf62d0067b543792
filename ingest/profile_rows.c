/*
 * profile_rows.c: reading the profile keys that concern a row as a whole
 * rather than one field or measure: the hierarchy of levels a column's
 * codes form ("hierarchy"), the columns of notes about the whole row
 * ("notes"), and a publisher named per file by a column ("publisher" as an
 * object). Not for applying them to rows (ingest/hierarchy.c, rowmap.c).
 */
#include "profile_int.h"
#include "../lib/err.h"
#include "../lib/rx.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

/* More levels than any publisher's tree has; a cap keeps a row's state fixed-size. */
#define LEVELS_MAX 16

static int load_level(struct loader *l, const cJSON *obj, struct hierarchy *h, size_t i)
{
    static const char *const keys[] = {"match", "field", "name", "under", "aggregate", NULL};
    struct hier_level *lv = &h->levels[i];
    char where[64], *field = NULL, *under = NULL;
    int rc;

    snprintf(where, sizeof(where), "level %zu of 'hierarchy'", i + 1);
    lv->under = -1;
    lv->field = -1;
    if (!cJSON_IsObject(obj))
        return profile_bad(l, "%s must be an object", where);
    if ((rc = profile_check_keys(l, obj, where, keys)) ||
        (rc = profile_get_rx(l, obj, "match", &lv->match, where)) ||
        (rc = profile_get_str(l, obj, "field", 1, &field, where)) ||
        (rc = profile_get_str(l, obj, "name", 0, &lv->name, where)) ||
        (rc = profile_get_str(l, obj, "under", 0, &under, where)) ||
        (rc = profile_get_bool(l, obj, "aggregate", 0, &lv->aggregate, where)))
        goto out;
    if (!lv->match) {
        rc = profile_bad(l, "missing 'match' in %s", where);
        goto out;
    }
    lv->field = profile_field_by_name(field);
    if (lv->field < F_LEGAL_PROCESS || lv->field > F_FACT_LAST) {
        rc = profile_bad(l,
                         "'field' '%s' in %s is not a text field of facts (legal_process, "
                         "requester, product, reason, detail, subcategory)",
                         field, where);
        goto out;
    }
    if (under) {
        for (size_t k = 0; k < i && lv->under < 0; k++)
            if (h->levels[k].name && strcmp(h->levels[k].name, under) == 0)
                lv->under = (int)k;
        if (lv->under < 0)
            rc = profile_bad(l, "'under' '%s' in %s names no level above it", under, where);
    }
out:
    free(field);
    free(under);
    return rc;
}

int profile_load_hierarchy(struct loader *l, const cJSON *obj, struct hierarchy *h)
{
    static const char *const keys[] = {"column", "levels", NULL};
    const cJSON *levels, *it;
    size_t i = 0;
    int rc;

    if (!obj)
        return 0;
    if (!cJSON_IsObject(obj))
        return profile_bad(l, "'hierarchy' must be an object");
    if ((rc = profile_check_keys(l, obj, "'hierarchy'", keys)) ||
        (rc = profile_get_rx(l, obj, "column", &h->column, "'hierarchy'")))
        return rc;
    levels = cJSON_GetObjectItemCaseSensitive(obj, "levels");
    if (!h->column || !cJSON_IsArray(levels) || cJSON_GetArraySize(levels) < 1 ||
        cJSON_GetArraySize(levels) > LEVELS_MAX)
        return profile_bad(l, "'hierarchy' needs a 'column' and a list of 1 to %d 'levels'",
                           LEVELS_MAX);
    h->levels = calloc((size_t)cJSON_GetArraySize(levels), sizeof(*h->levels));
    if (!h->levels)
        return trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
    cJSON_ArrayForEach(it, levels)
    {
        h->nlevels = i + 1;
        if ((rc = load_level(l, it, h, i++)))
            return rc;
    }
    return 0;
}

int profile_load_notes(struct loader *l, const cJSON *arr, struct note_spec **out, size_t *n)
{
    static const char *const keys[] = {"column", "skip", NULL};
    const cJSON *it;
    size_t i = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if (!arr)
        return 0;
    if (!cJSON_IsArray(arr))
        return profile_bad(l, "'notes' must be a list of {\"column\": ..., \"skip\": ...}");
    *out = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(**out));
    if (!*out)
        return trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
    cJSON_ArrayForEach(it, arr)
    {
        char where[32];
        snprintf(where, sizeof(where), "note %zu", i + 1);
        *n = i + 1;
        if (!cJSON_IsObject(it))
            return profile_bad(l, "%s must be an object", where);
        if ((rc = profile_check_keys(l, it, where, keys)) ||
            (rc = profile_get_rx(l, it, "column", &(*out)[i].column, where)) ||
            (rc = profile_get_rx(l, it, "skip", &(*out)[i].skip, where)))
            return rc;
        if (!(*out)[i].column)
            return profile_bad(l, "missing 'column' in %s", where);
        i++;
    }
    return 0;
}

int profile_load_publisher(struct loader *l, const cJSON *obj, struct publisher_spec *ps,
                           char **shown)
{
    static const char *const keys[] = {"column", "from_reports", "providers", NULL};
    const char *where = "'publisher'";
    int rc;

    if ((rc = profile_check_keys(l, obj, where, keys)) ||
        (rc = profile_get_rx(l, obj, "column", &ps->column, where)) ||
        (rc = profile_get_bool(l, obj, "from_reports", 0, &ps->from_reports, where)) ||
        (rc = profile_get_str(l, obj, "providers", 0, &ps->providers, where)))
        return rc;
    if (!ps->column)
        return profile_bad(l, "missing 'column' in %s", where);
    /* a path under the data folder, never out of it */
    if (ps->providers && (ps->providers[0] == '/' || strstr(ps->providers, "..")))
        return profile_bad(l, "'providers' in %s must be a path inside the data folder, not '%s'",
                           where, ps->providers);
    /* what 'trdb formats' shows as the profile's publisher */
    {
        char text[300];
        snprintf(text, sizeof(text), "(per file: column /%s/)", rx_pattern(ps->column));
        if (!(*shown = strdup(text)))
            return trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
    }
    return 0;
}

void profile_rows_release(struct profile *p)
{
    rx_free(p->hier.column);
    for (size_t i = 0; i < p->hier.nlevels; i++) {
        rx_free(p->hier.levels[i].match);
        free(p->hier.levels[i].name);
    }
    free(p->hier.levels);
    for (size_t i = 0; i < p->nnotes; i++) {
        rx_free(p->notes[i].column);
        rx_free(p->notes[i].skip);
    }
    free(p->notes);
    rx_free(p->pub.column);
    free(p->pub.providers);
}
