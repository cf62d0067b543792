/*
 * store_pg.c: the PostgreSQL side of the store: a libpq connection from a
 * URI and the migrations of model/schema/pg/, applied in one transaction
 * under an advisory lock. Every message names the server by its URI without
 * the password (lib/dburi.h). Not for SQLite (model/store.c).
 */
#include "store_pg.h"
#include "store.h"

#include "../lib/dburi.h"
#include "../lib/err.h"
#include "../lib/sqltext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

static const char *const migrations[] = {
    "model/schema/pg/0001-initial.sql",         /* version 1 */
    "model/schema/pg/0002-revisions-fetch.sql", /* version 2 */
    "model/schema/pg/0003-apps.sql",            /* version 3 */
    "model/schema/pg/0004-file-identity.sql",   /* version 4 */
    "model/schema/pg/0005-file-columns.sql",    /* version 5 */
    "model/schema/pg/0006-dsa.sql",             /* version 6 */
    "model/schema/pg/0007-file-part.sql",       /* version 7 */
    "model/schema/pg/0008-rollups.sql",         /* version 8 */
    "model/schema/pg/0009-key-index.sql",       /* version 9 */
};
#define NMIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))
_Static_assert(NMIGRATIONS == STORE_SCHEMA_VERSION, "a PostgreSQL migration per schema version");

struct store_pg {
    PGconn *conn;
    char uri[2048];  /* as given: holds the password, never printed */
    char name[2048]; /* the URI without its password, for messages */
};

/* Notices ("relation already exists, skipping") are not trdb's to print. */
static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* libpq's message for conn (or res), on one line, without the URI's password. */
static void pg_message(const struct store_pg *pg, const PGresult *res, char *out, size_t cap)
{
    const char *m = res ? PQresultErrorMessage(res) : "";
    size_t n;

    if (!m || !*m)
        m = pg->conn ? PQerrorMessage(pg->conn) : "";
    if (!m || !*m)
        m = "unknown error";
    /* "...failed: FATAL:  ...\n\tIs the server running ...?\n" -> one line, parts joined by "; " */
    n = 0;
    for (const char *p = m; *p && n + 3 < cap; p++) {
        if (*p == '\n' || *p == '\r') {
            while (p[1] == '\n' || p[1] == '\r' || p[1] == ' ' || p[1] == '\t')
                p++;
            if (p[1] && n > 0) {
                out[n++] = ';';
                out[n++] = ' ';
            }
        } else if (*p == ' ' || *p == '\t') {
            if (n > 0 && out[n - 1] != ' ')
                out[n++] = ' ';
        } else {
            out[n++] = *p;
        }
    }
    while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == ';'))
        n--;
    out[n] = '\0';
    dburi_scrub(pg->uri, out, cap);
}

/* Record a failure of res (NULL: of the connection): TRDB_EIO when the connection is gone. */
static int pg_fail(struct store_pg *pg, const PGresult *res, struct trdb_err *err, const char *what)
{
    char msg[400];
    int code = PQstatus(pg->conn) == CONNECTION_OK ? TRDB_EDB : TRDB_EIO;

    pg_message(pg, res, msg, sizeof(msg));
    return trdb_err_set(err, code, "%s: %s: %s", pg->name, what, msg);
}

int store_pg_fail(struct store_pg *pg, const PGresult *res, struct trdb_err *err, const char *what)
{
    return pg_fail(pg, res, err, what);
}

/* Run sql (no parameters, any number of statements); 0 or an error as pg_fail's. */
static int run(struct store_pg *pg, const char *sql, struct trdb_err *err, const char *what)
{
    PGresult *res = PQexec(pg->conn, sql);
    ExecStatusType s = PQresultStatus(res);
    int rc = 0;

    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        rc = pg_fail(pg, res, err, what);
    PQclear(res);
    return rc;
}

