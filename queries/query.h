/*
 * query.h: named queries, the files queries/NAME.sql compiled into the binary.
 * Each file starts with a header of "-- key: value" lines:
 *   -- name: countries
 *   -- description: what one row is, what it holds
 *   -- param: NAME TYPE DEFAULT description
 *   -- check: SQL expression
 * TYPE is text, country, countries, period, publisher, int, date
 * (YYYY-MM-DD), choice:A,B,C (one of the words listed) or choice:@LIST
 * (one of the words of the vocabulary's list LIST, data/vocabulary/LIST.tsv:
 * "choice:@measures", so that a measure is added in that one file); DEFAULT is
 * "required", "-" (none) or a value. A period parameter P binds :P_start and
 * :P_end (NULL for none or "latest") and :P_latest (1 when the value was
 * "latest", else NULL); a countries parameter ("US,DE,France": codes or
 * names, comma-separated, each checked as a country is) binds :NAME to a
 * JSON array of the codes in the order given, each once ('["US","DE","FR"]',
 * for json_each); any other binds :NAME. A check is evaluated with the
 * parameters bound, before the query runs: when it yields text rather than
 * NULL, that text is the usage error (values checked against each other).
 * A header line "-- postgresql: yes" says the file runs on PostgreSQL as it
 * is; queries/pg/NAME.sql, when present, is its PostgreSQL text instead.
 * Not for writing results: queries/output.c does that.
 */
#ifndef TRDB_QUERY_H
#define TRDB_QUERY_H

#include <stdio.h>

#include <sqlite3.h>

#include "output.h"

struct trdb_err;
struct store;
struct store_pg;
struct period_parser;
struct country_db;
struct rows;

enum qparam_type {
    QP_TEXT,
    QP_COUNTRY,
    QP_PERIOD,
    QP_PUBLISHER,
    QP_INT,
    QP_CHOICE,
    QP_DATE,
    QP_COUNTRIES
};

#define QUERY_MAX_PARAMS 8
#define QUERY_MAX_CHECKS 4
#define QUERY_MAX_COUNTRIES 100 /* in one countries parameter */

struct qparam {
    char name[32];
    enum qparam_type type;
    int required;
    char dflt[64]; /* "" for none */
    char description[200];
    char choices[1024]; /* QP_CHOICE: the words allowed, comma-separated */
};

struct named_query {
    char name[32];
    char description[400];
    struct qparam params[QUERY_MAX_PARAMS];
    int nparams;
    char checks[QUERY_MAX_CHECKS][400]; /* SQL expressions, from "-- check:" lines */
    int nchecks;
    const char *sql; /* the whole file */
    int on_postgres; /* "-- postgresql: yes": the file runs on PostgreSQL as it is */
};

/*
 * Where the vocabulary is (a folder like data/vocabulary, model/vocab.h):
 * a header's "choice:@LIST" is read from there when the catalog is first
 * parsed, so call this before the other query_* functions. Without it,
 * $TRDB_DATA/vocabulary, else the installed one. dir is copied.
 */
void query_vocabulary_dir(const char *dir);

/*
 * Parse every embedded queries/NAME.sql, reading the vocabulary for their
 * "choice:@LIST" parameters. Returns the count, or < 0 with err (a bad
 * header, a vocabulary that cannot be read).
 */
int query_catalog(struct named_query *out, int max, struct trdb_err *err);

/* Write the catalog (name, parameters, description) to f in fmt. */
int query_list(FILE *f, enum out_format fmt, struct trdb_err *err);

/* Write one query's usage, description and parameters to f (its --help). */
int query_help(FILE *f, const char *name, struct trdb_err *err);

/*
 * Run the query called name with "KEY=VALUE" arguments, writing rows to f.
 * Parameters are checked: an unknown key, a missing required one, a country
 * or publisher that the database does not hold, a period that does not
 * parse, a check that yields a message are errors (TRDB_EUSAGE) whose
 * message lists what would be valid.
 * pp (periods) and cdb (country names as publishers spell them) may be NULL
 * for queries without such parameters; without cdb a country must be given
 * by its code or its name as the database holds it.
 */
int query_run(struct store *st, struct period_parser *pp, struct country_db *cdb, const char *name,
              int argc, char **argv, FILE *f, enum out_format fmt, int neutralize,
              struct trdb_err *err);

/*
 * Like query_run, but hand back the prepared, bound statement (OUT *out, to
 * be finalized by the caller) instead of writing it.
 */
int query_prepare(struct store *st, struct period_parser *pp, struct country_db *cdb,
                  const char *name, int argc, char **argv, sqlite3_stmt **out,
                  struct trdb_err *err);

/*
 * query_run on a PostgreSQL database: the same checks and the same output.
 * The SQL is queries/pg/NAME.sql when there is one, else queries/NAME.sql
 * when its header says "-- postgresql: yes" (it is in the common subset of
 * both dialects); any other query is refused (TRDB_EUSAGE, "does not run on
 * PostgreSQL yet"). Failures of the server are TRDB_EDB, a lost connection
 * TRDB_EIO, each naming the server without its password.
 */
int query_run_pg(struct store_pg *pg, struct period_parser *pp, struct country_db *cdb,
                 const char *name, int argc, char **argv, FILE *f, enum out_format fmt,
                 int neutralize, struct trdb_err *err);

/*
 * query_run_pg, but hand back the rows (rows.h, owning the result: free
 * with rows_close) instead of writing them. The same errors.
 */
int query_rows_pg(struct store_pg *pg, struct period_parser *pp, struct country_db *cdb,
                  const char *name, int argc, char **argv, struct rows **out, struct trdb_err *err);

/*
 * Run sql, a text of this build (never one built from values), on pg with
 * its parameter :cc bound to cc (NULL: NULL); what names it in errors.
 * Returns 0 with OUT *out (free with rows_close), or TRDB_EDB/EIO/ENOMEM
 * with the server named in err.
 */
int query_sql_pg(struct store_pg *pg, const char *what, const char *sql, const char *cc,
                 struct rows **out, struct trdb_err *err);

#endif
