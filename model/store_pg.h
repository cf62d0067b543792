/*
 * store_pg.h: the PostgreSQL database named by a libpq connection URI:
 * connecting, and migrating its schema forward (model/schema/pg/NNNN-*.sql,
 * the same versions as SQLite's model/schema/NNNN-*.sql, the version kept in
 * the one-row table trdb_schema). Not yet the writes of an ingest: those go
 * through model/store.h, SQLite only for now; queries/ reads through the
 * connection.
 */
#ifndef TRDB_STORE_PG_H
#define TRDB_STORE_PG_H

#include <libpq-fe.h>

struct trdb_err;
struct store_pg;

/*
 * The advisory lock (pg_advisory_xact_lock) a migration holds, so that two
 * trdb processes never migrate one database at once. Ingests will take a
 * lock of their own (issue 16, in place of the lock file).
 */
#define STORE_PG_LOCK_SCHEMA "7310593858020507649" /* "trdb" << 32 | 1 */

/*
 * Connect to the server uri names (postgresql:// or postgres://; TLS and
 * every other libpq parameter pass through). Returns 0 with OUT *out, or
 * TRDB_EIO with err naming the server by its URI without the password and
 * saying why (a wrong URI, a server that is down or refuses the login),
 * TRDB_ENOMEM. Close with store_pg_close (which accepts NULL).
 */
int store_pg_open(const char *uri, struct store_pg **out, struct trdb_err *err);
void store_pg_close(struct store_pg *pg);

/*
 * store_pg_open for a command that only reads (query, sql, report, ...):
 * the database must hold this trdb's schema version, as a reader may not
 * migrate it (an analyst's role, a read replica). Else TRDB_EDB: no trdb
 * schema, or an older one ("run trdb init"), or a newer one.
 */
int store_pg_open_current(const char *uri, struct store_pg **out, struct trdb_err *err);

/* The database as messages name it: its URI without the password. */
const char *store_pg_name(const struct store_pg *pg);

/* The connection, for modules that run their own SQL. */
PGconn *store_pg_conn(struct store_pg *pg);

/*
 * Record in err that res (NULL: the connection) failed, as "URI: what:
 * the server's message" on one line, the URI and the message without the
 * password. Returns TRDB_EIO when the connection is lost, else TRDB_EDB.
 */
int store_pg_fail(struct store_pg *pg, const PGresult *res, struct trdb_err *err, const char *what);

/*
 * Apply the migrations the database lacks, all in one transaction under
 * the advisory lock STORE_PG_LOCK_SCHEMA (a second process waits, then
 * finds nothing to do). OUT *applied (may be NULL): how many ran, 0 when
 * the schema was current. Returns 0, or TRDB_EDB with err saying why
 * (a schema newer than this build, tables of somebody else's in an
 * unversioned schema, a failed statement), nothing changed then; TRDB_EIO
 * when the connection was lost.
 */
int store_pg_migrate(struct store_pg *pg, int *applied, struct trdb_err *err);

/*
 * OUT *version: the schema version of the database (0 when it has none).
 * Returns 0 or TRDB_EDB / TRDB_EIO as above.
 */
int store_pg_version(struct store_pg *pg, int *version, struct trdb_err *err);

#endif
