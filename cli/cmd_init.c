/*
 * cmd_init.c: `trdb init [--rebuild-summary]`: create the database or
 * migrate it forward (a SQLite file, or a PostgreSQL server's database given
 * by a URI); rebuild country_summary on request.
 */
#include "cli.h"

#include "../lib/dburi.h"
#include "../lib/err.h"
#include "../lib/interrupt.h"
#include "../model/store_pg.h"

#include <getopt.h>
#include <stdlib.h>

#include "../lib/banned.h"

static const char usage[] =
    "usage: trdb [--db PATH|URI] init [--rebuild-summary] [--wait SECONDS]\n\n"
    "Create the database (default ./trdb.sqlite, or $TRDB_DB) with trdb's schema, or\n"
    "migrate an older one to this version. Every other command does the same when it\n"
    "opens a database, so init is only needed to start an empty one.\n\n"
    "--db postgresql://... (or postgres://...) names a database on a PostgreSQL\n"
    "server instead: init creates trdb's schema there (all migrations in one\n"
    "transaction); --rebuild-summary works there too, under the server's advisory\n"
    "writers' lock.\n\n"
    "options:\n"
    "  --rebuild-summary  rebuild all of country_summary from the current facts and app\n"
    "                     records (after an upgrade of trdb changed how a measure is\n"
    "                     computed); every ingest keeps it up to date otherwise\n"
    "  --wait SECONDS     with --rebuild-summary: wait this long for an ingest that is\n"
    "                     writing the database (default 0), then exit 4\n\n"
    "The rebuild is one transaction: SIGINT or SIGTERM during it rolls it back\n"
    "(country_summary stays as it was) and exits 130 or 143.\n";

struct init_opts {
    int rebuild;
    int waits; /* --wait was given */
    double wait;
};

static int on_opt(void *ctx, int id, const char *arg)
{
    struct init_opts *o = ctx;
    char *end;

    if (id == 'r') {
        o->rebuild = 1;
    } else if (id == 'w') {
        o->waits = 1;
        o->wait = strtod(arg, &end);
        if (*end || end == arg || o->wait < 0) {
            cli_error("--wait needs a number of seconds, not '%s'", arg);
            return -1;
        }
    }
    return 0;
}

/* init on a PostgreSQL server: connect, migrate, say the version. Returns the exit code. */
static int init_postgres(const struct cli *c)
{
    struct trdb_err err = {0, ""};
    struct store_pg *pg = NULL;
    int version = 0;

    if (store_pg_open(c->db_path, &pg, &err) || store_pg_migrate(pg, NULL, &err) ||
        store_pg_version(pg, &version, &err)) {
        cli_error("%s", err.msg);
        store_pg_close(pg);
        return cli_exit_code(err.code);
    }
    printf("database %s at schema version %d\n", store_pg_name(pg), version);
    store_pg_close(pg);
    return EXIT_OK;
}

/*
 * Rebuild country_summary and the app rollups in one transaction: a signal
 * stops its statement, and the old summary stays. Returns the exit code.
 */
static int rebuild(struct store *st)
{
    struct trdb_err err = {0, ""};
    int rc, exit_code = EXIT_OK;

    interrupt_catch();
    store_watch_interrupts(st, 1);
    rc = store_rebuild_summary(st, &err);
    store_watch_interrupts(st, 0);
    if (interrupt_caught()) {
        fprintf(stderr, "trdb: interrupted (%s): %s\n", interrupt_name(interrupt_caught()),
                rc ? "the rebuild of country_summary was rolled back; it is as it was"
                   : "after country_summary was rebuilt");
        exit_code = EXIT_SIGNAL + interrupt_caught();
    } else if (rc) {
        cli_error("cannot rebuild country_summary: %s", err.msg);
        exit_code = cli_exit_code(rc);
    } else {
        printf("country_summary rebuilt\n");
    }
    return exit_code;
}

int cmd_init(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         {"rebuild-summary", no_argument, NULL, 'r'},
                                         {"wait", required_argument, NULL, 'w'},
                                         {NULL, 0, NULL, 0}};
    struct init_opts o = {0, 0, 0};
    struct trdb_err err = {0, ""};
    struct store *st;
    int lock = -1, exit_code = EXIT_OK;
    int first, rc = cli_parse(c, argc, argv, usage, opts, on_opt, &o, &first);

    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (first != argc) {
        cli_error("init takes no arguments");
        return EXIT_USAGE;
    }
    if (o.waits && !o.rebuild) {
        cli_error("--wait goes with --rebuild-summary (init alone takes no lock)");
        return EXIT_USAGE;
    }
    if (dburi_is_postgres(c->db_path)) {
        /* the writers' lock is the server's advisory lock, taken by the store's session */
        if ((exit_code = init_postgres(c)) != EXIT_OK || !o.rebuild)
            return exit_code;
        if (!(st = cli_open_store(c, STORE_CREATE)))
            return EXIT_FAIL;
        if ((rc = store_lock_writers(st, o.wait, &err))) {
            cli_error("%s", err.msg);
            store_close(st);
            return cli_exit_code(rc);
        }
        exit_code = rebuild(st);
        store_close(st);
        return exit_code;
    }
    /* a rebuild writes as an ingest does: one writer at a time */
    if (o.rebuild && (lock = cli_lock_db(c, o.wait)) < 0)
        return -lock;
    st = cli_open_store(c, STORE_CREATE);
    if (!st) {
        cli_unlock_db(lock);
        return EXIT_FAIL;
    }
    printf("database %s at schema version %d\n", c->db_path, store_version(st));
    if (o.rebuild)
        exit_code = rebuild(st);
    store_close(st);
    cli_unlock_db(lock);
    return exit_code;
}
