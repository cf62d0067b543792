/*
 * ingest.h: loading source files into the database. For each file: hash it
 * (a file already loaded is "unchanged"), find the profile its header
 * matches, map every row through the profile and the normalizers into
 * facts, send rows that cannot be mapped to rejects, and commit the file in
 * one transaction. Not for printing reports or reading the database back.
 */
#ifndef TRDB_INGEST_H
#define TRDB_INGEST_H

#include <stdio.h>

#include "../model/store.h"

struct trdb_err;
struct profile_set;
struct country_db;
struct period_parser;
struct value_parser;

/* How bad a file's outcome was; the command's exit code is the worst. */
enum ingest_outcome {
    INGEST_OK = 0,    /* loaded cleanly or unchanged */
    INGEST_WARN = 1,  /* loaded, with rejects or warnings */
    INGEST_FAILED = 3 /* nothing of the file was committed */
};

/* One file's outcome, kept when ig->keep_results is set. */
struct ingest_result {
    char status[12]; /* loaded, checked, unchanged, failed */
    char *file;
    char profile[128];
    long long rows, rejected;
    char *message; /* why it failed, or NULL */
};

struct ingest {
    /* set by the caller */
    struct store *st;
    const struct profile_set *profiles;
    struct country_db *countries;
    struct period_parser *pp;
    struct value_parser *vp;
    const char *force_profile; /* NULL: detect */
    int dry_run;               /* parse and count, commit nothing */
    int force;                 /* load again files already loaded (replacing that load) */
    const char *encoding;   /* --encoding: an iconv name, or NULL (byte order mark, else UTF-8) */
    const char *locale_dir; /* where iso-codes' translations are (/usr/share/locale) */
    long long run_id;
    FILE *out;        /* one line per file, or NULL */
    FILE *log;        /* warnings and errors */
    int keep_results; /* keep every file's outcome in results */
    /*
     * NULL, or told how far a file is while it loads: phase "reading" (done
     * of total raw bytes) or "merging" (into the tables, done == total), and
     * phase NULL just before ingest writes a line to out or log, so a
     * progress line can be cleared first.
     */
    void (*progress)(void *ctx, const char *file, const char *phase, long long done,
                     long long total);
    void *progress_ctx;
    /* filled in */
    struct run_counts counts;
    long long unknown_captures; /* empty or unparsable captures kept as unknown (the first named in
                                   log) */
    int worst;
    struct ingest_result *results;
    size_t nresults, results_cap;
};

/* Free ig->results. */
void ingest_results_free(struct ingest *ig);

/*
 * Ingest a file, a zip archive (each data member, recorded as
 * ARCHIVE!MEMBER) or, recursively, a folder (files ending .csv, .tsv, .txt,
 * .json, .jsonl, .ndjson or .zip, in name order). Prints one line per file to ig->out, messages to
 * ig->log, and updates ig->counts and ig->worst. Returns 0, or a negative code only when the run
 * cannot go on (the database failed); a bad file is an outcome, not an error.
 */
int ingest_path(struct ingest *ig, const char *path, struct trdb_err *err);

/* What detection saw in a file. */
struct detect_report {
    char header[1024]; /* the header record as read, comma-joined */
    long header_line;
    const char *profile; /* the profile chosen, or NULL */
    const char *rival;   /* another profile that fits as well, or NULL */
    char encoding[64];   /* the encoding the file was read in */
};

/*
 * Find the profile for a source (a file or an archive member, read in its
 * encoding; NULL: a byte order mark, or UTF-8, or the profile's own); display
 * names it in messages. When verbose is set, writes one line per
 * profile to out saying whether it fits and why not. Returns 0 with
 * rep->profile set, TRDB_ENOTFOUND when none fits, or another negative
 * code when the file cannot be read.
 */
struct source_spec;
int ingest_detect(const struct profile_set *set, const struct source_spec *spec,
                  const char *display, FILE *out, int verbose, struct detect_report *rep,
                  struct trdb_err *err);

#endif
