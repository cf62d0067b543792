/*
 * out_json.c: the JSON writer (one array of objects, one object a line)
 * and the NDJSON writer (one object a line, no array), both streaming row
 * by row; a non-finite real is null. Not for the other formats (out_table.c,
 * out_csv.c).
 */
#include "output_int.h"

#include <math.h>

#include "../lib/banned.h"

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
                fputs("\\u003c", f); /* safe to inline in a web page's script */
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
            out_fmt_real(num, sizeof(num), v->d);
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

int out_json_row(struct output *o, const struct out_val *vals)
{
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
    return 0;
}

void out_json_end(struct output *o)
{
    if (o->fmt == OUT_JSON)
        fputs(o->nrows ? "\n]\n" : "[]\n", o->f);
}
