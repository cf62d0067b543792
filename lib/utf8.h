/*
 * utf8.h: the few text operations trdb needs on UTF-8: validation, white
 * space trimming and collapsing, and a folded "match key" (case folded,
 * accents stripped, punctuation reduced) for comparing names as people
 * write them. Not a general Unicode library: utf8proc does the tables.
 */
#ifndef TRDB_UTF8_H
#define TRDB_UTF8_H

#include <stddef.h>

/*
 * Check that s[0..n) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing past U+10FFFF). Returns 1 if valid; else 0 and, when bad_at is
 * not NULL, the offset of the first bad byte.
 */
int utf8_valid(const char *s, size_t n, size_t *bad_at);

/*
 * Trim leading and trailing white space (ASCII space, tab, CR, LF, and the
 * UTF-8 no-break and narrow no-break spaces) in place. Returns s.
 */
char *utf8_trim(char *s);

/*
 * Collapse every run of white space into one ASCII space and trim, in place.
 * Returns s. Used to compare headers such as "% Not Enough Information ".
 */
char *utf8_collapse_space(char *s);

/*
 * The width of s in a terminal's columns: East Asian wide characters take
 * two, combining marks none (utf8proc's tables). Bytes that are not valid
 * UTF-8 count one column each.
 */
size_t utf8_width(const char *s);

/*
 * A key for matching names: NFKD, case folded, combining marks removed,
 * apostrophes and full stops dropped, other punctuation and symbols as
 * spaces ("&" as "and"), the words "the" dropped and "st" read as "saint",
 * white space collapsed. "Côte d’Ivoire" and "cote divoire" get one key.
 * Returns a malloc'd string the caller frees, or NULL when s is not valid
 * UTF-8 or memory runs out.
 */
char *utf8_fold_key(const char *s, size_t n);

#endif
