/*
 * cmd_query.c: the reading commands: `trdb query NAME [KEY=VALUE...]`,
 * `trdb query --list`, `trdb rejects` and `trdb sql "SELECT ..."`. They open
 * the database read-only; sql also installs an authorizer that refuses
 * anything but reading. On PostgreSQL (--db postgresql://...), they read
 * through a connection; sql in a READ ONLY transaction with a
 * statement_timeout.
 */
#include "cli.h"
#include "../lib/dburi.h"
#include "../lib/err.h"
#include "../model/country.h"
#include "../model/period.h"
#include "../model/store_pg.h"
#include "../queries/query.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../lib/banned.h"

static const char query_usage[] =
    "usage: trdb query [--format table|csv|json|ndjson] NAME [KEY=VALUE...]\n"
    "       trdb query --list [--format table|csv|json|ndjson]\n\n"
    "Run a named query (queries/NAME.sql). 'trdb query --list' shows each one with its\n"
    "parameters and what it returns; 'trdb query NAME --help' shows one. Options may\n"
    "come before or after NAME and its KEY=VALUE arguments. Examples:\n"
    "  trdb query countries                 latest half-year, every country\n"
    "  trdb query countries period=2020H2   one half-year\n"
    "  trdb query country cc=US             one country over time\n"
    "Figures published as bands are pairs of columns X_low, X_high (one column\n"
    "'low-high' in the table format). On a PostgreSQL database (--db postgresql://...)\n"
    "the queries give the same rows; those not yet written for it say so (exit 2).\n";

static const char rejects_usage[] =
    "usage: trdb rejects [--file TEXT] [--format table|csv|json|ndjson]\n\n"
    "List the rows ingest could not load, with the file, line, column and reason,\n"
    "and the row as published.\n"
    "  --file TEXT   only files whose path contains TEXT\n";

static const char runs_usage[] =
    "usage: trdb runs [--limit N] [--format table|csv|json|ndjson]\n\n"
    "List the ingest runs, newest first: start and end, files seen, loaded,\n"
    "unchanged and failed, rows loaded and rejected, and the exit code: 0, 1 or 3\n"
    "as the ingest exited, 130 or 143 when SIGINT or SIGTERM stopped it (the file\n"
    "under way was rolled back), -9 when it was killed (marked so by the next run),\n"
    "none while it runs.\n"
    "  --limit N   show the N newest (default 20)\n";

static const char changes_usage[] =
    "usage: trdb changes [--since RUN] [--format table|csv|json|ndjson]\n\n"
    "Show what the ingest runs since RUN brought (default: the latest run that\n"
    "loaded a file): new periods and new countries per dataset, new columns (a\n"
    "column no profile reads, in the first file of its dataset that has it), and\n"
    "restatements:\n"
    "figures a newer release of a dataset changed ('restated') or no longer\n"
    "publishes ('dropped'), with the old and new values and both files.\n"
    "Run numbers are in 'trdb runs'.\n";

static const char sql_usage[] =
    "usage: trdb sql [--format table|csv|json|ndjson] [--timeout SECONDS] \"SELECT ...\"\n\n"
    "Run one SQL statement against the database, read-only: writes, ATTACH,\n"
    "PRAGMAs that change state and loading extensions are refused. The public\n"
    "views and tables ('facts', 'country_summary', 'notes', 'app_status',\n"
    "'app_removal_list', 'source_files', 'rejects', 'revision_list', ...) and\n"
    "every column of them are described in docs/data-model.md (installed in the\n"
    "data folder's docs/), and in Datasette's metadata ('trdb metadata'). A statement\n"
    "that starts with '-' (an SQL comment) goes after '--', the end of the options.\n"
    "On PostgreSQL the statement runs in a READ ONLY transaction that is rolled back,\n"
    "under a statement_timeout; in PostgreSQL's dialect (SQLite's functions such as\n"
    "total() or group_concat() are not there).\n"
    "  --timeout SECONDS   stop the statement after this long, with exit code 3\n"
    "                      (default 60; 0 for no limit)\n";

/* sql --timeout's default, in seconds (the usage text says it too) */
#define SQL_TIMEOUT 60

