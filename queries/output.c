/*
 * output.c: the writers. CSV, JSON and the HTML table stream row by row; the
 * text table is buffered to measure column widths. Numbers are written as SQLite holds
 * them (integers exact, reals with up to 15 significant digits).
 */
#include "output.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../lib/utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct output {
    FILE *f;
    enum out_format fmt;
    int ncols;
    char **names;
    int neutralize;
    long long nrows;
    /* table: every cell as display text */
    char **cells;
    size_t ncells, cap;
    int *is_num; /* per column: every non-empty cell is a number */
    int failed;
    /* html: a column whose codes link to pages, prefix + code + suffix */
    char *link_col, *link_prefix, *link_suffix;
};

int output_format_parse(const char *s, enum out_format *out, struct trdb_err *err)
{
    static const char *const names[] = {"table", "csv", "json", "ndjson"};

    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (enum out_format)i;
            return 0;
        }
    return trdb_err_set(err, TRDB_EUSAGE, "unknown format '%s' (table, csv, json, ndjson)", s);
}

struct output *output_new(FILE *f, enum out_format fmt, int ncols, const char *const *names,
                          int neutralize)
{
    struct output *o = calloc(1, sizeof(*o));

    if (!o)
        return NULL;
    o->f = f;
    o->fmt = fmt;
    o->ncols = ncols;
    o->neutralize = neutralize;
    o->names = calloc((size_t)ncols + 1, sizeof(*o->names));
    o->is_num = calloc((size_t)ncols + 1, sizeof(*o->is_num));
    if (!o->names || !o->is_num)
        goto fail;
    for (int i = 0; i < ncols; i++) {
        o->names[i] = strdup(names[i] ? names[i] : "");
        o->is_num[i] = 1;
        if (!o->names[i])
            goto fail;
    }
    return o;
fail:
    if (o->names)
        for (int i = 0; i < ncols; i++)
            free(o->names[i]);
    free(o->names);
    free(o->is_num);
    free(o);
    return NULL;
}

static void fmt_real(char *buf, size_t n, double d)
{
    snprintf(buf, n, "%.15g", d);
}

static void csv_cell(struct output *o, const struct out_val *v)
{
    char num[64];
    const char *s = "";

    switch (v->type) {
    case OV_NULL:
        return;
    case OV_INT:
        fprintf(o->f, "%lld", v->i);
        return;
    case OV_REAL:
        fmt_real(num, sizeof(num), v->d);
        fputs(num, o->f);
        return;
    case OV_TEXT:
        s = v->s;
        break;
    }
    if (o->neutralize && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                          s[0] == '\t' || s[0] == '\r')) {
        /* a spreadsheet would run this as a formula: make it plain text */
        fputc('"', o->f);
        fputc('\'', o->f);
    } else if (strpbrk(s, ",\"\r\n")) {
        fputc('"', o->f);
    } else {
        fputs(s, o->f);
        return;
    }
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', o->f);
        fputc(*s, o->f);
    }
    fputc('"', o->f);
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else if (*p == '<')
                fputs("\\u003c", f); /* safe to inline in HTML */
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

static void json_value(FILE *f, const struct out_val *v)
{
    char num[64];

    switch (v->type) {
    case OV_NULL:
        fputs("null", f);
        break;
    case OV_INT:
        fprintf(f, "%lld", v->i);
        break;
    case OV_REAL:
        if (isfinite(v->d)) {
            fmt_real(num, sizeof(num), v->d);
            fputs(num, f);
        } else {
            fputs("null", f);
        }
        break;
    case OV_TEXT:
        json_string(f, v->s);
        break;
    }
}

/* 1234567 -> "1,234,567" */
void output_commas(char *out, size_t n, long long v)
{
    char digits[32];
    int len;
    size_t w = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

    len = snprintf(digits, sizeof(digits), "%llu", u);
    if (v < 0 && w + 1 < n)
        out[w++] = '-';
    for (int i = 0; i < len && w + 2 < n; i++) {
        if (i && (len - i) % 3 == 0)
            out[w++] = ',';
        out[w++] = digits[i];
    }
    out[w] = '\0';
}

