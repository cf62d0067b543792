/*
 * query_pg.c: named queries on PostgreSQL: the SQL's :name parameters as
 * $N (lib/pgparams.h), each value sent apart as text or as a bigint (the
 * types given, so that "$1 IS NULL" needs no cast), and the rows handed to
 * the writers of output.c. Not for choosing or checking values: query.c.
 */
#include "query_pg.h"
#include "rows.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../lib/pgparams.h"
#include "../model/store_pg.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

enum { OID_INT8 = 20, OID_TEXT = 25 };

/* The values of p's parameters from b[nb]: a name no value has is NULL. */
static void values_of(const struct pgparams *p, const struct qbound *b, int nb, const char **values,
                      Oid *types)
{
    for (int k = 0; k < p->n; k++) {
        values[k] = NULL;
        types[k] = OID_TEXT;
        for (int i = 0; i < nb; i++)
            if (strcmp(b[i].name, p->names[k]) == 0) {
                values[k] = b[i].is_null ? NULL : b[i].text;
                types[k] = b[i].is_int ? OID_INT8 : OID_TEXT;
            }
    }
}

/* Run sql with b[nb]; OUT *res (the caller clears it). 0, or -1 when sql cannot be rewritten. */
static int exec(struct store_pg *pg, const char *sql, const struct qbound *b, int nb,
                PGresult **res)
{
    struct pgparams p;
    const char *values[PGPARAMS_MAX];
    Oid types[PGPARAMS_MAX];

    *res = NULL;
    if (pgparams_rewrite(sql, &p))
        return -1;
    values_of(&p, b, nb, values, types);
    *res = PQexecParams(store_pg_conn(pg), p.sql, p.n, types, values, NULL, NULL, 0);
    pgparams_release(&p);
    return 0;
}

int qpg_lookup(struct store_pg *pg, const char *sql, const char *value, char *out, size_t n)
{
    struct qbound b = {"?1", 0, 0, ""};
    PGresult *res;
    int found = -1;

    snprintf(b.text, sizeof(b.text), "%s", value);
    if (exec(pg, sql, &b, 1, &res))
        return -1;
    if (PQresultStatus(res) == PGRES_TUPLES_OK) {
        found = PQntuples(res) > 0 && PQnfields(res) > 0 && !PQgetisnull(res, 0, 0);
        if (found)
            snprintf(out, n, "%s", PQgetvalue(res, 0, 0));
    }
    PQclear(res);
    return found;
}

void qpg_valid_values(struct store_pg *pg, const char *sql, struct buf *out)
{
    PGresult *res = NULL;
    int rows;

    if (exec(pg, sql, NULL, 0, &res) || PQresultStatus(res) != PGRES_TUPLES_OK) {
        PQclear(res);
        return;
    }
    rows = PQntuples(res);
    for (int r = 0; r < rows && PQnfields(res) > 0; r++) {
        if (r == 300) {
            buf_puts(out, ", ...");
            break;
        }
        buf_printf(out, "%s%s", r ? ", " : "", PQgetvalue(res, r, 0));
    }
    if (!rows)
        buf_puts(out, "none: the database holds no data yet (run 'trdb ingest')");
    PQclear(res);
}

int qpg_check(struct store_pg *pg, const char *name, int i, const char *expr,
              const struct qbound *b, int nb, struct trdb_err *err)
{
    char sql[500], what[120];
    PGresult *res;
    int rc = 0;

    snprintf(sql, sizeof(sql), "SELECT (%s)", expr);
    snprintf(what, sizeof(what), "query '%s': check %d failed", name, i + 1);
    if (exec(pg, sql, b, nb, &res))
        return trdb_err_set(err, TRDB_EDB, "query '%s': check %d has parameters it cannot send",
                            name, i + 1);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        rc = store_pg_fail(pg, res, err, what);
    else if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
        rc = trdb_err_set(err, TRDB_EUSAGE, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

int qpg_run(struct store_pg *pg, const char *name, const char *sql, const struct qbound *b, int nb,
            FILE *f, enum out_format fmt, int neutralize, struct trdb_err *err)
{
    char what[120];
    PGresult *res;
    int rc;

    snprintf(what, sizeof(what), "query '%s' failed", name);
    if (exec(pg, sql, b, nb, &res))
        return trdb_err_set(err, TRDB_EDB, "query '%s' has parameters it cannot send", name);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        rc = store_pg_fail(pg, res, err, what);
    else
        rc = output_pgresult(res, f, fmt, neutralize, err);
    PQclear(res);
    return rc;
}

int qpg_rows(struct store_pg *pg, const char *name, const char *sql, const struct qbound *b, int nb,
             struct rows **out, struct trdb_err *err)
{
    char what[120];
    PGresult *res;

    *out = NULL;
    snprintf(what, sizeof(what), "query '%s' failed", name);
    if (exec(pg, sql, b, nb, &res))
        return trdb_err_set(err, TRDB_EDB, "query '%s' has parameters it cannot send", name);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        int rc = store_pg_fail(pg, res, err, what);
        PQclear(res);
        return rc;
    }
    if (!(*out = rows_pg(res, 1)))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    return 0;
}
