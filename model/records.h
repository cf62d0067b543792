/*
 * records.h: the side tables a format profile of kind "records" fills with
 * the rows of a file that are not figures: a DSA report's identification
 * (dsa_reports, Table 1) and its category names (category_labels, Table 2),
 * and the template's own category labels from the vocabulary. This module
 * knows each table's columns and writes them with fixed, bound statements;
 * profiles name a table and its columns, never SQL. Not for facts
 * (store.h) or app records (apps.h).
 */
#ifndef TRDB_RECORDS_H
#define TRDB_RECORDS_H

#include <stddef.h>

struct store;
struct trdb_err;
struct vocab;

/* The most columns a side table has. */
#define RECORDS_MAX_COLUMNS 8

/* A side table: its name and columns (besides file_id), and which must have a value. */
struct records_table {
    const char *name;
    const char *columns[RECORDS_MAX_COLUMNS + 1]; /* NULL-terminated */
    unsigned required;                            /* bit i: columns[i] may not be empty */
};

/* The side table called name, or NULL. */
const struct records_table *records_table_find(const char *name);

/* The position of column name in t, or -1. */
int records_column(const struct records_table *t, const char *name);

/* The names of every side table, comma-separated, for messages. */
const char *records_table_names(void);

struct records_writer;

/*
 * Prepare to write the records of file file_id into t, inside the file's
 * transaction. Returns NULL with SQLite's reason in err.
 */
struct records_writer *records_writer_new(struct store *st, const struct records_table *t,
                                          long long file_id, struct trdb_err *err);
void records_writer_free(struct records_writer *w);

/*
 * Write one record: values[i] is column i of the table (NULL or "" for no
 * value). Returns 0 when it was written, 1 when the table holds it already
 * (the same key from this file: a row repeated), or an error code as
 * store.h describes. A dsa_reports record replaces the record of another
 * file for the same service and period unless that one was published
 * later; then this one is dropped (returns 0 all the same).
 */
int records_put(struct records_writer *w, const char *const *values, struct trdb_err *err);

/*
 * Make the vocabulary's rows of category_labels (file_id NULL) what v's
 * dsa_categories.tsv says, in its own transaction: rows it no longer has
 * go, new and changed ones are written, and nothing is written when they
 * agree. Returns 0 or an error code as store.h describes.
 */
int records_sync_categories(struct store *st, const struct vocab *v, struct trdb_err *err);

#endif
