/*
 * cmd_init.c: `trdb init`: create the database or migrate it forward.
 */
#include "cli.h"

#include <getopt.h>

static const char usage[] =
    "usage: trdb [--db PATH] init\n\n"
    "Create the database (default ./trdb.sqlite, or $TRDB_DB) with trdb's schema, or\n"
    "migrate an older one to this version. Every other command does the same when it\n"
    "opens a database, so init is only needed to start an empty one.\n";

int cmd_init(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
    struct store *st;
    int first, rc = cli_parse(c, argc, argv, usage, opts, NULL, NULL, &first);

    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (first != argc) {
        cli_error("init takes no arguments");
        return EXIT_USAGE;
    }
    st = cli_open_store(c, STORE_CREATE);
    if (!st)
        return EXIT_FAIL;
    printf("database %s at schema version %d\n", c->db_path, store_version(st));
    store_close(st);
    return EXIT_OK;
}