struct qopts {
    enum out_format fmt;
    int list;
    int help;          /* query --help: the query's own when a NAME is given */
    double timeout;    /* sql --timeout, in seconds; 0 for none */
    const char *file;  /* rejects --file */
    const char *limit; /* runs --limit */
    const char *since; /* changes --since */
};

static int on_opt(void *ctx, int id, const char *arg)
{
    struct qopts *o = ctx;

    switch (id) {
    case 'f':
        return cli_format(arg, &o->fmt);
    case 'l':
        o->list = 1;
        return 0;
    case 'F':
        o->file = arg;
        return 0;
    case 'n':
        o->limit = arg;
        return 0;
    case 's':
        o->since = arg;
        return 0;
    case 't': {
        char *end;
        o->timeout = strtod(arg, &end);
        if (*end || end == arg || !(o->timeout >= 0 && o->timeout <= 86400)) {
            cli_error("--timeout takes seconds from 0 to 86400, not '%s'", arg);
            return -1;
        }
        return 0;
    }
    }
    return 0;
}

/* query reads --help after parsing: with a NAME it is that query's help. */
static int on_query_opt(void *ctx, int id, const char *arg)
{
    if (id == 'h') {
        ((struct qopts *)ctx)->help = 1;
        return 1;
    }
    return on_opt(ctx, id, arg);
}

int cmd_query(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         {"format", required_argument, NULL, 'f'},
                                         {"list", no_argument, NULL, 'l'},
                                         {NULL, 0, NULL, 0}};
    struct qopts o = {OUT_TABLE, 0, 0, SQL_TIMEOUT, NULL, NULL, NULL};
    struct trdb_err err = {0, ""};
    struct period_parser *pp = NULL;
    struct country_db *cdb = NULL;
    struct store *st = NULL;
    int first, rc = cli_parse(c, argc, argv, query_usage, opts, on_query_opt, &o, &first);

    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (o.help && first == argc) {
        fputs(query_usage, stdout);
        return EXIT_OK;
    }
    if (o.help) {
        if ((rc = query_help(stdout, argv[first], &err))) {
            cli_error("%s", err.msg);
            return cli_exit_code(rc);
        }
        return EXIT_OK;
    }
    if (o.list) {
        if (query_list(stdout, o.fmt, &err)) {
            cli_error("%s", err.msg);
            return EXIT_FAIL;
        }
        return EXIT_OK;
    }
    if (first == argc) {
        cli_error("query needs a query name (see 'trdb query --list')");
        return EXIT_USAGE;
    }
    if (!(pp = period_parser_new(&err))) {
        cli_error("%s", err.msg);
        return EXIT_FAIL;
    }
    if (dburi_is_postgres(c->db_path)) {
        struct store_pg *pg = NULL;
        if (!(cdb = cli_load_countries())) {
            period_parser_free(pp);
            return EXIT_FAIL;
        }
        rc = store_pg_open_current(c->db_path, &pg, &err);
        if (!rc)
            rc = query_run_pg(pg, pp, cdb, argv[first], argc - first - 1, argv + first + 1, stdout,
                              o.fmt, 0, &err);
        store_pg_close(pg);
    } else {
        if (!(cdb = cli_load_countries()) || !(st = cli_open_store(c, STORE_READONLY))) {
            country_db_free(cdb);
            period_parser_free(pp);
            return EXIT_FAIL;
        }
        rc = query_run(st, pp, cdb, argv[first], argc - first - 1, argv + first + 1, stdout, o.fmt,
                       0, &err);
        store_close(st);
    }
    country_db_free(cdb);
    period_parser_free(pp);
    if (rc) {
        cli_error("%s", err.msg);
        return cli_exit_code(rc);
    }
    return EXIT_OK;
}

/*
 * Run one named query with its KEY=VALUE arguments on the database c names,
 * SQLite or PostgreSQL, writing to stdout. Returns the exit code.
 */
