/*
 * vocab.h: the vocabulary, data/vocabulary: the request types and metrics a
 * fact may carry and the measures of country_summary. This module is their
 * one owner: profiles are checked against it (ingest/profile.c) and the
 * named queries take their measure lists from it (queries/query.c). Not for
 * what a measure adds up: that is model/summary.sql's measure_rules.
 */
#ifndef TRDB_VOCAB_H
#define TRDB_VOCAB_H

#include <stddef.h>

struct trdb_err;
struct vocab;

/* The lists of the vocabulary, one file each in its folder. */
enum vocab_list {
    VOCAB_REQUEST_TYPES, /* request_types.tsv */
    VOCAB_METRICS,       /* metrics.tsv */
    VOCAB_MEASURES,      /* measures.tsv */
    VOCAB_NLISTS
};

/*
 * Read the vocabulary in folder dir: every list's file, NAME<TAB>MEANING a
 * line, '#' comments. Returns 0 with *out (free it with vocab_free), or
 * TRDB_EIO (a file cannot be read), TRDB_EDATA (a file lists nothing),
 * TRDB_ELIMIT (a file over 1 MiB) or TRDB_ENOMEM, with the file in err.
 */
int vocab_load(const char *dir, struct vocab **out, struct trdb_err *err);

/* Free what vocab_load returned. v may be NULL. */
void vocab_free(struct vocab *v);

/* 1 when name is in the list l of v, else 0. */
int vocab_has(const struct vocab *v, enum vocab_list l, const char *name);
int vocab_is_request_type(const struct vocab *v, const char *name);
int vocab_is_metric(const struct vocab *v, const char *name);
int vocab_is_measure(const struct vocab *v, const char *name);

/*
 * The names of list l in file order, NULL-terminated, with their count in
 * *n (n may be NULL). v owns them: valid until vocab_free.
 */
const char *const *vocab_names(const struct vocab *v, enum vocab_list l, size_t *n);

/* The file name of list l in the vocabulary folder ("measures.tsv"). */
const char *vocab_file(enum vocab_list l);

#endif
