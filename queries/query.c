/*
 * query.c: the catalog of named queries and running one with checked,
 * bound parameters. A value never becomes part of the SQL text.
 */
#include "query.h"
#include "query_pg.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../lib/sqltext.h"
#include "../model/country.h"
#include "../model/period.h"
#include "../model/store.h"
#include "../model/store_pg.h"
#include "../model/vocab.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/banned.h"

/* Copy the rest of a header line (after "-- key:") into out, trimmed. */
static const char *line_value(const char *p, char *out, size_t n)
{
    const char *end = strchr(p, '\n');
    size_t len;

    if (!end)
        end = p + strlen(p);
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    len = (size_t)(end - p);
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\r'))
        len--;
    if (len >= n)
        len = n - 1;
    memcpy(out, p, len);
    out[len] = '\0';
    return *end ? end + 1 : end;
}

#ifndef TRDB_DATADIR
#define TRDB_DATADIR "/usr/local/share/trdb"
#endif

/* The vocabulary folder query_vocabulary_dir named, or "" for the default. */
static char vocab_dir[4096];

void query_vocabulary_dir(const char *dir)
{
    snprintf(vocab_dir, sizeof(vocab_dir), "%s", dir ? dir : "");
}

/* Read the vocabulary: from where the caller said, else $TRDB_DATA's, else the installed one. */
static int load_vocabulary(struct vocab **v, struct trdb_err *err)
{
    const char *data = getenv("TRDB_DATA");
    char dir[4200];

    if (vocab_dir[0])
        snprintf(dir, sizeof(dir), "%s", vocab_dir);
    else
        snprintf(dir, sizeof(dir), "%s/vocabulary", data && *data ? data : TRDB_DATADIR);
    return vocab_load(dir, v, err);
}

/*
 * A choice list "@NAME" is the vocabulary's list NAME (its file without
 * ".tsv": measures, metrics, request_types), written out comma-separated
 * in file order into OUT out. Returns 0, or -1 for an unknown NAME or a
 * list that does not fit.
 */
static int vocabulary_choices(const struct vocab *v, const char *name, char *out, size_t n)
{
    for (int l = 0; l < VOCAB_NLISTS; l++) {
        const char *file = vocab_file((enum vocab_list)l);
        size_t len = strlen(name), used = 0;
        const char *const *w;
        if (strncmp(file, name, len) != 0 || strcmp(file + len, ".tsv") != 0)
            continue;
        out[0] = '\0';
        for (w = vocab_names(v, (enum vocab_list)l, NULL); *w; w++) {
            int k = snprintf(out + used, n - used, "%s%s", used ? "," : "", *w);
            if (k < 0 || (size_t)k >= n - used)
                return -1;
            used += (size_t)k;
        }
        return used ? 0 : -1;
    }
    return -1;
}

/* 1 when word is one of the comma-separated choices. */
static int is_choice(const char *choices, const char *word)
{
    size_t n = strlen(word);

    for (const char *c = choices; *c;) {
        size_t k = strcspn(c, ",");
        if (k == n && strncmp(c, word, n) == 0)
            return 1;
        c += k + (c[k] == ',');
    }
    return 0;
}

