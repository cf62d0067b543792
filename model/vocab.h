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

/* The file of the DSA category labels in the vocabulary folder. */
#define VOCAB_DSA_CATEGORIES "dsa_categories.tsv"

/*
 * One line of dsa_categories.tsv: a DSA category or keyword code as the
 * regulation's templates name it. parent is a keyword's category, "" for
 * TOTAL and the categories; KEYWORD_OTHER has a line under each category.
 */
struct vocab_category {
    const char *code;           /* TOTAL, STATEMENT_CATEGORY_*, KEYWORD_* */
    const char *parent;         /* "" or a STATEMENT_CATEGORY_* */
    const char *template_label; /* "Category 1a" */
    const char *label;          /* "Animal harm" */
};

/*
 * The lines of dsa_categories.tsv in file order, their count in *n; none
 * when the folder has no such file (a vocabulary of one's own need not).
 * v owns them: valid until vocab_free.
 */
const struct vocab_category *vocab_categories(const struct vocab *v, size_t *n);

#endif
