/*
 * out_pg.c: a libpq result as a row source for the writers of output.c:
 * each cell typed as SQLite would type the same value (int2/4/8 and bool
 * as integers, float4/8 as reals, numeric as an integer when it is whole
 * and fits, else a real, as SQLite's NUMERIC affinity does; anything else
 * as text), so that every format prints the same figures on both backends.
 */
#include "output_int.h"
#include "rows.h"
#include "../lib/err.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

/* The type OIDs of pg_type.h (server headers are not needed for a client). */
enum {
    OID_BOOL = 16,
    OID_INT8 = 20,
    OID_INT2 = 21,
    OID_INT4 = 23,
    OID_OID = 26,
    OID_FLOAT4 = 700,
    OID_FLOAT8 = 701,
    OID_NUMERIC = 1700
};

/* A numeric's text as SQLite's NUMERIC affinity would keep it: integer when whole and in range. */
static void numeric_value(const char *s, struct out_val *v)
{
    const char *dot = strchr(s, '.');
    char *end;
    long long i;

    if (!dot || dot[1 + strspn(dot + 1, "0")] == '\0') {
        errno = 0;
        i = strtoll(s, &end, 10);
        if (errno == 0 && end != s && (*end == '\0' || end == dot)) {
            v->type = OV_INT;
            v->i = i;
            return;
        }
    }
    v->type = OV_REAL;
    v->d = strtod(s, NULL);
}

void out_pg_values(const PGresult *res, int row, struct out_val *vals)
{
    int n = PQnfields(res);

    for (int c = 0; c < n; c++) {
        const char *s = PQgetvalue(res, row, c);
        struct out_val *v = &vals[c];
        if (PQgetisnull(res, row, c)) {
            v->type = OV_NULL;
            continue;
        }
        switch (PQftype(res, c)) {
        case OID_BOOL:
            v->type = OV_INT;
            v->i = s[0] == 't';
            break;
        case OID_INT2:
        case OID_INT4:
        case OID_INT8:
        case OID_OID:
            v->type = OV_INT;
            v->i = strtoll(s, NULL, 10);
            break;
        case OID_FLOAT4:
        case OID_FLOAT8:
            v->type = OV_REAL;
            v->d = strtod(s, NULL);
            break;
        case OID_NUMERIC:
            numeric_value(s, v);
            break;
        default:
            v->type = OV_TEXT;
            v->s = s;
            break;
        }
    }
}

int output_pgresult(const PGresult *res, FILE *f, enum out_format fmt, int neutralize,
                    struct trdb_err *err)
{
    /* not owned: the rows never clear nor change res */
    struct rows *r = rows_pg((PGresult *)res, 0);
    int rc;

    if (!r)
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    rc = output_rows(r, f, fmt, neutralize, err);
    rows_close(r);
    return rc;
}
