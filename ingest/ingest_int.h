/*
 * ingest_int.h: what the files of ingest/ share and nobody else sees: the
 * session's insides, a source opened up to its header (struct opened), one
 * file's mapping state (struct filectx), the row outcomes, and the functions
 * one file of the module calls in another. Not a public interface: cli/ and
 * the tests use ingest.h.
 */
#ifndef TRDB_INGEST_INT_H
#define TRDB_INGEST_INT_H

#include "ingest.h"
#include "csvread.h"
#include "hierarchy.h"
#include "profile.h"
#include "source.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../model/period.h"
#include "../model/store.h"
#include "../model/value.h"

#include <cjson/cJSON.h>

#define UNKNOWN_NAMED 5 /* unknown captures named in the log per run */
#define RAW_CAP 2000    /* bytes of a rejected row kept in rejects.raw */

/*
 * A folder or zip being read: the publisher a file of it named (a DSA
 * report's provider, publisher_from), for its files that name none; none
 * once two of its files named two publishers (a folder of many reports).
 */
struct bundle {
    char publisher[512];
    int mixed;
};

/* A session (ingest.h). Made by ingest_open, freed by ingest_close (session.c). */
struct ingest {
    struct ingest_opts opts;   /* a copy; what it points to is the caller's */
    const char *force_profile; /* opts.force_profile, or what ingest_use_profile set */
    /* owned by the session */
    struct store *st;
    struct profile_set *profiles;
    struct country_db *countries;
    struct period_parser *pp;
    struct value_parser *vp;
    int lock; /* the writers' lock (dblock.h), or -1 */
    struct ingest_summary sum;
    struct ingest_result *results; /* sum.results, writable */
    size_t results_cap;
    struct bundle bundle; /* the folder or zip being read */
    int any_order;        /* some profile has an "order": the files of a folder or zip are sorted */
    char *interrupted;    /* the file a signal stopped (rolled back), or NULL */
};

struct apps_writer;
struct jsonr;
struct records_state;

/* A source read up to its header, with the best profile bound to it. */
struct opened {
    struct source *src;
    struct csvr *r;
    struct jsonr *jr; /* JSON input instead of CSV */
    cJSON *first;     /* JSON: the record read to choose the profile */
    long first_line;
    const char *first_problem;
    int first_pending; /* it has not been handed out yet */
    char **cells;      /* JSON: a record flattened to the profile's paths */
    size_t ncells;
    char *cell_problem;
    char **headers;
    size_t nheaders;
    long header_line;       /* the header's last line: the data starts after it */
    long header_first_line; /* a two-row header's group row, or 0 */
    struct profile_binding b;
    int chosen; /* index of the profile, or -1 */
    const char *rival;
    char header_text[1024]; /* the first record, comma-joined, for messages */
    const char *unknown;    /* why the last record was read as an unknown capture, or NULL */
};

/* Everything one file's mapping needs. */
struct filectx {
    struct ingest *ig;
    const char *path;        /* as shown: FILE, or ARCHIVE!MEMBER */
    struct source_spec spec; /* how to read it again */
    struct profile_binding b;
    char **headers;
    size_t nheaders;
    long long file_id, dataset_id;
    struct file_counts counts;
    struct buf val[F_COUNT]; /* the fields' values for the current row */
    int has[F_COUNT];
    struct buf scratch, raw;
    struct fact *facts;
    struct value *values;
    struct buf *rawvals;
    size_t nfacts;
    struct period_opts popts; /* the profile's, with this file's day/month order */
    int order_known;          /* the file's day/month order has been decided */
    long header_line;
    struct trdb_err fail;     /* why the whole file fails, for MAP_FILE_FAILS */
    char mtime[32];           /* the file's modification time, ISO 8601 UTC */
    struct apps_writer *apps; /* app profiles: where their records go */
    struct jsonr *jr;         /* a JSON source: the line a reject came from */
    size_t row_cells;         /* a short row's cells as published (0: not short), for rejects */
    long long short_rows;     /* rows loaded with empty trailing cells the file left out */
    long first_short_line;    /* the first of them */
    struct buf code_warned;   /* country name/code disagreements warned of, one per line */
    struct hier_state hier;   /* the rows above, for the profile's hierarchy */
    int row_level;            /* the current row's level in it, or -1 */
    char *service;            /* the publisher column's value on the first row, or NULL */
    char *publisher;          /* the file's publisher when a column names it, or NULL */
    struct records_state *records; /* records profiles: the file's records under way */
};