static int run_query(struct cli *c, const char *query, int argc, char **argv, enum out_format fmt)
{
    struct trdb_err err = {0, ""};
    int rc;

    if (dburi_is_postgres(c->db_path)) {
        struct store_pg *pg = NULL;
        rc = store_pg_open_current(c->db_path, &pg, &err);
        if (!rc)
            rc = query_run_pg(pg, NULL, NULL, query, argc, argv, stdout, fmt, 0, &err);
        store_pg_close(pg);
    } else {
        struct store *st = cli_open_store(c, STORE_READONLY);
        if (!st)
            return EXIT_FAIL;
        rc = query_run(st, NULL, NULL, query, argc, argv, stdout, fmt, 0, &err);
        store_close(st);
    }
    if (rc) {
        cli_error("%s", err.msg);
        return cli_exit_code(rc);
    }
    return EXIT_OK;
}

int cmd_rejects(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         {"format", required_argument, NULL, 'f'},
                                         {"file", required_argument, NULL, 'F'},
                                         {NULL, 0, NULL, 0}};
    struct qopts o = {OUT_TABLE, 0, 0, SQL_TIMEOUT, NULL, NULL, NULL};
    char filter[4200];
    char *args[1] = {filter};
    int first, rc = cli_parse(c, argc, argv, rejects_usage, opts, on_opt, &o, &first);

    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (first != argc) {
        cli_error("rejects takes no arguments (use --file TEXT to filter)");
        return EXIT_USAGE;
    }
    snprintf(filter, sizeof(filter), "file=%s", o.file ? o.file : "");
    return run_query(c, "rejects", 1, args, o.fmt);
}

/* Run one named query with one optional KEY=VALUE, for the commands that wrap one. */
static int run_named(struct cli *c, const char *query, const char *key, const char *value,
                     enum out_format fmt)
{
    char arg[256];
    char *args[1] = {arg};

    snprintf(arg, sizeof(arg), "%s=%s", key, value ? value : "");
    return run_query(c, query, value ? 1 : 0, args, fmt);
}

int cmd_runs(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         {"format", required_argument, NULL, 'f'},
                                         {"limit", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    struct qopts o = {OUT_TABLE, 0, 0, SQL_TIMEOUT, NULL, NULL, NULL};
    int first, rc = cli_parse(c, argc, argv, runs_usage, opts, on_opt, &o, &first);

    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (first != argc) {
        cli_error("runs takes no arguments (use --limit N)");
        return EXIT_USAGE;
    }
    return run_named(c, "runs", "limit", o.limit, o.fmt);
}

int cmd_changes(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         {"format", required_argument, NULL, 'f'},
                                         {"since", required_argument, NULL, 's'},
                                         {NULL, 0, NULL, 0}};
    struct qopts o = {OUT_TABLE, 0, 0, SQL_TIMEOUT, NULL, NULL, NULL};
    int first, rc = cli_parse(c, argc, argv, changes_usage, opts, on_opt, &o, &first);

    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (first != argc) {
        cli_error("changes takes no arguments (use --since RUN)");
        return EXIT_USAGE;
    }
    return run_named(c, "changes", "since", o.since, o.fmt);
}

/*
 * PRAGMAs that only read: those that take a table or index name as their
 * argument, and those that report a setting when given none. Anything else
 * (a setting given a value, optimize, wal_checkpoint...) is refused.
 */
static int pragma_reads_only(const char *name, const char *arg)
{
    /* their argument names what to read, so any form reads */
    static const char *const reading[] = {"table_info",
                                          "table_xinfo",
                                          "table_list",
                                          "index_list",
                                          "index_info",
                                          "index_xinfo",
                                          "foreign_key_list",
                                          "foreign_key_check",
                                          "integrity_check",
                                          "quick_check",
                                          "database_list",
                                          "collation_list",
                                          "function_list",
                                          "module_list",
                                          "pragma_list",
                                          "compile_options",
                                          NULL};
    /* their argument would set them: only the bare form reads */
    static const char *const settings[] = {
        "user_version",   "schema_version", "application_id", "page_count",   "page_size",
        "freelist_count", "encoding",       "journal_mode",   "data_version", NULL};

    for (const char *const *p = reading; name && *p; p++)
        if (strcasecmp(name, *p) == 0)
            return 1;
    for (const char *const *p = settings; name && !arg && *p; p++)
        if (strcasecmp(name, *p) == 0)
            return 1;
    return 0;
}