/* One integer from sql's first row and column (OUT *v); 0 or an error as pg_fail's. */
static int run_int(struct store_pg *pg, const char *sql, long long *v, struct trdb_err *err,
                   const char *what)
{
    PGresult *res = PQexec(pg->conn, sql);
    int rc = 0;

    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1 || PQnfields(res) < 1)
        rc = pg_fail(pg, res, err, what);
    else
        *v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return rc;
}

int store_pg_open(const char *uri, struct store_pg **out, struct trdb_err *err)
{
    /*
     * The URI comes last and expands (expand_dbname): what it says wins over
     * the defaults before it. A server that does not answer is given up on
     * after 10 seconds unless the URI, $PGCONNECT_TIMEOUT or a service
     * (service= in the URI, or $PGSERVICE: its file may set one) says otherwise.
     */
    const char *env_timeout = getenv("PGCONNECT_TIMEOUT"), *env_service = getenv("PGSERVICE");
    int own_timeout = !(env_timeout && *env_timeout) && !(env_service && *env_service) &&
                      !strstr(uri, "service=");
    const char *keys[] = {"connect_timeout", "fallback_application_name", "client_encoding",
                          "dbname", NULL};
    const char *values[] = {"10", "trdb", "UTF8", uri, NULL};
    struct store_pg *pg;
    char msg[400];

    *out = NULL;
    if (!(pg = calloc(1, sizeof(*pg))))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    dburi_redact(uri, pg->name, sizeof(pg->name));
    if (snprintf(pg->uri, sizeof(pg->uri), "%s", uri) >= (int)sizeof(pg->uri)) {
        trdb_err_set(err, TRDB_EUSAGE, "%s: the database URI is too long", pg->name);
        free(pg);
        return TRDB_EUSAGE;
    }
    pg->conn = PQconnectdbParams(keys + !own_timeout, values + !own_timeout, 1);
    if (!pg->conn) {
        free(pg);
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    }
    if (PQstatus(pg->conn) != CONNECTION_OK) {
        int rc;
        pg_message(pg, NULL, msg, sizeof(msg));
        rc = trdb_err_set(err, TRDB_EIO, "cannot connect to %s: %s", pg->name, msg);
        store_pg_close(pg);
        return rc;
    }
    PQsetNoticeProcessor(pg->conn, quiet, NULL);
    *out = pg;
    return 0;
}

int store_pg_open_current(const char *uri, struct store_pg **out, struct trdb_err *err)
{
    struct store_pg *pg = NULL;
    int v = 0, rc = store_pg_open(uri, &pg, err);

    *out = NULL;
    if (!rc)
        rc = store_pg_version(pg, &v, err);
    if (!rc && v == 0)
        rc = trdb_err_set(
            err, TRDB_EDB,
            "%s holds no trdb schema (run 'trdb --db URI init' with the owner's role)", pg->name);
    else if (!rc && v < (int)NMIGRATIONS)
        rc = trdb_err_set(err, TRDB_EDB,
                          "%s: schema version %d is older than this trdb's (%d); run "
                          "'trdb --db URI init' with the owner's role to migrate it",
                          pg->name, v, (int)NMIGRATIONS);
    else if (!rc && v > (int)NMIGRATIONS)
        rc = trdb_err_set(err, TRDB_EDB,
                          "%s: schema version %d is newer than this trdb knows (%d); "
                          "use a newer trdb",
                          pg->name, v, (int)NMIGRATIONS);
    if (rc) {
        store_pg_close(pg);
        return rc;
    }
    *out = pg;
    return 0;
}

void store_pg_close(struct store_pg *pg)
{
    if (!pg)
        return;
    PQfinish(pg->conn);
    free(pg);
}

const char *store_pg_name(const struct store_pg *pg)
{
    return pg->name;
}

PGconn *store_pg_conn(struct store_pg *pg)
{
    return pg->conn;
}

