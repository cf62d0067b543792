/*
 * cmd_metadata.c: `trdb metadata --datasette`: Datasette metadata JSON for
 * the database (queries/metadata.c builds it from docs/data-model.md and
 * the named queries).
 */
#include "cli.h"

#include "../lib/dburi.h"
#include "../lib/err.h"
#include "../queries/metadata.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/banned.h"

static const char usage[] =
    "usage: trdb [--db PATH] metadata --datasette [--docs FILE]\n\n"
    "Print Datasette metadata JSON for the database on stdout: a title and source,\n"
    "the public views and tables with a description of every column, and every\n"
    "named query as a canned query with its :named parameters.\n"
    "Then:\n"
    "  trdb metadata --datasette >metadata.json\n"
    "  datasette trdb.sqlite -m metadata.json\n"
    "In Datasette an empty parameter takes the query's default, as an absent KEY=VALUE\n"
    "does in trdb; a period P is given as P_start and P_end (YYYY-MM-DD).\n"
    "Datasette serves SQLite files only, and the canned queries are SQLite's SQL:\n"
    "with --db postgresql://... it is refused (exit 2) rather than describe a\n"
    "database Datasette cannot open; run it on a SQLite copy of the data.\n\n"
    "options:\n"
    "  --datasette   the format to print (the only one for now)\n"
    "  --docs FILE   the data model to describe the columns from (default: the\n"
    "                data-model.md installed with trdb's data, or docs/ of a checkout)\n";

struct metadata_args {
    int datasette;
    const char *docs;
};

static int on_opt(void *ctx, int id, const char *arg)
{
    struct metadata_args *a = ctx;

    if (id == 's')
        a->datasette = 1;
    else if (id == 'D')
        a->docs = arg;
    return 0;
}

/* DATA/docs/data-model.md (installed), else DATA/../docs/data-model.md (a checkout). */
static const char *find_docs(char *path, size_t n)
{
    static const char *const where[] = {"%s/docs/data-model.md", "%s/../docs/data-model.md"};

    for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
        snprintf(path, n, where[i], cli_data_dir());
        if (access(path, R_OK) == 0)
            return path;
    }
    return NULL;
}

/* The database's name in Datasette: its file name without the extension. */
static void db_name(const char *db_path, char *out, size_t n)
{
    const char *base = strrchr(db_path, '/'), *dot;

    base = base ? base + 1 : db_path;
    dot = strrchr(base, '.');
    snprintf(out, n, "%.*s", (int)(dot && dot != base ? (size_t)(dot - base) : strlen(base)), base);
}

int cmd_metadata(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         {"datasette", no_argument, NULL, 's'},
                                         {"docs", required_argument, NULL, 'D'},
                                         {NULL, 0, NULL, 0}};
    struct metadata_args a = {0, NULL};
    struct trdb_err err = {0, ""};
    char name[256], path[4096];
    struct metadata_opts o;
    int first, rc = cli_parse(c, argc, argv, usage, opts, on_opt, &a, &first);

    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (first != argc) {
        cli_error("metadata takes no arguments");
        return EXIT_USAGE;
    }
    if (!a.datasette) {
        cli_error("say which metadata to print: --datasette (see trdb metadata --help)");
        return EXIT_USAGE;
    }
    if (dburi_is_postgres(c->db_path)) {
        char uri[1024];
        dburi_redact(c->db_path, uri, sizeof(uri));
        cli_error("metadata --datasette describes a SQLite file for Datasette, which cannot "
                  "serve PostgreSQL (the database is %s); run it with --db FILE.sqlite",
                  uri);
        return EXIT_USAGE;
    }
    db_name(c->db_path, name, sizeof(name));
    o.db_name = name;
    o.datamodel = a.docs ? a.docs : find_docs(path, sizeof(path));
    if (!o.datamodel)
        fprintf(stderr, "trdb: warning: no data-model.md found (give one with --docs FILE): "
                        "the tables are printed without descriptions\n");
    if ((rc = metadata_datasette(stdout, &o, &err))) {
        cli_error("%s", err.msg);
        return cli_exit_code(rc);
    }
    return o.datamodel ? EXIT_OK : EXIT_WARN;
}
