/*
 * store_migrate.c: a SQLite database's schema brought forward: the
 * migrations model/schema/NNNN-NAME.sql, applied in order from the
 * database's PRAGMA user_version, one transaction each (PostgreSQL's are
 * store_pg.c's).
 */
#include "store.h"
#include "store_int.h"
#include "../lib/err.h"
#include "../lib/sqltext.h"

#include <stdio.h>

#include "../lib/banned.h"

static const char *const migrations[] = {
    "model/schema/0001-initial.sql",         /* version 1 */
    "model/schema/0002-revisions-fetch.sql", /* version 2 */
    "model/schema/0003-apps.sql",            /* version 3 */
    "model/schema/0004-file-identity.sql",   /* version 4 */
    "model/schema/0005-file-columns.sql",    /* version 5 */
    "model/schema/0006-dsa.sql",             /* version 6 */
    "model/schema/0007-file-part.sql",       /* version 7 */
    "model/schema/0008-rollups.sql",         /* version 8 */
    "model/schema/0009-key-index.sql",       /* version 9 */
};
#define NMIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))
_Static_assert(NMIGRATIONS == STORE_SCHEMA_VERSION, "a migration per schema version");

int store_user_version(struct store *st, int *v)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(store_db(st), "PRAGMA user_version", -1, &s, NULL);

    if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        *v = sqlite3_column_int(s, 0);
    else
        rc = SQLITE_ERROR;
    sqlite3_finalize(s);
    return rc == SQLITE_OK ? 0 : -1;
}

/* 1 when the database holds no table, view or index at all. */
static int is_empty(struct store *st)
{
    sqlite3_stmt *s = NULL;
    int empty = 0;

    if (sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM sqlite_schema", -1, &s, NULL) ==
            SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        empty = sqlite3_column_int(s, 0) == 0;
    sqlite3_finalize(s);
    return empty;
}

int store_migrate(struct store *st, struct trdb_err *err)
{
    int v;

    if (store_user_version(st, &v))
        return store_db_error(st, err, "cannot read the schema version (is it a trdb database?)");
    /* version 0 is an empty database to create, or somebody else's to leave alone */
    if (v == 0 && !is_empty(st))
        return trdb_err_set(err, TRDB_EDB,
                            "'%s' is not a trdb database (it holds tables of its own); "
                            "give trdb a new file",
                            store_path(st));
    if (v > (int)NMIGRATIONS)
        return trdb_err_set(err, TRDB_EDB,
                            "%s: schema version %d is newer than this trdb knows (%d); "
                            "use a newer trdb",
                            store_path(st), v, (int)NMIGRATIONS);
    while (v < (int)NMIGRATIONS) {
        const char *sql = sql_text(migrations[v]);
        char pragma[64];
        int rc;

        if (!sql)
            return trdb_err_set(err, TRDB_EDB, "migration %s is missing from this build",
                                migrations[v]);
        if ((rc = store_exec(st, "BEGIN IMMEDIATE", err, "cannot start the migration")))
            return rc;
        /* another process may have migrated while we waited for the lock */
        if (store_user_version(st, &v) || v >= (int)NMIGRATIONS) {
            store_exec(st, "ROLLBACK", NULL, "");
            break;
        }
        snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
        if ((rc = store_exec(st, sql_text(migrations[v]), err, "migration failed")) ||
            (rc = store_exec(st, pragma, err, "migration failed")) ||
            (rc = store_exec(st, "COMMIT", err, "migration failed"))) {
            store_exec(st, "ROLLBACK", NULL, "");
            return rc;
        }
        v++;
    }
    return 0;
}
