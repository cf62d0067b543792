/*
 * out_csv.c: the RFC 4180 CSV writer: a header line, then one line per row
 * as it comes, CRLF line ends, numbers as SQLite holds them. Not for the
 * other formats (out_table.c, out_json.c).
 */
#include "output_int.h"

#include <string.h>

#include "../lib/banned.h"

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
        out_fmt_real(num, sizeof(num), v->d);
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

static void csv_header(struct output *o)
{
    for (int i = 0; i < o->ncols; i++) {
        struct out_val h = {OV_TEXT, 0, 0, o->names[i]};
        if (i)
            fputc(',', o->f);
        csv_cell(o, &h);
    }
    fputs("\r\n", o->f);
}

int out_csv_row(struct output *o, const struct out_val *vals)
{
    if (o->nrows == 0)
        csv_header(o);
    for (int i = 0; i < o->ncols; i++) {
        if (i)
            fputc(',', o->f);
        csv_cell(o, &vals[i]);
    }
    fputs("\r\n", o->f);
    return 0;
}

void out_csv_end(struct output *o)
{
    if (o->nrows == 0)
        csv_header(o);
}
