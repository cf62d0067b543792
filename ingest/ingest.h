/*
 * ingest.h: loading source files into the database. An ingest session
 * (ingest_open) holds the reference data, the writers' lock, the database and
 * the run row; for each file it hashes it (a file already loaded is
 * "unchanged"), finds the profile its header matches, maps every row through
 * the profile and the normalizers into facts, sends rows that cannot be
 * mapped to rejects, and commits the file in one transaction. Not for
 * printing reports, reading the database back, or exit codes (cli/'s).
 */
#ifndef TRDB_INGEST_H
#define TRDB_INGEST_H

#include <stddef.h>
#include <stdio.h>

#include "../model/store.h"

struct trdb_err;
struct profile_set;

/* How bad a file's outcome was; the command's exit code is the worst (or 128 + a signal). */
enum ingest_outcome {
    INGEST_OK = 0,    /* loaded cleanly or unchanged */
    INGEST_WARN = 1,  /* loaded, with rejects or warnings */
    INGEST_FAILED = 3 /* nothing of the file was committed */
};

/*
 * What a session is asked to do. Every pointer is borrowed: the strings, the
 * FILEs and progress_ctx must outlive the session; ingest_open copies the
 * struct itself.
 */
struct ingest_opts {
    const char *db_path;       /* the database, created or migrated when needed */
    const char *data_dir;      /* DIR/formats, DIR/vocabulary and DIR/countries */
    const char *iso_codes;     /* iso-codes' iso_3166-1.json; NULL: Debian's */
    const char *locale_dir;    /* iso-codes' translations; NULL: /usr/share/locale */
    const char *force_profile; /* NULL: detect; else a profile's name (ingest_use_profile),
                                  or a profile file's path (profile_name_is_path) */
    const char *encoding;      /* an iconv name, or NULL (byte order mark, else UTF-8) */
    int dry_run;               /* parse and count, commit nothing, record no run */
    int force;                 /* load again files already loaded (replacing that load) */
    int keep_results;          /* keep every file's outcome (ingest_summary) */
    double wait;               /* seconds to wait for another writer's lock */
    long long max_bytes;       /* the largest input read (a file, a zip, standard input);
                                  0: INGEST_MAX_BYTES */
    const char *stdin_name;    /* the name standard input ("-") is shown and recorded
                                  under, its file name for the profiles; NULL: "-" */
    const char *tmp_dir;       /* where standard input and FIFOs are copied; NULL: /tmp */
    int no_follow;             /* in folders, skip symbolic links (to files and folders) */
    FILE *out;                 /* one line per file, or NULL */
    FILE *log;                 /* warnings and errors, or NULL */
    /*
     * NULL, or told how far a file is while it loads: phase "reading" (done
     * of total raw bytes) or "merging" (into the tables, done == total), and
     * phase NULL just before ingest writes a line to out or log, so a
     * progress line can be cleared first.
     */
    void (*progress)(void *ctx, const char *file, const char *phase, long long done,
                     long long total);
    void *progress_ctx;
    /* the user's profile folders, searched in order before DIR/formats; NULL-terminated, or NULL */
    const char *const *formats_dirs;
};

/*
 * The default cap on one input: 4 GiB, past the largest list the benchmark
 * makes (20 million rows, 2.7 GB) and thousands of times the largest real file.
 */
#define INGEST_MAX_BYTES (4LL << 30)

/* One file's outcome, kept when opts.keep_results is set. */
struct ingest_result {
    char status[12]; /* loaded, checked, unchanged, skipped (a layout known, not read), failed,
                        interrupted (a signal stopped it: rolled back) */
    char *file;
    char profile[128];
    long long rows, rejected;
    char *message; /* why it failed, or NULL */
};

/* What a session did so far. Owned by the session: valid until ingest_close. */
struct ingest_summary {
    long long run_id; /* the ingest_runs row; 0 in a dry run */
    struct run_counts counts;
    long long unknown_captures;          /* empty or unparsable captures kept as unknown */
    int worst;                           /* enum ingest_outcome: the worst file's */
    const struct ingest_result *results; /* with opts.keep_results */
    size_t nresults;
};

/* A session; opaque. */
struct ingest;