static int parse_param(const char *text, const struct vocab *v, struct qparam *qp)
{
    char type[300] = "", dflt[64] = "";
    int used = 0;

    memset(qp, 0, sizeof(*qp));
    if (sscanf(text, "%31s %299s %63s %n", qp->name, type, dflt, &used) < 3)
        return -1;
    /* a word that filled its buffer was cut: the rest would be read as the next field */
    if (strlen(qp->name) == sizeof(qp->name) - 1 || strlen(type) == sizeof(type) - 1 ||
        strlen(dflt) == sizeof(dflt) - 1)
        return -1;
    snprintf(qp->description, sizeof(qp->description), "%s", text + used);
    if (strcmp(type, "text") == 0)
        qp->type = QP_TEXT;
    else if (strcmp(type, "country") == 0)
        qp->type = QP_COUNTRY;
    else if (strcmp(type, "countries") == 0)
        qp->type = QP_COUNTRIES;
    else if (strcmp(type, "period") == 0)
        qp->type = QP_PERIOD;
    else if (strcmp(type, "publisher") == 0)
        qp->type = QP_PUBLISHER;
    else if (strcmp(type, "int") == 0)
        qp->type = QP_INT;
    else if (strcmp(type, "date") == 0)
        qp->type = QP_DATE;
    else if (strncmp(type, "choice:@", 8) == 0) {
        /* the vocabulary's list: one owner for the words, data/vocabulary */
        qp->type = QP_CHOICE;
        if (vocabulary_choices(v, type + 8, qp->choices, sizeof(qp->choices)))
            return -1;
    } else if (strncmp(type, "choice:", 7) == 0 && type[7]) {
        qp->type = QP_CHOICE;
        if ((size_t)snprintf(qp->choices, sizeof(qp->choices), "%s", type + 7) >=
            sizeof(qp->choices))
            return -1;
    } else
        return -1;
    if (strcmp(dflt, "required") == 0)
        qp->required = 1;
    else if (strcmp(dflt, "-") != 0)
        snprintf(qp->dflt, sizeof(qp->dflt), "%s", dflt);
    /* a default the choices do not allow would fail every run without the parameter */
    if (qp->type == QP_CHOICE && qp->dflt[0] && !is_choice(qp->choices, qp->dflt))
        return -1;
    return 0;
}

static int parse_query(const char *path, const char *sql, const struct vocab *v,
                       struct named_query *q, struct trdb_err *err)
{
    const char *p = sql;

    memset(q, 0, sizeof(*q));
    q->sql = sql;
    while (strncmp(p, "--", 2) == 0) {
        char val[400];
        p += 2;
        while (*p == ' ')
            p++;
        if (strncmp(p, "name:", 5) == 0) {
            p = line_value(p + 5, q->name, sizeof(q->name));
        } else if (strncmp(p, "description:", 12) == 0) {
            p = line_value(p + 12, q->description, sizeof(q->description));
        } else if (strncmp(p, "param:", 6) == 0) {
            p = line_value(p + 6, val, sizeof(val));
            if (q->nparams == QUERY_MAX_PARAMS || parse_param(val, v, &q->params[q->nparams]))
                return trdb_err_set(err, TRDB_EDATA, "%s: bad param line '%s'", path, val);
            q->nparams++;
        } else if (strncmp(p, "postgresql:", 11) == 0) {
            p = line_value(p + 11, val, sizeof(val));
            q->on_postgres = strcmp(val, "yes") == 0;
        } else if (strncmp(p, "check:", 6) == 0) {
            /* a line that filled val was cut short: refuse it rather than run half */
            p = line_value(p + 6, val, sizeof(val));
            if (q->nchecks == QUERY_MAX_CHECKS || !val[0] || strlen(val) == sizeof(val) - 1)
                return trdb_err_set(err, TRDB_EDATA, "%s: bad check line '%s'", path, val);
            snprintf(q->checks[q->nchecks++], sizeof(q->checks[0]), "%s", val);
        } else {
            /* a comment line of the header that is not a key: skip it */
            p = line_value(p, val, sizeof(val));
        }
    }
    if (!q->name[0] || !q->description[0])
        return trdb_err_set(err, TRDB_EDATA, "%s: header lacks '-- name:' or '-- description:'",
                            path);
    return 0;
}

int query_catalog(struct named_query *out, int max, struct trdb_err *err)
{
    struct vocab *v = NULL;
    int n = 0, rc;

    if ((rc = load_vocabulary(&v, err)))
        return rc;
    for (const struct sql_text *s = sql_texts; s->path; s++) {
        /* queries/NAME.sql; queries/pg/NAME.sql is the PostgreSQL text of one of them */
        if (strncmp(s->path, "queries/", 8) != 0 || strchr(s->path + 8, '/'))
            continue;
        if (n == max) {
            n = trdb_err_set(err, TRDB_ELIMIT, "more than %d named queries", max);
            break;
        }
        if (parse_query(s->path, s->text, v, &out[n], err)) {
            n = err ? err->code : TRDB_EDATA;
            break;
        }
        n++;
    }
    vocab_free(v);
    return n;
}

