/*
 * cli.h: what the command files under cli/ share: the command table entry,
 * finding the data folder, opening the database and the reference data,
 * and turning error codes into exit codes. Not for the work itself: each
 * command calls ingest/, model/, queries/ or reports/.
 */
#ifndef TRDB_CLI_H
#define TRDB_CLI_H

#include <stdio.h>

#include "../model/store.h"
#include "../queries/output.h"

struct trdb_err;
struct profile_set;
struct country_db;

/* Exit codes (the man page and docs/operations.md list them). */
enum {
    EXIT_OK = 0,
    EXIT_WARN = 1,  /* done, with rejects or warnings */
    EXIT_USAGE = 2, /* the command line is wrong */
    EXIT_FAIL = 3,  /* failure; nothing committed for the failing file */
    EXIT_BUSY = 4,  /* another ingest holds the database; nothing was done */
    /* plus the signal's number: SIGINT (130) or SIGTERM (143) stopped a write, which was
       rolled back; trdb then ends by that signal (lib/interrupt.h) */
    EXIT_SIGNAL = 128
};

/* How many profile folders --formats and TRDB_FORMATS may name in all. */
#define CLI_MAX_FORMATS 32

struct cli {
    const char *db_path; /* --db, else $TRDB_DB, else ./trdb.sqlite */
    /* --formats DIR, in the order given (cli_parse checks that each exists) */
    const char *formats[CLI_MAX_FORMATS];
    size_t nformats;
};

struct command {
    const char *name;
    int (*run)(struct cli *c, int argc, char **argv);
    const char *summary;
};

int cmd_init(struct cli *c, int argc, char **argv);
int cmd_ingest(struct cli *c, int argc, char **argv);
int cmd_formats(struct cli *c, int argc, char **argv);
int cmd_detect(struct cli *c, int argc, char **argv);
int cmd_rejects(struct cli *c, int argc, char **argv);
int cmd_runs(struct cli *c, int argc, char **argv);
int cmd_changes(struct cli *c, int argc, char **argv);
int cmd_query(struct cli *c, int argc, char **argv);
int cmd_sql(struct cli *c, int argc, char **argv);
int cmd_report(struct cli *c, int argc, char **argv);
int cmd_fetch(struct cli *c, int argc, char **argv);
int cmd_metadata(struct cli *c, int argc, char **argv);

/* Print "trdb: error: MESSAGE" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The exit code for a failed call: 2 for usage errors, 3 for the rest. */
int cli_exit_code(int trdb_code);

/* The data folder (profiles, countries): $TRDB_DATA, beside the binary, or the installed one. */
const char *cli_data_dir(void);

/* Where iso-codes' translations are: $TRDB_LOCALE_DIR, else /usr/share/locale. */
const char *cli_locale_dir(void);

/* Open the database; on failure print the error and return NULL. */
struct store *cli_open_store(struct cli *c, enum store_mode mode);

/*
 * The user's profile folders, searched before the built-in ones: --formats
 * (c's), then $TRDB_FORMATS (colon-separated), then
 * $XDG_DATA_HOME/trdb/formats (default ~/.local/share/trdb/formats) when it
 * exists. Returns a NULL-terminated list (valid until the next call), or
 * NULL with err saying why: TRDB_EUSAGE for a TRDB_FORMATS folder that does
 * not exist or too many folders, TRDB_ENOMEM.
 */
const char *const *cli_formats_dirs(const struct cli *c, struct trdb_err *err);

/*
 * Load the profiles (the user's folders, then the built-in ones). Returns 0
 * with *out, or the exit code (2 for a user folder that does not exist, 3)
 * after printing why.
 */
int cli_load_profiles(const struct cli *c, struct profile_set **out);

/* Load the reference data; on failure print the error and return NULL. */
struct country_db *cli_load_countries(void);

/*
 * Parse a command's options, the one way every command does: getopt_long
 * in GNU order, so options may come before or after the operands (which it
 * moves to the end of argv, in their order), "--" ends the options, and
 * --opt=value and --opt value are the same. opts is a getopt_long table;
 * usage is printed for --help (returns 1: the caller exits 0) and on a bad
 * option (returns -1: exit 2). Each recognized option calls on_opt(ctx, id,
 * optarg); a negative return from it is a usage error. A command that
 * handles --help itself returns 1 from on_opt(ctx, 'h', NULL). Returns 0
 * with *first set to the index of the first operand. --help and --db PATH
 * are handled here
 * for every command (list CLI_COMMON_OPTIONS in opts), and --formats DIR
 * for those that load profiles (list CLI_FORMATS_OPTION).
 */
#define OPT_DB 0x100
#define OPT_FORMATS 0x101
#define OPT_FORMAT 'f'
#define CLI_COMMON_OPTIONS                                                                         \
    {"help", no_argument, NULL, 'h'},                                                              \
    {                                                                                              \
        "db", required_argument, NULL, OPT_DB                                                      \
    }

#define CLI_FORMATS_OPTION                                                                         \
    {                                                                                              \
        "formats", required_argument, NULL, OPT_FORMATS                                            \
    }

/* The --formats and TRDB_FORMATS lines of a command's --help. */
#define CLI_FORMATS_HELP                                                                           \
    "  --formats DIR      look for format profiles in DIR before the built-in ones\n"              \
    "                     (repeatable; then $TRDB_FORMATS, a colon-separated list of\n"            \
    "                     folders, then $XDG_DATA_HOME/trdb/formats, by default\n"                 \
    "                     ~/.local/share/trdb/formats); a profile there with a built-in\n"         \
    "                     profile's name replaces it\n"

struct option;
int cli_parse(struct cli *c, int argc, char **argv, const char *usage, const struct option *opts,
              int (*on_opt)(void *ctx, int id, const char *arg), void *ctx, int *first);

/*
 * Take the writers' lock of the database (ingest/dblock.h), waiting up to
 * wait_seconds. Returns the lock's descriptor, or minus the exit code
 * (EXIT_BUSY when another process holds it, EXIT_FAIL) after printing why.
 * Release with cli_unlock_db.
 */
int cli_lock_db(struct cli *c, double wait_seconds);
void cli_unlock_db(int fd);

/*
 * Start an ingest session (ingest_open) on the database of c with the
 * data folder, the translations and, for a person watching a terminal, a
 * progress line filled into o. Returns 0 with *ig, or the exit code (2, 3 or
 * 4) after printing why, with err holding the message printed.
 */
struct ingest;
struct ingest_opts;
int cli_ingest_open(struct cli *c, struct ingest_opts *o, struct ingest **ig, struct trdb_err *err);

/*
 * End the session's run (ingest_end): rc is what the last ingest_path
 * returned, why its error. Returns the exit code (128 + N after signal N);
 * prints what stopped the run or why the run could not be recorded, and
 * leaves that message in shown (or "interrupted (SIGINT)" after a signal;
 * untouched when nothing was printed).
 */
int cli_ingest_end(struct ingest *ig, int rc, const struct trdb_err *why, struct trdb_err *shown);

/* Parse --format for commands that print rows; prints the error itself. */
int cli_format(const char *arg, enum out_format *out);

#endif