/* Identifiers and line numbers are not quantities: no thousands separators for them. */
static int plain_column(const char *name)
{
    static const char *const plain[] = {"id",        "line", "source_line", "run",
                                        "exit_code", "year", "summary",     NULL};
    size_t n = strlen(name);

    for (const char *const *p = plain; *p; p++)
        if (strcmp(name, *p) == 0)
            return 1;
    return n > 3 && strcmp(name + n - 3, "_id") == 0;
}

/*
 * Text for a terminal: control characters (a newline in a name, an escape
 * sequence) as \xNN, so a cell can neither break the table's lines nor
 * drive the terminal. NULL when out of memory.
 */
static char *visible(const char *s)
{
    struct buf b;

    buf_init(&b, (size_t)-1 / 2);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f) {
            if (buf_printf(&b, "\\x%02X", *p))
                break;
        } else if (buf_putc(&b, (char)*p)) {
            break;
        }
    }
    return buf_detach(&b);
}

static char *display(const struct out_val *v, int plain)
{
    char buf[64];

    switch (v->type) {
    case OV_NULL:
        return strdup("");
    case OV_INT:
        if (plain)
            snprintf(buf, sizeof(buf), "%lld", v->i);
        else
            output_commas(buf, sizeof(buf), v->i);
        return strdup(buf);
    case OV_REAL:
        if (fabs(v->d) < 1e15 && v->d == floor(v->d))
            output_commas(buf, sizeof(buf), (long long)v->d);
        else
            snprintf(buf, sizeof(buf), "%.10g", v->d);
        return strdup(buf);
    case OV_TEXT:
        return visible(v->s);
    }
    return strdup("");
}

static int html_row(struct output *o, const struct out_val *vals);

int output_row(struct output *o, const struct out_val *vals)
{
    if (o->fmt == OUT_CSV) {
        if (o->nrows == 0) {
            for (int i = 0; i < o->ncols; i++) {
                struct out_val h = {OV_TEXT, 0, 0, o->names[i]};
                if (i)
                    fputc(',', o->f);
                csv_cell(o, &h);
            }
            fputs("\r\n", o->f);
        }
        for (int i = 0; i < o->ncols; i++) {
            if (i)
                fputc(',', o->f);
            csv_cell(o, &vals[i]);
        }
        fputs("\r\n", o->f);
    } else if (o->fmt == OUT_JSON || o->fmt == OUT_NDJSON) {
        if (o->fmt == OUT_JSON)
            fputs(o->nrows ? ",\n  {" : "[\n  {", o->f);
        else
            fputc('{', o->f);
        for (int i = 0; i < o->ncols; i++) {
            if (i)
                fputs(", ", o->f);
            json_string(o->f, o->names[i]);
            fputs(": ", o->f);
            json_value(o->f, &vals[i]);
        }
        fputs(o->fmt == OUT_JSON ? "}" : "}\n", o->f);
    } else if (o->fmt == OUT_HTML) {
        int rc = html_row(o, vals);
        if (rc)
            return rc;
    } else {
        if (o->ncells + (size_t)o->ncols > o->cap) {
            size_t nc = o->cap ? o->cap * 2 : 256;
            char **p;
            while (nc < o->ncells + (size_t)o->ncols)
                nc *= 2;
            p = realloc(o->cells, nc * sizeof(*p));
            if (!p)
                return TRDB_ENOMEM;
            o->cells = p;
            o->cap = nc;
        }
        for (int i = 0; i < o->ncols; i++) {
            char *c = display(&vals[i], plain_column(o->names[i]));
            if (!c)
                return TRDB_ENOMEM;
            if (vals[i].type == OV_TEXT)
                o->is_num[i] = 0;
            o->cells[o->ncells++] = c;
        }
    }
    o->nrows++;
    return 0;
}