/*
 * The catalog, parsed once: the embedded files never change while trdb
 * runs, and a report prepares a few thousand queries. On the heap (each
 * entry is several kilobytes) and kept until the process ends.
 */
static const struct named_query *catalog(int *n, struct trdb_err *err)
{
    enum { MAX_QUERIES = 64 };
    static struct named_query *qs;
    static int count = -1;

    if (count >= 0) {
        *n = count;
        return qs;
    }
    if (!qs && !(qs = calloc(MAX_QUERIES, sizeof(*qs)))) {
        trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        return NULL;
    }
    if ((*n = query_catalog(qs, MAX_QUERIES, err)) < 0)
        return NULL;
    count = *n;
    return qs;
}

static const char *type_name(enum qparam_type t)
{
    static const char *const names[] = {"text", "country", "period", "publisher",
                                        "int",  "choice",  "date",   "countries"};
    return names[t];
}

int query_list(FILE *f, enum out_format fmt, struct trdb_err *err)
{
    int n;
    const struct named_query *qs = catalog(&n, err);
    const char *cols[] = {"name", "parameters", "description"};
    struct output *o;

    if (!qs)
        return err ? err->code : TRDB_EDATA;
    o = output_new(f, fmt, 3, cols, 0);
    if (!o)
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    for (int i = 0; i < n; i++) {
        struct buf params;
        struct out_val v[3];
        buf_init(&params, 4096);
        for (int k = 0; k < qs[i].nparams; k++) {
            const struct qparam *qp = &qs[i].params[k];
            buf_printf(&params, "%s%s=%s%s", k ? " " : "", qp->name, qp->required ? "" : "[",
                       qp->type == QP_CHOICE ? qp->choices : type_name(qp->type));
            if (!qp->required)
                buf_printf(&params, "%s%s]", qp->dflt[0] ? ", default " : "", qp->dflt);
        }
        v[0] = (struct out_val){OV_TEXT, 0, 0, qs[i].name};
        v[1] = (struct out_val){OV_TEXT, 0, 0, buf_cstr(&params) ? params.data : ""};
        v[2] = (struct out_val){OV_TEXT, 0, 0, qs[i].description};
        output_row(o, v);
        buf_release(&params);
    }
    return output_end(o, err);
}

int query_help(FILE *f, const char *name, struct trdb_err *err)
{
    int n;
    const struct named_query *qs = catalog(&n, err), *q = NULL;

    if (!qs)
        return err ? err->code : TRDB_EDATA;
    for (int i = 0; i < n && !q; i++)
        if (strcmp(qs[i].name, name) == 0)
            q = &qs[i];
    if (!q)
        return trdb_err_set(err, TRDB_EUSAGE, "no query called '%s' (see 'trdb query --list')",
                            name);
    fprintf(f, "usage: trdb query [--format table|csv|json|ndjson] %s", q->name);
    for (int k = 0; k < q->nparams; k++)
        fprintf(f, q->params[k].required ? " %s=VALUE" : " [%s=VALUE]", q->params[k].name);
    fprintf(f, "\n\n%s%s\n", q->description,
            q->description[0] && q->description[strlen(q->description) - 1] == '.' ? "" : ".");
    if (q->nparams)
        fputs("\nParameters:\n", f);
    for (int k = 0; k < q->nparams; k++) {
        const struct qparam *qp = &q->params[k];
        fprintf(f, "  %-10s %s: %s", qp->name,
                qp->type == QP_CHOICE ? qp->choices : type_name(qp->type), qp->description);
        if (qp->required)
            fputs(" (required)", f);
        else if (qp->dflt[0])
            fprintf(f, " (default %s)", qp->dflt);
        fputc('\n', f);
    }
    if (fflush(f) || ferror(f))
        return trdb_err_set(err, TRDB_EIO, "cannot write the help: %s", strerror(errno));
    return 0;
}

