/*
 * fact_groups.h: a loading file's facts counted in the groups summary.sql
 * reads (temp.fact_groups), as the writer stores them, so that the summary
 * of a file that is the only current release of its periods needs no pass
 * over its rows. Not for the summary rules themselves (summary.sql).
 */
#ifndef TRDB_FACT_GROUPS_H
#define TRDB_FACT_GROUPS_H

#include "store.h"

/* One group: its key as summary.sql's temp.fact_groups has it, and its counts. */
struct fact_group {
    long long dataset_id;
    const char *country, *period_start, *period_end, *request_type, *metric;
    const char *product; /* NULL when the facts have none */
    int is_aggregate, is_total, no_sub;
    long long n, n_low, n_high;
    double sum_low, sum_high;
    double sum_w, sum_lw; /* the percentages' weights, and percentage x weight */
};

struct fact_groups;

/* An empty set of groups; NULL when out of memory. Free with fact_groups_free (NULL is fine). */
struct fact_groups *fact_groups_new(void);
void fact_groups_free(struct fact_groups *g);

/* Empty the groups for the next file (usable again). */
void fact_groups_reset(struct fact_groups *g);

/*
 * Count one stored fact. The facts of one source line come one after
 * another (a row's facts), lines in increasing order; facts that break that
 * order, more groups than fit the memory target, or no memory make the
 * groups unusable (summary.sql then counts the file from its rows).
 */
void fact_groups_add(struct fact_groups *g, const struct fact *f);

/*
 * Finish counting (the last row's weights) and say whether the groups
 * hold every fact given since the reset: 1 yes, 0 no.
 */
int fact_groups_finish(struct fact_groups *g);

/*
 * What else the writer saw of the file: the periods of its facts and notes,
 * the (dataset, country) pairs of its facts, and the first and last rowid
 * of its facts and notes (merge.sql reads them instead of the rows).
 */
struct file_seen {
    long long first_fact, last_fact, first_note, last_note; /* 0, -1: none */
};

/* A stored fact's rowid; a stored note's period and rowid. */
void fact_groups_fact_id(struct fact_groups *g, long long id);
void fact_groups_note(struct fact_groups *g, const char *period_start, const char *period_end,
                      long long id);

/*
 * 1 and OUT the file's rowid spans when the periods and countries below are
 * all the file's (0 when more than fit the memory target, or no memory).
 */
int fact_groups_seen(const struct fact_groups *g, struct file_seen *out);

/* The file's periods and (dataset, country) pairs, each once (valid until the next reset). */
size_t fact_groups_nperiods(const struct fact_groups *g);
void fact_groups_period_at(const struct fact_groups *g, size_t i, const char **start,
                           const char **end);
size_t fact_groups_ncountries(const struct fact_groups *g);
void fact_groups_country_at(const struct fact_groups *g, size_t i, long long *dataset_id,
                            const char **country);

/* The number of groups, and group i of them (valid until the next add or reset). */
size_t fact_groups_count(const struct fact_groups *g);
const struct fact_group *fact_groups_at(const struct fact_groups *g, size_t i);

#endif