/* What ingest_map_row made of a row (negative: the database failed). */
enum { MAP_LOADED = 0, MAP_SKIPPED = 1, MAP_REJECTED = 2, MAP_FILE_FAILS = 3 };

/* A row's rejection: the reason, and the column it concerns. */
struct row_error {
    char reason[400];
    const char *column;
};

/* outcome.c: what a file's outcome prints and counts */

/* Before a line goes to out or log: a progress line on the terminal is cleared. */
void ingest_quiet_progress(struct ingest *ig);

/*
 * s for a line of output: control characters written as \xNN, line ends at
 * its end dropped. Returns s when it holds none, else buf (n bytes, the text
 * cut to fit).
 */
const char *ingest_printable(const char *s, char *buf, size_t n);

/* A file's status line on opts.out ("loaded FILE profile=... rows=N rejected=M"), kept. */
void ingest_print_line(struct ingest *ig, const char *status, const char *path, const char *profile,
                       long long rows, long long rejected);

/*
 * A file failed: why to opts.log, its "failed" line, counted; the run's
 * outcome is failed. After a signal (interrupt_caught) the failure is the
 * signal's doing: the file's line says "interrupted" and it is kept as the
 * file the run stopped in, not counted as failed.
 */
void ingest_failed(struct ingest *ig, const char *path, const char *profile,
                   const struct trdb_err *e);

/* The run's outcome is at least o (enum ingest_outcome). */
void ingest_worsen(struct ingest *ig, int o);

/* Free the kept results. */
void ingest_results_release(struct ingest *ig);

/* detect.c: opening a source up to its header and choosing its profile */

/* Copy fields as CSV (quoted where needed) into b, at most cap bytes. */
void ingest_join_row(struct buf *b, char **field, size_t n, size_t cap);

/* Free a header copy of n names. h may be NULL. */
void ingest_free_headers(char **h, size_t n);

/*
 * The names of a two-row header, as a profile with header_rows 2 matches
 * them: column c's group is the upper record's cell, or for an empty one
 * the nearest non-empty cell to its left (a merged cell spans the columns
 * under it); its label is the lower record's cell; the name is
 * "GROUP / LABEL", or the one text where the other is empty or both are
 * equal, and empty where the column has no label and its group only spans
 * it. Cells as clean_headers leaves them (trimmed, white space collapsed).
 * Returns max(nup, nlow) names in OUT *n (free with ingest_free_headers),
 * or NULL when out of memory.
 */
char **ingest_combine_headers(char *const *up, size_t nup, char *const *low, size_t nlow,
                              size_t *n);

/*
 * Open spec (CSV, or JSON by its name) and bind the best profile (force:
 * only that one) to its header or first record. verbose (may be NULL) gets
 * each record tried as the header, and with verdicts set each profile's
 * verdict on it. spec->encoding may be changed to
 * the encoding the source was read in. Returns 0 with o bound and
 * positioned at the first data row; TRDB_ENOTFOUND with the reason in e when
 * no profile fits; another negative code when the source cannot be read.
 * Release o with ingest_opened_release in every case.
 */
int ingest_open_source(const struct profile_set *set, const char *force, struct source_spec *spec,
                       const char *display, FILE *verbose, int verdicts, struct opened *o,
                       struct trdb_err *e);
void ingest_opened_release(struct opened *o);

/*
 * Choose the CSV profile for a one-row header (trimmed, white space
 * collapsed) of a file named fname (profiles with header_rows 2 take no
 * part): among those whose key columns are all there, the one
 * that reads most columns; on a tie, one whose file-name pattern matched;
 * a tie left puts the other's name in OUT *rival. Returns the index in set
 * with best bound (release it with profile_binding_release), or -1.
 */
int ingest_choose_profile(const struct profile_set *set, const char *fname, char **headers,
                          size_t n, struct profile_binding *best, const char **rival);

