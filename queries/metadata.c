/*
 * metadata.c: Datasette metadata for a trdb database: the tables and views
 * docs/data-model.md describes (its "### `name` (view|table)" sections and
 * their column tables) and the named queries as canned queries, their SQL
 * rewritten so that Datasette's parameters (text, '' when not given) mean
 * what trdb's do. Not for running the queries: query.c does that.
 */
#include "metadata.h"

#include "query.h"

#include "../lib/buf.h"
#include "../lib/err.h"
#include "../lib/fileio.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

#define DATAMODEL_MAX (1 << 20)
#define MAX_QUERIES 64

static int nomem(struct trdb_err *err)
{
    return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
}

/* ---- the data model: docs/data-model.md ---- */

/* Copy text (n bytes) into b without markdown's backquotes, trimmed. */
static void plain(struct buf *b, const char *text, size_t n)
{
    while (n && isspace((unsigned char)*text))
        text++, n--;
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    buf_reset(b);
    for (size_t i = 0; i < n; i++)
        if (text[i] != '`')
            buf_append(b, text + i, 1);
}

/*
 * "### `facts` (view)": the object's name into name (n bytes). Returns 1
 * for such a heading, else 0.
 */
static int object_heading(const char *line, size_t len, char *name, size_t n)
{
    const char *end;
    size_t k;

    if (len < 6 || strncmp(line, "### `", 5) != 0)
        return 0;
    if (!(end = memchr(line + 5, '`', len - 5)))
        return 0;
    k = (size_t)(end - (line + 5));
    if (k == 0 || k >= n)
        return 0;
    if (!(len - (size_t)(end + 1 - line) >= 7 &&
          (strncmp(end + 1, " (view)", 7) == 0 || strncmp(end + 1, " (table)", 8) == 0)))
        return 0;
    memcpy(name, line + 5, k);
    name[k] = '\0';
    return 1;
}

/*
 * A meaning ending in "(unit: NAME)": NAME is the column's unit for
 * Datasette. Returns the unit's length and its start in *unit, else 0.
 */
static size_t unit_of(const char *meaning, const char **unit)
{
    const char *p = strstr(meaning, "(unit: ");
    const char *close;

    if (!p || !(close = strchr(p, ')')) || close[1])
        return 0;
    *unit = p + 7;
    return (size_t)(close - *unit);
}

/* "| `a`, `b` | meaning |": add each column with its meaning to table. */
static int add_columns(cJSON *table, const char *line, size_t len, struct buf *tmp)
{
    const char *cell = line + 1, *bar = memchr(cell, '|', len - 1), *m, *mend;
    cJSON *cols = cJSON_GetObjectItemCaseSensitive(table, "columns");
    char meaning[2048];

    if (!bar)
        return 0;
    m = bar + 1;
    if (!(mend = memchr(m, '|', len - (size_t)(m - line))))
        mend = line + len;
    plain(tmp, m, (size_t)(mend - m));
    snprintf(meaning, sizeof(meaning), "%s", buf_cstr(tmp) ? buf_cstr(tmp) : "");
    if (!cols && !(cols = cJSON_AddObjectToObject(table, "columns")))
        return -1;
    for (const char *p = cell; p < bar;) {
        const char *open = memchr(p, '`', (size_t)(bar - p)), *close;
        char name[128];
        if (!open || !(close = memchr(open + 1, '`', (size_t)(bar - open - 1))))
            break;
        if ((size_t)(close - open - 1) < sizeof(name)) {
            memcpy(name, open + 1, (size_t)(close - open - 1));
            name[close - open - 1] = '\0';
            if (!cJSON_GetObjectItemCaseSensitive(cols, name) &&
                !cJSON_AddStringToObject(cols, name, meaning))
                return -1;
            const char *unit;
            size_t ulen = unit_of(meaning, &unit);
            if (ulen) {
                cJSON *units = cJSON_GetObjectItemCaseSensitive(table, "units");
                char u[64];
                snprintf(u, sizeof(u), "%.*s", (int)ulen, unit);
                if ((!units && !(units = cJSON_AddObjectToObject(table, "units"))) ||
                    !cJSON_AddStringToObject(units, name, u))
                    return -1;
            }
        }
        p = close + 1;
    }
    return 0;
}

