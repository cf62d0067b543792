/*
 * app_counts.h: the counts a file of app records adds to the rollups
 * (model/apps.c), kept in memory while its rows stream: a small hash map
 * from a group's key (bytes, NULs allowed) to rows, new apps and the range
 * of dates. Bounded: past its limit a key is refused, and the caller counts
 * in SQL instead.
 */
#ifndef TRDB_APP_COUNTS_H
#define TRDB_APP_COUNTS_H

#include <stddef.h>

enum { APP_COUNT_DATE = 16 }; /* a date's bytes and its NUL */

struct app_count {
    long long rows;                              /* rows added to the group */
    long long apps;                              /* apps the group did not hold before */
    long long last_app;                          /* the app of the group's last row (0: none) */
    char lo[APP_COUNT_DATE], hi[APP_COUNT_DATE]; /* earliest and latest date, "" when none */
};

struct app_counts;

/* An empty map that holds at most max_keys groups; NULL when out of memory. */
struct app_counts *app_counts_new(size_t max_keys);
void app_counts_free(struct app_counts *m);

/*
 * The group of key (len bytes), added with zero counts when it is new.
 * NULL when the map is full or out of memory. The pointer is good until the
 * next app_counts_get (a new group may move the others).
 */
struct app_count *app_counts_get(struct app_counts *m, const char *key, size_t len);

/* The number of groups, and group i of them (any order): its key and length. */
size_t app_counts_size(const struct app_counts *m);
struct app_count *app_counts_at(struct app_counts *m, size_t i, const char **key, size_t *len);

/*
 * Widen c's date range to date (NULL or "": no date, nothing changes).
 * Returns 0, or -1 when the date is too long to keep (nothing changes).
 */
int app_count_date(struct app_count *c, const char *date);

#endif
