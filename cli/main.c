/*
 * main.c: trdb's entry point: global options, the command table, and the
 * final check that standard output was really written (a full disk is an
 * error, not silence).
 */
#include "cli.h"
#include "../queries/query.h"
#include "../lib/interrupt.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/banned.h"

#include "version.h" /* TRDB_COMMIT: git describe of the tree built, or "" */

#ifndef TRDB_VERSION
#define TRDB_VERSION "0.1"
#endif

static const struct command commands[] = {
    {"init", cmd_init, "create the database, or migrate it to this version's schema"},
    {"ingest", cmd_ingest, "load files and folders of published data"},
    {"formats", cmd_formats, "list the format profiles trdb knows"},
    {"detect", cmd_detect, "say which profile fits a file, and why"},
    {"rejects", cmd_rejects, "list rows that could not be loaded"},
    {"runs", cmd_runs, "list the ingest runs"},
    {"changes", cmd_changes, "new periods, new countries and restatements since a run"},
    {"query", cmd_query, "run a named query (--list shows them)"},
    {"sql", cmd_sql, "run one read-only SQL statement"},
    {"report", cmd_report, "write the report: a static HTML site and CSV tables"},
    {"fetch", cmd_fetch,
     "download the publishers' files (data/sources.json) and ingest what changed"},
    {"metadata", cmd_metadata, "print Datasette metadata for the database (--datasette)"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: trdb [--db PATH|URI] COMMAND [OPTIONS] [ARGS]\n\n"
               "trdb turns published transparency-report data (government requests to tech\n"
               "companies, app removals) into one SQLite database and per-country reports.\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\noptions:\n"
               "  --db PATH   the database (default: $TRDB_DB, else ./trdb.sqlite); a\n"
               "              postgresql:// URI names a PostgreSQL database (every command\n"
               "              works with it)\n"
               "  --help      this text; 'trdb help COMMAND' or 'trdb COMMAND --help' for\n"
               "              a command's\n"
               "  --version   the version\n\n"
               "A command's options may come before or after its arguments; '--' ends\n"
               "them. 'man trdb' (or 'man -l cli/trdb.1' in the source tree) has them all.\n\n"
               "exit codes: 0 ok, 1 done with rejects or warnings, 2 usage error,\n"
               "3 failure (nothing committed for the failing file), 4 another ingest\n"
               "holds the database (nothing was done), 130 or 143 SIGINT or SIGTERM\n"
               "stopped a write (the file under way rolled back)\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"version", no_argument, NULL, 'V'},
                                         {NULL, 0, NULL, 0}};
    struct cli c = {NULL, {NULL}, 0};
    const char *env = getenv("TRDB_DB");
    int rc = EXIT_USAGE, id;

    c.db_path = env && *env ? env : "trdb.sqlite";
    opterr = 0;
    while ((id = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
        switch (id) {
        case 'd':
            c.db_path = optarg;
            break;
        case 'h':
            usage(stdout);
            return fclose(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
        case 'V':
            if (TRDB_COMMIT[0])
                printf("trdb %s (%s)\n", TRDB_VERSION, TRDB_COMMIT);
            else
                printf("trdb %s\n", TRDB_VERSION);
            return fclose(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
        default:
            cli_error("unknown option '%s'", argv[optind - 1]);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[optind], "help") == 0) {
        /* trdb help [COMMAND]: the same as trdb COMMAND --help, or trdb --help */
        if (optind + 1 >= argc) {
            usage(stdout);
            return fclose(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
        }
        if (optind + 2 < argc) {
            cli_error("help takes one command");
            return EXIT_USAGE;
        }
        argv[optind] = argv[optind + 1];
        argv[optind + 1] = (char *)"--help";
    }
    {
        /* the named queries' measure lists are the vocabulary's, found where the profiles are */
        char vocab[4096];
        snprintf(vocab, sizeof(vocab), "%s/vocabulary", cli_data_dir());
        query_vocabulary_dir(vocab);
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(argv[optind], commands[i].name) == 0) {
            rc = commands[i].run(&c, argc - optind, argv + optind);
            goto done;
        }
    }
    cli_error("unknown command '%s' (see 'trdb --help')", argv[optind]);
    return EXIT_USAGE;
done:
    if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
        cli_error("cannot write the output: %s", strerror(errno));
        if (!interrupt_caught() || rc != EXIT_SIGNAL + interrupt_caught())
            return EXIT_FAIL;
        /* the signal may have cut a write to a pipe (EINTR): it is still what stopped us */
    }
    /* a write stopped by a signal and rolled back: end by that signal, so that the shell
       sees 130 or 143 and a script's loop stops as it would for any program */
    if (interrupt_caught() && rc == EXIT_SIGNAL + interrupt_caught())
        interrupt_exit();
    return rc;
}
