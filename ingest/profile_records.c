/*
 * profile_records.c: the parts of a format profile that only profiles of
 * kind "records" (rows into a side table, model/records.h) and "skip" (a
 * layout known and not read) have: the table, its columns' sources, the
 * "indicators" layout and where the file's publisher comes from. Not for
 * the keys every profile has (profile.c) or binding (profile_bind.c).
 */
#include "profile_int.h"
#include "../lib/err.h"
#include "../lib/rx.h"
#include "../model/records.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

/* The table's columns, comma-separated, for messages. */
static void column_list(const struct records_table *t, char *out, size_t n)
{
    size_t len = 0;

    out[0] = '\0';
    for (int i = 0; t->columns[i] && len < n; i++)
        len += (size_t)snprintf(out + len, n - len, "%s%s", i ? ", " : "", t->columns[i]);
}

/* One column's source, fs->name already set. */
static int load_record_field(struct loader *l, const cJSON *obj, const struct profile *p,
                             struct record_field *rf)
{
    static const char *const keys[] = {"column", "value",         "indicator", "default", "parse",
                                       "skip",   "nearest_above", "when",      NULL};
    char where[160], *parse = NULL;
    int rc, nsrc;

    snprintf(where, sizeof(where), "field '%s'", rf->name);
    if (cJSON_IsString(obj)) {
        rf->value = strdup(obj->valuestring);
        return rf->value ? 0 : trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
    }
    if (!cJSON_IsObject(obj))
        return profile_bad(l, "%s must be a string or an object", where);
    if ((rc = profile_check_keys(l, obj, where, keys)) ||
        (rc = profile_get_rx(l, obj, "column", &rf->column, where)) ||
        (rc = profile_get_str(l, obj, "value", 0, &rf->value, where)) ||
        (rc = profile_get_rx(l, obj, "indicator", &rf->indicator, where)) ||
        (rc = profile_get_str(l, obj, "default", 0, &rf->dflt, where)) ||
        (rc = profile_get_rx(l, obj, "skip", &rf->skip, where)) ||
        (rc = profile_get_rx(l, obj, "nearest_above", &rf->above, where)) ||
        (rc = profile_get_rx(l, obj, "when", &rf->when, where)) ||
        (rc = profile_get_str(l, obj, "parse", 0, &parse, where)))
        goto out;
    nsrc = (rf->column != NULL) + (rf->value != NULL) + (rf->indicator != NULL);
    if (nsrc != 1)
        rc = profile_bad(l, "%s needs exactly one of 'column', 'value', 'indicator'", where);
    else if (rf->indicator && !p->ind_name)
        rc = profile_bad(l, "%s: 'indicator' needs the profile's 'indicators'", where);
    else if ((rf->above != NULL) != (rf->when != NULL) || (rf->above && !rf->column))
        rc = profile_bad(l, "%s: 'nearest_above' and 'when' go together, with a 'column'", where);
    else if (parse && strcmp(parse, "date") != 0 && strcmp(parse, "text") != 0)
        rc = profile_bad(l, "'parse' in %s must be \"text\" or \"date\", not '%s'", where, parse);
    rf->date = parse && strcmp(parse, "date") == 0;
out:
    free(parse);
    return rc;
}

/* "indicators": {"name": PATTERN, "value": PATTERN}. */
static int load_indicators(struct loader *l, const cJSON *root, struct profile *p)
{
    static const char *const keys[] = {"name", "value", NULL};
    const cJSON *ind = cJSON_GetObjectItemCaseSensitive(root, "indicators");
    int rc;

    if (!ind)
        return 0;
    if (!cJSON_IsObject(ind))
        return profile_bad(l, "'indicators' must be an object with 'name' and 'value'");
    if ((rc = profile_check_keys(l, ind, "'indicators'", keys)) ||
        (rc = profile_get_rx(l, ind, "name", &p->ind_name, "'indicators'")) ||
        (rc = profile_get_rx(l, ind, "value", &p->ind_value, "'indicators'")))
        return rc;
    if (!p->ind_name || !p->ind_value)
        return profile_bad(l, "'indicators' needs both 'name' and 'value' patterns");
    return 0;
}