/* The values a parameter could take, for an error message: "AR, AU, ...". */
static void valid_values(const struct qdb *qdb, const char *sql, struct buf *out)
{
    sqlite3_stmt *s = NULL;
    int n = 0;

    buf_reset(out);
    if (qdb->pg) {
        qpg_valid_values(qdb->pg, sql, out);
        return;
    }
    if (sqlite3_prepare_v2(qdb->db, sql, -1, &s, NULL) != SQLITE_OK)
        return;
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(s, 0);
        if (n++ == 300) {
            buf_puts(out, ", ...");
            break;
        }
        buf_printf(out, "%s%s", n > 1 ? ", " : "", v ? v : "");
    }
    sqlite3_finalize(s);
    if (!n)
        buf_puts(out, "none: the database holds no data yet (run 'trdb ingest')");
}

/* Look a value up with one-parameter SQL; copy the first column into out. */
static int lookup(const struct qdb *qdb, const char *sql, const char *value, char *out, size_t n)
{
    sqlite3_stmt *s = NULL;
    int found = 0;

    if (qdb->pg)
        return qpg_lookup(qdb->pg, sql, value, out, n);
    if (sqlite3_prepare_v2(qdb->db, sql, -1, &s, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(s, 1, value, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0)) {
        snprintf(out, n, "%s", (const char *)sqlite3_column_text(s, 0));
        found = 1;
    }
    sqlite3_finalize(s);
    return found;
}

/* A period parameter binds three values (start, end, latest), any other one. */
#define MAX_BOUND (3 * QUERY_MAX_PARAMS)

/* The countries that have data, for an error message about a country. */
#define COUNTRIES_WITH_DATA                                                                        \
    "SELECT country FROM fact_rows WHERE country IS NOT NULL "                                     \
    "UNION SELECT storefront FROM app_removals "                                                   \
    "UNION SELECT storefront FROM app_observations ORDER BY 1"

/*
 * A country as a user writes it (a code in any case, a name as the country
 * list or the database spells it) to its code in OUT out. Returns 1 when
 * found, 0 when not, -1 when the lookup failed.
 */
static int resolve_country(const struct qdb *db, struct country_db *cdb, const char *value,
                           char *out, size_t n)
{
    const struct country *c = cdb ? country_lookup(cdb, value, NULL, NULL, NULL) : NULL;

    if (c)
        value = c->code;
    return lookup(db,
                  "SELECT code FROM countries WHERE code = upper(?1) OR lower(name) = lower(?1)",
                  value, out, n);
}

/* Copy s[0..len) into out with the white space around it taken off. */
static void trim_copy(char *out, size_t n, const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    snprintf(out, n, "%.*s", (int)len, s);
}

/*
 * Check a countries parameter ("US, de,France") and write the codes to OUT
 * out as a JSON array, in the order given, each once; empty items are
 * skipped. An item that is not a country is tried joined with the items
 * after it, for the names that hold a comma ("Virgin Islands, British").
 * Returns 0, or TRDB_EUSAGE naming the item and listing the countries with
 * data.
 */
static int check_countries(const struct qdb *db, struct country_db *cdb, const struct qparam *qp,
                           const char *value, char *out, size_t n, struct trdb_err *err)
{
    struct buf valid;
    char item[200], code[16];
    size_t used = 0;
    int count = 0, rc = 0;

    buf_init(&valid, 1 << 16);
    used = (size_t)snprintf(out, n, "[");
    for (const char *p = value; *p;) {
        size_t len = strcspn(p, ","), k = len;
        int found = 0;
        for (int joined = 0; joined < 3; joined++) {
            trim_copy(item, sizeof(item), p, k);
            if (!item[0] || (found = resolve_country(db, cdb, item, code, sizeof(code))) != 0 ||
                !p[k])
                break;
            k += 1 + strcspn(p + k + 1, ",");
        }
        if (found < 0) {
            rc = trdb_err_set(err, TRDB_EDB, "cannot look up a country: %s",
                              db->pg ? store_pg_name(db->pg) : sqlite3_errmsg(db->db));
            goto out;
        }
        if (!found && item[0]) {
            trim_copy(item, sizeof(item), p, len);
            valid_values(db, COUNTRIES_WITH_DATA, &valid);
            rc = trdb_err_set(err, TRDB_EUSAGE,
                              "unknown country '%s' for %s (countries with data: %s)", item,
                              qp->name, buf_cstr(&valid));
            goto out;
        }
        p += found ? k : len;
        p += *p == ',';
        if (!found || strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != strlen(code))
            continue; /* an empty item; a code is letters and digits, never JSON to escape */
        {
            char quoted[24];
            snprintf(quoted, sizeof(quoted), "\"%s\"", code);
            if (strstr(out, quoted))
                continue;
            if (count == QUERY_MAX_COUNTRIES || used + strlen(quoted) + 3 > n) {
                rc = trdb_err_set(err, TRDB_EUSAGE, "too many countries for %s (at most %d)",
                                  qp->name, QUERY_MAX_COUNTRIES);
                goto out;
            }
            used += (size_t)snprintf(out + used, n - used, "%s%s", count ? "," : "", quoted);
            count++;
        }
    }
    if (!count) {
        rc = trdb_err_set(err, TRDB_EUSAGE, "%s needs at least one country, not '%s'", qp->name,
                          value);
        goto out;
    }
    snprintf(out + used, n - used, "]");
out:
    buf_release(&valid);
    return rc;
}

/* Check one parameter's value and turn it into the values to bind. */
static int check_param(const struct qdb *db, struct period_parser *pp, struct country_db *cdb,
                       const struct qparam *qp, const char *value, struct qbound *b, int *nb,
                       struct trdb_err *err)
{
    struct buf valid;
    int rc = 0;

    buf_init(&valid, 1 << 16);
    if (qp->type == QP_PERIOD) {
        struct period per;
        struct trdb_err e;
        snprintf(b[*nb].name, sizeof(b[0].name), ":%s_start", qp->name);
        snprintf(b[*nb + 1].name, sizeof(b[0].name), ":%s_end", qp->name);
        snprintf(b[*nb + 2].name, sizeof(b[0].name), ":%s_latest", qp->name);
        b[*nb].is_null = b[*nb + 1].is_null = !value[0] || strcmp(value, "latest") == 0;
        b[*nb + 2].is_null = strcmp(value, "latest") != 0;
        b[*nb + 2].is_int = 1;
        snprintf(b[*nb + 2].text, sizeof(b[0].text), "1");
        if (!b[*nb].is_null) {
            if (period_parse(pp, value, NULL, &per, &e)) {
                valid_values(db, "SELECT DISTINCT period_end FROM country_summary ORDER BY 1 DESC",
                             &valid);
                rc = trdb_err_set(err, TRDB_EUSAGE,
                                  "%s: %s; give an end date or a label like 2020H2, or 'latest' "
                                  "(periods with data: %s)",
                                  qp->name, e.msg, buf_cstr(&valid));
                goto out;
            }
            snprintf(b[*nb].text, sizeof(b[0].text), "%s", per.start);
            snprintf(b[*nb + 1].text, sizeof(b[0].text), "%s", per.end);
        }
        *nb += 3;
        goto out;
    }
    snprintf(b[*nb].name, sizeof(b[0].name), ":%s", qp->name);
    b[*nb].is_null = !value[0];
    b[*nb].is_int = qp->type == QP_INT;
    snprintf(b[*nb].text, sizeof(b[0].text), "%s", value);
    if (value[0] && qp->type == QP_CHOICE) {
        /* one of the words of the list, exactly */
        if (!is_choice(qp->choices, value)) {
            rc = trdb_err_set(err, TRDB_EUSAGE, "%s must be one of %s, not '%s'", qp->name,
                              qp->choices, value);
            goto out;
        }
    } else if (value[0] && qp->type == QP_DATE) {
        int y, m, d, used = 0;
        if (sscanf(value, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || value[used] ||
            !period_date_valid(y, m, d)) {
            rc = trdb_err_set(err, TRDB_EUSAGE, "%s must be a date YYYY-MM-DD, not '%s'", qp->name,
                              value);
            goto out;
        }
    } else if (value[0] && qp->type == QP_INT) {
        char *end;
        long long v = strtoll(value, &end, 10);
        if (*end || end == value || v < 0) {
            rc = trdb_err_set(err, TRDB_EUSAGE, "%s must be a whole number, not '%s'", qp->name,
                              value);
            goto out;
        }
    } else if (value[0] && qp->type == QP_COUNTRIES) {
        if ((rc = check_countries(db, cdb, qp, value, b[*nb].text, sizeof(b[0].text), err)))
            goto out;
    } else if (value[0] && qp->type == QP_COUNTRY) {
        const struct country *c = cdb ? country_lookup(cdb, value, NULL, NULL, NULL) : NULL;
        int found;
        if (c)
            value = c->code;
        found = resolve_country(db, NULL, value, b[*nb].text, sizeof(b[0].text));
        if (found != 1) {
            valid_values(db, COUNTRIES_WITH_DATA, &valid);
            rc = trdb_err_set(err, TRDB_EUSAGE,
                              "unknown country '%s' for %s (countries with data: %s)", value,
                              qp->name, buf_cstr(&valid));
            goto out;
        }
    } else if (value[0] && qp->type == QP_PUBLISHER) {
        /* a publisher with data, or one that runs a store (observed removals count against it) */
        int found = lookup(db,
                           "SELECT name FROM (SELECT name FROM publishers "
                           "UNION SELECT publisher FROM stores) AS p WHERE lower(name) = lower(?1)",
                           value, b[*nb].text, sizeof(b[0].text));
        if (found != 1) {
            valid_values(
                db, "SELECT name FROM publishers UNION SELECT publisher FROM stores ORDER BY 1",
                &valid);
            rc = trdb_err_set(err, TRDB_EUSAGE, "unknown publisher '%s' (publishers: %s)", value,
                              buf_cstr(&valid));
            goto out;
        }
    }
    (*nb)++;
out:
    buf_release(&valid);
    return rc;
}

/* Bind the checked values to the parameters of s that use them. */
static void bind_all(sqlite3_stmt *s, const struct qbound *b, int nb)
{
    for (int i = 0; i < nb; i++) {
        int idx = sqlite3_bind_parameter_index(s, b[i].name);
        if (idx == 0)
            continue;
        if (b[i].is_null)
            sqlite3_bind_null(s, idx);
        else if (b[i].is_int)
            sqlite3_bind_int64(s, idx, strtoll(b[i].text, NULL, 10));
        else
            sqlite3_bind_text(s, idx, b[i].text, -1, SQLITE_TRANSIENT);
    }
}

/*
 * Evaluate q's checks with the values bound. Returns 0, TRDB_EUSAGE with
 * the text a check yielded, or TRDB_EDB when a check does not run.
 */
static int run_checks(sqlite3 *db, const struct named_query *q, const struct qbound *b, int nb,
                      struct trdb_err *err)
{
    sqlite3_stmt *s = NULL;
    struct buf sql;
    int rc = 0;

    buf_init(&sql, 1 << 12);
    for (int i = 0; i < q->nchecks && !rc; i++) {
        buf_reset(&sql);
        buf_printf(&sql, "SELECT (%s)", q->checks[i]);
        if (!buf_cstr(&sql) || sqlite3_prepare_v2(db, buf_cstr(&sql), -1, &s, NULL) != SQLITE_OK) {
            rc = trdb_err_set(err, TRDB_EDB, "query '%s': check %d does not compile: %s", q->name,
                              i + 1, sqlite3_errmsg(db));
            break;
        }
        bind_all(s, b, nb);
        switch (sqlite3_step(s)) {
        case SQLITE_ROW:
            if (sqlite3_column_type(s, 0) != SQLITE_NULL)
                rc = trdb_err_set(err, TRDB_EUSAGE, "%s", (const char *)sqlite3_column_text(s, 0));
            break;
        case SQLITE_DONE:
            break;
        default:
            rc = trdb_err_set(err, TRDB_EDB, "query '%s': check %d failed: %s", q->name, i + 1,
                              sqlite3_errmsg(db));
        }
        sqlite3_finalize(s);
        s = NULL;
    }
    buf_release(&sql);
    return rc;
}

/*
 * Find the query called name (OUT *q) and check its KEY=VALUE arguments
 * into b[] (OUT *nb values), looking values up in db. Returns 0 or an
 * error as query_prepare's.
 */
static int resolve(const struct qdb *db, struct period_parser *pp, struct country_db *cdb,
                   const char *name, int argc, char **argv, const struct named_query **q,
                   struct qbound *b, int *nb, struct trdb_err *err)
{
    const struct named_query *qs;
    int n = 0, rc = 0;
    struct buf names;

    *q = NULL;
    if (!(qs = catalog(&n, err)))
        return err ? err->code : TRDB_EDATA;
    buf_init(&names, 4096);
    for (int i = 0; i < n; i++) {
        buf_printf(&names, "%s%s", i ? ", " : "", qs[i].name);
        if (strcmp(qs[i].name, name) == 0)
            *q = &qs[i];
    }
    if (!*q) {
        rc = trdb_err_set(err, TRDB_EUSAGE, "no query named '%s' (queries: %s)", name,
                          buf_cstr(&names));
        goto out;
    }
    buf_reset(&names);
    for (int k = 0; k < (*q)->nparams; k++)
        buf_printf(&names, "%s%s", k ? ", " : "", (*q)->params[k].name);
    /* every argument must name a parameter */
    for (int i = 0; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        int k;
        if (!eq) {
            rc = trdb_err_set(err, TRDB_EUSAGE, "expected KEY=VALUE, got '%s'", argv[i]);
            goto out;
        }
        for (k = 0; k < (*q)->nparams; k++)
            if (strlen((*q)->params[k].name) == (size_t)(eq - argv[i]) &&
                strncmp((*q)->params[k].name, argv[i], (size_t)(eq - argv[i])) == 0)
                break;
        if (k == (*q)->nparams) {
            rc = trdb_err_set(err, TRDB_EUSAGE, "query '%s' has no parameter '%.*s' (it takes: %s)",
                              name, (int)(eq - argv[i]), argv[i],
                              (*q)->nparams ? buf_cstr(&names) : "none");
            goto out;
        }
    }
    for (int k = 0; k < (*q)->nparams; k++) {
        const struct qparam *qp = &(*q)->params[k];
        const char *value = qp->dflt;
        int given = 0;
        for (int i = 0; i < argc; i++) {
            size_t len = strlen(qp->name);
            if (strncmp(argv[i], qp->name, len) == 0 && argv[i][len] == '=') {
                value = argv[i] + len + 1;
                given = 1;
            }
        }
        if (qp->required && (!given || !value[0])) {
            rc = trdb_err_set(err, TRDB_EUSAGE, "query '%s' needs %s=... (%s)", name, qp->name,
                              qp->description);
            goto out;
        }
        if ((rc = check_param(db, pp, cdb, qp, value, b, nb, err)))
            goto out;
    }
out:
    buf_release(&names);
    return rc;
}

int query_prepare(struct store *st, struct period_parser *pp, struct country_db *cdb,
                  const char *name, int argc, char **argv, sqlite3_stmt **out, struct trdb_err *err)
{
    const struct named_query *q = NULL;
    struct qbound b[MAX_BOUND] = {{"", 0, 0, ""}};
    int nb = 0, rc;
    sqlite3 *db = store_db(st);
    const struct qdb qdb = {db, NULL};
    sqlite3_stmt *s = NULL;

    *out = NULL;
    if ((rc = resolve(&qdb, pp, cdb, name, argc, argv, &q, b, &nb, err)))
        return rc;
    if (sqlite3_prepare_v2(db, q->sql, -1, &s, NULL) != SQLITE_OK)
        return trdb_err_set(err, TRDB_EDB, "query '%s' does not compile: %s", name,
                            sqlite3_errmsg(db));
    bind_all(s, b, nb);
    if ((rc = run_checks(db, q, b, nb, err))) {
        sqlite3_finalize(s);
        return rc;
    }
    *out = s;
    return 0;
}

/*
 * Resolve and check a named query on PostgreSQL: OUT *q, *sql (its
 * PostgreSQL text) and its bound values b[*nb]. 0 or a code with err.
 */
static int resolve_pg(struct store_pg *pg, struct period_parser *pp, struct country_db *cdb,
                      const char *name, int argc, char **argv, const struct named_query **q,
                      const char **sql, struct qbound *b, int *nb, struct trdb_err *err)
{
    const struct qdb qdb = {NULL, pg};
    char path[80];
    int rc;

    if ((rc = resolve(&qdb, pp, cdb, name, argc, argv, q, b, nb, err)))
        return rc;
    /* the PostgreSQL text beside it, or the file itself when it is in the common subset */
    snprintf(path, sizeof(path), "queries/pg/%s.sql", (*q)->name);
    if (!(*sql = sql_text(path)) && (*q)->on_postgres)
        *sql = (*q)->sql;
    if (!*sql)
        return trdb_err_set(err, TRDB_EUSAGE,
                            "query '%s' does not run on PostgreSQL yet (%s); it does on SQLite",
                            (*q)->name, store_pg_name(pg));
    for (int i = 0; i < (*q)->nchecks; i++)
        if ((rc = qpg_check(pg, (*q)->name, i, (*q)->checks[i], b, *nb, err)))
            return rc;
    return 0;
}

int query_run_pg(struct store_pg *pg, struct period_parser *pp, struct country_db *cdb,
                 const char *name, int argc, char **argv, FILE *f, enum out_format fmt,
                 int neutralize, struct trdb_err *err)
{
    const struct named_query *q = NULL;
    struct qbound b[MAX_BOUND] = {{"", 0, 0, ""}};
    const char *sql = NULL;
    int nb = 0, rc;

    if ((rc = resolve_pg(pg, pp, cdb, name, argc, argv, &q, &sql, b, &nb, err)))
        return rc;
    return qpg_run(pg, q->name, sql, b, nb, f, fmt, neutralize, err);
}

int query_rows_pg(struct store_pg *pg, struct period_parser *pp, struct country_db *cdb,
                  const char *name, int argc, char **argv, struct rows **out, struct trdb_err *err)
{
    const struct named_query *q = NULL;
    struct qbound b[MAX_BOUND] = {{"", 0, 0, ""}};
    const char *sql = NULL;
    int nb = 0, rc;

    *out = NULL;
    if ((rc = resolve_pg(pg, pp, cdb, name, argc, argv, &q, &sql, b, &nb, err)))
        return rc;
    return qpg_rows(pg, q->name, sql, b, nb, out, err);
}

int query_sql_pg(struct store_pg *pg, const char *what, const char *sql, const char *cc,
                 struct rows **out, struct trdb_err *err)
{
    struct qbound b = {":cc", 0, 0, ""};

    *out = NULL;
    b.is_null = !cc;
    snprintf(b.text, sizeof(b.text), "%s", cc ? cc : "");
    return qpg_rows(pg, what, sql, &b, 1, out, err);
}

int query_run(struct store *st, struct period_parser *pp, struct country_db *cdb, const char *name,
              int argc, char **argv, FILE *f, enum out_format fmt, int neutralize,
              struct trdb_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = query_prepare(st, pp, cdb, name, argc, argv, &s, err);

    if (rc)
        return rc;
    rc = output_stmt(s, f, fmt, neutralize, err);
    sqlite3_finalize(s);
    return rc;
}