static size_t ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n > k && strcmp(s + n - k, suffix) == 0 ? n - k : 0;
}

/* Is column i the X_low of a pair X_low, X_high? Returns the length of X, or 0. */
static size_t band_pair(char *const *names, int n, int i)
{
    size_t k = ends_with(names[i], "_low");

    if (k && i + 1 < n && ends_with(names[i + 1], "_high") == k &&
        strncmp(names[i], names[i + 1], k) == 0)
        return k;
    return 0;
}

/* Display width in terminal columns (wide CJK characters take two). */
static size_t width(const char *s)
{
    return utf8_width(s);
}

/* Merge X_low, X_high display cells into one: "a", "a-b", "a+", "". */
static char *merge_band(const char *lo, const char *hi)
{
    struct buf b;

    buf_init(&b, 256);
    if (!*lo && !*hi)
        buf_puts(&b, "");
    else if (!*hi)
        buf_printf(&b, "%s+", lo);
    else if (!*lo || strcmp(lo, hi) == 0)
        buf_puts(&b, *lo ? lo : hi);
    else
        buf_printf(&b, "%s-%s", lo, hi);
    return buf_detach(&b);
}

/* Text for HTML, element content or attribute value alike. */
static void html_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

void output_html_text(FILE *f, const char *s)
{
    html_escape(f, s ? s : "");
}

/* The header row: a pair X_low, X_high is one column X; underscores read as spaces. */
static void html_head(struct output *o)
{
    fputs("<table class=\"data\">\n<thead><tr>", o->f);
    for (int i = 0; i < o->ncols; i++) {
        size_t k = band_pair(o->names, o->ncols, i);
        size_t n = k ? k : strlen(o->names[i]);
        fputs("<th scope=\"col\">", o->f);
        for (size_t j = 0; j < n; j++) {
            char c = o->names[i][j];
            if (c == '_')
                fputc(' ', o->f);
            else
                html_escape(o->f, (char[]){c, '\0'});
        }
        fputs("</th>", o->f);
        if (k)
            i++;
    }
    fputs("</tr></thead>\n<tbody>\n", o->f);
}

/* A number's sort key: the value itself, as SQLite holds it. */
static int sort_key(const struct out_val *v, char *buf, size_t n)
{
    if (v->type == OV_INT)
        snprintf(buf, n, "%lld", v->i);
    else if (v->type == OV_REAL && isfinite(v->d))
        fmt_real(buf, n, v->d);
    else
        return 0;
    return 1;
}