int profile_load_records(struct loader *l, const cJSON *root, struct profile *p)
{
    static const char *const own[] = {"table", "indicators", "publisher_from", NULL};
    const cJSON *fields = cJSON_GetObjectItemCaseSensitive(root, "fields"), *it;
    char *table = NULL, cols[300];
    int rc = 0;

    if (p->kind != KIND_RECORDS) {
        for (const char *const *k = own; *k; k++)
            if (cJSON_GetObjectItemCaseSensitive(root, *k))
                return profile_bad(l, "'%s' is for a profile of kind records only", *k);
        if (p->kind == KIND_SKIP && (fields || cJSON_GetObjectItemCaseSensitive(root, "measures")))
            return profile_bad(l, "a skip profile reads nothing: no 'fields', no 'measures'");
        return 0;
    }
    if (cJSON_GetObjectItemCaseSensitive(root, "measures"))
        return profile_bad(l, "a records profile has no 'measures'");
    if (p->format != FORMAT_CSV)
        return profile_bad(l, "a records profile reads csv");
    if ((rc = profile_get_str(l, root, "table", 1, &table, "the profile")))
        goto out;
    if (!(p->table = records_table_find(table))) {
        rc = profile_bad(l, "no table '%s' for records (%s)", table, records_table_names());
        goto out;
    }
    column_list(p->table, cols, sizeof(cols));
    if ((rc = load_indicators(l, root, p)) ||
        (rc = profile_get_str(l, root, "publisher_from", 0, &p->publisher_from, "the profile")))
        goto out;
    if (!cJSON_IsObject(fields)) {
        rc = profile_bad(l, "missing 'fields' object");
        goto out;
    }
    p->rec = calloc((size_t)cJSON_GetArraySize(fields) + 1, sizeof(*p->rec));
    if (!p->rec) {
        rc = trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    cJSON_ArrayForEach(it, fields)
    {
        struct record_field *rf = &p->rec[p->nrec];
        int col = records_column(p->table, it->string);
        if (col < 0) {
            rc = profile_bad(l, "field '%s' is not a column of table %s (%s)", it->string,
                             p->table->name, cols);
            goto out;
        }
        if (cJSON_GetObjectItemCaseSensitive(fields, it->string) != it) {
            rc = profile_bad(l, "field '%s' is given twice", it->string);
            goto out;
        }
        rf->col = col;
        p->nrec++;
        if (!(rf->name = strdup(it->string))) {
            rc = trdb_err_set(l->err, TRDB_ENOMEM, "out of memory");
            goto out;
        }
        if ((rc = load_record_field(l, it, p, rf)))
            goto out;
    }
    for (int c = 0; p->table->columns[c]; c++) {
        size_t k;
        for (k = 0; k < p->nrec && p->rec[k].col != c; k++)
            ;
        if (k == p->nrec && (p->table->required & (1u << c))) {
            rc = profile_bad(l, "'fields' must say where '%s' comes from (table %s)",
                             p->table->columns[c], p->table->name);
            goto out;
        }
    }
    if (p->publisher_from && strcmp(p->publisher_from, "bundle") != 0) {
        size_t k;
        for (k = 0; k < p->nrec && strcmp(p->rec[k].name, p->publisher_from) != 0; k++)
            ;
        if (k == p->nrec)
            rc = profile_bad(l,
                             "'publisher_from' is \"bundle\" or one of the profile's fields, "
                             "not '%s'",
                             p->publisher_from);
    }
out:
    free(table);
    return rc;
}

void profile_records_release(struct profile *p)
{
    for (size_t i = 0; i < p->nrec; i++) {
        struct record_field *rf = &p->rec[i];
        free(rf->name);
        rx_free(rf->column);
        free(rf->value);
        rx_free(rf->indicator);
        free(rf->dflt);
        rx_free(rf->skip);
        rx_free(rf->above);
        rx_free(rf->when);
    }
    free(p->rec);
    rx_free(p->ind_name);
    rx_free(p->ind_value);
    free(p->publisher_from);
}
