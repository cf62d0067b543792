/*
 * dburi.h: what a --db value (or $TRDB_DB) names: a PostgreSQL server by a
 * libpq connection URI (postgresql://, postgres://) or a SQLite file by its
 * path; and the URI as messages show it, without its password. Not for
 * connecting: model/store_pg.h does that.
 */
#ifndef TRDB_DBURI_H
#define TRDB_DBURI_H

#include <stddef.h>

/* 1 when s starts with postgresql:// or postgres:// (any letter case), else 0 (s may be NULL). */
int dburi_is_postgres(const char *s);

/*
 * Write s into out (cap bytes, always NUL-terminated) as a message may show
 * it: for a PostgreSQL URI, the password of its user information
 * ("user:secret@" -> "user:***@") and the value of each query parameter
 * named password, its name percent-encoded or not ("password=secret",
 * "%70assword=secret" -> "...=***") are replaced by ***; anything else is
 * copied as it is. Returns 0, or -1 when out was too small (out then holds
 * the start of the redacted text: never a password).
 */
int dburi_redact(const char *s, char *out, size_t cap);

/*
 * Replace, in msg (a NUL-terminated text in cap bytes), every occurrence of
 * a password the PostgreSQL URI s carries, as written and percent-decoded,
 * by ***: for messages from elsewhere (libpq) that may quote a part of the
 * URI. Does nothing when s is not a PostgreSQL URI or has no password.
 */
void dburi_scrub(const char *s, char *msg, size_t cap);

#endif