/* Allow reading only: no writes, no ATTACH, no state-changing PRAGMA, no extensions. */
static int authorize(void *ctx, int action, const char *a, const char *b, const char *db,
                     const char *trigger)
{
    (void)ctx;
    (void)db;
    (void)trigger;
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_FUNCTION:
        return b && (strcmp(b, "load_extension") == 0) ? SQLITE_DENY : SQLITE_OK;
    case SQLITE_PRAGMA:
        return pragma_reads_only(a, b) ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_UPDATE:
        /*
         * SQLite asks this of the schema table while it compiles a table-valued
         * pragma (pragma_table_info('facts')). A real UPDATE of the schema is
         * still impossible: the connection is read-only and writable_schema is
         * refused above.
         */
        return a && (strcmp(a, "sqlite_master") == 0 || strcmp(a, "sqlite_temp_master") == 0)
                   ? SQLITE_OK
                   : SQLITE_DENY;
    default:
        return SQLITE_DENY;
    }
}

/* sql --timeout: the monotonic time after which the running statement is stopped. */
struct deadline {
    double end;
    int hit; /* the statement was stopped for running too long */
};

static double monotonic_seconds(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* SQLite's progress handler: a non-zero return interrupts the statement. */
static int past_deadline(void *ctx)
{
    struct deadline *d = ctx;

    if (monotonic_seconds() < d->end)
        return 0;
    d->hit = 1;
    return 1;
}

/* A message of libpq's on one line, its runs of white space one space, without the password. */
static void pg_line(const struct cli *c, const char *m, char *out, size_t cap)
{
    size_t n = 0;

    for (const char *p = m ? m : ""; *p && n + 2 < cap; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ') {
            if (n > 0 && out[n - 1] != ' ')
                out[n++] = ' ';
        } else {
            out[n++] = *p;
        }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    dburi_scrub(c->db_path, out, cap);
}

/*
 * sql on PostgreSQL: one statement (the extended protocol takes no more)
 * in a READ ONLY transaction, rolled back at the end, under a
 * statement_timeout. Returns the exit code: 2 for a statement refused (a
 * write, two statements, an error in it), 3 for a timeout, a server that
 * is down or a connection lost.
 */
static int sql_postgres(const struct cli *c, const char *sql, const struct qopts *o)
{
    struct trdb_err err = {0, ""};
    struct store_pg *pg = NULL;
    char setting[64], msg[600];
    const char *state;
    PGresult *res = NULL;
    PGconn *conn;
    int rc;

    if (store_pg_open_current(c->db_path, &pg, &err)) {
        cli_error("%s", err.msg);
        return cli_exit_code(err.code);
    }
    conn = store_pg_conn(pg);
    /* in whole milliseconds, 0 for none: a limit under one is one, not none */
    snprintf(setting, sizeof(setting), "SET LOCAL statement_timeout = %.0f",
             o->timeout > 0 && o->timeout < 0.001 ? 1.0 : o->timeout * 1000.0);
    res = PQexec(conn, "BEGIN TRANSACTION READ ONLY");
    if (PQresultStatus(res) == PGRES_COMMAND_OK) {
        PQclear(res);
        res = PQexec(conn, setting);
    }
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        rc = cli_exit_code(store_pg_fail(pg, res, &err, "cannot start a read-only transaction"));
        cli_error("%s", err.msg);
        goto out;
    }
    PQclear(res);
    if (!sql[strspn(sql, " \t\r\n;")]) {
        res = NULL;
        cli_error("no SQL statement given");
        rc = EXIT_USAGE;
        goto out;
    }
    res = PQexecParams(conn, sql, 0, NULL, NULL, NULL, NULL, 0);
    state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    pg_line(c, PQresultErrorMessage(res), msg, sizeof(msg));
    if (PQresultStatus(res) == PGRES_TUPLES_OK) {
        rc = output_pgresult(res, stdout, o->fmt, 0, &err) ? EXIT_FAIL : EXIT_OK;
        if (rc)
            cli_error("%s", err.msg);
    } else if (PQresultStatus(res) == PGRES_EMPTY_QUERY) {
        cli_error("no SQL statement given");
        rc = EXIT_USAGE;
    } else if (PQresultStatus(res) == PGRES_COMMAND_OK || (state && strcmp(state, "25006") == 0)) {
        /* 25006: read_only_sql_transaction; a command that returns no rows changes state */
        cli_error("trdb sql is read-only; this statement would write (%s)", store_pg_name(pg));
        rc = EXIT_USAGE;
    } else if (PQstatus(conn) != CONNECTION_OK) {
        cli_error("%s: the connection was lost: %s", store_pg_name(pg), msg);
        rc = EXIT_FAIL;
    } else if (state && strcmp(state, "57014") == 0) {
        cli_error("the statement ran longer than %g s (--timeout) and was stopped (%s)", o->timeout,
                  store_pg_name(pg));
        rc = EXIT_FAIL;
    } else if (strstr(msg, "cannot insert multiple commands")) {
        cli_error("only one statement at a time (found more after the first)");
        rc = EXIT_USAGE;
    } else {
        /* classes 42 (syntax, unknown names) and 22 (data) are the statement's fault */
        cli_error("%s: %s", store_pg_name(pg), msg);
        rc = state && (strncmp(state, "42", 2) == 0 || strncmp(state, "22", 2) == 0) ? EXIT_USAGE
                                                                                     : EXIT_FAIL;
    }
out:
    PQclear(res);
    if (PQstatus(conn) == CONNECTION_OK)
        PQclear(PQexec(conn, "ROLLBACK"));
    store_pg_close(pg);
    return rc;
}