/* One row; numbers right-aligned with their value in data-sort for the page's script. */
static int html_row(struct output *o, const struct out_val *vals)
{
    if (o->nrows == 0)
        html_head(o);
    fputs("<tr>", o->f);
    for (int i = 0; i < o->ncols; i++) {
        size_t k = band_pair(o->names, o->ncols, i);
        const struct out_val *v = &vals[i];
        int plain = plain_column(o->names[i]);
        char *shown = display(v, plain), key[64];
        int has_key =
            sort_key(v, key, sizeof(key)) || (k && sort_key(&vals[i + 1], key, sizeof(key)));

        if (!shown)
            return TRDB_ENOMEM;
        if (k) {
            char *hi = display(&vals[i + 1], plain), *m = hi ? merge_band(shown, hi) : NULL;
            free(hi);
            free(shown);
            if (!m)
                return TRDB_ENOMEM;
            shown = m;
        }
        fputs(has_key ? "<td class=\"num\"" : "<td", o->f);
        if (has_key) {
            fputs(" data-sort=\"", o->f);
            fputs(key, o->f);
            fputc('"', o->f);
        }
        fputc('>', o->f);
        if (o->link_col && v->type == OV_TEXT && strcmp(o->names[i], o->link_col) == 0 && v->s[0] &&
            strspn(v->s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == strlen(v->s) && strlen(v->s) <= 3) {
            fputs("<a href=\"", o->f);
            html_escape(o->f, o->link_prefix);
            fputs(v->s, o->f);
            html_escape(o->f, o->link_suffix);
            fputs("\">", o->f);
            html_escape(o->f, shown);
            fputs("</a>", o->f);
        } else {
            html_escape(o->f, shown);
        }
        fputs("</td>", o->f);
        free(shown);
        if (k)
            i++;
    }
    fputs("</tr>\n", o->f);
    return 0;
}

long long output_rows(const struct output *o)
{
    return o->nrows;
}

int output_html_link(struct output *o, const char *column, const char *prefix, const char *suffix)
{
    free(o->link_col);
    free(o->link_prefix);
    free(o->link_suffix);
    o->link_col = strdup(column);
    o->link_prefix = strdup(prefix);
    o->link_suffix = strdup(suffix);
    return o->link_col && o->link_prefix && o->link_suffix ? 0 : TRDB_ENOMEM;
}

static int write_table(struct output *o)
{
    int n = o->ncols, outcols = 0;
    int *src = calloc((size_t)n + 1, sizeof(int)), *band = calloc((size_t)n + 1, sizeof(int));
    char **heads = calloc((size_t)n + 1, sizeof(char *));
    size_t *w = calloc((size_t)n + 1, sizeof(size_t));
    char **merged = NULL;
    long long rows = o->nrows;
    int rc = TRDB_ENOMEM;

    if (!src || !band || !heads || !w)
        goto out;
    /* columns to show: a pair X_low, X_high becomes one column X */
    for (int i = 0; i < n; i++) {
        size_t k = band_pair(o->names, n, i);
        src[outcols] = i;
        band[outcols] = 0;
        if (k) {
            heads[outcols] = strndup(o->names[i], k);
            band[outcols] = 1;
            i++;
        } else {
            heads[outcols] = strdup(o->names[i]);
        }
        if (!heads[outcols])
            goto out;
        outcols++;
    }
    merged = calloc((size_t)(rows * outcols) + 1, sizeof(char *));
    if (!merged)
        goto out;
    for (int c = 0; c < outcols; c++)
        w[c] = width(heads[c]);
    for (long long r = 0; r < rows; r++) {
        for (int c = 0; c < outcols; c++) {
            char **cell = &o->cells[r * n + src[c]];
            char *m = band[c] ? merge_band(cell[0], cell[1]) : strdup(cell[0]);
            if (!m)
                goto out;
            merged[r * outcols + c] = m;
            if (width(m) > w[c])
                w[c] = width(m);
        }
    }
    for (int c = 0; c < outcols; c++)
        fprintf(o->f, "%s%-*s", c ? "  " : "", c + 1 < outcols ? (int)w[c] : 0, heads[c]);
    fputc('\n', o->f);
    for (int c = 0; c < outcols; c++) {
        fprintf(o->f, "%s", c ? "  " : "");
        for (size_t k = 0; k < w[c]; k++)
            fputc('-', o->f);
    }
    fputc('\n', o->f);
    for (long long r = 0; r < rows; r++) {
        for (int c = 0; c < outcols; c++) {
            const char *m = merged[r * outcols + c];
            size_t pad = w[c] - width(m);
            int num = o->is_num[src[c]] && (!band[c] || o->is_num[src[c] + 1]);
            fputs(c ? "  " : "", o->f);
            if (num)
                for (size_t k = 0; k < pad; k++)
                    fputc(' ', o->f);
            fputs(m, o->f);
            if (!num && c + 1 < outcols)
                for (size_t k = 0; k < pad; k++)
                    fputc(' ', o->f);
        }
        fputc('\n', o->f);
    }
    fprintf(o->f, "(%lld row%s)\n", rows, rows == 1 ? "" : "s");
    rc = 0;
out:
    if (merged)
        for (long long i = 0; i < rows * outcols; i++)
            free(merged[i]);
    free(merged);
    if (heads)
        for (int i = 0; i < n; i++)
            free(heads[i]);
    free(heads);
    free(src);
    free(band);
    free(w);
    return rc;
}

int output_end(struct output *o, struct trdb_err *err)
{
    int rc = 0;

    if (!o)
        return 0;
    if (o->fmt == OUT_CSV && o->nrows == 0) {
        for (int i = 0; i < o->ncols; i++) {
            struct out_val h = {OV_TEXT, 0, 0, o->names[i]};
            if (i)
                fputc(',', o->f);
            csv_cell(o, &h);
        }
        fputs("\r\n", o->f);
    } else if (o->fmt == OUT_JSON) {
        fputs(o->nrows ? "\n]\n" : "[]\n", o->f);
    } else if (o->fmt == OUT_TABLE) {
        rc = write_table(o);
        if (rc)
            trdb_err_set(err, rc, "out of memory writing the table");
    } else if (o->fmt == OUT_HTML) {
        if (o->nrows == 0) {
            html_head(o);
            fprintf(o->f, "<tr><td class=\"none\" colspan=\"%d\">none</td></tr>\n", o->ncols);
        }
        fputs("</tbody>\n</table>\n", o->f);
    }
    if (!rc && (fflush(o->f) != 0 || ferror(o->f)))
        rc = trdb_err_set(err, TRDB_EIO, "cannot write the output");
    for (size_t i = 0; i < o->ncells; i++)
        free(o->cells[i]);
    free(o->cells);
    for (int i = 0; i < o->ncols; i++)
        free(o->names[i]);
    free(o->names);
    free(o->is_num);
    free(o->link_col);
    free(o->link_prefix);
    free(o->link_suffix);
    free(o);
    return rc;
}

struct output *output_for_stmt(sqlite3_stmt *s, FILE *f, enum out_format fmt, int neutralize)
{
    int n = sqlite3_column_count(s);
    const char **names = calloc((size_t)n + 1, sizeof(*names));
    struct output *o = NULL;

    if (names) {
        for (int i = 0; i < n; i++)
            names[i] = sqlite3_column_name(s, i);
        o = output_new(f, fmt, n, names, neutralize);
    }
    free(names);
    return o;
}

int output_stmt(sqlite3_stmt *s, FILE *f, enum out_format fmt, int neutralize, struct trdb_err *err)
{
    struct output *o = output_for_stmt(s, f, fmt, neutralize);
    int rc;

    if (!o)
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    rc = output_stmt_rows(o, s, err);
    if (rc) {
        output_end(o, NULL);
        return rc;
    }
    return output_end(o, err);
}

int output_stmt_rows(struct output *o, sqlite3_stmt *s, struct trdb_err *err)
{
    int n = sqlite3_column_count(s), rc;
    struct out_val *vals = calloc((size_t)n + 1, sizeof(*vals));

    if (!vals)
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int i = 0; i < n; i++) {
            switch (sqlite3_column_type(s, i)) {
            case SQLITE_INTEGER:
                vals[i].type = OV_INT;
                vals[i].i = sqlite3_column_int64(s, i);
                break;
            case SQLITE_FLOAT:
                vals[i].type = OV_REAL;
                vals[i].d = sqlite3_column_double(s, i);
                break;
            case SQLITE_NULL:
                vals[i].type = OV_NULL;
                break;
            default:
                vals[i].type = OV_TEXT;
                vals[i].s = (const char *)sqlite3_column_text(s, i);
                if (!vals[i].s)
                    vals[i].s = "";
                break;
            }
        }
        if (output_row(o, vals)) {
            rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
            goto out;
        }
    }
    if (rc != SQLITE_DONE) {
        rc = trdb_err_set(err, TRDB_EDB, "query failed: %s", sqlite3_errmsg(sqlite3_db_handle(s)));
        goto out;
    }
    rc = 0;
out:
    free(vals);
    return rc;
}
