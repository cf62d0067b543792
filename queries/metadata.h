/*
 * metadata.h: a description of a trdb database for other tools: Datasette's
 * metadata JSON, with the public views and their columns (as
 * docs/data-model.md describes them) and every named query as a canned
 * query. Not for running queries: query.h does that.
 */
#ifndef TRDB_METADATA_H
#define TRDB_METADATA_H

#include <stdio.h>

struct trdb_err;
struct named_query;

struct metadata_opts {
    const char *db_name;   /* the database's name in Datasette: its file name without .sqlite/.db */
    const char *datamodel; /* path of data-model.md; NULL: describe no tables */
};

/*
 * Write Datasette metadata JSON for the database to f. Returns 0, or a
 * negative code with err (the data model cannot be read, the named queries'
 * catalog is broken, a write failed).
 */
int metadata_datasette(FILE *f, const struct metadata_opts *o, struct trdb_err *err);

/*
 * q's SQL as a Datasette canned query: Datasette binds every :name it finds
 * to the text the reader typed, '' when they typed nothing, so each
 * parameter is read as trdb reads it: '' is "not given" and takes the
 * parameter's default, a whole number is a number, a country code is upper
 * case, "US,DE" is the JSON array a countries parameter binds, a period P
 * is given as P_start and P_end (ISO dates; both empty: the query's
 * default, latest where that is it). Returns a malloc'd text (free it), or
 * NULL with err. The names Datasette will ask for are written to params
 * (at most maxp, each malloc'd: free them), their count to *np.
 */
char *metadata_canned_sql(const struct named_query *q, char **params, int maxp, int *np,
                          struct trdb_err *err);

#endif
