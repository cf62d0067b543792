/*
 * sqltext.h: the SQL files of the source tree (model/schema/NNNN-NAME.sql,
 * model/NAME.sql, queries/NAME.sql, queries/pg/NAME.sql,
 * reports/sql/NAME.sql) and the report's stylesheet and script
 * (reports/assets/), compiled into the binary by tools/embed-sql.sh so that
 * an installed trdb needs none of them on disk; and a statement put on one
 * line for a message.
 */
#ifndef TRDB_SQLTEXT_H
#define TRDB_SQLTEXT_H

#include <stddef.h>

struct sql_text {
    const char *path; /* as in the source tree: "queries/countries.sql" */
    const char *text;
};

/* Every embedded file, ending with {NULL, NULL}. */
extern const struct sql_text sql_texts[];

/* The text of one file, or NULL when there is none by that path. */
const char *sql_text(const char *path);

/*
 * sql on one line in out (cap bytes, cap > 0), for a message: every run of
 * spaces, tabs and newlines one space, each "--" comment dropped up to its
 * line's end; cut short past cap - 1 bytes.
 */
void sql_one_line(const char *sql, char *out, size_t cap);

#endif
