/*
 * pgparams.h: SQLite's parameter forms in an SQL text (:name, @name, ?NNN)
 * rewritten as PostgreSQL's $1, $2, ..., each name numbered once in the
 * order it first appears, by a small tokenizer that leaves string literals,
 * quoted identifiers, comments and PostgreSQL's :: casts as they are. Not
 * for building SQL from values: values are always sent apart.
 */
#ifndef TRDB_PGPARAMS_H
#define TRDB_PGPARAMS_H

#include <stddef.h>

#define PGPARAMS_MAX 32      /* distinct parameters in one statement */
#define PGPARAMS_NAME_MAX 40 /* a name with its prefix (":cc", "?1") and NUL */

struct pgparams {
    char *sql; /* the rewritten text (malloc'd; pgparams_release frees it) */
    int n;     /* how many distinct parameters: $1..$n */
    char names[PGPARAMS_MAX][PGPARAMS_NAME_MAX]; /* $k is names[k - 1], as written */
};

/*
 * Rewrite sql into out. Returns 0, or -1 when sql has more than
 * PGPARAMS_MAX parameters, a name too long, a bare "?" (only numbered
 * ones can be matched by name), or memory ran out (out then holds nothing).
 */
int pgparams_rewrite(const char *sql, struct pgparams *out);
void pgparams_release(struct pgparams *p);

/* The number k (1-based) of the parameter called name (":cc"), or 0 when sql has none. */
int pgparams_index(const struct pgparams *p, const char *name);

#endif