/*
 * The next row of an opened source: a CSV record, or a JSON record
 * flattened to the profile's paths. Returns 1, 0 at the end, or < 0.
 */
int ingest_next_row(struct opened *o, const struct profile *p, struct csvr_row *row,
                    struct trdb_err *e);

/* fields.c: a row's cells to field values, and rejects */

/*
 * What every row goes through before it is mapped: a record the reader
 * could not use, a blank line, a field count unlike the header's, then each
 * field resolved into fc->val. any_format: the blank and count checks apply
 * to JSON records too (facts); else to CSV rows only. Returns MAP_LOADED to
 * go on, MAP_SKIPPED, MAP_REJECTED with re filled, or TRDB_ENOMEM.
 */
int ingest_resolve_row(struct filectx *fc, const struct csvr_row *row, int any_format,
                       struct row_error *re);

/*
 * The row's country code in OUT *code (NULL for an optional blank one):
 * a known code in the profile's code column decides, and a name that
 * disagrees with it is a warning (once per file for each name and code);
 * without a known code the name must resolve. Returns 0, or -1 with re
 * filled.
 */
int ingest_resolve_country(struct filectx *fc, const struct csvr_row *row, const char **code,
                           int *footnote, struct row_error *re);

/*
 * The first column from cell index from on that a row must have (the
 * period, country, request type or an app's id, storefront or date when
 * the profile has no default or optional for it, the columns their
 * templates name, and a facts row's first figure when it reaches none of
 * them), or NULL when the cells from there on may be left empty.
 */
const char *ingest_required_column(const struct filectx *fc, size_t from);

/* Decide the file's day/month order. Returns 0, or MAP_FILE_FAILS with fc->fail set. */
int ingest_decide_order(struct filectx *fc);

/* Count and store a rejected row, naming the first few in opts.log. Returns 0 or < 0. */
int ingest_reject_row(struct filectx *fc, const struct csvr_row *row, const struct row_error *re,
                      struct trdb_err *err);

/* publisher.c: a file's publisher named by a column */

/*
 * For a profile whose publisher a column names: the column's value on the
 * file's first data row (fc->service), and the publisher it stands for
 * (fc->publisher): the provider a loaded report identification names for
 * it, else the one the profile's providers file lists, else the value
 * itself with a warning. Returns 0 (nothing to do for other profiles),
 * MAP_FILE_FAILS with fc->fail set, or < 0 when the database failed.
 */
int ingest_file_publisher(struct filectx *fc, struct trdb_err *err);

/* rowmap.c: a row to facts or app records */

/* Map one data row. Returns a MAP_* outcome, or < 0 when the database failed. */
int ingest_map_row(struct filectx *fc, const struct csvr_row *row, struct trdb_err *err);

/* records.c: a records profile's rows to its side table */

/*
 * Start the records of a file (after it is recorded, in its transaction).
 * Returns 0, or a negative code with err. Release with
 * ingest_records_release (also when this fails).
 */
int ingest_records_begin(struct filectx *fc, struct trdb_err *err);

/* Map one row of a records profile. Returns a MAP_* outcome, or < 0 when the database failed. */
int ingest_records_row(struct filectx *fc, const struct csvr_row *row, struct trdb_err *err);

/*
 * After the rows: an "indicators" layout's one record is written. OUT
 * *publisher: the value of the profile's publisher_from field when the
 * file gave one (valid until ingest_records_release), else NULL. Returns
 * 0, MAP_FILE_FAILS with fc->fail (no value for a column the table needs),
 * or < 0 when the database failed.
 */
int ingest_records_finish(struct filectx *fc, const char **publisher, struct trdb_err *err);
void ingest_records_release(struct filectx *fc);

/* load.c: one source in one transaction */

/*
 * Load one source (a file, or a member of an archive) inside its own
 * transaction. sha is the sha256 of its raw bytes, computed beforehand so
 * that a source already loaded is not read at all. Returns 0 (the outcome is
 * in ig), or a negative code when the database cannot go on.
 */
int ingest_source(struct ingest *ig, const char *display, const struct source_spec *spec,
                  const char *sha, long long bytes, struct trdb_err *err);

#endif