/*
 * Start a session: load the profiles (opts->force_profile when it names a
 * file, opts->formats_dirs, then opts->data_dir's) and country names, check
 * opts->encoding and opts->force_profile, take the writers' lock of
 * opts->db_path (waiting up to opts->wait seconds), open the database, and,
 * unless a dry run, begin the run row. Returns 0 with *out (free it with
 * ingest_close), or a negative code with err set and *out NULL:
 * TRDB_EUSAGE only for an unknown encoding or profile or a profile file that
 * is not there (or no data_dir or db_path given), TRDB_EBUSY only when
 * another writer holds the lock, and another code when something could not
 * be read or opened (a bad profile file or folder among them).
 */
int ingest_open(const struct ingest_opts *opts, struct ingest **out, struct trdb_err *err);

/*
 * Detect from now on (name NULL), or use profile name for the paths that
 * follow. Returns 0, or TRDB_ENOTFOUND (no such profile: nothing changed).
 */
int ingest_use_profile(struct ingest *ig, const char *name, struct trdb_err *err);

/*
 * Ingest a file, a zip archive (each data member, recorded as
 * ARCHIVE!MEMBER), standard input ("-") or a FIFO (read once into a copy
 * under opts.tmp_dir, removed after) or, recursively, a folder (files ending
 * .csv, .tsv, .txt, .json, .jsonl, .ndjson or .zip, in name order; a
 * symbolic link is followed, unless opts.no_follow, and a folder reached
 * again, by a link loop or twice, is skipped with a line in opts.log; devices
 * and FIFOs in a folder are skipped likewise). A device named alone fails,
 * as does an input larger than opts.max_bytes. Within one folder or zip,
 * files whose profiles have an "order" load in that order (a DSA report's
 * Table 1 first), and the publisher one of them names (publisher_from) is
 * the others'. Prints one line per file to opts.out, messages
 * to opts.log, and updates the summary. Returns 0, or a negative code only when the run
 * cannot go on (the database failed); a bad file is an outcome, not an error.
 *
 * Signals: once interrupt_caught() (lib/interrupt.h; the caller installs the
 * handlers with interrupt_catch, the session watches its connection), the
 * file under way is rolled back at its next row or statement and shown as
 * "interrupted" (not failed), no further file is begun, and TRDB_EINTR is
 * returned.
 */
int ingest_path(struct ingest *ig, const char *path, struct trdb_err *err);

/*
 * End the run: name in opts.log how many captures were kept as unknown
 * (when more than the first five named), and record the run row (not in a
 * dry run) with its counts and outcome: 128 + N when signal N was caught
 * (130 for SIGINT, 143 for SIGTERM; opts.log then says which file was
 * rolled back and how many files stay loaded), else INGEST_FAILED when
 * stopped (the run could not go on), else the worst file's. Returns that
 * outcome, or a negative code with err set when the run row cannot be
 * written.
 */
int ingest_end(struct ingest *ig, int stopped, struct trdb_err *err);

/* What the session did; ig may be NULL (a summary of nothing). Owned by ig. */
const struct ingest_summary *ingest_summary(const struct ingest *ig);

/* Close the database, release the lock, free all the session owns. ig may be NULL. */
void ingest_close(struct ingest *ig);

/* What detection saw in a file. */
struct detect_report {
    char header[1024]; /* the header record as read, comma-joined */
    long header_line;
    const char *profile; /* the profile chosen, or NULL */
    const char *rival;   /* another profile that fits as well, or NULL */
    char encoding[64];   /* the encoding the file was read in */
    char *detail;        /* verbose 1: the columns the profile reads, ignores, misses, and the
                            closest other profiles, as lines to print; free() it */
};

/*
 * Find the profile for a source (a file or an archive member, read in its
 * encoding; NULL: a byte order mark, or UTF-8, or the profile's own); display
 * names it in messages. verbose 1 writes to out the records tried as the
 * header and fills rep->detail; verbose 2 writes, for each record, one line
 * per profile saying whether it fits and why not. Returns 0 with
 * rep->profile set (pointing into set), TRDB_ENOTFOUND when none fits, or another negative
 * code when the file cannot be read.
 */
struct source_spec;
int ingest_detect(const struct profile_set *set, const struct source_spec *spec,
                  const char *display, FILE *out, int verbose, struct detect_report *rep,
                  struct trdb_err *err);

#endif
