/*
 * rx.h: a thin layer over PCRE2 for the patterns in profiles and parsers:
 * compile once, match many times, read groups by number or name. Each rx
 * owns its match data, so one rx must not be used by two threads at once.
 */
#ifndef TRDB_RX_H
#define TRDB_RX_H

#include <stddef.h>

struct trdb_err;
struct rx;

enum { RX_CASELESS = 1 };

/*
 * Compile pattern (UTF-8, Unicode properties on). Returns a new rx to be
 * freed with rx_free, or NULL with the pattern and PCRE2's reason in err.
 */
struct rx *rx_new(const char *pattern, unsigned flags, struct trdb_err *err);

/* Free r; NULL is fine. */
void rx_free(struct rx *r);

/*
 * Match r against s[0..n). Returns 1 on a match, 0 on none, and a negative
 * TRDB_E* code when PCRE2 gives up (a match limit). Invalid UTF-8 is no
 * error: its bytes never match, and the valid text around them still can.
 */
int rx_match(struct rx *r, const char *s, size_t n);

/*
 * After a match, group i (0 = the whole match) or a named group. Return 1
 * and fill OUT p, n when the group took part in the match, else 0.
 */
int rx_group(const struct rx *r, int i, const char **p, size_t *n);
int rx_named(const struct rx *r, const char *name, const char **p, size_t *n);

/* Number of capture groups in the pattern. */
int rx_groups(const struct rx *r);

/* The pattern r was compiled from. */
const char *rx_pattern(const struct rx *r);

#endif