int store_pg_version(struct store_pg *pg, int *version, struct trdb_err *err)
{
    long long has = 0, v = 0;
    int rc = run_int(pg,
                     "SELECT count(*) FROM pg_catalog.pg_tables "
                     "WHERE schemaname = current_schema() AND tablename = 'trdb_schema'",
                     &has, err, "cannot read the schema version");

    if (!rc && has)
        rc = run_int(pg, "SELECT version FROM trdb_schema", &v, err,
                     "cannot read the schema version (is it a trdb database?)");
    *version = rc ? 0 : (int)v;
    return rc;
}

/* Inside the migration's transaction: the version, with the table made on an empty database. */
static int version_for_migration(struct store_pg *pg, int *v, struct trdb_err *err)
{
    long long objects = 0;
    int rc = store_pg_version(pg, v, err);

    if (rc || *v > 0)
        return rc;
    /* version 0 is an empty schema to fill, or somebody else's to leave alone */
    if ((rc = run_int(pg,
                      "SELECT count(*) FROM pg_catalog.pg_class c "
                      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                      "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', "
                      "'f') AND c.relname <> 'trdb_schema'",
                      &objects, err, "cannot list the schema's tables")))
        return rc;
    if (objects > 0)
        return trdb_err_set(err, TRDB_EDB,
                            "%s is not a trdb database (its schema holds tables of its own); "
                            "give trdb an empty database or schema",
                            pg->name);
    return run(pg,
               "CREATE TABLE IF NOT EXISTS trdb_schema ("
               "one INTEGER PRIMARY KEY DEFAULT 1 CHECK (one = 1), version INTEGER NOT NULL);"
               "INSERT INTO trdb_schema (one, version) VALUES (1, 0) ON CONFLICT DO NOTHING",
               err, "cannot create the schema version table");
}

int store_pg_migrate(struct store_pg *pg, int *applied, struct trdb_err *err)
{
    char what[128], version[16];
    const char *params[1] = {version};
    PGresult *res;
    int rc, v = 0;

    if (applied)
        *applied = 0;
    if ((rc = run(pg, "BEGIN", err, "cannot start the migration")))
        return rc;
    /* another process may be migrating: wait for it, then read the version it left */
    if ((rc = run(pg, "SELECT pg_advisory_xact_lock(" STORE_PG_LOCK_SCHEMA ")", err,
                  "cannot lock the schema for the migration")) ||
        (rc = version_for_migration(pg, &v, err)))
        goto out;
    if (v > (int)NMIGRATIONS) {
        rc = trdb_err_set(err, TRDB_EDB,
                          "%s: schema version %d is newer than this trdb knows (%d); "
                          "use a newer trdb",
                          pg->name, v, (int)NMIGRATIONS);
        goto out;
    }
    if (v == (int)NMIGRATIONS)
        goto out; /* current: the rollback below ends the transaction */
    for (int i = v; i < (int)NMIGRATIONS; i++) {
        const char *sql = sql_text(migrations[i]);
        if (!sql) {
            rc = trdb_err_set(err, TRDB_EDB, "migration %s is missing from this build",
                              migrations[i]);
            goto out;
        }
        snprintf(what, sizeof(what), "migration %s failed", migrations[i]);
        if ((rc = run(pg, sql, err, what)))
            goto out;
    }
    snprintf(version, sizeof(version), "%d", (int)NMIGRATIONS);
    res = PQexecParams(pg->conn, "UPDATE trdb_schema SET version = $1::integer", 1, NULL, params,
                       NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        rc = pg_fail(pg, res, err, "cannot record the schema version");
    PQclear(res);
    if (!rc && !(rc = run(pg, "COMMIT", err, "cannot commit the migration"))) {
        if (applied)
            *applied = (int)NMIGRATIONS - v;
        return 0;
    }
out:
    /* nothing half-done: a failure, or nothing to do, leaves the database as it was */
    run(pg, "ROLLBACK", NULL, "");
    return rc;
}