/* The tables and views of the data model at path, into tables. */
static int read_datamodel(const char *path, cJSON *tables, struct trdb_err *err)
{
    char *text = NULL, name[128];
    size_t len = 0;
    cJSON *table = NULL;
    struct buf tmp, desc;
    int rc = 0, in_desc = 0;

    if (!(text = fileio_read_all(path, DATAMODEL_MAX, "data model", &len, err)))
        return err->code;
    buf_init(&tmp, 1 << 16);
    buf_init(&desc, 1 << 16);
    for (const char *line = text; line < text + len && !rc;) {
        const char *nl = memchr(line, '\n', (size_t)(text + len - line));
        size_t n = nl ? (size_t)(nl - line) : (size_t)(text + len - line);
        if (object_heading(line, n, name, sizeof(name))) {
            if (!(table = cJSON_AddObjectToObject(tables, name)))
                rc = nomem(err);
            in_desc = 1;
            buf_reset(&desc);
        } else if (n >= 2 && line[0] == '#') {
            table = NULL; /* another heading ends the object */
        } else if (table && n > 2 && line[0] == '|' && line[1] == ' ' && line[2] == '`') {
            in_desc = 0;
            if (add_columns(table, line, n, &tmp))
                rc = nomem(err);
        } else if (table && in_desc) {
            if (n == 0 && desc.len) {
                in_desc = 0; /* the first paragraph is the description */
                plain(&tmp, buf_cstr(&desc), desc.len);
                if (!cJSON_AddStringToObject(table, "description", buf_cstr(&tmp)))
                    rc = nomem(err);
            } else if (n && line[0] != '|') {
                if (desc.len)
                    buf_append(&desc, " ", 1);
                buf_append(&desc, line, n);
            }
        }
        line += n + 1;
    }
    buf_release(&tmp);
    buf_release(&desc);
    free(text);
    return rc;
}

/* ---- canned queries ---- */

/* What parameter of q the bind name (without ':') stands for, and how. */
enum role { R_PLAIN, R_START, R_END, R_LATEST, R_OTHER };

static const struct qparam *param_of(const struct named_query *q, const char *name, enum role *role)
{
    static const char *const suffix[] = {"_start", "_end", "_latest"};

    for (int i = 0; i < q->nparams; i++) {
        const struct qparam *p = &q->params[i];
        size_t k = strlen(p->name);
        if (p->type != QP_PERIOD) {
            if (strcmp(name, p->name) == 0) {
                *role = R_PLAIN;
                return p;
            }
            continue;
        }
        if (strncmp(name, p->name, k) != 0)
            continue;
        for (int s = 0; s < 3; s++)
            if (strcmp(name + k, suffix[s]) == 0) {
                *role = (enum role)(R_START + s);
                return p;
            }
    }
    *role = R_OTHER;
    return NULL;
}

/* Append the expression that reads bind name X as trdb reads parameter p. */
static void reading(struct buf *out, const struct qparam *p, enum role role, const char *x)
{
    char *dflt =
        p && p->dflt[0] && strcmp(p->dflt, "-") != 0 ? sqlite3_mprintf("%Q", p->dflt) : NULL;

    if (!p || role == R_OTHER) {
        buf_printf(out, "nullif(:%s, '')", x);
    } else if (role == R_START || role == R_END) {
        /* "latest" in either date is the period "latest" */
        buf_printf(out, "nullif(nullif(:%s, ''), 'latest')", x);
    } else if (role == R_LATEST) {
        if (strcmp(p->dflt, "latest") == 0)
            buf_printf(out,
                       "(CASE WHEN coalesce(:%s_start, '') IN ('', 'latest') AND "
                       "coalesce(:%s_end, '') IN ('', 'latest') THEN 1 END)",
                       p->name, p->name);
        else
            buf_printf(out, "(CASE WHEN 'latest' IN (:%s_start, :%s_end) THEN 1 END)", p->name,
                       p->name);
    } else if (p->type == QP_INT) {
        if (dflt)
            buf_printf(out, "CAST(coalesce(nullif(:%s, ''), %s) AS INTEGER)", x, dflt);
        else
            buf_printf(out, "CAST(nullif(:%s, '') AS INTEGER)", x);
    } else if (p->type == QP_COUNTRY) {
        buf_printf(out, "coalesce(upper(trim(nullif(:%s, ''))), %s)", x, dflt ? dflt : "NULL");
    } else if (p->type == QP_COUNTRIES) {
        buf_printf(out,
                   "(CASE WHEN coalesce(trim(:%s), '') = '' THEN %s ELSE "
                   "'[\"' || replace(replace(upper(:%s), ' ', ''), ',', '\",\"') || '\"]' END)",
                   x, dflt ? dflt : "NULL", x);
    } else if (dflt) {
        buf_printf(out, "coalesce(nullif(:%s, ''), %s)", x, dflt);
    } else {
        buf_printf(out, "nullif(:%s, '')", x);
    }
    sqlite3_free(dflt);
}

