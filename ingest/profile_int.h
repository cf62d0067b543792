/*
 * profile_int.h: what the files of the profile module share and nobody
 * else uses: the loader's context and JSON getters (profile_spec.c), read
 * by profile.c for the profile's top level. Not a public interface: outside
 * ingest/profile*.c, include profile.h.
 */
#ifndef TRDB_PROFILE_INT_H
#define TRDB_PROFILE_INT_H

#include "profile.h"

#include <cjson/cJSON.h>

/* Context for loading one profile file: its path, for every message. */
struct loader {
    const char *path;
    struct trdb_err *err;
};

/* The F_* of a field's name in profiles ("legal_process"), or -1. */
int profile_field_by_name(const char *s);

/* A profile's fault: "FILE: what is wrong". Returns TRDB_EDATA. */
int profile_bad(struct loader *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The getters below read key of obj; where names the part of the profile
 * for messages ("field 'country'"). Each returns 0, TRDB_EDATA (the
 * value's type is wrong, a required key is missing, a pattern does not
 * compile) or TRDB_ENOMEM, with the file in l->err. What they return in
 * OUT: *out belongs to the caller (strings freed with free, patterns with
 * rx_free), also on failure; absent keys leave it NULL (or dflt).
 */

/* Every key of obj must be in the NULL-terminated list allowed. */
int profile_check_keys(struct loader *l, const cJSON *obj, const char *where,
                       const char *const *allowed);
int profile_get_str(struct loader *l, const cJSON *obj, const char *key, int required, char **out,
                    const char *where);
int profile_get_rx(struct loader *l, const cJSON *obj, const char *key, struct rx **out,
                   const char *where);
int profile_get_bool(struct loader *l, const cJSON *obj, const char *key, int dflt, int *out,
                     const char *where);
/* A list of patterns: *out has room for one more, NULL; *n of them are set. */
int profile_get_rx_list(struct loader *l, const cJSON *obj, const char *key, struct rx ***out,
                        size_t *n, const char *where);

/*
 * Read field f's spec from obj into fs (zeroed by the caller), or measure
 * number i (from 0) into m. Return 0 or the getters' codes; what is read
 * stays in fs or m for profile_field_release / the profile's release.
 */
int profile_load_field(struct loader *l, const cJSON *obj, int f, struct field_spec *fs);
int profile_load_measure(struct loader *l, const cJSON *obj, size_t i, struct measure_spec *m);

/*
 * profile_rows.c: the keys about whole rows. Each reads its part of the
 * profile (obj may be NULL: absent) and returns 0 or the getters' codes;
 * what is read stays in the profile for profile_rows_release.
 */
int profile_load_hierarchy(struct loader *l, const cJSON *obj, struct hierarchy *h);
int profile_load_notes(struct loader *l, const cJSON *arr, struct note_spec **out, size_t *n);
/* OUT *shown: the text 'trdb formats' shows as the publisher ("(per file: column /P/)"). */
int profile_load_publisher(struct loader *l, const cJSON *obj, struct publisher_spec *ps,
                           char **shown);
/* Free the hierarchy, notes and publisher column of p. */
void profile_rows_release(struct profile *p);

/*
 * The keys of kind records and skip (profile_records.c): for a records
 * profile its table, "indicators", "publisher_from" and 'fields' as the
 * table's columns; for any other kind, a check that it has none of them
 * (and a skip profile no fields or measures). Returns 0 or TRDB_EDATA /
 * TRDB_ENOMEM with l->err; what is read stays in p for
 * profile_records_release.
 */
int profile_load_records(struct loader *l, const cJSON *root, struct profile *p);
void profile_records_release(struct profile *p);

/* Free what a field spec holds (not fs itself). */
void profile_field_release(struct field_spec *fs);

#endif