int cmd_sql(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         {"format", required_argument, NULL, 'f'},
                                         {"timeout", required_argument, NULL, 't'},
                                         {NULL, 0, NULL, 0}};
    struct deadline deadline = {0, 0};
    struct qopts o = {OUT_TABLE, 0, 0, SQL_TIMEOUT, NULL, NULL, NULL};
    struct trdb_err err = {0, ""};
    struct store *st;
    sqlite3_stmt *s = NULL;
    const char *tail = NULL;
    int first, rc = cli_parse(c, argc, argv, sql_usage, opts, on_opt, &o, &first);

    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (argc - first != 1) {
        cli_error("sql needs exactly one argument: the statement, in quotes");
        return EXIT_USAGE;
    }
    if (dburi_is_postgres(c->db_path))
        return sql_postgres(c, argv[first], &o);
    if (!(st = cli_open_store(c, STORE_READONLY)))
        return EXIT_FAIL;
    sqlite3_set_authorizer(store_db(st), authorize, NULL);
    if (sqlite3_prepare_v2(store_db(st), argv[first], -1, &s, &tail) != SQLITE_OK) {
        cli_error("%s", sqlite3_errmsg(store_db(st)));
        rc = EXIT_USAGE;
        goto out;
    }
    if (!s) {
        cli_error("no SQL statement given");
        rc = EXIT_USAGE;
        goto out;
    }
    if (tail && tail[strspn(tail, " \t\r\n;")]) {
        cli_error("only one statement at a time (found more after the first)");
        rc = EXIT_USAGE;
        goto out;
    }
    if (!sqlite3_stmt_readonly(s)) {
        cli_error("trdb sql is read-only; this statement would write");
        rc = EXIT_USAGE;
        goto out;
    }
    if (o.timeout > 0) {
        /* every 1000 virtual machine steps: a few microseconds apart */
        deadline.end = monotonic_seconds() + o.timeout;
        sqlite3_progress_handler(store_db(st), 1000, past_deadline, &deadline);
    }
    if (output_stmt(s, stdout, o.fmt, 0, &err)) {
        if (deadline.hit)
            cli_error("the statement ran longer than %g s (--timeout) and was stopped", o.timeout);
        else
            cli_error("%s", err.msg);
        rc = EXIT_FAIL;
        goto out;
    }
    rc = EXIT_OK;
out:
    sqlite3_finalize(s);
    store_close(st);
    return rc;
}