/* Add name to the parameter list when it is not there. */
static int add_param(char **params, int maxp, int *np, const char *name)
{
    for (int i = 0; i < *np; i++)
        if (strcmp(params[i], name) == 0)
            return 0;
    if (*np >= maxp)
        return 0;
    if (!(params[*np] = strdup(name)))
        return -1;
    (*np)++;
    return 0;
}

/* The length of what starts at p when it is a quote or a comment, else 0. */
static size_t skip_quoted(const char *p)
{
    const char *q;

    if (*p == '\'' || *p == '"' || *p == '`' || *p == '[') {
        char close = *p == '[' ? ']' : *p;
        for (q = p + 1; *q; q++) {
            if (*q == close && !(close != ']' && q[1] == close))
                return (size_t)(q + 1 - p);
            if (*q == close)
                q++; /* a doubled quote */
        }
        return (size_t)(q - p);
    }
    if (p[0] == '-' && p[1] == '-') {
        q = strchr(p, '\n');
        return q ? (size_t)(q - p) : strlen(p);
    }
    if (p[0] == '/' && p[1] == '*') {
        q = strstr(p + 2, "*/");
        return q ? (size_t)(q + 2 - p) : strlen(p);
    }
    return 0;
}

char *metadata_canned_sql(const struct named_query *q, char **params, int maxp, int *np,
                          struct trdb_err *err)
{
    struct buf out;
    const char *p = q->sql;
    char *result;

    *np = 0;
    /* the declared parameters first, in their order (a period as its two dates) */
    for (int i = 0; i < q->nparams; i++) {
        char name[64];
        if (q->params[i].type == QP_PERIOD) {
            snprintf(name, sizeof(name), "%s_start", q->params[i].name);
            if (add_param(params, maxp, np, name))
                goto nomem;
            snprintf(name, sizeof(name), "%s_end", q->params[i].name);
        } else {
            snprintf(name, sizeof(name), "%s", q->params[i].name);
        }
        if (add_param(params, maxp, np, name))
            goto nomem;
    }
    buf_init(&out, 1 << 20);
    while (*p) {
        size_t skip = skip_quoted(p);
        if (skip) {
            buf_append(&out, p, skip);
            p += skip;
        } else if (*p == ':' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
            char name[64];
            size_t k = 1;
            enum role role;
            while (isalnum((unsigned char)p[k]) || p[k] == '_')
                k++;
            snprintf(name, sizeof(name), "%.*s", (int)(k - 1), p + 1);
            const struct qparam *qp = param_of(q, name, &role);
            reading(&out, qp, role, name);
            if (role != R_LATEST && add_param(params, maxp, np, name)) {
                buf_release(&out);
                goto nomem;
            }
            p += k;
        } else {
            buf_append(&out, p, 1);
            p++;
        }
    }
    if (!buf_cstr(&out)) {
        buf_release(&out);
        goto nomem;
    }
    result = strdup(buf_cstr(&out));
    buf_release(&out);
    if (result)
        return result;
nomem:
    for (int i = 0; i < *np; i++)
        free(params[i]);
    *np = 0;
    nomem(err);
    return NULL;
}

/* What Datasette shows about q: its description, then how to give each parameter. */
static void describe(struct buf *b, const struct named_query *q)
{
    buf_printf(b, "%s.", q->description);
    for (int i = 0; i < q->nparams; i++) {
        const struct qparam *p = &q->params[i];
        const char *d = strcmp(p->dflt, "-") == 0 ? "" : p->dflt;
        if (p->type == QP_PERIOD)
            buf_printf(b, " %s_start, %s_end: %s, as ISO dates (YYYY-MM-DD) or latest%s%s.",
                       p->name, p->name, p->description, d[0] ? "; both empty: " : "", d);
        else
            buf_printf(b, " %s: %s%s%s%s.", p->name, p->description,
                       p->type == QP_COUNTRIES ? " (codes, comma-separated)" : "",
                       d[0] && !p->required ? "; empty: " : "", d[0] && !p->required ? d : "");
    }
}

static int add_queries(cJSON *db, struct trdb_err *err)
{
    struct named_query *qs = calloc(MAX_QUERIES, sizeof(*qs));
    cJSON *queries;
    int n, rc = 0;

    if (!qs)
        return nomem(err);
    if ((n = query_catalog(qs, MAX_QUERIES, err)) < 0) {
        free(qs);
        return n;
    }
    if (!(queries = cJSON_AddObjectToObject(db, "queries")))
        rc = nomem(err);
    for (int i = 0; i < n && !rc; i++) {
        char *params[QUERY_MAX_PARAMS * 3 + 8];
        int np = 0;
        char *sql = metadata_canned_sql(&qs[i], params, (int)(sizeof(params) / sizeof(params[0])),
                                        &np, err);
        cJSON *entry = cJSON_AddObjectToObject(queries, qs[i].name), *list = NULL;
        struct buf desc;
        buf_init(&desc, 1 << 16);
        describe(&desc, &qs[i]);
        if (!sql || !entry || !cJSON_AddStringToObject(entry, "sql", sql) ||
            !cJSON_AddStringToObject(entry, "title", qs[i].name) || !buf_cstr(&desc) ||
            !cJSON_AddStringToObject(entry, "description", buf_cstr(&desc)) ||
            !(list = cJSON_AddArrayToObject(entry, "params")))
            rc = sql ? nomem(err) : err->code;
        for (int k = 0; k < np; k++) {
            cJSON *s = rc ? NULL : cJSON_CreateString(params[k]);
            if (!rc && (!s || !cJSON_AddItemToArray(list, s)))
                rc = nomem(err);
            free(params[k]);
        }
        buf_release(&desc);
        free(sql);
    }
    free(qs);
    return rc;
}

int metadata_datasette(FILE *f, const struct metadata_opts *o, struct trdb_err *err)
{
    cJSON *root = cJSON_CreateObject(), *dbs, *db, *tables;
    char *text = NULL;
    int rc = 0;

    if (!root ||
        !cJSON_AddStringToObject(root, "title", "trdb: governments' demands of tech companies") ||
        !cJSON_AddStringToObject(
            root, "description",
            "Transparency-report figures (what governments demanded of tech companies, and how "
            "the companies answered) and app-store removals, loaded by trdb: one row per "
            "published figure, each traceable to its file and line (source_file, source_line).") ||
        !cJSON_AddStringToObject(
            root, "source",
            "The publishers' own transparency reports (Google, Apple, Meta, "
            "Microsoft, Twitter/X), EU DSA transparency reports, app monitors") ||
        !(dbs = cJSON_AddObjectToObject(root, "databases")) ||
        !(db = cJSON_AddObjectToObject(dbs, o->db_name)) ||
        !(tables = cJSON_AddObjectToObject(db, "tables"))) {
        rc = nomem(err);
        goto out;
    }
    if (o->datamodel && (rc = read_datamodel(o->datamodel, tables, err)))
        goto out;
    if ((rc = add_queries(db, err)))
        goto out;
    if (!(text = cJSON_Print(root))) {
        rc = nomem(err);
        goto out;
    }
    if (fputs(text, f) == EOF || fputc('\n', f) == EOF || fflush(f) == EOF)
        rc = trdb_err_set(err, TRDB_EIO, "cannot write the metadata");
out:
    free(text);
    cJSON_Delete(root);
    return rc;
}
